"""Every public function of the tensor API (`nx`, `nx.linalg`, `nx.random`) on vectorized
tensors: the vectorized call equals stacking the calls on each entry, in every mode (eager numpy
backend, eager xla backend, `nx.jit`, the evaluator).

`test_every_public_function_is_covered` keeps the table honest: a public function is either in
`CASES` (its id is the function's name, optionally followed by `:variant`) or in `NOT_OPS` with
the reason it has no vectorized-vs-stacked form (and the test that covers it instead)."""
from __future__ import annotations

import inspect
import itertools

import numpy as np
import pytest

import nx
from nx._dispatch import apply
from nx.containers import flatten
from nx.dialects.nx.registry import union_axes

from modes import MODES, run_mode


def _tensor(arr):
    arr = np.asarray(arr)
    return nx.tensor(arr) if arr.dtype != np.bool_ else nx.tensor(arr.astype(np.uint8))


def _entries(args):
    """The union of the vectorized axes, and the plain arguments of each of its entries."""
    axes = union_axes([a for _, a in args if a])
    out = []
    for idx in itertools.product(*[range(s) for _, s in axes]):
        pos = dict(zip([n for n, _ in axes], idx))
        entry = []
        for arr, a in args:
            arr = np.asarray(arr)
            if a:
                arr = arr[tuple(pos[n] if s != 1 else 0 for n, s in a)]
            entry.append(arr)
        out.append(entry)
    return axes, out


def check_vectorized_equals_stacked(fn, args, rtol=2e-5, atol=1e-6, modes=MODES):
    """`fn` on the vectorized arguments equals `fn` on each entry, stacked, in every mode.
    `args`: [(array, vectorized axes [(name, size)] or None for a plain argument)]."""
    axes, entries = _entries(args)
    refs = [flatten(fn(*[_tensor(a) for a in e]))[0] for e in entries]
    lead = tuple(s for _, s in axes)
    ins = [nx.vectorize(_tensor(arr), [n for n, _ in a]) if a else _tensor(arr)
           for arr, a in args]
    for m in modes:
        got = flatten(run_mode(m, fn, *ins))[0]
        assert len(got) == len(refs[0]), (m, len(got))
        for k, g in enumerate(got):
            r0 = refs[0][k]
            what = f"{m}, result {k}"
            if not g.vectorized_axes:   # a result that no vectorized input reaches (the new
                for r in refs:          # key of a random function given a plain key)
                    np.testing.assert_array_equal(nx.to_numpy(g), r[k].to_numpy(), err_msg=what)
                continue
            assert g.vectorized_axes == axes, (what, g.vectorized_axes, axes)
            assert g.shape == r0.shape and g.type == r0.type, (what, g.shape, g.type, r0.shape,
                                                               r0.type)
            assert g.names == r0.names, (what, g.names, r0.names)
            want = np.stack([r[k].to_numpy() for r in refs]).reshape(lead + r0.shape)
            gv = nx.to_numpy(g)
            if np.issubdtype(want.dtype, np.inexact):
                np.testing.assert_allclose(gv, want, rtol=rtol, atol=atol, err_msg=what)
            else:
                np.testing.assert_array_equal(gv, want, err_msg=what)


def _ap(name, attrs):
    return lambda *ts: apply(name, list(ts), attrs)


# --- inputs ----------------------------------------------------------------------------------

R = np.random.default_rng(0)
V = [("v", 2)]                 # the vectorized axis most cases use
W = [("w", 3)]                 # a second axis: results carry the union [v, w]
VW = [("v", 2), ("w", 3)]


def normal(*shape):
    return R.standard_normal(shape).astype(np.float32)


F = normal(2, 3, 4)                                  # entries f32[3][4]
G = normal(2, 4, 5)
P = normal(4, 5)
X3 = normal(3, 3, 4)                                 # entries over w
POS = np.abs(F) + 0.1
UNIT = np.tanh(F) * 0.9                              # in (-0.9, 0.9)
I = R.integers(-5, 6, (2, 3, 4)).astype(np.int32)
NAT = R.integers(1, 9, (2, 3, 4)).astype(np.int32)
U8 = R.integers(0, 2, (2, 3, 4)).astype(np.uint8)
C = (normal(2, 4) + 1j * normal(2, 4)).astype(np.complex64)
C2 = (normal(2, 3, 4) + 1j * normal(2, 3, 4)).astype(np.complex64)
SPECIAL = np.array([[1.0, np.inf, -np.inf, np.nan], [0.0, -1.0, np.nan, 2.0]], np.float32)
IDX = np.array([[[2], [0]], [[1], [1]]], np.int32)   # entries s32[2][1]
SQ = normal(2, 4, 4)
SPD = SQ @ SQ.transpose(0, 2, 1) + 4 * np.eye(4, dtype=np.float32)
LOWER = np.tril(SQ) + 4 * np.eye(4, dtype=np.float32)
TALL = normal(2, 5, 3)
VECS = normal(2, 4)
KEYS = np.stack([nx.to_numpy(nx.random.key(s)) for s in (1, 2)])    # entries u32[2]
SEEDS = np.array([3, 7], np.int64)


def _cond_fn(p, x):
    return nx.cond(p > 0, lambda: x * 2.0, lambda: x - 1.0)


def _while_fn(x):
    return nx.while_loop(x, lambda s: nx.sum(s) < 10.0, lambda s: s * 2.0 + 0.5)


