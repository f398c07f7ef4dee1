"""What the Python package hands back: results that read well in a terminal and a notebook.

Each view wraps a service result without copying it. ``print(view)`` shows
text tables, Jupyter shows HTML, ``to_dict()`` gives the same JSON-ready
structure as ``reefscope ... --json``, and ``to_pandas()`` DataFrames (when
pandas is installed). Undefined values (a per-class 0/0) are ``None`` in
dicts, NaN / ``<NA>`` in DataFrames and "—" on screen; never 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from reefscope.display import (
    Column,
    Table,
    confusion_html,
    confusion_table,
    confusion_view,
    format_value,
    html_table,
    key_values,
    render_text,
    require_pandas,
)
from reefscope.engine import ClassReport, CocoEvaluation, ConfusionMatrix, Evaluation, PrCurves
from reefscope.service import reports
from reefscope.service.core import Comparison as ServiceComparison
from reefscope.service.examples import ExamplePage, ExampleRow
from reefscope.service.results import (
    METRIC_NAMES,
    MetricCheck,
    MetricsResult,
    SegmentScore,
    Settings,
    Summary,
)
from reefscope.service.results import Verdict as ServiceVerdict

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CocoMetrics",
    "Comparison",
    "Curves",
    "Examples",
    "Metrics",
    "MetricsFrames",
    "SegmentScores",
    "Verdict",
    "report_table",
    "summary_table",
]

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


class _Rendered:
    """Text via rich for ``print``, HTML for notebooks."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        raise NotImplementedError

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        raise NotImplementedError


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


class Metrics(_Rendered):
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


class CocoMetrics(_Rendered):
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


def _describe(settings: Settings) -> str:
    iou = "" if settings.iou is None else f", IoU {settings.iou:g}"
    return f"{settings.inference_set} (confidence {settings.confidence:g}{iou})"


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


_EXAMPLE_COLUMNS = (
    Column("frame_id", "frame"),
    Column("gt_class", "ground truth"),
    Column("predicted_class", "predicted"),
    Column("outcome", "outcome"),
    Column("confidence", "confidence", "score"),
    Column("iou", "IoU", "score"),
    Column("box_size", "box size", "number"),
)


class Examples(_Rendered):
    """One page of the items behind confusion cells (DESIGN 4.5)."""

    def __init__(self, page: ExamplePage) -> None:
        self.page = page

    @property
    def total(self) -> int:
        """Items behind the cells across all pages."""
        return self.page.total

    @property
    def rows(self) -> tuple[ExampleRow, ...]:
        return self.page.rows

    def __len__(self) -> int:
        return len(self.page.rows)

    def __iter__(self) -> Iterator[ExampleRow]:
        return iter(self.page.rows)

    def table(self) -> Table:
        page = self.page
        end = page.offset + len(page.rows)
        return Table(
            columns=_EXAMPLE_COLUMNS,
            rows=tuple(reports.examples_dict(page)["rows"]),
            title=f"Examples {page.offset + 1 if page.rows else 0}-{end} of {page.total}",
            caption=f"ordered by {page.order_by} ({'descending' if page.descending else 'ascending'})",
        )

    def to_dict(self) -> dict[str, Any]:
        return reports.examples_dict(self.page)

    def to_pandas(self) -> pd.DataFrame:
        """One row per item; boxes as ``(x1, y1, x2, y2)`` tuples or ``None``."""
        pandas = require_pandas()
        return pandas.DataFrame(self.to_dict()["rows"], columns=list(ExampleRow.__dataclass_fields__))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table()

    def __repr__(self) -> str:
        return f"<Examples {len(self)} of {self.total} in cells {list(self.page.cells)}>"

    def _repr_html_(self) -> str:
        return html_table(self.table())


class Comparison(_Rendered):
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


def _check_rows(scores: Sequence[SegmentScore], *, thresholds_only: bool) -> tuple[dict[str, Any], ...]:
    rows = []
    for score in scores:
        for check in score.checks:
            if thresholds_only and check.threshold is None:
                continue
            rows.append(
                {
                    "segment": score.segment,
                    "kind": score.kind,
                    "frames": score.frame_count,
                    "metric": check.metric,
                    "score": check.score,
                    "threshold": check.threshold,
                    "result": check.succeeds,
                }
            )
    return tuple(rows)


_CHECK_COLUMNS = (
    Column("segment", "segment"),
    Column("frames", "frames", "count"),
    Column("metric", "metric"),
    Column("score", "score", "score"),
    Column("threshold", "threshold", "score"),
    Column("result", "result", "status"),
)


