"""``reefscope errors`` and ``reefscope thresholds recommend``, and the thresholds file format.

A thresholds file is JSON: ``{"objective": "f1", "iou": 0.5, "thresholds": {"cat": 0.41, ...}}``;
classes it does not name keep the global confidence threshold.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from reefscope.cli._shared import (
    ConfidenceOption,
    DataDir,
    DatasetOption,
    InferencesOption,
    IouOption,
    JsonOption,
    ProjectOption,
    SegmentOption,
    example,
    note,
    open_workspace,
    print_json,
    show,
    typer_app,
)
from reefscope.engine import InvalidInputError

ThresholdsFileOption = Annotated[
    Path | None,
    typer.Option(
        "--thresholds",
        help="Per-class confidence thresholds (a JSON file from `reefscope thresholds recommend`).",
        show_default=False,
        dir_okay=False,
    ),
]

thresholds_app = typer_app(
    help="Per-class confidence thresholds: recommend them from the PR sweep.",
    epilog=example(
        "reefscope thresholds recommend -p voc -d val -i detector --objective f1 --out thresholds.json",
    ),
)


def read_thresholds(path: Path | None) -> dict[str, float] | None:
    """The ``thresholds`` mapping of a thresholds file, validated (``None`` without a file)."""
    if path is None:
        return None
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError("no such file", source=source) from None
    except (OSError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"not a JSON thresholds file ({error})", source=source) from None
    mapping = data.get("thresholds") if isinstance(data, dict) else None
    if not isinstance(mapping, dict):
        raise InvalidInputError(
            "expected an object with a 'thresholds' object", source=source, field="thresholds"
        )
    out: dict[str, float] = {}
    for name, value in mapping.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not (0.0 <= value <= 1.0):
            raise InvalidInputError(
                f"expected a number in [0, 1] for class {name!r} but got {value!r}",
                source=source,
                field="thresholds",
            )
        out[str(name)] = float(value)
    return out


def register(app: typer.Typer) -> None:
    app.command(
        "errors",
        epilog=example(
            "reefscope errors -p voc -d val -i detector --confidence 0.4",
            "reefscope errors -p coco -d val2017-sample -i detector --coco --json",
        ),
    )(errors)
    thresholds_app.command(
        "recommend",
        epilog=example(
            "reefscope thresholds recommend -p voc -d val -i detector --objective f1 --out thresholds.json",
            "reefscope thresholds recommend -p voc -d val -i detector --objective 'precision>=0.9'",
        ),
    )(recommend)
    app.add_typer(thresholds_app, name="thresholds")


def errors(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    segment: SegmentOption = None,
    metric_class: Annotated[
        str | None, typer.Option("--class", help="Gains of this class's metrics.", show_default=False)
    ] = None,
    background_iou: Annotated[
        float, typer.Option("--background-iou", min=0.0, max=1.0, help="Below this IoU a box is background.")
    ] = 0.1,
    thresholds: ThresholdsFileOption = None,
    coco: Annotated[bool, typer.Option("--coco", help="Also the COCO AP gain of fixing each type.")] = False,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Why the model fails: every error typed as TIDE does, and what fixing each type would gain.

    Types: classification (right place, wrong class), localization (right
    class, IoU between --background-iou and the IoU threshold), both,
    duplicate, background and missed. A gain is the headline metric with
    every error of the type corrected, minus the metric now.
    """
    from reefscope.display import Column, Table
    from reefscope.service.analysis import error_analysis

    ws = open_workspace(ctx, data_dir)
    analysis = error_analysis(
        ws.service,
        project,
        dataset,
        inferences,
        coco=coco,
        metric_class=metric_class,
        confidence=confidence,
        iou=iou,
        segment=segment,
        background_iou=background_iou,
        class_confidence=read_thresholds(thresholds),
    )
    if as_json:
        print_json(asdict(analysis))
        return
    columns = [
        Column("error_type", "error type"),
        Column("count", "count", "count"),
        Column("precision_gain", "+precision", "score"),
        Column("recall_gain", "+recall", "score"),
        Column("f1_gain", "+F1", "score"),
    ]
    if coco:
        columns += [Column("ap_gain", "+AP", "score"), Column("ap50_gain", "+AP50", "score")]
    rows = tuple(asdict(t) for t in analysis.types)
    show(Table(columns=tuple(columns), rows=rows, title="Errors by type, and the gain of fixing each"))


def recommend(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    objective: Annotated[str, typer.Option("--objective", help="f1, 'precision>=X' or 'recall>=X'.")] = "f1",
    iou: IouOption = None,
    segment: SegmentOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the thresholds file here.", show_default=False, dir_okay=False),
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Per class, the confidence threshold that best meets an objective on the PR sweep.

    f1 takes the grid confidence of largest F1; precision>=X the one of
    largest recall among those with precision at least X (recall>=X alike).
    Use the file with --thresholds on metrics, errors and check.
    """
    from reefscope.display import Column, Table
    from reefscope.service.analysis import recommend as recommend_for

    ws = open_workspace(ctx, data_dir)
    result = recommend_for(
        ws.service, project, dataset, inferences, objective=objective, iou=iou, segment=segment
    )
    t = ws.service.thresholds(project, iou=iou).iou
    payload: dict[str, Any] = {
        "objective": str(result.objective),
        "iou": t,
        "thresholds": result.as_mapping(),
        "classes": [asdict(row) for row in result.rows()],
    }
    if out is not None:
        out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if as_json:
        print_json(payload)
    else:
        show(
            Table(
                columns=(
                    Column("name", "class"),
                    Column("threshold", "threshold", "number"),
                    Column("precision", "precision", "score"),
                    Column("recall", "recall", "score"),
                    Column("f1", "f1", "score"),
                ),
                rows=tuple(asdict(row) for row in result.rows()),
                title=f"Recommended thresholds ({result.objective})",
            )
        )
    if out is not None:
        note(f"Wrote {len(payload['thresholds'])} thresholds to {out}.")
