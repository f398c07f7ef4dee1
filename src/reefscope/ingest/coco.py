"""COCO: instances JSON (labels) and results JSON (predictions).

Boxes are ``[x, y, width, height]`` in pixels; they are stored as corners.
A frame's id is its image ``file_name`` stem and the COCO image id is kept as
``meta.coco_id`` so that results (which name images by id) can be joined.
Category ids need not be contiguous: classes follow the order of
``categories``, and the id -> name table is kept with the dataset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from reefscope.ingest.classes import ClassResolver
from reefscope.ingest.common import (
    BoxRows,
    DatasetFrames,
    FrameRows,
    NewClasses,
    Where,
    describe,
    load_json,
    locator,
    parse_confidence,
    parse_float,
    parse_int,
)
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.images import check_directory
from reefscope.ingest.progress import tracked
from reefscope.ingest.results import InferenceImport, LabelImport

CATEGORIES_KEY = "coco_categories"


def read_coco_labels(
    path: str | PathLike[str],
    *,
    images: str | PathLike[str] | None = None,
    classes: Sequence[str] | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read a COCO instances file.

    ``classes``: the project's classes that category names map to, or
    ``None`` to take the categories as the class list. ``images``: the
    directory ``file_name`` paths are relative to (optional: COCO carries
    image sizes); every image must then exist there.
    """
    file = Path(path)
    source = describe(file)
    document = load_json(file)
    if not isinstance(document, dict):
        raise InputFileError(
            "expected a JSON object with 'images', 'annotations' and 'categories'", source=source
        )
    sections = {key: _section(document, key, source) for key in ("images", "annotations", "categories")}
    categories = _categories(sections["categories"], source)
    if classes is None:
        class_list = tuple(categories.values())
        repeated = next((name for name in class_list if class_list.count(name) > 1), None)
        if repeated is not None:
            raise InputFileError(f"two categories are named {repeated!r}", source=source, field="categories")
        category_index = {category_id: index for index, category_id in enumerate(categories)}
        resolver = None
    else:
        resolver = ClassResolver(classes, new_classes=new_classes, accept_ids=False)
        category_index = {
            category_id: resolver.resolve_name(
                name, where=locator(source, f"categories[{position}]"), field="name"
            )
            for position, (category_id, name) in enumerate(categories.items())
        }

    image_root = check_directory(Path(images), what="images") if images is not None else None
    frames = FrameRows(source)
    frame_of_image: dict[int, str] = {}
    for position, image in enumerate(sections["images"]):
        where = locator(source, f"images[{position}]")
        image_id, frame_id, file_name, size = _image(image, where)
        if image_id in frame_of_image:
            raise where(f"duplicate image id {image_id}", field="id")
        if image_root is not None and not (image_root / file_name).is_file():
            raise where(f"image {file_name!r} is not in {image_root}", frame=frame_id, field="file_name")
        frames.add(
            frame_id,
            image=file_name,
            width=size[0],
            height=size[1],
            where=where,
            origin=f"images[{position}]",
            metadata={"coco_id": image_id},
        )
        frame_of_image[image_id] = frame_id

    rows = BoxRows("labels")
    seen: set[int] = set()
    for position, annotation in enumerate(tracked(sections["annotations"], "annotations")):
        where = locator(source, f"annotations[{position}]")
        if not isinstance(annotation, dict):
            raise where(f"expected an object but got {type(annotation).__name__}")
        annotation_id = parse_int(_get(annotation, "id", where), field="id", where=where)
        if annotation_id in seen:
            raise where(f"duplicate annotation id {annotation_id}", field="id")
        seen.add(annotation_id)
        frame_id = _lookup_image(annotation, frame_of_image, where, what="annotation")
        where = locator(source, f"annotations[{position}]", frame_id)
        class_index = _lookup_category(annotation, category_index, where)
        box = _box(_get(annotation, "bbox", where), where)
        iscrowd = _flag(annotation.get("iscrowd", 0), field="iscrowd", where=where)
        area = annotation.get("area")
        if area is not None:
            area = parse_float(area, field="area", where=where)
            if area < 0:
                raise where(f"expected a non-negative area but got {area:g}", field="area")
        rows.add(frame_id, class_index, box, box_id=str(annotation_id), iscrowd=iscrowd, area=area)

    provisional = rows.provisional_classes()
    if resolver is None:
        final_classes, final_indices = class_list, provisional.astype(np.int32)
    else:
        final_classes, final_indices = resolver.finish(provisional)
    return LabelImport(
        task="detection",
        classes=final_classes,
        frames=frames.table(),
        labels=rows.table(final_indices),
        image_roots=(image_root,) if image_root is not None else (),
        metadata={CATEGORIES_KEY: [{"id": key, "name": name} for key, name in categories.items()]},
        source=source,
    )


