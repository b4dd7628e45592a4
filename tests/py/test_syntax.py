"""Python control flow inside defn (nx/syntax.py): if/elif/else, while, for-range, and/or/not,
conditional expressions — converted to nx.cond / nx.while_loop / nx.fori_loop over tensors,
plain Python over static values. References are computed with NumPy, eagerly in Python."""
from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import nx
from nx.compiler.ir import walk

MODES = ("xla", "evaluator")


def ops_of(fn, *args):
    module = nx.jit(fn).lower(*args)
    return [op.name for op in walk(module.main.body)]


# --- the seed: WhileExample.while_sum_and_multiply ------------------------------------------

@nx.defn
def while_sum_and_multiply(x, y):
    n, _ = x.shape
    out = nx.broadcast(0, (n,))
    i = 0
    while i < n:
        update = nx.sum(x[i]) + y[i]
        out = nx.indexed_put(out, nx.reshape(i, (1, 1)), nx.reshape(update, (1,)))
        i = i + 1
    return out


@nx.defn
def for_sum_and_multiply(x, y):
    n = x.shape[0]
    out = nx.broadcast(0, (n,))
    for i in range(nx.tensor(n)):        # a tensor bound: always a loop in the program
        update = nx.sum(x[i]) + y[i]
        out = nx.indexed_put(out, nx.reshape(i, (1, 1)), nx.reshape(update, (1,)))
    return out


@nx.defn
def loop_sum_and_multiply(x, y):
    n = x.shape[0]

    def body(i, state):
        out, (x, y) = state
        update = nx.sum(x[i]) + y[i]
        return nx.indexed_put(out, nx.reshape(i, (1, 1)), nx.reshape(update, (1,))), (x, y)
    out, _ = nx.fori_loop(0, n, (nx.broadcast(0, (n,)), (x, y)), body)
    return out


def test_seed_while_example_all_spellings():
    x = nx.tensor([[1, 2, 3], [1, 0, 0], [0, 1, 3]])
    y = nx.tensor([4, 5, 6])
    for f in (while_sum_and_multiply, for_sum_and_multiply, loop_sum_and_multiply):
        assert nx.to_list(f(x, y)) == [10, 6, 10], f.__name__
    assert "nx.while" in ops_of(for_sum_and_multiply, x, y)


# --- if / elif / else -------------------------------------------------------------------------

@nx.defn
def branches(x):
    if nx.sum(x) > 10:
        y = x * 2
        z = 1.0
    elif nx.sum(x) > 0:
        y = x + 100
        z = 2.0
    else:
        y = -x
        z = 3.0
    return y * z


@pytest.mark.parametrize("mode", MODES)
def test_if_elif_else(mode):
    f = nx.jit(branches.__wrapped__ if hasattr(branches, "__wrapped__") else branches,
               compiler=mode)
    for data in ([5.0, 7.0], [1.0, 2.0], [-1.0, -2.0]):
        x = np.array(data, np.float32)
        s = x.sum()
        want = x * 2 * 1.0 if s > 10 else (x + 100) * 2.0 if s > 0 else -x * 3.0
        np.testing.assert_allclose(f(nx.tensor(x)).to_numpy(), want)
    assert ops_of(branches, nx.tensor([1.0])).count("nx.cond") == 2   # elif is a nested cond


def test_static_if_keeps_python_semantics():
    @nx.defn
    def f(x, mode="double"):
        if mode == "double":
            return x * 2
        return x
    assert nx.to_list(f(nx.tensor([1, 2]))) == [2, 4]
    assert nx.to_list(f(nx.tensor([1, 2]), mode="id")) == [1, 2]
    assert "nx.cond" not in ops_of(lambda x: f(x), nx.tensor([1]))


