"""nx.constants (Nx.Constants): values and bit patterns per type against NumPy / ml_dtypes
(finfo, iinfo) and Nx's documented values, type and backend options, behaviour inside nx.jit
(typed constants are constant tensors; pi(), e(), i() are weak literals), and errors."""
from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest

import nx
from nx import types as T
from nx.testing import assert_equal

C = nx.constants
FLOATS = ["f8", "f16", "bf16", "f32", "f64"]
INTS = ["u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32", "s64"]


def _bits(arr):
    a = np.asarray(arr)
    return a.view(np.dtype(f"u{a.dtype.itemsize}")).item()


def _finfo(ty):
    return ml_dtypes.finfo(T.parse(ty).dtype)


def _iinfo(ty):
    return ml_dtypes.iinfo(T.parse(ty).dtype)


def _expected(name, ty):
    """Independent reference: finfo/iinfo, IEEE values, or NumPy's nearest rounding."""
    dt = T.parse(ty).dtype
    if name in ("max_finite", "max"):
        if ty in INTS:
            return np.array(_iinfo(ty).max, dt)
        return np.array(_finfo(ty).max if name == "max_finite" else np.inf, dt)
    if name in ("min_finite", "min"):
        if ty in INTS:
            return np.array(_iinfo(ty).min, dt)
        return np.array(_finfo(ty).min if name == "min_finite" else -np.inf, dt)
    return np.array({"nan": np.nan, "infinity": np.inf, "neg_infinity": -np.inf,
                     "epsilon": _finfo(ty).eps if ty in FLOATS else 0,
                     "smallest_positive_normal": _finfo(ty).smallest_normal if ty in FLOATS else 0,
                     }[name], dt)


FLOAT_ONLY = ["nan", "infinity", "neg_infinity", "epsilon", "smallest_positive_normal"]
ANY_REAL = ["max", "min", "max_finite", "min_finite"]
CASES = [(n, t) for n in FLOAT_ONLY for t in FLOATS] + \
        [(n, t) for n in ANY_REAL for t in FLOATS + INTS]


def _modes(fn):
    """The constant from each mode: eager numpy, eager xla, inside nx.jit (XLA and evaluator)."""
    return {"numpy": fn(None), "xla": fn("xla"),
            "jit": nx.jit(lambda: fn(None))(),
            "evaluator": nx.jit(lambda: fn(None), compiler="evaluator")()}


@pytest.mark.parametrize("name", FLOAT_ONLY + ANY_REAL)
def test_values_and_bits_every_type(name):
    fun = getattr(C, name)
    for n, ty in CASES:
        if n != name:
            continue
        want = _expected(name, ty)
        for how, t in (("positional", fun(ty)), ("type=", fun(type=ty)),
                       ("tuple", fun(tuple(T.parse(ty)))), ("xla", fun(ty, backend="xla"))):
            assert t.type == ty and t.shape == () and t.names == (), (name, ty, how)
            got = np.asarray(t)
            assert got.dtype == want.dtype
            assert _bits(got) == _bits(want), f"{name}({ty}) {how}: {got!r} != {want!r}"
        assert fun(ty, backend="xla").backend == "xla"
        assert fun(ty, backend="numpy").backend == "numpy"


@pytest.mark.parametrize("name", FLOAT_ONLY + ANY_REAL)
def test_default_type_is_f32(name):
    t = getattr(C, name)()
    assert t.type == "f32"
    assert _bits(np.asarray(t)) == _bits(_expected(name, "f32"))


def test_nan_bit_patterns_are_quiet_nans():
    want = {"f8": 0x7E, "f16": 0x7E00, "bf16": 0x7FC0, "f32": 0x7FC00000,
            "f64": 0x7FF8000000000000}
    for ty, bits in want.items():
        assert _bits(np.asarray(C.nan(ty))) == bits


# Nearest value for f16/f32/f64 (NumPy's rounding of the f64 constant); for bf16 and f8 the
# values Nx documents (the f32/f16 values truncated).
MATH = {
    "pi": (math.pi, {"bf16": 3.140625, "f8": 3.0}),
    "e": (math.e, {"bf16": 2.703125, "f8": 2.5}),
    "euler_gamma": (0.5772156649015329, {"bf16": 0.57421875, "f8": 0.5}),
}


@pytest.mark.parametrize("name", sorted(MATH))
def test_math_constants(name):
    value, low = MATH[name]
    fun = getattr(C, name)
    for ty in FLOATS:
        want = np.array(low[ty] if ty in low else value, T.parse(ty).dtype)
        for t in (fun(ty), fun(type=ty), fun(ty, backend="xla")):
            assert t.type == ty and t.shape == ()
            assert _bits(np.asarray(t)) == _bits(want), (name, ty)
    assert fun().type == "f32"
    assert float(fun()) == float(np.float32(value))


