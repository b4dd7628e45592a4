"""nx.linalg (Nx.LinAlg): Nx's doc examples with their printed values, the seeds' cheatsheet
cells, accuracy against numpy.linalg, gradients against jax, and bad input; in the four modes
(eager numpy, eager xla, nx.jit, nx.jit evaluator).

Tolerances: Nx's printed values are compared within f32 rounding (rtol 1e-5, atol 1e-5: Nx's
own defn algorithms and LAPACK differ in the last bits). Against numpy.linalg (f64 reference):
f32 well-conditioned (cond <= 1e2) rtol/atol 1e-4 on reconstructions and values; f64 1e-10;
ill-conditioned matrices (cond ~ 1e6 in f64) are checked through backward errors
(|A x - b| / (|A| |x|) <= 1e-12), which stay small whatever the conditioning.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import nx

from gradcheck import check_grad
from modes import A, run_modes

L = nx.linalg
TOL = dict(rtol=1e-5, atol=1e-5)


def _tensor(a):
    return nx.tensor(a) if isinstance(a, list) else nx.tensor(np.asarray(a))


def modes(fn, *arrays, types=None):
    """fn run in the four modes on the arrays; returns {mode: tuple of numpy arrays}, after
    checking that types and shapes agree across modes."""
    args = [A(a, t or _tensor(a).type.name) for a, t in
            zip(arrays, types or [None] * len(arrays))]
    out = run_modes(fn, args)
    res = {}
    for m, r in out.items():
        rs = r if isinstance(r, tuple) else (r,)
        res[m] = rs
    base = res["numpy"]
    for m, rs in res.items():
        assert len(rs) == len(base)
        for x, y in zip(rs, base):
            assert x.type == y.type and x.shape == y.shape, (m, x.type, x.shape, y.type, y.shape)
    return {m: tuple(np.asarray(x) for x in rs) for m, rs in res.items()}


def expect(fn, arrays, expected, types=None, rtol=1e-5, atol=1e-5, type=None):
    got = modes(fn, *arrays, types=types)
    expected = expected if isinstance(expected, tuple) else (expected,)
    for m, rs in got.items():
        for i, (g, e) in enumerate(zip(rs, expected)):
            if e is None:
                continue
            e = np.asarray(e)
            assert g.shape == e.shape, (m, i, g.shape, e.shape)
            np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, equal_nan=True,
                                       err_msg=f"{m} result {i}")
    if type is not None:
        r = fn(*[_tensor(a) for a in arrays])
        r = r if isinstance(r, tuple) else (r,)
        for x, t in zip(r, type if isinstance(type, tuple) else (type,)):
            assert x.type == t, (x.type, t)
    return got


# --- Nx's doc examples ------------------------------------------------------------------------

def test_doc_adjoint_cholesky():
    expect(L.adjoint, [[[1, 2], [3, 4]]], np.array([[1, 3], [2, 4]]), type="s32")
    expect(L.adjoint, [np.array([[1, 2j], [3, -4j]], np.complex64)],
           np.array([[1, 3], [-2j, 4j]]), type="c64")
    expect(L.cholesky, [np.float32([[20.0, 17.6], [17.6, 16.0]])],
           [[4.4721360206604, 0.0], [3.9354796409606934, 0.7155418395996094]], type="f32")
    expect(L.cholesky, [np.float32([[[2.0, 3.0], [3.0, 5.0]], [[1.0, 0.0], [0.0, 1.0]]])],
           [[[1.4142135381698608, 0.0], [2.1213204860687256, 0.7071064710617065]],
            [[1.0, 0.0], [0.0, 1.0]]])
    t = np.float32([[6.0, 3.0, 4.0, 8.0], [3.0, 6.0, 5.0, 1.0], [4.0, 5.0, 10.0, 7.0],
                    [8.0, 1.0, 7.0, 25.0]])
    expect(L.cholesky, [t], [[2.4494898319244385, 0.0, 0.0, 0.0],
                             [1.2247447967529297, 2.1213202476501465, 0.0, 0.0],
                             [1.6329931020736694, 1.41421377658844, 2.309401035308838, 0.0],
                             [3.265986204147339, -1.4142134189605713, 1.5877134799957275,
                              3.132491111755371]])
    expect(L.cholesky, [np.complex64([[1.0, -2j], [2j, 5.0]])], [[1, 0], [2j, 1]], type="c64")


def test_doc_norm():
    cases = [([3, 4], {}, 5.0), ([3, 4], {"ord": 1}, 7.0), ([3, -4], {"ord": "inf"}, 4.0),
             ([3, -4], {"ord": "neg_inf"}, 3.0), ([3, -4, 0, 0], {"ord": 0}, 2.0),
             ([[3, -1], [2, -4]], {"ord": -1}, 5.0), ([[3, -2], [2, -4]], {"ord": 1}, 6.0),
             ([[3, -2], [2, -4]], {"ord": "neg_inf"}, 5.0),
             ([[3, -2], [2, -4]], {"ord": "inf"}, 6.0),
             ([[3, 0], [0, -4]], {"ord": "frobenius"}, 5.0),
             ([[1, 0, 0], [0, -4, 0], [0, 0, 9]], {"ord": "nuclear"}, 14.0),
             ([[1, 0, 0], [0, -4, 0], [0, 0, 9]], {"ord": -2}, 1.0),
             ([[3, 0], [0, -4]], {}, 5.0), ([[3, 4], [0, -4]], {"axes": [1]}, [5.0, 4.0]),
             ([[0, 0], [0, 0]], {}, 0.0)]
    for data, opts, want in cases:
        expect(lambda t, o=opts: L.norm(t, **o), [np.int32(data)], np.float32(want), type="f32")
    expect(lambda t: L.norm(t, axes=[0]), [np.complex64([[3j, 4], [4, 0]])], [5.0, 4.0],
           type="f32")
    expect(lambda t: L.norm(t, ord="neg_inf"), [np.complex64([[3j, 0], [4, 0]])], 3.0,
           type="f32")
    # keep_axes, and p-norms of vectors (pow(sum(pow(abs(x), p)), 1/p))
    x = np.float32([[1, -2, 3], [4, 0, -6]])
    expect(lambda t: L.norm(t, axes=[1], keep_axes=True), [x],
           np.linalg.norm(x.astype(np.float64), axis=1, keepdims=True))
    v = np.float32([1, -2, 3, 0.5])
    for p in (3, -1, 1):
        expect(lambda t, p=p: L.norm(t, ord=p), [v],
               np.sum(np.abs(v.astype(np.float64)) ** p) ** (1 / p))


def test_doc_triangular_solve():
    f = L.triangular_solve
    expect(f, [np.int32([[3, 0, 0, 0], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]]),
               np.int32([4, 2, 4, 2])],
           [1.3333333730697632, -0.6666666865348816, 2.6666667461395264, -1.3333333730697632],
           type="f32")
    expect(f, [np.float64([[1, 0, 0], [1, 1, 0], [1, 1, 1]]), np.int32([1, 2, 1])],
           [1.0, 1.0, -1.0], type="f64")
    expect(f, [np.int32([[1, 0, 0], [1, 1, 0], [0, 1, 1]]),
               np.int32([[1, 2, 3], [2, 2, 4], [2, 0, 1]])],
           [[1.0, 2.0, 3.0], [1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    expect(lambda a, b: f(a, b, lower=False),
           [np.int32([[1, 1, 1, 1], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 3]]),
            np.int32([2, 4, 2, 4])],
           [-1.3333333730697632, 2.6666667461395264, -0.6666666865348816, 1.3333333730697632])
    expect(lambda a, b: f(a, b, left_side=False),
           [np.int32([[1, 0, 0], [1, 1, 0], [1, 2, 1]]),
            np.int32([[0, 2, 1], [1, 1, 0], [3, 3, 1]])],
           [[-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    expect(lambda a, b: f(a, b, transform_a="transpose", lower=False),
           [np.float64([[1, 1, 1], [0, 1, 1], [0, 0, 1]]), np.int32([1, 2, 1])], [1.0, 1.0, -1.0])
    expect(lambda a, b: f(a, b, transform_a="none"),
           [np.float64([[1, 0, 0], [1, 1, 0], [1, 1, 1]]), np.int32([1, 2, 1])], [1.0, 1.0, -1.0])
    expect(lambda a, b: f(a, b, left_side=False),
           [np.int32([[1, 0, 0], [1, 1, 0], [1, 2, 1]]), np.int32([[0, 1, 3], [2, 1, 3]])],
           [[2.0, -5.0, 3.0], [4.0, -5.0, 3.0]])
    expect(lambda a, b: f(a, b, left_side=True),
           [np.int32([[1, 0, 0], [1, 1, 0], [1, 2, 1]]), np.int32([[0, 2], [3, 0], [0, 0]])],
           [[0.0, 2.0], [3.0, -2.0], [-6.0, 2.0]])
    expect(f, [np.complex64([[1, 0, 0], [1, 1j, 0], [1j, 1, 1]]), np.complex64([1, -1, 3 + 3j])],
           [1, 2j, 3], type="c64")
    expect(f, [np.int32([[[1, 0], [2, 3]], [[4, 0], [5, 6]]]), np.int32([[2, -1], [3, 7]])],
           [[2.0, -1.6666666269302368], [0.75, 0.5416666865348816]])


def test_doc_solve_invert():
    expect(lambda a, b: nx.round(L.solve(a, b)),
           [np.int32([[1, 3, 2, 1], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]]),
            np.int32([-3, 0, 4, -2])], [1.0, -2.0, 3.0, -4.0], type="f32")
    expect(lambda a, b: nx.round(L.solve(a, b)),
           [np.float64([[1, 0, 1], [1, 1, 0], [1, 1, 1]]), np.int32([0, 2, 1])],
           [1.0, 1.0, -1.0], type="f64")
    expect(lambda a, b: nx.round(L.solve(a, b)),
           [np.int32([[1, 0, 1], [1, 1, 0], [0, 1, 1]]),
            np.int32([[2, 2, 3], [2, 2, 4], [2, 0, 1]])],
           [[1.0, 2.0, 3.0], [1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    expect(lambda a, b: nx.round(L.solve(a, b)),
           [np.int32([[[14, 10], [9, 9]], [[4, 11], [2, 3]]]),
            np.int32([[[2, 4], [3, 2]], [[1, 5], [-3, -1]]])],
           [[[0.0, 0.0], [1.0, 0.0]], [[-4.0, -3.0], [1.0, 1.0]]])
    # names are not preserved
    r = L.solve(nx.tensor([[1, 0, 1], [1, 1, 0], [1, 1, 1]], names=["x", "y"]),
                nx.tensor([0, 2, 1], names=["z"]))
    assert tuple(r.names) == (None,)
    a = np.int32([[1, 2, 1, 1], [0, 1, 0, 1], [0, 0, 1, 1], [0, 0, 0, 1]])
    inv = [[1.0, -2.0, -1.0, 2.0], [0.0, 1.0, 0.0, -1.0], [0.0, 0.0, 1.0, -1.0],
           [0.0, 0.0, 0.0, 1.0]]
    expect(L.invert, [a], inv, type="f32")
    expect(lambda a: nx.dot(a, L.invert(a)), [a], np.eye(4))
    expect(lambda a: L.invert(a), [np.int32([[[1, 2], [0, 1]], [[1, 1], [0, 1]]])],
           [[[1.0, -2.0], [0.0, 1.0]], [[1.0, -1.0], [0.0, 1.0]]])
    # a singular matrix silently gives NaNs (every mode)
    expect(L.invert, [np.int32([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]])],
           np.full((4, 4), np.nan))


def test_doc_qr():
    eye = np.eye(3)
    expect(L.qr, [np.int32([[-3, 2, 1], [0, 1, 1], [0, 0, -1]])],
           (eye, [[-3.0, 2.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, -1.0]]), type=("f32", "f32"))
    expect(L.qr, [np.int32([[3, 2, 1], [0, 1, 1], [0, 0, 1]])],
           (eye, [[3.0, 2.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0]]))
    expect(L.qr,
           [np.int32([[[-3, 2, 1], [0, 1, 1], [0, 0, -1]], [[3, 2, 1], [0, 1, 1], [0, 0, 1]]])],
           (np.stack([eye, eye]), [[[-3, 2, 1], [0, 1, 1], [0, 0, -1]],
                                   [[3, 2, 1], [0, 1, 1], [0, 0, 1]]]))
    expect(lambda t: L.qr(t, mode="reduced"),
           [np.float32([[3, 2, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]])],
           ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.7071068286895752],
             [0.0, 0.0, 0.7071067690849304]],
            [[3.0, 2.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.4142136573791504]]))
    expect(lambda t: L.qr(t, mode="complete"),
           [np.float32([[3, 2, 1], [0, 1, 1], [0, 0, 1], [0, 0, 0]])],
           (np.eye(4), [[3.0, 2.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]))


def test_doc_pinv_least_squares_rank_power():
    expect(L.pinv, [np.int32(2)], 0.5, type="f32")
    expect(L.pinv, [np.int32(0)], 0.0, type="f32")
    expect(L.pinv, [np.int32([0, 1, 2])], [0.0, 0.20000000298023224, 0.4000000059604645])
    expect(L.pinv, [np.int32([0, 0, 0])], [0.0, 0.0, 0.0])
    expect(L.pinv, [np.int32([[1, 1], [3, 4]])],
           [[4.000002861022949, -1.0000008344650269], [-3.000002384185791, 1.0000005960464478]],
           rtol=1e-5, atol=5e-6)
    expect(L.pinv, [np.float32([[0.5, 0], [0, 1], [0.5, 0]])],
           [[0.9999999403953552, 0.0, 0.9999998807907104], [0.0, 1.0, 0.0]])
    expect(L.least_squares, [np.int32([[1, 2], [2, 3]]), np.int32([1, 2])],
           [1.0000028610229492, -2.384185791015625e-6], atol=1e-5)
    expect(L.least_squares, [np.int32([[0, 1], [1, 1], [2, 1], [3, 1]]),
                             np.float32([-1, 0.2, 0.9, 2.1])],
           [0.9999998211860657, -0.9500012993812561])
    expect(L.least_squares, [np.int32([[1, 2, 3], [4, 5, 6]]), np.int32([1, 2])],
           [-0.05555540323257446, 0.1111111044883728, 0.27777770161628723])
    for data, want in (([[1, 2], [3, 4]], 2), ([[1, 1, 1, 1], [1, 1, 1, 1], [1, 2, 3, 4]], 2),
                       ([[1, 1, 1], [2, 2, 2], [8, 9, 10], [-2, 1, 5]], 3)):
        got = expect(L.matrix_rank, [np.int32(data)], want, type="u32")
        assert got["numpy"][0].dtype == np.uint32
    mp = L.matrix_power
    expect(lambda t: mp(t, 0), [np.int32([[1, 2], [3, 4]])], np.eye(2), type="s32")
    expect(lambda t: mp(t, 6), [np.int32([[1, 2], [3, 4]])], [[5743, 8370], [12555, 18298]],
           type="s32")
    expect(lambda t: mp(t, 65535), [np.int32(np.eye(3))], np.eye(3), type="s32")
    expect(lambda t: mp(t, -1), [np.int32([[1, 2], [3, 4]])],
           [[-2.000000476837158, 1.0000003576278687], [1.5000004768371582, -0.5000002384185791]],
           type="f32")
    io = np.arange(8, dtype=np.int32).reshape(2, 2, 2)
    expect(lambda t: mp(t, 3), [io], [[[6, 11], [22, 39]], [[514, 615], [738, 883]]])
    expect(lambda t: mp(t, -3), [io],
           [[[-4.875, 1.375], [2.75, -0.75]],
            [[-110.37397766113281, 76.8742904663086], [92.24915313720703, -64.2494125366211]]],
           rtol=2e-4)


def test_doc_eigh_svd_lu():
    w, v = modes(L.eigh, np.int32([[1, 0], [0, 2]]))["numpy"]
    np.testing.assert_allclose(np.round(w), [2.0, 1.0])
    expect(L.eigh, [np.int32([[1, 0], [0, 2]])], ([2.0, 1.0], [[0.0, 1.0], [1.0, 0.0]]),
           type=("f32", "f32"))
    # Nx's eigenvectors for distinct eigenvalues (the repeated -1 has an arbitrary basis)
    got = expect(L.eigh, [np.int32([[0, 1, 2], [1, 0, 2], [2, 2, 3]])], ([5.0, -1.0, -1.0], None),
                 atol=2e-5)
    for _m, (w, v) in got.items():
        np.testing.assert_allclose(v[:, 0], [0.40824827551841736, 0.40824833512306213,
                                             0.8164965510368347], **TOL)
        a = np.float64([[0, 1, 2], [1, 0, 2], [2, 2, 3]])
        np.testing.assert_allclose(a @ v, v * w, atol=1e-5)
    expect(lambda t: (nx.round(L.eigh(t)[0]), L.eigh(t)[1]),
           [np.int32([[[2, 5], [5, 6]], [[1, 0], [0, 4]]])],
           ([[9.0, -1.0], [4.0, 1.0]],
            [[[0.5606288313865662, 0.8280671834945679], [0.8280671834945679, -0.5606288313865662]],
             [[0.0, 1.0], [1.0, 0.0]]]), atol=2e-5)
    # svd: singular values, and the factorization (signs of singular vectors are LAPACK's)
    expect(lambda t: L.svd(t)[1], [np.int32([[1, 0, 0], [0, 1, 0], [0, 0, -1]])], [1.0, 1.0, 1.0])
    a = np.int32([[2, 0, 0], [0, 3, 0], [0, 0, -1], [0, 0, 0]])
    for full, ushape in ((True, (4, 4)), (False, (4, 3))):
        got = modes(lambda t, f=full: L.svd(t, full_matrices=f), a)
        for _m, (u, s, vt) in got.items():
            assert u.shape == ushape and vt.shape == (3, 3)
            np.testing.assert_allclose(s, [3.0, 1.9999998807907104, 1.0], **TOL)
            np.testing.assert_allclose((u[:, :3] * s) @ vt, a, atol=1e-6)
            np.testing.assert_allclose(np.abs(vt), [[0, 1, 0], [1, 0, 0], [0, 0, 1]], atol=1e-6)
    # lu
    # Nx's example pivots once (p swaps rows 0 and 2); LAPACK's partial pivoting also pivots
    # in the second column (|l| <= 1), and the factorization holds
    a = np.int32([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    got = expect(L.lu, [a], ([[0, 1, 0], [0, 0, 1], [1, 0, 0]], None, None),
                 type=("s32", "f32", "f32"))
    for _m, (p, lo, up) in got.items():
        np.testing.assert_allclose(p @ lo @ up, a, atol=1e-5)
        assert np.all(np.abs(lo) <= 1)
    got = expect(L.lu, [np.int32([[1, 0, 1], [-1, 0, -1], [1, 1, 1]])],
                 ([[1, 0, 0], [0, 0, 1], [0, 1, 0]], [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0],
                                                      [-1.0, 0.0, 1.0]],
                  [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]))
    # Nx pivots on the original columns; LAPACK (partial pivoting) may choose other rows:
    # the factorization still holds
    a = np.int32([[[9, 8, 7], [6, 5, 4], [3, 2, 1]], [[-1, 0, -1], [1, 0, 1], [1, 1, 1]]])
    for _m, (p, lo, up) in modes(L.lu, a).items():
        np.testing.assert_allclose(p @ lo @ up, a, atol=1e-5)
        np.testing.assert_array_equal(np.triu(lo, 1), 0)
        np.testing.assert_array_equal(np.tril(up, -1), 0)


def test_doc_determinant():
    cases = [([[1, 2], [3, 4]], -2.0), ([[1.0, 2.0, 3.0], [1.0, -2.0, 3.0], [7.0, 8.0, 9.0]], 48.0),
             ([[1.0, 0.0], [3.0, 0.0]], 0.0),
             ([[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0], [4.0, 5.0, 6.0]], 0.0),
             ([[1, 0, 0, 0], [0, 1, 2, 3], [0, 1, -2, 3], [0, 7, 8, 9.0]], 47.999996185302734),
             ([[0, 0, 0, 0, -1], [0, 1, 2, 3, 0], [0, 1, -2, 3, 0], [0, 7, 8, 9, 0],
               [1, 0, 0, 0, 0]], 47.999996185302734),
             ([[[2, 4, 6, 7], [5, 1, 8, 8], [1, 7, 3, 1], [3, 9, 2, 4]],
               [[2, 5, 1, 3], [4, 1, 7, 9], [6, 8, 3, 2], [7, 8, 1, 4]]], [630.0, 630.0])]
    for data, want in cases:
        arr = np.asarray(data)
        arr = arr.astype(np.float32 if arr.dtype.kind == "f" else np.int32)
        expect(L.determinant, [arr], want, type="f32", rtol=1e-5, atol=2e-5)
    expect(L.determinant, [np.complex64([[1, 0, 0], [0, 2j, 0], [0, 0, 3]])], 6j, type="c64")
    expect(L.determinant, [np.complex64([[0, 0, 0, 1], [0, 2j, 0, 0], [0, 0, 3, 0],
                                         [1, 0, 0, 0]])], -6j, type="c64")
    r = L.determinant(nx.tensor([[1, 2], [3, 4]], names=["x", "y"]))
    assert tuple(r.names) == ()


def test_seeds_cheatsheet_cells():
    """The NumPy -> Nx cheatsheet's linalg cells (seed 002): determinant, invert, solve, eigh."""
    a = nx.tensor([[1, 2], [3, 4]])
    assert np.allclose(L.determinant(a).to_numpy(), -2.0)
    np.testing.assert_allclose(L.invert(nx.tensor([[1.0, 2.0], [3.0, 4.0]])).to_numpy(),
                               [[-2.0, 1.0], [1.5, -0.5]], rtol=1e-5)
    np.testing.assert_allclose(L.solve(nx.tensor([[1.0, 2.0], [3.0, 4.0]]),
                                       nx.tensor([5.0, 6.0])).to_numpy(), [-4.0, 4.5], rtol=1e-5)
    w, v = L.eigh(nx.tensor([[2.0, 1.0], [1.0, 2.0]]))
    np.testing.assert_allclose(w.to_numpy(), [3.0, 1.0], rtol=1e-6)
    s = np.sqrt(0.5)
    np.testing.assert_allclose(np.abs(v.to_numpy()), [[s, s], [s, s]], rtol=1e-6)


