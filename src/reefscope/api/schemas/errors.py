"""The body of every error answer, as documented in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from reefscope.api.schemas.resources import ApiModel


class ErrorItem(ApiModel):
    loc: list[str] = Field(description="Where: e.g. ['query', 'confidence'] or ['body', 'name']")
    msg: str
    type: str


class ErrorResponse(ApiModel):
    detail: str = Field(description="What went wrong, in words")
    errors: list[ErrorItem] | None = Field(default=None, description="Every invalid field (422 only)")


def _answer(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Documented on every route (FastAPI's own 422 body is replaced by ours).
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    404: _answer("A named project, dataset, inference set, segment or frame does not exist"),
    422: _answer("Invalid input: `errors` lists every invalid field"),
    503: _answer("A workspace file this answer needs is damaged (the rest of the workspace still works)"),
}
# Documented on the write routes.
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _answer("The body is not JSON in UTF-8"),
    401: _answer("The server requires an API key for writes (X-API-Key or Authorization: Bearer)"),
    403: _answer("The server is read-only"),
    409: _answer("The change clashes with what the workspace holds (an existing name, a dependent object)"),
    413: _answer("The body is larger than the server's cap for this route"),
}
