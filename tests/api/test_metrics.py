"""Metrics, CSV downloads, comparisons and PR curves equal what the service computes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

import reefscope
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.api.conftest import make_client
from tests.api.expected import assert_metrics_body, matrix_from_body, report_rows
from tests.api.sample import DIGITS_API, INDOOR_API, VOC_API


@pytest.mark.parametrize(
    ("confidence", "iou", "segment", "class_aware"),
    [
        (None, None, None, False),
        (0.3, 0.5, None, False),
        (0.6, 0.7, None, True),
        (0.0, 0.1, "night", False),
        (1.0, 0.95, "rt-easy", False),
        (0.45, 0.5, "All Frames", False),
    ],
)
@pytest.mark.operation("get_metrics")
def test_voc_metrics_equal_the_service(
    client: TestClient,
    service: Service,
    confidence: float | None,
    iou: float | None,
    segment: str | None,
    class_aware: bool,
) -> None:
    params: dict = {"inference": "detector", "class_aware": class_aware}
    params.update(
        {k: v for k, v in (("confidence", confidence), ("iou", iou), ("segment", segment)) if v is not None}
    )
    response = client.get(f"{VOC_API}/metrics", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = service.metrics(
        "voc",
        "val",
        "detector",
        confidence=confidence,
        iou=iou,
        segment=None if segment == "All Frames" else segment,
        class_aware=class_aware,
    )
    assert_metrics_body(body, expected)
    assert body["confusion"]["layout"] == "dense"
    assert len(body["confusion"]["counts"]) == 21
    assert body["settings"]["confidence"] == (0.5 if confidence is None else confidence)
    assert body["settings"]["reefscope_version"] == reefscope.__version__
    assert body["settings"]["source"] == "matching"
    assert len(body["class_colors"]) == 20


@pytest.mark.operation("get_metrics")
def test_default_thresholds_are_the_projects(client: TestClient, service: Service) -> None:
    body = client.get(f"{VOC_API}/metrics", params={"inference": "detector"}).json()
    project = service.workspace.get_project("voc")
    assert body["settings"]["confidence"] == project.confidence_threshold
    assert body["settings"]["iou"] == project.iou_threshold


@pytest.mark.operation("get_metrics")
def test_summary_counts_follow_the_matrix(client: TestClient) -> None:
    body = client.get(f"{VOC_API}/metrics", params={"inference": "detector", "confidence": 0.2}).json()
    matrix = matrix_from_body(body["confusion"])
    k = len(body["classes"])
    assert body["summary"]["false_positives"] == int(matrix[k].sum())
    assert body["summary"]["false_negatives"] == int(matrix[:, k].sum())
    assert body["summary"]["confusions"] == int(matrix[:k, :k].sum() - np.trace(matrix[:k, :k]))
    assert matrix[k, k] == 0
    assert body["summary"]["frame_count"] == 100


@pytest.mark.operation("get_metrics")
def test_metric_class_headline_is_that_class(client: TestClient, service: Service) -> None:
    body = client.get(f"{VOC_API}/metrics", params={"inference": "detector", "class": "person"}).json()
    row = next(row for row in body["report"]["rows"] if row["name"] == "person")
    assert (body["summary"]["precision"], body["summary"]["recall"], body["summary"]["f1"]) == (
        row["precision"],
        row["recall"],
        row["f1"],
    )
    assert body["settings"]["metric_class"] == "person"
    expected = service.metrics("voc", "val", "detector", metric_class="person")
    assert body["summary"]["f1"] == expected.summary.f1


@pytest.mark.operation("get_metrics")
def test_many_classes_use_the_sparse_layout_sorted_by_count(client: TestClient, service: Service) -> None:
    response = client.get(f"{INDOOR_API}/metrics", params={"inference": "detector", "confidence": 0.3})
    assert response.status_code == 200
    body = response.json()
    expected = service.metrics("indoor", "val", "detector", confidence=0.3)
    assert len(body["classes"]) > 25
    confusion = body["confusion"]
    assert confusion["layout"] == "sparse" and confusion["counts"] is None
    counts = [cell["count"] for cell in confusion["cells"]]
    assert counts == sorted(counts, reverse=True)
    assert all(count > 0 for count in counts)
    assert len(counts) == int(np.count_nonzero(expected.confusion.counts))
    assert sum(counts) == confusion["total"]
    assert_metrics_body(body, expected)


@pytest.mark.operation("get_metrics")
def test_classification_metrics(client: TestClient, service: Service) -> None:
    for name in ("centroid", "noisy"):
        body = client.get(f"{DIGITS_API}/metrics", params={"inference": name, "confidence": 0.3}).json()
        expected = service.metrics("digits", "val", name, confidence=0.3)
        assert_metrics_body(body, expected)
        assert body["settings"]["iou"] is None
        # Every labeled frame contributes one pair: the matrix holds one count per frame.
        assert body["confusion"]["total"] == 1797


@pytest.mark.operation("get_metrics")
def test_custom_metrics_replace_matching(client: TestClient, service: Service) -> None:
    body = client.get(f"{DIGITS_API}/metrics", params={"inference": "custom"}).json()
    expected = service.metrics("digits", "val", "custom")
    assert body["settings"]["source"] == "custom"
    assert body["confusion"]["total"] == 400
    assert_metrics_body(body, expected)
    assert body["summary"]["objective"] == pytest.approx(expected.summary.objective)
    assert 0 < body["summary"]["objective"] < 1


@pytest.mark.operation("get_metrics")
def test_undefined_per_class_values_are_null(client: TestClient) -> None:
    # At confidence 1 nothing is predicted: precision is 0/0 for every class.
    body = client.get(f"{VOC_API}/metrics", params={"inference": "detector", "confidence": 1.0}).json()
    assert all(row["precision"] is None for row in body["report"]["rows"])
    assert all(row["recall"] == 0.0 for row in body["report"]["rows"] if row["support"])


@pytest.mark.operation("download_metrics_csv")
@pytest.mark.parametrize("project_path", [VOC_API, INDOOR_API])
def test_csv_downloads_match_the_json(client: TestClient, project_path: str) -> None:
    params = {"inference": "detector", "confidence": 0.35, "iou": 0.45}
    body = client.get(f"{project_path}/metrics", params=params).json()

    report = client.get(f"{project_path}/metrics.csv", params={**params, "table": "report"})
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/csv")
    assert "attachment" in report.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(report.text)))
    by_name = {row["class"]: row for row in rows}

    def number(text: str) -> float | None:
        return None if text == "" else float(text)

    for expected in body["report"]["rows"]:
        row = by_name[expected["name"]]
        for key in ("precision", "recall", "f1"):
            assert number(row[key]) == expected[key]
        for key in ("support", "true_positives", "false_positives", "false_negatives"):
            assert int(row[key]) == expected[key]
    for average in ("weighted", "macro", "micro"):
        row = by_name[f"{average} avg"]
        assert float(row["f1"]) == body["report"][average]["f1"]

    confusion = client.get(f"{project_path}/metrics.csv", params={**params, "table": "confusion"})
    assert confusion.status_code == 200
    table = list(csv.reader(io.StringIO(confusion.text)))
    labels = body["confusion"]["labels"]
    width = len(labels) + 1
    assert table[0][1:width] == labels
    assert [line[0] for line in table[1:]] == labels
    matrix = np.array([[int(value) for value in line[1:width]] for line in table[1:]])
    np.testing.assert_array_equal(matrix, matrix_from_body(body["confusion"]))
    # Every row carries the settings it was computed with.
    trace = dict(zip(table[0][width:], table[1][width:], strict=True))
    assert trace["iou_convention"] == body["settings"]["iou_convention"] == "continuous"
    assert (trace["confidence"], trace["iou"], trace["size"]) == ("0.35", "0.45", "all")
    assert all(row["iou_convention"] == "continuous" for row in rows)


def test_size_filter_and_voc_ap_travel_through_the_api(client: TestClient, service: Service) -> None:
    path = "/api/projects/voc/datasets/val"
    params = {"inference": "detector", "confidence": 0.3, "iou": 0.5, "size": "small"}
    body = client.get(f"{path}/metrics", params={**params, "voc": True, "coco": True}).json()
    expected = service.metrics("voc", "val", "detector", confidence=0.3, iou=0.5, size="small")
    assert matrix_from_body(body["confusion"]).tolist() == expected.confusion.counts.tolist()
    assert body["settings"]["size"] == "small"
    assert (body["settings"]["area_min"], body["settings"]["area_max"]) == (0.0, 1024.0)
    voc = service.voc("voc", "val", "detector", iou=0.5, size="small")
    assert body["voc"]["map_all_point"] == pytest.approx(voc.map_all_point)
    assert body["voc"]["iou_convention"] == "continuous"
    report = client.get(f"{path}/metrics.csv", params=params)
    assert next(iter(csv.DictReader(io.StringIO(report.text))))["size"] == "small"
    bad = client.get(f"{path}/metrics", params={**params, "size": "huge"})
    assert bad.status_code == 422


@pytest.mark.operation("compare_metrics")
def test_compare_dense_delta_is_second_minus_first(client: TestClient, service: Service) -> None:
    params = {
        "first": "detector",
        "second": "detector_b",
        "first_confidence": 0.4,
        "first_iou": 0.5,
        "second_confidence": 0.6,
        "second_iou": 0.3,
    }
    response = client.get(f"{VOC_API}/metrics/compare", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    a = service.metrics("voc", "val", "detector", confidence=0.4, iou=0.5)
    b = service.metrics("voc", "val", "detector_b", confidence=0.6, iou=0.3)
    assert body["layout"] == "dense"
    np.testing.assert_array_equal(body["first_counts"], a.confusion.counts)
    np.testing.assert_array_equal(body["second_counts"], b.confusion.counts)
    np.testing.assert_array_equal(body["delta"], b.confusion.counts - a.confusion.counts)
    assert body["first"]["settings"]["confidence"] == 0.4 and body["first"]["settings"]["iou"] == 0.5
    assert body["second"]["settings"]["confidence"] == 0.6 and body["second"]["settings"]["iou"] == 0.3
    assert body["first"]["report"]["rows"] == report_rows(a.confusion.report)
    assert body["second"]["summary"]["f1"] == b.summary.f1
    assert body["labels"] == [*a.confusion.classes, "background"]


@pytest.mark.operation("compare_metrics")
def test_compare_sparse_cells(client: TestClient, service: Service) -> None:
    params = {"first": "detector", "second": "detector", "first_confidence": 0.5, "second_confidence": 0.2}
    body = client.get(f"{INDOOR_API}/metrics/compare", params=params).json()
    a = service.metrics("indoor", "val", "detector", confidence=0.5)
    b = service.metrics("indoor", "val", "detector", confidence=0.2)
    assert body["layout"] == "sparse" and body["delta"] is None
    labels = body["labels"]
    position = {name: i for i, name in enumerate(labels)}
    either = (a.confusion.counts > 0) | (b.confusion.counts > 0)
    assert len(body["cells"]) == int(either.sum())
    for cell in body["cells"]:
        g, p = position[cell["gt"]], position[cell["pred"]]
        assert cell["first"] == a.confusion.counts[g, p]
        assert cell["second"] == b.confusion.counts[g, p]
        assert cell["delta"] == cell["second"] - cell["first"]
    magnitudes = [abs(cell["delta"]) for cell in body["cells"]]
    assert magnitudes == sorted(magnitudes, reverse=True)


@pytest.mark.operation("compare_metrics")
def test_compare_classification(client: TestClient, service: Service) -> None:
    body = client.get(f"{DIGITS_API}/metrics/compare", params={"first": "centroid", "second": "noisy"}).json()
    a = service.metrics("digits", "val", "centroid")
    b = service.metrics("digits", "val", "noisy")
    np.testing.assert_array_equal(body["delta"], b.confusion.counts - a.confusion.counts)
    assert body["first"]["settings"]["iou"] is None


@pytest.mark.operation("get_pr_curves")
@pytest.mark.parametrize(("iou", "segment"), [(0.5, None), (0.3, "night")])
def test_pr_curve_points_equal_an_evaluation_at_that_confidence(
    client: TestClient, service: Service, iou: float, segment: str | None
) -> None:
    params: dict = {"inference": "detector", "iou": iou}
    if segment:
        params["segment"] = segment
    response = client.get(f"{VOC_API}/pr-curves", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["iou"] == iou and body["segment"] == segment
    per_class = {curve["name"]: curve for curve in body["classes"]}
    aggregates = {curve["name"]: curve for curve in body["aggregates"]}
    assert set(aggregates) == {"weighted", "micro"}
    confidences = [point["confidence"] for point in aggregates["weighted"]["points"]]
    assert confidences == pytest.approx([i / 100 for i in range(101)])
    for index, confidence in enumerate(confidences):
        result = service.metrics("voc", "val", "detector", confidence=confidence, iou=iou, segment=segment)
        report = result.confusion.report
        for row in report.rows():
            point = per_class[row.name]["points"][index]
            for key in ("precision", "recall", "f1"):
                assert _same(point[key], getattr(row, key)), (row.name, confidence, key)
        weighted = aggregates["weighted"]["points"][index]
        micro = aggregates["micro"]["points"][index]
        assert (weighted["precision"], weighted["recall"], weighted["f1"]) == pytest.approx(
            (report.weighted.precision, report.weighted.recall, report.weighted.f1), abs=1e-12
        )
        assert (micro["precision"], micro["recall"], micro["f1"]) == pytest.approx(
            (report.micro.precision, report.micro.recall, report.micro.f1), abs=1e-12
        )
    for row in service.metrics("voc", "val", "detector", iou=iou, segment=segment).confusion.report.rows():
        assert per_class[row.name]["support"] == row.support


@pytest.mark.operation("get_pr_curves")
def test_pr_curves_carry_segment_threshold_lines(client: TestClient, service: Service) -> None:
    body = client.get(f"{VOC_API}/pr-curves", params={"inference": "detector"}).json()
    lines = {line["segment"]: line for line in body["thresholds"]}
    expected = {record.name: record for record in service.list_segments("voc", "val") if record.thresholds}
    assert set(lines) == set(expected)
    for name, record in expected.items():
        assert (lines[name]["precision"], lines[name]["recall"], lines[name]["f1"]) == (
            record.precision,
            record.recall,
            record.f1,
        )
        assert lines[name]["kind"] == record.kind


@pytest.mark.operation("get_pr_curves")
def test_classification_pr_curves(client: TestClient, service: Service) -> None:
    body = client.get(f"{DIGITS_API}/pr-curves", params={"inference": "noisy"}).json()
    assert body["iou"] is None
    point = body["aggregates"][0]["points"][40]
    expected = service.metrics("digits", "val", "noisy", confidence=point["confidence"])
    assert point["f1"] == pytest.approx(expected.confusion.report.weighted.f1, abs=1e-12)


def _same(value: float | None, expected: float | None) -> bool:
    """Equal to 1e-12, or both undefined."""
    if value is None or expected is None:
        return value is None and expected is None
    return abs(value - expected) <= 1e-12


@pytest.mark.operation("download_metrics_csv", "get_metrics")
def test_csv_never_carries_a_formula(tmp_path: Path) -> None:
    """Class names that a spreadsheet would run (=, +, -, @) are written as text."""
    classes = ['=HYPERLINK("http://example.com","x")', "+1+1", "@SUM(A1)", "-2", "cat"]
    frames = pa.table({"frame_id": ["f0", "f1"], "width": pa.array([10, 10], pa.int32())})
    boxes = {"x1": [0.0, 0.0], "y1": [0.0, 0.0], "x2": [5.0, 5.0], "y2": [5.0, 5.0]}
    labels = pa.table(
        {
            "label_id": ["l0", "l1"],
            "frame_id": ["f0", "f1"],
            "class_index": pa.array([0, 4], pa.int32()),
            **boxes,
            "iscrowd": [False, False],
            "difficult": [False, False],
        }
    )
    predictions = pa.table(
        {
            "prediction_id": ["p0", "p1"],
            "frame_id": ["f0", "f1"],
            "class_index": pa.array([1, 4], pa.int32()),
            **boxes,
            "confidence": [0.9, 0.8],
        }
    )
    workspace = Workspace(tmp_path / "home")
    workspace.put_dataset(
        "sheet", "val", frames=frames, labels=labels, classes=classes, create_project=True, task="detection"
    )
    workspace.put_inference_set("sheet", "val", "model", predictions=predictions)
    client = make_client(tmp_path / "home")
    base = "/api/projects/sheet/datasets/val"
    assert client.get(f"{base}/metrics", params={"inference": "model"}).json()["classes"] == classes
    for table in ("report", "confusion"):
        text = client.get(f"{base}/metrics.csv", params={"inference": "model", "table": table}).text
        cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")], text
        assert "'=HYPERLINK" in text and "'-2" in text
