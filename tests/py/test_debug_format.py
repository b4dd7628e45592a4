"""debug_expr / print_expr in Nx's `Nx.Defn.Expr` inspect layout (ported from Nx 0.10's
nx/test/nx/defn/expr_test.exs "inspect"), control flow as Nx's nodes, and the evaluator's
`debug_options` (ported from nx/test/nx/defn/evaluator_test.exs "debug_options")."""
from __future__ import annotations

import os
import re

import numpy as np
import pytest

import nx


def body(expr_text):
    """The lines after `Nx.Defn.Expr`, without the closing `>`."""
    lines = expr_text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith("Nx.Defn.Expr"))
    return [ln[2:] for ln in lines[i + 1:-1]]


def t(shape, type):
    return nx.template(shape, type)


# --- expr_test.exs "inspect" -------------------------------------------------------------------

def test_with_scalar():
    assert repr(nx.debug_expr(lambda x: nx.tensor(0))(1)) == (
        "nx.Tensor<\n  s32\n  \n  Nx.Defn.Expr\n  0\n>")


def test_with_parameters():
    def f(a, b):
        return nx.sum(nx.add(nx.add(nx.dot(a, a), nx.tanh(b)), 2))
    # Nx: b = dot a, [1], [], a, [0], [] and f = add 2, e (its own option and operand order)
    lines = body(repr(nx.debug_expr(f)(t((2, 2), "s32"), t((2, 2), "s32"))))
    names = [ln.split()[0] if ln.startswith("parameter") else ln.split(" = ")[0] for ln in lines]
    assert lines[0].startswith("parameter a:0") and lines[1].startswith("parameter c:1")
    assert names[2:] == ["b", "d", "e", "f", "g"]
    assert lines[2].startswith("b = dot a, a") and lines[3].startswith("d = tanh c")
    assert lines[4].startswith("e = add b, d") and lines[5].startswith("f = add e, 2")
    assert lines[6].startswith("g = sum f, axes: nil, keep_axes: false")
    assert lines[6].endswith("   f32") and lines[0].endswith("   s32[2][2]")
    # every type column starts at the same place: the longest line plus three spaces
    width = max(len(ln.rsplit("   ", 1)[0].rstrip()) for ln in lines) + 3
    assert all(len(ln) - len(ln.split()[-1]) == width for ln in lines)


def test_with_tensors():
    def g(a):
        b = nx.tensor([[1, 2], [1, 2]])
        c = nx.iota((2, 2))
        return nx.argmin(nx.add(nx.tanh(nx.dot(c, b)), a), tie_break="high")
    lines = body(repr(nx.debug_expr(g)(t((2, 2), "s32"))))
    # Nx's order: tensors and parameters first (named when reached), then the expressions
    assert lines[0].startswith("tensor b ") and lines[0].endswith("s32[2][2]")
    assert lines[1].startswith("parameter e:0")
    assert lines[2].startswith("a = iota")
    assert lines[3].startswith("c = dot a, b")
    assert lines[4].startswith("d = tanh c") and lines[5].startswith("f = add d, e")
    assert lines[6].startswith("g = argmin f") and "tie_break: :high" in lines[6]


def test_with_tuple_output():
    out = nx.debug_expr(lambda a: nx.linalg.qr(a))(t((2, 2), "f32"))
    q, r = repr(out)[1:-1].split(">, ")
    for text, i in ((q + ">", 0), (r, 1)):
        lines = body(text)
        assert lines[0].startswith("parameter a:0")
        assert lines[1].startswith("b = qr a, eps: 1.0e-10, mode: :reduced")
        assert lines[1].endswith("   tuple2")
        assert lines[2].startswith(f"c = elem b, {i}") and lines[2].endswith("f32[2][2]")


