"""Scenario cards and regression-test verdicts: segments scored against their targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from reefscope.api import convert
from reefscope.api.deps import ServiceDep
from reefscope.api.routers.params import Inference, MetricClass, Unit
from reefscope.api.schemas.resources import SegmentKind
from reefscope.api.schemas.views import (
    RegressionSummary,
    ScenarioCard,
    ScenarioGroup,
    ScenarioInference,
    ScenariosResponse,
    VerdictResponse,
)
from reefscope.service.core import Thresholds

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}", tags=["views"])

GROUP_TITLES: dict[SegmentKind, str] = {
    "split": "Splits",
    "regression_test": "Regression Tests",
    "scenario": "Scenarios",
}


@router.get("/scenarios", response_model=ScenariosResponse)
def get_scenarios(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Annotated[
        list[str], Query(description="One or two inference sets", min_length=1, max_length=2)
    ],
    confidence: Unit = None,
    iou: Unit = None,
    second_confidence: Unit = None,
    second_iou: Unit = None,
    metric_class: MetricClass = None,
) -> ScenariosResponse:
    """Every segment grouped by kind (All Frames first), scored per inference set against its thresholds."""
    settings = [service.thresholds(project, confidence=confidence, iou=iou)]
    if len(inference) > 1:
        # The second set shares the first one's thresholds unless given its own.
        settings.append(
            Thresholds(
                settings[0].confidence if second_confidence is None else second_confidence,
                settings[0].iou if second_iou is None else second_iou,
            )
        )
    per_inference = [
        service.segment_scores(project, dataset, name, thresholds=t, metric_class=metric_class)
        for name, t in zip(inference, settings, strict=True)
    ]
    records = {record.name: record for record in service.list_segments(project, dataset)}
    groups: dict[SegmentKind, list[ScenarioCard]] = {kind: [] for kind in GROUP_TITLES}
    for position, first in enumerate(per_inference[0]):
        record = records.get(first.segment)
        groups[first.kind].append(
            ScenarioCard(
                segment=first.segment,
                kind=first.kind,
                description=first.description,
                frame_count=first.frame_count,
                precision=record.precision if record else None,
                recall=record.recall if record else None,
                f1=record.f1 if record else None,
                scores=[convert.segment_score(scores[position]) for scores in per_inference],
            )
        )
    regression = [
        RegressionSummary(
            inference_set=name,
            total=sum(1 for score in scores if score.kind == "regression_test"),
            passed=sum(1 for score in scores if score.kind == "regression_test" and score.passed),
        )
        for name, scores in zip(inference, per_inference, strict=True)
    ]
    return ScenariosResponse(
        inferences=[
            ScenarioInference(inference_set=n, confidence=t.confidence, iou=t.iou)
            for n, t in zip(inference, settings, strict=True)
        ],
        groups=[
            ScenarioGroup(kind=kind, title=GROUP_TITLES[kind], cards=cards) for kind, cards in groups.items()
        ],
        regression=regression,
    )


@router.get("/regression-tests", response_model=VerdictResponse)
def get_regression_tests(
    project: str,
    dataset: str,
    service: ServiceDep,
    inference: Inference,
    confidence: Unit = None,
    iou: Unit = None,
) -> VerdictResponse:
    """The pass/fail verdict over every regression-test segment: what a CI job reads."""
    verdict = service.regression_verdict(project, dataset, inference, confidence=confidence, iou=iou)
    return VerdictResponse(
        project=project,
        dataset=dataset,
        inference_set=inference,
        confidence=verdict.confidence,
        iou=verdict.iou,
        passed=verdict.passed,
        tests=[convert.segment_score(test) for test in verdict.tests],
    )
