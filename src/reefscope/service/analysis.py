"""Error attribution, threshold recommendation and bootstrap intervals over a workspace.

Thin functions over :class:`~reefscope.service.core.Service`: they evaluate
exactly as :meth:`Service.metrics` does (same thresholds, segment and
matching) and hand the evaluation to the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from reefscope.engine import (
    ERROR_TYPES,
    DetectionEvaluator,
    ErrorAttribution,
    Evaluation,
    InvalidInputError,
    attribute_errors,
    coco_oracle,
)
from reefscope.engine.attribution import DEFAULT_BACKGROUND_IOU
from reefscope.engine.bootstrap import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    BootstrapIntervals,
    PairedComparison,
    bootstrap_intervals,
    paired_bootstrap,
)
from reefscope.engine.thresholds import Objective, ThresholdRecommendation, recommend_thresholds
from reefscope.service.core import Service
from reefscope.service.examples import ExamplePage, Ordering, class_index, page_of_rows
from reefscope.service.results import MetricsResult, Settings


@dataclass(frozen=True)
class ErrorTypeSummary:
    """One error type: how many, under which classes, and what fixing all of them would gain."""

    error_type: str
    count: int
    per_class: dict[str, int]
    # Headline metric after the fix minus before (None when either is undefined).
    precision_gain: float | None
    recall_gain: float | None
    f1_gain: float | None
    # COCO AP@[.5:.95] and AP50 gains, when COCO mAP was asked for.
    ap_gain: float | None = None
    ap50_gain: float | None = None


@dataclass(frozen=True)
class ErrorAnalysis:
    settings: Settings
    background_iou: float
    types: tuple[ErrorTypeSummary, ...]
    ap: float | None = None
    ap50: float | None = None


def _evaluation(result: MetricsResult) -> Evaluation:
    if result.evaluation is None:
        raise InvalidInputError("custom metrics carry counts only: there are no errors to attribute")
    return result.evaluation


def _gain(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _defined(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def attribution_of(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    *,
    confidence: float | None = None,
    iou: float | None = None,
    segment: str | None = None,
    metric_class: str | None = None,
    class_aware: bool = False,
    class_confidence: Mapping[str, float] | None = None,
    background_iou: float = DEFAULT_BACKGROUND_IOU,
) -> tuple[MetricsResult, ErrorAttribution]:
    result = service.metrics(
        project,
        dataset,
        inference_set,
        confidence=confidence,
        iou=iou,
        segment=segment,
        metric_class=metric_class,
        class_aware=class_aware,
        class_confidence=class_confidence,
    )
    evaluator = result.loaded.evaluator
    pairs = evaluator.pairs if isinstance(evaluator, DetectionEvaluator) else None
    return result, attribute_errors(_evaluation(result), pairs, background_iou=background_iou)


def error_analysis(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    *,
    coco: bool = False,
    metric_class: str | None = None,
    **options: object,
) -> ErrorAnalysis:
    """Counts per error type and class, and the oracle gain of fixing each type.

    Gains are of the headline metrics (weighted, or ``metric_class``'s) at
    the same thresholds; with ``coco`` also of COCO AP and AP50 (detection).
    """
    result, attribution = attribution_of(
        service,
        project,
        dataset,
        inference_set,
        metric_class=metric_class,
        **options,  # type: ignore[arg-type]
    )
    before = result.confusion.report.headline(metric_class)
    oracle = None
    if coco:
        evaluator = result.loaded.evaluator
        if not isinstance(evaluator, DetectionEvaluator):
            raise InvalidInputError("COCO mAP applies to detection projects only", field="coco")
        oracle = coco_oracle(attribution, evaluator.labels, evaluator.predictions)
    classes = attribution.classes
    types = []
    for i, kind in enumerate(ERROR_TYPES):
        after = attribution.fixed_confusion(kind).report.headline(metric_class)
        per_class = {name: int(n) for name, n in zip(classes, attribution.counts[i], strict=True) if n}
        ap_gain = ap50_gain = None
        if oracle is not None:
            ap_gain = _defined(oracle.fixed_ap[kind] - oracle.ap)
            ap50_gain = _defined(oracle.fixed_ap50[kind] - oracle.ap50)
        types.append(
            ErrorTypeSummary(
                error_type=kind.value,
                count=int(attribution.counts[i].sum()),
                per_class=per_class,
                precision_gain=_gain(after[0], before[0]),
                recall_gain=_gain(after[1], before[1]),
                f1_gain=_gain(after[2], before[2]),
                ap_gain=ap_gain,
                ap50_gain=ap50_gain,
            )
        )
    return ErrorAnalysis(
        settings=result.settings,
        background_iou=attribution.background_iou,
        types=tuple(types),
        ap=None if oracle is None else _defined(oracle.ap),
        ap50=None if oracle is None else _defined(oracle.ap50),
    )


def error_examples(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    error_type: str,
    *,
    class_name: str | None = None,
    order_by: Ordering = "confidence",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
    **options: object,
) -> ExamplePage:
    """The examples behind one error type (optionally counted under one class)."""
    result, attribution = attribution_of(service, project, dataset, inference_set, **options)  # type: ignore[arg-type]
    target = None if class_name is None else class_index(attribution.classes, class_name)
    if target is not None and target == len(attribution.classes):
        raise InvalidInputError("errors are counted under real classes, not 'background'", field="class")
    rows = attribution.examples(error_type, class_index=target)
    return page_of_rows(
        result.loaded,
        attribution.evaluation,
        rows,
        [],
        order_by=order_by,
        descending=descending,
        offset=offset,
        limit=limit,
    )


def recommend(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    *,
    objective: str | Objective = "f1",
    iou: float | None = None,
    segment: str | None = None,
    class_aware: bool = False,
) -> ThresholdRecommendation:
    """Per-class confidence thresholds from the PR sweep the curves are drawn from."""
    goal = objective if isinstance(objective, Objective) else Objective.parse(objective)
    curves = service.pr_curves(
        project, dataset, inference_set, iou=iou, segment=segment, class_aware=class_aware
    )
    return recommend_thresholds(curves, goal)


def intervals(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    *,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
    **options: object,
) -> BootstrapIntervals:
    """Bootstrap intervals of the report :meth:`Service.metrics` gives with the same options."""
    result = service.metrics(project, dataset, inference_set, **options)  # type: ignore[arg-type]
    return bootstrap_intervals(_evaluation(result), replicates=replicates, seed=seed, level=level)


def paired(
    first: MetricsResult,
    second: MetricsResult,
    *,
    metric_class: str | None = None,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> PairedComparison:
    """Paired intervals of ``second - first`` (both evaluated on the same frames)."""
    return paired_bootstrap(
        _evaluation(first),
        _evaluation(second),
        metric_class=metric_class,
        replicates=replicates,
        seed=seed,
        level=level,
    )
