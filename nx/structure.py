"""Creation and shape helpers (Nx v0.10): linspace, fill, tri, tril, triu, take_diagonal,
make_diagonal, put_diagonal, tile, split, slice_along_axis, put_slice, reflect, clip, bitcast.

Most are composed from other nx functions, as Nx defines them; `put_slice`, `clip` and
`bitcast` are ops of their own (`nx.put_slice`, `nx.clip`, `nx.bitcast`).

Start indices given as tensors (in `slice_along_axis` and `put_slice`) are dynamic: they are
clamped at run time so that the slice fits, as Nx documents.
"""
from __future__ import annotations

import builtins
import math
import numbers

import numpy as np

from . import types as T
from ._dispatch import apply
from ._eager import eager_compiled
from ._structure_args import (
    checked_slice,
    diag_indices,
    int_arg,
    is_int,
    parse_starts,
    validate_offset,
    with_names,
)
from .indexing import gather, indexed_put, take
from .ops import (
    add,
    as_type,
    axis_index,
    broadcast,
    divide,
    greater_equal,
    iota,
    multiply,
    new_axis,
    reshape,
    select,
    subtract,
    to_tensor,
)
from .tensor import Tensor, tensor

__all__ = ["linspace", "fill", "tri", "tril", "triu", "take_diagonal", "make_diagonal",
           "put_diagonal", "tile", "split", "slice_along_axis", "put_slice", "reflect", "clip",
           "bitcast"]

_pyslice = builtins.slice

# the argument helpers and Nx.slice's start indices are in nx/_structure_args.py

# --- creation ---------------------------------------------------------------------------------

def linspace(start, stop, n=None, *, endpoint=True, type="f32", name=None):
    """`n` evenly spaced samples from `start` to `stop` (included unless `endpoint=False`),
    of `type` (f32 by default). `start` and `stop` may be tensors of one shape `s`: the result
    then has shape `s + (n,)`. `name` names the new last axis.

    As in Nx, `start` and `stop` are first converted to `type`, the samples are computed as
    `iota * (stop - start) / (n - 1) + start` (divisor `n` without the endpoint) and only then
    converted to `type`; `n=1` gives `[start]`.

        >>> nx.linspace(5, 8, n=5)
        nx.Tensor<
          f32[5]
          [5.0, 5.75, 6.5, 7.25, 8.0]
        >
        >>> nx.linspace(0, 10, n=5, endpoint=False, name="x")
        nx.Tensor<
          f32[x: 5]
          [0.0, 2.0, 4.0, 6.0, 8.0]
        >
        >>> nx.linspace(0, 24, n=8, type="u8", endpoint=True)
        nx.Tensor<
          u8[8]
          [0, 3, 6, 10, 13, 17, 20, 24]
        >
        >>> nx.linspace(0, 24, n=8, type="s32", endpoint=False)
        nx.Tensor<
          s32[8]
          [0, 3, 6, 9, 12, 15, 18, 21]
        >
        >>> nx.linspace(nx.tensor([[[0, 10]]]), nx.tensor([[[10, 100]]]), n=10, name="samples",
        ...             type="u8")
        nx.Tensor<
          u8[1][1][2][samples: 10]
          [
            [
              [
                [0, 1, 2, 3, 4, 5, 6, 7, 8, 10],
                [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
              ]
            ]
          ]
        >
    """
    fun = "nx.linspace"
    ty = T.parse(type, fun=fun)
    if not is_int(n) or n <= 0:
        raise ValueError(f"{fun}: expected n to be a non-negative integer, got: {n!r}")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"{fun}: name must be a string or None, got: {name!r}")
    start = to_tensor(start, fun, "start")
    stop = to_tensor(stop, fun, "stop")
    vaxes = None
    if start.vectorized_axes or stop.vectorized_axes:
        # as Nx: both get the union of the vectorized axes (size 1 where one lacks an axis, in
        # order of first appearance) and inner ranks aligned; the samples count along an iota
        # with those vectorized axes, so the result's axes come in that order
        from .vectorize import reshape_vectors
        start, stop = reshape_vectors([start, stop], align_ranks=True)
        vaxes = start.vectorized_axes
    start = as_type(start, ty)
    stop = as_type(stop, ty)
    if start.shape != stop.shape:
        raise ValueError(f"{fun}: expected start and stop to have the same shape. Got shapes "
                         f"{start.shape} and {stop.shape}")
    n = int(n)
    if n == 1:
        # as Nx: a single sample is the start value (no division by n - 1 == 0)
        return new_axis(start, -1, name)
    ishape = start.shape + (n,)
    start = new_axis(start, -1, name)
    stop = new_axis(stop, -1, name)
    steps = iota(ishape, type=ty, axis=-1, vectorized_axes=vaxes)
    step = divide(subtract(stop, start), n - 1 if endpoint else n)
    return as_type(add(multiply(steps, step), start), ty)