def _fori_fn(x):
    return nx.fori_loop(0, 3, x, lambda i, s: s * s + i)


def _hook_fn(x):
    return nx.hook(nx.exp(x), lambda t: None)


def _token_fn(x):
    token, y = nx.hook_token(nx.create_token(), nx.exp(x), lambda t: None)
    return nx.attach_token(token, y * 2)


def _custom_grad_fn(x):
    def f(x):
        y = nx.custom_grad(nx.sin(x), [x], lambda g: [g * 3.0])
        return nx.sum(y)
    return nx.grad(x, f)


E = None   # a plain argument


# (id, fn, [(array, vectorized axes or None)][, {rtol, atol}])
UNARY_FLOAT = ["abs", "asinh", "atan", "cbrt", "ceil", "cos", "cosh", "erf", "erfc", "exp",
               "expm1", "floor", "negate", "round", "sigmoid", "sign", "sin", "sinh", "tan",
               "tanh", "stop_grad", "is_nan", "is_infinity"]
CASES = [(n, getattr(nx, n), [(F, V)]) for n in UNARY_FLOAT]
CASES += [
    ("is_nan:special", nx.is_nan, [(SPECIAL, V)]),
    ("apply_op", lambda t: nx.apply_op("nx.sin", [t]), [(F, V)]),
    ("is_infinity:special", nx.is_infinity, [(SPECIAL, V)]),
    ("acos", nx.acos, [(UNIT, V)]),
    ("asin", nx.asin, [(UNIT, V)]),
    ("atanh", nx.atanh, [(UNIT, V)]),
    ("erf_inv", nx.erf_inv, [(UNIT, V)]),
    ("acosh", nx.acosh, [(POS + 1, V)]),
    ("log", nx.log, [(POS, V)]),
    ("log:base", lambda t: nx.log(t, base=3), [(POS, V)]),
    ("log10", nx.log10, [(POS, V)]),
    ("log1p", nx.log1p, [(POS, V)]),
    ("log2", nx.log2, [(POS, V)]),
    ("sqrt", nx.sqrt, [(POS, V)]),
    ("rsqrt", nx.rsqrt, [(POS, V)]),
    ("negate:int", nx.negate, [(I, V)]),
    ("abs:int", nx.abs, [(I, V)]),
    ("sign:int", nx.sign, [(I, V)]),
    ("bitwise_not", nx.bitwise_not, [(I, V)]),
    ("count_leading_zeros", nx.count_leading_zeros, [(NAT, V)]),
    ("population_count", nx.population_count, [(I, V)]),
    ("logical_not", nx.logical_not, [(U8, V)]),
    ("real", nx.real, [(C, V)]),
    ("imag", nx.imag, [(C, V)]),
    ("conjugate", nx.conjugate, [(C, V)]),
    ("phase", nx.phase, [(C, V)]),
    ("abs:complex", nx.abs, [(C, V)]),
    ("exp:complex", nx.exp, [(C, V)]),
    ("as_type", lambda t: nx.as_type(t, "s32"), [(F * 3, V)]),
    ("as_type:complex", lambda t: nx.as_type(t, "c64"), [(F, V)]),
    ("bitcast", lambda t: nx.bitcast(t, "s32"), [(F, V)]),
    # binary element-wise: vectorized with plain, plain with vectorized, the same axis, two axes
    ("add", nx.add, [(F, V), (P[:, 0].copy(), E)]),
    ("add:plain_vec", nx.add, [(F[0, 0], E), (F, V)]),
    ("add:scalar", lambda t: nx.add(t, 1.5), [(F, V)]),
    ("add:cross", nx.add, [(F[:, 0], V), (X3[:, 0], W)]),
    ("subtract", nx.subtract, [(F[:, 0], V), (X3, W)]),
    ("multiply", nx.multiply, [(F, V), (F[::-1].copy(), V)]),
    ("multiply:size1", nx.multiply, [(F, V), (F[:1], [("v", 1)])]),
    ("divide", nx.divide, [(F, V), (F[:, 0, 0].copy(), V)]),
    ("divide:int", nx.divide, [(I, V), (NAT, V)]),
    ("pow", nx.pow, [(POS, V), (2.0, E)]),
    ("pow:int", nx.pow, [(NAT, V), (NAT[0] % 3, E)]),
    ("atan2", nx.atan2, [(F, V), (F[1], E)]),
    ("max", nx.max, [(F, V), (F[0], E)]),
    ("min", nx.min, [(I, V), (X3[:, 0, 0].astype(np.int32), W)]),
    ("quotient", nx.quotient, [(I, V), (NAT, V)]),
    ("remainder", nx.remainder, [(I, V), (3, E)]),
    ("remainder:float", nx.remainder, [(F * 4, V), (1.5, E)]),
    ("left_shift", nx.left_shift, [(np.abs(I), V), (NAT % 4, E)]),
    ("right_shift", nx.right_shift, [(I * 16, V), (2, E)]),
    ("bitwise_and", nx.bitwise_and, [(I, V), (NAT, V)]),
    ("bitwise_or", nx.bitwise_or, [(I, V), (NAT[0], E)]),
    ("bitwise_xor", nx.bitwise_xor, [(I, V), (7, E)]),
    ("logical_and", nx.logical_and, [(U8, V), (I, V)]),
    ("logical_or", nx.logical_or, [(U8, V), (I[0], E)]),
    ("logical_xor", nx.logical_xor, [(U8, V), (F, V)]),
    ("equal", nx.equal, [(I, V), (I[0], E)]),
    ("not_equal", nx.not_equal, [(I, V), (NAT, V)]),
    ("less", nx.less, [(F, V), (0.0, E)]),
    ("less_equal", nx.less_equal, [(I, V), (X3[:, 0, 0].astype(np.int32), W)]),
    ("greater", nx.greater, [(F, V), (F[::-1].copy(), V)]),
    ("greater_equal", nx.greater_equal, [(F[0], E), (F, V)]),
    ("complex", nx.complex, [(F, V), (F[0], E)]),
    ("select", nx.select, [(I[:, 0] > 0, V), (F[0, 0], E), (F[:, 1], V)]),
    ("select:pred_plain", nx.select, [(I[0] > 0, E), (F, V), (0.0, E)]),
    ("clip", lambda t: nx.clip(t, -0.5, 0.5), [(F, V)]),
    # reductions and aggregates never reduce the vectorized axes
    ("sum", nx.sum, [(F, V)]),
    ("sum:axes", lambda t: nx.sum(t, axes=[1]), [(F, V)]),
    ("sum:negative_axis", lambda t: nx.sum(t, axes=[-2], keep_axes=True), [(I, V)]),
    ("product", lambda t: nx.product(t, axes=[0], keep_axes=True), [(F, V)]),
    ("reduce_max", lambda t: nx.reduce_max(t, axes=[-1]), [(I, V)]),
    ("reduce_min", nx.reduce_min, [(F, V)]),
    ("all", nx.all, [(U8, V)]),
    ("all:axes", lambda t: nx.all(t, axes=[1]), [(I, V)]),
    ("any", nx.any, [(U8, V)]),
    ("any:axes", lambda t: nx.any(t, axes=[0], keep_axes=True), [(U8, V)]),
    ("argmax", nx.argmax, [(F, V)]),
    ("argmax:axis", lambda t: nx.argmax(t, axis=1, tie_break="high"), [(I, V)]),
    ("argmin", lambda t: nx.argmin(t, axis=0, keep_axis=True), [(I, V)]),
    ("mean", lambda t: nx.mean(t, axes=[0]), [(F, V)]),
    ("mean:all", nx.mean, [(F, V)]),
    ("logsumexp", nx.logsumexp, [(F, V)]),
    ("logsumexp:axes", lambda t: nx.logsumexp(t, axes=[1], keep_axes=True), [(F, V)]),
    ("weighted_mean", lambda t, w: nx.weighted_mean(t, w, axes=[1]), [(F, V), (POS[0], E)]),
    ("weighted_mean:vec_weights", nx.weighted_mean, [(F[0], E), (POS, V)]),
    ("variance", lambda t: nx.variance(t, axes=[1], ddof=1), [(F, V)]),
    ("standard_deviation", nx.standard_deviation, [(F, V)]),
    ("covariance", nx.covariance, [(F, V)]),
    ("covariance:mean", lambda t, m: nx.covariance(t, m, ddof=1), [(F, V), (F[:, 0], V)]),
    ("median", nx.median, [(F, V)]),
    ("median:axis", lambda t: nx.median(t, axis=1, keep_axis=True), [(F, V)]),
    ("mode", lambda t: nx.mode(t, axis=0), [(I % 3, V)]),
    ("mode:all", nx.mode, [(I % 3, V)]),
    ("all_close", nx.all_close, [(F, V), (F[0], E)]),
    ("reduce", lambda t: nx.reduce(t, 0.0, lambda a, acc: nx.max(a, acc) + acc, axes=[1]),
     [(F, V)]),
    # cumulative and sorting
    ("cumulative_sum", lambda t: nx.cumulative_sum(t, axis=1), [(I, V)]),
    ("cumulative_product", lambda t: nx.cumulative_product(t, reverse=True), [(F, V)]),
    ("cumulative_max", lambda t: nx.cumulative_max(t, axis=1), [(F, V)]),
    ("cumulative_min", nx.cumulative_min, [(I, V)]),
    ("diff", nx.diff, [(F, V)]),
    ("diff:order", lambda t: nx.diff(t, order=2, axis=0), [(I, V)]),
    ("sort", lambda t: nx.sort(t, axis=1, direction="desc"), [(F, V)]),
    ("argsort", lambda t: nx.argsort(t, axis=0, stable=True), [(I, V)]),
    ("top_k", lambda t: nx.top_k(t, k=2), [(F, V)]),
    # shapes and structure: axis arguments refer to the inner axes
    ("reshape", lambda t: nx.reshape(t, (4, 3)), [(F, V)]),
    ("reshape:names", lambda t: nx.reshape(t, (2, 6), names=["a", "b"]), [(F, V)]),
    ("transpose", nx.transpose, [(F, V)]),
    ("transpose:axes", lambda t: nx.transpose(nx.reshape(t, (2, 3, 2)), axes=[2, 0, 1]),
     [(F, V)]),
    ("broadcast", lambda t: nx.broadcast(t, (2, 3, 4)), [(F, V)]),
    ("broadcast:axes", lambda t: nx.broadcast(t[0], (4, 5), axes=[0]), [(F, V)]),
    ("new_axis", lambda t: nx.new_axis(t, 1, "n"), [(F, V)]),
    ("squeeze", lambda t: nx.squeeze(nx.new_axis(t, -1)), [(F, V)]),
    ("flatten", nx.flatten, [(F, V)]),
    ("rename", lambda t: nx.rename(t, ["a", "b"]), [(F, V)]),
    ("slice", lambda t: nx.slice(t, [1, 0], [2, 3], strides=[1, 2]), [(F, V)]),
    ("slice:tensor_start", lambda t, i: nx.slice(t, [i, 1], [2, 2]), [(F, V), (np.int32(1), E)]),
    ("slice:vec_start", lambda t, i: nx.slice(t, [i, 1], [2, 2]),
     [(F, V), (np.array([0, 5], np.int32), V)]),
    ("slice:vec_start_plain_t", lambda t, i: nx.slice(t, [1, i], [2, 2]),
     [(F[0], E), (np.array([0, 2, 1], np.int32), W)]),
    ("slice_along_axis", lambda t: nx.slice_along_axis(t, 1, 2, axis=1), [(F, V)]),
    ("access", lambda t: t[1, 1:3], [(F, V)]),
    ("access:tensor_index", lambda t, i: t[i], [(F, V), (np.array([2, 0], np.int32), V)]),
    ("concatenate", lambda a, b: nx.concatenate([a, b], axis=1), [(F, V), (P[:3], E)]),
    ("concatenate:two_axes", lambda a, b: nx.concatenate([a, b]), [(F, V), (X3, W)]),
    ("stack", lambda a, b: nx.stack([a, b], axis=1), [(F, V), (F[1], E)]),
    ("split", lambda t: nx.split(t, 1, axis=1), [(F, V)]),
    ("split:fraction", lambda t: nx.split(t, 0.5), [(I, V)]),
    ("pad", lambda t: nx.pad(t, 0.0, [(1, 0, 0), (0, 2, 1)]), [(F, V)]),
    ("reverse", lambda t: nx.reverse(t, axes=[1]), [(F, V)]),
    ("reflect", lambda t: nx.reflect(t, padding_config=[(0, 0), (2, 1)]), [(F, V)]),
    ("tile", lambda t: nx.tile(t, [1, 2]), [(F, V)]),
    ("put_slice", lambda t, u: nx.put_slice(t, [1, 1], u), [(F, V), (P[:2, :2], E)]),
    ("put_slice:vec_start", lambda t, i, u: nx.put_slice(t, [i, 1], u),
     [(F[0], E), (np.array([0, 2], np.int32), V), (G[:, :2, :2].copy(), V)]),
    ("fill", lambda t: nx.fill(t, 3.5), [(F, V)]),
    ("tril", nx.tril, [(F, V)]),
    ("triu", lambda t: nx.triu(t, k=1), [(I, V)]),
    ("take_diagonal", nx.take_diagonal, [(F, V)]),
    ("make_diagonal", lambda t: nx.make_diagonal(t, offset=1), [(VECS, V)]),
    ("put_diagonal", nx.put_diagonal, [(SQ, V), (VECS[0], E)]),
    ("put_diagonal:vec_diag", nx.put_diagonal, [(SQ[0], E), (VECS, V)]),
    ("linspace", lambda a, b: nx.linspace(a, b, n=5), [(F[:, 0, 0].copy(), V), (10.0, E)]),
    ("outer", nx.outer, [(VECS, V), (F[0, 0], E)]),
    # dot
    ("dot", nx.dot, [(F, V), (P, E)]),
    ("dot:plain_vec", nx.dot, [(P.T.copy(), E), (F[:, 0], V)]),
    ("dot:vec_vec", nx.dot, [(F, V), (G, V)]),
    ("dot:cross", nx.dot, [(F, V), (normal(3, 4, 5), W)]),
    ("dot:contract", lambda a, b: nx.dot(a, [0], b, [1]), [(F, V), (normal(5, 3), E)]),
    ("dot:batched", lambda a, b: nx.dot(a, [1], [0], b, [1], [0]), [(F, V), (normal(3, 4, 5), E)]),
    ("dot:int", nx.dot, [(I, V), (NAT[0].T.copy(), E)]),
    # indexing
    ("take", lambda t, i: nx.take(t, i, axis=1), [(F, V), (np.array([3, 0, 3], np.int32), E)]),
    ("take:vec_indices", lambda t, i: nx.take(t, i), [(F[0], E), (IDX[:, :, 0].copy(), V)]),
    ("take_along_axis", lambda t, i: nx.take_along_axis(t, i, axis=1),
     [(F, V), (R.integers(0, 4, (2, 3, 2)).astype(np.int32), V)]),
    ("gather", nx.gather, [(F, V), (np.array([[2, 3], [0, 0]], np.int32), E)]),
    ("gather:axes", lambda t, i: nx.gather(t, i, axes=[1]), [(F, V), (IDX[0], E)]),
    ("gather:vec_indices", lambda t, i: nx.gather(t, i, axes=[0]), [(F[0], E), (IDX, V)]),
    ("gather:both", lambda t, i: nx.gather(t, i, axes=[0]), [(F, V), (IDX, V)]),
    ("indexed_add", nx.indexed_add,
     [(F, V), (np.array([[0, 1], [2, 3], [0, 1]], np.int32), E), (VECS[:, :3].copy(), V)]),
    ("indexed_add:axes", lambda t, i, u: nx.indexed_add(t, i, u, axes=[0]),
     [(F, V), (IDX, V), (F[:, :2].copy() * 3, V)]),
    ("indexed_put", nx.indexed_put,
     [(F[0], E), (np.array([[2, 1], [0, 3]], np.int32), E), (X3[:, 0, :2].copy(), W)]),
    ("indexed_put:axes", lambda t, i, u: nx.indexed_put(t, i, u, axes=[1]),
     [(F, V), (np.array([[2], [0]], np.int32), E), (F[0, :, :2].T.copy(), E)]),
    # windows and convolution
    ("window_sum", lambda t: nx.window_sum(t, (2, 2), strides=[1, 2], padding="same"), [(F, V)]),
    ("window_mean", lambda t: nx.window_mean(t, (1, 3)), [(F, V)]),
    ("window_max", lambda t: nx.window_max(t, (2, 2), padding=[(0, 1), (1, 0)]), [(F, V)]),
    ("window_min", lambda t: nx.window_min(t, (2, 1), window_dilations=[2, 1]), [(I, V)]),
    ("window_product", lambda t: nx.window_product(t, (2, 2)), [(F, V)]),
    ("window_reduce", lambda t: nx.window_reduce(t, 0.0, (2, 2), lambda a, acc: a + acc,
                                                 padding=[(0, 0), (0, 1)]), [(F, V)]),
    ("window_scatter_max", lambda t, s: nx.window_scatter_max(t, s, 0.0, (2, 2), strides=[2, 2]),
     [(normal(2, 4, 4), V), (normal(2, 2, 2), V)]),
    ("window_scatter_min", lambda t, s: nx.window_scatter_min(t, s, 0.0, (2, 2), strides=[2, 2]),
     [(normal(2, 4, 4), V), (normal(2, 2), E)]),
    ("conv", lambda a, b: nx.conv(a, b, strides=[1, 2]),
     [(normal(2, 1, 2, 5, 5), V), (normal(3, 2, 2, 2), E)]),
    ("conv:vec_kernel", lambda a, b: nx.conv(a, b, padding="same"),
     [(normal(1, 2, 5, 5), E), (normal(2, 3, 2, 2, 2), V)]),
    ("conv:groups", lambda a, b: nx.conv(a, b, feature_group_size=2, kernel_dilation=[2, 1]),
     [(normal(2, 2, 4, 6, 5), V), (normal(2, 4, 2, 2, 2), V)]),
    ("conv:batch_groups", lambda a, b: nx.conv(a, b, batch_group_size=2),
     [(normal(2, 4, 3, 5, 5), V), (normal(4, 3, 2, 2), E)]),
    ("conv:batch_groups_vec_kernel", lambda a, b: nx.conv(a, b, batch_group_size=2, strides=2),
     [(normal(4, 3, 5, 5), E), (normal(2, 4, 3, 2, 2), V)]),
    ("conv:permutations", lambda a, b: nx.conv(a, b, padding=[(1, 0), (0, 1)],
                                              input_permutation=[0, 3, 1, 2],
                                              kernel_permutation=[3, 2, 0, 1],
                                              output_permutation=[0, 3, 1, 2]),
     [(normal(2, 2, 5, 4, 3), V), (normal(3, 2, 2, 3, 4), W)]),
    ("grad:conv", lambda x, k: nx.grad(k, lambda k: nx.sum(nx.conv(x, k, padding="same") ** 2)),
     [(normal(2, 2, 2, 5, 5), V), (normal(3, 2, 3, 3), E)]),
    # signal
    ("fft", nx.fft, [(C, V)]),
    ("fft:length", lambda t: nx.fft(t, length=6), [(F, V)]),
    ("ifft", nx.ifft, [(C2, V)]),
    ("fft2", nx.fft2, [(C2, V)]),
    ("ifft2", lambda t: nx.ifft2(t, lengths=[2, 4]), [(C2, V)]),
    ("rfft", nx.rfft, [(F, V)]),
    ("irfft", lambda t: nx.irfft(t, length=6), [(C2, V)]),
    # control flow, differentiation and hooks
    ("cond", _cond_fn, [(F[:, 0, 0].copy(), V), (F[0], E)]),
    ("cond:plain_pred", _cond_fn, [(np.float32(1.0), E), (F, V)]),
    ("while_loop", _while_fn, [(POS[:, 0], V)]),
    ("fori_loop", _fori_fn, [(UNIT, V)]),
    ("grad", lambda t: nx.grad(t, lambda x: nx.sum(nx.sin(x) * x)), [(F, V)]),
    ("value_and_grad", lambda t, w: nx.value_and_grad(w, lambda w: nx.sum(nx.dot(t, w) ** 2)),
     [(F, V), (P[:, 0].copy(), E)]),
    ("custom_grad", _custom_grad_fn, [(F, V)]),
    ("hook", _hook_fn, [(F, V)]),
    ("hook_token", _token_fn, [(F, V)]),
    ("attach_token", _token_fn, [(F, V)]),
    # nx.linalg
    ("linalg.adjoint", nx.linalg.adjoint, [(C2, V)]),
    ("linalg.cholesky", nx.linalg.cholesky, [(SPD, V)]),
    ("linalg.determinant", nx.linalg.determinant, [(SQ, V)]),
    ("linalg.eigh", nx.linalg.eigh, [(SPD, V)]),
    ("linalg.invert", nx.linalg.invert, [(SPD, V)]),
    ("linalg.least_squares", nx.linalg.least_squares, [(TALL, V), (normal(2, 5), V)]),
    ("linalg.lu", nx.linalg.lu, [(SQ, V)]),
    ("linalg.matrix_power", lambda t: nx.linalg.matrix_power(t, 3), [(SQ, V)]),
    ("linalg.matrix_power:negative", lambda t: nx.linalg.matrix_power(t, -2), [(SPD, V)]),
    ("linalg.matrix_rank", nx.linalg.matrix_rank, [(TALL, V)]),
    ("linalg.norm", nx.linalg.norm, [(F, V)]),
    ("linalg.norm:vector_ord", lambda t: nx.linalg.norm(t, ord=3), [(VECS, V)]),
    ("linalg.norm:axes", lambda t: nx.linalg.norm(t, axes=[1], keep_axes=True), [(F, V)]),
    ("linalg.norm:matrix_1", lambda t: nx.linalg.norm(t, ord=1), [(F, V)]),
    ("linalg.norm:inf", lambda t: nx.linalg.norm(t, ord="inf"), [(F, V)]),
    ("linalg.norm:nuclear", lambda t: nx.linalg.norm(t, ord="nuclear"), [(F, V)]),
    ("linalg.pinv", nx.linalg.pinv, [(TALL, V)]),
    ("linalg.qr", nx.linalg.qr, [(TALL, V)]),
    ("linalg.solve", nx.linalg.solve, [(SPD, V), (VECS[0], E)]),
    ("linalg.solve:vec_b", nx.linalg.solve, [(SPD[0], E), (normal(3, 4, 2), W)]),
    ("linalg.svd", lambda t: nx.linalg.svd(t, full_matrices=False), [(TALL, V)]),
    ("linalg.triangular_solve", nx.linalg.triangular_solve, [(LOWER, V), (VECS, V)]),
    ("linalg.triangular_solve:opts", lambda a, b: nx.linalg.triangular_solve(
        a, b, lower=False, left_side=False, transform_a="transpose"),
     [(np.ascontiguousarray(LOWER.transpose(0, 2, 1)), V), (normal(3, 4), E)]),
    # nx.random: vectorized keys give each entry the numbers its own key gives
    ("random.key", nx.random.key, [(SEEDS, V)]),
    ("random.split", lambda k: nx.random.split(k, parts=3), [(KEYS, V)]),
    ("random.fold_in", lambda k, d: nx.random.fold_in(k, d), [(KEYS, V), (SEEDS, V)]),
    ("random.fold_in:vec_data", lambda k, d: nx.random.fold_in(k, d),
     [(KEYS[0], E), (SEEDS, [("w", 2)])]),
    ("random.threefry2x32", lambda k: nx.random.threefry2x32(k, (2, 3)), [(KEYS, V)]),
    ("random.threefry2x32_20_concat", nx.random.threefry2x32_20_concat,
     [(R.integers(0, 2**32, (2, 2, 4), dtype=np.uint32), V), (KEYS[0], E)]),
    ("random.threefry2x32_20_concat:vec_keys", nx.random.threefry2x32_20_concat,
     [(R.integers(0, 2**32, (2, 4), dtype=np.uint32), E), (KEYS, V)]),
    ("random.random_bits", lambda k: nx.random.random_bits(k, (5,)), [(KEYS, V)]),
    ("random.uniform", lambda k: nx.random.uniform(k, shape=(3,)), [(KEYS, V)]),
    ("random.uniform:vec_bounds", lambda k, lo: nx.random.uniform(k, lo, 10.0, shape=(2,)),
     [(KEYS[0], E), (F[:, 0, :2].copy(), V)]),
    ("random.uniform_split", lambda k: nx.random.uniform_split(k, shape=(3,)), [(KEYS, V)]),
    ("random.normal", lambda k: nx.random.normal(k, 1.0, 2.0, shape=(3,)), [(KEYS, V)]),
    ("random.normal_split", lambda k: nx.random.normal_split(k, shape=(2, 2)), [(KEYS, V)]),
    ("random.randint", lambda k: nx.random.randint(k, 0, 10, shape=(4,)), [(KEYS, V)]),
    ("random.randint_split", lambda k: nx.random.randint_split(k, -3, 3, shape=(4,)),
     [(KEYS, V)]),
    ("random.gumbel", lambda k: nx.random.gumbel(k, shape=(3,)), [(KEYS, V)]),
    ("random.gumbel_split", lambda k: nx.random.gumbel_split(k, shape=(3,)), [(KEYS, V)]),
    ("random.shuffle", lambda k, t: nx.random.shuffle(k, t, axis=1), [(KEYS, V), (F[0], E)]),
    ("random.choice", lambda k, t: nx.random.choice(k, t, samples=3, replace=False),
     [(KEYS, V), (np.arange(6, dtype=np.float32), E)]),
    ("random.multivariate_normal", lambda k, m, c: nx.random.multivariate_normal(
        k, m, c, shape=(2,)), [(KEYS, V), (VECS[0], E), (SPD[0], E)]),
    ("random.multivariate_normal_split", lambda k, m, c: nx.random.multivariate_normal_split(
        k, m, c), [(KEYS, V), (VECS[0], E), (SPD[0], E)]),
]

