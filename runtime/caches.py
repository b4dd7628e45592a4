"""One bounded cache type for every cache of the library, and one way to empty them all.

`LRUCache(name, maxsize)` keeps at most `maxsize` entries and evicts the least recently used
one. Every instance registers itself (weakly) under its name, so `clear_all()` (`nx.clear_caches`)
empties them all and `stats()` reports their sizes, hits and misses. Lookups cost one C dict
lookup and one `move_to_end` (about 0.1 µs over a plain dict), cheap next to what each entry
saves (an inference, a compile, a trace).
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["LRUCache", "clear_all", "stats", "register_clearer"]

_registry: weakref.WeakSet[LRUCache] = weakref.WeakSet()
_clearers: list[Callable[[], object]] = []
_MISSING = object()
_F = TypeVar("_F", bound=Callable[[], object])


class LRUCache:
    """A bounded mapping with least-recently-used eviction (thread-safe for single operations)."""

    __slots__ = ("name", "maxsize", "hits", "misses", "evictions", "_d", "_lock", "peek",
                 "__weakref__")

    def __init__(self, name: str, maxsize: int = 1024):
        if not isinstance(maxsize, int) or maxsize < 1:
            raise ValueError(f"LRUCache {name!r}: maxsize must be a positive integer, got "
                             f"{maxsize!r}")
        self.name = name
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        self._d: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        # `peek(key)`: the C-level lookup for the hottest paths (an eager op's inference): no
        # recency update and no counting, so entries only looked up this way leave in the
        # order they came (a bounded FIFO)
        self.peek = self._d.get
        _registry.add(self)

    def get(self, key: Hashable, default: Any = None) -> Any:
        d = self._d
        v = d.get(key, _MISSING)
        if v is _MISSING:
            self.misses += 1
            return default
        self.hits += 1
        try:
            d.move_to_end(key)
        except KeyError:   # evicted by another thread in between: still a valid answer
            pass
        return v

    def __getitem__(self, key: Hashable) -> Any:
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            d = self._d
            d[key] = value
            d.move_to_end(key)
            while len(d) > self.maxsize:
                d.popitem(last=False)
                self.evictions += 1

    def __contains__(self, key: object) -> bool:
        return key in self._d

    def __len__(self) -> int:
        return len(self._d)

    def pop(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            return self._d.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()

    def keys(self) -> list[Hashable]:
        return list(self._d.keys())

    def __repr__(self) -> str:
        return (f"LRUCache<{self.name!r}, {len(self._d)}/{self.maxsize} entries, "
                f"{self.hits} hits, {self.misses} misses>")


def register_clearer(fun: _F) -> _F:
    """Registers `fun()` to run on `clear_all()`: for caches that cannot be an `LRUCache`
    (each compiled function's own signature table)."""
    _clearers.append(fun)
    return fun


def clear_all() -> None:
    """Empties every registered cache (compiled programs stay valid for callers that hold
    them; the next call of anything else recompiles, or reloads from the disk cache)."""
    for c in list(_registry):
        c.clear()
    for fun in list(_clearers):
        fun()


def stats() -> dict[str, tuple[int, int, int, int]]:
    """{name: (entries, maxsize, hits, misses)} of every registered cache."""
    out: dict[str, tuple[int, int, int, int]] = {}
    for c in list(_registry):
        n, m, h, mi = out.get(c.name, (0, 0, 0, 0))
        out[c.name] = (n + len(c), m + c.maxsize, h + c.hits, mi + c.misses)
    return out
