"""Sorting, top_k, cumulative ops, diff, median and mode (Nx v0.10).

`sort`, `argsort` and `top_k` build on the op `nx.sort` (values or permutation); the four
cumulative functions on `nx.cumulative`; `diff`, `median` and `mode` are composed from them
and other ops as Nx composes them. Order is Nx's (EXLA's): NaN sorts above +Inf and -0.0 ties
with 0.0.
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

from . import types as T
from ._dispatch import apply
from ._eager import eager_compiled
from .indexing import indexed_add, take_along_axis
from .ops import (
    add,
    argmax,
    axis_index,
    broadcast,
    concatenate,
    divide,
    equal,
    flatten,
    iota,
    mean,
    new_axis,
    not_equal,
    reshape,
    slice,
    squeeze,
    subtract,
    to_tensor,
)

if TYPE_CHECKING:
    from ._typing import Axis, TensorLike, TypeLike
    from .tensor import Tensor

__all__ = ["sort", "argsort", "top_k", "cumulative_sum", "cumulative_product",
           "cumulative_max", "cumulative_min", "diff", "median", "mode"]


# --- helpers --------------------------------------------------------------------------------

def _int_option(value, fun, arg):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{fun}: {arg} must be an integer, got {value!r}")
    return int(value)


def _bool_option(value, fun, arg):
    if not isinstance(value, bool):
        raise TypeError(f"{fun}: {arg} must be True or False, got {value!r}")
    return value


def _direction(direction, fun):
    if direction not in ("asc", "desc"):
        raise ValueError(f"{fun}: unknown value for direction, expected \"asc\" or \"desc\", "
                         f"got: {direction!r}")
    return direction


def _ordered(t, fun):
    if T.is_complex(t.type):
        raise TypeError(f"{fun}: complex tensors are not supported (got type {t.type.name})")


def _sort_axis(t, axis, fun):
    if t.rank == 0:
        raise ValueError(f"{fun}: cannot sort a scalar (shape ()); axis {axis!r} is out of range "
                         f"for rank 0")
    return axis_index(t, axis, fun)


def _slice_axis(t, start, length, axis, stride=1):
    """`length` elements of `t` along `axis` from `start` (Nx.slice_along_axis)."""
    starts = [start if i == axis else 0 for i in range(t.rank)]
    lengths = [length if i == axis else d for i, d in enumerate(t.shape)]
    strides = [stride if i == axis else 1 for i in range(t.rank)]
    return slice(t, starts, lengths, strides)


def _sorted(t, axis, direction, stable, indices=None):
    attrs = {"axis": axis, "direction": direction, "stable": stable}
    if indices is not None:
        attrs["indices"] = True
        attrs["type"] = indices
    return apply("sort", [t], attrs, t.names)


# --- sort, argsort, top_k -------------------------------------------------------------------

def sort(t: TensorLike, axis: Axis = 0, direction: str = "asc", stable: bool = False) -> Tensor:
    """Sorts `t` along `axis` (a name or an index, 0 by default) in `direction` ("asc" or
    "desc"). With `stable=True` equal elements keep their order. NaN sorts above everything
    and -0.0 ties with 0.0. Complex tensors are not ordered.

        >>> nx.sort(nx.tensor([16, 23, 42, 4, 8, 15]))
        nx.Tensor<
          s32[6]
          [4, 8, 15, 16, 23, 42]
        >
        >>> t = nx.tensor([[3, 1, 7], [2, 5, 4]], names=["x", "y"])
        >>> nx.sort(t, axis="x")
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [2, 1, 4],
            [3, 5, 7]
          ]
        >
        >>> nx.sort(t, axis="y")
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [1, 3, 7],
            [2, 4, 5]
          ]
        >
        >>> t = nx.tensor([float("nan"), float("-inf"), 0.0, float("inf")])
        >>> nx.sort(t)
        nx.Tensor<
          f32[4]
          [-Inf, 0.0, Inf, NaN]
        >
        >>> nx.sort(t, direction="desc")
        nx.Tensor<
          f32[4]
          [NaN, Inf, 0.0, -Inf]
        >
    """
    fun = "nx.sort"
    t = to_tensor(t, fun)
    direction = _direction(direction, fun)
    stable = _bool_option(stable, fun, "stable")
    _ordered(t, fun)
    ax = _sort_axis(t, axis, fun)
    return _sorted(t, ax, direction, stable)


def argsort(t: TensorLike, axis: Axis = 0, direction: str = "asc", stable: bool = False,
            type: TypeLike = "s32") -> Tensor:
    """The indices that sort `t` along `axis` (see `sort`), as integers of `type` (s32 by
    default). Apply them with `take_along_axis`. Its gradient is zero, as in Nx.

        >>> nx.argsort(nx.tensor([16, 23, 42, 4, 8, 15]))
        nx.Tensor<
          s32[6]
          [3, 4, 5, 0, 1, 2]
        >
        >>> t = nx.tensor([[3, 1, 7], [2, 5, 4]], names=["x", "y"])
        >>> nx.argsort(t, axis="x")
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [1, 0, 1],
            [0, 1, 0]
          ]
        >
        >>> nx.argsort(t, axis="y", direction="asc", type="u32")
        nx.Tensor<
          u32[x: 2][y: 3]
          [
            [1, 0, 2],
            [0, 2, 1]
          ]
        >
        >>> t = nx.tensor([float("nan"), float("-inf"), float("inf"), 0.0])
        >>> nx.argsort(t)
        nx.Tensor<
          s32[4]
          [1, 3, 2, 0]
        >
        >>> nx.argsort(t, direction="desc")
        nx.Tensor<
          s32[4]
          [0, 2, 3, 1]
        >
    """
    fun = "nx.argsort"
    t = to_tensor(t, fun)
    direction = _direction(direction, fun)
    stable = _bool_option(stable, fun, "stable")
    ty = T.parse(type, fun=fun)
    if not T.is_integer(ty):
        raise TypeError(f"{fun}: type must be an integer type, got {ty.name}")
    _ordered(t, fun)
    ax = _sort_axis(t, axis, fun)
    return _sorted(t, ax, direction, stable, indices=ty)


@eager_compiled(static=("k",), host="evaluator")
def top_k(t: TensorLike, k: int = 1) -> tuple[Tensor, Tensor]:
    """The `k` largest entries along the last axis and their indices, as a tuple
    `(values, indices)` (indices are s32). Equal values come in index order; NaN counts as
    the largest.

        >>> values, indices = nx.top_k(nx.tensor([1, 2, 3, 4, 5]), k=2)
        >>> values
        nx.Tensor<
          s32[2]
          [5, 4]
        >
        >>> indices
        nx.Tensor<
          s32[2]
          [4, 3]
        >
        >>> values, indices = nx.top_k(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
        >>> values
        nx.Tensor<
          f32[2][1]
          [
            [3.0],
            [6.0]
          ]
        >
        >>> indices
        nx.Tensor<
          s32[2][1]
          [
            [2],
            [2]
          ]
        >
        >>> t = nx.tensor([float("nan"), float("-inf"), float("inf"), 0.0])
        >>> values, indices = nx.top_k(t, k=3)
        >>> values
        nx.Tensor<
          f32[3]
          [NaN, Inf, 0.0]
        >
        >>> indices
        nx.Tensor<
          s32[3]
          [0, 2, 3]
        >
    """
    fun = "nx.top_k"
    t = to_tensor(t, fun)
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"{fun}: k must be an integer greater than or equal to 1, got k={k!r}")
    if t.rank == 0:
        raise ValueError(f"{fun}: input must have at least rank 1, got a scalar")
    size = t.shape[-1]
    if size < k:
        raise ValueError(f"{fun}: input last axis size must be greater than or equal to k, got "
                         f"size={size} and k={k}")
    _ordered(t, fun)
    ax = t.rank - 1
    # two sorts rather than one gather, so the values stay differentiable through nx.sort
    values = _sorted(t, ax, "desc", True)
    indices = _sorted(t, ax, "desc", True, indices=T.S32)
    return _slice_axis(values, 0, int(k), ax), _slice_axis(indices, 0, int(k), ax)


# --- cumulative -----------------------------------------------------------------------------

def _cumulative(kind, t, axis, reverse):
    fun = f"nx.cumulative_{kind}"
    t = to_tensor(t, fun)
    reverse = _bool_option(reverse, fun, "reverse")
    if kind in ("max", "min"):
        _ordered(t, fun)
    if t.rank == 0:
        raise ValueError(f"{fun}: axis {axis!r} is out of range for a scalar (shape ())")
    ax = axis_index(t, axis, fun)
    return apply("cumulative", [t], {"kind": kind, "axis": ax, "reverse": reverse}, t.names)


def cumulative_sum(t: TensorLike, axis: Axis = 0, reverse: bool = False) -> Tensor:
    """Running sum along `axis` (0 by default), from the end when `reverse`. The type is the
    input's: integers wrap around as in Nx.

        >>> nx.cumulative_sum(nx.tensor([1, 2, 3, 4]))
        nx.Tensor<
          s32[4]
          [1, 3, 6, 10]
        >
        >>> nx.cumulative_sum(nx.iota((3, 3)), axis=1)
        nx.Tensor<
          s32[3][3]
          [
            [0, 1, 3],
            [3, 7, 12],
            [6, 13, 21]
          ]
        >
        >>> nx.cumulative_sum(nx.iota((3, 3)), axis=0, reverse=True)
        nx.Tensor<
          s32[3][3]
          [
            [9, 12, 15],
            [9, 11, 13],
            [6, 7, 8]
          ]
        >
    """
    return _cumulative("sum", t, axis, reverse)


def cumulative_product(t: TensorLike, axis: Axis = 0, reverse: bool = False) -> Tensor:
    """Running product along `axis` (0 by default), from the end when `reverse`.

        >>> nx.cumulative_product(nx.tensor([1, 2, 3, 4]))
        nx.Tensor<
          s32[4]
          [1, 2, 6, 24]
        >
        >>> nx.cumulative_product(nx.iota((3, 3)), axis=1, reverse=True)
        nx.Tensor<
          s32[3][3]
          [
            [0, 2, 2],
            [60, 20, 5],
            [336, 56, 8]
          ]
        >
    """
    return _cumulative("product", t, axis, reverse)


def cumulative_max(t: TensorLike, axis: Axis = 0, reverse: bool = False) -> Tensor:
    """Running maximum along `axis` (0 by default), from the end when `reverse`; NaN
    propagates.

        >>> nx.cumulative_max(nx.tensor([3, 4, 2, 1]))
        nx.Tensor<
          s32[4]
          [3, 4, 4, 4]
        >
        >>> nx.cumulative_max(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=0, reverse=True)
        nx.Tensor<
          s32[3][3]
          [
            [2, 3, 3],
            [2, 3, 3],
            [2, 1, 3]
          ]
        >
    """
    return _cumulative("max", t, axis, reverse)


def cumulative_min(t: TensorLike, axis: Axis = 0, reverse: bool = False) -> Tensor:
    """Running minimum along `axis` (0 by default), from the end when `reverse`; NaN
    propagates.

        >>> nx.cumulative_min(nx.tensor([3, 4, 2, 1]))
        nx.Tensor<
          s32[4]
          [3, 3, 2, 1]
        >
        >>> nx.cumulative_min(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=1)
        nx.Tensor<
          s32[3][3]
          [
            [2, 2, 1],
            [1, 1, 1],
            [2, 1, 1]
          ]
        >
    """
    return _cumulative("min", t, axis, reverse)


# --- diff, median, mode ---------------------------------------------------------------------

@eager_compiled(static=("order", "axis"), host="evaluator")
def diff(t: TensorLike, order: int = 1, axis: Axis = -1) -> Tensor:
    """The `order`-th discrete difference along `axis` (the last by default):
    `out[i] = t[i + 1] - t[i]`, applied `order` times (order 0 returns `t`).

        >>> nx.diff(nx.tensor([1, 2, 4, 7, 0]))
        nx.Tensor<
          s32[4]
          [1, 2, 3, -7]
        >
        >>> nx.diff(nx.tensor([1, 2, 4, 7, 0]), order=2)
        nx.Tensor<
          s32[3]
          [1, 1, -10]
        >
        >>> nx.diff(nx.tensor([[1, 3, 6, 10], [0, 5, 6, 8]]), axis=0)
        nx.Tensor<
          s32[1][4]
          [
            [-1, 2, 0, -2]
          ]
        >
        >>> nx.diff(nx.tensor([1, 2, 4, 7, 0]), order=0)
        nx.Tensor<
          s32[5]
          [1, 2, 4, 7, 0]
        >
    """
    fun = "nx.diff"
    t = to_tensor(t, fun)
    n = _int_option(order, fun, "order")
    if t.rank == 0:
        raise ValueError(f"{fun}: cannot compute diff of a scalar")
    ax = axis_index(t, axis, fun)
    if n < 0:
        raise ValueError(f"{fun}: order must be non-negative but got: {n}")
    size = t.shape[ax]
    if n > size:
        raise ValueError(f"{fun}: order {n} is larger than the size of axis {ax} "
                         f"({size}, shape {t.shape})")
    for x in range(n):
        length = size - x - 1
        t = subtract(_slice_axis(t, 1, length, ax), _slice_axis(t, 0, length, ax))
    return t


def _reduce_axis(t, axis, fun):
    if axis is None:
        return None
    if t.rank == 0:
        raise ValueError(f"{fun}: axis {axis!r} is out of range for a scalar (shape ())")
    return axis_index(t, axis, fun)


@eager_compiled(static=("axis", "keep_axis"), host="evaluator")
def median(t: TensorLike, axis: Axis | None = None, keep_axis: bool = False) -> Tensor:
    """The median of all elements, or along `axis` (removed unless `keep_axis`). An odd count
    gives the middle element (in the input's type), an even one the mean of the two middle
    elements (a float), after sorting as `sort` does (NaN last). As in Nx, `keep_axis` only
    applies with an `axis`.

        >>> nx.median(nx.tensor([1, 2, 3]))
        nx.Tensor<
          s32
          2
        >
        >>> nx.median(nx.tensor([1, 2]))
        nx.Tensor<
          f32
          1.5
        >
        >>> nx.median(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"]), axis=0)
        nx.Tensor<
          f32[y: 3]
          [2.5, 3.5, 4.5]
        >
        >>> nx.median(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"]), axis="y")
        nx.Tensor<
          s32[x: 2]
          [2, 5]
        >
        >>> t = nx.tensor([[[1, 2, 2], [3, 4, 2]], [[4, 5, 2], [7, 9, 2]]])
        >>> nx.median(t, axis=-1, keep_axis=True)
        nx.Tensor<
          s32[2][2][1]
          [
            [
              [2],
              [3]
            ],
            [
              [4],
              [7]
            ]
          ]
        >
    """
    fun = "nx.median"
    t = to_tensor(t, fun)
    keep_axis = _bool_option(keep_axis, fun, "keep_axis")
    _ordered(t, fun)
    ax = _reduce_axis(t, axis, fun)
    if ax is None:
        s = sort(flatten(t))
        ax_out, size = 0, t.size
    else:
        s = sort(t, axis=ax)
        ax_out, size = ax, t.shape[ax]
    if size == 0:
        raise ValueError(f"{fun}: cannot take the median of an empty axis (shape {t.shape})")
    half = size // 2
    if ax is not None:
        if size % 2 == 1:
            res = _slice_axis(s, half, 1, ax_out)
            return res if keep_axis else squeeze(res, axes=[ax_out])
        return mean(_slice_axis(s, half - 1, 2, ax_out), axes=[ax_out], keep_axes=keep_axis)
    mid = reshape(_slice_axis(s, half, 1, 0), ())
    if size % 2 == 1:
        return mid
    return divide(add(reshape(_slice_axis(s, half - 1, 1, 0), ()), mid), 2)


@eager_compiled(static=("axis", "keep_axis"), host="evaluator")
def mode(t: TensorLike, axis: Axis | None = None, keep_axis: bool = False) -> Tensor:
    """The most frequent value of all elements, or along `axis` (removed unless `keep_axis`).
    Among equally frequent values the smallest wins (values are compared after sorting as
    `sort` does, so each NaN counts on its own).

        >>> nx.mode(nx.tensor(42))
        nx.Tensor<
          s32
          42
        >
        >>> nx.mode(nx.tensor([1, 2, 2, 3, 5]))
        nx.Tensor<
          s32
          2
        >
        >>> nx.mode(nx.tensor([[1, 2, 2, 3, 5], [1, 1, 76, 8, 1]]))
        nx.Tensor<
          s32
          1
        >
        >>> nx.mode(nx.tensor([[1, 2, 2, 3, 5], [1, 1, 76, 8, 1]]), axis=0)
        nx.Tensor<
          s32[5]
          [1, 1, 2, 3, 1]
        >
        >>> nx.mode(nx.tensor([[1, 2, 2, 3, 5], [1, 1, 76, 8, 1]]), axis=1, keep_axis=True)
        nx.Tensor<
          s32[2][1]
          [
            [2],
            [1]
          ]
        >
        >>> nx.mode(nx.tensor([[[1]]]), axis=1)
        nx.Tensor<
          s32[1][1]
          [
            [1]
          ]
        >
    """
    fun = "nx.mode"
    t = to_tensor(t, fun)
    keep_axis = _bool_option(keep_axis, fun, "keep_axis")
    _ordered(t, fun)
    ax = _reduce_axis(t, axis, fun) if t.rank else None
    if t.rank == 0:
        return new_axis(t, -1) if keep_axis else t
    if t.size == 0:
        raise ValueError(f"{fun}: cannot take the mode of an empty tensor (shape {t.shape})")
    if t.size == 1 and ax is None:
        return t if keep_axis else squeeze(t)
    if ax is not None and t.shape[ax] == 1:
        return t if keep_axis else squeeze(t, axes=[ax])
    if ax is None:
        res = _mode_along(flatten(t), 0, False)
        return reshape(res, (1,) * t.rank) if keep_axis else res
    return _mode_along(t, ax, keep_axis)


def _mode_along(t, axis, keep_axis):
    """Sorts along `axis`, numbers the runs of equal values, counts each run with an
    indexed_add, and takes the first run of the largest count (Nx's mode_general)."""
    s = sort(t, axis=axis)
    n = t.shape[axis]
    edge_shape = tuple(1 if i == axis else d for i, d in enumerate(t.shape))
    starts = not_equal(_slice_axis(s, 0, n - 1, axis), _slice_axis(s, 1, n - 1, axis))
    groups = cumulative_sum(concatenate([broadcast(0, edge_shape), starts], axis=axis),
                            axis=axis)
    count = t.size
    coords = [reshape(groups, (count, 1)) if i == axis else
              reshape(iota(groups.shape, axis=i), (count, 1)) for i in range(t.rank)]
    indices = coords[0] if t.rank == 1 else concatenate(coords, axis=1)
    counts = indexed_add(broadcast(0, groups.shape), indices, broadcast(1, (count,)))
    largest = argmax(counts, axis=axis, keep_axis=True)
    first = argmax(equal(broadcast(largest, groups.shape), groups), axis=axis, keep_axis=True)
    res = take_along_axis(s, first, axis=axis)
    return res if keep_axis else squeeze(res, axes=[axis])

