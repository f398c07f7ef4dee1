"""``reefscope doctor``: check every file of a workspace and list what is damaged."""

from __future__ import annotations

import typer

from reefscope.cli._shared import EXIT_ERROR, DataDir, JsonOption, example, note, print_json
from reefscope.cli._shared import data_dir as resolve_data_dir


def register(app: typer.Typer) -> None:
    app.command(
        "doctor",
        epilog=example("reefscope doctor", "reefscope doctor --data-dir /mnt/shared/reefscope --json"),
    )(doctor)


def doctor(ctx: typer.Context, json: JsonOption = False, data_dir: DataDir = None) -> None:
    """Check the catalog (SQLite's integrity check) and read every table it names in full.

    Prints each damaged file with what owns it and exits 2 when one is
    damaged, 0 when all are sound. Writes nothing, so it works on read-only
    workspaces. Recover by restoring the damaged file from a backup, or by
    deleting its dataset or inference set and importing it again.
    """
    from reefscope.store import workspace_path
    from reefscope.store.doctor import check_workspace

    root = workspace_path(resolve_data_dir(ctx, data_dir))
    if not (root / "catalog.sqlite").is_file():
        note(f"error: no reefscope workspace at {root}")
        raise typer.Exit(EXIT_ERROR)
    report = check_workspace(root)
    if json:
        print_json(
            {
                "workspace": str(root),
                "checked_files": report.checked_files,
                "damaged": [{"path": d.path, "owner": d.owner, "reason": d.reason} for d in report.damaged],
            }
        )
    else:
        for damage in report.damaged:
            typer.echo(f"damaged: {damage.path} ({damage.owner}): {damage.reason}")
        note(
            f"{report.checked_files} files checked, "
            + (f"{len(report.damaged)} damaged." if report.damaged else "all sound.")
        )
    if report.damaged:
        raise typer.Exit(EXIT_ERROR)
