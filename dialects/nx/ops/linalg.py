"""dot: the general contraction with batch axes (Nx.dot/6)."""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, define, inner_of
from .elementwise import compute_dtype


def _dot_infer(in_types, attrs):
    a, b = in_types
    ca, cb = tuple(attrs["contract_a"]), tuple(attrs["contract_b"])
    ba, bb = tuple(attrs["batch_a"]), tuple(attrs["batch_b"])
    if len(ca) != len(cb) or len(ba) != len(bb):
        raise OpError(f"nx.dot: contraction axes {list(ca)} / {list(cb)} and batch axes "
                      f"{list(ba)} / {list(bb)} must pair up")
    for x, y, what in ((ca, cb, "contract"), (ba, bb, "batch")):
        for i, j in zip(x, y):
            if not (0 <= i < len(a.shape) and 0 <= j < len(b.shape)):
                raise OpError(f"nx.dot: {what} axes {list(x)} / {list(y)} out of range for shapes "
                              f"{a.shape} and {b.shape}")
            if a.shape[i] != b.shape[j]:
                raise OpError(f"nx.dot: cannot {what} axis {i} of shape {a.shape} (size "
                              f"{a.shape[i]}) with axis {j} of shape {b.shape} (size {b.shape[j]})")
    free_a = [d for i, d in enumerate(a.shape) if i not in ca and i not in ba]
    free_b = [d for i, d in enumerate(b.shape) if i not in cb and i not in bb]
    shape = tuple(a.shape[i] for i in ba) + tuple(free_a) + tuple(free_b)
    return [TensorType(shape, T.merge(a.dtype, b.dtype))]


def _dot_kernel(attrs, outs, a, b):
    out = outs[0].dtype
    ca, cb = list(attrs["contract_a"]), list(attrs["contract_b"])
    ba, bb = list(attrs["batch_a"]), list(attrs["batch_b"])
    fa = [i for i in range(a.ndim) if i not in ca and i not in ba]
    fb = [i for i in range(b.ndim) if i not in cb and i not in bb]
    cd = compute_dtype(out)
    at = np.transpose(a.astype(cd), ba + fa + ca)
    bt = np.transpose(b.astype(cd), bb + cb + fb)
    nb = int(np.prod([a.shape[i] for i in ba], dtype=np.int64))
    m = int(np.prod([a.shape[i] for i in fa], dtype=np.int64))
    k = int(np.prod([a.shape[i] for i in ca], dtype=np.int64))
    n = int(np.prod([b.shape[i] for i in fb], dtype=np.int64))
    with np.errstate(all="ignore"):
        r = np.matmul(at.reshape(nb, m, k), bt.reshape(nb, k, n))
    return r.reshape(outs[0].shape).astype(out.dtype)


def _dot_lower(ctx, op, a, b):
    out = op.results[0].type
    ta, tb = op.operands[0].type, op.operands[1].type
    a = ctx.cast(a, ta.dtype, out.dtype)
    b = ctx.cast(b, tb.dtype, out.dtype)
    dims = ctx.hlo.DotDimensionNumbers.get(
        lhs_batching_dimensions=list(op.attrs["batch_a"]),
        rhs_batching_dimensions=list(op.attrs["batch_b"]),
        lhs_contracting_dimensions=list(op.attrs["contract_a"]),
        rhs_contracting_dimensions=list(op.attrs["contract_b"]))
    return ctx.hlo.DotGeneralOp(ctx.ttype(out), a, b, dims).result


def _dot_grad(nx, op, inputs, ans, g):
    """g has axes (batch, free of a, free of b); each cotangent contracts g with the other
    operand over the other's free axes, then is transposed back to the operand's layout."""
    a, b = inputs
    ca, cb = list(op.attrs["contract_a"]), list(op.attrs["contract_b"])
    ba, bb = list(op.attrs["batch_a"]), list(op.attrs["batch_b"])
    fa = [i for i in range(len(a.shape)) if i not in ca and i not in ba]
    fb = [i for i in range(len(b.shape)) if i not in cb and i not in bb]
    nb = len(ba)
    g_batch = list(range(nb))
    g_fa = list(range(nb, nb + len(fa)))
    g_fb = list(range(nb + len(fa), nb + len(fa) + len(fb)))

    def cotangent(other, o_free, o_batch, g_contract, mine_batch, mine_free, mine_contract,
                  other_contract):
        raw = nx.apply_op("dot", [g, other], {
            "contract_a": tuple(g_contract), "contract_b": tuple(o_free),
            "batch_a": tuple(g_batch), "batch_b": tuple(o_batch)})
        # raw axes: batch, g's remaining free axes (mine), other's contracted axes (sorted)
        order = sorted(other_contract)
        pos = {}
        for i, ax in enumerate(mine_batch):
            pos[ax] = i
        for i, ax in enumerate(mine_free):
            pos[ax] = nb + i
        for ax, oax in zip(mine_contract, other_contract):
            pos[ax] = nb + len(mine_free) + order.index(oax)
        perm = [pos[i] for i in range(len(pos))]
        return raw if perm == sorted(perm) else nx.transpose(raw, axes=perm)

    da = cotangent(b, fb, bb, g_fb, ba, fa, ca, cb)
    db = cotangent(a, fa, ba, g_fa, bb, fb, cb, ca)
    return [da, db]


def _dot_batch(nx, op, inputs, vec):
    a, b = inputs
    k = vec.k
    at = op.attrs
    ca, cb = tuple(at["contract_a"]), tuple(at["contract_b"])
    ba, bb = tuple(at.get("batch_a", ())), tuple(at.get("batch_b", ()))
    sh = lambda axs: tuple(x + k for x in axs)  # noqa: E731
    if vec.batched[0] and not vec.batched[1] and not ba:
        # (V..., a free..., b free...): one plain dot, vectorized axes are free axes of a
        return nx.apply_op("dot", [a, b], {**at, "contract_a": sh(ca), "contract_b": cb})
    if vec.batched[1] and not vec.batched[0] and not ba:
        out = nx.apply_op("dot", [a, b], {**at, "contract_a": ca, "contract_b": sh(cb)})
        na = inner_of(op.operands[0]).rank - len(ca)
        perm = tuple(range(na, na + k)) + tuple(range(na)) + tuple(range(na + k, out.rank))
        return nx.apply_op("transpose", [out], {"axes": perm})
    a, b = vec.all_full(inputs)
    return nx.apply_op("dot", [a, b], {**at, "contract_a": sh(ca), "contract_b": sh(cb),
                                  "batch_a": tuple(range(k)) + sh(ba),
                                  "batch_b": tuple(range(k)) + sh(bb)})


define("dot", batch=_dot_batch, infer=_dot_infer, kernel=_dot_kernel, lower=_dot_lower,
       grad=_dot_grad, family="linalg",
       doc="Contracts `contract_a` of a with `contract_b` of b, batching `batch_a`/`batch_b`; "
           "result axes are batch, free axes of a, free axes of b.")
