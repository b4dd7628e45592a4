"""Named hooks, `nx.jit(f, hooks=...)`, tokens (create_token / hook_token / attach_token) and
print_value with a function: Nx.Defn.Kernel's hooks, ported from Nx 0.10's docs and its
evaluator tests (nx/test/nx/defn/evaluator_test.exs, "hooks"), in both compilers."""
from __future__ import annotations

import pytest

import nx
from nx.testing import assert_equal

MODES = ("xla", "evaluator")


def _sender(box, tag):
    return lambda t: box.append((tag, t))


def _numbers(box):
    return [(tag, nx.composite.traverse(t, nx.to_number)) for tag, t in box]


# --- Nx's evaluator tests ---------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_basic_hook_with_overrides(mode):
    got = []

    @nx.defn(compiler=mode)
    def basic_hook(a, b):
        return nx.hook(a + b, "example", _sender(got, "default"))

    assert_equal(basic_hook(1, 2), nx.tensor(3))
    assert _numbers(got) == [("default", 3)]
    got.clear()
    assert_equal(nx.jit(basic_hook)(1, 2), nx.tensor(3))
    assert _numbers(got) == [("default", 3)]
    got.clear()
    fun = nx.jit(basic_hook, hooks={"example": _sender(got, "custom")})
    assert_equal(fun(1, 2), nx.tensor(3))
    assert _numbers(got) == [("custom", 3)]


@pytest.mark.parametrize("mode", MODES)
def test_container_hook_with_overrides(mode):
    got = []

    @nx.defn(compiler=mode)
    def container_hook(a, b):
        return nx.hook((a, b), "example", _sender(got, "default"))

    assert_equal(container_hook(1, 2), (nx.tensor(1), nx.tensor(2)))
    assert _numbers(got) == [("default", (1, 2))]
    got.clear()
    fun = nx.jit(container_hook, hooks={"example": _sender(got, "custom")})
    assert_equal(fun(1, 2), (nx.tensor(1), nx.tensor(2)))
    assert _numbers(got) == [("custom", (1, 2))]


@pytest.mark.parametrize("mode", MODES)
def test_side_effect_hooks(mode):
    @nx.defn(compiler=mode)
    def side_effect_hooks(a, b):
        token = nx.create_token()
        token, _ = nx.hook_token(token, b, "b")
        token, _ = nx.hook_token(token, a, "a")
        return nx.attach_token(token, (a, b))

    got = []
    assert_equal(side_effect_hooks(1, 2), (nx.tensor(1), nx.tensor(2)))
    assert got == []
    nx.jit(side_effect_hooks, hooks={"a": _sender(got, "a")})(1, 2)
    assert _numbers(got) == [("a", 1)]
    got.clear()
    nx.jit(side_effect_hooks, hooks={"b": _sender(got, "b")})(1, 2)
    assert _numbers(got) == [("b", 2)]
    got.clear()
    nx.jit(side_effect_hooks, hooks={"a": _sender(got, "a"), "b": _sender(got, "b")})(1, 2)
    assert _numbers(got) == [("b", 2), ("a", 1)]     # the order they were added to the token


@pytest.mark.parametrize("mode", MODES)
def test_side_effect_nested_hooks(mode):
    @nx.defn(compiler=mode)
    def side_effect_nested_hooks(a, b):
        token = nx.create_token()
        token, _ = nx.hook_token(token, b, "b")
        a = nx.attach_token(token, a)
        return nx.hook(a, "a")

    got = []
    side_effect_nested_hooks(1, 2)
    assert got == []
    nx.jit(side_effect_nested_hooks, hooks={"a": _sender(got, "a")})(1, 2)
    assert _numbers(got) == [("a", 1)]
    got.clear()
    nx.jit(side_effect_nested_hooks, hooks={"b": _sender(got, "b")})(1, 2)
    assert _numbers(got) == [("b", 2)]
    got.clear()
    nx.jit(side_effect_nested_hooks, hooks={"a": _sender(got, "a"), "b": _sender(got, "b")})(1, 2)
    assert _numbers(got) == [("b", 2), ("a", 1)]


