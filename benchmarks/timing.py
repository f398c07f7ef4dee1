"""Timing helpers shared by the benchmark sections."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_seconds(function: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``repeat`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def row(section: str, name: str, seconds: float, *, baseline: float | None = None, note: str = "") -> dict:
    """One table row; ``ratio`` is how many times faster than ``baseline``."""
    return {
        "section": section,
        "name": name,
        "median_seconds": seconds,
        "ratio": (baseline / seconds) if baseline else None,
        "note": note,
    }
