"""The comparison view: two inference sets of one dataset, side by side and cell by cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult

from reefscope.display import Column, Table, html_table, require_pandas
from reefscope.service import reports
from reefscope.service.core import Comparison as ServiceComparison
from reefscope.service.results import METRIC_NAMES, Settings
from reefscope.views._render import Rendered
from reefscope.views.metrics import Metrics

if TYPE_CHECKING:
    import pandas as pd


def _describe(settings: Settings) -> str:
    iou = "" if settings.iou is None else f", IoU {settings.iou:g}"
    return f"{settings.inference_set} (confidence {settings.confidence:g}{iou})"


class Comparison(Rendered):
    """Two inference sets on the same frames, each at its own thresholds (DESIGN 4.6)."""

    def __init__(self, comparison: ServiceComparison) -> None:
        self.raw = comparison
        self.first = Metrics(comparison.first)
        self.second = Metrics(comparison.second)

    @property
    def delta(self) -> np.ndarray:
        """``second - first`` counts per cell (ground truth on rows, background last)."""
        return self.raw.delta

    def summary(self) -> Table:
        rows = []
        for name in METRIC_NAMES:
            a, b = getattr(self.first.summary, name), getattr(self.second.summary, name)
            rows.append(
                {"metric": name, "first": a, "second": b, "change": None if a is None or b is None else b - a}
            )
        for count in ("false_positives", "false_negatives", "confusions"):
            a, b = getattr(self.first.summary, count), getattr(self.second.summary, count)
            rows.append({"metric": count.replace("_", " "), "first": a, "second": b, "change": b - a})
        return Table(
            columns=(
                Column("metric", "metric"),
                Column("first", "first", "number"),
                Column("second", "second", "number"),
                Column("change", "change", "number"),
            ),
            rows=tuple(rows),
            title=f"Comparison: {_describe(self.first.settings)} -> {_describe(self.second.settings)}",
        )

    def changes(self, *, limit: int | None = None) -> Table:
        """Changed cells, largest first, with the hover text ``<pred> - <gt> +N (a -> b)``."""
        cells = reports.delta_cells(self.first.confusion, self.second.confusion)
        shown = cells if limit is None else cells[:limit]
        return Table(
            columns=(
                Column("ground_truth", "ground truth"),
                Column("predicted", "predicted"),
                Column("first", "first", "count"),
                Column("second", "second", "count"),
                Column("delta", "delta", "count"),
                Column("verdict", "verdict"),
            ),
            rows=tuple(
                {
                    "ground_truth": cell.gt_class,
                    "predicted": cell.predicted_class,
                    "first": cell.first,
                    "second": cell.second,
                    "delta": cell.delta,
                    "verdict": "better" if cell.improvement else "worse",
                }
                for cell in shown
            ),
            title="Changed cells",
            caption=None if len(shown) == len(cells) else f"{len(shown)} of {len(cells)} changed cells",
        )

    def to_pandas(self) -> pd.DataFrame:
        """The delta matrix as a DataFrame (ground truth on the index)."""
        pandas = require_pandas()
        labels = list(self.first.confusion.labels)
        return pandas.DataFrame(
            self.delta,
            index=pandas.Index(labels, name="ground truth"),
            columns=pandas.Index(labels, name="predicted"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "delta": self.delta.tolist(),
            "changes": [
                {**cell.__dict__, "text": cell.text}
                for cell in reports.delta_cells(self.first.confusion, self.second.confusion)
            ],
        }

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.summary()
        yield self.changes(limit=20)

    def __repr__(self) -> str:
        return f"<Comparison {self.first.settings.inference_set} -> {self.second.settings.inference_set}>"

    def _repr_html_(self) -> str:
        return html_table(self.summary()) + html_table(self.changes(limit=50))