# --- accuracy against numpy.linalg ------------------------------------------------------------

def _random(rng, shape, dtype, cond=None):
    """Random matrices; with `cond`, square ones with that condition number (U diag V)."""
    if cond is None:
        x = rng.normal(size=shape)
        if np.dtype(dtype).kind == "c":
            x = x + 1j * rng.normal(size=shape)
        return x.astype(dtype)
    n = shape[-1]
    u, _ = np.linalg.qr(rng.normal(size=shape))
    v, _ = np.linalg.qr(rng.normal(size=shape))
    s = np.logspace(0, -np.log10(cond), n)
    return (u * s[..., None, :] @ v).astype(dtype)


@pytest.mark.parametrize("dtype,tol", [(np.float32, 1e-4), (np.float64, 1e-10),
                                       (np.complex64, 1e-4)])
def test_accuracy_vs_numpy(dtype, tol):
    rng = np.random.default_rng(42)
    a = _random(rng, (3, 5, 5), dtype)
    a = a + 5 * np.eye(5, dtype=dtype)                     # well conditioned
    b = _random(rng, (3, 5, 2), dtype)
    herm = (a @ np.conj(np.swapaxes(a, -1, -2))).astype(dtype)
    ref = {k: v.astype(np.complex128 if np.dtype(dtype).kind == "c" else np.float64)
           for k, v in dict(a=a, b=b, h=herm).items()}

    def all_of(a, b, h):
        q, r = L.qr(a)
        w, v = L.eigh(h)
        p, lo, up = L.lu(a)
        return (L.solve(a, b), L.invert(a), L.determinant(a), L.cholesky(h), q, r, w, v,
                p, lo, up, L.triangular_solve(L.cholesky(h), b))
    got = modes(all_of, a, b, herm)
    A_, B_, H_ = ref["a"], ref["b"], ref["h"]
    scale = np.abs(np.linalg.det(A_))
    for m, (x, inv, det, ch, q, r, w, v, p, lo, up, ts) in got.items():
        msg = f"{m} {np.dtype(dtype).name}"
        np.testing.assert_allclose(x, np.linalg.solve(A_, B_), rtol=tol, atol=tol, err_msg=msg)
        np.testing.assert_allclose(inv, np.linalg.inv(A_), rtol=tol, atol=tol, err_msg=msg)
        np.testing.assert_allclose(det / scale, np.linalg.det(A_) / scale, rtol=tol, atol=tol)
        np.testing.assert_allclose(ch, np.linalg.cholesky(H_), rtol=tol, atol=tol * 10, err_msg=msg)
        np.testing.assert_allclose(q @ r, A_, rtol=tol, atol=tol * 10, err_msg=msg)
        np.testing.assert_allclose(np.conj(np.swapaxes(q, -1, -2)) @ q, np.broadcast_to(
            np.eye(5), q.shape), atol=tol * 10, err_msg=msg)
        assert np.all(np.abs(np.tril(r, -1)) == 0)
        wref = np.linalg.eigvalsh(H_)
        np.testing.assert_allclose(np.sort(w, -1), wref, rtol=tol, atol=tol * 100, err_msg=msg)
        assert np.all(np.diff(np.abs(w), axis=-1) <= tol * 100)         # |w| decreasing
        np.testing.assert_allclose(H_ @ v, v * w[..., None, :], rtol=tol,
                                   atol=tol * 1000, err_msg=msg)
        np.testing.assert_allclose(p @ lo @ up, A_, rtol=tol, atol=tol * 10, err_msg=msg)
        np.testing.assert_allclose(ts, np.linalg.solve(np.linalg.cholesky(H_), B_), rtol=tol,
                                   atol=tol * 10, err_msg=msg)
    if np.dtype(dtype).kind != "c":
        c = _random(rng, (2, 6, 4), dtype)
        got = modes(lambda c: L.svd(c) + L.svd(c, full_matrices=False) + (L.pinv(c),), c)
        c64 = c.astype(np.float64)
        for _m, (u, s, vt, u2, s2, vt2, pi) in got.items():
            np.testing.assert_allclose(s, np.linalg.svd(c64, compute_uv=False), rtol=tol, atol=tol)
            np.testing.assert_allclose((u[..., :4] * s[..., None, :]) @ vt, c64, atol=tol * 10)
            np.testing.assert_allclose((u2 * s2[..., None, :]) @ vt2, c64, atol=tol * 10)
            assert u.shape == (2, 6, 6) and vt.shape == (2, 4, 4) and u2.shape == (2, 6, 4)
            np.testing.assert_allclose(pi, np.linalg.pinv(c64), rtol=tol * 10, atol=tol * 10)


