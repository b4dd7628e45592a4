"""defn / jit / compile: tracing once per signature, containers, static options, control
flow, the evaluator compiler, deftransform, inlining, and debug_expr's layout."""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import nx


def counted(fun):
    """Wraps `fun` so each trace (each run of the Python body) is counted in `.traces`."""
    traces = []

    def body(*args, **kwargs):
        traces.append(1)
        return fun(*args, **kwargs)
    body.__name__ = fun.__name__
    j = nx.jit(body)
    j.traces = traces
    return j


# --- tracing once per signature --------------------------------------------------------------

def test_traces_once_per_signature():
    f = counted(lambda x, y: x * y + 1)
    a, b = nx.tensor([1.0, 2.0, 3.0]), nx.tensor([4.0, 5.0, 6.0])
    assert f(a, b).tolist() == [5.0, 11.0, 19.0]
    assert len(f.traces) == 1
    # same signature, new values: no retrace
    assert f(nx.tensor([0.0, 1.0, 2.0]), b).tolist() == [1.0, 6.0, 13.0]
    assert f(b, a).tolist() == [5.0, 11.0, 19.0]
    assert len(f.traces) == 1
    # xla-backed inputs of the same signature: no retrace either
    assert f(nx.tensor([1.0, 1.0, 1.0], backend="xla"), b).tolist() == [5.0, 6.0, 7.0]
    assert len(f.traces) == 1


@pytest.mark.parametrize("other", [
    nx.tensor([1.0, 2.0]),                              # shape
    nx.tensor([1, 2, 3]),                               # type
    nx.tensor([1.0, 2.0, 3.0], type="f64"),             # type
    nx.tensor([1.0, 2.0, 3.0], names=["x"]),            # names
    nx.tensor([[1.0, 2.0, 3.0]]),                       # rank
], ids=["shape", "type-s32", "type-f64", "names", "rank"])
def test_different_signature_retraces(other):
    f = counted(lambda x: x + 1)
    f(nx.tensor([1.0, 2.0, 3.0]))
    assert len(f.traces) == 1
    r = f(other)
    assert len(f.traces) == 2
    assert r.shape == other.shape and r.type == other.type
    assert tuple(r.names) == tuple(other.names)
    np.testing.assert_array_equal(np.asarray(r), np.asarray(other) + 1)
    f(other)
    f(nx.tensor([7.0, 8.0, 9.0]))
    assert len(f.traces) == 2


def test_static_options_are_part_of_the_key():
    calls = []

    @nx.defn
    def scale(x, factor=1, mode="mul"):
        calls.append((factor, mode))
        return x * factor if mode == "mul" else x + factor

    x = nx.tensor([1, 2, 3])
    assert scale(x, factor=2).tolist() == [2, 4, 6]
    assert scale(x, factor=2).tolist() == [2, 4, 6]
    assert len(calls) == 1
    assert scale(x, factor=3).tolist() == [3, 6, 9]
    assert len(calls) == 2
    assert scale(x, factor=3, mode="add").tolist() == [4, 5, 6]
    assert len(calls) == 3
    # keyword order does not matter
    assert scale(x, mode="add", factor=3).tolist() == [4, 5, 6]
    assert len(calls) == 3
    # options are passed as is (a Python int stays a weak scalar: s32 * 3 is s32)
    assert scale(x, factor=3).type == "s32"
    assert scale(x, factor=0.5).type == "f32"


def test_static_options_lists_and_dicts_are_frozen_other_unhashables_rejected():
    calls = []

    def fn(x, opts=None):
        calls.append(1)
        return x * len(opts)
    f = nx.jit(fn)
    assert f(nx.tensor([1]), opts=[1, 2]).tolist() == [2]
    assert f(nx.tensor([1]), opts=[1, 2]).tolist() == [2]
    assert f(nx.tensor([1]), opts={"a": [1], "b": 2}).tolist() == [2]
    assert f(nx.tensor([1]), opts=(1, 2)).tolist() == [2]     # a tuple is another key
    assert len(calls) == 3

    class Unhashable:
        __hash__ = None

        def __len__(self):
            return 1
    with pytest.raises(TypeError, match="hashable"):
        f(nx.tensor([1]), opts=Unhashable())


