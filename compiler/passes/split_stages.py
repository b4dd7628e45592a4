"""split-stages: Nx.Defn.Graph's splitting of a function into a chain of stage functions.

A split decision is asked for every op of the function body (not for ops inside regions, so
conditionally executed or looped computation is never hoisted), in Nx's evaluation order: a
depth-first, post-order walk from the returned values, operands left to right. The decision is
one of
- "none": no split;
- "before": a stage ends with the op's operands (those that are not already function arguments
  or outputs of an earlier stage): they become that stage's outputs, and later stages receive
  them as arguments;
- "after": a stage ends with the op's results;
- "both": "before" then "after".
The last stage computes the function's results.

Guarantee. Each stage is a function of its own whose arguments record their source: an argument
of the original function (`(None, i)`) or output `j` of stage `k` (`(k, j)`). Running the stages
in order, each on the values named by its sources, computes exactly what the original function
computes (each stage recomputes, from its arguments, whatever else it needs, as Nx does). With no
split decisions the pass leaves the module unchanged.

As a pass (`nxc opt --pass-pipeline='split-stages{before=cos after=dot}'`) the decisions come
from op names (with or without `nx.`, comma-separated) and every function `@f` that splits is
replaced by `@f_stage0`, `@f_stage1`, ... whose attributes `stage` (its index) and `sources`
lists where each argument comes from (`"arg0"` or `"stage1#0"`). `nx.graph.split` uses
`split_function` with a Python decision function.
"""
from __future__ import annotations

from ..ir import Function, Operation, Value, clone
from . import register_pass

__all__ = ["split_function", "StageSpec", "clone_ops", "DECISIONS", "split_stages",
           "source_name"]

DECISIONS = ("before", "after", "both", "none")


class StageSpec:
    """One stage: `function` (a Function), `arguments` (a source per argument: `(None, i)` or
    `(stage, j)`) and `outputs` (the values of the original function it returns)."""

    __slots__ = ("index", "function", "arguments", "outputs")

    def __init__(self, index, function, arguments, outputs):
        self.index, self.function = index, function
        self.arguments, self.outputs = arguments, outputs


def _captures(op):
    """Values used inside op's regions that are defined outside them."""
    inner, used = set(), []
    stack = [b for r in op.regions for b in r.blocks]
    blocks = []
    while stack:
        b = stack.pop()
        blocks.append(b)
        inner.update(b.args)
        for o in b.ops:
            inner.update(o.results)
            stack.extend(bb for r in o.regions for bb in r.blocks)
    seen = set()
    for b in blocks:
        for o in b.ops:
            for v in o.operands:
                if v not in inner and v not in seen:
                    seen.add(v)
                    used.append(v)
    return used


def _deps(op, cache):
    d = cache.get(op)
    if d is None:
        d = list(op.operands)
        if op.regions:
            extra = [v for v in _captures(op) if v not in d]
            d = d + extra
        cache[op] = d
    return d


def normalize_decision(decision):
    if decision is True:
        return "before"
    if decision is False or decision is None:
        return "none"
    if isinstance(decision, str) and decision.lstrip(":") in DECISIONS:
        return decision.lstrip(":")
    raise ValueError(f"nx.graph.split: invalid split decision {decision!r}; expected \"before\", "
                     "\"after\", \"both\" or \"none\"")


