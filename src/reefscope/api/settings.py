"""Server settings, from the environment (``REEFSCOPE_*``) or explicit arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from reefscope.api.limits import DEFAULT_MAX_BODY_BYTES
from reefscope.store import workspace_path


def _default_web_dist() -> Path | None:
    # A source checkout serves web/dist; an installed package ships reefscope/web_dist.
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "web" / "dist", here.parents[1] / "web_dist"):
        if (candidate / "index.html").is_file():
            return candidate
    return None


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REEFSCOPE_", extra="ignore")

    home: Path = Field(default_factory=workspace_path, description="Workspace directory")
    api_key: str | None = Field(default=None, description="When set, write endpoints require it")
    web_dist: Path | None = Field(default_factory=_default_web_dist, description="Built web app to serve")
    allowed_hosts: list[str] | None = Field(
        default=None,
        description="Host header values to accept (guards a loopback server against DNS rebinding); "
        "None accepts any",
    )
    cache_budget_bytes: int = Field(default=4 * 1024**3, description="Memory budget for cached evaluators")
    read_only: bool = Field(
        default=False, description="Refuse every write (also forced when the workspace is)"
    )
    max_body_bytes: int = Field(
        default=DEFAULT_MAX_BODY_BYTES, ge=0, description="Cap on request bodies (413)"
    )
    body_limits: dict[str, int] = Field(
        default_factory=dict, description="Body caps for path prefixes that take larger uploads"
    )
