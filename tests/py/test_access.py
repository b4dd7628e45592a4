"""Access syntax with dynamic (scalar tensor) indices, in every mode, against NumPy with
Nx's clamping rule: a start index is clamped so the slice stays in bounds."""
import numpy as np
import pytest

import nx

DATA = np.arange(24, dtype=np.int32).reshape(4, 6)


def _clamped(i, size, length=1):
    return min(max(i, 0), size - length)


def _run(mode, fun, *args):
    if mode == "numpy":
        return fun(*[nx.tensor(a) for a in args])
    if mode == "xla":
        return fun(*[nx.tensor(a, backend="xla") for a in args])
    compiler = "evaluator" if mode == "evaluator" else "xla"
    return nx.jit(fun, compiler=compiler)(*[nx.tensor(a) for a in args])


MODES = ["numpy", "xla", "jit", "evaluator"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("i", [-7, -1, 0, 2, 3, 9])
def test_scalar_tensor_index_is_clamped(mode, i):
    out = _run(mode, lambda t, k: t[k], DATA, np.int32(i))
    assert out.type == "s32" and out.shape == (6,)
    np.testing.assert_array_equal(out.to_numpy(), DATA[_clamped(i, 4)])


@pytest.mark.parametrize("mode", MODES)
def test_dynamic_index_mixed_with_static_slices_keeps_names(mode):
    t = nx.tensor(DATA, names=["rows", "cols"])
    fun = nx.jit(lambda t, k: t[1:3, k]) if mode == "jit" else (lambda t, k: t[1:3, k])
    if mode == "evaluator":
        fun = nx.jit(lambda t, k: t[1:3, k], compiler="evaluator")
    k = nx.tensor(4, backend="xla" if mode == "xla" else None)
    out = fun(t, k)
    assert out.names == ("rows",)
    np.testing.assert_array_equal(out.to_numpy(), DATA[1:3, 4])


def test_dynamic_index_with_stride():
    t = nx.tensor(DATA)
    out = t[nx.tensor(2), ::2]
    np.testing.assert_array_equal(out.to_numpy(), DATA[2, ::2])


def test_non_integer_tensor_index_is_rejected():
    with pytest.raises(IndexError, match=r"nx.access: a tensor index must be an integer scalar"
                                         r".*f32\[\].*axis 0"):
        nx.tensor(DATA)[nx.tensor(1.0)]
