"""The compilation cache (runtime/cache.py): disk hits, corrupted entries, concurrency."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nx
from nx.runtime import cache


def test_session_cache_dir_is_not_home():
    # conftest.py points the cache at a per-session temporary folder
    d = os.environ.get("NXC_CACHE_DIR")
    assert d and cache.cache_dir() == d
    assert os.path.basename(d).startswith("nxc-test-cache-")
    assert not d.startswith(os.path.join(os.path.expanduser("~"), ".cache"))


@pytest.fixture
def disk(tmp_path, monkeypatch):
    monkeypatch.setenv("NXC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NXC_DISK_CACHE", raising=False)
    cache.clear_memory()
    yield tmp_path
    cache.clear_memory()


def _entries(root):
    return sorted(p for p in root.rglob("*.exe"))


def _fun(x):
    return nx.sin(x) * 3.25 + nx.sum(x)


X = np.asarray([0.5, -1.0, 2.0], np.float32)
EXPECTED = np.sin(X.astype(np.float64)) * 3.25 + X.astype(np.float64).sum()


def _run():
    """A fresh jit each time: its own per-function cache is empty, so it must go to the
    compilation cache."""
    r = nx.jit(_fun)(nx.tensor(X))
    np.testing.assert_allclose(np.asarray(r), EXPECTED, rtol=1e-6)
    return r


def test_second_compile_hits_disk(disk):
    s0 = dict(cache.stats)
    _run()
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert cache.stats["disk_hits"] == s0["disk_hits"]
    files = _entries(disk)
    assert len(files) == 1
    assert files[0].parent.name == files[0].stem[:2]
    assert not [p for p in disk.rglob(".tmp-*")]

    # same process, memory cache hit
    _run()
    assert cache.stats["memory_hits"] == s0["memory_hits"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1

    # memory cleared: loaded from disk, not compiled
    cache.clear_memory()
    _run()
    assert cache.stats["disk_hits"] == s0["disk_hits"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert _entries(disk) == files


def test_disk_cache_can_be_turned_off(disk, monkeypatch):
    monkeypatch.setenv("NXC_DISK_CACHE", "0")
    s0 = dict(cache.stats)
    _run()
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert _entries(disk) == []


def _flip(path):
    blob = bytearray(path.read_bytes())
    for i in range(len(blob) - 1, len(blob) - 17, -1):
        blob[i] ^= 0xFF
    path.write_bytes(bytes(blob))


def _truncate(path):
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])


def _empty(path):
    path.write_bytes(b"")


def _garbage_with_valid_checksum(path):
    payload = b"this is not an executable" * 10
    path.write_bytes(b"NXCEXE1\n" + hashlib.sha256(payload).digest() + payload)


def _header_only(path):
    path.write_bytes(path.read_bytes()[:8])


@pytest.mark.parametrize("corrupt", [_flip, _truncate, _empty, _garbage_with_valid_checksum,
                                     _header_only])
def test_corrupted_entry_is_ignored_and_rebuilt(disk, corrupt):
    _run()
    (path,) = _entries(disk)
    good = path.read_bytes()
    corrupt(path)
    cache.clear_memory()
    s0 = dict(cache.stats)
    _run()  # no crash, right values
    assert cache.stats["corrupt"] == s0["corrupt"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert cache.stats["disk_hits"] == s0["disk_hits"]
    # rebuilt entry, loadable again
    (path2,) = _entries(disk)
    assert path2 == path
    assert len(path.read_bytes()) == len(good)
    cache.clear_memory()
    _run()
    assert cache.stats["disk_hits"] == s0["disk_hits"] + 1


def test_unreadable_cache_dir_is_not_fatal(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NXC_CACHE_DIR", str(blocker / "sub"))
    cache.clear_memory()
    try:
        _run()
    finally:
        cache.clear_memory()


_SCRIPT = textwrap.dedent("""
    import sys, time
    import numpy as np
    import nx
    from nx.runtime import cache

    start = float(sys.argv[1])
    while time.time() < start:
        time.sleep(0.001)

    @nx.defn
    def f(x, y):
        return nx.dot(nx.tanh(x), y) + nx.reduce_max(x)

    x = nx.tensor(np.arange(12, dtype=np.float32).reshape(3, 4) / 10)
    y = nx.tensor(np.ones((4, 2), np.float32))
    r = f(x, y)
    print(repr(np.asarray(r).round(5).tolist()))
    print(cache.stats["compiles"], cache.stats["disk_hits"], cache.stats["corrupt"])
""")


def _expected_script_result():
    x = np.arange(12, dtype=np.float64).reshape(3, 4) / 10
    return (np.tanh(x) @ np.ones((4, 2)) + x.max()).round(5)


def test_concurrent_processes(tmp_path):
    import time

    script = tmp_path / "compile_one.py"
    script.write_text(_SCRIPT)
    cdir = tmp_path / "cache"
    env = dict(os.environ, NXC_CACHE_DIR=str(cdir))
    env.pop("NXC_DISK_CACHE", None)
    start = time.time() + 3.0   # both processes start compiling at the same moment
    procs = [subprocess.Popen([sys.executable, str(script), str(start)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        lines = out.strip().split("\n")
        np.testing.assert_allclose(np.asarray(eval(lines[0])), _expected_script_result(),
                                   atol=2e-5)
        assert lines[1].split()[2] == "0"   # nothing corrupt
    entries = _entries(cdir)
    assert entries, "no cache entry was written"
    assert not list(cdir.rglob(".tmp-*")), "temporary files left behind"

    # a third process finds everything on disk
    out = subprocess.run([sys.executable, str(script), "0"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    compiles, disk_hits, corrupt = map(int, out.stdout.strip().split("\n")[1].split())
    assert compiles == 0 and disk_hits >= 1 and corrupt == 0
    assert _entries(cdir) == entries
