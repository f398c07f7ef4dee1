"""Every metadata type, two uploads into one dataset, segments created, edited and read back, all
through the real client; and the same data as reefscope sees it."""

from __future__ import annotations

from pathlib import Path

from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.aquarium.conftest import KEY


def test_metadata_appends_and_segments(server, image_host, run_script, tmp_path: Path) -> None:
    base, images = image_host
    for n in range(10):
        (images / f"drive_{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    answer = run_script("metadata_segments.py", server.endpoint, KEY, "drive", base).json()

    assert answer["frame_ids"] == sorted(f"drive_{n}" for n in range(10))  # two uploads, one dataset
    assert answer["summaries"] == [
        ["false cars", "testScenarioGeneric", "triage", "crop"],
        ["holdout", "testScenarioSplit", "triage", "frame"],
        ["night", "testScenarioRegression", "inProgress", "frame"],
    ]
    assert answer["night"] == ["drive_6", "drive_8", "drive_9"]
    assert answer["crop_types"] == [["drive_3_car", "label"], ["drive_3_pred", "inference"]]
    assert answer["crop_inference_set"] == "inferences_drive_yolo"
    metadata = dict(answer["frames"]["drive_9"]["metadata"])
    assert metadata == {
        "user__weather": '"rain"',
        "user__speed": "22.5",
        "user__lane": "1",
        "user__night": "true",
        "user__tags": '["city", "tag9"]',
    }
    assert sorted(answer["frames"]) == ["drive_0", "drive_5", "drive_9"]
    assert answer["frames"]["drive_0"]["label_count"] == 2
    assert answer["frames"]["drive_0"]["geo"] == {"geo_EPSG4326_lat": 37.77, "geo_EPSG4326_lon": -122.41}
    assert answer["frames"]["drive_9"]["device"] == "cam_A"
    assert answer["frames"]["drive_0"]["image"] == f"{base}/drive_0.png"

    workspace = Workspace(server.home)
    dataset = workspace.get_dataset("drive", "drive")
    assert (dataset.frame_count, dataset.label_count, dataset.version) == (10, 20, 2)
    frames = {row["frame_id"]: row for row in workspace.read_frames("drive", "drive").to_pylist()}
    assert frames["drive_3"]["meta.weather"] == "rain" and frames["drive_3"]["meta.lane"] == 3
    assert frames["drive_7"]["meta.night"] is True and frames["drive_7"]["meta.speed"] == 17.5
    assert frames["drive_1"]["meta.device_id"] == "cam_A"
    assert frames["drive_0"]["image"] == f"{base}/drive_0.png" and frames["drive_0"]["width"] == 640
    segments = {segment.name: segment for segment in workspace.list_segments("drive", "drive")}
    assert {name: segment.kind for name, segment in segments.items()} == {
        "holdout": "split",
        "night": "regression_test",
        "false cars": "scenario",
    }
    assert workspace.read_segment_frames("drive", "drive", "night").to_pylist() == [
        "drive_6",
        "drive_8",
        "drive_9",
    ]
    # The segment is evaluable like any other: 3 frames, one car each, all found by the model.
    night = Service(workspace).metrics("drive", "drive", "yolo", segment="night", confidence=0.1, iou=0.5)
    assert night.summary.frame_count == 3
    assert night.confusion.counts[0, 0] == 3
    # A metadata query over what the client uploaded.
    assert Service(workspace).frames_matching("drive", "drive", "weather == 'rain' and lane == 3") == [
        "drive_3"
    ]
