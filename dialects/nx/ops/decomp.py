"""Linear-algebra ops behind nx.linalg: factorizations and triangular solves.

Every op works on a batch of matrices in its last two axes (any number of leading batch axes)
of a LAPACK type (f32, f64, c64, c128; the API converts integers and f16/bf16 first).

    op                 results                      lowering (CPU)
    cholesky           l                            LAPACK ?potrf (custom call)
    triangular_solve   x                            LAPACK ?trsm
    qr                 q, r                         LAPACK ?geqrf + ?orgqr/?ungqr
    eigh               w (ascending or Nx's), v     LAPACK ?syevd/?heevd
    svd                u, s (descending), vt        LAPACK ?gesdd
    lu                 perm, l, u                   LAPACK ?getrf + pivots-to-permutation loop
    lu_factor          perm, packed lu, sign        LAPACK ?getrf + the same loop

The portable lowerings (pure StableHLO: `stablehlo.while` loops over the matrix index, the
batch vectorized, no custom call, no CHLO: a column loop for cholesky, substitution for
triangular_solve, partial pivoting for lu/lu_factor, Householder reflections for qr, cyclic
Jacobi sweeps for eigh, one-sided Jacobi for svd) are used with `lowering="portable"` and
wherever jaxlib's LAPACK kernels do not run (any platform but CPU, or no LAPACK); they give
the kernels' conventions in the op's own type (eigh's ascending eigenvectors and svd's singular
vectors up to the sign or phase that LAPACK leaves free). They are in _decomp_portable.py
(cholesky, triangular_solve, getrf, qr) and _decomp_jacobi.py (eigh, svd), written with
_portable_hlo.py's vocabulary. On a non-CPU platform without `portable`, cholesky and
triangular_solve keep the StableHLO ops (`stablehlo.cholesky`, `stablehlo.triangular_solve`,
which XLA expands for its target); the portable mode uses the loops, since not every consumer
(IREE) lowers those two ops.

cholesky, triangular_solve, lu and lu_factor are defined here; qr, eigh and svd (the factors
that are orthogonal or unitary) in decomp_orthogonal.py; the helpers both use (checks, LAPACK
custom calls, masks, the gradients' matrix products) in _decomp_common.py.

The LAPACK kernels are the typed-FFI custom-call targets that jaxlib's CPU runtime registers
(`lapack_sgeqrf_ffi`, ...); operands and results are column-major (the layouts say so, XLA
transposes). `implementation` below picks, per op, between the LAPACK custom call and the
StableHLO op where one exists (cholesky, triangular_solve); the choice was made by measurement
(numbers in nx/linalg.py's docstring).

Conventions (identical in the NumPy kernels and the lowerings):
- cholesky reads the lower triangle; a matrix that is not positive definite gives NaNs (the whole
  matrix), as XLA does.
- qr follows Nx's Householder signs: a column whose sub-diagonal part is already zero is not
  reflected (R keeps that diagonal entry, Q that column of the identity); otherwise the diagonal
  entry of R is positive. Entries with |x| <= eps become 0, as Nx does. (A complex diagonal
  entry that is not real, with nothing below it, as in the last column of a square matrix, is
  still made real by LAPACK's reflector: the kernel and the portable lowering give
  -sign(Re r_ii) |r_ii| there, the LAPACK lowering |r_ii|.)
- eigh reads the lower triangle and returns LAPACK's ascending eigenvalues; with `order="nx"`
  (what nx.linalg.eigh uses) Nx's conventions instead: eigenvalues by decreasing absolute value
  (stable), each eigenvector scaled so that its first entry of largest magnitude is real and
  positive, entries with |x| <= `eps` set to 0; `wide` computes the factorization in double
  precision and applies the conventions to the rounded factors (as the kernel does).
- lu is LAPACK's partial pivoting: `a[..., perm, :] = l @ u` (l unit lower triangular);
  lu_factor gives the same factorization packed (l's strict lower part and u in one matrix)
  with the permutation's sign, for solve (triangular_solve's `unit_diagonal` reads l from it),
  determinant and invert.
- Small programs: masks and identities of small matrices are constants, and the conventions
  are written with few element-wise passes, because PJRT runs a program under ~1,000
  estimated flops inline and hands a larger one to a worker thread (see nx/linalg.py).
- A failed factorization (LAPACK info != 0) gives NaNs, as XLA does.
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, batch_rule, define
from ._decomp_common import (
    adj,
    batched,
    check_matrix,
    custom_call,
    eye_like,
    hlo_iota,
    identity,
    lapack_available,
    lapack_here,
    lapack_target,
    matmul,
    nan_unless,
    select_mask,
    to_double,
    tri_mask,
    tsolve,
)
from ._decomp_portable import cholesky as portable_cholesky
from ._decomp_portable import getrf as portable_getrf
from ._decomp_portable import triangular_solve as portable_triangular_solve

__all__ = ["implementation", "lapack_available"]

# Which lowering each op uses on CPU ("lapack" or "hlo"; other platforms always get "hlo");
# the benchmark switches these to compare.
implementation = {"cholesky": "lapack", "triangular_solve": "lapack"}


# --- cholesky ---------------------------------------------------------------------------------

def _cholesky_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("cholesky", a)
    return [a]


def _cholesky_kernel(attrs, outs, a):
    dt = a.dtype
    a = to_double(a)
    def one(m):
        try:
            return np.linalg.cholesky(m)
        except np.linalg.LinAlgError:
            return np.full(m.shape, np.nan, m.dtype)
    if a.size == 0:
        return a.astype(dt)
    try:
        return np.linalg.cholesky(a).astype(dt)
    except np.linalg.LinAlgError:
        return batched(one, a).astype(dt)


def _cholesky_lower(ctx, op, a):
    t = op.results[0].type
    batch = t.shape[:-2]
    if ctx.portable:    # a loop: IREE and other consumers may not take stablehlo.cholesky
        return portable_cholesky(ctx, a, t)
    if implementation["cholesky"] == "hlo" or not lapack_here(ctx):
        lo = ctx.hlo.CholeskyOp(a, lower=True).result
        return select_mask(ctx, tri_mask(ctx, t.shape, True), lo, t)
    lo, info = custom_call(ctx, lapack_target("potrf", t.dtype), [a],
                            [t, TensorType(batch, T.S32)], [True], [True, False],
                            {"uplo": "L"}, {0: 0})
    lo = select_mask(ctx, tri_mask(ctx, t.shape, True), lo, t)
    return nan_unless(ctx, info, batch, lo, t)


def _cholesky_grad(nx, op, inputs, ans, g):
    """Nx's rule (Murray 2016): phi(L^H G) / 2 on the diagonal, solved against L."""
    lo = ans
    num = matmul(nx, adj(nx, lo), nx.tril(g))
    eye = eye_like(nx, lo)
    phi = nx.tril(num / (eye + 1))
    # S = L^-H phi L^-1 ; dA = (S + S^H)/2
    s = tsolve(nx, lo, phi, left_side=True, lower=True, transpose_a=True) \
        if not T.is_complex(lo.type) else tsolve(nx, nx.conjugate(lo), phi, True, True, True)
    s = tsolve(nx, lo, s, left_side=False, lower=True)
    da = (s + adj(nx, s)) / 2
    return [da]


