"""Type helpers, one per type (Nx.u8/1, Nx.f32/1, ...: `Nx.tensor(data, type: t)`), with
`names=`; and nx.while_loop's `unroll` option."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.testing import assert_equal

HELPERS = ["u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32", "s64",
           "f8", "bf16", "f16", "f32", "f64", "c64", "c128"]   # Nx 0.10's list


@pytest.mark.parametrize("name", HELPERS)
def test_each_helper_is_nx_tensor_with_its_type(name):
    helper = getattr(nx, name)
    data = [1, 0, 1]
    t = helper(data)
    assert t.type == name and t.shape == (3,) and t.names == (None,)
    assert_equal(t, nx.tensor(data, type=name))
    named = helper([[1], [0]], names=["rows", None])
    assert named.names == ("rows", None) and named.type == name
    assert helper(1).shape == ()


def test_helpers_follow_nx_tensor():
    assert nx.f8(1.5).type == ("f", 8)                 # E5M2, as in Nx
    assert nx.f8(1.5).dtype.name == "float8_e5m2"
    assert nx.to_list(nx.u8([255, 256, -1])) == [255, 0, 255]   # out-of-range integers wrap
    assert nx.to_list(nx.s8([300])) == [44]
    assert nx.to_list(nx.f32(np.array([1.5, 2.5]))) == [1.5, 2.5]
    assert nx.c64(1).to_numpy().item() == complex(1)
    t = nx.f32([1.0])
    assert nx.f32(t) is t                              # a tensor of that type, as it is
    with pytest.raises(TypeError, match="nx.tensor: expects a tensor with type f64"):
        nx.f64(t)                                      # never converted (use nx.as_type)
    with pytest.raises(ValueError, match="expected 1 names"):
        nx.u8([1], names=["a", "b"])


# --- nx.while_loop(..., unroll=) ----------------------------------------------------------------

@pytest.mark.parametrize("mode", ["xla", "evaluator"])
@pytest.mark.parametrize("unroll", [False, 1, 2, 3, 5, 16])
def test_while_unroll_gives_the_same_result(mode, unroll):
    f = nx.jit(lambda x: nx.while_loop((x, nx.tensor(0)), lambda s: s[0] < 10,
                                       lambda s: (s[0] + 3, s[1] + 1), unroll=unroll),
               compiler=mode)
    for start, want in [(0, (12, 4)), (9, (12, 1)), (10, (10, 0)), (-20, (10, 10))]:
        x, n = f(nx.tensor(start))
        assert (nx.to_number(x), nx.to_number(n)) == want, (start, unroll)


def test_while_unroll_puts_k_bodies_in_each_step():
    def f(x):
        return nx.while_loop(x, lambda x: x < 100, lambda x: nx.exp(x) + 1.0, unroll=3)
    text = str(nx.jit(f).lower(nx.tensor(0.0)))
    assert text.count("nx.exp") == 3 and text.count("nx.while") == 1


def test_while_unroll_vectorized():
    v = nx.vectorize(nx.tensor([0, 5, 9]), "v")
    for k in (1, 2, 3):
        x, n = nx.jit(lambda x: nx.while_loop((x, nx.tensor(0)), lambda s: s[0] < 10,
                                              lambda s: (s[0] + 2, s[1] + 1), unroll=k))(v)
        assert_equal(x, nx.vectorize(nx.tensor([10, 11, 11]), "v"))
        assert_equal(n, nx.vectorize(nx.tensor([5, 3, 1]), "v"))


def test_while_unroll_keeps_the_state_types():
    f = nx.jit(lambda x: nx.while_loop(x, lambda x: x < 10, lambda x: x + 2.5, unroll=2))
    out = f(nx.tensor(0))          # the body returns f32: the state stays s32, as without unroll
    assert out.type == "s32"
    assert_equal(out, nx.jit(lambda x: nx.while_loop(x, lambda x: x < 10,
                                                     lambda x: x + 2.5))(nx.tensor(0)))


def test_while_unroll_eagerly_and_errors():
    assert nx.to_number(nx.while_loop(nx.tensor(1), lambda x: x < 100, lambda x: x * 3,
                                      unroll=4)) == 243
    with pytest.raises(ValueError, match="unroll=True needs a static number of iterations"):
        nx.jit(lambda x: nx.while_loop(x, lambda x: x < 10, lambda x: x + 1, unroll=True))(
            nx.tensor(0))
    for bad in (0, -1, 1.5, "2"):
        with pytest.raises(ValueError, match="unroll must be a boolean or a positive integer"):
            nx.while_loop(nx.tensor(0), lambda x: x < 10, lambda x: x + 1, unroll=bad)
    # fori_loop (Nx's while with a range generator) unrolls fully with unroll=True
    f = nx.jit(lambda x: nx.fori_loop(0, 4, x, lambda i, acc: acc + i, unroll=True))
    assert nx.to_number(f(nx.tensor(0))) == 6
