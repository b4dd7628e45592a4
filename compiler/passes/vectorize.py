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

Rules are in `RULES` (shared by many ops; an op names one with `registry.batch_rule(name)`).
"""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, TensorType, Value, VecType, walk
from nx.dialects.nx import registry

from . import register_pass

__all__ = ["vectorize", "VectorizeError", "RULES", "RAW_RULES", "Vec"]


class VectorizeError(registry.OpError):
    """A vectorized value reached an op that has no batching rule."""


def _full(t):
    return t.full if type(t) is VecType else t


def _axes(t):
    return t.axes if type(t) is VecType else ()


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
    from nx.tensor import Tensor
    return Tensor(v, v.type.shape, v.type.dtype)


def _apply(name, operands, attrs):
    from nx._dispatch import apply
    return apply(name, operands, attrs)


def _val(b, t):
    """The IR value of tensor `t` (a constant when the rule produced a concrete tensor)."""
    if isinstance(t.data, Value):
        return t.data
    from nx._dispatch import constant_value
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
        x = _apply("transpose", [x], {"axes": tuple(order) + tuple(range(k, x.rank))})
        have = [have[i] for i in order]
    sizes = dict(have)
    shape = tuple(sizes.get(n, 1) for n, _ in want) + x.shape[k:]
    if shape != x.shape:
        x = _apply("reshape", [x], {"shape": shape})
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
        return _apply("broadcast", [x], {"shape": shape, "axes": tuple(range(x.rank))})

    def lift(self, x):
        """An unbatched input with `k` leading axes of size 1."""
        return _apply("reshape", [x], {"shape": (1,) * self.k + x.shape})

    def all_full(self, inputs):
        return [self.full(x if b else self.lift(x)) for x, b in zip(inputs, self.batched)]

    def shift(self, axes, rank):
        """Inner axis numbers (negative ones counted from `rank`) as axes of the batched
        value."""
        return tuple((a % rank if rank else a) + self.k for a in axes)

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
    import nx
    d = registry.get(op.name)
    if d.batch is None:
        reason = d.missing.get("batch", "it has no batching rule")
        raise VectorizeError(f"vectorize: {op.name}{_where(op)} has a vectorized operand but "
                             f"no batching rule: {reason}")
    axes = registry.union_axes([_axes(v.type) for v in op.results])
    operand_axes = [_axes(v.type) for v in op.operands]
    vec = Vec(axes, operand_axes, env, block)
    vals = [_T(env.get(v, v)) for v in op.operands]
    if getattr(d.batch, "raw", False):
        inputs = vals
    else:
        inputs = [align(x, a, axes) if a else x for x, a in zip(vals, operand_axes)]
    outs = d.batch(nx, op, inputs, vec)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    res = []
    for o, r in zip(outs, op.results):
        want = _full(r.type)
        if o.shape != want.shape:
            if o.rank != len(want.shape):
                raise VectorizeError(f"vectorize: the batching rule of {op.name} gave shape "
                                     f"{o.shape} for a result of type {r.type}")
            o = _apply("broadcast", [o], {"shape": want.shape, "axes": tuple(range(o.rank))})
        if o.type != want.dtype:
            o = _apply("as_type", [o], {"type": want.dtype})
        res.append(o)
    return res


def _where(op):
    return f" at {op.loc}" if op.loc is not None else ""


@register_pass("vectorize")
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

def _inner(v):
    t = v.type
    return t.inner if type(t) is VecType else t


def _same_op(op, inputs, attrs=None, vec=None):
    """`op` again on plain `inputs` (with `attrs`); an op with regions (custom reduce,
    window_fold) keeps its regions, rewritten (they take plain scalars)."""
    attrs = dict(op.attrs) if attrs is None else attrs
    if not op.regions:
        return _apply(op.name[3:], inputs, attrs)
    from nx.tensor import Tensor
    b = trace.current()
    d = registry.get(op.name)
    vals = [_val(b, x) for x in inputs]
    types = d.infer([v.type for v in vals], attrs)
    regions = [Region([vec.region(r.blocks[0])]) for r in op.regions]
    new = b.create(op.name, vals, types, attrs, regions, loc=op.loc)
    outs = [Tensor(v, t.shape, t.dtype) for v, t in zip(new.results, types)]
    return outs[0] if len(outs) == 1 else outs


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
            x = _apply("reshape", [x],
                       {"shape": x.shape[:vec.k] + (1,) * (rank - r) + x.shape[vec.k:]})
        args.append(x)
    if not any(vec.batched):   # vectorized results from no vectorized operand: broadcast
        args = vec.all_full(args)
    return [_same_op(op, args)] if len(op.results) == 1 else _same_op(op, args)


def _full_elementwise(nx, op, inputs, vec):
    """Element-wise ops whose operands must have equal shapes: all broadcast to full."""
    rank = max(_inner(v).rank for v in op.operands)
    args = []
    for x, v in zip(vec.all_full(inputs), op.operands):
        want = vec.sizes + _inner(op.results[0]).shape[:0] + x.shape[vec.k:]
        r = _inner(v).rank
        if r < rank:
            x = _apply("reshape", [x], {"shape": want[:vec.k] + (1,) * (rank - r) + want[vec.k:]})
        args.append(x)
    return _same_op(op, args)


def _clip(nx, op, inputs, vec):
    """clip(x, lo, hi) with scalar bounds: batched bounds become element-wise max/min."""
    x, lo, hi = inputs
    if not vec.batched[1] and not vec.batched[2]:
        return _same_op(op, [x if vec.batched[0] else vec.full(vec.lift(x)), lo, hi])
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    r = _inner(op.operands[0]).rank

    def bound(b, batched):
        if not batched:
            return b
        return _apply("reshape", [b], {"shape": b.shape + (1,) * r})
    y = _apply("max", [x, bound(lo, vec.batched[1])], {})
    return _apply("min", [y, bound(hi, vec.batched[2])], {})


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
    return _same_op(op, [x] + rest, attrs, vec)


def _arg_reduce(nx, op, inputs, vec):
    """argmax/argmin: the axis shifts; without one, the inner axes are flattened first."""
    x = inputs[0]
    k = vec.k
    attrs = dict(op.attrs)
    inner = _inner(op.operands[0])
    if attrs.get("axis") is None:
        x = _apply("reshape", [x], {"shape": x.shape[:k] + (inner.size,)})
        attrs["axis"] = k
        keep = attrs.pop("keep_axis", False)
        out = _same_op(op, [x], attrs)
        res = _inner(op.results[0]).shape
        return (_apply("reshape", [out], {"shape": out.shape[:k] + res})
                if keep or res != out.shape[k:] else out)
    attrs["axis"] = vec.shift([attrs["axis"]], inner.rank)[0]
    return _same_op(op, [x], attrs)


def _axis(nx, op, inputs, vec, keys=("axis",)):
    """Ops with one axis attribute (sort, cumulative, concatenate...): shifted."""
    attrs = dict(op.attrs)
    rank = _inner(op.operands[0]).rank
    for key in keys:
        if attrs.get(key) is not None:
            attrs[key] = vec.shift([attrs[key]], rank)[0]
    xs = vec.all_full(inputs) if len(inputs) > 1 else [inputs[0]]
    return _same_op(op, xs, attrs)


def _axes_attr(nx, op, inputs, vec):
    """Ops with an `axes` list (reverse, squeeze): shifted."""
    attrs = dict(op.attrs)
    attrs["axes"] = vec.shift(attrs["axes"], _inner(op.operands[0]).rank)
    return _same_op(op, inputs, attrs)


def _reshape(nx, op, inputs, vec):
    x = inputs[0]
    return _same_op(op, [x], {**op.attrs, "shape": x.shape[:vec.k] + tuple(op.attrs["shape"])})


def _transpose(nx, op, inputs, vec):
    k = vec.k
    return _same_op(op, inputs,
                    {**op.attrs, "axes": tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])})


def _broadcast(nx, op, inputs, vec):
    x, k = inputs[0], vec.k
    return _same_op(op, [x], {**op.attrs, "shape": x.shape[:k] + tuple(op.attrs["shape"]),
                              "axes": tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])})


def _slice(nx, op, inputs, vec):
    x, k = inputs[0], vec.k
    a = op.attrs
    return _same_op(op, [x], {**a, "start": (0,) * k + tuple(a["start"]),
                              "lengths": x.shape[:k] + tuple(a["lengths"]),
                              "strides": (1,) * k + tuple(a["strides"])})


def _pad(nx, op, inputs, vec):
    x, v = inputs
    k = vec.k
    if vec.batched[1]:
        raise VectorizeError("vectorize: nx.pad: the pad value must not be vectorized (as in Nx)")
    a = op.attrs
    return _same_op(op, [x, v], {**a, "low": (0,) * k + tuple(a["low"]),
                                 "high": (0,) * k + tuple(a["high"]),
                                 "interior": (0,) * k + tuple(a["interior"])})


def _concatenate(nx, op, inputs, vec):
    return _same_op(op, vec.all_full(inputs), {**op.attrs, "axis": op.attrs["axis"] + vec.k})


def _index_iota(nx, shape, k, type_):
    """(shape..., k) indices of the first k axes of `shape` (for batched gathers/scatters)."""
    cols = [_apply("iota", [], {"shape": tuple(shape) + (1,), "type": type_, "axis": j})
            for j in range(k)]
    return cols


def _batched_indices(nx, vec, idx):
    """Full batched indices (V..., B..., m) with the vectorized positions prepended:
    (V..., B..., k + m)."""
    cols = _index_iota(nx, idx.shape[:-1], vec.k, idx.type)
    return _apply("concatenate", cols + [idx], {"axis": idx.rank - 1})


def _gather(nx, op, inputs, vec):
    x, idx = inputs
    k = vec.k
    axes = tuple(op.attrs["axes"])
    if vec.batched[0] and not vec.batched[1]:
        # one gather over the shifted axes; the vectorized axes come out after the batch axes
        out = _apply("gather", [x, idx], {**op.attrs, "axes": tuple(a + k for a in axes)})
        nb = idx.rank - 1
        perm = tuple(range(nb, nb + k)) + tuple(range(nb)) + tuple(range(nb + k, out.rank))
        return _apply("transpose", [out], {"axes": perm}) if nb else out
    if not vec.batched[0]:
        return _apply("gather", [x, idx], dict(op.attrs))
    x, idx = vec.full(x), vec.full(idx)
    return _apply("gather", [x, _batched_indices(nx, vec, idx)],
                  {**op.attrs, "axes": tuple(range(k)) + tuple(a + k for a in axes)})


def _scatter_rows(x, idx, upd, axes, mode):
    """scatter with (V..., n, k + m) indices and (V..., n, rest...) updates, flattened into the
    op's (rows, k + m) and (rows, rest...) form."""
    rows = 1
    for d in idx.shape[:-1]:
        rows *= d
    idx = _apply("reshape", [idx], {"shape": (rows, idx.shape[-1])})
    rest = upd.shape[len(upd.shape) - (x.rank - len(axes)):] if x.rank > len(axes) else ()
    upd = _apply("reshape", [upd], {"shape": (rows,) + tuple(rest)})
    return _apply("scatter", [x, idx, upd], {"axes": tuple(axes), "mode": mode})


