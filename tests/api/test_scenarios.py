"""Scenario cards and the regression-test verdict (DESIGN 4.7)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from reefscope.service.core import Service
from tests.api.sample import DIGITS_API, VOC_API, Sample


def _check_card_scores(service: Service, inference: str, card: dict, score: dict, c: float, t: float) -> None:
    segment = None if card["segment"] == "All Frames" else card["segment"]
    result = service.metrics("voc", "val", inference, confidence=c, iou=t, segment=segment)
    values = {"precision": result.summary.precision, "recall": result.summary.recall, "f1": result.summary.f1}
    targets = {"precision": card["precision"], "recall": card["recall"], "f1": card["f1"]}
    assert score["segment"] == card["segment"]
    assert score["frame_count"] == result.summary.frame_count == card["frame_count"]
    assert score["false_positives"] == result.summary.false_positives
    assert score["false_negatives"] == result.summary.false_negatives
    assert score["confusions"] == result.summary.confusions
    for check in score["checks"]:
        metric = check["metric"]
        assert check["score"] == values[metric]
        assert check["threshold"] == targets[metric]
        if targets[metric] is None:
            assert check["succeeds"] is None
        else:
            assert check["succeeds"] == (values[metric] is not None and values[metric] >= targets[metric])
    assert score["passed"] == all(check["succeeds"] is not False for check in score["checks"])


@pytest.mark.operation("get_scenarios")
def test_scenarios_group_every_segment_all_frames_first(client: TestClient, service: Service) -> None:
    response = client.get(f"{VOC_API}/scenarios", params={"inference": "detector", "confidence": 0.4})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [group["kind"] for group in body["groups"]] == ["split", "regression_test", "scenario"]
    assert [group["title"] for group in body["groups"]] == ["Splits", "Regression Tests", "Scenarios"]
    splits = body["groups"][0]["cards"]
    assert splits[0]["segment"] == "All Frames" and splits[0]["frame_count"] == 100
    records = {record.name: record for record in service.list_segments("voc", "val")}
    for group in body["groups"]:
        for card in group["cards"][1 if group["kind"] == "split" else 0 :]:
            record = records[card["segment"]]
            assert record.kind == group["kind"] == card["kind"]
            assert (card["precision"], card["recall"], card["f1"]) == (
                record.precision,
                record.recall,
                record.f1,
            )
            assert card["description"] == record.description
    named = [card["segment"] for group in body["groups"] for card in group["cards"]][1:]
    assert sorted(named) == sorted(records)
    assert body["inferences"] == [{"inference_set": "detector", "confidence": 0.4, "iou": 0.5}]
    for group in body["groups"]:
        for card in group["cards"]:
            assert len(card["scores"]) == 1
            _check_card_scores(service, "detector", card, card["scores"][0], 0.4, 0.5)


@pytest.mark.operation("get_scenarios")
def test_two_inference_sets_side_by_side(client: TestClient, service: Service) -> None:
    params = {
        "inference": ["detector", "detector_b"],
        "confidence": 0.3,
        "iou": 0.5,
        "second_confidence": 0.6,
    }
    body = client.get(f"{VOC_API}/scenarios", params=params).json()
    assert body["inferences"] == [
        {"inference_set": "detector", "confidence": 0.3, "iou": 0.5},
        {"inference_set": "detector_b", "confidence": 0.6, "iou": 0.5},  # shares the first one's IoU
    ]
    for group in body["groups"]:
        for card in group["cards"]:
            first, second = card["scores"]
            _check_card_scores(service, "detector", card, first, 0.3, 0.5)
            _check_card_scores(service, "detector_b", card, second, 0.6, 0.5)
    regression = {item["inference_set"]: item for item in body["regression"]}
    tests = body["groups"][1]["cards"]
    for position, name in enumerate(("detector", "detector_b")):
        assert regression[name]["total"] == len(tests) == 2
        assert regression[name]["passed"] == sum(card["scores"][position]["passed"] for card in tests)


@pytest.mark.operation("get_scenarios")
def test_metric_class_scores_cards_by_that_class(client: TestClient, service: Service) -> None:
    body = client.get(f"{VOC_API}/scenarios", params={"inference": "detector", "class": "person"}).json()
    card = body["groups"][2]["cards"][0]
    result = service.metrics("voc", "val", "detector", segment=card["segment"], metric_class="person")
    assert card["scores"][0]["checks"][2]["score"] == result.summary.f1


@pytest.mark.operation("get_scenarios")
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"inference": ["detector", "detector_b", "detector"]},
        {"inference": "detector", "confidence": -0.1},
        {"inference": "detector", "class": "unicorn"},
    ],
)
def test_bad_scenario_queries_are_422(client: TestClient, params: dict) -> None:
    response = client.get(f"{VOC_API}/scenarios", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["errors"]


@pytest.mark.operation("get_regression_tests")
def test_regression_verdict_fails_when_any_threshold_is_missed(client: TestClient, service: Service) -> None:
    response = client.get(f"{VOC_API}/regression-tests", params={"inference": "detector"})
    assert response.status_code == 200
    body = response.json()
    verdict = service.regression_verdict("voc", "val", "detector")
    assert body["passed"] is False is verdict.passed
    assert [test["segment"] for test in body["tests"]] == [test.segment for test in verdict.tests]
    assert sorted(test["segment"] for test in body["tests"]) == ["rt-easy", "rt-hard"]
    by_name = {test["segment"]: test for test in body["tests"]}
    assert by_name["rt-easy"]["passed"] is True
    assert by_name["rt-hard"]["passed"] is False
    f1 = next(check for check in by_name["rt-hard"]["checks"] if check["metric"] == "f1")
    assert f1["threshold"] == 0.99 and f1["succeeds"] is False and f1["score"] < 0.99
    assert (body["confidence"], body["iou"]) == (0.5, 0.5)


@pytest.mark.operation("get_regression_tests", "update_segment")
def test_regression_verdict_passes_once_every_threshold_is_met(scratch_client: TestClient) -> None:
    patched = scratch_client.patch(f"{VOC_API}/segments/rt-hard", json={"f1": None})
    assert patched.status_code == 200, patched.text
    body = scratch_client.get(f"{VOC_API}/regression-tests", params={"inference": "detector"}).json()
    assert body["passed"] is True
    assert all(test["passed"] for test in body["tests"])
    # A stricter confidence changes the scores and so the verdict.
    strict = scratch_client.get(
        f"{VOC_API}/regression-tests", params={"inference": "detector", "confidence": 1.0}
    )
    assert strict.json()["passed"] is False


@pytest.mark.operation("get_regression_tests")
def test_no_regression_tests_pass_trivially(client: TestClient) -> None:
    body = client.get(f"{DIGITS_API}/regression-tests", params={"inference": "noisy"}).json()
    assert body == {
        "project": "digits",
        "dataset": "val",
        "inference_set": "noisy",
        "confidence": 0.5,
        "iou": None,
        "passed": True,
        "tests": [],
    }


@pytest.mark.operation("get_regression_tests")
def test_unknown_inference_set_is_404(client: TestClient, sample: Sample) -> None:
    response = client.get(f"{VOC_API}/regression-tests", params={"inference": "nope"})
    assert response.status_code == 404
    assert "'nope'" in response.json()["detail"]
