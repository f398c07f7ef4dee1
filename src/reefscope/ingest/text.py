"""Per-image text files with pixel corners: ``class x1 y1 x2 y2`` (labels) and
``class confidence x1 y1 x2 y2`` (predictions), one box per line.

The class is a name, or an integer id into a class-names file (or into the
project's classes). A file's stem is its frame id; a frame without a
predictions file has no predictions.
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
    check_box,
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

_CORNERS = ("x1", "y1", "x2", "y2")


def read_text_labels(
    directory: str | PathLike[str],
    *,
    images: str | PathLike[str] | None = None,
    classes: ClassList | None = None,
    class_names: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read ``class x1 y1 x2 y2`` files.

    ``classes``: the project's classes, or ``None`` to use the names found
    (sorted). ``class_names``: what integer class ids mean (names, or a
    class-names file, which is skipped if it sits among the label files).
    """
    folder = Path(directory)
    files = text_files(folder, what="label files", exclude=names_file(class_names))
    resolver = ClassResolver(
        optional_class_list(classes), id_names=optional_class_list(class_names), new_classes=new_classes
    )
    rows = BoxRows("labels")

    def read(file: Path, size: tuple[int | None, int | None]) -> None:
        for tokens, where in records(file, counts=(5,), layout="'class x1 y1 x2 y2'"):
            class_index = resolver.resolve(tokens[0], where=where)
            box = tuple(
                parse_float(token, field=name, where=where)
                for token, name in zip(tokens[1:], _CORNERS, strict=True)
            )
            check_box(box, where=where)
            rows.add(file.stem, class_index, box)

    frames, root = label_frames(
        files,
        Path(images) if images is not None else None,
        source=describe(folder),
        need_sizes=False,
        read=read,
    )
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return LabelImport(
        task="detection",
        classes=final_classes,
        frames=frames.table(),
        labels=rows.table(final_indices),
        image_roots=(root,) if root is not None else (),
        source=describe(folder),
    )


def read_text_predictions(
    directory: str | PathLike[str],
    *,
    classes: ClassList,
    frames: DatasetFrames,
    class_names: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> InferenceImport:
    """Read ``class confidence x1 y1 x2 y2`` files for the frames of a dataset."""
    folder = Path(directory)
    files = text_files(folder, what="prediction files", exclude=names_file(class_names))
    if not files:
        raise InputFileError("no prediction files (.txt) in the directory", source=describe(folder))
    resolver = ClassResolver(
        load_class_list(classes), id_names=optional_class_list(class_names), new_classes=new_classes
    )
    rows = BoxRows("predictions")
    for file in tracked(files, "detection files"):
        check_known_frame(file.stem, frames, where=locator(describe(file), frame=file.stem))
        for tokens, where in records(file, counts=(6,), layout="'class confidence x1 y1 x2 y2'"):
            class_index = resolver.resolve(tokens[0], where=where)
            confidence = parse_confidence(tokens[1], where=where)
            box = tuple(
                parse_float(token, field=name, where=where)
                for token, name in zip(tokens[2:], _CORNERS, strict=True)
            )
            check_box(box, where=where)
            rows.add(file.stem, class_index, box, confidence=confidence)
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return InferenceImport(
        task="detection",
        classes=final_classes,
        predictions=rows.table(final_indices),
        source=describe(folder),
    )
