"""The FastAPI application factory: JSON API under /api, the web app at /."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.routing import APIRoute
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.staticfiles import StaticFiles

import reefscope
from reefscope.api import aquarium
from reefscope.api.errors import install_error_handlers
from reefscope.api.limits import BodyLimitMiddleware, BodyLimits
from reefscope.api.methods import AllowedMethodsMiddleware
from reefscope.api.routers import analysis, datasets, embeddings, frames, projects, scenarios, segments, views
from reefscope.api.schemas.errors import COMMON_ERRORS
from reefscope.api.settings import ApiSettings
from reefscope.service.core import Service
from reefscope.store import Workspace


def _operation_id(route: APIRoute) -> str:
    # Readable ids for the generated client: the handler's name, e.g. get_metrics.
    return route.name


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings()
    app = FastAPI(
        title="reefscope",
        version=reefscope.__version__,
        description="See where your computer-vision models fail: confusion matrices with a background "
        "class, per-class reports, PR curves, examples behind every cell, segments and regression gates.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.service = Service(
        Workspace(settings.home, read_only=settings.read_only or None),
        cache_budget_bytes=settings.cache_budget_bytes,
    )
    install_error_handlers(app)
    # Routes that take large uploads raise their cap with app.state.body_limits.allow(prefix, bytes).
    app.state.body_limits = BodyLimits(default=settings.max_body_bytes, prefixes=settings.body_limits)
    app.add_middleware(BodyLimitMiddleware, limits=app.state.body_limits)
    app.add_middleware(AllowedMethodsMiddleware)
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)

    api = APIRouter(prefix="/api", responses=COMMON_ERRORS)
    for module in (projects, datasets, segments, frames, views, scenarios, embeddings, analysis):
        api.include_router(module.router)

    @api.get("/health", tags=["meta"])
    def get_health() -> dict[str, str]:
        return {"status": "ok", "version": reefscope.__version__}

    app.include_router(api)
    aquarium.mount(app, app.state.service)  # the Aquarium client's protocol, under /api/v1
    _serve_web_app(app, settings.web_dist)
    return app


def _serve_web_app(app: FastAPI, web_dist: Path | None) -> None:
    """Serve the built single-page app, falling back to index.html for client-side routes."""
    if web_dist is None or not (web_dist / "index.html").is_file():

        @app.get("/", include_in_schema=False)
        def web_app_missing() -> JSONResponse:
            return JSONResponse(
                {"detail": "the web app is not built; run `make web-build` (the API is at /api/docs)"},
                status_code=503,
            )

        return
    assets = web_dist / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")
    index = web_dist / "index.html"
    root = web_dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    def web_app(path: str) -> FileResponse:
        if path.startswith("api/"):
            return JSONResponse({"detail": f"no API route /{path}"}, status_code=404)  # type: ignore[return-value]
        try:
            candidate = (web_dist / path).resolve()
            servable = candidate.is_relative_to(root) and candidate.is_file()
        except (ValueError, OSError):  # a NUL byte, a name too long for the file system
            return JSONResponse({"detail": "not found"}, status_code=404)  # type: ignore[return-value]
        if path and servable:
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
