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

How: one worklist driver (`nx.compiler.rewriter.apply_patterns` with `cse` and `dce`) visits
each op, and again only when a rewrite touches it, so the cost is linear in the program size
(`benchmarks/canonicalize_bench.py`). The simplifications of 2 are patterns declared with
their ops (`define(..., canonicalize=[...])` in `dialects/nx/ops/`); folding (1) is the
`ConstantFold` pattern, through each op's kernel facet; CSE (3) and DCE (4) are the driver's.
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.dialects.nx.registry import OPS

from ..ir import Operation, TensorType
from ..rewriter import RewritePattern, apply_patterns, constant_value
from . import register_pass

__all__ = [
    "FOLDABLE",
    "FOLD_LIMIT",
    "MAX_SWEEPS",
    "canonicalize",
    "canonicalize_function",
    "canonicalize_patterns",
]

FOLD_LIMIT = 100_000
MAX_SWEEPS = 16     # worklist seedings at most (the second one confirms the fixed point)

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

_TERMINATORS = ("func.return", "nx.yield")


def _defn(op):
    name = op.name
    return OPS.get(name[3:]) if name.startswith("nx.") else None


_PURE: dict[str, bool] = {}   # op name -> whether CSE and DCE may touch it


def _is_pure(op):
    """What CSE and DCE may touch: pure in the registry, no regions, not a terminator."""
    if op.regions:
        return False
    name = op.name
    p = _PURE.get(name)
    if p is None:
        d = _defn(op)
        p = name not in _TERMINATORS and d is not None and d.pure
        if d is not None or name in _TERMINATORS:
            _PURE[name] = p
    return p


def _plain(types):
    return all(type(t) is TensorType for t in types)


def _foldable(op):
    """Whether folding `op` with its NumPy kernel gives XLA's bits exactly (point 1)."""
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


class ConstantFold(RewritePattern):
    """Point 1: an exact op whose operands are all (non-weak) constants becomes constants
    computed by its registry kernel facet."""

    op_name = None      # any op (tried after the op's own patterns)

    def match_and_rewrite(self, op, rewriter):
        if op.name not in FOLDABLE or not op.operands:
            return False
        for v in op.operands:       # cheap test first: every operand made by a constant
            o = v.owner
            if type(o) is not Operation or o.name != "nx.constant":
                return False
        if op.regions or not _foldable(op):
            return False
        arrays = []
        for v in op.operands:
            a = constant_value(v)
            if a is None:
                return False
            arrays.append(a)
        types = op.result_types
        if any(t.size > FOLD_LIMIT for t in types):
            return False
        if op.name == "nx.broadcast" and types[0].size > op.operands[0].type.size:
            return False   # a broadcast literal is bigger than the broadcast; users take scalars
        d = _defn(op)
        try:
            with np.errstate(all="ignore"):
                r = d.kernel(op.attrs, types, *arrays)
        except Exception:  # noqa: BLE001 - a kernel that cannot run here: leave the op
            return False
        rs = list(r) if isinstance(r, (list, tuple)) else [r]
        if len(rs) != len(op.results):
            return False
        rs = [np.asarray(a) for a in rs]
        if any(a.size != t.size for a, t in zip(rs, types)):
            return False
        return rewriter.replace(op, [rewriter.constant(a, t) for a, t in zip(rs, types)])


_PATTERNS: list = []   # [len(OPS) when built, the patterns]


def canonicalize_patterns():
    """The pass's patterns: every op's declared `canonicalize` patterns (the registry), then
    constant folding."""
    n = len(OPS)
    if not _PATTERNS or _PATTERNS[0] != n:
        pats = [p for d in OPS.values() for p in d.canonicalize]
        _PATTERNS[:] = [n, pats + [ConstantFold()]]
    return _PATTERNS[1]


def canonicalize_function(fn, stats=None):
    """Canonicalizes `fn` to a fixed point (one worklist driver: patterns, folding, CSE and
    DCE). Returns True if anything changed. `stats`, a dict, receives the driver's counters
    (`visits`, `rewrites`, ...; see `nx.compiler.rewriter.PatternDriver`)."""
    return apply_patterns(fn, canonicalize_patterns(), MAX_SWEEPS, cse=True, dce=True,
                          is_pure=_is_pure, stats=stats)


@register_pass("canonicalize", builtin=True)
def canonicalize(module):
    """Constant folding, exact simplifications, CSE and DCE to a fixed point (module docstring)."""
    for fn in module.functions:
        canonicalize_function(fn)
    return module
