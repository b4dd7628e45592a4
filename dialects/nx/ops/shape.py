"""Shape ops: reshape, transpose, broadcast, squeeze, slice, concatenate, pad, reverse."""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import TensorType

from ..registry import OpError, VectorizeError, batch_rule, define, inner_of
from ..shapes import normalize_axes, size
from .indexing import window_indices


def _one(in_types):
    (x,) = in_types
    return x


# --- gradient rules (see nx/passes/grad_expansion.py for the signature) -------------------

def _reshape_grad(nx, op, inputs, ans, g):
    return [nx.reshape(g, inputs[0].shape)]


def _transpose_grad(nx, op, inputs, ans, g):
    perm = list(op.attrs["axes"])
    inv = [perm.index(i) for i in range(len(perm))]
    return [nx.transpose(g, axes=inv)]


def _broadcast_grad(nx, op, inputs, ans, g):
    x = inputs[0]
    axes = list(op.attrs["axes"])
    shape = tuple(op.attrs["shape"])
    summed = [i for i in range(len(shape)) if i not in axes]
    summed += [a for i, a in enumerate(axes) if x.shape[i] == 1 and shape[a] != 1]
    if summed:
        g = nx.sum(g, axes=sorted(summed), keep_axes=True)
    return [nx.reshape(g, x.shape)]


def _slice_grad(nx, op, inputs, ans, g):
    x = inputs[0]
    if 0 in ans.shape:
        return [None]
    cfg = []
    for s, n, st, d in zip(op.attrs["start"], ans.shape, op.attrs["strides"], x.shape):
        cfg.append((s, d - (s + (n - 1) * st + 1), st - 1))
    return [nx.pad(g, 0, cfg)]


def _concatenate_grad(nx, op, inputs, ans, g):
    axis = op.attrs["axis"]
    out, off = [], 0
    for x in inputs:
        start = [0] * len(x.shape)
        start[axis] = off
        out.append(nx.slice(g, start, list(x.shape)))
        off += x.shape[axis]
    return out


def _pad_grad(nx, op, inputs, ans, g):
    x, v = inputs
    lo, hi, it = op.attrs["low"], op.attrs["high"], op.attrs["interior"]
    if 0 in x.shape:
        return [None, nx.sum(g)]
    if any(l < 0 or h < 0 for l, h in zip(lo, hi)):
        g = nx.pad(g, 0, [(max(-l, 0), max(-h, 0), 0) for l, h in zip(lo, hi)])
    dx = nx.slice(g, [max(l, 0) for l in lo], [(d - 1) * (i + 1) + 1 for d, i in zip(x.shape, it)],
                  [i + 1 for i in it])
    return [dx, nx.sum(g) - nx.sum(dx)]


# --- canonicalization patterns (the canonicalize pass; each exact: data movement only) ------

from nx.compiler.rewriter import is_plain as _plain  # noqa: E402


def _reshape_fold(op, rewriter):
    """A reshape/squeeze to the operand's own type -> the operand; a reshape/squeeze of a
    reshape/squeeze -> one reshape of the innermost operand (or that operand)."""
    if not _plain(op):
        return False
    x = op.operands[0]
    res = op.results[0].type
    if x.type == res:
        return rewriter.replace(op, [x])
    inner = x.defining_op
    if inner is not None and inner.name in ("nx.reshape", "nx.squeeze"):
        src = inner.operands[0]
        if src.type == res:
            return rewriter.replace(op, [src])
        if type(src.type) is TensorType:
            new = rewriter.create("nx.reshape", [src], [res], {"shape": tuple(res.shape)})
            return rewriter.replace(op, new.results)
    return False


def _transpose_fold(op, rewriter):
    """The identity permutation -> the operand; a transpose of a transpose -> one transpose
    of the composed permutation (or the operand when that is the identity)."""
    if not _plain(op):
        return False
    x = op.operands[0]
    res = op.results[0].type
    perm = tuple(op.attrs["axes"])
    if perm == tuple(range(len(perm))) and x.type == res:
        return rewriter.replace(op, [x])
    inner = x.defining_op
    if inner is not None and inner.name == "nx.transpose":
        p1 = tuple(inner.attrs["axes"])
        composed = tuple(p1[i] for i in perm)
        src = inner.operands[0]
        if composed == tuple(range(len(composed))) and src.type == res:
            return rewriter.replace(op, [src])
        new = rewriter.create("nx.transpose", [src], [res], {"axes": composed})
        return rewriter.replace(op, new.results)
    return False


