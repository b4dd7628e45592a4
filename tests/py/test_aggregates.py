"""nx.weighted_mean, variance, standard_deviation, covariance, logsumexp, all, any, all_close and
reduce (op nx.reduce), plus the NaN / tie-break rules of argmax, argmin, reduce_max and
reduce_min: four modes against NumPy references (in f64 where it matters), names, result types,
gradients against jax, and errors (same in eager and nx.jit)."""
from __future__ import annotations

import jax.nn
import jax.numpy as jnp
import numpy as np
import pytest

import nx
from nx import types as T
from nx.dialects.nx.registry import NoGradientError

from gradcheck import check_grad
from modes import INF, NAN, A, assert_values, run_modes

RNG = np.random.default_rng(11)
X34 = RNG.standard_normal((3, 4)).astype(np.float32)
W34 = RNG.uniform(0.5, 2.0, (3, 4)).astype(np.float32)
W4 = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
X234 = RNG.standard_normal((2, 3, 4)).astype(np.float32)
X53 = RNG.standard_normal((5, 3)).astype(np.float32)
X253 = RNG.standard_normal((2, 5, 3)).astype(np.float32)
I34 = RNG.integers(-5, 6, (3, 4)).astype(np.int32)
U34 = RNG.integers(0, 256, (3, 4)).astype(np.uint8)
N = ("x", "y")
N3 = ("x", "y", "z")


def check_group(fn, args, expected):
    """`fn` returns a tuple of tensors; `expected` lists (values, type, names[, rtol]) for each.
    Runs the four modes (one compiled program per jit mode) and compares each result."""
    res = run_modes(fn, args)
    for mode, outs in res.items():
        assert len(outs) == len(expected), mode
        for i, (r, exp) in enumerate(zip(outs, expected)):
            values, ty, names = exp[:3]
            rtol = exp[3] if len(exp) > 3 else None
            values = np.asarray(values)
            names = tuple(names) if names is not None else (None,) * values.ndim
            what = f"{mode}, result #{i}"
            assert isinstance(r, nx.Tensor), what
            assert r.type == T.parse(ty), f"{what}: type {r.type}, expected {ty}"
            assert r.shape == values.shape, f"{what}: shape {r.shape}, expected {values.shape}"
            assert tuple(r.names) == names, f"{what}: names {r.names}, expected {names}"
            got = np.asarray(r)
            assert got.dtype == T.parse(ty).dtype, what
            assert_values(got, values, ty, rtol, 0.0, what)
    assert all(r.backend == "xla" for r in res["xla"])
    assert all(r.backend == "numpy" for r in res["numpy"])


def f64(x):
    return np.asarray(x, np.float64)


# --- weighted_mean ------------------------------------------------------------------------

def test_weighted_mean_modes():
    x, w = f64(X34), f64(W34)
    x4 = np.arange(32, dtype=np.float64).reshape(2, 4, 4, 1)
    w44 = np.arange(1, 17, dtype=np.float64).reshape(4, 4)
    u = np.array([1, 2, 3], np.uint8)

    def fn(a, b, c, d, e, f, g):
        return (nx.weighted_mean(a, b),
                nx.weighted_mean(a, b, axes=["y"]),
                nx.weighted_mean(a, b, axes=[0], keep_axes=True),
                nx.weighted_mean(a, c, axes=[1]),
                nx.weighted_mean(d, e, axes=[1, 2]),
                nx.weighted_mean(f, g, axes=["v"]),
                nx.weighted_mean(nx.as_type(a, "f64"), b, axes=[-1]))
    check_group(fn, [A(X34, "f32", N), A(W34, "f32"), A(W4, "f32"), A(x4, "s32"),
                     A(w44, "s32"), A(u, "u8", ("v",)), A([1, 3, 5], "s32")], [
        (np.average(x, weights=w), "f32", (), 1e-5),
        (np.average(x, axis=1, weights=w), "f32", ("x",), 1e-5),
        (np.average(x, axis=0, weights=w)[None], "f32", N, 1e-5),
        (np.average(x, axis=1, weights=f64(W4)), "f32", ("x",), 1e-5),
        # Nx's layout: the weights' last axis is swapped with the first reduced axis, so
        # rank-2 weights for axes [1, 2] end up transposed
        ((x4 * w44.T[None, :, :, None]).sum((1, 2)) / w44.sum(), "f32", None),
        (np.average(f64(u), weights=[1, 3, 5]), "f32", ()),
        (np.average(f64(X34), axis=1, weights=f64(W34)), "f64", ("x",), 1e-6),
    ])


