"""The portable (pure StableHLO) lowerings of the linear-algebra ops (`lowering="portable"`:
dialects/nx/ops/_decomp_portable.py and _decomp_jacobi.py): cholesky, triangular_solve, lu,
lu_factor, qr, eigh and svd compiled without LAPACK custom calls, against the NumPy kernels
(the evaluator) and against NumPy reconstructions, on batches (one and two batch axes) in f32,
f64, c64 and c128; the lowered StableHLO has no custom call and no CHLO op; the same modules
compile and run on IREE (llvm-cpu) where it is installed; the native CPU lowering still uses
the LAPACK kernels.

Tolerances: the kernels compute in double precision and round once, the portable lowerings in
the op's own type, so f32/c64 results agree within a few f32 roundings (RTOL32 of the
matrices' scale, the matrices being small and well conditioned) and f64/c128 within 1e-12.
eigh with LAPACK's ascending order and svd leave each eigenvector/singular-vector pair's sign
(phase) free, and Jacobi's is not LAPACK's: those are compared up to that phase.
"""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.compiler.lower import lower, to_text
from nx.compiler.passes import run_default_pipeline

FLOATS = ["f32", "f64"]
ALL = ["f32", "f64", "c64", "c128"]
NP = {"f32": np.float32, "f64": np.float64, "c64": np.complex64, "c128": np.complex128}
RTOL32, RTOL64 = 2e-5, 1e-12


def _tol(ty):
    return RTOL32 if ty in ("f32", "c64") else RTOL64


def _portable_jit():
    try:
        nx.jit(lambda x: x, lowering="portable")
        return True
    except TypeError:
        return False


HAVE_PORTABLE_JIT = _portable_jit()


def portable_text(fun, *arrays):
    """The StableHLO text of `fun` on `arrays`, lowered portably."""
    module = run_default_pipeline(nx.jit(fun).lower(*[nx.tensor(a) for a in arrays]))
    ctx, m = lower(module, lowering="portable")
    with ctx:
        return to_text(m), module, m, ctx


def _compile_pjrt(module, m, ctx):
    from nx.compiler.lower import to_bytecode
    from nx.runtime import cache
    outs = module.main.result_types
    with ctx:
        code = to_bytecode(m)
    exe = cache.compile_cached(code, "cpu", len(outs), 0)
    exe.set_outputs([(t.shape, t.dtype.dtype) for t in outs])
    return exe


def run_portable(fun, *arrays):
    """`fun(*arrays)` compiled with the portable lowering (nx.jit's `lowering="portable"`
    where it exists, else lowered here and compiled with PJRT); checks the StableHLO has no
    custom call and no CHLO op. Returns the results as NumPy arrays."""
    text, module, m, ctx = portable_text(fun, *arrays)
    assert "custom_call" not in text
    assert "chlo." not in text
    if HAVE_PORTABLE_JIT:
        out = nx.jit(fun, lowering="portable")(*[nx.tensor(a) for a in arrays])
        out = out if isinstance(out, (tuple, list)) else (out,)
        return [np.asarray(o) for o in out]
    from nx.runtime import pjrt
    exe = _compile_pjrt(module, m, ctx)
    return [np.asarray(r) for r in exe([pjrt.to_device(np.asarray(a)) for a in arrays])]


def run_evaluator(fun, *arrays):
    out = nx.jit(fun, compiler="evaluator")(*[nx.tensor(a) for a in arrays])
    out = out if isinstance(out, (tuple, list)) else (out,)
    return [np.asarray(o) for o in out]


def op(name, nresults=1, **attrs):
    return lambda *xs: nx.apply_op(name, list(xs), attrs, nresults=nresults)


def rand(rng, shape, ty):
    x = rng.standard_normal(shape)
    if ty.startswith("c"):
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(NP[ty])


def adj(x):
    return np.conj(np.swapaxes(x, -1, -2))


def close(got, want, ty, scale=1.0, what=""):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (what, got.shape, want.shape)
    big = np.complex128 if np.iscomplexobj(got) or np.iscomplexobj(want) else np.float64
    err = np.max(np.abs(got.astype(big) - want.astype(big))) if got.size else 0.0
    assert err <= _tol(ty) * scale * max(1.0, np.max(np.abs(want)) if want.size else 1.0), \
        f"{what}: max error {err}"


def check_against_kernel(fun, arrays, ty, scale=1.0):
    """The portable results equal the kernel's within the type's tolerance; returns them."""
    got = run_portable(fun, *arrays)
    want = run_evaluator(fun, *arrays)
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert g.dtype == w.dtype, (i, g.dtype, w.dtype)
        if np.issubdtype(w.dtype, np.integer):
            np.testing.assert_array_equal(g, w, err_msg=f"result {i}")
        else:
            close(g, w, ty, scale, f"result {i}")
    return got


