"""Print the OpenAPI schema (``python -m reefscope.api.dump_openapi > web/openapi.json``)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings


def openapi_schema() -> dict:
    with tempfile.TemporaryDirectory() as home:
        return create_app(ApiSettings(home=Path(home), web_dist=None)).openapi()


def main() -> None:
    json.dump(openapi_schema(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
