"""The one bounded cache type (runtime/caches.py) and nx.clear_caches()."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx import _dispatch
from nx.runtime import cache as disk
from nx.runtime.caches import LRUCache, stats


def test_lru_evicts_the_least_recently_used():
    c = LRUCache("test lru", 3)
    for k in "abc":
        c[k] = k.upper()
    assert c.get("a") == "A"          # a is now the most recent
    c["d"] = "D"                      # evicts b, the least recently used
    assert "b" not in c and c.keys() == ["c", "a", "d"]
    assert c.evictions == 1 and c.hits == 1
    assert c.get("zzz") is None and c.misses == 1
    with pytest.raises(KeyError):
        c["b"]
    assert stats()["test lru"][0] == 3


def test_lru_rejects_a_bad_size():
    with pytest.raises(ValueError, match="maxsize must be a positive integer"):
        LRUCache("bad", 0)


def test_eager_inference_cache_is_bounded():
    c = _dispatch._infer_cache
    assert isinstance(c, LRUCache) and c.maxsize == 4096
    for n in range(1, 40):
        nx.add(nx.tensor(np.zeros(n, np.float32)), 1.0)
    assert len(c) <= c.maxsize


def test_clear_caches_empties_every_cache_and_programs_still_work():
    f = nx.jit(lambda x: x * 2)
    x = nx.tensor([1.0, 2.0])
    assert f(x).tolist() == [2.0, 4.0]
    nx.exp(nx.tensor([1.0], backend="xla"))
    assert len(f.cache) > 0 and len(_dispatch._infer_cache) > 0 and len(disk._memory) > 0
    nx.clear_caches()
    assert len(f.cache) == 0
    assert len(_dispatch._infer_cache) == 0 and len(_dispatch._eager_cache) == 0
    assert len(disk._memory) == 0
    assert f(x).tolist() == [2.0, 4.0]    # rebuilt on demand
    assert nx.exp(nx.tensor([0.0], backend="xla")).tolist() == [1.0]