def test_ill_conditioned_backward_error():
    """cond(A) = 1e6 in f64: the forward error may be large, the backward error stays tiny."""
    rng = np.random.default_rng(7)
    a = _random(rng, (4, 8, 8), np.float64, cond=1e6)
    b = rng.normal(size=(4, 8, 3))
    for m, (x, q, r) in modes(lambda a, b: (L.solve(a, b),) + L.qr(a), a, b).items():
        res = np.linalg.norm(a @ x - b, axis=(-2, -1))
        back = res / (np.linalg.norm(a, axis=(-2, -1)) * np.linalg.norm(x, axis=(-2, -1)))
        assert np.all(back < 1e-12), (m, back)
        np.testing.assert_allclose(q @ r, a, atol=1e-12)
    # Nx's tolerance: singular values above eps * max(m, n) * max(s) count
    for cond, want in ((1e3, 8), (1e9, 5)):
        x = _random(rng, (8, 8), np.float64, cond=cond)
        assert L.matrix_rank(nx.tensor(x)).to_numpy() == want
        assert np.linalg.matrix_rank(x, tol=1e-7 * 8 * np.linalg.norm(x, 2)) == want
    sing = _random(rng, (6, 6), np.float64)
    sing[:, 5] = sing[:, 0]                                  # rank 5
    assert L.matrix_rank(nx.tensor(sing)).to_numpy() == 5


