"""The ``coco`` demo project: a COCO val2017 sample with 80 classes and no images."""

from __future__ import annotations

from pathlib import Path

from reefscope.client import WorkspaceHandle
from reefscope.demo._steps import SegmentSpec, Tracker, create_segments
from reefscope.demo.photos import import_photo_set
from reefscope.ingest import read_labels


def build_coco(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: Tracker) -> None:
    assert data is not None
    root = data / "coco-sample"
    tracker.step("coco: reading annotations")
    labels = read_labels("coco", root / "instances.json")
    dataset = import_photo_set(
        ws,
        project="coco",
        dataset="val2017-sample",
        labels=labels,
        label_args={
            "path": root / "instances.json",
            "format": "coco",
            "description": "A COCO val2017 sample; no images (see examples/data/PROVENANCE.md)",
        },
        images=None,
        assets=assets,
        tracker=tracker,
    )
    ws.project("coco").update(confidence=0.3)
    tracker.step("coco: importing detections")
    dataset.import_inferences(
        root / "detections.json",
        name="detector",
        format="coco",
        description="COCO results JSON of the sample",
    )
    tracker.step("coco: segments")
    create_segments(
        dataset,
        [
            SegmentSpec(
                "people",
                "regression_test",
                "Frames with at least one person",
                where="people > 0",
                precision=0.9,
                recall=0.5,
            ),
            SegmentSpec(
                "crowded",
                "regression_test",
                "Ten objects or more",
                where="objects >= 10",
                precision=0.9,
                recall=0.6,
            ),
            SegmentSpec(
                "tiny objects",
                "scenario",
                "Smallest object under 16 px across",
                where="smallest_box < 16",
                f1=0.6,
            ),
            SegmentSpec(
                "portrait", "scenario", "Portrait-orientation images", where="orientation == 'portrait'"
            ),
        ],
    )
