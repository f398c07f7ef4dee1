"""Renderings shared by the front doors: sorted confusions, deltas, CSV, JUnit, terminal tables."""

from __future__ import annotations

import numpy as np

from reefscope.display import MatrixView, Table, confusion_view, render_text
from reefscope.engine import ConfusionMatrix
from reefscope.service.reports import delta_cells, report_csv, top_confusions


def matrix(counts: list[list[int]], classes: tuple[str, ...] = ("cat", "dog")) -> ConfusionMatrix:
    return ConfusionMatrix(np.array(counts), classes)


def test_top_confusions_sorts_errors_and_skips_the_diagonal() -> None:
    m = matrix([[5, 2, 1], [3, 4, 0], [7, 0, 0]])
    cells = top_confusions(m)
    assert [(c.gt_class, c.predicted_class, c.count) for c in cells] == [
        ("background", "cat", 7),
        ("dog", "cat", 3),
        ("cat", "dog", 2),
        ("cat", "background", 1),
    ]
    assert cells[1].row_share == 3 / 7
    assert len(top_confusions(m, limit=2)) == 2
    assert len(top_confusions(m, include_correct=True)) == 6


def test_delta_cells_colour_and_text() -> None:
    first = matrix([[2, 1, 0], [0, 3, 0], [4, 0, 0]])
    second = matrix([[12, 0, 0], [0, 1, 0], [5, 0, 0]])
    cells = {(c.gt_class, c.predicted_class): c for c in delta_cells(first, second)}
    assert cells[("cat", "cat")].improvement and cells[("cat", "cat")].text == "cat - cat +10 (2 -> 12)"
    assert not cells[("dog", "dog")].improvement
    assert cells[("cat", "dog")].improvement  # one fewer confusion
    assert not cells[("background", "cat")].improvement  # one more false positive
    assert next(iter(cells)) == ("cat", "cat")  # largest change first


def test_report_csv_leaves_undefined_empty() -> None:
    text = report_csv(matrix([[0, 0, 0], [0, 2, 1], [0, 0, 0]]).report)
    lines = text.splitlines()
    assert lines[0] == "class,precision,recall,f1,support,true_positives,false_positives,false_negatives"
    assert lines[1] == "cat,,,,0,0,0,0"
    assert lines[-1].startswith("micro avg,")


def test_matrix_view_fits_the_width_and_numbers_rows() -> None:
    classes = tuple(f"class-{i}" for i in range(20))
    counts = np.zeros((21, 21), dtype=np.int64)
    np.fill_diagonal(counts, 100)
    counts[3, 20] = 7
    text = render_text(MatrixView(ConfusionMatrix(counts, classes)), width=80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith(" 3 class-3") and line.rstrip().endswith("7") for line in lines)
    assert sum(line.startswith(" 0 class-0") for line in lines) >= 2  # wrapped into blocks


def test_confusion_view_switches_to_cells_beyond_25_classes() -> None:
    small = ConfusionMatrix(np.eye(26, dtype=np.int64), tuple(f"c{i}" for i in range(25)))
    assert isinstance(confusion_view(small), MatrixView)
    big = ConfusionMatrix(np.eye(27, dtype=np.int64), tuple(f"c{i}" for i in range(26)))
    assert isinstance(confusion_view(big), Table)
    assert isinstance(confusion_view(big, matrix=True), MatrixView)
