"""Frames for the grid view and the frame viewer: filtering, per-frame results, boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np

from reefscope.engine import Evaluation, InvalidInputError, Outcome
from reefscope.service.loading import LoadedDataset, LoadedInferences
from reefscope.service.query import select_frames
from reefscope.store.tables import METADATA_PREFIX

FrameOutcome = Literal["fn", "fp", "confusion", "errors", "perfect"]
FRAME_OUTCOMES: tuple[str, ...] = get_args(FrameOutcome)
FrameSort = Literal["frame", "f1", "precision", "recall", "errors"]
FRAME_SORTS: tuple[str, ...] = get_args(FrameSort)
MAX_FRAMES_PAGE = 500


@dataclass(frozen=True)
class FrameRow:
    index: int
    frame_id: str
    image: str | None
    width: int | None
    height: int | None
    metadata: dict[str, Any]
    label_count: int
    results: dict[str, Any] | None = None


@dataclass(frozen=True)
class BoxRow:
    id: str
    class_name: str
    box: tuple[float, float, float, float] | None
    confidence: float | None = None
    outcome: str | None = None
    partner_id: str | None = None
    iou: float | None = None


@dataclass(frozen=True)
class FrameDetailRow:
    frame: FrameRow
    labels: list[BoxRow] = field(default_factory=list)
    predictions: list[BoxRow] = field(default_factory=list)


def _metadata_of(data: LoadedDataset, index: int) -> dict[str, Any]:
    out = {}
    for name in data.frames.column_names:
        if name.startswith(METADATA_PREFIX):
            out[name[len(METADATA_PREFIX) :]] = data.frames.column(name)[index].as_py()
    return out


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def frame_row(data: LoadedDataset, index: int, evaluation: Evaluation | None = None) -> FrameRow:
    frames = data.frames
    results = None
    if evaluation is not None:
        per_frame = evaluation.frames
        results = {
            "true_positives": int(per_frame.true_positives[index]),
            "false_positives": int(per_frame.false_positives[index]),
            "false_negatives": int(per_frame.false_negatives[index]),
            "confusions": int(per_frame.confusions[index]),
            "precision": _optional(per_frame.precision[index]),
            "recall": _optional(per_frame.recall[index]),
            "f1": _optional(per_frame.f1[index]),
        }
    width = frames.column("width")[index].as_py()
    height = frames.column("height")[index].as_py()
    return FrameRow(
        index=index,
        frame_id=frames.column("frame_id")[index].as_py(),
        image=frames.column("image")[index].as_py(),
        width=width,
        height=height,
        metadata=_metadata_of(data, index),
        label_count=int(data.labels_per_frame[index]),
        results=results,
    )


def select_frame_indices(
    data: LoadedDataset,
    *,
    mask: np.ndarray,
    where: str | None = None,
    evaluation: Evaluation | None = None,
    outcome: FrameOutcome | None = None,
    class_name: str | None = None,
    sort: FrameSort = "frame",
    descending: bool = False,
) -> np.ndarray:
    """Frame indices passing every filter, in the requested order (stable)."""
    selected = mask.copy()
    if where:
        selected &= select_frames(data.frames, where)
    if outcome is not None or class_name is not None or sort != "frame":
        if evaluation is None:
            raise InvalidInputError(
                "filtering or sorting frames by results needs an inference set", field="inference"
            )
        selected &= _outcome_mask(data, evaluation, outcome, class_name)
    indices = np.flatnonzero(selected)
    if sort == "frame":
        return indices[::-1] if descending else indices
    if sort not in FRAME_SORTS:
        raise InvalidInputError(f"Expected argument `sort` to be one of {FRAME_SORTS} but got {sort!r}")
    assert evaluation is not None
    per_frame = evaluation.frames
    if sort == "errors":
        values = (per_frame.false_positives + per_frame.false_negatives + per_frame.confusions).astype(float)
    else:
        values = getattr(per_frame, sort)
    chosen = values[indices]
    missing = np.isnan(chosen)
    key = np.where(missing, 0.0, -chosen if descending else chosen)
    return indices[np.lexsort((indices, key, missing))]


def _outcome_mask(
    data: LoadedDataset, evaluation: Evaluation, outcome: FrameOutcome | None, class_name: str | None
) -> np.ndarray:
    n = data.n_frames
    per_frame = evaluation.frames
    if outcome is None:
        result = np.ones(n, dtype=bool)
    elif outcome == "fn":
        result = per_frame.false_negatives > 0
    elif outcome == "fp":
        result = per_frame.false_positives > 0
    elif outcome == "confusion":
        result = per_frame.confusions > 0
    elif outcome == "errors":
        result = (per_frame.false_negatives + per_frame.false_positives + per_frame.confusions) > 0
    elif outcome == "perfect":
        result = (per_frame.false_negatives + per_frame.false_positives + per_frame.confusions) == 0
    else:
        raise InvalidInputError(
            f"Expected argument `outcome` to be one of {FRAME_OUTCOMES} but got {outcome!r}"
        )
    if class_name is not None:
        classes = list(evaluation.classes)
        if class_name not in classes:
            raise InvalidInputError(f"unknown class {class_name!r}", field="class")
        k = classes.index(class_name)
        items = evaluation.items
        label_hit = (items.label_class == k) & _bad_or_any(evaluation.label_outcome, outcome, is_label=True)
        pred_hit = (items.prediction_class == k) & _bad_or_any(
            evaluation.prediction_outcome, outcome, is_label=False
        )
        involved = np.zeros(n, dtype=bool)
        involved[items.label_frame[label_hit]] = True
        involved[items.prediction_frame[pred_hit]] = True
        result &= involved
    return result


def _bad_or_any(outcomes: np.ndarray, outcome: FrameOutcome | None, *, is_label: bool) -> np.ndarray:
    """Items of the class that take part in the asked-for kind of error (or any evaluated item)."""
    if outcome == "fn":
        return outcomes == Outcome.FALSE_NEGATIVE if is_label else np.zeros(len(outcomes), dtype=bool)
    if outcome == "fp":
        return np.zeros(len(outcomes), dtype=bool) if is_label else outcomes == Outcome.FALSE_POSITIVE
    if outcome == "confusion":
        return outcomes == Outcome.CONFUSION
    if outcome == "errors":
        return np.isin(outcomes, [Outcome.CONFUSION, Outcome.FALSE_NEGATIVE, Outcome.FALSE_POSITIVE])
    return np.isin(
        outcomes, [Outcome.TRUE_POSITIVE, Outcome.CONFUSION, Outcome.FALSE_NEGATIVE, Outcome.FALSE_POSITIVE]
    )


def frame_detail(
    data: LoadedDataset, index: int, loaded: LoadedInferences | None, evaluation: Evaluation | None
) -> FrameDetailRow:
    labels, predictions = page_boxes(data, np.array([index]), loaded, evaluation)[0]
    return FrameDetailRow(frame=frame_row(data, index, evaluation), labels=labels, predictions=predictions)


def page_boxes(
    data: LoadedDataset,
    indices: np.ndarray,
    loaded: LoadedInferences | None,
    evaluation: Evaluation | None,
) -> list[tuple[list[BoxRow], list[BoxRow]]]:
    """Labels and predictions (with outcomes when evaluated) of each frame in ``indices``.

    One pass over the label and prediction arrays for the whole page, so that a
    grid page costs the same as a single frame.
    """
    classes = data.project.class_names
    label_ids = data.labels.column("label_id")
    position = {int(frame): i for i, frame in enumerate(indices)}
    label_rows = np.flatnonzero(np.isin(data.label_frame, indices))
    label_iou = _matched_iou(evaluation, label_rows)
    out: list[tuple[list[BoxRow], list[BoxRow]]] = [([], []) for _ in indices]
    for row in label_rows:
        outcome = partner = iou = None
        if evaluation is not None:
            outcome = Outcome(int(evaluation.label_outcome[row])).short_name
            p = int(evaluation.label_partner[row])
            if p >= 0 and loaded is not None:
                partner = loaded.predictions.column("prediction_id")[p].as_py()
                iou = label_iou.get(int(row))
        out[position[int(data.label_frame[row])]][0].append(
            BoxRow(
                id=label_ids[int(row)].as_py(),
                class_name=classes[int(data.label_class[row])],
                box=None if data.label_boxes is None else tuple(float(v) for v in data.label_boxes[row]),  # type: ignore[arg-type]
                outcome=outcome,
                partner_id=partner,
                iou=iou,
            )
        )
    if loaded is None:
        return out
    pred_frame = loaded.evaluator.predictions.frame_index
    pred_ids = loaded.predictions.column("prediction_id")
    pred_rows = np.flatnonzero(np.isin(pred_frame, indices))
    partners = (
        evaluation.prediction_partner[pred_rows] if evaluation is not None else np.full(len(pred_rows), -1)
    )
    partner_iou = _matched_iou(evaluation, partners[partners >= 0])
    for row, partner_row in zip(pred_rows, partners, strict=True):
        outcome = partner = iou = None
        if evaluation is not None:
            outcome = Outcome(int(evaluation.prediction_outcome[row])).short_name
            if partner_row >= 0:
                partner = label_ids[int(partner_row)].as_py()
                iou = partner_iou.get(int(partner_row))
        out[position[int(pred_frame[row])]][1].append(
            BoxRow(
                id=pred_ids[int(row)].as_py(),
                class_name=classes[int(loaded.evaluator.predictions.class_index[row])],
                box=None
                if loaded.prediction_boxes is None
                else tuple(float(v) for v in loaded.prediction_boxes[row]),  # type: ignore[arg-type]
                confidence=float(loaded.evaluator.predictions.confidence[row]),
                outcome=outcome,
                partner_id=partner,
                iou=iou,
            )
        )
    return out


def _matched_iou(evaluation: Evaluation | None, label_rows: np.ndarray) -> dict[int, float | None]:
    """IoU of the matched pair of each label row that has one."""
    if evaluation is None or len(label_rows) == 0:
        return {}
    matches = evaluation.matches
    found = np.flatnonzero(np.isin(matches.label_index, label_rows))
    return {int(matches.label_index[i]): _optional(float(matches.iou[i])) for i in found}


__all__ = [
    "FrameDetailRow",
    "FrameRow",
    "frame_detail",
    "frame_row",
    "page_boxes",
    "select_frame_indices",
]
