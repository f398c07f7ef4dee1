"""Aquarium projects as reefscope projects: the class map becomes the class list, and the
body the client sent is kept in the project's metadata so that it can be echoed back."""

from __future__ import annotations

import re
from typing import Any

from reefscope.engine import InvalidInputError
from reefscope.ingest.aquarium.classmap import ClassMap
from reefscope.store import ClassSpec, ConflictError, NotFoundError, Project, Task, Workspace

KEY = "aquarium"
NAME = re.compile(r"[A-Za-z0-9_]+")
TASKS: dict[str, Task] = {"2D_OBJECT_DETECTION": "detection", "CLASSIFICATION": "classification"}
DEFAULT_CONFIDENCE = 0.1  # the client's documented defaults
DEFAULT_IOU = 0.5


def check_name(value: object, *, kind: str, field: str) -> str:
    if not isinstance(value, str) or not NAME.fullmatch(value):
        raise InvalidInputError(
            f"expected a {kind} name of letters, digits and '_' but got {value!r}", field=field
        )
    return value


def _task(body: dict[str, Any]) -> Task:
    primary = body.get("primary_task") or "2D_OBJECT_DETECTION"
    if primary not in TASKS:
        raise InvalidInputError(
            f"reefscope evaluates 2D_OBJECT_DETECTION and CLASSIFICATION projects, not {primary}",
            field="primary_task",
        )
    return TASKS[primary]


def _threshold(body: dict[str, Any], key: str, default: float) -> float:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidInputError(f"expected a number in [0, 1] but got {value!r}", field=key)
    return float(value)


def _metrics(body: dict[str, Any]) -> dict[str, str]:
    definitions = body.get("custom_metrics") or []
    result = {}
    for item in definitions if isinstance(definitions, list) else [None]:
        if not isinstance(item, dict) or item.get("metrics_type") not in ("objective", "confusion_matrix"):
            raise InvalidInputError(
                "expected custom metrics as {name, metrics_type: objective | confusion_matrix} "
                f"but got {item!r}",
                field="custom_metrics",
            )
        result[check_name(item.get("name"), kind="custom metric", field="custom_metrics")] = item[
            "metrics_type"
        ]
    return result


def create_project(workspace: Workspace, body: object) -> Project:
    """Create the project of a ``POST /projects`` body, or extend it (same or superset class map)."""
    if not isinstance(body, dict):
        raise InvalidInputError("expected a JSON object")
    name = check_name(body.get("project_id"), kind="project", field="project_id")
    class_map = ClassMap.from_entries(body.get("label_class_map"))  # type: ignore[arg-type]
    task = _task(body)
    _metrics(body)
    specs = [ClassSpec(name, color) for name, color in zip(class_map.classes, class_map.colors, strict=True)]
    confidence = _threshold(body, "confidence_threshold", DEFAULT_CONFIDENCE)
    iou = _threshold(body, "iou_threshold", DEFAULT_IOU)
    try:
        existing = workspace.get_project(name)
    except NotFoundError:
        return workspace.create_project(
            name,
            task=task,
            classes=specs,
            confidence_threshold=confidence,
            iou_threshold=iou,
            metadata={KEY: body},
        )
    if existing.task != task:
        raise ConflictError(f"project {name!r} exists as a {existing.task} project")
    old = existing.class_names
    if tuple(class_map.classes[: len(old)]) != old:
        raise ConflictError(
            f"project {name!r} exists with classes {list(old)}; a class map may only add classes at the end"
        )
    old_entries = {
        entry.get("name"): entry.get("id") for entry in body_of(existing).get("label_class_map", [])
    }
    changed = [
        entry["name"]
        for entry in body["label_class_map"]
        if entry["name"] in old_entries and old_entries[entry["name"]] != entry["id"]
    ]
    if changed:
        raise ConflictError(f"project {name!r} exists and class {changed[0]!r} has another id there")
    return workspace.update_project(
        name,
        classes=specs,
        confidence_threshold=confidence,
        iou_threshold=iou,
        metadata={**existing.metadata, KEY: body},
    )


def body_of(project: Project) -> dict[str, Any]:
    """The stored ``POST /projects`` body, or one made up for a project created by reefscope."""
    stored = project.metadata.get(KEY)
    if isinstance(stored, dict):
        return dict(stored)
    return {
        "project_id": project.name,
        "label_class_map": [
            {
                "id": index,
                "name": spec.name,
                "train_name": spec.name,
                "train_id": index,
                "category": spec.name,
                "category_id": index,
                "color": _rgb(spec.color),
                "train_color": _rgb(spec.color),
                "has_instances": True,
                "ignore_in_eval": False,
                "keypoint_names": None,
                "skeleton": None,
            }
            for index, spec in enumerate(project.classes)
        ],
        "primary_task": "CLASSIFICATION" if project.task == "classification" else "2D_OBJECT_DETECTION",
        "confidence_threshold": project.confidence_threshold,
        "iou_threshold": project.iou_threshold,
    }


def public_project(project: Project) -> dict[str, Any]:
    return {**body_of(project), "id": project.name}


def class_map(project: Project) -> ClassMap:
    return ClassMap.from_entries(body_of(project)["label_class_map"])


def metric_types(project: Project) -> dict[str, str]:
    return _metrics(body_of(project))


def _rgb(color: str | None) -> list[int]:
    if color is None:
        return [128, 128, 128]
    return [int(color[i : i + 2], 16) for i in (1, 3, 5)]
