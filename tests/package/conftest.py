"""Fixtures of the Python-package tests."""

from __future__ import annotations

from tests.frontdoor import demo, demo_home, voc, writable_demo

__all__ = ["demo", "demo_home", "voc", "writable_demo"]
