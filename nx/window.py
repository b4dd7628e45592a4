"""Window functions and convolution (Nx v0.10): window_sum, window_product, window_max,
window_min, window_mean, window_reduce, window_scatter_max, window_scatter_min, conv.

They build on four ops of the nx dialect: `nx.window_reduce` (the built-in aggregates, a `kind`
attribute), `nx.window_fold` (window_reduce with a user function, traced into a region),
`nx.window_scatter` and `nx.conv` (see `nx/dialects/nx/ops/window.py`).

Options follow Nx: `strides` (an integer for every axis, or one per axis), `padding`
(`"valid"`, `"same"` or one `(low, high)` pair per axis), `window_dilations` (an integer or
one per axis). Window results keep the input's type and names; vectorized tensors are
windowed entry by entry (the vectorize pass batches them).
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, TensorType, Value, walk
from nx.dialects.nx.ops.window import conv_shape, pool_shape

from . import types as T
from ._dispatch import apply, constant_value
from ._eager import eager_compiled
from .ops import as_type, axis_index, divide, to_tensor
from .tensor import Tensor

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ._typing import Axis, Padding, TensorLike

__all__ = ["window_sum", "window_product", "window_max", "window_min", "window_mean",
           "window_reduce", "window_scatter_max", "window_scatter_min", "conv"]


# --- option parsing ---------------------------------------------------------------------------

def _is_int(v):
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, bool)



def _window_dims(fun, window, t):
    if _is_int(window) or not isinstance(window, (tuple, list)):
        raise TypeError(f"{fun}: window_dimensions must be a tuple of positive integers, got "
                        f"{window!r}")
    for i, w in enumerate(window):
        if not _is_int(w) or w < 1:
            raise ValueError(f"{fun}: invalid dimension in axis {i} in window_dimensions. Each "
                             f"dimension must be a positive integer, got {w!r} in "
                             f"{tuple(window)}")
    if len(window) != t.rank:
        raise ValueError(f"{fun}: invalid window dimensions, rank of shape {t.shape} "
                         f"({t.rank}) does not match rank of window {tuple(window)} "
                         f"({len(window)})")
    return tuple(int(w) for w in window)


def _per_axis(fun, what, v, n, of, positive=True):
    """An integer for every axis, or a list with one integer per axis."""
    if _is_int(v):
        v = [int(v)] * n
    elif isinstance(v, (list, tuple)) and all(_is_int(x) for x in v):
        v = [int(x) for x in v]
        if len(v) != n:
            raise ValueError(f"{fun}: invalid {what}, expected one entry per {of} ({n}), got "
                             f"{v}")
    else:
        raise TypeError(f"{fun}: {what} must be an integer or a list of integers, got {v!r}")
    if positive and any(x < 1 for x in v):
        raise ValueError(f"{fun}: {what} must be positive integers, got {v}")
    return tuple(v)


def _padding(fun, padding, kernel, n, of, negative=False):
    """Nx.Shape.to_padding_config: "valid", "same" (from the (dilated) kernel sizes) or a list
    of (low, high) integer pairs."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * n
        if padding == "same":
            return tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in kernel)
    elif isinstance(padding, (list, tuple)):
        cfg = []
        for p in padding:
            if not (isinstance(p, (list, tuple)) and len(p) == 2 and all(_is_int(x) for x in p)):
                raise ValueError(f"{fun}: padding must be a list of (low, high) pairs of "
                                 f"integers, got {list(padding)!r}")
            cfg.append((int(p[0]), int(p[1])))
        if len(cfg) != n:
            raise ValueError(f"{fun}: padding must have one (low, high) pair per {of} ({n}), "
                             f"got {cfg}")
        if not negative and any(lo < 0 or hi < 0 for lo, hi in cfg):
            raise ValueError(f"{fun}: padding must not be negative, got {cfg}")
        return tuple(cfg)
    raise ValueError(f"{fun}: invalid padding mode specified, padding must be one of "
                     f"\"valid\", \"same\", or a padding configuration, got: {padding!r}")


