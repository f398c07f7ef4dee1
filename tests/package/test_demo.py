"""The demo workspace builder: content, verdicts, idempotence and safety."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import reefscope
from reefscope.client import WorkspaceHandle
from reefscope.demo import DEMO_VERSION, MARKER_KEY, build_demo
from tests.frontdoor import EXAMPLES


def test_projects_are_marked_complete(demo: WorkspaceHandle) -> None:
    for project in demo.projects:
        assert project.record.metadata == {MARKER_KEY: DEMO_VERSION, "complete": True}
        assert project.record.description.startswith("Demo:")


def test_segments_of_every_kind_with_met_and_unmet_thresholds(demo: WorkspaceHandle) -> None:
    outcomes: set[bool] = set()
    for project in demo.projects:
        for dataset in project.datasets:
            kinds = {segment.kind for segment in dataset.segments}
            assert kinds == {"split", "regression_test", "scenario"}, (project.name, kinds)
            for inference_set in dataset.inference_sets:
                for score in inference_set.segment_scores():
                    outcomes.update(check.succeeds for check in score.checks if check.succeeds is not None)
    assert outcomes == {True, False}


def test_verdicts(demo: WorkspaceHandle) -> None:
    digits = demo.project("digits").dataset("all")
    assert digits.inference_set("mlp").regression_tests().passed
    logistic = digits.inference_set("logistic").regression_tests()
    assert not logistic.passed
    assert {segment for segment, _ in logistic.failures} == {"hard digits 3/8/9", "held-out 8s"}
    voc = demo.project("voc").dataset("val").inference_set("detector").regression_tests()
    assert [(segment, check.metric) for segment, check in voc.failures] == [("small objects", "precision")]


def test_digits(demo: WorkspaceHandle) -> None:
    dataset = demo.project("digits").dataset("all")
    assert dataset.frame_count == dataset.label_count == 1797
    assert demo.project("digits").classes == tuple("0123456789")
    frames = dataset.frames().to_pandas()
    assert set(frames["meta.split"]) == {"train", "test"}
    assert set(frames["meta.ink"]) == {"light", "medium", "heavy"}
    assert set(frames["meta.slant"]) <= {"left", "upright", "right"}
    root = dataset.record.image_roots[0]
    with Image.open(root / frames["image"][0]) as image:
        assert image.size == (32, 32)
    for name in ("logistic", "mlp"):
        predictions = dataset.inference_set(name).predictions()
        scores = np.array(predictions.column("scores").to_pylist())
        assert scores.shape == (1797, 10)
        assert np.allclose(predictions.column("confidence").to_numpy(), scores.max(axis=1), atol=1e-6)
    embeddings = demo.store.list_embeddings("digits", "all")
    assert [(item.kind, item.count, item.dimension) for item in embeddings] == [("frame", 1797, 32)]
    # The test split is held out: the MLP fits its training half better.
    mlp = dataset.inference_set("mlp")
    assert mlp.metrics(segment="train").f1 > mlp.metrics(segment="test").f1


def test_voc_metadata_and_embeddings(demo: WorkspaceHandle) -> None:
    dataset = demo.project("voc").dataset("val")
    frames = dataset.frames().to_pandas()
    labels = dataset.labels().to_pandas()
    counts = labels.groupby("frame_id").size()
    assert (
        frames.set_index("frame_id")["meta.objects"] == counts.reindex(frames["frame_id"]).fillna(0)
    ).all()
    people = dataset.segment_frames("people")
    assert len(people) == (frames["meta.people"] > 0).sum()
    kinds = {(item.kind, item.inference_set): item.count for item in demo.store.list_embeddings("voc", "val")}
    assert kinds == {("frame", None): 100, ("crop", None): 273, ("crop", "detector"): 452}


def test_building_again_changes_nothing(demo_home: Path) -> None:
    before = sorted(p.name for p in (demo_home / "data").iterdir())
    assert build_demo(demo_home, examples=EXAMPLES, projects=("voc", "digits")) == []
    assert sorted(p.name for p in (demo_home / "data").iterdir()) == before


def test_an_interrupted_build_is_redone(tmp_path: Path) -> None:
    assert build_demo(tmp_path, examples=EXAMPLES, projects=("voc",)) == ["voc"]
    ws = reefscope.open(tmp_path)
    ws.store.update_project("voc", metadata={MARKER_KEY: DEMO_VERSION, "complete": False})
    ws.project("voc").dataset("val").delete_segment("people")
    assert build_demo(tmp_path, examples=EXAMPLES, projects=("voc",)) == ["voc"]
    assert "people" in [segment.name for segment in ws.project("voc").dataset("val").segments]
    assert build_demo(tmp_path, examples=EXAMPLES, projects=("voc",)) == []


def test_foreign_projects_are_never_touched(tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path)
    ws.create_project("voc", task="classification", classes=["mine"])
    with pytest.raises(reefscope.ConflictError, match="not a demo project"):
        build_demo(tmp_path, examples=EXAMPLES, projects=("voc",), rebuild=True)
    assert ws.project("voc").classes == ("mine",)


def test_missing_sample_data_is_explained(tmp_path: Path) -> None:
    with pytest.raises(reefscope.InvalidInputError, match="cannot find the sample data"):
        build_demo(tmp_path / "ws", examples=tmp_path / "nothing-here", projects=("voc",))
    with pytest.raises(reefscope.InvalidInputError, match="unknown demo projects"):
        build_demo(tmp_path / "ws", projects=("mnist",))


@pytest.mark.slow
def test_the_other_photo_sets(tmp_path: Path) -> None:
    steps: list[tuple[str, int, int]] = []
    built = build_demo(
        tmp_path, examples=EXAMPLES, projects=("indoor", "coco"), progress=lambda *s: steps.append(s)
    )
    assert built == ["indoor", "coco"]
    assert steps[0][1:] == (0, steps[0][2]) and steps[-1][1] == steps[-1][2] - 1
    ws = reefscope.open(tmp_path)
    indoor = ws.project("indoor")
    assert len(indoor.classes) > 25
    indoor_verdict = indoor.dataset("all").inference_set("detector").regression_tests()
    coco_verdict = ws.project("coco").dataset("val2017-sample").inference_set("detector").regression_tests()
    checks = [
        check.succeeds
        for verdict in (indoor_verdict, coco_verdict)
        for test in verdict.tests
        for check in test.checks
        if check.succeeds is not None
    ]
    assert True in checks and False in checks
    assert ws.store.list_embeddings("coco", "val2017-sample") == []  # no images, no colour histograms