def test_if_returning_containers_and_merging_types():
    @nx.defn
    def f(x):
        if x[0] > 0:
            out = {"a": x, "b": (x * 2, 1)}
        else:
            out = {"a": x * 0.5, "b": (x, 2)}
        return out
    r = f(nx.tensor([1, 2]))
    assert r["a"].type == "f32" and nx.to_list(r["a"]) == [1.0, 2.0]    # s32 and f32 merge
    assert nx.to_list(r["b"][0]) == [2, 4] and nx.to_number(r["b"][1]) == 1
    r = f(nx.tensor([-1, 2]))
    assert nx.to_list(r["a"]) == [-0.5, 1.0] and nx.to_number(r["b"][1]) == 2


def test_if_that_assigns_in_one_branch_keeps_the_old_value():
    @nx.defn
    def f(x):
        y = x
        if nx.sum(x) > 0:
            y = x * 10
        return y
    assert nx.to_list(f(nx.tensor([1, 2]))) == [10, 20]
    assert nx.to_list(f(nx.tensor([-1, -2]))) == [-1, -2]


def test_variable_defined_in_only_one_branch_is_an_error_when_used():
    @nx.defn
    def f(x):
        if nx.sum(x) > 0:
            only = x * 2
        return only
    with pytest.raises(NameError, match="'only'.*only one branch of the `if` over a tensor"):
        f(nx.tensor([1.0]))

    @nx.defn
    def g(x):   # not used afterwards: fine
        if nx.sum(x) > 0:
            tmp = x * 2
            x = tmp + 1
        return x
    assert nx.to_list(g(nx.tensor([1.0]))) == [3.0]


def test_branches_with_incompatible_shapes():
    @nx.defn
    def f(x):
        if nx.sum(x) > 0:
            y = x
        else:
            y = nx.concatenate([x, x])
        return y
    with pytest.raises(ValueError, match="different shapes"):
        f(nx.tensor([1.0, 2.0]))


def test_return_inside_tensor_if_is_explained():
    @nx.defn
    def f(x):
        if nx.sum(x) > 0:
            return x
        return -x
    with pytest.raises(TypeError, match=r"line \d+: cannot convert an if statement over a traced "
                                        r"tensor because it contains a return statement"):
        f(nx.tensor([1.0]))

    @nx.defn
    def g(x, flag=True):      # a return under a static condition is plain Python
        if flag:
            return x
        return -x
    assert nx.to_list(g(nx.tensor([1.0]))) == [1.0]


# --- while ------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_data_dependent_while_with_container_state(mode):
    def f(x):
        count = 0
        state = {"x": x, "steps": nx.tensor(0.0)}
        while nx.sum(state["x"]) < 100:
            state = {"x": state["x"] * 2, "steps": state["steps"] + 1}
            count = count + 1
        return state["x"], state["steps"], count
    g = nx.jit(nx.syntax.convert(f), compiler=mode)
    x, steps, count = g(nx.tensor([1.0, 2.0]))
    assert nx.to_list(x) == [64.0, 128.0] and nx.to_number(steps) == 6 and nx.to_number(count) == 6
    assert count.type == "s32"


def test_nested_loops_and_branches():
    @nx.defn
    def f(m, rows, cols):
        total = 0.0
        for i in range(rows):
            j = 0
            while j < cols:
                v = m[i][j]
                if v > 0:
                    total = total + v
                else:
                    total = total - 1
                j = j + 1
        return total
    m = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], np.float32)
    want = sum(v if v > 0 else -1 for v in m.ravel())
    args = (nx.tensor(m), nx.tensor(2), nx.tensor(3))
    np.testing.assert_allclose(nx.to_number(f(*args)), want)
    names = ops_of(f, *args)
    assert names.count("nx.while") == 2 and names.count("nx.cond") == 1


def test_break_in_tensor_while_is_explained():
    @nx.defn
    def f(x):
        while nx.sum(x) < 10:
            x = x * 2
            if nx.sum(x) > 5:
                break
        return x
    with pytest.raises(TypeError, match="cannot convert a while loop over a traced tensor "
                                        "because it contains a break statement"):
        f(nx.tensor([1.0]))