def _scatter(nx, op, inputs, vec):
    x, idx, upd = vec.all_full(inputs)
    k = vec.k
    axes = tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])
    return _scatter_rows(x, _batched_indices(nx, vec, idx), upd, axes, op.attrs["mode"])


def _dot(nx, op, inputs, vec):
    a, b = inputs
    k = vec.k
    at = op.attrs
    ca, cb = tuple(at["contract_a"]), tuple(at["contract_b"])
    ba, bb = tuple(at.get("batch_a", ())), tuple(at.get("batch_b", ()))
    sh = lambda axs: tuple(x + k for x in axs)  # noqa: E731
    if vec.batched[0] and not vec.batched[1] and not ba:
        # (V..., a free..., b free...): one plain dot, vectorized axes are free axes of a
        return _apply("dot", [a, b], {**at, "contract_a": sh(ca), "contract_b": cb})
    if vec.batched[1] and not vec.batched[0] and not ba:
        out = _apply("dot", [a, b], {**at, "contract_a": ca, "contract_b": sh(cb)})
        na = _inner(op.operands[0]).rank - len(ca)
        perm = tuple(range(na, na + k)) + tuple(range(na)) + tuple(range(na + k, out.rank))
        return _apply("transpose", [out], {"axes": perm})
    a, b = vec.all_full(inputs)
    return _apply("dot", [a, b], {**at, "contract_a": sh(ca), "contract_b": sh(cb),
                                  "batch_a": tuple(range(k)) + sh(ba),
                                  "batch_b": tuple(range(k)) + sh(bb)})


