"""Embedding maps: frames coloured by per-frame metrics, crops by outcome."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fastapi.testclient import TestClient

from reefscope.engine import Outcome
from reefscope.service.core import Service
from tests.api.sample import DIGITS_API, INDOOR_API, VOC_API

URL = f"{VOC_API}/embeddings/projection"


@pytest.mark.operation("get_projection")
@pytest.mark.parametrize("color_by", ["f1", "precision", "recall"])
def test_frames_coloured_by_per_frame_metrics(client: TestClient, service: Service, color_by: str) -> None:
    response = client.get(
        URL, params={"kind": "frame", "inference": "detector", "color_by": color_by, "confidence": 0.3}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "frame" and body["color_by"] == color_by and body["method"] in ("pca", "umap")
    assert body["count"] == len(body["points"]) == 100
    evaluation = service.metrics("voc", "val", "detector", confidence=0.3).evaluation
    assert evaluation is not None
    per_frame = getattr(evaluation.frames, color_by)
    position = service.dataset("voc", "val").frame_position
    for point in body["points"]:
        assert point["id"] == point["frame_id"]
        expected = per_frame[position[point["frame_id"]]]
        assert point["value"] == (None if np.isnan(expected) else pytest.approx(float(expected)))
        assert math.isfinite(point["x"]) and math.isfinite(point["y"])


@pytest.mark.operation("get_projection")
def test_frames_without_an_inference_set_are_uncoloured(client: TestClient) -> None:
    body = client.get(URL, params={"kind": "frame"}).json()
    assert body["color_by"] is None
    assert all(point["value"] is None for point in body["points"])
    # The projection is deterministic: the same points every time.
    assert client.get(URL, params={"kind": "frame"}).json() == body


@pytest.mark.operation("get_projection")
def test_label_crops_coloured_by_outcome(client: TestClient, service: Service) -> None:
    body = client.get(URL, params={"kind": "crop", "inference": "detector", "confidence": 0.4}).json()
    assert body["color_by"] == "outcome" and body["count"] == 273
    evaluation = service.metrics("voc", "val", "detector", confidence=0.4).evaluation
    assert evaluation is not None
    labels = service.workspace.read_labels("voc", "val")
    row_of = {label_id: i for i, label_id in enumerate(labels.column("label_id").to_pylist())}
    classes = service.workspace.get_project("voc").class_names
    frames = labels.column("frame_id").to_pylist()
    for point in body["points"]:
        row = row_of[point["id"]]
        assert point["source"] == "label"
        assert point["outcome"] == Outcome(int(evaluation.label_outcome[row])).short_name
        assert point["class_name"] == classes[labels.column("class_index")[row].as_py()]
        assert point["frame_id"] == frames[row]
    outcomes = {point["outcome"] for point in body["points"]}
    assert {"tp", "fn"} <= outcomes and outcomes <= {"tp", "fn", "confusion"}


@pytest.mark.operation("get_projection")
def test_prediction_crops_of_an_inference_set(client: TestClient, service: Service) -> None:
    body = client.get(URL, params={"kind": "crop", "owner": "detector", "confidence": 0.5}).json()
    assert body["count"] == 452 and body["color_by"] == "outcome"
    evaluation = service.metrics("voc", "val", "detector", confidence=0.5).evaluation
    assert evaluation is not None
    ids = service.workspace.read_predictions("voc", "val", "detector").column("prediction_id").to_pylist()
    row_of = {prediction_id: i for i, prediction_id in enumerate(ids)}
    for point in body["points"]:
        assert point["source"] == "prediction"
        assert point["outcome"] == Outcome(int(evaluation.prediction_outcome[row_of[point["id"]]])).short_name
    counts = {
        name: sum(point["outcome"] == name for point in body["points"]) for name in ("fp", "below_confidence")
    }
    assert counts["fp"] == service.metrics("voc", "val", "detector", confidence=0.5).summary.false_positives
    assert counts["below_confidence"] > 0


@pytest.mark.operation("get_projection")
def test_crops_without_an_inference_set_are_uncoloured(client: TestClient) -> None:
    body = client.get(URL, params={"kind": "crop"}).json()
    assert body["color_by"] is None and body["count"] == 273
    assert all(point["outcome"] is None and point["frame_id"] for point in body["points"])


@pytest.mark.operation("get_projection")
@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{INDOOR_API}/embeddings/projection", {"kind": "frame"}, 404),
        (f"{DIGITS_API}/embeddings/projection", {"kind": "crop"}, 404),
        (URL, {"kind": "crop", "owner": "detector_b"}, 404),
        (URL, {"kind": "crop", "owner": "nope"}, 404),
        (URL, {"kind": "frame", "inference": "nope"}, 404),
        (URL, {"kind": "pixel"}, 422),
        (URL, {"kind": "frame", "color_by": "accuracy"}, 422),
    ],
)
def test_projection_errors(client: TestClient, url: str, params: dict, status: int) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
