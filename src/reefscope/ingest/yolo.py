"""YOLO: per-image text files of normalised ``class x_center y_center width height``
(plus ``confidence`` for predictions), class ids into a class-names file.

Coordinates are fractions of the image size, so labels need the images (their
sizes are read from the file headers) and predictions need a dataset whose
frames have sizes.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from reefscope.ingest.classes import ClassResolver
from reefscope.ingest.common import (
    BoxRows,
    ClassList,
    DatasetFrames,
    NewClasses,
    Where,
    check_known_frame,
    describe,
    load_class_list,
    locator,
    names_file,
    optional_class_list,
    parse_confidence,
    parse_float,
)
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.perimage import label_frames, records, text_files
from reefscope.ingest.progress import tracked
from reefscope.ingest.results import InferenceImport, LabelImport

_FIELDS = ("x_center", "y_center", "width", "height")


def read_yolo_labels(
    directory: str | PathLike[str],
    *,
    images: str | PathLike[str],
    class_names: ClassList,
    classes: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read YOLO label files; every image in ``images`` is a frame (no file: no labels).

    ``class_names``: the names the ids refer to (a file with one per line, or
    names). ``classes``: the project's classes, or ``None`` to use
    ``class_names`` as they are.
    """
    folder = Path(directory)
    id_names = load_class_list(class_names)
    files = text_files(folder, what="YOLO label files", exclude=names_file(class_names))
    resolver = ClassResolver(
        optional_class_list(classes) or id_names, id_names=id_names, new_classes=new_classes
    )
    rows = BoxRows("labels")

    def read(file: Path, size: tuple[int | None, int | None]) -> None:
        width, height = size
        for tokens, where in records(file, counts=(5,), layout="'class x_center y_center width height'"):
            class_index = _class(tokens[0], resolver, where)
            rows.add(file.stem, class_index, _box(tokens[1:5], width, height, where))

    frames, root = label_frames(files, Path(images), source=describe(folder), need_sizes=True, read=read)
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return LabelImport(
        task="detection",
        classes=final_classes,
        frames=frames.table(),
        labels=rows.table(final_indices),
        image_roots=(root,) if root is not None else (),
        source=describe(folder),
    )


def read_yolo_predictions(
    directory: str | PathLike[str],
    *,
    class_names: ClassList,
    classes: ClassList,
    frames: DatasetFrames,
    new_classes: NewClasses = "error",
) -> InferenceImport:
    """Read YOLO prediction files (``class xc yc w h confidence``) for a dataset's frames."""
    folder = Path(directory)
    id_names = load_class_list(class_names)
    files = text_files(folder, what="YOLO prediction files", exclude=names_file(class_names))
    if not files:
        raise InputFileError("no prediction files (.txt) in the directory", source=describe(folder))
    resolver = ClassResolver(load_class_list(classes), id_names=id_names, new_classes=new_classes)
    rows = BoxRows("predictions")
    for file in tracked(files, "detection files"):
        frame_id = file.stem
        where_file = locator(describe(file), frame=frame_id)
        check_known_frame(frame_id, frames, where=where_file)
        width, height = frames.sizes.get(frame_id, (None, None))
        layout = "'class x_center y_center width height confidence'"
        for tokens, where in records(file, counts=(6,), layout=layout):
            if width is None or height is None:
                raise where(
                    "the dataset has no size for this frame, so normalised boxes cannot be "
                    "converted; import the dataset with its images",
                    field="width",
                )
            class_index = _class(tokens[0], resolver, where)
            box = _box(tokens[1:5], width, height, where)
            rows.add(frame_id, class_index, box, confidence=parse_confidence(tokens[5], where=where))
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return InferenceImport(
        task="detection",
        classes=final_classes,
        predictions=rows.table(final_indices),
        source=describe(folder),
    )


def _class(token: str, resolver: ClassResolver, where: Where) -> int:
    if not token.isdigit():
        raise where(f"expected a class id (a non-negative integer) but got {token!r}", field="class")
    return resolver.resolve(token, where=where)


def _box(
    tokens: list[str], width: int | None, height: int | None, where: Where
) -> tuple[float, float, float, float]:
    x_center, y_center, box_width, box_height = (
        parse_float(token, field=name, where=where) for token, name in zip(tokens, _FIELDS, strict=True)
    )
    for name, value in zip(_FIELDS, (x_center, y_center, box_width, box_height), strict=True):
        if not 0.0 <= value <= 1.0:
            raise where(f"expected a normalised coordinate in [0, 1] but got {value:g}", field=name)
    if width is None or height is None:
        raise where("the image size is unknown", field="width")
    return (
        (x_center - box_width / 2) * width,
        (y_center - box_height / 2) * height,
        (x_center + box_width / 2) * width,
        (y_center + box_height / 2) * height,
    )
