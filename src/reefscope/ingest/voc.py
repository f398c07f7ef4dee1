"""Pascal VOC: one XML file per image, with pixel corners and a ``difficult`` flag.

A frame's id is the XML file's stem. ``difficult`` is kept as a label
column; ``pose``, ``truncated`` and ``occluded`` as label attributes. XML is
parsed with defusedxml, which refuses entity tricks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from reefscope.ingest.classes import ClassResolver
from reefscope.ingest.common import (
    BoxRows,
    FrameRows,
    NewClasses,
    Where,
    check_box,
    describe,
    locator,
    parse_float,
    parse_int,
    read_bytes,
)
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.images import check_directory, image_size, scan_images
from reefscope.ingest.progress import tracked
from reefscope.ingest.results import LabelImport

_ATTRIBUTES = ("pose", "truncated", "occluded")


def read_voc_labels(
    annotations: str | PathLike[str],
    *,
    images: str | PathLike[str] | None = None,
    classes: Sequence[str] | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read a directory of VOC XML files.

    ``classes``: the project's classes (names in the XML must be among them),
    or ``None`` to use the names found, sorted. ``images``: the image
    directory; its images without an XML file become frames without labels.
    """
    directory = check_directory(Path(annotations), what="VOC XML files")
    files = sorted(path for path in directory.iterdir() if path.suffix.lower() == ".xml")
    if not files:
        raise InputFileError("no .xml files in the directory", source=describe(directory))
    image_root = Path(images) if images is not None else None
    available = scan_images(image_root) if image_root is not None else {}
    resolver = ClassResolver(classes, new_classes=new_classes, accept_ids=False)
    frames = FrameRows(describe(directory))
    rows = BoxRows("labels")
    for file in tracked(files, "annotation files"):
        _read_file(file, image_root, available, resolver, frames, rows)
    if image_root is not None:
        for frame_id, name in available.items():
            if frame_id not in frames:
                width, height = image_size(image_root / name, frame=frame_id)
                frames.add(
                    frame_id, image=name, width=width, height=height, where=locator(describe(image_root))
                )
    final_classes, final_indices = resolver.finish(rows.provisional_classes())
    return LabelImport(
        task="detection",
        classes=final_classes,
        frames=frames.table(),
        labels=rows.table(final_indices),
        image_roots=(image_root.resolve(),) if image_root is not None else (),
        source=describe(directory),
    )


def _parse(file: Path) -> Element:
    data = read_bytes(file)
    source = describe(file)
    if not data.strip():
        raise InputFileError("the file is empty; expected VOC XML", source=source)
    try:
        root: Element = fromstring(data)
    except ParseError as error:
        line, column = error.position
        reason = re.sub(r": line \d+, column \d+$", "", str(error))
        raise InputFileError(
            f"malformed XML: {reason}", source=source, location=f"line {line}, column {column}"
        ) from None
    except DefusedXmlException as error:
        # Entity and DTD tricks (billion laughs, external entities) have no place in VOC files.
        raise InputFileError(
            f"refused XML: entity declarations are not allowed ({type(error).__name__})", source=source
        ) from None
    if root.tag != "annotation":
        raise InputFileError(f"expected an <annotation> root element but got <{root.tag}>", source=source)
    return root


def _read_file(
    file: Path,
    image_root: Path | None,
    available: dict[str, str],
    resolver: ClassResolver,
    frames: FrameRows,
    rows: BoxRows,
) -> None:
    root = _parse(file)
    source = describe(file)
    frame_id = file.stem
    where = locator(source, frame=frame_id)
    width, height = _size(root, where)
    image: str | None = None
    if image_root is not None:
        image = available.get(frame_id)
        if image is None:
            raise where(f"no image for this annotation in {image_root}", field="filename")
        if width is None or height is None:
            width, height = image_size(image_root / image, frame=frame_id)
    frames.add(frame_id, image=image, width=width, height=height, where=where, origin=file.name)
    for number, element in enumerate(root.findall("object"), start=1):
        _read_object(element, locator(source, f"object {number}", frame_id), frame_id, resolver, rows)


def _size(root: Element, where: Where) -> tuple[int | None, int | None]:
    size = root.find("size")
    if size is None:
        return None, None
    values: list[int] = []
    for key in ("width", "height"):
        value = parse_int(_text(size, key, where), field=f"size/{key}", where=where)
        if value <= 0:
            raise where(f"expected a positive {key} but got {value}", field=f"size/{key}")
        values.append(value)
    return values[0], values[1]


def _text(element: Element, key: str, where: Where) -> str:
    child = element.find(key)
    if child is None or child.text is None or not child.text.strip():
        raise where(f"missing <{key}>", field=key)
    return child.text.strip()


def _read_object(
    element: Element, where: Where, frame_id: str, resolver: ClassResolver, rows: BoxRows
) -> None:
    class_index = resolver.resolve_name(_text(element, "name", where), where=where, field="name")
    bndbox = element.find("bndbox")
    if bndbox is None:
        raise where("missing <bndbox>", field="bndbox")
    box = tuple(
        parse_float(_text(bndbox, key, where), field=f"bndbox/{key}", where=where)
        for key in ("xmin", "ymin", "xmax", "ymax")
    )
    check_box(box, where=where)
    difficult_text = element.findtext("difficult", default="0").strip() or "0"
    if difficult_text not in ("0", "1"):
        raise where(f"expected 0 or 1 but got {difficult_text!r}", field="difficult")
    attributes: dict[str, Any] = {}
    for key in _ATTRIBUTES:
        text = element.findtext(key)
        if text is not None and text.strip():
            attributes[key] = int(text) if text.strip() in ("0", "1") else text.strip()
    rows.add(frame_id, class_index, box, difficult=difficult_text == "1", attributes=attributes)
