"""Metrics views: the confusion matrix with its report, COCO mAP, and PR curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult

from reefscope.display import (
    Column,
    Table,
    confusion_html,
    confusion_table,
    confusion_view,
    html_table,
    key_values,
    require_pandas,
)
from reefscope.engine import ClassReport, CocoEvaluation, ConfusionMatrix, Evaluation, PrCurves
from reefscope.service import reports
from reefscope.service.results import MetricsResult, Settings, Summary
from reefscope.views._render import Rendered

if TYPE_CHECKING:
    import pandas as pd


_REPORT_COLUMNS = (
    Column("class", "class"),
    Column("precision", "precision", "score"),
    Column("recall", "recall", "score"),
    Column("f1", "f1", "score"),
    Column("support", "support", "count"),
    Column("true_positives", "tp", "count"),
    Column("false_positives", "fp", "count"),
    Column("false_negatives", "fn", "count"),
)


def report_table(report: ClassReport, *, title: str = "Classification report") -> Table:
    """Per-class rows, then the weighted, macro and micro averages."""
    rows = tuple(reports.report_table_rows(report))
    return Table(
        columns=_REPORT_COLUMNS,
        rows=rows,
        title=title,
        index="class",
        rules_before=(len(report.classes),),
    )


def summary_table(settings: Settings, summary: Summary) -> Table:
    """The headline numbers with the settings that produced them."""
    where = f"{settings.project} / {settings.dataset} / {settings.inference_set}"
    scope = settings.segment or "All Frames"
    headline = settings.metric_class or "weighted"
    items: list[tuple[str, Any, Any]] = [
        ("evaluated", where, "text"),
        ("segment", f"{scope} ({summary.frame_count} frames)", "text"),
        ("confidence", settings.confidence, "number"),
    ]
    if settings.iou is not None:
        items.append(("IoU", settings.iou, "number"))
    if settings.iou_convention is not None:
        items.append(("IoU convention", settings.iou_convention.replace("_", "-"), "text"))
    if settings.size is not None:
        upper = "" if settings.area_max is None else f" to {settings.area_max:g}"
        items.append(("objects", f"{settings.size} (box area {settings.area_min:g}{upper} px)", "text"))
    if settings.source == "custom":
        items.append(("source", "custom metrics (thresholds do not apply)", "text"))
    items += [
        (f"precision ({headline})", summary.precision, "score"),
        (f"recall ({headline})", summary.recall, "score"),
        (f"f1 ({headline})", summary.f1, "score"),
        ("false positives", summary.false_positives, "count"),
        ("false negatives", summary.false_negatives, "count"),
        ("confusions", summary.confusions, "count"),
    ]
    if summary.objective is not None:
        items.append(("objective (mean)", summary.objective, "number"))
    return key_values("Summary", items)


class MetricsFrames(NamedTuple):
    """The DataFrames of :meth:`Metrics.to_pandas`."""

    report: pd.DataFrame
    confusion: pd.DataFrame


class Metrics(Rendered):
    """One evaluation: summary, classification report and confusion matrix.

    ``metrics.summary`` holds the headline precision / recall / F1 (weighted
    over classes, or the ``metric_class``'s) and the error counts;
    ``metrics.confusion`` is the engine's :class:`~reefscope.engine.ConfusionMatrix`
    (``.counts``, ``.labels`` with ``background`` last, ``.report``).
    """

    def __init__(self, result: MetricsResult) -> None:
        self.result = result

    @property
    def settings(self) -> Settings:
        return self.result.settings

    @property
    def summary(self) -> Summary:
        return self.result.summary

    @property
    def confusion(self) -> ConfusionMatrix:
        return self.result.confusion

    @property
    def evaluation(self) -> Evaluation | None:
        """The engine's full evaluation (matches, per-item outcomes); ``None`` for custom metrics."""
        return self.result.evaluation

    @property
    def precision(self) -> float | None:
        return self.summary.precision

    @property
    def recall(self) -> float | None:
        return self.summary.recall

    @property
    def f1(self) -> float | None:
        return self.summary.f1

    def report(self) -> Table:
        """The classification report as a table (print it, show it, or ``.to_pandas()``)."""
        return report_table(self.confusion.report)

    def confusions(self, *, limit: int | None = None) -> Table:
        """Non-zero error cells sorted by count: the readable view of a large matrix."""
        return confusion_table(self.confusion, limit=limit)

    def to_pandas(self) -> MetricsFrames:
        """``(report, confusion)`` DataFrames: the report indexed by class (averages last),
        the matrix with ground truth on the index and predictions on the columns."""
        pandas = require_pandas()
        labels = list(self.confusion.labels)
        confusion = pandas.DataFrame(
            self.confusion.counts,
            index=pandas.Index(labels, name="ground truth"),
            columns=pandas.Index(labels, name="predicted"),
        )
        return MetricsFrames(self.report().to_pandas(), confusion)

    def to_dict(self) -> dict[str, Any]:
        """Settings, summary, report and confusion as plain JSON-ready values (as ``--json``)."""
        return reports.metrics_dict(self.result)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield summary_table(self.settings, self.summary)
        yield self.report()
        yield confusion_view(self.confusion)

    def __repr__(self) -> str:
        s = self.settings
        iou = "" if s.iou is None else f", iou={s.iou:g}"
        scores = ", ".join(
            f"{name}={_short(getattr(self.summary, name))}" for name in ("precision", "recall", "f1")
        )
        return (
            f"<Metrics {s.project}/{s.dataset}/{s.inference_set} "
            f"confidence={s.confidence:g}{iou} segment={s.segment or 'All Frames'!r}: {scores}>"
        )

    def _repr_html_(self) -> str:
        return (
            html_table(summary_table(self.settings, self.summary))
            + html_table(self.report())
            + confusion_html(self.confusion)
        )


_COCO_LABELS = {
    "ap": "AP @[.50:.95]",
    "ap50": "AP @.50",
    "ap75": "AP @.75",
    "ap_small": "AP small",
    "ap_medium": "AP medium",
    "ap_large": "AP large",
    "ar1": "AR max 1",
    "ar10": "AR max 10",
    "ar100": "AR max 100",
    "ar_small": "AR small",
    "ar_medium": "AR medium",
    "ar_large": "AR large",
}
_COCO_COLUMNS = (
    Column("class", "class"),
    Column("ap", "AP", "score"),
    Column("ap50", "AP50", "score"),
    Column("ap75", "AP75", "score"),
)


class CocoMetrics(Rendered):
    """COCO-style box mAP (identical to pycocotools); ``raw`` is the engine's result.

    The 12 summary numbers are attributes (``ap``, ``ap50``, ..., ``ar_large``;
    ``None`` when undefined); :meth:`per_class` gives AP per class.
    """

    def __init__(self, raw: CocoEvaluation, classes: Sequence[str]) -> None:
        self.raw = raw
        self.classes = tuple(classes)

    def __getattr__(self, name: str) -> Any:
        if name in _COCO_LABELS:
            return getattr(self.raw, name)
        raise AttributeError(name)

    def summary(self) -> Table:
        return key_values(
            "COCO box mAP", [(label, getattr(self.raw, key), "score") for key, label in _COCO_LABELS.items()]
        )

    def per_class(self) -> Table:
        def value(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        rows = tuple(
            {"class": name, "ap": value(ap), "ap50": value(ap50), "ap75": value(ap75)}
            for name, ap, ap50, ap75 in zip(
                self.classes, self.raw.class_ap, self.raw.class_ap50, self.raw.class_ap75, strict=True
            )
        )
        return Table(columns=_COCO_COLUMNS, rows=rows, title="AP per class", index="class")

    def to_dict(self) -> dict[str, Any]:
        summary = {key: getattr(self.raw, key) for key in _COCO_LABELS}
        return {"summary": summary, "per_class": list(self.per_class().rows)}

    def to_pandas(self) -> pd.DataFrame:
        return self.per_class().to_pandas()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.summary()
        yield self.per_class()

    def __repr__(self) -> str:
        raw = self.raw
        return f"<CocoMetrics AP={_short(raw.ap)} AP50={_short(raw.ap50)} AR100={_short(raw.ar100)}>"

    def _repr_html_(self) -> str:
        return html_table(self.summary()) + html_table(self.per_class())


def _short(value: float | None) -> str:
    return "None" if value is None else f"{value:.3f}"


class Curves:
    """PR curves over a grid of confidences (DESIGN 4.3); ``raw`` is the engine's :class:`PrCurves`."""

    def __init__(self, curves: PrCurves) -> None:
        self.raw = curves

    @property
    def confidences(self) -> np.ndarray:
        return self.raw.confidences

    @property
    def classes(self) -> tuple[str, ...]:
        return self.raw.classes

    def to_dict(self) -> dict[str, Any]:
        return reports.curves_dict(self.raw)

    def to_pandas(self) -> pd.DataFrame:
        """Long form: one row per (curve, confidence); curves are the classes, then
        ``weighted`` and ``micro``. Undefined precision / recall are NaN."""
        pandas = require_pandas()
        raw = self.raw
        n = len(raw.confidences)
        frames = []
        for index, name in enumerate(raw.classes):
            frames.append(
                pandas.DataFrame(
                    {
                        "curve": name,
                        "confidence": raw.confidences,
                        "precision": raw.precision[:, index],
                        "recall": raw.recall[:, index],
                        "f1": raw.f1[:, index],
                        "true_positives": raw.true_positives[:, index],
                        "false_positives": raw.false_positives[:, index],
                        "false_negatives": raw.false_negatives[:, index],
                    }
                )
            )
        for name, (precision, recall, f1) in (("weighted", raw.weighted()), ("micro", raw.micro())):
            frames.append(
                pandas.DataFrame(
                    {
                        "curve": name,
                        "confidence": raw.confidences,
                        "precision": precision,
                        "recall": recall,
                        "f1": f1,
                        "true_positives": np.full(n, -1),
                        "false_positives": np.full(n, -1),
                        "false_negatives": np.full(n, -1),
                    }
                )
            )
        frame = pandas.concat(frames, ignore_index=True)
        for column in ("true_positives", "false_positives", "false_negatives"):
            frame[column] = frame[column].astype("Int64").mask(frame[column] < 0)
        return frame

    def __repr__(self) -> str:
        iou = "" if self.raw.iou_threshold is None else f", iou={self.raw.iou_threshold:g}"
        return f"<Curves {len(self.confidences)} confidences x {len(self.classes)} classes{iou}>"
