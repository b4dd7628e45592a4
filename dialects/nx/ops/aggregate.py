"""Custom-function reductions: `nx.reduce`, a reduction whose combining function is a region.

    %r = nx.reduce %tensor, %acc {axes, keep_axes, type} ({
      ^bb0(%x: <type>[], %acc: <type>[]):   // an element and the accumulator, both of `type`
        ...
        nx.yield %next : <type>[]
    })

The tensor and the (scalar) initial accumulator are converted to `type` first (as EXLA does);
the region folds the elements of each reduced slice into the accumulator. The function should be
associative and commutative: the NumPy kernel folds in row-major order (`acc = f(x, acc)`, as
Nx's BinaryBackend does) while XLA may combine partial results in any order. The region is
isolated: it uses only its two arguments and what it defines (a StableHLO reduce body cannot
capture outer values). Like the other Nx aggregates, `nx.all`, `nx.any`, `nx.variance`,
`nx.logsumexp`... are compositions of existing ops (see nx/aggregates.py) and need no op.
"""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import Operation, TensorType, walk

from ..registry import OpError, batch_rule, define
from ..shapes import normalize_axes


def _reduced_shape(shape, axes, keep):
    if keep:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce_infer(in_types, attrs):
    if len(in_types) != 2:
        raise OpError(f"nx.reduce: expects a tensor and an accumulator, got {len(in_types)} "
                      "operands")
    x, acc = in_types
    if acc.shape != ():
        raise OpError(f"nx.reduce: the accumulator must be a scalar, got shape {acc.shape}")
    axes = normalize_axes("nx.reduce", x.shape, attrs["axes"])
    return [TensorType(_reduced_shape(x.shape, axes, attrs.get("keep_axes", False)),
                       attrs["type"])]


def region_captures(block):
    """Values used in `block` (or regions nested in it) that are defined outside it."""
    defined = set(block.args)
    for op in walk(block):
        for r in op.regions:
            for b in r.blocks:
                defined.update(b.args)
        defined.update(op.results)
    out = []
    for op in walk(block):
        out.extend(v for v in op.operands if v not in defined and v not in out)
    return out


def capture_chain(block):
    """The outer ops, in dependency order, that compute the values `block` captures, when they
    derive from constants only (the canonicalize pass may hoist a region's constants out of
    it); None when a capture depends on an argument (a value that is only known at run time)."""
    order, seen = [], set()

    def visit(v):
        owner = v.owner
        if not isinstance(owner, Operation) or owner.regions:
            return False
        if owner in seen:
            return True
        if not all(visit(u) for u in owner.operands):
            return False
        seen.add(owner)
        order.append(owner)
        return True

    return order if all(visit(v) for v in region_captures(block)) else None


def _reduce_verify(op):
    ty = op.results[0].type.dtype
    scalar = TensorType((), ty)
    blk = op.regions[0].blocks[0]
    got = [a.type for a in blk.args]
    if got != [scalar, scalar]:
        raise OpError(f"nx.reduce: the region takes {[str(t) for t in got]} but must take "
                      f"{[str(scalar)] * 2}")
    term = blk.ops[-1] if blk.ops else None
    ys = [v.type for v in term.operands] if term is not None else []
    if ys != [scalar]:
        raise OpError(f"nx.reduce: the region yields {[str(t) for t in ys]} but must yield "
                      f"[{scalar}]")
    if capture_chain(blk) is None:
        raise OpError("nx.reduce: the region uses values computed outside it from arguments (a "
                      "reduction function may use only its two arguments and constants)")


def _convert(x, ty):
    """Nx's as_type conversion (saturating, NaN to 0), through the as_type kernel."""
    from ..registry import OPS
    x = np.asarray(x)
    if x.dtype == ty.dtype:
        return x
    return np.asarray(OPS["as_type"].kernel({"type": ty}, [TensorType(x.shape, ty)], x))


