"""A cap on request bodies, enforced before any handler reads them.

The cap is checked twice: against ``Content-Length`` before the application
runs, and against the bytes actually received, so that a chunked body without
a length cannot grow past it either. Routes that take large uploads raise the
cap for their path prefix (the longest matching prefix wins):

>>> limits = BodyLimits(default=1024)
>>> limits.allow("/api/v1/uploads", 8 * 1024 * 1024 + 4096)
>>> limits.limit_for("/api/v1/uploads/abc"), limits.limit_for("/api/projects")
(8392704, 1024)
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024


def too_large_message(limit: int) -> str:
    return f"request body too large: the limit for this route is {limit} bytes"


class BodyLimits:
    """The body cap in bytes for each path prefix, with a default for everything else."""

    def __init__(self, *, default: int = DEFAULT_MAX_BODY_BYTES, prefixes: dict[str, int] | None = None):
        if default < 0:
            raise ValueError(f"expected a non-negative default body limit but got {default}")
        self.default = default
        self._prefixes: dict[str, int] = {}
        for prefix, limit in (prefixes or {}).items():
            self.allow(prefix, limit)

    def allow(self, prefix: str, max_bytes: int) -> None:
        """Set the cap for paths starting with ``prefix`` (e.g. an upload route's)."""
        if not prefix.startswith("/") or max_bytes < 0:
            raise ValueError(
                f"expected a path prefix starting with '/' and a size >= 0: {prefix!r}, {max_bytes}"
            )
        self._prefixes[prefix] = max_bytes

    def limit_for(self, path: str) -> int:
        matches = [prefix for prefix in self._prefixes if path.startswith(prefix)]
        return self._prefixes[max(matches, key=len)] if matches else self.default


class BodyLimitMiddleware:
    """Answer 413 to a body larger than :class:`BodyLimits` allows for its path."""

    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI lets an HTTPException raised while reading the body through.
                    raise HTTPException(status_code=413, detail=too_large_message(limit))
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_message(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
