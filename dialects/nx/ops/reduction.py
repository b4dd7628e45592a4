"""Reductions: sum, product, reduce_max, reduce_min, argmax, argmin."""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, batch_rule, define, inner_of
from ..shapes import normalize_axes, normalize_axis
from .elementwise import compute_dtype


def _reduced_shape(shape, axes, keep):
    if keep:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _aggregate(t):
    """Nx.Type.to_aggregate."""
    if t == ("u", 64):
        return T.S64
    if t[0] == "u":
        return T.Type("u", 32)
    if t == ("s", 64):
        return T.S64
    if t[0] == "s":
        return T.S32
    return t


def _reduce_infer(name, rule):
    def infer(in_types, attrs):
        x = in_types[0]
        axes = normalize_axes(f"nx.{name}", x.shape, attrs["axes"])
        if rule == "same" and T.is_complex(x.dtype):
            raise OpError(f"nx.{name}: complex tensors are not ordered (got type {x.dtype})")
        dt = _aggregate(x.dtype) if rule == "aggregate" else x.dtype
        return [TensorType(_reduced_shape(x.shape, axes, attrs.get("keep_axes", False)), dt)]
    return infer


def _reduce_kernel(fn):
    def kernel(attrs, outs, x):
        out = outs[0]
        axes = tuple(attrs["axes"])
        with np.errstate(all="ignore"):
            if fn in (np.sum, np.prod):
                cd = compute_dtype(out.dtype)
                r = fn(x.astype(cd, copy=False), axis=axes, keepdims=attrs.get("keep_axes", False),
                       dtype=cd)
            elif x.size == 0:
                ident = T.min_value(out.dtype) if fn is np.max else T.max_value(out.dtype)
                r = np.full(out.shape, ident)
            else:
                r = fn(x, axis=axes, keepdims=attrs.get("keep_axes", False))
        return np.asarray(r).astype(out.dtype.dtype, copy=False).reshape(out.shape)
    return kernel


def _reduce_lower(name):
    def lower(ctx, op, x):
        out = op.results[0].type
        src = op.operands[0].type
        x = ctx.cast(x, src.dtype, out.dtype)
        axes = list(op.attrs["axes"])
        if name == "sum":
            init, body = 0, "AddOp"
        elif name == "product":
            init, body = 1, "MulOp"
        elif name == "reduce_max":
            init, body = T.min_value(out.dtype), "MaxOp"
        else:
            init, body = T.max_value(out.dtype), "MinOp"
        r = ctx.reduce(x, init, axes, body, out.dtype)
        return ctx.hlo.ReshapeOp(ctx.ttype(out), r).result if op.attrs.get("keep_axes") else r
    return lower



# --- gradient rules (see nx/passes/grad_expansion.py for the signature) -------------------

def _unreduce(nx, op, t, shape):
    """`t`, a reduction's result (or its cotangent), broadcast back to the input `shape`."""
    axes = normalize_axes(op.name, shape, op.attrs["axes"])
    if op.attrs.get("keep_axes", False):
        return nx.broadcast(t, shape)
    return nx.broadcast(t, shape, axes=[i for i in range(len(shape)) if i not in axes])


def _sum_grad(nx, op, inputs, ans, g):
    return [_unreduce(nx, op, g, inputs[0].shape)]


def _product_grad(nx, op, inputs, ans, g):
    """d prod / dx_i is the product of the other elements: prod / x_i when no element is zero;
    with exactly one zero, the product of the non-zero elements at the zero and 0 elsewhere;
    with several zeros, 0 everywhere (as Nx)."""
    x = inputs[0]
    axes = list(normalize_axes(op.name, x.shape, op.attrs["axes"]))
    zero = nx.equal(x, 0)
    safe = nx.select(zero, nx.tensor(1, type=x.type), x)
    others = nx.product(safe, axes=axes, keep_axes=True)         # product of the non-zeros
    nzeros = nx.sum(nx.as_type(zero, "s32"), axes=axes, keep_axes=True)
    at_zero = nx.select(nx.equal(nzeros, 1), others, nx.tensor(0, type=others.type))
    elsewhere = nx.select(nx.equal(nzeros, 0), others / safe, nx.tensor(0, type=others.type))
    d = nx.select(zero, at_zero, elsewhere)
    gk = g if op.attrs.get("keep_axes", False) else \
        nx.broadcast(g, nzeros.shape, axes=[i for i in range(len(x.shape)) if i not in axes])
    return [d * gk]


