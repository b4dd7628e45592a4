"""The Nx functions on tensors. Each works eagerly (numpy or xla backend) and inside `defn`
(where it records an nx op); they share one implementation through `_dispatch.apply`."""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import builtins
import numbers
import typing as _t  # private: nx/__init__.py's `from .ops import *` (for _t.TYPE_CHECKING)

import numpy as np

import nx.dialects.nx  # noqa: F401  (registers the ops)
from nx.dialects.nx.registry import OpError
from nx.dialects.nx.shapes import broadcast as _bshape

from . import types as T
from ._args import axes_arg as _axes  # private here: nx/__init__.py's `from .ops import *`
from ._args import axis_index, to_tensor  # public: nx.axis_index, nx.to_tensor
from ._args import binary_args as _binary_args
from ._args import is_number as _is_number
from ._args import shape_arg as _shape_arg
from ._args import typed_number as _number_tensor
from ._dispatch import apply
from .tensor import Tensor, from_array, normalize_names, tensor

if _t.TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Protocol

    from ._typing import (
        Axes,
        Axis,
        Names,
        Number,
        Shape,
        ShapeLike,
        TensorLike,
        TypeLike,
        VectorizedAxes,
    )

_pyabs, _pymin, _pymax, _pysum, _pyround = (builtins.abs, builtins.min, builtins.max,
                                            builtins.sum, builtins.round)


# --- argument helpers ------------------------------------------------------------------------

def apply_op(name: str, operands: Sequence[TensorLike], attrs: dict[str, Any] | None = None, *,
             nresults: int = 1) -> Tensor | list[Tensor]:
    """Applies the nx dialect's op `name` (`"cos"` or `"nx.cos"`) to `operands` (tensors or
    numbers) with the IR attributes `attrs`, eagerly or, inside `defn`, by recording the op:
    the op as the registry defines it, with no front-end argument handling. For compiler
    developers: an op is usable this way as soon as it is defined (docs/ops.md), and gradient
    and batching rules use it for ops that have no front-end function. Returns a tensor, or a
    list of tensors when the op has several results or `nresults` > 1.

        >>> nx.apply_op("add", [nx.tensor([1, 2]), 3])
        nx.Tensor<
          s32[2]
          [4, 5]
        >
    """
    from nx.dialects.nx.registry import OPS
    short = name[3:] if isinstance(name, str) and name.startswith("nx.") else name
    if not isinstance(short, str) or short not in OPS:
        raise ValueError(f"nx.apply_op: unknown op {name!r}: not in the nx dialect registry "
                         "(nx.dialects.nx.registry.OPS)")
    if not isinstance(operands, (list, tuple)):
        raise TypeError(f"nx.apply_op: operands must be a list of tensors, got "
                        f"{builtins.type(operands).__name__}")
    ts = [to_tensor(x, f"nx.apply_op({short!r})", f"operand {i}")
          for i, x in enumerate(operands)]
    return apply(short, ts, dict(attrs or {}), nresults=nresults)


def merge_names(fun: str, *tensors: Tensor) -> tuple[str | None, ...]:
    """Names of a broadcast result: right-aligned; None takes the other's name."""
    rank = _pymax(len(t.shape) for t in tensors)
    out: list[str | None] = [None] * rank
    for t in tensors:
        off = rank - len(t.shape)
        for i, n in enumerate(t.names):
            if n is None:
                continue
            cur = out[off + i]
            if cur is not None and cur != n:
                raise ValueError(f"{fun}: cannot merge axis names {cur!r} and {n!r} "
                                 f"(shapes {[x.shape for x in tensors]})")
            out[off + i] = n
    return tuple(out)


# --- element-wise ---------------------------------------------------------------------------

_pytype = builtins.type   # `type` below is nx.type


def _unary(name):
    fname = f"nx.{name}"

    def fun(t):
        if _pytype(t) is not Tensor:
            t = to_tensor(t, fname)
        return apply(name, [t], {}, t.names)
    fun.__name__ = name
    fun.__qualname__ = name
    fun.__doc__ = f"Element-wise `{name}` (Nx.{name}/1). Integer inputs give f32 where the " \
                  "result is fractional."
    return fun


def _binary(name):
    fname = f"nx.{name}"

    def fun(left, right):
        if _pytype(left) is Tensor and _pytype(right) is Tensor:
            a, b = left, right
        else:
            a, b = _binary_args(left, right, fname)
        if a.names is b.names or (a.names == b.names and a.shape == b.shape):
            names = a.names   # the common case: same shape, same names
        else:
            names = merge_names(fname, a, b)
        return apply(name, [a, b], {}, names)
    fun.__name__ = name
    fun.__qualname__ = name
    fun.__doc__ = f"Element-wise `{name}` with broadcasting (Nx.{name}/2)."
    return fun


_UNARY_NAMES = ["exp", "expm1", "log", "log1p", "sigmoid", "sin", "cos", "tan", "asin", "acos",
                "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sqrt", "rsqrt", "cbrt",
                "erf", "erfc", "erf_inv", "negate", "sign", "floor", "ceil", "round", "bitwise_not",
                "population_count", "count_leading_zeros", "abs", "is_nan", "is_infinity",
                "logical_not"]