def test_numbers_as_positional_arguments():
    f = counted(lambda a, b: a + b)
    r = f(1, 2.5)
    assert r.type == "f32" and nx.to_number(r) == 3.5
    assert len(f.traces) == 1
    r = f(10, 0.25)        # same signature (s32, f32): no retrace
    assert nx.to_number(r) == 10.25
    assert len(f.traces) == 1
    r = f(np.array(1.0), 2)  # f64 (a 0-d NumPy array) + s32
    assert r.type == "f64"
    assert len(f.traces) == 2
    r = f(True, 1)             # u8 + s32
    assert r.type == "s32" and nx.to_number(r) == 2


def test_defn_decorator_forms():
    @nx.defn
    def a(x):
        return x + 1

    @nx.defn(compiler="evaluator")
    def b(x):
        return x + 1

    x = nx.tensor([1, 2])
    assert a(x).tolist() == [2, 3]
    assert b(x).tolist() == [2, 3]
    assert a.__name__ == "a"
    assert a(x).backend == "xla"
    assert b(x).backend == "numpy"


# --- containers ----------------------------------------------------------------------------

class Pair(NamedTuple):
    a: object
    b: object


@dataclasses.dataclass
class State:
    w: object
    b: object


class Custom:
    def __init__(self, left, right, tag):
        self.left, self.right, self.tag = left, right, tag


nx.container(Custom, flatten=lambda c: ([c.left, c.right], c.tag),
             unflatten=lambda tag, ch: Custom(ch[0], ch[1], tag))


@nx.container
@dataclasses.dataclass
class Registered:
    x: object
    y: object


def test_tuple_and_list_in_and_out():
    f = counted(lambda t, l: (t[0] + l[1], [t[1] * 2, l[0]]))
    out = f((nx.tensor(1), nx.tensor([1.0, 2.0])), [nx.tensor(3), nx.tensor(4)])
    assert isinstance(out, tuple) and len(out) == 2
    assert isinstance(out[1], list)
    assert nx.to_number(out[0]) == 5
    assert out[1][0].tolist() == [2.0, 4.0]
    assert nx.to_number(out[1][1]) == 3
    # a list and a tuple are different structures
    f((nx.tensor(1), nx.tensor([1.0, 2.0])), (nx.tensor(3), nx.tensor(4)))
    assert len(f.traces) == 2


def test_dict_in_and_out():
    f = counted(lambda d: {"sum": d["a"] + d["b"], "a": d["a"]})
    out = f({"b": nx.tensor([1, 2]), "a": nx.tensor([10, 20])})
    assert set(out) == {"sum", "a"}
    assert out["sum"].tolist() == [11, 22]
    assert out["a"].tolist() == [10, 20]
    # insertion order does not change the signature
    f({"a": nx.tensor([1, 1]), "b": nx.tensor([2, 2])})
    assert len(f.traces) == 1


def test_namedtuple_in_and_out():
    f = nx.jit(lambda p: Pair(p.b, p.a + p.b))
    out = f(Pair(nx.tensor(1.0), nx.tensor(2.0)))
    assert isinstance(out, Pair)
    assert nx.to_number(out.a) == 2.0 and nx.to_number(out.b) == 3.0


def test_dataclass_in_and_out():
    f = nx.jit(lambda s, x: State(w=s.w - 0.5 * x, b=s.b + 1))
    out = f(State(w=nx.tensor([1.0, 2.0]), b=nx.tensor(0)), nx.tensor([2.0, 2.0]))
    assert isinstance(out, State)
    assert out.w.tolist() == [0.0, 1.0] and nx.to_number(out.b) == 1


