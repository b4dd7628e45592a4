"""Rewriting helpers: replace uses, erase ops, and rewrite patterns that match one op and
replace it, applied greedily to a fixed point."""
from __future__ import annotations

from .ir import Block, Function, Operation, walk

__all__ = ["replace_all_uses", "erase_op", "use_counts", "RewritePattern", "Rewriter",
           "apply_patterns"]


def _blocks(block):
    yield block
    for op in block.ops:
        for r in op.regions:
            for b in r.blocks:
                yield from _blocks(b)


def replace_all_uses(root: Block, mapping: dict):
    """Replaces every use of each key of `mapping` (a Value) by its value, under `root`."""
    if not mapping:
        return
    for b in _blocks(root):
        for op in b.ops:
            ops_ = op.operands
            for i, v in enumerate(ops_):
                nv = mapping.get(v)
                if nv is not None:
                    while nv in mapping:
                        nv = mapping[nv]
                    ops_[i] = nv


def erase_op(op: Operation):
    op.parent.ops.remove(op)
    op.parent = None


def use_counts(root: Block):
    counts = {}
    for op in walk(root):
        for v in op.operands:
            counts[v] = counts.get(v, 0) + 1
    return counts


class Rewriter:
    """Handed to patterns: creates ops before the matched op and replaces it."""

    def __init__(self, fn: Function):
        self.fn = fn
        self.replacements = {}
        self.changed = False
        self._block = None
        self._index = 0
        self.new_ops = []

    def create(self, name, operands, result_types, attrs=None, regions=(), loc=None):
        op = Operation(name, operands, result_types, attrs, regions, loc)
        self.new_ops.append(op)
        return op

    def replace(self, op, new_values):
        for old, new in zip(op.results, new_values):
            self.replacements[old] = new
        self.changed = True
        return True


class RewritePattern:
    """Subclass with `op_name` (e.g. "nx.negate") and `match_and_rewrite(op, rewriter)`, which
    returns True after calling `rewriter.replace(op, values)` or False when it does not apply."""

    op_name: str | None = None

    def match_and_rewrite(self, op, rewriter) -> bool:
        raise TypeError(f"{type(self).__name__} must define match_and_rewrite")


def apply_patterns(fn: Function, patterns, max_iterations=32):
    """Applies `patterns` greedily until nothing changes. Returns True if anything changed."""
    by_name = {}
    for p in patterns:
        by_name.setdefault(p.op_name, []).append(p)
    any_change = False
    for _ in range(max_iterations):
        changed = False
        for block in list(_blocks(fn.body)):
            i = 0
            while i < len(block.ops):
                op = block.ops[i]
                pats = by_name.get(op.name, []) + by_name.get(None, [])
                for p in pats:
                    rw = Rewriter(fn)
                    if p.match_and_rewrite(op, rw):
                        for j, nop in enumerate(rw.new_ops):
                            nop.parent = block
                            block.ops.insert(i + j, nop)
                        i += len(rw.new_ops)
                        replace_all_uses(fn.body, rw.replacements)
                        if op.parent is block and all(r in rw.replacements for r in op.results):
                            erase_op(op)
                            i -= 1
                        changed = True
                        break
                i += 1
        if not changed:
            break
        any_change = True
    return any_change

