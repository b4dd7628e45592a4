"""docs/ops.md's example: a new op of the nx dialect, `nx.softsign` (x / (1 + |x|)), in one
definition. Importing this file registers it; `nx.apply_op("softsign", [x])` then runs it
eagerly (numpy and xla backends), under `nx.jit` (XLA and the evaluator), differentiated
by `nx.grad` and on vectorized tensors. tests/py/test_ops_guide.py runs it in a fresh process.
"""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import TensorType
from nx.dialects.nx.registry import OpTypeError, batch_rule, define


def _infer(in_types, attrs):
    """The shape/type rule: the verifier, tracing and eager calls all use it, so a bad operand
    is reported the same way everywhere."""
    (x,) = in_types
    if x.dtype[0] not in ("f", "bf"):
        raise OpTypeError(f"nx.softsign: expected a floating-point tensor, got {x.dtype}")
    return [TensorType(x.shape, x.dtype)]


def _kernel(attrs, out_types, x):
    """The NumPy reference kernel (the numpy backend and the evaluator): computed in f64 and
    rounded once."""
    x64 = x.astype(np.float64)
    return (x64 / (1 + np.abs(x64))).astype(out_types[0].dtype.dtype)


def _lower(ctx, op, x):
    """The StableHLO lowering (ctx: compiler/lower.py's LowerCtx; ctx.hlo is the stablehlo
    dialect of jaxlib's MLIR bindings)."""
    t = op.results[0].type
    one = ctx.full(1, t)
    denom = ctx.hlo.AddOp(one, ctx.hlo.AbsOp(x).result).result
    return ctx.hlo.DivOp(x, denom).result


def _grad(nx, op, inputs, ans, g):
    """d/dx x / (1 + |x|) = 1 / (1 + |x|)^2, written with the nx API it is given."""
    (x,) = inputs
    d = 1 + nx.abs(x)
    return [g / (d * d)]


define("softsign", infer=_infer, kernel=_kernel, lower=_lower, grad=_grad,
       batch=batch_rule("elementwise"), family="unary",
       doc="Element-wise x / (1 + |x|) (the example of docs/ops.md).")


def softsign(x):
    """The front-end function: an op needs none (`nx.apply_op` runs any registered op), but
    this is how one reads in user code."""
    import nx
    return nx.apply_op("softsign", [x])


__all__ = ["softsign"]
