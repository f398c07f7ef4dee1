"""Frames for the grid view and the frame viewer, and their images."""

from __future__ import annotations

import io
import math
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response

from reefscope.api import convert
from reefscope.api.deps import ServiceDep
from reefscope.api.routers.params import Unit
from reefscope.api.schemas.resources import FrameDetail, FrameList
from reefscope.engine import InvalidInputError
from reefscope.service.frames import (
    FrameOutcome,
    FrameSort,
    frame_detail,
    frame_row,
    page_boxes,
    select_frame_indices,
)
from reefscope.service.loading import LoadedDataset
from reefscope.store import NotFoundError
from reefscope.store.images import image_path, is_url

router = APIRouter(prefix="/projects/{project}/datasets/{dataset}", tags=["frames"])

# Images are immutable once imported: let browsers keep them for a day.
IMAGE_CACHE = "public, max-age=86400, immutable"
MAX_CROP_SIDE = 1024


@router.get("/frames", response_model=FrameList)
def list_frames(
    project: str,
    dataset: str,
    service: ServiceDep,
    where: Annotated[str | None, Query(description="Metadata query, e.g. \"weather == 'rain'\"")] = None,
    segment: Annotated[str | None, Query()] = None,
    inference: Annotated[
        str | None, Query(description="Attach per-frame results of this inference set")
    ] = None,
    confidence: Unit = None,
    iou: Unit = None,
    outcome: Annotated[FrameOutcome | None, Query(description="Only frames with this kind of error")] = None,
    filter_class: Annotated[
        str | None, Query(description="Only frames where this class takes part (in the outcome)")
    ] = None,
    sort: FrameSort = "frame",
    descending: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 60,
    boxes: Annotated[
        bool, Query(description="Attach each frame's labels (and the inference set's predictions)")
    ] = False,
) -> FrameList:
    evaluation = loaded = None
    if inference:
        # Frames, results and boxes all from the one snapshot the evaluation used.
        result = service.metrics(project, dataset, inference, confidence=confidence, iou=iou)
        evaluation, loaded = result.evaluation, result.loaded
        data = loaded.data
    else:
        data = service.dataset(project, dataset)
    if filter_class is not None and filter_class not in data.project.class_names:
        raise InvalidInputError(f"unknown class {filter_class!r}", field="filter_class")
    mask = service.segment_mask(data, segment or None)
    indices = select_frame_indices(
        data,
        mask=mask,
        where=where,
        evaluation=evaluation,
        outcome=outcome,
        class_name=filter_class,
        sort=sort,
        descending=descending,
    )
    page = indices[offset : offset + limit]
    rows = [convert.frame(frame_row(data, int(index), evaluation), data) for index in page]
    if boxes:
        for row, (labels, predictions) in zip(rows, page_boxes(data, page, loaded, evaluation), strict=True):
            row.labels = [convert.box(item) for item in labels]
            row.predictions = [convert.box(item) for item in predictions] if inference else None
    return FrameList(count=len(indices), offset=offset, limit=limit, data=rows)


def _frame_index(data: LoadedDataset, frame_id: str) -> int:
    index = data.frame_position.get(frame_id)
    if index is None:
        raise NotFoundError(
            f"dataset {data.dataset.name!r} of project {data.project.name!r} has no frame {frame_id!r}"
        )
    return index


@router.get("/frame", response_model=FrameDetail)
def get_frame(
    project: str,
    dataset: str,
    service: ServiceDep,
    frame_id: Annotated[str, Query(min_length=1)],
    inference: Annotated[str | None, Query()] = None,
    confidence: Unit = None,
    iou: Unit = None,
) -> FrameDetail:
    """One frame with all its labels and (optionally) predictions and their outcomes."""
    loaded = evaluation = None
    if inference:
        result = service.metrics(project, dataset, inference, confidence=confidence, iou=iou)
        evaluation, loaded = result.evaluation, result.loaded
        data = loaded.data
    else:
        data = service.dataset(project, dataset)
    index = _frame_index(data, frame_id)
    detail = frame_detail(data, index, loaded, evaluation)
    public = convert.frame(detail.frame, data)
    return FrameDetail(
        **public.model_dump(exclude={"labels", "predictions"}),
        labels=[convert.box(row) for row in detail.labels],
        predictions=[convert.box(row) for row in detail.predictions],
    )


