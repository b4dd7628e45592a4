"""Rewriting: the `Rewriter` (MLIR's PatternRewriter), rewrite patterns, and `apply_patterns`, a
worklist driver (MLIR's GreedyPatternRewriteDriver) whose cost is linear in the program size.

The Rewriter keeps use lists for one function: built once, in one walk, and kept current by
every change made through it (`create`, `replace`, `replace_all_uses_with`, `set_operand`,
`erase`), so that `uses(v)`, `has_one_use(v)` and `replace_all_uses_with` cost only the uses of
`v`. `replace(op, values)` checks one value per result and each value's type against the
result's; `create(name, operands, attrs)` infers the result types from the op's registry shape
rule when they are not given. New ops go at the insertion point: before the op being rewritten
unless `set_insertion_point*` says otherwise.

Block op lists are brought up to date lazily: an op created or erased during a rewrite is
placed (or dropped) in its block's `ops` list when the driver finishes (`Rewriter.flush()`), so
that inserting and erasing cost O(1) rather than a list shift. While patterns run, read the IR
through the rewriter (`uses`, `defining_op`, operands); an erased op has `parent` None.

`apply_patterns(fn, patterns)` seeds a worklist with every op (program order, nested regions
included), pops one at a time, tries the patterns indexed under the op's name (then those with
`op_name = None`), and on a rewrite pushes the new ops, the users of replaced values and the
defining ops of dropped operands. Optional `cse` and `dce` merge equal pure ops and erase
unused pure ops in the same walk. When the worklist drains after a change it is seeded once
more to confirm the fixed point (at most `max_iterations` times).
"""
from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

import numpy as np

from .ir import (
    Block,
    Function,
    Operation,
    TensorType,
    Value,
    live_rewriters,
    root_block,
    walk,
)

if TYPE_CHECKING:
    from nx.dialects.nx.registry import OpDef

__all__ = [
    "PatternDriver",
    "RewriteError",
    "RewritePattern",
    "Rewriter",
    "apply_patterns",
    "constant_value",
    "erase_op",
    "pattern",
    "replace_all_uses",
    "splat_value",
    "use_counts",
]


class RewriteError(ValueError):
    """A rewrite that would leave wrong IR: a replacement with the wrong number of values or a
    value of another type, erasing an op whose results are still used, an op that cannot be
    created. The message names the op; `apply_patterns` adds a note naming the pattern."""


def _blocks(block):
    yield block
    for op in block.ops:
        for r in op.regions:
            for b in r.blocks:
                yield from _blocks(b)


def replace_all_uses(root: Block, mapping: dict):
    """Replaces every use of each key of `mapping` (a Value) by its value, under `root`. One
    walk of `root` (for code that holds no Rewriter)."""
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
    """Removes `op` from its block (a list removal: O(block size); a Rewriter's `erase` is
    O(1))."""
    op.parent.ops.remove(op)
    op.parent = None


def use_counts(root: Block):
    counts: dict[Value, int] = {}
    for op in walk(root):
        for v in op.operands:
            counts[v] = counts.get(v, 0) + 1
    return counts


# --- reading constants (what MLIR's m_Constant matchers do) -------------------------------

def constant_value(value):
    """The value of `value` as a NumPy array when a (non-weak) `nx.constant` op of a plain
    tensor type makes it, else None. A weak constant (a Python literal before const-precision
    has run) has no final type yet, so it does not count."""
    op = value.owner
    if type(op) is not Operation or op.name != "nx.constant" or "weak" in op.attrs:
        return None
    if type(value.type) is not TensorType:
        return None
    attr = op.attrs.get("value")
    array = getattr(attr, "array", None)
    if array is None:
        return None
    return np.asarray(array)


def is_plain(op):
    """One result, and every operand and the result a plain tensor (not vectorized): what most
    canonicalization patterns require."""
    from .ir import TensorType
    if len(op.results) != 1 or type(op.results[0].type) is not TensorType:
        return False
    for v in op.operands:
        if type(v.type) is not TensorType:
            return False
    return True