def _dynamic_slice(nx, op, inputs, vec):
    x, starts = inputs[0], inputs[1:]
    k = vec.k
    if not any(vec.batched[1:]):
        zero = _apply("constant", [], {"value": _dense(0, starts[0].type)}) if starts else None
        z = zero if zero is not None else _int0()
        return _apply("dynamic_slice", [x] + [z] * k + list(starts),
                      {**op.attrs, "lengths": x.shape[:k] + tuple(op.attrs["lengths"])})
    # per-entry starts: a gather of every element of the window
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    lengths = tuple(op.attrs["lengths"])
    idx = _window_indices(nx, vec, starts, vec.batched[1:], _inner(op.operands[0]).shape, lengths)
    return _apply("gather", [x, idx], {"axes": tuple(range(k + len(lengths)))})


def _window_indices(nx, vec, starts, batched, inner, lengths):
    """The full indices (vectorized positions, then the clamped per-entry start plus the offset
    in the window) of every element of a `lengths` window of an operand of inner shape
    `inner`: the gather/scatter form of dynamic_slice/put_slice with per-entry starts."""
    k = vec.k
    cols = []
    for j, (s, b, d, n) in enumerate(zip(starts, batched, inner, lengths)):
        s = vec.full(s if b else vec.lift(s))
        s = _apply("max", [_apply("min", [s, _scalar(d - n, s.type)], {}), _scalar(0, s.type)], {})
        s = _apply("reshape", [s], {"shape": s.shape + (1,) * len(lengths)})
        io = _apply("iota", [], {"shape": vec.sizes + lengths, "type": s.type, "axis": k + j})
        cols.append(_apply("reshape", [_apply("add", [s, io], {})],
                           {"shape": vec.sizes + lengths + (1,)}))
    return _apply("concatenate", _index_iota(nx, vec.sizes + lengths, k, cols[0].type) + cols,
                  {"axis": k + len(lengths)})


