"""Segment summary views: the scenario cards and the regression-test verdict."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from reefscope.display import Column, Table, format_value, html_table
from reefscope.service import reports
from reefscope.service.results import METRIC_NAMES, MetricCheck, SegmentScore
from reefscope.service.results import Verdict as ServiceVerdict
from reefscope.views._render import Rendered

if TYPE_CHECKING:
    import pandas as pd


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


class SegmentScores(Rendered):
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


class Verdict(Rendered):
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
