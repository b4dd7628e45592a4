"""vectorize: rewrites ops on vectorized values into ops on plain tensors.

Guarantees: afterwards no value of the module has a vectorized type (`!nx.vec<...>`). A value of
type `!nx.vec<[a: 2, b: 3], tensor<4xf32>>` becomes a `tensor<2x3x4xf32>`: the vectorized axes
lead, in the order of the type. Function arguments and results change type accordingly. Each op
with a vectorized operand or result is replaced by the ops its batching rule (the registry's
`batch` facet, see `nx.dialects.nx.registry`) builds on the plain values: the rule sees operands
whose vectorized axes were transposed into the op's result order (size 1 where an operand lacks
an axis) and returns results whose leading axes are the result's vectorized axes. No rule loops
over entries: batching is static (extra leading axes, shifted axis attributes, batch dimensions
of dot/gather/scatter, per-entry masks for loops). An op without a rule raises `VectorizeError`
naming it. Ops without vectorized values are kept (their regions are rewritten too).

Op-specific rules are functions beside their ops (dialects/nx/ops/); this module keeps the
driver and the rule families several ops share, in `RULES` (an op names one with
`registry.batch_rule(name)`). A rule gets the `nx` package as its op API and a `Vec`.
"""
from __future__ import annotations

import nx
from nx._dispatch import apply, constant_value
from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, Value, VecType, walk
from nx.compiler.passes import register_pass
from nx.dialects.nx import registry
from nx.tensor import Tensor

__all__ = ["vectorize", "VectorizeError", "RULES", "Vec"]


VectorizeError = registry.VectorizeError


_full, _axes, _inner = registry.full_type, registry.type_axes, registry.inner_of


def _has_vec(f):
    if any(type(a.type) is VecType for a in f.args):
        return True
    for op in walk(f.body):
        if any(type(v.type) is VecType for v in op.results):
            return True
        for r in op.regions:
            for b in r.blocks:
                if any(type(a.type) is VecType for a in b.args):
                    return True
    return False


def _op_is_vec(op):
    return (any(type(v.type) is VecType for v in op.operands)
            or any(type(v.type) is VecType for v in op.results))


def _T(v):
    return Tensor(v, v.type.shape, v.type.dtype)


def _val(b, t):
    """The IR value of tensor `t` (a constant when the rule produced a concrete tensor)."""
    if isinstance(t.data, Value):
        return t.data
    return constant_value(b, t)


def align(x, have, want):
    """`x` (plain, `len(have)` leading vectorized axes) with the leading axes of `want` in
    `want`'s order: transposed, and size 1 where `x` lacks an axis."""
    if tuple(have) == tuple(want):
        return x
    names = [n for n, _ in have]
    pos = {n: i for i, (n, _) in enumerate(want)}
    order = sorted(range(len(names)), key=lambda i: pos[names[i]])
    k = len(have)
    if order != list(range(k)):
        x = apply("transpose", [x], {"axes": tuple(order) + tuple(range(k, x.rank))})
        have = [have[i] for i in order]
    sizes = dict(have)
    shape = tuple(sizes.get(n, 1) for n, _ in want) + x.shape[k:]
    if shape != x.shape:
        x = apply("reshape", [x], {"shape": shape})
    return x


