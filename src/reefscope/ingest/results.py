"""What readers return: validated tables in the store's schemas, not yet stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from reefscope.store.records import Task


@dataclass(frozen=True)
class LabelImport:
    """A labeled dataset read from files.

    ``labels.class_index`` indexes ``classes``; ``frames`` follows
    ``tables.FRAMES`` (plus ``meta.*`` columns); ``image`` paths are relative
    to one of ``image_roots``. ``metadata`` is kept with the dataset (for
    example the COCO category ids that COCO results refer to).
    """

    task: Task
    classes: tuple[str, ...]
    frames: pa.Table
    labels: pa.Table
    image_roots: tuple[Path, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class InferenceImport:
    """An inference set read from files; ``predictions.class_index`` indexes ``classes``."""

    task: Task
    classes: tuple[str, ...]
    predictions: pa.Table
    source: str = ""
