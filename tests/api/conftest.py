"""Fixtures of the API tests: the sample workspace, an in-process client, and the service
that computes every number the API is checked against.

Tests declare the operations they exercise with ``@pytest.mark.operation("get_metrics")``;
the client records which operation served each request and a test fails when it did
not call what it declares. ``test_openapi.py`` checks that every operation of the
schema is declared by some test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.api.sample import Sample, build_sample, build_voc

# Operation ids of the requests served in the current test.
SERVED: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "operation(*ids): API operations (OpenAPI ids) a test calls")


class RecordingApp:
    """ASGI wrapper noting which route (operation id) answered each request."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    @property
    def state(self) -> Any:
        return self.app.state

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            if scope["type"] == "http" and route is not None:
                SERVED.append(getattr(route, "name", ""))


def make_client(
    home: Path, *, api_key: str | None = None, raise_server_exceptions: bool = True
) -> TestClient:
    app = create_app(ApiSettings(home=home, web_dist=None, api_key=api_key))
    return TestClient(RecordingApp(app), raise_server_exceptions=raise_server_exceptions)  # type: ignore[arg-type]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _check_declared_operations(request: pytest.FixtureRequest) -> Iterator[None]:
    SERVED.clear()
    yield
    if request.node.stash.get(CALL_FAILED, True):
        return  # a failed (or skipped) test reports its own failure
    declared = {op for marker in request.node.iter_markers("operation") for op in marker.args}
    missing = declared - set(SERVED)
    assert not missing, f"the test declares operations it never called: {sorted(missing)}"


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root = tmp_path_factory.mktemp("sample")
    return build_sample(root / "home", root / "scratch")


@pytest.fixture(scope="session")
def client(sample: Sample) -> TestClient:
    """A client over the shared sample workspace: tests must not change what others read."""
    return make_client(sample.home)


@pytest.fixture(scope="session")
def service(sample: Sample) -> Service:
    """An independent service (its own cache) over the same workspace, for the expected numbers."""
    return Service(Workspace(sample.home))


@pytest.fixture(scope="session")
def scratch_template(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root = tmp_path_factory.mktemp("scratch-template")
    home, files = root / "home", root / "files"
    files.mkdir()
    frames, night = build_voc(Workspace(home), files, embeddings=False)
    return Sample(home=home, scratch=files, voc_frames=tuple(frames), night_frames=tuple(night))


@pytest.fixture
def scratch(scratch_template: Sample, tmp_path: Path) -> Sample:
    """A fresh copy of a workspace with the voc project only (no embeddings), for tests that write."""
    home = tmp_path / "home"
    shutil.copytree(scratch_template.home, home, symlinks=True)
    return Sample(
        home=home,
        scratch=scratch_template.scratch,
        voc_frames=scratch_template.voc_frames,
        night_frames=scratch_template.night_frames,
    )


@pytest.fixture
def scratch_client(scratch: Sample) -> TestClient:
    return make_client(scratch.home)
