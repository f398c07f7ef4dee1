"""OPTIONS and 405 answers whose ``Allow`` header lists every method of the path.

Starlette answers a wrong method from the first route whose path matches, so
when GET and POST of one path are separate routes its ``Allow`` names only one
of them. This middleware collects the methods of all API routes of a path.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reefscope.api.limits import ASGIApp, Receive, Scope, Send

API_PREFIX = "/api/"
# Path parameters declared ``{name:path}`` (segment names may hold '/'); the rest stop at '/'.
PATH_PARAMETERS = {"segment"}
_PARAMETER = re.compile(r"\{([^}]+)\}")


class AllowedMethodsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._paths: list[tuple[re.Pattern[str], set[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        methods = self._methods(scope["app"], scope["path"])
        method = scope["method"]
        if not methods or method in methods:
            await self.app(scope, receive, send)
            return
        allow = ", ".join(sorted(methods | {"OPTIONS"}))
        if method == "OPTIONS":
            await _answer(send, 204, allow, None)
        else:
            await _answer(send, 405, allow, f"method {method} is not allowed on {scope['path']}; use {allow}")

    def _methods(self, app: Any, path: str) -> set[str]:
        if self._paths is None:
            # The published schema is the list of what each path supports.
            self._paths = [
                (_template_regex(template), {method.upper() for method in operations})
                for template, operations in app.openapi()["paths"].items()
            ]
        methods: set[str] = set()
        for pattern, allowed in self._paths:
            if pattern.fullmatch(path):
                methods |= allowed
        return methods


def _template_regex(template: str) -> re.Pattern[str]:
    parts = _PARAMETER.split(template)
    regex = "".join(
        (".+" if part in PATH_PARAMETERS else "[^/]+") if index % 2 else re.escape(part)
        for index, part in enumerate(parts)
    )
    return re.compile(regex)


async def _answer(send: Send, status: int, allow: str, detail: str | None) -> None:
    body = b"" if detail is None else json.dumps({"detail": detail}).encode()
    headers = [(b"allow", allow.encode()), (b"content-length", str(len(body)).encode())]
    if body:
        headers.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
