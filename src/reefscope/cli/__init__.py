"""The ``reefscope`` command line: imports, metrics, CI checks, segments, the server and the demo.

Every command has ``--help`` with an example. Library errors (bad input,
unknown names, conflicts) are printed as one line on stderr with exit code
2; ``reefscope check`` exits 1 when a regression test fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import reefscope
from reefscope.cli import analysis, catalog, datasets, doctor, evaluate, imports, segments, server
from reefscope.cli._shared import example, typer_app

app = typer_app(
    help="See where your computer-vision models fail: confusion matrices with background, "
    "PR curves, segments and regression gates.",
    epilog=example(
        "reefscope demo",
        "reefscope import labels voc100/annotations -p voc -d val --format voc --images voc100/images",
        "reefscope metrics -p voc -d val -i detector --confidence 0.4",
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reefscope {reefscope.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Workspace directory for every command (default: $REEFSCOPE_HOME, else ~/.reefscope).",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """reefscope: see where your computer-vision models fail."""


app.add_typer(imports.app, name="import")
app.add_typer(catalog.projects_app, name="projects")
app.add_typer(datasets.datasets_app, name="datasets")
app.add_typer(datasets.inferences_app, name="inferences")
app.add_typer(segments.app, name="segment")
evaluate.register(app)
analysis.register(app)
server.register(app)
doctor.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="reefscope")


__all__ = ["app", "main"]