def test_f16_and_names():
    a = nx.tensor([[4.0, 1.0], [1.0, 3.0]], type="f16", names=["i", "j"])
    ch = L.cholesky(a)
    assert ch.type == "f16" and tuple(ch.names) == ("i", "j")
    np.testing.assert_allclose(ch.to_numpy().astype(np.float64),
                               np.linalg.cholesky([[4.0, 1.0], [1.0, 3.0]]), rtol=2e-3)
    w, v = L.eigh(a)
    assert w.type == "f16" and v.type == "f16" and tuple(w.names) == (None,)
    assert L.norm(nx.tensor([3, 4], type="u8")).type == "f32"


# --- gradients against jax --------------------------------------------------------------------

def _spd(rng, n):
    x = rng.normal(size=(n, n))
    return (x @ x.T + n * np.eye(n)).astype(np.float32)


def _sym(a):
    return (a + nx.transpose(a)) / 2


def _jsym(a):
    return (a + a.T) / 2


def test_grad_solve_invert_determinant_triangular():
    rng = np.random.default_rng(3)
    a = (rng.normal(size=(4, 4)) + 4 * np.eye(4)).astype(np.float32)
    b = rng.normal(size=(4, 2)).astype(np.float32)
    check_grad("solve", L.solve, jnp.linalg.solve, [a, b], rtol=1e-3, atol=1e-4)
    check_grad("invert", L.invert, jnp.linalg.inv, [a], rtol=1e-3, atol=1e-4)
    check_grad("determinant 4x4", L.determinant, jnp.linalg.det, [a], rtol=1e-3, atol=1e-3)
    a3 = a[:3, :3].copy()
    check_grad("determinant 3x3", L.determinant, jnp.linalg.det, [a3], rtol=1e-3, atol=1e-3)
    lo = np.tril(a)
    check_grad("triangular_solve", lambda a, b: L.triangular_solve(a, b),
               lambda a, b: jax.scipy.linalg.solve_triangular(jnp.tril(a), b, lower=True),
               [lo, b], rtol=1e-3, atol=1e-4)
    check_grad("triangular_solve right upper transposed",
               lambda a, b: L.triangular_solve(a, b, left_side=False, lower=False,
                                               transform_a="transpose"),
               lambda a, b: jnp.linalg.solve(jnp.triu(a), b.T).T,
               [np.triu(a), b.T.copy()], rtol=1e-3, atol=1e-4)