def _broadcast_noop(op, rewriter):
    """A broadcast that changes nothing (same type, axes in order) -> the operand."""
    if not _plain(op):
        return False
    x = op.operands[0]
    res = op.results[0].type
    if x.type == res and tuple(op.attrs.get("axes", ())) == tuple(range(len(res.shape))):
        return rewriter.replace(op, [x])
    return False


def _slice_noop(op, rewriter):
    """A slice of everything (same type, starts 0, strides 1) -> the operand."""
    if not _plain(op):
        return False
    x = op.operands[0]
    if (x.type == op.results[0].type and all(s == 0 for s in op.attrs.get("start", ()))
            and all(s == 1 for s in op.attrs.get("strides", ()))):
        return rewriter.replace(op, [x])
    return False


def _reverse_fold(op, rewriter):
    """A reverse of no axes -> the operand; reverse(reverse(x)) on the same axes -> x."""
    if not _plain(op):
        return False
    x = op.operands[0]
    res = op.results[0].type
    if not op.attrs.get("axes"):
        return rewriter.replace(op, [x]) if x.type == res else False
    inner = x.defining_op
    if (inner is not None and inner.name == "nx.reverse"
            and sorted(inner.attrs.get("axes", ())) == sorted(op.attrs["axes"])
            and inner.operands[0].type == res):
        return rewriter.replace(op, [inner.operands[0]])
    return False


# reshape ------------------------------------------------------------------------------------
def _reshape_infer(in_types, attrs):
    x = in_types[0]
    shape = tuple(attrs["shape"])
    if size(shape) != size(x.shape) or any(d < 0 for d in shape):
        raise OpError(f"nx.reshape: cannot reshape a tensor of shape {x.shape} "
                      f"({size(x.shape)} elements) into shape {shape} ({size(shape)} elements)")
    return [TensorType(shape, x.dtype)]


def _reshape_batch(nx, op, inputs, vec):
    x = inputs[0]
    return vec.same_op(op, [x], {**op.attrs, "shape": x.shape[:vec.k] + tuple(op.attrs["shape"])})


define("reshape", batch=_reshape_batch, infer=_reshape_infer,
       grad=_reshape_grad,
       kernel=lambda a, o, x: x.reshape(a["shape"]),
       lower=lambda ctx, op, x: ctx.hlo.ReshapeOp(ctx.ttype(op.results[0].type), x).result,
       canonicalize=[_reshape_fold],
       family="shape", doc="Same elements, new shape (`shape` attribute).")


# transpose ----------------------------------------------------------------------------------
def _transpose_infer(in_types, attrs):
    x = in_types[0]
    perm = tuple(attrs["axes"])
    if sorted(perm) != list(range(len(x.shape))):
        raise OpError(f"nx.transpose: axes {list(perm)} is not a permutation of the axes of a "
                      f"tensor of shape {x.shape}")
    return [TensorType(tuple(x.shape[p] for p in perm), x.dtype)]


def _transpose_batch(nx, op, inputs, vec):
    k = vec.k
    return vec.same_op(op, inputs,
                    {**op.attrs, "axes": tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])})


define("transpose", batch=_transpose_batch, infer=_transpose_infer,
       grad=_transpose_grad,
       kernel=lambda a, o, x: np.transpose(x, a["axes"]).copy(),
       lower=lambda ctx, op, x: ctx.hlo.TransposeOp(x, list(op.attrs["axes"])).result,
       canonicalize=[_transpose_fold],
       family="shape", doc="Permutes axes: result axis i is input axis `axes[i]`.")