def spd(rng, shape, ty):
    x = rand(rng, shape, ty)
    n = shape[-1]
    return (x @ adj(x) + n * np.eye(n)).astype(NP[ty])


def hermitian(rng, shape, ty):
    x = rand(rng, shape, ty)
    return ((x + adj(x)) / 2).astype(NP[ty])


BATCHES = [(), (3,), (2, 3)]


# --- cholesky ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ty", ALL)
@pytest.mark.parametrize("batch", BATCHES)
def test_cholesky(ty, batch, rng):
    a = spd(rng, batch + (5, 5), ty)
    (lo,) = check_against_kernel(op("cholesky"), [a], ty)
    close(lo @ adj(lo), a, ty, 10, "l l^H")
    assert np.all(np.triu(lo, 1) == 0)


def test_cholesky_reads_lower_and_nans(rng):
    a = spd(rng, (4, 4), "f64")
    garbage = np.tril(a) + np.triu(np.full((4, 4), 1e3), 1)
    (lo,) = check_against_kernel(op("cholesky"), [garbage], "f64")
    close(lo @ lo.T, a, "f64", 10)
    # not positive definite: that matrix NaN, the others not; a NaN propagates (as LAPACK)
    bad = np.array([[[4., 2], [2, 3]], [[1, 2], [2, 1]], [[np.nan, 0], [0, 1]]])
    got = run_portable(op("cholesky"), bad)[0]
    np.testing.assert_array_equal(np.isnan(got), np.isnan(run_evaluator(op("cholesky"), bad)[0]))
    assert np.isnan(got[1]).all() and not np.isnan(got[0]).any()


# --- triangular_solve -------------------------------------------------------------------------

def _tri_reference(a, b, left, lower, trans, unit):
    n = a.shape[-1]
    m = (np.tril(a, -1) if lower else np.triu(a, 1)) + np.eye(n) if unit else \
        (np.tril(a) if lower else np.triu(a))
    m = np.swapaxes(m, -1, -2) if trans else m
    return m, (np.linalg.solve(m, b) if left else
               np.swapaxes(np.linalg.solve(np.swapaxes(m, -1, -2), np.swapaxes(b, -1, -2)),
                           -1, -2))


COMBOS = [(left, lower, trans, unit) for left in (True, False) for lower in (True, False)
          for trans in (False, True) for unit in (False, True)]


@pytest.mark.parametrize("ty", ["c128"])
@pytest.mark.parametrize("combo", COMBOS, ids=lambda c: "-".join(
    k for k, v in zip(("left", "lower", "trans", "unit"), c) if v) or "plain")
def test_triangular_solve_all_forms(ty, combo, rng):
    left, lower, trans, unit = combo
    a = (rand(rng, (2, 5, 5), ty) + 4 * np.eye(5)).astype(NP[ty])
    b = rand(rng, (2, 5, 3) if left else (2, 3, 5), ty)
    attrs = {"left_side": left, "lower": lower, "transform_a": "transpose" if trans else "none"}
    if unit:
        attrs["unit_diagonal"] = True
    (x,) = check_against_kernel(op("triangular_solve", **attrs), [a, b], ty)
    m, want = _tri_reference(a, b, left, lower, trans, unit)
    close(x, want, ty, 10, "numpy solve")


@pytest.mark.parametrize("ty", ["f32", "f64", "c64"])
@pytest.mark.parametrize("combo", [(True, True, False, False), (False, False, True, False),
                                   (True, True, False, True), (False, True, True, True)])
def test_triangular_solve_batched(ty, combo, rng):
    left, lower, trans, unit = combo
    a = (rand(rng, (2, 3, 6, 6), ty) + 4 * np.eye(6)).astype(NP[ty])
    b = rand(rng, (2, 3, 6, 2) if left else (2, 3, 2, 6), ty)
    attrs = {"left_side": left, "lower": lower, "transform_a": "transpose" if trans else "none",
             "unit_diagonal": unit}
    check_against_kernel(op("triangular_solve", **attrs), [a, b], ty, 10)


# --- lu, lu_factor ----------------------------------------------------------------------------