define("cholesky", batch=batch_rule("matrices"), infer=_cholesky_infer, kernel=_cholesky_kernel,
       lower=_cholesky_lower, grad=_cholesky_grad, family="linalg",
       doc="Nx.LinAlg.cholesky on a batch of Hermitian positive-definite matrices (the lower "
           "triangle is read): the lower-triangular L with A = L L^H. A matrix that is not "
           "positive definite gives NaNs.")


# --- triangular_solve -------------------------------------------------------------------------

def _tri_infer(in_types, attrs):
    a, b = in_types
    check_matrix("triangular_solve", a)
    if b.dtype != a.dtype:
        raise OpError(f"nx.triangular_solve: a and b must have the same type in the IR, got "
                      f"{a.dtype.name} and {b.dtype.name}")
    if attrs.get("transform_a") not in ("none", "transpose"):
        raise OpError("nx.triangular_solve: transform_a must be \"none\" or \"transpose\", got "
                      f"{attrs.get('transform_a')!r}")
    n = a.shape[-1]
    k = -2 if attrs["left_side"] else -1
    if len(b.shape) != len(a.shape) or b.shape[:-2] != a.shape[:-2] or b.shape[k] != n:
        raise OpError(f"nx.triangular_solve: incompatible dimensions for a and b on triangular "
                      f"solve: {a.shape} and {b.shape}")
    return [b]


