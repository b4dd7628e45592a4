"""Nx's `~VEC` and `~MAT` sigils (Nx v0.10) as `vec` and `mat`: tensors from strings of
numbers.
"""
from __future__ import annotations

import builtins
import math
import re

import numpy as np

from . import types as T

__all__ = ["vec", "mat"]


_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?\d+\.\d+(?:[eE][+-]?\d+)?")
_REAL = r"(?:[+-]?(?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?|Inf|inf|NaN|nan))"
_COMPLEX_RE = re.compile(rf"(?P<re>{_REAL})?"
                         r"(?:(?P<im>[+-](?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?|Inf|inf|NaN|nan))i)?")
_IMAG_RE = re.compile(rf"(?P<im>{_REAL})i")
_NONFINITE = {"inf": math.inf, "nan": math.nan}


def _real(s):
    if s is None:
        return 0.0
    sign = -1.0 if s.startswith("-") else 1.0
    body = s.lstrip("+-").lower()
    if body in _NONFINITE:
        v = _NONFINITE[body]
        return v if body == "nan" else sign * v
    return float(s)


def _parse_complex(s):
    m = _IMAG_RE.fullmatch(s)
    if m:
        return complex(0.0, _real(m.group("im")))
    m = _COMPLEX_RE.fullmatch(s)
    if m and m.group("re") is not None:
        return complex(_real(m.group("re")), _real(m.group("im")))
    return None


def _sigil_numbers(string, fun):
    """Nx's sigil parsing: rows split on new lines, numbers on spaces; the type starts as s32,
    a number with "." makes it f32, one with "i" c64, and Inf/NaN (no "i") keep integers as
    f32 values."""
    rows = [r for r in re.split(r"\r?\n", string.strip()) if r.strip()]
    ty = T.parse("s32")
    out = []
    for row in rows:
        vals = []
        for tok in row.split():
            low = tok.lower()
            if ty.kind == "c" or "i" in tok.replace("Inf", "").replace("inf", "") or \
                    "inf" in low or "nan" in low:
                v = _parse_complex(tok)
                if v is None:
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                if v.imag == 0 and "i" not in tok.replace("Inf", "").replace("inf", "") and \
                        not math.isfinite(v.real) and ty.kind != "c":
                    vals.append(v.real)
                    ty = T.merge(ty, T.F32)
                else:
                    vals.append(v)
                    ty = T.merge(ty, T.C64)
            elif "." in tok:
                if not _FLOAT_RE.fullmatch(tok):
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                vals.append(float(tok))
                ty = T.merge(ty, T.F32)
            else:
                if not _INT_RE.fullmatch(tok):
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                vals.append(int(tok))
        out.append(vals)
    return out, ty


def _sigil_tensor(rows, inferred, type, fun):
    from .tensor import tensor
    t = T.parse(type, fun=fun) if type is not None else inferred
    flat = [v for r in rows for v in r] if rows and isinstance(rows[0], list) else rows
    if T.is_complex(t):
        arr = np.array(rows, dtype=np.complex128)
    elif any(isinstance(v, complex) for v in flat):
        raise TypeError(f"{fun}: cannot build a {t.name} tensor from complex numbers")
    elif T.is_integer(t) and not T.is_integer(inferred):
        raise TypeError(f"{fun}: cannot build a {t.name} tensor from floats, infinities or NaN "
                        f"(the numbers give {inferred.name})")
    elif T.is_integer(t):
        return tensor(rows, type=t)
    else:
        arr = np.array(rows, dtype=np.float64)
    return tensor(arr, type=t)


def vec(string, type=None):
    """A vector from space-separated numbers (Nx's `~VEC` sigil): `nx.vec("1 2 3", "f32")` is
    `~VEC[1 2 3]f32`. Integers give s32, a number with a "." f32, a complex number (`1+2i`,
    `-2.0i`, `Inf+2i`, `NaN-Infi`) c64; `Inf`, `-Inf` and `NaN` are floats. `type` overrides
    the inferred type.

        >>> nx.vec("1 2 3", "f32")
        nx.Tensor<
          f32[3]
          [1.0, 2.0, 3.0]
        >
        >>> nx.vec("0.1 0.2 0.3 0.4", "f16")
        nx.Tensor<
          f16[4]
          [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375]
        >
        >>> nx.vec("1+1i 2-2.0i -3")
        nx.Tensor<
          c64[3]
          [1.0+1.0i, 2.0-2.0i, -3.0+0.0i]
        >
        >>> nx.vec("1 Inf NaN")
        nx.Tensor<
          f32[3]
          [1.0, Inf, NaN]
        >
        >>> nx.vec("1i Inf+2i NaN-Infi")
        nx.Tensor<
          c64[3]
          [0.0+1.0i, Inf+2.0i, NaN-Infi]
        >
    """
    fun = "nx.vec"
    if not isinstance(string, str):
        raise TypeError(f"{fun}: expected a string, got {builtins.type(string).__name__}")
    rows, ty = _sigil_numbers(string, fun)
    if len(rows) != 1:
        raise ValueError(f"{fun}: must be one-dimensional (got {len(rows)} lines)")
    return _sigil_tensor(rows[0], ty, type, fun)


def mat(string, type=None):
    """A matrix from numbers, one row a line (Nx's `~MAT` sigil): `nx.mat("1 2\\n3 4")` is
    `~MAT[1 2\\n3 4]`. Numbers and types as in `nx.vec`.

        >>> nx.mat('''
        ... 1 2 3
        ... 4 5 6
        ... ''', "s32")
        nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
        >>> nx.mat("1i Inf NaN")
        nx.Tensor<
          c64[1][3]
          [
            [0.0+1.0i, Inf+0.0i, NaN+0.0i]
          ]
        >
    """
    fun = "nx.mat"
    if not isinstance(string, str):
        raise TypeError(f"{fun}: expected a string, got {builtins.type(string).__name__}")
    rows, ty = _sigil_numbers(string, fun)
    if not rows:
        raise ValueError(f"{fun}: expected at least one row of numbers")
    if len({len(r) for r in rows}) != 1:
        raise ValueError(f"{fun}: all rows must have the same number of elements, got "
                         f"{[len(r) for r in rows]}")
    return _sigil_tensor(rows, ty, type, fun)
