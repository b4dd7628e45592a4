"""Shape rules shared by op definitions and the API (Nx.Shape's semantics)."""
from __future__ import annotations

from .registry import OpError


def broadcast(fun, *shapes):
    """Nx's implicit broadcasting: shapes are aligned to the right; each pair of dims must be
    equal or one of them 1."""
    rank = max(len(s) for s in shapes)
    out = []
    for i in range(rank):
        dim = 1
        for s in shapes:
            j = len(s) - rank + i
            if j < 0:
                continue
            d = s[j]
            if d == dim or d == 1:
                continue
            if dim == 1:
                dim = d
                continue
            shown = " and ".join(str(tuple(x)) for x in shapes)
            raise OpError(f"{fun}: cannot broadcast tensors of shapes {shown}: "
                          f"axis {i} has sizes {dim} and {d}")
        out.append(dim)
    return tuple(out)


def normalize_axis(fun, shape, axis, arg="axis"):
    rank = len(shape)
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise OpError(f"{fun}: {arg} must be an integer, got {axis!r}")
    a = axis + rank if axis < 0 else axis
    if not 0 <= a < rank:
        raise OpError(f"{fun}: {arg} {axis} is out of range for a tensor of shape "
                      f"{tuple(shape)} (rank {rank})")
    return a


def normalize_axes(fun, shape, axes, arg="axes"):
    out = tuple(normalize_axis(fun, shape, a, arg) for a in axes)
    if len(set(out)) != len(out):
        raise OpError(f"{fun}: {arg} {list(axes)} repeats an axis (shape {tuple(shape)})")
    return out


def size(shape):
    n = 1
    for d in shape:
        n *= d
    return n
