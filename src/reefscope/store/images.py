"""Image directories registered by datasets, and the only way to reach a file in them."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from os import PathLike
from pathlib import Path

import pyarrow as pa

from reefscope.store.errors import InvalidInputError
from reefscope.store.files import Staging
from reefscope.store.records import Dataset

_URL = re.compile(r"https?://", re.IGNORECASE)


def check_image_roots(roots: Sequence[str | PathLike[str]]) -> list[Path]:
    """Resolve the image directories a dataset registers; each must exist."""
    if isinstance(roots, str | PathLike):
        roots = [roots]
    resolved: list[Path] = []
    for root in roots:
        path = Path(root).expanduser().resolve()
        if not path.is_dir():
            raise InvalidInputError(f"image root {str(root)!r} is not a directory", field="image_roots")
        if path not in resolved:
            resolved.append(path)
    return resolved


def is_url(image: str) -> bool:
    """Whether a frame's image reference is an http(s) URL rather than a relative path."""
    return _URL.match(image) is not None


def find_image(roots: Sequence[Path], image: str) -> Path | None:
    """The file ``image`` (relative) names under the first root that has it, never outside them."""
    if is_url(image):
        return None
    for root in roots:
        candidate = (root / image).resolve()
        # resolve() follows '..' and symlinks: keep only what stays inside the root.
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            return candidate
    return None


def image_path(dataset: Dataset, image: str) -> Path | None:
    """The file of a frame's ``image`` value, or ``None`` when it is not inside the dataset's roots."""
    return find_image(dataset.image_roots, image)


def image_sources(frames: pa.Table, roots: Sequence[Path]) -> list[tuple[Path, str]]:
    """The file behind every relative image of ``frames``; raises on the first one missing."""
    frame_ids = frames.column("frame_id").to_pylist()
    sources: list[tuple[Path, str]] = []
    for row, image in enumerate(frames.column("image").to_pylist()):
        if image is None or is_url(image):
            continue
        source = find_image(roots, image)
        if source is None:
            raise InvalidInputError(
                f"image {image!r} is not a file under the image roots {[str(root) for root in roots]}",
                source="frames table",
                row=row,
                frame=frame_ids[row],
                field="image",
            )
        sources.append((source, image))
    return sources


def check_links_stay_inside(frames: pa.Table, roots: Sequence[Path]) -> None:
    """Refuse an image that exists under a root only as a link pointing outside it: the
    server would never serve it (see :func:`find_image`), so it would 404 forever."""
    frame_ids = frames.column("frame_id").to_pylist()
    for row, image in enumerate(frames.column("image").to_pylist()):
        if image is None or is_url(image):
            continue
        for root in roots:
            candidate = root / image
            if not os.path.lexists(candidate):
                continue
            target = candidate.resolve()
            if not target.is_relative_to(root.resolve()):
                raise InvalidInputError(
                    f"image {image!r} links to {str(target)!r}, outside the image root {str(root)!r}; "
                    "copy the file into the root instead",
                    source=str(candidate),
                    row=row,
                    frame=frame_ids[row],
                    field="image",
                )


def copy_images(staging: Staging, sources: Sequence[tuple[Path, str]]) -> str:
    """Copy images into ``<staging>/images/`` keeping their relative paths; return that root."""
    for source, image in sources:
        staging.copy_file(source, f"images/{image}")
    (staging.directory / "images").mkdir(exist_ok=True)
    staging.sync()
    return staging.relative("images")