def fill(t, value, type=None):
    """A tensor of `t`'s shape and names with every element `value`. The type is `type` if
    given, else `t`'s type merged with `value`'s (a Python number adapts to `t`'s type).

        >>> nx.fill(nx.iota((2, 2)), 5)
        nx.Tensor<
          s32[2][2]
          [
            [5, 5],
            [5, 5]
          ]
        >
        >>> nx.fill(nx.iota((2, 2)), 5, type="u8")
        nx.Tensor<
          u8[2][2]
          [
            [5, 5],
            [5, 5]
          ]
        >
        >>> nx.fill(nx.iota((2, 2)), 5.0)
        nx.Tensor<
          f32[2][2]
          [
            [5.0, 5.0],
            [5.0, 5.0]
          ]
        >
    """
    fun = "nx.fill"
    t = to_tensor(t, fun)
    if type is not None:
        ty = T.parse(type, fun=fun)
    elif isinstance(value, (numbers.Number, np.number, np.bool_)) and \
            not isinstance(value, Tensor):
        ty = T.merge_number(t.type, value)
    else:
        ty = T.merge(t.type, to_tensor(value, fun, "value").type)
    v = as_type(to_tensor(value, fun, "value"), ty)
    if v.vectorized_axes:
        raise ValueError(f"{fun}: the value must not be vectorized, got vectorized axes "
                         f"{list(v.vectorized_axes)}")
    if v.rank > t.rank or any(a not in (1, b) for a, b in zip(reversed(v.shape),
                                                               reversed(t.shape))):
        raise ValueError(f"{fun}: cannot broadcast value of shape {v.shape} to the tensor's "
                         f"shape {t.shape}")
    out = with_names(broadcast(v, t.shape), t.names)
    if t.vectorized_axes:   # as Nx: the value, repeated for every entry of `t`
        from .vectorize import with_vectorized_axes
        out = with_vectorized_axes(out, t.vectorized_axes, fun)
    return out


def tri(n, m, k=0):
    """A `u8` matrix of shape `(n, m)` with ones at and below the `k`-th diagonal (`k > 0` is
    above the main diagonal) and zeros elsewhere.

        >>> nx.tri(3, 3)
        nx.Tensor<
          u8[3][3]
          [
            [1, 0, 0],
            [1, 1, 0],
            [1, 1, 1]
          ]
        >
        >>> nx.tri(3, 3, k=1)
        nx.Tensor<
          u8[3][3]
          [
            [1, 1, 0],
            [1, 1, 1],
            [1, 1, 1]
          ]
        >
    """
    fun = "nx.tri"
    n = int_arg(n, fun, "n", 0)
    m = int_arg(m, fun, "m", 0)
    k = int_arg(k, fun, "k")
    return greater_equal(iota((n, 1)), subtract(iota((1, m)), k))


def _tri_mask(t, k, fun):
    if t.rank < 2:
        raise ValueError(f"{fun}: expected a tensor with at least 2 dimensions, got shape "
                         f"{t.shape}")
    k = int_arg(k, fun, "k")
    mask = tri(t.shape[-2], t.shape[-1], k=k)
    return broadcast(reshape(mask, (1,) * (t.rank - 2) + mask.shape), t)   # t: its names too (Nx)


