"""Every command has --help with an example (DESIGN 5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from reefscope.cli import app


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every command and group of the app, as argument paths from the root."""
    root = typer.main.get_command(app)

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, child in sorted(getattr(command, "commands", {}).items()):
            yield from walk(child, (*path, name))

    yield from walk(root, ())


ALL_COMMANDS = list(command_paths())


def test_the_walk_finds_every_documented_command() -> None:
    names = {" ".join(path) for path in ALL_COMMANDS}
    expected = {
        "import labels",
        "import inferences",
        "import embeddings",
        "import metadata",
        "import custom-metrics",
        "projects list",
        "datasets list",
        "inferences list",
        "metrics",
        "check",
        "segment create",
        "segment list",
        "segment show",
        "segment set-thresholds",
        "segment delete",
        "serve",
        "demo",
        "doctor",
    }
    assert expected <= names


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "reefscope")
def test_help_works_and_shows_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    assert "reefscope" in example


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("reefscope ")


def test_an_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["metrics", "--no-such-option"])
    assert result.exit_code == 2
