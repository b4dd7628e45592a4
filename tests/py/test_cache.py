"""The compilation cache (runtime/cache.py): disk hits, corrupted entries, concurrency, and the
safety rules for a folder of native code (owners, modes, symlinks, keys; docs/cache.md)."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import textwrap
import warnings

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
    # ... and the safety checks accept it (else every test would silently compile)
    assert cache._checked_dir(d) == os.path.realpath(d)


@pytest.fixture
def disk(tmp_path, monkeypatch):
    monkeypatch.setenv("NXC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NXC_DISK_CACHE", raising=False)
    cache.clear_memory()
    cache.reset_checks()
    yield tmp_path
    cache.clear_memory()
    cache.reset_checks()


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


def _run_quiet():
    """_run, asserting that no cache safety warning is raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = _run()
    assert not [w for w in caught if issubclass(w.category, cache.CacheSecurityWarning)], \
        [str(w.message) for w in caught]
    return r


def test_second_compile_hits_disk(disk):
    s0 = dict(cache.stats)
    _run_quiet()
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
    _run_quiet()
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


def _entry(key, payload, magic=b"NXCEXE2\n"):
    """An entry in the cache's format 2, written here independently of runtime/cache.py."""
    body = key.encode() + b"\n" + payload
    return magic + hashlib.sha256(body).digest() + body


def _payload(path):
    blob = path.read_bytes()
    assert blob.startswith(b"NXCEXE2\n")
    assert blob[40:104].decode() == path.stem and blob[104:105] == b"\n"
    return blob[105:]


def _garbage_with_valid_checksum(path):
    # right format, right key, checksum verifies: only loading it fails
    path.write_bytes(_entry(path.stem, b"this is not an executable" * 10))


def _format_1(path):
    # the previous format (no key inside) with a valid checksum of a real executable
    payload = _payload(path)
    path.write_bytes(b"NXCEXE1\n" + hashlib.sha256(payload).digest() + payload)


def _header_only(path):
    path.write_bytes(path.read_bytes()[:8])


@pytest.mark.parametrize("corrupt", [_flip, _truncate, _empty, _garbage_with_valid_checksum,
                                     _header_only, _format_1])
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
    cache.reset_checks()
    try:
        _run_quiet()  # a folder that cannot be created is not a safety matter: no warning
    finally:
        cache.clear_memory()
        cache.reset_checks()


# --- the cache holds native code: owners, modes, symlinks and keys -----------------------------

OTHER_UID = 54321
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="os.chown to another uid needs root")


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def _security_warnings(caught):
    return [str(w.message) for w in caught if issubclass(w.category, cache.CacheSecurityWarning)]