@eager_compiled(static=("k",), host="evaluator")
def tril(t, k=0):
    """The lower triangle of the matrices in the last two axes: elements above the `k`-th
    diagonal are zeroed. Type and names are `t`'s.

        >>> nx.tril(nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
        nx.Tensor<
          s32[3][3]
          [
            [1, 0, 0],
            [4, 5, 0],
            [7, 8, 9]
          ]
        >
        >>> nx.tril(nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), k=1)
        nx.Tensor<
          s32[3][3]
          [
            [1, 2, 0],
            [4, 5, 6],
            [7, 8, 9]
          ]
        >
        >>> nx.tril(nx.iota((2, 3, 4)))
        nx.Tensor<
          s32[2][3][4]
          [
            [
              [0, 0, 0, 0],
              [4, 5, 0, 0],
              [8, 9, 10, 0]
            ],
            [
              [12, 0, 0, 0],
              [16, 17, 0, 0],
              [20, 21, 22, 0]
            ]
          ]
        >
    """
    t = to_tensor(t, "nx.tril")
    return select(_tri_mask(t, k, "nx.tril"), t, 0)


@eager_compiled(static=("k",), host="evaluator")
def triu(t, k=0):
    """The upper triangle of the matrices in the last two axes: elements below the `k`-th
    diagonal are zeroed. Type and names are `t`'s.

        >>> nx.triu(nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
        nx.Tensor<
          s32[3][3]
          [
            [1, 2, 3],
            [0, 5, 6],
            [0, 0, 9]
          ]
        >
        >>> nx.triu(nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), k=1)
        nx.Tensor<
          s32[3][3]
          [
            [0, 2, 3],
            [0, 0, 6],
            [0, 0, 0]
          ]
        >
        >>> nx.triu(nx.iota((2, 3, 4)))
        nx.Tensor<
          s32[2][3][4]
          [
            [
              [0, 1, 2, 3],
              [0, 5, 6, 7],
              [0, 0, 10, 11]
            ],
            [
              [12, 13, 14, 15],
              [0, 17, 18, 19],
              [0, 0, 22, 23]
            ]
          ]
        >
    """
    t = to_tensor(t, "nx.triu")
    k = int_arg(k, "nx.triu", "k")
    return select(_tri_mask(t, k - 1, "nx.triu"), 0, t)


# --- diagonals --------------------------------------------------------------------------------

@eager_compiled(static=("offset",), host="evaluator")
def take_diagonal(t, offset=0):
    """The `offset` diagonal of the matrices in the last two axes (`offset > 0` above the main
    diagonal, `< 0` below): shape `batch + (length,)`, names all None.

        >>> nx.take_diagonal(nx.tensor([[0, 1, 2], [3, 4, 5], [6, 7, 8]]))
        nx.Tensor<
          s32[3]
          [0, 4, 8]
        >
        >>> nx.take_diagonal(nx.iota((3, 3)), offset=1)
        nx.Tensor<
          s32[2]
          [1, 5]
        >
        >>> nx.take_diagonal(nx.iota((3, 3)), offset=-1)
        nx.Tensor<
          s32[2]
          [3, 7]
        >
        >>> nx.take_diagonal(nx.iota((3, 2, 2)))
        nx.Tensor<
          s32[3][2]
          [
            [0, 3],
            [4, 7],
            [8, 11]
          ]
        >
        >>> nx.take_diagonal(nx.iota((3, 2, 2)), offset=-1)
        nx.Tensor<
          s32[3][1]
          [
            [2],
            [6],
            [10]
          ]
        >
    """
    fun = "nx.take_diagonal"
    t = to_tensor(t, fun)
    if t.rank < 2:
        raise ValueError(f"{fun}: expects tensor of rank 2 or higher, got tensor of rank: "
                         f"{t.rank} (shape {t.shape})")
    offset = validate_offset(t.shape[-2:], offset, fun)
    idx, k = diag_indices(t.shape, offset)
    out = gather(t, idx)
    if t.rank > 2:
        out = reshape(out, t.shape[:-2] + (k,))
    return out