@pytest.mark.parametrize("ty", ALL)
@pytest.mark.parametrize("batch", BATCHES)
def test_lu(ty, batch, rng):
    a = rand(rng, batch + (6, 6), ty)
    perm, lo, up = check_against_kernel(op("lu", 3), [a], ty, 10)
    np.testing.assert_array_equal(np.sort(perm, -1), np.broadcast_to(np.arange(6), perm.shape))
    rows = np.take_along_axis(a, perm[..., :, None].astype(np.int64), axis=-2)
    close(lo @ up, rows, ty, 10, "a[perm] = l u")
    assert np.all(np.triu(lo, 1) == 0) and np.all(np.diagonal(lo, 0, -2, -1) == 1)
    assert np.all(np.tril(up, -1) == 0)
    p2, packed, sign = check_against_kernel(op("lu_factor", 3), [a], ty, 10)
    np.testing.assert_array_equal(p2, perm)
    close(packed, np.tril(lo, -1) + up, ty, 10, "packed")
    det = np.prod(np.diagonal(packed, 0, -2, -1), -1) * sign
    close(det, np.linalg.det(a.astype(np.complex128 if ty.startswith("c") else np.float64)),
          ty, 100, "determinant")


def test_lu_pivots_like_the_kernel():
    # ties (the first of equal magnitudes), a zero pivot column, singular matrices
    cases = [np.array([[1., 2], [-1, 3]]),
             np.array([[[1., 2, 3], [1, 2, 3], [2, 4, 7]], [[0, 0, 1], [0, 0, 2], [0, 3, 0]]]),
             np.zeros((2, 3, 3))]
    for a in cases:
        for name in ("lu", "lu_factor"):
            check_against_kernel(op(name, 3), [a], "f64")


# --- qr ---------------------------------------------------------------------------------------

QR_SHAPES = [(3, 5, 5), (2, 7, 4), (2, 4, 7), (2, 3, 4, 4)]


