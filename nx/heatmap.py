"""Heatmaps (Nx v0.10): `to_heatmap` and the `Heatmap` it makes, printed as Nx's inspect
prints `Nx.Heatmap`. Cannot be used inside `defn`.
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np

from . import types as T
from ._args import concrete, host_array, tensor_arg
from .inspect import format_shape

__all__ = ["to_heatmap", "Heatmap"]


def _round_half_up(x):
    """Elixir's `round/1` for non-negative floats (halves away from zero)."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


_LINE = object()


class _Nest:
    __slots__ = ("indent", "docs")

    def __init__(self, indent, docs):
        self.indent, self.docs = indent, docs


def _render(doc, indent, out):
    if doc is _LINE:
        out.append("\n" + " " * indent)
    elif isinstance(doc, str):
        out.append(doc)
    elif isinstance(doc, _Nest):
        for d in doc.docs:
            _render(d, indent + doc.indent, out)
    else:
        for d in doc:
            _render(d, indent, out)


class Heatmap:
    """A tensor shown as a heatmap (`Nx.Heatmap`); made by `nx.to_heatmap`. Its `repr` and
    `str` print it as Nx's inspect does: with ANSI background colors (the 24 grays of the
    256-color palette, 232 to 255) when `ansi_enabled`, else with digits 0 to 9. Values are
    scaled between the minimum and maximum finite values of each matrix (the last two axes);
    non-finite values print as `+` (Inf), `-` (-Inf) and `x` (NaN). Indexing (`hm[0]`) indexes
    the tensor: a scalar result is a tensor, anything else a heatmap with the same options."""

    __slots__ = ("tensor", "ansi_enabled", "ansi_whitespace", "limit")

    def __init__(self, tensor, ansi_enabled=None, ansi_whitespace="\u3000", limit=50):
        self.tensor = tensor
        self.ansi_enabled = ansi_enabled
        self.ansi_whitespace = ansi_whitespace
        self.limit = limit

    def __getitem__(self, index):
        r = self.tensor[index]
        if r.shape == ():
            return r
        return Heatmap(r, self.ansi_enabled, self.ansi_whitespace, self.limit)

    def _ansi(self):
        if self.ansi_enabled is not None:
            return bool(self.ansi_enabled)
        out = sys.stdout
        return bool(getattr(out, "isatty", lambda: False)()) and \
            os.environ.get("TERM") != "dumb" and "NO_COLOR" not in os.environ

    def __repr__(self):
        t = self.tensor
        ws = self.ansi_whitespace
        if self._ansi():
            def entry(r):
                return f"\x1b[48;5;{232 + _round_half_up(r * 23)}m{ws}"

            def line(items):
                return "".join(items) + "\x1b[0m"

            def nonfinite(x):
                if x != x:
                    return "\x1b[41m" + ws
                return ("\x1b[48;5;255m" if x > 0 else "\x1b[48;5;232m") + "\u221e"
        else:
            def entry(r):
                return str(_round_half_up(r * 9))

            line = "".join

            def nonfinite(x):
                return "x" if x != x else ("+" if x > 0 else "-")

        arr = host_array(t, "nx.to_heatmap")
        full = arr.shape
        is_int = T.is_integer(t.type)
        flat = arr.reshape(-1)
        flat = flat.astype(object if is_int else np.float64).tolist()
        lo0, hi0 = T.min_finite(t.type), T.max_finite(t.type)
        if is_int:
            lo0, hi0 = int(lo0), int(hi0)

        def scale(values):
            mn, mx = hi0, lo0
            for v in values:
                if is_int or math.isfinite(v):
                    mn, mx = min(mn, v), max(mx, v)
            base = 1 if mx == mn else mx - mn
            return [entry((v - mn) / base) if is_int or math.isfinite(v) else nonfinite(v)
                    for v in values]

        if len(full) == 1:
            data = line(scale(flat))
        else:
            *dims, rows, cols = full
            limit = self.limit
            pos = [0]
            lim = [math.inf if limit in (None, "infinity") else limit]

            def matrix():
                vals = flat[pos[0]:pos[0] + rows * cols]
                pos[0] += rows * cols
                lim[0] -= 1
                cells = scale(vals)
                doc = []
                for r in range(rows):
                    doc += [_LINE, line(cells[r * cols:(r + 1) * cols])]
                return doc

            def chunk(ds):
                if not ds:
                    return matrix()
                d, inner = ds[0], ds[1:]
                items = []
                per = rows * cols * math.prod(inner)
                start = pos[0]
                for i in range(d):
                    if lim[0] <= 0:
                        items.append("...")
                        break
                    pos[0] = start + i * per
                    items.append(chunk(inner))
                pos[0] = start + d * per
                body = []
                for i, it in enumerate(items):
                    if i:
                        body += [",", _LINE]
                    body.append(it)
                head = ["["] if not inner else ["[", _LINE]
                return [_Nest(2, head + body), _LINE, "]"]

            data = chunk(dims)
        shape_line = t.type.name + format_shape(t.shape, list(t.names))
        top = [_LINE]
        if t.vectorized_axes:
            top += ["vectorized" + format_shape([s for _, s in t.vectorized_axes],
                                                [n for n, _ in t.vectorized_axes]), _LINE]
        top += [shape_line, _LINE, data]
        out = ["nx.Heatmap<"]
        _render(_Nest(2, top), 0, out)
        out.append("\n>")
        return "".join(out)

    __str__ = __repr__


def to_heatmap(t, ansi_enabled=None, ansi_whitespace="\u3000", limit=50):
    """A heatmap of the tensor (`Nx.to_heatmap/2`): print it to see it. With ANSI colors
    (`ansi_enabled=True`; by default when standard output is a terminal and NO_COLOR is not
    set) each element is a gray background over `ansi_whitespace` (default the full-width
    space U+3000); without, a digit from 0 to 9. `limit` is the number of matrices shown
    before `...` (None for all). Scalars and complex tensors raise.

        >>> print(nx.to_heatmap(nx.tensor([1, 2, 3, 4, 5]), ansi_enabled=False))
        nx.Heatmap<
          s32[5]
          02579
        >
        >>> print(nx.to_heatmap(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]),
        ...                     ansi_enabled=False))
        nx.Heatmap<
          s32[2][2][3]
          [
            024
            579,
        <BLANKLINE>
            024
            579
          ]
        >
        >>> print(nx.to_heatmap(nx.tensor(["neg_infinity", -1, "nan", 1, "infinity"]),
        ...                     ansi_enabled=False))
        nx.Heatmap<
          f32[5]
          -0x9+
        >
    """
    fun = "nx.to_heatmap"
    t = tensor_arg(t, fun)
    concrete(t, fun)
    if t.shape == ():
        raise ValueError(f"{fun}: cannot show heatmap for scalar tensors, got: {t!r}")
    if T.is_complex(t.type):
        raise TypeError(f"{fun}: cannot show a heatmap of a complex tensor ({t.type.name})")
    if not isinstance(ansi_whitespace, str):
        raise TypeError(f"{fun}: ansi_whitespace must be a string, got {ansi_whitespace!r}")
    if not (limit is None or limit == "infinity" or
            (isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0)):
        raise ValueError(f"{fun}: limit must be a non-negative integer or None, got {limit!r}")
    return Heatmap(t, ansi_enabled, ansi_whitespace, limit)