_BINARY_NAMES = ["add", "subtract", "multiply", "divide", "pow", "quotient", "remainder",
                 "atan2", "min", "max", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
                 "right_shift", "equal", "not_equal", "less", "less_equal", "greater",
                 "greater_equal", "logical_and", "logical_or", "logical_xor"]

if _t.TYPE_CHECKING:
    # what the loops below define, for the type checker (`log` is the function below it;
    # left_shift and right_shift are replaced below)
    class _UnaryFun(Protocol):
        def __call__(self, t: TensorLike) -> Tensor: ...

    class _BinaryFun(Protocol):
        def __call__(self, left: TensorLike, right: TensorLike) -> Tensor: ...

    exp: _UnaryFun
    expm1: _UnaryFun
    log1p: _UnaryFun
    sigmoid: _UnaryFun
    sin: _UnaryFun
    cos: _UnaryFun
    tan: _UnaryFun
    asin: _UnaryFun
    acos: _UnaryFun
    atan: _UnaryFun
    sinh: _UnaryFun
    cosh: _UnaryFun
    tanh: _UnaryFun
    asinh: _UnaryFun
    acosh: _UnaryFun
    atanh: _UnaryFun
    sqrt: _UnaryFun
    rsqrt: _UnaryFun
    cbrt: _UnaryFun
    erf: _UnaryFun
    erfc: _UnaryFun
    erf_inv: _UnaryFun
    negate: _UnaryFun
    sign: _UnaryFun
    floor: _UnaryFun
    ceil: _UnaryFun
    round: _UnaryFun
    bitwise_not: _UnaryFun
    population_count: _UnaryFun
    count_leading_zeros: _UnaryFun
    abs: _UnaryFun
    is_nan: _UnaryFun
    is_infinity: _UnaryFun
    logical_not: _UnaryFun
    add: _BinaryFun
    subtract: _BinaryFun
    multiply: _BinaryFun
    divide: _BinaryFun
    pow: _BinaryFun
    quotient: _BinaryFun
    remainder: _BinaryFun
    min: _BinaryFun
    max: _BinaryFun
    bitwise_and: _BinaryFun
    bitwise_or: _BinaryFun
    bitwise_xor: _BinaryFun
    equal: _BinaryFun
    not_equal: _BinaryFun
    less: _BinaryFun
    less_equal: _BinaryFun
    greater: _BinaryFun
    greater_equal: _BinaryFun
    logical_and: _BinaryFun
    logical_or: _BinaryFun
    logical_xor: _BinaryFun

for _n in _UNARY_NAMES:
    globals()[_n] = _unary(_n)
for _n in _BINARY_NAMES:
    globals()[_n] = _binary(_n)

# log, divide, multiply: defined by the globals() loops above (mypy: by the declarations before
# them; the `log` it knows is the function below, which replaces the loop's after this line)
_log = log  # type: ignore[used-before-def]  # noqa: F821


def _negative_shift(right):
    """The first negative shift amount of a static `right` operand (a number, a list or a
    concrete signed-integer tensor), or None. Traced amounts are not known here."""
    if isinstance(right, Tensor):
        if right.is_traced() or right.type[0] != "s" or right.size == 0:
            return None
        vals = np.asarray(right.to_numpy())
    elif isinstance(right, (bool, np.bool_)):
        return None
    elif isinstance(right, numbers.Integral):
        return int(right) if right < 0 else None
    elif isinstance(right, (list, tuple, np.ndarray)):
        vals = np.asarray(right)
        if vals.dtype.kind != "i" or vals.size == 0:
            return None
    else:
        return None
    neg = (vals < 0).reshape(-1)
    return int(vals.reshape(-1)[np.argmax(neg)]) if neg.any() else None


def _shift_fun(name, verb):
    base = globals()[name]

    def fun(left, right):
        # As Nx's binary backend: a negative shift amount raises (XLA leaves it to the
        # backend; a traced negative amount gives XLA's result, 0 or the sign fill)
        bad = _negative_shift(right)
        if bad is not None:
            raise ValueError(f"nx.{name}: cannot {verb} shift by {bad} (shift amounts must "
                             f"not be negative)")
        return base(left, right)
    fun.__name__ = fun.__qualname__ = name
    fun.__doc__ = base.__doc__ + " A static negative shift amount raises, as in Nx."
    return fun


left_shift: _BinaryFun = _shift_fun("left_shift", "left")
right_shift: _BinaryFun = _shift_fun("right_shift", "right")


_atan2_base = atan2  # type: ignore[used-before-def]  # noqa: F821  (globals() loop)


def atan2(left: TensorLike, right: TensorLike) -> Tensor:
    """Element-wise `atan2` with broadcasting (Nx.atan2/2). As in Nx (Complex.atan2), complex
    operands with zero imaginary parts give the complex `atan2(real(left), real(right)) + 0i`;
    a static one with a non-zero imaginary part raises ArithmeticError (traced: NaN + 0i)."""
    from nx.dialects.nx.ops.elementwise import ATAN2_COMPLEX, nonzero_imag
    for x in (left, right):
        if isinstance(x, Tensor):   # traced: not known here
            if x.type[0] != "c" or x.is_traced() or x.data is None:
                continue
            x = x.to_numpy()
        if nonzero_imag(x):
            raise ArithmeticError(ATAN2_COMPLEX)
    return _atan2_base(left, right)


