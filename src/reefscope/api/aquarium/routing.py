"""What every route of the Aquarium protocol shares: errors as ``{"message"}`` and the key check.

The client shows ``Error: <message>`` for any answer of 400 or more whose JSON
body has a ``message``, so every failure is translated here into that shape,
in words. "Not there yet" is never a 404 (the client retries 404s for about
14 seconds), so only a real miss becomes one.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from reefscope.api.aquarium.state import AquariumState
from reefscope.api.deps import get_service, get_settings
from reefscope.engine import InvalidInputError
from reefscope.ingest.aquarium.blobs import BlobError
from reefscope.service.core import Service
from reefscope.store import ConflictError, NotFoundError

logger = logging.getLogger("reefscope.aquarium")


def message(status: int, text: str) -> JSONResponse:
    return JSONResponse({"message": text}, status_code=status)


class AquariumRoute(APIRoute):
    """A route whose errors reach the client as ``{"message": ...}`` with a fitting status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def translated(request: Request) -> Response:
            try:
                return await handler(request)
            except BlobError as error:
                return message(error.status, str(error))
            except InvalidInputError as error:
                return message(400, str(error))
            except NotFoundError as error:
                return message(404, str(error))
            except ConflictError as error:
                return message(409, str(error))
            except HTTPException as error:
                return message(error.status_code, str(error.detail))

        return translated


def get_state(request: Request) -> AquariumState:
    state: AquariumState = request.app.state.aquarium
    return state


def require_key(
    request: Request,
    x_illume_api_key: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
    x_illume_key: Annotated[str | None, Header()] = None,
) -> None:
    """With ``REEFSCOPE_API_KEY`` set, one of the client's three credential forms must carry it."""
    expected = get_settings(request).api_key
    if not expected:
        return  # as for the rest of the API: the server binds to loopback unless told otherwise
    bearer = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else None
    for given in (x_illume_api_key, bearer, x_illume_key):
        if given is not None and secrets.compare_digest(given.encode(), expected.encode()):
            return
    raise HTTPException(
        status_code=401,
        detail="this reefscope server needs its API key: client.set_credentials(api_key=<REEFSCOPE_API_KEY>)",
    )


async def json_body(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise InvalidInputError("expected a JSON body") from None


StateDep = Annotated[AquariumState, Depends(get_state)]
ServiceDep = Annotated[Service, Depends(get_service)]
Body = Annotated[Any, Depends(json_body)]
