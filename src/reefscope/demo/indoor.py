"""The ``indoor`` demo project: 85 indoor photos with more than 25 classes."""

from __future__ import annotations

from pathlib import Path

from reefscope.client import WorkspaceHandle
from reefscope.demo._steps import SegmentSpec, Tracker, create_segments
from reefscope.demo.photos import build_photo_set


def build_indoor(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: Tracker) -> None:
    assert data is not None
    root = data / "indoor85"
    dataset = build_photo_set(
        ws,
        project="indoor",
        dataset="all",
        root=root,
        reading="reading labels and images",
        label_args={
            "path": root / "ground-truth",
            "format": "text",
            "images": root / "images",
            "description": "85 indoor photos with many classes (see examples/data/PROVENANCE.md)",
        },
        confidence=0.3,
        detections={
            "new_classes": "extend",
            "description": "The detections shipped with the sample; they name classes the labels never use",
        },
        assets=assets,
        tracker=tracker,
    )
    create_segments(
        dataset,
        [
            SegmentSpec(
                "simple scenes",
                "regression_test",
                "Frames with at most three objects: the detector should be reliable here",
                where="objects <= 3",
                recall=0.15,
            ),
            SegmentSpec(
                "cluttered",
                "regression_test",
                "Frames with eight objects or more",
                where="objects >= 8",
                precision=0.55,
                recall=0.45,
            ),
            SegmentSpec("dark", "scenario", "Dark rooms", where="brightness == 'dark'", f1=0.2),
            SegmentSpec("bright", "scenario", "Bright rooms", where="brightness == 'bright'"),
        ],
    )