@eager_compiled(static=("offset",), host="evaluator")
def make_diagonal(t, offset=0):
    """A square matrix with the rank-1 tensor `t` on its `offset` diagonal and zeros elsewhere;
    its size is `len(t) + abs(offset)`. The type is `t`'s merged with s32 (the zeros), as in
    Nx; names are None.

        >>> nx.make_diagonal(nx.tensor([1, 2, 3, 4]))
        nx.Tensor<
          s32[4][4]
          [
            [1, 0, 0, 0],
            [0, 2, 0, 0],
            [0, 0, 3, 0],
            [0, 0, 0, 4]
          ]
        >
        >>> nx.make_diagonal(nx.tensor([1, 2, 3]), offset=1)
        nx.Tensor<
          s32[4][4]
          [
            [0, 1, 0, 0],
            [0, 0, 2, 0],
            [0, 0, 0, 3],
            [0, 0, 0, 0]
          ]
        >
        >>> nx.make_diagonal(nx.tensor([1, 2, 3]), offset=-1)
        nx.Tensor<
          s32[4][4]
          [
            [0, 0, 0, 0],
            [1, 0, 0, 0],
            [0, 2, 0, 0],
            [0, 0, 3, 0]
          ]
        >
        >>> nx.make_diagonal(nx.tensor([1, 2, 3]), offset=4)
        nx.Tensor<
          s32[7][7]
          [
            [0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 2, 0],
            [0, 0, 0, 0, 0, 0, 3],
            [0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0]
          ]
        >
    """
    fun = "nx.make_diagonal"
    t = to_tensor(t, fun)
    if t.rank != 1:
        raise ValueError(f"{fun}: expects tensor of rank 1, got tensor of rank: {t.rank} "
                         f"(shape {t.shape})")
    offset = int_arg(offset, fun, "offset")
    n = t.shape[0] + abs(offset)
    zeros = broadcast(0, (n, n))
    if t.shape[0] == 0:
        return as_type(zeros, T.merge(zeros.type, t.type))
    idx, _ = diag_indices((n, n), offset)
    return indexed_put(zeros, idx, t)


@eager_compiled(static=("offset",), host="evaluator")
def put_diagonal(t, diagonal, offset=0):
    """Puts the rank-1 `diagonal` on the `offset` diagonal of the matrix `t` (its length must
    be the diagonal's). Type merged, `t`'s names.

        >>> nx.put_diagonal(nx.broadcast(0, (4, 4)), nx.tensor([1, 2, 3, 4]))
        nx.Tensor<
          s32[4][4]
          [
            [1, 0, 0, 0],
            [0, 2, 0, 0],
            [0, 0, 3, 0],
            [0, 0, 0, 4]
          ]
        >
        >>> nx.put_diagonal(nx.broadcast(0, (4, 3)), nx.tensor([1, 2, 3]))
        nx.Tensor<
          s32[4][3]
          [
            [1, 0, 0],
            [0, 2, 0],
            [0, 0, 3],
            [0, 0, 0]
          ]
        >
        >>> nx.put_diagonal(nx.broadcast(0, (4, 4)), nx.tensor([1, 2, 3]), offset=1)
        nx.Tensor<
          s32[4][4]
          [
            [0, 1, 0, 0],
            [0, 0, 2, 0],
            [0, 0, 0, 3],
            [0, 0, 0, 0]
          ]
        >
        >>> nx.put_diagonal(nx.broadcast(0, (4, 3)), nx.tensor([1, 2, 3]), offset=-1)
        nx.Tensor<
          s32[4][3]
          [
            [0, 0, 0],
            [1, 0, 0],
            [0, 2, 0],
            [0, 0, 3]
          ]
        >
    """
    fun = "nx.put_diagonal"
    t = to_tensor(t, fun)
    d = to_tensor(diagonal, fun, "diagonal")
    if t.rank != 2:
        raise ValueError(f"{fun}: expects tensor of rank 2, got tensor of rank: {t.rank} "
                         f"(shape {t.shape})")
    if d.rank != 1:
        raise ValueError(f"{fun}: expects diagonal of rank 1, got tensor of rank: {d.rank} "
                         f"(shape {d.shape})")
    offset = validate_offset(t.shape, offset, fun)
    idx, k = diag_indices(t.shape, offset)
    if d.shape[0] != k:
        raise ValueError(f"{fun}: expected diagonal tensor of length: {k}, got diagonal tensor "
                         f"of length: {d.shape[0]}")
    return indexed_put(t, idx, d)


