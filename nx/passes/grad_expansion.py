"""grad-expansion: replaces every `nx.grad` op by its forward computation and reverse-mode
adjoint.

Guarantees: no `nx.grad` op remains, nor any `nx.custom_grad` (outside a gradient it is its
value); nested `nx.grad` ops (grad of grad) are expanded
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
builder is active, so they are written with the nx Tensor API. An op with regions (while, cond,
custom_grad) has a region rule instead (`registry.region_grad`: `vjp(nx, op, gs, ad)` with the
pass's context `AD`, and optionally a forward rule).
"""
from __future__ import annotations

import numpy as np

import nx
from nx._dispatch import constant_value, ir_value
from nx.compiler import trace
from nx.compiler.ir import Block, Value, clone, walk
from nx.compiler.passes import register_pass
from nx.dialects.nx import registry
from nx.dialects.nx.registry import OPS as _OPS
from nx.tensor import Tensor, from_array
from nx.types import to_float  # gradients take the input's float type; integers get f32
from nx.vectorize import broadcast_axes

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


def _used_values(op):
    """Operands of `op` and values its regions capture."""
    used = list(op.operands)
    for r in op.regions:
        for b in r.blocks:
            for inner in walk(b):
                used.extend(inner.operands)
    return used


def _tensor(v):
    t = v.type
    return Tensor(v, t.shape, t.dtype, None, getattr(t, "axes", ()))


def _zeros(ttype):
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


def _captured(op):
    """Values used inside `op`'s regions but defined outside them (implicit captures), in order
    of first use."""
    inside = set()
    for r in op.regions:
        for b in r.blocks:
            inside.update(b.args)
            for o in walk(b):
                inside.update(o.results)
    out, seen = [], set()
    for r in op.regions:
        for b in r.blocks:
            for o in walk(b):
                for v in o.operands:
                    if v not in inside and v not in seen:
                        seen.add(v)
                        out.append(v)
    return out


def _emit(op, env):
    """Clones `op` into the current trace builder (env maps original values to the values in
    scope and is extended with the clone's results)."""
    trace.current().block.append(clone(op, env))


def _run_block(blk, args, env):
    """Clones the ops of region block `blk` (not its terminator) into the current builder with
    its arguments bound to `args` (Tensors); returns the yielded values as Tensors."""
    b = trace.current()
    e = dict(env)
    # a concrete argument (the seed of the objective, a zero cotangent) becomes a constant
    e.update(zip(blk.args, [ir_value(b, a) for a in args]))
    for o in blk.ops[:-1]:
        _emit(o, e)
    return [_tensor(e.get(v, v)) for v in blk.ops[-1].operands]


def _or_zeros(c, v):
    return c if c is not None else _zeros(v.type)


class AD:
    """What the gradient rule of an op with regions gets from the pass (registry.region_grad):
    the values in scope (`env`: original value -> value in the gradient's block), the active
    values (those depending on a differentiated input), and `aux` (per-op data a rule's
    forward keeps for its reverse pass)."""

    __slots__ = ("env", "active", "aux")

    def __init__(self, env, active, aux):
        self.env, self.active, self.aux = env, active, aux

    def tensor(self, v):
        """Original value `v` as the traced tensor in scope."""
        return _tensor(self.env.get(v, v))

    @staticmethod
    def value(t):
        """The IR value of tensor `t` in the block being built."""
        return ir_value(trace.current(), t)

    def bind(self, v, t):
        """Original value `v` is tensor `t` from now on (a forward rule's results)."""
        self.env[v] = AD.value(t)

    def run_block(self, blk, args, env=None):
        """Clones region block `blk` with its arguments bound to `args` (tensors); returns the
        yielded values as tensors."""
        return _run_block(blk, args, self.env if env is None else env)

    @staticmethod
    def vjp(ops, outputs, out_cts, wrt, env):
        """Reverse mode through `ops` (a region's body): see `_vjp`."""
        return _vjp(nx, ops, outputs, out_cts, wrt, env)

    def captured(self, op):
        """The active values `op`'s regions capture from outside them, in order of first use."""
        return [v for v in _captured(op) if v in self.active]

    @staticmethod
    def zeros(v):
        """A zero cotangent for original value `v`."""
        return _zeros(v.type)

    @staticmethod
    def or_zeros(c, v):
        """Cotangent `c`, or zeros for value `v` when `c` is None."""
        return _or_zeros(c, v)