def test_with_tuple_and_cond():
    def f(a, b):
        return nx.cond(nx.any(a), lambda: (a, b), lambda: (b, a))
    left, right = repr(nx.debug_expr(f)(t((), "s32"), t((), "s32")))[1:-1].split(">, ")
    for text, i in ((left + ">", 0), (right, 1)):
        assert body(text) == [
            "parameter a:0                            s32",
            "parameter c:1                            s32",
            "b = any a, axes: nil, keep_axes: false   u8",
            "d = cond b -> {a, c}, true -> {c, a}     tuple2",
            f"e = elem d, {i}                            s32",
        ]


def factorial(x):
    factorial, _ = nx.while_loop((1.0, x), lambda s: s[1] > 1, lambda s: (s[0] * s[1], s[1] - 1))
    return factorial


def test_with_while():
    assert repr(nx.debug_expr(factorial)(t((), "f32"))) == """nx.Tensor<
  f32
  
  Nx.Defn.Expr
  parameter a:0        f32
  b = while {1.0, a}   tuple2
  c = elem b, 0        f32
>"""


@nx.defn
def python_while(x):
    while x < 10:
        x = x + 1
    return x


def test_a_python_while_is_one_node():
    # not its body at top level with `?` operands (`d = less ?, 10`)
    assert body(repr(nx.debug_expr(python_while)(nx.tensor(1)))) == [
        "parameter a:0   s32",
        "b = while a     s32",
    ]


def test_cond_clauses_and_constant_predicates():
    def multi(x):
        return nx.cond([(x > 5, lambda: x * 2), (x > 2, lambda: x + 1)], lambda: x - 1)
    lines = body(repr(nx.debug_expr(multi)(t((), "f32"))))
    assert lines[-1].startswith("g = cond b -> c, d -> e, true -> f")
    assert not any("result_types" in ln or "tensor<" in ln for ln in lines)

    # a constant false clause is dropped, a constant true one is taken (Nx's defn_cond)
    def dropped(x):
        return nx.cond([(False, lambda: x * 2), (x > 2, lambda: x + 1)], lambda: x - 1)
    assert body(repr(nx.debug_expr(dropped)(t((), "f32"))))[-1].startswith(
        "e = cond b -> c, true -> d")

    def taken(x):
        return nx.cond(nx.tensor(1), lambda: x + 1, lambda: x - 1)
    assert body(repr(nx.debug_expr(taken)(t((), "s32")))) == [
        "parameter a:0   s32",
        "b = add a, 1    s32",
    ]


def test_any_and_all_are_one_node():
    def f(x):
        return nx.all(x > 1)
    lines = body(repr(nx.debug_expr(f)(t((3,), "f32"))))
    assert lines[-1].startswith("c = all b, axes: nil, keep_axes: false")
    assert not any("reduce_min" in ln or "not_equal" in ln for ln in lines)


def add_sub_mult(a, b, c, d):
    return nx.multiply(nx.subtract(nx.add(a, b), c), d)


FULL = [
    "parameter a:0       f32",
    "parameter b:1       f32",
    "parameter d:2       f32",
    "parameter f:3       f32",
    "c = add a, b        f32",
    "e = subtract c, d   f32",
    "g = multiply e, f   f32",
]


@pytest.mark.parametrize("limit, want", [
    (None, FULL), (8, FULL), (7, FULL),
    (6, FULL[:3] + ["...                 "] + FULL[4:]),
    (3, ["...                 "] + FULL[4:]),
    (1, ["...                 ", "c = multiply a, b   f32"]),
    (0, ["...   "]),
])
def test_with_limit_option(limit, want):
    e = nx.debug_expr(add_sub_mult)(*[t((), "f32")] * 4)
    assert body(e.format(limit)) == want