# --- shape --------------------------------------------------------------------------------------

@eager_compiled(static=("repetitions",), host="evaluator")
def tile(t, repetitions):
    """Repeats `t` `repetitions[i]` times along axis i; with more repetitions than axes, `t`
    gains leading axes of size 1 first (with fewer, the leading axes are repeated once).
    Names are None.

        >>> a = nx.tensor([0, 1, 2])
        >>> nx.tile(a, [2])
        nx.Tensor<
          s32[6]
          [0, 1, 2, 0, 1, 2]
        >
        >>> nx.tile(a, [1, 2])
        nx.Tensor<
          s32[1][6]
          [
            [0, 1, 2, 0, 1, 2]
          ]
        >
        >>> nx.tile(nx.tensor([[1, 2], [3, 4]]), [2, 1])
        nx.Tensor<
          s32[4][2]
          [
            [1, 2],
            [3, 4],
            [1, 2],
            [3, 4]
          ]
        >
    """
    fun = "nx.tile"
    t = to_tensor(t, fun)
    if not isinstance(repetitions, (list, tuple)) or \
            not all(is_int(r) and r >= 1 for r in repetitions):
        raise ValueError(f"{fun}: repetitions must be a list of integers greater than or equal "
                         f"to 1, got: {repetitions!r}")
    reps = [int(r) for r in repetitions]
    shape = [1] * builtins.max(len(reps) - t.rank, 0) + list(t.shape)
    reps = [1] * builtins.max(t.rank - len(reps), 0) + reps
    expanded = tuple(x for d in shape for x in (1, d))
    bshape = tuple(x for r, d in zip(reps, shape) for x in (r, d))
    out = broadcast(reshape(t, expanded), bshape)
    out = reshape(out, tuple(r * d for r, d in zip(reps, shape)))
    return with_names(out, (None,) * out.rank)


@eager_compiled(static=("split", "axis"), host="evaluator")
def split(t, split, axis=0):
    """Splits `t` in two along `axis`: `split` is the size of the first part (an integer,
    negative counting from the end, as Enum.split does) or a float fraction of the axis
    (rounded up). Both parts must be non-empty. Returns a tuple.

        >>> t = nx.tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        >>> left, right = nx.split(t, 2, axis=0)
        >>> left
        nx.Tensor<
          s32[2][4]
          [
            [0, 1, 2, 3],
            [4, 5, 6, 7]
          ]
        >
        >>> right
        nx.Tensor<
          s32[1][4]
          [
            [8, 9, 10, 11]
          ]
        >
        >>> left, right = nx.split(t, 0.75, axis=1)
        >>> left
        nx.Tensor<
          s32[3][3]
          [
            [0, 1, 2],
            [4, 5, 6],
            [8, 9, 10]
          ]
        >
        >>> right
        nx.Tensor<
          s32[3][1]
          [
            [3],
            [7],
            [11]
          ]
        >
        >>> left, right = nx.split(nx.tensor([1, 2, 3, 4]), -1)
        >>> left
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
        >>> right
        nx.Tensor<
          s32[1]
          [4]
        >
    """
    fun = "nx.split"
    t = to_tensor(t, fun)
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor of rank at least 1, got a scalar")
    ax = axis_index(t, axis, fun)
    size = t.shape[ax]
    if is_int(split):
        split = int(split)
        if 0 < split < size:
            first = split
        elif -size < split < 0:
            first = size + split
        else:
            raise ValueError(f"{fun}: split must be an integer greater than zero and less than "
                             f"the length of the given axis ({size}), got: {split}")
    elif isinstance(split, (float, np.floating)):
        first = math.ceil(split * size) if math.isfinite(split) else 0
        if not 0 < first < size:
            raise ValueError(f"{fun}: split must be a float such that 0 < split and "
                             f"ceil(split * axis_size) < axis_size (axis size {size}), got: "
                             f"{split}")
    else:
        raise TypeError(f"{fun}: invalid split received, expected a float or an integer, got: "
                        f"{split!r}")
    return (slice_along_axis(t, 0, first, axis=ax),
            slice_along_axis(t, first, size - first, axis=ax))


