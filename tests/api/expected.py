"""Expected API bodies computed straight from the service and engine results."""

from __future__ import annotations

from typing import Any

import numpy as np

from reefscope.engine import ClassReport
from reefscope.service.results import MetricsResult


def report_rows(report: ClassReport) -> list[dict[str, Any]]:
    return [
        {
            "name": row.name,
            "precision": row.precision,
            "recall": row.recall,
            "f1": row.f1,
            "support": row.support,
            "true_positives": row.true_positives,
            "false_positives": row.false_positives,
            "false_negatives": row.false_negatives,
        }
        for row in report.rows()
    ]


def averages(report: ClassReport) -> dict[str, dict[str, float]]:
    return {
        name: {
            "precision": getattr(report, name).precision,
            "recall": getattr(report, name).recall,
            "f1": getattr(report, name).f1,
        }
        for name in ("weighted", "macro", "micro")
    }


def summary(result: MetricsResult) -> dict[str, Any]:
    s = result.summary
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "false_positives": s.false_positives,
        "false_negatives": s.false_negatives,
        "confusions": s.confusions,
        "frame_count": s.frame_count,
        "objective": s.objective,
    }


def matrix_from_body(confusion: dict[str, Any]) -> np.ndarray:
    """The full (K+1) x (K+1) matrix of a dense or sparse confusion body."""
    labels = confusion["labels"]
    if confusion["layout"] == "dense":
        return np.asarray(confusion["counts"], dtype=np.int64)
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    position = {name: i for i, name in enumerate(labels)}
    for cell in confusion["cells"]:
        matrix[position[cell["gt"]], position[cell["pred"]]] = cell["count"]
    return matrix


def assert_metrics_body(body: dict[str, Any], result: MetricsResult) -> None:
    """Every number of a metrics response equals the service's."""
    assert body["summary"] == summary(result)
    assert body["classes"] == list(result.confusion.classes)
    assert body["report"]["rows"] == report_rows(result.confusion.report)
    for name, values in averages(result.confusion.report).items():
        assert body["report"][name] == values
    np.testing.assert_array_equal(matrix_from_body(body["confusion"]), result.confusion.counts)
    assert body["confusion"]["labels"] == [*result.confusion.classes, "background"]
    assert body["confusion"]["total"] == int(result.confusion.counts.sum())
    settings = result.settings
    for key in ("project", "dataset", "inference_set", "confidence", "iou", "class_aware"):
        assert body["settings"][key] == getattr(settings, key), key
    assert body["settings"]["dataset_version"] == settings.dataset_version
    assert body["settings"]["inference_set_version"] == settings.inference_set_version
