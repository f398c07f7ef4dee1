"""`make bench`: every section side by side in one run, medians and speed-up ratios."""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

from benchmarks import api_bench, engine_bench, voc_bench
from benchmarks.timing import format_table


def _sections(include_coco: bool) -> list:
    sections = [engine_bench.run, voc_bench.run, api_bench.run]
    if include_coco:
        from benchmarks import coco_map

        sections.append(coco_map.run)
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--no-coco", action="store_true", help="skip the COCO mAP section (pycocotools is slow)"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args()
    rows: list[dict] = []
    for section in _sections(not args.no_coco):
        rows.extend(section())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("ratio = how many times faster than the first row of its section (the peer library)")
    print(format_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
