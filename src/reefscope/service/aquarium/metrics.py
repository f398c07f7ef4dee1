"""What the client's metrics manager asks for, answered by reefscope's evaluation.

Scenarios are every split, regression-test and scenario segment of the
dataset (those made in reefscope too). Percentages become thresholds
(``confidence_pct / 100``); undefined precision, recall or F1 stay ``null``.
"""

from __future__ import annotations

from typing import Any

from reefscope.engine import InvalidInputError
from reefscope.service.aquarium.segments import KEY
from reefscope.service.core import Service
from reefscope.store import Segment

TEMPLATES = {
    "split": "testScenarioSplit",
    "regression_test": "testScenarioRegression",
    "scenario": "testScenarioGeneric",
}
ALL_FRAMES_ID = "all-frames"


def scenario_id(segment: Segment) -> str:
    info = segment.metadata.get(KEY)
    return str(info["id"]) if isinstance(info, dict) and "id" in info else f"reefscope-segment-{segment.id}"


def scenario_info(segment: Segment) -> dict[str, Any]:
    thresholds = {
        f"{metric}_threshold": value
        for metric, value in (
            ("precision", segment.precision),
            ("recall", segment.recall),
            ("f1", segment.f1),
        )
        if value is not None
    }
    return {
        "name": segment.name,
        "issue_id": scenario_id(segment),
        "uuid": scenario_id(segment),
        "updated_at": segment.updated_at.isoformat(),
        "template_type": TEMPLATES[segment.kind],
        "thresholds": thresholds,
    }


def list_scenarios(service: Service, project: str, dataset: str) -> list[dict[str, Any]]:
    return [scenario_info(segment) for segment in service.workspace.list_segments(project, dataset)]


def split_inference_name(service: Service, project: str, full: object) -> tuple[str, str]:
    """``inferences_<d>_<i>`` as (dataset, inference set), checked against the workspace."""
    if isinstance(full, str) and full.startswith("inferences_"):
        for dataset in service.workspace.list_datasets(project):
            prefix = f"inferences_{dataset.name}_"
            if full.startswith(prefix):
                name = full[len(prefix) :]
                if any(
                    item.name == name for item in service.workspace.list_inference_sets(project, dataset.name)
                ):
                    return dataset.name, name
    raise InvalidInputError(f"no inference set {full!r} in project {project!r}", field="inferences")


def _metric_class(service: Service, project: str, requested: object) -> str | None:
    if requested is None:
        return None
    for name in service.workspace.get_project(project).class_names:
        if isinstance(requested, str) and name.lower() == requested.lower():
            return name
    raise InvalidInputError(f"unknown class {requested!r}", field="metrics_class")


def _percent(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InvalidInputError(f"expected a percentage in [0, 100] but got {value!r}", field=field)
    return float(value)


def scenario_metrics(service: Service, project: str, body: object) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(body, dict) or not isinstance(body.get("inferences"), list):
        raise InvalidInputError("expected {inferences: [...], scenarios: [...]}")
    metric_class = _metric_class(service, project, body.get("metrics_class"))
    answer: dict[str, list[dict[str, Any]]] = {}
    for request in body["inferences"]:
        if not isinstance(request, dict):
            raise InvalidInputError("expected an object per inference set", field="inferences")
        dataset, inference_set = split_inference_name(service, project, request.get("name"))
        iou_pct = _percent(request.get("iou"), "iou")
        confidence_pct = _percent(request.get("confidence"), "confidence")
        segments = {segment.name: segment for segment in service.workspace.list_segments(project, dataset)}
        wanted: list[tuple[str | None, str, str, str, dict[str, float]]] = [
            (None, "All frames", ALL_FRAMES_ID, "testScenarioSplit", {})
        ]
        for scenario in body.get("scenarios") or []:
            name = scenario.get("name") if isinstance(scenario, dict) else None
            if name not in segments:
                raise InvalidInputError(f"no scenario {name!r} in dataset {dataset!r}", field="scenarios")
            info = scenario_info(segments[name])
            wanted.append((name, name, info["uuid"], info["template_type"], info["thresholds"]))
        results = []
        for segment, label, uuid, template, thresholds in wanted:
            result = service.metrics(
                project,
                dataset,
                inference_set,
                confidence=confidence_pct / 100,
                iou=iou_pct / 100,
                segment=segment,
                metric_class=metric_class,
            )
            summary = result.summary
            numbers = [
                summary.precision,
                summary.recall,
                summary.f1,
                summary.false_positives,
                summary.false_negatives,
                summary.confusions,
            ]
            entry: dict[str, Any] = {
                "name": label,
                "count": summary.frame_count,
                "uuid": uuid,
                "issue_template_type": template,
                "metrics": {str(iou_pct): {str(confidence_pct): numbers}},
            }
            if thresholds:
                entry["issue_thresholds"] = thresholds
            results.append(entry)
        answer[str(request["name"])] = results
    return answer