def _put_slice(nx, op, inputs, vec):
    x, upd, starts = inputs[0], inputs[1], inputs[2:]
    k = vec.k
    x = vec.full(x if vec.batched[0] else vec.lift(x))
    upd = vec.full(upd if vec.batched[1] else vec.lift(upd))
    if not any(vec.batched[2:]):
        z = _scalar(0, starts[0].type) if starts else _int0()
        return _apply("put_slice", [x, upd] + [z] * k + list(starts), dict(op.attrs))
    lengths = upd.shape[k:]
    idx = _window_indices(nx, vec, starts, vec.batched[2:], _inner(op.operands[0]).shape,
                          lengths)
    return _scatter_rows(x, idx, upd, tuple(range(k + len(lengths))), "put")


def _scalar(v, t):
    return _apply("constant", [], {"value": _dense(v, t)})


def _int0():
    from nx import types as T
    return _scalar(0, T.S32)


def _dense(v, t):
    from nx.compiler.printer import DenseAttr
    return DenseAttr(np.array(v, dtype=t.dtype), TensorType((), t))


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
    return _same_op(op, xs, a, vec)


def _last_axes(nx, op, inputs, vec):
    """Ops that act on trailing inner axes only (fft): the leading axes are batch axes."""
    return _same_op(op, inputs)


def _matrices(nx, op, inputs, vec):
    """Linear-algebra ops act on the last two axes and batch over any leading ones: every
    operand gets the full vectorized axes in front."""
    return _same_op(op, vec.all_full(inputs))


def _revectorize(nx, op, inputs, vec):
    """A view of the full layout: a reshape, or nothing when the layout is unchanged."""
    shape = _full(op.results[0].type).shape
    x = inputs[0]
    return x if x.shape == shape else _apply("reshape", [x], {"shape": shape})