def split_function(fn: Function, decide, acc=None, name=None):
    """Splits `fn` into stages. `decide(op, acc) -> (decision, acc)` is called once per op of
    the body in evaluation order. Returns `(stages, acc)`: a list of StageSpec (one when
    nothing splits)."""
    body = fn.body
    ret = body.terminator
    top = set(body.ops)
    arg_index = {a: i for i, a in enumerate(fn.args)}
    dep_cache: dict[Operation, list[Value]] = {}
    replaced: dict[Value, tuple[int, int]] = {}        # value -> source (stage, position)
    order_key = {a: (i, 0, i) for a, i in arg_index.items()}
    counter = [0]
    nargs_seen = [0]
    seen_args = set()
    chain: list[tuple[list[Value], dict[Value, tuple[int, int]]]] = []   # (outputs, `replaced`)
    visited = set()

    def new_source(v, stage, pos):
        replaced[v] = (stage, pos)
        order_key[v] = (nargs_seen[0], 1, counter[0])
        counter[0] += 1
        nargs_seen[0] += 1

    def see_arg(v):
        if v not in seen_args:
            seen_args.add(v)
            nargs_seen[0] += 1

    def cut(values):
        if not values:
            return
        k = len(chain)
        chain.append((list(values), dict(replaced)))
        for j, v in enumerate(values):
            new_source(v, k, j)

    stack = [(v.owner, False) if isinstance(v.owner, Operation) else (v, None)
             for v in reversed(ret.operands)]
    while stack:
        item, expanded = stack.pop()
        if expanded is None:          # a function argument
            see_arg(item)
            continue
        op = item
        if op in visited:
            continue
        if not expanded:
            if all(r in replaced for r in op.results) and op.results:
                continue
            stack.append((op, True))
            for v in reversed(_deps(op, dep_cache)):
                if v in replaced:
                    continue
                if v in arg_index:
                    stack.append((v, None))
                elif isinstance(v.owner, Operation) and v.owner not in visited:
                    stack.append((v.owner, False))
            continue
        visited.add(op)
        if op not in top or op is ret:
            continue
        decision, acc = decide(op, acc)
        decision = normalize_decision(decision)
        if decision in ("before", "both"):
            cut([v for v in dict.fromkeys(_deps(op, dep_cache))
                 if v not in replaced and v not in arg_index])
        if decision in ("after", "both"):
            cut([r for r in op.results if r not in replaced])
    chain.append((list(ret.operands), dict(replaced)))

    base = name or fn.name
    pos = {op: i for i, op in enumerate(body.ops)}
    stages = []
    for k, (outputs, cuts) in enumerate(chain):
        sources, params = {}, []   # source -> key, and (key, source, type)
        needed = set()
        value_source = {}
        work = list(outputs)
        while work:
            v = work.pop()
            if v in value_source:
                continue
            if v in cuts:
                src: tuple[int | None, int] = cuts[v]
            elif v in arg_index:
                src = (None, arg_index[v])
            else:
                op = v.owner
                if op not in needed:
                    needed.add(op)
                    work.extend(_deps(op, dep_cache))
                continue
            value_source[v] = src
            if src not in sources:
                sources[src] = order_key[v]
                params.append((order_key[v], src, v.type))
        params.sort(key=lambda p: p[0])
        fname = base if len(chain) == 1 else f"{base}_stage{k}"
        f = Function(fname, [t for _, _, t in params], attrs=dict(fn.attrs), loc=fn.loc)
        by_source = {src: f.args[i] for i, (_, src, _) in enumerate(params)}
        mapping = {v: by_source[src] for v, src in value_source.items()}
        clone_ops(sorted(needed, key=pos.__getitem__), f.body, mapping)
        f.body.append(Operation("func.return", [mapping.get(v, v) for v in outputs], [],
                                loc=ret.loc))
        stages.append(StageSpec(k, f, [src for _, src, _ in params], list(outputs)))
    return stages, acc


def clone_ops(ops, block, mapping):
    """Appends copies of `ops` to `block`, mapping operands through `mapping` (updated with the
    results); regions are copied too."""
    for op in ops:
        block.append(clone(op, mapping))


def source_name(src):
    stage, pos = src
    return f"arg{pos}" if stage is None else f"stage{stage}#{pos}"


def _names(text):
    return {n if n.startswith("nx.") else "nx." + n
            for n in (text or "").replace("+", ",").split(",") if n}


@register_pass("split-stages", builtin=True)
def split_stages(module, before="", after="", both=""):
    """Splits each function at the ops named in `before` / `after` / `both` (module
    docstring); a no-op without options."""
    b, a, both_ = _names(before), _names(after), _names(both)
    if not (b or a or both_):
        return module

    def decide(op, acc):
        if op.name in both_ or (op.name in b and op.name in a):
            return "both", acc
        if op.name in b:
            return "before", acc
        if op.name in a:
            return "after", acc
        return "none", acc

    out = []
    for fn in module.functions:
        stages, _ = split_function(fn, decide)
        if len(stages) == 1:
            out.append(fn)
            continue
        for s in stages:
            s.function.attrs["stage"] = s.index
            s.function.attrs["sources"] = [source_name(src) for src in s.arguments]
            out.append(s.function)
    module.functions = out
    return module
