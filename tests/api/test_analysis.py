"""Error types, recommended thresholds and intervals over HTTP agree with the service."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from reefscope.service import analysis
from reefscope.service.core import Service
from tests.api.sample import VOC_API

PARAMS = {"inference": "detector", "confidence": 0.3, "iou": 0.5}


@pytest.mark.operation("get_errors", "list_error_examples")
def test_every_error_type_lists_as_many_examples_as_it_counts(client: TestClient) -> None:
    response = client.get(f"{VOC_API}/errors", params=PARAMS)
    assert response.status_code == 200, response.text
    types = response.json()["types"]
    assert [t["error_type"] for t in types] == [
        "classification",
        "localization",
        "both",
        "duplicate",
        "background",
        "missed",
    ]
    for entry in types:
        page = client.get(
            f"{VOC_API}/errors/examples", params={**PARAMS, "error_type": entry["error_type"], "limit": 500}
        )
        assert page.status_code == 200, page.text
        assert page.json()["total"] == entry["count"]
        for name, count in entry["per_class"].items():
            one = client.get(
                f"{VOC_API}/errors/examples",
                params={**PARAMS, "error_type": entry["error_type"], "error_class": name},
            )
            assert one.json()["total"] == count
    bad = client.get(f"{VOC_API}/errors/examples", params={**PARAMS, "error_type": "nope"})
    assert bad.status_code == 422


@pytest.mark.operation("get_recommended_thresholds")
def test_recommended_thresholds_equal_the_service(client: TestClient, service: Service) -> None:
    response = client.get(
        f"{VOC_API}/thresholds/recommended", params={"inference": "detector", "objective": "precision>=0.8"}
    )
    assert response.status_code == 200, response.text
    expected = analysis.recommend(service, "voc", "val", "detector", objective="precision>=0.8")
    assert response.json()["classes"] == [
        {"name": r.name, "threshold": r.threshold, "precision": r.precision, "recall": r.recall, "f1": r.f1}
        for r in expected.rows()
    ]
    bad = client.get(f"{VOC_API}/thresholds/recommended", params={"inference": "detector", "objective": "f2"})
    assert bad.status_code == 422 and "objective" in bad.text


@pytest.mark.operation("get_intervals")
def test_intervals_are_seeded_and_contain_the_headline(client: TestClient) -> None:
    params = {**PARAMS, "replicates": 200, "seed": 3}
    first = client.get(f"{VOC_API}/intervals", params=params).json()
    again = client.get(f"{VOC_API}/intervals", params=params).json()
    assert first == again
    metrics = client.get(f"{VOC_API}/metrics", params=PARAMS).json()
    f1 = metrics["summary"]["f1"]
    assert first["headline"]["f1"]["low"] <= f1 <= first["headline"]["f1"]["high"]