def test_registered_containers():
    f = counted(lambda c: Custom(c.right, c.left * 10, c.tag + "!"))
    out = f(Custom(nx.tensor(1), nx.tensor([2, 3]), "t"))
    assert isinstance(out, Custom)
    assert out.left.tolist() == [2, 3] and nx.to_number(out.right) == 10
    assert out.tag == "t!"
    # the aux data is part of the structure
    f(Custom(nx.tensor(1), nx.tensor([2, 3]), "u"))
    assert len(f.traces) == 2
    g = nx.jit(lambda r: Registered(x=r.y, y=r.x))
    out = g(Registered(x=nx.tensor(1), y=nx.tensor(2.0)))
    assert isinstance(out, Registered)
    assert out.x.type == "f32" and out.y.type == "s32"


def test_nested_containers_and_evaluator():
    def fun(inp):
        (a, b), d = inp
        return {"out": [a + d["k"], (b,)]}
    args = ((nx.tensor([1, 2]), nx.tensor(5.0)), {"k": nx.tensor([10, 20])})
    for compiler in ("xla", "evaluator"):
        out = nx.jit(fun, compiler=compiler)(args)
        assert out["out"][0].tolist() == [11, 22]
        assert isinstance(out["out"][1], tuple) and nx.to_number(out["out"][1][0]) == 5.0


def test_returning_a_python_number_and_an_input():
    f = nx.jit(lambda x: (x, 3))
    a, b = f(nx.tensor([1.0]))
    assert a.tolist() == [1.0]
    assert b.type == "s32" and nx.to_number(b) == 3


# --- nx.compile ----------------------------------------------------------------------------

def test_compile_ahead_of_time():
    traces = []

    def fun(x, y, power=2):
        traces.append(1)
        return x ** power + y

    c = nx.compile(fun, [nx.template((3,), "f32"), nx.template((), "f32")], power=3)
    assert len(traces) == 1  # traced at compile time
    r = c(nx.tensor([1.0, 2.0, 3.0]), nx.tensor(0.5))
    assert r.tolist() == [1.5, 8.5, 27.5]
    c(nx.tensor([0.0, 0.0, 1.0]), nx.tensor(1.0))
    assert len(traces) == 1


def test_compile_rejects_a_wrong_signature():
    c = nx.compile(lambda x: x * 2, [nx.template((3,), "f32")])
    with pytest.raises(ValueError) as e:
        c(nx.tensor([1, 2, 3]))
    msg = str(e.value)
    assert "nx.compile" in msg and "f32[3]" in msg and "s32[3]" in msg
    with pytest.raises(ValueError, match=r"f32\[4\]"):
        c(nx.tensor([1.0, 2.0, 3.0, 4.0]))
    # still fine afterwards
    assert c(nx.tensor([1.0, 2.0, 3.0])).tolist() == [2.0, 4.0, 6.0]


def test_compile_with_evaluator_and_a_defn():
    @nx.defn
    def f(x):
        return nx.sum(x)

    c = nx.compile(f, [nx.template((2, 2), "s32")], compiler="evaluator")
    r = c(nx.tensor([[1, 2], [3, 4]]))
    assert nx.to_number(r) == 10


# --- compilers and default options --------------------------------------------------------------

def test_evaluator_and_xla_agree():
    def fun(x, y):
        return nx.exp(x) * y - nx.reduce_max(x, axes=[0])

    x = nx.tensor([[0.5, -1.0], [2.0, 0.0]])
    y = nx.tensor([3, 4])
    a = nx.jit(fun)(x, y)
    b = nx.jit(fun, compiler="evaluator")(x, y)
    ref = np.exp(np.float32([[0.5, -1.0], [2.0, 0.0]])) * [3, 4] - [2.0, 0.0]
    np.testing.assert_allclose(np.asarray(a), ref, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(b), ref, rtol=1e-6)
    assert a.type == b.type == "f32"