def test_value_and_grad_expression_is_a_tuple_of_expressions():
    def f(x):
        return x ** 3 + x
    x = nx.tensor([[1, 1], [2, 3], [5, 8]])
    text = repr(nx.debug_expr(nx.value_and_grad(f))(x))
    assert text.startswith("(nx.Tensor<\n  s32[3][2]") and text.endswith(">)")
    value, grad = text[1:-1].split(">, ")
    assert body(value + ">") == ["parameter a:0   s32[3][2]",
                                 "b = pow a, 3    s32[3][2]",
                                 "c = add b, a    s32[3][2]"]
    assert grad.startswith("nx.Tensor<\n  f32[3][2]") and "pow" in grad


def test_custom_grad_is_its_value_once_differentiated():
    text = repr(nx.debug_expr(nx.grad(lambda x: nx.custom_grad(x * 2, [x], lambda g: [g * 3])))(
        t((), "f32")))
    assert "custom_grad" not in text and "?" not in text
    assert body(text) == ["3.0"]


def test_print_expr_inside_a_loop_body(capsys):
    @nx.defn
    def f(x):
        return nx.while_loop(x, lambda s: s < 10, lambda s: nx.print_expr(s + 1))
    f(nx.tensor(1))
    out = capsys.readouterr().out
    assert body(out.strip("\n")) == ["parameter a:0   s32", "b = add a, 1    s32"]


# --- the evaluator's debug_options (evaluator_test.exs) ---------------------------------------

@nx.defn
def debug_test_fun(x, y):
    a = nx.add(x, y)
    b = nx.multiply(a, 2)
    return nx.subtract(b, 1)


@nx.defn
def reuse_fun(x):
    a = nx.add(x, 1)
    return nx.add(a, a)


def _ids(out, n):
    ids = re.findall(r"Node ID: (.*)", out)
    assert len(ids) == n, out
    for k, i in enumerate(ids):
        out = out.replace(f"Node ID: {i}\n", f"Node ID: ::id{k}::\n").replace(
            f"Nx.Defn.Expr<{i}>", f"Nx.Defn.Expr<::id{k}::>")
    return out


def test_prints_node_info_to_stdout(capsys):
    x, y = nx.tensor([1, 2]), nx.tensor([3, 4])
    r = nx.jit(debug_test_fun, compiler="evaluator", debug_options={"inspect_limit": 5})(x, y)
    assert r.tolist() == [7, 11]
    out = _ids(capsys.readouterr().out, 5)
    # Nx's output, with our tensor prefix and our operand order for `multiply a, 2`
    assert out == """Node ID: ::id0::
Operation: :parameter
Args:
0
Result:
nx.Tensor<
  s32[2]
  [1, 2]
>
Node ID: ::id1::
Operation: :parameter
Args:
1
Result:
nx.Tensor<
  s32[2]
  [3, 4]
>
Node ID: ::id2::
Operation: :add
Args:
nx.Tensor<
  s32[2]
  
  Nx.Defn.Expr<::id0::>
  parameter a:0   s32[2]
>
nx.Tensor<
  s32[2]
  
  Nx.Defn.Expr<::id1::>
  parameter a:1   s32[2]
>
Result:
nx.Tensor<
  s32[2]
  [4, 6]
>
Node ID: ::id3::
Operation: :multiply
Args:
nx.Tensor<
  s32[2]
  
  Nx.Defn.Expr<::id2::>
  parameter a:0   s32[2]
  parameter b:1   s32[2]
  c = add a, b    s32[2]
>
nx.Tensor<
  s32
  
  Nx.Defn.Expr
  2
>
Result:
nx.Tensor<
  s32[2]
  [8, 12]
>
Node ID: ::id4::
Operation: :subtract
Args:
nx.Tensor<
  s32[2]
  
  Nx.Defn.Expr<::id3::>
  parameter a:0       s32[2]
  parameter b:1       s32[2]
  c = add a, b        s32[2]
  d = multiply c, 2   s32[2]
>
nx.Tensor<
  s32
  
  Nx.Defn.Expr
  1
>
Result:
nx.Tensor<
  s32[2]
  [7, 11]
>
"""


