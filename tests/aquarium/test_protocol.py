"""The protocol by hand: authentication, the resumable upload's edge cases, a restart between
chunks, duplicate POSTs, bad uploads ending in words with nothing stored."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.store import NotFoundError, Workspace
from tests.aquarium.protocol import (
    HEADERS,
    KEY,
    box,
    create_project,
    frame_row,
    jsonl,
    post_dataset,
    post_inferences,
    wait,
)


def _client(home: Path) -> TestClient:
    return TestClient(create_app(ApiSettings(home=home, api_key=KEY, web_dist=None)))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path / "workspace") as client:
        create_project(client)
        yield client


def test_the_key_in_each_of_the_clients_header_forms(client: TestClient) -> None:
    assert client.get("/api/v1/projects").status_code == 401
    refused = client.get("/api/v1/projects", headers={"x-illume-api-key": "wrong"})
    assert refused.status_code == 401 and "REEFSCOPE_API_KEY" in refused.json()["message"]
    for headers in (
        {"x-illume-api-key": KEY},
        {"Authorization": f"Bearer {KEY}"},
        {"x-illume-app": "a", "x-illume-key": KEY},
    ):
        assert [p["id"] for p in client.get("/api/v1/projects", headers=headers).json()] == ["cars"]


def test_unknown_names_are_plain_answers_not_404(client: TestClient) -> None:
    assert client.get("/api/v1/projects/cars/datasets/nothing/is_archived", headers=HEADERS).json() == {
        "archived": False
    }
    assert client.get("/api/v1/projects/cars/datasets/nothing/is_processed", headers=HEADERS).json() == {
        "processed": False
    }


def _session(client: TestClient, size: int) -> str:
    answer = client.get(
        "/api/v1/projects/cars/datasets/d/get_upload_url",
        params={"upload_filename": "f.arrow"},
        headers=HEADERS,
    ).json()
    started = client.post(
        answer["put_url"],
        content=b"{}",
        headers={"x-goog-resumable": "start", "x-upload-content-length": str(size)},
    )
    assert started.status_code == 200 and started.headers["location"].startswith("http")
    return str(started.headers["location"])


def test_chunks_recovery_and_refused_ranges(client: TestClient, tmp_path: Path) -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes in three chunks
    location = _session(client, len(data))
    recover = {"content-range": "bytes */*"}
    assert client.put(location, content=b"", headers=recover).status_code == 308
    assert "range" not in client.put(location, content=b"", headers=recover).headers  # nothing persisted yet
    first = client.put(location, content=data[:4096], headers={"content-range": f"bytes 0-4095/{len(data)}"})
    assert (first.status_code, first.headers["range"], "location" in first.headers) == (
        308,
        "bytes=0-4095",
        False,
    )
    # A chunk cut off on the way: fewer bytes than its Content-Range says. Refused, nothing of it kept.
    cut = client.put(
        location, content=data[4096:6000], headers={"content-range": f"bytes 4096-8191/{len(data)}"}
    )
    assert cut.status_code == 400 and "announces 4096" in cut.json()["message"]
    assert client.put(location, content=b"", headers=recover).headers["range"] == "bytes=0-4095"
    gap = client.put(
        location, content=data[8192:], headers={"content-range": f"bytes 8192-10239/{len(data)}"}
    )
    assert gap.status_code == 400
    # The server restarts between chunks: a new process over the same workspace resumes.
    with _client(tmp_path / "workspace") as restarted:
        assert restarted.put(location, content=b"", headers=recover).headers["range"] == "bytes=0-4095"
        second = restarted.put(
            location, content=data[4096:8192], headers={"content-range": f"bytes 4096-8191/{len(data)}"}
        )
        assert second.status_code == 308 and second.headers["range"] == "bytes=0-8191"
        last = restarted.put(
            location, content=data[8192:], headers={"content-range": f"bytes 8192-10239/{len(data)}"}
        )
        assert last.status_code == 200  # exactly 200: the client refuses 201 on the last chunk
    blobs = list((tmp_path / "workspace" / "aquarium" / "blobs").glob("*.data"))
    assert [path.read_bytes() for path in blobs] == [data]


def test_upload_urls_are_capabilities(client: TestClient) -> None:
    assert (
        client.post(
            "/api/v1/uploads/" + "x" * 43, content=b"{}", headers={"x-goog-resumable": "start"}
        ).status_code
        == 404
    )
    location = _session(client, 10)
    assert (
        client.put(location, content=b"x" * 20, headers={"content-range": "bytes 0-19/10"}).status_code == 400
    )


def test_a_dataset_lands_and_a_duplicate_post_is_one_upload(client: TestClient, tmp_path: Path) -> None:
    frames = jsonl([frame_row("f1"), frame_row("f2")])
    crops = jsonl(
        [
            {"task_id": "f1", "label_data": [box("l1", "car")], "type": "GT"},
            {"task_id": "f2", "label_data": [box("l2", "person"), box("l3", "car", left=200)], "type": "GT"},
        ]
    )
    version = post_dataset(client, "cars", "val", frames, crops, times=2)
    assert wait(client, "cars", "val", version)["status"] == "DONE"
    dataset = Workspace(tmp_path / "workspace").get_dataset("cars", "val")
    assert (dataset.frame_count, dataset.label_count, dataset.version) == (2, 3, 1)
    assert client.get("/api/v1/projects/cars/datasets/val/is_processed", headers=HEADERS).json() == {
        "processed": True
    }
    assert not list((tmp_path / "workspace" / "aquarium" / "blobs").glob("*.data"))  # blobs go once ingested


BAD_DATASETS = {
    "malformed line": (
        b'{"task_id": "f1", "sensor_data": []}\n{"task_id": "f2", \n',
        None,
        "x_frame_data_batch_000001.jsonl, line 2: malformed JSON",
    ),
    "unknown class": (
        None,
        [box("l1", "truck")],
        "x_crop_data_batch_000001.jsonl, line 1, frame 'f1', field 'label_data.label': unknown class 'truck'",
    ),
    "non-finite box": (
        None,
        [box("l1", "car", width=math.inf)],
        "field 'label_data[0].attributes.width': expected a finite number",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DATASETS))
def test_bad_dataset_uploads_end_in_words_and_store_nothing(
    client: TestClient, tmp_path: Path, case: str
) -> None:
    frames, labels, expected = BAD_DATASETS[case]
    frames = frames or jsonl([frame_row("f1")])
    crops = jsonl([{"task_id": "f1", "label_data": labels or [], "type": "GT"}])
    version = post_dataset(client, "cars", "val", frames, crops)
    window = wait(client, "cars", "val", version)
    assert window["status"] == "WINDOW_ERRORED"
    assert expected in window["uuid"]  # the client prints errored window ids: the reason rides there
    logs = client.get("/api/v1/projects/cars/datasets/val/ingest_error_logs", headers=HEADERS).json()
    assert expected in logs[0]["msg"]
    with pytest.raises(NotFoundError):
        Workspace(tmp_path / "workspace").get_dataset("cars", "val")


@pytest.mark.parametrize(
    ("inference", "expected"),
    [
        (
            {"task_id": "f1", "inference_data": [box("p1", "car", confidence=1.5)]},
            "y_data_batch_1.jsonl, line 1, frame 'f1', field 'inference_data[0].attributes.confidence': "
            "expected a confidence in [0, 1]",
        ),
        (
            {"task_id": "nowhere", "inference_data": [box("p1", "car", confidence=0.5)]},
            "y_data_batch_1.jsonl, line 1, frame 'nowhere', field 'task_id': "
            "inference on frame 'nowhere', which the base dataset does not have",
        ),
    ],
)
def test_bad_inference_uploads_end_in_words_and_store_nothing(
    client: TestClient, tmp_path: Path, inference: dict, expected: str
) -> None:
    version = post_dataset(
        client,
        "cars",
        "val",
        jsonl([frame_row("f1")]),
        jsonl([{"task_id": "f1", "label_data": [box("l1", "car")]}]),
    )
    assert wait(client, "cars", "val", version)["status"] == "DONE"
    version = post_inferences(client, "cars", "val", "model", jsonl([inference]))
    window = wait(client, "cars", "inferences_val_model", version)
    assert window["status"] == "WINDOW_ERRORED" and expected in window["uuid"]
    assert Workspace(tmp_path / "workspace").list_inference_sets("cars", "val") == []
