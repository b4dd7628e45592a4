"""Control flow with regions: nx.while, nx.cond, and their terminator nx.yield.

Regions may use values defined above them (implicit capture, as in MLIR).
- `nx.while %init...` has two regions taking the state: `cond` yields a scalar predicate,
  `body` yields the next state. Results are the final state.
- `nx.cond %pred` has two regions without arguments, `then` and `else`, each yielding the
  results.
"""
from __future__ import annotations

from nx import types as T
from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, VecType

from ..registry import (
    OpError,
    VectorizeError,
    define,
    full_type,
    inner_of,
    raw_batch,
    region_grad,
    type_axes,
)

U8 = T.Type("u", 8)

_REGION_KERNEL = ("kernel takes `regions=`: the evaluator passes one callable per region")


def _while_infer(in_types, attrs):
    return list(in_types)


def region_check(op, i, arg_types, yield_types, what):
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
    ys = region_check(op, 0, state, None, "cond")
    if len(ys) != 1 or ys[0].shape != ():
        raise OpError(f"nx.while: the cond region must yield one scalar, got "
                      f"{[str(t) for t in ys]}")
    region_check(op, 1, state, state, "body")


def _cond_verify(op):
    for i, what in enumerate(("then", "else")):
        region_check(op, i, [], op.result_types, what)


def _while_kernel(attrs, outs, *state, regions):
    cond, body = regions
    state = list(state)
    while int(cond(*state)[0]) != 0:
        state = body(*state)
    return state


def _while_lower(ctx, op, *init):
    return ctx.lower_while(op, list(init))


# --- gradients (the rule protocol of ops with regions: registry.region_grad) ---------------

def _while_forward(nx, op, ad):
    """The forward clone of a differentiated `nx.while` also counts its iterations (the reverse
    loop needs the trip count, which may depend on the data). When the op states its trip
    count N (`nx.fori_loop` with static bounds), it also records the state before each
    iteration on a tape (one (N, ...) buffer per state value), so the reverse loop reads states
    instead of recomputing them."""
    cond_blk, body_blk = (r.blocks[0] for r in op.regions)
    x0 = [ad.tensor(v) for v in op.operands]
    trips = op.attrs.get("trip_count")
    if not trips:
        final, n = nx.while_loop(
            (x0, nx.tensor(0)), lambda s: ad.run_block(cond_blk, s[0])[0],
            lambda s: (ad.run_block(body_blk, s[0]), s[1] + 1))
        tape = None
    else:
        def record(s):
            xs, k, tape = s
            row = nx.reshape(k, (1, 1))
            tape = [nx.apply_op("scatter", [t, row, nx.new_axis(x, 0)],
                                {"axes": (0,), "mode": "put"}) for t, x in zip(tape, xs)]
            return (ad.run_block(body_blk, xs), k + 1, tape)
        tape0 = [nx.broadcast(nx.tensor(0, type=x.type), (trips,) + x.shape) for x in x0]
        final, n, tape = nx.while_loop(
            (x0, nx.tensor(0), tape0), lambda s: ad.run_block(cond_blk, s[0])[0], record)
    for r, t in zip(op.results, final):
        ad.bind(r, t)
    ad.aux[op] = (n, tape)


@region_grad(forward=_while_forward)
def _while_grad(nx, op, gs, ad):
    """Reverse mode through a loop: for k = n-1 down to 0, the cotangent is pulled back through
    one body application at the state x_k. x_k comes from the tape when the forward loop kept
    one (static trip count: linear time, memory of N states); otherwise (data-dependent trip
    count) it is recomputed from the initial state by k applications of the body (quadratic
    time, memory of one state). Values the body captures from outside the loop accumulate
    their cotangent over the iterations."""
    body_blk = op.regions[1].blocks[0]
    caps = ad.captured(op)
    x0 = [ad.tensor(v) for v in op.operands]
    n, tape = ad.aux[op]
    g0 = [ad.or_zeros(g, r) for g, r in zip(gs, op.results)]
    dc0 = [ad.zeros(c) for c in caps]
    ys = list(body_blk.ops[-1].operands)
    wrt = list(body_blk.args) + caps

    def back(s):
        k, g, dc = s
        if tape is None:
            xk = nx.while_loop((x0, nx.tensor(0)), lambda t: t[1] < k,
                               lambda t: (ad.run_block(body_blk, t[0]), t[1] + 1))[0]
        else:
            row = nx.reshape(k, (1, 1))
            xk = [nx.reshape(nx.apply_op("gather", [t, row], {"axes": (0,)}), x.shape)
                  for t, x in zip(tape, x0)]
        e = dict(ad.env)
        e.update(zip(body_blk.args, [ad.value(x) for x in xk]))
        cts = ad.vjp(body_blk.ops[:-1], ys, g, wrt, e)
        m = len(body_blk.args)
        new_g = [ad.or_zeros(c, v) for c, v in zip(cts[:m], body_blk.args)]
        new_dc = [d if c is None else d + c for d, c in zip(dc, cts[m:])]
        return (k - 1, new_g, new_dc)

    _, gx, dc = nx.while_loop((n - 1, g0, dc0), lambda s: s[0] >= 0, back)
    return list(zip(op.operands, gx)) + list(zip(caps, dc))


@region_grad
def _cond_grad(nx, op, gs, ad):
    """The gradient of a cond is a cond of the branches' gradients (each branch recomputes its
    forward values); only values the branches capture receive cotangents."""
    caps = ad.captured(op)
    if not caps:
        return []
    pred = ad.tensor(op.operands[0])
    g = [ad.or_zeros(c, r) for c, r in zip(gs, op.results)]

    def branch(blk):
        def fn():
            cts = ad.vjp(blk.ops[:-1], list(blk.ops[-1].operands), g, caps, dict(ad.env))
            return tuple(ad.or_zeros(c, v) for c, v in zip(cts, caps))
        return fn

    outs = nx.cond(pred, branch(op.regions[0].blocks[0]), branch(op.regions[1].blocks[0]))
    return list(zip(caps, outs))


