"""nx.testing (Nx.Testing, Nx 0.10): assert_equal and assert_all_close with Nx's semantics."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.testing import assert_all_close, assert_equal

NAN, INF = float("nan"), float("inf")


def test_assert_equal_passes_on_equal_values_of_any_type():
    assert_equal(nx.tensor([1, 2, 3]), nx.tensor([1, 2, 3]))
    assert_equal(nx.tensor([1, 2]), nx.tensor([1.0, 2.0]))          # values, not types
    assert_equal(nx.tensor(1, type="u8"), 1)
    assert_equal(nx.tensor([1, 1]), 1)                              # broadcast, as Nx.equal
    assert_equal(nx.tensor([1.0, 2.0], backend="xla"), nx.tensor([1.0, 2.0]))
    assert_equal(nx.tensor([1.0, 2.0], names=["x"]), nx.tensor([1.0, 2.0]))


def test_assert_equal_nan_and_infinities():
    assert_equal(nx.tensor([NAN, 1.0]), nx.tensor([NAN, 1.0]))       # NaN == NaN here
    assert_equal(nx.tensor([INF, -INF]), nx.tensor([INF, -INF]))
    assert_equal(nx.tensor(complex(NAN, 0)), nx.tensor(complex(NAN, 0)))
    for a, b in [([NAN, 1.0], [1.0, NAN]), ([INF], [-INF]), ([NAN], [0.0]), ([INF], [1e38])]:
        with pytest.raises(AssertionError):
            assert_equal(nx.tensor(a), nx.tensor(b))


def test_assert_equal_failure_shows_both_tensors():
    with pytest.raises(AssertionError) as e:
        assert_equal(nx.tensor([1, 2]), nx.tensor([1, 3]))
    assert str(e.value) == ("Tensor assertion failed.\n"
                            "left: nx.Tensor<\n  s32[2]\n  [1, 2]\n>\n"
                            "right: nx.Tensor<\n  s32[2]\n  [1, 3]\n>")


def test_assert_equal_shapes_that_do_not_broadcast_fail_the_assertion():
    with pytest.raises(AssertionError, match=r"(?s)left: .*right: .*cannot broadcast"):
        assert_equal(nx.tensor([1, 2]), nx.tensor([1, 2, 3]))


def test_assert_equal_vectorized():
    x = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
    assert_equal(x, nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x"))
    assert_equal(x, nx.tensor([[1, 2], [3, 4]])[0] * 0 + x)
    with pytest.raises(AssertionError, match="vectorized"):
        assert_equal(x, nx.vectorize(nx.tensor([[1, 2], [3, 5]]), "x"))   # one entry differs
    with pytest.raises(AssertionError, match="vectorized axis 'x'"):
        assert_equal(x, nx.vectorize(nx.tensor([[1, 2], [3, 4], [5, 6]]), "x"))


def test_assert_equal_containers():
    assert_equal((nx.tensor(1), {"a": nx.tensor([2.0]), "b": 3}),
                 (1, {"a": nx.tensor([2]), "b": nx.tensor(3)}))
    assert_equal([nx.tensor(NAN)], [nx.tensor(NAN)])
    for right in [(1, {"a": 2}), (nx.tensor(1), {"a": nx.tensor([2.0]), "b": 4}),
                  [nx.tensor(1), {"a": nx.tensor([2.0]), "b": 3}],
                  (nx.tensor(1), {"a": nx.tensor([2.0]), "c": 3})]:
        with pytest.raises(AssertionError, match="Tensor assertion failed"):
            assert_equal((nx.tensor(1), {"a": nx.tensor([2.0]), "b": 3}), right)
    with pytest.raises(AssertionError):
        assert_equal(nx.tensor(1), (nx.tensor(1),))


def test_assert_all_close_defaults_and_tolerances():
    assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.00005, 2.0]))   # atol 1e-4 default
    with pytest.raises(AssertionError):
        assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.001, 2.0]))
    assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.001, 2.0]), atol=1e-2)
    assert_all_close(nx.tensor(1000.0), nx.tensor(1000.09), atol=0, rtol=1e-4)
    with pytest.raises(AssertionError):
        assert_all_close(nx.tensor(1000.0), nx.tensor(1000.2), atol=0, rtol=1e-4)
    assert_all_close(nx.tensor([1, 2]), nx.tensor([1, 2]))                 # integers
    assert_all_close(nx.tensor([1, 2]), nx.tensor([1.0, 2.00001]))
    with pytest.raises(AssertionError):     # a list is a container of two numbers, not a tensor
        assert_all_close(nx.tensor([1.0, 2.0]), [1.0, 2.0])
    assert_all_close(np.float32([1.0, 2.0]), nx.tensor([1.0, 2.0]))
    assert_all_close(nx.tensor(1.0), nx.tensor(1.05), atol=None, rtol=0.1)  # None: the default


def test_assert_all_close_nan_and_infinities_as_nx_all_close():
    # Nx.all_close's doc examples: infinities are close to themselves only, NaN to nothing
    assert_all_close(nx.tensor(INF), nx.tensor(INF))
    for a, b in [(INF, -INF), (1e30, INF), (NAN, NAN), (NAN, 1.0)]:
        with pytest.raises(AssertionError, match="to be within tolerance of"):
            assert_all_close(nx.tensor(a), nx.tensor(b))


def test_assert_all_close_vectorized_and_containers():
    x = nx.vectorize(nx.tensor([0.0, 1.0]), "x")
    assert_all_close(x, x + 1e-6)
    y = nx.vectorize(nx.tensor([0.0, 1.0]), "y")
    with pytest.raises(AssertionError):
        assert_all_close(x, y)      # broadcast to [x: 2][y: 2]: the off-diagonal entries differ
    assert_all_close({"a": nx.tensor(1.0), "b": (nx.tensor([2.0]),)},
                     {"a": nx.tensor(1.00001), "b": (nx.tensor([2.0]),)})
    with pytest.raises(AssertionError):
        assert_all_close({"a": nx.tensor(1.0)}, {"b": nx.tensor(1.0)})


def test_assert_all_close_failure_message():
    with pytest.raises(AssertionError) as e:
        assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.5, 2.0]))
    assert str(e.value) == ("expected\n\nnx.Tensor<\n  f32[2]\n  [1.0, 2.0]\n>\n\n"
                            "to be within tolerance of\n\n"
                            "nx.Tensor<\n  f32[2]\n  [1.5, 2.0]\n>")
    with pytest.raises(AssertionError, match=r"(?s)within tolerance.*cannot broadcast"):
        assert_all_close(nx.tensor([1.0, 2.0]), nx.tensor([1.0, 2.0, 3.0]))


def test_the_module_is_reachable_as_nx_testing():
    assert nx.testing.assert_equal is assert_equal
    assert nx.testing.assert_all_close is assert_all_close
