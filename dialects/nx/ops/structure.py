"""Structural ops: `put_slice` (dynamic update slice), `bitcast` and `clip`.

- `nx.put_slice(x, update, *starts)`: writes `update` into `x` at run-time start indices (one
  integer scalar operand per axis, all of one type), each clamped into `[0, dim - len]` so the
  whole update fits (as Nx documents and StableHLO's dynamic_update_slice does).
- `nx.bitcast(x) {type}`: reinterprets the bits of each element as another type of the same
  width (NumPy `.view`, StableHLO `bitcast_convert`). No complex types (Nx raises).
- `nx.clip(x, min, max)`: clamps into `[min, max]` (scalar bounds of x's type); NaN in any
  operand gives NaN, and `min > max` gives `max` (StableHLO `clamp`, and so EXLA).
"""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import TensorType

from ..registry import OpError, OpTypeError, batch_rule, define, inner_of
from .indexing import scatter_rows, window_indices


def _is_int(t):
    return t.dtype[0] in ("s", "u")


# --- gradient rules (signature: see nx/passes/grad_expansion.py) ---------------------------

def _put_slice_grad(nx, op, inputs, ans, g):
    # Nx: d/dx = g with the updated window zeroed; d/dupdate = the window of g (same clamped
    # starts). Start indices are integers: no gradient.
    upd, starts = inputs[1], inputs[2:]
    zeros = nx.broadcast(nx.tensor(0, type=g.type), upd.shape)
    dx = nx.put_slice(g, list(starts), zeros)
    dupd = nx.slice(g, list(starts), list(upd.shape))
    return [dx, dupd] + [None] * len(starts)


def _clip_grad(nx, op, inputs, ans, g):
    # Nx's rule (grad.ex), with its strict comparisons: the operand gets g where
    # min < x < max; `min` gets the sum of g where x < min (and min < max); `max` the sum of g
    # where x > max. (Nx multiplies by g twice there, which only agrees when g is 1; here g is
    # applied once, as the chain rule asks.)
    x, lo, hi = inputs
    zero = nx.tensor(0, type=g.type)
    g = nx.broadcast(g, x.shape)
    dx = nx.select(nx.logical_and(nx.greater(x, lo), nx.less(x, hi)), g, zero)
    dlo = nx.sum(nx.select(nx.logical_and(nx.greater(lo, x), nx.less(lo, hi)), g, zero))
    dhi = nx.sum(nx.select(nx.less(hi, x), g, zero))
    return [dx, dlo, dhi]


def _bitcast_grad(nx, op, inputs, ans, g):
    # Nx's rule (grad.ex): the cotangent passes through unchanged (converted to the operand's
    # float type by the grad pass).
    return [g]


# put_slice ----------------------------------------------------------------------------------
def _put_slice_infer(in_types, attrs):
    if len(in_types) < 2:
        raise OpError("nx.put_slice: expected a tensor, an update and one start index per axis")
    x, upd, starts = in_types[0], in_types[1], in_types[2:]
    rank = len(x.shape)
    if upd.dtype != x.dtype:
        raise OpError(f"nx.put_slice: the update must have the tensor's type in the IR, got "
                      f"{upd.dtype} and {x.dtype}")
    if len(upd.shape) != rank:
        raise OpError(f"nx.put_slice: the slice must have the tensor's rank {rank}, got shape "
                      f"{upd.shape} for a tensor of shape {x.shape}")
    if any(u > d for u, d in zip(upd.shape, x.shape)):
        raise OpError(f"nx.put_slice: slice shape {upd.shape} must be less than or equal to "
                      f"tensor shape {x.shape}")
    if len(starts) != rank:
        raise OpError(f"nx.put_slice: expected {rank} start indices for a tensor of shape "
                      f"{x.shape}, got {len(starts)}")
    for i, s in enumerate(starts):
        if s.shape != () or not _is_int(s):
            raise OpError(f"nx.put_slice: start index for axis {i} must be an integer scalar, "
                          f"got {s}")
        if s.dtype != starts[0].dtype:
            raise OpError(f"nx.put_slice: start indices must share one integer type in the IR, "
                          f"got {', '.join(str(t.dtype) for t in starts)}")
    return [x]


