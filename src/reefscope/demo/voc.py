"""The ``voc`` demo project: 100 PASCAL VOC 2007 photos and one detector."""

from __future__ import annotations

from pathlib import Path

from reefscope.client import WorkspaceHandle
from reefscope.demo._steps import SegmentSpec, Tracker, create_segments
from reefscope.demo.photos import build_photo_set


def build_voc(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: Tracker) -> None:
    assert data is not None
    root = data / "voc100"
    dataset = build_photo_set(
        ws,
        project="voc",
        dataset="val",
        root=root,
        reading="reading annotations and images",
        label_args={
            "path": root / "annotations",
            "format": "voc",
            "images": root / "images",
            "classes": root / "classes.txt",
            "description": "100 PASCAL VOC 2007 photos (see examples/data/PROVENANCE.md)",
        },
        confidence=0.4,
        detections={
            "class_names": root / "classes.txt",
            "description": "The detections shipped with the sample (one text file per image)",
        },
        assets=assets,
        tracker=tracker,
    )
    frame_ids = sorted(dataset.frame_ids())
    create_segments(
        dataset,
        [
            SegmentSpec(
                "calibration",
                "split",
                "The first 30 frames by id: choose the confidence threshold here",
                frames=tuple(frame_ids[:30]),
            ),
            SegmentSpec(
                "holdout",
                "split",
                "The other 70 frames: check the chosen threshold here",
                frames=tuple(frame_ids[30:]),
            ),
            SegmentSpec(
                "people",
                "regression_test",
                "Frames with at least one person: the detector must stay good here",
                where="people > 0",
                precision=0.5,
                recall=0.8,
            ),
            SegmentSpec(
                "small objects",
                "regression_test",
                "Frames whose smallest object is under 40 px across: a known weakness",
                where="smallest_box < 40",
                precision=0.6,
                recall=0.8,
            ),
            SegmentSpec("crowded", "scenario", "Five objects or more", where="objects >= 5", f1=0.6),
            SegmentSpec(
                "dark",
                "scenario",
                "Dark photos (mean brightness under 85 of 255)",
                where="brightness == 'dark'",
                f1=0.8,
            ),
            SegmentSpec(
                "portrait", "scenario", "Portrait-orientation photos", where="orientation == 'portrait'"
            ),
        ],
    )
