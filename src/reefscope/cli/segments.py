"""``reefscope segment ...``: named sets of frames (splits, regression tests, scenarios) with thresholds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from reefscope.cli._shared import (
    ConfidenceOption,
    DataDir,
    DatasetOption,
    DescriptionOption,
    InferencesOption,
    IouOption,
    JsonOption,
    ProjectOption,
    example,
    fail,
    note,
    open_dataset,
    open_inference_set,
    open_workspace,
    parse_threshold,
    print_json,
    public_fields,
    read_id_file,
    show,
    typer_app,
)
from reefscope.display import Column, Table, format_value, key_values, sequence_text

app = typer_app(
    help="Create, list, show, re-threshold and delete segments; score them.",
    epilog=example(
        "reefscope segment create night -p drive -d val --where \"time_of_day == 'night'\" --kind scenario",
        "reefscope segment list -p drive -d val",
    ),
)

NameArgument = Annotated[
    str, typer.Argument(help="Segment name (free text; quote it if it has spaces).", show_default=False)
]


_SHORT_KINDS = {"split": "split", "regression_test": "regression", "scenario": "scenario"}


class Kind(StrEnum):
    SPLIT = "split"
    REGRESSION_TEST = "regression_test"
    SCENARIO = "scenario"


def _threshold_option(metric: str) -> Any:
    return typer.Option(
        f"--{metric}", help=f"Target {metric} in [0, 1] ('none' unsets it).", show_default=False
    )


PrecisionOption = Annotated[str | None, _threshold_option("precision")]
RecallOption = Annotated[str | None, _threshold_option("recall")]
F1Option = Annotated[str | None, _threshold_option("f1")]


def _thresholds(precision: str | None, recall: str | None, f1: str | None) -> dict[str, Any]:
    return {
        "precision": parse_threshold(precision, name="precision"),
        "recall": parse_threshold(recall, name="recall"),
        "f1": parse_threshold(f1, name="f1"),
    }


def _segment_json(record: Any, frames: list[str] | None = None) -> dict[str, Any]:
    data = public_fields(record)
    if frames is not None:
        data["frames"] = frames
    return data


@app.command(
    "create",
    epilog=example(
        "reefscope segment create night --project drive --dataset val --where \"time_of_day == 'night'\"",
        "reefscope segment create people -p voc -d val --frames people.txt --kind regression_test "
        "--precision 0.5 --recall 0.8",
    ),
)
def create(
    ctx: typer.Context,
    name: NameArgument,
    project: ProjectOption,
    dataset: DatasetOption,
    where: Annotated[
        str | None,
        typer.Option(
            "--where",
            "-w",
            help="Metadata query, e.g. \"time_of_day == 'night' and speed > 3\".",
            show_default=False,
        ),
    ] = None,
    frames: Annotated[
        Path | None,
        typer.Option(
            "--frames",
            help="File of frame ids, one per line ('-' reads stdin).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    kind: Annotated[
        Kind, typer.Option("--kind", "-k", help="split, regression_test or scenario.")
    ] = Kind.SCENARIO,
    description: DescriptionOption = "",
    precision: PrecisionOption = None,
    recall: RecallOption = None,
    f1: F1Option = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Create a segment from a metadata query (--where) or a file of frame ids (--frames).

    The query language: `==, !=, <, <=, >, >=`, `in [...]`, `not in [...]`,
    `and`, `or`, `not` and parentheses over metadata keys and `frame_id`. It
    is parsed, never run as code. The frames are fixed when the segment is made.
    """
    if (where is None) == (frames is None):
        fail("give exactly one of --where and --frames")
    thresholds = {
        key: (None if not isinstance(value, float) else value)
        for key, value in _thresholds(precision, recall, f1).items()
    }
    handle = open_dataset(ctx, data_dir, project, dataset)
    record = handle.create_segment(
        name,
        frames=None if frames is None else read_id_file(frames, known=set(handle.frame_ids())),
        where=where,
        kind=kind.value,
        description=description,
        **thresholds,
    )
    if as_json:
        print_json(_segment_json(record))
        return
    if record.frame_count == 0:
        note(f"warning: segment {name!r} has no frames.")
    note(f"Created {record.kind} {name!r} in {project}/{dataset}: {record.frame_count} frames.")


