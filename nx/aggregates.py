"""Statistics and predicates (Nx v0.10): weighted_mean, variance, standard_deviation,
covariance, logsumexp, all, any, all_close, and reduce (a reduction with a user function).

All but `reduce` are compositions of existing ops, as Nx defines them, so their gradients come
from the rules of those ops (`all`, `any` and `all_close` give integers and have none). `reduce`
records the `nx.reduce` op, whose region is the user's function traced on two scalars; it has no
gradient (as in Nx).

Result names follow Nx: reduced axes disappear, or keep their name (with size 1) under
`keep_axes=True`.
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import builtins
import numbers
from typing import TYPE_CHECKING

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, TensorType, Value
from nx.dialects.nx.ops.aggregate import capture_chain
from nx.dialects.nx.registry import OpError
from nx.dialects.nx.shapes import broadcast as _bshape

from . import types as T
from ._args import axes_arg, is_number
from ._dispatch import apply, constant_value
from ._eager import eager_compiled
from .ops import (
    abs,
    add,
    as_type,
    divide,
    dot,
    equal,
    exp,
    is_infinity,
    is_nan,
    less_equal,
    log,
    logical_and,
    logical_or,
    mean,
    merge_names,
    multiply,
    new_axis,
    not_equal,
    reduce_max,
    reduce_min,
    rename,
    reshape,
    select,
    sqrt,
    squeeze,
    subtract,
    sum,
    to_tensor,
    transpose,
)
from .tensor import Tensor, tensor

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._typing import Axes, TensorLike, TypeLike

__all__ = ["weighted_mean", "variance", "standard_deviation", "covariance", "logsumexp", "all",
           "any", "all_close", "reduce"]


# --- helpers --------------------------------------------------------------------------------

def _named(t, names):
    return Tensor(t.data, t.shape, t.type, tuple(names), t.vectorized_axes)


def _contract_names(names, axes, keep):
    """Nx.Shape.contract: reduced axes are dropped, or keep their name with keep_axes."""
    return tuple(n for i, n in enumerate(names) if keep or i not in axes)


def _keep(keep_axes, fun):
    if not isinstance(keep_axes, (bool, np.bool_)):
        raise TypeError(f"{fun}: keep_axes must be a boolean, got {keep_axes!r}")
    return bool(keep_axes)


def _number(x, fun, arg):
    if not isinstance(x, numbers.Real) or isinstance(x, bool):
        raise TypeError(f"{fun}: {arg} must be a number, got {x!r}")
    return x


# --- predicates -----------------------------------------------------------------------------

def _predicate(name, t, axes, keep_axes):
    fun = f"nx.{name}"
    t = to_tensor(t, fun)
    keep = _keep(keep_axes, fun)
    ax = axes_arg(t, axes, fun)
    nz = not_equal(t, 0)
    if name == "all":
        # an empty reduction gives reduce_min's identity (255), hence the comparison
        r = not_equal(reduce_min(nz, axes=list(ax), keep_axes=keep), 0)
    else:
        r = reduce_max(nz, axes=list(ax), keep_axes=keep)
    return _named(r, _contract_names(t.names, ax, keep))


def all(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    """1 (as u8) where all the values along `axes` (all axes by default) are non-zero, else 0.
    NaN counts as non-zero; an empty reduction gives 1.

    Unlike Nx 0.10, `axes=[]` gives the element-wise `t != 0` (Nx then returns
    `as_type(t, :u8)`).

        >>> nx.all(nx.tensor([0, 1, 2]))
        nx.Tensor<
          u8
          0
        >
        >>> nx.all(nx.tensor([[-1, 0, 1], [2, 3, 4]], names=["x", "y"]), axes=["x"])
        nx.Tensor<
          u8[y: 3]
          [1, 0, 1]
        >
        >>> nx.all(nx.tensor([[-1, 0, 1], [2, 3, 4]], names=["x", "y"]), axes=["y"])
        nx.Tensor<
          u8[x: 2]
          [0, 1]
        >
        >>> nx.all(nx.tensor([[-1, 0, 1], [2, 3, 4]], names=["x", "y"]), axes=["y"], keep_axes=True)
        nx.Tensor<
          u8[x: 2][y: 1]
          [
            [0],
            [1]
          ]
        >
    """
    return _predicate("all", t, axes, keep_axes)


def any(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    """1 (as u8) where any value along `axes` (all axes by default) is non-zero, else 0.
    NaN counts as non-zero; an empty reduction gives 0.

        >>> nx.any(nx.tensor([0, 1, 2]))
        nx.Tensor<
          u8
          1
        >
        >>> nx.any(nx.tensor([[0, 1, 0], [0, 1, 2]], names=["x", "y"]), axes=["x"])
        nx.Tensor<
          u8[y: 3]
          [0, 1, 1]
        >
        >>> nx.any(nx.tensor([[0, 1, 0], [0, 1, 2]], names=["x", "y"]), axes=["y"])
        nx.Tensor<
          u8[x: 2]
          [1, 1]
        >
        >>> nx.any(nx.tensor([[0, 1, 0], [0, 1, 2]], names=["x", "y"]), axes=["y"], keep_axes=True)
        nx.Tensor<
          u8[x: 2][y: 1]
          [
            [1],
            [1]
          ]
        >
    """
    return _predicate("any", t, axes, keep_axes)


@eager_compiled(static=("rtol", "atol", "equal_nan"), host="evaluator")
def all_close(a: TensorLike, b: TensorLike, rtol: float = 1e-5, atol: float = 1e-8,
              equal_nan: bool = False) -> Tensor:
    """1 (a u8 scalar) if `abs(a - b) <= atol + rtol * abs(b)` for every element of the
    broadcast `a` and `b`, else 0. Infinities are close only to the same infinity; NaN is close
    to nothing unless `equal_nan=True`, where NaN is close to NaN.

        >>> nx.all_close(nx.tensor([1.0e10, 1.0e-7]), nx.tensor([1.00001e10, 1.0e-8]))
        nx.Tensor<
          u8
          0
        >
        >>> nx.all_close(nx.tensor([1.0e-8, 1.0e-8]), nx.tensor([1.0e-8, 1.0e-9]))
        nx.Tensor<
          u8
          1
        >
        >>> nx.all_close(nx.tensor(float("nan")), nx.tensor(float("nan")))
        nx.Tensor<
          u8
          0
        >
        >>> nx.all_close(nx.tensor(float("nan")), nx.tensor(0))
        nx.Tensor<
          u8
          0
        >
        >>> t = nx.tensor([float("nan"), 1])
        >>> nx.all_close(t, t, equal_nan=True)
        nx.Tensor<
          u8
          1
        >
        >>> nx.all_close(t, t, equal_nan=False)
        nx.Tensor<
          u8
          0
        >
        >>> nx.all_close(nx.tensor(float("inf")), nx.tensor(float("inf")))
        nx.Tensor<
          u8
          1
        >
        >>> nx.all_close(nx.tensor(float("inf")), nx.tensor(float("-inf")))
        nx.Tensor<
          u8
          0
        >
        >>> nx.all_close(nx.tensor(1.0e30), nx.tensor(float("inf")))
        nx.Tensor<
          u8
          0
        >
    """
    fun = "nx.all_close"
    a = to_tensor(a, fun, "a")
    b = to_tensor(b, fun, "b")
    rtol = _number(rtol, fun, "rtol")
    atol = _number(atol, fun, "atol")
    if not isinstance(equal_nan, (bool, np.bool_)):
        raise TypeError(f"{fun}: equal_nan must be a boolean, got {equal_nan!r}")
    try:
        _bshape(fun, a.shape, b.shape)
    except OpError as e:
        raise ValueError(str(e)) from None
    a, b = rename(a, None), rename(b, None)
    ints = T.is_integer(a.type) and T.is_integer(b.type)
    # as Nx: abs of a signed minimum overflows in its own width (abs(s8 -128) is -128), so
    # integer tensors take abs(b) in f64
    abs_b = abs(as_type(b, T.F64)) if ints else abs(b)
    close = less_equal(abs(subtract(a, b)), add(atol, multiply(rtol, abs_b)))
    if not ints:
        # inf - inf is NaN, but equal infinities are close: compare them directly
        close = select(logical_or(is_infinity(a), is_infinity(b)), equal(a, b), close)
        if equal_nan:
            close = select(logical_and(is_nan(a), is_nan(b)), 1, close)
    return all(close)


# --- statistics -----------------------------------------------------------------------------

@eager_compiled(static=("axes", "keep_axes"), host="evaluator")
def weighted_mean(t: TensorLike, weights: TensorLike, axes: Axes = None,
                  keep_axes: bool = False) -> Tensor:
    """The mean of `t` weighted by `weights` over `axes` (all by default): `sum(t * w) /
    sum(w)`; always a float. When the shapes differ, `axes` is required and `weights` holds
    one weight per element of the reduced axes (its rank is the number of axes); as in Nx, it
    is laid out by reshaping it to the input's rank (leading 1s) and swapping its last axis
    with the first of `axes` (so rank-2 weights for two axes apply transposed).

        >>> nx.weighted_mean(nx.tensor(42), nx.tensor(2))
        nx.Tensor<
          f32
          42.0
        >
        >>> nx.weighted_mean(nx.tensor([1, 2, 3]), nx.tensor([3, 2, 1]))
        nx.Tensor<
          f32
          1.6666666269302368
        >
        >>> nx.weighted_mean(nx.tensor([1, 2, 3], names=["x"]), nx.tensor([4, 5, 6]), axes=[0])
        nx.Tensor<
          f32
          2.133333444595337
        >
        >>> nx.weighted_mean(nx.tensor([1, 2, 3], type="u8", names=["x"]), nx.tensor([1, 3, 5]),
        ...                  axes=["x"])
        nx.Tensor<
          f32
          2.444444417953491
        >
        >>> nx.weighted_mean(nx.iota((3, 4)), nx.tensor([1, 2, 3, 4]), axes=[1])
        nx.Tensor<
          f32[3]
          [2.0, 6.0, 10.0]
        >
        >>> nx.weighted_mean(nx.iota((2, 4, 4, 1)), nx.broadcast(2, (4, 4)), axes=[1, 2])
        nx.Tensor<
          f32[2][1]
          [
            [7.5],
            [23.5]
          ]
        >
        >>> t = nx.iota((2, 2, 3), names=["x", "y", "z"])
        >>> weights = nx.tensor([[[0, 1, 2], [1, 1, 0]], [[-1, 1, -1], [1, 1, -1]]])
        >>> nx.weighted_mean(t, weights, axes=[-1], keep_axes=True)
        nx.Tensor<
          f32[x: 2][y: 2][z: 1]
          [
            [
              [1.6666666269302368],
              [3.5]
            ],
            [
              [7.0],
              [8.0]
            ]
          ]
        >
    """
    fun = "nx.weighted_mean"
    t = to_tensor(t, fun)
    w = to_tensor(weights, fun, "weights")
    keep = _keep(keep_axes, fun)
    ax = None if axes is None else axes_arg(t, axes, fun)
    if t.shape != w.shape:
        if ax is None:
            raise ValueError(f"{fun}: axes must be specified when the shapes of the input "
                             f"{t.shape} and the weights {w.shape} differ")
        if w.rank != len(ax):
            raise ValueError(f"{fun}: weights must have rank equal to the number of "
                             f"aggregation axes ({len(ax)}) when the shapes of the input and "
                             f"the weights differ, got weights of shape {w.shape} for an input "
                             f"of shape {t.shape}")
        # as Nx: leading 1s, then the weights' shape; the last axis swapped with the first axis
        w_shape = w.shape
        dims = (1,) * (t.rank - len(ax)) + w.shape
        perm = list(range(len(dims)))
        perm[ax[0]], perm[-1] = perm[-1], perm[ax[0]]
        w = transpose(reshape(w, dims), perm)
        if builtins.any(d != e and e != 1 for d, e in zip(t.shape, w.shape)):
            given = list(axes) if isinstance(axes, (list, tuple)) else [axes]
            raise ValueError(f"{fun}: weights of shape {w_shape} do not fit axes "
                             f"{given} of an input of shape {t.shape} "
                             f"(they are laid out as {w.shape})")
    try:
        _bshape(fun, t.shape, w.shape)
    except OpError as e:
        raise ValueError(str(e)) from None
    names = merge_names(fun, t, w)
    red = None if ax is None else list(ax)
    num = sum(multiply(t, w), axes=red, keep_axes=keep)
    den = sum(w, axes=red, keep_axes=keep)
    out_ax = tuple(range(len(names))) if ax is None else ax
    return _named(divide(num, den), _contract_names(names, out_ax, keep))


@eager_compiled(static=("axes", "ddof", "keep_axes"), host="evaluator")
def variance(t: TensorLike, axes: Axes = None, ddof: int = 0, keep_axes: bool = False) -> Tensor:
    """The variance over `axes` (all by default): the mean of the squared deviations from the
    mean, with divisor `n - ddof` (`ddof`, delta degrees of freedom, defaults to 0). Always a
    float.

        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]))
        nx.Tensor<
          f32
          1.25
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), ddof=1)
        nx.Tensor<
          f32
          1.6666666269302368
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), axes=[0])
        nx.Tensor<
          f32[2]
          [1.0, 1.0]
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), axes=[1])
        nx.Tensor<
          f32[2]
          [0.25, 0.25]
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), axes=[0], ddof=1)
        nx.Tensor<
          f32[2]
          [2.0, 2.0]
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), axes=[1], ddof=1)
        nx.Tensor<
          f32[2]
          [0.5, 0.5]
        >
        >>> nx.variance(nx.tensor([[1, 2], [3, 4]]), axes=[1], keep_axes=True)
        nx.Tensor<
          f32[2][1]
          [
            [0.25],
            [0.25]
          ]
        >
    """
    return _variance("nx.variance", t, axes, ddof, keep_axes)


def _variance(fun, t, axes, ddof, keep_axes):
    t = to_tensor(t, fun)
    keep = _keep(keep_axes, fun)
    ddof = _number(ddof, fun, "ddof")
    ax = axes_arg(t, axes, fun)
    total = 1
    for a in ax:
        total *= t.shape[a]
    d = subtract(t, mean(t, axes=list(ax), keep_axes=True))
    s = sum(multiply(d, d), axes=list(ax), keep_axes=keep)
    return _named(divide(s, total - ddof), _contract_names(t.names, ax, keep))


@eager_compiled(static=("axes", "ddof", "keep_axes"), host="evaluator")
def standard_deviation(t: TensorLike, axes: Axes = None, ddof: int = 0,
                       keep_axes: bool = False) -> Tensor:
    """The square root of `nx.variance(t, axes=axes, ddof=ddof, keep_axes=keep_axes)`.

        >>> nx.standard_deviation(nx.tensor([[1, 2], [3, 4]]))
        nx.Tensor<
          f32
          1.1180340051651
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [3, 4]]), ddof=1)
        nx.Tensor<
          f32
          1.29099440574646
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [10, 20]]), axes=[0])
        nx.Tensor<
          f32[2]
          [4.5, 9.0]
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [10, 20]]), axes=[1])
        nx.Tensor<
          f32[2]
          [0.5, 5.0]
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [10, 20]]), axes=[0], ddof=1)
        nx.Tensor<
          f32[2]
          [6.363961219787598, 12.727922439575195]
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [10, 20]]), axes=[1], ddof=1)
        nx.Tensor<
          f32[2]
          [0.7071067690849304, 7.071067810058594]
        >
        >>> nx.standard_deviation(nx.tensor([[1, 2], [10, 20]]), keep_axes=True)
        nx.Tensor<
          f32[1][1]
          [
            [7.628073215484619]
          ]
        >
    """
    return sqrt(_variance("nx.standard_deviation", t, axes, ddof, keep_axes))


@eager_compiled(static=("ddof",), host="evaluator")
def covariance(t: TensorLike, mean: TensorLike | None = None, ddof: int = 0) -> Tensor:
    """The covariance matrix of `t`, of shape `(..., n, d)`: `n` observations of `d` variables,
    leading axes are batch axes. `mean` (shape `(..., d)`, its batch shape broadcastable with
    the input's) defaults to the column mean; the divisor is `n - ddof`. Result names are all
    None, as in Nx.

        >>> nx.covariance(nx.tensor([[1, 2], [3, 4], [5, 6]]))
        nx.Tensor<
          f32[2][2]
          [
            [2.6666667461395264, 2.6666667461395264],
            [2.6666667461395264, 2.6666667461395264]
          ]
        >
        >>> nx.covariance(nx.tensor([[1, 2], [3, 4], [5, 6]]), ddof=1)
        nx.Tensor<
          f32[2][2]
          [
            [4.0, 4.0],
            [4.0, 4.0]
          ]
        >
        >>> nx.covariance(nx.tensor([[1, 2], [3, 4], [5, 6]]), nx.tensor([4, 3]))
        nx.Tensor<
          f32[2][2]
          [
            [3.6666667461395264, 1.6666666269302368],
            [1.6666666269302368, 3.6666667461395264]
          ]
        >
    """
    fun = "nx.covariance"
    t = to_tensor(t, fun)
    if t.rank < 2:
        raise ValueError(f"{fun}: expected input tensor of rank at least 2, got {t.rank} "
                         f"(shape {t.shape})")
    if not isinstance(ddof, (int, np.integer)) or isinstance(ddof, bool) or ddof < 0:
        raise ValueError(f"{fun}: expected ddof to be a non-negative integer, got {ddof!r}")
    m = _mean_of(t, fun) if mean is None else to_tensor(mean, fun, "mean")
    if m.rank == 0:
        raise ValueError(f"{fun}: expected mean of rank at least 1, got 0")
    mm = new_axis(m, -2)
    try:
        _bshape(fun, t.shape, mm.shape)
    except OpError:
        raise ValueError(f"{fun}: a mean of shape {m.shape} does not fit an input of shape "
                         f"{t.shape} (expected (..., {t.shape[-1]}))") from None
    x = rename(subtract(rename(t, None), rename(mm, None)), None)
    if T.is_complex(x.type):
        import nx
        conjugate = getattr(nx, "conjugate", None)
        if conjugate is None:
            raise TypeError(f"{fun}: complex tensors need nx.conjugate, which this build does "
                            f"not have (got type {x.type.name})")
        c = conjugate(x)
    else:
        c = x
    batch = list(range(x.rank - 2))
    r = dot(c, [x.rank - 2], batch, x, [x.rank - 2], batch)
    return divide(r, x.shape[-2] - ddof)


def _mean_of(t, fun):
    return mean(t, axes=[-2])


@eager_compiled(static=("axes", "keep_axes", "exp_scaling_factor"), host="evaluator")
def logsumexp(t: TensorLike, axes: Axes = None, keep_axes: bool = False,
              exp_scaling_factor: TensorLike | None = None) -> Tensor:
    """`log(sum(exp_scaling_factor * exp(t)))` over `axes` (all by default), computed stably
    as Nx does: the maximum (without gradient) is subtracted before `exp` and added back, and
    an infinite maximum is replaced by 0 (so all `-inf` gives `-inf`, not NaN).

        >>> nx.logsumexp(nx.tensor([1, 2, 3, 4, 5, 6]))
        nx.Tensor<
          f32
          6.456193447113037
        >
        >>> nx.logsumexp(nx.tensor([1, 2, 3, 4, 5, 6]), exp_scaling_factor=0.5)
        nx.Tensor<
          f32
          5.7630462646484375
        >
        >>> t = nx.tensor([1, 2, 3, 4, 5, 6])
        >>> a = nx.tensor([-1, -1, -1, 1, 1, 1])
        >>> nx.logsumexp(t, exp_scaling_factor=a)
        nx.Tensor<
          f32
          6.356536865234375
        >
        >>> nx.logsumexp(nx.tensor([[1, 2], [3, 4], [5, 6]]))
        nx.Tensor<
          f32
          6.456193447113037
        >
        >>> t = nx.tensor([[1, 2], [3, 4], [5, 6]], names=["x", "y"])
        >>> nx.logsumexp(t, axes=["x"])
        nx.Tensor<
          f32[y: 2]
          [5.1429314613342285, 6.1429314613342285]
        >
        >>> nx.logsumexp(t, axes=["y"])
        nx.Tensor<
          f32[x: 3]
          [2.3132617473602295, 4.31326150894165, 6.31326150894165]
        >
        >>> t = nx.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], names=["x", "y", "z"])
        >>> nx.logsumexp(t, axes=["x", "z"])
        nx.Tensor<
          f32[y: 2]
          [6.331411361694336, 8.331411361694336]
        >
        >>> nx.logsumexp(t, axes=["x", "z"], keep_axes=True)
        nx.Tensor<
          f32[x: 1][y: 2][z: 1]
          [
            [
              [6.331411361694336],
              [8.331411361694336]
            ]
          ]
        >
    """
    fun = "nx.logsumexp"
    t = to_tensor(t, fun)
    keep = _keep(keep_axes, fun)
    ax = list(axes_arg(t, axes, fun))
    if exp_scaling_factor is not None:
        f = exp_scaling_factor
        if not is_number(f):
            f = to_tensor(f, fun, "exp_scaling_factor")
            try:
                shp = _bshape(fun, t.shape, f.shape)
            except OpError as e:
                raise ValueError(str(e)) from None
            if shp != t.shape:
                raise ValueError(f"{fun}: exp_scaling_factor of shape {f.shape} must broadcast "
                                 f"to the tensor's shape {t.shape}")
    from .grad import stop_grad
    m = stop_grad(reduce_max(t, axes=ax, keep_axes=True))
    if not T.is_integer(t.type):
        m = select(is_infinity(m), 0, m)
    e = exp(subtract(t, m))
    if exp_scaling_factor is not None:
        e = multiply(f, e)
    names = _contract_names(e.names, ax, keep)
    r = add(log(sum(e, axes=ax, keep_axes=keep)), m if keep else squeeze(m, axes=ax))
    return _named(r, names)


# --- reduce ---------------------------------------------------------------------------------

def _value(b, t):
    return t.data if isinstance(t.data, Value) else constant_value(b, t)


def reduce(t: TensorLike, acc: TensorLike, fun: Callable[[Tensor, Tensor], TensorLike],
           axes: Axes = None, keep_axes: bool = False, type: TypeLike | None = None) -> Tensor:
    """Reduces `t` over `axes` (all by default) with `fun(element, acc)`, a function of two
    scalar tensors returning a scalar, starting from the scalar `acc`. The result type is
    `type`, or the merge of the tensor's type and the accumulator's (a Python number is weak);
    the elements, the accumulator and `fun`'s results are converted to it. The NumPy backend
    and the evaluator fold each slice in order from `acc` (`acc = fun(x, acc)`, as Nx's
    BinaryBackend); XLA may combine partial results in any order and, by its rules, fold `acc`
    in more than once, so `fun` should be associative and commutative with `acc` its identity
    for results to agree everywhere. `fun` may use only its arguments and constants; it is
    traced once (under `nx.jit` it becomes the region of an `nx.reduce` op). `axes=[]` returns
    `t` unchanged, as in Nx. No gradient (as in Nx).

        >>> nx.reduce(nx.tensor(42), 0, lambda x, y: nx.add(x, y))
        nx.Tensor<
          s32
          42
        >
        >>> nx.reduce(nx.tensor([1, 2, 3]), 0, lambda x, y: nx.add(x, y))
        nx.Tensor<
          s32
          6
        >
        >>> nx.reduce(nx.tensor([[1.0, 2.0], [3.0, 4.0]]), 0, lambda x, y: nx.add(x, y))
        nx.Tensor<
          f32
          10.0
        >
        >>> t = nx.tensor([1, 2, 3], names=["x"])
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=["x"])
        nx.Tensor<
          s32
          6
        >
        >>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]],
        ...               names=["x", "y", "z"])
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=["x"])
        nx.Tensor<
          s32[y: 2][z: 3]
          [
            [8, 10, 12],
            [14, 16, 18]
          ]
        >
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=["y"])
        nx.Tensor<
          s32[x: 2][z: 3]
          [
            [5, 7, 9],
            [17, 19, 21]
          ]
        >
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=["x", 2])
        nx.Tensor<
          s32[y: 2]
          [30, 48]
        >
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=[-1])
        nx.Tensor<
          s32[x: 2][y: 2]
          [
            [6, 15],
            [24, 33]
          ]
        >
        >>> nx.reduce(t, 0, lambda x, y: nx.add(x, y), axes=["x"], keep_axes=True)
        nx.Tensor<
          s32[x: 1][y: 2][z: 3]
          [
            [
              [8, 10, 12],
              [14, 16, 18]
            ]
          ]
        >
    """
    fname = "nx.reduce"
    if not callable(fun):
        raise TypeError(f"{fname}: expected a function of two scalar tensors, got "
                        f"{fun!r}")
    t = to_tensor(t, fname)
    keep = _keep(keep_axes, fname)
    if is_number(acc):
        ty = T.parse(type, fun=fname) if type is not None else T.merge_number(t.type, acc)
        acc_t = tensor(acc, type=ty)
    else:
        acc_t = to_tensor(acc, fname, "acc")
        ty = T.parse(type, fun=fname) if type is not None else T.merge(t.type, acc_t.type)
    if acc_t.shape != () or acc_t.vectorized_axes:
        raise ValueError(f"{fname}: the accumulator must be a non-vectorized scalar, got shape "
                         f"{acc_t.shape}")
    ax = axes_arg(t, axes, fname)
    if axes is not None and not ax:
        return t
    names = _contract_names(t.names, ax, keep)
    blk = _trace_region(fname, fun, ty)
    attrs = {"axes": tuple(sorted(ax)), "keep_axes": keep, "type": ty}
    return apply("reduce", [t, acc_t], attrs, names, regions=[blk])


def _trace_region(fname, fun, ty):
    """Traces `fun` on two scalar templates of type `ty` into a Block yielding one `ty`
    scalar."""
    st = TensorType((), ty)
    blk = Block([st, st])
    with trace.building(blk) as bb:
        x = Tensor(blk.args[0], (), ty, ())
        a = Tensor(blk.args[1], (), ty, ())
        r = fun(x, a)
        if isinstance(r, Tensor) or is_number(r):
            r = to_tensor(r, fname, "the function's result")
        else:
            raise TypeError(f"{fname}: the function must return a scalar tensor, got "
                            f"{builtins.type(r).__name__}")
        if r.shape != () or r.vectorized_axes:
            raise ValueError(f"{fname}: the function must return a scalar tensor, got shape "
                             f"{r.shape}")
        r = as_type(r, ty)
        val = _value(bb, r)
    blk.append(Operation("nx.yield", [val], []))
    if capture_chain(blk) is None:
        raise ValueError(f"{fname}: the function uses tensors computed outside it from the "
                         "arguments of the traced function; it may use only its two arguments "
                         "and constants")
    return blk