def _image_file(service: ServiceDep, project: str, dataset: str, frame_id: str):  # type: ignore[no-untyped-def]
    data = service.dataset(project, dataset)
    index = _frame_index(data, frame_id)
    image = data.frames.column("image")[index].as_py()
    # The file is looked up from the stored frame, never from a client path, and must
    # resolve inside one of the dataset's registered image roots.
    path = None if image is None or is_url(image) else image_path(data.dataset, image)
    if path is None:
        raise NotFoundError(f"frame {frame_id!r} has no image file under the dataset's image roots")
    return path


@router.get("/images", response_class=FileResponse, responses={200: {"content": {"image/*": {}}}})
def get_image(
    project: str, dataset: str, service: ServiceDep, frame_id: Annotated[str, Query(min_length=1)]
) -> FileResponse:
    """The frame's image file."""
    path = _image_file(service, project, dataset, frame_id)
    return FileResponse(path, headers={"Cache-Control": IMAGE_CACHE})


@router.get("/crops", response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
def get_crop(
    project: str,
    dataset: str,
    service: ServiceDep,
    frame_id: Annotated[str, Query(min_length=1)],
    box: Annotated[
        str, Query(description="x1,y1,x2,y2 in pixels", pattern=r"^[-0-9.eE+]+(,[-0-9.eE+]+){3}$")
    ],
    padding: Annotated[
        float, Query(ge=0.0, le=4.0, description="Context around the box, as a share of its size")
    ] = 0.25,
    max_side: Annotated[int, Query(ge=16, le=MAX_CROP_SIDE)] = 256,
) -> Response:
    """A JPEG crop of the frame around a box, with some context."""
    from PIL import Image, UnidentifiedImageError

    try:
        x1, y1, x2, y2 = (float(value) for value in box.split(","))
    except ValueError:
        raise InvalidInputError(
            f"expected box as four numbers x1,y1,x2,y2 but got {box!r}", field="box"
        ) from None
    if not all(math.isfinite(value) for value in (x1, y1, x2, y2)):
        raise InvalidInputError(f"expected finite numbers in box but got {box!r}", field="box")
    if not (x2 >= x1 and y2 >= y1):
        raise InvalidInputError(f"expected x1 <= x2 and y1 <= y2 but got {box!r}", field="box")
    path = _image_file(service, project, dataset, frame_id)
    try:
        with Image.open(path) as image:
            region = _crop_region((x1, y1, x2, y2), image.width, image.height, padding)
            if region is None:
                raise InvalidInputError(
                    f"box {box!r} lies outside the {image.width}x{image.height} image", field="box"
                )
            crop = image.crop(region).convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
        raise InvalidInputError(
            f"the image file of frame {frame_id!r} cannot be read as an image", field="frame_id"
        ) from None
    crop.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    crop.save(buffer, format="JPEG", quality=88)
    return Response(buffer.getvalue(), media_type="image/jpeg", headers={"Cache-Control": IMAGE_CACHE})


def _crop_region(
    box: tuple[float, float, float, float], width: int, height: int, padding: float
) -> tuple[int, int, int, int] | None:
    """Pixel region of ``box`` plus context, inside the image; ``None`` when the box misses it."""
    x1, y1, x2, y2 = box
    if x2 < 0 or y2 < 0 or x1 > width or y1 > height:
        return None
    # Clip to the image first: huge coordinates must not overflow int().
    x1, y1, x2, y2 = max(x1, 0.0), max(y1, 0.0), min(x2, float(width)), min(y2, float(height))
    pad_x, pad_y = (x2 - x1) * padding + 4, (y2 - y1) * padding + 4
    region = (
        max(0, int(x1 - pad_x)),
        max(0, int(y1 - pad_y)),
        min(width, int(x2 + pad_x) + 1),
        min(height, int(y2 + pad_y) + 1),
    )
    return region if region[2] > region[0] and region[3] > region[1] else None
