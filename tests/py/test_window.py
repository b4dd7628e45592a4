"""Window functions and convolution (ops nx.window_reduce, nx.window_fold, nx.window_scatter,
nx.conv): four modes against loop-based NumPy references, names, types, errors, gradients."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import nx
from nx import types as T
from nx.dialects.nx.registry import NoGradientError

from modes import A, Case, check, params

RNG = np.random.default_rng(11)
INF = float("inf")


# --- loop-based references --------------------------------------------------------------------

def ref_window(x, window, strides, padding, dilations, init, op, skip_padding=False):
    """For every window: fold `op` over its elements (row-major), padding reads `init` (or is
    skipped)."""
    x = np.asarray(x)
    rank = x.ndim
    padded = [d + lo + hi for d, (lo, hi) in zip(x.shape, padding)]
    ext = [(w - 1) * dl + 1 for w, dl in zip(window, dilations)]
    out_shape = tuple((p - e) // s + 1 for p, e, s in zip(padded, ext, strides))
    out = np.empty(out_shape, dtype=object)
    for o in itertools.product(*[range(n) for n in out_shape]):
        acc = init
        for k in itertools.product(*[range(w) for w in window]):
            pos = [o[i] * strides[i] + k[i] * dilations[i] - padding[i][0] for i in range(rank)]
            inside = all(0 <= p < d for p, d in zip(pos, x.shape))
            if inside or not skip_padding:
                acc = op(x[tuple(pos)] if inside else init, acc)
        out[o] = acc
    return out


def ref_scatter(x, src, init, window, strides, padding, kind):
    """Nx's window_scatter_max/min (its binary backend): the operand is padded with `init`,
    padding positions compete like any element, and a source value selected onto the
    padding is dropped."""
    x = np.asarray(x)
    out = np.full(x.shape, init, dtype=object)
    out_shape = src.shape

    def value(pos):
        inside = all(0 <= p < d for p, d in zip(pos, x.shape))
        return x[pos] if inside else init

    for o in itertools.product(*[range(n) for n in out_shape]):
        best = None
        for k in itertools.product(*[range(w) for w in window]):
            pos = tuple(o[i] * strides[i] + k[i] - padding[i][0] for i in range(x.ndim))
            # the last element that is not strictly beaten wins
            if best is None or not (value(best) > value(pos) if kind == "max"
                                    else value(best) < value(pos)):
                best = pos
        if all(0 <= p < d for p, d in zip(best, x.shape)):
            out[best] = out[best] + src[o]
    return out


def ref_conv(x, k, strides, padding, idil, kdil, fg=1, bg=1, ip=None, kp=None, op=None):
    rank = x.ndim
    ip = ip or list(range(rank))
    kp = kp or list(range(rank))
    op = op or list(range(rank))
    xc = np.transpose(x, ip).astype(np.complex128)
    kc = np.transpose(k, kp).astype(np.complex128)
    n, c = xc.shape[:2]
    o_ch, ci = kc.shape[:2]
    sp_in, sp_k = xc.shape[2:], kc.shape[2:]
    sp_out = [((d - 1) * di + 1 + lo + hi - ((kd - 1) * dk + 1)) // s + 1
              for d, kd, s, (lo, hi), di, dk in zip(sp_in, sp_k, strides, padding, idil, kdil)]
    nb = n // bg
    out = np.zeros([nb, o_ch] + sp_out, np.complex128)
    for b, oc in itertools.product(range(nb), range(o_ch)):
        if fg > 1:
            g = oc // (o_ch // fg)
            batch, cbase = b, g * ci
        else:
            g = oc // (o_ch // bg)
            batch, cbase = g * nb + b, 0
        for so in itertools.product(*[range(m) for m in sp_out]):
            acc = 0
            for cc in range(ci):
                for kk in itertools.product(*[range(m) for m in sp_k]):
                    pos = []
                    for i in range(len(so)):
                        q = so[i] * strides[i] + kk[i] * kdil[i] - padding[i][0]
                        if q % idil[i]:
                            break
                        q //= idil[i]
                        if not 0 <= q < sp_in[i]:
                            break
                        pos.append(q)
                    else:
                        acc += xc[(batch, cbase + cc) + tuple(pos)] * kc[(oc, cc) + kk]
            out[(b, oc) + so] = acc
    res = np.transpose(out, np.argsort(op))
    return res if np.iscomplexobj(x) or np.iscomplexobj(k) else res.real


def _f32(shape):
    return RNG.standard_normal(shape).astype(np.float32)


# --- window reductions in four modes ----------------------------------------------------------

X = _f32((3, 4, 5))
XI = RNG.integers(-5, 6, (3, 4, 5)).astype(np.int32)
XU = RNG.integers(0, 4, (4, 6)).astype(np.uint8)

_CASES = [
    # (kind, x, type, window, strides, padding (explicit), dilations)
    ("sum", X, "f32", (2, 2, 3), (1, 1, 1), ((0, 0),) * 3, (1, 1, 1)),
    ("sum", X, "f32", (1, 3, 2), (2, 1, 2), ((1, 0), (1, 1), (0, 2)), (1, 1, 2)),
    ("sum", XI, "s32", (2, 2, 2), (1, 2, 1), ((0, 0),) * 3, (2, 1, 2)),
    ("sum", XU, "u8", (3, 3), (1, 1), ((1, 1), (1, 1)), (1, 1)),
    ("product", XI, "s32", (1, 2, 2), (1, 1, 2), ((0, 1), (0, 0), (1, 0)), (1, 2, 1)),
    ("product", X, "f32", (2, 1, 2), (1, 1, 1), ((1, 1), (0, 0), (0, 0)), (1, 1, 1)),
    ("max", X, "f32", (2, 3, 2), (1, 2, 2), ((1, 1), (0, 2), (1, 0)), (1, 1, 2)),
    ("max", XI, "s32", (3, 1, 2), (2, 1, 1), ((2, 0), (0, 0), (0, 1)), (1, 1, 1)),
    ("max", XU, "u8", (2, 2), (2, 2), ((1, 1), (1, 1)), (1, 1)),
    ("min", X, "f32", (1, 2, 3), (1, 1, 3), ((0, 0), (1, 1), (2, 2)), (1, 2, 1)),
    ("min", XI, "s32", (2, 2, 1), (1, 1, 1), ((0, 1), (1, 0), (0, 0)), (1, 1, 1)),
]

_OPS = {"sum": lambda a, b: a + b, "product": lambda a, b: a * b,
        "max": lambda a, b: max(a, b), "min": lambda a, b: min(a, b)}


def _ident(kind, ty):
    ty = T.parse(ty)
    return {"sum": 0, "product": 1, "max": T.min_value(ty), "min": T.max_value(ty)}[kind]


def _window_case(i, kind, x, ty, w, s, p, d):
    fn = getattr(nx, f"window_{kind}")
    exp = ref_window(x, w, s, p, d, _ident(kind, ty), _OPS[kind])
    if T.is_integer(T.parse(ty)):     # wrap like the typed arithmetic
        exp = np.array([int(v) for v in exp.reshape(-1)], dtype=object).reshape(exp.shape)
        exp = np.array([v % (1 << 64) for v in exp.reshape(-1)], np.uint64).reshape(exp.shape)
        exp = exp.astype(T.parse(ty).dtype)
    else:
        exp = exp.astype(np.float64)
    names = tuple(f"n{j}" for j in range(x.ndim))
    return Case(f"{kind}-{ty}-{i}",
                lambda t: fn(t, w, strides=list(s), padding=[tuple(q) for q in p],
                             window_dilations=list(d)),
                [A(x, ty, names)], exp, ty, names, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", params([_window_case(i, *c) for i, c in enumerate(_CASES)]))
def test_window_aggregates(case):
    check(case)


def test_window_same_padding_mean_and_names():
    x = np.arange(12, dtype=np.int32).reshape(3, 4)
    exp_sum = ref_window(x, (2, 3), (1, 1), ((0, 1), (1, 1)), (1, 1), 0, _OPS["sum"])
    exp = exp_sum.astype(np.float64) / 6

    def fn(t):
        return nx.window_mean(t, (2, 3), padding="same")
    check(Case("mean-same", fn, [A(x, "s32", ("r", "c"))], exp, "f32", ("r", "c")))
    # dilations change the "same" padding (the dilated window is 3 x 5)
    exp_max = ref_window(x, (2, 3), (1, 1), ((1, 1), (2, 2)), (2, 2), T.min_value(T.S32),
                         _OPS["max"])
    check(Case("max-same-dilated", lambda t: nx.window_max(t, (2, 3), padding="same",
                                                         window_dilations=2),
               [A(x, "s32")], exp_max.astype(np.int32), "s32"))
    # f16 mean keeps f16 (the window size is a weak number)
    xh = X[0].astype(np.float16)
    exp_h = ref_window(xh.astype(np.float64), (2, 2), (2, 2), ((0, 0),) * 2, (1, 1), 0,
                       _OPS["sum"]).astype(np.float64) / 4
    check(Case("mean-f16", lambda t: nx.window_mean(t, (2, 2), strides=2), [A(xh, "f16")],
               exp_h, "f16", rtol=4e-3, atol=1e-3))


def test_window_nan_and_inf():
    x = np.array([[1.0, np.nan, -INF, 2.0], [INF, 0.5, -1.0, np.nan]], np.float32)
    check(Case("max-nan", lambda t: nx.window_max(t, (1, 2)), [A(x, "f32")],
               [[np.nan, np.nan, 2.0], [INF, 0.5, np.nan]], "f32"))
    check(Case("min-nan", lambda t: nx.window_min(t, (2, 1), padding=[(0, 1), (0, 0)]),
               [A(x, "f32")], [[1.0, np.nan, -INF, np.nan], [INF, 0.5, -1.0, np.nan]], "f32"))
    check(Case("sum-inf", lambda t: nx.window_sum(t, (2, 2), strides=[1, 2]), [A(x, "f32")],
               [[np.nan, np.nan]], "f32"))


def test_window_reduce_custom_function():
    x = XI[0]

    def fn(t):
        return nx.window_reduce(t, 1, (2, 2), lambda v, acc: v * 2 + acc, padding="same",
                                strides=[1, 2])
    # padding positions are skipped (as XLA does): the reference folds them as identity
    exp = ref_window(x, (2, 2), (1, 2), ((0, 1), (0, 1)), (1, 1), 1,
                     lambda v, acc: v * 2 + acc, skip_padding=True).astype(np.int32)
    check(Case("fold-noncommutative", fn, [A(x, "s32", ("a", "b"))], exp, "s32", ("a", "b")))

    # an f32 input with an integer accumulator and a function using a captured constant
    c = nx.tensor(0.5)

    def fn2(t):
        return nx.window_reduce(t, 0, (1, 3, 2), lambda v, acc: nx.max(v * c, acc),
                                window_dilations=[1, 1, 2], strides=2)
    exp2 = ref_window(X, (1, 3, 2), (2, 2, 2), ((0, 0),) * 3, (1, 1, 2), 0.0,
                      lambda v, acc: max(v * 0.5, acc)).astype(np.float64)
    check(Case("fold-captured", fn2, [A(X, "f32")], exp2, "f32"))


def test_window_reduce_inside_defn():
    @nx.defn
    def f(t, s):
        return nx.window_reduce(t * s, 0.0, (2,), lambda v, acc: acc + v * 3)
    r = f(nx.tensor([1.0, 2.0, 3.0]), nx.tensor(2.0))
    assert r.to_numpy().tolist() == [18.0, 30.0]

    @nx.defn
    def g(t, s):
        return nx.window_reduce(t, 0.0, (2,), lambda v, acc: acc + v * s)
    with pytest.raises(ValueError, match="nx.window_reduce: the function must only use its two "
                                         "arguments and constants"):
        g(nx.tensor([1.0, 2.0, 3.0]), nx.tensor(2.0))


# --- window scatter ---------------------------------------------------------------------------

_SCATTER = [
    ("max", (4, 6), "s32", (2, 3), (2, 3), ((0, 0), (0, 0))),
    ("max", (4, 5), "f32", (2, 2), (1, 2), ((1, 0), (0, 1))),
    ("min", (5, 5), "f32", (3, 2), (2, 1), ((1, 1), (0, 0))),
    ("min", (3, 4, 4), "s32", (1, 2, 2), (1, 2, 1), ((0, 0), (1, 1), (0, 0))),
]


def _scatter_case(i, kind, shape, ty, w, s, p):
    # without padding, few distinct values (ties: the last element wins); with padding,
    # distinct values: XLA's choice among tied elements of a padded window is its own
    if all(q == (0, 0) for q in p):
        x = RNG.integers(0, 3, shape).astype(T.parse(ty).dtype)
    else:
        x = RNG.permutation(int(np.prod(shape))).reshape(shape).astype(T.parse(ty).dtype)
    out_shape = tuple((d + lo + hi - k) // st + 1 for d, (lo, hi), k, st in zip(shape, p, w, s))
    src = RNG.integers(1, 9, out_shape).astype(T.parse(ty).dtype)
    exp = ref_scatter(x, src, 3, w, s, p, kind).astype(np.float64)
    fn = getattr(nx, f"window_scatter_{kind}")
    names = tuple(f"d{j}" for j in range(len(shape)))
    return Case(f"scatter-{kind}-{i}",
                lambda t, u: fn(t, u, 3, w, padding=[tuple(q) for q in p], strides=list(s)),
                [A(x, ty, names), A(src, ty)], exp, ty, names)


@pytest.mark.parametrize("case", params([_scatter_case(i, *c) for i, c in enumerate(_SCATTER)]))
def test_window_scatter(case):
    check(case)


def test_window_scatter_types():
    # the result has the merged type of source and init_value; t is compared in that type
    x = np.array([[1.5, 1.2, 0.0, 3.0]], np.float32)
    check(Case("scatter-type", lambda t, u: nx.window_scatter_max(t, u, 0.5, (1, 2), strides=2),
               [A(x, "f32"), A([[2, 4]], "s32")], [[2.5, 0.5, 0.5, 4.5]], "f32"))
    check(Case("scatter-u8", lambda t, u: nx.window_scatter_min(t, u, nx.tensor(1, type="u8"),
                                                                (2,), strides=1),
               [A([5, 1, 7], "u8"), A([10, 20], "u8")], [1, 31, 1], "u8"))


# --- conv -------------------------------------------------------------------------------------

_CONV = [
    # (id, x shape, k shape, kwargs)
    ("basic", (2, 3, 5, 5), (4, 3, 2, 2), {}),
    ("stride-pad", (1, 2, 6, 5), (3, 2, 3, 2),
     dict(strides=[2, 1], padding=[(1, 2), (0, 1)])),
    ("neg-pad", (1, 2, 6, 5), (2, 2, 2, 2), dict(padding=[(-1, 1), (2, -1)])),
    ("same-dil", (2, 2, 5, 6), (2, 2, 2, 3),
     dict(strides=2, padding="same", input_dilation=[2, 1], kernel_dilation=[1, 2])),
    ("1d", (3, 2, 7), (2, 2, 3), dict(strides=[2], kernel_dilation=2, padding="same")),
    ("3d", (1, 1, 4, 3, 4), (2, 1, 2, 2, 2), dict(strides=[1, 2, 1])),
    ("feature-groups", (2, 6, 5, 4), (4, 3, 2, 2), dict(feature_group_size=2)),
    ("batch-groups", (4, 3, 5, 4), (6, 3, 3, 2), dict(batch_group_size=2, padding="same")),
    ("perms", (5, 4, 2, 3), (3, 2, 2, 4),
     dict(input_permutation=[3, 2, 0, 1], kernel_permutation=[3, 2, 0, 1],
          output_permutation=[0, 2, 3, 1])),
]


def _conv_opts(x_shape, k_shape, kw):
    ns = len(x_shape) - 2
    kp = kw.get("kernel_permutation") or list(range(len(x_shape)))

    def per(v):
        return [v] * ns if isinstance(v, int) else list(v)
    s = per(kw.get("strides", 1))
    idl, kdl = per(kw.get("input_dilation", 1)), per(kw.get("kernel_dilation", 1))
    p = kw.get("padding", "valid")
    if p == "valid":
        p = [(0, 0)] * ns
    elif p == "same":
        ks = [(k_shape[a] - 1) * d + 1 for a, d in zip(kp[2:], kdl)]
        p = [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in ks]
    return s, p, idl, kdl


def _conv_case(cid, xs, ks, kw, ty="f32", kty="f32"):
    x = RNG.standard_normal(xs).astype(np.float32) if ty == "f32" else \
        RNG.integers(-3, 4, xs).astype(T.parse(ty).dtype)
    k = RNG.standard_normal(ks).astype(np.float32) if kty == "f32" else \
        RNG.integers(-3, 4, ks).astype(T.parse(kty).dtype)
    s, p, idl, kdl = _conv_opts(xs, ks, kw)
    exp = ref_conv(x, k, s, p, idl, kdl, kw.get("feature_group_size", 1),
                   kw.get("batch_group_size", 1), kw.get("input_permutation"),
                   kw.get("kernel_permutation"), kw.get("output_permutation"))
    out_ty = T.to_float(T.merge(T.parse(ty), T.parse(kty))).name
    return Case(f"conv-{cid}", lambda a, b: nx.conv(a, b, **kw), [A(x, ty), A(k, kty)], exp,
                out_ty, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", params([_conv_case(*c) for c in _CONV]))
def test_conv(case):
    check(case)


def test_conv_types_and_names():
    xs, ks = (1, 2, 4, 4), (2, 2, 2, 2)
    check(_conv_case("s32-u8", xs, ks, {"strides": 2}, "s32", "u8"))
    x = RNG.standard_normal(xs).astype(np.float32)
    k = RNG.standard_normal(ks).astype(np.float32)
    exp = ref_conv(x, k, [1, 1], [(0, 0), (0, 0)], [1, 1], [1, 1])
    check(Case("conv-names", lambda a, b: nx.conv(a, b), [A(x, "f32", ("b", "c", "h", "w")),
                                                          A(k, "f32", ("o", "i", None, None))],
               exp, "f32", ("b", "c", "h", "w"), rtol=1e-5, atol=1e-6))
    # channels-last input named; permutations by name; output back to channels-last
    xl = np.transpose(x, (0, 2, 3, 1)).copy()
    check(Case("conv-names-perm",
               lambda a, b: nx.conv(a, b, input_permutation=["b", "c", "h", "w"],
                                    output_permutation=["b", "c", "h", "w"]),
               [A(xl, "f32", ("b", "h", "w", "c")), A(k, "f32")],
               np.transpose(exp, (0, 2, 3, 1)), "f32", ("b", "h", "w", "c"),
               rtol=1e-5, atol=1e-6))
    # f16 stays f16; complex (no conjugation)
    xc = (x + 1j * np.flip(x)).astype(np.complex64)
    expc = ref_conv(xc, k.astype(np.complex64) * (1 - 1j), [1, 1], [(0, 0), (0, 0)], [1, 1],
                    [1, 1])
    check(Case("conv-c64", lambda a, b: nx.conv(a, b * complex(1, -1)),
               [A(xc, "c64"), A(k, "f32")], expc, "c64", rtol=1e-5, atol=1e-5))
    check(Case("conv-f16", lambda a, b: nx.conv(a, b), [A(x, "f16"), A(k, "f16")], exp, "f16",
               rtol=2e-2, atol=2e-2))


# --- errors: the same in eager and jit modes ----------------------------------------------

def _raises(exc, msg, fn, *args):
    with pytest.raises(exc, match=msg):
        fn(*args)
    with pytest.raises(exc, match=msg):
        nx.jit(fn)(*args)


def test_errors():
    t = nx.tensor(XI[0])
    _raises(ValueError, r"nx.window_sum: invalid window dimensions, rank of shape \(4, 5\) "
            r"\(2\) does not match rank of window \(2,\) \(1\)", lambda a: nx.window_sum(a, (2,)),
            t)
    _raises(ValueError, r"nx.window_max: invalid dimension in axis 1 in window_dimensions",
            lambda a: nx.window_max(a, (2, 0)), t)
    _raises(TypeError, r"nx.window_min: window_dimensions must be a tuple of positive integers",
            lambda a: nx.window_min(a, 2), t)
    _raises(ValueError, r"nx.window_sum: invalid strides, expected one entry per axis \(2\), "
            r"got \[1, 1, 1\]", lambda a: nx.window_sum(a, (1, 1), strides=[1, 1, 1]), t)
    _raises(ValueError, r"nx.window_sum: strides must be positive integers, got \[0, 0\]",
            lambda a: nx.window_sum(a, (1, 1), strides=0), t)
    _raises(ValueError, r"nx.window_product: invalid padding mode specified, padding must be one "
            r"of \"valid\", \"same\", or a padding configuration, got: 'full'",
            lambda a: nx.window_product(a, (1, 1), padding="full"), t)
    _raises(ValueError, r"nx.window_sum: padding must not be negative, got \[\(0, 0\), \(-1, 0\)\]",
            lambda a: nx.window_sum(a, (1, 1), padding=[(0, 0), (-1, 0)]), t)
    _raises(ValueError, r"nx.window_sum: window dimensions would result in empty tensor",
            lambda a: nx.window_sum(a, (5, 1)), t)
    _raises(ValueError, r"nx.window_sum: window dimensions would result in empty tensor",
            lambda a: nx.window_sum(a, (2, 3), window_dilations=[4, 1]), t)
    _raises(TypeError, r"nx.window_max: complex tensors are not supported",
            lambda a: nx.window_max(a, (1,)), nx.tensor([1j, 2]))
    _raises(ValueError, r"nx.window_reduce: the accumulator must be a scalar, got shape \(2,\)",
            lambda a: nx.window_reduce(a, nx.tensor([0, 0]), (1, 1), nx.add), t)
    _raises(ValueError, r"nx.window_reduce: the function must return a scalar, got shape \(2,\)",
            lambda a: nx.window_reduce(a, 0, (1, 1), lambda v, acc: nx.stack([v, acc])), t)
    _raises(ValueError, r"nx.window_scatter_max: source shape must match valid windows in input "
            r"tensor: expected \(2, 2\), got \(2, 3\)",
            lambda a: nx.window_scatter_max(a, nx.iota((2, 3)), 0, (2, 2), strides=2), t)
    _raises(ValueError, r"nx.window_scatter_min: init_value must be a scalar",
            lambda a: nx.window_scatter_min(a, nx.iota((2, 2)), nx.tensor([0]), (2, 2),
                                            strides=2), t)
    x4, k4 = nx.iota((1, 4, 5, 5), type="f32"), nx.iota((2, 2, 2, 2), type="f32")
    _raises(ValueError, r"nx.conv: input shape in conv requires at least rank 3, shape \(4, 5\) "
            r"has rank 2", lambda a: nx.conv(a, a), t)
    _raises(ValueError, r"nx.conv: size of input channels divided by feature groups must match "
            r"size of kernel channels, got 4 / 1 != 2",
            lambda a, b: nx.conv(a, b), x4, k4)
    _raises(ValueError, r"nx.conv: size of kernel output channels must be evenly divisible by "
            r"feature groups, got rem\(2, 4\) != 0",
            lambda a, b: nx.conv(a, nx.concatenate([b, b], axis=1), feature_group_size=4),
            x4, k4)
    _raises(ValueError, r"nx.conv: either batch groups or feature groups must be 1",
            lambda a, b: nx.conv(a, b, feature_group_size=2, batch_group_size=2), x4, k4)
    _raises(ValueError, r"nx.conv: batch groups must evenly divide input batch size",
            lambda a, b: nx.conv(a, nx.concatenate([b, b], axis=1), batch_group_size=2),
            x4, k4)
    _raises(ValueError, r"nx.conv: invalid strides, expected one entry per spatial dimension "
            r"\(2\), got \[1\]", lambda a, b: nx.conv(a, b, strides=[1], feature_group_size=2),
            x4, k4)
    _raises(ValueError, r"nx.conv: conv would result in empty tensor",
            lambda a, b: nx.conv(a, b, feature_group_size=2, padding=[(-2, -2), (0, 0)]),
            x4, k4)
    _raises(ValueError, r"nx.conv: input_permutation must list every axis of shape "
            r"\(1, 4, 5, 5\) once, got \[0, 0, 1, 2\]",
            lambda a, b: nx.conv(a, b, input_permutation=[0, 0, 1, 2]), x4, k4)
    _raises(ValueError, r"nx.conv: kernel_dilation must be positive integers, got \[0, 1\]",
            lambda a, b: nx.conv(a, b, kernel_dilation=[0, 1]), x4, k4)


# --- gradients ------------------------------------------------------------------------------

def _jax():
    import jax
    import jax.numpy as jnp
    from jax import lax
    return jax, jnp, lax


def test_grad_window_aggregates():
    from gradcheck import check_grad
    jax, jnp, lax = _jax()
    x = _f32((3, 5, 4))
    cfg = [((2, 2, 2), (1, 2, 1), [(1, 0), (0, 1), (1, 1)], (1, 1, 2)),
           ((1, 3, 2), (2, 1, 2), [(0, 0), (2, 1), (0, 0)], (1, 2, 1))]
    for w, s, p, d in cfg:
        check_grad("window_sum",
                   lambda t: nx.window_sum(t, w, strides=list(s), padding=p,
                                           window_dilations=list(d)),
                   lambda t: lax.reduce_window(t, 0.0, lax.add, w, s, p, window_dilation=d),
                   [x])
        check_grad("window_mean",
                   lambda t: nx.window_mean(t, w, strides=list(s), padding=p,
                                            window_dilations=list(d)),
                   lambda t: lax.reduce_window(t, 0.0, lax.add, w, s, p,
                                               window_dilation=d) / np.prod(w),
                   [x])
    for w, s, p in (((2, 2, 2), (1, 2, 1), [(1, 0), (0, 1), (1, 1)]),
                    ((3, 1, 2), (2, 1, 2), "same")):
        jp = p if p != "same" else "SAME"
        check_grad("window_max",
                   lambda t: nx.window_max(t, w, strides=list(s), padding=p),
                   lambda t: lax.reduce_window(t, -jnp.inf, lax.max, w, s, jp), [x])
        check_grad("window_min",
                   lambda t: nx.window_min(t, w, strides=list(s), padding=p),
                   lambda t: lax.reduce_window(t, jnp.inf, lax.min, w, s, jp), [x])


def test_grad_window_scatter():
    from gradcheck import check_grad
    jax, jnp, lax = _jax()
    x = _f32((4, 5))
    src = _f32((3, 3))
    init = np.array(0.25, np.float32)
    w, s, p = (2, 2), (1, 2), [(0, 0), (1, 0)]

    # Nx's semantics: the operand is padded with init_value, which competes in the selection
    # (a source value selected onto the padding is dropped): JAX's VJP of a valid
    # reduce_window over the explicitly padded operand, cropped back
    def crop(r, t):
        return r[tuple(slice(lo, lo + d) for (lo, _), d in zip(p, t.shape))]

    def jfun(t, u, i):
        tp = jnp.pad(t, p, constant_values=i)
        r = jax.vjp(lambda v: lax.reduce_window(v, -jnp.inf, lax.max, w, s, "VALID"), tp)[1](u)[0]
        return crop(r, t) + i

    check_grad("window_scatter_max",
               lambda t, u, i: nx.window_scatter_max(t, u, i, w, strides=list(s), padding=p),
               jfun, [x, src, init])

    def jfun_min(t, u, i):
        tp = jnp.pad(t, p, constant_values=i)
        r = jax.vjp(lambda v: lax.reduce_window(v, jnp.inf, lax.min, w, s, "VALID"), tp)[1](u)[0]
        return crop(r, t) + i

    check_grad("window_scatter_min",
               lambda t, u, i: nx.window_scatter_min(t, u, i, w, strides=list(s), padding=p),
               jfun_min, [x, src, init])


def _jconv(kw, x_rank):
    jax, jnp, lax = _jax()
    rng = list(range(x_rank))
    dn = lax.ConvDimensionNumbers(tuple(kw.get("input_permutation") or rng),
                                  tuple(kw.get("kernel_permutation") or rng),
                                  tuple(kw.get("output_permutation") or rng))

    def f(a, b):
        s, p, idl, kdl = _conv_opts(a.shape, b.shape, kw)
        return lax.conv_general_dilated(
            a, b, s, p, lhs_dilation=idl, rhs_dilation=kdl, dimension_numbers=dn,
            feature_group_count=kw.get("feature_group_size", 1),
            batch_group_count=kw.get("batch_group_size", 1),
            precision=lax.Precision.HIGHEST)
    return f


@pytest.mark.parametrize("cid,xs,ks,kw", [c for c in _CONV if c[0] in (
    "basic", "stride-pad", "same-dil", "feature-groups", "batch-groups", "perms", "neg-pad")])
def test_grad_conv(cid, xs, ks, kw):
    from gradcheck import check_grad
    x, k = _f32(xs), _f32(ks)
    check_grad(f"conv-{cid}", lambda a, b: nx.conv(a, b, **kw), _jconv(kw, len(xs)), [x, k],
               rtol=1e-3, atol=1e-4)


def test_no_gradient():
    x = nx.tensor(X[0])
    cases = [
        (lambda t: nx.window_product(t, (2, 2)), r"window_product"),
        (lambda t: nx.window_max(t, (2, 2), window_dilations=2), r"window_dilations \[2, 2\]"),
        (lambda t: nx.window_reduce(t, 0.0, (2, 2), nx.add), r"nx.window_fold"),
    ]
    for fn, msg in cases:
        with pytest.raises(NoGradientError, match=msg):
            nx.jit(lambda t: nx.grad(t, lambda u: nx.sum(fn(u))))(x)


def test_ir_roundtrip_and_verify():
    from nx.compiler.parser import parse_module
    from nx.compiler.printer import print_module
    from nx.compiler.verifier import verify
    from nx.defn import trace_module

    def f(x, k):
        a = nx.window_reduce(x, 0.0, (1, 1, 2, 2), lambda v, acc: nx.max(v, acc), padding="same")
        ws = nx.window_scatter_max(x, nx.window_max(x, (1, 1, 2, 2)), 0.0, (1, 1, 2, 2))
        return nx.conv(a, k, padding=[(1, -1), (0, 0)]) + nx.sum(ws)
    m = trace_module(f, (nx.iota((1, 2, 4, 4), type="f32"), nx.iota((3, 2, 2, 2), type="f32")))
    m = m[0] if isinstance(m, tuple) else m
    verify(m)
    txt = print_module(m)
    assert "nx.window_fold" in txt and "nx.conv" in txt and "nx.window_scatter" in txt
    assert print_module(parse_module(txt)) == txt
