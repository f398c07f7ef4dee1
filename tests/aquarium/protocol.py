"""Driving the protocol by hand (in-process), for what the real client never sends: malformed
files, ranges that do not match their bodies, interrupted chunks."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from fastapi.testclient import TestClient

KEY = "protocol-key"
HEADERS = {"x-illume-api-key": KEY}
CLASS_MAP = [
    {"id": 0, "name": "car", "color": [200, 0, 0]},
    {"id": 1, "name": "person", "color": [0, 0, 200]},
]


def upload_file(client: TestClient, project: str, dataset: str, name: str, data: bytes) -> str:
    answer = client.get(
        f"/api/v1/projects/{project}/datasets/{dataset}/get_upload_url",
        params={"upload_filename": name, "resumable_upload": "true", "bucket": "aquarium-dev"},
        headers=HEADERS,
    ).json()
    started = client.post(
        answer["put_url"],
        content=b"{}",
        headers={"x-goog-resumable": "start", "x-upload-content-length": str(len(data))},
    )
    assert started.status_code == 200, started.text
    done = client.put(
        started.headers["location"],
        content=data,
        headers={"content-range": f"bytes 0-{len(data) - 1}/{len(data)}"},
    )
    assert done.status_code == 200, done.text
    return str(answer["download_url"])


def frame_row(frame_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "task_id": frame_id,
        "date_captured": "2023-05-01T12:00:00+00:00",
        "device_id": "default_device",
        "sensor_data": [
            {
                "sensor_id": "DEFAULT",
                "sensor_type": "IMAGE_V0",
                "data_urls": {"image_url": f"http://images.test/{frame_id}.jpg"},
                "sensor_metadata": {"width": 640, "height": 480},
                "coordinate_frame": "DEFAULT",
            }
        ],
        "geo_data": {},
        "change": "ADD",
        **extra,
    }


def box(
    uuid_: str,
    label: str,
    left: float = 10,
    top: float = 10,
    width: float = 50,
    height: float = 40,
    **attributes: Any,
) -> dict[str, Any]:
    return {
        "uuid": uuid_,
        "label_type": "BBOX_2D",
        "label": label,
        "label_coordinate_frame": "DEFAULT",
        "change": "ADD",
        "attributes": {"left": left, "top": top, "width": width, "height": height, **attributes},
    }


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def create_project(client: TestClient, project: str = "cars") -> None:
    answer = client.post(
        "/api/v1/projects", json={"project_id": project, "label_class_map": CLASS_MAP}, headers=HEADERS
    )
    assert answer.status_code == 200, answer.text


def post_dataset(
    client: TestClient, project: str, dataset: str, frames: bytes, crops: bytes, *, times: int = 1
) -> str:
    version = str(uuid.uuid4())
    body = {
        "dataset_id": dataset,
        "data_url": {
            "frame": [upload_file(client, project, dataset, "x_frame_data_batch_000001.jsonl", frames)],
            "crop": [upload_file(client, project, dataset, "x_crop_data_batch_000001.jsonl", crops)],
        },
        "upload_version": version,
    }
    for _ in range(times):  # the client re-sends a POST answered with a 5xx
        answer = client.post(f"/api/v1/projects/{project}/datasets", json=body, headers=HEADERS)
        assert answer.status_code == 200, answer.text
        assert answer.json()["upload_version"] == version
    return version


def post_inferences(client: TestClient, project: str, dataset: str, name: str, rows: bytes) -> str:
    version = str(uuid.uuid4())
    body = {
        "inferences_id": name,
        "upload_version": version,
        "data_url": [upload_file(client, project, dataset, "y_data_batch_1.jsonl", rows)],
    }
    answer = client.post(
        f"/api/v1/projects/{project}/datasets/{dataset}/inferences", json=body, headers=HEADERS
    )
    assert answer.status_code == 200, answer.text
    return version


def wait(client: TestClient, project: str, target: str, version: str) -> dict[str, str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        windows = client.get(
            f"/api/v1/streaming/projects/{project}/datasets/{target}/upload_version/{version}/windows",
            headers=HEADERS,
        ).json()
        if windows and all(window["status"] != "PROCESSING" for window in windows):
            return dict(windows[0])
        time.sleep(0.05)
    raise AssertionError("processing did not end")
