"""Uploaded files of the Aquarium protocol, kept in the workspace until their ingestion ends.

Each file gets two unguessable names: an upload token (the capability in the
``put_url`` the client sends bytes to without credentials) and a blob id (the
``download_url`` the client echoes back in its authenticated dataset or
inference POST). Both expire. The bytes go to ``<workspace>/aquarium/blobs/<id>``
with a small JSON record beside them, so a restarted server resumes an upload
where it stopped.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from reefscope.engine import InvalidInputError
from reefscope.store import NotFoundError

CHUNK_LIMIT = 16 * 1024 * 1024  # the client sends 8 MiB chunks; anything far larger is refused
FILE_LIMIT = 4 * 1024**3
LIFETIME_SECONDS = 24 * 3600
DOWNLOAD_PREFIX = "reefscope-blob:"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class BlobError(InvalidInputError):
    """A request of the upload protocol that cannot be honoured (bad range, too large, expired)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        self.status = status
        super().__init__(message)


@dataclass
class BlobRecord:
    blob_id: str
    token: str
    project: str
    dataset: str
    filename: str
    expires: float
    total: int | None = None  # declared at initiate
    complete: bool = False


class Blobs:
    """The blob directory of one workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root / "aquarium" / "blobs"
        self.root.mkdir(parents=True, exist_ok=True)

    # ---- names -------------------------------------------------------------------------------------

    def create(self, *, project: str, dataset: str, filename: str) -> BlobRecord:
        record = BlobRecord(
            blob_id=secrets.token_urlsafe(24),
            token=secrets.token_urlsafe(32),
            project=project,
            dataset=dataset,
            filename=filename,
            expires=time.time() + LIFETIME_SECONDS,
        )
        self._save(record)
        (self.root / f"{record.blob_id}.data").touch()
        self._index(record.token).write_text(record.blob_id)
        return record

    def by_token(self, token: str) -> BlobRecord:
        if not _TOKEN.fullmatch(token) or not self._index(token).is_file():
            raise BlobError("no such upload session", status=404)
        record = self._load(self._index(token).read_text().strip())
        if record.expires < time.time():
            raise BlobError("this upload URL has expired; ask for a new one", status=410)
        return record

    def by_download_url(self, url: object) -> BlobRecord:
        if not isinstance(url, str) or not url.startswith(DOWNLOAD_PREFIX):
            raise NotFoundError(f"{url!r} is not a file uploaded to this server")
        blob_id = url[len(DOWNLOAD_PREFIX) :]
        if not _TOKEN.fullmatch(blob_id) or not (self.root / f"{blob_id}.json").is_file():
            raise NotFoundError(f"the uploaded file {url!r} is unknown or was already ingested")
        return self._load(blob_id)

    # ---- the resumable protocol --------------------------------------------------------------------

    def initiate(self, record: BlobRecord, declared: str | None) -> None:
        total = None
        if declared is not None:
            if not declared.isdigit():
                raise BlobError(f"expected a byte count in X-Upload-Content-Length but got {declared!r}")
            total = int(declared)
            if total > FILE_LIMIT:
                raise BlobError(
                    f"a file of {total} bytes exceeds this server's limit of {FILE_LIMIT}", status=413
                )
        record.total = total
        self._save(record)

    def persisted(self, record: BlobRecord) -> int:
        return self.data_path(record).stat().st_size

    def write_chunk(self, record: BlobRecord, content_range: str | None, body: bytes) -> bool:
        """Store one chunk; ``True`` when the file is complete."""
        match = _RANGE.fullmatch((content_range or "").strip())
        if match is None:
            raise BlobError(f"expected Content-Range 'bytes first-last/total' but got {content_range!r}")
        first, last = int(match.group(1)), int(match.group(2))
        total = None if match.group(3) == "*" else int(match.group(3))
        if last < first or len(body) != last - first + 1:
            raise BlobError(
                f"the chunk has {len(body)} bytes but Content-Range {content_range!r} "
                f"announces {last - first + 1}"
            )
        if total is not None and (last >= total or (record.total is not None and total != record.total)):
            raise BlobError(f"Content-Range {content_range!r} does not fit the file's {record.total} bytes")
        if total is not None and total > FILE_LIMIT:
            raise BlobError(
                f"a file of {total} bytes exceeds this server's limit of {FILE_LIMIT}", status=413
            )
        size = self.persisted(record)
        if first > size:
            raise BlobError(f"the chunk starts at byte {first} but only {size} bytes have arrived")
        with open(self.data_path(record), "r+b") as handle:
            # A chunk that overlaps what is persisted is a resend after a lost answer: rewrite from there.
            handle.seek(first)
            handle.write(body)
            handle.truncate(first + len(body))
            handle.flush()
            os.fsync(handle.fileno())
        if total is not None and last + 1 == total:
            record.total = total
            record.complete = True
            self._save(record)
            return True
        return False

    def read(self, record: BlobRecord) -> bytes:
        if not record.complete:
            raise InvalidInputError(
                f"the upload of {record.filename} did not complete ({self.persisted(record)} bytes arrived)",
                source=record.filename,
            )
        return self.data_path(record).read_bytes()

    def delete(self, record: BlobRecord) -> None:
        for path in (self.data_path(record), self._index(record.token), self.root / f"{record.blob_id}.json"):
            path.unlink(missing_ok=True)

    def sweep(self) -> None:
        """Remove expired blobs (uploads that were never ingested)."""
        now = time.time()
        for path in self.root.glob("*.json"):
            try:
                record = self._load(path.stem)
            except (OSError, ValueError):
                continue
            if record.expires < now:
                self.delete(record)

    # ---- files -------------------------------------------------------------------------------------

    def data_path(self, record: BlobRecord) -> Path:
        return self.root / f"{record.blob_id}.data"

    def _index(self, token: str) -> Path:
        return self.root / f"{token}.token"

    def _load(self, blob_id: str) -> BlobRecord:
        return BlobRecord(**json.loads((self.root / f"{blob_id}.json").read_text()))

    def _save(self, record: BlobRecord) -> None:
        path = self.root / f"{record.blob_id}.json"
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(asdict(record)))
        os.replace(temporary, path)
