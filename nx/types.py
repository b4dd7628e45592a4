"""Nx's numeric types: names, storage dtypes, MLIR spellings, and Nx 0.10's promotion rules.

A type is a `Type`, a tuple `(kind, bits)` that also compares equal to its string name:
`Type("f", 32) == ("f", 32) == "f32"`.
"""
from __future__ import annotations

import math

import ml_dtypes
import numpy as np

__all__ = ["Type", "parse", "merge", "merge_number", "infer_scalar", "to_float",
           "to_complex", "to_real", "is_float", "is_integer", "ALL_TYPES"]

# kind -> rank used to order kinds when two different kinds meet (Nx.Type.merge)
_KIND_ORDER = {"u": 0, "s": 1, "bf": 2, "f": 3, "c": 4}

_NUMPY = {
    ("u", 2): ml_dtypes.uint2, ("u", 4): ml_dtypes.uint4, ("u", 8): np.uint8,
    ("u", 16): np.uint16, ("u", 32): np.uint32, ("u", 64): np.uint64,
    ("s", 2): ml_dtypes.int2, ("s", 4): ml_dtypes.int4, ("s", 8): np.int8,
    ("s", 16): np.int16, ("s", 32): np.int32, ("s", 64): np.int64,
    ("f", 8): ml_dtypes.float8_e5m2, ("f", 16): np.float16, ("bf", 16): ml_dtypes.bfloat16,
    ("f", 32): np.float32, ("f", 64): np.float64,
    ("c", 64): np.complex64, ("c", 128): np.complex128,
}

_MLIR = {
    ("u", 2): "ui2", ("u", 4): "ui4", ("u", 8): "ui8", ("u", 16): "ui16", ("u", 32): "ui32",
    ("u", 64): "ui64", ("s", 2): "i2", ("s", 4): "i4", ("s", 8): "i8", ("s", 16): "i16",
    ("s", 32): "i32", ("s", 64): "i64", ("f", 8): "f8E5M2", ("f", 16): "f16",
    ("bf", 16): "bf16", ("f", 32): "f32", ("f", 64): "f64",
    ("c", 64): "complex<f32>", ("c", 128): "complex<f64>",
}


