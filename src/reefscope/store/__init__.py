"""Persistence: a SQLite catalog plus immutable Parquet tables in a workspace directory.

>>> from reefscope.store import Workspace  # doctest: +SKIP
>>> workspace = Workspace("/tmp/reefscope-demo")  # doctest: +SKIP
"""

from reefscope.store.core import HOME_ENVIRONMENT_VARIABLE, UNCHANGED, Unchanged, workspace_path
from reefscope.store.errors import ConflictError, InvalidInputError, NotFoundError, StoreError
from reefscope.store.images import image_path
from reefscope.store.records import (
    IOU_CONVENTIONS,
    SIZE_NAMES,
    ClassSpec,
    CustomMetrics,
    Dataset,
    EmbeddingKind,
    Embeddings,
    IfExists,
    InferenceSet,
    IouConvention,
    Project,
    Segment,
    SegmentKind,
    SizeName,
    Task,
)
from reefscope.store.workspace import Workspace

__all__ = [
    "HOME_ENVIRONMENT_VARIABLE",
    "IOU_CONVENTIONS",
    "SIZE_NAMES",
    "UNCHANGED",
    "ClassSpec",
    "ConflictError",
    "CustomMetrics",
    "Dataset",
    "EmbeddingKind",
    "Embeddings",
    "IfExists",
    "InferenceSet",
    "InvalidInputError",
    "IouConvention",
    "NotFoundError",
    "Project",
    "Segment",
    "SegmentKind",
    "SizeName",
    "StoreError",
    "Task",
    "Unchanged",
    "Workspace",
    "image_path",
    "workspace_path",
]