@app.command("list", epilog=example("reefscope segment list --project voc --dataset val"))
def list_segments(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    kind: Annotated[
        Kind | None, typer.Option("--kind", "-k", help="Only this kind.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """List a dataset's segments with their thresholds (splits first; All Frames is implicit)."""
    ws = open_workspace(ctx, data_dir)
    records = ws.store.list_segments(project, dataset, kind=None if kind is None else kind.value)
    if as_json:
        print_json([_segment_json(record) for record in records])
        return
    rows = tuple(
        {
            "name": record.name,
            "kind": _SHORT_KINDS[record.kind],
            "frames": record.frame_count,
            "precision": record.precision,
            "recall": record.recall,
            "f1": record.f1,
            "description": record.description,
        }
        for record in records
    )
    show(
        Table(
            columns=(
                Column("name", "segment"),
                Column("kind", "kind"),
                Column("frames", "frames", "count"),
                Column("precision", "precision ≥", "score"),
                Column("recall", "recall ≥", "score"),
                Column("f1", "f1 ≥", "score"),
                Column("description", "description", wrap=True),
            ),
            rows=rows,
            title=f"Segments of {project}/{dataset}",
            caption=None if rows else "No segments yet: reefscope segment create --help",
        )
    )


@app.command("show", epilog=example("reefscope segment show people --project voc --dataset val"))
def show_segment(
    ctx: typer.Context,
    name: NameArgument,
    project: ProjectOption,
    dataset: DatasetOption,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Show a segment: kind, thresholds, description, metadata and frames."""
    handle = open_dataset(ctx, data_dir, project, dataset)
    record = handle.segment(name)
    frames = handle.segment_frames(name)
    if as_json:
        print_json(_segment_json(record, frames))
        return
    items: list[tuple[str, Any, Any]] = [
        ("kind", record.kind, "text"),
        ("description", record.description or None, "text"),
        ("frames", f"{record.frame_count}: {sequence_text(frames)}" if frames else 0, "text"),
    ]
    for metric in ("precision", "recall", "f1"):
        items.append((f"{metric} threshold", getattr(record, metric), "score"))
    for key, value in record.metadata.items():
        items.append((f"metadata: {key}", format_value(value, "text"), "text"))
    show(key_values(f"Segment {name!r} of {project}/{dataset}", items))


@app.command(
    "set-thresholds",
    epilog=example(
        "reefscope segment set-thresholds people -p voc -d val --precision 0.6 --recall 0.8 --f1 none"
    ),
)
def set_thresholds(
    ctx: typer.Context,
    name: NameArgument,
    project: ProjectOption,
    dataset: DatasetOption,
    precision: PrecisionOption = None,
    recall: RecallOption = None,
    f1: F1Option = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", "-k", help="Also change the kind.", show_default=False)
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Set or unset a segment's precision / recall / F1 targets (options left out keep their value)."""
    from reefscope.store import UNCHANGED

    changes = _thresholds(precision, recall, f1)
    if all(value is UNCHANGED for value in changes.values()) and kind is None:
        fail("nothing to change: give --precision, --recall, --f1 (a number or 'none') or --kind")
    record = open_dataset(ctx, data_dir, project, dataset).update_segment(
        name, kind=UNCHANGED if kind is None else kind.value, **changes
    )
    targets = (
        ", ".join(f"{metric} ≥ {value:g}" for metric, value in record.thresholds.items()) or "no thresholds"
    )
    note(f"Segment {name!r}: {targets}.")


@app.command("delete", epilog=example("reefscope segment delete people --project voc --dataset val"))
def delete(
    ctx: typer.Context,
    name: NameArgument,
    project: ProjectOption,
    dataset: DatasetOption,
    data_dir: DataDir = None,
) -> None:
    """Delete a segment (its frames and inference sets are untouched)."""
    open_dataset(ctx, data_dir, project, dataset).delete_segment(name)
    note(f"Deleted segment {name!r} of {project}/{dataset}.")


@app.command("scores", epilog=example("reefscope segment scores -p digits -d all -i mlp"))
def scores(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Score every segment (All Frames first) against its thresholds for one inference set."""
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    result = handle.segment_scores(confidence=confidence, iou=iou)
    if as_json:
        print_json(result.to_dict())
        return
    show(result)
