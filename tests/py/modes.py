"""Shared harness for testing a function in every mode: eager numpy backend, eager xla
backend, `nx.jit` (XLA) and `nx.jit(compiler="evaluator")`.

Usage: `check(Case(id, fn, [A(data, type, names), ...], expected, type, names))` runs `fn` in
all four modes and compares type, shape, names and values against `expected` (computed
independently, with NumPy or exact arithmetic) and the modes against each other."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

import nx
from nx import types as T

MODES = ("numpy", "xla", "jit", "evaluator")
NAN, INF = float("nan"), float("inf")


@dataclass
class A:
    """An input: data (anything np.array takes), nx type, names."""
    data: object
    type: str
    names: tuple = None

    def array(self):
        return np.array(self.data, dtype=T.parse(self.type).dtype)

    def tensor(self, backend):
        return nx.tensor(self.array(), type=self.type, names=self.names, backend=backend)


@dataclass
class Case:
    id: str
    fn: object
    args: list
    expected: object          # NumPy array (or scalar) in the result's values
    type: str
    names: tuple = None
    rtol: float = None
    atol: float = 0.0
    extra: dict = field(default_factory=dict)


def run_mode(mode, fn, *args):
    """`fn(*args)` in one mode; tensor arguments move to the xla backend in the "xla" mode."""
    if mode == "numpy":
        return fn(*args)
    if mode == "xla":
        with nx.with_default_backend("xla"):
            return fn(*[nx.backend_transfer(a, "xla") if isinstance(a, nx.Tensor) else a
                        for a in args])
    return nx.jit(fn, compiler="xla" if mode == "jit" else "evaluator")(*args)


def run_modes(fn, args):
    out = {}
    out["numpy"] = fn(*[a.tensor("numpy") for a in args])
    with nx.with_default_backend("xla"):
        out["xla"] = fn(*[a.tensor("xla") for a in args])
    out["jit"] = nx.jit(fn)(*[a.tensor("numpy") for a in args])
    out["evaluator"] = nx.jit(fn, compiler="evaluator")(*[a.tensor("numpy") for a in args])
    return out


_DEFAULT_RTOL = {"f8": 0.13, "bf16": 1e-2, "f16": 2e-3, "f32": 2e-6, "f64": 1e-13,
                 "c64": 2e-6, "c128": 1e-13}


def assert_values(got, expected, ty, rtol, atol, what):
    ty = T.parse(ty)
    if T.is_integer(ty):
        np.testing.assert_array_equal(got, np.asarray(expected).astype(ty.dtype), err_msg=what)
        return
    rtol = _DEFAULT_RTOL[ty.name] if rtol is None else rtol
    big = np.complex128 if T.is_complex(ty) else np.float64
    g = np.asarray(got).astype(big)
    e = np.asarray(expected).astype(big)
    np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
    # infinities must match in sign and place, NaNs in place
    if not T.is_complex(ty):
        np.testing.assert_array_equal(np.isnan(g), np.isnan(e), err_msg=what + " (NaN places)")
        np.testing.assert_array_equal(np.isposinf(g), np.isposinf(e), err_msg=what + " (+Inf)")
        np.testing.assert_array_equal(np.isneginf(g), np.isneginf(e), err_msg=what + " (-Inf)")


def check(case: Case):
    results = run_modes(case.fn, case.args)
    expected = np.asarray(case.expected)
    names = tuple(case.names) if case.names is not None else (None,) * expected.ndim
    for mode, r in results.items():
        assert isinstance(r, nx.Tensor), f"{mode}: got {type(r).__name__}"
        assert r.type == case.type, f"{mode}: type {r.type}, expected {case.type}"
        assert r.shape == expected.shape, f"{mode}: shape {r.shape}, expected {expected.shape}"
        assert tuple(r.names) == names, f"{mode}: names {r.names}, expected {names}"
        got = np.asarray(r)
        assert got.dtype == T.parse(case.type).dtype, f"{mode}: dtype {got.dtype}"
        assert_values(got, expected, case.type, case.rtol, case.atol, f"{mode} vs NumPy reference")
    assert results["numpy"].backend == "numpy"
    assert results["xla"].backend == "xla"
    base = np.asarray(results["numpy"])
    for mode in MODES[1:]:
        assert_values(np.asarray(results[mode]), base, case.type, case.rtol, case.atol,
                      f"{mode} vs numpy backend")


def params(cases):
    return [pytest.param(c, id=c.id) for c in cases]


def f32(x):
    return np.asarray(x, np.float64).astype(np.float32)
