"""A regression gate that ignores noise: targets, plus a paired bootstrap against a baseline.

A metric of a regression-test segment fails when it is below its target
(as in :meth:`Service.regression_verdict`), or when it is below the
baseline's by more than the noise: the paired bootstrap interval of
``candidate - baseline`` at level ``1 - significance`` lies wholly below 0.
A drop inside the interval is reported but does not fail.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from reefscope.engine.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED, PairedDelta
from reefscope.service.analysis import paired
from reefscope.service.core import Service
from reefscope.service.results import ALL_FRAMES, METRIC_NAMES, MetricsResult


@dataclass(frozen=True)
class GatedCheck:
    metric: str
    score: float | None
    threshold: float | None
    baseline: float | None
    delta: float | None
    delta_low: float | None
    delta_high: float | None
    meets_target: bool | None  # None when no target is set
    significant_drop: bool

    @property
    def succeeds(self) -> bool:
        return self.meets_target is not False and not self.significant_drop

    def reason(self) -> str:
        """Why a check failed, in words (empty when it passed)."""
        score = "undefined" if self.score is None else f"{self.score:.3f}"
        reasons = []
        if self.meets_target is False:
            target = "" if self.threshold is None else f"{self.threshold:.3f}"
            reasons.append(f"{self.metric} {score} is below its target {target}")
        if self.significant_drop:
            reasons.append(
                f"{self.metric} dropped {self.delta:+.3f} from the baseline's {self.baseline:.3f}, "
                f"beyond the noise (interval {self.delta_low:+.3f} .. {self.delta_high:+.3f})"
            )
        return "; ".join(reasons)


@dataclass(frozen=True)
class GatedTest:
    segment: str
    frame_count: int
    checks: tuple[GatedCheck, ...]


@dataclass(frozen=True)
class GatedVerdict:
    project: str
    dataset: str
    inference_set: str
    baseline: str
    significance: float
    replicates: int
    seed: int
    tests: tuple[GatedTest, ...]

    @property
    def passed(self) -> bool:
        return all(check.succeeds for test in self.tests for check in test.checks)

    @property
    def failures(self) -> list[tuple[str, GatedCheck]]:
        return [(t.segment, c) for t in self.tests for c in t.checks if not c.succeeds]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "dataset": self.dataset,
            "inference_set": self.inference_set,
            "baseline": self.baseline,
            "significance": self.significance,
            "replicates": self.replicates,
            "seed": self.seed,
            "passed": self.passed,
            "tests": [
                {
                    "segment": t.segment,
                    "frame_count": t.frame_count,
                    "checks": [{**asdict(c), "succeeds": c.succeeds} for c in t.checks],
                }
                for t in self.tests
            ],
            "failures": [{"segment": s, "metric": c.metric, "reason": c.reason()} for s, c in self.failures],
        }

    def to_junit(self) -> str:
        """One test case per regression test x metric; every case carries the paired interval."""
        suite_name = f"{self.project}/{self.dataset}/{self.inference_set}"
        cases = [(t, c) for t in self.tests for c in t.checks]
        failures = sum(1 for _, c in cases if not c.succeeds)
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
        root = ET.Element("testsuites", {"name": "reefscope", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": suite_name, **counts})
        properties = ET.SubElement(suite, "properties")
        for key, value in (
            ("baseline", self.baseline),
            ("significance", self.significance),
            ("replicates", self.replicates),
            ("seed", self.seed),
        ):
            ET.SubElement(properties, "property", {"name": key, "value": str(value)})
        for test, check in cases:
            case = ET.SubElement(
                suite,
                "testcase",
                {"classname": f"{suite_name}.{test.segment}", "name": check.metric, "time": "0"},
            )
            case_properties = ET.SubElement(case, "properties")
            for key in ("score", "threshold", "baseline", "delta", "delta_low", "delta_high"):
                value = getattr(check, key)
                text = "" if value is None else repr(float(value))
                ET.SubElement(case_properties, "property", {"name": key, "value": text})
            if not check.succeeds:
                kind = "threshold" if check.meets_target is False else "regression"
                failure = ET.SubElement(case, "failure", {"message": check.reason(), "type": kind})
                failure.text = f"segment {test.segment!r} ({test.frame_count} frames): {check.reason()}"
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def check_against(
    service: Service,
    project: str,
    dataset: str,
    inference_set: str,
    baseline: str,
    *,
    significance: float = 0.05,
    confidence: float | None = None,
    iou: float | None = None,
    class_confidence: Mapping[str, float] | None = None,
    baseline_class_confidence: Mapping[str, float] | None = None,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> GatedVerdict:
    """Every regression-test segment: targets and a paired bootstrap against ``baseline``."""
    from reefscope.engine import InvalidInputError

    if not (0.0 < significance < 1.0):
        raise InvalidInputError(
            f"Expected argument `significance` to be in (0, 1) but got {significance!r}", field="significance"
        )
    verdict = service.regression_verdict(
        project, dataset, inference_set, confidence=confidence, iou=iou, class_confidence=class_confidence
    )
    tests = []
    for test in verdict.tests:
        segment = test.segment

        def evaluate(
            name: str, per_class: Mapping[str, float] | None, segment: str = segment
        ) -> MetricsResult:
            return service.metrics(
                project,
                dataset,
                name,
                confidence=confidence,
                iou=iou,
                segment=None if segment == ALL_FRAMES else segment,
                class_confidence=per_class,
            )

        candidate = evaluate(inference_set, class_confidence)
        base = evaluate(baseline, baseline_class_confidence)
        comparison = paired(base, candidate, replicates=replicates, seed=seed, level=1.0 - significance)
        deltas: dict[str, PairedDelta] = {
            "precision": comparison.precision,
            "recall": comparison.recall,
            "f1": comparison.f1,
        }
        base_scores = dict(zip(METRIC_NAMES, base.confusion.report.headline(None), strict=True))
        checks = []
        for check in test.checks:
            delta = deltas[check.metric]
            checks.append(
                GatedCheck(
                    metric=check.metric,
                    score=check.score,
                    threshold=check.threshold,
                    baseline=base_scores[check.metric],
                    delta=delta.delta,
                    delta_low=delta.interval.low,
                    delta_high=delta.interval.high,
                    meets_target=check.succeeds,
                    significant_drop=delta.interval.high is not None and delta.interval.high < 0,
                )
            )
        tests.append(GatedTest(segment=segment, frame_count=test.frame_count, checks=tuple(checks)))
    return GatedVerdict(
        project=project,
        dataset=dataset,
        inference_set=inference_set,
        baseline=baseline,
        significance=significance,
        replicates=replicates,
        seed=seed,
        tests=tuple(tests),
    )
