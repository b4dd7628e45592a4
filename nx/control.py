"""Control flow: `nx.cond`, `nx.while_loop`, `nx.fori_loop`.

Inside defn they record `nx.cond` / `nx.while` ops with regions; eagerly they run in Python.
"""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, TensorType, Value, current_location

from . import types as T
from ._dispatch import constant_value
from .containers import flatten, unflatten
from .ops import as_type, to_tensor
from .tensor import Tensor, tensor

__all__ = ["cond", "while_loop", "fori_loop"]


def _leaves(x, fun, what):
    leaves, tree = flatten(x)
    out = []
    for v in leaves:
        if isinstance(v, Tensor):
            out.append(v)
        elif isinstance(v, (int, float, complex, bool, np.number)):
            out.append(tensor(v))
        else:
            raise TypeError(f"{fun}: {what} must contain tensors or numbers, got {type(v).__name__}")
    return out, tree


def _value(b, t):
    return t.data if isinstance(t.data, Value) else constant_value(b, t)


def cond(pred, on_true=None, on_false=None):
    """`nx.cond(pred, on_true, on_false)` runs one of two zero-argument functions;
    `nx.cond([(pred, fn), ...], default)` picks the first clause whose predicate is non-zero.
    Both branches must return the same structure; types are merged as Nx does."""
    if isinstance(pred, list):
        clauses, default = pred, on_true
        if not clauses:
            return default()
        (p, fn), rest = clauses[0], clauses[1:]
        return cond(p, fn, lambda: cond(rest, default))
    p = to_tensor(pred, "nx.cond", "pred")
    if p.shape != ():
        raise ValueError(f"nx.cond: the predicate must be a scalar, got shape {p.shape}")
    b = trace.current()
    if b is None:
        return on_true() if bool(p.to_numpy() != 0) else on_false()
    regions, results = [], []
    for fn in (on_true, on_false):
        blk = Block()
        with trace.building(blk) as inner:
            out = fn()
            leaves, tree = _leaves(out, "nx.cond", "branch results")
            results.append((leaves, tree, blk, inner))
        regions.append(Region([blk]))
    (lt, tt, bt, it), (lf, tf, bf, if_) = results
    if tt != tf or len(lt) != len(lf):
        raise ValueError(f"nx.cond: both branches must return the same structure, got {tt} and {tf}")
    types = []
    for i, (x, y) in enumerate(zip(lt, lf)):
        if x.shape != y.shape:
            raise ValueError(f"nx.cond: branch results #{i} have different shapes {x.shape} and {y.shape}")
        types.append(T.merge(x.type, y.type))
    for leaves, blk, inner in ((lt, bt, it), (lf, bf, if_)):
        with trace.building(blk) as bb:
            vals = [_value(bb, as_type(x, ty)) for x, ty in zip(leaves, types)]
        blk.append(Operation("nx.yield", vals, []))
    rtypes = [TensorType(x.shape, ty) for x, ty in zip(lt, types)]
    op = b.create("nx.cond", [_value(b, p)], rtypes, {"result_types": rtypes}, regions,
                  loc=current_location())
    outs = [Tensor(v, x.shape, ty, x.names) for v, x, ty in zip(op.results, lt, types)]
    return unflatten(tt, outs)


def while_loop(initial, condition, body, *, _trip_count=None):
    """Runs `state = body(state)` while `condition(state)` is non-zero; returns the final state.
    `state` is a tensor or a container of tensors; `body` must keep its shapes and types."""
    leaves, tree = _leaves(initial, "nx.while_loop", "the state")
    b = trace.current()
    if b is None:
        state = initial
        while bool(to_tensor(condition(state), "nx.while_loop").to_numpy() != 0):
            state = body(state)
        return state
    types = [TensorType(t.shape, t.type) for t in leaves]
    init_vals = [_value(b, t) for t in leaves]
    regions = []
    for i, fn in enumerate((condition, body)):
        blk = Block(types)
        with trace.building(blk) as inner:
            state = unflatten(tree, [Tensor(a, t.shape, t.type, t.names) for a, t in zip(blk.args, leaves)])
            out = fn(state)
            if i == 0:
                out = to_tensor(out, "nx.while_loop", "condition result")
                if out.shape != ():
                    raise ValueError(f"nx.while_loop: the condition must return a scalar, got shape {out.shape}")
                vals = [_value(inner, out)]
            else:
                new, ntree = _leaves(out, "nx.while_loop", "the body's result")
                if ntree != tree or len(new) != len(leaves):
                    raise ValueError(f"nx.while_loop: the body must return the same structure as the initial state ({tree} vs {ntree})")
                vals = []
                for j, (x, t) in enumerate(zip(new, leaves)):
                    if x.shape != t.shape:
                        raise ValueError(f"nx.while_loop: state #{j} changes shape from {t.shape} to {x.shape}")
                    vals.append(_value(inner, as_type(x, t.type) if x.type != t.type else x))
        blk.append(Operation("nx.yield", vals, []))
        regions.append(Region([blk]))
    attrs = {} if _trip_count is None else {"trip_count": int(_trip_count)}
    op = b.create("nx.while", init_vals, types, attrs, regions, loc=current_location())
    return unflatten(tree, [Tensor(v, t.shape, t.type, t.names) for v, t in zip(op.results, leaves)])


def fori_loop(start, stop, initial, body):
    """`body(i, state)` for i in range(start, stop) (Nx's `while state, i <- start..stop-1`)."""
    def cond_fn(s):
        return s[0] < stop

    def body_fn(s):
        i, st = s
        return (i + 1, body(i, st))
    start_t = tensor(start) if not isinstance(start, Tensor) else start
    trips = None   # static bounds: the trip count is known, which lets gradients keep a tape
    if isinstance(start, int) and isinstance(stop, int) and not isinstance(start, bool):
        trips = max(stop - start, 0)
    return while_loop((start_t, initial), cond_fn, body_fn, _trip_count=trips)[1]
