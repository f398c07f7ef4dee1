"""Embedding maps: 2-D projections coloured by per-frame metrics or per-crop outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from fastapi import APIRouter, Query

from reefscope.api.deps import ServiceDep
from reefscope.api.routers.params import Unit
from reefscope.api.schemas.views import (
    EmbeddingColumnsResponse,
    EmbeddingPoint,
    EmbeddingProjectionResponse,
    PointOutcome,
    PointSource,
)
from reefscope.engine import Outcome
from reefscope.service.core import Service
from reefscope.service.embeddings import crop_outcomes

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}/embeddings", tags=["embeddings"])


@dataclass(frozen=True)
class _Columns:
    """A projection with its colouring, as parallel arrays (what both answers are built from)."""

    kind: Literal["frame", "crop"]
    method: Literal["umap", "pca"]
    color_by: str | None
    ids: list[str]
    frame_ids: list[str]
    xy: np.ndarray
    values: list[float | None] | None = None
    outcomes: list[PointOutcome | None] | None = None
    class_names: list[str | None] | None = None
    sources: list[PointSource | None] | None = None


def _projection_columns(
    service: Service,
    project: str,
    dataset: str,
    *,
    kind: Literal["frame", "crop"],
    owner: str | None,
    inference: str | None,
    color_by: Literal["precision", "recall", "f1"],
    confidence: float | None,
    iou: float | None,
) -> _Columns:
    projection = service.projection(project, dataset, kind=kind, owner=owner)
    data = service.dataset(project, dataset)
    if kind == "frame":
        values = np.full(len(projection.ids), np.nan)
        if inference:
            result = service.metrics(project, dataset, inference, confidence=confidence, iou=iou)
            evaluation, data = result.evaluation, result.loaded.data
            if evaluation is not None:
                rows = np.array(
                    [data.frame_position.get(frame_id, -1) for frame_id in projection.ids], dtype=np.int64
                )
                per_frame = getattr(evaluation.frames, color_by)
                values = np.where(rows >= 0, per_frame[np.maximum(rows, 0)], np.nan)
        return _Columns(
            kind=kind,
            method=projection.method,
            color_by=color_by if inference else None,
            ids=projection.ids,
            frame_ids=projection.ids,
            xy=projection.xy,
            values=[None if np.isnan(value) else float(value) for value in values.tolist()],
        )

    evaluation_name = inference or owner
    classes = data.project.class_names
    frame_ids = _crop_frames(projection.ids, data.labels, None)
    if evaluation_name:
        # Labels, predictions and outcomes from the one snapshot the evaluation used.
        result = service.metrics(project, dataset, evaluation_name, confidence=confidence, iou=iou)
        evaluation, loaded = result.evaluation, result.loaded
        data = loaded.data
        frame_ids = _crop_frames(projection.ids, data.labels, loaded.predictions)
        if evaluation is not None:
            outcomes, class_rows, is_label = crop_outcomes(
                projection.ids,
                evaluation,
                data.labels.column("label_id"),
                loaded.predictions.column("prediction_id"),
            )
            names = {int(code): Outcome(int(code)).short_name for code in np.unique(outcomes)}
            return _Columns(
                kind=kind,
                method=projection.method,
                color_by="outcome",
                ids=projection.ids,
                frame_ids=[frame or "" for frame in frame_ids],
                xy=projection.xy,
                outcomes=[names[int(code)] for code in outcomes.tolist()],  # type: ignore[misc]
                class_names=[classes[int(row)] for row in class_rows.tolist()],
                sources=["label" if label else "prediction" for label in is_label.tolist()],
            )
    return _Columns(
        kind=kind,
        method=projection.method,
        color_by=None,
        ids=projection.ids,
        frame_ids=[frame or "" for frame in frame_ids],
        xy=projection.xy,
    )


Owner = Annotated[
    str | None, Query(description="Inference set whose embeddings to use (default: the dataset's)")
]
ColourBy = Annotated[str | None, Query(description="Colour by this inference set's results")]


@router.get("/projection", response_model=EmbeddingProjectionResponse)
def get_projection(
    project: str,
    dataset: str,
    service: ServiceDep,
    kind: Literal["frame", "crop"] = "frame",
    owner: Owner = None,
    inference: ColourBy = None,
    color_by: Literal["precision", "recall", "f1"] = "f1",
    confidence: Unit = None,
    iou: Unit = None,
) -> EmbeddingProjectionResponse:
    """2-D points (UMAP if installed, else PCA), computed once per embeddings and cached."""
    columns = _projection_columns(
        service,
        project,
        dataset,
        kind=kind,
        owner=owner,
        inference=inference,
        color_by=color_by,
        confidence=confidence,
        iou=iou,
    )
    xs, ys = columns.xy[:, 0].tolist(), columns.xy[:, 1].tolist()
    points = [
        EmbeddingPoint(
            id=point_id,
            frame_id=columns.frame_ids[i],
            x=xs[i],
            y=ys[i],
            value=None if columns.values is None else columns.values[i],
            outcome=None if columns.outcomes is None else columns.outcomes[i],
            class_name=None if columns.class_names is None else columns.class_names[i],
            source=None if columns.sources is None else columns.sources[i],
        )
        for i, point_id in enumerate(columns.ids)
    ]
    return EmbeddingProjectionResponse(
        kind=columns.kind, method=columns.method, color_by=columns.color_by, count=len(points), points=points
    )


@router.get("/projection/columns", response_model=EmbeddingColumnsResponse)
def get_projection_columns(
    project: str,
    dataset: str,
    service: ServiceDep,
    kind: Literal["frame", "crop"] = "frame",
    owner: Owner = None,
    inference: ColourBy = None,
    color_by: Literal["precision", "recall", "f1"] = "f1",
    confidence: Unit = None,
    iou: Unit = None,
) -> EmbeddingColumnsResponse:
    """The same map as parallel arrays: a fraction of the size and time for 100,000 points."""
    columns = _projection_columns(
        service,
        project,
        dataset,
        kind=kind,
        owner=owner,
        inference=inference,
        color_by=color_by,
        confidence=confidence,
        iou=iou,
    )
    return EmbeddingColumnsResponse(
        kind=columns.kind,
        method=columns.method,
        color_by=columns.color_by,
        count=len(columns.ids),
        ids=columns.ids,
        frame_ids=columns.frame_ids,
        x=columns.xy[:, 0].tolist(),
        y=columns.xy[:, 1].tolist(),
        values=columns.values,
        outcomes=columns.outcomes,
        class_names=columns.class_names,
        sources=columns.sources,
    )


def _crop_frames(crop_ids: list[str], labels: pa.Table, predictions: pa.Table | None) -> list[str | None]:
    """The frame of every crop id, looked up among label ids, then prediction ids."""
    ids = pa.array(crop_ids, type=pa.string())
    frames = pc.take(labels.column("frame_id"), pc.index_in(ids, value_set=labels.column("label_id")))
    result = frames.to_pylist()
    if predictions is not None:
        from_predictions = pc.take(
            predictions.column("frame_id"), pc.index_in(ids, value_set=predictions.column("prediction_id"))
        ).to_pylist()
        result = [a if a is not None else b for a, b in zip(result, from_predictions, strict=True)]
    return result