def test_default_defn_options():
    prev = nx.default_defn_options(compiler="evaluator")
    try:
        assert prev["compiler"] == "xla"
        assert nx.default_defn_options()["compiler"] == "evaluator"
        f = nx.jit(lambda x: x + 1)
        assert f(nx.tensor([1])).backend == "numpy"   # evaluator results stay on the host
        # an explicit compiler wins over the default
        g = nx.jit(lambda x: x + 1, compiler="xla")
        assert g(nx.tensor([1])).backend == "xla"
    finally:
        nx.default_defn_options(**prev)
    assert nx.jit(lambda x: x + 1)(nx.tensor([1])).backend == "xla"


def test_unknown_compiler():
    with pytest.raises(ValueError, match="compiler"):
        nx.default_defn_options(compiler="exla")
    with pytest.raises(ValueError, match="compiler"):
        nx.jit(lambda x: x, compiler="nope")


# --- deftransform and inlining ---------------------------------------------------------------

def test_deftransform_runs_at_trace_time():
    runs = []

    @nx.deftransform
    def trailing_ones(t, count):
        runs.append(count)
        return nx.reshape(t, tuple(t.shape) + (1,) * count)

    @nx.defn
    def f(x, count=1):
        return trailing_ones(x, count) * 10

    r = f(nx.tensor([1, 2]), count=2)
    assert r.shape == (2, 1, 1)
    assert nx.to_flat_list(r) == [10, 20]
    f(nx.tensor([3, 4]), count=2)
    assert runs == [2]          # only while tracing
    # outside defn it runs as plain Python
    assert trailing_ones(nx.tensor([1]), 1).shape == (1, 1)
    assert getattr(trailing_ones, "__nx_transform__", False)


def test_nested_defn_is_inlined():
    inner_traces = []

    @nx.defn
    def inner(x):
        inner_traces.append(1)
        return nx.cos(x)

    @nx.defn
    def outer(x):
        return nx.exp(inner(x))

    x = nx.tensor([0.0, 1.0])
    r = outer(x)
    np.testing.assert_allclose(np.asarray(r), np.exp(np.cos([0.0, 1.0])), rtol=1e-6)
    assert inner.cache == {}          # not compiled on its own
    expr = repr(nx.debug_expr(outer)(x))
    assert "cos a" in expr and "exp b" in expr
    outer(x)
    assert len(inner_traces) == 2     # once for the call above, once for debug_expr


# --- control flow ----------------------------------------------------------------------------

def test_cond_inside_defn():
    @nx.defn
    def f(x):
        return nx.cond(nx.sum(x) > 0, lambda: x * 2, lambda: x - 1)

    for data in ([1.0, 2.0], [-3.0, 1.0], [0.0, 0.0]):
        expected = [v * 2 for v in data] if sum(data) > 0 else [v - 1 for v in data]
        assert f(nx.tensor(data)).tolist() == expected
    assert len(f.cache) >= 1


def test_cond_merges_branch_types_and_structures():
    @nx.defn
    def f(p, a, b):
        return nx.cond(p, lambda: (a, a + 1), lambda: (b, b * 2))

    x, y = nx.tensor([1, 2]), nx.tensor([0.5, 1.5])
    r = f(nx.tensor(1), x, y)
    assert r[0].type == "f32" and r[0].tolist() == [1.0, 2.0] and r[1].tolist() == [2.0, 3.0]
    r = f(nx.tensor(0), x, y)
    assert r[0].tolist() == [0.5, 1.5] and r[1].tolist() == [1.0, 3.0]


def test_multi_clause_cond():
    def classify(x):
        return nx.cond([(x < 0, lambda: nx.tensor(-1)), (x == 0, lambda: nx.tensor(0))],
                       lambda: nx.tensor(1))

    for compiler in ("xla", "evaluator"):
        f = nx.jit(classify, compiler=compiler)
        assert [nx.to_number(f(nx.tensor(v))) for v in (-5.0, 0.0, 2.5)] == [-1, 0, 1]
    # eagerly too
    assert nx.to_number(classify(nx.tensor(-2))) == -1