# --- variance / standard_deviation ---------------------------------------------------------

def var_ref(x, axis):
    with np.errstate(invalid="ignore"):
        return np.var(f64(x), axis=axis)


def test_variance_and_std_modes():
    x = f64(X234)
    bad = np.array([[1.0, NAN, 3.0], [1.0, INF, 2.0], [0.5, 1.5, 2.5]], np.float32)

    def fn(a, i, u, b):
        return (nx.variance(a),
                nx.variance(a, axes=["y", "z"], ddof=1),
                nx.variance(a, axes=[1], keep_axes=True),
                nx.standard_deviation(a, axes=["x"], ddof=1),
                nx.standard_deviation(a, axes=[-1], keep_axes=True),
                nx.variance(i, axes=[0]),
                nx.standard_deviation(u),
                nx.variance(b, axes=[1]),
                nx.variance(nx.as_type(a, "f64"), ddof=2))
    check_group(fn, [A(X234, "f32", N3), A(I34, "s32", N), A(U34, "u8"), A(bad, "f32")], [
        (np.var(x), "f32", (), 1e-5),
        (np.var(x, axis=(1, 2), ddof=1), "f32", ("x",), 1e-5),
        (np.var(x, axis=1, keepdims=True), "f32", N3, 1e-5),
        (np.std(x, axis=0, ddof=1), "f32", ("y", "z"), 1e-5),
        (np.std(x, axis=-1, keepdims=True), "f32", N3, 1e-5),
        (np.var(f64(I34), axis=0), "f32", ("y",), 1e-5),
        (np.std(f64(U34)), "f32", (), 1e-5),
        (var_ref(bad, axis=1), "f32", None, 1e-5),
        (np.var(x, ddof=2), "f64", (), 1e-6),
    ])


# --- covariance -----------------------------------------------------------------------------

def test_covariance_modes():
    x, xb = f64(X53), f64(X253)
    mu = np.array([0.5, -0.25, 1.0], np.float32)
    ints = np.array([[1, 2], [3, 4], [5, 7]], np.int32)

    def fn(a, b, m, i):
        return (nx.covariance(a),
                nx.covariance(a, ddof=1),
                nx.covariance(b),
                nx.covariance(a, m),
                nx.covariance(b, m, ddof=2),
                nx.covariance(i))
    dev = x - f64(mu)
    devb = xb - f64(mu)
    check_group(fn, [A(X53, "f32", ("n", "d")), A(X253, "f32"), A(mu, "f32"), A(ints, "s32")], [
        (np.cov(x, rowvar=False, bias=True), "f32", None, 1e-5),
        (np.cov(x, rowvar=False, ddof=1), "f32", None, 1e-5),
        (np.stack([np.cov(b, rowvar=False, bias=True) for b in xb]), "f32", None, 1e-5),
        (dev.T @ dev / 5, "f32", None, 1e-5),
        (np.einsum("bnd,bne->bde", devb, devb) / 3, "f32", None, 1e-5),
        (np.cov(f64(ints), rowvar=False, bias=True), "f32", None, 1e-6),
    ])


# --- logsumexp ------------------------------------------------------------------------------

