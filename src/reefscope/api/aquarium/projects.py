"""Projects, dataset listings and the image-URL check of the Aquarium protocol."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from reefscope.api.aquarium.routing import AquariumRoute, Body, StateDep, require_key
from reefscope.ingest.aquarium import projects
from reefscope.ingest.aquarium.jobs import ERRORED
from reefscope.service.aquarium import urls

router = APIRouter(route_class=AquariumRoute, dependencies=[Depends(require_key)])


@router.get("/projects")
def list_projects(state: StateDep) -> list[dict[str, Any]]:
    return [projects.public_project(project) for project in state.workspace.list_projects()]


@router.post("/projects")
def create_project(state: StateDep, body: Body) -> dict[str, str]:
    project = projects.create_project(state.workspace, body)
    return {"id": project.name}


@router.get("/projects/{project}")
def get_project(project: str, state: StateDep) -> dict[str, Any]:
    return projects.public_project(state.workspace.get_project(project))


@router.delete("/projects/{project}")
def delete_project(project: str, state: StateDep) -> dict[str, str]:
    state.workspace.delete_project(project)
    return {"id": project}


@router.post("/datasets/verify_urls")
def verify_urls(body: Body) -> dict[str, str]:
    return urls.verify(body.get("urls") if isinstance(body, dict) else None)


@router.get("/projects/{project}/datasets")
def list_datasets(project: str, state: StateDep) -> list[dict[str, Any]]:
    """Datasets, and inference sets under their full names ``inferences_<d>_<i>``."""
    workspace = state.workspace
    entries: list[dict[str, Any]] = []
    for dataset in workspace.list_datasets(project):
        entries.append(_entry(state, project, dataset.name, frames=dataset.frame_count))
        for inference_set in workspace.list_inference_sets(project, dataset.name):
            full = f"inferences_{dataset.name}_{inference_set.name}"
            entry = _entry(state, project, full, frames=None)
            entry["bbox_metrics_metadata"] = {
                "metrics_table": f"{project}.{full}",
                "metrics_type": "precomputed_v4",
            }
            entries.append(entry)
    return entries


def _entry(state: StateDep, project: str, name: str, *, frames: int | None) -> dict[str, Any]:
    jobs = state.jobs.for_target(project, name)
    return {
        "id": name,
        "project": project,
        "is_streaming": True,
        "archived": False,
        "is_unlabeled_indexed_dataset": False,
        "num_frames": frames,
        "ingest_agg_windows": [job.window for job in jobs if job.status != ERRORED],
    }
