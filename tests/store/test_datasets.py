"""Datasets: import, replace, dependents, images, reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from reefscope.store import (
    ConflictError,
    Dataset,
    InvalidInputError,
    NotFoundError,
    Workspace,
    image_path,
)
from tests.store.helpers import CLASSES, detection_labels, frames_table


def _put(workspace: Workspace, frames: pa.Table, **options: Any) -> Dataset:
    ids = frames.column("frame_id").to_pylist()
    return workspace.put_dataset(
        "p",
        "d",
        frames=frames,
        labels=options.pop("labels", detection_labels(ids)),
        classes=list(CLASSES),
        create_project=True,
        task="detection",
        **options,
    )


def test_put_creates_project_and_dataset(workspace: Workspace) -> None:
    dataset = _put(workspace, frames_table(5), description="first", metadata={"source": "unit"})
    assert workspace.get_project("p").class_names == CLASSES
    assert (dataset.version, dataset.frame_count, dataset.label_count) == (1, 5, 10)
    assert workspace.list_datasets("p") == [dataset]
    frames = workspace.read_frames("p", "d")
    assert frames.column_names == ["frame_id", "image", "width", "height", "meta.time"]
    assert frames.column("frame_id").to_pylist() == [f"f{index:04d}" for index in range(5)]
    assert workspace.read_labels("p", "d").num_rows == 10


def test_missing_project_without_create_is_not_found(workspace: Workspace) -> None:
    frames = frames_table(2)
    with pytest.raises(NotFoundError, match="project 'p'"):
        workspace.put_dataset("p", "d", frames=frames, labels=detection_labels(["f0000"]))


def test_reimport_replaces_atomically_and_collects_old_files(workspace: Workspace) -> None:
    first = _put(workspace, frames_table(5))
    second = _put(workspace, frames_table(7))
    assert second.version == 2
    assert second.content_id != first.content_id
    assert second.created_at == first.created_at
    assert workspace.read_frames("p", "d").num_rows == 7
    directories = {entry.name for entry in (workspace.path / "data").iterdir()}
    assert directories == {second.content_id}
    assert not any((workspace.path / "locks").glob("*.tmp"))


def test_reimport_keeps_description_unless_given(workspace: Workspace) -> None:
    _put(workspace, frames_table(2), description="kept")
    assert _put(workspace, frames_table(2)).description == "kept"
    assert _put(workspace, frames_table(2), description="new").description == "new"


def test_if_exists_error_refuses_a_second_import(workspace: Workspace) -> None:
    _put(workspace, frames_table(2))
    with pytest.raises(ConflictError, match="already exists"):
        _put(workspace, frames_table(3), if_exists="error")
    assert workspace.get_dataset("p", "d").frame_count == 2


def test_reimport_that_drops_frames_used_by_a_segment_is_refused(populated: Workspace) -> None:
    before = populated.get_dataset("p", "d")
    frames = frames_table(10).slice(1)  # f0000 is in segment "night" and inference set "m"
    with pytest.raises(ConflictError, match="f0000"):
        populated.put_dataset(
            "p", "d", frames=frames, labels=detection_labels(frames.column("frame_id").to_pylist())
        )
    assert populated.get_dataset("p", "d") == before
    assert {entry.name for entry in (populated.path / "data").iterdir()} >= {before.content_id}


def test_reimport_keeps_inference_sets_and_segments_that_still_fit(populated: Workspace) -> None:
    frames = frames_table(12)
    populated.put_dataset(
        "p", "d", frames=frames, labels=detection_labels(frames.column("frame_id").to_pylist())
    )
    assert populated.get_inference_set("p", "d", "m").version == 1
    assert populated.get_segment("p", "d", "night").frame_count == 5


def test_reimport_drops_the_datasets_own_embeddings(populated: Workspace) -> None:
    vectors = pa.table({"frame_id": ["f0000"], "vector": [[1.0, 2.0]]})
    populated.put_embeddings("p", "d", kind="frame", vectors=vectors)
    frames = frames_table(10)
    labels = detection_labels(frames.column("frame_id").to_pylist())
    populated.put_dataset("p", "d", frames=frames, labels=labels, keep_embeddings=True)
    assert populated.get_embeddings("p", "d", kind="frame").count == 1
    populated.put_dataset("p", "d", frames=frames, labels=labels)
    with pytest.raises(NotFoundError, match="no frame embeddings"):
        populated.get_embeddings("p", "d", kind="frame")


def test_new_classes_extend_the_project_in_the_same_write(populated: Workspace) -> None:
    frames = frames_table(10)
    labels = detection_labels(frames.column("frame_id").to_pylist())
    labels = labels.set_column(2, "class_index", pa.array([3] * labels.num_rows, pa.int32()))
    populated.put_dataset("p", "d", frames=frames, labels=labels, classes=[*CLASSES, "fish"])
    assert populated.get_project("p").class_names == (*CLASSES, "fish")


def test_classes_that_disagree_with_the_project_are_refused(populated: Workspace) -> None:
    frames = frames_table(10)
    with pytest.raises(InvalidInputError, match="class 1 of the data is 'cow'"):
        populated.put_dataset(
            "p",
            "d",
            frames=frames,
            labels=detection_labels(frames.column("frame_id").to_pylist()),
            classes=["cat", "cow", "bird"],
        )


def test_task_mismatch_is_refused(populated: Workspace) -> None:
    frames = frames_table(2)
    with pytest.raises(InvalidInputError, match="detection project"):
        populated.put_dataset(
            "p", "e", frames=frames, labels=detection_labels(["f0000"]), task="classification"
        )


def test_update_and_delete_dataset(populated: Workspace) -> None:
    assert populated.update_dataset("p", "d", description="x").description == "x"
    populated.delete_dataset("p", "d")
    assert populated.list_datasets("p") == []
    assert list((populated.path / "data").iterdir()) == []
    with pytest.raises(NotFoundError, match="dataset 'd' not found in project 'p'"):
        populated.read_frames("p", "d")


def test_image_roots_and_safe_image_paths(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "images"
    root.mkdir()
    (root / "f0000.jpg").write_bytes(b"jpeg")
    (tmp_path / "secret.txt").write_text("no")
    dataset = _put(workspace, frames_table(1), image_roots=[root])
    assert dataset.image_roots == (root,)
    assert image_path(dataset, "f0000.jpg") == root / "f0000.jpg"
    assert image_path(dataset, "../secret.txt") is None
    assert image_path(dataset, "https://example.com/a.jpg") is None


@pytest.mark.parametrize("image", ["../outside.jpg", "/etc/passwd", "a/../../b.jpg", "C:\\x.jpg"])
def test_image_paths_that_escape_their_root_are_refused(workspace: Workspace, image: str) -> None:
    frames = frames_table(1).set_column(1, "image", pa.array([image]))
    with pytest.raises(InvalidInputError, match="relative to an image root"):
        _put(workspace, frames)


def test_missing_image_root_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="not a directory"):
        _put(workspace, frames_table(1), image_roots=[tmp_path / "nowhere"])


def test_copy_images_copies_into_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "images"
    (root / "sub").mkdir(parents=True)
    for index in range(3):
        (root / f"f{index:04d}.jpg").write_bytes(b"x" * index)
    frames = frames_table(3)
    dataset = _put(workspace, frames, image_roots=[root], copy_images=True)
    (copied,) = dataset.image_roots
    assert copied.is_relative_to(workspace.path)
    assert (copied / "f0002.jpg").read_bytes() == b"xx"
    # Another import of the same images gets its own copy; the old one is collected.
    again = _put(workspace, frames, image_roots=[root], copy_images=True)
    assert not copied.exists()
    assert (again.image_roots[0] / "f0001.jpg").is_file()


def test_copy_images_with_a_missing_image_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "images"
    root.mkdir()
    with pytest.raises(InvalidInputError, match=r"f0000\.jpg"):
        _put(workspace, frames_table(1), image_roots=[root], copy_images=True)
    assert workspace.list_projects() == []
    assert list((workspace.path / "data").iterdir()) == []


def test_snapshot_reads_one_version(populated: Workspace) -> None:
    with populated.snapshot():
        first = populated.get_dataset("p", "d")
        frames = frames_table(4)
        # A write from elsewhere (another Workspace object, as another process would).
        Workspace(populated.path).put_dataset(
            "p", "d", frames=frames_table(10), labels=detection_labels(frames.column("frame_id").to_pylist())
        )
        assert populated.get_dataset("p", "d") == first
        assert populated.read_labels("p", "d").num_rows == 20
    assert populated.get_dataset("p", "d").version == 2
    assert populated.read_labels("p", "d").num_rows == 8


def test_metadata_columns_are_typed(workspace: Workspace) -> None:
    frames = frames_table(3).append_column("meta.speed", pa.array([1, 2, None], pa.int16()))
    _put(workspace, frames)
    stored = workspace.read_frames("p", "d")
    assert stored.schema.field("meta.speed").type == pa.int64()
    assert pc.sum(stored.column("meta.speed")).as_py() == 3


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            lambda frames, labels: (pa.concat_tables([frames, frames.slice(0, 1)]), labels),
            "appears more than once",
        ),
        (lambda frames, labels: (frames.slice(1), labels), "the frames table has no frame 'f0000'"),
        (
            lambda frames, labels: (frames.set_column(2, "width", pa.array([0, 1, 1], pa.int32())), labels),
            "positive",
        ),
        (
            lambda frames, labels: (frames.set_column(0, "frame_id", pa.array(["a", " b", "c"])), labels),
            "spaces",
        ),
        (
            lambda frames, labels: (frames.append_column("speed", pa.array([1, 2, 3])), labels),
            "unexpected column",
        ),
        (lambda frames, labels: (frames, labels.drop_columns(["x1"])), "missing required column 'x1'"),
        (lambda frames, labels: (frames, labels.set_column(5, "x2", pa.array([0.0] * 6))), "x2 >= x1"),
    ],
)
def test_bad_tables_are_refused_before_anything_is_written(
    workspace: Workspace, change: Any, fragment: str
) -> None:
    frames = frames_table(3)
    labels = detection_labels(frames.column("frame_id").to_pylist())
    frames, labels = change(frames, labels)
    with pytest.raises(InvalidInputError, match=fragment):
        _put(workspace, frames, labels=labels)
    assert workspace.list_projects() == []
    assert list((workspace.path / "data").iterdir()) == []
