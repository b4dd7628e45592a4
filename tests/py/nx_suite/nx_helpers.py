"""Nx's test helpers (nx/test/support/helpers.ex, Nx v0.10.0) and ExUnit's `assert ==` on
tensors, for the ported Nx test suite (tests/py/nx_suite/).

- `assert_equal(got, want)`: ExUnit's `assert got == want` where both are tensors: Nx's
  tensor equality is structural (`Nx.Tensor` structs: same type, shape, names and data), so
  this compares type, shape, names and the values bit for bit (NaN == NaN, -0.0 != 0.0).
- `assert_all_close(got, want, atol=1e-4, rtol=1e-4, equal_nan=False)`: Nx.Helpers'.
- `check_grads(fun, grad_fun, x, atol=1e-7, rtol=1e-4, step=1e-4)`: Nx.Helpers.check_grads!,
  central finite differences.
- `jit_modes`: the parametrization `("eager", "jit")` for tests that run a function both ways.
- `ERRORS`, `raises(msg)`, `raises_re(regex)`: ExUnit's `assert_raise ArgumentError, msg`
  (the Python classes nx raises for Nx's ArgumentError).
- `Container`: nx/test/support/container.ex's test struct, registered with `nx.container`.
- grad_test.exs's helpers (the four test_nxs_grad*.py files): `ITERS`, `TYPES`,
  `random_uniform`, `under(compiler, defn)`, `xla_ulps(reason)`, `complex_grad_type(want)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import nx

jit_modes = ("eager", "jit")


def run(mode, fun, *args, **kwargs):
    """`fun(*args)` eagerly or under `nx.jit`."""
    if mode == "eager":
        return fun(*args, **kwargs)
    return nx.jit(fun)(*args, **kwargs)


def _as_tensor(x):
    return x if isinstance(x, nx.Tensor) else nx.tensor(x)


def assert_equal(got, want):
    """ExUnit `assert got == want` for tensors (and containers of them)."""
    if isinstance(want, (tuple, list)) and not isinstance(got, nx.Tensor):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            assert_equal(g, w)
        return
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (got, want)
        for k in want:
            assert_equal(got[k], want[k])
        return
    if not isinstance(want, nx.Tensor):
        assert got == want, f"{got!r} != {want!r}"
        return
    assert isinstance(got, nx.Tensor), f"expected a tensor, got {got!r}"
    assert got.type == want.type, f"type {got.type} != {want.type}\n{got!r}\n{want!r}"
    assert got.shape == want.shape, f"shape {got.shape} != {want.shape}\n{got!r}\n{want!r}"
    assert tuple(got.names) == tuple(want.names), f"names {got.names} != {want.names}"
    assert tuple(got.vectorized_axes) == tuple(want.vectorized_axes), \
        f"vectorized axes {got.vectorized_axes} != {want.vectorized_axes}"
    g, w = np.asarray(got.to_numpy()), np.asarray(want.to_numpy())
    assert g.tobytes() == w.tobytes(), f"values differ:\n{got!r}\n!=\n{want!r}"


def assert_all_close(got, want, atol=1e-4, rtol=1e-4, equal_nan=False):
    """Nx.Helpers.assert_all_close: `Nx.all_close(got, want, ...)` must be 1."""
    got, want = _as_tensor(got), _as_tensor(want)
    ok = nx.all_close(got, want, atol=atol, rtol=rtol, equal_nan=equal_nan)
    assert int(ok.to_numpy()) == 1, (f"expected\n{got!r}\nto be within tolerance "
                                      f"(atol={atol}, rtol={rtol}) of\n{want!r}")


def check_grads(fun, grad_fun, x, atol=1e-7, rtol=1e-4, step=1e-4):
    """Nx.Helpers.check_grads!: `grad_fun(x)` against central finite differences of `fun`."""
    est = nx.divide(nx.subtract(fun(nx.add(x, nx.divide(step, 2.0))),
                                fun(nx.subtract(x, nx.divide(step, 2.0)))), step)
    comp = grad_fun(x)
    ok = nx.all_close(comp, est, atol=atol, rtol=rtol)
    assert int(ok.to_numpy()) == 1, f"gradient\n{comp!r}\nis not close to\n{est!r}\nfor\n{x!r}"


# --- assert_raise ----------------------------------------------------------------------------

ERRORS = (ValueError, TypeError, IndexError)


def raises(msg):
    """`assert_raise ArgumentError, msg` where `msg` is Nx's plain string (escaped)."""
    return pytest.raises(ERRORS, match=re.escape(msg))


def raises_re(regex):
    """`assert_raise ArgumentError, ~r/regex/`."""
    return pytest.raises(ERRORS, match=regex)


# --- nx/test/support/container.ex ------------------------------------------------------------

@dataclass
class Container:
    """nx/test/support/container.ex: `@derive {Nx.Container, containers: [:a, :b], keep: [:d]}`
    with `defstruct [:a, :b, c: %{}, d: %{}]`."""
    a: Any = None
    b: Any = None
    c: Any = field(default_factory=dict)
    d: Any = field(default_factory=dict)


def container_flatten(o):
    d = tuple(sorted(o.d.items())) if isinstance(o.d, dict) else o.d
    return [o.a, o.b], (isinstance(o.d, dict), d)


def container_unflatten(aux, children):
    is_dict, d = aux
    return Container(a=children[0], b=children[1], d=dict(d) if is_dict else d)


nx.container(Container, flatten=container_flatten, unflatten=container_unflatten)


# --- grad_test.exs's module attributes and helpers -------------------------------------------

ITERS = range(25)             # @iters 1..25
TYPES = ("f64", "c128")       # @types [{:f, 64}, {:c, 128}]


def random_uniform(rng, lo, hi, type="f32"):   # grad_test.exs:11
    if type[0] in "fbc":      # Nx.Type.float?/1: f, bf and c
        v = rng.random() * (hi - lo) + lo
    else:
        v = round(rng.random() * (hi - lo) + lo)
    return nx.tensor(v, type=type)


def under(compiler, defn):
    """`defn` as defined ("xla", nx.jit's default) or compiled by nx's "evaluator", the
    counterpart of the Nx.Defn.Evaluator that Nx's own test suite runs its defns with."""
    return defn if compiler == "xla" else nx.jit(defn.fun, compiler=compiler)


def xla_ulps(reason):
    """The "xla" case of a test whose exact (`==`) f32 value nx.jit's XLA kernels miss by
    rounding while nx's evaluator gives Nx's bits."""
    return pytest.param("xla", marks=pytest.mark.xfail(strict=True, reason=(
        f"f32 rounding: nx.jit (XLA) gives {reason} (the evaluator case gives Nx's bits)")))


def complex_grad_type(want):
    """A gradient that nx gives the complex input's type (c64) and Nx gives as f32."""
    return pytest.mark.xfail(strict=True, reason=(
        f"gradient type: nx gives c64 (the complex input's type) where Nx gives f32 ({want})"))