def lse_ref(x, axis=None, keepdims=False, b=None):
    x = f64(x)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isinf(m), 0.0, m)
    with np.errstate(all="ignore"):
        e = np.exp(x - m)
        if b is not None:
            e = f64(b) * e
        s = np.log(np.sum(e, axis=axis, keepdims=keepdims))
    return s + (m if keepdims else np.squeeze(m, axis=axis))


def test_logsumexp_modes():
    x = X234 * 30   # large values: a naive log(sum(exp)) overflows in f32
    special = np.array([[-INF, -INF, -INF], [1.0, INF, 2.0], [1.0, NAN, 3.0], [-INF, 0.5, 1.5]],
                       np.float32)
    scale = np.array([-1, -1, 1, 1], np.int32)

    def fn(a, s, i, b):
        return (nx.logsumexp(a),
                nx.logsumexp(a, axes=["x", "z"]),
                nx.logsumexp(a, axes=[-1], keep_axes=True),
                nx.logsumexp(s, axes=[1]),
                nx.logsumexp(i, axes=["y"]),
                nx.logsumexp(a, axes=[2], exp_scaling_factor=0.5),
                nx.logsumexp(nx.abs(a), axes=[2], exp_scaling_factor=b),
                nx.logsumexp(nx.as_type(a, "f64"), axes=[0, 1]))
    check_group(fn, [A(x, "f32", N3), A(special, "f32"), A(I34, "s32", N), A(scale, "s32")], [
        (lse_ref(x), "f32", (), 1e-5),
        (lse_ref(x, axis=(0, 2)), "f32", ("y",), 1e-5),
        (lse_ref(x, axis=-1, keepdims=True), "f32", N3, 1e-5),
        (lse_ref(special, axis=1), "f32", None, 1e-5),
        (lse_ref(I34, axis=1), "f32", ("x",), 1e-5),
        (lse_ref(x, axis=2, b=0.5), "f32", ("x", "y"), 1e-5),
        (lse_ref(np.abs(x), axis=2, b=scale), "f32", ("x", "y"), 1e-4),
        (lse_ref(x, axis=(0, 1)), "f64", ("z",), 1e-12),
    ])


# --- all / any / all_close ------------------------------------------------------------------

def test_all_any_modes():
    f = np.array([[0.0, NAN, 1.0], [2.0, -INF, 0.5]], np.float32)
    e = np.zeros((0, 3), np.float32)

    def fn(i, u, a, z):
        return (nx.all(i), nx.any(i),
                nx.all(i, axes=["x"]), nx.any(i, axes=["y"], keep_axes=True),
                nx.all(u, axes=[1]), nx.any(u, axes=[0]),
                nx.all(a, axes=[1]), nx.any(a, axes=[0]),
                nx.all(z), nx.any(z), nx.all(z, axes=[0]), nx.any(z, axes=[1]))
    check_group(fn, [A(I34, "s32", N), A(U34, "u8"), A(f, "f32"), A(e, "f32")], [
        (np.all(I34), "u8", ()), (np.any(I34), "u8", ()),
        (np.all(I34, axis=0), "u8", ("y",)), (np.any(I34, axis=1, keepdims=True), "u8", N),
        (np.all(U34, axis=1), "u8", None), (np.any(U34, axis=0), "u8", None),
        (np.all(f, axis=1), "u8", None), (np.any(f, axis=0), "u8", None),
        (1, "u8", ()), (0, "u8", ()), (np.ones(3), "u8", None), (np.zeros(0), "u8", None),
    ])


