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


def format_table(rows: list[dict]) -> str:
    """The rows as a text table, one block per section."""
    lines = []
    current = None
    for entry in rows:
        if entry["section"] != current:
            current = entry["section"]
            lines.append(f"\n{current}")
            lines.append(f"  {'what':<66} {'median':>10} {'x faster':>9}  note")
        seconds = entry["median_seconds"]
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        ratio = f"{entry['ratio']:.1f}x" if entry.get("ratio") else ""
        lines.append(f"  {entry['name']:<66} {shown:>10} {ratio:>9}  {entry.get('note', '')}")
    return "\n".join(lines)
