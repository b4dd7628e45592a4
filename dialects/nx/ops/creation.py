"""Ops that make tensors from attributes: constant, iota, eye."""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType
from nx.compiler.printer import DenseAttr

from ..registry import OpError, define
from ..shapes import normalize_axis, size

_NO_OPERANDS = "an op without operands has nothing to batch: its result is never vectorized"


def _constant_infer(in_types, attrs):
    if in_types:
        raise OpError("nx.constant: takes no operands")
    v = attrs["value"]
    if not isinstance(v, DenseAttr):
        raise OpError(f"nx.constant: value must be a dense attribute, got {v!r}")
    return [v.type]


define("constant", infer=_constant_infer,
       kernel=lambda a, o: a["value"].array.copy(),
       lower=lambda ctx, op: ctx.constant(op.attrs["value"].array, op.results[0].type),
       grad=lambda *a: [],
       missing={"batch": "constants are never vectorized: the vectorize pass leaves them as "
                         "they are"},
       family="creation",
       doc="A constant tensor. The unit attribute `weak` marks a Python literal whose precision "
           "the const-precision pass settles from its users.")


def _iota_infer(in_types, attrs):
    shape = tuple(attrs["shape"])
    axis = attrs.get("axis")
    if axis is not None:
        normalize_axis("nx.iota", shape, axis)
    return [TensorType(shape, attrs["type"])]


def _iota_kernel(attrs, outs):
    shape = tuple(attrs["shape"])
    t = attrs["type"]
    axis = attrs.get("axis")
    if axis is None:
        dtype = np.float64 if not T.is_integer(t) else np.int64
        return np.arange(size(shape), dtype=dtype).reshape(shape).astype(t.dtype)
    idx = np.arange(shape[axis]).reshape([-1 if i == axis else 1 for i in range(len(shape))])
    return np.broadcast_to(idx, shape).astype(t.dtype)


def _iota_lower(ctx, op):
    out = op.results[0].type
    axis = op.attrs.get("axis")
    if axis is None:
        flat = TensorType((size(out.shape),), out.dtype)
        v = ctx.hlo.IotaOp(ctx.ttype(flat), 0).result
        return ctx.hlo.ReshapeOp(ctx.ttype(out), v).result
    return ctx.hlo.IotaOp(ctx.ttype(out), axis).result


define("iota", infer=_iota_infer, kernel=_iota_kernel, lower=_iota_lower,
       grad=lambda *a: [], missing={"batch": _NO_OPERANDS},
       family="creation", doc="Counts along `axis`, or over all elements when `axis` is absent.")


def _eye_infer(in_types, attrs):
    shape = tuple(attrs["shape"])
    if len(shape) < 2:
        raise OpError(f"nx.eye: shape must have rank 2 or more, got {shape}")
    return [TensorType(shape, attrs["type"])]


def _eye_kernel(attrs, outs):
    shape = tuple(attrs["shape"])
    m = np.eye(shape[-2], shape[-1], dtype=attrs["type"].dtype)
    return np.broadcast_to(m, shape).copy()


def _eye_lower(ctx, op):
    out = op.results[0].type
    r = len(out.shape)
    idx = TensorType(out.shape, T.S32)
    rows = ctx.hlo.IotaOp(ctx.ttype(idx), r - 2).result
    cols = ctx.hlo.IotaOp(ctx.ttype(idx), r - 1).result
    eq = ctx.compare(rows, cols, "EQ", T.S32)
    return ctx.cast(ctx.to_u8(eq), T.U8, out.dtype)


define("eye", infer=_eye_infer, kernel=_eye_kernel, lower=_eye_lower,
       grad=lambda *a: [], missing={"batch": _NO_OPERANDS},
       family="creation", doc="Identity matrices over the last two axes of `shape`.")