@pytest.mark.parametrize("ty", ALL)
@pytest.mark.parametrize("shape", QR_SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr(ty, shape, mode, rng):
    a = rand(rng, shape, ty)
    q, r = check_against_kernel(op("qr", 2, mode=mode, eps=1e-10), [a], ty, 10)
    close(adj(q) @ q, np.broadcast_to(np.eye(q.shape[-1]), q.shape[:-2] + (q.shape[-1],) * 2),
          ty, 10, "q orthonormal")
    close(q @ r, a, ty, 10, "q r = a")
    assert np.all(np.tril(r, -1) == 0)
    k = min(shape[-2:])
    d = np.diagonal(r, 0, -2, -1)[..., :k - 1 if shape[-2] <= shape[-1] else k]
    assert np.all(d.real > 0) and np.all(d.imag == 0)   # reflected columns: r_ii > 0


@pytest.mark.parametrize("ty", ["f64", "c128"])
def test_qr_structured_columns(ty):
    """Columns whose sub-diagonal part is already zero are not reflected (upper triangular
    input, zero columns, a zero matrix), complex diagonals included."""
    up = np.triu(np.arange(1, 17).reshape(4, 4) * np.array([1, -1, 1, -1])).astype(NP[ty])
    zc = np.array([[1, 2, 3], [0, 0, 4], [0, 0, 5], [0, 0, 0]], NP[ty])
    cases = [up, zc, np.zeros((2, 4, 3), NP[ty])]
    if ty == "c128":
        cases.append(np.array([[1j, 2, 3], [0, 1 + 1j, 4], [0, 0, -2 - 1j]]))
    for a in cases:
        for mode in ("reduced", "complete"):
            check_against_kernel(op("qr", 2, mode=mode, eps=1e-10), [a], ty)


# --- eigh -------------------------------------------------------------------------------------

def _phase_free_close(v, ref, ty, what):
    """Columns equal up to a unit factor each."""
    inner = np.sum(np.conj(ref) * v, axis=-2, keepdims=True)
    ph = inner / np.abs(inner)
    close(v, ref * ph, ty, 10, what)


@pytest.mark.parametrize("ty", ALL)
@pytest.mark.parametrize("shape", [(3, 5, 5), (2, 3, 4, 4), (2, 1, 1), (8, 8)],
                         ids=lambda s: "x".join(map(str, s)))
def test_eigh(ty, shape, rng):
    a = hermitian(rng, shape, ty)
    # Nx's order and signs: the kernel's factors
    w, v = check_against_kernel(op("eigh", 2, order="nx", eps=1e-10), [a], ty, 10)
    n = shape[-1]
    close(v @ (w[..., :, None] * adj(v)), a, ty, 10, "v diag(w) v^H = a")
    close(adj(v) @ v, np.broadcast_to(np.eye(n), a.shape), ty, 10, "v orthonormal")
    # LAPACK's ascending order: the eigenvalues, the vectors up to a phase each
    wa, va = run_portable(op("eigh", 2), a)
    wk, vk = run_evaluator(op("eigh", 2), a)
    close(wa, wk, ty, 10, "ascending eigenvalues")
    assert np.all(np.diff(wa, axis=-1) >= 0)
    _phase_free_close(va, vk, ty, "ascending eigenvectors")


def test_eigh_structured(rng):
    """Only the lower triangle is read; a diagonal matrix (repeated eigenvalues, no
    rotation), the identity and zeros give the kernel's factors exactly; `wide` (f32 computed
    in f64) too."""
    lo = np.tril(rng.standard_normal((4, 4)))
    garbage = lo + np.triu(np.full((4, 4), 100.0), 1)
    attrs = dict(order="nx", eps=1e-10)
    check_against_kernel(op("eigh", 2, **attrs), [garbage], "f64")
    for a in (np.diag([3.0, -3, 2, 3]), np.eye(3), np.zeros((2, 3, 3))):
        got = run_portable(op("eigh", 2, **attrs), a)
        for g, k in zip(got, run_evaluator(op("eigh", 2, **attrs), a)):
            np.testing.assert_array_equal(g, k)
    a = hermitian(rng, (2, 6, 6), "f32")
    check_against_kernel(op("eigh", 2, wide=True, **attrs), [a], "f32")


# --- svd --------------------------------------------------------------------------------------

SVD_SHAPES = [(3, 5, 5), (2, 7, 4), (2, 4, 7), (2, 3, 3, 2), (1, 1), (4, 1)]


@pytest.mark.parametrize("ty", ALL)
@pytest.mark.parametrize("shape", SVD_SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("full", [True, False])
def test_svd(ty, shape, full, rng):
    a = rand(rng, shape, ty)
    u, s, vt = run_portable(op("svd", 3, full_matrices=full), a)
    uk, sk, vtk = run_evaluator(op("svd", 3, full_matrices=full), a)
    assert (u.shape, s.shape, vt.shape) == (uk.shape, sk.shape, vtk.shape)
    assert u.dtype == uk.dtype and s.dtype == sk.dtype and vt.dtype == vtk.dtype
    close(s, sk, ty, 10, "singular values")
    assert np.all(np.diff(s, axis=-1) <= 0)
    k = s.shape[-1]
    close((u[..., :, :k] * s[..., None, :]) @ vt[..., :k, :], a, ty, 10, "u s vt = a")
    for x, what in ((adj(u) @ u, "u"), (vt @ adj(vt), "vt")):
        close(x, np.broadcast_to(np.eye(x.shape[-1]), x.shape), ty, 10, f"{what} orthonormal")
    # the singular vectors of the (distinct) singular values: the kernel's up to a phase
    # shared by u_j and v_j
    _phase_free_close(u[..., :, :k], uk[..., :, :k], ty, "u")
    inner = np.sum(np.conj(uk[..., :, :k]) * u[..., :, :k], axis=-2)
    ph = inner / np.abs(inner)
    close(vt[..., :k, :], np.conj(ph)[..., :, None] * vtk[..., :k, :], ty, 10, "vt")


def test_svd_rank_deficient():
    a = np.outer([1.0, 2, 3, 4], [1.0, -1, 2])
    u, s, vt = run_portable(op("svd", 3, full_matrices=True), a)
    close(s, run_evaluator(op("svd", 3, full_matrices=True), a)[1], "f64", 10)
    close((u[:, :3] * s) @ vt, a, "f64", 10)
    close(u.T @ u, np.eye(4), "f64", 10)
    close(vt @ vt.T, np.eye(3), "f64", 10)
    u, s, vt = run_portable(op("svd", 3, full_matrices=True), np.zeros((2, 3, 2)))
    np.testing.assert_array_equal(s, 0)
    close(adj(u) @ u, np.broadcast_to(np.eye(3), (2, 3, 3)), "f64")


# --- the ops of nx.linalg under nx.jit(lowering="portable") ----------------------------------

@pytest.mark.skipif(not HAVE_PORTABLE_JIT, reason="nx.jit has no lowering option yet")
@pytest.mark.parametrize("ty", FLOATS)
def test_linalg_functions_portable(ty, rng):
    a = rand(rng, (2, 5, 5), ty) + 5 * np.eye(5, dtype=NP[ty])
    b = rand(rng, (2, 5, 2), ty)
    L = nx.linalg
    funs = [lambda x, y: L.solve(x, y), lambda x, y: L.determinant(x),
            lambda x, y: L.invert(x), lambda x, y: L.qr(x), lambda x, y: L.lu(x),
            lambda x, y: L.eigh(x + nx.transpose(x, axes=[0, 2, 1])),
            lambda x, y: L.svd(x)[1]]
    for f in funs:
        got = nx.jit(f, lowering="portable")(nx.tensor(a), nx.tensor(b))
        want = nx.jit(f, compiler="evaluator")(nx.tensor(a), nx.tensor(b))
        got = got if isinstance(got, (tuple, list)) else (got,)
        want = want if isinstance(want, (tuple, list)) else (want,)
        for g, w in zip(got, want):
            close(np.asarray(g), np.asarray(w), ty, 100)


# --- the native path is unchanged -------------------------------------------------------------

def test_native_cpu_lowering_keeps_lapack(rng):
    from nx.dialects.nx.ops.decomp import lapack_available
    if not lapack_available():
        pytest.skip("jaxlib's LAPACK kernels are not available")
    a = rand(rng, (2, 4, 4), "f32")
    for f in (op("qr", 2, mode="reduced", eps=1e-10), op("eigh", 2, order="nx", eps=1e-10),
              op("svd", 3, full_matrices=True), op("lu", 3), op("cholesky")):
        module = run_default_pipeline(nx.jit(f).lower(nx.tensor(a)))
        ctx, m = lower(module)
        with ctx:
            assert "lapack_" in to_text(m)


# --- IREE -------------------------------------------------------------------------------------

IREE_CASES = [("cholesky", "f32"), ("triangular_solve", "f32"), ("lu", "f32"),
              ("lu_factor", "f32"), ("qr", "f32"), ("qr", "c64"), ("eigh", "f32"),
              ("eigh", "c64"), ("svd", "f32"), ("svd", "c64")]


@pytest.mark.parametrize("name,ty", IREE_CASES)
def test_iree_runs_the_portable_module(name, ty, rng):
    compiler = pytest.importorskip("iree.compiler")
    runtime = pytest.importorskip("iree.runtime")
    x = rand(rng, (2, 5, 5), ty)
    args = {"cholesky": ([spd(rng, (2, 5, 5), ty)], op("cholesky")),
            "triangular_solve": ([x + 5 * np.eye(5, dtype=NP[ty]), rand(rng, (2, 5, 3), ty)],
                                 op("triangular_solve", left_side=True, lower=True,
                                    transform_a="none")),
            "lu": ([x], op("lu", 3)), "lu_factor": ([x], op("lu_factor", 3)),
            "qr": ([rand(rng, (2, 6, 4), ty)], op("qr", 2, mode="complete", eps=1e-10)),
            "eigh": ([hermitian(rng, (2, 5, 5), ty)], op("eigh", 2, order="nx", eps=1e-10)),
            "svd": ([x], op("svd", 3, full_matrices=True))}
    arrays, fun = args[name]
    text = portable_text(fun, *arrays)[0]
    vmfb = compiler.compile_str(text, target_backends=["llvm-cpu"], input_type="stablehlo")
    ctx = runtime.SystemContext(config=runtime.Config("local-task"))
    ctx.add_vm_module(runtime.VmModule.copy_buffer(ctx.instance, vmfb))
    out = ctx.modules.module["main"](*arrays)
    out = out if isinstance(out, (tuple, list)) else (out,)
    want = run_portable(fun, *arrays)
    for o, w in zip(out, want):
        close(o.to_host(), w, ty, 10)


def test_iree_ties_keep_the_stable_order():
    """Equal keys (|w| = 1 three times, 1 twice) sort as XLA's stable sort does, though IREE's
    sort is not stable: the indices break the ties. (The eigenvectors of a repeated eigenvalue
    are not LAPACK's basis: the eigenvalues are compared with the kernel.)"""
    compiler = pytest.importorskip("iree.compiler")
    runtime = pytest.importorskip("iree.runtime")
    a = np.diag(np.array([1.0, -1, 2, 1, -2], np.float32))
    for fun in (op("eigh", 2, order="nx", eps=1e-10), op("eigh", 2)):
        text = portable_text(fun, a)[0]
        vmfb = compiler.compile_str(text, target_backends=["llvm-cpu"], input_type="stablehlo")
        ctx = runtime.SystemContext(config=runtime.Config("local-task"))
        ctx.add_vm_module(runtime.VmModule.copy_buffer(ctx.instance, vmfb))
        out = [o.to_host() for o in ctx.modules.module["main"](a)]
        for o, w in zip(out, run_portable(fun, a)):
            np.testing.assert_array_equal(o, w)
        np.testing.assert_array_equal(out[0], run_evaluator(fun, a)[0])
