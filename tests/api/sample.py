"""The sample workspace the API tests run against, built from the real data in examples/data.

Three projects:

- ``voc``: 100 Pascal VOC photos (20 classes, dense confusion layout), labels
  from VOC XML, two detection inference sets (``detector`` as shipped and
  ``detector_b``, derived from it with reshaped confidences and dropped boxes),
  frame metadata, segments of all three kinds, frame and crop embeddings.
- ``indoor``: 85 indoor photos, 30 classes (sparse confusion layout).
- ``digits``: scikit-learn's handwritten digits as a classification set with two
  inference sets (``centroid`` with score vectors, ``noisy``) and a third one
  scored by custom per-frame confusion matrices (``custom``).

Everything is deterministic: the same files and the same numbers on every run.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reefscope.ingest.imports import (
    import_custom_metrics,
    import_embeddings,
    import_frame_metadata,
    import_inferences,
    import_labels,
)
from reefscope.store import Workspace

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
VOC = DATA / "voc100"
INDOOR = DATA / "indoor85"
DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EMBEDDING_DIMENSION = 8

# Base paths of the sample datasets in the API.
VOC_API = "/api/projects/voc/datasets/val"
INDOOR_API = "/api/projects/indoor/datasets/val"
DIGITS_API = "/api/projects/digits/datasets/val"


@dataclass(frozen=True)
class Sample:
    home: Path
    scratch: Path
    voc_frames: tuple[str, ...]
    night_frames: tuple[str, ...]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def voc_metadata(frame_ids: list[str]) -> list[dict[str, object]]:
    """Deterministic metadata per frame: a split, a time of day, a number, a count and a flag."""
    rows = []
    for position, frame_id in enumerate(frame_ids):
        code = _stable(frame_id)
        rows.append(
            {
                "frame_id": frame_id,
                "split": "train" if code % 3 else "holdout",
                "time_of_day": ("day", "dusk", "night")[code % 5 % 3],
                "brightness": round((code % 1000) / 1000.0, 3),
                "sequence": position % 7,
                "outdoor": "true" if code % 2 else "false",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _derived_detections(source: Path, target: Path) -> Path:
    """A second model: confidences reshaped (c ** 0.7), every fifth box dropped."""
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.glob("*.txt")):
        kept = []
        for number, line in enumerate(file.read_text().splitlines()):
            parts = line.split()
            if not parts or number % 5 == 4:
                continue
            parts[1] = f"{float(parts[1]) ** 0.7:.6f}"
            kept.append(" ".join(parts))
        (target / file.name).write_text("\n".join(kept) + ("\n" if kept else ""))
    return target


def _vectors(ids: list[str], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(len(ids), EMBEDDING_DIMENSION))
    # Give the cloud some structure so the projection is not degenerate.
    base[:, 0] += np.array([_stable(item) % 4 for item in ids], dtype=float) * 3
    return base.astype(np.float32)


def _embeddings_file(path: Path, ids: list[str], seed: int) -> Path:
    np.savez(path, ids=np.array(ids), vectors=_vectors(ids, seed))
    return path


def build_voc(workspace: Workspace, scratch: Path, *, embeddings: bool = True) -> tuple[list[str], list[str]]:
    import_labels(
        workspace,
        "voc",
        "val",
        VOC / "annotations",
        format="voc",
        images=VOC / "images",
        classes=VOC / "classes.txt",
    )
    import_inferences(
        workspace,
        "voc",
        "val",
        "detector",
        VOC / "detections",
        format="text",
        class_names=VOC / "classes.txt",
    )
    derived = _derived_detections(VOC / "detections", scratch / "voc-detector-b")
    import_inferences(
        workspace, "voc", "val", "detector_b", derived, format="text", class_names=VOC / "classes.txt"
    )
    frame_ids = workspace.read_frames("voc", "val").column("frame_id").to_pylist()
    rows = voc_metadata(frame_ids)
    import_frame_metadata(workspace, "voc", "val", write_csv(scratch / "voc-metadata.csv", rows))
    night = [str(row["frame_id"]) for row in rows if row["time_of_day"] == "night"]
    segments = [
        ("train", "split", {"where": "split == 'train'"}, {}),
        ("holdout", "split", {"where": "split == 'holdout'"}, {"recall": 0.2}),
        ("rt-easy", "regression_test", {"where": "sequence < 4"}, {"precision": 0.1, "recall": 0.1}),
        ("rt-hard", "regression_test", {"frames": frame_ids[:30]}, {"f1": 0.99, "precision": 0.2}),
        ("night", "scenario", {"frames": night}, {"recall": 0.5}),
        ("bright", "scenario", {"where": "brightness >= 0.5 and outdoor"}, {}),
    ]
    for name, kind, selection, thresholds in segments:
        if "where" in selection:
            from reefscope.service.query import select_frames

            mask = select_frames(workspace.read_frames("voc", "val"), str(selection["where"]))
            members = [frame for frame, keep in zip(frame_ids, mask, strict=True) if keep]
        else:
            members = list(selection["frames"])
        workspace.create_segment(
            "voc",
            "val",
            name,
            frames=members,
            kind=kind,  # type: ignore[arg-type]
            description=f"{kind} {name}",
            **thresholds,
        )
    if embeddings:
        import_embeddings(
            workspace, "voc", "val", _embeddings_file(scratch / "frames.npz", frame_ids, 1), kind="frame"
        )
        label_ids = workspace.read_labels("voc", "val").column("label_id").to_pylist()
        import_embeddings(
            workspace, "voc", "val", _embeddings_file(scratch / "labels.npz", label_ids, 2), kind="crop"
        )
        prediction_ids = workspace.read_predictions("voc", "val", "detector").column("prediction_id")
        import_embeddings(
            workspace,
            "voc",
            "val",
            _embeddings_file(scratch / "predictions.npz", prediction_ids.to_pylist(), 3),
            kind="crop",
            inference_set="detector",
        )
    return frame_ids, night


def build_indoor(workspace: Workspace) -> None:
    import_labels(
        workspace, "indoor", "val", INDOOR / "ground-truth", format="text", images=INDOOR / "images"
    )
    import_inferences(
        workspace, "indoor", "val", "detector", INDOOR / "detections", format="text", new_classes="extend"
    )


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits (features, target), read from its data file without importing
    scikit-learn (whose import alone takes seconds)."""
    spec = importlib.util.find_spec("sklearn")
    assert spec is not None and spec.submodule_search_locations
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    with gzip.open(path, "rt") as handle:
        table = np.loadtxt(handle, delimiter=",")
    return table[:, :-1], table[:, -1].astype(np.int64)


