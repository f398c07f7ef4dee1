"""Fixtures of the CLI tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.frontdoor import demo, demo_home, voc, writable_demo

__all__ = ["demo", "demo_home", "runner", "voc", "writable_demo"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
