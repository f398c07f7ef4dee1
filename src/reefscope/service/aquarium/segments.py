"""Aquarium segments ("issues" on the wire) as reefscope segments.

An issue names frames or crops of one dataset (optionally seen through an
inference set). It becomes a reefscope segment of the frames its elements
belong to, so it is evaluable in every view; its kind follows the template
(Split, Regression Test, Scenario; any other template is kept as a scenario),
and what reefscope has no column for (id, state, elements, template) rides in
the segment's metadata under ``aquarium``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from reefscope.engine import InvalidInputError
from reefscope.store import NotFoundError, Segment, SegmentKind, Workspace

KEY = "aquarium"
KINDS: dict[str, SegmentKind] = {
    "testScenarioSplit": "split",
    "testScenarioRegression": "regression_test",
    "testScenarioGeneric": "scenario",
}
STATES = (
    "triage",
    "labeling_campaign_active",
    "inProgress",
    "inReview",
    "resolved",
    "ignored",
    "backlog",
    "cancelled",
)
SUMMARY_KEYS = (
    "id",
    "element_type",
    "template_type",
    "category",
    "state",
    "dataset",
    "compare_dataset",
    "created_at",
    "updated_at",
    "reporter",
    "assignee",
    "custom_template_fields",
)


def _address(project: str, value: object, *, field: str) -> str:
    if not isinstance(value, str) or not value.startswith(f"{project}.") or value.count(".") != 1:
        raise InvalidInputError(f"expected '{project}.<name>' but got {value!r}", field=field)
    return value.split(".", 1)[1]


def _targets(workspace: Workspace, project: str, body: dict[str, Any]) -> tuple[str, str | None]:
    """The base dataset and the short inference-set name an issue's addresses point at."""
    first = _address(project, body.get("dataset"), field="dataset")
    if body.get("compare_dataset") is None:
        workspace.get_dataset(project, first)
        return first, None
    base = _address(project, body.get("compare_dataset"), field="compare_dataset")
    prefix = f"inferences_{base}_"
    if not first.startswith(prefix):
        raise InvalidInputError(
            f"expected an inference set of {base!r} ({prefix}<name>) but got {first!r}", field="dataset"
        )
    name = first[len(prefix) :]
    workspace.get_inference_set(project, base, name)
    return base, name


def _elements(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InvalidInputError("expected a list of elements", field="elements")
    elements = []
    for index, item in enumerate(value):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("id"), str)
            or not isinstance(item.get("frameId"), str)
        ):
            raise InvalidInputError(
                f"element {index}: expected {{id, frameId, type, dataset}}", field="elements"
            )
        elements.append(
            {
                key: item[key]
                for key in ("id", "frameId", "type", "dataset", "inferenceSet", "status")
                if key in item
            }
        )
    return elements


def _frames(elements: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(element["frameId"] for element in elements))


def create(workspace: Workspace, project: str, body: object) -> str:
    if not isinstance(body, dict):
        raise InvalidInputError("expected a JSON object")
    dataset, _ = _targets(workspace, project, body)
    elements = _elements(body.get("elements", []))
    template = body.get("issue_template_type") or "bucket"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    issue_id = str(uuid.uuid4())
    info = {
        "id": issue_id,
        "element_type": body.get("element_type", "frame"),
        "template_type": template,
        "category": body.get("issue_template_category"),
        "state": "triage",
        "dataset": body.get("dataset"),
        "compare_dataset": body.get("compare_dataset"),
        "created_at": now,
        "updated_at": now,
        "reporter": None,
        "assignee": None,
        "custom_template_fields": body.get("custom_template_fields"),
        "elements": _dedupe(elements),
    }
    workspace.create_segment(
        project,
        dataset,
        body.get("name"),  # type: ignore[arg-type]
        frames=_frames(elements),
        kind=KINDS.get(template, "scenario"),
        metadata={KEY: info},
    )
    return issue_id