class SegmentScores(_Rendered):
    """Segment cards: each segment's precision, recall and F1 against its thresholds."""

    def __init__(self, scores: Sequence[SegmentScore]) -> None:
        self.scores = tuple(scores)

    def __iter__(self) -> Iterator[SegmentScore]:
        return iter(self.scores)

    def __len__(self) -> int:
        return len(self.scores)

    def table(self) -> Table:
        """One row per segment with every score and its threshold."""
        rows = []
        for score in self.scores:
            row: dict[str, Any] = {
                "segment": score.segment,
                "kind": score.kind,
                "frames": score.frame_count,
            }
            for check in score.checks:
                row[check.metric] = check.score
                row[f"{check.metric}_threshold"] = check.threshold
            row["passed"] = score.passed if any(c.threshold is not None for c in score.checks) else None
            rows.append(row)
        columns = [
            Column("segment", "segment"),
            Column("kind", "kind", terminal=False),
            Column("frames", "frames", "count"),
        ]
        for metric in METRIC_NAMES:
            columns += [Column(metric, metric, "score"), Column(f"{metric}_threshold", "target", "score")]
        columns.append(Column("passed", "result", "status"))
        # Sections as in the web app: splits (All Frames first), regression tests, scenarios.
        kinds = [score.kind for score in self.scores]
        rules = tuple(i for i in range(1, len(kinds)) if kinds[i] != kinds[i - 1])
        return Table(
            columns=tuple(columns),
            rows=tuple(rows),
            title="Segments: splits, regression tests, scenarios",
            index="segment",
            rules_before=rules,
        )

    def to_pandas(self) -> pd.DataFrame:
        return self.table().to_pandas()

    def to_dict(self) -> list[dict[str, Any]]:
        return [reports.score_dict(score) for score in self.scores]

    def cards(self) -> Table:
        """The compact terminal view: ``score / target`` per metric, one row per segment."""
        full = self.table()

        def cell(score: float | None, target: float | None) -> str:
            text = format_value(score, "score")
            return text if target is None else f"{text} / {target:.3f}"

        rows = tuple(
            {
                "segment": row["segment"],
                "frames": row["frames"],
                **{metric: cell(row[metric], row[f"{metric}_threshold"]) for metric in METRIC_NAMES},
                "passed": row["passed"],
            }
            for row in full.rows
        )
        return Table(
            columns=(
                Column("segment", "segment"),
                Column("frames", "frames", "count"),
                *(Column(metric, metric, fixed=True) for metric in METRIC_NAMES),
                Column("passed", "result", "status"),
            ),
            rows=rows,
            title="Segments (score / target)",
            rules_before=full.rules_before,
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.cards()

    def __repr__(self) -> str:
        return f"<SegmentScores {[score.segment for score in self.scores]}>"

    def _repr_html_(self) -> str:
        return html_table(self.table())


class Verdict(_Rendered):
    """The regression-test verdict (DESIGN 4.7): ``passed`` when every set threshold is met."""

    def __init__(self, verdict: ServiceVerdict) -> None:
        self.raw = verdict

    @property
    def passed(self) -> bool:
        return self.raw.passed

    @property
    def tests(self) -> SegmentScores:
        return SegmentScores(self.raw.tests)

    @property
    def failures(self) -> list[tuple[str, MetricCheck]]:
        """``(segment, check)`` for every threshold that is not met."""
        return self.raw.failures

    def table(self) -> Table:
        """One row per regression test x metric with a threshold."""
        title = f"Regression tests of {self.raw.inference_set}"
        return Table(
            columns=_CHECK_COLUMNS, rows=_check_rows(self.raw.tests, thresholds_only=True), title=title
        )

    def to_dict(self) -> dict[str, Any]:
        return reports.verdict_dict(self.raw)

    def to_junit(self) -> str:
        """JUnit XML with one test case per regression test x metric."""
        return reports.verdict_junit(self.raw)

    def to_pandas(self) -> pd.DataFrame:
        return self.table().to_pandas()

    def headline(self) -> str:
        failed = len(self.failures)
        total = sum(1 for test in self.raw.tests for check in test.checks if check.threshold is not None)
        if not self.raw.tests:
            return "No regression tests defined: nothing to check."
        if self.passed:
            return f"PASSED: {total} of {total} thresholds met in {len(self.raw.tests)} regression tests."
        return f"FAILED: {failed} of {total} thresholds not met in {len(self.raw.tests)} regression tests."

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Group(self.table(), Text(self.headline(), style="bold green" if self.passed else "bold red"))

    def __repr__(self) -> str:
        status = "passed" if self.passed else "failed"
        return f"<Verdict {self.raw.inference_set}: {status}, {len(self.failures)} failures>"

    def _repr_html_(self) -> str:
        return html_table(self.table()) + f"<p><b>{'PASSED' if self.passed else 'FAILED'}</b></p>"
