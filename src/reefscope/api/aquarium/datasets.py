"""Dataset and inference uploads, their processing status, and frames read back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from reefscope.api.aquarium.routing import AquariumRoute, Body, StateDep, require_key
from reefscope.engine import InvalidInputError
from reefscope.ingest.aquarium.jobs import DONE, ERRORED, PROCESSING, Job
from reefscope.ingest.aquarium.projects import check_name
from reefscope.ingest.aquarium.uploads import check_body
from reefscope.service.aquarium import frames
from reefscope.store import NotFoundError

router = APIRouter(route_class=AquariumRoute, dependencies=[Depends(require_key)])
FrameId = Annotated[str, Path()]


@router.post("/projects/{project}/datasets")
def upload_dataset(project: str, state: StateDep, body: Body) -> dict[str, str]:
    checked = check_body(body, kind="dataset")
    if checked.get("is_unlabeled_indexed_dataset"):
        raise InvalidInputError("reefscope evaluates labeled datasets; unlabeled datasets are not supported")
    dataset = check_name(checked.get("dataset_id"), kind="dataset", field="dataset_id")
    state.workspace.get_project(project)
    job = Job(str(checked["upload_version"]), "dataset", project, dataset, None, checked)
    return {"upload_version": state.jobs.submit(job).upload_version}


@router.post("/projects/{project}/datasets/{dataset}/inferences")
def upload_inferences(project: str, dataset: str, state: StateDep, body: Body) -> dict[str, str]:
    checked = check_body(body, kind="inferences")
    name = check_name(checked.get("inferences_id"), kind="inference set", field="inferences_id")
    state.workspace.get_project(project)
    job = Job(str(checked["upload_version"]), "inferences", project, dataset, name, checked)
    return {"upload_version": state.jobs.submit(job).upload_version}


@router.get("/streaming/projects/{project}/datasets/{dataset}/upload_version/{upload_version}/windows")
def windows(project: str, dataset: str, upload_version: str, state: StateDep) -> list[dict[str, str]]:
    job = state.jobs.find(project, upload_version)
    if job is None or job.target != dataset:
        # An answer that ends the client's poll: an empty list would keep it polling for hours.
        return [
            {
                "uuid": f"{upload_version} (no upload {upload_version} of {dataset!r} is known)",
                "status": ERRORED,
            }
        ]
    return job.windows()


@router.get("/projects/{project}/datasets/{dataset}/is_archived")
def is_archived(project: str, dataset: str) -> dict[str, bool]:
    return {"archived": False}  # reefscope does not archive; unknown names are simply not archived


def _processed(state: StateDep, project: str, target: str, exists: bool) -> dict[str, bool]:
    pending = any(job.status == PROCESSING for job in state.jobs.for_target(project, target))
    return {"processed": exists and not pending}


@router.get("/projects/{project}/datasets/{dataset}/is_processed")
def dataset_is_processed(project: str, dataset: str, state: StateDep) -> dict[str, bool]:
    return _processed(state, project, dataset, _exists(lambda: state.workspace.get_dataset(project, dataset)))


@router.get("/projects/{project}/datasets/{dataset}/inferences/{name}/is_processed")
def inferences_is_processed(project: str, dataset: str, name: str, state: StateDep) -> dict[str, bool]:
    exists = _exists(lambda: state.workspace.get_inference_set(project, dataset, name))
    return _processed(state, project, f"inferences_{dataset}_{name}", exists)


def _exists(lookup: Any) -> bool:
    try:
        lookup()
    except NotFoundError:
        return False
    return True


def _state_of(state: StateDep, project: str, target: str) -> dict[str, Any]:
    jobs = state.jobs.for_target(project, target)
    if not jobs:
        return {"current_state": "UNKNOWN", "percent_done": 0}
    last = jobs[-1]
    return {"current_state": last.status, "percent_done": 100 if last.status in (DONE, ERRORED) else 0}


@router.get("/projects/{project}/datasets/{dataset}/process_state")
def dataset_process_state(project: str, dataset: str, state: StateDep) -> dict[str, Any]:
    return _state_of(state, project, dataset)


@router.get("/projects/{project}/datasets/{dataset}/inferences/{name}/process_state")
def inferences_process_state(project: str, dataset: str, name: str, state: StateDep) -> dict[str, Any]:
    return _state_of(state, project, f"inferences_{dataset}_{name}")


def _errors(state: StateDep, project: str, target: str) -> list[dict[str, Any]]:
    return [
        {"aquarium_dataflow_step": "ingest", "upload_version": job.upload_version, "msg": job.message}
        for job in state.jobs.for_target(project, target)
        if job.status == ERRORED
    ]


@router.get("/projects/{project}/datasets/{dataset}/ingest_error_logs")
def dataset_errors(project: str, dataset: str, state: StateDep) -> list[dict[str, Any]]:
    return _errors(state, project, dataset)


@router.get("/projects/{project}/datasets/{dataset}/inferences/{name}/ingest_error_logs")
def inferences_errors(project: str, dataset: str, name: str, state: StateDep) -> list[dict[str, Any]]:
    return _errors(state, project, f"inferences_{dataset}_{name}")


@router.get("/projects/{project}/datasets/{dataset}/frame_ids/LATEST")
def frame_ids(project: str, dataset: str, state: StateDep) -> list[str]:
    return frames.frame_ids(state.workspace, project, dataset)


@router.get("/projects/{project}/datasets/{dataset}/frame/{frame_id:path}/LATEST")
def get_frame(project: str, dataset: str, frame_id: FrameId, state: StateDep) -> dict[str, Any]:
    found = frames.frames(state.workspace, project, dataset, [frame_id])
    if not found:
        raise NotFoundError(f"dataset {dataset!r} has no frame {frame_id!r}")
    return found[0]


@router.post("/projects/{project}/datasets/{dataset}/frames/LATEST")
def get_frames(project: str, dataset: str, state: StateDep, body: Body) -> list[dict[str, Any]]:
    wanted = body.get("frame_ids") if isinstance(body, dict) else None
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        raise InvalidInputError("expected {frame_ids: [string, ...]}", field="frame_ids")
    return frames.frames(state.workspace, project, dataset, wanted)


@router.get("/projects/{project}/datasets/{dataset}")
def get_dataset(project: str, dataset: str, state: StateDep) -> dict[str, Any]:
    record = state.workspace.get_dataset(project, dataset)
    return {
        "id": record.name,
        "project": project,
        "is_streaming": True,
        "archived": False,
        "is_unlabeled_indexed_dataset": False,
        "num_frames": record.frame_count,
    }


@router.delete("/projects/{project}/datasets/{dataset}")
def delete_dataset(project: str, dataset: str, state: StateDep) -> dict[str, str]:
    state.workspace.delete_dataset(project, dataset)
    return {"id": dataset}
