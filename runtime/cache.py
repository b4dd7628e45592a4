"""The compilation cache: in memory, and on disk keyed by the StableHLO fingerprint, the device
and the library versions.

A disk entry is a serialized XLA executable: native code that this process loads and runs. The
cache is therefore treated as code (docs/cache.md has the full rules):

- The cache folder and its two-letter subfolders are created with mode 0700, entries with 0600.
- The cache folder is used only if it is a directory owned by this user and not writable by
  group or others, and every folder above it is owned by this user or root and not writable by
  group or others (unless it has the sticky bit, as /tmp does). Otherwise the disk cache is off
  for that folder in this process, with one `CacheSecurityWarning` naming the path and reason.
- An entry, or a subfolder, that is a symlink, is not a regular file (or folder), is owned by
  another user or is writable by group or others is not loaded (a `CacheSecurityWarning`).
  Entries are opened with O_NOFOLLOW and checked again on the open descriptor.
- Each entry holds its own key (the fingerprint), covered by its checksum, and is served only
  under that key: an entry copied or renamed to another key's file name is not loaded.

An entry that is ignored for any of these reasons, or that does not verify or does not load,
is compiled again and (where the folder is safe) replaced: the new entry is written to a
temporary file and renamed into place, which replaces a symlink rather than writing through it,
so concurrent processes never see half a file. None of this is ever fatal.

The cache folder is judged once per process (the verdict is kept; `reset_checks()` forgets
it); the subfolder (one lstat) and the entry are checked on each disk lookup, i.e. only when
the in-memory cache misses. A call of an already compiled function does none of this.

`NXC_CACHE_DIR` sets the folder (default `~/.cache/nxc`); `NXC_DISK_CACHE=0` turns it off.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
import threading
import warnings

from . import pjrt
from .caches import LRUCache

__all__ = ["CacheSecurityWarning", "cache_dir", "disk_enabled", "fingerprint", "compile_cached",
           "clear_memory", "reset_checks", "stats"]

# format 2: magic, sha256(key + b"\n" + payload), key + b"\n", payload
_MAGIC = b"NXCEXE2\n"
_DIGEST = 32
_KEY_LEN = 64  # a sha256 hex digest
_memory = LRUCache("compiled executables (by StableHLO fingerprint)", 1024)
_lock = threading.Lock()
stats = {"memory_hits": 0, "disk_hits": 0, "compiles": 0, "corrupt": 0, "rejected": 0}

# folder path -> (the path to use, None or the reason it is refused, whether that was warned
# about); see _checked_dir and _checked_sub. reset_checks() empties it.
_dir_verdicts: dict[str, tuple[str, str | None, bool]] = {}
_POSIX = hasattr(os, "geteuid")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class CacheSecurityWarning(UserWarning):
    """A disk cache folder or entry was not used: it could have been written by someone else
    (another owner, group/other write permission, a symlink) or it is not the entry of the key
    it is stored under. The program is still correct: what is not loaded is compiled again."""


def cache_dir():
    return os.environ.get("NXC_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "nxc")


def disk_enabled():
    return os.environ.get("NXC_DISK_CACHE", "1") not in ("0", "false", "no", "")


def reset_checks():
    """Forget the folder verdicts (and so which folders were warned about) of this process."""
    with _lock:
        _dir_verdicts.clear()


def _warn(msg):
    warnings.warn(msg, CacheSecurityWarning, stacklevel=2)


def _versions(platform):
    import jaxlib

    from nx import __version__
    c = pjrt.client(platform)
    return f"nxc={__version__};jaxlib={jaxlib.__version__};platform={platform};" \
           f"pv={c.platform_version};dev={c.local_devices()[0].device_kind}"


def fingerprint(code: bytes, platform: str, device: int = 0) -> str:
    h = hashlib.sha256()
    h.update(_versions(platform).encode())
    if device:
        h.update(f";device={device}".encode())
    h.update(b"\0")
    h.update(code if isinstance(code, bytes) else code.encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# ownership and permission checks


def _problem(st, what, *, mine=True, sticky_ok=False, check_mode=True):
    """Why a file or folder with this lstat/fstat result may have been written by someone else,
    or None. `mine`: it must be owned by this user (else this user or root will do);
    `sticky_ok`: group/other write is fine on a sticky folder (/tmp); `check_mode`: look at the
    permission bits (not for symlinks, whose bits mean nothing)."""
    if not _POSIX:
        return None
    uid = os.geteuid()
    if st.st_uid != uid and (mine or st.st_uid != 0):
        return f"{what} is owned by uid {st.st_uid}, not by this user (uid {uid})"
    w = st.st_mode & 0o022
    if check_mode and w and not (sticky_ok and stat.S_ISDIR(st.st_mode)
                                 and st.st_mode & stat.S_ISVTX):
        who = "group and others" if w == 0o022 else "group" if w == 0o020 else "others"
        return f"{what} is writable by {who} (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def _prefixes(path):
    """'/a/b/c' -> ['/', '/a', '/a/b']: the folders above `path`."""
    out = []
    head = os.path.dirname(path)
    while True:
        out.append(head)
        parent = os.path.dirname(head)
        if parent == head:
            return out[::-1]
        head = parent


def _make_dirs(path):
    """Create `path` and any missing folder above it, each with mode 0700."""
    missing = []
    p = path
    while not os.path.lexists(p):
        missing.append(p)
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
    for p in reversed(missing):
        try:
            os.mkdir(p, 0o700)
        except FileExistsError:
            continue
        os.chmod(p, 0o700)  # mkdir's mode is reduced by the umask


_SYMLINK = "it is a symlink (the cache never follows one out of its folder)"


def _root_verdict(path):
    """Create the cache folder if needed and judge it: (real path, None) if it may be used,
    else (path, reason, warn) -- warn is False when it merely cannot be created or read."""
    path = os.path.abspath(path)
    try:
        _make_dirs(path)
    except OSError as e:
        return path, f"it cannot be created ({e.strerror or e})", False
    real = os.path.realpath(path)
    try:
        # the folders the path goes through as written (a symlink on the way, the folder that
        # holds it, and the path itself if it is a symlink count) and those of the real path
        for p in _prefixes(path) + [path] + _prefixes(real):
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                why = _problem(st, f"the symlink {p}", mine=False, check_mode=False)
            elif p == path:
                continue  # the folder itself: judged below
            elif stat.S_ISDIR(st.st_mode):
                why = _problem(st, f"the folder {p} above it", mine=False, sticky_ok=True)
            else:
                why = f"{p} is not a folder"
            if why:
                return path, why, True
        st = os.lstat(real)
    except OSError as e:
        return path, f"it cannot be inspected ({e.strerror or e})", False
    if not stat.S_ISDIR(st.st_mode):
        return path, "it is not a folder", False
    why = _problem(st, "it")
    if why:
        return path, why, True
    return real, None, False


def _checked_dir(path):
    """The real path of the cache folder `path` if it may be used, else None. Judged once per
    folder per process; an unsafe folder is warned about once."""
    v = _dir_verdicts.get(path)
    if v is None:
        v = _root_verdict(path)
        with _lock:
            first = path not in _dir_verdicts
            _dir_verdicts[path] = v
        if v[2] and first:
            _warn(f"nxc: not using the compilation disk cache {path}: {v[1]}; programs are "
                  f"compiled in this process instead. Use a folder only you can write "
                  f"(owned by you, chmod 700), or point NXC_CACHE_DIR elsewhere.")
    return None if v[1] else v[0]


def _checked_sub(sub):
    """True if the subfolder `sub` of a safe cache folder may be used (created if missing).
    Looked at (one lstat) on every disk lookup, so a subfolder swapped for a symlink later is
    still caught; an unsafe one is warned about once per process."""
    try:
        st = os.lstat(sub)
    except FileNotFoundError:
        try:
            os.mkdir(sub, 0o700)
            os.chmod(sub, 0o700)  # mkdir's mode is reduced by the umask
            return True
        except FileExistsError:  # another process made it just now
            return _checked_sub(sub)
        except FileNotFoundError:
            _forget_safe_verdicts()  # the cache folder itself was removed
            return False
        except OSError:
            return False  # cannot be created (read-only, full): not a safety matter
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode):
        why = _SYMLINK
    elif not stat.S_ISDIR(st.st_mode):
        why = "it is not a folder"
    else:
        why = _problem(st, "it")
    if why is None:
        return True
    with _lock:
        first = _dir_verdicts.get(sub) != (sub, why, True)
        _dir_verdicts[sub] = (sub, why, True)
    if first:
        _warn(f"nxc: not using the compilation cache subfolder {sub}: {why}; its programs are "
              f"compiled in this process instead. Remove it and the cache recreates it.")
    return False


def _forget_safe_verdicts():
    """A cache folder vanished (removed by hand): judge and recreate it on the next lookup."""
    with _lock:
        for k in [k for k, v in _dir_verdicts.items() if v[1] is None]:
            del _dir_verdicts[k]


# ---------------------------------------------------------------------------------------------
# entries


class _Rejected(Exception):
    """An entry that must not be loaded: its text is the reason."""


def _read(path, key):
    """The payload of the entry at `path` for `key`: None if there is none, False if it is
    corrupt; raises _Rejected if it must not be trusted."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise _Rejected(_SYMLINK)
    try:
        # O_NOFOLLOW: a symlink swapped in after the lstat is not followed either;
        # O_NONBLOCK: a FIFO does not hang the open (it is rejected below)
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK):
            raise _Rejected(_SYMLINK) from None
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)  # the file actually opened
        if not stat.S_ISREG(st.st_mode):
            raise _Rejected("it is not a regular file")
        why = _problem(st, "it")
        if why:
            raise _Rejected(why)
        try:
            blob = f.read()
        except OSError:
            return None
    head = len(_MAGIC) + _DIGEST
    if not blob.startswith(_MAGIC) or len(blob) < head + _KEY_LEN + 1:
        return False
    digest, body = blob[len(_MAGIC):head], blob[head:]
    if hashlib.sha256(body).digest() != digest or body[_KEY_LEN:_KEY_LEN + 1] != b"\n":
        return False
    stored = body[:_KEY_LEN].decode("ascii", "replace")
    if stored != key:
        raise _Rejected(f"it is the entry of another key ({stored}), and an entry is only "
                        f"served under its own key")
    return body[_KEY_LEN + 1:]


