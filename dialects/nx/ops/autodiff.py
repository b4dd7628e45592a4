"""Automatic differentiation ops: nx.stop_grad, nx.custom_grad and nx.grad.

- `nx.stop_grad %x` is the identity whose gradient is zero.
- `nx.custom_grad %value, %inputs...` is the identity on `%value`; its region takes the value's
  cotangent and yields one cotangent per input: when differentiated, the gradient flows to the
  inputs through the region instead of through the computation of `%value`.
- `nx.grad %x...` has one region taking the differentiated leaves (one block argument per
  operand). The region yields the scalar objective first, then `num_values` values to return.
  Results are those values, then one gradient per operand (the operand's float type). The
  grad-expansion pass replaces it by the forward computation and its reverse-mode adjoint.
"""
from __future__ import annotations

from ..registry import OpError, batch_rule, define, region_grad

_EXPANDED = "expanded by grad-expansion before any kernel runs"


def _stop_grad_grad(nx, op, inputs, ans, g):
    return [None]


define("stop_grad", batch=batch_rule("elementwise"), infer=lambda in_types, attrs: [in_types[0]],
       kernel=lambda attrs, outs, x: x.copy(),
       lower=lambda ctx, op, x: x,
       grad=_stop_grad_grad, family="unary",
       doc="The identity; its gradient is zero (the value is a constant for nx.grad).")


def _grad_infer(in_types, attrs):
    return list(attrs["result_types"])


def _grad_verify(op):
    blk = op.regions[0].blocks[0]
    got = [a.type for a in blk.args]
    want = [v.type for v in op.operands]
    if got != want:
        raise OpError(f"nx.grad: the region takes {[str(t) for t in got]} but must take "
                      f"{[str(t) for t in want]}")
    term = blk.ops[-1] if blk.ops else None
    ys = list(term.operands) if term is not None else []
    k = op.attrs.get("num_values", 0)
    if len(ys) != 1 + k or ys[0].type.shape != ():
        raise OpError(f"nx.grad: the region must yield a scalar objective then {k} values, "
                      f"got {[str(v.type) for v in ys]}")
    if len(op.results) != k + len(op.operands):
        raise OpError(f"nx.grad: expected {k} values and {len(op.operands)} gradients as results, "
                      f"got {len(op.results)} results")


define("grad", infer=_grad_infer, num_regions=1, verify=_grad_verify, family="control",
       missing={"kernel": _EXPANDED, "lower": _EXPANDED,
                "grad": "nested nx.grad ops are expanded innermost first by grad-expansion",
                "batch": "expanded by grad-expansion before vectorize runs"},
       doc="Reverse-mode gradient of the region's scalar objective w.r.t. the operands; "
           "results are the `num_values` yielded values, then the gradients.")


def _custom_grad_verify(op):
    blk = op.regions[0].blocks[0]
    v = op.operands[0].type
    if len(blk.args) != 1 or blk.args[0].type.shape != v.shape:
        raise OpError(f"nx.custom_grad: the region must take one argument of shape {v.shape}, "
                      f"got {[str(a.type) for a in blk.args]}")
    term = blk.ops[-1] if blk.ops else None
    ys = list(term.operands) if term is not None else []
    if len(ys) != len(op.operands) - 1:
        raise OpError(f"nx.custom_grad: the region must yield one gradient per input "
                      f"({len(op.operands) - 1}), got {len(ys)}")


@region_grad
def _custom_grad_grad(nx, op, gs, ad):
    """The region maps the value's cotangent to one cotangent per input."""
    cts = ad.run_block(op.regions[0].blocks[0], [gs[0]])
    return [(v, c) for v, c in zip(op.operands[1:], cts) if v in ad.active]


define("custom_grad", batch=batch_rule("same_plain"), infer=lambda in_types, attrs: [in_types[0]],
       kernel=lambda attrs, outs, value, *inputs, regions=None: value.copy(),
       lower=lambda ctx, op, value, *inputs: value,
       grad=_custom_grad_grad, num_regions=1, verify=_custom_grad_verify, family="control",
       doc="The identity on the first operand; when differentiated, the region maps the "
           "value's cotangent to the cotangents of the other operands (Nx.Defn.custom_grad).")