def test_loop_variable_changing_shape_is_explained():
    @nx.defn
    def f(x, n):
        acc = x
        for i in range(n):  # noqa: B007  (a defn loop: nx.defn converts it)
            acc = nx.concatenate([acc, x])
        return acc
    with pytest.raises(ValueError, match="variable 'acc' changes shape from \\(1,\\) to \\(2,\\)"):
        f(nx.tensor([1.0]), nx.tensor(3))


# --- for over range -----------------------------------------------------------------------------

def test_for_over_static_range_with_traced_state_is_one_loop():
    @nx.defn
    def f(x):
        acc = 0
        for i in range(1, 7, 2):
            acc = acc + x * i
        return acc
    assert nx.to_list(f(nx.tensor([1.0, 2.0]))) == [9.0, 18.0]
    names = ops_of(f, nx.tensor([1.0, 2.0]))
    assert names.count("nx.while") == 1 and names.count("nx.sin") == 0


def test_for_needing_a_python_index_is_unrolled():
    weights = [2.0, 3.0, 4.0]

    @nx.defn
    def f(x):
        for i in range(3):
            x = x * weights[i]
        return x
    assert nx.to_list(f(nx.tensor([1.0]))) == [24.0]
    assert "nx.while" not in ops_of(f, nx.tensor([1.0]))


def test_for_with_static_state_is_plain_python():
    @nx.defn
    def f(x):
        shape = ()
        for i in range(3):
            shape = shape + (i + 1,)
        return nx.broadcast(x, shape)
    assert f(nx.tensor(1.0)).shape == (1, 2, 3)


# --- and / or / not / conditional expressions ----------------------------------------------------

def test_boolean_operators_over_tensors_and_static_values():
    @nx.defn
    def f(x, strict=False):
        inside = x > 0 and x < 2 and not (x == 1)
        either = x < 0 or x > 3
        keep = (not strict) and inside      # static `and` short-circuits in Python
        return nx.select(keep, x, 0), either
    a, b = f(nx.tensor([0.5, 1.0, 1.5, 2.5, -1.0, 4.0]))
    assert nx.to_list(a) == [0.5, 0.0, 1.5, 0.0, 0.0, 0.0]
    assert nx.to_list(b) == [0, 0, 0, 0, 1, 1] and b.type == "u8"
    a, _ = f(nx.tensor([0.5]), strict=True)
    assert nx.to_list(a) == [0.0]          # `False and ...` is False: select picks 0


def test_conditional_expression():
    @nx.defn
    def f(x):
        return x * 2 if nx.sum(x) > 3 else x - 1
    assert nx.to_list(f(nx.tensor([1.0, 2.0]))) == [0.0, 1.0]
    assert nx.to_list(f(nx.tensor([2.0, 2.0]))) == [4.0, 4.0]