TOLERANCES = {   # results computed in a different order per entry than batched
    "linalg.pinv": dict(rtol=1e-4, atol=1e-5),
    "linalg.least_squares": dict(rtol=1e-4, atol=1e-5),
    "linalg.matrix_power:negative": dict(rtol=1e-4, atol=1e-6),
    "linalg.svd": dict(rtol=1e-4, atol=1e-5),
    "linalg.eigh": dict(rtol=1e-4, atol=1e-5),
    "linalg.norm:nuclear": dict(rtol=1e-4),
    "random.multivariate_normal": dict(rtol=1e-5, atol=1e-5),
    "random.multivariate_normal_split": dict(rtol=1e-5, atol=1e-5),
}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_vectorized_equals_stacked(case):
    name, fn, args = case
    check_vectorized_equals_stacked(fn, args, **TOLERANCES.get(name, {}))


# --- coverage ----------------------------------------------------------------------------------

NOT_OPS = {
    # metadata and conversions: test_vectorized_metadata_and_conversions
    **dict.fromkeys(["axes", "axis_index", "axis_size", "bit_size", "byte_size", "flat_size",
                     "names", "rank", "shape", "size", "type", "is_compatible", "to_template",
                     "template", "merge_names", "normalize_names", "to_list", "to_flat_list",
                     "to_binary", "to_number", "to_numpy", "to_tensor", "to_batched",
                     "to_heatmap", "serialize", "deserialize", "backend_copy",
                     "backend_transfer", "backend_deallocate"],
                    "metadata or a conversion: test_vectorized_metadata_and_conversions"),
    **dict.fromkeys(["to_pointer", "from_pointer"],
                    "memory addresses, not tensor ops (test_pointer.py); not in defn"),
    # constructors from host data or shapes: no tensor argument to vectorize
    **dict.fromkeys(["tensor", "from_array", "from_binary", "from_dlpack", "load_numpy",
                     "load_numpy_archive", "vec", "mat", "tri"],
                    "builds a tensor from host data or a shape; nothing to vectorize"),
    "iota": "vectorized_axes= option: test_vectorize.py::test_iota_vectorized_axes_helper",
    "eye": "vectorized_axes= option: test_vectorize.py::test_doc_fixes_in_every_mode",
    # the vectorization API itself: the seeds' guide in test_vectorize.py
    **dict.fromkeys(["vectorize", "devectorize", "revectorize", "reshape_vectors",
                     "broadcast_vectors"], "the vectorization API: test_vectorize.py"),
    # compilation machinery, not tensor ops
    **dict.fromkeys(["jit", "defn", "deftransform", "compile", "debug_expr", "print_expr",
                     "default_backend", "default_defn_options", "container", "keyword",
                     "apply", "clear_caches", "load_compiled"],
                    "compilation machinery, not a tensor op"),
    "print_value": "prints: test_vectorized_print_value",
    "create_token": "makes an empty hooks token: no tensor argument",
    **dict.fromkeys(["global_default_backend", "with_default_backend"],
                    "backend settings, not a tensor op"),
    **dict.fromkeys(["u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32",
                     "s64", "f8", "bf16", "f16", "f32", "f64", "c64", "c128"],
                    "type helpers (nx.tensor with a type): build a tensor from host data"),
}