def test_grad_factorizations():
    rng = np.random.default_rng(5)
    s = _spd(rng, 4)
    check_grad("cholesky", lambda a: L.cholesky(_sym(a)), lambda a: jnp.linalg.cholesky(_jsym(a)),
               [s], rtol=1e-3, atol=1e-4)
    a = (rng.normal(size=(5, 3))).astype(np.float32)
    check_grad("qr", lambda a: L.qr(a)[0] * 2 + nx.sum(L.qr(a)[1]),
               lambda a: jnp.linalg.qr(a)[0] * 2 + jnp.sum(jnp.linalg.qr(a)[1]) if False else
               _jqr(a)[0] * 2 + jnp.sum(_jqr(a)[1]), [a], rtol=1e-3, atol=1e-4)
    h = _spd(rng, 3) + np.diag([0.0, 3.0, 7.0]).astype(np.float32)
    check_grad("eigh values", lambda a: L.eigh(_sym(a))[0],
               lambda a: jnp.linalg.eigvalsh(_jsym(a))[::-1], [h], rtol=1e-3, atol=1e-4)
    check_grad("eigh vectors (sign-invariant)", lambda a: L.eigh(_sym(a))[1] ** 2,
               lambda a: jnp.linalg.eigh(_jsym(a))[1][:, ::-1] ** 2, [h], rtol=1e-3, atol=1e-4)
    m = rng.normal(size=(4, 3)).astype(np.float32)
    check_grad("svd values", lambda a: L.svd(a)[1],
               lambda a: jnp.linalg.svd(a, full_matrices=False)[1], [m],
               rtol=1e-3, atol=1e-4)
    check_grad("svd vectors (sign-invariant)",
               lambda a: nx.dot(L.svd(a, full_matrices=False)[0] ** 2, nx.tensor([1.0, 2.0, 3.0]))
               + nx.sum(L.svd(a, full_matrices=False)[2] ** 2 * nx.tensor([[1.0], [2.0], [3.0]])),
               lambda a: (jnp.linalg.svd(a, full_matrices=False)[0] ** 2) @ jnp.array([1.0, 2, 3])
               + jnp.sum(jnp.linalg.svd(a, full_matrices=False)[2] ** 2 * jnp.array([[1.0], [2],
                                                                                     [3]])),
               [m], rtol=1e-3, atol=1e-4)
    g = (rng.normal(size=(4, 4)) + 3 * np.eye(4)).astype(np.float32)
    check_grad("lu", lambda a: L.lu(a)[1] + 2 * L.lu(a)[2],
               lambda a: jax.scipy.linalg.lu(a)[1] + 2 * jax.scipy.linalg.lu(a)[2], [g],
               rtol=1e-3, atol=1e-4)
    c = rng.normal(size=(5, 2)).astype(np.float32)
    y = rng.normal(size=(5,)).astype(np.float32)
    check_grad("least_squares", L.least_squares, lambda a, b: jnp.linalg.pinv(a) @ b, [c, y],
               rtol=1e-3, atol=1e-4)


