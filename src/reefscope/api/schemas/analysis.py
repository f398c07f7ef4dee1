"""Schemas of error attribution, threshold recommendation and bootstrap intervals."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from reefscope.api.schemas.resources import ApiModel

ErrorTypeName = Literal["classification", "localization", "both", "duplicate", "background", "missed"]


class ErrorTypePublic(ApiModel):
    error_type: ErrorTypeName
    count: int
    per_class: dict[str, int] = Field(
        description="Errors counted under each class (classes with none left out)"
    )
    precision_gain: float | None = Field(description="Headline precision with this type fixed, minus now")
    recall_gain: float | None
    f1_gain: float | None
    ap_gain: float | None = Field(description="COCO AP@[.5:.95] gain (only with coco=true)")
    ap50_gain: float | None


class ErrorsResponse(ApiModel):
    confidence: float
    iou: float | None
    background_iou: float
    types: list[ErrorTypePublic]
    ap: float | None
    ap50: float | None


class ClassThresholdPublic(ApiModel):
    name: str
    threshold: float | None = Field(description="None when no grid confidence meets the objective")
    precision: float | None
    recall: float | None
    f1: float | None


class RecommendedThresholdsResponse(ApiModel):
    objective: str
    classes: list[ClassThresholdPublic]


class IntervalPublic(ApiModel):
    low: float | None
    high: float | None


class MetricIntervalsPublic(ApiModel):
    precision: IntervalPublic
    recall: IntervalPublic
    f1: IntervalPublic


class IntervalsResponse(ApiModel):
    level: float
    replicates: int
    seed: int
    headline: MetricIntervalsPublic = Field(description="Weighted, or the metric class's")
    weighted: MetricIntervalsPublic
    macro: MetricIntervalsPublic
    micro: MetricIntervalsPublic