def test_i():
    for t, ty in ((C.i(), "c64"), (C.i("c128"), "c128"), (C.i(type="c128", backend="xla"), "c128")):
        assert t.type == ty and t.shape == ()
        assert np.asarray(t).item() == 1j


def test_inside_jit_typed_constants_are_constant_tensors():
    for mode in ("xla", "evaluator"):
        r = nx.jit(lambda: (C.pi("f64"), C.max_finite("s16"), C.nan("bf16"), C.i("c128"),
                            C.epsilon("f16")), compiler=mode)()
        assert [x.type for x in r] == ["f64", "s16", "bf16", "c128", "f16"]
        assert np.asarray(r[0]).item() == math.pi
        assert np.asarray(r[1]).item() == 32767
        assert_equal(r[2], C.nan("bf16"))      # NaN equals NaN in assert_equal
        assert np.asarray(r[3]).item() == 1j
        assert np.asarray(r[4]).item() == 2.0 ** -10
        # used in an expression, with the backend option too
        x = nx.tensor([1.0, 2.0], type="f64")
        y = nx.jit(lambda x: x * C.pi("f64") + C.e(type="f64", backend="xla"), compiler=mode)(x)
        assert y.type == "f64"
        assert_equal(y, nx.tensor([math.pi + math.e, 2 * math.pi + math.e], type="f64"))


def test_modes_agree():
    for name in ("nan", "max_finite", "smallest_positive_normal"):
        res = _modes(lambda b, name=name: getattr(C, name)("f16", backend=b))
        for mode, t in res.items():
            assert t.type == "f16", mode
            assert _bits(np.asarray(t)) == _bits(_expected(name, "f16")), mode


def test_untyped_pi_e_i_are_weak_literals_inside_defn():
    """As in Nx's defn, pi(), e() and i() take the surrounding precision."""
    for mode in ("xla", "evaluator"):
        f = nx.jit(lambda x: (x * C.pi(), x + C.e(), x * C.i()), compiler=mode)
        a, b, c = f(nx.tensor([1.0, 2.0], type="f16"))
        assert (a.type, b.type, c.type) == ("f16", "f16", "c64")
        assert_equal(a, nx.tensor([1.0, 2.0], type="f16") * nx.constants.pi("f16"))
        a, b, c = f(nx.tensor([1.0], type="f64"))
        assert (a.type, b.type, c.type) == ("f64", "f64", "c128")
        assert np.asarray(a).item() == math.pi and np.asarray(b).item() == 1.0 + math.e
        # returned on their own they are f32 / c64 tensors (Nx's literal types)
        p, i = nx.jit(lambda: (C.pi(), C.i()), compiler=mode)()
        assert (p.type, i.type) == ("f32", "c64")
    # outside defn they are tensors
    assert isinstance(C.pi(), nx.Tensor) and isinstance(C.i(), nx.Tensor)


ERRORS = [
    (lambda: C.pi("s32"), TypeError,
     "nx.constants.pi: only floating types are supported, got: s32"),
    (lambda: C.e("c64"), TypeError, "nx.constants.e: only floating types are supported, got: c64"),
    (lambda: C.euler_gamma("u8"), TypeError, "nx.constants.euler_gamma: only floating types"),
    (lambda: C.nan("s32"), TypeError,
     "nx.constants.nan: only floating types are supported, got: s32"),
    (lambda: C.infinity("u8"), TypeError, "nx.constants.infinity: only floating types"),
    (lambda: C.neg_infinity("s64"), TypeError, "nx.constants.neg_infinity: only floating types"),
    (lambda: C.epsilon("s32"), TypeError, "nx.constants.epsilon: only floating types"),
    (lambda: C.smallest_positive_normal("s32"), TypeError,
     "nx.constants.smallest_positive_normal: only floating types are supported, got: s32"),
    (lambda: C.max("c64"), TypeError,
     "nx.constants.max: only integer and floating types are supported, got: c64"),
    (lambda: C.min_finite("c128"), TypeError, "nx.constants.min_finite: only integer and floating"),
    (lambda: C.i("f32"), TypeError,
     "nx.constants.i: invalid type for complex number. Expected c64 or c128, got: f32"),
    (lambda: C.pi("f33"), TypeError, "nx.constants.pi: unknown type 'f33'"),
    (lambda: C.max("f32", backend="gpu"), ValueError,
     r"nx.constants.max: unknown backend 'gpu', expected one of \['numpy', 'xla'\]"),
]


@pytest.mark.parametrize("fn,cls,msg", ERRORS, ids=[f"error{i}" for i in range(len(ERRORS))])
def test_errors_eager_and_jit(fn, cls, msg):
    with pytest.raises(cls, match=msg):
        fn()
    with pytest.raises(cls, match=msg):
        nx.jit(fn)()
