"""Bad input raises the fitting exception, naming the function, the argument and what was
expected and got; a failed call leaves caches and the tracing state as they were."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.compiler import trace


@pytest.fixture
def a():
    return nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])


def _modes(fn):
    """The function eagerly (numpy and xla backends) and inside a defn."""
    return [("numpy", lambda *xs: fn(*xs)),
            ("xla", lambda *xs: fn(*[nx.tensor(np.asarray(x), names=x.names, backend="xla")
                                     for x in xs])),
            ("jit", nx.jit(fn))]


def test_mismatched_broadcast_shapes(a):
    b = nx.tensor([1, 2])
    for mode, f in _modes(lambda p, q: nx.add(p, q)):
        with pytest.raises(ValueError) as e:
            f(a, b)
        msg = str(e.value)
        assert "nx.add" in msg and "(2, 3)" in msg and "(2,)" in msg, (mode, msg)
    with pytest.raises(ValueError, match=r"nx\.multiply.*\(3,\).*\(4,\)"):
        nx.tensor([1, 2, 3]) * nx.tensor([1, 2, 3, 4])
    with pytest.raises(ValueError, match=r"nx\.broadcast"):
        nx.broadcast(nx.tensor([1, 2, 3]), (2, 2))


def test_conflicting_axis_names():
    with pytest.raises(ValueError) as e:
        nx.add(nx.tensor([1], names=["a"]), nx.tensor([1], names=["b"]))
    assert "nx.add" in str(e.value) and "'a'" in str(e.value) and "'b'" in str(e.value)


def test_unknown_type_names():
    with pytest.raises(TypeError, match=r"nx\.tensor.*'f31'"):
        nx.tensor([1.0], type="f31")
    with pytest.raises(TypeError, match=r"nx\.as_type.*'int32'"):
        nx.as_type(nx.tensor([1]), "int32")


def test_non_tensor_positional_argument_to_defn():
    @nx.defn
    def scale(x, y):
        return x * y

    with pytest.raises(TypeError) as e:
        scale(nx.tensor([1.0]), "hello")
    msg = str(e.value)
    assert "scale" in msg and "str" in msg and "'hello'" in msg and "keyword" in msg
    with pytest.raises(TypeError, match="scale.*object"):
        scale(nx.tensor([1.0]), object())
    assert scale.cache == {}


def test_out_of_range_axis(a):
    for mode, f in _modes(lambda p: nx.sum(p, axes=[2])):
        with pytest.raises(ValueError) as e:
            f(a)
        msg = str(e.value)
        assert "nx.sum" in msg and "2" in msg and "(2, 3)" in msg, (mode, msg)
    with pytest.raises(ValueError, match=r"nx\.argmax.*-3.*\(2, 3\)"):
        nx.argmax(a, axis=-3)
    with pytest.raises(ValueError, match=r"nx\.iota"):
        nx.iota((2, 3), axis=2)


def test_unknown_axis_name(a):
    for mode, f in _modes(lambda p: nx.sum(p, axes=["z"])):
        with pytest.raises(ValueError) as e:
            f(a)
        msg = str(e.value)
        assert "nx.sum" in msg and "'z'" in msg and "'x'" in msg and "'y'" in msg, (mode, msg)
    with pytest.raises(ValueError, match=r"nx\.access.*'w'"):
        a[{"w": 0}]


@pytest.mark.parametrize("call,fun", [
    (lambda x: nx.bitwise_and(x, x), "nx.bitwise_and"),
    (lambda x: nx.bitwise_or(x, 1), "nx.bitwise_or"),
    (lambda x: x ^ x, "nx.bitwise_xor"),
    (lambda x: nx.bitwise_not(x), "nx.bitwise_not"),
    (lambda x: x << 1, "nx.left_shift"),
    (lambda x: nx.right_shift(x, x), "nx.right_shift"),
    (lambda x: nx.population_count(x), "nx.population_count"),
    (lambda x: nx.quotient(x, x), "nx.quotient"),
])
def test_integer_only_ops_reject_floats(call, fun):
    x = nx.tensor([1.5, 2.0])
    for mode, f in _modes(call):
        with pytest.raises((TypeError, ValueError)) as e:
            f(x)
        msg = str(e.value)
        assert fun in msg and "f32" in msg and "integer" in msg, (mode, msg)
        assert isinstance(e.value, TypeError), (mode, type(e.value))


def test_complex_is_not_ordered():
    z = nx.tensor([1j, 2])
    with pytest.raises((TypeError, ValueError), match=r"nx\.less.*c64"):
        nx.less(z, z)
    with pytest.raises(ValueError, match=r"nx\.reduce_max.*c64"):
        nx.reduce_max(z)


def test_traced_tensor_in_bool():
    @nx.defn
    def f(x):
        if nx.sum(x) > 0:
            return x
        return -x

    with pytest.raises(TypeError) as e:
        f(nx.tensor([1.0, 2.0]))
    msg = str(e.value)
    assert "nx.cond" in msg and "nx.select" in msg and "traced" in msg
    assert trace.current() is None


def test_traced_tensor_to_numpy():
    with pytest.raises(TypeError, match="traced"):
        nx.jit(lambda x: np.asarray(x))(nx.tensor([1.0]))
    with pytest.raises(TypeError, match="traced"):
        nx.jit(lambda x: float(nx.sum(x)))(nx.tensor([1.0]))
    assert trace.current() is None


def test_concrete_bool_and_conversions(a):
    assert bool(nx.tensor(1)) is True and bool(nx.tensor(0.0)) is False
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        bool(a)
    with pytest.raises(TypeError, match=r"\(2, 3\)"):
        int(a)
    with pytest.raises(TypeError):
        float(a)
    with pytest.raises(ValueError, match=r"nx\.to_number"):
        nx.to_number(a)


def test_out_of_bounds_static_index(a):
    for mode, f in _modes(lambda p: p[2]):
        with pytest.raises(IndexError) as e:
            f(a)
        msg = str(e.value)
        assert "index 2" in msg and "axis 0" in msg and "(2, 3)" in msg, (mode, msg)
    with pytest.raises(IndexError) as e:
        a[0, -4]
    msg = str(e.value)
    assert "-4" in msg and "axis 1" in msg and "(2, 3)" in msg
    with pytest.raises(IndexError, match="too many indices"):
        a[0, 0, 0]
    with pytest.raises(IndexError, match=r"axis 0"):
        a[{"x": 5}]


def test_reshape_to_an_incompatible_size(a):
    for mode, f in _modes(lambda p: nx.reshape(p, (4,))):
        with pytest.raises(ValueError) as e:
            f(a)
        msg = str(e.value)
        assert "nx.reshape" in msg and "(2, 3)" in msg and "(4,)" in msg, (mode, msg)
    with pytest.raises(ValueError, match=r"nx\.reshape.*auto"):
        nx.reshape(a, (4, "auto"))
    with pytest.raises(ValueError, match=r"nx\.reshape"):
        nx.reshape(a, (2, 3), names=["only-one"])


def test_other_shape_errors(a):
    with pytest.raises(ValueError, match=r"nx\.dot.*size 3.*size 2"):
        nx.dot(a, a)
    with pytest.raises(ValueError, match=r"nx\.concatenate"):
        nx.concatenate([a, nx.tensor([1, 2])])
    with pytest.raises(ValueError, match=r"nx\.concatenate.*\(2, 3\).*\(2, 2\)"):
        nx.concatenate([a, nx.tensor([[1, 2], [3, 4]])], axis=0)
    with pytest.raises(ValueError, match=r"nx\.squeeze.*size 2"):
        nx.squeeze(a, axes=[0])
    with pytest.raises(ValueError, match=r"nx\.transpose"):
        nx.transpose(a, axes=[0])
    with pytest.raises(ValueError, match=r"nx\.pad"):
        nx.pad(a, 0, [(1, 1, 0)])
    with pytest.raises(ValueError, match=r"nx\.tensor.*ragged"):
        nx.tensor([[1, 2], [3]])
    with pytest.raises(ValueError, match=r"nx\.tensor.*2 names.*rank 2|nx\.tensor.*rank 2"):
        nx.tensor([[1, 2]], names=["a"])
    with pytest.raises(ValueError, match=r"nx\.argmax.*tie_break"):
        nx.argmax(a, tie_break="middle")


def test_control_flow_errors():
    with pytest.raises(ValueError, match=r"nx\.cond.*scalar.*\(2,\)"):
        nx.jit(lambda p: nx.cond(p, lambda: 1, lambda: 2))(nx.tensor([1, 0]))
    with pytest.raises(ValueError, match=r"nx\.cond.*shapes"):
        nx.jit(lambda p, x: nx.cond(p, lambda: x, lambda: nx.sum(x)))(nx.tensor(1),
                                                                      nx.tensor([1, 2]))
    with pytest.raises(ValueError, match=r"nx\.while_loop.*\(1,\).*\(2,\)"):
        nx.jit(lambda p: nx.while_loop(p, lambda s: nx.sum(s) < 10,
                                       lambda s: nx.concatenate([s, s])))(nx.tensor([1]))
    with pytest.raises(ValueError, match=r"nx\.while_loop.*scalar"):
        nx.jit(lambda p: nx.while_loop(p, lambda s: s < 10, lambda s: s + 1))(nx.tensor([1, 2]))
    assert trace.current() is None


def test_unknown_backend():
    with pytest.raises(ValueError, match=r"nx\.tensor.*'gpu'"):
        nx.tensor([1], backend="gpu")
    with pytest.raises(ValueError, match=r"nx\.default_backend.*'gpu'"):
        nx.default_backend("gpu")
    assert nx.default_backend() in ("numpy", "xla")


# --- nothing half-applied --------------------------------------------------------------------

def test_cache_survives_errors():
    traces = []

    @nx.defn
    def f(x, y):
        traces.append(1)
        return nx.add(x, y) * 2

    good = (nx.tensor([1.0, 2.0, 3.0]), nx.tensor([1.0, 1.0, 1.0]))
    assert f(*good).tolist() == [4.0, 6.0, 8.0]
    assert len(traces) == 1
    n_cached = len(f.cache)

    bad = (nx.tensor([1.0, 2.0, 3.0]), nx.tensor([1.0, 1.0]))
    for _ in range(2):  # the failed signature is not cached: it fails the same way again
        with pytest.raises(ValueError, match=r"nx\.add.*\(3,\).*\(2,\)"):
            f(*bad)
    assert len(traces) == 3
    assert len(f.cache) == n_cached
    assert trace.current() is None

    with pytest.raises(TypeError):
        f(nx.tensor([1.0]), "nope")

    # the cached signature still runs without tracing again
    assert f(nx.tensor([0.0, 0.0, 1.0]), nx.tensor([1.0, 2.0, 3.0])).tolist() == [2.0, 4.0, 8.0]
    assert len(traces) == 3
    assert f(*good).tolist() == [4.0, 6.0, 8.0]
    assert len(traces) == 3


def test_eager_error_leaves_inputs_untouched():
    x = nx.tensor([1, 2, 3])
    before = repr(x)
    with pytest.raises(ValueError):
        nx.add(x, nx.tensor([1, 2]))
    with pytest.raises(IndexError):
        x[7]
    assert repr(x) == before
    assert (x + 1).tolist() == [2, 3, 4]


def test_error_inside_nested_control_flow_resets_tracing():
    def body(s):
        return s + nx.tensor([1, 2])  # shape (2,) vs state (3,): broadcast error

    f = nx.jit(lambda x: nx.while_loop(x, lambda s: nx.sum(s) < 10, body))
    with pytest.raises(ValueError, match=r"nx\.add"):
        f(nx.tensor([1, 2, 3]))
    assert trace.current() is None
    # an unrelated defn works afterwards
    assert nx.jit(lambda x: x * 3)(nx.tensor([1])).tolist() == [3]


def test_errors_mypy_found():
    # three calls that raised Python's own TypeError from inside the error path
    with pytest.raises(ValueError, match=r"nx.transpose: axes \[0\] must list every axis"):
        nx.transpose(nx.iota((2, 3)), axes=0)
    with pytest.raises(ValueError, match=r"weights of shape \(3,\) do not fit axes \[0\]"):
        nx.weighted_mean(nx.iota((2, 3)), nx.tensor([1, 2, 3]), axes=0)
    for run in (lambda f: f(), lambda f: nx.jit(f)()):
        with pytest.raises(TypeError, match=r"nx.cond: on_false must be a zero-argument function"):
            run(lambda: nx.cond(nx.tensor(1), lambda: 1))
        with pytest.raises(TypeError, match=r"nx.cond: the clause form is nx.cond"):
            run(lambda: nx.cond([(nx.tensor(1), lambda: 2)]))
    assert int(nx.cond([(nx.tensor(0), lambda: nx.tensor(2))], lambda: nx.tensor(3))) == 3
