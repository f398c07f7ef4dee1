"""Query parameters shared by the evaluation routers, declared once."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from reefscope.service.results import ALL_FRAMES

Unit = Annotated[float | None, Query(ge=0.0, le=1.0)]
Inference = Annotated[str, Query(description="Inference set name", min_length=1)]
Segment = Annotated[str | None, Query(description="Segment name (default: All Frames)")]
MetricClass = Annotated[
    str | None, Query(alias="class", description="Metric class (default: weighted average)")
]
ClassAware = Annotated[bool, Query(description="Only allow same-class matches")]
Size = Annotated[
    Literal["small", "medium", "large"] | None,
    Query(description="Only objects of this size (box area within the project's range); default: all"),
]


def segment_name(segment: str | None) -> str | None:
    """The service's segment argument: None for all frames, however the client spelled it."""
    return None if segment in (None, "", ALL_FRAMES) else segment