def _max_min_grad(nx, op, inputs, ans, g):
    """Ties share the gradient equally."""
    x = inputs[0]
    mask = nx.as_type(nx.equal(x, _unreduce(nx, op, ans, x.shape)), g.type)
    count = nx.sum(mask, axes=list(normalize_axes(op.name, x.shape, op.attrs["axes"])),
                   keep_axes=op.attrs.get("keep_axes", False))
    return [mask * _unreduce(nx, op, g / count, x.shape)]


_REDUCE_GRAD = {"sum": _sum_grad, "product": _product_grad, "reduce_max": _max_min_grad,
                "reduce_min": _max_min_grad}


for _name, _fn, _rule in (("sum", np.sum, "aggregate"), ("product", np.prod, "aggregate"),
                          ("reduce_max", np.max, "same"), ("reduce_min", np.min, "same")):
    define(_name, batch=batch_rule("reduce_axes"), infer=_reduce_infer(_name, _rule),
           kernel=_reduce_kernel(_fn),
           lower=_reduce_lower(_name), grad=_REDUCE_GRAD[_name], family="reduction",
           doc=f"{_name} over `axes` (`keep_axes` keeps them as size 1).")


# argmax / argmin ----------------------------------------------------------------------------
def _arg_infer(name):
    def infer(in_types, attrs):
        x = in_types[0]
        if T.is_complex(x.dtype):
            raise OpError(f"nx.{name}: complex tensors are not ordered (got type {x.dtype})")
        tb = attrs.get("tie_break", "low")
        if tb not in ("low", "high"):
            raise OpError(f"nx.{name}: unknown tie_break {tb!r}, expected \"low\" or \"high\"")
        axis = attrs.get("axis")
        if axis is None:
            shape = ()
        else:
            a = normalize_axis(f"nx.{name}", x.shape, axis)
            shape = _reduced_shape(x.shape, (a,), attrs.get("keep_axis", False))
        return [TensorType(shape, attrs.get("type", T.S32))]
    return infer


def _arg_kernel(name):
    def kernel(attrs, outs, x):
        axis = attrs.get("axis")
        high = attrs.get("tie_break", "low") == "high"
        fn = np.argmax if name == "argmax" else np.argmin
        if axis is None:
            x = x.reshape(-1)
            axis = 0
        if x.dtype.kind not in "fiu":
            x = x.astype(np.float32)
        n = x.shape[axis]
        if high:
            r = n - 1 - fn(np.flip(x, axis), axis=axis)
        else:
            r = fn(x, axis=axis)
        if x.dtype.kind == "f":
            # NaN is the extreme; with several, the last one wins (Nx's binary backend),
            # whatever the tie_break
            nan = np.isnan(x)
            if nan.any():
                last = n - 1 - np.argmax(np.flip(nan, axis), axis=axis)
                r = np.where(nan.any(axis=axis), last, r)
        return np.asarray(r).astype(outs[0].dtype.dtype).reshape(outs[0].shape)
    return kernel


def _arg_lower(name):
    def lower(ctx, op, x):
        return ctx.argminmax(op, x, name == "argmax")
    return lower


def _arg_reduce_batch(nx, op, inputs, vec):
    """argmax/argmin: the axis shifts; without one, the inner axes are flattened first."""
    x = inputs[0]
    k = vec.k
    attrs = dict(op.attrs)
    inner = inner_of(op.operands[0])
    if attrs.get("axis") is None:
        x = nx.apply_op("reshape", [x], {"shape": x.shape[:k] + (inner.size,)})
        attrs["axis"] = k
        keep = attrs.pop("keep_axis", False)
        out = vec.same_op(op, [x], attrs)
        res = inner_of(op.results[0]).shape
        return (nx.apply_op("reshape", [out], {"shape": out.shape[:k] + res})
                if keep or res != out.shape[k:] else out)
    attrs["axis"] = vec.shift([attrs["axis"]], inner.rank)[0]
    return vec.same_op(op, [x], attrs)


for _name in ("argmax", "argmin"):
    define(_name, batch=_arg_reduce_batch, infer=_arg_infer(_name),
           kernel=_arg_kernel(_name), lower=_arg_lower(_name), grad=lambda *a: [],
           missing={}, family="reduction",
           doc=f"Index of the {'largest' if _name == 'argmax' else 'smallest'} element along "
               "`axis` (all elements when absent); NaN counts as the extreme (the last NaN when "
               "there are several, as Nx's binary backend); `tie_break` for equal values.")
