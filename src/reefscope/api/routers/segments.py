"""Segments: named sets of frames with target thresholds."""

from __future__ import annotations

from fastapi import APIRouter, status

from reefscope.api import convert
from reefscope.api.deps import ServiceDep, WriteAccess
from reefscope.api.schemas.errors import WRITE_ERRORS
from reefscope.api.schemas.resources import (
    SegmentCreate,
    SegmentDetail,
    SegmentList,
    SegmentPublic,
    SegmentUpdate,
)
from reefscope.engine import InvalidInputError
from reefscope.store import UNCHANGED, Unchanged

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}/segments", tags=["segments"])


@router.get("", response_model=SegmentList)
def list_segments(project: str, dataset: str, service: ServiceDep) -> SegmentList:
    data = [convert.segment(record) for record in service.list_segments(project, dataset)]
    return SegmentList(count=len(data), data=data)


@router.post(
    "",
    response_model=SegmentPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[WriteAccess],
    responses=WRITE_ERRORS,
)
def create_segment(project: str, dataset: str, body: SegmentCreate, service: ServiceDep) -> SegmentPublic:
    if body.name in (".", ".."):
        # Clients normalise '/segments/..' to the dataset's own URL: such a name could never be addressed.
        raise InvalidInputError(f"a segment cannot be named {body.name!r}", field="name")
    if ("frame_ids" in body.model_fields_set) == ("where" in body.model_fields_set):
        raise InvalidInputError("give either `frame_ids` or `where`, not both or neither", field="frame_ids")
    frames = (
        body.frame_ids
        if body.frame_ids is not None
        else service.frames_matching(project, dataset, body.where or "")
    )
    record = service.workspace.create_segment(
        project,
        dataset,
        body.name,
        frames=frames,
        kind=body.kind,
        description=body.description,
        metadata=body.metadata,
        precision=body.precision,
        recall=body.recall,
        f1=body.f1,
    )
    return convert.segment(record)


@router.get("/{segment:path}", response_model=SegmentDetail)
def get_segment(project: str, dataset: str, segment: str, service: ServiceDep) -> SegmentDetail:
    record = service.workspace.get_segment(project, dataset, segment)
    frame_ids = service.workspace.read_segment_frames(project, dataset, segment).to_pylist()
    return SegmentDetail(**convert.segment(record).model_dump(), frame_ids=frame_ids)


@router.patch(
    "/{segment:path}", response_model=SegmentPublic, dependencies=[WriteAccess], responses=WRITE_ERRORS
)
def update_segment(
    project: str, dataset: str, segment: str, body: SegmentUpdate, service: ServiceDep
) -> SegmentPublic:
    given = body.model_dump(exclude_unset=True)
    frames: list[str] | Unchanged = UNCHANGED
    if "add_frames" in given or "remove_frames" in given:
        current = service.workspace.read_segment_frames(project, dataset, segment).to_pylist()
        removed = set(given.get("remove_frames") or [])
        added = [frame for frame in (given.get("add_frames") or []) if frame not in set(current)]
        frames = [frame for frame in current if frame not in removed] + added
    record = service.workspace.update_segment(
        project,
        dataset,
        segment,
        frames=frames,
        kind=given["kind"] if given.get("kind") is not None else UNCHANGED,
        description=given["description"] if given.get("description") is not None else UNCHANGED,
        metadata=given["metadata"] if given.get("metadata") is not None else UNCHANGED,
        # A threshold given as null is removed; one left out is kept.
        precision=given.get("precision", UNCHANGED),
        recall=given.get("recall", UNCHANGED),
        f1=given.get("f1", UNCHANGED),
    )
    return convert.segment(record)


@router.delete(
    "/{segment:path}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[WriteAccess],
    responses=WRITE_ERRORS,
)
def delete_segment(project: str, dataset: str, segment: str, service: ServiceDep) -> None:
    service.workspace.delete_segment(project, dataset, segment)
