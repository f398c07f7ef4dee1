"""Why a model fails (error types), which thresholds to ship, and how sure the numbers are."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from reefscope.api import convert
from reefscope.api.deps import ServiceDep
from reefscope.api.routers.params import Inference, MetricClass, Segment, Unit, segment_name
from reefscope.api.schemas.analysis import (
    ClassThresholdPublic,
    ErrorsResponse,
    ErrorTypeName,
    ErrorTypePublic,
    IntervalsResponse,
    MetricIntervalsPublic,
    RecommendedThresholdsResponse,
)
from reefscope.api.schemas.views import ExamplesResponse, Ordering
from reefscope.engine.bootstrap import MetricIntervals
from reefscope.service import analysis

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}", tags=["analysis"])

BackgroundIou = Annotated[float, Query(ge=0.0, le=1.0, description="Below this IoU a box is background")]


@router.get("/errors", response_model=ErrorsResponse)
def get_errors(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    metric_class: MetricClass = None,
    class_aware: bool = False,
    background_iou: BackgroundIou = 0.1,
    coco: bool = False,
) -> ErrorsResponse:
    """Errors by TIDE-style type, per class, and the headline gain of fixing each type."""
    result = analysis.error_analysis(
        service,
        project,
        dataset,
        inference,
        coco=coco,
        metric_class=metric_class,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        class_aware=class_aware,
        background_iou=background_iou,
    )
    return ErrorsResponse(
        confidence=result.settings.confidence,
        iou=result.settings.iou,
        background_iou=result.background_iou,
        types=[ErrorTypePublic(**asdict(t)) for t in result.types],
        ap=result.ap,
        ap50=result.ap50,
    )


@router.get("/errors/examples", response_model=ExamplesResponse)
def list_error_examples(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    error_type: ErrorTypeName,
    error_class: Annotated[str | None, Query(description="Only errors counted under this class")] = None,
    order_by: Ordering = "confidence",
    descending: bool = True,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    class_aware: bool = False,
    background_iou: BackgroundIou = 0.1,
) -> ExamplesResponse:
    """The examples behind one error type (a false positive shows the label it points at)."""
    page = analysis.error_examples(
        service,
        project,
        dataset,
        inference,
        error_type,
        class_name=error_class,
        order_by=order_by,
        descending=descending,
        offset=offset,
        limit=limit,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        class_aware=class_aware,
        background_iou=background_iou,
    )
    return convert.examples(page, page.data)


@router.get("/thresholds/recommended", response_model=RecommendedThresholdsResponse)
def get_recommended_thresholds(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    objective: Annotated[str, Query(description="f1, precision>=X or recall>=X")] = "f1",
    iou: Unit = None,
    segment: Segment = None,
) -> RecommendedThresholdsResponse:
    """Per class, the confidence of the PR sweep that best meets the objective."""
    result = analysis.recommend(
        service, project, dataset, inference, objective=objective, iou=iou, segment=segment_name(segment)
    )
    return RecommendedThresholdsResponse(
        objective=str(result.objective),
        classes=[ClassThresholdPublic(**asdict(row)) for row in result.rows()],
    )


def _public(intervals: MetricIntervals) -> MetricIntervalsPublic:
    return MetricIntervalsPublic.model_validate(asdict(intervals))


@router.get("/intervals", response_model=IntervalsResponse)
def get_intervals(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    confidence: Unit = None,
    iou: Unit = None,
    segment: Segment = None,
    metric_class: MetricClass = None,
    replicates: Annotated[int, Query(ge=10, le=10_000)] = 1000,
    seed: int = 0,
    level: Annotated[float, Query(gt=0.0, lt=1.0)] = 0.95,
) -> IntervalsResponse:
    """Frame-bootstrap intervals of precision, recall and F1 (seeded, reproducible)."""
    result = analysis.intervals(
        service,
        project,
        dataset,
        inference,
        replicates=replicates,
        seed=seed,
        level=level,
        confidence=confidence,
        iou=iou,
        segment=segment_name(segment),
        metric_class=metric_class,
    )
    return IntervalsResponse(
        level=result.level,
        replicates=result.replicates,
        seed=result.seed,
        headline=_public(result.for_class(metric_class)),
        weighted=_public(result.weighted),
        macro=_public(result.macro),
        micro=_public(result.micro),
    )
