"""``reefscope projects ...``: the projects of a workspace and their settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from reefscope.cli._shared import (
    DataDir,
    DescriptionOption,
    JsonOption,
    KeptDescriptionOption,
    ProjectArgument,
    YesOption,
    confirm_delete,
    example,
    fail,
    note,
    open_workspace,
    print_json,
    public_fields,
    show,
    typer_app,
)
from reefscope.display import Column, Table, key_values, sequence_text

projects_app = typer_app(
    help="List, show, create, configure and delete projects.",
    epilog=example("reefscope projects list", "reefscope projects set voc --confidence 0.4"),
)


class Task(StrEnum):
    DETECTION = "detection"
    CLASSIFICATION = "classification"


# ---- projects ---------------------------------------------------------------------------------------


@projects_app.command("list", epilog=example("reefscope projects list", "reefscope projects list --json"))
def list_projects(ctx: typer.Context, as_json: JsonOption = False, data_dir: DataDir = None) -> None:
    """List the workspace's projects."""
    ws = open_workspace(ctx, data_dir)
    records = ws.store.list_projects()
    if as_json:
        print_json([public_fields(record) for record in records])
        return
    rows = []
    for record in records:
        datasets = ws.store.list_datasets(record.name)
        rows.append(
            {
                "name": record.name,
                "task": record.task,
                "classes": len(record.classes),
                "datasets": ", ".join(dataset.name for dataset in datasets),
                "confidence": record.confidence_threshold,
                "iou": record.iou_threshold if record.task == "detection" else None,
            }
        )
    show(
        Table(
            columns=(
                Column("name", "project"),
                Column("task", "task"),
                Column("classes", "classes", "count"),
                Column("confidence", "confidence", "number"),
                Column("iou", "IoU", "number"),
                Column("datasets", "datasets", wrap=True),
            ),
            rows=tuple(rows),
            title=f"Projects in {ws.path}",
            caption=None
            if rows
            else "No projects yet: start with `reefscope import labels` or `reefscope demo`.",
        )
    )


@projects_app.command("show", epilog=example("reefscope projects show voc"))
def show_project(
    ctx: typer.Context,
    name: ProjectArgument,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Show a project's task, classes, default thresholds and datasets."""
    ws = open_workspace(ctx, data_dir)
    record = ws.store.get_project(name)
    datasets = ws.store.list_datasets(name)
    if as_json:
        print_json({**public_fields(record), "datasets": [dataset.name for dataset in datasets]})
        return
    items: list[tuple[str, Any, Any]] = [
        ("task", record.task, "text"),
        ("classes", f"{len(record.classes)}: {sequence_text(record.class_names, limit=30)}", "text"),
        ("confidence threshold", record.confidence_threshold, "number"),
    ]
    if record.task == "detection":
        small, large = record.size_bounds
        items += [
            ("IoU threshold", record.iou_threshold, "number"),
            ("IoU convention", record.iou_convention.replace("_", "-"), "text"),
            ("object sizes", f"small <= {small:g} px <= medium <= {large:g} px <= large", "text"),
        ]
    items += [
        ("description", record.description or None, "text"),
        ("datasets", ", ".join(dataset.name for dataset in datasets) or None, "text"),
    ]
    show(key_values(f"Project {name}", items))


@projects_app.command(
    "create",
    epilog=example(
        "reefscope projects create shapes --task detection --classes circle,square,triangle",
        "reefscope projects create voc --task detection --classes voc100/classes.txt --confidence 0.4",
    ),
)
def create_project(
    ctx: typer.Context,
    name: ProjectArgument,
    task: Annotated[Task, typer.Option("--task", help="detection or classification.", show_default=False)],
    classes: Annotated[
        str,
        typer.Option(
            "--classes",
            help="A file with one class name per line, or comma-separated names.",
            show_default=False,
        ),
    ],
    confidence: Annotated[
        float, typer.Option("--confidence", min=0.0, max=1.0, help="Default confidence threshold.")
    ] = 0.5,
    iou: Annotated[float, typer.Option("--iou", min=0.0, max=1.0, help="Default IoU threshold.")] = 0.5,
    description: DescriptionOption = "",
    data_dir: DataDir = None,
) -> None:
    """Create an empty project with an ordered class list (a class's index is its position)."""
    from reefscope.cli.imports import class_list
    from reefscope.ingest.common import load_class_list

    names = class_list(classes, option="--classes")
    assert names is not None  # the option is required
    ws = open_workspace(ctx, data_dir, create=True)
    ws.create_project(
        name,
        task=task.value,
        classes=list(load_class_list(names)),
        confidence=confidence,
        iou=iou,
        description=description,
    )
    note(f"Created project {name} ({task.value}, {len(ws.project(name).classes)} classes).")


@projects_app.command("set", epilog=example("reefscope projects set voc --confidence 0.4 --iou 0.5"))
def set_project(
    ctx: typer.Context,
    name: ProjectArgument,
    confidence: Annotated[
        float | None,
        typer.Option(
            "--confidence", min=0.0, max=1.0, help="Default confidence threshold.", show_default=False
        ),
    ] = None,
    iou: Annotated[
        float | None,
        typer.Option("--iou", min=0.0, max=1.0, help="Default IoU threshold.", show_default=False),
    ] = None,
    description: KeptDescriptionOption = None,
    iou_convention: Annotated[
        str | None,
        typer.Option(
            "--iou-convention",
            help="continuous (COCO) or pixel_inclusive (+1 on widths and heights, the VOC devkit).",
            show_default=False,
        ),
    ] = None,
    small_area: Annotated[
        float | None,
        typer.Option(
            "--small-area", help="Largest box area (px) of a small object (COCO: 1024).", show_default=False
        ),
    ] = None,
    large_area: Annotated[
        float | None,
        typer.Option(
            "--large-area", help="Smallest box area (px) of a large object (COCO: 9216).", show_default=False
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Change a project's default thresholds, IoU convention, object sizes or description."""
    from reefscope.store import UNCHANGED

    options = (confidence, iou, description, iou_convention, small_area, large_area)
    if all(option is None for option in options):
        fail(
            "nothing to change: give --confidence, --iou, --iou-convention, --small-area, --large-area "
            "or --description"
        )
    ws = open_workspace(ctx, data_dir)
    ws.project(name).update(
        confidence=UNCHANGED if confidence is None else confidence,
        iou=UNCHANGED if iou is None else iou,
        description=UNCHANGED if description is None else description,
    )
    if iou_convention is not None or small_area is not None or large_area is not None:
        small, large = ws.store.get_project(name).size_bounds
        bounds = (small if small_area is None else small_area, large if large_area is None else large_area)
        ws.store.update_project(
            name,
            iou_convention=UNCHANGED if iou_convention is None else iou_convention,
            size_bounds=UNCHANGED if small_area is None and large_area is None else bounds,
        )
    record = ws.store.get_project(name)
    note(f"Project {name}: confidence {record.confidence_threshold:g}, IoU {record.iou_threshold:g}.")


@projects_app.command("delete", epilog=example("reefscope projects delete scratch --yes"))
def delete_project(
    ctx: typer.Context,
    name: ProjectArgument,
    yes: YesOption = False,
    data_dir: DataDir = None,
) -> None:
    """Delete a project with all its datasets, inference sets and segments."""
    ws = open_workspace(ctx, data_dir)
    ws.store.get_project(name)
    confirm_delete(f"project {name!r} and everything in it", yes)
    ws.delete_project(name)
    note(f"Deleted project {name}.")
