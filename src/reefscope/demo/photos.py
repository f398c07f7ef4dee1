"""What the photo sets (VOC, indoor, COCO) share: box metadata, colour-histogram embeddings, the import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from reefscope.client import DatasetHandle, WorkspaceHandle
from reefscope.demo._steps import HISTOGRAM_BINS, Tracker, claim, write_table, write_vectors
from reefscope.ingest import LabelImport, read_labels


def box_metadata(labels: LabelImport, person: str | None = "person") -> dict[str, list[Any]]:
    """Per frame: object count, people count, orientation and the smallest box side (sqrt of area)."""
    frames = labels.frames
    frame_ids = frames.column("frame_id").to_pylist()
    position = {frame_id: i for i, frame_id in enumerate(frame_ids)}
    n = len(frame_ids)
    table = labels.labels
    owner = np.array([position[f] for f in table.column("frame_id").to_pylist()], dtype=np.int64)
    classes = table.column("class_index").to_numpy()
    x1, y1, x2, y2 = (table.column(axis).to_numpy() for axis in ("x1", "y1", "x2", "y2"))
    side = np.sqrt(np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None))
    objects = np.bincount(owner, minlength=n)
    person_index = labels.classes.index(person) if person in labels.classes else -1
    people = np.bincount(owner[classes == person_index], minlength=n)
    smallest = np.full(n, np.inf)
    np.minimum.at(smallest, owner, side)
    widths = frames.column("width").to_numpy(zero_copy_only=False).astype(float)
    heights = frames.column("height").to_numpy(zero_copy_only=False).astype(float)
    orientation = np.where(widths > heights, "landscape", np.where(widths < heights, "portrait", "square"))
    return {
        "frame_id": frame_ids,
        "objects": objects.tolist(),
        "people": people.tolist(),
        "orientation": orientation.tolist(),
        "smallest_box": [None if np.isinf(value) else round(float(value), 1) for value in smallest],
    }


def _colour_histogram(pixels: np.ndarray) -> np.ndarray:
    """A normalised joint RGB histogram with ``HISTOGRAM_BINS`` bins per channel."""
    if pixels.size == 0:
        return np.zeros(HISTOGRAM_BINS**3, dtype=np.float32)
    quantised = (pixels.reshape(-1, 3).astype(np.int64) * HISTOGRAM_BINS) // 256
    codes = (quantised[:, 0] * HISTOGRAM_BINS + quantised[:, 1]) * HISTOGRAM_BINS + quantised[:, 2]
    counts = np.bincount(codes, minlength=HISTOGRAM_BINS**3).astype(np.float32)
    return counts / counts.sum()


def photo_features(
    frames: pa.Table, images: Path, boxes: dict[str, list[tuple[str, tuple[float, float, float, float]]]]
) -> tuple[dict[str, str], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Brightness bucket and colour histogram of each image, and a histogram of each box crop.

    ``boxes`` maps frame id to ``(crop id, box)`` pairs.
    """
    from PIL import Image

    brightness: dict[str, str] = {}
    frame_vectors: dict[str, np.ndarray] = {}
    crop_vectors: dict[str, np.ndarray] = {}
    for frame_id, image in zip(
        frames.column("frame_id").to_pylist(), frames.column("image").to_pylist(), strict=True
    ):
        with Image.open(images / image) as opened:
            rgb = np.asarray(opened.convert("RGB"))
        luminance = float(rgb.mean())
        brightness[frame_id] = "dark" if luminance < 85 else "bright" if luminance > 150 else "medium"
        frame_vectors[frame_id] = _colour_histogram(rgb)
        height, width = rgb.shape[:2]
        for crop_id, (x1, y1, x2, y2) in boxes.get(frame_id, []):
            left, top = max(0, int(x1)), max(0, int(y1))
            right, bottom = min(width, int(np.ceil(x2))), min(height, int(np.ceil(y2)))
            crop_vectors[crop_id] = _colour_histogram(rgb[top:bottom, left:right])
    return brightness, frame_vectors, crop_vectors


def boxes_by_frame(
    table: pa.Table, id_column: str
) -> dict[str, list[tuple[str, tuple[float, float, float, float]]]]:
    grouped: dict[str, list[tuple[str, tuple[float, float, float, float]]]] = {}
    columns = [table.column(name).to_pylist() for name in (id_column, "frame_id", "x1", "y1", "x2", "y2")]
    for crop_id, frame_id, x1, y1, x2, y2 in zip(*columns, strict=True):
        grouped.setdefault(frame_id, []).append((crop_id, (x1, y1, x2, y2)))
    return grouped


def import_photo_set(
    ws: WorkspaceHandle,
    *,
    project: str,
    dataset: str,
    labels: LabelImport,
    label_args: dict[str, Any],
    images: Path | None,
    assets: Path,
    tracker: Tracker,
) -> DatasetHandle:
    """Compute metadata (and image features), then import labels with it."""
    metadata = box_metadata(labels)
    features = None
    if images is not None:
        features = photo_features(labels.frames, images, boxes_by_frame(labels.labels, "label_id"))
        metadata["brightness"] = [features[0][frame_id] for frame_id in metadata["frame_id"]]
    tracker.step(f"{project}: importing labels")
    handle = ws.import_labels(
        metadata=write_table(assets / "metadata.parquet", metadata),
        project=project,
        dataset=dataset,
        **label_args,
    )
    claim(ws, project)
    if features is not None:
        tracker.step(f"{project}: importing colour-histogram embeddings")
        _, frame_vectors, label_vectors = features
        handle.import_embeddings(write_vectors(assets / "frame-embeddings.npz", frame_vectors), kind="frame")
        handle.import_embeddings(write_vectors(assets / "label-embeddings.npz", label_vectors), kind="crop")
    return handle


def import_prediction_crops(dataset: DatasetHandle, inference_set: str, images: Path, assets: Path) -> None:
    handle = dataset.inference_set(inference_set)
    _, _, vectors = photo_features(
        dataset.frames(), images, boxes_by_frame(handle.predictions(), "prediction_id")
    )
    handle.import_embeddings(
        write_vectors(assets / f"{inference_set}-crop-embeddings.npz", vectors), kind="crop"
    )


def build_photo_set(
    ws: WorkspaceHandle,
    *,
    project: str,
    dataset: str,
    root: Path,
    reading: str,
    label_args: dict[str, Any],
    confidence: float,
    detections: dict[str, Any],
    assets: Path,
    tracker: Tracker,
) -> DatasetHandle:
    """A photo set with images and the text detections shipped beside them (VOC, indoor).

    Reads and imports the labels with their metadata and embeddings, sets
    the project's default confidence, imports ``<root>/detections`` as the
    inference set ``detector`` with crop embeddings; the caller adds segments.
    """
    images = label_args["images"]
    tracker.step(f"{project}: {reading}")
    labels = read_labels(
        label_args["format"], label_args["path"], images=images, classes=label_args.get("classes")
    )
    handle = import_photo_set(
        ws,
        project=project,
        dataset=dataset,
        labels=labels,
        label_args=label_args,
        images=images,
        assets=assets,
        tracker=tracker,
    )
    ws.project(project).update(confidence=confidence)
    tracker.step(f"{project}: importing detections")
    handle.import_inferences(root / "detections", name="detector", format="text", **detections)
    import_prediction_crops(handle, "detector", images, assets)
    tracker.step(f"{project}: segments")
    return handle