def splat_value(value):
    """The element of a constant whose elements are all the same (a NumPy scalar), else None
    (not a constant, empty, or not a splat; a NaN splat is not one either)."""
    a = constant_value(value)
    if a is None or a.size == 0:
        return None
    first = a.reshape(-1)[0]
    if a.size > 1 and not (a == first).all():
        return None
    return first


# --- the rewriter ---------------------------------------------------------------------------

_END = float("inf")


class Rewriter:
    """The IR mutation API for one function (a `Function`, or a root `Block`), with use lists.

    Queries: `uses(v)` (a list of `(op, operand index)`), `has_one_use(v)`, `defining_op(v)` (an
    Operation, or None for a block argument), `dominates(a, b)`.
    Changes: `create`, `constant`, `replace`, `replace_all_uses_with`, `set_operand`, `erase`,
    `modified` (after changing an op's attributes in place). Insertion points:
    `set_insertion_point(op)` (before op), `set_insertion_point_after(op)`,
    `set_insertion_point_to_start(block)`, `set_insertion_point_to_end(block)`; ops created at
    one insertion point keep their creation order.

    Change the IR only through these while a Rewriter is live: writing `op.operands` directly
    would leave its use lists stale. `flush()` (run by `apply_patterns` at the end, and by
    leaving a `with Rewriter(fn) as rw:` block) writes the new ops into their blocks' lists."""

    def __init__(self, fn, listener=None):
        self.fn = fn
        self.root = fn.body if isinstance(fn, Function) else fn
        self.listener = listener
        self.changes = 0           # number of changes made (any kind)
        self.root_op = None        # the op a pattern is rewriting (default insertion point, loc)
        self._ip = None            # (kind, anchor, block)
        self._uses = {}            # Value -> {(op, operand index): None}
        # op -> its position in its block, a tuple compared lexicographically: the i-th op of
        # the list is (i, 0); the k-th op created before op P is P's key with its last entry
        # replaced by (-1, k, 0), after P by (1, k, 0); at a block's start (-1, k, 0), at its
        # end (inf, k, 0). So ordering (and `dominates`) is O(1) without renumbering a block
        # on every insertion; `flush` renumbers the blocks it writes.
        self._order = {}
        self._before = {}          # op -> ops created just before it, in order
        self._after = {}           # op -> ops created just after it, in order
        self._front = {}           # block -> ops created at its start
        self._back = {}            # block -> ops created at its end
        self._dirty = {}           # blocks whose `ops` list is not current (ordered set)
        self._index_block(self.root)

    # --- activation (so that `Value.uses` answers from the use lists) ---------------------

    def __enter__(self):
        stack = getattr(live_rewriters, "stack", None)
        if stack is None:
            stack = live_rewriters.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc):
        live_rewriters.stack.remove(self)
        self.flush()
        return False

    def owns(self, value):
        """Whether `value` belongs to this rewriter's function."""
        return root_block(value) is self.root

    # --- indexing ---------------------------------------------------------------------------

    def _index_block(self, block):
        uses, order = self._uses, self._order
        stack = [block]
        while stack:
            b = stack.pop()
            for i, op in enumerate(b.ops):
                order[op] = (i, 0)
                for j, v in enumerate(op.operands):
                    u = uses.get(v)
                    if u is None:
                        uses[v] = u = {}
                    u[(op, j)] = None
                for r in op.regions:
                    stack.extend(r.blocks)

    # --- queries ----------------------------------------------------------------------------

    def uses(self, value):
        """The uses of `value`: a list of `(op, operand index)`."""
        u = self._uses.get(value)
        return list(u) if u else []

    def has_one_use(self, value):
        u = self._uses.get(value)
        return u is not None and len(u) == 1

    def has_uses(self, value):
        return bool(self._uses.get(value))

    def users(self, value):
        """The ops using `value`, each once, in no particular order."""
        u = self._uses.get(value)
        return list(dict.fromkeys(op for op, _ in u)) if u else []

    @staticmethod
    def defining_op(value):
        """The op whose result `value` is, or None for a block argument (never a Block)."""
        o = value.owner
        return o if type(o) is Operation else None

    def dominates(self, a, b):
        """Whether op `a`'s results may be used by op `b`: `a` is before `b` in `b`'s block or
        in a block enclosing it (an op does not dominate the ops of its own regions)."""
        block = a.parent
        if block is None or a is b:
            return False
        order = self._order
        x = b
        while x is not None:
            bx = x.parent
            if bx is block:
                return order[a] < order[x]
            if bx is None:
                return False
            r = bx.parent
            if r is None:
                return False
            x = r.parent
        return False

    # --- insertion points -------------------------------------------------------------------

    def set_insertion_point(self, op):
        """New ops go just before `op` (after those already created there)."""
        self._ip = ("before", op, op.parent)

    def set_insertion_point_after(self, op):
        """New ops go just after `op`, in creation order."""
        self._ip = ("after", op, op.parent)

    def set_insertion_point_to_start(self, block):
        """New ops go at the start of `block`, in creation order."""
        self._ip = ("start", block, block)

    def set_insertion_point_to_end(self, block):
        """New ops go at the end of `block` (after its terminator: for building blocks)."""
        self._ip = ("end", block, block)

    def _insert(self, op):
        ip = self._ip
        if ip is None:
            if self.root_op is None:
                raise RewriteError(f"{op.name}: no insertion point (call "
                                   "rewriter.set_insertion_point(op) first)")
            ip = ("before", self.root_op, self.root_op.parent)
        kind, anchor, block = ip
        if block is None:
            raise RewriteError(f"{op.name}: the insertion point is an op that is not in a block")
        if kind == "before" or kind == "after":
            table = self._before if kind == "before" else self._after
            lst = table.get(anchor)
            if lst is None:
                table[anchor] = lst = []
            base = self._order[anchor]
            key = base[:-1] + (-1 if kind == "before" else 1, len(lst), 0)
        else:
            table = self._front if kind == "start" else self._back
            lst = table.get(block)
            if lst is None:
                table[block] = lst = []
            key = (-1 if kind == "start" else _END, len(lst), 0)
        lst.append(op)
        op.parent = block
        self._order[op] = key
        self._dirty[block] = None

    # --- changes ----------------------------------------------------------------------------

    def create(self, name, operands, result_types=None, attrs=None, regions=(), loc=None):
        """Creates op `name` at the insertion point and returns it. `result_types` may be left
        out (or `create(name, operands, attrs)`): the registry's shape rule gives them. `loc`
        defaults to the location of the op being rewritten."""
        if isinstance(result_types, dict) and attrs is None:
            attrs, result_types = result_types, None
        operands = list(operands)
        for i, v in enumerate(operands):
            if not isinstance(v, Value):
                raise RewriteError(f"{name}: operand #{i} is a {type(v).__name__}, not a Value")
        attrs = {} if attrs is None else attrs
        if result_types is None:
            result_types = _infer(name, operands, attrs)
        if loc is None and self.root_op is not None:
            loc = self.root_op.loc
        op = Operation(name, operands, result_types, attrs, regions, loc)
        self._insert(op)
        uses = self._uses
        for j, v in enumerate(operands):
            u = uses.get(v)
            if u is None:
                uses[v] = u = {}
            u[(op, j)] = None
        nested = []
        for r in op.regions:
            for b in r.blocks:
                self._index_block(b)
                nested.extend(walk(b))
        self.changes += 1
        lst = self.listener
        if lst is not None:
            lst.notify_created(op)
            for inner in nested:
                lst.notify_created(inner)
        return op

    def constant(self, array, type, loc=None):
        """An `nx.constant` of `type` holding `array` (converted to the type's NumPy dtype and
        shape); returns its result."""
        from .printer import DenseAttr
        arr = np.asarray(array)
        arr = np.array(arr.astype(type.dtype.dtype, copy=False).reshape(type.shape))
        return self.create("nx.constant", [], [type], {"value": DenseAttr(arr, type)},
                           loc=loc).results[0]

    def replace(self, op, new_values):
        """Replaces every use of each result of `op` by the matching value of `new_values` (a
        list of Values, an Operation for its results, or one Value for a one-result op) and
        erases `op`. Raises RewriteError unless there is one value per result, each of the
        result's type. Returns True (so a pattern can `return rewriter.replace(...)`)."""
        if isinstance(new_values, Operation):
            new_values = new_values.results
        elif isinstance(new_values, Value):
            new_values = [new_values]
        new_values = list(new_values)
        if op.parent is None:
            raise RewriteError(f"{op.name}: cannot replace an op that is not in a block "
                               "(erased already?)")
        n = len(op.results)
        if len(new_values) != n:
            raise RewriteError(f"{op.name}: replace got {len(new_values)} value"
                               f"{'' if len(new_values) == 1 else 's'} for its {n} result"
                               f"{'' if n == 1 else 's'}")
        for i, (r, v) in enumerate(zip(op.results, new_values)):
            if not isinstance(v, Value):
                raise RewriteError(f"{op.name}: the replacement of result #{i} is a "
                                   f"{type(v).__name__}, not a Value")
            if v.owner is op:
                raise RewriteError(f"{op.name}: result #{i} cannot be replaced by a result of "
                                   "the op itself")
            if v.type != r.type:
                raise RewriteError(f"{op.name}: result #{i} has type {r.type} but its "
                                   f"replacement has type {v.type}")
        for r, v in zip(op.results, new_values):
            self.replace_all_uses_with(r, v)
        self.erase(op)
        return True

    def replace_all_uses_with(self, old, new):
        """Every use of value `old` becomes a use of `new`; costs the uses of `old`. (No type
        check: `replace` checks types; the verifier checks what this leaves.)"""
        if old is new:
            return
        src = self._uses.pop(old, None)
        if not src:
            return
        dst = self._uses.get(new)
        if dst is None:
            self._uses[new] = dst = {}
        users = {}
        for use in src:
            user, i = use
            user.operands[i] = new
            dst[use] = None
            users[user] = None
        self.changes += 1
        lst = self.listener
        if lst is not None:
            for user in users:
                lst.notify_modified(user)
            lst.notify_unused(old)

    def set_operand(self, op, index, value):
        """Makes operand `index` of `op` the value `value` (in place)."""
        old = op.operands[index]
        if old is value:
            return
        u = self._uses.get(old)
        if u is not None:
            u.pop((op, index), None)
            if not u:
                del self._uses[old]
        op.operands[index] = value
        d = self._uses.get(value)
        if d is None:
            self._uses[value] = d = {}
        d[(op, index)] = None
        self.changes += 1
        lst = self.listener
        if lst is not None:
            lst.notify_modified(op)
            lst.notify_unused(old)

    def modified(self, op):
        """Tells the rewriter that `op`'s attributes were changed in place."""
        self.changes += 1
        if self.listener is not None:
            self.listener.notify_modified(op)

    def erase(self, op):
        """Erases `op` (and the ops of its regions). Raises RewriteError while a result of
        `op` is still used."""
        block = op.parent
        if block is None:
            raise RewriteError(f"{op.name}: cannot erase an op that is not in a block "
                               "(erased already?)")
        uses = self._uses
        for i, r in enumerate(op.results):
            u = uses.get(r)
            if u:
                user = next(iter(u))[0]
                raise RewriteError(f"{op.name}: cannot erase it while result #{i} has "
                                   f"{len(u)} use{'' if len(u) == 1 else 's'} (one by "
                                   f"{user.name}); replace them first")
        self._dirty[block] = None
        if not op.regions:
            for j, v in enumerate(op.operands):
                u = uses.get(v)
                if u is not None:
                    u.pop((op, j), None)
                    if not u:
                        del uses[v]
            op.parent = None
            self.changes += 1
            if self.listener is not None:
                self.listener.notify_erased(op)
            return
        gone = [op]
        stack = [op]
        while stack:
            o = stack.pop()
            for r in o.regions:
                if r.parent is not o:
                    continue            # the region moved to another op
                for b in r.blocks:
                    for inner in self.block_ops(b):
                        gone.append(inner)
                        stack.append(inner)
        for o in gone:
            for j, v in enumerate(o.operands):
                u = uses.get(v)
                if u is not None:
                    u.pop((o, j), None)
                    if not u:
                        del uses[v]
            for r in o.results:
                uses.pop(r, None)
        for o in reversed(gone):
            o.parent = None
        self.changes += 1
        lst = self.listener
        if lst is not None:
            for o in gone:
                lst.notify_erased(o)

    # --- block lists --------------------------------------------------------------------------

    def block_ops(self, block, _visited=None):
        """The ops of `block` as they are now (created ones in place, erased ones left out)."""
        if block not in self._dirty:
            return list(block.ops)
        before, after = self._before, self._after
        out = []
        roots = self._front.get(block, []) + block.ops + self._back.get(block, [])
        stack = roots[::-1]
        while stack:
            item = stack.pop()
            if type(item) is tuple:
                op = item[0]
                if op.parent is block:
                    out.append(op)
                continue
            op = item
            if _visited is not None:
                _visited.append(op)
            a = after.get(op)
            b = before.get(op)
            if a is None and b is None:
                if op.parent is block:
                    out.append(op)
                continue
            if a:
                stack.extend(a[::-1])
            stack.append((op,))
            if b:
                stack.extend(b[::-1])
        return out

    def flush(self):
        """Writes the current ops of every changed block into its `ops` list."""
        order = self._order
        for block in list(self._dirty):
            visited = []
            ops = self.block_ops(block, visited)
            for op in visited:
                self._before.pop(op, None)
                self._after.pop(op, None)
                if op.parent is not block:
                    order.pop(op, None)
            self._front.pop(block, None)
            self._back.pop(block, None)
            block.ops = ops
            for i, op in enumerate(ops):
                order[op] = (i, 0)
            del self._dirty[block]
        self._ip = None


