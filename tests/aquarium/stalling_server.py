"""``reefscope serve`` whose ingestion stops for good at its first staged write (a test double).

Usage: python stalling_server.py PORT MARKER (workspace and key from the environment). When
ingestion reaches the store, MARKER is created and the thread waits forever, so a test can kill
the process in the middle of processing an upload.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import uvicorn

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.store import faults

port, marker = int(sys.argv[1]), Path(sys.argv[2])


def stall(stage: str) -> None:
    if stage == "staging-created" and threading.current_thread().name == "aquarium-ingest":
        marker.touch()
        threading.Event().wait()


faults.hook = stall
uvicorn.run(create_app(ApiSettings(web_dist=None)), host="127.0.0.1", port=port)