def log(t: TensorLike, base: TensorLike | None = None) -> Tensor:
    """Natural logarithm (Nx.log/1), or the logarithm in `base` (Nx.log/2:
    `log(t) / log(base)`; a number base must be positive and not 1).

        >>> nx.log(nx.tensor([3, 9, 27, 81]), 3)
        nx.Tensor<
          f32[4]
          [1.0, 2.0, 3.0, 4.0]
        >
    """
    if base is None:
        return _log(t)
    # a number (_is_number, no TypeGuard) is real here: a complex base fails the comparison
    if _is_number(base) and (base <= 0 or base == 1):  # type: ignore[operator]
        raise ValueError(f"nx.log: expected base to be greater than 0 and different than 1, "
                         f"got: {base!r}")
    return divide(_log(t), _log(base))  # noqa: F821  (globals() loop)


def log2(t: TensorLike) -> Tensor:
    """Base-2 logarithm: `log(t) / log(2)` (Nx.log2).

        >>> nx.log2(nx.tensor([1, 2, 4, 8]))
        nx.Tensor<
          f32[4]
          [0.0, 1.0, 2.0, 3.0]
        >
    """
    return divide(_log(t), _log(2))  # noqa: F821  (globals() loop)


def log10(t: TensorLike) -> Tensor:
    """Base-10 logarithm: `log(t) / log(10)` (Nx.log10).

        >>> nx.log10(nx.tensor([1, 10, 100, 1000]))
        nx.Tensor<
          f32[4]
          [0.0, 1.0, 2.0, 3.0]
        >
    """
    return divide(_log(t), _log(10))  # noqa: F821  (globals() loop)


def select(pred: TensorLike, on_true: TensorLike, on_false: TensorLike) -> Tensor:
    """Element-wise choice: `on_true` where `pred` is non-zero, else `on_false`.

        >>> nx.select(nx.tensor([1, 0, 1]), nx.tensor([1, 2, 3]), nx.tensor([4, 5, 6]))
        nx.Tensor<
          s32[3]
          [1, 5, 3]
        >
    """
    p = to_tensor(pred, "nx.select", "pred")
    t, f = _binary_args(on_true, on_false, "nx.select")
    if p.rank == 0:
        names = merge_names("nx.select", t, f)
    else:
        # Nx: a non-scalar predicate gives the result its shape and names; the branches are
        # broadcast to it, whatever their names. (Unlike Nx, the predicate may also broadcast
        # to the branches; the names are then merged.)
        try:
            fits = _bshape("nx.select", p.shape, t.shape, f.shape) == p.shape
        except OpError:
            fits = False
        names = p.names if fits else merge_names("nx.select", p, t, f)
    return apply("select", [p, t, f], {}, names)


def as_type(t: TensorLike, type: TypeLike) -> Tensor:
    """Converts to `type` (floats to integers truncate and saturate; NaN becomes 0)."""
    ty = T.parse(type, fun="nx.as_type")
    if _is_number(t):
        return tensor(t, type=ty)   # Nx.as_type(number, type) is Nx.tensor(number, type: type)
    t = to_tensor(t, "nx.as_type")
    if ty == t.type:
        return t
    return apply("as_type", [t], {"type": ty}, t.names)


# --- creation -------------------------------------------------------------------------------

def _eager_create(name, attrs, names, backend):
    from nx.compiler import trace
    if trace.current() is not None:
        return apply(name, [], attrs, names)
    from nx.dialects.nx import registry
    d = registry.OPS[name]
    (ot,) = d.infer([], attrs)
    return from_array(d.kernel(attrs, [ot]), ot.dtype, names, backend)


def iota(shape: ShapeLike, type: TypeLike = "s32", axis: Axis | None = None,
         names: Names | None = None, backend: str | None = None,
         vectorized_axes: VectorizedAxes | None = None) -> Tensor:
    """Counts up from 0 along `axis`, or across all elements when `axis` is None;
    `vectorized_axes` (pairs of name and size, or a dict) repeats it for each entry.

        >>> nx.iota((2, 3))
        nx.Tensor<
          s32[2][3]
          [
            [0, 1, 2],
            [3, 4, 5]
          ]
        >
    """
    shape = _shape_arg(shape, "nx.iota")
    names = normalize_names(names, len(shape), "nx.iota")
    attrs = {"shape": shape, "type": T.parse(type, fun="nx.iota")}
    if axis is not None:
        tmp = Tensor(None, shape, attrs["type"], names)
        attrs["axis"] = axis_index(tmp, axis, "nx.iota")
    out = _eager_create("iota", attrs, names, backend)
    if vectorized_axes:
        from .vectorize import with_vectorized_axes
        out = with_vectorized_axes(out, vectorized_axes, "nx.iota")
    return out


