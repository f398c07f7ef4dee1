"""Progress of long reads, reported to whoever is listening (a CLI progress bar).

Readers wrap their main loop in :func:`tracked`; nothing is reported unless a
caller installed a callback with :func:`reporting`. A context variable keeps
the readers' signatures free of progress plumbing and is safe across threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

# callback(what, done, total)
ProgressCallback = Callable[[str, int, int], None]

_callback: ContextVar[ProgressCallback | None] = ContextVar("reefscope_ingest_progress", default=None)

# Report at most this often (in items) so that huge files are not slowed down.
_EVERY = 256


@contextmanager
def reporting(callback: ProgressCallback) -> Iterator[None]:
    """Send the progress of reads inside the block to ``callback(what, done, total)``."""
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def tracked(items: Sequence[T], what: str) -> Iterator[T]:
    """Iterate ``items``, reporting how many are done."""
    callback = _callback.get()
    if callback is None:
        yield from items
        return
    total = len(items)
    callback(what, 0, total)
    for done, item in enumerate(items, start=1):
        yield item
        if done % _EVERY == 0 or done == total:
            callback(what, done, total)