class Vec:
    """What a batching rule knows about the vectorization of its op (see the registry)."""

    __slots__ = ("axes", "k", "sizes", "batched", "operand_axes", "env", "block")

    def __init__(self, axes, operand_axes, env, block):
        self.axes = tuple(axes)
        self.k = len(self.axes)
        self.sizes = tuple(s for _, s in self.axes)
        self.operand_axes = operand_axes
        self.batched = [bool(a) for a in operand_axes]
        self.env = env
        self.block = block

    def full(self, x):
        """A batched input with its leading axes broadcast to their full sizes."""
        k = self.k
        if x.shape[:k] == self.sizes:
            return x
        shape = self.sizes + x.shape[k:]
        return apply("broadcast", [x], {"shape": shape, "axes": tuple(range(x.rank))})

    def lift(self, x):
        """An unbatched input with `k` leading axes of size 1."""
        return apply("reshape", [x], {"shape": (1,) * self.k + x.shape})

    def all_full(self, inputs):
        return [self.full(x if b else self.lift(x)) for x, b in zip(inputs, self.batched)]

    def shift(self, axes, rank):
        """Inner axis numbers (negative ones counted from `rank`) as axes of the batched
        value."""
        return tuple((a % rank if rank else a) + self.k for a in axes)

    def same_op(self, op, inputs, attrs=None):
        """`op` again on plain `inputs` (with `attrs`, default the op's); an op with regions
        (custom reduce, window_fold) keeps its regions, rewritten (they take plain scalars).
        Returns a tensor, or a list for several results."""
        attrs = dict(op.attrs) if attrs is None else attrs
        if not op.regions:
            return apply(op.name[3:], inputs, attrs)
        b = trace.current()
        d = registry.get(op.name)
        vals = [_val(b, x) for x in inputs]
        types = d.infer([v.type for v in vals], attrs)
        regions = [Region([self.region(r.blocks[0])]) for r in op.regions]
        new = b.create(op.name, vals, types, attrs, regions, loc=op.loc)
        outs = [Tensor(v, t.shape, t.dtype) for v, t in zip(new.results, types)]
        return outs[0] if len(outs) == 1 else outs

    @staticmethod
    def align(x, have, want):
        """See `align`."""
        return align(x, have, want)

    @staticmethod
    def tensor(v):
        """IR value `v` as a traced tensor (what rules compute with)."""
        return _T(v)

    @staticmethod
    def value(t):
        """The IR value of tensor `t` in the block being built (a constant for a concrete
        one): for rules that create ops with regions themselves."""
        return _val(trace.current(), t)

    def region(self, blk, arg_types=None):
        """Rewrites region block `blk` (its arguments of `arg_types`, default: their plain
        types) into a new block; returns it."""
        types = arg_types if arg_types is not None else [_full(a.type) for a in blk.args]
        nb = Block(types)
        env = dict(self.env)
        env.update(zip(blk.args, nb.args))
        _rewrite_ops(blk.ops, nb, env)
        return nb

    def inline(self, blk, args):
        """Rewrites the ops of region block `blk` into the current block with its arguments
        bound to `args` (Tensors); returns the yielded values as plain Tensors."""
        env = dict(self.env)
        env.update(zip(blk.args, [a.data for a in args]))
        b = trace.current()
        outs = _rewrite_ops(blk.ops, b.block, env, inline=True)
        return [_T(v) for v in outs]


def _rewrite_ops(ops, block, env, inline=False):
    """Appends the rewritten `ops` to `block`; `env` maps old values to new ones. With `inline`,
    the terminator is not copied: its new operands are returned."""
    with trace.building(block) as b:
        for op in ops:
            if op.name in ("func.return", "nx.yield"):
                vals = [env.get(v, v) for v in op.operands]
                if inline:
                    return vals
                block.append(Operation(op.name, vals, [], dict(op.attrs), loc=op.loc))
                continue
            if not _op_is_vec(op):
                regions = []
                for r in op.regions:
                    nbs = []
                    for blk in r.blocks:
                        nb = Block([_full(a.type) for a in blk.args])
                        e = dict(env)
                        e.update(zip(blk.args, nb.args))
                        _rewrite_ops(blk.ops, nb, e)
                        nbs.append(nb)
                    regions.append(Region(nbs))
                new = Operation(op.name, [env.get(v, v) for v in op.operands],
                                op.result_types, dict(op.attrs), regions, op.loc)
                block.append(new)
                env.update(zip(op.results, new.results))
                continue
            start = len(block.ops)
            outs = _batch(op, env, block)
            for o in block.ops[start:]:
                o.loc = op.loc
            for r, o in zip(op.results, outs):
                env[r] = _val(b, o)
    return None


def _batch(op, env, block):
    d = registry.get(op.name)
    if d.batch is None:
        reason = d.missing.get("batch", "it has no batching rule")
        raise VectorizeError(f"vectorize: {op.name}{_where(op)} has a vectorized operand but "
                             f"no batching rule: {reason}")
    axes = registry.union_axes([_axes(v.type) for v in op.results])
    operand_axes = [_axes(v.type) for v in op.operands]
    vec = Vec(axes, operand_axes, env, block)
    vals = [_T(env.get(v, v)) for v in op.operands]
    rule, params = d.batch, {}
    if type(rule) is registry.BatchRule:   # a shared rule family, by name
        rule, params = RULES[rule.name], rule.params
    if getattr(rule, "raw", False):
        inputs = vals
    else:
        inputs = [align(x, a, axes) if a else x for x, a in zip(vals, operand_axes)]
    outs = rule(nx, op, inputs, vec, **params)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    res = []
    for o, r in zip(outs, op.results):
        want = _full(r.type)
        if o.shape != want.shape:
            if o.rank != len(want.shape):
                raise VectorizeError(f"vectorize: the batching rule of {op.name} gave shape "
                                     f"{o.shape} for a result of type {r.type}")
            o = apply("broadcast", [o], {"shape": want.shape, "axes": tuple(range(o.rank))})
        if o.type != want.dtype:
            o = apply("as_type", [o], {"type": want.dtype})
        res.append(o)
    return res


def _where(op):
    return f" at {op.loc}" if op.loc is not None else ""


@register_pass("vectorize", builtin=True)
def vectorize(module):
    """Rewrites every op on vectorized values into ops on plain tensors (vectorized axes
    leading), with each op's batching rule."""
    for f in module.functions:
        if not _has_vec(f):
            continue
        new = Block([_full(a.type) for a in f.args])
        env = dict(zip(f.args, new.args))
        _rewrite_ops(f.body.ops, new, env)
        f.body = new
    return module