def eye(shape: ShapeLike, type: TypeLike = "s32", names: Names | None = None,
        backend: str | None = None, vectorized_axes: VectorizedAxes | None = None) -> Tensor:
    """Identity matrix (or a batch of them over the last two axes); `shape` may be an int n;
    `vectorized_axes` repeats it for each entry."""
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape), int(shape))
    shape = _shape_arg(shape, "nx.eye")
    names = normalize_names(names, len(shape), "nx.eye")
    ty = T.parse(type, fun="nx.eye")
    if vectorized_axes and len(shape) == 1:
        # as in Nx: with vectorized axes a shape (n,) is allowed, each entry being the first row
        # of the identity (the eye of shape (1, n) of Nx's full vectorized layout)
        out = _eager_create("eye", {"shape": (1,) + shape, "type": ty}, (None,) + names, backend)
        out = reshape(out, shape, names=list(names))
    else:
        out = _eager_create("eye", {"shape": shape, "type": ty}, names, backend)
    if vectorized_axes:
        from .vectorize import with_vectorized_axes
        out = with_vectorized_axes(out, vectorized_axes, "nx.eye")
    return out


def template(shape: ShapeLike, type: TypeLike, names: Names | None = None) -> Tensor:
    """A tensor that has only a shape and a type (Nx.template): for `nx.compile`."""
    shape = _shape_arg(shape, "nx.template")
    return Tensor(None, shape, T.parse(type, fun="nx.template"),
                  normalize_names(names, len(shape), "nx.template"))


# --- shape ----------------------------------------------------------------------------------

def _shape_or_tensor(t, fun):
    """Nx's shape functions take a tensor, a number or a shape tuple."""
    if isinstance(t, tuple) and all(isinstance(d, int) for d in t):
        return t
    return to_tensor(t, fun).shape


def shape(t: TensorLike | Shape) -> Shape:
    """The shape of a tensor (or of a number: `()`; a shape tuple is returned as is)."""
    return _shape_or_tensor(t, "nx.shape")


def rank(t: TensorLike | Shape) -> int:
    """The number of axes of a tensor, number or shape tuple.

        >>> nx.rank((1, 2, 3))
        3
    """
    return len(_shape_or_tensor(t, "nx.rank"))


def size(t: TensorLike | Shape) -> int:
    """The number of elements of a tensor, number or shape tuple (vectorized axes excluded).

        >>> nx.size((1, 2, 3, 2))
        12
    """
    n = 1
    for d in _shape_or_tensor(t, "nx.size"):
        n *= d
    return n


def type(t: TensorLike) -> T.Type:
    return to_tensor(t, "nx.type").type


def names(t: TensorLike) -> list[str | None]:
    return list(to_tensor(t, "nx.names").names)


def axis_size(t: TensorLike, axis: Axis) -> int:
    t = to_tensor(t, "nx.axis_size")
    return t.shape[axis_index(t, axis, "nx.axis_size")]


def byte_size(t: TensorLike) -> int:
    """Bytes of the tensor's data, vectorized axes included (Nx.byte_size)."""
    t = to_tensor(t, "nx.byte_size")
    n = t.size
    for _, s in t.vectorized_axes:
        n *= s
    return n * t.type.bits // 8


def reshape(t: TensorLike, shape: int | Sequence[int | str | None] | Tensor,
            names: Names | None = None) -> Tensor:
    """New shape, same elements; one dimension may be `"auto"` (Nx's `:auto`)."""
    t = to_tensor(t, "nx.reshape")
    if isinstance(shape, Tensor):
        if names is None:
            names = shape.names   # Nx: `opts[:names] || names!(shape)`
        shape = shape.shape
    if isinstance(shape, int):
        shape = (shape,)
    shape = list(shape)
    autos = [i for i, d in enumerate(shape) if d in ("auto", None)]
    if len(autos) > 1:
        raise ValueError(f"nx.reshape: at most one dimension can be \"auto\", got {shape}")
    if autos:
        known = 1
        for d in shape:
            if d not in ("auto", None):
                known *= d  # type: ignore[operator]  # an int: "auto" and None are skipped
        if known == 0 or t.size % known:
            raise ValueError(f"nx.reshape: cannot infer \"auto\" in {shape} for a tensor of "
                             f"shape {t.shape} ({t.size} elements)")
        shape[autos[0]] = t.size // known
    shape = tuple(shape)
    nm = normalize_names(names, len(shape), "nx.reshape")
    if shape == t.shape:
        return Tensor(t.data, t.shape, t.type, nm, t.vectorized_axes) if names is not None else t
    return apply("reshape", [t], {"shape": shape}, nm)


def transpose(t: TensorLike, axes: Axes = None) -> Tensor:
    """Permutes the axes (reverses them by default)."""
    t = to_tensor(t, "nx.transpose")
    perm = tuple(reversed(range(t.rank))) if axes is None else _axes(t, axes, "nx.transpose")
    if len(perm) != t.rank:
        given = list(axes) if isinstance(axes, (list, tuple)) else [axes]
        raise ValueError(f"nx.transpose: axes {given} "
                         f"must list every axis of a tensor of shape {t.shape}")
    if perm == tuple(range(t.rank)):
        return t
    return apply("transpose", [t], {"axes": perm}, tuple(t.names[p] for p in perm))