def _same_plain(nx, op, inputs, vec):
    """Ops that pass their operands through (hook, stop_grad): the same op on the full
    values."""
    b = trace.current()
    regions = [Region([vec.region(r.blocks[0])]) for r in op.regions]
    new = b.create(op.name, [x.data for x in inputs], [_full(t) for t in op.result_types],
                   dict(op.attrs), regions, loc=op.loc)
    return [_T(v) for v in new.results]


def _while(nx, op, inputs, vec):
    """A loop over vectorized state (control.py gives every state value the same vectorized
    axes). A plain condition keeps the loop as is; a vectorized one runs until every entry's
    condition is false, and an entry whose condition is false keeps its state (select)."""
    cond_blk, body_blk = (r.blocks[0] for r in op.regions)
    pred_t = cond_blk.ops[-1].operands[0].type
    b = trace.current()
    state_types = [_full(v.type) for v in op.operands]
    if type(pred_t) is not VecType:
        regions = [Region([vec.region(cond_blk)]), Region([vec.region(body_blk)])]
        new = b.create("nx.while", [x.data for x in inputs], state_types, dict(op.attrs),
                       regions, loc=op.loc)
        return [_T(v) for v in new.results]
    axes = vec.axes
    # cond': any entry still running
    cblk = Block(state_types)
    with trace.building(cblk):
        p = vec.inline(cond_blk, [_T(a) for a in cblk.args])[0]
        p = align(p, pred_t.axes, axes)
        p = _apply("not_equal", [p, _scalar(0, p.type)], {})
        if p.type != _u8():
            p = _apply("as_type", [p], {"type": _u8()})
        anyp = _apply("reduce_max", [p], {"axes": tuple(range(p.rank))})
    cblk.append(Operation("nx.yield", [anyp.data], []))
    bblk = Block(state_types)
    with trace.building(bblk):
        st = [_T(a) for a in bblk.args]
        p = vec.inline(cond_blk, st)[0]
        p = align(p, pred_t.axes, axes)
        new = vec.inline(body_blk, st)
        outs = []
        for n, s in zip(new, st):
            m = p if s.rank == len(axes) else _apply(
                "reshape", [p], {"shape": p.shape + (1,) * (s.rank - len(axes))})
            outs.append(_apply("select", [m, n, s], {}))
    bblk.append(Operation("nx.yield", [o.data for o in outs], []))
    attrs = {k: v for k, v in op.attrs.items() if k != "trip_count"}
    new = b.create("nx.while", [x.data for x in inputs], state_types, attrs,
                   [Region([cblk]), Region([bblk])], loc=op.loc)
    return [_T(v) for v in new.results]


def _u8():
    from nx import types as T
    return T.Type("u", 8)


def _cond(nx, op, inputs, vec):
    """A plain predicate keeps the cond (its branches rewritten); a vectorized one evaluates
    both branches and selects per entry (as Nx does)."""
    b = trace.current()
    then_blk, else_blk = (r.blocks[0] for r in op.regions)
    pt = op.operands[0].type
    if type(pt) is not VecType:
        rtypes = [_full(t) for t in op.result_types]
        regions = [Region([vec.region(then_blk)]), Region([vec.region(else_blk)])]
        new = b.create("nx.cond", [inputs[0].data], rtypes, {**op.attrs, "result_types": rtypes},
                       regions, loc=op.loc)
        return [_T(v) for v in new.results]
    t = vec.inline(then_blk, [])
    f = vec.inline(else_blk, [])
    p = align(inputs[0], pt.axes, vec.axes)
    outs = []
    for x, y, r in zip(t, f, op.results):
        ax = _axes(r.type)
        x = align(x, _axes(then_blk.ops[-1].operands[len(outs)].type), ax)
        y = align(y, _axes(else_blk.ops[-1].operands[len(outs)].type), ax)
        pp = align(p, vec.axes, vec.axes)
        m = _apply("reshape", [pp], {"shape": pp.shape + (1,) * _inner(r).rank})
        outs.append(_apply("select", [m, x, y], {}))
    return outs


