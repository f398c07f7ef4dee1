"""Shared test helpers: small valid tables and an exact fingerprint of a workspace."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np
import pyarrow as pa

from reefscope.store import tables

CLASSES = ("cat", "dog", "bird")


def frames_table(count: int, *, prefix: str = "f", metadata: bool = True) -> pa.Table:
    """``count`` frames ``f0000...`` of 640 x 480, with a ``meta.time`` column."""
    ids = [f"{prefix}{index:04d}" for index in range(count)]
    columns: dict[str, object] = {
        "frame_id": ids,
        "image": [f"{frame_id}.jpg" for frame_id in ids],
        "width": pa.array([640] * count, pa.int32()),
        "height": pa.array([480] * count, pa.int32()),
    }
    if metadata:
        columns["meta.time"] = ["day" if index % 2 else "night" for index in range(count)]
    return pa.table(columns)


def detection_labels(frame_ids: list[str], *, per_frame: int = 2, x1: float = 10.0) -> pa.Table:
    """``per_frame`` boxes on each frame, classes cycling, every box starting at ``x1``."""
    rows = [(frame_id, n) for frame_id in frame_ids for n in range(per_frame)]
    count = len(rows)
    return pa.table(
        {
            "label_id": [f"{frame_id}:gt:{n}" for frame_id, n in rows],
            "frame_id": [frame_id for frame_id, _ in rows],
            "class_index": pa.array(np.arange(count) % len(CLASSES), pa.int32()),
            "x1": np.full(count, x1),
            "y1": np.full(count, 20.0),
            "x2": np.full(count, x1 + 50.0),
            "y2": np.full(count, 90.0),
            "iscrowd": [False] * count,
            "area": pa.nulls(count, pa.float64()),
            "difficult": [False] * count,
            "attributes": pa.nulls(count, pa.string()),
        },
        schema=tables.DETECTION_LABELS,
    )


def detection_predictions(frame_ids: list[str], *, per_frame: int = 2, confidence: float = 0.7) -> pa.Table:
    """``per_frame`` predicted boxes on each frame."""
    rows = [(frame_id, n) for frame_id in frame_ids for n in range(per_frame)]
    count = len(rows)
    return pa.table(
        {
            "prediction_id": [f"{frame_id}:pred:{n}" for frame_id, n in rows],
            "frame_id": [frame_id for frame_id, _ in rows],
            "class_index": pa.array(np.arange(count) % len(CLASSES), pa.int32()),
            "x1": np.full(count, 12.0),
            "y1": np.full(count, 22.0),
            "x2": np.full(count, 60.0),
            "y2": np.full(count, 88.0),
            "confidence": np.full(count, confidence),
        },
        schema=tables.DETECTION_PREDICTIONS,
    )


def workspace_state(path: Path) -> dict[str, object]:
    """Everything observable in a workspace: the catalog's contents and every stored file.

    The SQLite file's bytes are not compared (checkpoints rewrite them without
    changing content); its logical dump is. Files under ``data/`` are compared
    by content hash; ``locks/`` by name.
    """
    connection = sqlite3.connect(f"file:{path / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        dump = list(connection.iterdump())
    finally:
        connection.close()
    files = {
        str(file.relative_to(path)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted((path / "data").rglob("*"))
        if file.is_file()
    }
    directories = sorted(
        str(entry.relative_to(path)) for entry in (path / "data").rglob("*") if entry.is_dir()
    )
    top = sorted(
        entry.name
        for entry in path.iterdir()
        if entry.name not in {"catalog.sqlite-wal", "catalog.sqlite-shm"}
    )
    return {
        "catalog": dump,
        "files": files,
        "directories": directories,
        "locks": sorted(entry.name for entry in (path / "locks").iterdir()),
        "top": top,
    }
