"""Image directories: which images a directory holds, and their sizes from the file headers."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from reefscope.ingest.common import describe
from reefscope.ingest.errors import InputFileError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})


def check_directory(path: Path, *, what: str) -> Path:
    """Return ``path`` when it is a directory."""
    if not path.is_dir():
        raise InputFileError(f"expected a directory of {what}", source=describe(path))
    return path


def scan_images(directory: Path) -> dict[str, str]:
    """Images directly in ``directory`` by frame id (file stem) -> file name."""
    check_directory(directory, what="images")
    found: dict[str, str] = {}
    for entry in sorted(directory.iterdir()):
        if entry.suffix.lower() not in IMAGE_SUFFIXES or not entry.is_file():
            continue
        if entry.stem in found:
            raise InputFileError(
                f"duplicate frame id {entry.stem!r}: images {found[entry.stem]!r} and "
                f"{entry.name!r} have the same stem",
                source=describe(directory),
                frame=entry.stem,
                field="frame_id",
            )
        found[entry.stem] = entry.name
    return found


def image_size(path: Path, *, frame: str | None = None) -> tuple[int, int]:
    """``(width, height)`` read from the image header only (the pixels are not decoded).

    ``frame`` is the frame id errors name (the file's stem when not given).
    """
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InputFileError(
            f"unreadable image ({type(error).__name__}: {error})",
            source=describe(path),
            frame=frame if frame is not None else path.stem,
            field="image",
        ) from None
    if width <= 0 or height <= 0:
        raise InputFileError(
            f"expected a positive image size but got {width} x {height}",
            source=describe(path),
            frame=frame if frame is not None else path.stem,
            field="image",
        )
    return int(width), int(height)
