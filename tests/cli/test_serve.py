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


def test_serve_warns_when_exposed(runner: CliRunner, demo_home: Path, served: list) -> None:
    result = runner.invoke(app, ["--data-dir", str(demo_home), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert served[0]["host"] == "0.0.0.0"
    assert "REEFSCOPE_API_KEY" in result.stderr


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