def _put_slice_kernel(attrs, outs, x, upd, *starts):
    out = x.copy()
    idx = []
    for s, l, d in zip(starts, upd.shape, x.shape):
        s = min(max(int(s), 0), d - l)   # clamped so the slice fits
        idx.append(slice(s, s + l))
    out[tuple(idx)] = upd
    return out


def _put_slice_batch(nx, op, inputs, vec):
    x, upd, starts = inputs[0], inputs[1], inputs[2:]
    k = vec.k
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    upd = vec.full(upd if vec.batched[1] else vec.lift(upd))
    if not any(vec.batched[2:]):
        z = nx.tensor(0, type=starts[0].type) if starts else nx.tensor(0, type="s32")
        return nx.apply_op("put_slice", [x, upd] + [z] * k + list(starts), dict(op.attrs))
    lengths = upd.shape[k:]
    idx = window_indices(nx, vec, starts, vec.batched[2:], inner_of(op.operands[0]).shape,
                          lengths)
    return scatter_rows(nx, x, idx, upd, tuple(range(k + len(lengths))), "put")


define("put_slice", batch=_put_slice_batch, infer=_put_slice_infer, kernel=_put_slice_kernel,
       lower=lambda ctx, op, x, upd, *starts: ctx.hlo.DynamicUpdateSliceOp(
           x, upd, list(starts)).result,
       grad=_put_slice_grad, family="structure",
       doc="Nx.put_slice: writes `update` (same rank and type, no larger) into the tensor at "
           "run-time start indices (one integer scalar operand per axis, one type), each "
           "clamped so that the update fits.")


# bitcast ------------------------------------------------------------------------------------
def _bitcast_infer(in_types, attrs):
    (x,) = in_types
    ty = attrs["type"]
    if x.dtype[0] == "c" or ty[0] == "c":
        raise OpTypeError(f"nx.bitcast: does not support complex types, got input type "
                          f"{x.dtype} and output type {ty}")
    if x.dtype[1] != ty[1]:
        raise OpTypeError(f"nx.bitcast: input type width must match new type width, got input "
                          f"type {x.dtype} and output type {ty}")
    return [TensorType(x.shape, ty)]


define("bitcast", batch=batch_rule("elementwise"), infer=_bitcast_infer,
       kernel=lambda a, o, x: np.ascontiguousarray(x).view(o[0].dtype.dtype).copy(),
       lower=lambda ctx, op, x: ctx.hlo.BitcastConvertOp(ctx.ttype(op.results[0].type),
                                                        x).result,
       grad=_bitcast_grad, family="structure",
       doc="Nx.bitcast: the same bits read as `type`, a type of the same width (not complex).")


# clip ---------------------------------------------------------------------------------------
def _clip_infer(in_types, attrs):
    x, lo, hi = in_types
    for what, b in (("min", lo), ("max", hi)):
        if b.shape != ():
            raise OpError(f"nx.clip: {what} must be a scalar, got shape {b.shape}")
        if b.dtype != x.dtype:
            raise OpError(f"nx.clip: {what} must have the operand's type in the IR, got "
                          f"{b.dtype} and {x.dtype}")
    if x.dtype[0] == "c":
        raise OpTypeError(f"nx.clip: does not support complex inputs, got {x.dtype}")
    return [x]


def _clip_batch(nx, op, inputs, vec):
    """clip(x, lo, hi) with scalar bounds: batched bounds become element-wise max/min."""
    x, lo, hi = inputs
    if not vec.batched[1] and not vec.batched[2]:
        return vec.same_op(op, [x if vec.batched[0] else vec.full(vec.lift(x)), lo, hi])
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    r = inner_of(op.operands[0]).rank

    def bound(b, batched):
        if not batched:
            return b
        return nx.apply_op("reshape", [b], {"shape": b.shape + (1,) * r})
    y = nx.apply_op("max", [x, bound(lo, vec.batched[1])], {})
    return nx.apply_op("min", [y, bound(hi, vec.batched[2])], {})


define("clip", batch=_clip_batch, infer=_clip_infer,
       kernel=lambda a, o, x, lo, hi: np.minimum(np.maximum(x, lo), hi).astype(x.dtype),
       lower=lambda ctx, op, x, lo, hi: ctx.hlo.ClampOp(lo, x, hi).result,
       grad=_clip_grad, family="structure",
       doc="Nx.clip: clamps each element into [min, max] (scalar bounds of the operand's "
           "type); NaN anywhere gives NaN and min > max gives max (as StableHLO clamp).")
