"""nx.constants: Nx.Constants (Nx v0.10). Scalar tensors holding common constants.

Every function takes the type positionally or as `type=` (a string such as "f64" or a tuple
such as ("f", 64)); the default is f32 (c64 for `i`). `backend=` picks the backend of the
result ("numpy" or "xla"; the default backend otherwise).

Values, as Nx writes them: `pi`, `e` and `euler_gamma` are the nearest f16, f32 or f64 value;
for bf16 and f8 (E5M2) Nx truncates the f32 and f16 values to their upper bits (so e is
2.703125 in bf16, euler_gamma 0.57421875 in bf16 and 0.5 in f8, not the nearest values);
`epsilon` and `smallest_positive_normal` are the IEEE values of the type (as
`ml_dtypes.finfo`); `max`/`min` are +/-Inf for floats and the largest/smallest value for
integers; `max_finite`/`min_finite` the largest/smallest finite value; `nan` is the quiet NaN
with only the top mantissa bit set.

Inside `nx.defn`/`nx.jit`, `pi()`, `e()` and `i()` called without a type are number literals, as
in Nx's defn: they return the Python numbers `math.pi`, `math.e` and `1j`, which take the
precision of the tensors they meet (`f16_tensor * nx.constants.pi()` stays f16). Everything else
returns a constant tensor, in defn too.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from nx.compiler import trace

from . import types as T
from .tensor import from_array

if TYPE_CHECKING:
    from ._typing import TypeLike
    from .tensor import Tensor

__all__ = ["e", "pi", "euler_gamma", "i", "nan", "infinity", "neg_infinity", "epsilon",
           "smallest_positive_normal", "max", "min", "max_finite", "min_finite"]

_BACKENDS = ("numpy", "xla")
_FLOATS = ("f8", "f16", "bf16", "f32", "f64")


def _type(fun, type, default="f32"):
    return T.parse(default if type is None else type, fun=fun)


def _scalar(fun, value, ty, backend):
    """A scalar tensor holding `value` (a NumPy scalar of ty's dtype)."""
    if backend is not None and backend not in _BACKENDS:
        raise ValueError(f"{fun}: unknown backend {backend!r}, expected one of {list(_BACKENDS)}")
    if backend is None and trace.current() is not None:
        backend = "numpy"   # becomes an nx.constant of the traced program
    arr = np.array(value, dtype=ty.dtype).reshape(())
    return from_array(arr, ty, (), backend)


def _only_floats(fun, ty):
    if ty.name not in _FLOATS:
        raise TypeError(f"{fun}: only floating types are supported, got: {ty.name}")


def _rounded(value, ty):
    """`value` (a float) in type ty, as Nx writes it: the nearest f16, f32 or f64 value; bf16
    and f8 (E5M2) are the upper bits of the nearest f32 and f16 value (truncation)."""
    if ty == "bf16":
        bits = np.array(value, np.float32).view(np.uint32) >> np.uint32(16)
        return np.array(bits.astype(np.uint16)).view(ty.dtype)
    if ty == "f8":
        bits = np.array(value, np.float16).view(np.uint16) >> np.uint16(8)
        return np.array(bits.astype(np.uint8)).view(ty.dtype)
    return np.array(value, np.float64).astype(ty.dtype)


def _math_constant(name, value, type, backend):
    fun = f"nx.constants.{name}"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, _rounded(value, ty), ty, backend)