@pytest.mark.parametrize("mode", MODES)
def test_side_effect_nested_hooks_with_default(mode):
    got = []

    @nx.defn(compiler=mode)
    def with_default(a, b):
        token = nx.create_token()
        token, _ = nx.hook_token(token, b, "b", _sender(got, "b"))
        a = nx.attach_token(token, a)
        return nx.hook(a, "a")

    with_default(1, 2)
    assert _numbers(got) == [("b", 2)]
    got.clear()
    nx.jit(with_default, hooks={"a": _sender(got, "a")})(1, 2)
    assert _numbers(got) == [("b", 2), ("a", 1)]
    got.clear()
    nx.jit(with_default, hooks={"b": _sender(got, "custom")})(1, 2)
    assert _numbers(got) == [("custom", 2)]


@pytest.mark.parametrize("mode", MODES)
def test_named_hook_inside_a_loop(mode):
    @nx.defn(compiler=mode)
    def hook_upto10(x):
        return nx.while_loop(x, lambda x: nx.less(x, 10), lambda x: nx.hook(x + 1, "while"))

    got = []
    assert_equal(hook_upto10(5), nx.tensor(10))
    assert got == []
    fun = nx.jit(hook_upto10, hooks={"while": _sender(got, "while")})
    assert_equal(fun(5), nx.tensor(10))
    assert _numbers(got) == [("while", i) for i in (6, 7, 8, 9, 10)]


@pytest.mark.parametrize("mode", MODES)
def test_hook_inside_cond_runs_once(mode):
    # Nx's "cond cache" tests: a hooked value used inside and outside a cond runs once
    got = []

    @nx.defn(compiler=mode)
    def cond_cache(flag, a, b):
        res = nx.hook(a + b, "example", _sender(got, "hook"))
        c = nx.cond(flag, lambda: res, lambda: nx.tensor(0))
        return c * res

    assert_equal(cond_cache(0, 1, 2), nx.tensor(0))
    assert len(got) == 1
    assert_equal(cond_cache(1, 1, 2), nx.tensor(9))
    assert len(got) == 2


# --- the docs' examples -----------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_named_hooks_doc_example(mode, capsys):
    @nx.defn
    def add_and_mult(a, b):
        return nx.hook(a + b, "hooks_add"), nx.hook(a * b, "hooks_mult")

    hooks = {"hooks_add": lambda t: print(("add", nx.to_number(t)))}
    fun = nx.jit(add_and_mult, hooks=hooks, compiler=mode)
    add, mult = fun(nx.tensor(2), nx.tensor(3))
    assert (nx.to_number(add), nx.to_number(mult)) == (5, 6)
    assert capsys.readouterr().out == "('add', 5)\n"


@pytest.mark.parametrize("mode", MODES)
def test_hooks_and_tokens_doc_example(mode, capsys):
    @nx.defn(compiler=mode)
    def add_and_mult(a, b):
        token = nx.create_token()
        token, _add = nx.hook_token(token, a + b, "hooks_add",
                                    lambda t: print(("add", nx.to_number(t))))
        token, mult = nx.hook_token(token, a * b, "hooks_mult",
                                    lambda t: print(("mult", nx.to_number(t))))
        return nx.attach_token(token, mult)

    assert nx.to_number(add_and_mult(nx.tensor(2), nx.tensor(3))) == 6
    assert capsys.readouterr().out == "('add', 5)\n('mult', 6)\n"


def test_token_inspect():
    # Nx.Defn.TokenTest (Nx lists the newest hook first; we list them in the order added)
    token = nx.create_token()
    assert repr(token) == "nx.Token<[]>"
    token, _ = nx.hook_token(token, nx.tensor(1), "example")
    assert repr(token) == "nx.Token<['example']>"
    token2, _ = nx.hook_token(token, nx.tensor(1), "later")
    assert repr(token2) == "nx.Token<['example', 'later']>"
    assert repr(token) == "nx.Token<['example']>"          # tokens are immutable


