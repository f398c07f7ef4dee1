"""Boxes of a whole grid page in one request (``/frames?boxes=true``)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.sample import DIGITS_API, VOC_API


def _detail(client: TestClient, frame_id: str, **params: object) -> dict:
    response = client.get(f"{VOC_API}/frame", params={"frame_id": frame_id, **params})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.operation("list_frames", "get_frame")
@pytest.mark.parametrize("confidence", [0.1, 0.4, 0.9])
def test_page_boxes_equal_each_frames_detail(client: TestClient, confidence: float) -> None:
    params = {"inference": "detector", "confidence": confidence, "iou": 0.5}
    response = client.get(
        f"{VOC_API}/frames", params={**params, "boxes": True, "sort": "f1", "offset": 10, "limit": 25}
    )
    assert response.status_code == 200, response.text
    rows = response.json()["data"]
    assert len(rows) == 25
    for row in rows:
        detail = _detail(client, row["frame_id"], **params)
        assert row["labels"] == detail["labels"]
        assert row["predictions"] == detail["predictions"]
        assert len(row["labels"]) == row["label_count"]


@pytest.mark.operation("list_frames", "get_frame")
def test_page_boxes_without_an_inference_set_are_labels_only(client: TestClient) -> None:
    rows = client.get(f"{VOC_API}/frames", params={"boxes": True, "limit": 30}).json()["data"]
    assert all(row["predictions"] is None for row in rows)
    for row in rows[:5]:
        assert row["labels"] == _detail(client, row["frame_id"])["labels"]
    assert all(label["outcome"] is None for row in rows for label in row["labels"])


@pytest.mark.operation("list_frames")
def test_boxes_are_left_out_unless_asked_for(client: TestClient) -> None:
    rows = client.get(f"{VOC_API}/frames", params={"inference": "detector", "limit": 5}).json()["data"]
    assert all(row["labels"] is None and row["predictions"] is None for row in rows)


@pytest.mark.operation("list_frames")
def test_classification_page_boxes(client: TestClient) -> None:
    body = client.get(
        f"{DIGITS_API}/frames", params={"inference": "centroid", "boxes": True, "limit": 20}
    ).json()
    for row in body["data"]:
        assert len(row["labels"]) == 1 and row["labels"][0]["box"] is None
        assert all(prediction["box"] is None for prediction in row["predictions"])
        assert row["labels"][0]["outcome"] in ("tp", "confusion", "fn")