def build_digits(workspace: Workspace, scratch: Path) -> None:
    features, target = load_digits()
    frame_ids = [f"digit-{i:04d}" for i in range(len(target))]
    labels = [
        {"frame_id": frame, "class": DIGIT_NAMES[int(y)], "writer": f"w{i % 12}", "half": i % 2}
        for i, (frame, y) in enumerate(zip(frame_ids, target, strict=True))
    ]
    labels_file = write_csv(scratch / "digits-labels.csv", labels)
    import_labels(workspace, "digits", "val", labels_file, format="table", classes=list(DIGIT_NAMES))

    # Nearest centroid fitted on the even rows; softmax over negative distances as scores.
    train = np.arange(len(target)) % 2 == 0
    centroids = np.stack([features[train & (target == k)].mean(axis=0) for k in range(10)])
    distances = np.linalg.norm(features[:, None, :] - centroids[None], axis=2)
    logits = -distances / 8.0
    scores = np.exp(logits - logits.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    centroid_rows = [
        {
            "frame_id": frame,
            **{f"score.{name}": round(float(s), 6) for name, s in zip(DIGIT_NAMES, row, strict=True)},
        }
        for frame, row in zip(frame_ids, scores, strict=True)
    ]
    import_inferences(
        workspace,
        "digits",
        "val",
        "centroid",
        write_csv(scratch / "centroid.csv", centroid_rows),
        format="table",
    )

    rng = np.random.default_rng(7)
    predicted = scores.argmax(axis=1)
    flip = rng.random(len(predicted)) < 0.15
    predicted = np.where(flip, rng.integers(0, 10, len(predicted)), predicted)
    noisy_rows = [
        {"frame_id": frame, "class": DIGIT_NAMES[int(p)], "confidence": round(float(c), 4)}
        for frame, p, c in zip(frame_ids, predicted, rng.uniform(0.05, 1.0, len(predicted)), strict=True)
        if frame != frame_ids[5]  # one frame without a prediction
    ]
    import_inferences(
        workspace, "digits", "val", "noisy", write_csv(scratch / "noisy.csv", noisy_rows), format="table"
    )

    # Custom metrics replace matching: each frame's own (K+1) x (K+1) counts and an objective.
    import_inferences(
        workspace,
        "digits",
        "val",
        "custom",
        write_csv(scratch / "custom-base.csv", noisy_rows),
        format="table",
    )
    records = []
    for frame, y, p in zip(frame_ids[:400], target[:400], predicted[:400], strict=True):
        matrix = np.zeros((11, 11), dtype=int)
        matrix[int(y), int(p)] = 1
        records.append({"frame_id": frame, "objective": float(y == p), "confusion": matrix.tolist()})
    custom_file = scratch / "custom.json"
    custom_file.write_text(json.dumps(records))
    import_custom_metrics(workspace, "digits", "val", "custom", custom_file)


def build_sample(home: Path, scratch: Path) -> Sample:
    """Build every sample project into a fresh workspace at ``home``."""
    scratch.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(home)
    frame_ids, night = build_voc(workspace, scratch)
    build_indoor(workspace)
    build_digits(workspace, scratch)
    return Sample(home=home, scratch=scratch, voc_frames=tuple(frame_ids), night_frames=tuple(night))