def test_saves_node_info_to_files(tmp_path):
    x, y = nx.tensor([1, 2]), nx.tensor([3, 4])
    d = tmp_path / "nx_debug"
    nx.jit(debug_test_fun, compiler="evaluator",
           debug_options={"inspect_limit": 5, "save_path": str(d)})(x, y)
    files = os.listdir(d)
    assert files and all(f.startswith("node_") and f.endswith(".txt") for f in files)
    contents = [(d / f).read_text() for f in files]
    for op in ("add", "multiply", "subtract"):
        assert sum(f"Operation: :{op}" in c for c in contents) == 1
    assert sum("Operation: :parameter" in c for c in contents) == 2
    assert len(files) == 5


def test_node_info_for_reused_node_only_once(capsys):
    nx.jit(reuse_fun, compiler="evaluator", debug_options={"inspect_limit": 5})(nx.tensor([1, 2]))
    out = capsys.readouterr().out
    ids = re.findall(r"Node ID: (.*)", out)
    assert len(ids) == 3 and len(set(ids)) == 3


def test_loop_nodes_are_reported_once(capsys):
    f = nx.jit(lambda x: nx.while_loop(x, lambda s: s < 10, lambda s: s + 1),
               compiler="evaluator", debug_options={})
    assert nx.to_number(f(nx.tensor(1))) == 10
    ids = re.findall(r"Node ID: (.*)", capsys.readouterr().out)
    assert len(ids) == len(set(ids))


def test_respects_inspect_limit(capsys):
    x, y = nx.tensor(list(range(1, 21))), nx.tensor(list(range(21, 41)))
    nx.jit(debug_test_fun, compiler="evaluator", debug_options={"inspect_limit": 2})(x, y)
    out = capsys.readouterr().out
    assert "[1, 2, ...]" in out and "..." in out


def test_does_nothing_when_feature_is_disabled(capsys):
    nx.jit(debug_test_fun, compiler="evaluator")(nx.tensor([1, 2]), nx.tensor([3, 4]))
    assert capsys.readouterr().out == ""


def test_debug_options_are_checked():
    with pytest.raises(ValueError, match=r"unknown debug option\(s\) \['limit'\]"):
        nx.jit(debug_test_fun, compiler="evaluator", debug_options={"limit": 2})
    with pytest.raises(TypeError, match="debug_options must be a dict"):
        nx.jit(debug_test_fun, compiler="evaluator", debug_options=3)


def test_older_debug_spelling(capsys, tmp_path):
    nx.jit(reuse_fun, compiler="evaluator", debug=True)(nx.tensor([1, 2]))
    assert "Operation: :add" in capsys.readouterr().out
    nx.jit(reuse_fun, compiler="evaluator", debug=str(tmp_path))(nx.tensor([1, 2]))
    assert len(os.listdir(tmp_path)) == 3


# --- default_defn_options -------------------------------------------------------------------

def test_default_options_reject_unknown_ones():
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['client'\]"):
        nx.default_defn_options(compiler="evaluator", client="cuda")
    assert nx.default_defn_options() == {"compiler": "xla"}


def test_default_options_replace_and_return_the_previous_ones():
    prev = nx.default_defn_options(compiler="evaluator", debug_options={"inspect_limit": 3})
    try:
        assert prev == {"compiler": "xla"}
        assert nx.default_defn_options() == {"compiler": "evaluator",
                                             "debug_options": {"inspect_limit": 3}}
        # Nx's default_options/1 replaces the defaults: compiler goes back to "xla"
        assert nx.default_defn_options(passes="grad-expansion,canonicalize,vectorize") == {
            "compiler": "evaluator", "debug_options": {"inspect_limit": 3}}
        assert nx.default_defn_options()["compiler"] == "xla"
    finally:
        nx.default_defn_options(**prev)
    assert nx.default_defn_options() == {"compiler": "xla"}


