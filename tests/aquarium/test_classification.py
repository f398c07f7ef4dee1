"""A classification project of a few thousand frames with 512-d embeddings: several upload files
per dataset, files of more than one 8 MiB chunk, the windows poll; then the numbers of the same
data imported as tables."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from reefscope.ingest.imports import import_inferences, import_labels
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.aquarium.conftest import KEY

CLASSES = ["cat", "dog", "fox", "owl", "eel"]
FRAMES = 3000


def _data(image_base: str) -> dict:
    rng = np.random.default_rng(3)
    truth = rng.integers(0, len(CLASSES), FRAMES)
    guess = np.where(rng.random(FRAMES) < 0.7, truth, rng.integers(0, len(CLASSES), FRAMES))
    frames = [
        {
            "id": f"img_{n:05d}",
            "image": f"{image_base}/img_{n:05d}.png",
            "width": 64,
            "height": 48,
            "class": CLASSES[truth[n]],
            "embedding": rng.normal(size=512).round(5).tolist(),
        }
        for n in range(FRAMES)
    ]
    predictions = [
        {"id": f"img_{n:05d}", "class": CLASSES[guess[n]], "confidence": round(float(rng.random()), 4)}
        for n in range(FRAMES)
        if n % 10  # the model said nothing on every tenth frame
    ]
    return {"classes": CLASSES, "frames": frames, "predictions": predictions}


def test_classification_upload(server, image_host, run_script, tmp_path: Path) -> None:
    base, images = image_host
    (images / "img_00000.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # the client probes the first frame only
    data = _data(base)
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data))
    answer = run_script("classification.py", server.endpoint, KEY, "pets", str(path)).json()
    assert answer == {"dataset_processed": True, "inferences_processed": True, "frame_ids": FRAMES}
    log = server.log()
    assert log.count("PUT /api/v1/uploads/") > log.count("POST /api/v1/uploads/"), (
        "no file took several chunks"
    )

    uploaded = Workspace(server.home)
    assert uploaded.get_project("pets").task == "classification"
    vectors = uploaded.read_embeddings("pets", "all", kind="frame")
    assert vectors.num_rows == FRAMES
    first = dict(
        zip(vectors.column("frame_id").to_pylist(), vectors.column("vector").to_pylist(), strict=True)
    )["img_00000"]
    np.testing.assert_allclose(first, data["frames"][0]["embedding"], rtol=1e-6)

    labels, predictions = tmp_path / "labels.csv", tmp_path / "predictions.csv"
    with labels.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["frame_id", "class"])
        writer.writerows([frame["id"], frame["class"]] for frame in data["frames"])
    with predictions.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["frame_id", "class", "confidence"])
        writer.writerows([p["id"], p["class"], p["confidence"]] for p in data["predictions"])
    reference = Workspace(tmp_path / "reference")
    import_labels(reference, "pets", "all", labels, format="table", classes=CLASSES)
    import_inferences(reference, "pets", "all", "resnet", predictions, format="table")
    for confidence in (0.0, 0.1, 0.5, 0.9):
        got = Service(uploaded).metrics("pets", "all", "resnet", confidence=confidence)
        expected = Service(reference).metrics("pets", "all", "resnet", confidence=confidence)
        np.testing.assert_array_equal(got.confusion.counts, expected.confusion.counts)
        assert got.summary == expected.summary