def broadcast(t: TensorLike, shape: ShapeLike, axes: Sequence[int] | None = None,
              names: Names | None = None) -> Tensor:
    """Broadcasts `t` to `shape` (a tuple or a tensor's shape); `axes` maps t's axes to the
    result's (default: right-aligned).

        >>> nx.broadcast(1, (2, 2))
        nx.Tensor<
          s32[2][2]
          [
            [1, 1],
            [1, 1]
          ]
        >
    """
    t = to_tensor(t, "nx.broadcast")
    if isinstance(shape, Tensor):
        if names is None and any(n is not None for n in shape.names):
            names = shape.names
        shape = shape.shape
    shape = _shape_arg(shape, "nx.broadcast")
    if axes is None:
        if len(shape) < t.rank:
            raise ValueError(f"nx.broadcast: cannot broadcast tensor of shape {t.shape} to the "
                             f"smaller rank shape {shape}")
        axes = tuple(range(len(shape) - t.rank, len(shape)))
        try:
            out = _bshape("nx.broadcast", t.shape, shape)
        except OpError as e:
            raise ValueError(str(e)) from None
        if out != shape:
            raise ValueError(f"nx.broadcast: cannot broadcast tensor of shape {t.shape} to {shape}")
    else:
        axes = tuple(int(a) % len(shape) for a in axes)
    # Nx: `opts[:names] || names!(shape)`: a shape tuple gives no names, whatever t's names
    nm = normalize_names(names, len(shape), "nx.broadcast")
    if shape == t.shape:
        return t if nm == t.names else Tensor(t.data, t.shape, t.type, nm, t.vectorized_axes)
    return apply("broadcast", [t], {"shape": shape, "axes": axes}, nm)


def squeeze(t: TensorLike, axes: Axes = None) -> Tensor:
    """Removes axes of size 1 (all of them by default)."""
    t = to_tensor(t, "nx.squeeze")
    ax = (tuple(i for i, d in enumerate(t.shape) if d == 1) if axes is None
          else _axes(t, axes, "nx.squeeze"))
    if not ax:
        return t
    return apply("squeeze", [t], {"axes": ax},
                 tuple(n for i, n in enumerate(t.names) if i not in ax))


def new_axis(t: TensorLike, axis: int, name: str | None = None) -> Tensor:
    """Adds an axis of size 1 at `axis`."""
    t = to_tensor(t, "nx.new_axis")
    r = t.rank + 1
    a = axis + r if axis < 0 else axis
    if not 0 <= a < r:
        raise ValueError(f"nx.new_axis: axis {axis} is out of range for a result of rank {r}")
    shape = t.shape[:a] + (1,) + t.shape[a:]
    nm = t.names[:a] + (name,) + t.names[a:]
    return apply("reshape", [t], {"shape": shape}, nm)


def flatten(t: TensorLike, axes: Axes = None) -> Tensor:
    """Flattens the tensor into one axis, or only the consecutive `axes` into one axis placed
    where the first of them was (the new axis has no name).

        >>> nx.flatten(nx.iota((1, 2, 3)), axes=[1, 2])
        nx.Tensor<
          s32[1][6]
          [
            [0, 1, 2, 3, 4, 5]
          ]
        >
    """
    t = to_tensor(t, "nx.flatten")
    if axes is None:
        return reshape(t, (t.size,))
    ax = sorted(_axes(t, axes, "nx.flatten"))
    if not ax:
        return t
    if ax != list(range(ax[0], ax[0] + len(ax))):
        # several axes here: one axis (an int) is always consecutive
        raise ValueError(f"nx.flatten: flatten axes must be consecutive, got "
                         f"{list(axes)} for shape {t.shape}")  # type: ignore[arg-type]
    n = 1
    for a in ax:
        n *= t.shape[a]
    keep = [i for i in range(t.rank) if i not in ax]
    shape = [t.shape[i] for i in keep]
    nm = [t.names[i] for i in keep]
    shape.insert(ax[0], n)
    nm.insert(ax[0], None)
    return reshape(t, tuple(shape), names=nm)


def rename(t: TensorLike, names: Names | None) -> Tensor:
    """`t` with new axis names (one per inner axis, None for unnamed); a vectorized axis's name
    may not be reused.

        >>> nx.rename(nx.iota((2, 3)), ["x", None])
        nx.Tensor<
          s32[x: 2][3]
          [
            [0, 1, 2],
            [3, 4, 5]
          ]
        >
    """
    t = to_tensor(t, "nx.rename")
    if names is not None and not isinstance(names, (list, builtins.tuple)):
        raise TypeError(f"nx.rename: names must be a list of names, got {names!r}")
    for n, _ in t.vectorized_axes:
        if names is not None and n in names:
            raise ValueError(f"nx.rename: name {n!r} is already a name for a vectorized axis")
    return Tensor(t.data, t.shape, t.type, normalize_names(names, t.rank, "nx.rename"),
                  t.vectorized_axes)


