"""The analysis views: metrics (and their CSV), comparison, examples behind cells, PR curves."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from reefscope.api import convert
from reefscope.api.csv_export import metrics_csv
from reefscope.api.deps import ServiceDep
from reefscope.api.routers.params import ClassAware, Inference, MetricClass, Segment, Size, Unit, segment_name
from reefscope.api.schemas.views import (
    CompareResponse,
    CompareSide,
    DeltaCell,
    ExamplesResponse,
    MetricsResponse,
    PrCurvesResponse,
    ThresholdLines,
)
from reefscope.engine import InvalidInputError
from reefscope.service.examples import ExampleFilter, Ordering, cells_for_filter, class_index

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}", tags=["views"])


@router.get("/metrics", response_model=MetricsResponse)
def get_metrics(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    metric_class: MetricClass = None,
    class_aware: ClassAware = False,
    coco: Annotated[bool, Query(description="Add COCO-style mAP (detection only, cached)")] = False,
    voc: Annotated[
        bool, Query(description="Add PASCAL VOC AP at the IoU threshold (detection only)")
    ] = False,
    size: Size = None,
) -> MetricsResponse:
    """Summary, per-class report and confusion matrix at the given thresholds."""
    result = service.metrics(
        project,
        dataset,
        inference,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        metric_class=metric_class,
        class_aware=class_aware,
        size=size,
    )
    response = convert.metrics(result, result.loaded.data.project)
    if coco:
        evaluation = service.coco(project, dataset, inference, segment=segment_name(segment), size=size)
        response.coco = convert.coco(evaluation, tuple(response.classes))
    if voc:
        voc_result = service.voc(
            project, dataset, inference, iou=iou, segment=segment_name(segment), size=size
        )
        response.voc = convert.voc(voc_result, tuple(response.classes))
    return response


@router.get("/metrics.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def download_metrics_csv(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    table: Annotated[Literal["report", "confusion"], Query()] = "report",
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    class_aware: ClassAware = False,
    size: Size = None,
) -> Response:
    """The classification report or the full confusion matrix as CSV.

    The last columns repeat the settings behind the numbers on every row
    (thresholds, IoU convention, object size), so a row read on its own can
    be traced to how it was computed.
    """
    result = service.metrics(
        project,
        dataset,
        inference,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        class_aware=class_aware,
        size=size,
    )
    filename = f"{project}_{dataset}_{inference}_{table}.csv"
    return Response(
        metrics_csv(result, table),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/metrics/compare", response_model=CompareResponse)
def compare_metrics(
    project: str,
    dataset: str,
    service: ServiceDep,
    first: Annotated[str, Query(description="First inference set (the baseline)")],
    second: Annotated[str, Query(description="Second inference set")],
    first_confidence: Unit = None,
    first_iou: Unit = None,
    second_confidence: Unit = None,
    second_iou: Unit = None,
    segment: Segment = None,
    metric_class: MetricClass = None,
    class_aware: ClassAware = False,
    size: Size = None,
) -> CompareResponse:
    """Both summaries and the delta matrix ``second - first``, each side at its own thresholds."""
    sides = [
        service.thresholds(project, confidence=first_confidence, iou=first_iou),
        service.thresholds(project, confidence=second_confidence, iou=second_iou),
    ]
    comparison = service.compare(
        project,
        dataset,
        (first, sides[0]),
        (second, sides[1]),
        segment=segment_name(segment),
        metric_class=metric_class,
        class_aware=class_aware,
        size=size,
    )
    a, b = comparison.first, comparison.second
    labels = list(a.confusion.labels)
    response = CompareResponse(
        classes=list(a.confusion.classes),
        labels=labels,
        first=CompareSide(
            settings=convert.settings(a), summary=convert.summary(a), report=convert.report(a.report)
        ),
        second=CompareSide(
            settings=convert.settings(b), summary=convert.summary(b), report=convert.report(b.report)
        ),
        layout="dense" if a.confusion.n_classes <= convert.DENSE_LIMIT else "sparse",
    )
    delta = comparison.delta
    if response.layout == "dense":
        response.first_counts = a.confusion.counts.tolist()
        response.second_counts = b.confusion.counts.tolist()
        response.delta = delta.tolist()
    else:
        either = (a.confusion.counts > 0) | (b.confusion.counts > 0)
        gts, preds = either.nonzero()
        response.cells = sorted(
            (
                DeltaCell(
                    gt=labels[g],
                    pred=labels[p],
                    first=int(a.confusion.counts[g, p]),
                    second=int(b.confusion.counts[g, p]),
                    delta=int(delta[g, p]),
                )
                for g, p in zip(gts.tolist(), preds.tolist(), strict=True)
            ),
            key=lambda cell: (-abs(cell.delta), -max(cell.first, cell.second), cell.gt, cell.pred),
        )
    return response


@router.get("/examples", response_model=ExamplesResponse)
def list_examples(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    cell: Annotated[
        list[str] | None,
        Query(description="Cells as 'gt|predicted' class names ('background' allowed); repeatable"),
    ] = None,
    filter: Annotated[
        ExampleFilter | None,
        Query(
            description="fn, fp, confused_as or confused_from (with filter_class), agreements (the diagonal) "
            "or disagreements (confusions and false positives)"
        ),
    ] = None,
    filter_class: Annotated[
        str | None, Query(description="The class X of confused_as / confused_from")
    ] = None,
    order_by: Ordering = "confidence",
    descending: bool = True,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    class_aware: ClassAware = False,
    size: Size = None,
) -> ExamplesResponse:
    """The items behind confusion cells or a filter, ordered and paginated."""
    classes = service.workspace.get_project(project).class_names
    cells: list[tuple[int, int]] = []
    # Class errors name the query parameter they came from, not the service's argument.
    for text in cell or []:
        gt, separator, predicted = text.partition("|")
        if not separator:
            raise InvalidInputError(f"expected a cell as 'gt|predicted' but got {text!r}", field="cell")
        try:
            cells.append((class_index(classes, gt), class_index(classes, predicted)))
        except InvalidInputError as error:
            raise InvalidInputError(f"{error.detail} in cell {text!r}", field="cell") from None
    if filter is not None:
        try:
            cells.extend(cells_for_filter(classes, filter, filter_class))
        except InvalidInputError as error:
            raise InvalidInputError(error.detail, field="filter_class") from None
    if not cells:
        raise InvalidInputError("give at least one `cell` or a `filter`", field="cell")
    page = service.examples(
        project,
        dataset,
        inference,
        cells,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        class_aware=class_aware,
        order_by=order_by,
        descending=descending,
        offset=offset,
        limit=limit,
        size=size,
    )
    return convert.examples(page, page.data)


@router.get("/pr-curves", response_model=PrCurvesResponse)
def get_pr_curves(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    iou: Unit = None,
    segment: Segment = None,
    class_aware: ClassAware = False,
    size: Size = None,
) -> PrCurvesResponse:
    """Precision, recall and F1 over confidences 0.00..1.00 per class and aggregated."""
    curves = service.pr_curves(
        project,
        dataset,
        inference,
        iou=iou,
        segment=segment_name(segment),
        class_aware=class_aware,
        size=size,
    )
    per_class, aggregates = convert.curves(curves)
    lines = [
        ThresholdLines(
            segment=record.name,
            kind=record.kind,
            precision=record.precision,
            recall=record.recall,
            f1=record.f1,
        )
        for record in service.list_segments(project, dataset)
        if record.thresholds
    ]
    return PrCurvesResponse(
        inference_set=inference,
        iou=curves.iou_threshold,
        segment=segment_name(segment),
        classes=per_class,
        aggregates=aggregates,
        thresholds=lines,
    )
