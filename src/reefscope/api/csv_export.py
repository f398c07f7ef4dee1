"""The metrics as CSV for spreadsheets: the report or the confusion matrix, settings on every row."""

from __future__ import annotations

import csv
import io
from typing import Literal

from reefscope.service.reports import REPORT_COLUMNS, settings_columns
from reefscope.service.results import MetricsResult

REPORT_HEADER = ("class", *REPORT_COLUMNS)


def metrics_csv(result: MetricsResult, table: Literal["report", "confusion"]) -> str:
    """The CSV text of one table; the trailing columns repeat how the numbers were computed."""
    trace = {
        key: "" if value is None else _text(str(value))
        for key, value in settings_columns(result.settings).items()
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if table == "report":
        writer.writerow([*REPORT_HEADER, *trace])
        for row in result.confusion.report.rows():
            writer.writerow(
                [
                    _text(row.name),
                    _cell(row.precision),
                    _cell(row.recall),
                    _cell(row.f1),
                    row.support,
                    row.true_positives,
                    row.false_positives,
                    row.false_negatives,
                    *trace.values(),
                ]
            )
        for name in ("weighted", "macro", "micro"):
            average = getattr(result.confusion.report, name)
            writer.writerow(
                [
                    f"{name} avg",
                    average.precision,
                    average.recall,
                    average.f1,
                    "",
                    "",
                    "",
                    "",
                    *trace.values(),
                ]
            )
    else:
        labels = list(result.confusion.labels)
        writer.writerow(["gt \\ predicted", *map(_text, labels), *trace])
        for label, row in zip(labels, result.confusion.counts.tolist(), strict=True):
            writer.writerow([_text(label), *row, *trace.values()])
    return buffer.getvalue()


def _cell(value: float | None) -> str:
    return "" if value is None else repr(value)


def _text(value: str) -> str:
    """A name as a CSV cell a spreadsheet shows as text, never runs as a formula (CWE-1236)."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