def test_default_options_are_honoured(capsys):
    f = nx.jit(lambda x: x + 1)
    assert f(nx.tensor([1])).backend == "xla"
    prev = nx.default_defn_options(compiler="evaluator", debug_options={})
    try:
        # compiled before under other defaults: compiled again, now by the evaluator
        r = f(nx.tensor([1]))
        assert r.backend == "numpy" and r.tolist() == [2]
        assert "Operation: :add" in capsys.readouterr().out
        # an option the function gives wins
        assert nx.jit(lambda x: x + 1, compiler="xla")(nx.tensor([1])).backend == "xla"
        nx.default_defn_options(passes="canonicalize")
        # passes: without grad-expansion a gradient cannot be compiled
        with pytest.raises(Exception, match="nx.grad"):
            nx.jit(lambda x: nx.grad(x, lambda y: y * y))(nx.tensor(1.0))
    finally:
        nx.default_defn_options(**prev)
    assert f(nx.tensor([1])).backend == "xla"


# --- grad(fun) / value_and_grad(fun) (Nx.Defn.grad/1, value_and_grad/1 doc examples) --------

def test_grad_of_a_function_returns_a_function():
    fun = nx.grad(lambda x: nx.sin(x))
    g = fun(nx.tensor(0))
    assert g.type == "f32" and nx.to_number(g) == 1.0


def test_value_and_grad_of_a_function_returns_a_function():
    fun = nx.value_and_grad(lambda x: nx.sin(x))
    value, grad = fun(nx.tensor(0))
    assert value.type == "f32" and nx.to_number(value) == 0.0
    assert nx.to_number(grad) == 1.0
    # with a transform, positional or by name; inside a defn too
    def f(x):
        return x * x, x * 3.0
    (v, w), g = nx.value_and_grad(f, lambda o: o[1])(nx.tensor(2.0))
    assert (nx.to_number(v), nx.to_number(w), nx.to_number(g)) == (4.0, 6.0, 3.0)
    _, g = nx.jit(nx.value_and_grad(f, transform=lambda o: o[0]))(nx.tensor(2.0))
    assert nx.to_number(g) == 4.0
    with pytest.raises(TypeError, match="transform must be a function or None"):
        nx.value_and_grad(f, transform=3)
    with pytest.raises(TypeError, match=r"the argument fun must be a function \(Nx order"):
        nx.value_and_grad(f, 3)   # probably (x, fun) swapped
    with pytest.raises(TypeError, match="with one argument, expected the function"):
        nx.grad(nx.tensor(1.0))


def test_custom_grad_as_the_direct_output():
    def f(x):
        return nx.custom_grad(x * 2, [x], lambda g: [g * 3])
    for compiler in ("xla", "evaluator"):
        g = nx.jit(nx.grad(f), compiler=compiler)(nx.tensor([1.0, 2.0]))
        assert g.tolist() == [3.0, 3.0]
    value, g = nx.value_and_grad(nx.tensor(1.0), lambda x: nx.custom_grad(nx.exp(x), [x],
                                                                          lambda g: [g * 3]))
    assert nx.to_number(g) == 3.0
    np.testing.assert_allclose(nx.to_number(value), np.e, rtol=1e-6)


def test_default_hooks_are_honoured():
    seen = []
    f = nx.jit(lambda x: nx.hook(x * 2, "dbl"))
    prev = nx.default_defn_options(hooks={"dbl": lambda t: seen.append(nx.to_list(t))})
    try:
        assert f(nx.tensor([1, 2])).tolist() == [2, 4]
        assert seen == [[2, 4]]
    finally:
        nx.default_defn_options(**prev)
    f(nx.tensor([1, 2]))
    assert seen == [[2, 4]]   # without the default, the named hook has no function
    with pytest.raises(TypeError, match="hooks must be a dict"):
        nx.default_defn_options(hooks=[1])