def _encode(key, payload):
    body = key.encode("ascii") + b"\n" + payload
    return _MAGIC + hashlib.sha256(body).digest() + body


def _write(path, key, payload):
    """Write the entry atomically with mode 0600. The rename replaces whatever name is at
    `path` (a symlink included); it never writes through it."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), 0o600)
            f.write(_encode(key, payload))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _entry_path(key):
    """Where the entry for `key` goes, or None: disk cache off, or its folder not safe."""
    if not disk_enabled():
        return None
    root = _checked_dir(cache_dir())
    if root is None:
        return None
    sub = os.path.join(root, key[:2])
    if not _checked_sub(sub):
        return None
    return os.path.join(sub, key + ".exe")


def compile_cached(code: bytes, platform="cpu", num_outputs=1, device=0) -> pjrt.Executable:
    key = fingerprint(code, platform, device)
    exe = _memory.get(key)
    if exe is not None:
        stats["memory_hits"] += 1
        return exe
    path = _entry_path(key)
    if path is not None:
        try:
            payload = _read(path, key)
        except _Rejected as e:
            stats["rejected"] += 1
            _warn(f"nxc: not loading the compilation cache entry {path}: {e}; compiling the "
                  f"program again and replacing the entry.")
            payload = None
        if payload:
            try:
                exe = pjrt.deserialize(payload, platform, num_outputs, device)
                stats["disk_hits"] += 1
            except Exception:  # noqa: BLE001 - any failure to load means: rebuild
                exe = None
        if exe is None and payload is not None:
            stats["corrupt"] += 1
            try:
                os.unlink(path)  # removes the name; never follows a symlink
            except OSError:
                pass
    if exe is None:
        exe = pjrt.compile(code, platform, num_outputs, device)
        stats["compiles"] += 1
        if path is not None:
            try:
                _write(path, key, pjrt.serialize(exe))
            except FileNotFoundError:
                _forget_safe_verdicts()  # its folder was removed: judged and recreated next time
            except Exception:  # noqa: BLE001 - a cache that cannot be written is just skipped
                pass
    with _lock:
        _memory[key] = exe
    return exe


def clear_memory():
    _memory.clear()
