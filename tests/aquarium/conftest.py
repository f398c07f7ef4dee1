"""Fixtures of the end-to-end tests against the real ``aquariumlearning`` client.

The client lives in its own virtualenv (``.venv-aquarium``, made by ``make
aquarium-client`` from ``requirements/aquarium-client.lock``: it needs
``urllib3<2``, which reefscope's environment does not pin). Each test starts
``reefscope serve`` on a free port over a fresh workspace, and a small HTTP
server for the frames' images, then runs upload scripts under the client.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Upload scripts and the stalling server run inside the client's own virtualenv or as a
# subprocess: they are not test modules (and --doctest-modules must not import them).
collect_ignore = ["scripts", "stalling_server.py"]

ROOT = Path(__file__).resolve().parents[2]
CLIENT_PYTHON = ROOT / ".venv-aquarium" / "bin" / "python"
SHIM = Path(__file__).with_name("client_shim.py")
SCRIPTS = Path(__file__).with_name("scripts")
KEY = "test-key-4f1c"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def client_python() -> Path:
    if not CLIENT_PYTHON.is_file():
        subprocess.run(["make", "--no-print-directory", "aquarium-client"], cwd=ROOT, check=True)
    return CLIENT_PYTHON


@dataclass
class Server:
    home: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    api_key: str | None = KEY
    wrapper: Path | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self) -> None:
        env = {**os.environ, "REEFSCOPE_HOME": str(self.home)}
        env.pop("REEFSCOPE_API_KEY", None)
        if self.api_key:
            env["REEFSCOPE_API_KEY"] = self.api_key
        if self.wrapper is None:
            command = [str(Path(sys.executable).with_name("reefscope")), "serve", "--port", str(self.port)]
        else:
            command = [sys.executable, str(self.wrapper), str(self.port), str(self.home.parent / "stalled")]
        log = open(self.home.parent / f"server-{self.port}.log", "ab")  # noqa: SIM115 - lives with the process
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited: {self.log()}") from None
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None

    def log(self) -> str:
        return (self.home.parent / f"server-{self.port}.log").read_text(errors="replace")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(home=tmp_path / "workspace", port=free_port())
    running.start()
    yield running
    running.stop()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def image_host(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server of ``tmp_path/images``: (base URL, directory)."""
    directory = tmp_path / "images"
    directory.mkdir()
    handler = lambda *a, **k: _Quiet(*a, directory=str(directory), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", directory
    httpd.shutdown()


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout.strip().splitlines()[-1])


@pytest.fixture
def run_script(client_python: Path, tmp_path: Path) -> Callable[..., Result]:
    def run(name: str, *args: str, timeout: float = 600, check: bool = True) -> Result:
        env = {**os.environ, "HOME": str(tmp_path)}  # the client caches upload files under ~/.aquarium
        env.pop("PYTHONPATH", None)
        completed = subprocess.run(
            [str(client_python), str(SHIM), str(SCRIPTS / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=tmp_path,
        )
        result = Result(completed.returncode, completed.stdout, completed.stderr)
        if check and completed.returncode != 0:
            raise AssertionError(
                f"{name} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
            )
        return result

    return run