# --- grads through converted control flow ---------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_grad_through_converted_control_flow_vs_jax(mode):
    def f(x, w):
        acc = x
        for i in range(3):  # noqa: B007  (a defn loop: nx.defn converts it)
            if nx.sum(acc) > 0:
                acc = nx.sin(acc) * w
            else:
                acc = acc * acc
        return nx.sum(acc)
    g = nx.jit(lambda x, w: nx.grad((x, w), lambda t: nx.syntax.convert(f)(*t)), compiler=mode)

    def fj(x, w):
        def body(i, acc):
            return jax.lax.cond(jnp.sum(acc) > 0, lambda: jnp.sin(acc) * w, lambda: acc * acc)
        return jnp.sum(jax.lax.fori_loop(0, 3, body, x))
    for x in ([0.5, 1.5, -0.2], [-2.0, -1.0, 0.5]):
        x = np.array(x, np.float32)
        w = np.array([1.2, -0.7, 0.9], np.float32)
        gx, gw = g(nx.tensor(x), nx.tensor(w))
        jx, jw = jax.grad(fj, argnums=(0, 1))(x, w)
        np.testing.assert_allclose(gx.to_numpy(), jx, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(gw.to_numpy(), jw, rtol=1e-5, atol=1e-6)


# --- the conversion itself ------------------------------------------------------------------------

def test_functions_without_control_flow_or_source_are_left_alone():
    def plain(x):
        return x + 1
    assert nx.syntax.convert(plain) is plain
    lam = lambda x: x + 1  # noqa: E731
    assert nx.syntax.convert(lam) is lam
    ns = {}
    exec("def f(x):\n    return x if x else -x\n", ns)
    assert nx.syntax.convert(ns["f"]) is ns["f"]


def test_errors_point_at_the_users_line():
    @nx.defn
    def f(x):
        if nx.sum(x) > 0:
            y = nx.dot(x, nx.tensor([1.0, 2.0, 3.0]))    # the bad line
        else:
            y = x
        return y
    with pytest.raises(ValueError) as e:
        f(nx.tensor([1.0, 2.0]))
    tb = e.traceback
    assert any(entry.path.name == "test_syntax.py" and "the bad line" in str(entry.statement)
               for entry in tb)


def test_recursion_is_an_error():
    @nx.defn
    def f(x):
        return f(x - 1)
    with pytest.raises(RecursionError, match="calls itself while being traced"):
        f(nx.tensor(3))


def test_closures_and_defaults_survive_conversion():
    scale = 3.0

    @nx.defn
    def f(x, k=2):
        if nx.sum(x) > 0:
            x = x * scale * k
        return x
    assert nx.to_list(f(nx.tensor([1.0]))) == [6.0]
    assert nx.to_list(f(nx.tensor([1.0]), k=1)) == [3.0]


def test_docs_collatz_example():
    @nx.defn
    def collatz_steps(n):
        steps = 0
        while n != 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps = steps + 1
        return steps

    def reference(n):
        steps = 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        return steps
    for n in (1, 6, 27, 97):
        assert nx.to_number(collatz_steps(nx.tensor(n))) == reference(n)
    names = ops_of(collatz_steps, nx.tensor(27))
    assert names.count("nx.while") == 1 and names.count("nx.cond") == 1


@pytest.mark.parametrize("unroll", [False, 1, 2, 3, 7, True])
def test_fori_loop_unroll_gives_the_same_result(unroll):
    def f(x):
        return nx.fori_loop(1, 8, x, lambda i, s: s * 1.5 + i, unroll=unroll)
    want = 0.5
    for i in range(1, 8):
        want = want * 1.5 + i
    for mode in MODES:
        np.testing.assert_allclose(nx.to_number(nx.jit(f, compiler=mode)(nx.tensor(0.5))), want,
                                   rtol=1e-6)
    names = ops_of(f, nx.tensor(0.5))
    bodies = names.count("nx.multiply")
    if unroll is True or unroll == 7:
        assert "nx.while" not in names and bodies == 7
    elif unroll in (2, 3):
        assert names.count("nx.while") == 1 and bodies == unroll + 7 % unroll
    # grads through the unrolled loop match jax
    g = nx.jit(lambda x: nx.grad(x, f))(nx.tensor(0.5))
    np.testing.assert_allclose(nx.to_number(g), 1.5 ** 7, rtol=1e-5)


def test_fori_loop_unroll_with_tensor_bounds_and_errors():
    f = nx.jit(lambda x, n: nx.fori_loop(0, n, x, lambda i, s: s + i, unroll=3))
    for n in (0, 2, 3, 7):
        assert nx.to_number(f(nx.tensor(0), nx.tensor(n))) == sum(range(n))
    with pytest.raises(ValueError, match="unroll=True needs integer bounds"):
        nx.jit(lambda x, n: nx.fori_loop(0, n, x, lambda i, s: s, unroll=True))(
            nx.tensor(0), nx.tensor(3))
    with pytest.raises(ValueError, match="unroll must be a boolean or a positive integer"):
        nx.fori_loop(0, 3, nx.tensor(0), lambda i, s: s, unroll=0)


@pytest.mark.parametrize("mode", MODES)
def test_converted_control_flow_with_vectorized_predicates(mode):
    def f(x):
        if x > 0:
            y = x * 2
        else:
            y = -x
        return y

    def g(x):
        while x < 10:
            x = x * 2
        return x
    f, g = nx.syntax.convert(f), nx.syntax.convert(g)
    v = nx.vectorize(nx.tensor([1.0, -2.0, 3.0]), "r")
    out = nx.jit(f, compiler=mode)(v)
    assert out.vectorized_axes == (("r", 3),) and nx.to_list(out) == [2.0, 2.0, 6.0]
    v = nx.vectorize(nx.tensor([1.0, 3.0, 20.0]), "r")
    assert nx.to_list(nx.jit(g, compiler=mode)(v)) == [16.0, 12.0, 20.0]
    # per-entry gradients through the vectorized while: 2^(number of doublings)
    d = nx.jit(lambda x: nx.grad(x, lambda x: nx.sum(g(x))), compiler=mode)(v)
    assert nx.to_list(d) == [16.0, 4.0, 1.0]


@pytest.mark.parametrize("mode", MODES)
def test_functions_nested_in_a_defn_are_converted(mode):
    # the function given to nx.grad holds a data-dependent while; a lambda a conditional
    # expression; a generator and a hook callback (static values) keep Python semantics
    seen = []

    def f(x):
        def obj(y):
            while nx.sum(nx.abs(y)) < 10.0:
                y = y * 2.0
            return nx.sum(y * y)

        def gen():
            for i in range(3):  # noqa: UP028  (the test: a generator keeps Python semantics)
                yield i
        total = 0.0
        for i in gen():
            total = total + x * i

        def on_value(v):
            if nx.to_number(nx.sum(v)) > 0:
                seen.append("positive")
        flip = lambda t: t * 2.0 if nx.sum(t) > 0 else -t  # noqa: E731
        return nx.hook(total, on_value), nx.grad(x, obj), flip(x)

    total, g, flipped = nx.jit(f, compiler=mode)(nx.tensor([1.0, 2.0]))
    np.testing.assert_allclose(nx.to_numpy(total), [3.0, 6.0])
    # sum 3 -> 6 -> 12: two doublings, y = 4x, d/dx sum(16 x^2) = 32 x
    np.testing.assert_allclose(nx.to_numpy(g), [32.0, 64.0])
    np.testing.assert_allclose(nx.to_numpy(flipped), [2.0, 4.0])
    assert seen == ["positive"]
    _, g, flipped = nx.jit(f, compiler=mode)(nx.tensor([-1.0, -2.0]))
    np.testing.assert_allclose(nx.to_numpy(g), [-32.0, -64.0])
    np.testing.assert_allclose(nx.to_numpy(flipped), [1.0, 2.0])
    assert seen == ["positive"]


def test_converting_a_function_nested_in_a_converted_defn_again_is_harmless():
    @nx.defn
    def f(x):
        def g(y):
            while y < 10:
                y = y * 2
            return y
        return nx.syntax.convert(g)(x)
    assert nx.to_number(f(nx.tensor(3.0))) == 12.0


def _outside_helper(t):
    if nx.sum(t) > 0:      # a helper defined outside any defn is plain Python
        t = t * 2
    return t


def test_tensor_condition_in_an_outside_helper_explains_the_rule():
    with pytest.raises(TypeError, match=r"the truth value of a traced tensor \(u8\[\]\) is not "
                                        r"known while tracing a defn.*not in helpers defined "
                                        r"elsewhere \(make such a helper a defn"):
        nx.jit(lambda x: _outside_helper(x) + 1)(nx.tensor([1.0]))
    # as a defn, the same helper works (defns called from defns are inlined)
    helper = nx.defn(_outside_helper)
    out = nx.jit(lambda x: helper(x) + 1)(nx.tensor([1.0]))
    assert nx.to_list(out) == [3.0]


# --- lambdas given to nx.jit --------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_lambda_given_to_jit_is_converted(mode):
    absolute = nx.jit(lambda x: x if x > 0 else -x, compiler=mode)
    assert nx.to_number(absolute(nx.tensor(-2.0))) == 2.0
    assert nx.to_number(absolute(nx.tensor(3.0))) == 3.0
    both = nx.jit(lambda x, y: (x > 0) and (y > 0), compiler=mode)
    assert [nx.to_number(both(nx.tensor(a), nx.tensor(b)))
            for a, b in ((1, 1), (1, -1), (-1, 1))] == [1, 0, 0]
    neither = nx.jit(lambda x, y: not (x > 0 or y > 0), compiler=mode)
    assert [nx.to_number(neither(nx.tensor(a), nx.tensor(b)))
            for a, b in ((1, -1), (-1, -1))] == [0, 1]
    assert "nx.cond" in ops_of(lambda x: x if x > 0 else -x, nx.tensor(1.0))
    assert "nx.logical_and" in ops_of(lambda x, y: (x > 0) and (y > 0), nx.tensor(1), nx.tensor(2))


def test_lambdas_sharing_a_line_are_told_apart():
    pos, neg = nx.jit(lambda x: x if x > 0 else 0 * x), nx.jit(lambda x: 0 * x if x > 0 else x)
    assert [nx.to_number(pos(nx.tensor(v))) for v in (-2.0, 2.0)] == [0.0, 2.0]
    assert [nx.to_number(neg(nx.tensor(v))) for v in (-2.0, 2.0)] == [-2.0, 0.0]
    # a lambda made by a lambda of the same line (same parameter name): the inner one
    make = lambda s: lambda x: x * s if x > 0 else -x  # noqa: E731
    f = nx.jit(make(nx.tensor(10.0)))
    assert [nx.to_number(f(nx.tensor(v))) for v in (-2.0, 2.0)] == [2.0, 20.0]
    same = lambda x: (lambda x: x if x > 0 else -x)(x * 2)  # noqa: E731
    assert nx.to_number(nx.jit(same)(nx.tensor(-1.5))) == 3.0


def test_lambda_over_lines_with_defaults_and_closures():
    scale = 3.0
    f = nx.jit(
        lambda x, k=2.0:
            x * scale * k
            if nx.sum(x) > 0
            else x
    )
    assert nx.to_list(f(nx.tensor([1.0]))) == [6.0]
    assert nx.to_list(f(nx.tensor([1.0]), k=1.0)) == [3.0]
    assert nx.to_list(f(nx.tensor([-1.0]))) == [-1.0]


def test_lambda_on_static_values_keeps_python_semantics():
    f = nx.jit(lambda x, mode="neg": -x if mode == "neg" else x)
    assert nx.to_number(f(nx.tensor(2.0))) == -2.0
    assert nx.to_number(f(nx.tensor(2.0), mode="id")) == 2.0
    assert "nx.cond" not in ops_of(lambda x: -x if 1 > 0 else x, nx.tensor(1.0))


# --- functions whose source cannot be read --------------------------------------------------------

_GENERIC = "not in helpers defined elsewhere"


def _run_python(args, stdin=None):
    r = subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode != 0, r.stdout
    return r.stderr


def test_defn_from_python_c_says_its_source_is_unavailable():
    err = _run_python(["-c", textwrap.dedent("""\
        import nx
        @nx.defn
        def f(x):
            if x > 0:
                x = -x
            return x
        f(nx.tensor(1.0))
        """)])
    assert "TypeError: the truth value of a traced tensor (u8[]) is not known" in err
    assert "the source of f (defined in <string>, line 2) is unavailable" in err
    assert "Define it in a file" in err and "nx.cond(pred, on_true, on_false)" in err
    assert _GENERIC not in err


def test_lambda_from_stdin_says_its_source_is_unavailable():
    err = _run_python(["-"], stdin="import nx\nnx.jit(lambda x: x if x > 0 else -x)"
                                   "(nx.tensor(1.0))\n")
    assert "the source of <lambda> (defined in <stdin>, line 2) is unavailable" in err
    assert _GENERIC not in err


def test_functions_made_by_exec_say_their_source_is_unavailable():
    ns = {"nx": nx}
    exec(textwrap.dedent("""\
        def f(x):
            while x < 10:
                x = x * 2
            return x

        def g(x):
            def inner(y):
                return y and x
            return inner(x)

        def helper(x):
            return -x if x > 0 else x
        """), ns)
    with pytest.raises(TypeError, match=r"the source of f \(defined in <string>, line 1\) is "
                                        r"unavailable .*exec.*Define it in a file") as e:
        nx.jit(ns["f"])(nx.tensor(1.0))
    assert _GENERIC not in str(e.value)
    # a function nested in it: the defn is named, and where it happened
    with pytest.raises(TypeError, match=r"the source of g \(defined in <string>, line 6\) is "
                                        r"unavailable.*\(here in g.<locals>.inner\)"):
        nx.jit(ns["g"])(nx.tensor(1.0))
    # a helper made by exec, called from a defn with source: it needs a file and to be a defn
    helper = ns["helper"]
    with pytest.raises(TypeError, match=r"the source of helper \(defined in <string>, line 11\) "
                                        r"is unavailable.*Define it in a file .* and make it a "
                                        r"defn"):
        nx.jit(lambda x: helper(x) + 1)(nx.tensor(1.0))


def test_truth_value_error_names_the_function_without_source():
    # what Tensor.__bool__ raises, built from the frame that asked for the truth value
    ns = {"nx": nx}
    exec("def f(x):\n    raise nx.syntax.truth_value_error(x > 0)\n", ns)
    with pytest.raises(TypeError, match=r"^the truth value of a traced tensor \(u8\[\]\) is not "
                                        r"known while tracing a defn\. .*the source of f "
                                        r"\(defined in <string>, line 1\) is unavailable"):
        nx.jit(ns["f"])(nx.tensor(1.0))

    def here(x):
        raise nx.syntax.truth_value_error(x > 0)
    with pytest.raises(TypeError, match=_GENERIC):
        nx.jit(here)(nx.tensor(1.0))


@pytest.fixture
def edited_lambda(tmp_path, monkeypatch):
    """A lambda from a module whose file was edited after it was imported (only a constant
    changed: the new text has the same shape)."""
    src = tmp_path / "nx_edited_lambda.py"
    src.write_text("f = lambda x: x if x > 0 else -x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "nx_edited_lambda", raising=False)
    mod = importlib.import_module("nx_edited_lambda")
    monkeypatch.delitem(sys.modules, "nx_edited_lambda")
    src.write_text("f = lambda x: x if x > 1 else -x\n")
    return mod.f


def test_lambda_whose_file_changed_is_left_unconverted(edited_lambda):
    # converting the new text would silently run `x > 1` for a function that says `x > 0`
    assert nx.syntax.convert(edited_lambda) is edited_lambda


def test_lambda_whose_file_changed_says_so(edited_lambda):
    with pytest.raises(TypeError, match=r"the source of <lambda> \(defined in "
                                        r"nx_edited_lambda.py, line 1\) does not match its "
                                        r"code \(was the file changed after it was loaded\?\)"):
        nx.jit(edited_lambda)(nx.tensor(1.0))


# --- statements that change objects from outside run as Python ---------------------------------

def test_for_appending_tensors_to_an_outer_list_is_unrolled():
    @nx.defn
    def f(x):
        outs = []
        for i in range(3):
            y = x * (i + 1)
            outs.append(y)
        return nx.stack(outs)
    np.testing.assert_array_equal(f(nx.tensor([1.0, 2.0])).to_numpy(),
                                  [[1, 2], [2, 4], [3, 6]])
    assert "nx.while" not in ops_of(f, nx.tensor([1.0, 2.0]))


def test_for_storing_into_an_outer_dict_is_unrolled():
    @nx.defn
    def f(x):
        acc = {}
        total = 0
        for i in range(2):
            total = total + x
            acc[i] = total
        return acc[0] + acc[1]
    np.testing.assert_array_equal(f(nx.tensor([1.0])).to_numpy(), [3.0])


def test_tensor_condition_around_a_mutation_is_explained():
    @nx.defn
    def f(x):
        outs = []
        if nx.sum(x) > 0:
            outs.append(x)
        return x
    with pytest.raises(Exception, match=r"outs\.append\(\)"):
        f(nx.tensor([1.0]))