def _conv(nx, op, inputs, vec):
    """conv on vectorized values, as one conv of plain tensors (B = the product of the
    vectorized sizes; operands first in canonical (batch, feature, spatial...) order):
    - plain kernel, no batch groups: the entries fold into the batch axis, (B * N, C, ...);
    - vectorized kernel, no batch groups: the entries fold into feature groups: input
      (N, B * C, ...), kernel (B * O, I, ...), feature_group_size B * g;
    - batch groups: the entries fold into batch groups: input (B * N, C, ...), kernel
      (B * O, I, ...), batch_group_size B * bg (XLA forbids feature and batch groups together).
    The output unfolds to (B..., N, O, ...) and takes the output permutation."""
    w = inputs[1]
    k = vec.k
    a = op.attrs
    ip, kp, opm = (tuple(a[n]) for n in ("input_permutation", "kernel_permutation",
                                         "output_permutation"))
    rank = len(ip)
    ident = tuple(range(rank))
    lead = tuple(range(k))
    n_ent = 1
    for s in vec.sizes:
        n_ent *= s
    fg, bg = a["feature_group_size"], a["batch_group_size"]

    def canonical(i, perm):   # operand i as (B, axes in canonical order...)
        t = vec.full(inputs[i] if vec.batched[i] else vec.lift(inputs[i]))
        t = _apply("transpose", [t], {"axes": lead + tuple(k + p for p in perm)})
        return _apply("reshape", [t], {"shape": (n_ent,) + t.shape[k:]})

    def merge(t, i):           # merges axes i and i + 1
        return _apply("reshape", [t], {"shape": t.shape[:i] + (t.shape[i] * t.shape[i + 1],)
                                       + t.shape[i + 2:]})

    attrs = {**a, "input_permutation": ident, "kernel_permutation": ident,
             "output_permutation": ident}
    if not vec.batched[1] and bg == 1:
        out = _apply("conv", [merge(canonical(0, ip), 0), w],
                     {**attrs, "kernel_permutation": kp})
        out = _apply("reshape", [out], {"shape": (n_ent, out.shape[0] // n_ent)
                                        + out.shape[1:]})
    elif bg == 1:
        xc = canonical(0, ip)                                   # (B, N, C, S...)
        xc = _apply("transpose", [xc], {"axes": (1, 0) + tuple(range(2, rank + 1))})
        out = _apply("conv", [merge(xc, 1), merge(canonical(1, kp), 0)],
                     {**attrs, "feature_group_size": n_ent * fg})  # (N, B * O, S'...)
        out = _apply("reshape", [out], {"shape": (out.shape[0], n_ent, out.shape[1] // n_ent)
                                        + out.shape[2:]})
        out = _apply("transpose", [out], {"axes": (1, 0) + tuple(range(2, rank + 1))})
    else:
        out = _apply("conv", [merge(canonical(0, ip), 0), merge(canonical(1, kp), 0)],
                     {**attrs, "batch_group_size": n_ent * bg})    # (N / bg, B * O, S'...)
        out = _apply("reshape", [out], {"shape": (out.shape[0], n_ent, out.shape[1] // n_ent)
                                        + out.shape[2:]})
        out = _apply("transpose", [out], {"axes": (1, 0) + tuple(range(2, rank + 1))})
    out = _apply("reshape", [out], {"shape": vec.sizes + out.shape[1:]})
    inv = [opm.index(i) for i in range(rank)]
    return _apply("transpose", [out], {"axes": lead + tuple(k + j for j in inv)})


RULES = {
    "elementwise": _elementwise,
    "full_elementwise": _full_elementwise,
    "clip": _clip,
    "reduce_axes": _reduce_axes,
    "arg_reduce": _arg_reduce,
    "axis": _axis,
    "axes_attr": _axes_attr,
    "reshape": _reshape,
    "transpose": _transpose,
    "broadcast": _broadcast,
    "slice": _slice,
    "pad": _pad,
    "concatenate": _concatenate,
    "gather": _gather,
    "scatter": _scatter,
    "dot": _dot,
    "dynamic_slice": _dynamic_slice,
    "put_slice": _put_slice,
    "window": _window,
    "last_axes": _last_axes,
    "matrices": _matrices,
    "revectorize": _revectorize,
    "same_plain": _same_plain,
    "while": _while,
    "cond": _cond,
    "conv": _conv,
}

# Rules that take the operands' full values unaligned.
RAW_RULES = frozenset({"revectorize", "same_plain", "while", "cond"})