def _infer(name, operands, attrs):
    from nx.dialects.nx import registry
    try:
        d = registry.get(name)
    except KeyError:
        raise RewriteError(f"rewriter.create({name!r}): no result types given, and {name} is "
                           "not in the nx registry to infer them from") from None
    try:
        return list(d.infer([v.type for v in operands], attrs))
    except (ValueError, TypeError, KeyError, IndexError) as e:
        raise RewriteError(f"{name}: cannot infer the result types: {e}") from e


# --- patterns -------------------------------------------------------------------------------

class RewritePattern:
    """Subclass with `op_name` (e.g. "nx.negate"; None matches every op) and
    `match_and_rewrite(op, rewriter)`, which returns True after changing the IR through the
    rewriter (usually `return rewriter.replace(op, values)`), or False, having changed
    nothing, when it does not apply."""

    op_name: str | None = None

    def match_and_rewrite(self, op, rewriter) -> bool:
        raise TypeError(f"{type(self).__name__} must define match_and_rewrite")


class _FunctionPattern(RewritePattern):
    def __init__(self, fn, op_name):
        self.fn = fn
        self.op_name = op_name

    def match_and_rewrite(self, op, rewriter):
        return self.fn(op, rewriter)

    def __repr__(self):
        return f"<pattern {_label(self)} on {self.op_name or 'any op'}>"


