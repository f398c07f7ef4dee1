"""A loopback server answers only requests addressed to loopback (DNS rebinding guard)."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.store import InvalidInputError, Workspace
from reefscope.store.names import check_segment_name


def test_foreign_host_headers_are_refused(tmp_path: Path) -> None:
    app = create_app(ApiSettings(home=tmp_path, web_dist=None, allowed_hosts=["127.0.0.1", "localhost"]))
    local = TestClient(app, base_url="http://127.0.0.1:8000")
    assert local.get("/api/health").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example:8000")
    assert rebound.get("/api/projects").status_code == 400


@pytest.mark.parametrize("name", [".", ".."])
def test_dot_segment_names_are_refused_by_the_store(tmp_path: Path, name: str) -> None:
    workspace = Workspace(tmp_path)
    workspace.create_project("p", task="classification", classes=["a"])
    with pytest.raises(InvalidInputError, match="cannot name a segment"):
        check_segment_name(name)