def slice_along_axis(t, start_index, length, axis=0, strides=1):
    """Slices `length` elements of `axis` from `start_index` (an integer or an integer scalar
    tensor), taking every `strides`-th; other axes are kept whole. A start index is clamped so
    that the slice fits.

        >>> nx.slice_along_axis(nx.iota((5, 2)), 1, 2, axis=0)
        nx.Tensor<
          s32[2][2]
          [
            [2, 3],
            [4, 5]
          ]
        >
        >>> nx.slice_along_axis(nx.iota((2, 5)), 1, 2, axis=1)
        nx.Tensor<
          s32[2][2]
          [
            [1, 2],
            [6, 7]
          ]
        >
        >>> nx.slice_along_axis(nx.iota((2, 5), names=["x", "y"]), 0, 1, axis="x")
        nx.Tensor<
          s32[x: 1][y: 5]
          [
            [0, 1, 2, 3, 4]
          ]
        >
        >>> nx.slice_along_axis(nx.iota((2, 5), names=["x", "y"]), nx.tensor(0), 1, axis="x")
        nx.Tensor<
          s32[x: 1][y: 5]
          [
            [0, 1, 2, 3, 4]
          ]
        >
        >>> nx.slice_along_axis(nx.iota((2, 5)), 0, 3, axis=-1, strides=2)
        nx.Tensor<
          s32[2][2]
          [
            [0, 2],
            [5, 7]
          ]
        >
    """
    fun = "nx.slice_along_axis"
    t = to_tensor(t, fun)
    if not is_int(length):
        raise TypeError(f"{fun}: length must be an integer, got: {length!r}")
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor of rank at least 1, got a scalar")
    ax = axis_index(t, axis, fun)
    if is_int(start_index) and start_index == 0 and strides == 1 and t.shape[ax] == length:
        return t
    starts = [0] * t.rank
    starts[ax] = start_index
    lengths = list(t.shape)
    lengths[ax] = int(length)
    st = [1] * t.rank
    st[ax] = strides
    return checked_slice(t, starts, lengths, st, fun)


