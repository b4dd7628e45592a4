"""Control flow with regions: nx.while, nx.cond, and their terminator nx.yield.

Regions may use values defined above them (implicit capture, as in MLIR).
- `nx.while %init...` has two regions taking the state: `cond` yields a scalar predicate,
  `body` yields the next state. Results are the final state.
- `nx.cond %pred` has two regions without arguments, `then` and `else`, each yielding the
  results.
"""
from __future__ import annotations

from ..registry import OpError, batch_rule, define

_REGION_KERNEL = ("kernel takes `regions=`: the evaluator passes one callable per region")


def _while_infer(in_types, attrs):
    return list(in_types)


def _region_check(op, i, arg_types, yield_types, what):
    blk = op.regions[i].blocks[0]
    got = [a.type for a in blk.args]
    if got != list(arg_types):
        raise OpError(f"nx.{op.name[3:]}: the {what} region takes {[str(t) for t in got]} but "
                      f"must take {[str(t) for t in arg_types]}")
    term = blk.ops[-1] if blk.ops else None
    ys = [v.type for v in term.operands] if term is not None else []
    if yield_types is not None and ys != list(yield_types):
        raise OpError(f"nx.{op.name[3:]}: the {what} region yields {[str(t) for t in ys]} but "
                      f"must yield {[str(t) for t in yield_types]}")
    return ys


def _while_verify(op):
    state = [v.type for v in op.operands]
    ys = _region_check(op, 0, state, None, "cond")
    if len(ys) != 1 or ys[0].shape != ():
        raise OpError(f"nx.while: the cond region must yield one scalar, got "
                      f"{[str(t) for t in ys]}")
    _region_check(op, 1, state, state, "body")


def _cond_verify(op):
    for i, what in enumerate(("then", "else")):
        _region_check(op, i, [], op.result_types, what)


def _while_kernel(attrs, outs, *state, regions):
    cond, body = regions
    state = list(state)
    while int(cond(*state)[0]) != 0:
        state = body(*state)
    return state


def _while_lower(ctx, op, *init):
    return ctx.lower_while(op, list(init))


_REGION_GRAD = ("differentiated by the grad-expansion pass itself (an op with regions: see "
                "compiler/passes/grad_expansion.py)")

define("while", batch=batch_rule("while"), infer=_while_infer, kernel=_while_kernel,
       lower=_while_lower, num_regions=2, verify=_while_verify, missing={"grad": _REGION_GRAD},
       family="control",
       doc="Loops `body` over the state while `cond` yields a non-zero scalar.")


def _cond_infer(in_types, attrs):
    if len(in_types) != 1 or in_types[0].shape != ():
        shapes = [t.shape for t in in_types]
        raise OpError(f"nx.cond: expects one scalar predicate, got operands of shapes {shapes}")
    return [t for t in attrs["result_types"]]


def _cond_kernel(attrs, outs, pred, *, regions):
    then, else_ = regions
    return then() if int(pred) != 0 else else_()


define("cond", batch=batch_rule("cond"), infer=_cond_infer, kernel=_cond_kernel,
       lower=lambda ctx, op, pred: ctx.lower_cond(op, pred), num_regions=2, verify=_cond_verify,
       missing={"grad": _REGION_GRAD},
       family="control",
       doc="Runs the `then` region when the scalar predicate is non-zero, else `else`; "
           "`result_types` lists what both yield.")


define("yield", infer=lambda in_types, attrs: [],
       missing={"kernel": "a terminator: the evaluator returns its operands from the region",
                "lower": "a terminator: region lowering turns it into stablehlo.return",
                "grad": "a terminator has no value of its own to differentiate",
                "batch": "a terminator passes its operands through unchanged"},
       family="control", doc="Ends a region, giving its results.")
