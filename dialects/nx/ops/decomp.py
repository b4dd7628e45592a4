"""Linear-algebra ops behind nx.linalg: factorizations and triangular solves.

Every op works on a batch of matrices in its last two axes (any number of leading batch axes)
of a LAPACK type (f32, f64, c64, c128; the API converts integers and f16/bf16 first).

    op                 results                      lowering (CPU)
    cholesky           l                            LAPACK ?potrf (custom call)
    triangular_solve   x                            stablehlo.triangular_solve
    qr                 q, r                         LAPACK ?geqrf + ?orgqr/?ungqr
    eigh               w (ascending or Nx's), v     LAPACK ?syevd/?heevd
    svd                u, s (descending), vt        LAPACK ?gesdd
    lu                 perm, l, u                   LAPACK ?getrf + pivots-to-permutation loop
    lu_factor          perm, packed lu, sign        LAPACK ?getrf + the same loop

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
  entry of R is positive (real inputs). Entries with |x| <= eps become 0, as Nx does.
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

from ..registry import OpError, OpTypeError, batch_rule, define

__all__ = ["implementation", "lapack_available"]

# Which lowering each op uses on CPU ("lapack" or "hlo"; other platforms always get "hlo");
# the benchmark switches these to compare.
implementation = {"cholesky": "lapack", "triangular_solve": "lapack"}

_LAPACK_KINDS = {("f", 32): "s", ("f", 64): "d", ("c", 64): "c", ("c", 128): "z"}


# --- shared checks ----------------------------------------------------------------------------

def _check_matrix(fun, t, square=True):
    if t.dtype not in _LAPACK_KINDS:
        raise OpTypeError(f"nx.{fun}: expected a tensor of type f32, f64, c64 or c128, got "
                          f"{t.dtype.name}")
    if len(t.shape) < 2:
        raise OpError(f"nx.{fun}: tensor must have at least rank 2, got rank {len(t.shape)} "
                      f"with shape {t.shape}")
    if square and t.shape[-1] != t.shape[-2]:
        raise OpError(f"nx.{fun}: tensor must be a square matrix or a batch of square matrices, "
                      f"got shape: {t.shape}")


def _batched(fun, x):
    """Applies `fun` to each matrix of the batch `x` (..., m, n); returns the stacked results."""
    batch = x.shape[:-2]
    flat = x.reshape((-1,) + x.shape[-2:])
    outs = [fun(m) for m in flat]
    if isinstance(outs[0] if outs else None, tuple):
        return tuple(np.stack([o[i] for o in outs]).reshape(batch + outs[0][i].shape)
                     for i in range(len(outs[0])))
    return np.stack(outs).reshape(batch + outs[0].shape)


# --- lowering helpers -------------------------------------------------------------------------

def _layout(rank, matrix):
    """Column-major in the last two axes for matrices (as LAPACK wants), row-major otherwise."""
    if matrix and rank >= 2:
        return [rank - 2, rank - 1] + list(range(rank - 3, -1, -1))
    return list(range(rank - 1, -1, -1))


_lapack_ready: list[bool] = []


def lapack_available():
    """Whether jaxlib's CPU LAPACK kernels can be used: their custom-call targets are registered
    with the PJRT CPU client when jax loads, and `initialize` binds them to the LAPACK library
    (SciPy's) on first use, as jaxlib's own lowerings do before emitting them."""
    if not _lapack_ready:
        try:
            from jaxlib.cpu import _lapack
            _lapack.initialize()
            _lapack_ready.append(True)
        except Exception:  # noqa: BLE001 - any failure means no LAPACK path
            _lapack_ready.append(False)
    return _lapack_ready[0]


def _custom_call(ctx, target, operands, out_types, matrix_in, matrix_out, config=None,
                 aliases=None):
    """A typed-FFI custom call (the form jaxlib's lowerings emit): the configuration is a
    dictionary attribute `mhlo.backend_config`."""
    from jaxlib.mlir import ir
    if not _lapack_here(ctx):
        from nx.compiler.lower import LoweringError
        if ctx.platform != "cpu":
            raise LoweringError(f"{target}: this linear-algebra op uses jaxlib's LAPACK kernels, "
                                f"which run on CPU only; it has no {ctx.platform} lowering yet")
        raise LoweringError(f"{target}: jaxlib's LAPACK kernels are not available")
    hlo = ctx.hlo
    i64 = np.int64

    def layouts(ranks, mats):
        return ir.ArrayAttr.get([
            ir.DenseIntElementsAttr.get(np.asarray(_layout(r, m), dtype=i64).reshape(-1),
                                        type=ir.IndexType.get())
            for r, m in zip(ranks, mats)])

    in_ranks = [len(ctx.shape_of(v)) for v in operands]
    out_ranks = [len(t.shape) for t in out_types]
    attrs = {
        "call_target_name": ir.StringAttr.get(target),
        "has_side_effect": ir.BoolAttr.get(False),
        "backend_config": ir.StringAttr.get(""),
        "api_version": ir.IntegerAttr.get(ir.IntegerType.get_signless(32), 1),
        "called_computations": ir.ArrayAttr.get([]),
        "operand_layouts": layouts(in_ranks, matrix_in),
        "result_layouts": layouts(out_ranks, matrix_out),
    }
    if aliases:
        attrs["output_operand_aliases"] = ir.ArrayAttr.get([
            hlo.OutputOperandAlias.get(output_tuple_indices=[o] if len(out_types) > 1 else [],
                                       operand_index=i, operand_tuple_indices=[])
            for i, o in aliases.items()])
    op = hlo.CustomCallOp.build_generic(results=[ctx.ttype(t) for t in out_types],
                                        operands=list(operands), attributes=attrs)
    u8 = ir.IntegerType.get_unsigned(8)
    op.operation.attributes["mhlo.backend_config"] = ir.DictAttr.get(
        {k: ir.IntegerAttr.get(u8, ord(v)) for k, v in (config or {}).items()})
    return list(op.results)


def _lapack_here(ctx):
    """Whether the module is compiled for the CPU, where jaxlib's LAPACK kernels run."""
    return ctx.platform == "cpu" and lapack_available()


def _target(name, dtype, complex_name=None):
    p = _LAPACK_KINDS[tuple(dtype)]
    if p in ("c", "z") and complex_name:
        name = complex_name
    return f"lapack_{p}{name}_ffi"


def _iota(ctx, shape, axis, dt=T.S32):
    return ctx.hlo.IotaOp(ctx.ttype(TensorType(shape, dt)), axis).result


# Masks of matrices up to this many entries are constants (broadcast over the batch): an
# iota-built mask costs XLA:CPU two element-wise ops per entry, which count towards the cost
# estimate that decides whether PJRT runs a program inline or hands it to a worker thread
# (flops < 1000: inline; otherwise ~5-30 us more per call). See nx/linalg.py.
_CONST_MASK_MAX = 4096


def _pred_const(ctx, mask, shape):
    """The boolean matrix `mask` (m, n) as an i1 constant, broadcast to `shape` (..., m, n)."""
    from jaxlib.mlir import ir
    c = ctx.hlo.ConstantOp(ir.DenseElementsAttr.get(np.ascontiguousarray(mask, bool))).result
    if tuple(shape) == mask.shape:
        return c
    r = len(shape)
    pt = ir.RankedTensorType.get(list(shape), ir.IntegerType.get_signless(1))
    return ctx.hlo.BroadcastInDimOp(pt, c, [r - 2, r - 1]).result


def _tri_mask(ctx, shape, lower, k=0):
    """Boolean mask of the lower (row >= col - k... i.e. col - row <= k) or upper triangle."""
    r = len(shape)
    m, n = shape[-2:]
    if m * n <= _CONST_MASK_MAX:
        rows, cols = np.indices((m, n))
        return _pred_const(ctx, (cols - rows <= k) if lower else (cols - rows >= k), shape)
    rows = _iota(ctx, shape, r - 2)
    cols = _iota(ctx, shape, r - 1)
    diff = ctx.hlo.SubtractOp(cols, rows).result     # col - row
    kk = ctx.full(k, TensorType(shape, T.S32))
    return ctx.compare(diff, kk, "LE" if lower else "GE", T.S32)


def _eye(ctx, t: TensorType):
    """Identity matrices of type t (..., n, n): a constant for small n (see _CONST_MASK_MAX)."""
    n = t.shape[-1]
    if n * n > _CONST_MASK_MAX:
        both = ctx.hlo.AndOp(_tri_mask(ctx, t.shape, True), _tri_mask(ctx, t.shape, False))
        return ctx.hlo.SelectOp(both.result, ctx.full(1, t), ctx.full(0, t)).result
    eye = ctx.hlo.ConstantOp(ctx._dense(np.eye(n), TensorType((n, n), t.dtype))).result
    r = len(t.shape)
    if r == 2:
        return eye
    return ctx.hlo.BroadcastInDimOp(ctx.ttype(t), eye, [r - 2, r - 1]).result


def _select_mask(ctx, mask, x, t: TensorType, fill=0):
    return ctx.hlo.SelectOp(mask, x, ctx.full(fill, t)).result


def _ok_mask(ctx, info, info_shape, out: TensorType):
    """info == 0, broadcast over the trailing axes of `out`."""
    zero = ctx.full(0, TensorType(info_shape, T.S32))
    ok = ctx.compare(info, zero, "EQ", T.S32)
    from jaxlib.mlir import ir
    pt = ir.RankedTensorType.get(list(out.shape), ir.IntegerType.get_signless(1))
    return ctx.hlo.BroadcastInDimOp(pt, ok, list(range(len(info_shape)))).result


def _nan_unless(ctx, ok_info, info_shape, x, t: TensorType):
    mask = _ok_mask(ctx, ok_info, info_shape, t)
    return ctx.hlo.SelectOp(mask, x, ctx.full(np.nan, t)).result


def _transpose_last(ctx, x, t: TensorType):
    r = len(t.shape)
    perm = list(range(r - 2)) + [r - 1, r - 2]
    shape = tuple(t.shape[i] for i in perm)
    return ctx.hlo.TransposeOp(x, perm).result, TensorType(shape, t.dtype)


# --- cholesky ---------------------------------------------------------------------------------

def _cholesky_infer(in_types, attrs):
    (a,) = in_types
    _check_matrix("cholesky", a)
    return [a]


def _wide(a):
    """The kernels compute in double precision and round once (as Nx's binary backend, which
    computes with Elixir floats)."""
    return a.astype(np.complex128 if np.iscomplexobj(a) else np.float64)


def _cholesky_kernel(attrs, outs, a):
    dt = a.dtype
    a = _wide(a)
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
        return _batched(one, a).astype(dt)


def _cholesky_lower(ctx, op, a):
    t = op.results[0].type
    batch = t.shape[:-2]
    if implementation["cholesky"] == "hlo" or not _lapack_here(ctx):
        lo = ctx.hlo.CholeskyOp(a, lower=True).result
        return _select_mask(ctx, _tri_mask(ctx, t.shape, True), lo, t)
    lo, info = _custom_call(ctx, _target("potrf", t.dtype), [a],
                            [t, TensorType(batch, T.S32)], [True], [True, False],
                            {"uplo": "L"}, {0: 0})
    lo = _select_mask(ctx, _tri_mask(ctx, t.shape, True), lo, t)
    return _nan_unless(ctx, info, batch, lo, t)


def _mm(nx, a, b):
    """Batched matrix product over the last two axes."""
    r = len(a.shape)
    batch = list(range(r - 2))
    return nx.dot(a, [r - 1], batch, b, [r - 2], batch)


def _adj(nx, x):
    r = len(x.shape)
    xt = nx.transpose(x, axes=list(range(r - 2)) + [r - 1, r - 2])
    return nx.conjugate(xt) if T.is_complex(x.type) else xt


def _tsolve(nx, a, b, left_side=True, lower=True, transpose_a=False):
    return nx._dispatch.apply("triangular_solve", [a, b], {
        "left_side": left_side, "lower": lower, "transform_a":
        "transpose" if transpose_a else "none"})


def _eye_like(nx, x):
    n = x.shape[-1]
    return nx.broadcast(nx.eye(n, type=x.type), x.shape)


def _cholesky_grad(nx, op, inputs, ans, g):
    """Nx's rule (Murray 2016): phi(L^H G) / 2 on the diagonal, solved against L."""
    lo = ans
    num = _mm(nx, _adj(nx, lo), nx.tril(g))
    eye = _eye_like(nx, lo)
    phi = nx.tril(num / (eye + 1))
    # S = L^-H phi L^-1 ; dA = (S + S^H)/2
    s = _tsolve(nx, lo, phi, left_side=True, lower=True, transpose_a=True) \
        if not T.is_complex(lo.type) else _tsolve(nx, nx.conjugate(lo), phi, True, True, True)
    s = _tsolve(nx, lo, s, left_side=False, lower=True)
    da = (s + _adj(nx, s)) / 2
    return [da]


define("cholesky", batch=batch_rule("matrices"), infer=_cholesky_infer, kernel=_cholesky_kernel,
       lower=_cholesky_lower, grad=_cholesky_grad, family="linalg",
       doc="Nx.LinAlg.cholesky on a batch of Hermitian positive-definite matrices (the lower "
           "triangle is read): the lower-triangular L with A = L L^H. A matrix that is not "
           "positive definite gives NaNs.")


# --- triangular_solve -------------------------------------------------------------------------

def _tri_infer(in_types, attrs):
    a, b = in_types
    _check_matrix("triangular_solve", a)
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
    a, b = _wide(a), _wide(b)
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
    if implementation["triangular_solve"] == "lapack" and _lapack_here(ctx):
        # LAPACK trsm reads only the given triangle
        return _custom_call(ctx, _target("trsm", at.dtype), [a, b], [t], [True, True], [True],
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
    db = nx._dispatch.apply("triangular_solve", [ac, g], tattrs)
    if left:
        da = -_mm(nx, db, _adj(nx, x))
    else:
        da = -_mm(nx, _adj(nx, x), db)
    if trans:
        da = _adj(nx, da) if not cplx else nx.transpose(
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


# --- qr ---------------------------------------------------------------------------------------

def _qr_shapes(shape, mode):
    *batch, m, n = shape
    k = min(m, n)
    if mode == "reduced":
        return tuple(batch) + (m, k), tuple(batch) + (k, n)
    return tuple(batch) + (m, m), tuple(batch) + (m, n)


def _qr_infer(in_types, attrs):
    (a,) = in_types
    _check_matrix("qr", a, square=False)
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
    a = _wide(a)
    qc, rc = np.linalg.qr(a, mode="complete")
    flags = _batched(lambda x: _householder_np(x)[2].astype(np.float64), a) > 0 \
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
    fact, tau = _custom_call(ctx, _target("geqrf", dt), [a],
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
    q = _custom_call(ctx, _target("orgqr", dt, "ungqr"), [qin, tau], [qt], [True, False],
                     [True], None, {0: 0})[0]
    rows = rt.shape[-2]
    r = _slice(ctx, fact, at.shape, batch + (rows, n))
    r = _select_mask(ctx, _tri_mask(ctx, rt.shape, False), r, rt)
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
    mm = _mm(nx, r, _adj(nx, dr)) - _mm(nx, _adj(nx, dq), q)
    ltu = nx.tril(mm) + _adj(nx, nx.tril(mm, k=-1))
    b = dq + _mm(nx, q, ltu)
    # B R^-H: solve X R^H = B (R upper, so R^H lower)
    rh = _adj(nx, r)
    da = _tsolve(nx, rh, b, left_side=False, lower=True)
    return [da]


define("qr", batch=batch_rule("matrices"), infer=_qr_infer, kernel=_qr_kernel, lower=_qr_lower,
       grad=_qr_grad, family="linalg",
       doc="Nx.LinAlg.qr: Householder QR with Nx's signs (`mode` \"reduced\": q (..., m, k), "
           "r (..., k, n); \"complete\": q (..., m, m), r (..., m, n); k = min(m, n)); entries "
           "with |x| <= `eps` become 0.")


# --- eigh -------------------------------------------------------------------------------------

def _eigh_infer(in_types, attrs):
    (a,) = in_types
    _check_matrix("eigh", a)
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
    w, v = np.linalg.eigh(_wide(a), UPLO="L")
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
    v, w, info = _custom_call(ctx, _target("syevd", awt.dtype, "heevd"), [a],
                              [awt, wwt, TensorType(batch, T.S32)], [True], [True, False, False],
                              {"mode": "V", "uplo": "L"}, {0: 0})
    w = ctx.cast(_nan_unless(ctx, info, batch, w, wwt), wwt.dtype, wt.dtype)
    if op.attrs.get("order", "ascending") != "nx" or not vt.shape[-1]:
        v = _nan_unless(ctx, info, batch, v, awt)
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


def _eigh_nx_lower(ctx, w, v, info, wt, vt, awt, eps):
    """`_eigh_nx_np` in StableHLO: `w` (rounded, NaN where LAPACK failed), LAPACK's `v` in the
    type it computed in (`awt`: `vt` or the wider type), `info`. Every decision is made on the
    rounded values, as the kernel makes it. Written to stay small for XLA:CPU (a sort of n
    keys, two reductions and two gathers decide; the matrix sees one rounding, one multiply and
    the eps select): PJRT runs a program under ~1,000 estimated flops inline, on the caller's
    thread, and hands a larger one to a worker thread (~5-30 us more per call); XLA fuses a
    copy of an element-wise producer into each consumer, so each pass over v counts."""
    from jaxlib.mlir import ir

    from .sort import _canonical
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
                     [key, w, _iota(ctx, wt.shape, nb)], dimension=nb, is_stable=True)
    sc = [ctx.ttype(TensorType((), rdt))] * 4 + [ctx.ttype(TensorType((), T.S32))] * 2
    blk = srt.regions[0].blocks.append(*sc)
    with ir.InsertionPoint(blk):
        ka, kb = (_canonical(ctx, x, rdt) for x in blk.arguments[:2])
        hlo.ReturnOp([hlo.CompareOp(ka, kb, hlo.ComparisonDirectionAttr.get("GT"),
                                    compare_type=hlo.ComparisonTypeAttr.get("TOTALORDER")
                                    ).result])
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
    rows = hlo.SelectOp(at_top, _iota(ctx, vt.shape, nb), ctx.full(n - 1, st)).result
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
    fix = _nan_unless(ctx, info, batch, fix, colv)
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
        w, v = nx._dispatch.apply("eigh", list(inputs), attrs, nresults=2)
    n = w.shape[-1]
    diff = nx.new_axis(w, -2) - nx.new_axis(w, -1)     # [i, j] = w_j - w_i
    eye = nx.eye(n, type="u8")
    f = nx.select(eye, 0.0, 1.0 / nx.select(eye, 1.0, diff))
    f = nx.as_type(f, w.type)
    inner = f * _mm(nx, _adj(nx, v), gv)
    inner = inner + nx.new_axis(gw, -1) * nx.eye(n, type=w.type)
    da = _mm(nx, _mm(nx, v, inner), _adj(nx, v))
    da = (da + _adj(nx, da)) / 2
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
    _check_matrix("svd", a, square=False)
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
    u, s, vt = np.linalg.svd(_wide(a), full_matrices=attrs.get("full_matrices", True))
    return [u.astype(outs[0].dtype.dtype), s.astype(outs[1].dtype.dtype),
            vt.astype(outs[2].dtype.dtype)]


def _svd_lower(ctx, op, a):
    at = op.operands[0].type
    ut, st, vtt = (r.type for r in op.results)
    batch = st.shape[:-1]
    full = op.attrs.get("full_matrices", True)
    _, s, u, vt, info = _custom_call(
        ctx, _target("gesdd", at.dtype), [a],
        [at, st, ut, vtt, TensorType(batch, T.S32)], [True], [True, False, True, True, False],
        {"mode": "A" if full else "S"}, {0: 0})
    return [_nan_unless(ctx, info, batch, u, ut), _nan_unless(ctx, info, batch, s, st),
            _nan_unless(ctx, info, batch, vt, vtt)]


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
        ut_du = _mm(nx, _adj(nx, u), du) - _mm(nx, _adj(nx, du), u)
        c1 = _mm(nx, _mm(nx, u, f * ut_du), sm)
        proj = nx.broadcast(nx.eye(m, type=s.type), a.shape[:nb] + (m, m)) - _mm(nx, u, _adj(nx, u))
        c2 = _mm(nx, _mm(nx, proj, du), s_inv)
        add(_mm(nx, c1 + c2, vt))
    if ds is not None:
        add(_mm(nx, _mm(nx, u, nx.new_axis(ds, -1) * eye_k), vt))
    if dvt is not None:
        c1 = (_mm(nx, vt, _adj(nx, dvt)) - _mm(nx, dvt, _adj(nx, vt))) * f
        c1 = _mm(nx, _mm(nx, sm, c1), vt)
        projn = nx.broadcast(nx.eye(n, type=s.type), a.shape[:nb] + (n, n)) - \
            _mm(nx, _adj(nx, vt), vt)
        c2 = _mm(nx, _mm(nx, s_inv, dvt), projn)
        add(_mm(nx, u, c1 + c2))
    return [total]


define("svd", batch=batch_rule("matrices"), infer=_svd_infer, kernel=_svd_kernel, lower=_svd_lower,
       grad=_svd_grad, family="linalg",
       doc="Nx.LinAlg.svd: u, s (descending), vt with A = U diag(s) Vt; `full_matrices` gives "
           "u (..., m, m) and vt (..., n, n), else (..., m, k) and (..., k, n).")


# --- lu ---------------------------------------------------------------------------------------

def _lu_infer(in_types, attrs):
    (a,) = in_types
    _check_matrix("lu", a)
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
    perm, packed = _lu_np(_wide(a))
    eye = np.eye(n, dtype=packed.dtype)
    lo = np.tril(packed, -1) + eye
    up = np.triu(packed)
    return [perm, lo.astype(a.dtype), up.astype(a.dtype)]


def _lu_lower(ctx, op, a):
    at = op.operands[0].type
    lu, perm, _ = _getrf(ctx, a, at)
    eye = _eye(ctx, at)
    lo = ctx.hlo.AddOp(_select_mask(ctx, _tri_mask(ctx, at.shape, True, -1), lu, at), eye).result
    up = _select_mask(ctx, _tri_mask(ctx, at.shape, False), lu, at)
    return [perm, lo, up]


def _getrf(ctx, a, at):
    """LAPACK getrf of `a`: (packed lu, the permutation (s32, ..., n) with
    a[..., perm, :] = l @ u, the 0-based pivots). A singular matrix still factors (a zero on
    U's diagonal), as LAPACK reports; info is not used."""
    from jaxlib.mlir import ir
    *batch, n, _ = at.shape
    batch = tuple(batch)
    hlo = ctx.hlo
    lu, ipiv, info = _custom_call(ctx, _target("getrf", at.dtype), [a],
                                  [at, TensorType(batch + (n,), T.S32), TensorType(batch, T.S32)],
                                  [True], [True, False, False], None, {0: 0})
    # pivots (1-based row swaps applied in order) -> permutation, a loop over the n swaps
    vt = TensorType(batch + (n,), T.S32)
    st = TensorType((), T.S32)
    iota = _iota(ctx, vt.shape, len(batch))
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
        terms = nx.tril(_mm(nx, _adj(nx, lo), dl), k=-1)
    if du is not None:
        t2 = nx.triu(_mm(nx, du, _adj(nx, up)))
        terms = t2 if terms is None else terms + t2
    cplx = T.is_complex(lo.type)
    loc = nx.conjugate(lo) if cplx else lo
    upc = nx.conjugate(up) if cplx else up
    # L^-H X: solve L^H Y = X ; then Y U^-H: solve Z U^H = Y
    y = nx._dispatch.apply("triangular_solve", [loc, terms], {
        "left_side": True, "lower": True, "transform_a": "transpose"})
    z = nx._dispatch.apply("triangular_solve", [upc, y], {
        "left_side": False, "lower": False, "transform_a": "transpose"})
    rows = nx.iota(a.shape, axis=len(a.shape) - 2)
    p = nx.as_type(nx.equal(rows, nx.new_axis(perm, -2)), z.type)
    return [_mm(nx, p, z)]


define("lu", batch=batch_rule("matrices"), infer=_lu_infer, kernel=_lu_kernel, lower=_lu_lower,
       grad=_lu_grad, family="linalg",
       doc="LU factorization with partial pivoting (LAPACK getrf): perm (s32, ..., n), unit "
           "lower-triangular l and upper-triangular u with a[..., perm, :] = l @ u.")


# --- lu_factor --------------------------------------------------------------------------------
# The packed form behind nx.linalg.solve, determinant and invert: no masks, no identity, and the
# permutation's sign from the pivots (n entries) rather than from the permutation (n^2).

def _lu_factor_infer(in_types, attrs):
    (a,) = in_types
    _check_matrix("lu_factor", a)
    return [TensorType(a.shape[:-1], T.S32), a, TensorType(a.shape[:-2], a.dtype)]


def _perm_sign_np(perm):
    """(-1) ** (the number of inversions of each permutation in the last axis)."""
    inv = perm[..., :, None] > perm[..., None, :]
    upper = np.triu(np.ones(inv.shape[-2:], bool), 1)
    return 1 - 2 * (np.sum(inv & upper, axis=(-2, -1)) % 2)


def _lu_factor_kernel(attrs, outs, a):
    if a.size == 0:
        return [np.zeros(outs[0].shape, np.int32), a.copy(), np.ones(outs[2].shape, a.dtype)]
    perm, packed = _lu_np(_wide(a))
    return [perm, packed.astype(a.dtype), _perm_sign_np(perm).astype(a.dtype)]


def _lu_factor_lower(ctx, op, a):
    hlo = ctx.hlo
    at = op.operands[0].type
    st = op.results[2].type
    *batch, n, _ = at.shape
    lu, perm, ipiv = _getrf(ctx, a, at)
    # each pivot that is not the row itself is one transposition
    vt = TensorType(tuple(batch) + (n,), T.S32)
    swaps = hlo.SelectOp(ctx.compare(ipiv, _iota(ctx, vt.shape, len(batch)), "NE", T.S32),
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
