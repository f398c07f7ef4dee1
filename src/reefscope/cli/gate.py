"""``reefscope check``: the regression-test verdict as a CI gate (exit 0 pass, 1 fail, 2 error)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from reefscope.cli._shared import (
    EXIT_FAILED,
    ConfidenceOption,
    DataDir,
    DatasetOption,
    InferencesOption,
    IouOption,
    JsonOption,
    ProjectOption,
    note,
    open_inference_set,
    open_workspace,
    print_json,
    show,
)
from reefscope.cli.analysis import ThresholdsFileOption, read_thresholds


def check(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: InferencesOption,
    confidence: ConfidenceOption = None,
    iou: IouOption = None,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit",
            help="Write JUnit XML: one test case per regression test x metric.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="A baseline inference set: also fail when a metric drops below it by more than the noise.",
            show_default=False,
        ),
    ] = None,
    significance: Annotated[
        float,
        typer.Option("--significance", min=0.0001, max=0.5, help="With --against: the bootstrap's alpha."),
    ] = 0.05,
    seed: Annotated[int, typer.Option("--seed", help="With --against: the bootstrap's seed.")] = 0,
    thresholds: ThresholdsFileOption = None,
    data_dir: DataDir = None,
) -> None:
    """Evaluate every regression-test segment against its thresholds: a CI gate.

    Exit code 0 when every threshold that is set is met, 1 when one is not,
    2 on a usage or data error (unknown project, bad option, ...). A score
    that is undefined (no labels and no predictions) does not meet a target.
    With --against BASELINE, a metric also fails when the paired frame
    bootstrap (1,000 replicates) puts candidate - baseline wholly below 0 at
    level 1 - significance; smaller drops are within noise and pass.
    """
    ws = open_workspace(ctx, data_dir)
    per_class = read_thresholds(thresholds)
    if against is not None:
        _check_against(
            ws,
            project,
            dataset,
            inferences,
            against,
            confidence,
            iou,
            per_class,
            significance,
            seed,
            junit,
            as_json,
        )
        return
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    if per_class is None:
        verdict = handle.regression_tests(confidence=confidence, iou=iou)
    else:
        from reefscope.views import Verdict

        verdict = Verdict(
            ws.service.regression_verdict(
                project, dataset, inferences, confidence=confidence, iou=iou, class_confidence=per_class
            )
        )
    _report(verdict, junit, as_json, has_tests=bool(verdict.raw.tests), show_text=lambda: show(verdict))


def _check_against(
    ws: Any,
    project: str,
    dataset: str,
    inferences: str,
    against: str,
    confidence: float | None,
    iou: float | None,
    per_class: dict[str, float] | None,
    significance: float,
    seed: int,
    junit: Path | None,
    as_json: bool,
) -> None:
    from reefscope.service.gate import check_against

    verdict = check_against(
        ws.service,
        project,
        dataset,
        inferences,
        against,
        significance=significance,
        confidence=confidence,
        iou=iou,
        class_confidence=per_class,
        seed=seed,
    )

    def show_text() -> None:
        for test in verdict.tests:
            for c in test.checks:
                status = "pass" if c.succeeds else "FAIL"
                interval = "" if c.delta_low is None else f" [{c.delta_low:+.3f}, {c.delta_high:+.3f}]"
                delta = "undefined" if c.delta is None else f"{c.delta:+.3f}"
                typer.echo(
                    f"{status}  {test.segment}  {c.metric}  vs {against}: {delta}{interval}  {c.reason()}"
                )

    _report(verdict, junit, as_json, has_tests=bool(verdict.tests), show_text=show_text)


def _report(
    verdict: Any, junit: Path | None, as_json: bool, *, has_tests: bool, show_text: Callable[[], None]
) -> None:
    """Write the JUnit file, print the verdict (JSON or text), and exit 1 when it failed."""
    if junit is not None:
        junit.write_text(verdict.to_junit(), encoding="utf-8")
    if as_json:
        print_json(verdict.to_dict())
    else:
        show_text()
        if junit is not None:
            note(f"Wrote JUnit XML to {junit}.")
    if not has_tests:
        note("warning: the dataset has no regression-test segments; nothing was checked.")
    if not verdict.passed:
        raise typer.Exit(EXIT_FAILED)
