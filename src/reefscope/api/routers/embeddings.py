"""Embedding maps: 2-D projections coloured by per-frame metrics or per-crop outcomes."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from fastapi import APIRouter, Query

from reefscope.api.deps import ServiceDep
from reefscope.api.schemas.views import EmbeddingPoint, EmbeddingProjectionResponse
from reefscope.engine import Outcome
from reefscope.service.embeddings import crop_outcomes

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}/embeddings", tags=["embeddings"])

Unit = Annotated[float | None, Query(ge=0.0, le=1.0)]


@router.get("/projection", response_model=EmbeddingProjectionResponse)
def get_projection(
    project: str,
    dataset: str,
    service: ServiceDep,
    kind: Literal["frame", "crop"] = "frame",
    owner: Annotated[
        str | None, Query(description="Inference set whose embeddings to use (default: the dataset's)")
    ] = None,
    inference: Annotated[str | None, Query(description="Colour by this inference set's results")] = None,
    color_by: Literal["precision", "recall", "f1"] = "f1",
    confidence: Unit = None,
    iou: Unit = None,
) -> EmbeddingProjectionResponse:
    """2-D points (UMAP if installed, else PCA), computed once per embeddings and cached."""
    projection = service.projection(project, dataset, kind=kind, owner=owner)
    data = service.dataset(project, dataset)
    points: list[EmbeddingPoint] = []
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
        for i, frame_id in enumerate(projection.ids):
            value = values[i]
            points.append(
                EmbeddingPoint(
                    id=frame_id,
                    frame_id=frame_id,
                    x=float(projection.xy[i, 0]),
                    y=float(projection.xy[i, 1]),
                    value=None if np.isnan(value) else float(value),
                )
            )
        return EmbeddingProjectionResponse(
            kind=kind,
            method=projection.method,
            color_by=color_by if inference else None,
            count=len(points),
            points=points,
        )

    evaluation_name = inference or owner
    classes = data.project.class_names
    frame_ids = _crop_frames(projection.ids, data.labels, None)
    outcomes = class_rows = is_label = None
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
    for i, crop_id in enumerate(projection.ids):
        outcome = class_name = source = None
        if outcomes is not None and class_rows is not None and is_label is not None:
            outcome = Outcome(int(outcomes[i])).short_name
            class_name = classes[int(class_rows[i])]
            source = "label" if is_label[i] else "prediction"
        points.append(
            EmbeddingPoint(
                id=crop_id,
                frame_id=frame_ids[i] or "",
                x=float(projection.xy[i, 0]),
                y=float(projection.xy[i, 1]),
                outcome=outcome,  # type: ignore[arg-type]
                class_name=class_name,
                source=source,  # type: ignore[arg-type]
            )
        )
    return EmbeddingProjectionResponse(
        kind=kind,
        method=projection.method,
        color_by="outcome" if outcomes is not None else None,
        count=len(points),
        points=points,
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