def slice(t: TensorLike, start_indices: Sequence[int | Tensor], lengths: Sequence[int],
          strides: int | Sequence[int] = 1) -> Tensor:
    """A slice of `lengths` (per axis) from `start_indices`, taking every `strides`-th element.
    Start indices are Python integers or integer scalar tensors (dynamic: resolved at run
    time); both are clamped so the slice fits, as Nx does.

        >>> nx.slice(nx.tensor([1, 2, 3, 4, 5, 6]), [3], [2])
        nx.Tensor<
          s32[2]
          [4, 5]
        >
    """
    from ._structure_args import checked_slice
    return checked_slice(to_tensor(t, "nx.slice"), start_indices, lengths, strides, "nx.slice")


def _flat_tensors(tensors, fun):
    """The tensors of a list or container (nested tuples, lists, dicts by insertion order)."""
    out = []

    def walk(x):
        if isinstance(x, (list, builtins.tuple)):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for y in x.values():
                walk(y)
        else:
            out.append(to_tensor(x, fun))
    if isinstance(tensors, Tensor):
        raise TypeError(f"{fun}: expected a list or tuple of tensors, got a tensor of shape "
                        f"{tensors.shape}")
    walk(tensors)
    return out


def concatenate(tensors: Any, axis: Axis = 0) -> Tensor:
    """Joins tensors along `axis`; types are merged as Nx does. `tensors` is a list or any
    container of tensors (nested tuples are flattened in order).

        >>> nx.concatenate((nx.tensor([1, 2]), (nx.tensor([3, 4]), nx.tensor([5, 6]))))
        nx.Tensor<
          s32[6]
          [1, 2, 3, 4, 5, 6]
        >
    """
    ts = _flat_tensors(tensors, "nx.concatenate")
    if not ts:
        raise ValueError("nx.concatenate: no tensors were given to concatenate")
    if len(ts) == 1:
        return ts[0]
    ty = ts[0].type
    for x in ts[1:]:
        ty = T.merge(ty, x.type)
    ts = [as_type(x, ty) for x in ts]
    ax = axis_index(ts[0], axis, "nx.concatenate")
    for x in ts[1:]:
        if x.rank != ts[0].rank:
            raise ValueError(f"nx.concatenate: all tensors must have the same rank, got shapes "
                             f"{[y.shape for y in ts]}")
    return apply("concatenate", ts, {"axis": ax}, ts[0].names)


def stack(tensors: Any, axis: int = 0, name: str | None = None) -> Tensor:
    """Stacks tensors of the same shape along a new axis `axis` (named `name`); like
    `concatenate`, takes a list or any container of tensors.

        >>> nx.stack((nx.tensor([1, 2]), (nx.tensor([3, 4]), nx.tensor([5, 6]))))
        nx.Tensor<
          s32[3][2]
          [
            [1, 2],
            [3, 4],
            [5, 6]
          ]
        >
    """
    ts = _flat_tensors(tensors, "nx.stack")
    if not ts:
        raise ValueError("nx.stack: no tensors were given to stack")
    return concatenate([new_axis(x, axis, name) for x in ts], axis)


def pad(t: TensorLike, pad_value: Tensor | Number, config: Sequence[Sequence[int]]) -> Tensor:
    """Pads with `pad_value`; `config` is one `(low, high, interior)` per axis (negative low/high
    crop)."""
    t = to_tensor(t, "nx.pad")
    if len(config) != t.rank:
        raise ValueError(f"nx.pad: expected {t.rank} (low, high, interior) entries for shape "
                         f"{t.shape}, got {len(config)}")
    v = (pad_value if isinstance(pad_value, Tensor)
         else _number_tensor(pad_value, T.merge_number(t.type, pad_value)))
    if v.shape != () or v.vectorized_axes:
        raise ValueError(f"nx.pad: the padding value must be a non-vectorized scalar, got shape "
                         f"{v.shape} and vectorized axes {list(v.vectorized_axes)}")
    v = as_type(v, t.type)
    lo, hi, it = (tuple(int(c[i]) for c in config) for i in range(3))
    return apply("pad", [t, v], {"low": lo, "high": hi, "interior": it}, t.names)


def reverse(t: TensorLike, axes: Axes = None) -> Tensor:
    t = to_tensor(t, "nx.reverse")
    return apply("reverse", [t], {"axes": _axes(t, axes, "nx.reverse")}, t.names)


# --- access ---------------------------------------------------------------------------------

def _slice_text(i):
    return ":".join("" if v is None else str(v) for v in (i.start, i.stop)) + \
        ("" if i.step is None else f":{i.step}")


