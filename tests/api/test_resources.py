"""Projects, datasets, inference sets, embeddings listings and segments: reads and writes."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from reefscope.service.core import Service
from tests.api.sample import DIGITS_API, INDOOR_API, VOC_API, Sample

NEW_PROJECT = {
    "name": "birds",
    "task": "detection",
    "classes": [{"name": "gull", "color": "#ffffff"}, {"name": "tern"}],
    "confidence_threshold": 0.4,
    "iou_threshold": 0.6,
    "description": "sea birds",
    "metadata": {"owner": "vision", "version": 3},
}


@pytest.mark.operation("get_health")
def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


@pytest.mark.operation("list_projects", "get_project")
def test_projects_read(client: TestClient, service: Service) -> None:
    body = client.get("/api/projects").json()
    assert body["count"] == 3 == len(body["data"])
    assert sorted(item["name"] for item in body["data"]) == ["digits", "indoor", "voc"]
    voc = client.get("/api/projects/voc").json()
    record = service.workspace.get_project("voc")
    assert [item["name"] for item in voc["classes"]] == list(record.class_names)
    assert voc["task"] == "detection" and voc["confidence_threshold"] == record.confidence_threshold
    missing = client.get("/api/projects/nope")
    assert missing.status_code == 404 and "'nope'" in missing.json()["detail"]


@pytest.mark.operation("create_project", "get_project", "delete_project")
def test_project_create_and_delete(scratch_client: TestClient) -> None:
    created = scratch_client.post("/api/projects", json=NEW_PROJECT)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "birds" and body["classes"][0] == {"name": "gull", "color": "#ffffff"}
    assert body["metadata"] == {"owner": "vision", "version": 3}
    assert scratch_client.get("/api/projects/birds").json() == body
    again = scratch_client.post("/api/projects", json=NEW_PROJECT)
    assert again.status_code == 409 and "birds" in again.json()["detail"]
    assert scratch_client.delete("/api/projects/birds").status_code == 204
    assert scratch_client.get("/api/projects/birds").status_code == 404
    assert scratch_client.delete("/api/projects/birds").status_code == 404


@pytest.mark.operation("create_project")
def test_project_create_lists_every_invalid_field(scratch_client: TestClient) -> None:
    response = scratch_client.post(
        "/api/projects",
        json={
            "name": "../evil",
            "task": "segmentation",
            "classes": [],
            "confidence_threshold": 2,
            "extra": 1,
        },
    )
    assert response.status_code == 422
    body = response.json()
    fields = {tuple(error["loc"][1:]) for error in body["errors"]}
    assert {("name",), ("task",), ("classes",), ("confidence_threshold",), ("extra",)} <= fields
    for field in ("name", "task", "classes", "confidence_threshold", "extra"):
        assert field in body["detail"]


@pytest.mark.operation("create_project")
@pytest.mark.parametrize(
    "classes",
    [
        [{"name": "gull"}, {"name": "gull"}],
        [{"name": "background"}],
        [{"name": ""}],
    ],
)
def test_project_create_refuses_bad_class_lists(scratch_client: TestClient, classes: list) -> None:
    response = scratch_client.post("/api/projects", json={**NEW_PROJECT, "classes": classes})
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


@pytest.mark.operation("update_project", "get_metrics")
def test_project_patch_changes_default_thresholds(scratch_client: TestClient) -> None:
    response = scratch_client.patch(
        "/api/projects/voc", json={"confidence_threshold": 0.3, "description": "VOC"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["confidence_threshold"] == 0.3 and response.json()["description"] == "VOC"
    metrics = scratch_client.get(f"{VOC_API}/metrics", params={"inference": "detector"}).json()
    assert metrics["settings"]["confidence"] == 0.3
    # Left out or null: kept.
    kept = scratch_client.patch("/api/projects/voc", json={"iou_threshold": None}).json()
    assert (
        kept["confidence_threshold"] == 0.3 and kept["iou_threshold"] == 0.5 and kept["description"] == "VOC"
    )
    bad = scratch_client.patch("/api/projects/voc", json={"confidence_threshold": 1.5, "iou_threshold": -1})
    assert bad.status_code == 422
    assert {tuple(error["loc"][1:]) for error in bad.json()["errors"]} == {
        ("confidence_threshold",),
        ("iou_threshold",),
    }
    unknown = scratch_client.patch("/api/projects/voc", json={"task": "classification"})
    assert unknown.status_code == 422
    assert scratch_client.patch("/api/projects/nope", json={}).status_code == 404


@pytest.mark.operation("list_datasets", "get_dataset")
def test_datasets_read(client: TestClient) -> None:
    body = client.get("/api/projects/voc/datasets").json()
    assert body["count"] == 1
    dataset = client.get(VOC_API).json()
    assert body["data"][0] == dataset
    assert (dataset["frame_count"], dataset["label_count"], dataset["has_images"]) == (100, 273, True)
    assert sorted(dataset["metadata_keys"]) == ["brightness", "outdoor", "sequence", "split", "time_of_day"]
    assert dataset["version"] == 2  # the metadata import made a second version
    digits = client.get(DIGITS_API).json()
    assert (digits["task"], digits["frame_count"], digits["has_images"]) == ("classification", 1797, False)
    assert sorted(digits["metadata_keys"]) == ["half", "writer"]
    missing = client.get("/api/projects/voc/datasets/test")
    assert missing.status_code == 404 and "'test'" in missing.json()["detail"]
    assert client.get("/api/projects/nope/datasets").status_code == 404


@pytest.mark.operation("list_inference_sets", "get_inference_set")
def test_inference_sets_read(client: TestClient) -> None:
    body = client.get(f"{DIGITS_API}/inference-sets").json()
    by_name = {item["name"]: item for item in body["data"]}
    assert body["count"] == 3 and sorted(by_name) == ["centroid", "custom", "noisy"]
    assert by_name["centroid"]["has_scores"] is True and by_name["noisy"]["has_scores"] is False
    assert by_name["custom"]["has_custom_metrics"] is True and by_name["noisy"]["has_custom_metrics"] is False
    assert by_name["noisy"]["prediction_count"] == 1796
    one = client.get(f"{VOC_API}/inference-sets/detector").json()
    assert one["prediction_count"] == 452 and one["dataset"] == "val"
    missing = client.get(f"{VOC_API}/inference-sets/nope")
    assert missing.status_code == 404 and "'nope'" in missing.json()["detail"]


@pytest.mark.operation("list_embeddings")
def test_embeddings_listing(client: TestClient) -> None:
    body = client.get(f"{VOC_API}/embeddings").json()
    assert sorted((item["kind"], item["inference_set"] or "", item["count"]) for item in body) == [
        ("crop", "", 273),
        ("crop", "detector", 452),
        ("frame", "", 100),
    ]
    assert all(item["dimension"] == 8 for item in body)
    assert client.get(f"{INDOOR_API}/embeddings").json() == []


@pytest.mark.operation("delete_inference_set", "delete_dataset", "get_metrics")
def test_deletes(scratch_client: TestClient) -> None:
    assert scratch_client.delete(f"{VOC_API}/inference-sets/detector_b").status_code == 204
    gone = scratch_client.get(f"{VOC_API}/metrics", params={"inference": "detector_b"})
    assert gone.status_code == 404 and "detector_b" in gone.json()["detail"]
    assert scratch_client.delete(f"{VOC_API}/inference-sets/detector_b").status_code == 404
    assert scratch_client.get(f"{VOC_API}/metrics", params={"inference": "detector"}).status_code == 200
    assert scratch_client.delete(VOC_API).status_code == 204
    assert scratch_client.get(VOC_API).status_code == 404
    assert scratch_client.get(f"{VOC_API}/metrics", params={"inference": "detector"}).status_code == 404


# ---- segments --------------------------------------------------------------------------------------


@pytest.mark.operation("list_segments", "get_segment")
def test_segments_read(client: TestClient, sample: Sample) -> None:
    body = client.get(f"{VOC_API}/segments").json()
    assert body["count"] == 6
    assert {item["name"]: item["kind"] for item in body["data"]} == {
        "train": "split",
        "holdout": "split",
        "rt-easy": "regression_test",
        "rt-hard": "regression_test",
        "night": "scenario",
        "bright": "scenario",
    }
    night = client.get(f"{VOC_API}/segments/night").json()
    assert night["frame_ids"] == list(sample.night_frames)
    assert night["frame_count"] == len(sample.night_frames) and night["recall"] == 0.5
    missing = client.get(f"{VOC_API}/segments/nope")
    assert missing.status_code == 404 and "'nope'" in missing.json()["detail"]


@pytest.mark.operation("create_segment", "get_segment", "get_metrics")
def test_segment_from_frame_ids(scratch_client: TestClient, scratch: Sample, service: Service) -> None:
    frames = list(scratch.voc_frames[10:30])
    response = scratch_client.post(
        f"{VOC_API}/segments",
        json={
            "name": "picked",
            "kind": "regression_test",
            "frame_ids": frames,
            "precision": 0.3,
            "metadata": {"by": "me"},
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["frame_count"], body["kind"], body["precision"], body["recall"]) == (
        20,
        "regression_test",
        0.3,
        None,
    )
    detail = scratch_client.get(f"{VOC_API}/segments/picked").json()
    assert detail["frame_ids"] == frames and detail["metadata"] == {"by": "me"}
    metrics = scratch_client.get(
        f"{VOC_API}/metrics", params={"inference": "detector", "segment": "picked"}
    ).json()
    assert metrics["summary"]["frame_count"] == 20
    assert metrics["settings"]["segment"] == "picked"


@pytest.mark.operation("create_segment", "get_segment")
def test_segment_from_a_where_query(scratch_client: TestClient, service: Service, scratch: Sample) -> None:
    where = "time_of_day != 'night' and sequence >= 3"
    response = scratch_client.post(f"{VOC_API}/segments", json={"name": "late", "where": where})
    assert response.status_code == 201, response.text
    expected = Service(service.workspace.__class__(scratch.home)).frames_matching("voc", "val", where)
    assert scratch_client.get(f"{VOC_API}/segments/late").json()["frame_ids"] == expected
    assert response.json()["kind"] == "scenario"


@pytest.mark.operation("create_segment")
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "x"}, 422, "frame_ids"),
        ({"name": "x", "frame_ids": ["2007_000027"], "where": "split == 'train'"}, 422, "frame_ids"),
        ({"name": "x", "where": "split = 'train'"}, 422, "where"),
        ({"name": "x", "where": "colour == 'red'"}, 422, "where"),
        ({"name": "x", "frame_ids": ["no-such-frame"]}, 422, None),
        ({"name": "", "frame_ids": ["2007_000027"]}, 422, "name"),
        ({"name": "x", "frame_ids": ["2007_000027"], "precision": 1.5, "recall": -0.1}, 422, "precision"),
        ({"name": "x", "frame_ids": ["2007_000027"], "kind": "favourite"}, 422, "kind"),
        ({"name": "night", "frame_ids": ["2007_000027"]}, 409, None),
        ({"name": "All Frames", "frame_ids": ["2007_000027"]}, 422, "name"),
        ({"name": "..", "frame_ids": ["2007_000027"]}, 422, "name"),
        ({"name": ".", "frame_ids": ["2007_000027"]}, 422, "name"),
        ({"name": " padded", "frame_ids": ["2007_000027"]}, 422, "name"),
    ],
)
def test_bad_segments_are_refused(
    scratch_client: TestClient, body: dict, status: int, field: str | None
) -> None:
    response = scratch_client.post(f"{VOC_API}/segments", json=body)
    assert response.status_code == status, response.text
    payload = response.json()
    assert payload["detail"]
    if field is not None:
        assert ["body", field] in [error["loc"] for error in payload["errors"]], payload
    if body.get("recall") == -0.1:
        assert "recall" in [error["loc"][-1] for error in payload["errors"]]
    assert "x" not in {item["name"] for item in scratch_client.get(f"{VOC_API}/segments").json()["data"]}


@pytest.mark.operation("update_segment", "get_segment")
def test_segment_update_thresholds_and_frames(scratch_client: TestClient, scratch: Sample) -> None:
    url = f"{VOC_API}/segments/night"
    before = scratch_client.get(url).json()
    set_response = scratch_client.patch(url, json={"precision": 0.25, "f1": 0.4, "description": "after dark"})
    assert set_response.status_code == 200, set_response.text
    body = set_response.json()
    assert (body["precision"], body["recall"], body["f1"]) == (0.25, 0.5, 0.4)
    assert body["description"] == "after dark"
    unset = scratch_client.patch(url, json={"recall": None}).json()
    assert (unset["precision"], unset["recall"], unset["f1"]) == (0.25, None, 0.4)
    kept = scratch_client.patch(url, json={}).json()
    assert (kept["precision"], kept["recall"], kept["f1"], kept["kind"]) == (0.25, None, 0.4, "scenario")

    night = before["frame_ids"]
    extra = [frame for frame in scratch.voc_frames if frame not in night][:3]
    changed = scratch_client.patch(
        url, json={"add_frames": [*extra, night[0]], "remove_frames": night[:2]}
    ).json()
    after = scratch_client.get(url).json()
    assert sorted(after["frame_ids"]) == sorted(night[2:] + extra)
    assert changed["frame_count"] == len(night) - 2 + 3
    kind = scratch_client.patch(url, json={"kind": "regression_test"}).json()
    assert kind["kind"] == "regression_test"

    bad = scratch_client.patch(url, json={"precision": 2, "kind": "nope"})
    assert bad.status_code == 422
    assert {error["loc"][-1] for error in bad.json()["errors"]} == {"precision", "kind"}
    unknown_frame = scratch_client.patch(url, json={"add_frames": ["no-such-frame"]})
    assert unknown_frame.status_code == 422
    assert scratch_client.patch(f"{VOC_API}/segments/nope", json={"f1": 0.1}).status_code == 404


@pytest.mark.operation("delete_segment", "get_segment")
def test_segment_delete(scratch_client: TestClient) -> None:
    assert scratch_client.delete(f"{VOC_API}/segments/bright").status_code == 204
    assert scratch_client.get(f"{VOC_API}/segments/bright").status_code == 404
    assert scratch_client.delete(f"{VOC_API}/segments/bright").status_code == 404
    metrics = scratch_client.get(f"{VOC_API}/metrics", params={"inference": "detector", "segment": "bright"})
    assert metrics.status_code == 404 and "bright" in metrics.json()["detail"]


@pytest.mark.operation("create_segment", "get_segment", "update_segment", "delete_segment", "list_frames")
# (A name like '%2e%2e' works with a real server; the in-process client decodes paths twice.)
@pytest.mark.parametrize("name", ["a/b", "night/rain", "50% of?#frames", "<b>bold</b>", "é ☃", "..."])
def test_any_segment_name_is_addressable(scratch_client: TestClient, scratch: Sample, name: str) -> None:
    frames = list(scratch.voc_frames[:5])
    created = scratch_client.post(f"{VOC_API}/segments", json={"name": name, "frame_ids": frames})
    assert created.status_code == 201, created.text
    url = f"{VOC_API}/segments/{quote(name, safe='')}"
    detail = scratch_client.get(url)
    assert detail.status_code == 200, detail.text
    assert detail.json()["name"] == name and detail.json()["frame_ids"] == frames
    assert scratch_client.get(f"{VOC_API}/frames", params={"segment": name}).json()["count"] == 5
    assert scratch_client.patch(url, json={"f1": 0.5}).json()["f1"] == 0.5
    assert scratch_client.delete(url).status_code == 204
    assert scratch_client.get(url).status_code == 404
    # The dataset is untouched.
    assert scratch_client.get(VOC_API).status_code == 200