def test_while_loop_inside_defn():
    # Python reference: count the halvings until x < 1
    def ref(x):
        i = 0
        while x >= 1:
            x /= 2
            i += 1
        return x, i

    @nx.defn
    def halvings(x):
        return nx.while_loop((x, nx.tensor(0)), lambda s: s[0] >= 1,
                             lambda s: (s[0] / 2, s[1] + 1))

    for v in (0.5, 1.0, 37.0, 1000.0):
        xr, ir = ref(v)
        x, i = halvings(nx.tensor(v))
        assert nx.to_number(i) == ir and nx.to_number(x) == pytest.approx(xr)
        assert x.type == "f32" and i.type == "s32"
    assert len(halvings.cache) >= 1


def test_while_sum_and_multiply_style_loop():
    # The seed's WhileExample.while_sum_and_multiply: out[i] = sum(x[i]) + y[i], written with a
    # while loop over i (masking instead of dynamic indexing). The seed prints [10, 6, 10].
    @nx.defn
    def while_sum_and_multiply(x, y):
        n = x.shape[0]
        out = nx.broadcast(0, (n,))
        rows = nx.sum(x, axes=[1]) + y

        def body(state):
            out, i = state
            return out + nx.select(nx.iota((n,)) == i, rows, 0), i + 1

        out, _ = nx.while_loop((out, nx.tensor(0)), lambda s: s[1] < n, body)
        return out

    x = nx.tensor([[1, 2, 3], [1, 0, 0], [0, 1, 3]])
    y = nx.tensor([4, 5, 6])
    for compiler in ("xla", "evaluator"):
        r = nx.jit(while_sum_and_multiply.fun, compiler=compiler)(x, y)
        assert r.type == "s32" and r.tolist() == [10, 6, 10]


def test_fori_loop_inside_defn():
    @nx.defn
    def powers(x, n=5):
        return nx.fori_loop(0, n, nx.tensor(1.0), lambda i, acc: acc * x + i)

    def ref(x, n=5):
        acc = 1.0
        for i in range(n):
            acc = acc * x + i
        return acc

    for v in (0.5, 2.0, -1.0):
        assert nx.to_number(powers(nx.tensor(v))) == pytest.approx(ref(v))
    assert nx.to_number(powers(nx.tensor(2.0), n=3)) == pytest.approx(ref(2.0, 3))
    # the evaluator runs the same loop
    ev = nx.jit(powers.fun, compiler="evaluator")
    assert nx.to_number(ev(nx.tensor(2.0))) == pytest.approx(ref(2.0))


def test_control_flow_eagerly():
    x = nx.tensor(3)
    assert nx.to_number(nx.cond(x > 2, lambda: x * 2, lambda: x)) == 6
    r = nx.while_loop(nx.tensor(1), lambda s: s < 100, lambda s: s * 3)
    assert nx.to_number(r) == 243
    r = nx.fori_loop(0, 4, nx.tensor(0), lambda i, acc: acc + i)
    assert nx.to_number(r) == 6


def test_loop_carries_containers():
    @nx.defn
    def f(d):
        return nx.while_loop(d, lambda s: s["i"] < 3,
                             lambda s: {"i": s["i"] + 1, "v": s["v"] * 2})

    r = f({"i": nx.tensor(0), "v": nx.tensor([1.0, -1.0])})
    assert nx.to_number(r["i"]) == 3 and r["v"].tolist() == [8.0, -8.0]


# --- debug_expr -----------------------------------------------------------------------------

# The seed (automatic differentiation notebook, GradFun.my_function |> print_expr()):
SEED_EXPR = """\
#Nx.Tensor<
  f32
  
  Nx.Defn.Expr
  parameter a:0                            f32[3]
  b = cos a                                f32[3]
  c = exp b                                f32[3]
  d = sum c, axes: nil, keep_axes: false   f32
>"""


def _norm_expr(text):
    # Nx's blank line carries the indentation ("  "); compare lines without trailing spaces
    return [ln.rstrip() for ln in text.replace("#Nx.Tensor<", "nx.Tensor<").split("\n")]


def my_function(x):
    return nx.sum(nx.exp(nx.cos(x)))


