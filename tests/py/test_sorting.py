"""nx.sort, nx.argsort, nx.top_k, the cumulative ops, nx.diff, nx.median and nx.mode: the four
modes against independent references (Python's stable `sorted`, NumPy's cumulative ufuncs and
np.diff, exact counting), names, NaN / -0.0 order, errors, and gradients."""
from __future__ import annotations

import collections
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import nx

from gradcheck import check_grad
from modes import INF, NAN, A, Case, check, params

RNG = np.random.default_rng(11)


# --- independent references -----------------------------------------------------------------

def _lane_perm(lane, desc):
    """Python's stable sort: NaN above everything, -0.0 equal to 0.0."""
    vals = [float(v) if isinstance(v, (float, np.floating)) else int(v) for v in lane]

    def key(i):
        v = vals[i]
        nan = isinstance(v, float) and math.isnan(v)
        return (1, 0) if nan else (0, v)
    return sorted(range(len(vals)), key=key, reverse=False) if not desc else \
        _stable_desc(vals, key)


def _stable_desc(vals, key):
    # sorted(reverse=True) keeps equal elements in their original order, as a stable
    # descending sort must
    return sorted(range(len(vals)), key=key, reverse=True)


def ref_perm(arr, axis, desc=False):
    arr = np.asarray(arr)
    moved = np.moveaxis(arr, axis, -1)
    out = np.zeros(moved.shape, np.int64)
    for idx in np.ndindex(*moved.shape[:-1]):
        out[idx] = _lane_perm(list(moved[idx]), desc)
    return np.moveaxis(out, -1, axis)


def ref_sort(arr, axis, desc=False):
    return np.take_along_axis(np.asarray(arr), ref_perm(arr, axis, desc), axis=axis)


X_NAN = [[3.0, NAN, -0.0, 0.0, 1.0, -INF, 2.0, 2.0], [1.0, 1.0, INF, NAN, -1.0, 0.0, 5.0, NAN]]
X_INT = [[4, 5, 2, 9, 5], [-3, 0, 7, 7, 1], [2, 2, 2, -8, 6]]
X_3D = RNG.integers(-5, 6, (2, 3, 4)).tolist()
X_BIG = RNG.standard_normal(1000).astype(np.float32)


# --- sort and argsort -----------------------------------------------------------------------

def _sort_cases():
    cases = []
    for d in ("asc", "desc"):
        for ax in (0, 1, -1):
            cases.append(Case(f"sort-f32-nan-{d}-ax{ax}",
                              lambda t, d=d, ax=ax: nx.sort(t, axis=ax, direction=d),
                              [A(X_NAN, "f32", ("x", "y"))],
                              ref_sort(np.float32(X_NAN), ax, d == "desc"), "f32", ("x", "y")))
            cases.append(Case(f"argsort-f32-nan-{d}-ax{ax}",
                              lambda t, d=d,
                              ax=ax: nx.argsort(t, axis=ax, direction=d, stable=True),
                              [A(X_NAN, "f32")], ref_perm(np.float32(X_NAN), ax, d == "desc"),
                              "s32"))
        for ty in ("s8", "u8", "s64", "u32", "f16", "bf16"):
            data = np.abs(X_INT) if ty[0] == "u" else X_INT
            arr = np.asarray(data, np.float64)
            cases.append(Case(f"sort-{ty}-{d}", lambda t, d=d: nx.sort(t, axis=1, direction=d),
                              [A(data, ty)], ref_sort(arr, 1, d == "desc"), ty))
            cases.append(Case(f"argsort-{ty}-{d}-stable",
                              lambda t, d=d: nx.argsort(t, axis=1, direction=d, stable=True),
                              [A(data, ty)], ref_perm(arr, 1, d == "desc"), "s32"))
        cases.append(Case(f"sort-3d-name-{d}", lambda t, d=d: nx.sort(t, axis="z", direction=d),
                          [A(X_3D, "s32", ("x", "y", "z"))], ref_sort(X_3D, 2, d == "desc"), "s32",
                          ("x", "y", "z")))
    cases.append(Case("argsort-3d-axis-y-u8-type",
                      lambda t: nx.argsort(t, axis="y", stable=True, type="u8"),
                      [A(X_3D, "s32", ("x", "y", "z"))], ref_perm(X_3D, 1), "u8", ("x", "y", "z")))
    cases.append(Case("sort-1000-f32", lambda t: nx.sort(t), [A(X_BIG, "f32")], np.sort(X_BIG),
                      "f32"))
    cases.append(Case("argsort-1000-f32-desc", lambda t: nx.argsort(t, direction="desc"),
                      [A(X_BIG, "f32")], np.argsort(-X_BIG, kind="stable"), "s32"))
    return cases


