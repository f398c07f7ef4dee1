"""The Python package: handles, imports, evaluations and segments, checked against the service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reefscope
from reefscope.client import WorkspaceHandle
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.frontdoor import VOC


def test_open_create_and_list(tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path / "ws")
    assert ws.projects == []
    project = ws.create_project(
        "shapes", task="detection", classes=["circle", "square"], confidence=0.3, iou=0.6
    )
    assert (project.task, project.classes, project.confidence, project.iou) == (
        "detection",
        ("circle", "square"),
        0.3,
        0.6,
    )
    assert [p.name for p in ws.projects] == ["shapes"]
    assert repr(project) == "<ProjectHandle 'shapes': detection, 2 classes, 0 datasets>"
    project.update(confidence=0.45)
    assert ws.project("shapes").confidence == 0.45
    with pytest.raises(reefscope.ConflictError):
        ws.create_project("shapes", task="detection", classes=["x"])
    with pytest.raises(reefscope.NotFoundError):
        ws.project("nope")
    with pytest.raises(reefscope.NotFoundError):
        reefscope.open(tmp_path / "missing", create=False)


def test_home_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REEFSCOPE_HOME", str(tmp_path / "home"))
    assert reefscope.open().path == (tmp_path / "home").resolve()


def test_imports_give_handles(voc: WorkspaceHandle) -> None:
    dataset = voc.project("voc").dataset("val")
    assert (dataset.frame_count, dataset.label_count) == (100, 273)
    detector = dataset.inference_set("detector")
    assert detector.prediction_count == 452
    assert [item.name for item in dataset.inference_sets] == ["detector"]
    assert dataset.frames().num_rows == 100
    assert detector.predictions().num_rows == 452
    assert "voc/val/detector" in repr(detector)


def test_metrics_equal_the_service(voc: WorkspaceHandle) -> None:
    detector = voc.project("voc").dataset("val").inference_set("detector")
    metrics = detector.metrics(confidence=0.6, iou=0.4, metric_class="person")
    expected = Service(Workspace(voc.path)).metrics(
        "voc", "val", "detector", confidence=0.6, iou=0.4, metric_class="person"
    )
    assert metrics.summary == expected.summary
    assert np.array_equal(metrics.confusion.counts, expected.confusion.counts)
    assert metrics.settings.confidence == 0.6 and metrics.settings.iou == 0.4
    person = metrics.confusion.report.class_metrics("person")
    assert (metrics.precision, metrics.recall, metrics.f1) == (person.precision, person.recall, person.f1)
    assert repr(metrics).startswith("<Metrics voc/val/detector confidence=0.6, iou=0.4")


def test_project_defaults_apply(voc: WorkspaceHandle) -> None:
    detector = voc.project("voc").dataset("val").inference_set("detector")
    voc.project("voc").update(confidence=0.7)
    assert detector.metrics().settings.confidence == 0.7
    assert detector.metrics().summary == detector.metrics(confidence=0.7).summary


def test_to_pandas_keeps_undefined_as_nan(voc: WorkspaceHandle) -> None:
    metrics = voc.project("voc").dataset("val").inference_set("detector").metrics(confidence=0.99)
    report, confusion = metrics.to_pandas()
    assert isinstance(report, pd.DataFrame)
    assert list(report.index[-3:]) == ["weighted avg", "macro avg", "micro avg"]
    rows = metrics.confusion.report.rows()
    undefined = [row.name for row in rows if row.precision is None]
    assert undefined, "at 0.99 some classes keep no prediction"
    assert report.loc[undefined, "precision"].isna().all()
    assert report["support"].dtype == "Int64"
    assert report.loc["weighted avg", "true_positives"] is pd.NA
    assert list(confusion.index) == [*metrics.confusion.classes, "background"]
    assert confusion.index.name == "ground truth" and confusion.columns.name == "predicted"
    assert np.array_equal(confusion.to_numpy(), metrics.confusion.counts)


def test_report_reads_well(voc: WorkspaceHandle) -> None:
    metrics = voc.project("voc").dataset("val").inference_set("detector").metrics(confidence=0.99)
    text = str(metrics.report())
    assert "aeroplane" in text and "weighted avg" in text and "—" in text
    printed = str(metrics)
    for part in ("Summary", "Classification report", "Confusion matrix"):
        assert part in printed
    html = metrics._repr_html_()
    assert html.count("<table") == 3


def test_examples(voc: WorkspaceHandle) -> None:
    detector = voc.project("voc").dataset("val").inference_set("detector")
    missed = detector.examples(cell=("person", "background"), order_by="box_size", descending=False, limit=5)
    assert len(missed) == 5 and missed.total >= 5
    sizes = [row.box_size for row in missed]
    assert sizes == sorted(sizes)
    assert all(row.outcome == "fn" and row.gt_class == "person" for row in missed)
    fp = detector.examples(filter="fp", limit=500)
    assert fp.total == len(fp) == detector.metrics().summary.false_positives
    frame = fp.to_pandas()
    assert list(frame["outcome"].unique()) == ["fp"]
    confused = detector.examples(filter="confused_from", class_name="person")
    assert all(
        row.gt_class == "person" and row.predicted_class not in ("person", "background") for row in confused
    )
    with pytest.raises(reefscope.InvalidInputError, match="exactly one"):
        detector.examples(cell=("person", "dog"), filter="fp")
    with pytest.raises(reefscope.InvalidInputError, match="unicorn"):
        detector.examples(cell=("unicorn", "dog"))


def test_pr_curves(voc: WorkspaceHandle) -> None:
    curves = voc.project("voc").dataset("val").inference_set("detector").pr_curves(iou=0.5)
    frame = curves.to_pandas()
    assert set(frame["curve"]) == {*curves.classes, "weighted", "micro"}
    assert len(frame) == 101 * (len(curves.classes) + 2)
    weighted = frame[frame["curve"] == "weighted"]
    assert weighted["true_positives"].isna().all()
    assert curves.to_dict()["iou"] == 0.5


def test_segments_from_frames_and_queries(voc: WorkspaceHandle, tmp_path: Path) -> None:
    dataset = voc.project("voc").dataset("val")
    ids = dataset.frame_ids()
    first = dataset.create_segment("first ten", frames=ids[:10], kind="split")
    assert first.frame_count == 10
    side = tmp_path / "meta.csv"
    side.write_text("frame_id,hour\n" + "".join(f"{f},{i % 24}\n" for i, f in enumerate(ids)))
    dataset.import_metadata(side)
    night = dataset.create_segment(
        "night", where="hour < 6 or hour >= 22", kind="regression_test", recall=0.5
    )
    expected = [f for i, f in enumerate(ids) if i % 24 < 6 or i % 24 >= 22]
    assert dataset.segment_frames("night") == expected
    assert night.metadata == {"where": "hour < 6 or hour >= 22"}
    assert dataset.frames(where="hour < 6 or hour >= 22").column("frame_id").to_pylist() == expected
    dataset.update_segment("night", recall=None, precision=0.4)
    assert dataset.segment("night").thresholds == {"precision": 0.4}
    dataset.update_segment("night", where="hour == 0")
    assert dataset.segment("night").frame_count == len([i for i in range(100) if i % 24 == 0])
    detector = dataset.inference_set("detector")
    assert detector.metrics(segment="night").summary.frame_count == 5
    with pytest.raises(reefscope.InvalidInputError, match="exactly one"):
        dataset.create_segment("both", frames=ids, where="hour == 1")
    with pytest.raises(reefscope.InvalidInputError, match="not one string"):
        dataset.create_segment("string", frames="2007_000027")
    dataset.delete_segment("first ten")
    assert [segment.name for segment in dataset.segments] == ["night"]


def test_regression_tests_and_scores(voc: WorkspaceHandle) -> None:
    dataset = voc.project("voc").dataset("val")
    ids = dataset.frame_ids()
    dataset.create_segment("easy", frames=ids[:50], kind="regression_test", recall=0.1)
    dataset.create_segment("hard", frames=ids[50:], kind="regression_test", precision=0.99)
    verdict = dataset.inference_set("detector").regression_tests()
    assert not verdict.passed
    assert [(segment, check.metric) for segment, check in verdict.failures] == [("hard", "precision")]
    assert len(verdict.table()) == 2
    assert "FAILED" in str(verdict)
    assert "<testcase" in verdict.to_junit()
    scores = dataset.inference_set("detector").segment_scores()
    assert [score.segment for score in scores] == ["All Frames", "easy", "hard"]
    frame = scores.to_pandas()
    assert frame.loc["hard", "precision_threshold"] == 0.99
    assert bool(frame.loc["easy", "passed"]) is True


def test_compare(voc: WorkspaceHandle) -> None:
    dataset = voc.project("voc").dataset("val")
    dataset.import_inferences(VOC / "detections", name="copy", format="text", class_names=VOC / "classes.txt")
    detector = dataset.inference_set("detector")
    same = detector.compare("copy")
    assert not same.delta.any()
    stricter = detector.compare(dataset.inference_set("copy"), confidence=0.4, other_confidence=0.8)
    expected = (
        detector.metrics(confidence=0.8).confusion.counts - detector.metrics(confidence=0.4).confusion.counts
    )
    assert np.array_equal(stricter.delta, expected)
    assert stricter.to_pandas().to_numpy().tolist() == expected.tolist()
    fewer_fp = [row for row in stricter.changes() if row["ground_truth"] == "background"]
    assert fewer_fp and all(row["verdict"] == "better" for row in fewer_fp)


def test_class_names_render_as_text(tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path)
    labels = tmp_path / "labels.csv"
    labels.write_text("frame_id,class\nf1,<b>bold</b>\nf2,[red]x[/red]\n")
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("frame_id,class,confidence\nf1,<b>bold</b>,0.9\nf2,<b>bold</b>,0.9\n")
    dataset = ws.import_labels(labels, project="markup", dataset="d", format="table")
    metrics = dataset.import_inferences(predictions, name="m", format="table").metrics()
    html = metrics._repr_html_()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "[red]x[/red]" in str(metrics.report())


def test_importing_the_engine_stays_light() -> None:
    code = "import sys, reefscope.engine; print('rich' in sys.modules, 'pyarrow' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False"]
    assert "open" in dir(reefscope)
    with pytest.raises(AttributeError):
        reefscope.no_such_name  # noqa: B018
