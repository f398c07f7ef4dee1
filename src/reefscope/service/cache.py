"""A bounded, thread-safe cache of loaded datasets and built evaluators.

Entries are keyed by content ids, so re-imports never hit stale entries;
least recently used entries are dropped once the estimated size exceeds the
budget. Concurrent requests for the same missing entry build it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_BUDGET_BYTES = 4 * 1024**3


class BoundedCache:
    def __init__(self, *, budget_bytes: int = DEFAULT_BUDGET_BYTES, max_entries: int = 32) -> None:
        self.budget_bytes = budget_bytes
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], T], size: Callable[[T], int]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
            build_lock = self._building.setdefault(key, threading.Lock())
        with build_lock:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key][0]
            value = build()
            with self._lock:
                self._entries[key] = (value, size(value))
                self._building.pop(key, None)
                self._evict()
            return value

    def _evict(self) -> None:
        total = sum(entry_size for _, entry_size in self._entries.values())
        while len(self._entries) > 1 and (total > self.budget_bytes or len(self._entries) > self.max_entries):
            _, (_, entry_size) = self._entries.popitem(last=False)
            total -= entry_size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