def test_all_close_modes():
    a = np.array([1.0, INF, -INF, NAN, 1e-9], np.float32)
    b = np.array([1.000001, INF, -INF, NAN, 0.0], np.float32)
    c = np.array([1.0, INF, INF, 2.0, 0.0], np.float32)
    m = np.array([[1.0, 2.0], [3.0, 4.1]], np.float32)
    i = np.array([[1, 2], [3, 4]], np.int32)

    def fn(a, b, c, m, i):
        return (nx.all_close(a, b), nx.all_close(a, b, equal_nan=True),
                nx.all_close(a, c, equal_nan=True),
                nx.all_close(m, i), nx.all_close(m, i, atol=0.11),
                nx.all_close(i, i), nx.all_close(i, i + 1),
                nx.all_close(m, m * 1.001, rtol=1e-2), nx.all_close(m, m * 1.001))
    ref = [np.allclose(a, b), np.allclose(a, b, equal_nan=True),
           np.allclose(a, c, equal_nan=True), np.allclose(m, i), np.allclose(m, i, atol=0.11),
           True, False, np.allclose(m, m * 1.001, rtol=1e-2), np.allclose(m, m * 1.001)]
    assert ref == [False, True, False, False, True, True, False, True, False]
    check_group(fn, [A(a, "f32", ("v",)), A(b, "f32"), A(c, "f32"), A(m, "f32"), A(i, "s32")],
                [(r, "u8", ()) for r in ref])


# --- reduce ---------------------------------------------------------------------------------

def test_reduce_modes():
    t = np.arange(1, 13, dtype=np.int32).reshape(2, 2, 3)
    f = X234

    def fn(a, b, u):
        return (nx.reduce(a, 0, lambda x, acc: x + acc),
                nx.reduce(a, 0, lambda x, acc: x + acc, axes=["x", 2]),
                nx.reduce(a, 10, lambda x, acc: x + acc, axes=[-1], keep_axes=True),
                nx.reduce(b, -INF, lambda x, acc: nx.max(x, acc), axes=[1]),
                nx.reduce(b, 1.0, lambda x, acc: x * acc, axes=[0, 2], type="f64"),
                nx.reduce(a, 0.0, lambda x, acc: acc + x * x, axes=["y"]),
                nx.reduce(u, 0, lambda x, acc: x + acc, axes=[1]),
                nx.reduce(a, nx.tensor(1, type="s64"), lambda x, acc: x * acc, axes=[0, 1]),
                nx.reduce(nx.sum(a), 5, lambda x, acc: x * acc),
                nx.reduce(nx.slice(a, [0, 0, 0], [2, 1, 3]), 2, lambda x, acc: x * acc,
                          axes=[1]),
                nx.reduce(nx.slice(a, [0, 0, 0], [2, 0, 3]), 7, lambda x, acc: x * acc,
                          axes=[1]),
                nx.reduce(a, 0, lambda x, acc: 3, axes=[2]),
                nx.reduce(a, 10, lambda x, acc: x - acc, axes=[2]),
                nx.reduce(a, 0, lambda x, acc: x + acc, axes=[]))
    u = np.array([[200, 100], [1, 2]], np.uint8)
    ff = f64(f)
    alt = np.zeros((2, 2), np.int64)
    for idx in np.ndindex(2, 2):
        acc = 10
        for v in t[idx]:
            acc = v - acc
        alt[idx] = acc
    check_group(fn, [A(t, "s32", N3), A(f, "f32", N3), A(u, "u8")], [
        (t.sum(), "s32", ()),
        (t.sum((0, 2)), "s32", ("y",)),
        (t.sum(-1, keepdims=True) + 10, "s32", N3),
        (f.max(1), "f32", ("x", "z")),
        (ff.astype(np.float32).astype(np.float64).prod((0, 2)), "f64", ("y",), 1e-12),
        ((f64(t) ** 2).sum(1), "f32", ("x", "z")),
        ((u.sum(1) % 256).astype(np.uint8), "u8", None),
        (t.astype(np.int64).prod((0, 1)), "s64", ("z",)),
        (t.sum() * 5, "s32", ()),
        (t[:, :1, :].prod(1) * 2, "s32", ("x", "z")),
        (np.full((2, 3), 7), "s32", ("x", "z")),
        (np.full((2, 2), 3), "s32", ("x", "y")),
        (alt, "s32", ("x", "y")),
        (t, "s32", N3),
    ])