def _label(p):
    if isinstance(p, _FunctionPattern):
        return getattr(p.fn, "__qualname__", repr(p.fn))
    return type(p).__name__


def pattern(fn, op_name=None):
    """A RewritePattern from a function `fn(op, rewriter) -> bool` rooted at `op_name` (as the
    registry's `define(..., canonicalize=[...])` makes them). A RewritePattern is returned as
    it is."""
    if isinstance(fn, RewritePattern):
        return fn
    if isinstance(fn, type) and issubclass(fn, RewritePattern):
        return fn()
    if not callable(fn):
        raise TypeError(f"a pattern is a RewritePattern or a function (op, rewriter) -> bool, "
                        f"got {type(fn).__name__}")
    return _FunctionPattern(fn, op_name)


# --- the worklist driver --------------------------------------------------------------------

def _freeze_attrs(attrs):
    if not attrs:
        return ()
    return tuple(sorted((k, _freeze(x)) for k, x in attrs.items()))


def _freeze(v):
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


_TERMINATORS = frozenset({"func.return", "nx.yield"})


_OPS: list[dict[str, OpDef]] = []   # the registry's table, imported on first use


def default_is_pure(op):
    """Pure in the registry, without regions, not a terminator: what CSE and DCE may touch."""
    if op.regions or op.name in _TERMINATORS:
        return False
    if not _OPS:
        from nx.dialects.nx.registry import OPS
        _OPS.append(OPS)
    name = op.name
    d = _OPS[0].get(name.removeprefix("nx."))
    return d is not None and d.pure


