"""A real ``reefscope serve`` process on loopback, and a small bounded concurrent load against it.

Shared by the end-to-end tests (which assert on every answer) and ``make bench``
(which reports requests per second, p50/p99 latency and errors). Everything is
bounded: a fixed number of requests per client, a deadline, and a server that is
always terminated.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
CLI = ("-c", "import sys; from reefscope.cli import main; sys.exit(main())")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("REEFSCOPE_API_KEY", None)
    env.update(extra or {})
    return env


@contextmanager
def serve(
    home: Path, *, env: dict[str, str] | None = None, log: Path | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run ``reefscope serve`` on a free loopback port; yield its base URL; always stop it."""
    port = free_port()
    log_file = log or home.parent / f"server-{port}.log"
    command = [
        sys.executable,
        *CLI,
        "serve",
        "--data-dir",
        str(home),
        "--host",
        LOOPBACK,
        "--port",
        str(port),
    ]
    with log_file.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=_environment(env), stdout=output, stderr=subprocess.STDOUT
        )
        base = f"http://{LOOPBACK}:{port}"
        try:
            _wait_until_ready(process, base, timeout, log_file)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _wait_until_ready(process: subprocess.Popen, base: str, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run a ``reefscope`` command in a subprocess (text output captured)."""
    return subprocess.run(
        [sys.executable, *CLI, *args],
        cwd=ROOT,
        env=_environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# ---- replacing an inference set in another process ---------------------------------------------------


def replace_loop(
    home: Path, project: str, dataset: str, name: str, sources: Sequence[Path], rounds: int
) -> None:
    """Re-import inference set ``name`` ``rounds`` times, cycling through ``sources`` (text detections)."""
    from reefscope.ingest.imports import import_inferences
    from reefscope.store import Workspace

    workspace = Workspace(home)
    class_names = workspace.get_project(project).class_names
    for round_number in range(rounds):
        source = sources[round_number % len(sources)]
        import_inferences(
            workspace, project, dataset, name, source, format="text", class_names=list(class_names)
        )


@contextmanager
def replacing(
    home: Path, project: str, dataset: str, name: str, sources: Sequence[Path], rounds: int
) -> Iterator[subprocess.Popen]:
    """Start :func:`replace_loop` in another process; yield it; make sure it is gone afterwards."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.api_load",
        "replace",
        str(home),
        project,
        dataset,
        name,
        str(rounds),
        *map(str, sources),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


# ---- the load ---------------------------------------------------------------------------------------

Request = tuple[str, dict[str, Any]]
Check = Callable[[Request, httpx.Response], str | None]


@dataclass
class LoadReport:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    transport_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.transport_errors) + sum(n for status, n in self.statuses.items() if status != 200)

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1]

    def summary(self) -> str:
        return (
            f"{self.requests} requests in {self.seconds:.2f} s: {self.requests_per_second:.0f} req/s, "
            f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
            f"{self.errors} errors"
        )


def run_load(
    base: str,
    requests: Sequence[Request],
    *,
    clients: int = 8,
    min_per_client: int = 10,
    max_per_client: int = 60,
    keep_going: Callable[[], bool] = lambda: False,
    check: Check | None = None,
    deadline_seconds: float = 60.0,
) -> LoadReport:
    """``clients`` threads cycle through ``requests`` (each from its own offset).

    A client stops after ``max_per_client`` requests, or after ``min_per_client``
    once ``keep_going()`` is false, or at the deadline: the run always ends.
    """
    report = LoadReport()
    lock = threading.Lock()
    deadline = time.monotonic() + deadline_seconds

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as session:
            done = 0
            while done < max_per_client and time.monotonic() < deadline:
                if done >= min_per_client and not keep_going():
                    break
                request = requests[(number * 7 + done) % len(requests)]
                start = time.perf_counter()
                try:
                    response = session.get(request[0], params=request[1])
                except httpx.HTTPError as error:
                    with lock:
                        report.transport_errors.append(f"{request}: {error!r}")
                    done += 1
                    continue
                elapsed = time.perf_counter() - start
                problem = check(request, response) if check is not None else None
                with lock:
                    report.requests += 1
                    report.latencies.append(elapsed)
                    report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
                    if problem:
                        report.problems.append(problem)
                done += 1

    threads = [threading.Thread(target=client, args=(number,), daemon=True) for number in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 35)
    report.seconds = time.perf_counter() - start
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description="helpers of the API load test")
    sub = parser.add_subparsers(dest="command", required=True)
    replace = sub.add_parser("replace", help="re-import an inference set several times")
    replace.add_argument("home", type=Path)
    replace.add_argument("project")
    replace.add_argument("dataset")
    replace.add_argument("name")
    replace.add_argument("rounds", type=int)
    replace.add_argument("sources", type=Path, nargs="+")
    args = parser.parse_args()
    replace_loop(args.home, args.project, args.dataset, args.name, args.sources, args.rounds)


if __name__ == "__main__":
    main()
