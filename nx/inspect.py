"""Nx's inspect format for tensors (`repr`), as Nx v0.10 prints them.

Floats print as Elixir's `Float.to_string/1` prints the element's exact value as a double
(the shortest round-trip digits, with Erlang's rule for when to use an exponent): an f32
`2677.32` prints `2677.320068359375`, as in the seeds.
"""
from __future__ import annotations

import math

import numpy as np

from . import types as T

LIMIT = 50


def format_float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Inf"
    if x == -math.inf:
        return "-Inf"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    r = repr(abs(x))
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    digits = (ip + fp).lstrip("0")
    place = exp - len(fp)
    stripped = digits.rstrip("0")
    place += len(digits) - len(stripped)
    s = stripped
    n = len(s)
    e = place + n - 1
    exp_s = str(e)
    cost = len(exp_s) + 2
    if place < 0:
        if e >= 0:
            out = s[:n + place] + "." + s[n + place:]
        elif 2 - place - n <= cost:
            out = "0." + "0" * (-place - n) + s
        else:
            out = _with_exp(s, exp_s)
    else:
        dot = 1 if n == 1 else 0
        if cost + dot >= place + 2 and abs(x) < 2.0 ** 53:
            out = s + "0" * place + ".0"
        else:
            out = _with_exp(s, exp_s)
    return sign + out


def _with_exp(s, exp_s):
    if len(s) == 1:
        return s + ".0e" + exp_s
    return s[0] + "." + s[1:] + "e" + exp_s


def format_element(v, t: T.Type) -> str:
    kind = t[0]
    if kind in ("s", "u"):
        return str(int(v))
    if kind == "c":
        re, im = format_float(float(v.real)), format_float(float(v.imag))
        return re + (im if im.startswith("-") else "+" + im) + "i"
    return format_float(float(v))


def format_shape(shape, names) -> str:
    names = names or [None] * len(shape)
    return "".join(f"[{n}: {d}]" if n is not None else f"[{d}]" for d, n in zip(shape, names))


def format_data(array: np.ndarray, t: T.Type, limit=LIMIT) -> str:
    """The data part: nested lists, innermost on one line, outer levels one item per line."""
    flat = array.reshape(-1).tolist() if t[0] != "c" else list(array.reshape(-1))
    if t[0] in ("f", "bf") and array.dtype != np.float64:
        flat = array.astype(np.float64).reshape(-1).tolist()
    pos = [0]
    lim = [limit if limit is not None else math.inf]

    def chunk(dims, indent):
        if not dims:
            s = format_element(flat[pos[0]], t)
            pos[0] += 1
            lim[0] -= 1
            return s
        d, rest = dims[0], dims[1:]
        items = []
        start = pos[0]
        inner = 1
        for x in rest:
            inner *= x
        for i in range(d):
            if lim[0] <= 0:
                items.append("...")
                break
            pos[0] = start + i * inner
            items.append(chunk(rest, indent + "  "))
        pos[0] = start + d * inner
        if not rest:
            return "[" + ", ".join(items) + "]"
        body = (",\n" + indent + "  ").join(items)
        return "[\n" + indent + "  " + body + "\n" + indent + "]"

    if array.ndim == 0:
        return format_element(flat[0], t)
    return chunk(list(array.shape), "")


def inspect(shape, t, names, vectorized_axes, array, limit=LIMIT, label="nx.Tensor") -> str:
    lines = [f"{label}<"]
    if vectorized_axes:
        lines.append("  vectorized" + format_shape([s for _, s in vectorized_axes],
                                                  [n for n, _ in vectorized_axes]))
    lines.append("  " + t.name + format_shape(shape, names))
    if array is not None:
        full_shape = tuple(s for _, s in vectorized_axes) + tuple(shape)
        data = format_data(np.asarray(array).reshape(full_shape), t, limit)
        lines.extend("  " + ln for ln in data.split("\n"))
    lines.append(">")
    return "\n".join(lines)