def _jqr(a):
    """jax's QR with Nx's signs (positive diagonal of R where a reflection happened)."""
    q, r = jnp.linalg.qr(a)
    d = jnp.sign(jnp.diagonal(r))
    return q * d, r * d[:, None]


# --- bad input --------------------------------------------------------------------------------

BAD = [
    (lambda: L.triangular_solve(nx.tensor([[3, 0, 0, 0], [2, 1, 0, 0]]), nx.tensor([4, 2, 4, 2])),
     ValueError, "nx.linalg.triangular_solve: expected a square matrix or a batch of square "
     "matrices, got tensor with shape: (2, 4)"),
    (lambda: L.triangular_solve(nx.eye(4), nx.tensor([4])), ValueError,
     "incompatible dimensions for a and b on triangular solve"),
    (lambda: L.triangular_solve(nx.eye(3), nx.tensor([1, 2, 1]), transform_a="other"),
     ValueError, "invalid value for transform_a, expected \"none\", \"transpose\", or "
     "\"conjugate\", got: 'other'"),
    (lambda: L.solve(nx.tensor([[1, 0], [0, 1]]), nx.tensor([4, 2, 4, 2])), ValueError,
     "`b` tensor has incompatible dimensions, expected (2, 2) or (2,), got: (4,)"),
    (lambda: L.solve(nx.tensor([[3, 0, 0, 0], [2, 1, 0, 0], [1, 1, 1, 1]]), nx.tensor([4])),
     ValueError, "`a` tensor has incompatible dimensions, expected a square matrix or a batch "
     "of square matrices, got: (3, 4)"),
    (lambda: L.invert(nx.tensor([[3, 0, 0, 0], [2, 1, 0, 0]])), ValueError,
     "nx.linalg.invert: expects a square matrix or a batch of square matrices, got tensor with "
     "shape: (2, 4)"),
    (lambda: L.qr(nx.tensor([1, 2, 3, 4, 5])), ValueError,
     "nx.linalg.qr: tensor must have at least rank 2, got rank 1 with shape (5,)"),
    (lambda: L.qr(nx.eye(3), mode="error_test"), ValueError,
     "invalid mode received. Expected one of [\"reduced\", \"complete\"], received: "
     "'error_test'"),
    (lambda: L.eigh(nx.tensor([[1, 2, 3], [4, 5, 6]])), ValueError,
     "nx.linalg.eigh: tensor must be a square matrix or a batch of square matrices, got shape: "
     "(2, 3)"),
    (lambda: L.lu(nx.tensor([[1, 1, 1, 1], [-1, 4, 4, -1], [4, -2, 2, 0]])), ValueError,
     "nx.linalg.lu: tensor must be a square matrix or a batch of square matrices, got shape: "
     "(3, 4)"),
    (lambda: L.cholesky(nx.tensor([3.0])), ValueError,
     "nx.linalg.cholesky: tensor must have at least rank 2, got rank 1 with shape (1,)"),
    (lambda: L.matrix_power(nx.tensor([[1, 2], [3, 4], [5, 6]]), 1), ValueError,
     "nx.linalg.matrix_power: expects a square matrix or a batch of square matrices, got "
     "tensor with shape: (3, 2)"),
    (lambda: L.matrix_power(nx.eye(2), 1.5), TypeError, "power must be an integer"),
    (lambda: L.determinant(nx.tensor([[1, 2, 3], [4, 5, 6]])), ValueError,
     "nx.linalg.determinant: expects a square tensor or a batch of square tensors, got tensor "
     "with shape: (2, 3)"),
    (lambda: L.matrix_rank(nx.tensor([1, 2, 3])), ValueError,
     "nx.linalg.matrix_rank: tensor must have rank 2, got rank 1 with shape (3,)"),
    (lambda: L.matrix_rank(nx.tensor([[1, 2j], [3, -4j]])), TypeError,
     "not yet implemented for complex inputs"),
    (lambda: L.least_squares(nx.tensor([1, 2, 3]), nx.tensor([1, 2])), ValueError,
     "tensor of 1st argument must have rank 2, got rank 1 with shape (3,)"),
    (lambda: L.least_squares(nx.tensor([[1, 2], [2, 3]]), nx.tensor([[1, 2], [3, 4]])),
     ValueError, "tensor of 2nd argument must have rank 1, got rank 2 with shape (2, 2)"),
    (lambda: L.least_squares(nx.tensor([[1, 2j], [3, -4j]]), nx.tensor([1, 2])), TypeError,
     "not yet implemented for complex inputs"),
    (lambda: L.least_squares(nx.tensor([[1, 2], [2, 3]]), nx.tensor([1, 2, 3])), ValueError,
     "must be the same, got 1st argument shape (2, 2) and 2nd argument shape (3,)"),
    (lambda: L.norm(nx.tensor([3, 4]), ord="frobenius"), ValueError,
     "expected a 2-D tensor for ord=\"frobenius\", got a 1-D tensor"),
    (lambda: L.norm(nx.tensor([[3, 4]]), ord=3), ValueError,
     "invalid ord for 2-D tensor, got: 3"),
    (lambda: L.norm(nx.tensor([3, 4]), ord="nuclear"), ValueError,
     "nuclear norm not supported for rank != 2"),
    (lambda: L.norm(nx.tensor([3, 4]), ord="bad"), ValueError, "unknown ord 'bad'"),
    (lambda: L.norm(nx.iota((2, 2, 2))), ValueError,
     "expected 1-D or 2-D tensor, got tensor with shape (2, 2, 2)"),
    (lambda: L.svd(nx.tensor([[1j, 2]])), TypeError, "not yet implemented for complex inputs"),
    (lambda: L.svd(nx.tensor([1.0, 2.0])), ValueError,
     "tensor must have at least rank 2, got rank 1 with shape (2,)"),
]


