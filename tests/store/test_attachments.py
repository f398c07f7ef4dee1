"""Embeddings and custom metrics."""

from __future__ import annotations

import pyarrow as pa
import pytest

from reefscope.store import ConflictError, InvalidInputError, NotFoundError, Workspace


def test_frame_and_crop_embeddings_per_owner(populated: Workspace) -> None:
    populated.put_embeddings(
        "p",
        "d",
        kind="frame",
        vectors=pa.table({"frame_id": ["f0000", "f0001"], "vector": [[1.0, 0.0], [0.0, 1.0]]}),
    )
    populated.put_embeddings(
        "p", "d", kind="crop", vectors=pa.table({"crop_id": ["f0000:gt:1"], "vector": [[1.0, 2.0, 3.0]]})
    )
    populated.put_embeddings(
        "p",
        "d",
        kind="frame",
        inference_set="m",
        vectors=pa.table({"frame_id": ["f0009"], "vector": [[5.0]]}),
    )
    listed = [
        (item.inference_set, item.kind, item.dimension, item.count)
        for item in populated.list_embeddings("p", "d")
    ]
    assert listed == [(None, "crop", 3, 1), (None, "frame", 2, 2), ("m", "frame", 1, 1)]
    table = populated.read_embeddings("p", "d", kind="frame", inference_set="m")
    assert table.schema.field("vector").type == pa.list_(pa.float32())
    # A second upload of the same owner and kind replaces the first.
    populated.put_embeddings(
        "p", "d", kind="frame", vectors=pa.table({"frame_id": ["f0003"], "vector": [[1.0, 1.0]]})
    )
    assert populated.get_embeddings("p", "d", kind="frame").count == 1
    populated.delete_embeddings("p", "d", kind="crop")
    with pytest.raises(NotFoundError, match="dataset 'd' of project 'p' has no crop embeddings"):
        populated.read_embeddings("p", "d", kind="crop")


@pytest.mark.parametrize(
    ("kind", "table", "fragment"),
    [
        ("frame", {"frame_id": ["nope"], "vector": [[1.0]]}, "is not a frame of dataset 'd'"),
        ("crop", {"crop_id": ["f0000:pred:0"], "vector": [[1.0]]}, "is not a label id"),
        ("frame", {"frame_id": ["f0000", "f0001"], "vector": [[1.0], [1.0, 2.0]]}, "one non-zero length"),
        ("frame", {"frame_id": ["f0000"], "vector": [[float("nan")]]}, "finite"),
        ("frame", {"frame_id": ["f0000", "f0000"], "vector": [[1.0], [2.0]]}, "more than once"),
    ],
)
def test_bad_embeddings_are_refused(
    populated: Workspace, kind: str, table: dict[str, list[object]], fragment: str
) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        populated.put_embeddings("p", "d", kind=kind, vectors=pa.table(table))  # type: ignore[arg-type]
    assert populated.list_embeddings("p", "d") == []


def test_custom_metrics(populated: Workspace) -> None:
    size = (3 + 1) ** 2
    metrics = pa.table(
        {"frame_id": ["f0000", "f0001"], "objective": [0.5, None], "confusion": [None, list(range(size))]}
    )
    record = populated.put_custom_metrics("p", "d", "m", metrics)
    assert (record.name, record.has_objective, record.has_confusion, record.frame_count) == (
        "custom",
        True,
        True,
        2,
    )
    assert populated.read_custom_metrics("p", "d", "m").column("objective").to_pylist() == [0.5, None]
    populated.put_custom_metrics(
        "p", "d", "m", metrics.select(["frame_id", "objective"]).slice(0, 1), name="loss"
    )
    assert [item.name for item in populated.list_custom_metrics("p", "d", "m")] == ["custom", "loss"]
    with pytest.raises(ConflictError, match="per class"):
        populated.update_project("p", classes=["cat", "dog", "bird", "fish"])
    populated.delete_custom_metrics("p", "d", "m")
    populated.update_project("p", classes=["cat", "dog", "bird", "fish"])


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"frame_id": ["f0000"], "confusion": [[1, 2, 3]]}, "4 x 4 matrix"),
        ({"frame_id": ["f0000"], "confusion": [[-1] + [0] * 15]}, "non-negative"),
        ({"frame_id": ["zzz"], "objective": [1.0]}, "no frame 'zzz'"),
        ({"frame_id": ["f0000"], "objective": [float("inf")]}, "finite"),
        ({"frame_id": ["f0000"], "objective": pa.nulls(1, pa.float64())}, "neither"),
    ],
)
def test_bad_custom_metrics_are_refused(
    populated: Workspace, table: dict[str, object], fragment: str
) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        populated.put_custom_metrics("p", "d", "m", pa.table(table))
    assert populated.list_custom_metrics("p", "d", "m") == []
