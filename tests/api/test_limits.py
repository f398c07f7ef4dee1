"""Bounded requests: a body cap (413, chunked bodies too), bounded free text (422 naming the
limit) in the API and the package, strict thresholds, OPTIONS/405 with a full Allow header,
a documented 400 for a body that is not UTF-8, and a 404 for paths the web route cannot serve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import reefscope
from reefscope.api.app import create_app
from reefscope.api.limits import BodyLimits
from reefscope.api.settings import ApiSettings
from reefscope.store import InvalidInputError
from reefscope.store.names import MAX_DESCRIPTION_LENGTH

PROJECT = {"name": "p", "task": "detection", "classes": [{"name": "cat"}]}


def _client(home: Path, **settings: object) -> TestClient:
    return TestClient(create_app(ApiSettings(home=home, web_dist=None, **settings)))  # type: ignore[arg-type]


def test_a_body_over_the_cap_is_413(tmp_path: Path) -> None:
    client = _client(tmp_path, max_body_bytes=10_000)
    big = {**PROJECT, "description": "x" * 20_000}
    response = client.post("/api/projects", json=big)
    assert response.status_code == 413
    assert "10000 bytes" in response.json()["detail"]
    assert client.get("/api/projects").json()["count"] == 0


def test_a_chunked_body_without_length_is_capped_too(tmp_path: Path) -> None:
    client = _client(tmp_path, max_body_bytes=10_000)

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "p", "task": "detection", "classes": [{"name": "cat"}], "description": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}'

    response = client.post("/api/projects", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text
    assert client.get("/api/projects").json()["count"] == 0


def test_the_default_cap_refuses_a_huge_description(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.post("/api/projects", json={**PROJECT, "description": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_route_prefix_can_raise_its_cap() -> None:
    limits = BodyLimits(default=100, prefixes={"/api/v1/": 1000})
    limits.allow("/api/v1/uploads", 9 * 1024 * 1024)
    assert limits.limit_for("/api/projects") == 100
    assert limits.limit_for("/api/v1/sessions") == 1000
    assert limits.limit_for("/api/v1/uploads/abc") == 9 * 1024 * 1024


def test_free_text_over_its_limit_is_422_naming_the_limit(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.post(
        "/api/projects", json={**PROJECT, "description": "x" * (MAX_DESCRIPTION_LENGTH + 1)}
    )
    assert response.status_code == 422
    assert str(MAX_DESCRIPTION_LENGTH) in response.json()["detail"]
    response = client.post("/api/projects", json={**PROJECT, "metadata": {"k": "v" * 5000}})
    assert response.status_code == 422
    assert "2000" in response.json()["detail"]


def test_the_package_has_the_same_limits(tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path)
    with pytest.raises(InvalidInputError, match=str(MAX_DESCRIPTION_LENGTH)):
        ws.create_project(
            "p", task="detection", classes=["cat"], description="x" * (MAX_DESCRIPTION_LENGTH + 1)
        )
    ws.create_project("p", task="detection", classes=["cat"])
    with pytest.raises(InvalidInputError, match="2000"):
        ws.store.update_project("p", metadata={"k": "v" * 2001})
    assert ws.store.get_project("p").metadata == {}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/projects/p", {"iou_threshold": False}),
        ("/api/projects/p", {"confidence_threshold": True}),
        ("/api/projects/p/datasets/d/segments/s", {"f1": False}),
    ],
)
def test_a_boolean_is_not_a_threshold(tmp_path: Path, path: str, body: dict) -> None:
    client = _client(tmp_path)
    assert client.post("/api/projects", json=PROJECT).status_code == 201
    response = client.patch(path, json=body)
    assert response.status_code == 422, response.text
    assert client.get("/api/projects/p").json()["iou_threshold"] == 0.5


def test_an_empty_class_name_is_refused_by_the_schema(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.post("/api/projects", json={**PROJECT, "classes": [{"name": ""}]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "string_pattern_mismatch"


def test_a_body_that_is_not_utf8_is_a_documented_400(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.post(
        "/api/projects", content=b"\xff\xfe{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    operation = client.get("/api/openapi.json").json()["paths"]["/api/projects"]["post"]
    assert {"400", "413"} <= set(operation["responses"])


def test_options_lists_every_method_of_the_path(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.options("/api/projects/p")
    assert response.status_code == 204
    assert set(response.headers["allow"].split(", ")) == {"DELETE", "GET", "OPTIONS", "PATCH"}
    response = client.put("/api/projects")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "OPTIONS", "POST"}


@pytest.mark.parametrize("path", ["/%00", "/index.html%00", "/a%00b/c"])
def test_a_nul_byte_in_the_url_is_404(tmp_path: Path, path: str) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>reefscope</title>")
    client = TestClient(create_app(ApiSettings(home=tmp_path / "home", web_dist=dist)))
    assert client.get("/").status_code == 200
    response = client.get(path)
    assert response.status_code == 404, response.text
