"""Serving Aquarium Learning's Python client: uploads, processing jobs, read-back, segments, metrics.

:class:`AquariumState` holds what one server process needs for the protocol:
the blob directory, the processing jobs and a signing secret for the
credential-free download URLs, all inside the workspace.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

from reefscope.ingest.aquarium.blobs import Blobs
from reefscope.ingest.aquarium.jobs import Jobs
from reefscope.ingest.aquarium.uploads import Processor
from reefscope.store import Workspace

SIGNED_LIFETIME_SECONDS = 3600


class AquariumState:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.blobs = Blobs(workspace.path)
        self.jobs = Jobs(workspace.path, Processor(workspace, self.blobs))
        self._secret = _secret(workspace.path / "aquarium" / "secret")
        self.blobs.sweep()

    def sign(self, payload: dict[str, str]) -> str:
        """A token carrying ``payload`` that only this workspace can have made, valid for an hour."""
        body = base64.urlsafe_b64encode(
            json.dumps({**payload, "exp": int(time.time()) + SIGNED_LIFETIME_SECONDS}).encode()
        ).decode()
        return f"{body}.{self._mac(body)}"

    def verify(self, token: str) -> dict[str, str] | None:
        body, _, mac = token.partition(".")
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(body.encode()))
        except ValueError:
            return None
        if not isinstance(payload, dict) or payload.get("exp", 0) < time.time():
            return None
        return payload

    def _mac(self, body: str) -> str:
        return hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()


def _secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file():
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # first writer wins; others read what it wrote
        temporary.unlink()
    return path.read_bytes()