def read_coco_results(
    path: str | PathLike[str],
    *,
    classes: Sequence[str],
    categories: Mapping[int, str],
    frames: DatasetFrames,
    new_classes: NewClasses = "error",
) -> InferenceImport:
    """Read a COCO results file (``image_id, category_id, bbox, score`` per detection).

    ``categories`` maps the category ids of the results to class names (the
    dataset's COCO categories); ``frames`` is the dataset the results are on.
    """
    file = Path(path)
    source = describe(file)
    document = load_json(file)
    if isinstance(document, dict) and isinstance(document.get("annotations"), list):
        document = document["annotations"]
    if not isinstance(document, list):
        raise InputFileError(
            "expected a JSON list of {image_id, category_id, bbox, score} objects", source=source
        )
    resolver = ClassResolver(classes, new_classes=new_classes, accept_ids=False)
    category_index: dict[int, int] = {}
    rows = BoxRows("predictions")
    for position, result in enumerate(tracked(document, "detections")):
        where = locator(source, f"[{position}]")
        if not isinstance(result, dict):
            raise where(f"expected an object but got {type(result).__name__}")
        image_id = parse_int(_get(result, "image_id", where), field="image_id", where=where)
        frame_id = frames.coco_ids.get(image_id)
        if frame_id is None:
            raise where(
                f"predictions for image id {image_id}, which the dataset does not have",
                field="image_id",
            )
        where = locator(source, f"[{position}]", frame_id)
        category_id = parse_int(_get(result, "category_id", where), field="category_id", where=where)
        if category_id not in category_index:
            if category_id not in categories:
                raise where(f"unknown category id {category_id}", field="category_id")
            category_index[category_id] = resolver.resolve_name(
                categories[category_id], where=where, field="category_id"
            )
        box = _box(_get(result, "bbox", where), where)
        confidence = parse_confidence(_get(result, "score", where), where=where, field="score")
        rows.add(frame_id, category_index[category_id], box, confidence=confidence)
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return InferenceImport(
        task="detection", classes=final_classes, predictions=rows.table(final_indices), source=source
    )


def coco_categories(value: str | PathLike[str] | Mapping[int, str] | Sequence[Any]) -> dict[int, str]:
    """Category id -> name from an instances file, a mapping, or stored ``[{id, name}]`` items."""
    if isinstance(value, str | PathLike):
        file = Path(value)
        document = load_json(file)
        if not isinstance(document, dict):
            raise InputFileError("expected a JSON object with 'categories'", source=describe(file))
        return _categories(_section(document, "categories", describe(file)), describe(file))
    if isinstance(value, Mapping):
        return {int(key): str(name) for key, name in value.items()}
    return _categories(list(value), "categories")


def _section(document: dict[str, Any], key: str, source: str) -> list[Any]:
    value = document.get(key)
    if not isinstance(value, list):
        got = "nothing" if value is None else type(value).__name__
        raise InputFileError(f"expected a list under {key!r} but got {got}", source=source, field=key)
    return value


def _get(item: dict[str, Any], key: str, where: Where) -> Any:
    if key not in item:
        raise where(f"missing {key!r}", field=key)
    return item[key]


def _categories(items: list[Any], source: str) -> dict[int, str]:
    categories: dict[int, str] = {}
    for position, item in enumerate(items):
        where = locator(source, f"categories[{position}]")
        if not isinstance(item, dict):
            raise where(f"expected an object but got {type(item).__name__}")
        category_id = parse_int(_get(item, "id", where), field="id", where=where)
        name = _get(item, "name", where)
        if not isinstance(name, str) or not name.strip():
            raise where(f"expected a category name but got {name!r}", field="name")
        if category_id in categories:
            raise where(f"duplicate category id {category_id}", field="id")
        categories[category_id] = name.strip()
    if not categories:
        raise InputFileError("expected at least one category", source=source, field="categories")
    return categories


def _image(image: Any, where: Where) -> tuple[int, str, str, tuple[int, int]]:
    if not isinstance(image, dict):
        raise where(f"expected an object but got {type(image).__name__}")
    image_id = parse_int(_get(image, "id", where), field="id", where=where)
    file_name = _get(image, "file_name", where)
    if not isinstance(file_name, str) or not file_name.strip():
        raise where(f"expected a file name but got {file_name!r}", field="file_name")
    frame_id = PurePosixPath(file_name.replace("\\", "/")).stem
    size = []
    for key in ("width", "height"):
        value = parse_int(_get(image, key, where), field=key, where=where)
        if value <= 0:
            raise where(f"expected a positive {key} but got {value}", frame=frame_id, field=key)
        size.append(value)
    return image_id, frame_id, file_name, (size[0], size[1])


def _lookup_image(item: dict[str, Any], frame_of_image: Mapping[int, str], where: Where, *, what: str) -> str:
    image_id = parse_int(_get(item, "image_id", where), field="image_id", where=where)
    frame_id = frame_of_image.get(image_id)
    if frame_id is None:
        raise where(f"{what} on image id {image_id}, which is not under 'images'", field="image_id")
    return frame_id


def _lookup_category(item: dict[str, Any], category_index: Mapping[int, int], where: Where) -> int:
    category_id = parse_int(_get(item, "category_id", where), field="category_id", where=where)
    if category_id not in category_index:
        raise where(f"unknown category id {category_id}", field="category_id")
    return category_index[category_id]


def _box(value: Any, where: Where) -> tuple[float, float, float, float]:
    if not isinstance(value, list) or len(value) != 4:
        raise where(f"expected [x, y, width, height] but got {value!r}", field="bbox")
    x, y, width, height = (parse_float(number, field="bbox", where=where) for number in value)
    if width < 0:
        raise where(f"expected a non-negative width but got {width:g}", field="bbox")
    if height < 0:
        raise where(f"expected a non-negative height but got {height:g}", field="bbox")
    return (x, y, x + width, y + height)


def _flag(value: Any, *, field: str, where: Where) -> bool:
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise where(f"expected 0 or 1 but got {value!r}", field=field)
