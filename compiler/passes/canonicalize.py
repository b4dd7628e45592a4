"""canonicalize: constant folding, exact algebraic simplification, CSE and DCE, to a fixed point.

Guarantee: results never change, bit for bit (NaN payloads aside), on every backend; only
pure ops without regions are rewritten (ops with regions, host callbacks and weak constants
are kept; ops inside regions are simplified in place). The pass repeats until nothing changes.

1. Constant folding: an op whose operands are all (non-weak) constants is evaluated with its
   NumPy reference kernel and replaced by an `nx.constant`, when
   - the op computes exactly the same bits on NumPy and on XLA: data movement (reshape,
     transpose, broadcast, slice, pad, concatenate, reverse, squeeze, dynamic_slice), integer
     arithmetic, bitwise and logical ops, comparisons, select, clip, min/max, real
     `add`/`subtract`/`multiply`/`divide`/`sqrt`/`negate`/`abs` (IEEE-exact), conversions that
     do not leave floating point, and integer (or order-independent) reductions. Transcendental
     functions, floating-point sums and dot products (whose rounding depends on the
     implementation) are never folded;
   - the folded result has at most `FOLD_LIMIT` elements (1e5), so folding never bloats
     a program with big literals (and a broadcast that makes a constant bigger is not folded:
     element-wise users take the scalar instead, see 2.).
2. Algebraic simplification, only where the identity holds for every value (NaN, infinities
   and signed zeros included), and only when the replacement has exactly the op's result type:
   `x*1`, `1*x`, `x/1` (real types); `x+0`, `0+x`, `x-0` for integers, and for floats `x+(-0.0)`,
   `x-(+0.0)` (x+0.0 is not x when x is -0.0); `-(-x)`; `abs(abs(x))`; `select(p, x, x)` and
   `select` on a constant predicate; transpose of transpose (composed, or removed when the
   identity); reshape of reshape; reshape/broadcast/squeeze/transpose/as_type/slice/reverse that
   change nothing; `reverse(reverse(x))` on the same axes; a broadcast of a scalar used by an
   element-wise op is replaced by the scalar itself when the op's type rule gives the same
   result (the op broadcasts implicitly).
3. CSE: pure ops with the same name, operands, attributes and result types become one (the
   first); an op inside a region may reuse one from an enclosing block, never one from a
   sibling region.
4. DCE: pure ops whose results are unused are removed, transitively.
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.dialects import nx as nxd

from ..ir import Block, Operation, TensorType, walk
from ..printer import DenseAttr
from . import register_pass

__all__ = ["canonicalize", "canonicalize_function", "FOLD_LIMIT", "FOLDABLE"]

FOLD_LIMIT = 100_000
MAX_SWEEPS = 16

_SHAPE = {"nx.broadcast", "nx.concatenate", "nx.pad", "nx.reshape", "nx.reverse", "nx.slice",
          "nx.squeeze", "nx.transpose", "nx.dynamic_slice"}
_ANY_TYPE = {"nx.negate", "nx.abs", "nx.sign", "nx.floor", "nx.ceil", "nx.round",
             "nx.bitwise_not", "nx.logical_not", "nx.is_nan", "nx.is_infinity", "nx.real",
             "nx.imag", "nx.conjugate", "nx.population_count", "nx.count_leading_zeros",
             "nx.equal", "nx.not_equal", "nx.less", "nx.less_equal", "nx.greater",
             "nx.greater_equal", "nx.logical_and", "nx.logical_or", "nx.logical_xor",
             "nx.bitwise_and", "nx.bitwise_or", "nx.bitwise_xor", "nx.left_shift",
             "nx.right_shift", "nx.select", "nx.clip", "nx.max", "nx.min", "nx.reduce_max",
             "nx.reduce_min", "nx.argmax", "nx.argmin"}
_REAL_EXACT = {"nx.add", "nx.subtract", "nx.multiply", "nx.divide", "nx.sqrt"}
_INTEGER_ONLY = {"nx.quotient", "nx.remainder", "nx.pow", "nx.sum", "nx.product", "nx.dot"}
FOLDABLE = _SHAPE | _ANY_TYPE | _REAL_EXACT | _INTEGER_ONLY | {"nx.as_type"}

_ELEMENTWISE_FAMILIES = {"unary", "binary", "ternary"}


def _freeze(v):
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


def _defn(op):
    try:
        return nxd.get(op.name)
    except KeyError:
        return None


def _is_pure(op):
    if op.name in ("func.return", "nx.yield"):
        return False
    d = _defn(op)
    return d is not None and d.pure and not op.regions


def _plain(types):
    return all(type(t) is TensorType for t in types)


def _foldable(op):
    name = op.name
    if name not in FOLDABLE:
        return False
    types = [v.type for v in op.operands] + op.result_types
    if not _plain(types):
        return False
    if name in _SHAPE or name in _ANY_TYPE:
        return True
    dts = [t.dtype for t in types]
    if name in _REAL_EXACT:
        return all(not T.is_complex(d) for d in dts)
    if name in _INTEGER_ONLY:
        return all(T.is_integer(d) for d in dts)
    if name == "nx.as_type":
        src, dst = dts
        return not (T.is_float(src) or T.is_complex(src)) or T.is_float(dst) or T.is_complex(dst)
    return False


class _Canon:
    def __init__(self, fn):
        self.fn = fn
        self.subst = {}
        self.consts = {}
        self.changed = False

    def resolve(self, v):
        s = self.subst
        while v in s:
            v = s[v]
        return v

    # --- constants -------------------------------------------------------------------------

    def const(self, v):
        return self.consts.get(v)

    def new_const(self, arr, t, loc, out):
        arr = np.asarray(arr)
        arr = np.array(arr.astype(t.dtype.dtype, copy=False).reshape(t.shape))
        op = Operation("nx.constant", [], [t], {"value": DenseAttr(arr, t)}, loc=loc)
        out.append(op)
        self.consts[op.results[0]] = arr
        return op.results[0]

    def splat(self, v):
        a = self.consts.get(v)
        if a is None or a.size == 0:
            return None
        first = a.reshape(-1)[0]
        if a.size > 1 and not np.array_equal(a, np.broadcast_to(first, a.shape)):
            return None
        return first

    # --- folding ---------------------------------------------------------------------------

    def fold(self, op, out):
        if not _foldable(op):
            return None
        arrays = []
        for v in op.operands:
            a = self.consts.get(v)
            if a is None:
                return None
            arrays.append(a)
        if any(t.size > FOLD_LIMIT for t in op.result_types):
            return None
        if op.name == "nx.broadcast" and op.result_types[0].size > op.operands[0].type.size:
            return None   # a broadcast literal is bigger than the broadcast; users take scalars
        d = _defn(op)
        try:
            with np.errstate(all="ignore"):
                r = d.kernel(op.attrs, op.result_types, *arrays)
        except Exception:  # noqa: BLE001 - a kernel that cannot run here: leave the op
            return None
        rs = list(r) if isinstance(r, (list, tuple)) else [r]
        if len(rs) != len(op.results):
            return None
        vals = []
        for a, t in zip(rs, op.result_types):
            a = np.asarray(a)
            if a.size != t.size:
                return None
            vals.append(self.new_const(a, t, op.loc, out))
        return vals

    # --- simplification --------------------------------------------------------------------

    def simplify(self, op, out):
        name = op.name
        rt = op.result_types
        if len(rt) != 1 or not _plain(rt + [v.type for v in op.operands]):
            return None
        res = rt[0]
        ops_ = op.operands
        same = (lambda v: v.type == res)
        dt = res.dtype

        if name in ("nx.multiply", "nx.add", "nx.subtract", "nx.divide") and len(ops_) == 2:
            a, b = ops_
            sa, sb = self.splat(a), self.splat(b)
            if T.is_complex(dt):
                if name in ("nx.add", "nx.subtract"):
                    pass
                else:
                    return None
            if name == "nx.multiply":
                if sb is not None and sb == 1 and same(a) and not T.is_complex(dt):
                    return [a]
                if sa is not None and sa == 1 and same(b) and not T.is_complex(dt):
                    return [b]
            elif name == "nx.divide":
                if sb is not None and sb == 1 and same(a) and not T.is_complex(dt):
                    return [a]
            elif name == "nx.add":
                if sb is not None and _is_additive_identity(sb, dt) and same(a):
                    return [a]
                if sa is not None and _is_additive_identity(sa, dt) and same(b):
                    return [b]
            elif name == "nx.subtract":
                if sb is not None and _is_subtractive_identity(sb, dt) and same(a):
                    return [a]
            return None
        if name in ("nx.negate", "nx.abs"):
            x = ops_[0]
            inner = x.owner
            if isinstance(inner, Operation) and inner.name == name and inner.parent is not None:
                if name == "nx.negate" and same(inner.operands[0]):
                    return [inner.operands[0]]
                if name == "nx.abs" and same(x):
                    return [x]
            return None
        if name == "nx.select":
            p, a, b = ops_
            if a is b and same(a):
                return [a]
            sp = self.splat(p)
            if sp is not None:
                pick = a if sp != 0 else b
                if same(pick):
                    return [pick]
            return None
        if name == "nx.transpose":
            x = ops_[0]
            perm = tuple(op.attrs["axes"])
            if perm == tuple(range(len(perm))) and same(x):
                return [x]
            inner = x.owner
            if isinstance(inner, Operation) and inner.name == "nx.transpose":
                p1 = tuple(inner.attrs["axes"])
                composed = tuple(p1[i] for i in perm)
                src = inner.operands[0]
                if composed == tuple(range(len(composed))) and same(src):
                    return [src]
                nop = Operation("nx.transpose", [src], [res], {"axes": composed}, loc=op.loc)
                out.append(nop)
                return [nop.results[0]]
            return None
        if name in ("nx.reshape", "nx.squeeze"):
            x = ops_[0]
            if same(x):
                return [x]
            inner = x.owner
            if isinstance(inner, Operation) and inner.name in ("nx.reshape", "nx.squeeze"):
                src = inner.operands[0]
                if same(src):
                    return [src]
                if type(src.type) is TensorType:
                    nop = Operation("nx.reshape", [src], [res], {"shape": tuple(res.shape)},
                                    loc=op.loc)
                    out.append(nop)
                    return [nop.results[0]]
            return None
        if name == "nx.broadcast":
            x = ops_[0]
            if same(x) and tuple(op.attrs.get("axes", ())) == tuple(range(len(res.shape))):
                return [x]
            return None
        if name == "nx.as_type":
            x = ops_[0]
            if same(x):
                return [x]
            return None
        if name == "nx.slice":
            x = ops_[0]
            if (same(x) and all(s == 0 for s in op.attrs.get("start", ()))
                    and all(s == 1 for s in op.attrs.get("strides", ()))):
                return [x]
            return None
        if name == "nx.reverse":
            x = ops_[0]
            if not op.attrs.get("axes"):
                return [x] if same(x) else None
            inner = x.owner
            if (isinstance(inner, Operation) and inner.name == "nx.reverse"
                    and sorted(inner.attrs.get("axes", ())) == sorted(op.attrs["axes"])
                    and same(inner.operands[0])):
                return [inner.operands[0]]
            return None
        return None

    def drop_scalar_broadcasts(self, op):
        """Element-wise ops broadcast implicitly: use a broadcast scalar directly."""
        d = _defn(op)
        if d is None or d.family not in _ELEMENTWISE_FAMILIES or not _plain(
                [v.type for v in op.operands] + op.result_types):
            return False
        changed = False
        for i, v in enumerate(op.operands):
            b = v.owner
            if (isinstance(b, Operation) and b.name == "nx.broadcast"
                    and type(b.operands[0].type) is TensorType and b.operands[0].type.rank == 0):
                types = [x.type for x in op.operands]
                types[i] = b.operands[0].type
                try:
                    ok = list(d.infer(types, op.attrs)) == op.result_types
                except (ValueError, TypeError, KeyError):
                    ok = False
                if ok:
                    op.operands[i] = b.operands[0]
                    changed = True
        return changed

    # --- the sweep -------------------------------------------------------------------------

    def sweep(self, block: Block, seen: dict):
        seen = dict(seen)
        new_ops = []
        subst = self.subst
        for op in block.ops:
            if subst:
                op.operands = [self.resolve(v) if v in subst else v for v in op.operands]
            if op.regions:
                for r in op.regions:
                    for b in r.blocks:
                        self.sweep(b, seen)
            if op.name == "nx.constant" and "weak" not in op.attrs:
                a = op.attrs["value"]
                if isinstance(a, DenseAttr) and type(op.results[0].type) is TensorType:
                    self.consts[op.results[0]] = np.asarray(a.array)
            if not _is_pure(op):
                new_ops.append(op)
                continue
            if self.drop_scalar_broadcasts(op):
                self.changed = True
            made = []
            vals = self.simplify(op, made)
            if vals is None and op.name != "nx.constant":
                vals = self.fold(op, made)
            if vals is not None:
                for m in made:
                    m.parent = block
                    new_ops.append(m)
                for r, v in zip(op.results, vals):
                    subst[r] = v
                op.parent = None
                self.changed = True
                # the new ops take part in CSE now
                for m in made:
                    self.cse(m, seen, block, new_ops, registered=True)
                continue
            if self.cse(op, seen, block, new_ops):
                continue
            new_ops.append(op)
        block.ops = new_ops

    def cse(self, op, seen, block, new_ops, registered=False):
        """Merges `op` into an earlier equal op. Returns True when it was merged (dropped)."""
        try:
            key = (op.name, tuple(op.operands), _freeze(op.attrs), tuple(op.result_types))
            prev = seen.get(key)
        except TypeError:
            return False
        if prev is None:
            seen[key] = op
            return False
        for a, b in zip(op.results, prev.results):
            self.subst[a] = b
        if registered:
            new_ops.remove(op)
        op.parent = None
        self.changed = True
        return True


def _is_additive_identity(s, dt):
    if T.is_integer(dt):
        return s == 0
    s = complex(s)
    parts = [s.real, s.imag] if T.is_complex(dt) else [s.real]
    return all(p == 0 and np.signbit(p) for p in parts)


def _is_subtractive_identity(s, dt):
    if T.is_integer(dt):
        return s == 0
    s = complex(s)
    parts = [s.real, s.imag] if T.is_complex(dt) else [s.real]
    return all(p == 0 and not np.signbit(p) for p in parts)


def _dce(fn):
    counts = {}
    for op in walk(fn.body):
        for v in op.operands:
            counts[v] = counts.get(v, 0) + 1
    changed = [False]

    def block_dce(block):
        keep = []
        for op in reversed(block.ops):
            if _is_pure(op) and all(counts.get(v, 0) == 0 for v in op.results):
                for v in op.operands:
                    counts[v] -= 1
                op.parent = None
                changed[0] = True
                continue
            for r in op.regions:
                for b in r.blocks:
                    block_dce(b)
            keep.append(op)
        keep.reverse()
        block.ops = keep

    block_dce(fn.body)
    return changed[0]


def canonicalize_function(fn):
    """Runs the sweeps and DCE on `fn` to a fixed point. Returns True if anything changed."""
    any_change = False
    for _ in range(MAX_SWEEPS):
        c = _Canon(fn)
        c.sweep(fn.body, {})
        dce = _dce(fn)
        if not (c.changed or dce):
            break
        any_change = True
    return any_change


@register_pass("canonicalize")
def canonicalize(module):
    """Constant folding, exact simplifications, CSE and DCE to a fixed point (module docstring)."""
    for fn in module.functions:
        canonicalize_function(fn)
    return module