# --- ordering, dropping, caching --------------------------------------------------------------

def test_independent_hooks_run_in_program_order():
    # hooks that do not depend on each other still run in the order they were traced (a
    # token threads them in the compiled program; XLA would otherwise reorder them)
    seen = []

    @nx.defn
    def f(x):
        outs = [nx.hook(x * (i + 1) + nx.sum(x), lambda t, i=i: seen.append(i))
                for i in range(24)]
        return nx.stack(outs[::-1])

    for _ in range(3):
        seen.clear()
        f(nx.iota((256,), type="f32"))
        assert seen == list(range(24))


def test_named_hooks_without_a_function_are_dropped():
    from nx.hooks import resolve

    def f(x):
        token, _ = nx.hook_token(nx.create_token(), x * 3, "unused")
        return nx.attach_token(token, nx.hook(x + 1, "named") * 2)

    m = nx.jit(f).lower(nx.tensor(1))
    assert str(m).count("nx.hook") == 2
    assert "nx.hook" not in str(resolve(m))
    kept = str(resolve(nx.jit(f).lower(nx.tensor(1)), {"unused": print}))
    assert kept.count("nx.hook") == 1 and 'callback = "unused' in kept
    assert_equal(nx.jit(f)(nx.tensor(1)), nx.tensor(4))


def test_a_token_op_keeps_only_the_hooks_with_functions():
    from nx.hooks import resolve
    got = []

    def f(a, b):
        token = nx.create_token()
        token, _ = nx.hook_token(token, a, "a")
        token, _ = nx.hook_token(token, (b, b * 2), "b", _sender(got, "b"))
        return nx.attach_token(token, a + b)

    m = resolve(nx.jit(f).lower(nx.tensor(1), nx.tensor(2)))
    (op,) = [o for o in m.main.body.ops if o.name == "nx.hook"]
    assert len(op.operands) == 2     # b and b * 2: a is not transferred
    for mode in MODES:
        got.clear()
        assert_equal(nx.jit(f, compiler=mode)(1, 2), nx.tensor(3))
        assert _numbers(got) == [("b", (2, 4))]


def test_hooks_option_merges_with_a_defns_own_and_each_jit_has_its_own_cache():
    got = []

    @nx.defn(hooks={"a": _sender(got, "a1")})
    def f(x):
        return nx.hook(x, "a") + nx.hook(x * 2, "b")

    f(nx.tensor(1))
    g = nx.jit(f, hooks={"b": _sender(got, "b2")})
    g(nx.tensor(1))
    h = nx.jit(f, hooks={"a": _sender(got, "a3")})
    h(nx.tensor(1))
    f(nx.tensor(1))                                  # f's own cached program is unchanged
    assert _numbers(got) == [("a1", 1), ("a1", 1), ("b2", 2), ("a3", 1), ("a1", 1)]


def test_compile_takes_hooks():
    got = []
    c = nx.compile(lambda x: nx.hook(x + 1, "h"), [nx.template((2,), "s32")],
                   hooks={"h": _sender(got, "h")})
    assert_equal(c(nx.tensor([1, 2])), nx.tensor([2, 3]))
    assert [(tag, nx.to_list(t)) for tag, t in got] == [("h", [2, 3])]


def test_hooks_inside_a_grad_and_vectorized():
    got = []

    @nx.defn(hooks={"sq": _sender(got, "sq")})
    def f(x):
        return nx.grad(x, lambda x: nx.sum(nx.hook(x * x, "sq")))

    assert_equal(f(nx.tensor([1.0, 3.0])), nx.tensor([2.0, 6.0]))
    assert [nx.to_list(t) for _, t in got] == [[1.0, 9.0]]
    got.clear()
    v = nx.vectorize(nx.tensor([[1.0, 2.0], [3.0, 4.0]]), "rows")

    @nx.defn
    def g(x):
        token, _ = nx.hook_token(nx.create_token(), x * 2, _sender(got, "v"))
        return nx.attach_token(token, x)

    assert_equal(g(v), v)
    (tag, t), = got
    assert t.vectorized_axes == (("rows", 2),)
    assert_equal(t, nx.vectorize(nx.tensor([[2.0, 4.0], [6.0, 8.0]]), "rows"))