def _dedupe(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({element["id"]: element for element in elements}.values())


def find(workspace: Workspace, project: str, issue_id: str) -> tuple[str, Segment]:
    for dataset in workspace.list_datasets(project):
        for segment in workspace.list_segments(project, dataset.name):
            if (segment.metadata.get(KEY) or {}).get("id") == issue_id:
                return dataset.name, segment
    raise NotFoundError(f"no segment {issue_id!r} in project {project!r}")


def every(workspace: Workspace, project: str) -> list[tuple[str, Segment]]:
    return [
        (dataset.name, segment)
        for dataset in workspace.list_datasets(project)
        for segment in workspace.list_segments(project, dataset.name)
        if isinstance(segment.metadata.get(KEY), dict)
    ]


def summary(segment: Segment) -> dict[str, Any]:
    info = segment.metadata[KEY]
    return {"name": segment.name, **{key: info.get(key) for key in SUMMARY_KEYS}, "comments": []}


def _update(workspace: Workspace, project: str, issue_id: str, **changes: Any) -> None:
    dataset, segment = find(workspace, project, issue_id)
    info = dict(segment.metadata[KEY])
    info.update(changes, updated_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    metadata = {**segment.metadata, KEY: info}
    if "elements" in changes:
        workspace.update_segment(
            project, dataset, segment.name, frames=_frames(info["elements"]), metadata=metadata
        )
    else:
        workspace.update_segment(project, dataset, segment.name, metadata=metadata)


def edit_elements(workspace: Workspace, project: str, issue_id: str, body: object) -> None:
    if not isinstance(body, dict):
        raise InvalidInputError("expected a JSON object")
    _, segment = find(workspace, project, issue_id)
    current = list(segment.metadata[KEY]["elements"])
    edit = body.get("edit_type")
    if edit == "add":
        elements = _dedupe(current + _elements(body.get("elements")))
    elif edit == "remove":
        gone = {item.get("id") for item in body.get("elements") or [] if isinstance(item, dict)}
        elements = [element for element in current if element["id"] not in gone]
    elif edit == "update":
        status = body.get("new_status")
        chosen = {item.get("id") for item in body.get("elements") or [] if isinstance(item, dict)}
        elements = [
            {**element, "status": status} if element["id"] in chosen else element for element in current
        ]
    else:
        raise InvalidInputError(
            f"expected edit_type add, remove or update but got {edit!r}", field="edit_type"
        )
    _update(workspace, project, issue_id, elements=elements)


def set_state(workspace: Workspace, project: str, issue_id: str, state: object) -> None:
    if state not in STATES:
        raise InvalidInputError(f"expected a state in {list(STATES)} but got {state!r}", field="state")
    _update(workspace, project, issue_id, state=state)


def rename(workspace: Workspace, project: str, issue_id: str, name: object) -> None:
    dataset, segment = find(workspace, project, issue_id)
    workspace.rename_segment(project, dataset, segment.name, name)  # type: ignore[arg-type]


def delete(workspace: Workspace, project: str, issue_id: str) -> None:
    dataset, segment = find(workspace, project, issue_id)
    workspace.delete_segment(project, dataset, segment.name)


def with_elements(workspace: Workspace, project: str, issue_id: str) -> dict[str, Any]:
    """The issue with its elements; crop elements get the ``cropType`` the client requires."""
    dataset, segment = find(workspace, project, issue_id)
    info = segment.metadata[KEY]
    label_ids: set[str] = set()
    if info.get("element_type") == "crop":
        label_ids = set(workspace.read_labels(project, dataset).column("label_id").to_pylist())
    elements = []
    for element in info["elements"]:
        element = dict(element)
        if element.get("type") == "crop" and element.get("inferenceSet"):
            element["cropType"] = "label" if element["id"] in label_ids else "inference"
        elif element.get("type") == "crop":
            element["cropType"] = "label"
        elements.append(element)
    return {**summary(segment), "elements": elements}
