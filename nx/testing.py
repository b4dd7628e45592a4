"""Assertions on tensors for tests (Nx.Testing, new in Nx 0.10).

Both functions raise an `AssertionError` that shows both values, so they work in pytest,
unittest and plain `assert`-style scripts alike. They compare as Nx does:

- values, not types: `nx.tensor(1)` equals `nx.tensor(1.0)`, and the two sides are broadcast
  against each other (`nx.tensor([1, 1])` equals `1`);
- `assert_equal` treats NaN as equal to NaN (in the same position), `assert_all_close` does
  not (`Nx.all_close`'s `equal_nan: false`); infinities equal themselves, not each other;
- vectorized axes are broadcast by name and every entry must pass;
- containers (tuples, lists, dicts, ...) must have the same structure, leaf by leaf.

Where the two sides cannot be broadcast together (Nx raises `ArgumentError` from the
comparison), the assertion fails and its message says why.
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from . import composite

__all__ = ["assert_equal", "assert_all_close"]


def _is_tensor(x):
    from .tensor import Tensor
    return isinstance(x, (Tensor, numbers.Number, np.ndarray, np.generic))


def _all_ones(t):
    from . import to_flat_list
    return all(x == 1 for x in to_flat_list(t))


def _tensor_equal(left, right):
    import nx
    both_nan = nx.logical_and(nx.is_nan(left), nx.is_nan(right))
    return _all_ones(nx.all(nx.logical_or(nx.equal(left, right), both_nan)))


def _compare(left, right, leaf_ok):
    """Whether `left` and `right` pass `leaf_ok` (for containers, leaf by leaf), and why not
    when they cannot be compared."""
    try:
        if _is_tensor(left) and _is_tensor(right):
            return leaf_ok(left, right), None
        return composite.is_compatible(left, right, leaf_ok), None
    except ValueError as e:   # shapes or vectorized axes that do not broadcast
        return False, str(e)


def assert_equal(left: Any, right: Any) -> None:
    """Asserts that two tensors (or numbers, or containers of them) are equal, element by
    element, where NaN equals NaN (Nx.Testing.assert_equal/2).

        >>> nx.testing.assert_equal(nx.tensor([1.0, float("nan")]), nx.tensor([1, float("nan")]))
        >>> nx.testing.assert_equal((nx.tensor(1), {"a": 2}), (1, {"a": nx.tensor(2)}))
        >>> nx.testing.assert_equal(nx.tensor([1, 2]), nx.tensor([1, 3]))
        Traceback (most recent call last):
          ...
        AssertionError: Tensor assertion failed.
        left: nx.Tensor<
          s32[2]
          [1, 2]
        >
        right: nx.Tensor<
          s32[2]
          [1, 3]
        >
    """
    __tracebackhide__ = True   # pytest: report the caller's line
    ok, why = _compare(left, right, _tensor_equal)
    if not ok:
        raise AssertionError(f"Tensor assertion failed.\nleft: {left!r}\nright: {right!r}"
                             + (f"\n({why})" if why else ""))


def assert_all_close(left: Any, right: Any, atol: float | None = 1e-4,
                     rtol: float | None = 1e-4) -> None:
    """Asserts that two tensors (or containers of them) are equal within the tolerances,
    `|left - right| <= atol + rtol * |right|` for every element, as `nx.all_close` computes it
    (infinities close only to themselves, NaN to nothing) (Nx.Testing.assert_all_close/3).

        >>> nx.testing.assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.00001, 2.0]))
        >>> nx.testing.assert_all_close(nx.tensor(1.0), nx.tensor(1.1), atol=0.2)
        >>> nx.testing.assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.1, 2.0]))
        Traceback (most recent call last):
          ...
        AssertionError: expected
        <BLANKLINE>
        nx.Tensor<
          f32[2]
          [1.0, 2.0]
        >
        <BLANKLINE>
        to be within tolerance of
        <BLANKLINE>
        nx.Tensor<
          f32[2]
          [1.100000023841858, 2.0]
        >
    """
    __tracebackhide__ = True
    from . import all_close
    atol = 1e-4 if atol is None else atol
    rtol = 1e-4 if rtol is None else rtol
    ok, why = _compare(left, right,
                       lambda a, b: _all_ones(all_close(a, b, atol=atol, rtol=rtol)))
    if not ok:
        raise AssertionError(f"expected\n\n{left!r}\n\nto be within tolerance of\n\n{right!r}"
                             + (f"\n\n({why})" if why else ""))
