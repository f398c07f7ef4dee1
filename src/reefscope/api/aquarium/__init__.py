"""The Aquarium Learning protocol under ``/api/v1``: existing upload scripts written for the
``aquariumlearning`` client work against ``reefscope serve`` by changing ``api_endpoint``.

Its routes are left out of reefscope's OpenAPI schema: they speak another
product's protocol, documented in the README's "Coming from Aquarium".
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from reefscope.api.aquarium import datasets, issues, metrics, projects, uploads
from reefscope.api.aquarium.state import AquariumState
from reefscope.service.core import Service

PREFIX = "/api/v1"


def mount(app: FastAPI, service: Service) -> None:
    """Add the protocol's routes to ``app`` (before the web app's catch-all route)."""
    app.state.aquarium = AquariumState(service.workspace)
    api = APIRouter(prefix=PREFIX, include_in_schema=False)
    for router in (
        projects.router,
        uploads.authenticated,
        uploads.capability,
        datasets.router,
        issues.router,
        issues.signed,
        metrics.router,
    ):
        api.include_router(router)
    app.include_router(api)