def _reduce_kernel(attrs, outs, x, acc, *, regions):
    (fn,) = regions
    out = outs[0]
    ty = out.dtype
    axes = tuple(attrs["axes"])
    x = _convert(x, ty)
    acc = _convert(acc, ty).reshape(())
    kept = [d for i, d in enumerate(x.shape) if i not in axes]
    x = np.moveaxis(x, axes, tuple(range(x.ndim - len(axes), x.ndim)))
    m = int(np.prod(kept, dtype=np.int64))
    k = int(np.prod([x.shape[i] for i in range(x.ndim - len(axes), x.ndim)], dtype=np.int64))
    x = x.reshape(m, k)
    res = np.empty((m,), ty.dtype)
    for i in range(m):
        a = acc
        for k in range(x.shape[1]):
            (a,) = fn(x[i, k].reshape(()), a)
            a = np.asarray(a, ty.dtype).reshape(())
        res[i] = a
    return res.reshape(out.shape)


def _lower_body(ctx, op, hlo_op, scalar, swap):
    """Lowers the region into the body of `hlo_op` (a StableHLO reduce or map, whose body must
    not use outer values): the constant computations the region captures are lowered again
    inside it. `swap`: the body takes (accumulator, element), the region (element, acc)."""
    from jaxlib.mlir import ir
    block = op.regions[0].block
    chain = capture_chain(block)
    if chain is None:
        raise OpError("nx.reduce: the region uses values computed outside it from arguments")
    body = hlo_op.regions[0].blocks.append(scalar, scalar)
    a, b = body.arguments
    saved = {v: ctx.env[v] for o in chain for v in o.results if v in ctx.env}
    try:
        with ir.InsertionPoint(body):
            for o in chain:
                ctx.lower_op(o)
            (r,) = ctx.lower_block(block, [b, a] if swap else [a, b])
            ctx.hlo.ReturnOp([r])
    finally:
        ctx.env.update(saved)


def _reduce_lower(ctx, op, x, acc):
    from jaxlib.mlir import ir
    hlo = ctx.hlo
    out = op.results[0].type
    src, acc_t = op.operands[0].type, op.operands[1].type
    x = ctx.cast(x, src.dtype, out.dtype)
    acc = ctx.cast(acc, acc_t.dtype, out.dtype)
    axes = list(op.attrs["axes"])
    scalar = ctx.ttype(TensorType((), out.dtype))
    k = 1
    for a in axes:
        k *= src.shape[a]
    if k == 1:
        # XLA treats a reduce over one element as a reshape (it takes the accumulator for an
        # identity), so fold the single element in explicitly: map f over (x, acc)
        x = hlo.ReshapeOp(ctx.ttype(out), x).result
        accb = ctx.bcast(acc, (), out.shape)
        m = hlo.MapOp(ctx.ttype(out), [x, accb], list(range(len(out.shape))))
        _lower_body(ctx, op, m, scalar, swap=False)
        return m.result
    red_shape = [d for i, d in enumerate(src.shape) if i not in axes]
    red = hlo.ReduceOp([ir.RankedTensorType.get(red_shape, ctx.etype(out.dtype))], [x], [acc],
                       axes)
    _lower_body(ctx, op, red, scalar, swap=True)
    res = red.results[0]
    if tuple(red_shape) != out.shape:
        res = hlo.ReshapeOp(ctx.ttype(out), res).result
    return res


define("reduce", batch=batch_rule("reduce_axes"), infer=_reduce_infer, kernel=_reduce_kernel,
       lower=_reduce_lower, num_regions=1, verify=_reduce_verify, family="reduction",
       missing={"grad": "nx.reduce has no gradient (as in Nx): its reduction function is an "
                        "arbitrary region that automatic differentiation does not look into"},
       doc="Folds the elements of `axes` into the scalar accumulator with the region (element, "
           "accumulator) -> accumulator, all in `type`; `keep_axes` keeps them as size 1.")
