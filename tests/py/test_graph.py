"""nx.graph (Nx.Defn.Graph): split decisions, stage arguments and their sources, printing, and
running the chain (XLA and evaluator) against the unsplit computation."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.compiler.ir import walk


def _seed_expr():
    return nx.debug_expr(lambda x, y: nx.add(nx.cos(nx.sin(nx.negate(x))), y))(1, 2)


def test_seed_example_before_cos():
    stage0, stage1 = nx.graph.split(_seed_expr(), lambda t: "before" if t.op == "cos" else "none")
    (out0,) = stage0.expr
    assert repr(out0) == ("nx.Tensor<\n  f32\n  \n  Nx.Defn.Expr\n  parameter a:0   s32\n"
                          "  b = negate a    s32\n  c = sin b       f32\n>")
    assert repr(stage1.expr) == ("nx.Tensor<\n  f32\n  \n  Nx.Defn.Expr\n"
                                 "  parameter a:1   f32\n  parameter c:0   s32\n"
                                 "  b = cos a       f32\n  d = add b, c    f32\n>")
    assert stage0.arguments == [{"source": (None, 0)}]
    assert stage1.arguments == [{"source": (None, 1)}, {"source": (0, 0)}]
    # booleans are Nx 0.10's split/2 form (true is :before)
    again = nx.graph.split(_seed_expr(), lambda t: t.op == "cos")
    assert [s.arguments for s in again] == [stage0.arguments, stage1.arguments]


def _mlp(x, w, b):
    h = nx.tanh(nx.dot(x, w) + b)
    return nx.sum(nx.exp(h) * 2.0, axes=[1]), nx.cos(h)


ARGS = [np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3),
        np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4), np.float32([0.1, 0.2, 0.3, 0.4])]


@pytest.mark.parametrize("decision, nstages", [("before", 2), ("after", 2), ("both", 3),
                                               ("none", 1)])
def test_decisions_and_run(decision, nstages):
    expr = nx.debug_expr(_mlp)(*[nx.tensor(a) for a in ARGS])
    stages = nx.graph.split(expr, lambda t: decision if t.op == "tanh" else "none")
    assert len(stages) == nstages
    assert [s.id for s in stages] == list(range(nstages))
    names = [[op.name for op in walk(s.function.body)] for s in stages]
    if decision in ("after", "both"):
        assert "nx.tanh" in names[-2] and "nx.tanh" not in names[-1]
    if decision == "before":
        assert "nx.dot" in names[0] and "nx.dot" not in names[1] and "nx.tanh" in names[1]
    want = nx.jit(_mlp)(*[nx.tensor(a) for a in ARGS])
    for compiler in ("xla", "evaluator"):
        got = nx.graph.run(stages, [nx.tensor(a) for a in ARGS], compiler=compiler)
        assert isinstance(got, tuple) and len(got) == 2
        for g, w in zip(got, want):
            np.testing.assert_allclose(g.to_numpy(), w.to_numpy(), rtol=1e-5, atol=1e-6)


def test_split_with_accumulator_every_two_ops():
    expr = nx.debug_expr(lambda x: nx.exp(nx.sin(nx.cos(nx.negate(nx.abs(x))))))(nx.tensor(0.5))
    seen = []

    def every_two(t, count):
        seen.append(t.op)
        return ("after" if count % 2 == 1 else "none"), count + 1
    stages = nx.graph.split(expr, 0, every_two)
    assert seen == ["abs", "negate", "cos", "sin", "exp"]
    assert len(stages) == 3
    assert [s.arguments for s in stages] == [[{"source": (None, 0)}], [{"source": (0, 0)}],
                                             [{"source": (1, 0)}]]
    got = nx.graph.run(stages, [nx.tensor(0.5)])
    np.testing.assert_allclose(got.to_numpy(), np.exp(np.sin(np.cos(-0.5))), rtol=1e-6)


def test_loops_are_not_split_inside():
    def f(x):
        return nx.while_loop((x, nx.tensor(0)), lambda s: s[1] < 3,
                             lambda s: (nx.cos(s[0]), s[1] + 1))[0] * 2.0
    expr = nx.debug_expr(f)(nx.tensor(1.0))
    asked = []
    stages = nx.graph.split(expr, lambda t: asked.append(t.op) or
                            ("before" if t.op == "multiply" else "none"))
    assert "cos" not in asked
    got = nx.graph.run(stages, [nx.tensor(1.0)], compiler="evaluator")
    np.testing.assert_allclose(got.to_numpy(), 2 * np.cos(np.cos(np.cos(1.0))), rtol=1e-6)


def test_errors():
    expr = _seed_expr()
    with pytest.raises(ValueError, match=r"nx.graph.split: invalid split decision ':later'; "
                                         r'expected "before", "after", "both" or "none"'):
        nx.graph.split(expr, lambda t: ":later")
    with pytest.raises(ValueError, match=r"must return \(decision, acc\), got 'before'"):
        nx.graph.split(expr, 0, lambda t, acc: "before")
    with pytest.raises(TypeError, match="nx.graph.split: expected an expression"):
        nx.graph.split(42, lambda t: "none")
    stages = nx.graph.split(expr, lambda t: "before" if t.op == "cos" else "none")
    with pytest.raises(ValueError, match=r"stage 0 needs arg0, which no argument"):
        nx.graph.run(stages, [])
    with pytest.raises(ValueError, match=r"argument #0 of stage 0 \(arg0\) must be s32 as when "
                                         r"the computation was split, got f32\[2\]"):
        nx.graph.run(stages, [nx.tensor([1.0, 2.0]), nx.tensor(2)])
