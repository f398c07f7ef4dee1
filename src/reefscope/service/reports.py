"""Plain renderings of service results: JSON-ready dicts, CSV and JUnit XML.

The CLI, the Python package (and any other front door) serialise results
through these functions, so the same evaluation gives the same keys and the
same numbers everywhere. Keys are stable; an undefined value (a per-class
0/0, a score without a threshold) is ``None``, never a number.
"""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from reefscope.engine import ClassReport, ConfusionMatrix, PrCurves
from reefscope.engine.report import AVERAGES
from reefscope.service.examples import ExamplePage
from reefscope.service.results import ALL_FRAMES, MetricCheck, MetricsResult, SegmentScore, Settings, Verdict

REPORT_COLUMNS = (
    "precision",
    "recall",
    "f1",
    "support",
    "true_positives",
    "false_positives",
    "false_negatives",
)


def defined(value: float | None) -> float | None:
    """``value`` as a float, or ``None`` when it is undefined (``None`` or NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


# ---- metrics -------------------------------------------------------------------------------------


def report_dict(report: ClassReport) -> dict[str, Any]:
    """Per-class rows and the three averages of a classification report."""
    return {
        "classes": [asdict(row) for row in report.rows()],
        "averages": {name: asdict(report.average(name)) for name in AVERAGES},
    }


def confusion_dict(confusion: ConfusionMatrix) -> dict[str, Any]:
    """Row/column labels (background last) and the counts, ground truth on rows."""
    return {"labels": list(confusion.labels), "counts": confusion.counts.tolist()}


def metrics_dict(result: MetricsResult) -> dict[str, Any]:
    """Settings, summary, report and confusion matrix of one evaluation."""
    return {
        "settings": asdict(result.settings),
        "summary": asdict(result.summary),
        "report": report_dict(result.confusion.report),
        "confusion": confusion_dict(result.confusion),
    }


def report_table_rows(report: ClassReport) -> list[dict[str, Any]]:
    """One flat row per class, then one per average (``class`` = ``"<name> avg"``; counts blank)."""
    rows: list[dict[str, Any]] = [{"class": row.name, **_without_name(asdict(row))} for row in report.rows()]
    total = int(report.support.sum())
    for name in AVERAGES:
        scores = report.average(name)
        rows.append(
            {
                "class": f"{name} avg",
                "precision": scores.precision,
                "recall": scores.recall,
                "f1": scores.f1,
                "support": total,
                "true_positives": None,
                "false_positives": None,
                "false_negatives": None,
            }
        )
    return rows


def _without_name(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "name"}


def settings_columns(settings: Settings) -> dict[str, Any]:
    """The settings behind a number, as the trailing columns of every CSV row."""
    return {
        "confidence": settings.confidence,
        "iou": settings.iou,
        "iou_convention": settings.iou_convention,
        "size": settings.size or "all",
        "area_min": settings.area_min,
        "area_max": settings.area_max,
        "segment": settings.segment or ALL_FRAMES,
        "dataset_version": settings.dataset_version,
        "inference_set_version": settings.inference_set_version,
    }


def report_csv(report: ClassReport, *, settings: Settings | None = None) -> str:
    """The classification report as CSV; undefined values are empty cells.

    With ``settings``, every row also carries them (thresholds, IoU
    convention, object size), so a row read alone says how it was computed.
    """
    trace = {} if settings is None else settings_columns(settings)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["class", *REPORT_COLUMNS, *trace], lineterminator="\n")
    writer.writeheader()
    for row in report_table_rows(report):
        writer.writerow({key: "" if value is None else value for key, value in {**row, **trace}.items()})
    return buffer.getvalue()


@dataclass(frozen=True)
class ConfusionCell:
    """One cell of a confusion matrix with its share of the ground-truth row."""

    gt_class: str
    predicted_class: str
    count: int
    row_share: float | None


def top_confusions(
    confusion: ConfusionMatrix, *, limit: int | None = None, include_correct: bool = False
) -> list[ConfusionCell]:
    """Non-zero cells by count (descending; ties in matrix order), errors only by default.

    The sparse view of a matrix too large to print: a background cell is a
    missed label (column) or a false detection (row).
    """
    counts = confusion.counts
    mask = counts > 0
    if not include_correct:
        diagonal = np.eye(len(counts), dtype=bool)
        diagonal[-1, -1] = False
        mask &= ~diagonal
    rows, columns = np.nonzero(mask)
    values = counts[rows, columns]
    order = np.lexsort((columns, rows, -values))
    if limit is not None:
        order = order[:limit]
    labels = confusion.labels
    row_totals = counts.sum(axis=1)
    return [
        ConfusionCell(
            gt_class=labels[rows[i]],
            predicted_class=labels[columns[i]],
            count=int(values[i]),
            row_share=float(values[i] / row_totals[rows[i]]) if row_totals[rows[i]] else None,
        )
        for i in order
    ]


# ---- curves and examples ---------------------------------------------------------------------------


def curves_dict(curves: PrCurves) -> dict[str, Any]:
    """Per-class and aggregate curves as lists (``None`` where undefined)."""

    def listed(values: np.ndarray) -> list[float | None]:
        return [defined(value) for value in values.tolist()]

    weighted = curves.weighted()
    micro = curves.micro()
    return {
        "iou": curves.iou_threshold,
        "confidences": curves.confidences.tolist(),
        "classes": [
            {
                "name": name,
                "support": int(curves.support[index]),
                "precision": listed(curves.precision[:, index]),
                "recall": listed(curves.recall[:, index]),
                "f1": listed(curves.f1[:, index]),
            }
            for index, name in enumerate(curves.classes)
        ],
        "weighted": {
            metric: listed(values)
            for metric, values in zip(("precision", "recall", "f1"), weighted, strict=True)
        },
        "micro": {
            metric: listed(values)
            for metric, values in zip(("precision", "recall", "f1"), micro, strict=True)
        },
    }


def examples_dict(page: ExamplePage) -> dict[str, Any]:
    return {
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "order_by": page.order_by,
        "descending": page.descending,
        "cells": [list(cell) for cell in page.cells],
        "rows": [_example_row(asdict(row)) for row in page.rows],
    }


def _example_row(row: dict[str, Any]) -> dict[str, Any]:
    # Boxes as lists: what JSON gives back, so that dicts and parsed JSON compare equal.
    for key in ("label_box", "prediction_box"):
        if row[key] is not None:
            row[key] = list(row[key])
    return row


# ---- segments and regression tests ---------------------------------------------------------------


def check_dict(check: MetricCheck) -> dict[str, Any]:
    return asdict(check)


def score_dict(score: SegmentScore) -> dict[str, Any]:
    return {
        "segment": score.segment,
        "kind": score.kind,
        "description": score.description,
        "frame_count": score.frame_count,
        "passed": score.passed,
        "checks": [check_dict(check) for check in score.checks],
        "false_positives": score.false_positives,
        "false_negatives": score.false_negatives,
        "confusions": score.confusions,
    }


def verdict_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "project": verdict.project,
        "dataset": verdict.dataset,
        "inference_set": verdict.inference_set,
        "confidence": verdict.confidence,
        "iou": verdict.iou,
        "iou_convention": verdict.iou_convention,
        "passed": verdict.passed,
        "tests": [score_dict(test) for test in verdict.tests],
        "failures": [{"segment": segment, **check_dict(check)} for segment, check in verdict.failures],
    }


def describe_check(check: MetricCheck) -> str:
    """``"recall 0.912 >= 0.900"`` or ``"recall 0.871 < 0.900"``; no threshold: just the score."""
    score = "undefined" if check.score is None else f"{check.score:.3f}"
    if check.threshold is None:
        return f"{check.metric} {score} (no threshold)"
    relation = ">=" if check.succeeds else "<"
    if check.score is None:
        relation = "cannot meet"
    return f"{check.metric} {score} {relation} {check.threshold:.3f}"


def verdict_junit(verdict: Verdict) -> str:
    """JUnit XML: one test suite per run, one test case per regression test x metric.

    A metric without a threshold is a skipped case (its score is still
    recorded as a property), so CI systems show every segment and metric.
    """
    suite_name = f"{verdict.project}/{verdict.dataset}/{verdict.inference_set}"
    cases = [(test, check) for test in verdict.tests for check in test.checks]
    failures = sum(1 for _, check in cases if check.succeeds is False)
    skipped = sum(1 for _, check in cases if check.succeeds is None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    root = ET.Element("testsuites", {"name": "reefscope", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": suite_name, **counts})
    properties = ET.SubElement(suite, "properties")
    settings = {
        "confidence": verdict.confidence,
        "iou": verdict.iou,
        "iou_convention": verdict.iou_convention,
    }
    for key, value in settings.items():
        ET.SubElement(properties, "property", {"name": key, "value": "" if value is None else str(value)})
    for test, check in cases:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": f"{suite_name}.{test.segment}", "name": check.metric, "time": "0"},
        )
        case_properties = ET.SubElement(case, "properties")
        for key, value in (("score", check.score), ("threshold", check.threshold)):
            text = "" if value is None else repr(float(value))
            ET.SubElement(case_properties, "property", {"name": key, "value": text})
        if check.succeeds is False:
            failure = ET.SubElement(case, "failure", {"message": describe_check(check), "type": "threshold"})
            failure.text = (
                f"segment {test.segment!r} ({test.frame_count} frames): {describe_check(check)} "
                f"at confidence {verdict.confidence}"
                + ("" if verdict.iou is None else f", IoU {verdict.iou}")
            )
        elif check.succeeds is None:
            ET.SubElement(case, "skipped", {"message": f"no {check.metric} threshold set"})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# ---- comparisons ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeltaCell:
    """One changed cell of a comparison (DESIGN 4.6)."""

    gt_class: str
    predicted_class: str
    first: int
    second: int
    delta: int
    improvement: bool

    @property
    def text(self) -> str:
        """Hover text: ``<pred> - <gt> +N (a -> b)``."""
        return f"{self.predicted_class} - {self.gt_class} {self.delta:+d} ({self.first} -> {self.second})"


def delta_cells(first: ConfusionMatrix, second: ConfusionMatrix) -> list[DeltaCell]:
    """Cells whose count changed, largest change first.

    On the diagonal more is better; elsewhere (errors) fewer is better.
    """
    if first.classes != second.classes:
        raise ValueError("cannot compare confusion matrices over different classes")
    delta = second.counts - first.counts
    rows, columns = np.nonzero(delta)
    order = np.lexsort((columns, rows, -np.abs(delta[rows, columns])))
    labels = first.labels
    k = first.n_classes
    cells = []
    for i in order:
        r, c = int(rows[i]), int(columns[i])
        change = int(delta[r, c])
        correct = r == c and r < k
        cells.append(
            DeltaCell(
                gt_class=labels[r],
                predicted_class=labels[c],
                first=int(first.counts[r, c]),
                second=int(second.counts[r, c]),
                delta=change,
                improvement=(change > 0) if correct else (change < 0),
            )
        )
    return cells
