from __future__ import annotations

from fastapi import APIRouter, status

from reefscope.api import convert
from reefscope.api.deps import WorkspaceDep, WriteAccess
from reefscope.api.schemas.errors import WRITE_ERRORS
from reefscope.api.schemas.resources import ProjectCreate, ProjectList, ProjectPublic, ProjectUpdate
from reefscope.store import UNCHANGED, ClassSpec

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("", response_model=ProjectList)
def list_projects(workspace: WorkspaceDep) -> ProjectList:
    projects = [convert.project(record) for record in workspace.list_projects()]
    return ProjectList(count=len(projects), data=projects)


@router.post(
    "",
    response_model=ProjectPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[WriteAccess],
    responses=WRITE_ERRORS,
)
def create_project(body: ProjectCreate, workspace: WorkspaceDep) -> ProjectPublic:
    record = workspace.create_project(
        body.name,
        task=body.task,
        classes=[ClassSpec(item.name, item.color) for item in body.classes],
        confidence_threshold=body.confidence_threshold,
        iou_threshold=body.iou_threshold,
        description=body.description,
        metadata=body.metadata,
        iou_convention=body.iou_convention,
        size_bounds=(body.small_area_max, body.large_area_min),
    )
    return convert.project(record)


@router.get("/{project}", response_model=ProjectPublic)
def get_project(project: str, workspace: WorkspaceDep) -> ProjectPublic:
    return convert.project(workspace.get_project(project))


@router.patch("/{project}", response_model=ProjectPublic, dependencies=[WriteAccess], responses=WRITE_ERRORS)
def update_project(project: str, body: ProjectUpdate, workspace: WorkspaceDep) -> ProjectPublic:
    # Fields left out (or null) keep their value.
    changes = {key: value for key, value in body.model_dump(exclude_unset=True).items() if value is not None}
    if "small_area_max" in changes or "large_area_min" in changes:
        small, large = workspace.get_project(project).size_bounds
        changes["size_bounds"] = (changes.get("small_area_max", small), changes.get("large_area_min", large))
    record = workspace.update_project(
        project,
        confidence_threshold=changes.get("confidence_threshold", UNCHANGED),
        iou_threshold=changes.get("iou_threshold", UNCHANGED),
        description=changes.get("description", UNCHANGED),
        metadata=changes.get("metadata", UNCHANGED),
        iou_convention=changes.get("iou_convention", UNCHANGED),
        size_bounds=changes.get("size_bounds", UNCHANGED),
    )
    return convert.project(record)


@router.delete(
    "/{project}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[WriteAccess], responses=WRITE_ERRORS
)
def delete_project(project: str, workspace: WorkspaceDep) -> None:
    workspace.delete_project(project)
