"""The decompositions with orthogonal (unitary) factors behind nx.linalg: qr, eigh and svd,
each op's `define(...)` next to its facets (see dialects/nx/ops/decomp.py's docstring for the
table of ops, their LAPACK lowerings and the conventions; the helpers are in _decomp_common.py).
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
    hlo_iota,
    lapack_here,
    lapack_target,
    matmul,
    nan_unless,
    select_mask,
    to_double,
    tri_mask,
    tsolve,
)
from ._decomp_jacobi import eigh as portable_eigh
from ._decomp_jacobi import svd as portable_svd
from ._decomp_portable import qr as portable_qr

# --- qr ---------------------------------------------------------------------------------------

def _qr_shapes(shape, mode):
    *batch, m, n = shape
    k = min(m, n)
    if mode == "reduced":
        return tuple(batch) + (m, k), tuple(batch) + (k, n)
    return tuple(batch) + (m, m), tuple(batch) + (m, n)


def _qr_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("qr", a, square=False)
    mode = attrs.get("mode")
    if mode not in ("reduced", "complete"):
        raise OpError(f"nx.qr: invalid mode {mode!r}, expected \"reduced\" or \"complete\"")
    qs, rs = _qr_shapes(a.shape, mode)
    return [TensorType(qs, a.dtype), TensorType(rs, a.dtype)]


def _householder_np(a):
    """Householder QR of one m x n matrix with LAPACK's reflectors (tau = 0 when the column
    below the diagonal is zero): returns (q complete m x m, r m x n, reflected flags)."""
    m, n = a.shape
    r = a.astype(a.dtype, copy=True)
    q = np.eye(m, dtype=a.dtype)
    k = min(m, n)
    flags = np.zeros(k, bool)
    for i in range(k):
        x = r[i:, i]
        below = np.linalg.norm(x[1:]) if x.size > 1 else 0.0
        if below == 0:
            continue
        flags[i] = True
        alpha = x[0]
        norm = np.sqrt(abs(alpha) ** 2 + below ** 2)
        if np.iscomplexobj(a):
            ph = alpha / abs(alpha) if alpha != 0 else 1.0
            beta = -ph * norm
        else:
            beta = -np.copysign(norm, alpha.real) if alpha != 0 else -norm
        v = x.copy()
        v[0] = alpha - beta
        v = v / np.linalg.norm(v)
        r[i:, :] -= 2 * np.outer(v, v.conj() @ r[i:, :])
        q[:, i:] -= 2 * np.outer(q[:, i:] @ v, v.conj())
        r[i + 1:, i] = 0
    return q, r, flags


def _qr_kernel(attrs, outs, a):
    mode, eps = attrs["mode"], attrs.get("eps", 1e-10)
    dt = outs[0].dtype.dtype
    *batch, m, n = a.shape
    k = min(m, n)
    if a.size == 0:
        return [np.zeros(outs[0].shape, dt), np.zeros(outs[1].shape, dt)]
    # NumPy's LAPACK QR for the values, the reflector flags for Nx's signs
    a = to_double(a)
    qc, rc = np.linalg.qr(a, mode="complete")
    flags = batched(lambda x: _householder_np(x)[2].astype(np.float64), a) > 0 \
        if k else np.zeros(tuple(batch) + (0,), bool)
    d = np.diagonal(rc[..., :k, :k], axis1=-2, axis2=-1)
    if np.iscomplexobj(a):
        ph = np.where(d != 0, d / np.where(d == 0, 1, np.abs(d)), 1)
    else:
        ph = np.where(d < 0, -1.0, 1.0)
    ph = np.where(flags, ph, 1).astype(dt)
    qc = qc.copy()
    rc = rc.copy()
    qc[..., :, :k] *= ph[..., None, :]
    rc[..., :k, :] *= np.conj(ph)[..., :, None] if np.iscomplexobj(a) else ph[..., :, None]
    if mode == "reduced":
        qc, rc = qc[..., :, :k], rc[..., :k, :]
    qc = np.where(np.abs(qc) <= eps, 0, qc)
    rc = np.where(np.abs(rc) <= eps, 0, rc)
    return [np.ascontiguousarray(qc).astype(dt), np.ascontiguousarray(rc).astype(dt)]


def _diag(ctx, x, t: TensorType, k):
    """The first k entries of the main diagonal of matrices x (..., m, n) (k <= m, n) as
    (..., k): the leading k x k block flattened, every (k + 1)-th entry (no arithmetic)."""
    *batch, m, n = t.shape
    batch = tuple(batch)
    nb = len(batch)
    if (m, n) != (k, k):
        x = _slice(ctx, x, t.shape, batch + (k, k))
    flat = ctx.hlo.ReshapeOp(ctx.ttype(TensorType(batch + (k * k,), t.dtype)), x).result
    return ctx.hlo.SliceOp(flat, [0] * (nb + 1), list(batch) + [k * k],
                           [1] * nb + [k + 1]).result


def _slice(ctx, x, shape, limits):
    r = len(shape)
    return ctx.hlo.SliceOp(x, [0] * r, list(limits), [1] * r).result


def _qr_lower(ctx, op, a):
    at = op.operands[0].type
    qt, rt = (r.type for r in op.results)
    eps = op.attrs.get("eps", 1e-10)
    dt = at.dtype
    *batch, m, n = at.shape
    batch = tuple(batch)
    k = min(m, n)
    if not lapack_here(ctx):    # portable: Householder reflections in a stablehlo.while
        q, r = portable_qr(ctx, a, at, qt.shape[-1], rt.shape[-2])
        return [_approx(ctx, q, qt, eps), _approx(ctx, r, rt, eps)]
    fact, tau = custom_call(ctx, lapack_target("geqrf", dt), [a],
                             [at, TensorType(batch + (k,), dt)], [True], [True, False],
                             None, {0: 0})
    # Q from the reflectors: orgqr wants an m x cols matrix whose first k columns hold them
    cols = qt.shape[-1]
    if cols <= n:
        qin = _slice(ctx, fact, at.shape, batch + (m, cols))
    else:
        pads = ctx.full(0, TensorType((), dt))
        qin = ctx.hlo.PadOp(fact, pads, [0] * len(at.shape), [0] * len(batch) + [0, cols - n],
                            [0] * len(at.shape)).result
    q = custom_call(ctx, lapack_target("orgqr", dt, "ungqr"), [qin, tau], [qt], [True, False],
                     [True], None, {0: 0})[0]
    rows = rt.shape[-2]
    r = _slice(ctx, fact, at.shape, batch + (rows, n))
    r = select_mask(ctx, tri_mask(ctx, rt.shape, False), r, rt)
    if k:
        # Nx's signs: d_i = |r_ii| / r_ii where column i was reflected (tau_i != 0), else 1
        diag = _diag(ctx, fact, at, k)     # R's diagonal is the factor's
        vt = TensorType(batch + (k,), dt)
        zero = ctx.full(0, vt)
        one = ctx.full(1, vt)
        reflected = ctx.compare(tau, zero, "NE", dt)
        nonzero = ctx.compare(diag, zero, "NE", dt)
        use = ctx.hlo.AndOp(reflected, nonzero).result
        if T.is_complex(dt):
            rt_ = TensorType(vt.shape, T.to_real(dt))
            mag = ctx.hlo.AbsOp(diag).result
            safe = ctx.hlo.SelectOp(use, mag, ctx.full(1, rt_)).result
            magc = ctx.hlo.ComplexOp(safe, ctx.full(0, rt_)).result
            ph = ctx.hlo.DivOp(diag, magc).result                      # r_ii / |r_ii|
            phr = ctx.hlo.ComplexOp(ctx.hlo.RealOp(ph).result,
                                    ctx.hlo.NegOp(ctx.hlo.ImagOp(ph).result).result).result
        else:
            ph = ctx.hlo.SignOp(diag).result
            phr = ph
        d = ctx.hlo.SelectOp(use, ph, one).result        # multiplies Q's columns
        dr = ctx.hlo.SelectOp(use, phr, one).result      # multiplies R's rows (conj of d)
        nb = len(batch)
        # Q columns 0..k-1 scaled by d (pad d with ones up to Q's width)
        if cols > k:
            d = ctx.hlo.PadOp(d, ctx.full(1, TensorType((), dt)), [0] * (nb + 1),
                              [0] * nb + [cols - k], [0] * (nb + 1)).result
        dq = ctx.hlo.BroadcastInDimOp(ctx.ttype(qt), d, list(range(nb)) + [nb + 1]).result
        q = ctx.hlo.MulOp(q, dq).result
        if rows > k:
            dr = ctx.hlo.PadOp(dr, ctx.full(1, TensorType((), dt)), [0] * (nb + 1),
                               [0] * nb + [rows - k], [0] * (nb + 1)).result
        drr = ctx.hlo.BroadcastInDimOp(ctx.ttype(rt), dr, list(range(nb)) + [nb]).result
        r = ctx.hlo.MulOp(r, drr).result

    def approx(x, t):
        absx = ctx.hlo.AbsOp(x).result
        rt_ = TensorType(t.shape, T.to_real(t.dtype))
        small = ctx.compare(absx, ctx.full(eps, rt_), "LE", rt_.dtype)
        return ctx.hlo.SelectOp(small, ctx.full(0, t), x).result
    return [approx(q, qt), approx(r, rt)]


def _qr_grad(nx, op, inputs, ans, g):
    """Nx's rule (arXiv:2009.10071, eq. 3) for square and tall (reduced) factorizations:
    M = R dR^H - dQ^H Q, dA = (dQ + Q copyltu(M)) R^-H."""
    (a,) = inputs
    q, r = ans
    dq, dr = g
    m, n = a.shape[-2:]
    if m < n or (op.attrs["mode"] == "complete" and m > n):
        from nx.dialects.nx.registry import NoGradientError
        raise NoGradientError("nx.qr: the gradient is defined for square matrices and the "
                              "reduced factorization of tall ones (m >= n), as in Nx; got shape "
                              f"{a.shape} with mode {op.attrs['mode']!r}")
    mm = matmul(nx, r, adj(nx, dr)) - matmul(nx, adj(nx, dq), q)
    ltu = nx.tril(mm) + adj(nx, nx.tril(mm, k=-1))
    b = dq + matmul(nx, q, ltu)
    # B R^-H: solve X R^H = B (R upper, so R^H lower)
    rh = adj(nx, r)
    da = tsolve(nx, rh, b, left_side=False, lower=True)
    return [da]


define("qr", batch=batch_rule("matrices"), infer=_qr_infer, kernel=_qr_kernel, lower=_qr_lower,
       grad=_qr_grad, family="linalg",
       doc="Nx.LinAlg.qr: Householder QR with Nx's signs (`mode` \"reduced\": q (..., m, k), "
           "r (..., k, n); \"complete\": q (..., m, m), r (..., m, n); k = min(m, n)); entries "
           "with |x| <= `eps` become 0.")


# --- eigh -------------------------------------------------------------------------------------

def _eigh_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("eigh", a)
    if attrs.get("order", "ascending") not in ("ascending", "nx"):
        raise OpError(f"nx.eigh: order must be \"ascending\" or \"nx\", got "
                      f"{attrs.get('order')!r}")
    return [TensorType(a.shape[:-1], T.to_real(a.dtype)), a]


def _eigh_nx_np(w, v, eps):
    """Nx's conventions on LAPACK's ascending (w, v) (NumPy, in their own type): eigenvalues by
    decreasing absolute value (stable), each eigenvector scaled so that its first entry of
    largest magnitude is real and positive, then entries with |x| <= eps set to 0."""
    key = np.abs(w)
    nan = np.isnan(key)     # NaN ranks first (Nx's total order); ties keep their order
    idx = np.lexsort((-np.where(nan, 0, key), ~nan), axis=-1)
    w = np.take_along_axis(w, idx, axis=-1)
    v = np.take_along_axis(v, np.broadcast_to(idx[..., None, :], v.shape), axis=-1)
    top = np.argmax(np.abs(v), axis=-2)[..., None, :]
    vmax = np.take_along_axis(v, top, axis=-2)
    if np.iscomplexobj(v):
        mag = np.abs(vmax)
        with np.errstate(all="ignore"):
            fix = np.conj(vmax) / np.where(mag == 0, 1, mag).astype(v.dtype)
        fix = np.where(mag == 0, np.ones((), v.dtype), fix)
    else:
        fix = np.where(vmax < 0, -1, 1).astype(v.dtype)
    v = v * fix
    if eps is not None:
        w = np.where(np.abs(w) <= eps, np.zeros((), w.dtype), w)
        v = np.where(np.abs(v) <= eps, np.zeros((), v.dtype), v)
    return w, v


def _eigh_kernel(attrs, outs, a):
    if a.size == 0:
        return [np.zeros(outs[0].shape, outs[0].dtype.dtype), a.copy()]
    w, v = np.linalg.eigh(to_double(a), UPLO="L")
    w, v = w.astype(outs[0].dtype.dtype), v.astype(outs[1].dtype.dtype)
    if attrs.get("order", "ascending") == "nx":
        w, v = _eigh_nx_np(w, v, attrs.get("eps"))
    return [w, v]


_WIDER = {("f", 32): T.Type("f64"), ("c", 64): T.Type("c128")}


def _eigh_lower(ctx, op, a):
    wt, vt = (r.type for r in op.results)
    batch = vt.shape[:-2]
    wide = _WIDER.get(tuple(vt.dtype)) if op.attrs.get("wide") else None
    if wide is not None:   # double precision, rounded once (as the kernel computes)
        awt, wwt = TensorType(vt.shape, wide), TensorType(wt.shape, T.to_real(wide))
        a = ctx.cast(a, vt.dtype, wide)
    else:
        awt, wwt = vt, wt
    if not lapack_here(ctx):    # portable: Jacobi sweeps in a stablehlo.while
        w, v = portable_eigh(ctx, a, awt)
        w = ctx.cast(w, wwt.dtype, wt.dtype)
        if op.attrs.get("order", "ascending") != "nx" or not vt.shape[-1]:
            return [w, ctx.cast(v, awt.dtype, vt.dtype)]
        ok = ctx.full(0, TensorType(batch, T.S32))
        return _eigh_nx_lower(ctx, w, v, ok, wt, vt, awt, op.attrs.get("eps"), True)
    v, w, info = custom_call(ctx, lapack_target("syevd", awt.dtype, "heevd"), [a],
                              [awt, wwt, TensorType(batch, T.S32)], [True], [True, False, False],
                              {"mode": "V", "uplo": "L"}, {0: 0})
    w = ctx.cast(nan_unless(ctx, info, batch, w, wwt), wwt.dtype, wt.dtype)
    if op.attrs.get("order", "ascending") != "nx" or not vt.shape[-1]:
        v = nan_unless(ctx, info, batch, v, awt)
        return [w, ctx.cast(v, awt.dtype, vt.dtype)]
    return _eigh_nx_lower(ctx, w, v, info, wt, vt, awt, op.attrs.get("eps"))


def _gather_cols(ctx, v, idx, vt):
    """out[..., i, j] = v[..., i, idx[..., j]] (a gather, no arithmetic)."""
    nb = len(vt.shape) - 2
    n = vt.shape[-1]
    it = TensorType(vt.shape[:-2] + (n, 1), T.S32)
    ix = ctx.hlo.ReshapeOp(ctx.ttype(it), idx).result
    dn = ctx.hlo.GatherDimensionNumbers.get(
        offset_dims=[nb], collapsed_slice_dims=[nb + 1], operand_batching_dims=list(range(nb)),
        start_indices_batching_dims=list(range(nb)), start_index_map=[nb + 1],
        index_vector_dim=nb + 1)
    return ctx.hlo.GatherOp(v, ix, dn, [1] * nb + [vt.shape[-2], 1], indices_are_sorted=False,
                            results=[ctx.ttype(vt)]).result


def _gather_rows(ctx, v, rows, vt):
    """out[..., j] = v[..., rows[..., j], j] (a gather, no arithmetic)."""
    nb = len(vt.shape) - 2
    n = vt.shape[-1]
    ot = TensorType(vt.shape[:-2] + (n,), vt.dtype)
    ix = ctx.hlo.ReshapeOp(ctx.ttype(TensorType(vt.shape[:-2] + (n, 1), T.S32)), rows).result
    dn = ctx.hlo.GatherDimensionNumbers.get(
        offset_dims=[], collapsed_slice_dims=[nb], operand_batching_dims=list(range(nb)) +
        [nb + 1], start_indices_batching_dims=list(range(nb + 1)), start_index_map=[nb],
        index_vector_dim=nb + 1)
    return ctx.hlo.GatherOp(v, ix, dn, [1] * (nb + 2), indices_are_sorted=False,
                            results=[ctx.ttype(ot)]).result


def _eigh_nx_lower(ctx, w, v, info, wt, vt, awt, eps, explicit_ties=False):
    """`_eigh_nx_np` in StableHLO: `w` (rounded, NaN where LAPACK failed), LAPACK's `v` in the
    type it computed in (`awt`: `vt` or the wider type), `info`. Every decision is made on the
    rounded values, as the kernel makes it. Written to stay small for XLA:CPU (a sort of n
    keys, two reductions and two gathers decide; the matrix sees one rounding, one multiply and
    the eps select): PJRT runs a program under ~1,000 estimated flops inline, on the caller's
    thread, and hands a larger one to a worker thread (~5-30 us more per call); XLA fuses a
    copy of an element-wise producer into each consumer, so each pass over v counts.
    `explicit_ties` (the portable lowering): the eigenvalues' indices break the ties of the
    sort, for consumers whose sort is not stable (IREE)."""
    from jaxlib.mlir import ir

    from .sort import canonical_value
    hlo = ctx.hlo
    batch = vt.shape[:-2]
    nb = len(batch)
    n = vt.shape[-1]
    rdt, dt, adt = wt.dtype, vt.dtype, awt.dtype
    ardt = T.to_real(adt)
    # eigenvalues by decreasing |w|, stable (NaN first, as Nx's total order ranks it)
    key = hlo.AbsOp(w).result
    it = TensorType(wt.shape, T.S32)
    srt = hlo.SortOp([ctx.ttype(wt), ctx.ttype(wt), ctx.ttype(it)],
                     [key, w, hlo_iota(ctx, wt.shape, nb)], dimension=nb, is_stable=True)
    sc = [ctx.ttype(TensorType((), rdt))] * 4 + [ctx.ttype(TensorType((), T.S32))] * 2
    blk = srt.regions[0].blocks.append(*sc)
    with ir.InsertionPoint(blk):
        ka, kb = (canonical_value(ctx, x, rdt) for x in blk.arguments[:2])

        def total(d):
            return hlo.CompareOp(ka, kb, hlo.ComparisonDirectionAttr.get(d),
                                 compare_type=hlo.ComparisonTypeAttr.get("TOTALORDER")).result
        first = total("GT")
        if explicit_ties:   # the index breaks ties (IREE's sort ignores is_stable)
            ia, ib = blk.arguments[4:]
            later = hlo.AndOp(total("EQ"), ctx.compare(ia, ib, "LT", T.S32)).result
            first = hlo.OrOp(first, later).result
        hlo.ReturnOp([first])
    w, idx = srt.results[1], srt.results[2]
    # each eigenvector's first entry of largest (rounded) magnitude: Nx's argmax over the rows
    colt = TensorType(batch + (n,), rdt)
    to_cols = list(range(nb)) + [nb + 1]
    # the largest magnitude rounds as the magnitudes do (rounding is monotonic)
    top = ctx.reduce(hlo.AbsOp(v).result, -np.inf, [nb], "MaxOp", ardt)
    top = ctx.cast(top, ardt, rdt)
    art = TensorType(vt.shape, rdt)
    mags = ctx.cast(hlo.AbsOp(v).result, ardt, rdt)
    at_top = ctx.compare(mags, hlo.BroadcastInDimOp(ctx.ttype(art), top, to_cols).result,
                         "EQ", rdt)
    st = TensorType(vt.shape, T.S32)
    rows = hlo.SelectOp(at_top, hlo_iota(ctx, vt.shape, nb), ctx.full(n - 1, st)).result
    first = ctx.reduce(rows, n - 1, [nb], "MinOp", T.S32)
    vmax = ctx.cast(_gather_rows(ctx, v, first, awt), adt, dt)   # (..., n), per column
    colv = TensorType(colt.shape, dt)
    if T.is_complex(dt):
        mag = hlo.AbsOp(vmax).result
        zero = ctx.compare(mag, ctx.full(0, colt), "EQ", rdt)
        safe = hlo.SelectOp(zero, ctx.full(1, colt), mag).result
        fix = hlo.DivOp(hlo.ComplexOp(hlo.RealOp(vmax).result,
                                      hlo.NegOp(hlo.ImagOp(vmax).result).result).result,
                        ctx.cast(safe, rdt, dt)).result
        fix = hlo.SelectOp(zero, ctx.full(1, colv), fix).result
    else:
        neg = ctx.compare(vmax, ctx.full(0, colv), "LT", dt)
        fix = hlo.SelectOp(neg, ctx.full(-1, colv), ctx.full(1, colv)).result
    # a failed factorization: NaN (through the fix, n entries rather than the matrix)
    fix = nan_unless(ctx, info, batch, fix, colv)
    # the columns rounded and in the eigenvalues' order, each scaled by its fix
    fix = _gather_cols(ctx, hlo.BroadcastInDimOp(ctx.ttype(vt), fix, to_cols).result, idx, vt)
    v = hlo.MulOp(_gather_cols(ctx, ctx.cast(v, adt, dt), idx, vt), fix).result
    if eps is not None:
        w, v = _approx(ctx, w, wt, eps), _approx(ctx, v, vt, eps)
    return [w, v]


def _approx(ctx, x, t, eps):
    """Entries with |x| <= eps become 0 (Nx's approximate zeros)."""
    rt_ = TensorType(t.shape, T.to_real(t.dtype))
    small = ctx.compare(ctx.hlo.AbsOp(x).result, ctx.full(eps, rt_), "LE", rt_.dtype)
    return ctx.hlo.SelectOp(small, ctx.full(0, t), x).result


def _eigh_grad(nx, op, inputs, ans, g):
    """dA = V (diag(dw) + F o (V^H dV)) V^H with F_ij = 1 / (w_j - w_i) off the diagonal
    (the standard rule for distinct eigenvalues), symmetrized since only a Hermitian input is
    meaningful. With Nx's conventions and `eps` (order "nx"), an entry that eps made 0 gets
    no gradient (a select of a constant), and the rule uses the unrounded factors."""
    w, v = ans
    gw, gv = g
    eps = op.attrs.get("eps")
    if op.attrs.get("order") == "nx" and eps is not None:
        if eps >= 0:    # |x| <= eps exactly where the result is 0
            gw = nx.select(nx.equal(w, 0), nx.tensor(0, type=gw.type), gw)
            gv = nx.select(nx.equal(v, 0), nx.tensor(0, type=gv.type), gv)
        attrs = {k: x for k, x in op.attrs.items() if k != "eps"}
        w, v = nx.apply_op("eigh", list(inputs), attrs, nresults=2)
    n = w.shape[-1]
    diff = nx.new_axis(w, -2) - nx.new_axis(w, -1)     # [i, j] = w_j - w_i
    eye = nx.eye(n, type="u8")
    f = nx.select(eye, 0.0, 1.0 / nx.select(eye, 1.0, diff))
    f = nx.as_type(f, w.type)
    inner = f * matmul(nx, adj(nx, v), gv)
    inner = inner + nx.new_axis(gw, -1) * nx.eye(n, type=w.type)
    da = matmul(nx, matmul(nx, v, inner), adj(nx, v))
    da = (da + adj(nx, da)) / 2
    return [da]


define("eigh", batch=batch_rule("matrices"), infer=_eigh_infer, kernel=_eigh_kernel,
       lower=_eigh_lower, grad=_eigh_grad, family="linalg",
       doc="Eigen-decomposition of a batch of Hermitian matrices (the lower triangle is read): "
           "eigenvalues w (ascending, real) and orthonormal eigenvectors v (columns), "
           "A = V diag(w) V^H. `order=\"nx\"`: Nx's order, signs and `eps` rounding; `wide`: "
           "computed in double precision, the conventions on the rounded factors.")


# --- svd --------------------------------------------------------------------------------------

def _svd_infer(in_types, attrs):
    (a,) = in_types
    check_matrix("svd", a, square=False)
    *batch, m, n = a.shape
    batch = tuple(batch)
    k = min(m, n)
    full = attrs.get("full_matrices", True)
    us = batch + ((m, m) if full else (m, k))
    vs = batch + ((n, n) if full else (k, n))
    rt = T.to_real(a.dtype)
    return [TensorType(us, a.dtype), TensorType(batch + (k,), rt), TensorType(vs, a.dtype)]


def _svd_kernel(attrs, outs, a):
    if a.size == 0:
        return [np.broadcast_to(np.eye(*o.shape[-2:]) if len(o.shape) >= 2 else np.zeros(o.shape),
                                o.shape).astype(o.dtype.dtype) if len(o.shape) >= 2
                else np.zeros(o.shape, o.dtype.dtype) for o in outs]
    u, s, vt = np.linalg.svd(to_double(a), full_matrices=attrs.get("full_matrices", True))
    return [u.astype(outs[0].dtype.dtype), s.astype(outs[1].dtype.dtype),
            vt.astype(outs[2].dtype.dtype)]


def _svd_lower(ctx, op, a):
    at = op.operands[0].type
    ut, st, vtt = (r.type for r in op.results)
    batch = st.shape[:-1]
    full = op.attrs.get("full_matrices", True)
    if not lapack_here(ctx):    # portable: one-sided Jacobi in a stablehlo.while
        return list(portable_svd(ctx, a, at, full))
    _, s, u, vt, info = custom_call(
        ctx, lapack_target("gesdd", at.dtype), [a],
        [at, st, ut, vtt, TensorType(batch, T.S32)], [True], [True, False, True, True, False],
        {"mode": "A" if full else "S"}, {0: 0})
    return [nan_unless(ctx, info, batch, u, ut), nan_unless(ctx, info, batch, s, st),
            nan_unless(ctx, info, batch, vt, vtt)]


def _svd_grad(nx, op, inputs, ans, g):
    """Nx's rule (Townsend, "Differentiating the singular value decomposition") for m >= n;
    u and vt are used in their reduced form."""
    (a,) = inputs
    u, s, vt = ans
    du, ds, dvt = g
    m, n = a.shape[-2:]
    if m < n:
        from nx.dialects.nx.registry import NoGradientError
        raise NoGradientError("nx.svd: the gradient is not defined for wide matrices (m < n), "
                              f"as in Nx; got shape {a.shape}")
    k = s.shape[-1]
    nb = len(a.shape) - 2
    if u.shape[-1] != k:
        u = nx.slice(u, [0] * len(u.shape), u.shape[:-1] + (k,))
        if du is not None:
            du = nx.slice(du, [0] * len(du.shape), du.shape[:-1] + (k,))
    eye_k = nx.eye(k, type=s.type)
    s2 = s * s
    sub = nx.new_axis(s2, -2) - nx.new_axis(s2, -1)      # [i, j] = s_j^2 - s_i^2
    eyeb = nx.eye(k, type="u8")
    f = nx.select(eyeb, 0.0, 1.0 / nx.select(eyeb, 1.0, sub))
    f = nx.as_type(f, s.type)
    sm = nx.new_axis(s, -1) * eye_k                       # diag(s) (..., k, k)
    s_inv = nx.new_axis(1.0 / s, -1) * eye_k
    total = None

    def add(x):
        nonlocal total
        total = x if total is None else total + x
    if du is not None:
        ut_du = matmul(nx, adj(nx, u), du) - matmul(nx, adj(nx, du), u)
        c1 = matmul(nx, matmul(nx, u, f * ut_du), sm)
        proj = nx.broadcast(nx.eye(m, type=s.type), a.shape[:nb] + (m, m)) - \
            matmul(nx, u, adj(nx, u))
        c2 = matmul(nx, matmul(nx, proj, du), s_inv)
        add(matmul(nx, c1 + c2, vt))
    if ds is not None:
        add(matmul(nx, matmul(nx, u, nx.new_axis(ds, -1) * eye_k), vt))
    if dvt is not None:
        c1 = (matmul(nx, vt, adj(nx, dvt)) - matmul(nx, dvt, adj(nx, vt))) * f
        c1 = matmul(nx, matmul(nx, sm, c1), vt)
        projn = nx.broadcast(nx.eye(n, type=s.type), a.shape[:nb] + (n, n)) - \
            matmul(nx, adj(nx, vt), vt)
        c2 = matmul(nx, matmul(nx, s_inv, dvt), projn)
        add(matmul(nx, u, c1 + c2))
    return [total]


define("svd", batch=batch_rule("matrices"), infer=_svd_infer, kernel=_svd_kernel, lower=_svd_lower,
       grad=_svd_grad, family="linalg",
       doc="Nx.LinAlg.svd: u, s (descending), vt with A = U diag(s) Vt; `full_matrices` gives "
           "u (..., m, m) and vt (..., n, n), else (..., m, k) and (..., k, n).")