class Type(tuple):
    """An Nx type such as `("f", 32)`; equal to its name `"f32"` too."""

    __slots__ = ()

    def __new__(cls, kind, bits=None):
        if bits is None:
            return parse(kind)
        return _TYPES[(kind, bits)]

    @property
    def kind(self) -> str:
        return self[0]

    @property
    def bits(self) -> int:
        return self[1]

    @property
    def name(self) -> str:
        return f"{self[0]}{self[1]}"

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(_NUMPY[tuple(self)])

    @property
    def mlir(self) -> str:
        return _MLIR[tuple(self)]

    def __eq__(self, other):
        if isinstance(other, str):
            other = _BY_NAME.get(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = tuple.__hash__

    def __repr__(self):
        return self.name

    __str__ = __repr__

    def __reduce__(self):
        return (Type, (self[0], self[1]))


_TYPES = {}
for _k in _NUMPY:
    _TYPES[_k] = tuple.__new__(Type, _k)
_BY_NAME = {t.name: t for t in _TYPES.values()}
_BY_NAME["f8e5m2"] = _TYPES[("f", 8)]
_BY_MLIR = {t.mlir: t for t in _TYPES.values()}
_BY_DTYPE: dict[np.dtype, Type] = {}
for _t in _TYPES.values():
    _BY_DTYPE.setdefault(_t.dtype, _t)
_BY_DTYPE[np.dtype(np.bool_)] = _TYPES[("u", 8)]

ALL_TYPES = tuple(_TYPES.values())
S32, S64, U8, F32, F64, C64 = (_TYPES[k] for k in (("s", 32), ("s", 64), ("u", 8), ("f", 32),
                                                   ("f", 64), ("c", 64)))


def parse(spec, *, fun="nx.type", arg="type") -> Type:
    """Parses `"f32"`, `("f", 32)`, a NumPy dtype or a `Type` into a `Type`."""
    if type(spec) is Type:
        return spec
    if isinstance(spec, str):
        t = _BY_NAME.get(spec.lower())
        if t is not None:
            return t
    elif isinstance(spec, tuple) and len(spec) == 2:
        t = _TYPES.get((spec[0], spec[1]))
        if t is not None:
            return t
    else:
        try:
            t = _BY_DTYPE.get(np.dtype(spec))
        except TypeError:
            t = None
        if t is not None:
            return t
    names = " ".join(sorted(_BY_NAME))
    raise TypeError(f"{fun}: unknown {arg} {spec!r}; expected one of: {names} "
                    "(or a tuple such as ('f', 32))")


def from_mlir(name: str) -> Type:
    t = _BY_MLIR.get(name)
    if t is None:
        raise ValueError(f"unknown MLIR element type {name!r}")
    return t


def from_dtype(dtype) -> Type:
    t = _BY_DTYPE.get(np.dtype(dtype))
    if t is None:
        raise TypeError(f"nx.tensor: unsupported NumPy dtype {np.dtype(dtype)}")
    return t


def is_float(t: Type) -> bool:
    return t[0] in ("f", "bf")


def is_integer(t: Type) -> bool:
    return t[0] in ("s", "u")


def is_complex(t: Type) -> bool:
    return t[0] == "c"


def merge(left: Type, right: Type) -> Type:
    """Nx.Type.merge: the type two tensors of types `left` and `right` combine into."""
    if left[0] == right[0]:
        return left if left[1] >= right[1] else right
    if _KIND_ORDER[left[0]] > _KIND_ORDER[right[0]]:
        left, right = right, left
    if left[0] == "u" and right[0] == "s":
        return _TYPES[("s", max(min(left[1] * 2, 64), right[1]))]
    if left[0] in ("f", "bf") and right[0] == "c":
        return _TYPES[("c", max(left[1] * 2, right[1]))]
    return right


def _unsigned_size(x):
    for bits, top in ((1, 1), (8, 255), (16, 65535), (32, 4294967295)):
        if x <= top:
            return bits
    return 64


def _signed_size(x):
    if x < 0:
        x = -x - 1
    for bits, top in ((1, 1), (8, 127), (16, 32767), (32, 2147483647)):
        if x <= top:
            return bits
    return 64


def merge_number(t: Type, number) -> Type:
    """Nx.Type.merge_number: the type of a tensor of type `t` combined with a Python number
    (a "weak" scalar that adapts to the tensor)."""
    kind, bits = t
    if isinstance(number, complex):
        if kind == "c":
            return t
        return _TYPES[("c", 128)] if kind == "f" and bits == 64 else _TYPES[("c", 64)]
    if isinstance(number, (bool, int, np.integer)):
        number = int(number)
        if kind == "u":
            if number >= 0:
                return _TYPES[("u", max(_unsigned_size(number), bits))]
            kind, bits = "s", min(bits * 2, 64)
        if kind == "s":
            return _TYPES[("s", max(_signed_size(number), bits))]
        return t
    # floats
    if kind in ("f", "bf", "c"):
        return t
    return F32


def infer_scalar(x) -> Type:
    """The type Nx infers for a Python scalar: bool -> u8, int -> s32 (s64 when it does not
    fit), float -> f32, complex -> c64."""
    if isinstance(x, (bool, np.bool_)):
        return U8
    if isinstance(x, np.generic):
        # NumPy scalars keep their precision (np.float64 subclasses float, so check first)
        return from_dtype(np.asarray(x).dtype)
    if isinstance(x, (int, np.integer)):
        if isinstance(x, np.integer):
            return from_dtype(np.asarray(x).dtype)
        return S32 if -2147483648 <= x <= 2147483647 else S64
    if isinstance(x, complex):
        return C64
    if isinstance(x, float):
        return F32
    if isinstance(x, np.floating):
        return from_dtype(np.asarray(x).dtype)
    if isinstance(x, np.complexfloating):
        return from_dtype(np.asarray(x).dtype)
    raise TypeError(f"nx.tensor: cannot infer a type for {x!r} ({type(x).__name__})")


def to_float(t: Type) -> Type:
    """Nx.Type.to_floating: integers become f32; floats and complex stay."""
    return t if t[0] in ("f", "bf", "c") else F32


def to_real(t: Type) -> Type:
    if t[0] == "c":
        return _TYPES[("f", t[1] // 2)]
    return t


def to_complex(t: Type) -> Type:
    if t[0] == "c":
        return t
    return _TYPES[("c", 128)] if t == ("f", 64) else C64


def _finfo(t: Type):
    return ml_dtypes.finfo(t.dtype)


def min_finite(t: Type):
    if is_integer(t):
        return int(ml_dtypes.iinfo(t.dtype).min) if t[1] < 8 else int(np.iinfo(t.dtype).min)
    return float(_finfo(to_real(t)).min)


def max_finite(t: Type):
    if is_integer(t):
        return int(ml_dtypes.iinfo(t.dtype).max) if t[1] < 8 else int(np.iinfo(t.dtype).max)
    return float(_finfo(to_real(t)).max)


def max_value(t: Type):
    """Nx.Constants.max: +Inf for floats, the largest integer for integers."""
    return math.inf if not is_integer(t) else max_finite(t)


def min_value(t: Type):
    return -math.inf if not is_integer(t) else min_finite(t)
