"""Portable lowerings (pure StableHLO) of eigh and svd by Jacobi rotations, used when the module
is lowered with `lowering="portable"` or for a platform without jaxlib's LAPACK kernels
(decomp_orthogonal.py's `lower` facets choose; the conventions they apply on top, Nx's order,
signs and eps, are theirs).

eigh: the cyclic Jacobi method on the Hermitian matrix (built from the lower triangle, as LAPACK
reads it), in the parallel (Brent-Luk) ordering that Nx.LinAlg.BlockEigh and XLA's eigh
expander use: the matrix (padded to an even size n' with a decoupled zero row and column) is
kept so that the n'/2 pairs of a step are the index pairs (2i, 2i+1); one step computes the n'/2
rotations that zero those entries, applies them to rows and columns (element-wise, on the pairs
of rows and of columns) and to the eigenvectors, sets the 2x2 diagonal blocks exactly, then
moves the indices one place round the round-robin tournament (a gather with constant indices).
n' - 1 steps make a sweep, in which every pair meets once, and bring the indices back to their
places. Sweeps run while some matrix of the batch has off(A) > eps * |A|_F (off: the Frobenius
norm of the off-diagonal part; eps the type's machine epsilon), at most `MAX_SWEEPS`; Jacobi
converges quadratically, so 5-10 sweeps is usual. A rotation whose entry is below
eps * sqrt(|a_pp| |a_qq|) is skipped (the entry set to 0). The eigenvalues come out ascending
(a stable sort), as LAPACK gives them.

svd: one-sided Jacobi (Hestenes) on the columns of a (of a^H when m < n), same ordering: each
step rotates the column pairs (2i, 2i+1) so that they become orthogonal (the rotation of their
2x2 Gram matrix), and V accumulates the rotations; a sweep is done when no pair had
|<a_p, a_q>| > tol |a_p| |a_q| (tol = sqrt(m) eps, as LAPACK's ?gesvj). s are the column
norms, sorted descending (stable); U comes from the Householder QR of the sorted columns
(_decomp_portable.qr): its Q is orthonormal to working precision and completes the basis
(full_matrices, zero singular values), each column turned by the phase of R's diagonal.
Singular vectors are unique only up to a phase per pair (u_j, v_j), which is not LAPACK's.
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ._decomp_common import identity, tri_mask
from ._decomp_portable import qr
from ._portable_hlo import (
    concat,
    const,
    eps_of,
    eye_mask,
    fori,
    iota,
    pow2_scale,
    sort_columns,
    take,
    while_loop,
    wrap,
)

__all__ = ["MAX_SWEEPS", "eigh", "svd", "round_robin"]

MAX_SWEEPS = 30


def round_robin(n):
    """The gather indices (new[i] = old[src[i]]) of one round of the circle method on n (even)
    places, the pairs being (2i, 2i+1): place 0 stays, the others move one place round a cycle
    of n - 1, so n - 1 rounds meet every pair once and restore the order."""
    k = n // 2
    src = list(range(n))
    cyc = [2 * i for i in range(1, k)] + [2 * i + 1 for i in range(k - 1, -1, -1)]
    for j, cur in enumerate(cyc if k > 1 else []):
        src[cyc[(j + 1) % len(cyc)]] = cur
    return np.asarray(src, np.int32)


def _rotation(a, d, b, skip, dt):
    """The Jacobi rotation of the Hermitian 2x2 blocks [[a, b], [conj(b), d]] (a, d real, all
    (..., k)): (c real, s of type dt, a', d') with J = [[c, conj(s)], [-s, c]] and
    J^H [[a, b], [conj b, d]] J = diag(a', d'); J is the identity where `skip`."""
    eps = eps_of(dt)
    ab = b.abs()
    skip = skip | ab.eq(0)
    sab = skip.where(1.0, ab)
    tau = (d - a) / (2.0 * sab)
    at = tau.abs()
    # t = sign(tau) / (|tau| + sqrt(1 + tau^2)), the smaller root; 1 / (2 |tau|) for a huge tau
    t = (at.gt(1.0 / np.sqrt(eps))).where(0.5 / at, 1.0 / (at + (1.0 + at * at).sqrt()))
    t = skip.where(0.0, tau.lt(0).where(-t, t))
    c = 1.0 / (1.0 + t * t).sqrt()
    s = (t * c).astype(dt) * (b.conj() / sab.astype(dt))
    return c, s, a - t * ab, d + t * ab


def _rot_rows(x, c, s, dt):
    """Rows (2i, 2i+1) of x (..., n, m) replaced by J^H applied to them."""
    *batch, n, m = x.shape
    batch, k = tuple(batch), n // 2
    x4 = x.reshape(batch + (k, 2, m))
    top = x4.take_last(0, 1, -2).reshape(batch + (k, m))
    bot = x4.take_last(1, 2, -2).reshape(batch + (k, m))
    cc, ss = c.astype(dt).expand(-1, m), s.expand(-1, m)
    nt = cc * top - ss.conj() * bot
    nb = ss * top + cc * bot
    return concat([nt.reshape(batch + (k, 1, m)), nb.reshape(batch + (k, 1, m))], -2) \
        .reshape(batch + (n, m))


def _rot_cols(x, c, s, dt):
    """Columns (2i, 2i+1) of x (..., m, n) replaced by them times J."""
    *batch, m, n = x.shape
    batch, k = tuple(batch), n // 2
    x4 = x.reshape(batch + (m, k, 2))
    left = x4.take_last(0, 1, -1).reshape(batch + (m, k))
    right = x4.take_last(1, 2, -1).reshape(batch + (m, k))
    cc, ss = c.astype(dt).expand(-2, m), s.expand(-2, m)
    nl = cc * left - ss * right
    nr = ss.conj() * left + cc * right
    return concat([nl.reshape(batch + (m, k, 1)), nr.reshape(batch + (m, k, 1))], -1) \
        .reshape(batch + (m, n))


def _pad_to_even(x, axes):
    """x with one zero row/column appended on each of `axes` whose size is odd."""
    r = len(x.shape)
    high = [0] * r
    for ax in axes:
        high[ax % r] = x.shape[ax] % 2
    return x if not any(high) else x.pad(0, [0] * r, high)


# --- eigh -------------------------------------------------------------------------------------

def eigh(ctx, a, t: TensorType):
    """Eigenvalues (ascending, of the real type, (..., n)) and eigenvectors (columns, type t)
    of the Hermitian matrices whose lower triangle is `a` (type t, (..., n, n)); MLIR values."""
    dt = t.dtype
    rdt = T.to_real(dt)
    batch, n = tuple(t.shape[:-2]), t.shape[-1]
    A = wrap(ctx, a, dt)
    if n == 0 or 0 in batch:
        return const(ctx, 0, batch + (n,), rdt).v, a
    strict = wrap(ctx, tri_mask(ctx, t.shape, True, -1), None).where(A, 0)
    eye_n = eye_mask(ctx, t.shape)
    H = strict + strict.H() + eye_n.where(A.real().astype(dt), 0)
    # scaled by a power of two near its largest entry (exact): no overflow or underflow in the
    # squared norms; the eigenvalues are scaled back
    scale = pow2_scale(H.abs().max([-2, -1]))
    H = H / scale.astype(dt).expand(-1, n).expand(-1, n)
    H = _pad_to_even(H, (-2, -1))
    ne = H.shape[-1]
    k = ne // 2
    V = wrap(ctx, identity(ctx, TensorType(H.shape, dt)), dt)
    src = round_robin(ne)
    eye = eye_mask(ctx, H.shape)
    pair = (iota(ctx, H.shape, -2) / 2).eq(iota(ctx, H.shape, -1) / 2) & ~eye
    eps = eps_of(dt)

    def step(_, H, V):
        dg = H.diagonal()
        a = dg.take_last(0, ne, -1, 2).real()
        d = dg.take_last(1, ne, -1, 2).real()
        b = H.reshape(batch + (ne * ne,)).take_last(1, ne * ne, -1, 2 * ne + 2)   # (2i, 2i+1)
        skip = b.abs().le(eps * (a.abs() * d.abs()).sqrt())
        c, s, a2, d2 = _rotation(a, d, b, skip, dt)
        H = _rot_cols(_rot_rows(H, c, s, dt), c, s, dt)
        V = _rot_cols(V, c, s, dt)
        dv = concat([a2.reshape(batch + (k, 1)), d2.reshape(batch + (k, 1))], -1)
        dv = dv.reshape(batch + (ne,)).astype(dt)
        H = eye.where(dv.expand(-2, ne), pair.where(0.0, H))
        return [take(take(H, src, -2), src, -1), take(V, src, -1)]

    def cond(sweep, H, V):
        mag = H.abs2()
        off = eye.where(0.0, mag).sum([-2, -1])
        busy = off.gt(mag.sum([-2, -1]) * (eps * eps))
        if batch:
            busy = busy.any(list(range(len(batch))))
        return sweep.lt(MAX_SWEEPS) & busy

    def sweep(sweep, H, V):
        H, V = fori(ctx, 0, ne - 1, [H, V], step)
        return [sweep + 1, H, V]

    _, H, V = while_loop([const(ctx, 0, (), T.S32), H, V], cond, sweep)
    # the diagonal by a masked reduction, not a strided slice: IREE miscompiles a sort whose
    # operand is a strided view of a loop result
    w = eye.where(H.real(), 0.0).sum([-2]).take_last(0, n, -1)
    V = V.slice([0] * len(V.shape), batch + (n, n))
    w, (V,) = sort_columns(w * scale.expand(-1, n), [V])
    return w.v, V.v


# --- svd --------------------------------------------------------------------------------------

def svd(ctx, a, t: TensorType, full_matrices):
    """(u, s, vt) of `a` (type t, (..., m, n)): s descending (real type), u (..., m, m) and vt
    (..., n, n) with `full_matrices`, else (..., m, k) and (..., k, n); MLIR values."""
    dt = t.dtype
    rdt = T.to_real(dt)
    batch = tuple(t.shape[:-2])
    m, n = t.shape[-2:]
    kk = min(m, n)
    if kk == 0 or 0 in batch:
        def eye(r, c):
            return wrap(ctx, identity(ctx, TensorType(batch + (max(r, c),) * 2, dt)), dt) \
                .slice([0] * (len(batch) + 2), batch + (r, c)).v
        return (eye(m, m if full_matrices else kk), const(ctx, 0, batch + (kk,), rdt).v,
                eye(n if full_matrices else kk, n))
    A = wrap(ctx, a, dt)
    trans = m < n
    G = A.H() if trans else A
    p, q = G.shape[-2:]
    scale = pow2_scale(G.abs().max([-2, -1]))          # exact, as eigh's
    G = G / scale.astype(dt).expand(-1, p).expand(-1, q)
    G = _pad_to_even(G, (-1,))
    qe = G.shape[-1]
    k = qe // 2
    V = wrap(ctx, identity(ctx, TensorType(batch + (qe, qe), dt)), dt)
    src = round_robin(qe)
    tol = float(np.sqrt(p)) * eps_of(dt)
    nb = len(batch)

    def step(_, G, V, worst):
        g4 = G.reshape(batch + (p, k, 2))
        left = g4.take_last(0, 1, -1).reshape(batch + (p, k))
        right = g4.take_last(1, 2, -1).reshape(batch + (p, k))
        al = left.abs2().sum([-2])
        be = right.abs2().sum([-2])
        ga = (left.conj() * right).sum([-2])
        scale = al.sqrt() * be.sqrt()
        ratio = scale.gt(0).where(ga.abs() / scale.gt(0).where(scale, 1.0), 0.0)
        c, s, _, _ = _rotation(al, be, ga, ~ratio.gt(tol), dt)
        G, V = _rot_cols(G, c, s, dt), _rot_cols(V, c, s, dt)
        worst = worst.maximum(ratio.max(list(range(nb + 1))))
        return [take(G, src, -1), take(V, src, -1), worst]

    def cond(sweep, G, V, worst):
        return sweep.lt(MAX_SWEEPS) & worst.gt(tol)

    def sweep(sweep, G, V, worst):
        G, V, worst = fori(ctx, 0, qe - 1, [G, V, const(ctx, 0, (), rdt)], step)
        return [sweep + 1, G, V, worst]

    init = [const(ctx, 0, (), T.S32), G, V, const(ctx, np.inf, (), rdt)]
    _, G, V, _ = while_loop(init, cond, sweep)
    G = G.take_last(0, q, -1)
    V = V.slice([0] * (nb + 2), batch + (q, q))
    s = G.abs2().sum([-2]).sqrt()                                   # (..., q), scaled
    s, (G, V) = sort_columns(s, [G, V], descending=True)
    cols = p if full_matrices else q
    qv, rv = qr(ctx, G.v, TensorType(batch + (p, q), dt), cols, q)
    Q, R = wrap(ctx, qv, dt), wrap(ctx, rv, dt)
    rd = R.diagonal()
    mag = rd.abs()
    ph = mag.eq(0).where(1.0, rd / mag.eq(0).where(1.0, mag).astype(dt))
    if cols > q:
        ph = ph.pad(1, [0] * (nb + 1), [0] * nb + [cols - q])
    U = Q * ph.expand(-2, p)
    s = s * scale.expand(-1, q)
    if trans:       # a^H = U S V^H: a = V S U^H
        return V.v, s.v, U.H().v
    return U.v, s.v, V.H().v