def _run_warned(*needles):
    """_run (result checked against NumPy), asserting exactly one CacheSecurityWarning that
    contains every needle."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _run()
    msgs = _security_warnings(caught)
    assert len(msgs) == 1, msgs
    for n in needles:
        assert n in msgs[0], (n, msgs[0])
    return msgs[0]


def _use(monkeypatch, folder):
    monkeypatch.setenv("NXC_CACHE_DIR", str(folder))
    cache.clear_memory()


def test_fresh_cache_dir_is_0700_and_entries_0600(disk, monkeypatch):
    root = disk / "a" / "b" / "nxc"
    _use(monkeypatch, root)
    old = os.umask(0o277)  # mkdir/mkstemp modes alone would give 0500/0400: the cache must chmod
    try:
        _run_quiet()
    finally:
        os.umask(old)
    for d in (disk / "a", disk / "a" / "b", root):
        assert _mode(d) == 0o700, (d, oct(_mode(d)))
    (entry,) = _entries(root)
    assert _mode(entry.parent) == 0o700
    assert _mode(entry) == 0o600
    assert os.stat(entry).st_uid == os.geteuid()


def test_entry_holds_its_key_under_the_checksum(disk):
    _run_quiet()
    (entry,) = _entries(disk)
    blob = entry.read_bytes()
    assert blob[:8] == b"NXCEXE2\n"
    assert hashlib.sha256(blob[40:]).digest() == blob[8:40]
    assert blob[40:104] == entry.stem.encode()


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_writable_cache_dir_is_refused_with_one_warning(disk, monkeypatch, mode):
    root = disk / "shared"
    root.mkdir()
    root.chmod(mode)
    _use(monkeypatch, root)
    s0 = dict(cache.stats)
    msg = _run_warned(str(root), "writable by", f"{mode:04o}")
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert _entries(root) == [] and list(root.iterdir()) == []  # nothing written there
    assert _mode(root) == mode  # and its mode left alone

    # the verdict is kept: no second warning for that folder in this process
    cache.clear_memory()
    _run_quiet()
    assert cache.stats["compiles"] == s0["compiles"] + 2
    assert _entries(root) == []

    # reset_checks() forgets it (the same warning again)
    cache.reset_checks()
    cache.clear_memory()
    assert _run_warned(str(root)) == msg


@needs_root
def test_cache_dir_owned_by_another_user_is_refused(disk, monkeypatch):
    root = disk / "theirs"
    root.mkdir(mode=0o700)
    os.chown(root, OTHER_UID, -1)
    _use(monkeypatch, root)
    _run_warned(str(root), f"owned by uid {OTHER_UID}")
    assert list(root.iterdir()) == []


def test_writable_folder_above_is_refused_unless_sticky(disk, monkeypatch):
    above = disk / "open"
    above.mkdir()
    above.chmod(0o777)
    root = above / "nxc"
    _use(monkeypatch, root)
    _run_warned(str(root), f"the folder {above} above it", "writable by group and others")
    assert _entries(root) == []

    above.chmod(0o1777)  # like /tmp: others cannot rename or remove what is ours
    cache.reset_checks()
    cache.clear_memory()
    _run_quiet()
    assert len(_entries(root)) == 1


def test_symlink_on_the_way_must_be_ours(disk, monkeypatch):
    real = disk / "real"
    real.mkdir(mode=0o700)
    link = disk / "link"
    link.symlink_to(real)
    _use(monkeypatch, link)
    _run_quiet()  # a symlink the user set up (owned by them) is followed to the real folder
    (entry,) = _entries(real)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.chown(link, OTHER_UID, -1, follow_symlinks=False)
        cache.reset_checks()
        cache.clear_memory()
        s0 = dict(cache.stats)
        _run_warned(f"the symlink {link}", f"owned by uid {OTHER_UID}")
        assert cache.stats["disk_hits"] == s0["disk_hits"]


def _one_entry(disk):
    _run_quiet()
    (entry,) = _entries(disk)
    cache.clear_memory()
    return entry


def _rejected_then_rebuilt(disk, entry, *needles):
    """Loading `entry` is refused with one warning, the program is compiled again (result
    checked against NumPy), and the entry replaced by a good one of ours."""
    s0 = dict(cache.stats)
    _run_warned(str(entry), *needles)
    assert cache.stats["rejected"] == s0["rejected"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert cache.stats["disk_hits"] == s0["disk_hits"]
    st = os.lstat(entry)
    assert stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()
    assert stat.S_IMODE(st.st_mode) == 0o600
    cache.clear_memory()
    _run_quiet()
    assert cache.stats["disk_hits"] == s0["disk_hits"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1


@needs_root
def test_entry_owned_by_another_user_is_not_loaded(disk):
    entry = _one_entry(disk)
    os.chown(entry, OTHER_UID, -1)
    _rejected_then_rebuilt(disk, entry, f"owned by uid {OTHER_UID}")


@pytest.mark.parametrize("mode", [0o666, 0o620])
def test_entry_writable_by_others_is_not_loaded(disk, mode):
    entry = _one_entry(disk)
    entry.chmod(mode)
    _rejected_then_rebuilt(disk, entry, "writable by", f"{mode:04o}")


def test_symlinked_entry_is_not_followed(disk, tmp_path_factory):
    entry = _one_entry(disk)
    outside = tmp_path_factory.mktemp("outside") / "planted.exe"
    os.replace(entry, outside)  # a valid entry, even: it must still not be loaded via a link
    planted = outside.read_bytes()
    entry.symlink_to(outside)
    _rejected_then_rebuilt(disk, entry, "symlink")
    assert outside.read_bytes() == planted  # replaced the link, did not write through it


def test_fifo_entry_does_not_hang(disk):
    entry = _one_entry(disk)
    entry.unlink()
    os.mkfifo(entry, 0o600)
    _rejected_then_rebuilt(disk, entry, "not a regular file")


def test_symlinked_subfolder_is_not_followed(disk, tmp_path_factory):
    entry = _one_entry(disk)
    sub = entry.parent
    outside = tmp_path_factory.mktemp("outside") / "sub"
    os.replace(sub, outside)
    sub.symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    s0 = dict(cache.stats)
    _run_warned(str(sub), "symlink")
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert cache.stats["disk_hits"] == s0["disk_hits"]
    assert os.path.islink(sub)  # left as it is, and nothing written through it
    assert sorted(p.name for p in outside.iterdir()) == before
    cache.clear_memory()
    _run_quiet()  # once per folder per process
    assert cache.stats["compiles"] == s0["compiles"] + 2


def _other_fun(x):
    return nx.cos(x) - 7.5


OTHER_EXPECTED = np.cos(X.astype(np.float64)) - 7.5


def _run_other():
    r = nx.jit(_other_fun)(nx.tensor(X))
    np.testing.assert_allclose(np.asarray(r), OTHER_EXPECTED, rtol=1e-6)


@pytest.mark.parametrize("how", ["copy", "rename"])
def test_entry_under_another_key_is_not_served(disk, how):
    _run_quiet()
    (a,) = _entries(disk)
    _run_other()
    (b,) = set(_entries(disk)) - {a}
    # b's file now holds a's (valid, checksummed) entry: the old format would have served
    # _fun's executable for _other_fun
    if how == "copy":
        b.write_bytes(a.read_bytes())
    else:
        os.replace(a, b)
    cache.clear_memory()
    s0 = dict(cache.stats)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _run_other()  # checked against NumPy
    (msg,) = _security_warnings(caught)
    assert str(b) in msg and "another key" in msg and a.stem in msg
    assert cache.stats["rejected"] == s0["rejected"] + 1
    assert cache.stats["compiles"] == s0["compiles"] + 1
    assert _payload(b)  # rebuilt under its own key
    cache.clear_memory()
    _run_other()
    assert cache.stats["disk_hits"] == s0["disk_hits"] + 1


def test_folder_checks_run_once_per_process(disk, monkeypatch):
    calls = []
    judge = cache._root_verdict
    monkeypatch.setattr(cache, "_root_verdict", lambda p: calls.append(p) or judge(p))
    _run_quiet()
    _run_other()
    cache.clear_memory()
    _run_quiet()
    assert calls == [str(disk)]


def test_removed_cache_dir_is_recreated(disk):
    import shutil

    _run_quiet()
    shutil.rmtree(disk)
    cache.clear_memory()
    _run_quiet()  # judged safe before; its removal is noticed on write ...
    cache.clear_memory()
    _run_quiet()  # ... and the folder recreated on the next lookup
    assert _mode(disk) == 0o700 and len(_entries(disk)) == 1


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