def _tri_kernel(attrs, outs, a, b):
    a, b = to_double(a), to_double(b)
    lower = attrs["lower"]
    if attrs.get("unit_diagonal"):
        m = (np.tril(a, -1) if lower else np.triu(a, 1)) + np.eye(a.shape[-1], dtype=a.dtype)
    else:
        m = np.tril(a) if lower else np.triu(a)
    if attrs["transform_a"] == "transpose":
        m = np.swapaxes(m, -1, -2)
    with np.errstate(all="ignore"):
        if attrs["left_side"]:
            x = _solve_tri_np(m, b)
        else:   # X M = B  <=>  M^T X^T = B^T
            x = np.swapaxes(_solve_tri_np(np.swapaxes(m, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
    return np.ascontiguousarray(x).astype(outs[0].dtype.dtype)


def _solve_tri_np(m, b):
    """Solves m x = b for triangular m (either triangle) by substitution, vectorized over the
    batch; a zero on the diagonal gives inf/NaN as XLA's kernel does."""
    n = m.shape[-1]
    lower = np.all(np.triu(m, 1) == 0)
    x = np.zeros(np.broadcast_shapes(b.shape), dtype=np.result_type(m, b))
    order = range(n) if lower else range(n - 1, -1, -1)
    for i in order:
        acc = b[..., i, :] - np.einsum("...k,...kj->...j", m[..., i, :], x)
        x[..., i, :] = acc / m[..., i, i][..., None]
    return x


def _tri_lower(ctx, op, a, b):
    at = op.operands[0].type
    t = op.results[0].type
    left, lower = op.attrs["left_side"], op.attrs["lower"]
    trans = op.attrs["transform_a"] == "transpose"
    unit = bool(op.attrs.get("unit_diagonal"))
    if ctx.portable:    # substitution: IREE may not take stablehlo.triangular_solve
        return portable_triangular_solve(ctx, a, b, at, op.operands[1].type, left, lower, trans,
                                         unit)
    if implementation["triangular_solve"] == "lapack" and lapack_here(ctx):
        # LAPACK trsm reads only the given triangle
        return custom_call(ctx, lapack_target("trsm", at.dtype), [a, b], [t], [True, True], [True],
                            {"side": "L" if left else "R", "uplo": "L" if lower else "U",
                             "trans_x": "T" if trans else "N", "diag": "U" if unit else "N"},
                            {1: 0})[0]
    ta = ctx.hlo.TransposeAttr.get("TRANSPOSE" if trans else "NO_TRANSPOSE")
    return ctx.hlo.TriangularSolveOp(a, b, left, lower, unit, ta,
                                     results=[ctx.ttype(t)]).result


def _tri_grad(nx, op, inputs, ans, g):
    """Nx's rule: with op(A) the (transposed) triangle, left side A X = B gives
    dB = op(A)^-H G and dA = -dB X^H (right side: dB = G op(A)^-H, dA = -X^H dB), then dA is
    restricted to the triangle that was read and transposed back for transform_a."""
    a, b = inputs
    left, lower = op.attrs["left_side"], op.attrs["lower"]
    trans = op.attrs["transform_a"] == "transpose"
    x = ans
    cplx = T.is_complex(a.type)
    ac = nx.conjugate(a) if cplx else a
    # op(A)^-H G: solve op(A)^H Y = G, i.e. conj(A) with the opposite transposition
    unit = bool(op.attrs.get("unit_diagonal"))
    tattrs = {"left_side": left, "lower": lower, "transform_a": "none" if trans else "transpose"}
    if unit:
        tattrs["unit_diagonal"] = True
    db = nx.apply_op("triangular_solve", [ac, g], tattrs)
    if left:
        da = -matmul(nx, db, adj(nx, x))
    else:
        da = -matmul(nx, adj(nx, x), db)
    if trans:
        da = adj(nx, da) if not cplx else nx.transpose(
            da, axes=list(range(len(da.shape) - 2)) + [len(da.shape) - 1, len(da.shape) - 2])
    k = (-1 if lower else 1) if unit else 0    # a unit diagonal is not read
    da = nx.tril(da, k=k) if lower else nx.triu(da, k=k)
    return [da, db]


define("triangular_solve", batch=batch_rule("matrices"), infer=_tri_infer, kernel=_tri_kernel,
       lower=_tri_lower, grad=_tri_grad, family="linalg",
       doc="Nx.LinAlg.triangular_solve on matrices: solves op(a) x = b (left_side) or "
           "x op(a) = b, reading only the lower (`lower`) or upper triangle of a; op is the "
           "identity or the transpose (`transform_a`); `unit_diagonal` (optional) takes the "
           "diagonal as ones without reading it. A zero diagonal gives inf/NaN.")


# --- lu ---------------------------------------------------------------------------------------

def _lu_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("lu", a)
    return [TensorType(a.shape[:-1], T.S32), a, a]


def _lu_np(a):
    """Partial pivoting as LAPACK's getrf (the first entry of largest magnitude is the pivot),
    vectorized over the batch. Returns (perm, packed lu)."""
    a = a.copy()
    *batch, n, _ = a.shape
    perm = np.broadcast_to(np.arange(n, dtype=np.int32), a.shape[:-1]).copy()
    bidx = np.indices(tuple(batch)) if batch else ()
    for j in range(n):
        col = np.abs(a[..., j:, j])
        p = j + np.argmax(col, axis=-1)                   # first maximum, like i?amax
        ix = tuple(bidx)
        # swap rows j and p
        rows_j = a[..., j, :].copy()
        rows_p = a[ix + (p,)] if batch else a[p]
        a[..., j, :] = rows_p
        if batch:
            a[ix + (p,)] = rows_j
        else:
            a[p] = rows_j
        pj = perm[..., j].copy()
        pp = perm[ix + (p,)] if batch else perm[p]
        perm[..., j] = pp
        if batch:
            perm[ix + (p,)] = pj
        else:
            perm[p] = pj
        piv = a[..., j, j]
        with np.errstate(all="ignore"):
            factors = np.where(piv[..., None] != 0, a[..., j + 1:, j] /
                               np.where(piv == 0, 1, piv)[..., None], 0)
        a[..., j + 1:, j] = factors
        a[..., j + 1:, j + 1:] -= factors[..., :, None] * a[..., j, None, j + 1:]
    return perm, a


def _lu_kernel(attrs, outs, a):
    n = a.shape[-1]
    if a.size == 0:
        return [np.zeros(outs[0].shape, np.int32), a.copy(), a.copy()]
    perm, packed = _lu_np(to_double(a))
    eye = np.eye(n, dtype=packed.dtype)
    lo = np.tril(packed, -1) + eye
    up = np.triu(packed)
    return [perm, lo.astype(a.dtype), up.astype(a.dtype)]


def _lu_lower(ctx, op, a):
    at = op.operands[0].type
    lu, perm, _ = _getrf(ctx, a, at)
    eye = identity(ctx, at)
    lo = ctx.hlo.AddOp(select_mask(ctx, tri_mask(ctx, at.shape, True, -1), lu, at), eye).result
    up = select_mask(ctx, tri_mask(ctx, at.shape, False), lu, at)
    return [perm, lo, up]


def _getrf(ctx, a, at):
    """LAPACK getrf of `a`: (packed lu, the permutation (s32, ..., n) with
    a[..., perm, :] = l @ u, the 0-based pivots). A singular matrix still factors (a zero on
    U's diagonal), as LAPACK reports; info is not used."""
    from jaxlib.mlir import ir
    *batch, n, _ = at.shape
    batch = tuple(batch)
    hlo = ctx.hlo
    if not lapack_here(ctx):    # portable: partial pivoting in a stablehlo.while
        return portable_getrf(ctx, a, at)
    lu, ipiv, info = custom_call(ctx, lapack_target("getrf", at.dtype), [a],
                                  [at, TensorType(batch + (n,), T.S32), TensorType(batch, T.S32)],
                                  [True], [True, False, False], None, {0: 0})
    # pivots (1-based row swaps applied in order) -> permutation, a loop over the n swaps
    vt = TensorType(batch + (n,), T.S32)
    st = TensorType((), T.S32)
    iota = hlo_iota(ctx, vt.shape, len(batch))
    ipiv = hlo.SubtractOp(ipiv, ctx.full(1, vt)).result
    types = [ctx.ttype(st), ctx.ttype(vt)]
    w = hlo.WhileOp(types, [ctx.full(0, st), iota])
    cb = w.regions[0].blocks.append(*types)
    with ir.InsertionPoint(cb):
        hlo.ReturnOp([ctx.compare(cb.arguments[0], ctx.full(n, st), "LT", T.S32)])
    bb = w.regions[1].blocks.append(*types)
    with ir.InsertionPoint(bb):
        # step i swaps perm[i] and perm[j], j = ipiv[i]; i is the same for every matrix of the
        # batch (dynamic slices)
        i, perm = bb.arguments
        starts = [ctx.full(0, st)] * len(batch) + [i]
        col = TensorType(batch + (1,), T.S32)
        j = hlo.DynamicSliceOp(ipiv, starts, list(col.shape)).result
        pi = hlo.DynamicSliceOp(perm, starts, list(col.shape)).result
        if batch:   # j differs per matrix: a one-hot select and one reduction
            spread = list(range(len(batch) + 1))
            at_j = ctx.compare(iota, hlo.BroadcastInDimOp(ctx.ttype(vt), j, spread).result,
                               "EQ", T.S32)
            pj = ctx.reduce(hlo.SelectOp(at_j, perm, ctx.full(0, vt)).result, 0, [len(batch)],
                            "AddOp", T.S32)
            pj = hlo.ReshapeOp(ctx.ttype(col), pj).result
            new = hlo.SelectOp(at_j, hlo.BroadcastInDimOp(ctx.ttype(vt), pi, spread).result,
                               perm).result
        else:       # one matrix: j is a scalar index too
            js = hlo.ReshapeOp(ctx.ttype(st), j).result
            pj = hlo.DynamicSliceOp(perm, [js], [1]).result
            new = hlo.DynamicUpdateSliceOp(perm, pi, [js]).result
        new = hlo.DynamicUpdateSliceOp(new, pj, starts).result
        hlo.ReturnOp([hlo.AddOp(i, ctx.full(1, st)).result, new])
    del info
    return lu, w.results[1], ipiv


def _lu_grad(nx, op, inputs, ans, g):
    """A = P L U (P[perm_j, j] = 1): dA = P L^-H (tril_-1(L^H dL) + triu(dU U^H)) U^-H
    (arXiv:2009.10071, eq. 3)."""
    (a,) = inputs
    perm, lo, up = ans
    _, dl, du = g
    terms = None
    if dl is not None:
        terms = nx.tril(matmul(nx, adj(nx, lo), dl), k=-1)
    if du is not None:
        t2 = nx.triu(matmul(nx, du, adj(nx, up)))
        terms = t2 if terms is None else terms + t2
    cplx = T.is_complex(lo.type)
    loc = nx.conjugate(lo) if cplx else lo
    upc = nx.conjugate(up) if cplx else up
    # L^-H X: solve L^H Y = X ; then Y U^-H: solve Z U^H = Y
    y = nx.apply_op("triangular_solve", [loc, terms], {
        "left_side": True, "lower": True, "transform_a": "transpose"})
    z = nx.apply_op("triangular_solve", [upc, y], {
        "left_side": False, "lower": False, "transform_a": "transpose"})
    rows = nx.iota(a.shape, axis=len(a.shape) - 2)
    p = nx.as_type(nx.equal(rows, nx.new_axis(perm, -2)), z.type)
    return [matmul(nx, p, z)]


define("lu", batch=batch_rule("matrices"), infer=_lu_infer, kernel=_lu_kernel, lower=_lu_lower,
       grad=_lu_grad, family="linalg",
       doc="LU factorization with partial pivoting (LAPACK getrf): perm (s32, ..., n), unit "
           "lower-triangular l and upper-triangular u with a[..., perm, :] = l @ u.")


# --- lu_factor --------------------------------------------------------------------------------
# The packed form behind nx.linalg.solve, determinant and invert: no masks, no identity, and the
# permutation's sign from the pivots (n entries) rather than from the permutation (n^2).

def _lu_factor_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("lu_factor", a)
    return [TensorType(a.shape[:-1], T.S32), a, TensorType(a.shape[:-2], a.dtype)]


def _perm_sign_np(perm):
    """(-1) ** (the number of inversions of each permutation in the last axis)."""
    inv = perm[..., :, None] > perm[..., None, :]
    upper = np.triu(np.ones(inv.shape[-2:], bool), 1)
    return 1 - 2 * (np.sum(inv & upper, axis=(-2, -1)) % 2)


def _lu_factor_kernel(attrs, outs, a):
    if a.size == 0:
        return [np.zeros(outs[0].shape, np.int32), a.copy(), np.ones(outs[2].shape, a.dtype)]
    perm, packed = _lu_np(to_double(a))
    return [perm, packed.astype(a.dtype), _perm_sign_np(perm).astype(a.dtype)]


def _lu_factor_lower(ctx, op, a):
    hlo = ctx.hlo
    at = op.operands[0].type
    st = op.results[2].type
    *batch, n, _ = at.shape
    lu, perm, ipiv = _getrf(ctx, a, at)
    # each pivot that is not the row itself is one transposition
    vt = TensorType(tuple(batch) + (n,), T.S32)
    swaps = hlo.SelectOp(ctx.compare(ipiv, hlo_iota(ctx, vt.shape, len(batch)), "NE", T.S32),
                         ctx.full(1, vt), ctx.full(0, vt)).result
    odd = hlo.AndOp(ctx.reduce(swaps, 0, [len(batch)], "AddOp", T.S32),
                    ctx.full(1, TensorType(st.shape, T.S32))).result
    sign = hlo.SelectOp(ctx.compare(odd, ctx.full(0, TensorType(st.shape, T.S32)), "NE", T.S32),
                        ctx.full(-1, st), ctx.full(1, st)).result
    return [perm, lu, sign]


def _lu_factor_grad(nx, op, inputs, ans, g):
    """lu's rule on l = tril(lu, -1) + I and u = triu(lu): the packed cotangent splits into
    its strict lower part (l's) and its upper part (u's)."""
    perm, packed, _ = ans
    n = packed.shape[-1]
    lo = nx.tril(packed, k=-1) + nx.eye(n, type=packed.type)
    up = nx.triu(packed)
    gp = g[1]
    return _lu_grad(nx, op, inputs, [perm, lo, up], [None, nx.tril(gp, k=-1), nx.triu(gp)])


define("lu_factor", batch=batch_rule("matrices"), infer=_lu_factor_infer,
       kernel=_lu_factor_kernel, lower=_lu_factor_lower, grad=_lu_factor_grad, family="linalg",
       doc="LU factorization with partial pivoting (LAPACK getrf), packed: perm (s32, ..., n), "
           "lu (l's strict lower triangle, l's unit diagonal implied, and u's upper triangle: "
           "a[..., perm, :] = l @ u) and the permutation's sign (..., a's type).")