def _vjp(nx, ops, outputs, out_cts, wrt, env):
    """Clones `ops` into the current trace builder (`env` maps original values to the values in
    scope; it is extended with the clones) and pulls the cotangents `out_cts` of `outputs` back
    to the values `wrt`. Returns one cotangent per value of `wrt`: a Tensor of the value's float
    type, or None where the outputs do not depend on it."""

    active = set(wrt)
    for o in ops:
        if o.name != "nx.stop_grad" and any(v in active for v in _used_values(o)):
            active.update(o.results)
    ad = AD(env, active, {})
    for o in ops:
        d = _OPS.get(o.name[3:])
        fwd = getattr(d.grad, "forward", None) if d is not None else None
        if fwd is not None and any(r in active for r in o.results):
            fwd(nx, o, ad)
        else:
            _emit(o, env)
    ct = {}   # value -> its cotangent contributions, in the order they were found

    def add(v, c):
        ct.setdefault(v, []).append(_fit(nx, c, v.type))

    def total(v):
        """The sum of `v`'s contributions as Nx's grad adds them (Enum.reduce over the
        contributions newest first: c1 + (c2 + (... + cn))), so the rounding is Nx's."""
        cs = ct.get(v)
        if not cs:
            return None
        acc = cs[-1]
        for c in reversed(cs[:-1]):
            acc = c + acc
        ct[v] = [acc]
        return acc

    for v, c in zip(outputs, out_cts):
        if c is not None and v in active:
            add(v, c)
    for o in reversed(ops):
        gs = [total(r) for r in o.results]
        if all(g is None for g in gs):
            continue
        d = registry.get(o.name)
        if getattr(d.grad, "region", False):
            for v, c in d.grad(nx, o, gs, ad):
                if c is not None and v in active:
                    add(v, c)
            continue
        if d.grad is None or o.regions:
            reason = d.missing.get("grad", "it has no gradient rule")
            raise registry.NoGradientError(
                f"nx.grad: cannot differentiate through {o.name}: {reason}")
        inputs = [_tensor(env.get(v, v)) for v in o.operands]
        if len(o.results) == 1:
            ans, g = _tensor(env[o.results[0]]), gs[0]
        else:   # several results: lists of values and cotangents (zeros where none flows)
            ans = [_tensor(env[r]) for r in o.results]
            g = [_or_zeros(c, r) for c, r in zip(gs, o.results)]
        cts = d.grad(nx, o, inputs, ans, g)
        for v, c in zip(o.operands, cts):
            if c is not None and v in active:
                add(v, c)
    return [total(v) for v in wrt]


def _expand(fn_body, op):

    parent = op.parent
    pos = parent.ops.index(op)
    rblk = op.regions[0].blocks[0]
    body, term = rblk.ops[:-1], rblk.ops[-1]
    k = op.attrs.get("num_values", 0)
    env = dict(zip(rblk.args, op.operands))
    tmp = Block()
    with trace.building(tmp) as bld:
        obj = term.operands[0]
        ft = to_float(obj.type.dtype)
        one = from_array(np.ones((), ft.dtype), ft, backend="numpy")
        cts = _vjp(nx, body, [obj], [one], list(rblk.args), env)
        grads = [_fit(nx, _or_zeros(c, a), a.type) for c, a in zip(cts, rblk.args)]
        # vectorized gradients take the declared result axes (per-entry gradients)
        grads = [broadcast_axes(g, getattr(r.type, "axes", ()))
                 for g, r in zip(grads, op.results[k:])]
        new_results = [env.get(v, v) for v in term.operands[1:1 + k]] + [
            g.data if isinstance(g.data, Value) else constant_value(bld, g) for g in grads]
    for o in tmp.ops:
        o.parent = parent
    parent.ops[pos:pos + 1] = tmp.ops
    repl = dict(zip(op.results, new_results))
    for o in walk(fn_body):
        if any(v in repl for v in o.operands):
            o.operands = [repl.get(v, v) for v in o.operands]


@register_pass("grad-expansion", builtin=True)
def grad_expansion(module):
    """Replaces each nx.grad op by the forward computation and its reverse-mode adjoint."""
    for f in module.functions:
        while True:
            op = _find_grad(f.body)
            if op is None:
                break
            _expand(f.body, op)
        _drop_custom_grads(f.body)
    return module


def _drop_custom_grads(fn_body):
    """Once every gradient is expanded, an `nx.custom_grad` left is its value (operand 0): it
    is replaced by it, so the program (and debug_expr) shows no dead gradient region."""
    repl = {}
    for blk in [fn_body] + [b for o in walk(fn_body) for r in o.regions for b in r.blocks]:
        keep = []
        for o in blk.ops:
            if o.name == "nx.custom_grad":
                repl[o.results[0]] = repl.get(o.operands[0], o.operands[0])
                o.parent = None
            else:
                keep.append(o)
        blk.ops = keep
    if repl:
        for o in walk(fn_body):
            if any(v in repl for v in o.operands):
                o.operands = [repl.get(v, v) for v in o.operands]
