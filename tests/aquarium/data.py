"""Data for the upload scripts: the repository's VOC sample as a team's own data, and the same
data written as COCO files, so that the two routes into reefscope can be compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from reefscope.ingest.imports import read_inferences, read_labels

VOC = Path(__file__).resolve().parents[2] / "examples" / "data" / "voc100"
EMBEDDING_DIM = 16


def voc_detection(image_base: str, image_dir: Path, *, frames: int | None = None) -> dict[str, Any]:
    """Frames, boxes ([left, top, width, height]) and two models' predictions, with embeddings."""
    labels = read_labels("voc", VOC / "annotations", images=VOC / "images", classes=VOC / "classes.txt")
    predictions = read_inferences(
        "text",
        VOC / "detections",
        frames=labels.frames,
        classes=labels.classes,
        class_names=VOC / "classes.txt",
    ).predictions
    rng = np.random.default_rng(7)
    classes = list(labels.classes)
    frame_rows = labels.frames.to_pylist()[:frames]
    by_frame: dict[str, list[dict[str, Any]]] = {row["frame_id"]: [] for row in frame_rows}
    for label in labels.labels.to_pylist():
        if label["frame_id"] in by_frame:
            by_frame[label["frame_id"]].append(
                {
                    "id": f"gt_{label['label_id'].replace(':', '_')}",
                    "class": classes[label["class_index"]],
                    "box": [label["x1"], label["y1"], label["x2"] - label["x1"], label["y2"] - label["y1"]],
                    "embedding": rng.normal(size=EMBEDDING_DIM).round(4).tolist(),
                }
            )
    model_a: dict[str, list[dict[str, Any]]] = {row["frame_id"]: [] for row in frame_rows}
    model_b: dict[str, list[dict[str, Any]]] = {row["frame_id"]: [] for row in frame_rows}
    for number, pred in enumerate(predictions.to_pylist()):
        if pred["frame_id"] not in model_a:
            continue
        box = [pred["x1"], pred["y1"], pred["x2"] - pred["x1"], pred["y2"] - pred["y1"]]
        entry = {"class": classes[pred["class_index"]], "box": box, "confidence": pred["confidence"]}
        model_a[pred["frame_id"]].append(
            {**entry, "id": f"a_{number}", "embedding": rng.normal(size=EMBEDDING_DIM).round(4).tolist()}
        )
        if rng.random() < 0.85:  # a second model: fewer boxes, jittered, other confidences
            jitter = rng.normal(scale=4.0, size=4)
            moved = [
                box[0] + jitter[0],
                box[1] + jitter[1],
                max(1.0, box[2] + jitter[2]),
                max(1.0, box[3] + jitter[3]),
            ]
            confidence = float(np.clip(pred["confidence"] + rng.normal(scale=0.1), 0.0, 1.0))
            model_b[pred["frame_id"]].append(
                {
                    "class": entry["class"],
                    "box": [round(v, 2) for v in moved],
                    "confidence": round(confidence, 4),
                    "id": f"b_{number}",
                    "embedding": rng.normal(size=EMBEDDING_DIM).round(4).tolist(),
                }
            )
    for row in frame_rows:
        shutil.copyfile(VOC / "images" / row["image"], image_dir / row["image"])
    return {
        "classes": classes,
        "frames": [
            {
                "id": row["frame_id"],
                "image": f"{image_base}/{row['image']}",
                "file_name": row["image"],
                "width": row["width"],
                "height": row["height"],
                "split": "train" if index % 3 else "test",
                "labels": by_frame[row["frame_id"]],
                "embedding": rng.normal(size=EMBEDDING_DIM).round(4).tolist(),
            }
            for index, row in enumerate(frame_rows)
        ],
        "inferences": {
            name: [
                {
                    "id": row["frame_id"],
                    "predictions": preds[row["frame_id"]],
                    "embedding": rng.normal(size=EMBEDDING_DIM).round(4).tolist(),
                }
                for row in frame_rows
            ]
            for name, preds in (("model_a", model_a), ("model_b", model_b))
        },
    }


def write_coco(data: dict[str, Any], directory: Path) -> tuple[Path, dict[str, Path]]:
    """The same data as a COCO instances file and one COCO results file per model."""
    directory.mkdir(parents=True, exist_ok=True)
    image_ids = {frame["id"]: number + 1 for number, frame in enumerate(data["frames"])}
    category = {name: number + 1 for number, name in enumerate(data["classes"])}
    instances = {
        "images": [
            {
                "id": image_ids[f["id"]],
                "file_name": f["file_name"],
                "width": f["width"],
                "height": f["height"],
            }
            for f in data["frames"]
        ],
        "annotations": [
            {
                "id": number + 1,
                "image_id": image_ids[frame["id"]],
                "category_id": category[label["class"]],
                "bbox": label["box"],
                "area": label["box"][2] * label["box"][3],
                "iscrowd": 0,
            }
            for number, (frame, label) in enumerate((f, lab) for f in data["frames"] for lab in f["labels"])
        ],
        "categories": [{"id": category[name], "name": name} for name in data["classes"]],
    }
    path = directory / "instances.json"
    path.write_text(json.dumps(instances))
    results = {}
    for name, frames in data["inferences"].items():
        rows = [
            {
                "image_id": image_ids[frame["id"]],
                "category_id": category[p["class"]],
                "bbox": p["box"],
                "score": p["confidence"],
            }
            for frame in frames
            for p in frame["predictions"]
        ]
        results[name] = directory / f"{name}.json"
        results[name].write_text(json.dumps(rows))
    return path, results


def write_json(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data))
    return path
