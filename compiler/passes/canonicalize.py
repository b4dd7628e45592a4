"""canonicalize: common-subexpression elimination and dead-code elimination.

Guarantees: results are unchanged; two pure ops with the same name, operands, attributes and
result types become one (the first); pure ops whose results are unused are removed; ops with
regions or side effects are kept. Reaches a fixed point in one run.
"""
from __future__ import annotations

from nx.dialects import nx as nxd

from ..ir import Block, walk
from ..rewriter import replace_all_uses
from . import register_pass


def _freeze(v):
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


def _is_pure(op):
    if op.name in ("func.return", "nx.yield"):
        return False
    try:
        d = nxd.get(op.name)
    except KeyError:
        return False
    return d.pure and not op.regions


def _cse_block(block: Block, seen: dict, mapping: dict):
    seen = dict(seen)
    for op in block.ops:
        if mapping:
            op.operands = [mapping.get(v, v) for v in op.operands]
        for r in op.regions:
            for b in r.blocks:
                _cse_block(b, seen, mapping)
        if not _is_pure(op):
            continue
        try:
            key = (op.name, tuple(op.operands), _freeze(op.attrs), tuple(op.result_types))
            hash(key)
        except TypeError:
            continue
        prev = seen.get(key)
        if prev is not None:
            for a, b in zip(op.results, prev.results):
                mapping[a] = b
        else:
            seen[key] = op


def _dce_block(block: Block, counts: dict):
    changed = False
    for op in reversed(list(block.ops)):
        for r in op.regions:
            for b in r.blocks:
                changed |= _dce_block(b, counts)
        if _is_pure(op) and all(counts.get(v, 0) == 0 for v in op.results):
            block.ops.remove(op)
            for v in op.operands:
                counts[v] -= 1
            changed = True
    return changed


def canonicalize_function(fn):
    mapping = {}
    _cse_block(fn.body, {}, mapping)
    if mapping:
        replace_all_uses(fn.body, mapping)
    counts = {}
    for op in walk(fn.body):
        for v in op.operands:
            counts[v] = counts.get(v, 0) + 1
    _dce_block(fn.body, counts)


@register_pass("canonicalize")
def canonicalize(module):
    """CSE then DCE on every function (see module docstring)."""
    for fn in module.functions:
        canonicalize_function(fn)
    return module
