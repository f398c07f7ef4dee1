"""Schemas of the analysis views: metrics, comparisons, examples, curves, scenarios, verdicts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from reefscope.api.schemas.resources import ApiModel, SegmentKind

MetricName = Literal["precision", "recall", "f1"]
Ordering = Literal["confidence", "iou", "box_size"]


class SettingsPublic(ApiModel):
    """Everything that produced a number, so that it can be reproduced."""

    project: str
    dataset: str
    inference_set: str
    confidence: float
    iou: float | None
    class_aware: bool
    segment: str | None
    metric_class: str | None
    dataset_version: int
    inference_set_version: int
    source: Literal["matching", "custom"] = Field(
        description="'custom' when the inference set's own per-frame confusion matrices replace matching"
    )
    reefscope_version: str
    iou_convention: Literal["continuous", "pixel_inclusive"] | None = Field(
        default=None, description="How box overlaps and areas were measured (null for classification)"
    )
    size: Literal["small", "medium", "large"] | None = Field(
        default=None, description="The object size evaluated; null: every size"
    )
    area_min: float | None = Field(default=None, description="Smallest box area of that size (pixels)")
    area_max: float | None = Field(default=None, description="Largest box area of that size; null: no bound")


class SummaryPublic(ApiModel):
    precision: float | None
    recall: float | None
    f1: float | None
    false_positives: int
    false_negatives: int
    confusions: int
    frame_count: int
    objective: float | None = None


class ReportRow(ApiModel):
    name: str
    precision: float | None = Field(description="null when TP + FP = 0 (never predicted)")
    recall: float | None = Field(description="null when TP + FN = 0 (no labels)")
    f1: float | None = Field(description="null when TP + FP + FN = 0")
    support: int
    true_positives: int
    false_positives: int
    false_negatives: int


class AveragePublic(ApiModel):
    precision: float
    recall: float
    f1: float


class ReportPublic(ApiModel):
    rows: list[ReportRow]
    weighted: AveragePublic
    macro: AveragePublic
    micro: AveragePublic


class SparseCell(ApiModel):
    gt: str
    pred: str
    count: int


class ConfusionPublic(ApiModel):
    """Ground truth on rows, prediction on columns, ``background`` last.

    ``layout`` is ``dense`` for 25 classes or fewer (``counts``), ``sparse``
    otherwise (``cells``: the non-zero cells sorted by count, largest first).
    """

    labels: list[str]
    layout: Literal["dense", "sparse"]
    counts: list[list[int]] | None = None
    cells: list[SparseCell] | None = None
    total: int


class CocoPublic(ApiModel):
    """COCO-style box mAP of the inference set (all frames of the selection)."""

    ap: float | None
    ap50: float | None
    ap75: float | None
    ap_small: float | None
    ap_medium: float | None
    ap_large: float | None
    ar1: float | None
    ar10: float | None
    ar100: float | None
    ar_small: float | None
    ar_medium: float | None
    ar_large: float | None
    per_class_ap: dict[str, float | None]


class VocPublic(ApiModel):
    """PASCAL VOC AP at one IoU: the 11-point form (VOC2007) and the all-point form (VOC2010+).

    Every prediction takes part (no confidence threshold); ``difficult`` labels
    neither count as misses nor make their detections false positives. A class
    without labels has no AP (null) and is left out of the means.
    """

    iou: float
    iou_convention: Literal["continuous", "pixel_inclusive"]
    map_11point: float | None
    map_all_point: float | None
    per_class_ap_11point: dict[str, float | None]
    per_class_ap_all_point: dict[str, float | None]


class MetricsResponse(ApiModel):
    settings: SettingsPublic
    summary: SummaryPublic
    classes: list[str]
    class_colors: list[str | None]
    report: ReportPublic
    confusion: ConfusionPublic
    coco: CocoPublic | None = None
    voc: VocPublic | None = None


class CompareSide(ApiModel):
    settings: SettingsPublic
    summary: SummaryPublic
    report: ReportPublic


class DeltaCell(ApiModel):
    gt: str
    pred: str
    first: int
    second: int
    delta: int


class CompareResponse(ApiModel):
    """``delta = second - first`` per cell (on the diagonal positive is better; off it, worse)."""

    classes: list[str]
    labels: list[str]
    first: CompareSide
    second: CompareSide
    layout: Literal["dense", "sparse"]
    first_counts: list[list[int]] | None = None
    second_counts: list[list[int]] | None = None
    delta: list[list[int]] | None = None
    cells: list[DeltaCell] | None = Field(
        default=None, description="Sparse layout: cells with a count on either side"
    )


class ExampleItem(ApiModel):
    frame_id: str
    image_url: str | None
    crop_url: str | None
    width: int | None
    height: int | None
    gt_class: str
    predicted_class: str
    outcome: Literal["tp", "confusion", "fn", "fp"]
    label_id: str | None
    label_box: tuple[float, float, float, float] | None
    prediction_id: str | None
    prediction_box: tuple[float, float, float, float] | None
    iou: float | None
    confidence: float | None
    box_size: float | None


class ExamplesResponse(ApiModel):
    total: int
    offset: int
    limit: int
    order_by: Ordering
    descending: bool
    cells: list[tuple[str, str]]
    data: list[ExampleItem]


class CurvePoint(ApiModel):
    confidence: float
    precision: float | None
    recall: float | None
    f1: float | None


class Curve(ApiModel):
    name: str = Field(description="A class name, or 'weighted' / 'micro' for the aggregates")
    support: int | None
    points: list[CurvePoint]


class ThresholdLines(ApiModel):
    segment: str
    kind: SegmentKind
    precision: float | None
    recall: float | None
    f1: float | None


class PrCurvesResponse(ApiModel):
    inference_set: str
    iou: float | None
    segment: str | None
    classes: list[Curve]
    aggregates: list[Curve]
    thresholds: list[ThresholdLines]


class MetricCheckPublic(ApiModel):
    metric: MetricName
    score: float | None
    threshold: float | None
    succeeds: bool | None = Field(description="null when no threshold is set")


class SegmentScorePublic(ApiModel):
    segment: str
    kind: SegmentKind
    description: str
    frame_count: int
    checks: list[MetricCheckPublic]
    false_positives: int
    false_negatives: int
    confusions: int
    passed: bool


class ScenarioInference(ApiModel):
    inference_set: str
    confidence: float
    iou: float | None


class ScenarioCard(ApiModel):
    segment: str
    kind: SegmentKind
    description: str
    frame_count: int
    precision: float | None = Field(description="Target threshold")
    recall: float | None
    f1: float | None
    scores: list[SegmentScorePublic] = Field(description="One per selected inference set, in order")


class ScenarioGroup(ApiModel):
    kind: SegmentKind
    title: str
    cards: list[ScenarioCard]


class RegressionSummary(ApiModel):
    inference_set: str
    total: int
    passed: int


class ScenariosResponse(ApiModel):
    inferences: list[ScenarioInference]
    groups: list[ScenarioGroup]
    regression: list[RegressionSummary]


class VerdictResponse(ApiModel):
    project: str
    dataset: str
    inference_set: str
    confidence: float
    iou: float | None
    passed: bool
    tests: list[SegmentScorePublic]


PointOutcome = Literal["tp", "confusion", "fn", "fp", "below_confidence", "not_evaluated"]
PointSource = Literal["label", "prediction"]


class EmbeddingPoint(ApiModel):
    id: str
    frame_id: str
    x: float
    y: float
    value: float | None = Field(
        default=None, description="Per-frame precision/recall/F1 when colouring frames"
    )
    outcome: PointOutcome | None = None
    class_name: str | None = None
    source: PointSource | None = None


class EmbeddingProjectionResponse(ApiModel):
    kind: Literal["frame", "crop"]
    method: Literal["umap", "pca"]
    color_by: str | None
    count: int
    points: list[EmbeddingPoint]


class EmbeddingColumnsResponse(ApiModel):
    """The points of ``EmbeddingProjectionResponse`` as parallel arrays, index ``i`` for point ``i``."""

    kind: Literal["frame", "crop"]
    method: Literal["umap", "pca"]
    color_by: str | None
    count: int
    ids: list[str]
    frame_ids: list[str]
    x: list[float]
    y: list[float]
    values: list[float | None] | None = Field(
        default=None, description="Per-frame precision/recall/F1 (frames map)"
    )
    outcomes: list[PointOutcome | None] | None = Field(default=None, description="Per-crop outcome")
    class_names: list[str | None] | None = None
    sources: list[PointSource | None] | None = None
