"""Processing jobs of Aquarium uploads: one per upload version, run one at a time.

The client polls a job's "windows" until each is ``DONE`` or ``WINDOW_ERRORED``.
Jobs are JSON files under ``<workspace>/aquarium/jobs/`` so that a repeated
POST (the client re-sends on 5xx) finds its job again, and so that a job whose
process died (the recorded pid is gone) reads as errored instead of leaving
the client polling for hours. The store's all-or-nothing writes make "errored"
true: nothing of that upload was stored.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reefscope.engine import InvalidInputError

logger = logging.getLogger("reefscope.aquarium")

PROCESSING, DONE, ERRORED = "PROCESSING", "DONE", "WINDOW_ERRORED"


@dataclass
class Job:
    upload_version: str
    kind: str  # "dataset" | "inferences"
    project: str
    dataset: str  # the base dataset
    inference_set: str | None
    body: dict
    window: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = PROCESSING
    message: str | None = None
    pid: int = field(default_factory=os.getpid)
    created_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    @property
    def target(self) -> str:
        """The dataset name the client polls with (the full name for inference sets)."""
        return (
            self.dataset if self.inference_set is None else f"inferences_{self.dataset}_{self.inference_set}"
        )

    def windows(self) -> list[dict[str, str]]:
        # The client prints only the ids of errored windows, so the reason rides along in the id.
        label = self.window if self.status != ERRORED else f"{self.window} ({self.message})"
        return [{"uuid": label, "status": self.status}]


class Jobs:
    """Job records of one workspace and the thread that processes them."""

    def __init__(self, root: Path, process: Callable[[Job], None]) -> None:
        self.root = root / "aquarium" / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)
        self._process = process
        self._queue: queue.Queue[str] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> Job:
        """Record and queue ``job``, or return the job already recorded for its upload version."""
        with self._lock:
            existing = self.find(job.project, job.upload_version)
            if existing is not None:
                return existing
            self._save(job)
            self._queue.put(job.upload_version)
            self._ensure_thread()
        return job

    def find(self, project: str, upload_version: str) -> Job | None:
        path = self._path(project, upload_version)
        if not path.is_file():
            return None
        job = Job(**json.loads(path.read_text()))
        if job.status == PROCESSING and not _alive(job.pid):
            job.status, job.message = (
                ERRORED,
                (
                    "the server stopped while processing this upload; "
                    "nothing of it was stored, upload it again"
                ),
            )
            job.finished_at = time.time()
            self._save(job)
        return job

    def for_target(self, project: str, target: str) -> list[Job]:
        """Every job of a dataset (or full inference name), oldest first."""
        jobs = []
        for path in sorted(self.root.glob(f"{_safe(project)}--*.json")):
            job = self.find(project, path.stem.split("--", 1)[1])
            if job is not None and job.target == target:
                jobs.append(job)
        return sorted(jobs, key=lambda job: job.created_at)

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="aquarium-ingest", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            upload_version = self._queue.get()
            for path in self.root.glob(f"*--{_safe(upload_version)}.json"):
                job = Job(**json.loads(path.read_text()))
                if job.status != PROCESSING:
                    continue
                try:
                    self._process(job)
                    job.status = DONE
                except InvalidInputError as error:
                    job.status, job.message = ERRORED, str(error)
                except Exception as error:
                    logger.exception("processing upload %s failed", job.upload_version)
                    job.status, job.message = ERRORED, f"internal error while processing: {error}"
                job.finished_at = time.time()
                self._save(job)

    def _path(self, project: str, upload_version: str) -> Path:
        return self.root / f"{_safe(project)}--{_safe(upload_version)}.json"

    def _save(self, job: Job) -> None:
        path = self._path(job.project, job.upload_version)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(job)))
        os.replace(temporary, path)


def _safe(name: str) -> str:
    return "".join(char if char.isalnum() or char in "_-" else "_" for char in name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