def test_reduce_types_follow_nx():
    t = nx.tensor([1, 2, 3], type="u8")
    assert nx.reduce(t, 0, lambda x, a: x + a).type == "u8"           # weak number
    assert nx.reduce(t, 0.0, lambda x, a: x + a).type == "f32"
    assert nx.reduce(t, nx.tensor(0), lambda x, a: x + a).type == "s32"  # merged with s32
    assert nx.reduce(t, 0, lambda x, a: x + a, type="f64").type == "f64"
    # the function's result is converted to the result type (f32 -> s32 truncates)
    r = nx.reduce(nx.tensor([1, 2, 3]), 0, lambda x, a: nx.as_type(x, "f32") / 2 + a)
    assert r.type == "s32" and nx.to_number(r) == 2   # 0.5 + 0 -> 0, 1.0 + 0 -> 1, 1.5 + 1 -> 2
    # the region: debug_expr shows the op
    expr = repr(nx.debug_expr(lambda x: nx.reduce(x, 0, lambda a, b: a + b, axes=[0]))(t))
    assert "reduce a, 0, axes: [0]" in expr


def test_reduce_has_no_gradient():
    with pytest.raises(NoGradientError, match="nx.reduce has no gradient"):
        nx.jit(lambda x: nx.grad(x, lambda y: nx.sum(nx.reduce(y, 0.0, lambda a, b: a + b))))(
            nx.tensor([1.0, 2.0]))
    with pytest.raises(NoGradientError, match="nx.reduce"):
        nx.grad(nx.tensor([1.0, 2.0]), lambda y: nx.reduce(y, 0.0, lambda a, b: a + b))


# --- argmax / argmin / reduce_max / reduce_min: ties, NaN, infinities ----------------------

def test_argminmax_and_max_min_nan_rules():
    t = np.array([[1.0, 3.0, 3.0, -INF], [NAN, 2.0, NAN, 0.0], [-INF, -INF, INF, INF]],
                 np.float32)
    i = np.array([[4, 2, 4], [1, 1, 0]], np.int32)

    def fn(a, b):
        return (nx.argmax(a, axis=1), nx.argmax(a, axis=1, tie_break="high"),
                nx.argmin(a, axis=1), nx.argmin(a, axis=1, tie_break="high"),
                nx.argmax(a), nx.argmin(a, type="u32"),
                nx.reduce_max(a, axes=[1]), nx.reduce_min(a, axes=[1]),
                nx.reduce_max(a, axes=[0]), nx.reduce_min(a, axes=[0]),
                nx.argmax(b, axis=1), nx.argmax(b, axis=1, tie_break="high"),
                nx.argmin(b, axis=0, tie_break="high"), nx.argmin(b, axis=0))
    check_group(fn, [A(t, "f32"), A(i, "s32")], [
        # NaN is the largest and the smallest; with several, the last one whatever the
        # tie_break (Nx's binary backend, nx_test.exs "works with non finites")
        ([1, 2, 2], "s32", None), ([2, 2, 3], "s32", None),
        ([3, 2, 0], "s32", None), ([3, 2, 1], "s32", None),
        (6, "s32", ()), (6, "u32", ()),
        ([3.0, NAN, INF], "f32", None), ([-INF, NAN, -INF], "f32", None),
        ([NAN, 3.0, NAN, INF], "f32", None), ([NAN, -INF, NAN, -INF], "f32", None),
        ([0, 0], "s32", None), ([2, 1], "s32", None),
        ([1, 1, 1], "s32", None), ([1, 1, 1], "s32", None),
    ])
    # Nx's doc examples
    assert nx.to_number(nx.argmax(nx.tensor([2.0, NAN, 4.0]))) == 1
    assert nx.to_number(nx.argmin(nx.tensor([2.0, NAN, 4.0]))) == 1