# --- eagerly ----------------------------------------------------------------------------------

def test_tokens_and_named_hooks_eagerly():
    got = []
    t = nx.tensor([1, 2])
    assert nx.hook(t, "no_function") is t
    assert nx.hook(t, "named", _sender(got, "named")) is t
    token = nx.create_token()
    token, same = nx.hook_token(token, t, _sender(got, "first"))
    assert same is t
    token, _ = nx.hook_token(token, t * 2, "second", _sender(got, "second"))
    assert [tag for tag, _ in got] == ["named"]          # nothing runs before the attach
    assert nx.attach_token(token, 7) == 7
    assert [(tag, nx.to_list(v)) for tag, v in got] == [
        ("named", [1, 2]), ("first", [1, 2]), ("second", [2, 4])]


# --- print_value ------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_print_value_with_a_function_and_a_label(mode, capsys):
    @nx.defn(compiler=mode)
    def f(x):
        y = nx.print_value(nx.tanh(x), lambda t: nx.sum(t), label="tanh")
        return nx.print_value(y * 0, nx.size) + nx.print_value(x, label="x")

    out = f(nx.tensor([0.0, 0.0]))
    assert_equal(out, nx.tensor([0.0, 0.0]))
    assert capsys.readouterr().out == (
        "tanh: nx.Tensor<\n  f32\n  0.0\n>\n"
        "nx.Tensor<\n  s32\n  2\n>\n"
        "x: nx.Tensor<\n  f32[2]\n  [0.0, 0.0]\n>\n")


def test_print_value_eagerly_and_its_arguments(capsys):
    t = nx.tensor([1, 2])
    assert nx.print_value(t, nx.sum) is t
    assert nx.print_value(t, "label") is t          # a string second argument is the label
    assert nx.print_value(t, fun=lambda v: v * 2, label="twice") is t
    assert capsys.readouterr().out == (
        "nx.Tensor<\n  s32\n  3\n>\n"
        "label: nx.Tensor<\n  s32[2]\n  [1, 2]\n>\n"
        "twice: nx.Tensor<\n  s32[2]\n  [2, 4]\n>\n")
    with pytest.raises(TypeError, match="nx.print_value: expected a function"):
        nx.print_value(t, 3)


def test_print_value_hooks_cannot_be_overridden_by_name(capsys):
    # print_value's hook has a generated name (as Nx's), so hooks= does not replace it
    f = nx.jit(lambda x: nx.print_value(x), hooks={"print_value": lambda t: None})
    f(nx.tensor(1))
    assert capsys.readouterr().out == "nx.Tensor<\n  s32\n  1\n>\n"


# --- errors -----------------------------------------------------------------------------------

def test_errors():
    t = nx.tensor(1)
    with pytest.raises(TypeError, match="nx.hook_token: expected a token"):
        nx.hook_token("token", t, "x")
    with pytest.raises(TypeError, match="nx.attach_token: expected a token"):
        nx.attach_token(None, t)
    with pytest.raises(TypeError, match="nx.hook_token: expected a function or a hook name"):
        nx.hook_token(nx.create_token(), t, 3)
    with pytest.raises(TypeError, match="expected a hook name .* before the function"):
        nx.hook(t, print, print)
    with pytest.raises(ValueError, match="nx.hook: the hooked value holds no tensors"):
        nx.hook((), "x")
    with pytest.raises(TypeError, match="nx.jit: hooks must be a dict"):
        nx.jit(lambda x: x, hooks=[print])
    with pytest.raises(TypeError, match="nx.jit: the hook 'a' must be a function"):
        nx.jit(lambda x: x, hooks={"a": 1})
    with pytest.raises(TypeError, match="nx.jit: hook names must be strings"):
        nx.jit(lambda x: x, hooks={1: print})