def _window_attrs(fun, t, window_dimensions, strides, padding, window_dilations):
    w = _window_dims(fun, window_dimensions, t)
    s = _per_axis(fun, "strides", 1 if strides is None else strides, t.rank, "axis")
    d = _per_axis(fun, "window_dilations", 1 if window_dilations is None else window_dilations,
                  t.rank, "axis")
    p = _padding(fun, padding, [(k - 1) * dl + 1 for k, dl in zip(w, d)], t.rank, "axis")
    return {"window_dimensions": w, "strides": s, "padding": p, "window_dilations": d}


def _aggregate(kind, t, window_dimensions, strides, padding, window_dilations):
    fun = f"nx.window_{kind}"
    t = to_tensor(t, fun)
    if kind in ("max", "min") and T.is_complex(t.type):
        raise TypeError(f"{fun}: complex tensors are not supported (they are not ordered), got "
                        f"{t.type.name}")
    attrs = _window_attrs(fun, t, window_dimensions, strides, padding, window_dilations)
    attrs["kind"] = kind
    return apply("window_reduce", [t], attrs, t.names)


# --- window aggregates ------------------------------------------------------------------------

def window_sum(t: TensorLike, window_dimensions: Sequence[int], strides: int | Sequence[int] = 1,
               padding: Padding = "valid",
               window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """Sums each window of size `window_dimensions` (stepping by `strides`, dilated by
    `window_dilations`); `padding` pads with 0. Keeps the input's type and names.

        >>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
        >>> nx.window_sum(t, (1, 2, 1))
        nx.Tensor<
          s32[2][1][3]
          [
            [
              [5, 7, 9]
            ],
            [
              [5, 7, 9]
            ]
          ]
        >
        >>> nx.window_sum(t, (2, 2, 1), strides=[1, 2, 3], padding=[(0, 1), (2, 0), (1, 1)])
        nx.Tensor<
          s32[2][2][2]
          [
            [
              [0, 0],
              [0, 18]
            ],
            [
              [0, 0],
              [0, 9]
            ]
          ]
        >
        >>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
        >>> nx.window_sum(t, (1, 1, 2), strides=[2, 1, 1], padding="valid",
        ...               window_dilations=[1, 2, 2])
        nx.Tensor<
          s32[1][2][2]
          [
            [
              [5, 5],
              [5, 9]
            ]
          ]
        >
    """
    return _aggregate("sum", t, window_dimensions, strides, padding, window_dilations)


def window_product(t: TensorLike, window_dimensions: Sequence[int],
                   strides: int | Sequence[int] = 1, padding: Padding = "valid",
                   window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """Multiplies each window; `padding` pads with 1. Keeps the input's type and names.

        >>> nx.window_product(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]]),
        ...                   (1, 2, 1))
        nx.Tensor<
          s32[2][1][3]
          [
            [
              [4, 10, 18]
            ],
            [
              [4, 10, 18]
            ]
          ]
        >
        >>> t = nx.tensor([[[4.0, 2.0, 3.0], [2.0, 5.0, 6.5]], [[1.2, 2.2, 3.2], [4.0, 5.0, 6.2]]])
        >>> nx.window_product(t, (2, 1, 1), strides=[2, 1, 1], padding=[(1, 1), (0, 0), (1, 1)])
        nx.Tensor<
          f32[2][2][5]
          [
            [
              [1.0, 4.0, 2.0, 3.0, 1.0],
              [1.0, 2.0, 5.0, 6.5, 1.0]
            ],
            [
              [1.0, 1.2000000476837158, 2.200000047683716, 3.200000047683716, 1.0],
              [1.0, 4.0, 5.0, 6.199999809265137, 1.0]
            ]
          ]
        >
    """
    return _aggregate("product", t, window_dimensions, strides, padding, window_dilations)


def window_max(t: TensorLike, window_dimensions: Sequence[int], strides: int | Sequence[int] = 1,
               padding: Padding = "valid",
               window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """The maximum of each window; `padding` pads with the type's minimum (-Inf for floats).

        >>> nx.window_max(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]]), (1, 2, 1))
        nx.Tensor<
          s32[2][1][3]
          [
            [
              [4, 5, 6]
            ],
            [
              [4, 5, 6]
            ]
          ]
        >
        >>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
        >>> nx.window_max(t, (2, 2, 1), strides=[1, 2, 3], padding=[(0, 1), (2, 0), (1, 1)])
        nx.Tensor<
          s32[2][2][2]
          [
            [
              [-2147483648, -2147483648],
              [-2147483648, 6]
            ],
            [
              [-2147483648, -2147483648],
              [-2147483648, 6]
            ]
          ]
        >
        >>> t = nx.tensor([[[4.0, 2.0, 3.0], [2.0, 5.0, 6.5]], [[1.2, 2.2, 3.2], [4.0, 5.0, 6.2]]])
        >>> nx.window_max(t, (2, 1, 1), strides=[2, 1, 1], padding=[(1, 1), (0, 0), (1, 1)])
        nx.Tensor<
          f32[2][2][5]
          [
            [
              [-Inf, 4.0, 2.0, 3.0, -Inf],
              [-Inf, 2.0, 5.0, 6.5, -Inf]
            ],
            [
              [-Inf, 1.2000000476837158, 2.200000047683716, 3.200000047683716, -Inf],
              [-Inf, 4.0, 5.0, 6.199999809265137, -Inf]
            ]
          ]
        >
    """
    return _aggregate("max", t, window_dimensions, strides, padding, window_dilations)


def window_min(t: TensorLike, window_dimensions: Sequence[int], strides: int | Sequence[int] = 1,
               padding: Padding = "valid",
               window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """The minimum of each window; `padding` pads with the type's maximum (+Inf for floats).

        >>> nx.window_min(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]]), (1, 2, 1))
        nx.Tensor<
          s32[2][1][3]
          [
            [
              [1, 2, 3]
            ],
            [
              [1, 2, 3]
            ]
          ]
        >
        >>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
        >>> nx.window_min(t, (1, 1, 2), strides=[2, 1, 1], padding="valid",
        ...               window_dilations=[1, 2, 2])
        nx.Tensor<
          s32[1][2][2]
          [
            [
              [1, 2],
              [1, 2]
            ]
          ]
        >
    """
    return _aggregate("min", t, window_dimensions, strides, padding, window_dilations)


@eager_compiled(static=("window_dimensions", "strides", "padding", "window_dilations"),
                host="evaluator")
def window_mean(t: TensorLike, window_dimensions: Sequence[int],
                strides: int | Sequence[int] = 1, padding: Padding = "valid",
                window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """The mean of each window: `window_sum` divided by the window size (padding counts as 0),
    so integer inputs give f32.

        >>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
        >>> nx.window_mean(t, (1, 2, 1))
        nx.Tensor<
          f32[2][1][3]
          [
            [
              [2.5, 3.5, 4.5]
            ],
            [
              [2.5, 3.5, 4.5]
            ]
          ]
        >
        >>> nx.window_mean(t, (2, 2, 1), strides=[1, 2, 3], padding=[(0, 1), (2, 0), (1, 1)])
        nx.Tensor<
          f32[2][2][2]
          [
            [
              [0.0, 0.0],
              [0.0, 4.5]
            ],
            [
              [0.0, 0.0],
              [0.0, 2.25]
            ]
          ]
        >
    """
    s = window_sum(t, window_dimensions, strides, padding, window_dilations)
    return divide(s, math.prod(window_dimensions))


# --- window_reduce with a function ----------------------------------------------------------

def _trace_body(fun, ty):
    """Traces `fun(x, acc)` on two scalars of type `ty` into a Block yielding one scalar."""
    scalar = TensorType((), ty)
    blk = Block([scalar, scalar])
    with trace.building(blk) as inner:
        out = fun(Tensor(blk.args[0], (), ty), Tensor(blk.args[1], (), ty))
        if not isinstance(out, Tensor) and not isinstance(out, (numbers.Number, np.number)):
            raise TypeError(f"nx.window_reduce: the function must return a scalar tensor, got "
                            f"{type(out).__name__}")
        out = to_tensor(out, "nx.window_reduce", "the function's result")
        if out.shape != ():
            raise ValueError(f"nx.window_reduce: the function must return a scalar, got shape "
                             f"{out.shape}")
        out = as_type(out, ty)
        val = out.data if isinstance(out.data, Value) else constant_value(inner, out)
    blk.append(Operation("nx.yield", [val], []))
    defined = set(blk.args)
    nested_args = set()
    for op in walk(blk):
        defined.update(op.results)
        for r in op.regions:
            for b in r.blocks:
                nested_args.update(b.args)
    for op in walk(blk):
        for v in op.operands:
            if v not in defined and v not in nested_args:
                raise ValueError(
                    "nx.window_reduce: the function must only use its two arguments and "
                    f"constants, but it uses a tensor traced outside of it ({v.type}); XLA "
                    "reduction bodies cannot capture values")
    return blk


def window_reduce(t: TensorLike, acc: TensorLike, window_dimensions: Sequence[int],
                  fun: Callable[[Tensor, Tensor], TensorLike],
                  strides: int | Sequence[int] | None = None, padding: Padding = "valid",
                  window_dilations: int | Sequence[int] | None = None) -> Tensor:
    """Reduces each window with `fun(x, acc)`, starting from the scalar `acc` (which also
    fills the padding). The function is traced once on scalars of the input's type; the result
    keeps the input's type and names.

        >>> t = nx.tensor([[1, 2, 3, 4], [4, 5, 6, 7], [7, 8, 9, 10], [11, 12, 13, 14]])
        >>> nx.window_reduce(t, -2147483648, (2, 2), lambda x, acc: nx.max(x, acc))
        nx.Tensor<
          s32[3][3]
          [
            [5, 6, 7],
            [8, 9, 10],
            [12, 13, 14]
          ]
        >
        >>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
        >>> nx.window_reduce(t, 0, (1, 2), lambda x, acc: nx.add(x, acc), padding="same",
        ...                  strides=[1, 1])
        nx.Tensor<
          s32[2][3]
          [
            [3, 5, 3],
            [9, 11, 6]
          ]
        >
        >>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
        >>> nx.window_reduce(t, 0, (1, 1, 2), lambda x, acc: nx.add(x, acc), padding="valid",
        ...                  strides=[2, 1, 1], window_dilations=[1, 1, 2])
        nx.Tensor<
          s32[1][2][2]
          [
            [
              [5, 5],
              [5, 9]
            ]
          ]
        >
    """
    name = "nx.window_reduce"
    t = to_tensor(t, name)
    a = to_tensor(acc, name, "acc")
    if not callable(fun):
        raise TypeError(f"{name}: fun must be a function of (x, acc), got {type(fun).__name__}")
    if a.shape != ():
        raise ValueError(f"{name}: the accumulator must be a scalar, got shape {a.shape}")
    attrs = _window_attrs(name, t, window_dimensions, strides, padding, window_dilations)
    a = as_type(a, t.type)
    blk = _trace_body(fun, t.type)
    return apply("window_fold", [t, a], attrs, t.names, regions=[blk])


# --- window scatter ---------------------------------------------------------------------------

def _window_scatter(kind, t, source, init_value, window_dimensions, padding, strides):
    fun = f"nx.window_scatter_{kind}"
    t = to_tensor(t, fun)
    src = to_tensor(source, fun, "source")
    init = to_tensor(init_value, fun, "init_value")
    if init.shape != ():
        raise ValueError(f"{fun}: init_value must be a scalar, got shape {init.shape}")
    w = _window_dims(fun, window_dimensions, t)
    s = _per_axis(fun, "strides", strides, t.rank, "axis")
    p = _padding(fun, padding, w, t.rank, "axis")
    ty = T.merge(src.type, init.type)
    if T.is_complex(ty) or T.is_complex(t.type):
        raise TypeError(f"{fun}: complex tensors are not supported, got types {t.type.name}, "
                        f"{src.type.name} and {init.type.name}")
    shape = pool_shape(fun, t.shape, w, s, p, (1,) * t.rank)
    if shape != src.shape:
        raise ValueError(f"{fun}: source shape must match valid windows in input tensor: "
                         f"expected {shape}, got {src.shape}")
    x, src, init = as_type(t, ty), as_type(src, ty), as_type(init, ty)
    valid = ((0, 0),) * t.rank
    if p == valid:
        attrs = {"kind": kind, "window_dimensions": w, "strides": s, "padding": valid}
        return apply("window_scatter", [x, src, init], attrs, t.names)
    # As Nx (its binary backend and nx_test.exs): the tensor is padded with `init_value`, the
    # padding takes part in the selection like any element, and source values selected onto
    # the padding are dropped. (The op's own padding is never selected, as in XLA; the
    # gradient of window_max/window_min uses that.)
    xp = apply("pad", [x, init], {"low": tuple(lo for lo, _ in p),
                                  "high": tuple(hi for _, hi in p),
                                  "interior": (0,) * t.rank}, t.names)
    attrs = {"kind": kind, "window_dimensions": w, "strides": s, "padding": valid}
    out = apply("window_scatter", [xp, src, init], attrs, t.names)
    return apply("slice", [out], {"start": tuple(lo for lo, _ in p), "lengths": tuple(t.shape),
                                  "strides": (1,) * t.rank}, t.names)


def window_scatter_max(t: TensorLike, source: TensorLike, init_value: TensorLike,
                       window_dimensions: Sequence[int], padding: Padding = "valid",
                       strides: int | Sequence[int] = 1) -> Tensor:
    """Scatters `source` onto the maximum of each window of `t`, adding where windows select
    the same element; every other element is `init_value`. `source` has the shape of the
    windows; the result has t's shape and names and the merged type of `source` and
    `init_value` (`t` is compared in that type). As in Nx, `padding` holds `init_value`,
    which competes in each window like any element; a source value whose window selects the
    padding is dropped. In each window the last element not beaten wins.

        >>> t = nx.tensor([[7, 2, 5, 3, 10, 2], [3, 8, 9, 3, 4, 2], [1, 5, 7, 5, 6, 1],
        ...                [0, 6, 2, 7, 2, 8]])
        >>> nx.window_scatter_max(t, nx.tensor([[2, 6], [3, 1]]), 0, (2, 3), strides=[2, 3],
        ...                       padding="valid")
        nx.Tensor<
          s32[4][6]
          [
            [0, 0, 0, 0, 6, 0],
            [0, 0, 2, 0, 0, 0],
            [0, 0, 3, 0, 0, 0],
            [0, 0, 0, 0, 0, 1]
          ]
        >
        >>> t = nx.tensor([[7, 2, 5, 3, 8], [3, 8, 9, 3, 4], [1, 5, 7, 5, 6], [0, 6, 2, 10, 2]])
        >>> nx.window_scatter_max(t, nx.tensor([[2, 6], [3, 1]]), 0, (2, 3), strides=[2, 2])
        nx.Tensor<
          s32[4][5]
          [
            [0, 0, 0, 0, 0],
            [0, 0, 8, 0, 0],
            [0, 0, 3, 0, 0],
            [0, 0, 0, 1, 0]
          ]
        >
    """
    return _window_scatter("max", t, source, init_value, window_dimensions, padding, strides)


def window_scatter_min(t: TensorLike, source: TensorLike, init_value: TensorLike,
                       window_dimensions: Sequence[int], padding: Padding = "valid",
                       strides: int | Sequence[int] = 1) -> Tensor:
    """Scatters `source` onto the minimum of each window of `t` (see `window_scatter_max`).
    This is the gradient of `window_min`.

        >>> t = nx.tensor([[7, 2, 5, 3, 10, 2], [3, 8, 9, 3, 4, 2], [1, 5, 7, 5, 6, 1],
        ...                [0, 6, 2, 7, 2, 8]])
        >>> nx.window_scatter_min(t, nx.tensor([[2, 6], [3, 1]]), 0, (2, 3), strides=[2, 3],
        ...                       padding="valid")
        nx.Tensor<
          s32[4][6]
          [
            [0, 2, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 6],
            [0, 0, 0, 0, 0, 1],
            [3, 0, 0, 0, 0, 0]
          ]
        >
        >>> t = nx.tensor([[7, 2, 5, 3, 8], [3, 8, 9, 3, 4], [1, 5, 7, 5, 6], [0, 6, 2, 10, 2]])
        >>> nx.window_scatter_min(t, nx.tensor([[2, 6], [3, 1]]), 0, (2, 3), strides=[2, 2])
        nx.Tensor<
          s32[4][5]
          [
            [0, 2, 0, 0, 0],
            [0, 0, 0, 6, 0],
            [0, 0, 0, 0, 0],
            [3, 0, 0, 0, 1]
          ]
        >
    """
    return _window_scatter("min", t, source, init_value, window_dimensions, padding, strides)


# --- conv -------------------------------------------------------------------------------------

def _permutation(fun, what, perm, t, ref=None):
    """A permutation of t's axes given by index or name (names of `ref`, default t)."""
    ref = ref or t
    if perm is None:
        return tuple(range(t.rank))
    if not isinstance(perm, (list, tuple)):
        raise TypeError(f"{fun}: {what} must be a list of axes, got {perm!r}")
    p = tuple(axis_index(ref, a, fun, what) for a in perm)
    if sorted(p) != list(range(t.rank)):
        raise ValueError(f"{fun}: {what} must list every axis of shape {t.shape} once, got "
                         f"{list(perm)}")
    return p


def conv(input: TensorLike, kernel: TensorLike, strides: int | Sequence[int] = 1,
         padding: Padding = "valid", input_dilation: int | Sequence[int] = 1,
         kernel_dilation: int | Sequence[int] = 1, feature_group_size: int = 1,
         batch_group_size: int = 1, input_permutation: Sequence[Axis] | None = None,
         kernel_permutation: Sequence[Axis] | None = None,
         output_permutation: Sequence[Axis] | None = None) -> Tensor:
    """An n-D convolution (cross-correlation: the kernel is neither reversed nor conjugated) as
    Nx.conv. By default `input` is `(batch, in_channels, d0, ..., dn)` and `kernel`
    `(out_channels, in_channels / feature_group_size, k0, ..., kn)`; the permutations give the
    axes (indices or names) in that order, `output_permutation` where the result's
    (batch, out_channels, spatial...) axes go. `strides`, `input_dilation` and
    `kernel_dilation` are an integer or one per spatial axis; `padding` is "valid", "same" or
    one (low, high) pair per spatial axis (negative crops). The type is the merged type made
    floating; names come from the input (its batch, channel and spatial names in permutation
    order, placed by the output permutation).

        >>> left = nx.iota((1, 1, 3, 3))
        >>> right = nx.iota((4, 1, 1, 1))
        >>> nx.conv(left, right, strides=[1, 1])
        nx.Tensor<
          f32[1][4][3][3]
          [
            [
              [
                [0.0, 0.0, 0.0],
                [0.0, 0.0, 0.0],
                [0.0, 0.0, 0.0]
              ],
              [
                [0.0, 1.0, 2.0],
                [3.0, 4.0, 5.0],
                [6.0, 7.0, 8.0]
              ],
              [
                [0.0, 2.0, 4.0],
                [6.0, 8.0, 10.0],
                [12.0, 14.0, 16.0]
              ],
              [
                [0.0, 3.0, 6.0],
                [9.0, 12.0, 15.0],
                [18.0, 21.0, 24.0]
              ]
            ]
          ]
        >
        >>> right = nx.iota((4, 1, 2, 1))
        >>> nx.conv(left, right, strides=2, padding="same", kernel_dilation=[2, 1])
        nx.Tensor<
          f32[1][4][2][2]
          [
            [
              [
                [3.0, 5.0],
                [0.0, 0.0]
              ],
              [
                [9.0, 15.0],
                [6.0, 10.0]
              ],
              [
                [15.0, 25.0],
                [12.0, 20.0]
              ],
              [
                [21.0, 35.0],
                [18.0, 30.0]
              ]
            ]
          ]
        >
        >>> left = nx.tensor([[[complex(1, 1), 2, complex(3, -3)]]])
        >>> right = nx.tensor([[[1, complex(0, 2), complex(0, 3)]]])
        >>> nx.conv(left, right, padding=[(2, 2)])
        nx.Tensor<
          c64[1][1][5]
          [
            [
              [-3.0+3.0i, -2.0+8.0i, 10.0+14.0i, 8.0+6.0i, 3.0-3.0i]
            ]
          ]
        >
    """
    fun = "nx.conv"
    x = to_tensor(input, fun, "input")
    k = to_tensor(kernel, fun, "kernel")
    if x.rank < 3:
        raise ValueError(f"{fun}: input shape in conv requires at least rank 3, shape "
                         f"{x.shape} has rank {x.rank}")
    if k.rank < 3:
        raise ValueError(f"{fun}: kernel shape in conv requires at least rank 3, shape "
                         f"{k.shape} has rank {k.rank}")
    if x.rank != k.rank:
        raise ValueError(f"{fun}: input and kernel must have the same rank, got shapes "
                         f"{x.shape} and {k.shape}")
    ty = T.to_float(T.merge(x.type, k.type))
    ns = x.rank - 2
    ip = _permutation(fun, "input_permutation", input_permutation, x)
    kp = _permutation(fun, "kernel_permutation", kernel_permutation, k)
    # Nx normalizes the output permutation against the input's shape and names
    op = _permutation(fun, "output_permutation", output_permutation, x)
    s = _per_axis(fun, "strides", strides, ns, "spatial dimension")
    idil = _per_axis(fun, "input_dilation", input_dilation, ns, "spatial dimension")
    kdil = _per_axis(fun, "kernel_dilation", kernel_dilation, ns, "spatial dimension")
    for what, v in (("feature_group_size", feature_group_size),
                    ("batch_group_size", batch_group_size)):
        if not _is_int(v) or v < 1:
            raise ValueError(f"{fun}: {what} must be a positive integer, got {v!r}")
    k_sp = [(k.shape[a] - 1) * d + 1 for a, d in zip(kp[2:], kdil)]
    p = _padding(fun, padding, k_sp, ns, "spatial dimension", negative=True)
    attrs = {"strides": s, "padding": p, "input_dilation": idil, "kernel_dilation": kdil,
             "feature_group_size": int(feature_group_size),
             "batch_group_size": int(batch_group_size), "input_permutation": ip,
             "kernel_permutation": kp, "output_permutation": op}
    conv_shape(x.shape, k.shape, attrs)   # raises on bad shapes before any conversion
    canonical = [x.names[a] for a in ip]
    names = [None] * x.rank
    for j, a in enumerate(op):
        names[a] = canonical[j]
    return apply("conv", [as_type(x, ty), as_type(k, ty)], attrs, tuple(names))