@pytest.mark.parametrize("i", range(len(BAD)))
def test_bad_input_eager_and_jit(i):
    fn, exc, msg = BAD[i]
    with pytest.raises(exc) as e1:
        fn()
    assert msg in str(e1.value)
    # the same error while tracing under nx.jit (inputs are constants captured by the trace)
    with pytest.raises(exc) as e2:
        nx.jit(lambda x: fn())(nx.tensor(0.0))
    assert str(e2.value) == str(e1.value)


def test_singular_matrices():
    # triangular_solve raises eagerly as Nx's binary backend does; inside jit XLA gives inf/NaN
    a = nx.tensor([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]])
    b = nx.tensor([4, 2, 4, 2])
    with pytest.raises(ValueError, match="can't solve for singular matrix"):
        L.triangular_solve(a, b)
    r = nx.jit(L.triangular_solve)(a, b).to_numpy()
    assert not np.all(np.isfinite(r))
    # cholesky of a matrix that is not positive definite: NaNs in every mode
    expect(L.cholesky, [np.float32([[[1, 2], [2, 1]], [[4, 0], [0, 9]]])],
           [np.full((2, 2), np.nan), [[2, 0], [0, 3]]])
    # determinant of singular matrices is 0, solve gives non-finite values
    expect(L.determinant, [np.float32(np.ones((5, 5)))], 0.0)


def test_lowering_depends_on_the_platform():
    # CPU: LAPACK custom calls (trsm for triangular solves); other platforms: the StableHLO
    # ops where there is one, and the portable decompositions for the LAPACK-only ones
    from nx.compiler.lower import lower, to_text
    from nx.compiler.passes import run_default_pipeline
    a = nx.tensor(np.tril(np.ones((3, 3), np.float32)) + np.eye(3, dtype=np.float32))
    b = nx.tensor(np.ones((3, 2), np.float32))

    def stablehlo(fn, *args, platform):
        module = run_default_pipeline(nx.jit(fn).lower(*args))
        ctx, m = lower(module, debug_info=False, platform=platform)
        with ctx:
            return to_text(m)
    cpu = stablehlo(L.triangular_solve, a, b, platform="cpu")
    assert "lapack_strsm_ffi" in cpu and "triangular_solve" not in cpu.replace("lapack", "")
    gpu = stablehlo(L.triangular_solve, a, b, platform="cuda")
    assert "stablehlo.triangular_solve" in gpu and "lapack" not in gpu
    spd = nx.dot(a, nx.transpose(a))
    assert "stablehlo.cholesky" in stablehlo(L.cholesky, spd, platform="cuda")
    for fn in (L.qr, L.eigh, L.svd, L.lu):
        text = stablehlo(fn, spd, platform="cuda")
        assert "custom_call" not in text and "stablehlo.while" in text, fn.__name__


# --- the ops behind the small eager programs (lu_factor, unit diagonals, eigh's conventions) --

def _op(name, attrs, nresults=1):
    def f(*xs):
        r = nx._dispatch.apply(name, list(xs), attrs, nresults=nresults)
        return tuple(r) if nresults > 1 else r
    return f


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64])
def test_lu_factor_op(dtype):
    """lu_factor is lu packed (l's strict lower part and u in one matrix) with the permutation's
    sign, in every mode; a singular matrix still factors."""
    rng = np.random.default_rng(11)
    a = _random(rng, (3, 5, 5), dtype)
    a[1, :, 0] = 0
    packed_modes = modes(_op("lu_factor", {}, 3), a)
    lu_modes = modes(L.lu, a)
    eye = np.eye(5)
    for m, (perm, packed, sign) in packed_modes.items():
        assert perm.dtype == np.int32 and packed.dtype == dtype and sign.dtype == dtype
        lo, up = np.tril(packed, -1) + eye, np.triu(packed)
        p, lo_ref, up_ref = lu_modes[m]     # (eager lu is a compiled program: LAPACK's bits)
        np.testing.assert_allclose(lo, lo_ref, rtol=1e-6, atol=1e-7, err_msg=m)
        np.testing.assert_allclose(up, up_ref, rtol=1e-6, atol=1e-7, err_msg=m)
        np.testing.assert_allclose(np.take_along_axis(a, perm[..., None].astype(np.intp), -2),
                                   lo @ up, atol=1e-5, err_msg=m)
        pm = (np.arange(5)[:, None] == perm[..., None, :]).astype(np.float64)
        np.testing.assert_array_equal(sign, np.round(np.linalg.det(pm)), err_msg=m)
        np.testing.assert_array_equal(p, pm.astype(p.dtype), err_msg=m)


@pytest.mark.parametrize("lower,left,trans", [(True, True, "none"), (False, True, "transpose"),
                                              (True, False, "transpose"),
                                              (False, False, "none")])