@pytest.mark.parametrize("case", params(_sort_cases()))
def test_sort_modes(case):
    check(case)


def test_sort_keeps_bits_and_order_of_ties():
    # -0.0 ties with 0.0: a stable sort keeps them in input order, bits unchanged
    x = [0.0, -0.0, 1.0, -0.0, 0.0]
    for mode in ("numpy", "xla", "jit"):
        t = nx.tensor(x, backend="xla" if mode == "xla" else "numpy")
        f = (lambda t: nx.sort(t, stable=True))  # noqa: E731  (nx.jit of a lambda)
        r = (nx.jit(f) if mode == "jit" else f)(t).to_numpy()
        assert np.signbit(r).tolist() == [False, True, True, False, False], mode
        d = (nx.jit(lambda t: nx.sort(t, direction="desc", stable=True)) if mode == "jit" else
             (lambda t: nx.sort(t, direction="desc", stable=True)))(t).to_numpy()
        assert d.tolist() == [1.0, 0.0, -0.0, -0.0, 0.0]
        assert np.signbit(d).tolist() == [False, False, True, True, False], mode


def test_sort_doc_examples_3d():
    t = nx.tensor([[[4, 5, 2], [2, 5, 3], [5, 0, 2]], [[1, 9, 8], [2, 1, 3], [2, 1, 4]]],
                  names=["x", "y", "z"])
    assert nx.sort(t, axis="y").to_numpy().tolist() == \
        [[[2, 0, 2], [4, 5, 2], [5, 5, 3]], [[1, 1, 3], [2, 1, 4], [2, 9, 8]]]
    assert nx.argsort(t, axis="x", stable=True).to_numpy().tolist() == \
        [[[1, 0, 0], [0, 1, 0], [1, 0, 0]], [[0, 1, 1], [1, 0, 1], [0, 1, 1]]]
    assert nx.argsort(t, axis="y", stable=True).to_numpy().tolist() == \
        [[[1, 2, 0], [0, 0, 2], [2, 1, 1]], [[0, 1, 1], [1, 2, 2], [2, 0, 0]]]


# --- top_k ----------------------------------------------------------------------------------

def _top_k_cases():
    cases = []
    for name, data, ty in (("f32-nan", X_NAN, "f32"), ("s32-ties", X_INT, "s32"),
                           ("u8", np.abs(X_INT), "u8")):
        arr = np.asarray(data, np.float64)
        perm = ref_perm(arr, 1, desc=True)[:, :3]
        cases.append(Case(f"top_k-values-{name}", lambda t: nx.top_k(t, k=3)[0],
                          [A(data, ty, ("r", "c"))], np.take_along_axis(arr, perm, 1), ty,
                          ("r", "c")))
        cases.append(Case(f"top_k-indices-{name}", lambda t: nx.top_k(t, k=3)[1],
                          [A(data, ty, ("r", "c"))], perm, "s32", ("r", "c")))
    cases.append(Case("top_k-default-k", lambda t: nx.top_k(t)[1], [A(X_3D, "s32")],
                      ref_perm(X_3D, 2, desc=True)[..., :1], "s32"))
    return cases


@pytest.mark.parametrize("case", params(_top_k_cases()))
def test_top_k_modes(case):
    check(case)


