"""Shared by the decomposition ops (dialects/nx/ops/decomp.py: cholesky, triangular_solve, lu,
lu_factor; decomp_orthogonal.py: qr, eigh, svd): the argument checks and the double-precision
NumPy helpers of the kernels, the lowering helpers (jaxlib's LAPACK custom calls, masks,
identities, NaN on a failed factorization) and the batched matrix helpers of the gradients.
Private to those two modules; the names carry no underscore so that both can import them."""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, OpTypeError

LAPACK_KINDS = {("f", 32): "s", ("f", 64): "d", ("c", 64): "c", ("c", 128): "z"}


# --- shared checks ----------------------------------------------------------------------------

def check_matrix(fun, t, square=True):
    if t.dtype not in LAPACK_KINDS:
        raise OpTypeError(f"nx.{fun}: expected a tensor of type f32, f64, c64 or c128, got "
                          f"{t.dtype.name}")
    if len(t.shape) < 2:
        raise OpError(f"nx.{fun}: tensor must have at least rank 2, got rank {len(t.shape)} "
                      f"with shape {t.shape}")
    if square and t.shape[-1] != t.shape[-2]:
        raise OpError(f"nx.{fun}: tensor must be a square matrix or a batch of square matrices, "
                      f"got shape: {t.shape}")


def batched(fun, x):
    """Applies `fun` to each matrix of the batch `x` (..., m, n); returns the stacked results."""
    batch = x.shape[:-2]
    flat = x.reshape((-1,) + x.shape[-2:])
    outs = [fun(m) for m in flat]
    if isinstance(outs[0] if outs else None, tuple):
        return tuple(np.stack([o[i] for o in outs]).reshape(batch + outs[0][i].shape)
                     for i in range(len(outs[0])))
    return np.stack(outs).reshape(batch + outs[0].shape)


def to_double(a):
    """The kernels compute in double precision and round once (as Nx's binary backend, which
    computes with Elixir floats)."""
    return a.astype(np.complex128 if np.iscomplexobj(a) else np.float64)


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


def custom_call(ctx, target, operands, out_types, matrix_in, matrix_out, config=None,
                 aliases=None):
    """A typed-FFI custom call (the form jaxlib's lowerings emit): the configuration is a
    dictionary attribute `mhlo.backend_config`."""
    from jaxlib.mlir import ir
    if not lapack_here(ctx):
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


def lapack_here(ctx):
    """Whether the module is compiled for the CPU, where jaxlib's LAPACK kernels run, and not
    for a portable artifact (`lowering="portable"`: pure StableHLO)."""
    return ctx.platform == "cpu" and not ctx.portable and lapack_available()


def lapack_target(name, dtype, complex_name=None):
    p = LAPACK_KINDS[tuple(dtype)]
    if p in ("c", "z") and complex_name:
        name = complex_name
    return f"lapack_{p}{name}_ffi"


def hlo_iota(ctx, shape, axis, dt=T.S32):
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


def tri_mask(ctx, shape, lower, k=0):
    """Boolean mask of the lower (row >= col - k... i.e. col - row <= k) or upper triangle."""
    r = len(shape)
    m, n = shape[-2:]
    if m * n <= _CONST_MASK_MAX:
        rows, cols = np.indices((m, n))
        return _pred_const(ctx, (cols - rows <= k) if lower else (cols - rows >= k), shape)
    rows = hlo_iota(ctx, shape, r - 2)
    cols = hlo_iota(ctx, shape, r - 1)
    diff = ctx.hlo.SubtractOp(cols, rows).result     # col - row
    kk = ctx.full(k, TensorType(shape, T.S32))
    return ctx.compare(diff, kk, "LE" if lower else "GE", T.S32)


def identity(ctx, t: TensorType):
    """Identity matrices of type t (..., n, n): a constant for small n (see _CONST_MASK_MAX)."""
    n = t.shape[-1]
    if n * n > _CONST_MASK_MAX:
        both = ctx.hlo.AndOp(tri_mask(ctx, t.shape, True), tri_mask(ctx, t.shape, False))
        return ctx.hlo.SelectOp(both.result, ctx.full(1, t), ctx.full(0, t)).result
    eye = ctx.hlo.ConstantOp(ctx._dense(np.eye(n), TensorType((n, n), t.dtype))).result
    r = len(t.shape)
    if r == 2:
        return eye
    return ctx.hlo.BroadcastInDimOp(ctx.ttype(t), eye, [r - 2, r - 1]).result


def select_mask(ctx, mask, x, t: TensorType, fill=0):
    return ctx.hlo.SelectOp(mask, x, ctx.full(fill, t)).result


def _ok_mask(ctx, info, info_shape, out: TensorType):
    """info == 0, broadcast over the trailing axes of `out`."""
    zero = ctx.full(0, TensorType(info_shape, T.S32))
    ok = ctx.compare(info, zero, "EQ", T.S32)
    from jaxlib.mlir import ir
    pt = ir.RankedTensorType.get(list(out.shape), ir.IntegerType.get_signless(1))
    return ctx.hlo.BroadcastInDimOp(pt, ok, list(range(len(info_shape)))).result


def nan_unless(ctx, ok_info, info_shape, x, t: TensorType):
    mask = _ok_mask(ctx, ok_info, info_shape, t)
    return ctx.hlo.SelectOp(mask, x, ctx.full(np.nan, t)).result


def _transpose_last(ctx, x, t: TensorType):
    r = len(t.shape)
    perm = list(range(r - 2)) + [r - 1, r - 2]
    shape = tuple(t.shape[i] for i in perm)
    return ctx.hlo.TransposeOp(x, perm).result, TensorType(shape, t.dtype)


# --- gradient helpers (batched matrices, traced with nx ops) ----------------------------------

def matmul(nx, a, b):
    """Batched matrix product over the last two axes."""
    r = len(a.shape)
    batch = list(range(r - 2))
    return nx.dot(a, [r - 1], batch, b, [r - 2], batch)


def adj(nx, x):
    r = len(x.shape)
    xt = nx.transpose(x, axes=list(range(r - 2)) + [r - 1, r - 2])
    return nx.conjugate(xt) if T.is_complex(x.type) else xt


def tsolve(nx, a, b, left_side=True, lower=True, transpose_a=False):
    return nx.apply_op("triangular_solve", [a, b], {
        "left_side": left_side, "lower": lower, "transform_a":
        "transpose" if transpose_a else "none"})


def eye_like(nx, x):
    n = x.shape[-1]
    return nx.broadcast(nx.eye(n, type=x.type), x.shape)

