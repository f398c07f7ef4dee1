"""A server killed while it processes an upload: the store is as before, and the client's
poll ends in an error (in words), not in a two-hour wait."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from reefscope.store import NotFoundError, Workspace
from tests.aquarium.conftest import KEY, SCRIPTS, SHIM, Server, free_port
from tests.aquarium.data import voc_detection, write_json


def test_kill_during_processing(client_python: Path, image_host, tmp_path: Path) -> None:
    base, images = image_host
    data = voc_detection(base, images, frames=8)
    data["inferences"] = {}
    path = write_json(data, tmp_path / "data.json")
    server = Server(
        home=tmp_path / "workspace", port=free_port(), wrapper=Path(__file__).with_name("stalling_server.py")
    )
    server.start()
    script = subprocess.Popen(
        [
            str(client_python),
            str(SHIM),
            str(SCRIPTS / "detection.py"),
            server.endpoint,
            KEY,
            "voc_det",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    try:
        marker = tmp_path / "stalled"
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline, "processing never reached the store"
            assert script.poll() is None, script.stdout.read() if script.stdout else ""
            time.sleep(0.1)
        server.stop(signal.SIGKILL)
        workspace = Workspace(server.home)
        with pytest.raises(NotFoundError):
            workspace.get_dataset("voc_det", "val")
        assert workspace.get_project("voc_det").name == "voc_det"  # what came before is kept

        server.wrapper = None
        server.start()  # back on the same port while the client retries its poll
        output, _ = script.communicate(timeout=120)
    finally:
        if script.poll() is None:
            script.kill()
        server.stop()
    assert script.returncode != 0
    assert "processing has failed" in output
    assert "the server stopped while processing this upload; nothing of it was stored" in output
    assert "the dataset was not processed" in output
    with pytest.raises(NotFoundError):
        Workspace(server.home).get_dataset("voc_det", "val")
