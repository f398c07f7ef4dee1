"""An answer is computed from one snapshot even when a re-import lands while it is being built.

Each test re-imports the inference set right after the evaluation was computed (the
moment a concurrent import can land) and checks that the answer still refers to the
evaluated version: ids, boxes and outcomes of the old predictions, never indices into
the new ones.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.api.conftest import make_client
from tests.api.sample import VOC_API, Sample


@pytest.fixture
def racing(scratch: Sample, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, dict[str, float]]]:
    """A client whose first evaluation is followed at once by a replacement of ``detector``.

    Yields the client and the confidence of every prediction of the evaluated version.
    """
    workspace = Workspace(scratch.home)
    table = workspace.read_predictions("voc", "val", "detector")
    old = dict(
        zip(table.column("prediction_id").to_pylist(), table.column("confidence").to_pylist(), strict=True)
    )
    # Fewer predictions, so indices of the old version point past the end of the new one.
    replacement = workspace.read_predictions("voc", "val", "detector_b").slice(0, 40)
    original = Service.metrics
    state = {"replaced": False}

    def metrics_then_reimport(self: Service, *args: object, **kwargs: object) -> object:
        result = original(self, *args, **kwargs)  # type: ignore[arg-type]
        if not state["replaced"]:
            state["replaced"] = True
            workspace.put_inference_set("voc", "val", "detector", predictions=replacement)
        return result

    monkeypatch.setattr(Service, "metrics", metrics_then_reimport)
    yield make_client(scratch.home), old
    assert state["replaced"]


@pytest.mark.operation("list_examples")
def test_examples_come_from_the_evaluated_version(racing: tuple[TestClient, dict[str, float]]) -> None:
    client, old = racing
    response = client.get(
        f"{VOC_API}/examples", params={"inference": "detector", "filter": "fp", "limit": 500}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["data"]) > 40
    assert all(old[item["prediction_id"]] == item["confidence"] for item in body["data"])


@pytest.mark.operation("get_frame")
def test_frame_detail_comes_from_the_evaluated_version(racing: tuple[TestClient, dict[str, float]]) -> None:
    client, old = racing
    # The last frame with predictions: its prediction indices are past the end of the new version.
    frame_id = max(item.split(":")[0] for item in old)
    response = client.get(f"{VOC_API}/frame", params={"frame_id": frame_id, "inference": "detector"})
    assert response.status_code == 200, response.text
    predictions = response.json()["predictions"]
    assert predictions and all(old[item["id"]] == item["confidence"] for item in predictions)


@pytest.mark.operation("list_frames")
def test_frame_pages_come_from_the_evaluated_version(racing: tuple[TestClient, dict[str, float]]) -> None:
    client, old = racing
    response = client.get(
        f"{VOC_API}/frames",
        params={"inference": "detector", "sort": "errors", "descending": True, "boxes": True},
    )
    assert response.status_code == 200, response.text
    seen = [item for row in response.json()["data"] for item in row["predictions"] or []]
    assert seen and all(old[item["id"]] == item["confidence"] for item in seen)
