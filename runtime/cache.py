"""The compilation cache: in memory, and on disk keyed by the StableHLO fingerprint, the device
and the library versions.

Disk entries are written to a temporary file and renamed into place, so concurrent processes
never see half a file; every entry carries a checksum, and an entry that does not verify or
does not load is ignored, removed and rebuilt, never fatal.

`NXC_CACHE_DIR` sets the folder (default `~/.cache/nxc`); `NXC_DISK_CACHE=0` turns it off.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading

from . import pjrt

_MAGIC = b"NXCEXE1\n"
_memory = {}
_lock = threading.Lock()
stats = {"memory_hits": 0, "disk_hits": 0, "compiles": 0, "corrupt": 0}


def cache_dir():
    return os.environ.get("NXC_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "nxc")


def disk_enabled():
    return os.environ.get("NXC_DISK_CACHE", "1") not in ("0", "false", "no", "")


def _versions(platform):
    import jaxlib

    from nx import __version__
    c = pjrt.client(platform)
    return f"nxc={__version__};jaxlib={jaxlib.__version__};platform={platform};" \
           f"pv={c.platform_version};dev={c.local_devices()[0].device_kind}"


def fingerprint(code: bytes, platform: str) -> str:
    h = hashlib.sha256()
    h.update(_versions(platform).encode())
    h.update(b"\0")
    h.update(code if isinstance(code, bytes) else code.encode())
    return h.hexdigest()


def _read(path):
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 32:
        return False
    digest, payload = blob[len(_MAGIC):len(_MAGIC) + 32], blob[len(_MAGIC) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        return False
    return payload


def _write(path, payload):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def compile_cached(code: bytes, platform="cpu", num_outputs=1) -> pjrt.Executable:
    key = fingerprint(code, platform)
    exe = _memory.get(key)
    if exe is not None:
        stats["memory_hits"] += 1
        return exe
    path = os.path.join(cache_dir(), key[:2], key + ".exe") if disk_enabled() else None
    if path is not None:
        payload = _read(path)
        if payload:
            try:
                exe = pjrt.deserialize(payload, platform, num_outputs)
                stats["disk_hits"] += 1
            except Exception:  # noqa: BLE001 - any failure to load means: rebuild
                exe = None
        if exe is None and payload is not None:
            stats["corrupt"] += 1
            try:
                os.unlink(path)
            except OSError:
                pass
    if exe is None:
        exe = pjrt.compile(code, platform, num_outputs)
        stats["compiles"] += 1
        if path is not None:
            try:
                _write(path, pjrt.serialize(exe))
            except Exception:  # noqa: BLE001 - a cache that cannot be written is just skipped
                pass
    with _lock:
        _memory[key] = exe
    return exe


def clear_memory():
    _memory.clear()