# --- batching ------------------------------------------------------------------------------

def _at(op):
    return f" at {op.loc}" if op.loc is not None else ""


@raw_batch
def _while_batch(nx, op, inputs, vec):
    """A loop over vectorized state (control.py gives every state value the same vectorized
    axes). A plain condition keeps the loop as is; a vectorized one runs until every entry's
    condition is false, and an entry whose condition is false keeps its state (select)."""
    cond_blk, body_blk = (r.blocks[0] for r in op.regions)
    pred_t = cond_blk.ops[-1].operands[0].type
    b = trace.current()
    state_types = [full_type(v.type) for v in op.operands]
    if type(pred_t) is not VecType:
        regions = [Region([vec.region(cond_blk)]), Region([vec.region(body_blk)])]
        new = b.create("nx.while", [vec.value(x) for x in inputs], state_types, dict(op.attrs),
                       regions, loc=op.loc)
        return [vec.tensor(v) for v in new.results]
    axes = vec.axes
    plain = [i for i, v in enumerate(op.operands) if set(type_axes(v.type)) != set(axes)]
    if plain:
        raise VectorizeError(
            f"vectorize: nx.while{_at(op)}: the condition is vectorized over {list(axes)} but "
            f"state value(s) {plain} are not vectorized over those axes: every state value of "
            f"a loop with a vectorized condition must be (nx.while_loop vectorizes them)")
    # cond': any entry still running
    cblk = Block(state_types)
    with trace.building(cblk):
        p = vec.inline(cond_blk, [vec.tensor(a) for a in cblk.args])[0]
        p = vec.align(p, pred_t.axes, axes)
        p = nx.apply_op("not_equal", [p, nx.tensor(0, type=p.type)], {})
        if p.type != U8:
            p = nx.apply_op("as_type", [p], {"type": U8})
        anyp = nx.apply_op("reduce_max", [p], {"axes": tuple(range(p.rank))})
    cblk.append(Operation("nx.yield", [vec.value(anyp)], []))
    bblk = Block(state_types)
    with trace.building(bblk):
        st = [vec.tensor(a) for a in bblk.args]
        p = vec.inline(cond_blk, st)[0]
        p = vec.align(p, pred_t.axes, axes)
        new = vec.inline(body_blk, st)
        outs = []
        for n, s in zip(new, st):
            m = p if s.rank == len(axes) else nx.apply_op(
                "reshape", [p], {"shape": p.shape + (1,) * (s.rank - len(axes))})
            outs.append(nx.apply_op("select", [m, n, s], {}))
    bblk.append(Operation("nx.yield", [vec.value(o) for o in outs], []))
    attrs = {k: v for k, v in op.attrs.items() if k != "trip_count"}
    new = b.create("nx.while", [vec.value(x) for x in inputs], state_types, attrs,
                   [Region([cblk]), Region([bblk])], loc=op.loc)
    return [vec.tensor(v) for v in new.results]


define("while", batch=_while_batch, infer=_while_infer, kernel=_while_kernel,
       lower=_while_lower, grad=_while_grad, num_regions=2, verify=_while_verify,
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


@raw_batch
def _cond_batch(nx, op, inputs, vec):
    """A plain predicate keeps the cond (its branches rewritten); a vectorized one evaluates
    both branches and selects per entry (as Nx does)."""
    b = trace.current()
    then_blk, else_blk = (r.blocks[0] for r in op.regions)
    pt = op.operands[0].type
    if type(pt) is not VecType:
        rtypes = [full_type(t) for t in op.result_types]
        regions = [Region([vec.region(then_blk)]), Region([vec.region(else_blk)])]
        new = b.create("nx.cond", [vec.value(inputs[0])], rtypes,
                       {**op.attrs, "result_types": rtypes}, regions, loc=op.loc)
        return [vec.tensor(v) for v in new.results]
    t = vec.inline(then_blk, [])
    f = vec.inline(else_blk, [])
    p = vec.align(inputs[0], pt.axes, vec.axes)
    outs = []
    for x, y, r in zip(t, f, op.results):
        ax = type_axes(r.type)
        x = vec.align(x, type_axes(then_blk.ops[-1].operands[len(outs)].type), ax)
        y = vec.align(y, type_axes(else_blk.ops[-1].operands[len(outs)].type), ax)
        pp = vec.align(p, vec.axes, vec.axes)
        m = nx.apply_op("reshape", [pp], {"shape": pp.shape + (1,) * inner_of(r).rank})
        outs.append(nx.apply_op("select", [m, x, y], {}))
    return outs


define("cond", batch=_cond_batch, infer=_cond_infer, kernel=_cond_kernel,
       lower=lambda ctx, op, pred: ctx.lower_cond(op, pred), grad=_cond_grad, num_regions=2,
       verify=_cond_verify,
       family="control",
       doc="Runs the `then` region when the scalar predicate is non-zero, else `else`; "
           "`result_types` lists what both yield.")


define("yield", infer=lambda in_types, attrs: [],
       missing={"kernel": "a terminator: the evaluator returns its operands from the region",
                "lower": "a terminator: region lowering turns it into stablehlo.return",
                "grad": "a terminator has no value of its own to differentiate",
                "batch": "a terminator passes its operands through unchanged"},
       family="control", doc="Ends a region, giving its results.")