# broadcast ----------------------------------------------------------------------------------
def _broadcast_infer(in_types, attrs):
    x = in_types[0]
    shape = tuple(attrs["shape"])
    axes = tuple(attrs["axes"])
    if len(axes) != len(x.shape):
        raise OpError(f"nx.broadcast: axes {list(axes)} must name one target axis per input "
                      f"axis (input shape {x.shape}, target shape {shape})")
    for i, a in enumerate(axes):
        if not 0 <= a < len(shape) or x.shape[i] not in (1, shape[a]):
            raise OpError(f"nx.broadcast: cannot broadcast tensor of shape {x.shape} to "
                          f"{shape} with axes {list(axes)}")
        if i and axes[i - 1] >= a:
            raise OpError(f"nx.broadcast: axes {list(axes)} must be increasing")
    return [TensorType(shape, x.dtype)]


def _broadcast_kernel(attrs, outs, x):
    shape = tuple(attrs["shape"])
    axes = attrs["axes"]
    expanded = [1] * len(shape)
    for i, a in enumerate(axes):
        expanded[a] = x.shape[i]
    return np.broadcast_to(x.reshape(expanded), shape).copy()


def _broadcast_batch(nx, op, inputs, vec):
    x, k = inputs[0], vec.k
    return vec.same_op(op, [x], {**op.attrs, "shape": x.shape[:k] + tuple(op.attrs["shape"]),
                              "axes": tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])})


define("broadcast", batch=_broadcast_batch, infer=_broadcast_infer, kernel=_broadcast_kernel,
       grad=_broadcast_grad,
       lower=lambda ctx, op, x: ctx.hlo.BroadcastInDimOp(
           ctx.ttype(op.results[0].type), x, list(op.attrs["axes"])).result,
       canonicalize=[_broadcast_noop],
       family="shape",
       doc="Broadcasts to `shape`; input axis i goes to result axis `axes[i]` (size 1 or equal).")


# squeeze ------------------------------------------------------------------------------------
def _squeeze_infer(in_types, attrs):
    x = in_types[0]
    axes = normalize_axes("nx.squeeze", x.shape, attrs["axes"])
    for a in axes:
        if x.shape[a] != 1:
            raise OpError(f"nx.squeeze: cannot squeeze axis {a} of size {x.shape[a]} "
                          f"(shape {x.shape}); only axes of size 1 can be squeezed")
    return [TensorType(tuple(d for i, d in enumerate(x.shape) if i not in axes), x.dtype)]


define("squeeze", batch=batch_rule("axes_attr"), infer=_squeeze_infer,
       grad=_reshape_grad,
       kernel=lambda a, o, x: x.reshape(o[0].shape),
       lower=lambda ctx, op, x: ctx.hlo.ReshapeOp(ctx.ttype(op.results[0].type), x).result,
       canonicalize=[_reshape_fold],
       family="shape", doc="Removes the given axes of size 1.")


