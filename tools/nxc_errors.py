"""nxc's user errors (see tools/nxc.py): `NxcError`, printed as one line `nxc: error: ...`,
and the helpers that put a message on one line with its location first: a verifier's
` at loc(...)`, or the frame of the user's file an exception was raised in."""
from __future__ import annotations

import os
import re
import traceback


class NxcError(Exception):
    """A user error: printed as one line `nxc: error: <message>`, exit status 1."""


_HERE = os.path.dirname(os.path.realpath(__file__))


def own_file(path):
    """Whether `path` is one of nxc's own modules (tools/nxc.py, tools/nxc_*.py)."""
    path = os.path.realpath(path)
    return (os.path.dirname(path) == _HERE and os.path.basename(path).startswith("nxc")
            and path.endswith(".py"))


def one_line(e):
    return " ".join(str(e).split())


_VERIFY_LOC = re.compile(r' at loc\("((?:[^"\\]|\\.)*)":(\d+):(\d+)\)')


def locate_message(msg):
    """Moves a ` at loc("f":l:c)` in a message to its front, as `f:l:c: ...`."""
    m = _VERIFY_LOC.search(msg)
    if not m:
        return msg
    f = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
    return f"{f}:{m.group(2)}:{m.group(3)}: {msg[:m.start()]}{msg[m.end():]}"


def user_exception(exc, user_file, what="while tracing"):
    """One line for an exception raised by the user's code: `file:line: Type: message`, the
    location being the last traceback frame in the user's file (else the last frame outside
    this library and nxc)."""
    from nx.compiler import ir

    frames = traceback.extract_tb(exc.__traceback__)
    real = os.path.realpath(user_file)
    hit = None
    for fr in frames:
        if os.path.realpath(fr.filename) == real:
            hit = fr
    where = ""
    if hit is not None:
        where = f"{user_file}:{hit.lineno}: "
    else:
        for fr in frames:
            fn = os.path.abspath(fr.filename)
            if not ir.is_library_frame(fn) and not own_file(fn):
                hit = fr
        if hit is not None:
            where = f"{hit.filename}:{hit.lineno}: "
    msg = " ".join(str(exc).split("\n")) or "(no message)"
    return f"{where}{type(exc).__name__} {what}: {msg}" if not where else \
        f"{where}{type(exc).__name__}: {msg}"
