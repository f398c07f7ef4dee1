"""Segments: frames, kinds, thresholds."""

from __future__ import annotations

import pyarrow as pa
import pytest

from reefscope.store import ConflictError, InvalidInputError, NotFoundError, Workspace
from tests.store.helpers import detection_labels, frames_table


def test_create_and_read(populated: Workspace) -> None:
    segment = populated.get_segment("p", "d", "night")
    assert (segment.kind, segment.frame_count, segment.thresholds) == (
        "regression_test",
        5,
        {"precision": 0.8},
    )
    assert populated.read_segment_frames("p", "d", "night").to_pylist() == [
        "f0000",
        "f0002",
        "f0004",
        "f0006",
        "f0008",
    ]


def test_frames_are_a_set_in_dataset_order(populated: Workspace) -> None:
    segment = populated.create_segment("p", "d", "mixed", frames=["f0003", "f0001", "f0003"])
    assert segment.frame_count == 2
    assert populated.read_segment_frames("p", "d", "mixed").to_pylist() == ["f0001", "f0003"]


def test_listing_groups_splits_then_regression_tests_then_scenarios(populated: Workspace) -> None:
    populated.create_segment("p", "d", "train", frames=["f0001"], kind="split")
    populated.create_segment("p", "d", "alpha", frames=["f0001"], kind="scenario")
    assert [item.name for item in populated.list_segments("p", "d")] == ["train", "night", "alpha"]
    assert [item.name for item in populated.list_segments("p", "d", kind="split")] == ["train"]


def test_unknown_frames_and_bad_values_are_refused(populated: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="no frame 'nope'"):
        populated.create_segment("p", "d", "s", frames=["f0001", "nope"])
    with pytest.raises(InvalidInputError, match=r"\[0, 1\]"):
        populated.create_segment("p", "d", "s", frames=["f0001"], recall=1.5)
    with pytest.raises(InvalidInputError, match="kind"):
        populated.create_segment("p", "d", "s", frames=["f0001"], kind="test")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="implicit"):
        populated.create_segment("p", "d", "all frames", frames=["f0001"])
    with pytest.raises(InvalidInputError, match="not one string"):
        populated.create_segment("p", "d", "s", frames="f0001")
    assert [item.name for item in populated.list_segments("p", "d")] == ["night"]


def test_duplicate_name_is_a_conflict(populated: Workspace) -> None:
    with pytest.raises(ConflictError, match="already exists"):
        populated.create_segment("p", "d", "night", frames=["f0001"])


def test_update_thresholds_and_frames(populated: Workspace) -> None:
    old = populated.get_segment("p", "d", "night")
    updated = populated.update_segment("p", "d", "night", precision=None, f1=0.6, description="dark")
    assert updated.thresholds == {"f1": 0.6}
    assert updated.content_id == old.content_id
    moved = populated.update_segment("p", "d", "night", frames=pa.array(["f0009"]))
    assert (moved.frame_count, moved.description) == (1, "dark")
    assert not (populated.path / "data" / old.content_id).exists()


def test_delete_segment(populated: Workspace) -> None:
    populated.delete_segment("p", "d", "night")
    with pytest.raises(NotFoundError, match="segment 'night' not found"):
        populated.get_segment("p", "d", "night")


def test_a_million_frame_segment(workspace: Workspace) -> None:
    count = 1_000_000
    ids = pa.array([f"{index:07d}" for index in range(count)])
    frames = pa.table({"frame_id": ids})
    workspace.put_dataset(
        "big",
        "d",
        frames=frames,
        labels=detection_labels([]),
        classes=["a"],
        create_project=True,
        task="detection",
    )
    segment = workspace.create_segment(
        "big", "d", "odd", frames=ids.filter(pa.array([i % 2 == 1 for i in range(count)]))
    )
    assert segment.frame_count == count // 2
    assert workspace.read_segment_frames("big", "d", "odd")[0].as_py() == "0000001"


def test_frames_table_helper_is_consistent() -> None:
    assert frames_table(3).num_rows == 3