def pi(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor | float:
    """Pi in the given floating type (f32 by default). Inside defn, `pi()` without a type is
    the number literal `math.pi`.

        >>> nx.constants.pi("f64")
        nx.Tensor<
          f64
          3.141592653589793
        >

        >>> nx.constants.pi("f32")
        nx.Tensor<
          f32
          3.1415927410125732
        >

        >>> nx.constants.pi("f16")
        nx.Tensor<
          f16
          3.140625
        >

        >>> nx.constants.pi("bf16")
        nx.Tensor<
          bf16
          3.140625
        >

        >>> nx.constants.pi(("f", 8))
        nx.Tensor<
          f8
          3.0
        >

        >>> nx.constants.pi("s32")
        Traceback (most recent call last):
        ...
        TypeError: nx.constants.pi: only floating types are supported, got: s32
    """
    if type is None and trace.current() is not None:
        return math.pi
    return _math_constant("pi", math.pi, type, backend)


def e(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor | float:
    """Euler's number e in the given floating type (f32 by default). Inside defn, `e()`
    without a type is the number literal `math.e`.

        >>> nx.constants.e("f64")
        nx.Tensor<
          f64
          2.718281828459045
        >

        >>> nx.constants.e("f32")
        nx.Tensor<
          f32
          2.7182817459106445
        >

        >>> nx.constants.e("f16")
        nx.Tensor<
          f16
          2.71875
        >

        >>> nx.constants.e("bf16")
        nx.Tensor<
          bf16
          2.703125
        >

        >>> nx.constants.e("f8")
        nx.Tensor<
          f8
          2.5
        >
    """
    if type is None and trace.current() is not None:
        return math.e
    return _math_constant("e", math.e, type, backend)


_EULER_GAMMA = 0.57721566490153286060651209008240243


def euler_gamma(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The Euler-Mascheroni constant in the given floating type (f32 by default).

        >>> nx.constants.euler_gamma("f64")
        nx.Tensor<
          f64
          0.5772156649015329
        >

        >>> nx.constants.euler_gamma("f32")
        nx.Tensor<
          f32
          0.5772156715393066
        >

        >>> nx.constants.euler_gamma("f16")
        nx.Tensor<
          f16
          0.5771484375
        >

        >>> nx.constants.euler_gamma("bf16")
        nx.Tensor<
          bf16
          0.57421875
        >

        >>> nx.constants.euler_gamma("f8")
        nx.Tensor<
          f8
          0.5
        >
    """
    return _math_constant("euler_gamma", _EULER_GAMMA, type, backend)


def i(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor | complex:
    """The imaginary unit in a complex type (c64 by default). Inside defn, `i()` without a
    type is the number literal `1j`.

        >>> nx.constants.i()
        nx.Tensor<
          c64
          0.0+1.0i
        >

        >>> nx.constants.i("c128")
        nx.Tensor<
          c128
          0.0+1.0i
        >

        >>> nx.constants.i("f32")
        Traceback (most recent call last):
        ...
        TypeError: nx.constants.i: invalid type for complex number. Expected c64 or c128, got: f32
    """
    fun = "nx.constants.i"
    if type is None and trace.current() is not None:
        return 1j
    ty = _type(fun, type, "c64")
    if not T.is_complex(ty):
        raise TypeError(f"{fun}: invalid type for complex number. Expected c64 or c128, got: "
                        f"{ty.name}")
    return _scalar(fun, 1j, ty, backend)


def nan(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """NaN (not a number) in the given floating type (f32 by default).

        >>> nx.constants.nan("f8")
        nx.Tensor<
          f8
          NaN
        >

        >>> nx.constants.nan("bf16")
        nx.Tensor<
          bf16
          NaN
        >

        >>> nx.constants.nan("f16")
        nx.Tensor<
          f16
          NaN
        >

        >>> nx.constants.nan()
        nx.Tensor<
          f32
          NaN
        >

        >>> nx.constants.nan("f64")
        nx.Tensor<
          f64
          NaN
        >
    """
    fun = "nx.constants.nan"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, np.nan, ty, backend)


def infinity(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """Positive infinity in the given floating type (f32 by default).

        >>> nx.constants.infinity("f8")
        nx.Tensor<
          f8
          Inf
        >

        >>> nx.constants.infinity("bf16")
        nx.Tensor<
          bf16
          Inf
        >

        >>> nx.constants.infinity("f16")
        nx.Tensor<
          f16
          Inf
        >

        >>> nx.constants.infinity("f32")
        nx.Tensor<
          f32
          Inf
        >

        >>> nx.constants.infinity("f64")
        nx.Tensor<
          f64
          Inf
        >
    """
    fun = "nx.constants.infinity"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, np.inf, ty, backend)


def neg_infinity(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """Negative infinity in the given floating type (f32 by default).

        >>> nx.constants.neg_infinity("f8")
        nx.Tensor<
          f8
          -Inf
        >

        >>> nx.constants.neg_infinity("bf16")
        nx.Tensor<
          bf16
          -Inf
        >

        >>> nx.constants.neg_infinity("f16")
        nx.Tensor<
          f16
          -Inf
        >

        >>> nx.constants.neg_infinity("f32")
        nx.Tensor<
          f32
          -Inf
        >

        >>> nx.constants.neg_infinity("f64")
        nx.Tensor<
          f64
          -Inf
        >
    """
    fun = "nx.constants.neg_infinity"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, -np.inf, ty, backend)


def _finfo(ty):
    import ml_dtypes
    return ml_dtypes.finfo(ty.dtype)


def epsilon(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The machine epsilon of the given floating type (f32 by default): the distance from 1.0
    to the next larger value.

        >>> nx.constants.epsilon("f64")
        nx.Tensor<
          f64
          2.220446049250313e-16
        >

        >>> nx.constants.epsilon("f32")
        nx.Tensor<
          f32
          1.1920928955078125e-7
        >

        >>> nx.constants.epsilon("f16")
        nx.Tensor<
          f16
          9.765625e-4
        >

        >>> nx.constants.epsilon("bf16")
        nx.Tensor<
          bf16
          0.0078125
        >

        >>> nx.constants.epsilon("f8")
        nx.Tensor<
          f8
          0.25
        >

        >>> nx.constants.epsilon("s32")
        Traceback (most recent call last):
        ...
        TypeError: nx.constants.epsilon: only floating types are supported, got: s32
    """
    fun = "nx.constants.epsilon"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, _finfo(ty).eps, ty, backend)


def smallest_positive_normal(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The smallest positive normal value of the given floating type (f32 by default).

        >>> nx.constants.smallest_positive_normal("f64")
        nx.Tensor<
          f64
          2.2250738585072014e-308
        >

        >>> nx.constants.smallest_positive_normal("f32")
        nx.Tensor<
          f32
          1.1754943508222875e-38
        >

        >>> nx.constants.smallest_positive_normal("f16")
        nx.Tensor<
          f16
          6.103515625e-5
        >

        >>> nx.constants.smallest_positive_normal("bf16")
        nx.Tensor<
          bf16
          1.1754943508222875e-38
        >

        >>> nx.constants.smallest_positive_normal("f8")
        nx.Tensor<
          f8
          6.103515625e-5
        >

        >>> nx.constants.smallest_positive_normal("s32")
        Traceback (most recent call last):
        ...
        TypeError: nx.constants.smallest_positive_normal: only floating types are supported,
        got: s32
    """
    fun = "nx.constants.smallest_positive_normal"
    ty = _type(fun, type)
    _only_floats(fun, ty)
    return _scalar(fun, _finfo(ty).smallest_normal, ty, backend)


def _real_type(fun, type):
    ty = _type(fun, type)
    if T.is_complex(ty):
        raise TypeError(f"{fun}: only integer and floating types are supported, got: {ty.name}")
    return ty


def max_finite(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The largest finite value of the given type (f32 by default).

        >>> nx.constants.max_finite("u8")
        nx.Tensor<
          u8
          255
        >

        >>> nx.constants.max_finite("s16")
        nx.Tensor<
          s16
          32767
        >

        >>> nx.constants.max_finite("f32")
        nx.Tensor<
          f32
          3.4028234663852886e38
        >
    """
    fun = "nx.constants.max_finite"
    ty = _real_type(fun, type)
    value = T.max_finite(ty) if T.is_integer(ty) else _finfo(ty).max
    return _scalar(fun, value, ty, backend)


def min_finite(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The smallest (most negative) finite value of the given type (f32 by default).

        >>> nx.constants.min_finite("u8")
        nx.Tensor<
          u8
          0
        >

        >>> nx.constants.min_finite("s16")
        nx.Tensor<
          s16
          -32768
        >

        >>> nx.constants.min_finite("f32")
        nx.Tensor<
          f32
          -3.4028234663852886e38
        >
    """
    fun = "nx.constants.min_finite"
    ty = _real_type(fun, type)
    value = T.min_finite(ty) if T.is_integer(ty) else _finfo(ty).min
    return _scalar(fun, value, ty, backend)


def max(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The largest value of the given type (f32 by default): infinity for floating types.

        >>> nx.constants.max("u8")
        nx.Tensor<
          u8
          255
        >

        >>> nx.constants.max("f32")
        nx.Tensor<
          f32
          Inf
        >
    """
    fun = "nx.constants.max"
    ty = _real_type(fun, type)
    value = T.max_finite(ty) if T.is_integer(ty) else np.inf
    return _scalar(fun, value, ty, backend)


def min(type: TypeLike | None = None, *, backend: str | None = None) -> Tensor:
    """The smallest value of the given type (f32 by default): negative infinity for floating
    types.

        >>> nx.constants.min("u8")
        nx.Tensor<
          u8
          0
        >

        >>> nx.constants.min("f32")
        nx.Tensor<
          f32
          -Inf
        >
    """
    fun = "nx.constants.min"
    ty = _real_type(fun, type)
    value = T.min_finite(ty) if T.is_integer(ty) else -np.inf
    return _scalar(fun, value, ty, backend)