def test_top_k_matches_jax():
    v, i = nx.jit(lambda t: nx.top_k(t, k=5))(nx.tensor(X_BIG))
    jv, ji = jax.lax.top_k(jnp.asarray(X_BIG), 5)
    np.testing.assert_array_equal(v.to_numpy(), np.asarray(jv))
    np.testing.assert_array_equal(i.to_numpy(), np.asarray(ji))


# --- cumulative -----------------------------------------------------------------------------

_ACC = {"sum": np.add, "product": np.multiply, "max": np.fmax, "min": np.fmin}


def ref_cumulative(kind, arr, axis, reverse, dtype):
    a = np.asarray(arr, dtype)
    if reverse:
        a = np.flip(a, axis)
    with np.errstate(all="ignore"):
        if kind in ("max", "min"):
            # NaN propagates: once seen, every later result is NaN
            fn = np.maximum if kind == "max" else np.minimum
            r = fn.accumulate(a, axis=axis)
        else:
            r = _ACC[kind].accumulate(a, axis=axis, dtype=dtype)
    return np.flip(r, axis) if reverse else r


def _cumulative_cases():
    cases = []
    f = np.float32(X_NAN)
    for kind in ("sum", "product", "max", "min"):
        fn = getattr(nx, f"cumulative_{kind}")
        for rev in (False, True):
            for ax in (0, 1):
                cases.append(Case(f"cum_{kind}-s32-ax{ax}-rev{rev}",
                                  lambda t, fn=fn, ax=ax, rev=rev: fn(t, axis=ax, reverse=rev),
                                  [A(X_INT, "s32", ("a", "b"))],
                                  ref_cumulative(kind, X_INT, ax, rev, np.int64), "s32",
                                  ("a", "b")))
            cases.append(Case(f"cum_{kind}-f32-nan-rev{rev}",
                              lambda t, fn=fn, rev=rev: fn(t, axis="y", reverse=rev),
                              [A(X_NAN, "f32", ("x", "y"))],
                              ref_cumulative(kind, f, 1, rev, np.float32), "f32", ("x", "y")))
        cases.append(Case(f"cum_{kind}-u8-wraps", lambda t, fn=fn: fn(t),
                          [A([200, 100, 3, 7], "u8")],
                          ref_cumulative(kind, [200, 100, 3, 7], 0, False, np.uint8), "u8"))
        cases.append(Case(f"cum_{kind}-f16", lambda t, fn=fn: fn(t, axis=-1),
                          [A([[0.5, 1.25, -2.0, 3.0]], "f16")],
                          ref_cumulative(kind, [[0.5, 1.25, -2.0, 3.0]], 1, False, np.float64),
                          "f16"))
        cases.append(Case(f"cum_{kind}-s64-3d", lambda t, fn=fn: fn(t, axis=1, reverse=True),
                          [A(X_3D, "s64")], ref_cumulative(kind, X_3D, 1, True, np.int64), "s64"))
    big = RNG.integers(-3, 4, 5000)
    cases.append(Case("cum_sum-5000", lambda t: nx.cumulative_sum(t), [A(big, "s32")],
                      np.cumsum(big), "s32"))
    return cases


@pytest.mark.parametrize("case", params(_cumulative_cases()))
def test_cumulative_modes(case):
    check(case)


def test_cumulative_vectorized_doc_example_as_rows():
    # Nx's vectorized example: each row accumulates on its own (here along axis 1)
    t = nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]])
    assert nx.cumulative_sum(t, axis=1).to_numpy().tolist() == [[2, 5, 6], [1, 4, 6], [2, 3, 6]]
    t = nx.tensor([[2, 3, 0], [1, 3, 2], [2, 1, 3]])
    assert nx.cumulative_product(t, axis=1).to_numpy().tolist() == \
        [[2, 6, 0], [1, 3, 6], [2, 2, 6]]


# --- diff -----------------------------------------------------------------------------------

