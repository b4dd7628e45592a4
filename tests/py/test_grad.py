"""Reverse-mode automatic differentiation: nx.grad, nx.value_and_grad, nx.stop_grad and the
grad-expansion pass. jax is only an oracle here."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest

import nx
from nx.compiler.ir import walk
from nx.compiler.passes import PassManager

from gradcheck import check_grad

MODES = ("xla", "evaluator")


def _run(fn, *args, compiler="xla"):
    return nx.jit(fn, compiler=compiler)(*args)


# --- the seeds ------------------------------------------------------------------------------

def f(x):
    return x ** 3 + x


@pytest.mark.parametrize("mode", MODES)
def test_math_grad_f_integer_input_gives_f32(mode):
    x = nx.tensor([[1, 1], [2, 3], [5, 8]])
    g = _run(lambda x: nx.grad(x, f), x, compiler=mode)
    assert g.type == nx.Type("f", 32)
    np.testing.assert_array_equal(g.to_numpy(), [[4, 4], [13, 28], [76, 193]])


def test_grad_outside_defn():
    x = nx.tensor([[1, 1], [2, 3], [5, 8]])
    np.testing.assert_array_equal(nx.grad(x, f).to_numpy(), [[4, 4], [13, 28], [76, 193]])


@pytest.mark.parametrize("mode", MODES)
def test_gradfun_cos_exp_sum(mode):
    def my_function(x):
        return nx.sum(nx.exp(nx.cos(x)))
    g = _run(lambda x: nx.grad(x, my_function), nx.tensor([1.0, 2.0, 3.0]), compiler=mode)
    np.testing.assert_allclose(g.to_numpy(), [-1.4444065, -0.5997575, -0.0524373], rtol=1e-5)


def test_berry_farm_profits_derivative():
    def profits(trees):
        return -((trees - 1) ** 4) + trees ** 3 + trees ** 2

    @nx.defn
    def profits_derivative(trees):
        return nx.grad(trees, profits)

    t = np.array([0.0, 0.5, 1.0, 2.0, 3.0303030014038086, 4.0], np.float32)
    got = profits_derivative(nx.tensor(t)).to_numpy()
    want = -4 * (t - 1) ** 3 + 3 * t ** 2 + 2 * t
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert got[0] == 4.0 and got[-1] == -52.0


@pytest.mark.parametrize("mode", MODES)
def test_grad_of_containers(mode):
    def add_multiply(x, y, z):
        return nx.multiply(z, nx.add(x, y))
    x, y, z = nx.tensor([1, 2]), nx.tensor([3, 4]), nx.tensor([5, 6])
    gx, gy, gz = _run(lambda x, y, z: nx.grad((x, y, z), lambda t: add_multiply(*t)),
                      x, y, z, compiler=mode)
    np.testing.assert_array_equal(gx.to_numpy(), [5, 6])
    np.testing.assert_array_equal(gy.to_numpy(), [5, 6])
    np.testing.assert_array_equal(gz.to_numpy(), [4, 6])
    g = _run(lambda p: nx.grad(p, lambda p: nx.sum(p["w"] * p["b"] ** 2)),
             {"w": nx.tensor([1.0, 2.0]), "b": nx.tensor(3.0)}, compiler=mode)
    assert set(g) == {"b", "w"}
    np.testing.assert_allclose(g["w"].to_numpy(), [9.0, 9.0])
    np.testing.assert_allclose(g["b"].to_numpy(), 18.0)


@pytest.mark.parametrize("mode", MODES)
def test_value_and_grad_with_transform(mode):
    x = nx.tensor([[1, 1], [2, 3], [5, 8]])

    def run(x):
        return nx.value_and_grad(x, lambda x: (nx.pow(x, 3), x), lambda o: nx.add(o[0], o[1]))
    (x_cubed, x_again), g = _run(run, x, compiler=mode)
    np.testing.assert_array_equal(x_cubed.to_numpy(), [[1, 1], [8, 27], [125, 512]])
    np.testing.assert_array_equal(x_again.to_numpy(), x.to_numpy())
    np.testing.assert_array_equal(g.to_numpy(), [[4, 4], [13, 28], [76, 193]])


def test_value_and_grad_plain_and_eager():
    v, g = nx.value_and_grad(nx.tensor([[1, 1], [2, 3], [5, 8]]), f)
    np.testing.assert_array_equal(v.to_numpy(), [[2, 2], [10, 30], [130, 520]])
    np.testing.assert_array_equal(g.to_numpy(), [[4, 4], [13, 28], [76, 193]])


@pytest.mark.parametrize("mode", MODES)
def test_stop_grad_and_unused_inputs(mode):
    def fn(x, y):
        return nx.grad((x, y), lambda t: nx.sum(t[0] * nx.stop_grad(t[0])))
    gx, gy = _run(fn, nx.tensor([1.0, -2.0]), nx.tensor([[3.0]]), compiler=mode)
    np.testing.assert_allclose(gx.to_numpy(), [1.0, -2.0])
    np.testing.assert_array_equal(gy.to_numpy(), [[0.0]])
    assert nx.stop_grad(nx.tensor([1.0, 2.0])).to_numpy().tolist() == [1.0, 2.0]


@pytest.mark.parametrize("mode", MODES)
def test_grad_of_grad(mode):
    def d2(x):
        return nx.grad(x, lambda x: nx.grad(x, lambda x: nx.sin(x) * x ** 3))
    x = np.float32(0.7)
    got = _run(d2, nx.tensor(x), compiler=mode).to_numpy()
    want = -np.sin(x) * x ** 3 + 6 * np.cos(x) * x ** 2 + 6 * np.sin(x) * x
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_expansion_leaves_no_grad_op_and_shares_forward():
    def fn(x):
        v, g = nx.value_and_grad(x, lambda x: nx.sum(nx.exp(nx.sin(x))))
        return v, g, nx.sum(nx.exp(nx.sin(x)))
    module = nx.jit(fn).lower(nx.tensor([1.0, 2.0]))
    assert any(op.name == "nx.grad" for op in walk(module.main.body))
    module = PassManager("grad-expansion,canonicalize").run(module)
    names = [op.name for op in walk(module.main.body)]
    assert "nx.grad" not in names
    assert names.count("nx.sin") == 1 and names.count("nx.exp") == 1


def test_missing_rule_names_the_op():
    from nx.dialects.nx import registry
    registry.define("test_no_grad", infer=lambda ts, a: [ts[0]], kernel=lambda a, o, x: x.copy(),
                    lower=lambda ctx, op, x: x,
                    missing={"grad": "a test op without a gradient"})
    try:
        def fn(x):
            return nx.grad(x, lambda x: nx.sum(nx._dispatch.apply("test_no_grad", [x], {}) * x))
        with pytest.raises(TypeError, match="nx.test_no_grad: a test op without a gradient"):
            nx.jit(fn)(nx.tensor([1.0, 2.0]))
    finally:
        del registry.OPS["test_no_grad"]


# --- control flow and custom_grad -----------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_grad_through_fori_loop_vs_jax(mode):
    def loop(x, w, m):
        return m.sum(nx.fori_loop(0, 4, x, lambda i, s: m.sin(s) * w + s * 0.5)
                     if m is nx else jax.lax.fori_loop(0, 4, lambda i, s: jnp.sin(s) * w + s * 0.5,
                                                       x))
    x = np.array([0.3, -1.2, 2.0], np.float32)
    w = np.array([1.5, 0.5, -0.7], np.float32)
    gx, gw = _run(lambda x, w: nx.grad((x, w), lambda t: loop(t[0], t[1], nx)),
                  nx.tensor(x), nx.tensor(w), compiler=mode)
    jx, jw = jax.grad(lambda x, w: loop(x, w, jnp), argnums=(0, 1))(x, w)
    np.testing.assert_allclose(gx.to_numpy(), jx, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gw.to_numpy(), jw, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_grad_through_data_dependent_while(mode):
    # s doubles until it reaches 10: the trip count n depends on x, and d(final)/dx = 2^n * ...
    def fn(x):
        s, k = nx.while_loop((x, nx.tensor(0)), lambda t: t[0] < 10.0,
                             lambda t: (t[0] * 2.0 + nx.sin(t[0]) * 0.0 + t[0] * t[0] * 0.01,
                                        t[1] + 1))
        return s * 3.0
    xs = [0.3, 1.0, 4.0, 12.0]
    for x0 in xs:
        g = _run(lambda x: nx.grad(x, fn), nx.tensor(x0, type="f64"), compiler=mode).to_numpy()
        f = nx.jit(fn, compiler="evaluator")
        eps = 1e-6
        fd = (f(nx.tensor(x0 + eps, type="f64")).to_numpy() -
              f(nx.tensor(x0 - eps, type="f64")).to_numpy()) / (2 * eps)
        np.testing.assert_allclose(g, fd, rtol=1e-6, err_msg=f"x0={x0} ({mode})")


@pytest.mark.parametrize("mode", MODES)
def test_grad_through_cond_vs_jax(mode):
    def f_nx(x, y):
        return nx.sum(nx.cond(nx.sum(x) > 0, lambda: x * y + nx.exp(y), lambda: nx.sin(x) * 2.0))

    def f_j(x, y):
        return jnp.sum(jax.lax.cond(jnp.sum(x) > 0, lambda: x * y + jnp.exp(y),
                                    lambda: jnp.sin(x) * 2.0))
    y = np.array([0.5, -1.0, 2.0], np.float32)
    for x in (np.array([1.0, 2.0, -0.5], np.float32), np.array([-1.0, 0.2, -0.5], np.float32)):
        gx, gy = _run(lambda x, y: nx.grad((x, y), lambda t: f_nx(*t)), nx.tensor(x),
                      nx.tensor(y), compiler=mode)
        jx, jy = jax.grad(f_j, argnums=(0, 1))(x, y)
        np.testing.assert_allclose(gx.to_numpy(), jx, rtol=1e-6)
        np.testing.assert_allclose(gy.to_numpy(), jy, rtol=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_custom_grad_replaces_the_gradient(mode):
    def clipped(x, y):
        v = x * y
        # a "straight-through" style gradient: d/dx = 10 * g, d/dy = g * x
        return nx.custom_grad(v, [x, y], lambda g: [g * 10.0, g * x])
    x, y = nx.tensor([1.0, 2.0]), nx.tensor([3.0, -4.0])
    gx, gy = _run(lambda x, y: nx.grad((x, y), lambda t: nx.sum(nx.sin(clipped(*t)))), x, y,
                  compiler=mode)
    c = np.cos(np.array([3.0, -8.0]))
    np.testing.assert_allclose(gx.to_numpy(), 10 * c, rtol=1e-6)
    np.testing.assert_allclose(gy.to_numpy(), c * np.array([1.0, 2.0]), rtol=1e-6)
    # the value is unchanged, eagerly and compiled
    np.testing.assert_allclose(clipped(x, y).to_numpy(), [3.0, -8.0])
    np.testing.assert_allclose(_run(clipped, x, y, compiler=mode).to_numpy(), [3.0, -8.0])


def test_custom_grad_errors():
    x = nx.tensor([1.0, 2.0])
    with pytest.raises(ValueError, match="nx.custom_grad: the gradient function must return a "
                                         "list with one tensor per input \\(1\\)"):
        nx.jit(lambda x: nx.grad(x, lambda x: nx.sum(nx.custom_grad(x * 2, [x], lambda g: g))))(x)
    with pytest.raises(ValueError, match=r"gradient #0 has shape \(3,\)"):
        nx.jit(lambda x: nx.custom_grad(x, [x], lambda g: [nx.tensor([1.0, 2.0, 3.0])]))(x)
    with pytest.raises(TypeError, match="nx.custom_grad: expected a list of tensors"):
        nx.custom_grad(x, x, lambda g: [g])


def test_grad_needs_a_function():
    with pytest.raises(TypeError, match="nx.grad"):
        nx.grad(lambda x: x, nx.tensor(1.0))


@pytest.mark.parametrize("name", ["grad", "value_and_grad"])
def test_grad_arguments_in_the_wrong_order_or_of_the_wrong_type_are_named(name):
    g = getattr(nx, name)
    fun = f"nx.{name}"

    def square(x):
        return x * x
    # the point given as a name, or the two arguments swapped: the error names nx.grad and its
    # argument, not the internal jitted lambda ("<lambda>: positional arguments must be...")
    for call in (lambda: g("x", square), lambda: nx.jit(lambda t: g("x", square))(1.0)):
        with pytest.raises(TypeError, match=rf"^{fun}: the argument x \(the point to "
                                            rf"differentiate at\) must be a tensor, a number "
                                            rf"or a container of them .*got str: 'x' \(Nx "
                                            rf"order: {fun}\(x, fun\)"):
            call()
    with pytest.raises(TypeError, match=rf"^{fun}: the argument fun must be a function \(Nx "
                                        rf"order: {fun}\(x, fun\).*got a tensor f32\[\]$"):
        g(square, nx.tensor(1.0))
    if name == "grad":   # value_and_grad(fun, transform) is a valid call
        with pytest.raises(TypeError, match=rf"^{fun}: the argument x .*got function"):
            g(square, square)
    with pytest.raises(TypeError, match=rf"^{fun}: the argument x .*got str: 'w' inside the "
                                        rf"tuple$"):
        g((nx.tensor(1.0), "w"), lambda t: t[0] * t[0])
    # what is accepted: tensors, numbers, NumPy arrays and containers of them
    out = g(np.array([1.0, 2.0], np.float32), lambda x: nx.sum(x * x))
    assert nx.to_list(out if name == "grad" else out[1]) == [2.0, 4.0]


def test_value_and_grad_transform_must_be_a_function():
    with pytest.raises(TypeError, match=r"^nx.value_and_grad: the argument transform must be a "
                                        r"function or None, got int: 3$"):
        nx.value_and_grad(nx.tensor(1.0), lambda x: x * x, 3)


# --- every rule vs jax.grad and finite differences -------------------------------------------

R = np.random.default_rng(0)


def _pos(*shape):
    return (R.uniform(0.5, 1.5, shape)).astype(np.float32)


def _unit(*shape):
    return (R.uniform(-0.8, 0.8, shape)).astype(np.float32)


def _any(*shape):
    return (R.uniform(-2, 2, shape)).astype(np.float32)


W_RS = _pos(3, 2)

# name, nx function, jax function, inputs
CASES = [
    ("exp", nx.exp, jnp.exp, [_any(3)]),
    ("expm1", nx.expm1, jnp.expm1, [_any(3)]),
    ("log", nx.log, jnp.log, [_pos(3)]),
    ("log1p", nx.log1p, jnp.log1p, [_pos(3)]),
    ("sigmoid", nx.sigmoid, jax.nn.sigmoid, [_any(3)]),
    ("sin", nx.sin, jnp.sin, [_any(3)]),
    ("cos", nx.cos, jnp.cos, [_any(3)]),
    ("tan", nx.tan, jnp.tan, [_unit(3)]),
    ("asin", nx.asin, jnp.arcsin, [_unit(3)]),
    ("acos", nx.acos, jnp.arccos, [_unit(3)]),
    ("atan", nx.atan, jnp.arctan, [_any(3)]),
    ("sinh", nx.sinh, jnp.sinh, [_any(3)]),
    ("cosh", nx.cosh, jnp.cosh, [_any(3)]),
    ("tanh", nx.tanh, jnp.tanh, [_any(3)]),
    ("asinh", nx.asinh, jnp.arcsinh, [_any(3)]),
    ("acosh", nx.acosh, jnp.arccosh, [_pos(3) + 1.2]),
    ("atanh", nx.atanh, jnp.arctanh, [_unit(3)]),
    ("sqrt", nx.sqrt, jnp.sqrt, [_pos(3)]),
    ("rsqrt", nx.rsqrt, jax.lax.rsqrt, [_pos(3)]),
    ("cbrt", nx.cbrt, jnp.cbrt, [_pos(3)]),
    ("erf", nx.erf, jsp.erf, [_unit(3)]),
    ("erfc", nx.erfc, jsp.erfc, [_unit(3)]),
    ("erf_inv", nx.erf_inv, jsp.erfinv, [_unit(3)]),
    ("negate", nx.negate, jnp.negative, [_any(3)]),
    ("abs", nx.abs, jnp.abs, [_any(3)]),
    ("floor", nx.floor, jnp.floor, [_any(3) + 0.01]),
    ("add_bcast", nx.add, jnp.add, [_any(3, 1), _any(1, 4)]),
    ("subtract_bcast", nx.subtract, jnp.subtract, [_any(2, 3), _any(3)]),
    ("multiply_scalar", nx.multiply, jnp.multiply, [_any(2, 3), _any()]),
    ("divide", nx.divide, jnp.divide, [_any(2, 3), _pos(2, 1)]),
    ("pow", nx.pow, jnp.power, [_pos(2, 2), _any(2)]),
    ("max", nx.max, jnp.maximum, [_any(2, 3), _any(3)]),
    ("min", nx.min, jnp.minimum, [_any(2, 3), _any(1, 3)]),
    ("atan2", nx.atan2, jnp.arctan2, [_any(3), _pos(3)]),
    ("remainder", nx.remainder, jnp.remainder, [_pos(3) * 3, _pos(3)]),
    ("select", lambda a, b: nx.select(a > 0, a * b, b), lambda a, b: jnp.where(a > 0, a * b, b),
     [_any(2, 3), _any(3)]),
    ("as_type", lambda a: nx.as_type(a, "f64") * 2, lambda a: a.astype(jnp.float32) * 2, [_any(3)]),
    ("reshape", lambda a: nx.reshape(a, (3, 2)) * nx.tensor(W_RS), lambda a: a.reshape(3, 2) * W_RS,
     [_any(2, 3)]),
    ("transpose", lambda a: nx.transpose(a, axes=[2, 0, 1]), lambda a: jnp.transpose(a, (2, 0, 1)),
     [_any(2, 3, 2)]),
    ("broadcast", lambda a: nx.broadcast(a, (2, 3, 4), axes=[0, 2]),
     lambda a: jnp.broadcast_to(a[:, None, :], (2, 3, 4)), [_any(2, 1)]),
    ("squeeze", lambda a: nx.squeeze(a, axes=[1]), lambda a: jnp.squeeze(a, 1), [_any(3, 1)]),
    ("slice", lambda a: nx.slice(a, [1, 0], [3, 3], strides=[2, 2]), lambda a: a[1:4:2, 0:3:2],
     [_any(5, 3)]),
    ("concatenate", lambda a, b: nx.concatenate([a, b], axis=1),
     lambda a, b: jnp.concatenate([a, b], axis=1), [_any(2, 1), _any(2, 3)]),
    ("pad", lambda a, v: nx.pad(a, v, [(1, -1, 1), (2, 0, 0)]),
     lambda a, v: jax.lax.pad(a, v, [(1, -1, 1), (2, 0, 0)]), [_any(3, 2), _any()]),
    ("reverse", lambda a: nx.reverse(a, axes=[0]), lambda a: jnp.flip(a, 0), [_any(3, 2)]),
    ("sum", lambda a: nx.sum(a, axes=[1], keep_axes=True), lambda a: jnp.sum(a, 1, keepdims=True),
     [_any(2, 3)]),
    ("product", lambda a: nx.product(a, axes=[0]), lambda a: jnp.prod(a, 0), [_pos(3, 2)]),
    ("reduce_max", lambda a: nx.reduce_max(a, axes=[1]), lambda a: jnp.max(a, 1), [_any(2, 4)]),
    ("reduce_min", lambda a: nx.reduce_min(a), lambda a: jnp.min(a), [_any(2, 4)]),
    ("dot", nx.dot, jnp.dot, [_any(2, 3), _any(3, 4)]),
    ("dot_vec", nx.dot, jnp.dot, [_any(3), _any(3, 2)]),
    ("dot_batched", lambda a, b: nx.dot(a, [2], [0], b, [1], [0]),
     lambda a, b: jnp.einsum("bik,bkj->bij", a, b), [_any(2, 3, 4), _any(2, 4, 2)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_vs_jax_and_finite_differences(case):
    check_grad(*case)


def test_debug_expr_shows_the_expanded_gradient():
    text = repr(nx.debug_expr(lambda x: nx.grad(x, lambda x: nx.sum(nx.cos(x))))(
        nx.tensor([1.0, 2.0])))
    assert "grad" not in text and "sin a" in text and "negate" in text


@pytest.mark.parametrize("mode", MODES)
def test_product_grad_with_zeros(mode):
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.5, -2.0, 4.0]], np.float32)
    g = _run(lambda x: nx.grad(x, lambda x: nx.sum(nx.product(x, axes=[1]) * nx.tensor([1.0, 2.0,
                                                                                        3.0]))),
             nx.tensor(x), compiler=mode).to_numpy()
    want = np.array(jax.grad(lambda x: jnp.sum(jnp.prod(x,
                                                        axis=1) * jnp.array([1.0, 2.0, 3.0])))(x))
    np.testing.assert_allclose(g, want, rtol=1e-6)
    assert np.array_equal(g[0], [0.0, 6.0, 0.0]) and np.array_equal(g[1], [0.0, 0.0, 0.0])


@pytest.mark.parametrize("mode", MODES)
def test_hessian_vector_product_vs_jax(mode):
    def f_nx(x):
        return nx.sum(nx.exp(x) * nx.sin(x[0] * x) + x ** 3)

    def f_j(x):
        return jnp.sum(jnp.exp(x) * jnp.sin(x[0] * x) + x ** 3)
    x = np.array([0.3, -0.5, 1.1], np.float32)
    v = np.array([1.0, -2.0, 0.5], np.float32)
    hvp = _run(lambda x, v: nx.grad(x, lambda x: nx.sum(nx.grad(x, f_nx) * v)),
               nx.tensor(x), nx.tensor(v), compiler=mode)
    want = jax.grad(lambda x: jnp.sum(jax.grad(f_j)(x) * v))(x)
    np.testing.assert_allclose(hvp.to_numpy(), np.asarray(want), rtol=1e-5, atol=1e-6)


def test_grad_of_named_tuple_and_dataclass_containers():
    from dataclasses import dataclass
    from typing import NamedTuple

    class P(NamedTuple):
        w: object
        b: object

    @dataclass
    class Q:
        scale: object
        shift: object

    g = nx.grad(P(nx.tensor([1.0, 2.0]), nx.tensor(3.0)), lambda p: nx.sum(p.w * p.b))
    assert isinstance(g, P)
    assert nx.to_list(g.w) == [3.0, 3.0] and nx.to_number(g.b) == 3.0
    q = nx.grad(Q(nx.tensor(2.0), nx.tensor([1, 2])), lambda q: nx.sum(q.scale * q.shift))
    assert isinstance(q, Q)
    assert nx.to_number(q.scale) == 3.0 and nx.to_list(q.shift) == [2.0, 2.0]
    assert q.shift.type == "f32"                        # integer inputs get f32 gradients


def test_print_expr_of_a_gradient_shows_the_expansion(capsys):
    # the notebook's GradFun cell: print_expr of grad(x, my_function) prints what Nx prints
    def my_function(x):
        return nx.sum(nx.exp(nx.cos(x)))

    @nx.defn
    def grad_fun(x):
        return nx.print_expr(nx.grad(x, my_function))
    grad_fun(nx.tensor([1.0, 2.0, 3.0]))
    assert capsys.readouterr().out == """nx.Tensor<
  f32[3]
  
  Nx.Defn.Expr
  parameter a:0       f32[3]
  b = cos a           f32[3]
  c = exp b           f32[3]
  d = sin a           f32[3]
  e = negate d        f32[3]
  f = multiply c, e   f32[3]
>
"""
