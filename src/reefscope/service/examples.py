"""The items behind confusion cells, filtered, ordered and paginated (DESIGN 4.5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

from reefscope.engine import BACKGROUND, Evaluation, InvalidInputError
from reefscope.engine.results import Examples
from reefscope.service.loading import LoadedDataset, LoadedInferences

ExampleFilter = Literal["fn", "fp", "confused_as", "confused_from", "agreements", "disagreements"]
EXAMPLE_FILTERS: tuple[str, ...] = get_args(ExampleFilter)
Ordering = Literal["confidence", "iou", "box_size"]
MAX_PAGE_SIZE = 500

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class ExampleRow:
    frame_id: str
    gt_class: str
    predicted_class: str
    outcome: Literal["tp", "confusion", "fn", "fp"]
    label_id: str | None
    label_box: Box | None
    prediction_id: str | None
    prediction_box: Box | None
    iou: float | None
    confidence: float | None
    box_size: float | None


@dataclass(frozen=True)
class ExamplePage:
    total: int
    offset: int
    limit: int
    order_by: Ordering
    descending: bool
    cells: tuple[tuple[str, str], ...]
    rows: tuple[ExampleRow, ...]
    # The dataset version the rows come from (for their images and sizes).
    data: LoadedDataset = field(repr=False, compare=False)


def cells_for_filter(
    classes: Sequence[str], kind: ExampleFilter, class_name: str | None = None
) -> list[tuple[int, int]]:
    """Cells (gt, predicted) a filter selects; index ``len(classes)`` is background.

    ``agreements`` is the diagonal; ``disagreements`` are the kept predictions
    whose class differs from the label's (confusions and false positives), the
    cells where high-confidence mistakes and label errors show.
    """
    k = len(classes)
    if kind not in EXAMPLE_FILTERS:
        raise InvalidInputError(f"Expected argument `filter` to be one of {EXAMPLE_FILTERS} but got {kind!r}")
    if kind == "fn":
        return [(gt, k) for gt in range(k)]
    if kind == "fp":
        return [(k, predicted) for predicted in range(k)]
    if kind == "agreements":
        return [(c, c) for c in range(k)]
    if kind == "disagreements":
        return [(gt, predicted) for gt in range(k + 1) for predicted in range(k) if gt != predicted]
    if class_name is None:
        raise InvalidInputError(f"filter {kind!r} needs a class", field="class")
    target = class_index(classes, class_name)
    if target == k:
        raise InvalidInputError(f"filter {kind!r} needs a real class, not {BACKGROUND!r}", field="class")
    if kind == "confused_as":
        return [(gt, target) for gt in range(k) if gt != target]
    return [(target, predicted) for predicted in range(k) if predicted != target]


def class_index(classes: Sequence[str], name: str) -> int:
    """Index of a class name; ``background`` is ``len(classes)``."""
    if name == BACKGROUND:
        return len(classes)
    try:
        return list(classes).index(name)
    except ValueError:
        raise InvalidInputError(f"unknown class {name!r}", field="class") from None


def _box(boxes: np.ndarray | None, index: int) -> Box | None:
    if boxes is None or index < 0:
        return None
    x1, y1, x2, y2 = (float(value) for value in boxes[index])
    return (x1, y1, x2, y2)


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def page_of_examples(
    loaded: LoadedInferences,
    evaluation: Evaluation,
    cells: Iterable[tuple[int, int]],
    *,
    order_by: Ordering = "confidence",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
) -> ExamplePage:
    cell_list = sorted(set(cells))
    _check_page(offset, limit)
    # ``page`` sorts and cuts in one step (a top-k merge on a cluster).
    total, window = evaluation.page(
        cell_list, order_by=order_by, descending=descending, offset=offset, limit=limit
    )
    return _page(loaded, evaluation, cell_list, total, window, order_by, descending, offset, limit)


def page_of_rows(
    loaded: LoadedInferences,
    evaluation: Evaluation,
    rows_in: Examples,
    cell_list: Sequence[tuple[int, int]],
    *,
    order_by: Ordering = "confidence",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
) -> ExamplePage:
    """A page of any example rows (those of cells, or of an error type), sorted and cut."""
    _check_page(offset, limit)
    examples = rows_in.sorted(order_by, descending=descending)
    window = examples.take(slice(offset, offset + limit))
    return _page(loaded, evaluation, cell_list, len(examples), window, order_by, descending, offset, limit)


def _check_page(offset: int, limit: int) -> None:
    if not (1 <= limit <= MAX_PAGE_SIZE):
        raise InvalidInputError(f"Expected argument `limit` to be in [1, {MAX_PAGE_SIZE}] but got {limit}")
    if offset < 0:
        raise InvalidInputError(f"Expected argument `offset` to be >= 0 but got {offset}")


def _page(
    loaded: LoadedInferences,
    evaluation: Evaluation,
    cell_list: Sequence[tuple[int, int]],
    total: int,
    window: Examples,
    order_by: Ordering,
    descending: bool,
    offset: int,
    limit: int,
) -> ExamplePage:
    names = (*evaluation.classes, BACKGROUND)
    frame_ids = loaded.data.frames.column("frame_id")
    label_ids = loaded.data.labels.column("label_id")
    prediction_ids = loaded.predictions.column("prediction_id")
    k = len(evaluation.classes)
    rows = []
    for i in range(len(window)):
        gt, predicted = int(window.gt_class[i]), int(window.predicted_class[i])
        label, prediction = int(window.label_index[i]), int(window.prediction_index[i])
        if gt == k:
            outcome: Literal["tp", "confusion", "fn", "fp"] = "fp"
        elif predicted == k:
            outcome = "fn"
        else:
            outcome = "tp" if gt == predicted else "confusion"
        rows.append(
            ExampleRow(
                frame_id=frame_ids[int(window.frame_index[i])].as_py(),
                gt_class=names[gt],
                predicted_class=names[predicted],
                outcome=outcome,
                label_id=label_ids[label].as_py() if label >= 0 else None,
                label_box=_box(loaded.data.label_boxes, label),
                prediction_id=prediction_ids[prediction].as_py() if prediction >= 0 else None,
                prediction_box=_box(loaded.prediction_boxes, prediction),
                iou=_optional(window.iou[i]),
                confidence=_optional(window.confidence[i]),
                box_size=_optional(window.box_size[i]),
            )
        )
    return ExamplePage(
        total=total,
        offset=offset,
        limit=limit,
        order_by=order_by,
        descending=descending,
        cells=tuple((names[g], names[p]) for g, p in cell_list),
        rows=tuple(rows),
        data=loaded.data,
    )