def test_triangular_solve_unit_diagonal(lower, left, trans):
    """`unit_diagonal` takes the diagonal as ones without reading it (solve's first solve reads
    l from the packed LU), in every mode; its gradient leaves the diagonal alone."""
    rng = np.random.default_rng(12)
    a = rng.normal(size=(2, 4, 4)).astype(np.float32)
    b = rng.normal(size=(2, 4, 3) if left else (2, 3, 4)).astype(np.float32)
    attrs = {"left_side": left, "lower": lower, "transform_a": trans, "unit_diagonal": True}
    m = (np.tril(a, -1) if lower else np.triu(a, 1)) + np.eye(4)
    m = np.swapaxes(m, -1, -2) if trans == "transpose" else m
    want = np.linalg.solve(m, b) if left else np.swapaxes(
        np.linalg.solve(np.swapaxes(m, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
    expect(_op("triangular_solve", attrs), [a, b], want, rtol=1e-4, atol=1e-4)
    jsl = jax.scipy.linalg
    check_grad("triangular_solve unit diagonal", _op("triangular_solve", attrs),
               lambda a, b: jsl.solve_triangular(a[0], b[0], lower=lower,
                                                 trans=1 if trans == "transpose" else 0,
                                                 unit_diagonal=True)
               if left else jsl.solve_triangular(a[0], b[0].T, lower=lower,
                                                 trans=0 if trans == "transpose" else 1,
                                                 unit_diagonal=True).T,
               [a[:1], b[:1]], rtol=1e-3, atol=1e-4)


def test_eigh_op_conventions():
    """The eigh op with order "nx" (what nx.linalg.eigh uses): eigenvalues by decreasing
    absolute value, ties in LAPACK's (ascending) order; each eigenvector's first entry of
    largest magnitude positive (also when two entries tie, as (1, -1) / sqrt 2 does); the same
    numbers from the kernel and the lowering, with and without `wide`."""
    rng = np.random.default_rng(13)
    x = rng.normal(size=(3, 6, 6))
    h = (x + np.swapaxes(x, -1, -2)).astype(np.float32)
    h[2] = np.diag([2.0, -2.0, 1.0, 3.0, -3.0, 0.0])
    for attrs in ({"order": "nx", "eps": 1e-4}, {"order": "nx", "eps": 1e-4, "wide": True}):
        got = modes(_op("eigh", attrs, 2), h)
        base_w, base_v = got["evaluator"]
        for m, (w, v) in got.items():
            np.testing.assert_allclose(w, base_w, rtol=2e-6, atol=2e-6, err_msg=m)
            np.testing.assert_allclose(v, base_v, rtol=2e-6, atol=2e-6, err_msg=m)
            assert np.all(np.diff(np.abs(w), axis=-1) <= 1e-5), m
            top = np.argmax(np.abs(v), axis=-2)
            assert np.all(np.take_along_axis(v, top[..., None, :], -2) > 0), m
            np.testing.assert_allclose(h.astype(np.float64) @ v, v * w[..., None, :], atol=1e-4)
            np.testing.assert_array_equal(w[2], [-3.0, 3.0, -2.0, 2.0, 1.0, 0.0])
    for m, (_w, v) in modes(L.eigh, np.float32([[2, 1], [1, 2]])).items():
        np.testing.assert_array_equal(np.sign(v), [[1, 1], [1, -1]], err_msg=m)
    # an unknown order is an error of the op
    with pytest.raises(Exception, match="order must be"):
        nx._dispatch.apply("eigh", [nx.tensor(h[0])], {"order": "x"}, nresults=2)


def test_eigh_eps_zeros_get_no_gradient():
    """Entries that eps rounds to 0 are a constant 0 (as Nx's select makes them): on a
    diagonal matrix every eigenvector entry is 0 or 1 and the eigenvectors' gradient is 0,
    as finite differences say; the eigenvalues' gradient is the diagonal's."""
    d = np.diag([1.0, 2.0, 3.0, 5.0])
    c = np.random.default_rng(14).normal(size=(4, 4))
    for mode in ("xla", "evaluator"):
        g = nx.jit(lambda a: nx.grad(a, lambda t: nx.sum(L.eigh(_sym(t))[1] * nx.tensor(c))),
                   compiler=mode)(nx.tensor(d))
        np.testing.assert_allclose(g.to_numpy(), 0, atol=1e-12, err_msg=mode)
        g = nx.jit(lambda a: nx.grad(a, lambda t: nx.sum(L.eigh(_sym(t))[0] * nx.tensor(c[0]))),
                   compiler=mode)(nx.tensor(d))
        np.testing.assert_allclose(g.to_numpy(), np.diag(c[0][[3, 2, 1, 0]]), atol=1e-12)


def test_small_programs_run_inline():
    """The eager programs of 8x8 f32 calls stay under the size at which PJRT hands a program to
    a worker thread (XLA's cost analysis: under 1,000 flops runs inline on the caller's thread;
    a larger one costs 5-30 us more per call, which is what made qr, solve and eigh 5-10x
    slower than JAX eager): on both backends, for every function benchmarks/
    eager_composite_bench.py times."""
    from nx import _eager
    rng = np.random.default_rng(0)
    a8 = rng.standard_normal((8, 8)).astype(np.float32)
    spd8 = (a8 @ a8.T + 8 * np.eye(8)).astype(np.float32)
    b8 = rng.standard_normal(8).astype(np.float32)
    low8 = np.linalg.cholesky(spd8.astype(np.float64)).astype(np.float32)
    calls = {"qr": (L.qr, [a8]), "solve": (L.solve, [spd8, b8]), "eigh": (L.eigh, [spd8]),
             "svd": (L.svd, [a8]), "cholesky": (L.cholesky, [spd8]),
             "triangular_solve": (L.triangular_solve, [low8, b8]), "lu": (L.lu, [a8]),
             "determinant": (L.determinant, [a8]), "invert": (L.invert, [a8])}
    for backend in ("numpy", "xla"):
        for name, (f, arrays) in calls.items():
            _eager.clear_eager_cache()
            f(*[nx.tensor(x, backend=backend) for x in arrays])
            (key,) = _eager.CACHE.keys()
            program = _eager.CACHE.get(key)
            exe = next(iter(program.cache.values())).run
            cost = exe.loaded.cost_analysis()
            cost = cost[0] if isinstance(cost, list) else cost
            assert cost.get("flops", 0) < 1000, (backend, name, cost.get("flops"))
