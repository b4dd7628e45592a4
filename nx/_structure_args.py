"""The argument handling of nx.structure's functions: integer arguments and names, start
indices (Python integers, or integer scalar tensors: dynamic starts, clamped at run time) and
the Nx.slice built from them (also nx.slice's, in nx/ops.py), and the offsets and element
indices of a diagonal."""
from __future__ import annotations

import builtins

import numpy as np

from . import types as T
from ._dispatch import apply
from .ops import as_type
from .tensor import Tensor, tensor


def is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def int_arg(x, fun, arg, minimum=None):
    what = "an integer" if minimum is None else f"an integer greater than or equal to {minimum}"
    if not is_int(x):
        raise TypeError(f"{fun}: expected {arg} to be {what}, got: {x!r}")
    if minimum is not None and x < minimum:
        raise ValueError(f"{fun}: expected {arg} to be {what}, got: {x!r}")
    return int(x)


def with_names(t, names):
    return Tensor(t.data, t.shape, t.type, tuple(names), t.vectorized_axes)


# --- dynamic start indices ---------------------------------------------------------------------

def parse_starts(starts, fun):
    """Start indices as given (ints), or, when any is a tensor, all as integer scalar tensors of
    one type (Nx: the tensors' types merged, integers adapting to it)."""
    if all(is_int(s) for s in starts):
        return [int(s) for s in starts], False
    ty = None
    for i, s in enumerate(starts):
        if is_int(s):
            continue
        if not isinstance(s, Tensor):
            raise TypeError(f"{fun}: start index for axis {i} must be an integer or an integer "
                            f"scalar tensor, got: {s!r}")
        if s.shape != ():
            raise ValueError(f"{fun}: index must be scalar, got shape {s.shape} for axis {i}")
        if not T.is_integer(s.type):
            raise TypeError(f"{fun}: index must be integer type, got {s.type.name} for axis {i}")
        ty = s.type if ty is None else T.merge(ty, s.type)
    for s in starts:
        if is_int(s):
            ty = T.merge_number(ty, int(s))
    out = [tensor(int(s), type=ty) if is_int(s) else as_type(s, ty) for s in starts]
    return out, True


def checked_slice(t, starts, lengths, strides, fun):
    """Nx.slice with Nx's checks; `starts` may hold integer scalar tensors (dynamic starts,
    clamped at run time so the slice fits)."""
    rank = t.rank
    strides = [strides] * rank if is_int(strides) else list(strides)
    starts, lengths = list(starts), list(lengths)
    if len(strides) != rank:
        raise ValueError(f"{fun}: invalid strides rank for shape of rank {rank}, got {strides}")
    if len(starts) != rank:
        raise ValueError(f"{fun}: invalid start indices rank for shape of rank {rank}, got "
                         f"{len(starts)} start indices")
    if len(lengths) != rank:
        raise ValueError(f"{fun}: invalid limit indices rank for shape of rank {rank}, got "
                         f"lengths {lengths}")
    for ax, (l, s, d) in enumerate(zip(lengths, strides, t.shape)):
        if not is_int(l) or l < 0:
            raise ValueError(f"{fun}: length at axis {ax} must be a non-negative integer, "
                             f"got: {l!r}")
        if not is_int(s) or s < 1:
            raise ValueError(f"{fun}: stride at axis {ax} must be greater than or equal to 1, "
                             f"got: {s!r}")
        if l > d:
            raise ValueError(f"{fun}: length at axis {ax} must be less than axis size of {d}, "
                             f"got: {l} (shape {t.shape})")
    return slice_unchecked(t, starts, lengths, strides, fun)


def slice_unchecked(t, starts, lengths, strides, fun):
    starts, dynamic = parse_starts(starts, fun)
    lengths = tuple(int(x) for x in lengths)
    strides = tuple(int(x) for x in strides)
    if dynamic:
        out = apply("dynamic_slice", [t] + starts, {"lengths": lengths}, t.names)
        if any(s != 1 for s in strides):
            out = apply("slice", [out], {"start": (0,) * t.rank, "lengths": lengths,
                                         "strides": strides}, t.names)
        return out
    # static starts are clamped so the slice fits, as Nx does
    starts = tuple(builtins.min(builtins.max(s, 0), d - l)
                   for s, l, d in zip(starts, lengths, t.shape))
    return apply("slice", [t], {"start": starts, "lengths": lengths, "strides": strides},
                 t.names)


def dynamic_slice(t, starts, lengths, fun):
    """A slice of `lengths` at `starts` (ints or integer scalar tensors), without Nx's length
    checks (used by gradient rules, where lengths come from an existing slice)."""
    return slice_unchecked(t, list(starts), list(lengths), [1] * t.rank, fun)


# --- diagonals --------------------------------------------------------------------------------

def validate_offset(shape, offset, fun):
    offset = int_arg(offset, fun, "offset")
    rows, cols = shape
    if offset >= 0 and offset >= cols:
        raise ValueError(f"{fun}: offset must be less than length of axis 1 when positive, "
                         f"got: {offset} (matrix shape {shape})")
    if offset < 0 and -offset >= rows:
        raise ValueError(f"{fun}: absolute value of offset must be less than length of axis 0 "
                         f"when negative, got: {offset} (matrix shape {shape})")
    return offset


def diag_indices(shape, offset):
    """Indices (one row per element, batch axes first) of the `offset` diagonal of the
    matrices in the last two axes of `shape`, in row-major batch order."""
    *batch, rows, cols = shape
    r0, c0 = (0, offset) if offset >= 0 else (-offset, 0)
    k = builtins.max(builtins.min(rows - r0, cols - c0), 0)
    diag = np.stack([np.arange(r0, r0 + k), np.arange(c0, c0 + k)], axis=1)
    nb = int(np.prod(batch)) if batch else 1
    b = np.indices(batch).reshape(len(batch), -1).T if batch else np.zeros((1, 0), np.int64)
    idx = np.concatenate([np.repeat(b, k, axis=0), np.tile(diag, (nb, 1))], axis=1)
    return tensor(idx.astype(np.int32).reshape(nb * k, len(shape)), type="s32"), k