def _public(module):
    names = getattr(module, "__all__", None) or dir(module)
    out = []
    for n in names:
        f = getattr(module, n, None)
        if n.startswith("_") or not callable(f) or inspect.isclass(f) or inspect.ismodule(f):
            continue
        if module is not nx and not getattr(f, "__module__", "").startswith(module.__name__):
            continue   # re-exported helpers (nx.linalg.transpose is nx.transpose)
        out.append(n if module is nx else module.__name__[3:] + "." + n)
    return out


def test_every_public_function_is_covered():
    covered = {c[0].split(":")[0] for c in CASES}
    public = _public(nx) + _public(nx.linalg) + _public(nx.random)
    missing = [n for n in public if n not in covered and n not in NOT_OPS]
    assert not missing, f"public functions without a vectorized case or a reason: {missing}"
    stale = [n for n in list(covered) + list(NOT_OPS) if n not in public]
    assert not stale, f"cases for functions that are not public: {stale}"


# --- what is not an op -----------------------------------------------------------------------

def test_vectorized_metadata_and_conversions():
    t = nx.vectorize(nx.tensor(np.arange(12, dtype=np.int32).reshape(2, 3, 2),
                               names=[None, "r", None]), "x")
    # metadata describes the inner tensor; flat_size, bit_size and byte_size count every entry
    assert nx.shape(t) == (3, 2) and nx.rank(t) == 2 and nx.size(t) == 6
    assert nx.axes(t) == [0, 1] and nx.names(t) == ["r", None] and nx.axis_size(t, "r") == 3
    assert nx.axis_index(t, -1) == 1 and nx.type(t) == "s32"
    assert nx.flat_size(t) == 12 and nx.bit_size(t) == 12 * 32 and nx.byte_size(t) == 48
    # conversions see the devectorized data (Nx: "disregards the vectorized axes")
    assert nx.to_list(t) == np.arange(12).reshape(2, 3, 2).tolist()
    assert nx.to_flat_list(t, limit=5) == [0, 1, 2, 3, 4]
    assert nx.to_binary(t) == np.arange(12, dtype=np.int32).tobytes()
    np.testing.assert_array_equal(nx.to_numpy(t), np.arange(12).reshape(2, 3, 2))
    with pytest.raises(ValueError, match=r"nx.to_number: cannot convert a vectorized tensor "
                                         r"with axes \[\('x', 2\)\]"):
        nx.to_number(nx.vectorize(nx.tensor([1, 2]), "x"))
    # templates, serialization and backends keep the vectorized axes
    tmpl = nx.to_template(t)
    assert tmpl.vectorized_axes == (("x", 2),) and tmpl.shape == (3, 2)
    assert nx.is_compatible(t, tmpl) and not nx.is_compatible(t, nx.devectorize(t))
    back = nx.deserialize(nx.serialize(t))
    assert back.vectorized_axes == t.vectorized_axes and back.names == t.names
    np.testing.assert_array_equal(nx.to_numpy(back), nx.to_numpy(t))
    for moved in (nx.backend_transfer(t, "xla"), nx.backend_copy(t, "xla")):
        assert moved.backend == "xla" and moved.vectorized_axes == (("x", 2),)
        assert moved.names == ("r", None)
        np.testing.assert_array_equal(nx.to_numpy(moved), nx.to_numpy(t))
    # to_batched batches the first vectorized axis
    batches = list(nx.to_batched(t, 1))
    assert len(batches) == 2 and batches[0].vectorized_axes == (("x", 1),)
    np.testing.assert_array_equal(nx.to_numpy(batches[1]), np.arange(6, 12).reshape(1, 3, 2))
    # the heatmap shows the vectorized axes, then each entry's matrix as the devectorized one
    h = str(nx.to_heatmap(t, ansi_enabled=False)).splitlines()
    d = str(nx.to_heatmap(nx.devectorize(t, keep_names=False), ansi_enabled=False)).splitlines()
    assert h[1].strip() == "vectorized[x: 2]" and h[2].strip() == "s32[r: 3][2]"
    assert h[3:] == d[2:]
    assert nx.merge_names("f", t, nx.tensor(np.zeros((3, 2)), names=["r", "c"])) == ("r", "c")


