"""What the per-image text formats (plain boxes and YOLO) share: one ``.txt`` file per
frame, named after the frame, with one whitespace-separated record per line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from reefscope.ingest.common import FrameRows, Where, describe, locator, read_text
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.images import check_directory, image_size, scan_images
from reefscope.ingest.progress import tracked


def text_files(directory: Path, *, what: str, exclude: Path | None = None) -> list[Path]:
    """The ``.txt`` files directly in ``directory`` (a class-names file among them is skipped)."""
    check_directory(directory, what=what)
    skip = exclude.resolve() if exclude is not None else None
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix.lower() == ".txt" and path.is_file() and path.resolve() != skip
    )


def records(file: Path, *, counts: tuple[int, ...], layout: str) -> Iterator[tuple[list[str], Where]]:
    """Each non-blank line of ``file`` split into tokens, with a locator of its line.

    ``counts`` are the accepted numbers of tokens; ``layout`` describes them for messages.
    """
    source = describe(file)
    for number, line in enumerate(read_text(file).splitlines(), start=1):
        tokens = line.split()
        if not tokens:
            continue
        where = locator(source, f"line {number}", file.stem)
        if len(tokens) not in counts:
            raise where(
                f"expected {layout} ({' or '.join(map(str, counts))} values) but got {line.strip()!r}"
            )
        yield tokens, where


def label_frames(
    files: list[Path],
    images: Path | None,
    *,
    source: str,
    need_sizes: bool,
    read: Callable[[Path, tuple[int | None, int | None]], None],
) -> tuple[FrameRows, Path | None]:
    """Frames of a per-image label directory: one per label file, plus images without one.

    ``read(file, size)`` parses one label file. With ``images``, every label
    file needs an image of the same stem; sizes come from the image headers.
    """
    frames = FrameRows(source)
    available = scan_images(images) if images is not None else {}
    if images is None and need_sizes:
        raise InputFileError("this format needs the images directory for image sizes", source=source)
    for file in tracked(files, "label files"):
        frame_id = file.stem
        where = locator(describe(file), frame=frame_id)
        size: tuple[int | None, int | None] = (None, None)
        image = None
        if images is not None:
            image = available.get(frame_id)
            if image is None:
                raise where(f"no image named {frame_id}.* in {images}", field="image")
            size = image_size(images / image, frame=frame_id)
        frames.add(frame_id, image=image, width=size[0], height=size[1], where=where, origin=file.name)
        read(file, size)
    if images is not None:
        for frame_id, name in available.items():
            if frame_id not in frames:
                width, height = image_size(images / name, frame=frame_id)
                frames.add(frame_id, image=name, width=width, height=height, where=locator(describe(images)))
    if not frames.frame_ids:
        raise InputFileError("no label files (.txt) and no images found", source=source)
    return frames, images.resolve() if images is not None else None