_gc_lock = threading.Lock()
_gc_state = [0, False]      # drivers running, whether the cyclic GC was on before the first


class _GCPaused:
    """Defers Python's cyclic garbage collector while a driver runs: a rewrite allocates many
    small containers, and each full collection walks the whole heap (the program included),
    which would make a long rewrite superlinear. Nested and concurrent drivers share one pause;
    the last to finish turns the collector back on if it was on."""

    def __enter__(self):
        with _gc_lock:
            if _gc_state[0] == 0:
                _gc_state[1] = gc.isenabled()
                gc.disable()
            _gc_state[0] += 1

    def __exit__(self, *exc):
        with _gc_lock:
            _gc_state[0] -= 1
            if _gc_state[0] == 0 and _gc_state[1]:
                gc.enable()
        return False


class PatternDriver:
    """The worklist driver behind `apply_patterns` (see there). `stats` counts its work:
    `visits` (ops popped), `rewrites` (patterns that applied), `matches` (patterns tried),
    `cse` (ops merged), `dce` (ops erased as unused), `iterations` (worklist seedings)."""

    def __init__(self, fn, patterns, *, cse=False, dce=False, is_pure=None,
                 max_iterations=32, max_rewrites=None):
        self.fn = fn
        self.by_name = {}
        self.generic = []
        for p in patterns:
            p = pattern(p)
            if p.op_name is None:
                self.generic.append(p)
            else:
                self.by_name.setdefault(p.op_name, []).append(p)
        for name, ps in self.by_name.items():
            self.by_name[name] = tuple(ps) + tuple(self.generic)
        self.generic = tuple(self.generic)
        self.cse = cse
        self.dce = dce
        self.is_pure = is_pure or default_is_pure
        self.max_iterations = max_iterations
        self.max_rewrites = max_rewrites
        self.stats = dict.fromkeys(("visits", "matches", "rewrites", "cse", "dce",
                                    "iterations"), 0)
        self._stack = []
        self._pos = {}
        self._table = {}
        self._key = {}
        self.rewriter = None

    # --- the worklist -----------------------------------------------------------------------

    def push(self, op):
        if op in self._pos or op.parent is None:
            return
        self._pos[op] = len(self._stack)
        self._stack.append(op)

    def _pop(self):
        stack, pos = self._stack, self._pos
        while stack:
            op = stack.pop()
            if op is not None:
                del pos[op]
                return op
        return None

    def _remove(self, op):
        i = self._pos.pop(op, None)
        if i is not None:
            self._stack[i] = None

    # --- listener -----------------------------------------------------------------------------

    def notify_created(self, op):
        self.push(op)

    def notify_modified(self, op):
        self._key.pop(op, None)
        self.push(op)

    def notify_unused(self, value):
        o = value.owner
        if type(o) is Operation and o.parent is not None:
            self.push(o)

    def notify_erased(self, op):
        self._remove(op)
        self._key.pop(op, None)
        for v in op.operands:
            o = v.owner
            if type(o) is Operation and o.parent is not None:
                self.push(o)

    # --- running ------------------------------------------------------------------------------

    def run(self):
        """Rewrites to a fixed point; returns True if anything changed."""
        with _GCPaused():
            return self._run()

    def _run(self):
        rw = self.rewriter = Rewriter(self.fn, listener=self)
        any_change = False
        with rw:
            for _ in range(self.max_iterations):
                self.stats["iterations"] += 1
                ops = list(walk(rw.root))
                ops.reverse()
                self._stack = ops
                self._pos = {op: i for i, op in enumerate(ops)}
                self._table = {}
                self._key = {}
                start = rw.changes
                budget = self.max_rewrites
                if budget is None:
                    budget = 100 * (len(ops) + 10)
                stopped = not self._drain(budget)
                rw.flush()
                if rw.changes == start:
                    break
                any_change = True
                if stopped:
                    break
        self.rewriter = None
        return any_change

    def _drain(self, budget):
        rw = self.rewriter
        by_name, generic = self.by_name, self.generic
        dce, cse, is_pure = self.dce, self.cse, self.is_pure
        uses = rw._uses
        pop = self._pop
        visits = matches = rewrites = merged = dead = 0
        # pure ops found unused are erased when the worklist drains: until then they are
        # rewritten and entered for CSE as the others, so an equal op met later merges into
        # them (the first stays, whether or not it was used)
        unused = []
        try:
            while True:
                op = pop()
                if op is None:
                    while unused:
                        o = unused.pop()
                        if o.parent is not None and not any(uses.get(r) for r in o.results):
                            rw.erase(o)
                            dead += 1
                    op = pop()
                    if op is None:
                        return True
                if op.parent is None:
                    continue
                visits += 1
                pure = (dce or cse) and is_pure(op)
                if dce and pure:
                    for r in op.results:
                        if uses.get(r):
                            break
                    else:
                        unused.append(op)   # (still rewritten and entered for CSE meanwhile)
                applied = False
                for p in by_name.get(op.name, generic):
                    matches += 1
                    before = rw.changes
                    rw.root_op = op
                    try:
                        ok = p.match_and_rewrite(op, rw)
                    except RewriteError as e:
                        e.add_note(f"(in rewrite pattern {_label(p)} on {op.name}"
                                   + (f" at {op.loc}" if op.loc is not None else "") + ")")
                        raise
                    finally:
                        rw.root_op = None
                        rw._ip = None
                    if ok or rw.changes != before:
                        applied = True
                        break
                if applied:
                    rewrites += 1
                    if op.parent is not None:
                        self._key.pop(op, None)
                        self.push(op)
                    if rewrites >= budget:
                        return False
                    continue
                if cse and pure and self._cse(op):
                    merged += 1
        finally:
            st = self.stats
            st["visits"] += visits
            st["matches"] += matches
            st["rewrites"] += rewrites
            st["cse"] += merged
            st["dce"] += dead

    def _cse(self, op):
        """Merges `op` with an equal op that dominates it, or merges the equal ops it
        dominates into it. Returns True when something was merged."""
        try:
            key = (op.name, tuple(op.operands), _freeze_attrs(op.attrs),
                   tuple([r.type for r in op.results]))
            hash(key)
        except TypeError:
            return False
        rw = self.rewriter
        table, keys = self._table, self._key
        entries = table.get(key)
        if entries is None:
            table[key] = [op]
            keys[op] = key
            return False
        live = [c for c in entries if c is not op and c.parent is not None
                and keys.get(c) is not None and keys[c] == key]
        for c in live:
            if rw.dominates(c, op):
                table[key] = live
                rw.replace(op, c.results)
                return True
        kept, merged = [], False
        for c in live:
            if rw.dominates(op, c):
                rw.replace(c, op.results)
                merged = True
            else:
                kept.append(c)
        kept.append(op)
        table[key] = kept
        keys[op] = key
        return merged


