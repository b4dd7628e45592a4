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
builder is active, so they are written with the nx Tensor API.
"""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Value, clone, walk
from nx.types import to_float  # gradients take the input's float type; integers get f32

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
    t = v.type
    return Tensor(v, t.shape, t.dtype, None, getattr(t, "axes", ()))


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
    from nx._dispatch import ir_value
    b = trace.current()
    e = dict(env)
    # a concrete argument (the seed of the objective, a zero cotangent) becomes a constant
    e.update(zip(blk.args, [ir_value(b, a) for a in args]))
    for o in blk.ops[:-1]:
        _emit(o, e)
    return [_tensor(e.get(v, v)) for v in blk.ops[-1].operands]


def _or_zeros(c, v):
    return c if c is not None else _zeros(v.type)


def _while_forward(nx, o, env, aux):
    """The forward clone of an active `nx.while` also counts its iterations (the reverse loop
    needs the trip count, which may depend on the data). When the op states its trip count N
    (`nx.fori_loop` with static bounds), it also records the state before each iteration on a
    tape (one (N, ...) buffer per state value), so the reverse loop reads states instead of
    recomputing them."""
    cond_blk, body_blk = (r.blocks[0] for r in o.regions)
    x0 = [_tensor(env.get(v, v)) for v in o.operands]
    trips = o.attrs.get("trip_count")
    if not trips:
        final, n = nx.while_loop(
            (x0, nx.tensor(0)), lambda s: _run_block(cond_blk, s[0], env)[0],
            lambda s: (_run_block(body_blk, s[0], env), s[1] + 1))
        tape = None
    else:
        def record(s):
            xs, k, tape = s
            row = nx.reshape(k, (1, 1))
            tape = [_apply("scatter", [t, row, nx.new_axis(x, 0)], {"axes": (0,), "mode": "put"})
                    for t, x in zip(tape, xs)]
            return (_run_block(body_blk, xs, env), k + 1, tape)
        tape0 = [nx.broadcast(nx.tensor(0, type=x.type), (trips,) + x.shape) for x in x0]
        final, n, tape = nx.while_loop(
            (x0, nx.tensor(0), tape0), lambda s: _run_block(cond_blk, s[0], env)[0], record)
    for r, t in zip(o.results, final):
        env[r] = t.data
    aux[o] = (n, tape)


def _apply(name, operands, attrs):
    from nx._dispatch import apply
    return apply(name, operands, attrs)


def _while_vjp(nx, o, gs, active, env, aux):
    """Reverse mode through a loop: for k = n-1 down to 0, the cotangent is pulled back through
    one body application at the state x_k. x_k comes from the tape when the forward loop kept
    one (static trip count: linear time, memory of N states); otherwise (data-dependent trip
    count) it is recomputed from the initial state by k applications of the body (quadratic
    time, memory of one state). Values the body captures from outside the loop accumulate
    their cotangent over the iterations."""
    body_blk = o.regions[1].blocks[0]
    caps = [v for v in _captured(o) if v in active]
    x0 = [_tensor(env.get(v, v)) for v in o.operands]
    n, tape = aux[o]
    g0 = [_or_zeros(g, r) for g, r in zip(gs, o.results)]
    dc0 = [_zeros(c.type) for c in caps]
    ys = list(body_blk.ops[-1].operands)
    wrt = list(body_blk.args) + caps

    def back(s):
        k, g, dc = s
        if tape is None:
            xk = nx.while_loop((x0, nx.tensor(0)), lambda t: t[1] < k,
                               lambda t: (_run_block(body_blk, t[0], env), t[1] + 1))[0]
        else:
            row = nx.reshape(k, (1, 1))
            xk = [nx.reshape(_apply("gather", [t, row], {"axes": (0,)}), x.shape)
                  for t, x in zip(tape, x0)]
        e = dict(env)
        e.update(zip(body_blk.args, [x.data for x in xk]))
        cts = _vjp(nx, body_blk.ops[:-1], ys, g, wrt, e)
        m = len(body_blk.args)
        new_g = [_or_zeros(c, v) for c, v in zip(cts[:m], body_blk.args)]
        new_dc = [d if c is None else d + c for d, c in zip(dc, cts[m:])]
        return (k - 1, new_g, new_dc)

    _, gx, dc = nx.while_loop((n - 1, g0, dc0), lambda s: s[0] >= 0, back)
    return list(zip(o.operands, gx)) + list(zip(caps, dc))


def _cond_vjp(nx, o, gs, active, env, aux):
    """The gradient of a cond is a cond of the branches' gradients (each branch recomputes its
    forward values); only values the branches capture receive cotangents."""
    caps = [v for v in _captured(o) if v in active]
    if not caps:
        return []
    pred = _tensor(env.get(o.operands[0], o.operands[0]))
    g = [_or_zeros(c, r) for c, r in zip(gs, o.results)]

    def branch(blk):
        def fn():
            cts = _vjp(nx, blk.ops[:-1], list(blk.ops[-1].operands), g, caps, dict(env))
            return tuple(_or_zeros(c, v) for c, v in zip(cts, caps))
        return fn

    outs = nx.cond(pred, branch(o.regions[0].blocks[0]), branch(o.regions[1].blocks[0]))
    return list(zip(caps, outs))


def _custom_grad_vjp(nx, o, gs, active, env, aux):
    """`nx.custom_grad`: the region maps the value's cotangent to one cotangent per input."""
    cts = _run_block(o.regions[0].blocks[0], [gs[0]], env)
    return [(v, c) for v, c in zip(o.operands[1:], cts) if v in active]


# Ops with regions are differentiated here, where the expansion machinery is: each takes
# (nx, op, result cotangents (None for zero), active values, env, aux) and returns pairs of
# (operand or captured value, cotangent).
_REGION_VJP = {"nx.while": _while_vjp, "nx.cond": _cond_vjp, "nx.custom_grad": _custom_grad_vjp}
_REGION_FORWARD = {"nx.while": _while_forward}


def _vjp(nx, ops, outputs, out_cts, wrt, env):
    """Clones `ops` into the current trace builder (`env` maps original values to the values in
    scope; it is extended with the clones) and pulls the cotangents `out_cts` of `outputs` back
    to the values `wrt`. Returns one cotangent per value of `wrt`: a Tensor of the value's float
    type, or None where the outputs do not depend on it."""
    from nx.dialects.nx import registry

    active = set(wrt)
    for o in ops:
        if o.name != "nx.stop_grad" and any(v in active for v in _used_values(o)):
            active.update(o.results)
    aux = {}
    for o in ops:
        fwd = _REGION_FORWARD.get(o.name)
        if fwd is not None and any(r in active for r in o.results):
            fwd(nx, o, env, aux)
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
        rule = _REGION_VJP.get(o.name)
        if rule is not None:
            for v, c in rule(nx, o, gs, active, env, aux):
                if c is not None and v in active:
                    add(v, c)
            continue
        d = registry.get(o.name)
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
    import nx
    from nx._dispatch import constant_value
    from nx.tensor import from_array

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
        from nx.vectorize import _broadcast_axes
        grads = [_broadcast_axes(g, getattr(r.type, "axes", ()))
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


@register_pass("grad-expansion")
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