def _diff_cases():
    cases = []
    m = [[1, 3, 6, 10], [0, 5, 6, 8]]
    for order in (0, 1, 2, 3):
        cases.append(Case(f"diff-s32-order{order}", lambda t, o=order: nx.diff(t, order=o),
                          [A(m, "s32", ("r", "c"))], np.diff(m, n=order, axis=-1), "s32",
                          ("r", "c")))
    cases.append(Case("diff-axis0-name", lambda t: nx.diff(t, axis="r"),
                      [A(m, "s32", ("r", "c"))], np.diff(m, axis=0), "s32", ("r", "c")))
    cases.append(Case("diff-u8-wraps", lambda t: nx.diff(t), [A([5, 3, 250, 1], "u8")],
                      np.diff(np.array([5, 3, 250, 1], np.uint8)), "u8"))
    cases.append(Case("diff-f32-inf", lambda t: nx.diff(t, order=2),
                      [A([1.0, INF, 2.0, 0.5], "f32")],
                      np.diff(np.float32([1.0, INF, 2.0, 0.5]), n=2), "f32"))
    cases.append(Case("diff-full-order", lambda t: nx.diff(t, order=3), [A([1, 4, 9], "s32")],
                      np.zeros((0,), np.int32), "s32"))
    return cases


@pytest.mark.parametrize("case", params(_diff_cases()))
def test_diff_modes(case):
    check(case)


# --- median ---------------------------------------------------------------------------------

def ref_median(arr, axis, keep):
    """Middle element(s) after Nx's sort (NaN last); the mean of two taken in f64."""
    s = ref_sort(np.asarray(arr, np.float64).reshape(-1) if axis is None else
                 np.asarray(arr, np.float64), 0 if axis is None else axis)
    ax = 0 if axis is None else axis
    n = s.shape[ax]
    h = n // 2
    if n % 2:
        r = np.take(s, [h], axis=ax)
    else:
        r = np.take(s, [h - 1, h], axis=ax).mean(axis=ax, keepdims=True)
    return r if keep and axis is not None else np.squeeze(r, axis=ax)


def _median_cases():
    cases = []
    odd = X_INT                          # axis 1 has 5 elements, axis 0 has 3
    even = RNG.integers(-9, 10, (4, 6)).tolist()
    for data, label in ((odd, "odd"), (even, "even")):
        for ax in (None, 0, 1):
            for keep in (False, True):
                arr = np.asarray(data)
                n = arr.size if ax is None else arr.shape[ax]
                ty = "s32" if n % 2 else "f32"
                names = ("a", "b") if ax is not None else ()
                if ax is not None:
                    # a kept axis keeps its name (as Nx's keep_axes results do)
                    names = ("a", "b") if keep else \
                        tuple(nm for i, nm in enumerate(("a", "b")) if i != ax)
                cases.append(Case(f"median-{label}-ax{ax}-keep{keep}",
                                  lambda t, ax=ax, keep=keep: nx.median(t, axis=ax, keep_axis=keep),
                                  [A(data, "s32", ("a", "b"))], ref_median(data, ax, keep), ty,
                                  names))
    nanx = np.float32(X_NAN)
    cases.append(Case("median-f32-nan-last", lambda t: nx.median(t, axis=1), [A(X_NAN, "f32")],
                      ref_median(nanx, 1, False), "f32"))
    cases.append(Case("median-f16-even", lambda t: nx.median(t), [A([0.5, 2.0, -1.0, 4.0], "f16")],
                      np.float64(1.25), "f16"))
    return cases


@pytest.mark.parametrize("case", params(_median_cases()))
def test_median_modes(case):
    check(case)


# --- mode -----------------------------------------------------------------------------------

def _lane_mode(lane):
    counts = collections.Counter(lane)
    best = max(counts.values())
    return min(v for v, c in counts.items() if c == best)


def ref_mode(arr, axis, keep):
    arr = np.asarray(arr)
    if axis is None:
        r = np.array(_lane_mode(arr.reshape(-1).tolist()))
        return r.reshape((1,) * arr.ndim) if keep else r
    r = np.apply_along_axis(lambda lane: _lane_mode(lane.tolist()), axis, arr)
    return np.expand_dims(r, axis) if keep else r