# --- rules -----------------------------------------------------------------------------------

def _elementwise(nx, op, inputs, vec):
    """Element-wise ops (implicit right-aligned broadcasting of the inner shapes): batched
    inputs get size-1 axes between their vectorized and inner axes up to the largest inner
    rank, so that broadcasting never mixes vectorized and inner axes; unbatched inputs
    right-align with the inner axes as they are."""
    rank = max([_inner(v).rank for v in op.operands] + [0])
    args = []
    for x, v, b in zip(inputs, op.operands, vec.batched):
        r = _inner(v).rank
        if b and r < rank:
            x = apply("reshape", [x],
                       {"shape": x.shape[:vec.k] + (1,) * (rank - r) + x.shape[vec.k:]})
        args.append(x)
    if not any(vec.batched):   # vectorized results from no vectorized operand: broadcast
        args = vec.all_full(args)
    return [vec.same_op(op, args)] if len(op.results) == 1 else vec.same_op(op, args)


def _reduce_axes(nx, op, inputs, vec, key="axes"):
    """Reductions over inner axes (sum, product, max, min, custom reduce): the axes shift past
    the vectorized ones, which are never reduced."""
    x = inputs[0]
    rank = _inner(op.operands[0]).rank
    attrs = dict(op.attrs)
    axes = attrs.get(key)
    attrs[key] = vec.shift(range(rank) if axes is None else axes, rank)
    rest = list(inputs[1:])
    if any(vec.batched[1:]):
        raise VectorizeError(f"vectorize: {op.name}: the initial accumulator must not be "
                             f"vectorized")
    return vec.same_op(op, [x] + rest, attrs)


def _axis(nx, op, inputs, vec, keys=("axis",)):
    """Ops with one axis attribute (sort, cumulative, concatenate...): shifted."""
    attrs = dict(op.attrs)
    rank = _inner(op.operands[0]).rank
    for key in keys:
        if attrs.get(key) is not None:
            attrs[key] = vec.shift([attrs[key]], rank)[0]
    xs = vec.all_full(inputs) if len(inputs) > 1 else [inputs[0]]
    return vec.same_op(op, xs, attrs)


def _axes_attr(nx, op, inputs, vec):
    """Ops with an `axes` list (reverse, squeeze): shifted."""
    attrs = dict(op.attrs)
    attrs["axes"] = vec.shift(attrs["axes"], _inner(op.operands[0]).rank)
    return vec.same_op(op, inputs, attrs)


def _window(nx, op, inputs, vec):
    """Window ops (window_reduce, window_fold, window_scatter): windows of size 1 over the
    vectorized axes."""
    k = vec.k
    a = dict(op.attrs)
    for key, fill in (("window_dimensions", 1), ("strides", 1), ("window_dilations", 1),
                      ("input_dilation", 1)):
        if a.get(key) is not None:
            a[key] = (fill,) * k + tuple(a[key])
    if a.get("padding") is not None:
        a["padding"] = ((0, 0),) * k + tuple(tuple(p) for p in a["padding"])
    n = len(inputs)
    xs = list(inputs)
    if op.name == "nx.window_scatter":
        xs[0] = vec.full(xs[0] if vec.batched[0] else vec.lift(xs[0]))
        xs[1] = vec.full(xs[1] if vec.batched[1] else vec.lift(xs[1]))
        if vec.batched[2]:
            raise VectorizeError("vectorize: nx.window_scatter: the initial value must not be "
                                 "vectorized")
    elif any(vec.batched[1:n]):
        raise VectorizeError(f"vectorize: {op.name}: the initial accumulator must not be "
                             f"vectorized")
    return vec.same_op(op, xs, a)


def _matrices(nx, op, inputs, vec):
    """Linear-algebra ops act on the last two axes and batch over any leading ones: every
    operand gets the full vectorized axes in front."""
    return vec.same_op(op, vec.all_full(inputs))


def _same_plain(nx, op, inputs, vec):
    """Ops that pass their operands through (hook, stop_grad): the same op on the full
    values."""
    b = trace.current()
    regions = [Region([vec.region(r.blocks[0])]) for r in op.regions]
    new = b.create(op.name, [x.data for x in inputs], [_full(t) for t in op.result_types],
                   dict(op.attrs), regions, loc=op.loc)
    return [_T(v) for v in new.results]


RULES = {
    "elementwise": _elementwise,
    "reduce_axes": _reduce_axes,
    "axis": _axis,
    "axes_attr": _axes_attr,
    "window": _window,
    "matrices": _matrices,
    "same_plain": _same_plain,
}

# A rule that takes the operands' full values unaligned.
registry.raw_batch(_same_plain)
