"""Control flow: `nx.cond`, `nx.while_loop`, `nx.fori_loop`.

Inside defn they record `nx.cond` / `nx.while` ops with regions; eagerly they run in Python.

Vectorized values (as Nx): a cond whose predicate is vectorized evaluates both branches and
selects per entry; a while loop whose state or condition is vectorized keeps every state value
vectorized over the same axes, runs while any entry's condition holds, and an entry whose
condition is false keeps its state.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, TensorType, VecType, current_location
from nx.dialects.nx.registry import union_axes

from . import types as T
from ._dispatch import ir_value, vec_axes
from .containers import flatten, unflatten
from .ops import as_type, select, to_tensor
from .tensor import Tensor, tensor
from .vectorize import broadcast_axes

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._typing import TensorLike

__all__ = ["cond", "while_loop", "fori_loop"]


def tensor_leaves(x: Any, fun: str, what: str) -> tuple[list[Tensor], Any]:
    leaves, tree = flatten(x)
    out = []
    for v in leaves:
        if isinstance(v, Tensor):
            out.append(v)
        elif isinstance(v, (int, float, complex, bool, np.number)):
            out.append(tensor(v))
        else:
            raise TypeError(f"{fun}: {what} must contain tensors or numbers, got "
                            f"{type(v).__name__}")
    return out, tree


def _value(b, t):
    return ir_value(b, t)


def _vtype(shape, ty, axes):
    inner = TensorType(shape, ty)
    return VecType(axes, inner) if axes else inner


def _vec_cond(p, on_true, on_false):
    """cond with a vectorized predicate: both branches, then a per-entry select."""
    lt, tt = tensor_leaves(on_true(), "nx.cond", "branch results")
    lf, tf = tensor_leaves(on_false(), "nx.cond", "branch results")
    if tt != tf or len(lt) != len(lf):
        raise ValueError(f"nx.cond: both branches must return the same structure, got {tt} "
                         f"and {tf}")
    outs = []
    for i, (x, y) in enumerate(zip(lt, lf)):
        if x.shape != y.shape:
            raise ValueError(f"nx.cond: branch results #{i} have different shapes {x.shape} "
                             f"and {y.shape}")
        outs.append(select(p, x, y))
    return unflatten(tt, outs)


def cond(pred: TensorLike | list[tuple[TensorLike, Callable[[], Any]]],
         on_true: Callable[[], Any] | None = None,
         on_false: Callable[[], Any] | None = None) -> Any:
    """`nx.cond(pred, on_true, on_false)` runs one of two zero-argument functions;
    `nx.cond([(pred, fn), ...], default)` picks the first clause whose predicate is non-zero.
    Both branches must return the same structure; types are merged as Nx does."""
    if isinstance(pred, list):
        clauses, default = pred, on_true
        if not callable(default) or on_false is not None:
            raise TypeError("nx.cond: the clause form is nx.cond([(pred, fn), ...], default) "
                            f"with a zero-argument function as the default, got "
                            f"{type(default).__name__}"
                            + (" and a third argument" if on_false is not None else ""))
        for i, c in enumerate(clauses):
            if not (isinstance(c, tuple) and len(c) == 2 and callable(c[1])):
                raise TypeError(f"nx.cond: clause {i} must be a (predicate, function) pair, "
                                f"got {c!r}")
        if not clauses:
            return default()
        (p, fn), rest = clauses[0], clauses[1:]
        return cond(p, fn, lambda: cond(rest, default))
    for arg, fn in (("on_true", on_true), ("on_false", on_false)):
        if not callable(fn):
            raise TypeError(f"nx.cond: {arg} must be a zero-argument function, got "
                            f"{type(fn).__name__}")
    assert on_true is not None and on_false is not None   # checked above (for mypy)
    p = to_tensor(pred, "nx.cond", "pred")
    if p.shape != ():
        raise ValueError(f"nx.cond: the predicate must be a scalar, got shape {p.shape}")
    if vec_axes(p):
        return _vec_cond(p, on_true, on_false)
    b = trace.current()
    if b is None:
        return on_true() if bool(p.to_numpy() != 0) else on_false()
    regions, results = [], []
    for fn in (on_true, on_false):
        blk = Block()
        with trace.building(blk) as inner:
            out = fn()
            leaves, tree = tensor_leaves(out, "nx.cond", "branch results")
            results.append((leaves, tree, blk, inner))
        regions.append(Region([blk]))
    (lt, tt, bt, it), (lf, tf, bf, if_) = results
    if tt != tf or len(lt) != len(lf):
        raise ValueError(f"nx.cond: both branches must return the same structure, got {tt} "
                         f"and {tf}")
    types, axes = [], []
    for i, (x, y) in enumerate(zip(lt, lf)):
        if x.shape != y.shape:
            raise ValueError(f"nx.cond: branch results #{i} have different shapes {x.shape} "
                             f"and {y.shape}")
        types.append(T.merge(x.type, y.type))
        axes.append(union_axes([vec_axes(x), vec_axes(y)], "nx.cond"))
    for leaves, blk, _inner in ((lt, bt, it), (lf, bf, if_)):
        with trace.building(blk) as bb:
            vals = [_value(bb, broadcast_axes(as_type(x, ty), ax))
                    for x, ty, ax in zip(leaves, types, axes)]
        blk.append(Operation("nx.yield", vals, []))
    rtypes = [_vtype(x.shape, ty, ax) for x, ty, ax in zip(lt, types, axes)]
    op = b.create("nx.cond", [_value(b, p)], rtypes, {"result_types": rtypes}, regions,
                  loc=current_location())
    outs = [Tensor(v, x.shape, ty, x.names, ax)
            for v, x, ty, ax in zip(op.results, lt, types, axes)]
    return unflatten(tt, outs)


def while_loop(initial: Any, condition: Callable[[Any], TensorLike], body: Callable[[Any], Any],
               *, unroll: bool | int = False, _trip_count: int | None = None) -> Any:
    """Runs `state = body(state)` while `condition(state)` is non-zero; returns the final state
    (Nx's `while`). `state` is a tensor or a container of tensors; `body` must keep its shapes
    and types. A vectorized condition runs until it is false for every entry; entries already
    done keep their state.

    `unroll` (Nx's `:unroll`): an integer k puts k applications of the body in each step of
    the compiled loop, the condition checked before each (so the result is the same, with k
    times fewer loop steps and a k times larger body). `True` unrolls the whole loop, which
    needs a static number of iterations: `nx.fori_loop` with integer bounds. Outside a defn
    the loop runs in Python, and an integer `unroll` changes nothing.

        >>> @nx.defn
        ... def count(x):
        ...     return nx.while_loop(x, lambda x: nx.less(x, 10), lambda x: x + 1)
        >>> count(nx.tensor(0))
        nx.Tensor<
          s32
          10
        >
        >>> @nx.defn
        ... def factorial(x):
        ...     fact, _ = nx.while_loop((nx.tensor(1), x), lambda s: nx.greater(s[1], 1),
        ...                             lambda s: (s[0] * s[1], s[1] - 1), unroll=4)
        ...     return fact
        >>> factorial(nx.tensor(5))
        nx.Tensor<
          s32
          120
        >
    """
    k = _unroll_steps(unroll, _trip_count)
    leaves, tree = tensor_leaves(initial, "nx.while_loop", "the state")
    b = trace.current()
    if b is None:
        return _eager_while(initial, condition, body, tree)
    if k is None:   # unroll=True with a known trip count: every iteration inline
        state = initial
        for _ in range(_trip_count):  # type: ignore[arg-type]  # k is None: a trip count
            state = body(state)
        return state
    if k > 1:
        body = _unrolled(condition, body, k, leaves, tree)
    axes = union_axes([vec_axes(t) for t in leaves], "nx.while_loop")
    for _ in range(8):
        op, new_axes = _trace_while(b, leaves, tree, axes, condition, body, _trip_count)
        if new_axes == axes:
            break
        axes = new_axes
    return unflatten(tree, [Tensor(v, t.shape, t.type, t.names, axes)
                            for v, t in zip(op.results, leaves)])


def _unroll_steps(unroll, trip_count):
    """The body applications per loop step for `unroll`; None: unroll every iteration."""
    if unroll is None or unroll is False:
        return 1
    if unroll is True:
        if trip_count is None:
            raise ValueError("nx.while_loop: unroll=True needs a static number of iterations, "
                             "but a while loop runs until its condition is false: give an "
                             "integer k (k body applications per loop step), or use "
                             "nx.fori_loop with integer bounds")
        return None
    if not isinstance(unroll, int) or isinstance(unroll, bool) or unroll < 1:
        raise ValueError(f"nx.while_loop: unroll must be a boolean or a positive integer, got "
                         f"{unroll!r}")
    return unroll


def _unrolled(condition, body, k, leaves, tree):
    """A body running `body` up to k times, checking `condition` before each run after the
    first (the loop checked it before the first): the same iterations as the plain loop."""
    types = [t.type for t in leaves]

    def step(state):
        new, ntree = tensor_leaves(body(state), "nx.while_loop", "the body's result")
        if ntree != tree or len(new) != len(types):
            raise ValueError(f"nx.while_loop: the body must return the same structure as the "
                             f"initial state ({tree} vs {ntree})")
        for j, (x, t) in enumerate(zip(new, leaves)):
            if x.shape != t.shape:
                raise ValueError(f"nx.while_loop: state #{j} changes shape from {t.shape} to "
                                 f"{x.shape}")
        return unflatten(tree, [as_type(x, ty) if x.type != ty else x
                                for x, ty in zip(new, types)])

    def unrolled(state):
        state = step(state)
        for _ in range(k - 1):
            state = cond(condition(state), lambda s=state: step(s), lambda s=state: s)
        return state
    return unrolled


def _eager_while(state, condition, body, tree):
    while True:
        p = to_tensor(condition(state), "nx.while_loop", "condition result")
        if not vec_axes(p):
            if not bool(p.to_numpy() != 0):
                return state
            state = body(state)
            continue
        if p.shape != ():
            raise ValueError(f"nx.while_loop: the condition must return a scalar, got shape "
                             f"{p.shape}")
        if not np.any(p.to_numpy() != 0):
            return state
        old, _ = tensor_leaves(state, "nx.while_loop", "the state")
        new, ntree = tensor_leaves(body(state), "nx.while_loop", "the body's result")
        if ntree != tree or len(new) != len(old):
            raise ValueError(f"nx.while_loop: the body must return the same structure as the "
                             f"initial state ({tree} vs {ntree})")
        state = unflatten(tree, [select(p, n, as_type(o, n.type) if o.type != n.type else o)
                                 for n, o in zip(new, old)])


def _trace_while(b, leaves, tree, axes, condition, body, trip_count):
    """Traces the loop with every state value vectorized over `axes`; returns the op and the
    axes the loop needs (larger when the condition or body brings in new vectorized axes)."""
    types = [_vtype(t.shape, t.type, axes) for t in leaves]
    need = [axes]
    regions = []
    for i, fn in enumerate((condition, body)):
        blk = Block(types)
        with trace.building(blk) as inner:
            state = unflatten(tree, [Tensor(a, t.shape, t.type, t.names, axes)
                                     for a, t in zip(blk.args, leaves)])
            out = fn(state)
            if i == 0:
                out = to_tensor(out, "nx.while_loop", "condition result")
                if out.shape != ():
                    raise ValueError(f"nx.while_loop: the condition must return a scalar, got "
                                     f"shape {out.shape}")
                need.append(vec_axes(out))
                vals = [_value(inner, out)]
            else:
                new, ntree = tensor_leaves(out, "nx.while_loop", "the body's result")
                if ntree != tree or len(new) != len(leaves):
                    raise ValueError(f"nx.while_loop: the body must return the same structure "
                                     f"as the initial state ({tree} vs {ntree})")
                vals = []
                for j, (x, t) in enumerate(zip(new, leaves)):
                    if x.shape != t.shape:
                        raise ValueError(f"nx.while_loop: state #{j} changes shape from "
                                         f"{t.shape} to {x.shape}")
                    need.append(vec_axes(x))
                    x = as_type(x, t.type) if x.type != t.type else x
                    if set(n for n, _ in vec_axes(x)) <= set(n for n, _ in axes):
                        x = broadcast_axes(x, axes)
                    vals.append(_value(inner, x))
        blk.append(Operation("nx.yield", vals, []))
        regions.append(Region([blk]))
    want = union_axes(need, "nx.while_loop")
    if want != axes:
        return None, want
    init_vals = [_value(b, broadcast_axes(t, axes)) if axes else _value(b, t) for t in leaves]
    attrs = {} if trip_count is None else {"trip_count": int(trip_count)}
    op = b.create("nx.while", init_vals, types, attrs, regions, loc=current_location())
    return op, axes


def fori_loop(start: int | Tensor, stop: int | Tensor, initial: Any,
              body: Callable[[Any, Any], Any], *, unroll: bool | int = False) -> Any:
    """`body(i, state)` for i in range(start, stop) (Nx's `while state, i <- start..stop-1`).

    `unroll` is Nx's option: `True` unrolls the whole loop (static bounds only); an integer k
    puts k applications of the body in each loop iteration (the remaining `trips % k` run
    after the loop), which trades program size for fewer loop iterations.

        >>> nx.fori_loop(0, 5, nx.tensor(1), lambda i, acc: acc * 2, unroll=2)
        nx.Tensor<
          s32
          32
        >
    """
    static = all(isinstance(b, int) and not isinstance(b, bool) for b in (start, stop))
    if unroll is True:
        if not static:
            raise ValueError(f"nx.fori_loop: unroll=True needs integer bounds, got start "
                             f"{start!r} and stop {stop!r}")
        unroll = max(stop - start, 1)
    if unroll is False or unroll is None:
        unroll = 1
    if not isinstance(unroll, int) or isinstance(unroll, bool) or unroll < 1:
        raise ValueError(f"nx.fori_loop: unroll must be a boolean or a positive integer, got "
                         f"{unroll!r}")
    k = unroll
    start_t = tensor(start) if not isinstance(start, Tensor) else start
    if static and k > 1:
        trips = max(stop - start, 0)
        if k >= trips:   # fully unrolled
            state = initial
            for i in range(start, stop):
                state = body(tensor(i), state)
            return state
        n, rest = divmod(trips, k)

        def unrolled_body(s):
            i, st = s
            for j in range(k):
                st = body(i + j, st)
            return (i + k, st)
        i_end = start + n * k
        state = while_loop((start_t, initial), lambda s: s[0] < i_end, unrolled_body,
                           _trip_count=n)[1]
        for i in range(i_end, stop):
            state = body(tensor(i), state)
        return state
    if k > 1:   # dynamic bounds: k bodies per iteration while k more fit, then one at a time
        def unrolled_body(s):
            i, st = s
            for j in range(k):
                st = body(i + j, st)
            return (i + k, st)
        i, state = while_loop((start_t, initial), lambda s: s[0] + k <= stop, unrolled_body)
        return while_loop((i, state), lambda s: s[0] < stop,
                          lambda s: (s[0] + 1, body(s[0], s[1])))[1]

    def cond_fn(s):
        return s[0] < stop

    def body_fn(s):
        i, st = s
        return (i + 1, body(i, st))
    trips = None   # static bounds: the trip count is known, which lets gradients keep a tape
    if static:
        trips = max(stop - start, 0)
    return while_loop((start_t, initial), cond_fn, body_fn, _trip_count=trips)[1]
