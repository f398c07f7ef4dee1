"""Exact comparisons of a distributed answer with the single-process one."""

from __future__ import annotations

import numpy as np

from reefscope.engine import CocoEvaluation, Evaluation, Examples, PrCurves

FRAME_FIELDS = (
    "evaluated",
    "true_positives",
    "false_positives",
    "false_negatives",
    "confusions",
    "n_labels",
    "n_predictions",
)
ORDERS = ("confidence", "iou", "box_size")


def assert_same_examples(expected: Examples, actual: Examples) -> None:
    for name in Examples.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(actual, name), getattr(expected, name), err_msg=name)


def assert_same_evaluation(expected: Evaluation, actual: Evaluation, *, whole: bool = True) -> None:
    """Matrix and per-frame results always; with ``whole``, the matching and every item's outcome too."""
    np.testing.assert_array_equal(actual.confusion.counts, expected.confusion.counts)
    assert actual.report.rows() == expected.report.rows()
    for name in FRAME_FIELDS:
        np.testing.assert_array_equal(getattr(actual.frames, name), getattr(expected.frames, name), name)
    if not whole:
        return
    for name in ("label_index", "prediction_index", "iou"):
        np.testing.assert_array_equal(getattr(actual.matches, name), getattr(expected.matches, name), name)
    np.testing.assert_array_equal(actual.label_outcome, expected.label_outcome)
    np.testing.assert_array_equal(actual.prediction_outcome, expected.prediction_outcome)
    np.testing.assert_array_equal(actual.label_partner, expected.label_partner)
    np.testing.assert_array_equal(actual.prediction_partner, expected.prediction_partner)


def assert_same_pages(expected: Evaluation, actual: Evaluation, cells: list[tuple[int, int]]) -> None:
    """Every ordering, both directions, a first page and one further in."""
    for order in ORDERS:
        for descending in (True, False):
            for offset, limit in ((0, 5), (3, 500)):
                options = {"order_by": order, "descending": descending, "offset": offset, "limit": limit}
                total, rows = expected.page(cells, **options)  # type: ignore[arg-type]
                got_total, got_rows = actual.page(cells, **options)  # type: ignore[arg-type]
                assert got_total == total, options
                assert_same_examples(rows, got_rows)


def assert_same_curves(expected: PrCurves, actual: PrCurves) -> None:
    np.testing.assert_array_equal(actual.confidences, expected.confidences)
    for name in ("true_positives", "false_positives", "false_negatives"):
        np.testing.assert_array_equal(getattr(actual, name), getattr(expected, name), name)


def assert_same_coco(expected: CocoEvaluation, actual: CocoEvaluation) -> None:
    # NaN == NaN here: undefined cells must be undefined in both.
    np.testing.assert_array_equal(actual.precision, expected.precision)
    np.testing.assert_array_equal(actual.recall, expected.recall)
    np.testing.assert_array_equal(actual.stats, expected.stats)
    assert actual.ap == expected.ap and actual.ar100 == expected.ar100