def put_slice(t, start_indices, slice):
    """Writes `slice` (same rank as `t`, no larger on any axis) into `t` at `start_indices`
    (integers or integer scalar tensors, one per axis). Each start is clamped so that the whole
    slice fits. The type is `t`'s merged with the slice's; names are merged axis by axis.

        >>> nx.put_slice(nx.tensor([0, 1, 2, 3, 4]), [2], nx.tensor([5, 6]))
        nx.Tensor<
          s32[5]
          [0, 1, 5, 6, 4]
        >
        >>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
        >>> nx.put_slice(t, [0, 1], nx.tensor([[7, 8], [9, 10]]))
        nx.Tensor<
          s32[2][3]
          [
            [1, 7, 8],
            [4, 9, 10]
          ]
        >
        >>> nx.put_slice(t, [nx.tensor(0), nx.tensor(1)], nx.tensor([[10.0, 11.0]]))
        nx.Tensor<
          f32[2][3]
          [
            [1.0, 10.0, 11.0],
            [4.0, 5.0, 6.0]
          ]
        >
        >>> nx.put_slice(t, [1, 1], nx.tensor([[7, 8], [9, 10]]))
        nx.Tensor<
          s32[2][3]
          [
            [1, 7, 8],
            [4, 9, 10]
          ]
        >
    """
    fun = "nx.put_slice"
    t = to_tensor(t, fun)
    s = to_tensor(slice, fun, "slice")
    if not isinstance(start_indices, (list, tuple)):
        raise TypeError(f"{fun}: start_indices must be a list of integers or integer scalar "
                        f"tensors, got: {start_indices!r}")
    if len(start_indices) != t.rank:
        raise ValueError(f"{fun}: invalid start indices rank for shape of rank {t.rank}, got "
                         f"{len(start_indices)} start indices")
    if s.rank != t.rank:
        raise ValueError(f"{fun}: invalid slice for put_slice, rank of slice must match "
                         f"{t.rank}, got: {s.rank} (slice shape {s.shape}, tensor shape "
                         f"{t.shape})")
    if any(a > b for a, b in zip(s.shape, t.shape)):
        raise ValueError(f"{fun}: slice shape {s.shape} must be less than or equal to tensor "
                         f"shape {t.shape}")
    names = []
    for ax, (a, b) in enumerate(zip(t.names, s.names)):
        if a is not None and b is not None and a != b:
            raise ValueError(f"{fun}: cannot merge name {a!r} on axis {ax} with name {b!r} on "
                             f"axis {ax}")
        names.append(a if a is not None else b)
    starts, dynamic = parse_starts(list(start_indices), fun)
    if not dynamic:   # static starts become s32 scalars (s64 if one does not fit)
        ity = T.S32
        for x in starts:
            ity = T.merge_number(ity, x)
        starts = [tensor(x, type=ity) for x in starts]
    ty = T.merge(t.type, s.type)
    return apply("put_slice", [as_type(t, ty), as_type(s, ty)] + starts, {}, tuple(names))


@eager_compiled(static=("padding_config",), host="evaluator")
def reflect(t, padding_config=None):
    """Pads each axis by periodic reflection: `padding_config` gives `(pre, post)` (sizes >= 0)
    per axis. The edge element is not repeated (NumPy's `mode="reflect"`); an axis of size 1
    repeats its element. Type and names are `t`'s.

        >>> nx.reflect(nx.tensor([0, 1, 2]), padding_config=[(3, 1)])
        nx.Tensor<
          s32[7]
          [1, 2, 1, 0, 1, 2, 1]
        >
        >>> nx.reflect(nx.tensor([[0, 1, 2], [3, 4, 5]], names=["x", "y"]),
        ...            padding_config=[(2, 0), (2, 1)])
        nx.Tensor<
          s32[x: 4][y: 6]
          [
            [2, 1, 0, 1, 2, 1],
            [5, 4, 3, 4, 5, 4],
            [2, 1, 0, 1, 2, 1],
            [5, 4, 3, 4, 5, 4]
          ]
        >
    """
    fun = "nx.reflect"
    t = to_tensor(t, fun)
    if padding_config is None:
        raise ValueError(f"{fun}: missing mandatory option padding_config")
    if t.rank == 0:
        raise ValueError(f"{fun}: expected tensor to have rank greater than 0")
    if not isinstance(padding_config, (list, tuple)) or len(padding_config) != t.rank:
        raise ValueError(f"{fun}: expected to have one padding_config entry each tensor axis "
                         f"(shape {t.shape}), got: {padding_config!r}")
    out = t
    for ax, cfg in enumerate(padding_config):
        if not (isinstance(cfg, (list, tuple)) and len(cfg) == 2 and
                all(is_int(c) and c >= 0 for c in cfg)):
            raise ValueError(f"{fun}: expected padding config for axis {ax} to be of the format "
                             f"(left, right), with left and right as non-negative integers, "
                             f"got: {cfg!r}")
        left, right = int(cfg[0]), int(cfg[1])
        if left == 0 and right == 0:
            continue
        n = t.shape[ax]
        if n == 0:
            raise ValueError(f"{fun}: cannot reflect an empty axis {ax} (shape {t.shape})")
        pos = np.arange(-left, n + right)
        if n == 1:
            idx = np.zeros_like(pos)
        else:
            period = 2 * (n - 1)
            m = np.mod(pos, period)
            idx = np.where(m < n, m, period - m)
        out = take(out, tensor(idx.astype(np.int32), type="s32"), axis=ax)
    return out