def test_vectorized_print_value(capsys):
    t = nx.vectorize(nx.tensor([[1.0, 2.0], [3.0, 4.0]]), "x")
    for m in MODES:
        out = run_mode(m, lambda x: nx.print_value(x * 2), t)
        assert out.vectorized_axes == (("x", 2),)
        printed = capsys.readouterr().out
        assert "vectorized[x: 2]" in printed and "[2.0, 4.0]" in printed, (m, printed)


@pytest.mark.parametrize("mode", MODES)
def test_scalar_arguments_nx_requires_plain(mode):
    # as in Nx: clip's bounds, pad's value, fill's value and reduce's accumulator are
    # non-vectorized scalars; the error names the function, the argument and its axes
    x = nx.vectorize(nx.tensor(F), "v")
    b = nx.vectorize(nx.tensor(F[:, 0, 0].copy()), "v")
    for fn, msg in [(lambda t, b: nx.clip(t, b, 1.0),
                     r"nx.clip: min value must be a non-vectorized "
                     r"scalar shape, got shape \(\) and vectorized axes \[\('v', 2\)\]"),
                    (lambda t, b: nx.pad(t, b, [(1, 1, 0), (0, 0, 0)]),
                     r"nx.pad: the padding value must be a non-vectorized scalar, got shape \(\) "
                     r"and vectorized axes \[\('v', 2\)\]"),
                    (lambda t, b: nx.fill(t, b), r"nx.fill: the value must not be vectorized")]:
        with pytest.raises(ValueError, match=msg):
            run_mode(mode, fn, x, b)


