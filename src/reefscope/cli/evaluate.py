"""``reefscope metrics|check|compare|examples|curves``: evaluations for people (``check``, the CI
gate, lives in :mod:`reefscope.cli.gate`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reefscope.cli import gate
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
    fail,
    note,
    open_inference_set,
    open_workspace,
    print_json,
    show,
)
from reefscope.cli.analysis import ThresholdsFileOption, read_thresholds
from reefscope.store.records import SIZE_NAMES, SizeName

ClassAwareOption = Annotated[
    bool, typer.Option("--class-aware", help="Only match boxes of the same class (pycocotools' rule).")
]


class Ordering(StrEnum):
    CONFIDENCE = "confidence"
    IOU = "iou"
    BOX_SIZE = "box_size"


class Filter(StrEnum):
    FN = "fn"
    FP = "fp"
    CONFUSED_AS = "confused_as"
    CONFUSED_FROM = "confused_from"


def register(app: typer.Typer) -> None:
    """Add the evaluation commands to the root app."""
    app.command(
        "metrics",
        epilog=example(
            "reefscope metrics --project voc --dataset val --inferences detector --confidence 0.4",
            "reefscope metrics -p voc -d val -i detector --segment people --class person --json",
            "reefscope metrics -p coco -d val2017-sample -i detector --coco",
        ),
    )(metrics)
    app.command(
        "check",
        epilog=example(
            "reefscope check --project voc --dataset val --inferences detector --junit report.xml",
        ),
    )(gate.check)
    app.command(
        "compare",
        epilog=example(
            "reefscope compare -p digits -d all --inferences logistic --against mlp --segment test",
        ),
    )(compare)
    app.command(
        "examples",
        epilog=example(
            "reefscope examples -p voc -d val -i detector --filter fp --limit 20",
            "reefscope examples -p voc -d val -i detector --cell person background --order-by box_size",
        ),
    )(examples)
    app.command(
        "curves",
        epilog=example("reefscope curves -p voc -d val -i detector --iou 0.5 --json > curves.json"),
    )(curves)


def metrics(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    segment: SegmentOption = None,
    metric_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="Headline metrics of this class instead of the weighted average.",
            show_default=False,
        ),
    ] = None,
    class_aware: ClassAwareOption = False,
    as_json: JsonOption = False,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Also write the classification report to this CSV file.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    matrix: Annotated[
        bool | None,
        typer.Option(
            "--matrix/--top-confusions",
            help="Print the full matrix, or the sorted error cells (default: the matrix up to 25 classes).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Cells in the top-confusions list.")] = 30,
    coco: Annotated[
        bool, typer.Option("--coco", help="Also compute COCO-style box mAP (identical to pycocotools).")
    ] = False,
    thresholds: ThresholdsFileOption = None,
    voc: Annotated[
        bool, typer.Option("--voc", help="Also compute PASCAL VOC AP (11-point and all-point) at --iou.")
    ] = False,
    size: Annotated[
        str | None,
        typer.Option(
            "--size",
            help="Only objects of this size: small, medium or large (the project's box-area ranges).",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Summary, classification report and confusion matrix (background last) of an inference set.

    Precision, recall and F1 of a class are undefined (shown as "—", null in
    JSON) when their denominator is zero. The headline is the support-weighted
    average unless --class is given. Beyond 25 classes the matrix is shown as
    its largest error cells (use --matrix for the full, wrapped matrix).
    """
    from reefscope.display import confusion_view
    from reefscope.service.reports import report_csv
    from reefscope.views import report_table, summary_table

    ws = open_workspace(ctx, data_dir)
    handle = ws.project(project).dataset(dataset).inference_set(inferences)
    size_name = _size(size)
    per_class = read_thresholds(thresholds)
    if per_class is None:
        result = handle.metrics(
            confidence=confidence,
            iou=iou,
            segment=segment,
            metric_class=metric_class,
            class_aware=class_aware,
            size=size_name,
        )
    else:
        from reefscope.views import Metrics

        result = Metrics(
            ws.service.metrics(
                project,
                dataset,
                inferences,
                confidence=confidence,
                iou=iou,
                segment=segment,
                metric_class=metric_class,
                class_aware=class_aware,
                class_confidence=per_class,
                size=size_name,
            )
        )
    coco_result = handle.coco(segment=segment, size=size_name) if coco else None
    voc_result = handle.voc(iou=iou, segment=segment, size=size_name) if voc else None
    if csv is not None:
        csv.write_text(report_csv(result.confusion.report, settings=result.settings), encoding="utf-8")
    if as_json:
        payload = result.to_dict()
        if coco_result is not None:
            payload["coco"] = coco_result.to_dict()
        if voc_result is not None:
            payload["voc"] = voc_result.to_dict()
        print_json(payload)
        return
    show(
        summary_table(result.settings, result.summary),
        report_table(result.confusion.report),
        confusion_view(result.confusion, matrix=matrix, limit=top),
        *([] if coco_result is None else [coco_result.summary(), coco_result.per_class()]),
        *([] if voc_result is None else [voc_result.summary(), voc_result.per_class()]),
    )
    if csv is not None:
        note(f"Wrote the classification report to {csv}.")


