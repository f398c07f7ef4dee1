"""The compact embedding map (``/embeddings/projection/columns``): the same points as parallel arrays."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.sample import DIGITS_API, VOC_API

BASE = f"{VOC_API}/embeddings/projection"


@pytest.mark.operation("get_projection", "get_projection_columns")
@pytest.mark.parametrize(
    ("api", "params"),
    [
        (VOC_API, {"kind": "frame"}),
        (VOC_API, {"kind": "frame", "inference": "detector", "color_by": "recall", "confidence": 0.3}),
        (VOC_API, {"kind": "crop"}),
        (VOC_API, {"kind": "crop", "inference": "detector", "confidence": 0.6, "iou": 0.4}),
        (VOC_API, {"kind": "crop", "owner": "detector", "confidence": 0.5}),
    ],
)
def test_columns_hold_the_same_points(client: TestClient, api: str, params: dict) -> None:
    points = client.get(f"{api}/embeddings/projection", params=params)
    columns = client.get(f"{api}/embeddings/projection/columns", params=params)
    assert points.status_code == columns.status_code == 200, columns.text
    expected, body = points.json(), columns.json()
    for key in ("kind", "method", "color_by", "count"):
        assert body[key] == expected[key]
    rows = expected["points"]
    assert body["ids"] == [p["id"] for p in rows]
    assert body["frame_ids"] == [p["frame_id"] for p in rows]
    assert body["x"] == [p["x"] for p in rows] and body["y"] == [p["y"] for p in rows]
    for field, key in (
        ("values", "value"),
        ("outcomes", "outcome"),
        ("class_names", "class_name"),
        ("sources", "source"),
    ):
        column = body[field]
        assert column is None or column == [p[key] for p in rows], field
        if column is None:
            assert all(p[key] is None for p in rows), field


@pytest.mark.operation("get_projection_columns")
def test_columns_of_a_coloured_frame_map(client: TestClient) -> None:
    body = client.get(
        f"{VOC_API}/embeddings/projection/columns", params={"inference": "detector", "color_by": "f1"}
    ).json()
    assert body["color_by"] == "f1" and body["outcomes"] is None
    assert len(body["values"]) == body["count"] == 100
    assert all(value is None or 0.0 <= value <= 1.0 for value in body["values"])


@pytest.mark.operation("get_projection_columns")
@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{DIGITS_API}/embeddings/projection/columns", {"kind": "crop"}, 404),
        (f"{BASE}/columns", {"kind": "frame", "inference": "nope"}, 404),
        (f"{BASE}/columns", {"kind": "pixel"}, 422),
        (f"{BASE}/columns", {"confidence": 2}, 422),
    ],
)
def test_column_errors(client: TestClient, url: str, params: dict, status: int) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