# --- gradients (compositions of ops with rules) ---------------------------------------------

def test_gradients():
    x = X34
    check_grad("logsumexp", lambda t: nx.logsumexp(t, axes=[1]),
               lambda t: jax.nn.logsumexp(t, axis=1), [x * 5])
    check_grad("logsumexp all", lambda t: nx.logsumexp(t), lambda t: jax.nn.logsumexp(t), [x])
    check_grad("variance", lambda t: nx.variance(t, axes=[0], ddof=1),
               lambda t: jnp.var(t, axis=0, ddof=1), [x])
    check_grad("standard_deviation", lambda t: nx.standard_deviation(t, axes=[1]),
               lambda t: jnp.std(t, axis=1), [x])
    check_grad("weighted_mean", lambda t, w: nx.weighted_mean(t, w, axes=[1]),
               lambda t, w: jnp.average(t, axis=1, weights=w), [x, W34])


# --- errors ---------------------------------------------------------------------------------

T34 = np.zeros((3, 4), np.float32)
ERRORS = [
    ("wm-axes", lambda t: nx.weighted_mean(t, nx.tensor([1.0, 2.0])), ValueError,
     r"nx.weighted_mean: axes must be specified when the shapes of the input \(3, 4\) and the "
     r"weights \(2,\) differ"),
    ("wm-rank", lambda t: nx.weighted_mean(t, nx.tensor([1.0, 2.0]), axes=[0, 1]), ValueError,
     r"nx.weighted_mean: weights must have rank equal to the number of aggregation axes \(2\)"),
    ("wm-fit", lambda t: nx.weighted_mean(t, nx.tensor([1.0, 2.0]), axes=[1]), ValueError,
     r"nx.weighted_mean: weights of shape \(2,\) do not fit axes \[1\]"),
    ("wm-name", lambda t: nx.weighted_mean(t, t, axes=["w"]), ValueError,
     r"nx.weighted_mean: axes 'w' is not a name of the tensor"),
    ("var-axis", lambda t: nx.variance(t, axes=[2]), ValueError,
     r"nx.variance: axes 2 is out of range for a tensor of shape \(3, 4\)"),
    ("var-ddof", lambda t: nx.variance(t, ddof="1"), TypeError,
     r"nx.variance: ddof must be a number"),
    ("std-keep", lambda t: nx.standard_deviation(t, keep_axes=1), TypeError,
     r"nx.standard_deviation: keep_axes must be a boolean"),
    ("cov-rank", lambda t: nx.covariance(t[0]), ValueError,
     r"nx.covariance: expected input tensor of rank at least 2, got 1"),
    ("cov-mean0", lambda t: nx.covariance(t, nx.tensor(1.0)), ValueError,
     r"nx.covariance: expected mean of rank at least 1, got 0"),
    ("cov-ddof", lambda t: nx.covariance(t, ddof=-1), ValueError,
     r"nx.covariance: expected ddof to be a non-negative integer, got -1"),
    ("cov-mean", lambda t: nx.covariance(t, nx.tensor([1.0, 2.0])), ValueError,
     r"nx.covariance: a mean of shape \(2,\) does not fit an input of shape \(3, 4\)"),
    ("lse-axes", lambda t: nx.logsumexp(t, axes=[0, 0]), ValueError,
     r"nx.logsumexp: axes \[0, 0\] names an axis twice"),
    ("lse-factor", lambda t: nx.logsumexp(t, exp_scaling_factor=nx.tensor([1.0, 2.0])),
     ValueError, r"nx.logsumexp: cannot broadcast tensors of shapes \(3, 4\) and \(2,\)"),
    ("lse-complex", lambda t: nx.logsumexp(nx.as_type(t, "c64")), ValueError,
     r"nx.reduce_max: complex tensors are not ordered"),
    ("all-axes", lambda t: nx.all(t, axes=[5]), ValueError,
     r"nx.all: axes 5 is out of range for a tensor of shape \(3, 4\)"),
    ("any-name", lambda t: nx.any(t, axes=["q"]), ValueError, r"nx.any: axes 'q' is not a name"),
    ("close-shape", lambda t: nx.all_close(t, nx.tensor([1.0, 2.0])), ValueError,
     r"nx.all_close: cannot broadcast tensors of shapes \(3, 4\) and \(2,\)"),
    ("close-rtol", lambda t: nx.all_close(t, t, rtol="big"), TypeError,
     r"nx.all_close: rtol must be a number"),
    ("close-nan", lambda t: nx.all_close(t, t, equal_nan=None), TypeError,
     r"nx.all_close: equal_nan must be a boolean"),
    ("reduce-acc", lambda t: nx.reduce(t, nx.tensor([0.0, 1.0]), lambda x, a: x + a),
     ValueError, r"nx.reduce: the accumulator must be a non-vectorized scalar, got shape \(2,\)"),
    ("reduce-fun", lambda t: nx.reduce(t, 0, None), TypeError,
     r"nx.reduce: expected a function of two scalar tensors"),
    ("reduce-result", lambda t: nx.reduce(t, 0, lambda x, a: nx.stack([x, a])), ValueError,
     r"nx.reduce: the function must return a scalar tensor, got shape \(2,\)"),
    ("reduce-result-type", lambda t: nx.reduce(t, 0, lambda x, a: "x"), TypeError,
     r"nx.reduce: the function must return a scalar tensor, got str"),
    ("reduce-axes", lambda t: nx.reduce(t, 0, lambda x, a: x + a, axes=[-3]), ValueError,
     r"nx.reduce: axes -3 is out of range for a tensor of shape \(3, 4\)"),
    ("reduce-type", lambda t: nx.reduce(t, 0, lambda x, a: x + a, type="f7"), TypeError,
     r"nx.reduce: unknown type 'f7'"),
]


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors_eager_and_jit(case):
    _, fn, exc, msg = case
    t = nx.tensor(T34, names=["a", "b"])
    with pytest.raises(exc, match=msg):
        fn(t)
    with pytest.raises(exc, match=msg):
        nx.jit(fn)(t)


