"""Indexed access and updates (Nx v0.10): take, take_along_axis, gather, indexed_add,
indexed_put. They build on two ops, `nx.gather` and `nx.scatter`.

Out-of-bounds indices: static (concrete) indices are checked, and one out of bounds raises an
IndexError naming the function, the index, the axis and the shape, as Nx's binary backend does
(`index 3 is out of bounds for axis 0 in shape {2, 2}`), in every mode (indices made inside a
`defn` from concrete values are static too). Traced indices follow XLA (and so EXLA): reads
clamp each index into its axis, and updates at an out-of-bounds index are skipped.
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import types as T
from ._args import binary_args
from ._dispatch import apply
from .ops import (
    as_type,
    axis_index,
    concatenate,
    iota,
    new_axis,
    to_tensor,
    transpose,
)
from .tensor import Tensor

if TYPE_CHECKING:
    from ._typing import Axes, Axis, TensorLike

__all__ = ["take", "take_along_axis", "gather", "indexed_add", "indexed_put"]


def _indices(indices, fun):
    i = to_tensor(indices, fun, "indices")
    if not T.is_integer(i.type):
        raise TypeError(f"{fun}: indices must be an integer tensor, got {i.type.name}")
    return i



def _check_bounds(fun, t, i, axes):
    """Raises when a static (not traced) index tensor `i` holds an index out of bounds: the
    entries of its last dimension index `axes` of `t` (for nx.take, `i` holds indices into the
    single axis in `axes`; pass `i` without an index dimension and one axis). The first bad
    index in row-major order is reported, as Nx does."""
    if i.is_traced() or i.size == 0:
        return
    k = len(axes)
    arr = np.asarray(i.to_numpy())
    wide = np.uint64 if arr.dtype.kind == "u" else np.int64   # u64 indices stay exact
    arr = arr.astype(wide, copy=False).reshape(-1, k)
    dims = np.array([t.shape[a] for a in axes], wide)
    bad = (arr < 0) | (arr >= dims)
    if bad.any():
        row, j = np.argwhere(bad)[0]
        raise IndexError(f"{fun}: index {int(arr[row, j])} is out of bounds for axis "
                         f"{axes[j]} in shape {t.shape}")


def _indexed_axes(fun, t, k, axes):
    if axes is None:
        if k > t.rank:
            raise ValueError(f"{fun}: expected the last indices dimension size ({k}) to be less "
                             f"than or equal to the tensor rank ({t.rank})")
        return tuple(range(k))
    if isinstance(axes, (int, str)):
        axes = [axes]
    out = tuple(axis_index(t, a, fun, "axes") for a in axes)
    if any(a >= b for a, b in zip(out, out[1:])):
        raise ValueError(f"{fun}: axes must be an ordered list, got {list(axes)}")
    if len(out) != k:
        raise ValueError(f"{fun}: axes must have the same number of elements as the last "
                         f"dimension of indices ({k}), got {list(axes)}")
    return out


def gather(t: TensorLike, indices: TensorLike, axes: Axes = None) -> Tensor:
    """Builds a tensor from the entries (or slices) of `t` at `indices`: the last dimension of
    `indices` indexes `axes` (the leading axes by default); the result has the indices' leading
    shape followed by the other axes of `t`. Result names are all None (as in Nx).

        >>> t = nx.tensor([[1, 2], [3, 4]])
        >>> nx.gather(t, nx.tensor([[1, 1], [0, 1], [1, 0]]))
        nx.Tensor<
          s32[3]
          [4, 2, 3]
        >
    """
    fun = "nx.gather"
    t = to_tensor(t, fun)
    i = _indices(indices, fun)
    if i.rank == 0:
        raise ValueError(f"{fun}: expected indices rank to be at least 1, got: 0")
    if i.shape[-1] < 1:
        raise ValueError(f"{fun}: the last dimension of indices must not be empty "
                         f"(indices shape {i.shape})")
    ax = _indexed_axes(fun, t, i.shape[-1], axes)
    _check_bounds(fun, t, i, ax)
    rank = i.rank - 1 + t.rank - len(ax)
    return apply("gather", [t, i], {"axes": ax}, (None,) * rank)


def take(t: TensorLike, indices: TensorLike, axis: Axis = 0) -> Tensor:
    """Takes slices of `t` along `axis` at `indices`: the axis is replaced by the indices'
    shape (names come from `t`, and from `indices` for the new axes).

        >>> t = nx.tensor([[1, 2], [3, 4]])
        >>> nx.take(t, nx.tensor([1, 0, 1]))
        nx.Tensor<
          s32[3][2]
          [
            [3, 4],
            [1, 2],
            [3, 4]
          ]
        >
    """
    fun = "nx.take"
    i = _indices(indices, fun)
    t = to_tensor(t, fun)
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor of rank at least 1, got a scalar")
    ax = axis_index(t, axis, fun)
    inames = i.names
    if i.rank == 1 and inames[0] is not None and t.names[ax] is not None and \
            inames[0] != t.names[ax]:
        raise ValueError(f"{fun}: cannot merge name {t.names[ax]!r} on axis {ax} with name "
                         f"{inames[0]!r} on axis 0")
    if i.rank == 1 and inames[0] is None:
        inames = (t.names[ax],)
    names = t.names[:ax] + inames + t.names[ax + 1:]
    _check_bounds(fun, t, i, (ax,))
    g = apply("gather", [t, new_axis(i, i.rank)], {"axes": (ax,)}, None)
    # g is indices' shape followed by the other axes; move the indices' axes to `axis`
    r = i.rank
    perm = tuple(range(r, r + ax)) + tuple(range(r)) + tuple(range(r + ax, g.rank))
    out = transpose(g, perm) if perm != tuple(range(g.rank)) else g
    return Tensor(out.data, out.shape, out.type, names, out.vectorized_axes)


def take_along_axis(t: TensorLike, indices: TensorLike, axis: Axis = 0) -> Tensor:
    """Takes values of `t` along `axis` at `indices`, which has t's shape except on `axis`;
    the result has the shape of `indices` and t's names.

        >>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
        >>> nx.take_along_axis(t, nx.tensor([[0, 0, 2, 2, 1, 1], [2, 2, 1, 1, 0, 0]]), axis=1)
        nx.Tensor<
          s32[2][6]
          [
            [1, 1, 3, 3, 2, 2],
            [6, 6, 5, 5, 4, 4]
          ]
        >
    """
    fun = "nx.take_along_axis"
    t = to_tensor(t, fun)
    i = _indices(indices, fun)
    ax = axis_index(t, axis, fun)
    if t.rank != i.rank:
        raise ValueError(f"{fun}: shapes must have the same number of dimensions, got tensor "
                         f"shape {t.shape} and indices shape {i.shape}")
    if any(a != b for k, (a, b) in enumerate(zip(t.shape, i.shape)) if k != ax):
        raise ValueError(f"{fun}: non-indexing dimensions must match, got tensor shape "
                         f"{t.shape} and indices shape {i.shape} (axis {ax})")
    _check_bounds(fun, t, i, (ax,))
    ity = T.merge(i.type, T.S32)
    col_shape = i.shape + (1,)
    cols = [as_type(new_axis(i, i.rank), ity) if k == ax else
            iota(col_shape, type=ity, axis=k) for k in range(t.rank)]
    full = cols[0] if len(cols) == 1 else concatenate(cols, axis=i.rank)
    out = apply("gather", [t, full], {"axes": tuple(range(t.rank))}, None)
    return Tensor(out.data, out.shape, out.type, t.names, out.vectorized_axes)


def _indexed(mode, target, indices, updates, axes):
    fun = f"nx.indexed_{mode}"
    i = _indices(indices, fun)
    t, u = binary_args(target, updates, fun)
    if i.rank == 1:
        if i.shape[0] != t.rank:
            raise ValueError(f"{fun}: expected indices to have shape ({t.rank},), got: "
                             f"{i.shape}")
        if u.rank != 0:
            raise ValueError(f"{fun}: updates must be a scalar tensor when indices has rank 1, "
                             f"got shape {u.shape}")
        i, u = new_axis(i, 0), new_axis(u, 0)
    if i.rank != 2:
        raise ValueError(f"{fun}: indices must be a rank 1 or 2 tensor, got: {i.rank}")
    n, k = i.shape
    if k < 1:
        raise ValueError(f"{fun}: the last dimension of indices must not be empty "
                         f"(indices shape {i.shape})")
    ax = _indexed_axes(fun, t, k, axes)
    if u.rank == 0 or u.shape[0] != n:
        raise ValueError(f"{fun}: expected the leading axis of indices {i.shape} and leading "
                         f"axis of updates {u.shape} to match")
    if u.rank - 1 + k != t.rank:
        raise ValueError(f"{fun}: expected the rank of the input ({t.rank}) to be equal to the "
                         f"rank of the updates ({u.rank}) plus the trailing axis of indices "
                         f"{i.shape} minus one")
    rest = [a for a in range(t.rank) if a not in ax]
    for ua, ta in enumerate(rest, start=1):
        if u.shape[ua] > t.shape[ta]:
            raise ValueError(f"{fun}: axis ({ua}) of updates {u.shape} must be less than or "
                             f"equal to the axis ({ta}) of {t.shape}")
    _check_bounds(fun, t, i, ax)
    ty = T.merge(t.type, u.type)
    t, u = as_type(t, ty), as_type(u, ty)
    return apply("scatter", [t, i, u], {"axes": ax, "mode": mode}, t.names)


def indexed_add(target: TensorLike, indices: TensorLike, updates: TensorLike,
                axes: Axes = None) -> Tensor:
    """Adds `updates` into `target` at `indices` (shape `(n, k)`, or `(rank,)` with a scalar
    update); `axes` lists the k indexed axes (the leading ones by default) and each update is a
    window over the other axes. Repeated indices accumulate; the type is merged.

        >>> nx.indexed_add(nx.tensor([[1], [2]]), nx.tensor([1, 0]), 8)
        nx.Tensor<
          s32[2][1]
          [
            [1],
            [10]
          ]
        >
    """
    return _indexed("add", target, indices, updates, axes)


def indexed_put(target: TensorLike, indices: TensorLike, updates: TensorLike,
                axes: Axes = None) -> Tensor:
    """Puts `updates` into `target` at `indices` (as `indexed_add`, replacing instead of adding;
    with repeated indices which update wins is unspecified, as in Nx).

        >>> nx.indexed_put(nx.tensor([0, 0, 0]), nx.tensor([[1], [2]]), nx.tensor([2, 4]))
        nx.Tensor<
          s32[3]
          [0, 2, 4]
        >
    """
    return _indexed("put", target, indices, updates, axes)
