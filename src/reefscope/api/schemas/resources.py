"""Schemas of the stored resources: projects, datasets, inference sets, segments, frames."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from reefscope.service.query import MAX_QUERY_LENGTH
from reefscope.store.names import (
    ALL_FRAMES_PATTERN,
    MAX_DESCRIPTION_LENGTH,
    MAX_METADATA_KEY_LENGTH,
    MAX_METADATA_KEYS,
    MAX_METADATA_TEXT_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TEXT_NAME_LENGTH,
    TEXT_NAME_PATTERN,
)

Task = Literal["classification", "detection"]
SegmentKind = Literal["split", "regression_test", "scenario"]
# The limits of the store, published in the schema (the store checks them for the package too).
MetadataValue = (
    Annotated[str, StringConstraints(max_length=MAX_METADATA_TEXT_LENGTH)] | int | float | bool | None
)
MetadataKey = Annotated[str, StringConstraints(max_length=MAX_METADATA_KEY_LENGTH)]
Metadata = Annotated[dict[MetadataKey, MetadataValue], Field(max_length=MAX_METADATA_KEYS)]
Description = Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_LENGTH)]
TextName = Annotated[str, StringConstraints(max_length=MAX_TEXT_NAME_LENGTH, pattern=TEXT_NAME_PATTERN)]
# Strict: a JSON boolean is not a threshold (lax mode would read false as 0.0).
Threshold = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]
Query = Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUERY_LENGTH)]


def _no_default(schema: dict[str, Any]) -> None:
    # A field that is either given (not null) or left out has no default to publish.
    schema.pop("default", None)


class ApiModel(BaseModel):
    # Python's re: the published patterns exclude surrogates, which Rust's regex cannot express.
    model_config = ConfigDict(extra="forbid", regex_engine="python-re")


class ClassPublic(ApiModel):
    name: TextName
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None


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
    name: str = Field(pattern=rf"^[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_NAME_LENGTH - 1}}}$")
    task: Task
    classes: list[ClassPublic] = Field(min_length=1)
    confidence_threshold: Threshold = 0.5
    iou_threshold: Threshold = 0.5
    iou_convention: IouConvention = "continuous"
    small_area_max: float = Field(default=32.0**2, gt=0.0, allow_inf_nan=False)
    large_area_min: float = Field(default=96.0**2, gt=0.0, allow_inf_nan=False)
    description: Description = ""
    metadata: Metadata = Field(default_factory=dict)


class ProjectUpdate(ApiModel):
    confidence_threshold: Threshold | None = None
    iou_threshold: Threshold | None = None
    iou_convention: IouConvention | None = None
    small_area_max: float | None = Field(default=None, gt=0.0, allow_inf_nan=False)
    large_area_min: float | None = Field(default=None, gt=0.0, allow_inf_nan=False)
    description: Description | None = None
    metadata: Metadata | None = None


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
    """A segment from a list of frames or from a metadata query: exactly one of the two."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["frame_ids"]}, {"required": ["where"]}],
            "not": {
                "properties": {"name": {"anyOf": [{"enum": [".", ".."]}, {"pattern": ALL_FRAMES_PATTERN}]}}
            },
        }
    )

    name: TextName = Field(description="Not '.', '..' or 'All Frames' (in any case): the implicit segment")
    kind: SegmentKind = "scenario"
    description: Description = ""
    metadata: Metadata = Field(default_factory=dict)
    # Typed without None (the schema has no null); left out, they are None.
    frame_ids: list[str] = Field(
        default=None,  # type: ignore[arg-type]
        description="Frames of the segment",
        json_schema_extra=_no_default,
    )
    where: Query = Field(  # type: ignore[assignment]
        default=None,
        description="Or a metadata query, e.g. \"time_of_day == 'night'\"",
        json_schema_extra=_no_default,
    )
    precision: Threshold | None = None
    recall: Threshold | None = None
    f1: Threshold | None = None


class SegmentUpdate(ApiModel):
    """Fields left out keep their value; a threshold set to null is removed."""

    kind: SegmentKind | None = None
    description: Description | None = None
    metadata: Metadata | None = None
    precision: Threshold | None = None
    recall: Threshold | None = None
    f1: Threshold | None = None
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
