"""The package's view of PASCAL VOC AP: prints as tables, renders as HTML, exports as dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult

from reefscope.display import Column, Table, html_table, key_values, render_text
from reefscope.engine import VocEvaluation

if TYPE_CHECKING:
    import pandas as pd

_COLUMNS = (
    Column("class", "class"),
    Column("ap_11point", "AP 11-point", "score"),
    Column("ap_all_point", "AP all-point", "score"),
    Column("positives", "labels (not difficult)", "count"),
    Column("detections", "detections", "count"),
)


class VocMetrics:
    """PASCAL VOC AP per class and mean, 11-point (VOC2007) and all-point (VOC2010+).

    ``map_11point`` and ``map_all_point`` are ``None`` when no class has a
    label; a class without labels has no AP (``None``) and is left out of the means.
    """

    def __init__(self, raw: VocEvaluation, classes: Sequence[str]) -> None:
        self.raw = raw
        self.classes = tuple(classes)

    @property
    def map_11point(self) -> float | None:
        return self.raw.map_11point

    @property
    def map_all_point(self) -> float | None:
        return self.raw.map_all_point

    def summary(self) -> Table:
        raw = self.raw
        return key_values(
            "PASCAL VOC AP",
            [
                ("IoU", raw.iou_threshold, "number"),
                ("IoU convention", raw.iou_convention.replace("_", "-"), "text"),
                ("mAP 11-point (VOC2007)", raw.map_11point, "score"),
                ("mAP all-point (VOC2010+)", raw.map_all_point, "score"),
            ],
        )

    def per_class(self) -> Table:
        def value(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        raw = self.raw
        rows = tuple(
            {
                "class": name,
                "ap_11point": value(raw.class_ap_11point[i]),
                "ap_all_point": value(raw.class_ap_all_point[i]),
                "positives": int(raw.n_positives[i]),
                "detections": int(raw.n_detections[i]),
            }
            for i, name in enumerate(self.classes)
        )
        return Table(columns=_COLUMNS, rows=rows, title="VOC AP per class", index="class")

    def to_dict(self) -> dict[str, Any]:
        raw = self.raw
        return {
            "iou": raw.iou_threshold,
            "iou_convention": raw.iou_convention,
            "map_11point": raw.map_11point,
            "map_all_point": raw.map_all_point,
            "per_class": list(self.per_class().rows),
        }

    def to_pandas(self) -> pd.DataFrame:
        return self.per_class().to_pandas()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.summary()
        yield self.per_class()

    def __str__(self) -> str:
        return render_text(self)

    def __repr__(self) -> str:
        def short(value: float | None) -> str:
            return "None" if value is None else f"{value:.3f}"

        return f"<VocMetrics mAP11={short(self.map_11point)} mAP={short(self.map_all_point)}>"

    def _repr_html_(self) -> str:
        return html_table(self.summary()) + html_table(self.per_class())