def clip(t, min, max):
    """Clips each element into the closed interval `[min, max]`, scalar bounds (numbers or
    scalar tensors). As in Nx, the type is `t`'s merged with the bounds' types, where a Python
    number is typed as `nx.tensor` types it (s32, f32): `clip(u8_tensor, 1, 4)` is s32. A NaN
    element or bound gives NaN; `min > max` gives `max` (as XLA's clamp).

        >>> t = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
        >>> nx.clip(t, 2, 4)
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [2, 2, 3],
            [4, 4, 4]
          ]
        >
        >>> nx.clip(t, 2.0, 3)
        nx.Tensor<
          f32[x: 2][y: 3]
          [
            [2.0, 2.0, 3.0],
            [3.0, 3.0, 3.0]
          ]
        >
        >>> nx.clip(t, nx.tensor(2.0), nx.max(1.0, 3.0))
        nx.Tensor<
          f32[x: 2][y: 3]
          [
            [2.0, 2.0, 3.0],
            [3.0, 3.0, 3.0]
          ]
        >
        >>> nx.clip(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], names=["x", "y"]), 2, 6.0)
        nx.Tensor<
          f32[x: 2][y: 3]
          [
            [2.0, 2.0, 3.0],
            [4.0, 5.0, 6.0]
          ]
        >
    """
    fun = "nx.clip"
    t = to_tensor(t, fun)
    lo = to_tensor(min, fun, "min")
    hi = to_tensor(max, fun, "max")
    for what, b in (("min", lo), ("max", hi)):
        if b.shape != () or b.vectorized_axes:
            raise ValueError(f"{fun}: {what} value must be a non-vectorized scalar shape, got "
                             f"shape {b.shape} and vectorized axes {list(b.vectorized_axes)}")
    ty = T.merge(t.type, T.merge(lo.type, hi.type))
    if T.is_complex(ty):
        raise TypeError(f"{fun}: does not support complex inputs, got types {t.type.name}, "
                        f"{lo.type.name} and {hi.type.name}")
    return apply("clip", [as_type(t, ty), as_type(lo, ty), as_type(hi, ty)], {}, t.names)


def bitcast(t, type):
    """Reinterprets the bits of each element as `type`, which must have the same width (no
    complex types). Shape and names are kept.

        >>> t = nx.bitcast(nx.tensor([0, 0, 0], names=["data"], type="s32"), "f32")
        >>> t
        nx.Tensor<
          f32[data: 3]
          [0.0, 0.0, 0.0]
        >
        >>> nx.bitcast(t, "s32")
        nx.Tensor<
          s32[data: 3]
          [0, 0, 0]
        >
        >>> nx.bitcast(nx.tensor([[0, -1], [1, -2], [2, -3]], type="s8"), "u8")
        nx.Tensor<
          u8[3][2]
          [
            [0, 255],
            [1, 254],
            [2, 253]
          ]
        >
    """
    fun = "nx.bitcast"
    t = to_tensor(t, fun)
    ty = T.parse(type, fun=fun)
    if T.is_complex(t.type) or T.is_complex(ty):
        raise TypeError(f"{fun}: does not support complex inputs, got input type "
                        f"{t.type.name} and output type {ty.name}")
    if t.type.bits != ty.bits:
        raise TypeError(f"{fun}: input type width must match new type width, got input type "
                        f"{t.type.name} and output type {ty.name}")
    if ty == t.type:
        return t
    return apply("bitcast", [t], {"type": ty}, t.names)