def _mode_cases():
    cases = []
    data = RNG.integers(0, 4, (3, 7)).tolist()
    for ax in (None, 0, 1, -1):
        for keep in (False, True):
            ref = ref_mode(data, ax, keep)
            cases.append(Case(f"mode-s32-ax{ax}-keep{keep}",
                              lambda t, ax=ax, keep=keep: nx.mode(t, axis=ax, keep_axis=keep),
                              [A(data, "s32")], ref, "s32"))
    fl = [[0.5, -1.0, 0.5, 2.0, -1.0], [3.0, 3.0, 1.0, 1.0, 1.0]]
    cases.append(Case("mode-f32-axis-name", lambda t: nx.mode(t, axis="c"),
                      [A(fl, "f32", ("r", "c"))], ref_mode(fl, 1, False), "f32", ("r",)))
    cases.append(Case("mode-u8-3d", lambda t: nx.mode(t, axis=1),
                      [A(np.abs(X_3D), "u8")], ref_mode(np.abs(X_3D), 1, False), "u8"))
    cases.append(Case("mode-size1-axis", lambda t: nx.mode(t, axis=1), [A([[7], [8]], "s32")],
                      [7, 8], "s32"))
    return cases


@pytest.mark.parametrize("case", params(_mode_cases()))
def test_mode_modes(case):
    check(case)


def test_mode_and_median_scalars():
    assert nx.mode(nx.tensor(42), keep_axis=True).shape == (1,)
    assert nx.mode(nx.tensor([[1]])).shape == ()
    assert nx.mode(nx.tensor([[1]]), keep_axis=True).shape == (1, 1)
    assert nx.median(nx.iota((2, 3, 3))).to_numpy().item() == 8.5


# --- errors (same message eagerly and under nx.jit) -----------------------------------------

ERRORS = [
    (lambda t: nx.sort(t, axis=2), ValueError,
     r"nx.sort: axis 2 is out of range for a tensor of shape \(2, 3\)"),
    (lambda t: nx.sort(t, axis="z"), ValueError, r"nx.sort: axis 'z' is not a name of the tensor"),
    (lambda t: nx.sort(t, direction="up"), ValueError,
     r"nx.sort: unknown value for direction, expected \"asc\" or \"desc\", got: 'up'"),
    (lambda t: nx.argsort(t, direction=None), ValueError,
     r"nx.argsort: unknown value for direction"),
    (lambda t: nx.argsort(t, type="f32"), TypeError,
     r"nx.argsort: type must be an integer type, got f32"),
    (lambda t: nx.sort(t, stable=1), TypeError, r"nx.sort: stable must be True or False, got 1"),
    (lambda t: nx.sort(nx.sum(t)), ValueError, r"nx.sort: cannot sort a scalar"),
    (lambda t: nx.sort(nx.as_type(t, "c64")), TypeError,
     r"nx.sort: complex tensors are not supported \(got type c64\)"),
    (lambda t: nx.top_k(t, k=4), ValueError,
     r"nx.top_k: input last axis size must be greater than or equal to k, got size=3 and k=4"),
    (lambda t: nx.top_k(t, k=0), ValueError,
     r"nx.top_k: k must be an integer greater than or equal to 1, got k=0"),
    (lambda t: nx.top_k(nx.sum(t)), ValueError, r"nx.top_k: input must have at least rank 1"),
    (lambda t: nx.cumulative_sum(t, axis=-3), ValueError,
     r"nx.cumulative_sum: axis -3 is out of range"),
    (lambda t: nx.cumulative_max(nx.as_type(t, "c64")), TypeError,
     r"nx.cumulative_max: complex tensors"),
    (lambda t: nx.cumulative_product(t, reverse="yes"), TypeError,
     r"nx.cumulative_product: reverse must be True or False"),
    (lambda t: nx.diff(t, order=-1), ValueError,
     r"nx.diff: order must be non-negative but got: -1"),
    (lambda t: nx.diff(t, order=4), ValueError,
     r"nx.diff: order 4 is larger than the size of axis 1 \(3"),
    (lambda t: nx.diff(nx.sum(t)), ValueError, r"nx.diff: cannot compute diff of a scalar"),
    (lambda t: nx.diff(t, order=1.5), TypeError, r"nx.diff: order must be an integer, got 1.5"),
    (lambda t: nx.median(t, axis=5), ValueError, r"nx.median: axis 5 is out of range"),
    (lambda t: nx.mode(t, axis="q"), ValueError, r"nx.mode: axis 'q' is not a name"),
    (lambda t: nx.median(t, keep_axis=None), TypeError,
     r"nx.median: keep_axis must be True or False"),
]