# --- every op of the dialect goes through its batching rule ---------------------------------

def _vectorized_op_names(fn, args):
    """The nx ops that hold a vectorized value in `fn`'s program once gradients are expanded:
    exactly the ops whose batching rules the vectorize pass applies."""
    from nx.compiler.ir import VecType, walk
    from nx.compiler.passes import PassManager
    ins = [nx.vectorize(_tensor(arr), [n for n, _ in a]) if a else _tensor(arr)
           for arr, a in args]
    m = PassManager("grad-expansion").run(nx.jit(fn).lower(*ins))
    names = set()
    for f in m.functions:
        for op in walk(f.body):
            if any(type(v.type) is VecType for v in list(op.operands) + list(op.results)):
                names.add(op.name.split(".", 1)[1])
    return names


NO_VECTORIZED_FORM = {
    "constant": "a literal is never vectorized",
    "iota": "creation op: vectorized_axes= broadcasts its plain result",
    "eye": "creation op: vectorized_axes= broadcasts its plain result",
    "grad": "expanded by grad-expansion before the vectorize pass",
    "custom_grad": "replaced by grad-expansion (by its gradient inside a gradient, else by its "
                   "value) before the vectorize pass",
    "yield": "a region terminator: rewritten with its cond/while/reduce",
}


def test_every_dialect_op_batch_rule_is_exercised():
    from nx.dialects.nx.registry import OPS
    seen = set()
    for _, fn, args in CASES:
        seen |= _vectorized_op_names(fn, args)
    missing = sorted(n for n in OPS if n not in seen and n not in NO_VECTORIZED_FORM)
    assert not missing, f"ops whose batching rule no case of CASES reaches: {missing}"
