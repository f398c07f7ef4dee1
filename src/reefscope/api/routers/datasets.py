"""Datasets and their inference sets."""

from __future__ import annotations

from fastapi import APIRouter, status

from reefscope.api import convert
from reefscope.api.deps import ServiceDep, WorkspaceDep, WriteAccess
from reefscope.api.schemas.errors import WRITE_ERRORS
from reefscope.api.schemas.resources import (
    DatasetList,
    DatasetPublic,
    EmbeddingsPublic,
    InferenceSetList,
    InferenceSetPublic,
)
from reefscope.service.query import metadata_keys

router = APIRouter(prefix="/projects/{project}/datasets", tags=["datasets"])


def _dataset(service: ServiceDep, project: str, dataset: str) -> DatasetPublic:
    data = service.dataset(project, dataset)
    return convert.dataset(data.dataset, metadata_keys(data.frames))


@router.get("", response_model=DatasetList)
def list_datasets(project: str, service: ServiceDep) -> DatasetList:
    records = service.workspace.list_datasets(project)
    data = [_dataset(service, project, record.name) for record in records]
    return DatasetList(count=len(data), data=data)


@router.get("/{dataset}", response_model=DatasetPublic)
def get_dataset(project: str, dataset: str, service: ServiceDep) -> DatasetPublic:
    return _dataset(service, project, dataset)


@router.delete(
    "/{dataset}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[WriteAccess], responses=WRITE_ERRORS
)
def delete_dataset(project: str, dataset: str, workspace: WorkspaceDep) -> None:
    workspace.delete_dataset(project, dataset)


@router.get("/{dataset}/inference-sets", response_model=InferenceSetList)
def list_inference_sets(project: str, dataset: str, workspace: WorkspaceDep) -> InferenceSetList:
    records = workspace.list_inference_sets(project, dataset)
    data = [
        convert.inference_set(record, bool(workspace.list_custom_metrics(project, dataset, record.name)))
        for record in records
    ]
    return InferenceSetList(count=len(data), data=data)


@router.get("/{dataset}/inference-sets/{inference_set}", response_model=InferenceSetPublic)
def get_inference_set(
    project: str, dataset: str, inference_set: str, workspace: WorkspaceDep
) -> InferenceSetPublic:
    record = workspace.get_inference_set(project, dataset, inference_set)
    return convert.inference_set(record, bool(workspace.list_custom_metrics(project, dataset, inference_set)))


@router.delete(
    "/{dataset}/inference-sets/{inference_set}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[WriteAccess],
    responses=WRITE_ERRORS,
)
def delete_inference_set(project: str, dataset: str, inference_set: str, workspace: WorkspaceDep) -> None:
    workspace.delete_inference_set(project, dataset, inference_set)


@router.get("/{dataset}/embeddings", response_model=list[EmbeddingsPublic])
def list_embeddings(project: str, dataset: str, workspace: WorkspaceDep) -> list[EmbeddingsPublic]:
    return [
        EmbeddingsPublic(
            kind=record.kind,
            inference_set=record.inference_set,
            count=record.count,
            dimension=record.dimension,
        )
        for record in workspace.list_embeddings(project, dataset)
    ]