def compare(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: Annotated[
        str, typer.Option("--inferences", "-i", help="First (baseline) inference set.", show_default=False)
    ],
    against: Annotated[
        str, typer.Option("--against", "-a", help="Second inference set.", show_default=False)
    ],
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    against_confidence: Annotated[
        float | None,
        typer.Option(
            "--against-confidence",
            min=0.0,
            max=1.0,
            help="Confidence of the second set (default: --confidence).",
            show_default=False,
        ),
    ] = None,
    against_iou: Annotated[
        float | None,
        typer.Option(
            "--against-iou",
            min=0.0,
            max=1.0,
            help="IoU of the second set (default: --iou).",
            show_default=False,
        ),
    ] = None,
    segment: SegmentOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Changed cells to list.")] = 20,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Compare two inference sets cell by cell: delta = second - first.

    On the diagonal an increase is better; off the diagonal (errors) a
    decrease is better.
    """
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    comparison = handle.compare(
        against,
        confidence=confidence,
        iou=iou,
        other_confidence=against_confidence,
        other_iou=against_iou,
        segment=segment,
    )
    if as_json:
        print_json(comparison.to_dict())
        return
    show(comparison.summary(), comparison.changes(limit=top))


def examples(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    cell: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--cell",
            help="A cell: ground-truth class then predicted class ('background' allowed).",
            show_default=False,
        ),
    ] = None,
    filter: Annotated[
        Filter | None,
        typer.Option("--filter", help="fn, fp, confused_as or confused_from.", show_default=False),
    ] = None,
    class_name: Annotated[
        str | None,
        typer.Option("--class", help="The class of confused_as / confused_from.", show_default=False),
    ] = None,
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    segment: SegmentOption = None,
    order_by: Annotated[
        Ordering, typer.Option("--order-by", help="confidence, iou or box_size.")
    ] = Ordering.CONFIDENCE,
    ascending: Annotated[bool, typer.Option("--ascending", help="Smallest first.")] = False,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many items.")] = 0,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Items to list.")] = 50,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """List the items behind confusion cells (matched pairs, missed labels, false detections)."""
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    page = handle.examples(
        cell=cell,
        filter=None if filter is None else filter.value,
        class_name=class_name,
        confidence=confidence,
        iou=iou,
        segment=segment,
        order_by=order_by.value,
        descending=not ascending,
        offset=offset,
        limit=limit,
    )
    if as_json:
        print_json(page.to_dict())
        return
    show(page)


def curves(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    iou: IouOption = None,
    segment: SegmentOption = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """PR curves (per class, weighted and micro) over confidences 0.00, 0.01, ..., 1.00.

    Without --json prints the weighted curve at every tenth of confidence.
    """
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    result = handle.pr_curves(iou=iou, segment=segment)
    if as_json:
        print_json(result.to_dict())
        return
    from reefscope.display import Column, Table

    precision, recall, f1 = result.raw.weighted()
    rows = tuple(
        {"confidence": float(c), "precision": float(p), "recall": float(r), "f1": float(f)}
        for c, p, r, f in zip(result.confidences, precision, recall, f1, strict=True)
        if round(float(c) * 100) % 10 == 0
    )
    show(
        Table(
            columns=(
                Column("confidence", "confidence", "number"),
                Column("precision", "precision", "score"),
                Column("recall", "recall", "score"),
                Column("f1", "f1", "score"),
            ),
            rows=rows,
            title="Weighted PR curve",
        )
    )


def _size(size: str | None) -> SizeName | None:
    if size is not None and size not in SIZE_NAMES:
        fail(f"--size: expected one of {', '.join(SIZE_NAMES)} but got {size!r}")
    return size  # type: ignore[return-value]
