"""Translate library errors into structured HTTP answers at the boundary."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from reefscope.engine import InvalidInputError
from reefscope.store import ConflictError, NotFoundError
from reefscope.store.errors import DamagedError, ReadOnlyError

logger = logging.getLogger("reefscope.api")


def _problem(status: int, message: str, errors: list[dict] | None = None) -> JSONResponse:
    body: dict = {"detail": message}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(status_code=status, content=body)


def _origin(request: Request, field: str) -> str:
    """Where a field named by a library error came from: the query string or the JSON body."""
    if field in request.query_params or request.method in ("GET", "HEAD", "DELETE"):
        return "query"
    return "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, error: NotFoundError) -> JSONResponse:
        return _problem(404, str(error))

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, error: ConflictError) -> JSONResponse:
        return _problem(409, str(error))

    @app.exception_handler(DamagedError)
    async def damaged(request: Request, error: DamagedError) -> JSONResponse:
        logger.error("damaged workspace file on %s %s: %s", request.method, request.url.path, error)
        return _problem(503, str(error))

    @app.exception_handler(ReadOnlyError)
    async def read_only(_: Request, error: ReadOnlyError) -> JSONResponse:
        return _problem(403, str(error))

    @app.exception_handler(InvalidInputError)
    async def invalid(request: Request, error: InvalidInputError) -> JSONResponse:
        location = [] if error.field is None else [_origin(request, error.field), error.field]
        return _problem(
            422,
            str(error),
            [{"loc": location, "msg": error.detail, "type": "invalid_input"}],
        )

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "loc": [str(part) for part in item.get("loc", ())],
                "msg": item.get("msg", ""),
                "type": item.get("type", ""),
            }
            for item in error.errors()
        ]
        summary = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return _problem(422, f"invalid request: {summary}", errors)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # Log the traceback on the server; never send it to the client.
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return _problem(500, "internal error: the server failed to answer this request; see the server log")
