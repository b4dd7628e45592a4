"""grad-expansion: replaces every `nx.grad` op by its forward computation and reverse-mode
adjoint.

Guarantees: no `nx.grad` op remains; nested `nx.grad` ops (grad of grad) are expanded
innermost first, so an outer gradient differentiates the inner expansion. The forward ops of
the region are inlined once (the canonicalize pass that follows merges them with equal ops of
the enclosing function and removes the unused ones). Gradients are built from each op's `grad`
rule, in reverse program order, only for ops that depend on a differentiated input (not
through `nx.stop_grad`); each cotangent is summed back to its operand's shape (implicit
broadcasting) and converted to its operand's float type. An input the objective does not
depend on gets a zero gradient. Differentiating through an op without a rule raises
`NoGradientError` (a TypeError) naming the op and the reason its rule is missing.

Rule signature: `grad(nx, op, inputs, ans, g) -> [cotangent or None per operand]`, where `nx`
is the `nx` package, `inputs`/`ans`/`g` are traced Tensors (operands, result, the result's
cotangent) and `op` gives the attributes. None means a zero cotangent. Rules run while a trace
builder is active, so they are written with the nx Tensor API.
"""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.types import to_float  # gradients take the input's float type; integers get f32
from nx.compiler.ir import Block, Builder, Operation, Region, Value, walk

from . import register_pass

__all__ = ["grad_expansion"]


def _find_grad(block):
    """The innermost nx.grad op of `block` (one nested in a region comes before its owner)."""
    for op in block.ops:
        for r in op.regions:
            for b in r.blocks:
                inner = _find_grad(b)
                if inner is not None:
                    return inner
        if op.name == "nx.grad":
            return op
    return None


def _clone(op, env):
    regions = []
    for r in op.regions:
        blocks = []
        for b in r.blocks:
            nb = Block([a.type for a in b.args])
            for a, na in zip(b.args, nb.args):
                env[a] = na
            for inner in b.ops:
                nb.append(_clone(inner, env))
            blocks.append(nb)
        regions.append(Region(blocks))
    new = Operation(op.name, [env.get(v, v) for v in op.operands], op.result_types,
                    dict(op.attrs), regions, op.loc)
    for a, n in zip(op.results, new.results):
        env[a] = n
    return new


def _used_values(op):
    """Operands of `op` and values its regions capture."""
    used = list(op.operands)
    for r in op.regions:
        for b in r.blocks:
            for inner in walk(b):
                used.extend(inner.operands)
    return used


def _tensor(v):
    from nx.tensor import Tensor
    return Tensor(v, v.type.shape, v.type.dtype)


def _zeros(ttype):
    import nx
    from nx.tensor import from_array
    dt = to_float(ttype.dtype)
    z = from_array(np.zeros((), dt.dtype), dt, backend="numpy")
    return nx.broadcast(z, ttype.shape) if ttype.shape else z


def _fit(nx, c, ttype):
    """`c` summed back to `ttype`'s shape (undoing implicit broadcasting), in its float type."""
    shape = tuple(ttype.shape)
    if c.shape != shape:
        lead = len(c.shape) - len(shape)
        if lead < 0:
            raise ValueError(f"grad-expansion: a cotangent of shape {c.shape} does not fit an "
                             f"operand of shape {shape}")
        if lead:
            c = nx.sum(c, axes=list(range(lead)))
        ones = [i for i, (d, e) in enumerate(zip(shape, c.shape)) if d == 1 and e != 1]
        if ones:
            c = nx.sum(c, axes=ones, keep_axes=True)
        if c.shape != shape:
            raise ValueError(f"grad-expansion: a cotangent of shape {c.shape} does not fit an "
                             f"operand of shape {shape}")
    want = to_float(ttype.dtype)
    if c.type != want:
        c = nx.as_type(c, want)
    return c


def _expand(fn_body, op):
    import nx
    from nx._dispatch import constant_value
    from nx.dialects.nx import registry

    parent = op.parent
    pos = parent.ops.index(op)
    rblk = op.regions[0].blocks[0]
    body, term = rblk.ops[:-1], rblk.ops[-1]
    k = op.attrs.get("num_values", 0)
    env = dict(zip(rblk.args, op.operands))
    tmp = Block()
    with trace.building(tmp):
        for o in body:
            tmp.append(_clone(o, env))
        # which values depend on the differentiated inputs
        active = set(rblk.args)
        for o in body:
            if o.name == "nx.stop_grad":
                continue
            if any(v in active for v in _used_values(o)):
                active.update(o.results)
        obj = term.operands[0]
        ct = {}
        if obj in active:
            one = np.ones((), to_float(obj.type.dtype).dtype)
            from nx.tensor import from_array
            ct[obj] = from_array(one, to_float(obj.type.dtype), backend="numpy")
        for o in reversed(body):
            if not any(r in ct for r in o.results) or not any(r in active for r in o.results):
                continue
            d = registry.get(o.name)
            if d.grad is None or o.regions or len(o.results) != 1:
                if o.regions or len(o.results) != 1:
                    reason = ("differentiating through control flow (ops with regions) or ops "
                              "with several results is not supported yet")
                else:
                    reason = d.missing.get("grad", "it has no gradient rule")
                raise registry.NoGradientError(
                    f"nx.grad: cannot differentiate through {o.name}: {reason}")
            inputs = [_tensor(env.get(v, v)) for v in o.operands]
            ans = _tensor(env[o.results[0]])
            cts = d.grad(nx, o, inputs, ans, ct[o.results[0]])
            for v, c in zip(o.operands, cts):
                if c is None or v not in active:
                    continue
                c = _fit(nx, c, v.type)
                ct[v] = ct[v] + c if v in ct else c
        grads = []
        for a in rblk.args:
            g = ct[a] if a in ct else _zeros(a.type)
            grads.append(_fit(nx, g, a.type))
        bld = Builder(tmp)
        new_results = [env.get(v, v) for v in term.operands[1:1 + k]] + [
            g.data if isinstance(g.data, Value) else constant_value(bld, g) for g in grads]
    for o in tmp.ops:
        o.parent = parent
    parent.ops[pos:pos + 1] = tmp.ops
    repl = dict(zip(op.results, new_results))
    for o in walk(fn_body):
        if any(v in repl for v in o.operands):
            o.operands = [repl.get(v, v) for v in o.operands]


@register_pass("grad-expansion")
def grad_expansion(module):
    """Replaces each nx.grad op by the forward computation and its reverse-mode adjoint."""
    for f in module.functions:
        while True:
            op = _find_grad(f.body)
            if op is None:
                break
            _expand(f.body, op)
    return module
