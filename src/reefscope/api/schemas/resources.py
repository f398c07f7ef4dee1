"""Schemas of the stored resources: projects, datasets, inference sets, segments, frames."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Task = Literal["classification", "detection"]
SegmentKind = Literal["split", "regression_test", "scenario"]
MetadataValue = str | int | float | bool | None
Unit = Field(ge=0.0, le=1.0)


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClassPublic(ApiModel):
    name: str
    color: str | None = None


IouConvention = Literal["continuous", "pixel_inclusive"]


class ProjectPublic(ApiModel):
    name: str
    task: Task
    classes: list[ClassPublic]
    confidence_threshold: float
    iou_threshold: float
    iou_convention: IouConvention = Field(
        description="continuous corners (COCO) or pixel-inclusive (+1 on widths and heights, the VOC devkit)"
    )
    small_area_max: float = Field(description="Largest box area (pixels) of a small object")
    large_area_min: float = Field(description="Smallest box area (pixels) of a large object")
    description: str
    metadata: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ProjectCreate(ApiModel):
    name: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
    task: Task
    classes: list[ClassPublic] = Field(min_length=1)
    confidence_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    iou_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    iou_convention: IouConvention = "continuous"
    small_area_max: float = Field(default=32.0**2, gt=0.0, allow_inf_nan=False)
    large_area_min: float = Field(default=96.0**2, gt=0.0, allow_inf_nan=False)
    description: str = ""
    metadata: dict[str, MetadataValue] = Field(default_factory=dict)


class ProjectUpdate(ApiModel):
    confidence_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    iou_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    iou_convention: IouConvention | None = None
    small_area_max: float | None = Field(default=None, gt=0.0, allow_inf_nan=False)
    large_area_min: float | None = Field(default=None, gt=0.0, allow_inf_nan=False)
    description: str | None = None
    metadata: dict[str, MetadataValue] | None = None


class ProjectList(ApiModel):
    count: int
    data: list[ProjectPublic]


class DatasetPublic(ApiModel):
    project: str
    name: str
    task: Task
    version: int
    frame_count: int
    label_count: int
    has_images: bool
    metadata_keys: list[str]
    description: str
    metadata: dict[str, Any]
    imported_at: datetime


class DatasetList(ApiModel):
    count: int
    data: list[DatasetPublic]


class InferenceSetPublic(ApiModel):
    project: str
    dataset: str
    name: str
    version: int
    prediction_count: int
    has_scores: bool
    has_custom_metrics: bool
    model: dict[str, Any]
    description: str
    imported_at: datetime


class InferenceSetList(ApiModel):
    count: int
    data: list[InferenceSetPublic]


class SegmentPublic(ApiModel):
    project: str
    dataset: str
    name: str
    kind: SegmentKind
    description: str
    metadata: dict[str, Any]
    precision: float | None
    recall: float | None
    f1: float | None
    frame_count: int
    updated_at: datetime


class SegmentDetail(SegmentPublic):
    frame_ids: list[str]


class SegmentList(ApiModel):
    count: int
    data: list[SegmentPublic]


class SegmentCreate(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    kind: SegmentKind = "scenario"
    description: str = ""
    metadata: dict[str, MetadataValue] = Field(default_factory=dict)
    frame_ids: list[str] | None = Field(default=None, description="Frames of the segment")
    where: str | None = Field(
        default=None, description="Or a metadata query, e.g. \"time_of_day == 'night'\""
    )
    precision: float | None = Field(default=None, ge=0.0, le=1.0)
    recall: float | None = Field(default=None, ge=0.0, le=1.0)
    f1: float | None = Field(default=None, ge=0.0, le=1.0)


class SegmentUpdate(ApiModel):
    """Fields left out keep their value; a threshold set to null is removed."""

    kind: SegmentKind | None = None
    description: str | None = None
    metadata: dict[str, MetadataValue] | None = None
    precision: float | None = Field(default=None, ge=0.0, le=1.0)
    recall: float | None = Field(default=None, ge=0.0, le=1.0)
    f1: float | None = Field(default=None, ge=0.0, le=1.0)
    add_frames: list[str] | None = None
    remove_frames: list[str] | None = None


class BoxItem(ApiModel):
    id: str
    class_name: str
    box: tuple[float, float, float, float] | None
    confidence: float | None = None
    outcome: Literal["tp", "confusion", "fn", "fp", "below_confidence"] | None = None
    partner_id: str | None = None
    iou: float | None = None


class FramePublic(ApiModel):
    frame_id: str
    image_url: str | None
    width: int | None
    height: int | None
    metadata: dict[str, MetadataValue]
    label_count: int
    # Present when an inference set was asked for.
    true_positives: int | None = None
    false_positives: int | None = None
    false_negatives: int | None = None
    confusions: int | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    # Present when the boxes were asked for (``boxes=true``).
    labels: list[BoxItem] | None = None
    predictions: list[BoxItem] | None = None


class FrameDetail(FramePublic):
    labels: list[BoxItem]
    predictions: list[BoxItem]


class FrameList(ApiModel):
    count: int
    offset: int
    limit: int
    data: list[FramePublic]


class EmbeddingsPublic(ApiModel):
    kind: Literal["frame", "crop"]
    inference_set: str | None
    count: int
    dimension: int
