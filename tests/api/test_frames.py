"""Frames for the grid view: metadata filters, outcomes, classes, sorting, paging and detail."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from reefscope.engine import Outcome
from reefscope.service.core import Service
from tests.api.sample import DIGITS_API, VOC_API, Sample, voc_metadata


def _frames(client: TestClient, **params: object) -> dict:
    response = client.get(f"{VOC_API}/frames", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all_frames(client: TestClient, **params: object) -> list[dict]:
    rows: list[dict] = []
    offset = 0
    while True:
        page = _frames(client, offset=offset, limit=40, **params)
        rows.extend(page["data"])
        offset += 40
        if offset >= page["count"]:
            assert len(rows) == page["count"]
            return rows


@pytest.mark.operation("list_frames")
def test_frames_in_dataset_order_with_metadata(client: TestClient, sample: Sample) -> None:
    rows = _all_frames(client)
    assert [row["frame_id"] for row in rows] == list(sample.voc_frames)
    expected = {row["frame_id"]: row for row in voc_metadata(list(sample.voc_frames))}
    for row in rows:
        meta = expected[row["frame_id"]]
        assert row["metadata"] == {
            "split": meta["split"],
            "time_of_day": meta["time_of_day"],
            "brightness": meta["brightness"],
            "sequence": meta["sequence"],
            "outdoor": meta["outdoor"] == "true",
        }
        assert row["image_url"] == f"{VOC_API}/images?frame_id={row['frame_id']}"
        assert row["true_positives"] is None
    reverse = _all_frames(client, descending=True)
    assert [row["frame_id"] for row in reverse] == list(reversed(sample.voc_frames))


@pytest.mark.operation("list_frames")
@pytest.mark.parametrize(
    "where",
    [
        "time_of_day == 'night'",
        "split == 'train' and brightness > 0.5",
        "sequence in [1, 2] or not outdoor",
        "0.2 <= brightness < 0.4",
        "frame_id == '2007_000027'",
    ],
)
def test_where_filters_like_the_service(client: TestClient, service: Service, where: str) -> None:
    expected = service.frames_matching("voc", "val", where)
    rows = _all_frames(client, where=where)
    assert [row["frame_id"] for row in rows] == expected
    assert expected  # each query selects something


@pytest.mark.operation("list_frames")
def test_segment_restricts_frames(client: TestClient, sample: Sample) -> None:
    rows = _all_frames(client, segment="night")
    assert [row["frame_id"] for row in rows] == list(sample.night_frames)


@pytest.mark.operation("list_frames")
@pytest.mark.parametrize("outcome", ["fn", "fp", "confusion", "errors", "perfect"])
def test_outcome_filters(client: TestClient, service: Service, outcome: str) -> None:
    result = service.metrics("voc", "val", "detector", confidence=0.4)
    per_frame = result.evaluation.frames  # type: ignore[union-attr]
    errors = per_frame.false_negatives + per_frame.false_positives + per_frame.confusions
    mask = {
        "fn": per_frame.false_negatives > 0,
        "fp": per_frame.false_positives > 0,
        "confusion": per_frame.confusions > 0,
        "errors": errors > 0,
        "perfect": errors == 0,
    }[outcome]
    rows = _all_frames(client, inference="detector", confidence=0.4, outcome=outcome)
    frame_ids = service.dataset("voc", "val").frame_ids.to_pylist()
    assert [row["frame_id"] for row in rows] == [frame_ids[i] for i in np.flatnonzero(mask)]
    for row in rows:
        i = frame_ids.index(row["frame_id"])
        assert row["false_negatives"] == per_frame.false_negatives[i]
        assert row["false_positives"] == per_frame.false_positives[i]
        assert row["true_positives"] == per_frame.true_positives[i]


@pytest.mark.operation("list_frames")
def test_class_filter_keeps_frames_where_the_class_takes_part(client: TestClient, service: Service) -> None:
    result = service.metrics("voc", "val", "detector")
    evaluation = result.evaluation
    assert evaluation is not None
    frame_ids = service.dataset("voc", "val").frame_ids.to_pylist()
    person = 14
    items = evaluation.items
    fn_frames = items.label_frame[
        (items.label_class == person) & (evaluation.label_outcome == Outcome.FALSE_NEGATIVE)
    ]
    rows = _all_frames(client, inference="detector", outcome="fn", filter_class="person")
    assert [row["frame_id"] for row in rows] == [frame_ids[i] for i in sorted(set(fn_frames.tolist()))]
    any_rows = _all_frames(client, inference="detector", filter_class="person")
    assert len(any_rows) > len(rows)


@pytest.mark.operation("list_frames")
@pytest.mark.parametrize("key", ["f1", "precision", "recall"])
@pytest.mark.parametrize("descending", [True, False])
def test_sort_by_per_frame_metric(client: TestClient, key: str, descending: bool) -> None:
    rows = _all_frames(client, inference="detector", sort=key, descending=descending)
    assert len(rows) == 100
    values = [row[key] for row in rows]
    defined = [value for value in values if value is not None]
    assert values[: len(defined)] == defined  # undefined values last
    assert defined == sorted(defined, reverse=descending)
    # Ties keep dataset order: the page order is fully determined.
    assert _all_frames(client, inference="detector", sort=key, descending=descending) == rows


@pytest.mark.operation("list_frames")
def test_sort_by_errors(client: TestClient) -> None:
    rows = _all_frames(client, inference="detector", sort="errors", descending=True)
    errors = [row["false_negatives"] + row["false_positives"] + row["confusions"] for row in rows]
    assert errors == sorted(errors, reverse=True)


@pytest.mark.operation("list_frames")
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"where": "split =="}, "where"),
        ({"where": "unknown_key == 1"}, "where"),
        ({"where": "__import__('os').system('true')"}, "where"),
        ({"where": "brightness > 'high'"}, "where"),
        ({"where": "split.lower() == 'x'"}, "where"),
        ({"where": "   "}, "where"),
        ({"where": "sequence in [1, 'a']"}, "where"),
        ({"where": "split in ['train', 3]"}, "where"),
        ({"where": "outdoor in [1]"}, "where"),
        ({"where": "sequence in [True]"}, "where"),
        ({"where": "sequence == " + "9" * 400}, "where"),
        ({"where": "not " * 1500 + "outdoor"}, "where"),
        ({"where": "split == 'train' or " * 300 + "outdoor"}, "where"),
        ({"sort": "f1"}, "inference"),
        ({"outcome": "fn"}, "inference"),
        ({"inference": "detector", "filter_class": "unicorn"}, "filter_class"),
        ({"outcome": "sideways"}, "outcome"),
        ({"limit": 501}, "limit"),
        ({"offset": -3}, "offset"),
        ({"sort": "colour"}, "sort"),
    ],
)
def test_bad_frame_queries_are_422(client: TestClient, params: dict, field: str) -> None:
    response = client.get(f"{VOC_API}/frames", params=params)
    assert response.status_code == 422, response.text
    assert [field] in [error["loc"][1:] for error in response.json()["errors"]], response.json()


@pytest.mark.operation("list_frames")
def test_classification_frames(client: TestClient) -> None:
    body = client.get(
        f"{DIGITS_API}/frames", params={"where": "writer == 'w3' and half == 1", "limit": 500}
    ).json()
    assert body["count"] == len(body["data"]) == sum(1 for i in range(1797) if i % 12 == 3 and i % 2 == 1)
    assert all(row["image_url"] is None and row["label_count"] == 1 for row in body["data"])


@pytest.mark.operation("get_frame")
def test_frame_detail_boxes_and_outcomes(client: TestClient, service: Service) -> None:
    frame_id = "2007_000129"
    response = client.get(
        f"{VOC_API}/frame", params={"frame_id": frame_id, "inference": "detector", "confidence": 0.3}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    labels = service.workspace.read_labels("voc", "val").to_pylist()
    predictions = service.workspace.read_predictions("voc", "val", "detector").to_pylist()
    mine = [row for row in labels if row["frame_id"] == frame_id]
    theirs = [row for row in predictions if row["frame_id"] == frame_id]
    assert [item["id"] for item in body["labels"]] == [row["label_id"] for row in mine]
    assert [item["box"] for item in body["labels"]] == [[r["x1"], r["y1"], r["x2"], r["y2"]] for r in mine]
    assert [item["id"] for item in body["predictions"]] == [row["prediction_id"] for row in theirs]
    assert [item["confidence"] for item in body["predictions"]] == [row["confidence"] for row in theirs]
    assert body["label_count"] == len(mine)
    outcomes = [item["outcome"] for item in body["labels"] + body["predictions"]]
    assert body["true_positives"] == sum(1 for item in body["labels"] if item["outcome"] == "tp")
    assert body["false_negatives"] == outcomes.count("fn")
    assert body["false_positives"] == outcomes.count("fp")
    assert all(
        (item["outcome"] == "below_confidence") == (item["confidence"] < 0.3) for item in body["predictions"]
    )
    # Matched pairs point at each other with the same IoU.
    by_id = {item["id"]: item for item in body["labels"] + body["predictions"]}
    for item in body["labels"]:
        if item["outcome"] in ("tp", "confusion"):
            partner = by_id[item["partner_id"]]
            assert partner["partner_id"] == item["id"]
            assert partner["iou"] == item["iou"] and item["iou"] >= 0.5
    plain = client.get(f"{VOC_API}/frame", params={"frame_id": frame_id}).json()
    assert plain["predictions"] == [] and all(item["outcome"] is None for item in plain["labels"])


@pytest.mark.operation("get_frame")
def test_unknown_frame_is_404_naming_it(client: TestClient) -> None:
    response = client.get(f"{VOC_API}/frame", params={"frame_id": "no-such-frame"})
    assert response.status_code == 404
    assert "no-such-frame" in response.json()["detail"]
