"""``reefscope serve`` and ``reefscope demo``: the server factory is called with the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import reefscope
from reefscope.cli import app


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace uvicorn.run: record what would have been served."""
    import uvicorn

    calls: list[dict[str, Any]] = []

    def fake_run(application: Any, *, host: str, port: int) -> None:
        calls.append({"app": application, "host": host, "port": port})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_builds_the_app_on_the_workspace(runner: CliRunner, demo_home: Path, served: list) -> None:
    result = runner.invoke(app, ["serve", "--data-dir", str(demo_home), "--port", "8123"])
    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert call["app"].state.settings.home == demo_home
    assert "warning" not in result.stderr


def test_an_exposed_bind_without_a_key_refuses_to_start(
    runner: CliRunner, demo_home: Path, served: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REEFSCOPE_API_KEY", raising=False)
    result = runner.invoke(app, ["--data-dir", str(demo_home), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "REEFSCOPE_API_KEY" in result.stderr and "--read-only" in result.stderr
    assert served == []


def test_an_exposed_wildcard_bind_needs_allowed_hosts(
    runner: CliRunner, demo_home: Path, served: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REEFSCOPE_API_KEY", "s3cret")
    result = runner.invoke(app, ["--data-dir", str(demo_home), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--allowed-host" in result.stderr
    assert served == []


def test_an_exposed_server_keeps_the_host_check(
    runner: CliRunner, demo_home: Path, served: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    monkeypatch.setenv("REEFSCOPE_API_KEY", "s3cret")
    args = ["--data-dir", str(demo_home), "serve", "--host", "0.0.0.0", "--allowed-host", "reefs.example"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    served_app = served[0]["app"]
    assert served_app.state.settings.api_key == "s3cret"
    assert TestClient(served_app, base_url="http://reefs.example").get("/api/projects").status_code == 200
    assert TestClient(served_app, base_url="http://rebound.example").get("/api/projects").status_code == 400
    write = TestClient(served_app, base_url="http://reefs.example").delete("/api/projects/voc")
    assert write.status_code == 401


def test_an_exposed_read_only_server_starts_and_refuses_writes(
    runner: CliRunner, demo_home: Path, served: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    monkeypatch.delenv("REEFSCOPE_API_KEY", raising=False)
    args = ["--data-dir", str(demo_home), "serve", "--host", "10.1.2.3", "--read-only"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "read-only" in result.stderr
    client = TestClient(served[0]["app"], base_url="http://10.1.2.3:8000")
    assert client.get("/api/projects").status_code == 200
    response = client.delete("/api/projects/voc")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_serve_without_the_api_is_a_clear_error(
    runner: CliRunner, demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_api(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("reefscope.api"):
            raise ImportError("No module named 'reefscope.api.app'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_api)
    result = runner.invoke(app, ["serve", "--data-dir", str(demo_home)])
    assert result.exit_code == 2
    assert "web server is not available" in result.stderr


def test_demo_builds_once_and_serves(runner: CliRunner, tmp_path: Path, served: list) -> None:
    home = tmp_path / "demo"
    first = runner.invoke(app, ["demo", "--data-dir", str(home), "--only", "voc", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Built demo projects: voc" in first.stderr
    assert served == []
    assert [project.name for project in reefscope.open(home).projects] == ["voc"]

    again = runner.invoke(app, ["demo", "--data-dir", str(home), "--only", "voc"])
    assert again.exit_code == 0, again.output
    assert "already built" in again.stderr
    assert served[0]["app"].state.settings.home == home


def test_demo_never_touches_a_project_that_is_not_its_own(runner: CliRunner, tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path)
    ws.create_project("voc", task="detection", classes=["mine"])
    result = runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--only", "voc", "--no-serve"])
    assert result.exit_code == 2
    assert "not a demo project" in result.stderr
    assert ws.project("voc").classes == ("mine",)
