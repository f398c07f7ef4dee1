"""``verify_urls``: whether reefscope can reach the image URLs a client is about to upload.

The web app shows frame images by handing their URLs to the browser, so the
server never proxies them; the honest answer to "can you fetch this?" is the
server's own probe: a GET that reads the first bytes, 5 seconds at most.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from reefscope.engine import InvalidInputError

TIMEOUT_SECONDS = 5.0
MAX_URLS = 200


def _probe(url: str) -> str:
    lowered = url.lower()
    if lowered.startswith("s3://"):
        return "S3_PATH"
    if not lowered.startswith(("http://", "https://")):
        return "INVALID_URL"
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "reefscope-verify-urls"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read(1)
            return "SUCCESS" if 200 <= response.status < 300 else "FAILURE"
    except (urllib.error.URLError, OSError, ValueError):
        return "FAILURE"


def verify(urls: object) -> dict[str, str]:
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise InvalidInputError("expected {urls: [string, ...]}", field="urls")
    if len(urls) > MAX_URLS:
        raise InvalidInputError(f"at most {MAX_URLS} URLs per request, got {len(urls)}", field="urls")
    unique: Sequence[str] = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(unique)))) as pool:
        return dict(zip(unique, pool.map(_probe, unique), strict=True))
