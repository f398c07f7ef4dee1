"""An :class:`~reefscope.engine.Evaluation` whose parts stay on the cluster until asked for.

The confusion matrix is summed when the evaluation is made (a slider move
needs nothing else). Per-frame results are fetched, partition by partition, on
first use; the examples behind a cell come as each partition's first rows,
merged (a top-k merge); only the per-item views (outcomes of every label and
prediction) gather the matched pairs of the whole set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from reefscope.distributed import partition
from reefscope.distributed.cluster import ClusterError, gather
from reefscope.engine import ConfusionMatrix, Evaluation, Examples, FrameResults, InvalidInputError, Matches
from reefscope.engine.results import EvaluatedItems, ExampleOrder

if TYPE_CHECKING:
    from distributed import Future
    from reefscope.distributed.evaluator import DistributedDetectionEvaluator


def concatenate_examples(parts: Sequence[Examples]) -> Examples:
    names = Examples.__dataclass_fields__
    return Examples(**{name: np.concatenate([getattr(p, name) for p in parts]) for name in names})


def empty_examples() -> Examples:
    ints = np.zeros(0, dtype=np.int64)
    floats = np.zeros(0)
    return Examples(ints, ints, ints, ints, ints, floats, floats, floats)


class DistributedEvaluation(Evaluation):
    """One evaluation at fixed thresholds, held by the workers as one evaluation per partition."""

    _evaluator: DistributedDetectionEvaluator
    _partitions: tuple[Future, ...]
    _evaluations: tuple[Future, ...]

    def __init__(
        self,
        evaluator: DistributedDetectionEvaluator,
        partitions: Sequence[Future],
        evaluations: Sequence[Future],
        *,
        confusion: ConfusionMatrix,
        confidence: float,
        iou: float,
        class_aware: bool,
        frame_mask: np.ndarray,
    ) -> None:
        # The parent is a frozen dataclass: set what it would, without its __init__.
        values = {
            "task": "detection",
            "confusion": confusion,
            "confidence_threshold": confidence,
            "iou_threshold": iou,
            "class_aware": class_aware,
            "frame_mask": frame_mask,
            "_evaluator": evaluator,
            "_partitions": tuple(partitions),
            "_evaluations": tuple(evaluations),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return (
            f"DistributedEvaluation(confidence={self.confidence_threshold}, iou={self.iou_threshold}, "
            f"partitions={len(self._evaluations)})"
        )

    def _run(self, function: Callable[..., Any], *args: object, what: str) -> list[Any]:
        evaluator = self._evaluator
        futures = [
            evaluator.client.submit(function, part, evaluation, *args, pure=False)
            for part, evaluation in zip(self._partitions, self._evaluations, strict=True)
        ]
        return gather(evaluator.client, futures, timeout=evaluator.timeout, what=what)

    # ---- per frame: gathered, never the whole matching -------------------------------------------

    @cached_property
    def frames(self) -> FrameResults:
        evaluator = self._evaluator
        futures = [evaluator.client.submit(partition.frame_results, e, pure=False) for e in self._evaluations]
        parts = gather(evaluator.client, futures, timeout=evaluator.timeout, what="per-frame results")
        joined = {
            name: np.concatenate([p[name] for p in parts]).astype(np.int64)
            if parts
            else np.zeros(0, np.int64)
            for name in (
                "true_positives",
                "false_positives",
                "false_negatives",
                "confusions",
                "n_labels",
                "n_predictions",
            )
        }
        return FrameResults(evaluated=self.frame_mask, **joined)

    # ---- examples: a top-k merge ------------------------------------------------------------------

    def page(
        self,
        cells: Iterable[tuple[int, int]],
        *,
        order_by: ExampleOrder = "confidence",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, Examples]:
        """Each partition's first ``offset + limit`` rows in the order, merged: one process's page."""
        cell_list = sorted(set(cells))
        k = self.confusion.n_classes
        for gt, predicted in cell_list:
            if not (0 <= gt <= k and 0 <= predicted <= k):
                raise InvalidInputError(f"cell ({gt}, {predicted}) is outside the {k + 1}x{k + 1} matrix")
        parts = self._run(
            partition.first_examples, cell_list, order_by, descending, offset + limit, what="examples"
        )
        total = sum(count for count, _ in parts)
        if not parts:
            return 0, empty_examples()
        merged = concatenate_examples([rows for _, rows in parts]).sorted(order_by, descending=descending)
        return total, merged.take(slice(offset, offset + limit))

    # ---- the whole matching, for views that colour every item -------------------------------------

    @cached_property
    def items(self) -> EvaluatedItems:
        return self._evaluator.items

    @cached_property
    def matches(self) -> Matches:
        parts = self._run(partition.global_matches, what="the matched pairs")
        if not parts:
            return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        # Partitions hold consecutive frames, and each keeps its frames' pair order: joined in
        # partition order, the pairs come in the single process's order (by frame).
        return Matches(
            label_index=np.concatenate([p[0] for p in parts]),
            prediction_index=np.concatenate([p[1] for p in parts]),
            iou=np.concatenate([p[2] for p in parts]),
        )

    @cached_property
    def label_active(self) -> np.ndarray:
        return self.frame_mask[self.items.label_frame]

    @cached_property
    def prediction_kept(self) -> np.ndarray:
        items = self.items
        return (items.prediction_confidence >= self.confidence_threshold) & self.frame_mask[
            items.prediction_frame
        ]


def no_items_error() -> ClusterError:
    return ClusterError(
        "this evaluator was built from partition files alone: per-item results need the labels and "
        "predictions on the client"
    )