def test_reduce_capture_is_an_error_in_jit():
    def fn(x):
        return nx.reduce(x, 0.0, lambda a, b: a + b + x[0])
    with pytest.raises(ValueError, match="nx.reduce: the function uses tensors computed outside "
                                         "it from the arguments of the traced function"):
        nx.jit(fn)(nx.tensor([1.0, 2.0]))
    # eagerly a captured tensor is a constant: allowed
    assert nx.to_number(fn(nx.tensor([1.0, 2.0]))) == 5.0


def test_reduce_region_constants_shared_with_outer_code():
    """The canonicalize pass merges a region's constants with equal ones outside it; the
    lowering computes them again inside the StableHLO reduce body (which may not capture)."""
    from nx.compiler.passes import DEFAULT_PIPELINE, PassManager
    from nx.defn import trace_module

    def fn(t):
        k = nx.exp(nx.tensor(2.0))
        return (nx.reduce(t * k, 0.0, lambda x, a: x * nx.exp(nx.tensor(2.0)) + a),
                nx.reduce(t, 1.0, lambda x, a: a * (x + k), axes=[0]))
    x = np.array([[1.0, 2.0, 3.0]], np.float32)
    e2 = np.exp(np.float32(2.0), dtype=np.float32)
    check_group(fn, [A(x, "f32")], [((f64(x) * e2 * e2).sum(), "f32", (), 1e-6),
                                    ((f64(x[0]) + e2), "f32", None, 1e-6)])
    module = trace_module(fn, [nx.tensor(x)])[0]
    PassManager(DEFAULT_PIPELINE, verify_each=True).run(module)
