"""Structured errors at the boundary, no tracebacks to clients, and the optional API key."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.service.core import Service
from tests.api.conftest import RecordingApp, make_client
from tests.api.sample import VOC_API, Sample

KEY = "correct horse battery staple"


@pytest.mark.parametrize(
    ("url", "params", "names"),
    [
        ("/api/projects/nope/datasets/val/metrics", {"inference": "detector"}, ["'nope'"]),
        ("/api/projects/voc/datasets/nope/metrics", {"inference": "detector"}, ["'nope'", "'voc'"]),
        (f"{VOC_API}/metrics", {"inference": "nope"}, ["'nope'", "'val'"]),
        (f"{VOC_API}/metrics", {"inference": "detector", "segment": "nope"}, ["'nope'"]),
        ("/api/projects/voc/datasets/nope", {}, ["'nope'"]),
        (f"{VOC_API}/segments/nope", {}, ["'nope'"]),
        (f"{VOC_API}/inference-sets/nope", {}, ["'nope'"]),
    ],
)
def test_404_names_what_was_not_found(client: TestClient, url: str, params: dict, names: list[str]) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"detail"}
    for name in names:
        assert name in body["detail"]


@pytest.mark.operation("get_metrics")
def test_422_lists_every_invalid_field(client: TestClient) -> None:
    response = client.get(
        f"{VOC_API}/metrics", params={"confidence": "high", "iou": 1.5, "class_aware": "perhaps"}
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    fields = [error["loc"] for error in body["errors"]]
    assert sorted(fields) == sorted(
        [["query", "inference"], ["query", "confidence"], ["query", "iou"], ["query", "class_aware"]]
    )
    for error in body["errors"]:
        assert error["msg"] and error["type"]
    for name in ("inference", "confidence", "iou", "class_aware"):
        assert f"query.{name}" in body["detail"]


@pytest.mark.operation("get_metrics")
def test_unknown_class_is_422_naming_the_parameter(client: TestClient) -> None:
    response = client.get(f"{VOC_API}/metrics", params={"inference": "detector", "class": "unicorn"})
    assert response.status_code == 422
    body = response.json()
    assert "unicorn" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "class"]


@pytest.mark.operation("get_metrics")
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "", "0x1"])
def test_non_finite_thresholds_are_422(client: TestClient, value: str) -> None:
    response = client.get(f"{VOC_API}/metrics", params={"inference": "detector", "confidence": value})
    assert response.status_code == 422, response.text


@pytest.mark.operation("list_frames")
def test_bad_where_names_the_query(client: TestClient) -> None:
    response = client.get(f"{VOC_API}/frames", params={"where": "time_of_day = 'night'"})
    assert response.status_code == 422
    body = response.json()
    assert "time_of_day = 'night'" in body["detail"]
    assert body["errors"] == [
        {"loc": ["query", "where"], "msg": body["errors"][0]["msg"], "type": "invalid_input"}
    ]


@pytest.mark.operation("create_segment")
def test_body_errors_name_body_fields(scratch_client: TestClient) -> None:
    response = scratch_client.post(
        f"{VOC_API}/segments", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]
    response = scratch_client.post(f"{VOC_API}/segments", json={"name": 3, "frame_ids": "2007_000027"})
    assert response.status_code == 422
    assert {tuple(error["loc"]) for error in response.json()["errors"]} == {
        ("body", "name"),
        ("body", "frame_ids"),
    }


def test_unknown_routes_and_methods(client: TestClient) -> None:
    assert client.get("/api/nothing").status_code == 404
    assert client.put(f"{VOC_API}/segments/night", json={}).status_code == 405
    # Without a built web app the root says so in words.
    root = client.get("/")
    assert root.status_code == 503 and "web app" in root.json()["detail"]


@pytest.mark.operation("get_metrics")
def test_internal_errors_never_leak_a_traceback(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail at /srv/private/path.py line 42")

    client = make_client(sample.home, raise_server_exceptions=False)
    monkeypatch.setattr(Service, "metrics", broken)
    response = client.get(f"{VOC_API}/metrics", params={"inference": "detector"})
    assert response.status_code == 500
    assert response.json() == {
        "detail": "internal error: the server failed to answer this request; see the server log"
    }
    for leak in ("secret", "Traceback", "RuntimeError", "/srv", ".py"):
        assert leak not in response.text
    # The server log has the whole story.
    assert "secret detail" in caplog.text


# ---- API key --------------------------------------------------------------------------------------


def _write_requests(frame: str) -> list[tuple[str, str, dict | None]]:
    """One request per write operation of the schema (method, url, JSON body)."""
    return [
        ("POST", "/api/projects", {"name": "birds", "task": "detection", "classes": [{"name": "gull"}]}),
        ("PATCH", "/api/projects/voc", {"description": "changed"}),
        ("POST", f"{VOC_API}/segments", {"name": "mine", "frame_ids": [frame]}),
        ("PATCH", f"{VOC_API}/segments/night", {"f1": 0.2}),
        ("DELETE", f"{VOC_API}/segments/bright", None),
        ("DELETE", f"{VOC_API}/inference-sets/detector_b", None),
        ("DELETE", VOC_API, None),
        ("DELETE", "/api/projects/voc", None),
    ]


def test_every_write_operation_is_in_the_key_check(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    writes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "patch", "delete", "put")
    }
    covered = set()
    for method, url, _ in _write_requests("f"):
        for path in schema["paths"]:
            pattern = path.replace("{project}", "voc").replace("{dataset}", "val")
            pattern = pattern.replace("{segment}", url.rsplit("/", 1)[-1]).replace(
                "{inference_set}", "detector_b"
            )
            if pattern == url and method.lower() in schema["paths"][path]:
                covered.add((method, path))
    assert covered == writes


@pytest.mark.operation(
    "create_project",
    "update_project",
    "create_segment",
    "update_segment",
    "delete_segment",
    "delete_inference_set",
    "delete_dataset",
    "delete_project",
)
def test_writes_need_the_key_when_one_is_set(scratch: Sample) -> None:
    client = make_client(scratch.home, api_key=KEY)
    frame = scratch.voc_frames[0]
    for method, url, body in _write_requests(frame):
        for headers in (
            {},
            {"X-API-Key": "wrong"},
            {"Authorization": "Bearer wrong"},
            {"Authorization": KEY},
        ):
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == 401, (method, url, headers)
            assert "API key" in response.json()["detail"]
    # Nothing was written by the refused requests.
    assert client.get(f"{VOC_API}/segments/bright").status_code == 200
    assert client.get("/api/projects/birds").status_code == 404
    # Reads stay open.
    assert client.get(f"{VOC_API}/metrics", params={"inference": "detector"}).status_code == 200
    assert client.get("/api/projects").status_code == 200
    # With the key, in either header, every write goes through.
    for position, (method, url, body) in enumerate(_write_requests(frame)):
        headers = {"X-API-Key": KEY} if position % 2 else {"Authorization": f"Bearer {KEY}"}
        response = client.request(method, url, json=body, headers=headers)
        assert response.status_code in (200, 201, 204), (method, url, response.text)


@pytest.mark.operation("create_segment")
def test_key_is_checked_before_the_body(scratch: Sample) -> None:
    client = make_client(scratch.home, api_key=KEY)
    response = client.post(f"{VOC_API}/segments", json={"name": 3})
    assert response.status_code == 401


@pytest.mark.operation("create_project", "update_project")
def test_key_from_the_environment(scratch: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REEFSCOPE_API_KEY", KEY)
    client = TestClient(RecordingApp(create_app(ApiSettings(home=scratch.home, web_dist=None))))  # type: ignore[arg-type]
    body = {"name": "birds", "task": "detection", "classes": [{"name": "gull"}]}
    assert client.post("/api/projects", json=body).status_code == 401
    assert client.post("/api/projects", json=body, headers={"X-API-Key": KEY}).status_code == 201
    assert (
        client.patch("/api/projects/birds", json={}, headers={"authorization": f"bearer {KEY}"}).status_code
        == 200
    )


@pytest.mark.operation("create_project", "delete_project")
def test_without_a_key_writes_are_open(
    scratch: Sample, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REEFSCOPE_API_KEY", raising=False)
    client = TestClient(RecordingApp(create_app(ApiSettings(home=scratch.home, web_dist=None))))  # type: ignore[arg-type]
    body = {"name": "birds", "task": "detection", "classes": [{"name": "gull"}]}
    assert client.post("/api/projects", json=body).status_code == 201
    assert client.delete("/api/projects/birds", headers={"X-API-Key": "anything"}).status_code == 204


@pytest.mark.operation("create_project", "create_segment")
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_cross_site_form_cannot_write(scratch: Sample, content_type: str) -> None:
    """Browsers send these content types cross-site without a preflight: they must not be read as JSON."""
    client = make_client(scratch.home)
    project = b'{"name": "csrf", "task": "detection", "classes": [{"name": "gull"}]}'
    response = client.post("/api/projects", content=project, headers={"content-type": content_type})
    assert response.status_code == 422
    segment = b'{"name": "csrf", "frame_ids": ["2007_000027"]}'
    response = client.post(f"{VOC_API}/segments", content=segment, headers={"content-type": content_type})
    assert response.status_code == 422
    assert client.get("/api/projects/csrf").status_code == 404
    assert client.get(f"{VOC_API}/segments/csrf").status_code == 404
