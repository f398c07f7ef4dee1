"""A read-only workspace (a shared, mounted copy): reads work, writes fail in one line.

Root may write files whatever their mode, so as root the workspace is mounted read-only
(a bind mount); otherwise its files lose their write bits.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import reefscope
from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.cli import app as cli
from reefscope.store import Workspace
from reefscope.store.errors import ReadOnlyError


def _snapshot(home: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(home)), p.stat().st_size) for p in home.rglob("*"))


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    reefscope.open(home).create_project("pets", task="classification", classes=["cat", "dog"])
    before = _snapshot(home)
    if os.geteuid() == 0:
        mounted = tmp_path / "mounted"
        mounted.mkdir()
        bind = subprocess.run(["mount", "--bind", str(home), str(mounted)], capture_output=True, check=False)
        if bind.returncode != 0:
            pytest.skip(f"cannot make a read-only mount here: {bind.stderr.decode().strip()}")
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True, capture_output=True)
            yield mounted
        finally:
            subprocess.run(["umount", "--lazy", str(mounted)], check=False)
    else:
        paths = [home, *home.rglob("*")]
        for path in paths:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield home
        finally:
            for path in paths:
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert _snapshot(home) == before
    shutil.rmtree(home)


def test_the_cli_reads_a_read_only_workspace_and_refuses_writes(read_only_home: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["projects", "list", "--json", "--data-dir", str(read_only_home)])
    assert listed.exit_code == 0, listed.output
    assert '"pets"' in listed.stdout
    args = [
        "projects",
        "create",
        "new",
        "--task",
        "detection",
        "--classes",
        "a,b",
        "--data-dir",
        str(read_only_home),
    ]
    created = runner.invoke(cli, args)
    assert created.exit_code == 2, created.output
    assert "read-only" in created.stderr
    assert len(created.stderr.strip().splitlines()) == 1


def test_the_package_opens_read_only_explicitly(tmp_path: Path) -> None:
    reefscope.open(tmp_path).create_project("pets", task="classification", classes=["cat"])
    workspace = Workspace(tmp_path, read_only=True)
    assert [project.name for project in workspace.list_projects()] == ["pets"]
    with pytest.raises(ReadOnlyError, match="read-only"):
        workspace.create_project("new", task="detection", classes=["a"])
    with pytest.raises(ReadOnlyError):
        workspace.delete_project("pets")
    assert [project.name for project in Workspace(tmp_path).list_projects()] == ["pets"]


def test_the_api_serves_a_read_only_workspace_and_answers_writes_with_403(tmp_path: Path) -> None:
    reefscope.open(tmp_path).create_project("pets", task="classification", classes=["cat"])
    client = TestClient(create_app(ApiSettings(home=tmp_path, web_dist=None, read_only=True)))
    assert client.get("/api/projects").json()["count"] == 1
    response = client.delete("/api/projects/pets")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