def apply_patterns(fn, patterns, max_iterations=32, *, cse=False, dce=False, is_pure=None,
                   max_rewrites=None, stats=None):
    """Applies rewrite `patterns` (RewritePatterns, or functions `(op, rewriter) -> bool` that
    match every op) to `fn` with a worklist until nothing applies. Returns True if anything
    changed.

    Linear in the program: every op is visited once, then again only when a rewrite touches it
    (it was created, one of its operands was replaced, or one of its users went away); each
    visit tries only the patterns indexed under its name. `cse=True` merges pure ops (see
    `is_pure`, default: pure in the registry, no regions, not a terminator) with the same name,
    operands, attributes and result types into the one that dominates (an op in a region may
    reuse one from an enclosing block, never one from a sibling region); `dce=True` erases pure
    ops whose results are unused. `max_iterations` bounds how often the worklist is seeded
    again after a change (to confirm the fixed point); `max_rewrites` (default 100 per op)
    stops a set of patterns that never converges. `stats`, a dict, receives the driver's
    counters (see PatternDriver)."""
    d = PatternDriver(fn, patterns, cse=cse, dce=dce, is_pure=is_pure,
                      max_iterations=max_iterations, max_rewrites=max_rewrites)
    changed = d.run()
    if stats is not None:
        for k, v in d.stats.items():
            stats[k] = stats.get(k, 0) + v
    return changed
