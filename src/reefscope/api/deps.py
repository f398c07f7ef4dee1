"""Typed dependencies shared by the routers."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from reefscope.api.settings import ApiSettings
from reefscope.service.core import Service
from reefscope.store import Workspace


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_workspace(request: Request) -> Workspace:
    return get_service(request).workspace


def require_api_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(description="API key, required when the server sets one")] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Write endpoints need the key when ``REEFSCOPE_API_KEY`` is set; a read-only server refuses them."""
    if get_settings(request).read_only or get_workspace(request).read_only:
        raise HTTPException(status_code=403, detail="this server is read-only: writes are refused")
    expected = get_settings(request).api_key
    if not expected:
        return
    given = x_api_key
    if given is None and authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:]
    if given is None or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status_code=401, detail="this server requires an API key for writes (X-API-Key header)"
        )


ServiceDep = Annotated[Service, Depends(get_service)]
WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
WriteAccess = Depends(require_api_key)