# slice --------------------------------------------------------------------------------------
def _slice_infer(in_types, attrs):
    x = in_types[0]
    starts, lengths, strides = attrs["start"], attrs["lengths"], attrs["strides"]
    rank = len(x.shape)
    if not len(starts) == len(lengths) == len(strides) == rank:
        raise OpError(f"nx.slice: start {list(starts)}, lengths {list(lengths)} and strides "
                      f"{list(strides)} must each have one entry per axis of shape {x.shape}")
    out = []
    for ax, (s, l, st, d) in enumerate(zip(starts, lengths, strides, x.shape)):
        if st < 1:
            raise OpError(f"nx.slice: stride {st} on axis {ax} must be positive")
        if l < 0 or s < 0 or s + l > d:
            raise OpError(f"nx.slice: start {s} with length {l} is out of bounds for axis {ax} "
                          f"of size {d} (shape {x.shape})")
        out.append((l + st - 1) // st)
    return [TensorType(tuple(out), x.dtype)]


def _slice_kernel(attrs, outs, x):
    idx = tuple(slice(s, s + l, st)
                for s, l, st in zip(attrs["start"], attrs["lengths"], attrs["strides"]))
    return x[idx].copy()


def _slice_lower(ctx, op, x):
    a = op.attrs
    limits = [s + l for s, l in zip(a["start"], a["lengths"])]
    return ctx.hlo.SliceOp(x, list(a["start"]), limits, list(a["strides"])).result


def _slice_batch(nx, op, inputs, vec):
    x, k = inputs[0], vec.k
    a = op.attrs
    return vec.same_op(op, [x], {**a, "start": (0,) * k + tuple(a["start"]),
                              "lengths": x.shape[:k] + tuple(a["lengths"]),
                              "strides": (1,) * k + tuple(a["strides"])})


define("slice", batch=_slice_batch, infer=_slice_infer, kernel=_slice_kernel,
       lower=_slice_lower, family="shape", grad=_slice_grad, canonicalize=[_slice_noop],
       doc="Static slice: `start`, `lengths` and `strides` per axis.")


# concatenate --------------------------------------------------------------------------------
def _concat_infer(in_types, attrs):
    if not in_types:
        raise OpError("nx.concatenate: expected at least one tensor")
    axis = attrs["axis"]
    first = in_types[0]
    rank = len(first.shape)
    if not 0 <= axis < rank:
        raise OpError(f"nx.concatenate: axis {axis} is out of range for tensors of rank {rank}")
    total = 0
    for t in in_types:
        if len(t.shape) != rank or any(d != e for i, (d, e) in enumerate(zip(t.shape, first.shape))
                                       if i != axis):
            shapes = ", ".join(str(x.shape) for x in in_types)
            raise OpError(f"nx.concatenate: shapes {shapes} differ outside axis {axis}")
        if t.dtype != first.dtype:
            raise OpError(f"nx.concatenate: operands must share one type in the IR, got "
                          f"{', '.join(str(x.dtype) for x in in_types)}")
        total += t.shape[axis]
    shape = list(first.shape)
    shape[axis] = total
    return [TensorType(tuple(shape), first.dtype)]


def _concatenate_batch(nx, op, inputs, vec):
    return vec.same_op(op, vec.all_full(inputs), {**op.attrs, "axis": op.attrs["axis"] + vec.k})


define("concatenate", batch=_concatenate_batch, infer=_concat_infer,
       grad=_concatenate_grad,
       kernel=lambda a, o, *xs: np.concatenate(xs, axis=a["axis"]),
       lower=lambda ctx, op, *xs: ctx.hlo.ConcatenateOp(list(xs), op.attrs["axis"]).result,
       family="shape", doc="Joins tensors of one type along `axis`.")


# pad ----------------------------------------------------------------------------------------
def _pad_infer(in_types, attrs):
    x, v = in_types
    if v.shape != ():
        raise OpError(f"nx.pad: the pad value must be a scalar, got shape {v.shape}")
    cfg = attrs["low"], attrs["high"], attrs["interior"]
    if not all(len(c) == len(x.shape) for c in cfg):
        raise OpError(f"nx.pad: padding config must have one entry per axis of shape {x.shape}")
    out = []
    for d, lo, hi, it in zip(x.shape, *cfg):
        if it < 0:
            raise OpError(f"nx.pad: interior padding must be non-negative, got {it}")
        n = d + lo + hi + max(d - 1, 0) * it
        if n < 0:
            raise OpError(f"nx.pad: padding ({lo}, {hi}, {it}) removes more than axis size {d}")
        out.append(n)
    return [TensorType(tuple(out), x.dtype)]


def _pad_kernel(attrs, outs, x, v):
    lo, hi, it = attrs["low"], attrs["high"], attrs["interior"]
    # interior first
    shape = [d + max(d - 1, 0) * i for d, i in zip(x.shape, it)]
    y = np.full(shape, v, x.dtype)
    y[tuple(slice(None, None, i + 1) for i in it)] = x
    # edges (negative = crop)
    pads = [(max(l, 0), max(h, 0)) for l, h in zip(lo, hi)]
    y = np.pad(y, pads, constant_values=v) if any(p != (0, 0) for p in pads) else y
    crop = tuple(slice(-l if l < 0 else 0, (y.shape[i] + h) if h < 0 else None)
                 for i, (l, h) in enumerate(zip(lo, hi)))
    return y[crop].astype(x.dtype)


def _pad_batch(nx, op, inputs, vec):
    x, v = inputs
    k = vec.k
    if vec.batched[1]:
        raise VectorizeError("vectorize: nx.pad: the pad value must not be vectorized (as in Nx)")
    a = op.attrs
    return vec.same_op(op, [x, v], {**a, "low": (0,) * k + tuple(a["low"]),
                                 "high": (0,) * k + tuple(a["high"]),
                                 "interior": (0,) * k + tuple(a["interior"])})


define("pad", batch=_pad_batch, infer=_pad_infer, kernel=_pad_kernel,
       grad=_pad_grad,
       lower=lambda ctx, op, x, v: ctx.hlo.PadOp(x, v, list(op.attrs["low"]),
                                                 list(op.attrs["high"]),
                                                 list(op.attrs["interior"])).result,
       family="shape", doc="Pads with a scalar value: `low`, `high` (negative crops), `interior`.")


# reverse ------------------------------------------------------------------------------------
def _reverse_infer(in_types, attrs):
    x = in_types[0]
    normalize_axes("nx.reverse", x.shape, attrs["axes"])
    return [x]


define("reverse", batch=batch_rule("axes_attr"), infer=_reverse_infer,
       grad=lambda nx, op, xs, ans, g: [nx.reverse(g, axes=list(op.attrs["axes"]))],
       kernel=lambda a, o, x: np.flip(x, a["axes"]).copy() if a["axes"] else x.copy(),
       lower=lambda ctx, op, x: ctx.hlo.ReverseOp(x, list(op.attrs["axes"])).result,
       canonicalize=[_reverse_fold],
       family="shape", doc="Reverses the given axes.")


# dynamic_slice ------------------------------------------------------------------------------
def _dynamic_slice_infer(in_types, attrs):
    x, starts = in_types[0], in_types[1:]
    lengths = tuple(attrs["lengths"])
    if len(starts) != len(x.shape) or len(lengths) != len(x.shape):
        raise OpError(f"nx.dynamic_slice: expected one start index and one length per axis of "
                      f"shape {x.shape}, got {len(starts)} starts and lengths {list(lengths)}")
    for i, (s, l, d) in enumerate(zip(starts, lengths, x.shape)):
        if s.shape != () or s.dtype[0] not in ("s", "u"):
            raise OpError(f"nx.dynamic_slice: start index for axis {i} must be an integer "
                          f"scalar, got {s}")
        if not 0 <= l <= d:
            raise OpError(f"nx.dynamic_slice: length {l} does not fit axis {i} of size {d}")
    return [TensorType(lengths, x.dtype)]


def _dynamic_slice_kernel(attrs, outs, x, *starts):
    idx = []
    for s, l, d in zip(starts, attrs["lengths"], x.shape):
        s = min(max(int(s), 0), d - l)   # clamped so the slice fits, as Nx and StableHLO do
        idx.append(slice(s, s + l))
    return x[tuple(idx)].copy()


def _dynamic_slice_grad(nx, op, inputs, ans, g):
    """The cotangent written into zeros at the (clamped) window; none for the start indices."""
    zeros = nx.broadcast(nx.tensor(0, type=g.type), inputs[0].shape)
    return [nx.put_slice(zeros, list(inputs[1:]), g)] + [None] * (len(inputs) - 1)


def _dynamic_slice_batch(nx, op, inputs, vec):
    x, starts = inputs[0], inputs[1:]
    k = vec.k
    if not any(vec.batched[1:]):
        zero = nx.tensor(0, type=starts[0].type) if starts else None
        z = zero if zero is not None else nx.tensor(0, type="s32")
        return nx.apply_op("dynamic_slice", [x] + [z] * k + list(starts),
                      {**op.attrs, "lengths": x.shape[:k] + tuple(op.attrs["lengths"])})
    # per-entry starts: a gather of every element of the window
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    lengths = tuple(op.attrs["lengths"])
    idx = window_indices(nx, vec, starts, vec.batched[1:], inner_of(op.operands[0]).shape, lengths)
    return nx.apply_op("gather", [x, idx], {"axes": tuple(range(k + len(lengths)))})


define("dynamic_slice", batch=_dynamic_slice_batch, infer=_dynamic_slice_infer,
       kernel=_dynamic_slice_kernel,
       grad=_dynamic_slice_grad, lower=lambda ctx, op, x, *starts: ctx.hlo.DynamicSliceOp(
           x, list(starts), list(op.attrs["lengths"])).result,
       family="shape",
       doc="Slice of static `lengths` at run-time start indices (one integer scalar operand per "
           "axis), clamped so the slice fits.")
