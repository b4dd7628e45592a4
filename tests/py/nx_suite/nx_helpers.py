"""Nx's test helpers (nx/test/support/helpers.ex, Nx v0.10.0) and ExUnit's `assert ==` on
tensors, for the ported Nx test suite (tests/py/nx_suite/).

- `assert_equal(got, want)`: ExUnit's `assert got == want` where both are tensors: Nx's
  tensor equality is structural (`Nx.Tensor` structs: same type, shape, names and data), so
  this compares type, shape, names and the values bit for bit (NaN == NaN, -0.0 != 0.0).
- `assert_all_close(got, want, atol=1e-4, rtol=1e-4, equal_nan=False)`: Nx.Helpers'.
- `check_grads(fun, grad_fun, x, atol=1e-7, rtol=1e-4, step=1e-4)`: Nx.Helpers.check_grads!,
  central finite differences.
- `jit_modes`: the parametrization `("eager", "jit")` for tests that run a function both ways.
"""
from __future__ import annotations

import numpy as np

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
