"""Examples behind confusion cells and filters: totals, selection, ordering and paging."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fastapi.testclient import TestClient

from reefscope.service.core import Service
from tests.api.sample import DIGITS_API, INDOOR_API, VOC_API

THRESHOLDS = {"confidence": 0.3, "iou": 0.5}


def _examples(client: TestClient, base: str, **params: object) -> dict:
    response = client.get(f"{base}/examples", params={"inference": "detector", **THRESHOLDS, **params})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.operation("list_examples")
@pytest.mark.parametrize(("project", "base"), [("voc", VOC_API), ("indoor", INDOOR_API)])
def test_every_cell_lists_as_many_examples_as_it_counts(
    client: TestClient, service: Service, project: str, base: str
) -> None:
    result = service.metrics(project, "val", "detector", **THRESHOLDS)
    labels = [*result.confusion.classes, "background"]
    counts = result.confusion.counts
    for gt, predicted in zip(*np.nonzero(counts), strict=True):
        cell = f"{labels[gt]}|{labels[predicted]}"
        body = _examples(client, base, cell=cell, limit=500)
        assert body["total"] == counts[gt, predicted], cell
        assert body["cells"] == [[labels[gt], labels[predicted]]]
        assert len(body["data"]) == min(500, body["total"])
        assert {(item["gt_class"], item["predicted_class"]) for item in body["data"]} == {
            (labels[gt], labels[predicted])
        }
    # An empty cell has no examples.
    empty = np.argwhere(counts == 0)[0]
    body = _examples(client, base, cell=f"{labels[empty[0]]}|{labels[empty[1]]}")
    assert body["total"] == 0 and body["data"] == []


@pytest.mark.operation("list_examples")
def test_several_cells_add_up(client: TestClient, service: Service) -> None:
    counts = service.metrics("voc", "val", "detector", **THRESHOLDS).confusion.counts
    body = _examples(client, VOC_API, cell=["person|person", "person|background", "background|person"])
    person = 14
    assert body["total"] == counts[person, person] + counts[person, 20] + counts[20, person]


@pytest.mark.operation("list_examples")
@pytest.mark.parametrize(
    ("kind", "filter_class"),
    [
        ("fn", None),
        ("fp", None),
        ("confused_as", "person"),
        ("confused_from", "chair"),
        ("confused_as", "dog"),
    ],
)
def test_filters_select_the_right_cells(
    client: TestClient, service: Service, kind: str, filter_class: str | None
) -> None:
    result = service.metrics("voc", "val", "detector", **THRESHOLDS)
    classes = list(result.confusion.classes)
    k = len(classes)
    counts = result.confusion.counts
    params: dict = {"filter": kind, "limit": 500}
    if filter_class:
        params["filter_class"] = filter_class
    body = _examples(client, VOC_API, **params)
    if kind == "fn":
        cells = [(g, k) for g in range(k)]
    elif kind == "fp":
        cells = [(k, p) for p in range(k)]
    elif kind == "confused_as":
        x = classes.index(filter_class)  # type: ignore[arg-type]
        cells = [(g, x) for g in range(k) if g != x]
    else:
        x = classes.index(filter_class)  # type: ignore[arg-type]
        cells = [(x, p) for p in range(k) if p != x]
    names = [*classes, "background"]
    assert body["cells"] == sorted(
        [[names[g], names[p]] for g, p in cells], key=lambda c: (names.index(c[0]), names.index(c[1]))
    )
    assert body["total"] == sum(int(counts[g, p]) for g, p in cells)
    if kind == "fn":
        assert body["total"] == result.summary.false_negatives
        assert {item["outcome"] for item in body["data"]} <= {"fn"}
    if kind == "fp":
        assert body["total"] == result.summary.false_positives
        assert {item["outcome"] for item in body["data"]} <= {"fp"}
    if kind.startswith("confused"):
        assert {item["outcome"] for item in body["data"]} <= {"confusion"}
        side = "predicted_class" if kind == "confused_as" else "gt_class"
        assert all(item[side] == filter_class for item in body["data"])


@pytest.mark.operation("list_examples")
def test_agreements_and_disagreements_are_the_quick_views_of_the_matrix(
    client: TestClient, service: Service
) -> None:
    result = service.metrics("voc", "val", "detector", **THRESHOLDS)
    counts = result.confusion.counts
    k = len(result.confusion.classes)
    agreements = _examples(client, VOC_API, filter="agreements", limit=500)
    assert agreements["total"] == int(np.trace(counts[:k, :k]))
    assert {item["outcome"] for item in agreements["data"]} == {"tp"}
    assert all(item["gt_class"] == item["predicted_class"] for item in agreements["data"])
    disagreements = _examples(client, VOC_API, filter="disagreements", limit=500)
    assert disagreements["total"] == result.summary.confusions + result.summary.false_positives
    assert {item["outcome"] for item in disagreements["data"]} == {"confusion", "fp"}
    # Every disagreement has a prediction, so "high confidence first" needs no missing values.
    confidences = [item["confidence"] for item in disagreements["data"]]
    assert None not in confidences and confidences == sorted(confidences, reverse=True)


def _key(item: dict) -> tuple:
    return (item["frame_id"], item["label_id"], item["prediction_id"])


@pytest.mark.operation("list_examples")
@pytest.mark.parametrize("order_by", ["confidence", "iou", "box_size"])
@pytest.mark.parametrize("descending", [True, False])
def test_ordering_and_paging_are_stable_and_complete(
    client: TestClient, order_by: str, descending: bool
) -> None:
    cells = ["person|person", "person|background", "background|person", "chair|background", "car|car"]
    common = {"cell": cells, "order_by": order_by, "descending": descending}
    whole = _examples(client, VOC_API, limit=500, **common)
    assert whole["order_by"] == order_by and whole["descending"] is descending
    values = [item[order_by] for item in whole["data"]]
    present = [value for value in values if value is not None]
    # Items without a value (an unmatched label has no confidence or IoU) come last either way.
    assert values[: len(present)] == present
    assert present == sorted(present, reverse=descending)
    paged: list[dict] = []
    for offset in range(0, whole["total"] + 7, 7):
        page = _examples(client, VOC_API, offset=offset, limit=7, **common)
        assert page["total"] == whole["total"] and page["offset"] == offset and page["limit"] == 7
        paged.extend(page["data"])
    assert [_key(item) for item in paged] == [_key(item) for item in whole["data"]]
    assert len({_key(item) for item in paged}) == whole["total"]
    again = _examples(client, VOC_API, limit=500, **common)
    assert again["data"] == whole["data"]


@pytest.mark.operation("list_examples")
def test_example_items_carry_boxes_iou_confidence_and_urls(client: TestClient, service: Service) -> None:
    body = _examples(
        client, VOC_API, cell=["person|person", "person|background", "background|person"], limit=500
    )
    labels = service.workspace.read_labels("voc", "val").to_pandas().set_index("label_id")
    predictions = service.workspace.read_predictions("voc", "val", "detector").to_pandas()
    predictions = predictions.set_index("prediction_id")
    seen = set()
    for item in body["data"]:
        seen.add(item["outcome"])
        if item["label_id"] is not None:
            row = labels.loc[item["label_id"]]
            assert item["label_box"] == [row.x1, row.y1, row.x2, row.y2]
            assert row.frame_id == item["frame_id"]
            assert item["box_size"] == pytest.approx((row.x2 - row.x1) * (row.y2 - row.y1))
        else:
            assert item["label_box"] is None
        if item["prediction_id"] is not None:
            row = predictions.loc[item["prediction_id"]]
            assert item["prediction_box"] == [row.x1, row.y1, row.x2, row.y2]
            assert item["confidence"] == row.confidence and row.confidence >= 0.3
        else:
            assert item["prediction_box"] is None and item["confidence"] is None
        if item["outcome"] == "tp":
            assert item["iou"] >= 0.5
        else:
            assert item["iou"] is None
        assert item["image_url"] == f"{VOC_API}/images?frame_id={item['frame_id']}"
        assert item["crop_url"].startswith(f"{VOC_API}/crops?frame_id={item['frame_id']}&box=")
        assert item["width"] > 0 and item["height"] > 0
    assert seen == {"tp", "fn", "fp"}


@pytest.mark.operation("list_examples", "get_crop", "get_image")
def test_example_urls_serve_images(client: TestClient) -> None:
    item = _examples(client, VOC_API, cell="person|person", limit=1)["data"][0]
    crop = client.get(item["crop_url"])
    assert crop.status_code == 200 and crop.headers["content-type"] == "image/jpeg"
    image = client.get(item["image_url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"


@pytest.mark.operation("list_examples")
def test_classification_examples(client: TestClient, service: Service) -> None:
    result = service.metrics("digits", "val", "noisy", confidence=0.5)
    body = client.get(
        f"{DIGITS_API}/examples",
        params={"inference": "noisy", "confidence": 0.5, "cell": "three|eight", "order_by": "confidence"},
    ).json()
    assert body["total"] == result.confusion.counts[3, 8]
    assert all(item["label_box"] is None and item["crop_url"] is None for item in body["data"])
    assert all(item["image_url"] is None for item in body["data"])
    fn = client.get(
        f"{DIGITS_API}/examples", params={"inference": "noisy", "filter": "fn", "limit": 1}
    ).json()
    assert fn["total"] == result.summary.false_negatives


@pytest.mark.operation("list_examples")
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "cell"),
        ({"cell": "person"}, "cell"),
        ({"cell": "person|unicorn"}, "cell"),
        ({"cell": "unicorn|person"}, "cell"),
        ({"filter": "confused_as"}, "filter_class"),
        ({"filter": "confused_from", "filter_class": "unicorn"}, "filter_class"),
        ({"filter": "confused_as", "filter_class": "background"}, "filter_class"),
        ({"filter": "everything"}, "filter"),
        ({"filter": "fn", "limit": 501}, "limit"),
        ({"filter": "fn", "limit": 0}, "limit"),
        ({"filter": "fn", "offset": -1}, "offset"),
        ({"filter": "fn", "order_by": "colour"}, "order_by"),
        ({"filter": "fn", "confidence": math.inf}, "confidence"),
    ],
)
def test_bad_example_queries_are_422_naming_the_field(client: TestClient, params: dict, field: str) -> None:
    response = client.get(f"{VOC_API}/examples", params={"inference": "detector", **params})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"]
    assert [field] in [error["loc"][1:] for error in body["errors"]], body


@pytest.mark.operation("list_examples")
def test_custom_metrics_have_no_examples(client: TestClient) -> None:
    response = client.get(f"{DIGITS_API}/examples", params={"inference": "custom", "filter": "fn"})
    assert response.status_code == 422
    assert "custom metrics" in response.json()["detail"]