def test_debug_expr_matches_the_seed_layout():
    expr = nx.debug_expr(my_function)(nx.tensor([1.0, 2.0, 3.0]))
    got = _norm_expr(repr(expr))
    want = _norm_expr(SEED_EXPR)
    assert got == want
    # the body lines exactly as the seed prints them, column alignment included
    lines = repr(expr).split("\n")
    assert lines[4:8] == SEED_EXPR.split("\n")[4:8]


def test_debug_expr_of_a_defn():
    f = nx.defn(my_function)
    expr = nx.debug_expr(f)(nx.tensor([1.0, 2.0, 3.0]))
    assert _norm_expr(repr(expr)) == _norm_expr(SEED_EXPR)
    assert f.cache == {}   # debug_expr traces but does not compile


def test_print_expr_at_trace_time(capsys):
    @nx.defn
    def f(x):
        return nx.print_expr(my_function(x))

    r = f(nx.tensor([1.0, 2.0, 3.0]))
    out = capsys.readouterr().out
    assert _norm_expr(out.strip("\n")) == _norm_expr(SEED_EXPR)
    np.testing.assert_allclose(nx.to_number(r), np.exp(np.cos([1.0, 2.0, 3.0])).sum(), rtol=1e-6)
    # a cached call does not trace, so it prints nothing
    f(nx.tensor([4.0, 5.0, 6.0]))
    assert capsys.readouterr().out == ""


def test_debug_expr_options_and_names():
    def g(x):
        return nx.sum(x, axes=[1], keep_axes=True)

    text = repr(nx.debug_expr(g)(nx.tensor([[1, 2], [3, 4]])))
    assert "parameter a:0" in text and "s32[2][2]" in text
    assert "b = sum a, axes: [1], keep_axes: true" in text


def test_concurrent_calls_from_threads():
    import threading

    f = counted(lambda x: nx.sum(x * 2))
    results, errors = {}, []

    def work(n):
        try:
            for _ in range(4):
                results[n] = nx.to_number(f(nx.iota((n,))))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == {n: n * (n - 1) for n in range(1, 7)}
    # one trace per shape (a race may trace a shape twice, never more than once per thread)
    assert 6 <= len(f.traces) <= 12


def test_outputs_may_be_none_empty_or_constants():
    assert nx.jit(lambda x: None)(nx.tensor(1)) is None
    assert nx.jit(lambda x: ())(nx.tensor(1)) == ()
    r = nx.jit(lambda x: {"a": x, "b": None, "c": nx.tensor([1.5, 2.5])})(nx.tensor(1))
    assert r["b"] is None and r["c"].tolist() == [1.5, 2.5] and nx.to_number(r["a"]) == 1
    assert nx.to_number(nx.jit(lambda: 3.5)()) == 3.5


def test_keyword_validates_options():
    @nx.defn
    def zeros(opts=None):
        opts = nx.keyword(opts, type="f32", shape=())
        return nx.broadcast(nx.tensor(0, type=opts["type"]), opts["shape"])
    z = zeros(opts={"type": "s8", "shape": (2, 1)})
    assert z.type == "s8" and z.shape == (2, 1)
    assert zeros().shape == () and zeros().type == "f32"
    assert nx.keyword([("a", 1)], a=0, b=2) == {"a": 1, "b": 2}
    with pytest.raises(ValueError, match=r"nx.keyword: unknown option\(s\) \['shap'\], expected "
                                         r"one of \['shape', 'type'\]"):
        zeros(opts={"shap": (2,)})
    with pytest.raises(TypeError, match="nx.keyword: expected a dict"):
        nx.keyword(3, a=1)


def test_static_numbers_of_different_types_compile_apart():
    # 1, True and 1.0 are equal Python keys but trace to s32, u8 and f32 constants (found by
    # the port of Nx's defn_test.exs:2807)
    f = nx.defn(lambda v=None: nx.tensor(v))
    assert [f(v=x).type for x in (1.0, 1, True, 1.0)] == ["f32", "s32", "u8", "f32"]
