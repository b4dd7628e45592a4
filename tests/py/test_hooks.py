"""Runtime hooks from compiled code: nx.hook and nx.print_value run when the program reaches
them (XLA host callbacks; the evaluator calls them directly), in loops too, and return their
input so the computation continues."""
from __future__ import annotations

import numpy as np
import pytest

import nx

MODES = ("xla", "evaluator")


@pytest.mark.parametrize("mode", MODES)
def test_hook_runs_every_iteration_in_order(mode):
    seen = []

    def body(i, x):
        x = nx.hook(x * 2, lambda v: seen.append(nx.to_list(v)))
        return x + i

    f = nx.jit(lambda x: nx.fori_loop(0, 3, x, body), compiler=mode)
    out = f(nx.tensor([1, 10]))
    assert nx.to_list(out) == [12, 84]
    assert seen == [[2, 20], [4, 40], [10, 82]]
    seen.clear()
    f(nx.tensor([0, 1]))                      # the cached program calls the hook again
    assert seen == [[0, 2], [0, 4], [2, 10]]


@pytest.mark.parametrize("mode", MODES)
def test_print_value_prints_from_compiled_code(mode, capsys):
    @nx.defn
    def f(x):
        y = nx.print_value(nx.exp(x), label="exp")
        return nx.sum(y)
    r = nx.jit(f, compiler=mode)(nx.tensor([0.0, 1.0], names=["i"]))
    np.testing.assert_allclose(nx.to_number(r), 1 + np.e, rtol=1e-6)
    out = capsys.readouterr().out
    assert out == "exp: nx.Tensor<\n  f32[i: 2]\n  [1.0, 2.7182817459106445]\n>\n"


def test_hook_with_a_container_and_in_a_branch():
    got = []

    @nx.defn
    def f(x, y):
        def on_true():
            a, b = nx.hook((x, y * 2), lambda t: got.append((nx.to_list(t[0]), nx.to_list(t[1]))))
            return a + b
        return nx.cond(nx.sum(x) > 0, on_true, lambda: x - y)
    assert nx.to_list(f(nx.tensor([1, 2]), nx.tensor([3, 4]))) == [7, 10]
    assert got == [([1, 2], [6, 8])]
    assert nx.to_list(f(nx.tensor([-1, -2]), nx.tensor([3, 4]))) == [-4, -6]
    assert got == [([1, 2], [6, 8])]              # the branch did not run


def test_hook_eagerly_on_both_backends():
    seen = []
    for backend in ("numpy", "xla"):
        t = nx.tensor([1.5, 2.5], backend=backend)
        assert nx.hook(t, lambda v: seen.append(nx.to_list(v))) is t
    assert seen == [[1.5, 2.5], [1.5, 2.5]]


def test_gradient_flows_through_a_hook():
    seen = []
    g = nx.jit(lambda x: nx.grad(x, lambda x: nx.sum(nx.hook(x * x, seen.append))))(
        nx.tensor([1.0, 3.0]))
    assert nx.to_list(g) == [2.0, 6.0]
    assert len(seen) == 1


def test_hook_is_kept_even_when_its_result_is_unused():
    seen = []

    @nx.defn
    def f(x):
        nx.hook(x, lambda v: seen.append(1))
        return x + 1
    f(nx.tensor(1))
    assert seen == [1]


def test_hook_needs_a_function_or_a_name():
    # a string is a hook name (nx.hook(t, "name")); anything else must be a function
    with pytest.raises(TypeError, match="nx.hook: expected a function or a hook name"):
        nx.hook(nx.tensor(1), 42)
    with pytest.raises(TypeError, match="nx.hook: expected a function for hook 'h'"):
        nx.hook(nx.tensor(1), "h", "not callable")