def access(t: TensorLike, index: Any) -> Tensor:
    """`t[...]`: integers, slices, `...`, and `{name: index}` dicts; static indices only here."""
    t = to_tensor(t, "nx.access")
    if isinstance(index, dict):
        idx = [builtins.slice(None)] * t.rank
        seen = set()
        for k, v in index.items():
            ax = axis_index(t, k, "nx.access", "index key")
            if ax in seen:   # a name and a position (or two positions) of one axis
                raise IndexError(f"nx.access: unknown or duplicate axis {ax} found when slicing "
                                 f"shape {t.shape} (index keys {list(index)})")
            seen.add(ax)
            idx[ax] = v
        index = tuple(idx)
    if not isinstance(index, tuple):
        index = (index,)
    if _pysum(1 for i in index if i is Ellipsis) > 1:
        raise IndexError("nx.access: at most one ... is allowed")
    if any(i is Ellipsis for i in index):
        pos = [k for k, i in enumerate(index) if i is Ellipsis][0]
        fill = t.rank - (len(index) - 1)
        index = index[:pos] + (builtins.slice(None),) * fill + index[pos + 1:]
    if len(index) > t.rank:
        raise IndexError(f"nx.access: too many indices ({len(index)}) for a tensor of shape "
                         f"{t.shape}")
    index = index + (builtins.slice(None),) * (t.rank - len(index))
    starts, lengths, strides, drop, dynamic = [], [], [], [], {}
    for ax, (i, d) in enumerate(zip(index, t.shape)):
        if isinstance(i, Tensor):
            if i.rank != 0 and T.is_integer(i.type):
                # a tensor of indices is nx.take on its axis (after any slices)
                if any(not isinstance(j, builtins.slice) for k, j in enumerate(index) if k != ax):
                    raise IndexError(f"nx.access: a tensor of indices (shape {i.shape} on axis "
                                     f"{ax}) can only be combined with slices; use nx.take or "
                                     "nx.gather for other combinations")
                from .indexing import take
                rest = index[:ax] + (builtins.slice(None),) + index[ax + 1:]
                return take(access(t, rest), i, axis=ax)
            if i.rank != 0 or not T.is_integer(i.type):
                raise IndexError(f"nx.access: a tensor index must be an integer scalar (a "
                                 f"dynamic index); got {i.type.name}{list(i.shape)} on axis "
                                 f"{ax}. Use nx.take for tensors of indices")
            dynamic[ax] = i
            starts.append(0)
            lengths.append(1)
            strides.append(1)
            drop.append(ax)
        elif isinstance(i, builtins.slice):
            s, e, st = i.indices(d)
            if st < 1:
                raise IndexError(f"nx.access: slice steps must be positive, got {st} on axis {ax}")
            n = _pymax(0, (e - s + st - 1) // st)
            if n == 0 and d > 0:
                # Nx: "slicing a tensor requires a non-empty range"
                raise IndexError(f"nx.access: slicing a tensor requires a non-empty range, got "
                                 f"{_slice_text(i)} on axis {ax} of size {d} (shape {t.shape})")
            starts.append(s if n else 0)
            lengths.append((n - 1) * st + 1 if n else 0)
            strides.append(st)
        elif isinstance(i, (int, np.integer)) and not isinstance(i, bool):
            i = int(i)
            if not -d <= i < d:
                raise IndexError(f"nx.access: index {i} is out of bounds for axis {ax} of size "
                                 f"{d} (shape {t.shape})")
            starts.append(i % d)
            lengths.append(1)
            strides.append(1)
            drop.append(ax)
        else:
            raise IndexError(f"nx.access: unsupported index {i!r} on axis {ax}; use integers, "
                             "slices, ..., integer scalar tensors or a dict of axis names")
    out = t
    if dynamic:
        # Static starts become constants; strided slices are taken after the dynamic slice.
        idx = [dynamic[ax] if ax in dynamic else tensor(starts[ax]) for ax in range(t.rank)]
        out = apply("dynamic_slice", [t] + idx, {"lengths": tuple(lengths)}, t.names)
        if any(s != 1 for s in strides):
            out = apply("slice", [out], {"start": (0,) * t.rank, "lengths": tuple(lengths),
                                         "strides": tuple(strides)}, t.names)
    elif any(s != 0 for s in starts) or tuple(lengths) != t.shape or any(s != 1 for s in strides):
        out = apply("slice", [t], {"start": tuple(starts), "lengths": tuple(lengths),
                                   "strides": tuple(strides)}, t.names)
    if drop:
        out = squeeze(out, drop)
    return out


# --- reductions -----------------------------------------------------------------------------

def _reduce(name, t, axes, keep_axes):
    fun = f"nx.{name}"
    t = to_tensor(t, fun)
    ax = _axes(t, axes, fun)
    nm = tuple(t.names) if keep_axes else \
        tuple(n for i, n in enumerate(t.names) if i not in ax)
    return apply(name, [t], {"axes": tuple(sorted(ax)), "keep_axes": bool(keep_axes)}, nm)


def sum(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    """Sums over `axes` (all by default). Integers accumulate as s32/u32 or 64-bit as Nx does.

        >>> nx.sum(nx.tensor([[1, 2], [3, 4]]), axes=[0])
        nx.Tensor<
          s32[2]
          [4, 6]
        >
    """
    return _reduce("sum", t, axes, keep_axes)


def product(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    return _reduce("product", t, axes, keep_axes)


def reduce_max(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    return _reduce("reduce_max", t, axes, keep_axes)


def reduce_min(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    return _reduce("reduce_min", t, axes, keep_axes)


def mean(t: TensorLike, axes: Axes = None, keep_axes: bool = False) -> Tensor:
    """The mean over `axes` (all by default); always a float."""
    t = to_tensor(t, "nx.mean")
    ax = _axes(t, axes, "nx.mean")
    n = 1
    for a in ax:
        n *= t.shape[a]
    return divide(sum(t, axes=axes, keep_axes=keep_axes), n)  # noqa: F821  (globals() loop)


def _arg(name, t, axis, tie_break, keep_axis, type):
    fun = f"nx.{name}"
    t = to_tensor(t, fun)
    if tie_break not in ("low", "high"):
        raise ValueError(f"{fun}: unknown tie_break {tie_break!r}, expected \"low\" or \"high\"")
    attrs = {"tie_break": tie_break, "keep_axis": bool(keep_axis), "type": T.parse(type, fun=fun)}
    if axis is not None:
        a = axis_index(t, axis, fun)
        attrs["axis"] = a
        nm = tuple(t.names) if keep_axis else \
            tuple(n for i, n in enumerate(t.names) if i != a)
    elif keep_axis and t.vectorized_axes and t.rank:
        # Nx: without an axis, a vectorized tensor reduces every inner axis of each entry and
        # keep_axis keeps them all, with size 1 (a plain tensor gives a scalar either way)
        attrs["keep_axis"] = False
        out = apply(name, [t], attrs, ())
        return apply("reshape", [out], {"shape": (1,) * t.rank}, tuple(t.names))
    else:
        nm = ()
    return apply(name, [t], attrs, nm)


def argmax(t: TensorLike, axis: Axis | None = None, tie_break: str = "low",
           keep_axis: bool = False, type: TypeLike = "s32") -> Tensor:
    """Index of the largest element along `axis` or overall. NaN counts as largest; with
    several NaNs it is the last one (as Nx's binary backend), whatever `tie_break`."""
    return _arg("argmax", t, axis, tie_break, keep_axis, type)


def argmin(t: TensorLike, axis: Axis | None = None, tie_break: str = "low",
           keep_axis: bool = False, type: TypeLike = "s32") -> Tensor:
    """Index of the smallest element along `axis` or overall. NaN counts as smallest; with
    several NaNs it is the last one (as Nx's binary backend), whatever `tie_break`."""
    return _arg("argmin", t, axis, tie_break, keep_axis, type)


# --- dot ------------------------------------------------------------------------------------

def dot(a: TensorLike, *args: Any, batch_a: Axes = None, batch_b: Axes = None) -> Tensor:
    """Nx.dot: `dot(a, b)` (vector, matrix and tensor products as Nx defines them),
    `dot(a, contract_a, b, contract_b)`, or `dot(a, contract_a, batch_a, b, contract_b, batch_b)`.

        >>> nx.dot(nx.tensor([1, 2, 3]), nx.tensor([1, 2, 3]))
        nx.Tensor<
          s32
          14
        >
    """
    if len(args) == 1:
        left, right = to_tensor(a, "nx.dot", "a"), to_tensor(args[0], "nx.dot", "b")
        if left.rank == 0 or right.rank == 0:
            return multiply(left, right)  # noqa: F821  (globals() loop)
        ca = (left.rank - 1,)
        cb = (0,) if right.rank == 1 else (right.rank - 2,)
        return _dot(left, ca, (), right, cb, ())
    if len(args) == 3:
        contract_a, b, contract_b = args
    elif len(args) == 5:
        contract_a, batch_a, b, contract_b, batch_b = args
    else:
        raise TypeError("nx.dot: expected dot(a, b), dot(a, contract_a, b, contract_b) or "
                        f"dot(a, contract_a, batch_a, b, contract_b, batch_b); got {1 + len(args)} "
                        "positional arguments")
    left, right = to_tensor(a, "nx.dot", "a"), to_tensor(b, "nx.dot", "b")
    ca = _axes(left, contract_a, "nx.dot", "contract_a")
    cb = _axes(right, contract_b, "nx.dot", "contract_b")
    ba = _axes(left, batch_a or [], "nx.dot", "batch_a")
    bb = _axes(right, batch_b or [], "nx.dot", "batch_b")
    return _dot(left, ca, ba, right, cb, bb)


def _dot(a, ca, ba, b, cb, bb):
    nm = tuple(a.names[i] for i in ba) + \
        tuple(n for i, n in enumerate(a.names) if i not in ca and i not in ba) + \
        tuple(n for i, n in enumerate(b.names) if i not in cb and i not in bb)
    return apply("dot", [a, b], {"contract_a": tuple(ca), "contract_b": tuple(cb),
                                 "batch_a": tuple(ba), "batch_b": tuple(bb)}, nm)


def outer(a: TensorLike, b: TensorLike) -> Tensor:
    """The outer product of the flattened tensors: `out[i, j] = a[i] * b[j]` (`b` conjugated
    when the result is complex). Names: the first name of `a` and the last of `b`, as Nx.

        >>> nx.outer(nx.tensor([1, 2, 3], names=["x"]), 100)
        nx.Tensor<
          s32[x: 3][1]
          [
            [100],
            [200],
            [300]
          ]
        >
    """
    a, b = to_tensor(a, "nx.outer"), to_tensor(b, "nx.outer")
    names = (a.names[0] if a.rank else None, b.names[-1] if b.rank else None)
    if T.is_complex(T.merge(a.type, b.type)):
        from .signal import conjugate
        b = conjugate(b)
    out = multiply(reshape(a, (a.size, 1)), reshape(b, (1, b.size)))  # noqa: F821  (globals() loop)
    return Tensor(out.data, out.shape, out.type, names, out.vectorized_axes) if out.names != names \
        else out