@pytest.mark.parametrize("fn,exc,msg", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_errors_eager_and_jit(fn, exc, msg):
    t = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
    with pytest.raises(exc, match=msg):
        fn(t)
    with pytest.raises(exc, match=msg):
        nx.jit(fn)(t)


# --- gradients ------------------------------------------------------------------------------

XG = (RNG.permutation(12).astype(np.float32).reshape(3, 4) * 0.37 - 1.0)
XZ = XG.copy()
XZ[0, 1] = XZ[1, 0] = XZ[1, 2] = XZ[2, 3] = 0.0    # zeros, two in one row, for the product


def _flip_cum(f, axis):
    return lambda t: jnp.flip(f(jnp.flip(t, axis), axis=axis), axis)


GRADS = [
    ("sort", lambda t: nx.sort(t, axis=1), lambda t: jnp.sort(t, axis=1), XG),
    ("sort-desc", lambda t: nx.sort(t, axis=0, direction="desc") * nx.sort(t, axis=0),
     lambda t: -jnp.sort(-t, axis=0) * jnp.sort(t, axis=0), XG),
    ("cumulative_sum", lambda t: nx.cumulative_sum(t, axis=1), lambda t: jnp.cumsum(t, axis=1), XG),
    ("cumulative_sum-rev", lambda t: nx.cumulative_sum(t, axis=0, reverse=True),
     _flip_cum(jnp.cumsum, 0), XG),
    ("cumulative_product", lambda t: nx.cumulative_product(t, axis=1),
     lambda t: jnp.cumprod(t, axis=1), XG),
    ("cumulative_product-zeros", lambda t: nx.cumulative_product(t, axis=1),
     lambda t: jnp.cumprod(t, axis=1), XZ),
    ("cumulative_product-zeros-rev", lambda t: nx.cumulative_product(t, axis=1, reverse=True),
     _flip_cum(jnp.cumprod, 1), XZ),
    ("cumulative_max", lambda t: nx.cumulative_max(t, axis=1),
     lambda t: jax.lax.cummax(t, axis=1), XG),
    ("cumulative_min-rev", lambda t: nx.cumulative_min(t, axis=0, reverse=True),
     lambda t: jax.lax.cummin(t, axis=0, reverse=True), XG),
    ("top_k", lambda t: nx.top_k(t, k=2)[0], lambda t: jax.lax.top_k(t, 2)[0], XG),
    ("median", lambda t: nx.median(t, axis=1), lambda t: jnp.median(t, axis=1), XG),
    ("diff", lambda t: nx.diff(t, order=2), lambda t: jnp.diff(t, n=2), XG),
]


@pytest.mark.parametrize("name,nfun,jfun,x", GRADS, ids=[g[0] for g in GRADS])
def test_gradients(name, nfun, jfun, x):
    check_grad(name, nfun, jfun, [x])


def test_argsort_has_zero_gradient():
    x = nx.tensor(XG)
    for compiler in ("xla", "evaluator"):
        g = nx.jit(lambda t: nx.grad(t, lambda u: nx.sum(nx.argsort(u, axis=1) * u)),
                   compiler=compiler)(x)
        # only the explicit factor `* u` contributes: the permutation itself is constant
        np.testing.assert_array_equal(g.to_numpy(), ref_perm(XG, 1).astype(np.float32))
