"""Random-program differential testing of nx: a generator of small random nx programs, a
runner that executes each program in the four modes, a comparator, a shrinker and a
campaign driver.

The modes (see tests/py/modes.py): eager on the numpy backend ("numpy"), eager on the xla
backend ("xla"), `nx.jit(f)` ("jit") and `nx.jit(f, compiler="evaluator")` ("evaluator").
Nx's semantics are the specification; the numpy-backend result is the baseline the other
modes are compared with, and integer/boolean expressions are also checked against an
independent reference written here with Python integers (`Ref`), which encodes Nx's (EXLA's)
integer semantics: wrap-around, division truncating toward zero, `x // 0 == -1` (all bits
set), `x % 0 == x`, `MIN // -1 == MIN`, shifts by >= the bit width giving 0 (or -1 for
negative values shifted right).

A program is a Python function of 1-3 input tensors returning a tuple of random expressions,
so that one XLA compilation checks many expressions. Each expression is a tree of `Node`s;
the generator evaluates every candidate node eagerly on the numpy backend as it builds it
(to know its type, shape and values, and to discard programs nx rejects as invalid), and
keeps, per node, whether its value is *exact* (bitwise reproducible by any correct
implementation: integer arithmetic, IEEE-rounded +-*/ and sqrt in f32/f64, min/max, floor,
select, data movement, ...) or *approximate* (transcendental functions, float sums and
products whose order is unspecified, f16/bf16 arithmetic, where XLA may keep excess
precision). Discontinuous functions (comparisons, floor/round/sign, float-to-integer
conversion, argmax, argsort, float remainder, ...) are only applied to exact operands, so
a difference in their results is a defect and not rounding noise.

Comparison (`compare_outputs`): type and shape must be equal in every mode; integer results
exactly; exact floats bitwise (NaN equals any NaN; the sign of zero is compared, except after
an unstable sort, which may order -0.0 and 0.0 either way); approximate floats within a
relative tolerance of the type scaled by the magnitudes met in the expression's subtree,
with NaN and infinities in the same places.

Known defects that are being fixed are excluded from generation by `KNOWN` (name -> reason,
predicate): delete an entry once its fix lands.

Command line (a campaign; --supervise survives crashes of the process, shrinking and printing
each crashing program as a standalone script):

    .venv/bin/python tests/py/differential.py --supervise --programs 3000 --seed 11
    .venv/bin/python tests/py/differential.py --programs 200 --seed 3     # in-process
"""
from __future__ import annotations

import builtins
import math
import os
import random
import sys
import time
import traceback
from dataclasses import dataclass, field

import numpy as np

import nx
from nx import types as T

MODES = ("numpy", "xla", "jit", "evaluator")

# --- types and values ------------------------------------------------------------------------

SIGNED = ("s8", "s16", "s32", "s64")
UNSIGNED = ("u8", "u16", "u32", "u64")
FLOATS = ("f16", "bf16", "f32", "f64")
INPUT_TYPES = {  # weights
    "s8": 2, "s16": 1, "s32": 4, "s64": 2, "u8": 2, "u16": 1, "u32": 2, "u64": 1,
    "f16": 2, "bf16": 2, "f32": 5, "f64": 3, "c64": 1, "bool": 2,   # bool: a u8 of 0/1
    "s4": 0.5, "u4": 0.5, "s2": 0.2, "u2": 0.2, "f8": 0.5,
}
BASE_SHAPES = [(), (1,), (3,), (4,), (2, 3), (3, 1), (1, 4), (2, 2, 3), (2, 1, 2), (5,),
               (0,), (2, 0)]
BASE_SHAPE_WEIGHTS = [3, 2, 4, 3, 5, 2, 2, 2, 1, 2, 1, 1]


def ty(t):
    return T.parse(t)


def is_int(t):
    return ty(t)[0] in ("s", "u")


def is_float(t):
    return ty(t)[0] in ("f", "bf")


def is_complex(t):
    return ty(t)[0] == "c"


def bits(t):
    return ty(t)[1]


def int_range(t):
    t = ty(t)
    if t[0] == "u":
        return 0, 2 ** t[1] - 1
    return -2 ** (t[1] - 1), 2 ** (t[1] - 1) - 1


def _edge_ints(t):
    lo, hi = int_range(t)
    b = bits(t)
    vals = [0, 1, 2, 3, 7, hi, lo, hi - 1, b - 1, b, b + 1, 2 ** (b - 1) if t[0] == "u" else 5]
    if t[0] == "s":
        vals += [-1, -2, -3, -7, lo + 1, -b]
    return [v for v in vals if lo <= v <= hi]


_FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.25, -0.25, 3.0,
                -3.0, 0.75, float("nan"), float("inf"), float("-inf"), 1e-3, 100.0, -100.0]


def random_values(rng, t, shape, flavor):
    """An array of Nx type `t` (or "bool") and `shape`; flavor "plain" or "edgy"."""
    n = int(np.prod(shape)) if shape else 1
    if t == "bool":
        return np.array([rng.random() < 0.5 for _ in range(n)], np.uint8).reshape(shape)
    tt = ty(t)
    if is_int(tt):
        lo, hi = int_range(tt)
        edges = _edge_ints(tt)
        out = []
        for _ in range(n):
            r = rng.random()
            if flavor == "edgy" and r < 0.5:
                out.append(rng.choice(edges))
            elif r < 0.9:
                out.append(rng.randint(builtins.max(lo, -9), builtins.min(hi, 9)))
            else:
                out.append(rng.randint(lo, hi))
        return np.array(out, dtype=object).astype(tt.dtype).reshape(shape) if n else \
            np.zeros(shape, tt.dtype)
    big = {"f8": 5e4, "f16": 6e4, "bf16": 1e38, "f32": 3e38, "f64": 1e300, "c64": 3e38}[tt.name]
    out = []
    for _ in range(n):
        r = rng.random()
        if flavor == "edgy" and r < 0.45:
            v = rng.choice(_FLOAT_EDGES + [big, -big])
        elif r < 0.7:
            v = rng.choice([-1, 1]) * rng.randint(0, 40) / 4
        else:
            v = round(rng.gauss(0, 3), 3)
        out.append(v)
    if is_complex(tt):
        im = [round(rng.gauss(0, 2), 2) for _ in range(n)]
        arr = np.array(out, np.float32) + 1j * np.array(im, np.float32)
        return arr.astype(tt.dtype).reshape(shape)
    with np.errstate(all="ignore"):
        return np.array(out, np.float64).astype(tt.dtype).reshape(shape)


def literal(v):
    """Python source for a number (NaN and infinities included); a negative one is in
    parentheses (`(-1) ** x`, not `-1 ** x`, which Python reads as `-(1 ** x)`)."""
    if isinstance(v, float):
        if math.isnan(v):
            return 'float("nan")'
        if math.isinf(v):
            return 'float("inf")' if v > 0 else '(-float("inf"))'
        if math.copysign(1.0, v) < 0:
            return f"({v!r})"
    elif isinstance(v, int) and v < 0:
        return f"({v!r})"
    return repr(v)


def array_source(a, t):
    """Python source that builds the array `a` as an nx tensor of type `t`."""
    def lst(x):
        if isinstance(x, list):
            return "[" + ", ".join(lst(y) for y in x) + "]"
        if isinstance(x, complex):
            return f"complex({literal(x.real)}, {literal(x.imag)})"
        return literal(x)
    data = a.tolist()
    return f'nx.tensor({lst(data)}, type="{t}")' if a.size or a.ndim == 0 else \
        f'nx.broadcast(nx.tensor(0, type="{t}"), {tuple(a.shape)!r})'


# --- expression trees --------------------------------------------------------------------------

@dataclass(eq=False)
class Node:
    op: str                 # "input", "lit", "const" or an OPS key
    children: tuple = ()
    attrs: dict = field(default_factory=dict)
    form: str = ""          # how to render it (see render)
    # filled by evaluation:
    tensor: object = None   # the numpy-backend nx.Tensor (None for literals)
    value: object = None    # NumPy array (the Python number for literals)
    exact: bool = True
    scale: float = 0.0      # largest finite magnitude in the subtree
    zero_sign: bool = True  # whether the sign of a zero result is well defined
    rtol: float = 0.0       # tolerance of the least precise approximate step in the subtree
    loose: bool = False     # non-finite places may differ (see ORDER_FREE)
    ops: frozenset = frozenset()

    @property
    def type(self):
        return self.tensor.type if self.tensor is not None else None

    @property
    def shape(self):
        return self.tensor.shape if self.tensor is not None else ()

    def size(self):
        return 1 + builtins.sum(c.size() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def render(node, names=None):
    """Python source of the expression; inputs are x0, x1, ... (or `names[i]`)."""
    if node.op == "input":
        return f"x{node.attrs['i']}" if names is None else names[node.attrs["i"]]
    if node.op == "lit":
        return literal(node.attrs["v"])
    if node.op == "const":
        return array_source(node.value, node.attrs["type"])
    args = [render(c, names) for c in node.children]
    return OPS[node.op].render(node, args)


def _kw(attrs, keys):
    return "".join(f", {k}={attrs[k]!r}" for k in keys if k in attrs)


# --- op table -----------------------------------------------------------------------------------

# operand requirement classes
ANY, REAL, INT, FLOATISH, ORDERED = "any", "real", "int", "floatish", "ordered"


def accepts(req, t):
    if req == ANY:
        return True
    if req in (REAL, ORDERED):
        return not is_complex(t)
    if req == INT:
        return is_int(t)
    if req == FLOATISH:
        return not is_int(t)
    raise ValueError(req)


@dataclass
class Op:
    name: str
    arity: int
    req: str = ANY           # what the tensor operands must be
    kind: str = "exact"      # "exact": keeps exactness; "rounded": IEEE-rounded (exact in
    #                          f32/f64 and integers); "approx": approximate for floats;
    #                          "discontinuous": needs exact operands, result exact
    weight: float = 1.0
    fn: str = ""             # function source, e.g. "nx.add"
    operator: str = ""       # an operator form, e.g. "+"
    literal_ok: bool = True  # whether a Python number may be an operand
    attrs: object = None     # callable (gen, children) -> dict of keyword options, or None
    zero_sign_ok: bool = True  # False: the sign of a zero result is not defined

    def render(self, node, args):
        if node.form == "op" and self.operator:
            if self.arity == 1:
                return f"{self.operator}{args[0]}" if self.operator != "abs" else f"abs({args[0]})"
            return f"({args[0]} {self.operator} {args[1]})"
        extra = "".join(f", {k}={v!r}" for k, v in node.attrs.items())
        return f"{self.fn}({', '.join(args)}{extra})"


OPS = {}


def _op(name, arity, **kw):
    kw.setdefault("fn", f"nx.{name}")
    OPS[name] = Op(name, arity, **kw)


for _n in ["exp", "expm1", "log", "log1p", "sigmoid", "sin", "cos", "tan", "asin", "acos",
           "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "rsqrt"]:
    _op(_n, 1, kind="approx", weight=0.35)
for _n in ["cbrt", "erf", "erfc", "erf_inv"]:
    _op(_n, 1, req=REAL, kind="approx", weight=0.3)
_op("sqrt", 1, kind="rounded", weight=0.6)
_op("negate", 1, operator="-", weight=1.0)
_op("abs", 1, operator="abs", weight=1.2)
_op("sign", 1, req=REAL, kind="discontinuous", weight=1.0)
for _n in ["floor", "ceil", "round"]:
    _op(_n, 1, req=REAL, kind="discontinuous", weight=1.0)
_op("bitwise_not", 1, req=INT, operator="~", weight=0.8)
_op("population_count", 1, req=INT, weight=0.6)
_op("count_leading_zeros", 1, req=INT, weight=0.6)
for _n in ["is_nan", "is_infinity"]:
    _op(_n, 1, kind="discontinuous", weight=0.5)
_op("logical_not", 1, kind="discontinuous", weight=0.5)

_op("add", 2, operator="+", kind="rounded", weight=2.0)
_op("subtract", 2, operator="-", kind="rounded", weight=2.0)
_op("multiply", 2, operator="*", kind="rounded", weight=2.0)
_op("divide", 2, operator="/", kind="approx", weight=1.5)   # INHERENT["xla-divide"]
_op("pow", 2, operator="**", kind="approx", weight=0.8)
_op("quotient", 2, req=INT, operator="//", weight=1.5)
_op("remainder", 2, req=REAL, operator="%", kind="discontinuous", weight=1.5)
_op("atan2", 2, req=REAL, kind="approx", weight=0.4)
# min/max of 0.0 and -0.0 may give either zero (IEEE 754 leaves it open): sign not compared
_op("min", 2, req=REAL, weight=1.2, zero_sign_ok=False)
_op("max", 2, req=REAL, weight=1.2, zero_sign_ok=False)
_op("bitwise_and", 2, req=INT, operator="&", weight=0.8)
_op("bitwise_or", 2, req=INT, operator="|", weight=0.8)
_op("bitwise_xor", 2, req=INT, operator="^", weight=0.8)
_op("left_shift", 2, req=INT, operator="<<", weight=1.2)
_op("right_shift", 2, req=INT, operator=">>", weight=1.2)
for _n, _o in [("equal", "=="), ("not_equal", "!="), ("less", "<"), ("less_equal", "<="),
               ("greater", ">"), ("greater_equal", ">=")]:
    _op(_n, 2, req=ANY if _n in ("equal", "not_equal") else REAL, operator=_o,
        kind="discontinuous", weight=0.6)
for _n in ["logical_and", "logical_or", "logical_xor"]:
    _op(_n, 2, kind="discontinuous", weight=0.5)

# structured ops: built by dedicated generators below (GEN); entries here give rendering
_op("select", 3, kind="exact", weight=1.2)
_op("clip", 3, req=REAL, fn="nx.clip", weight=1.0, zero_sign_ok=False)
_op("as_type", 1, kind="exact", weight=1.5)
_op("bitcast", 1, req=REAL, kind="discontinuous", weight=0.4)
for _n in ["sum", "product"]:
    _op(_n, 1, kind="approx", weight=1.0)
for _n in ["reduce_max", "reduce_min"]:
    _op(_n, 1, req=REAL, weight=1.0, zero_sign_ok=False)
for _n in ["argmax", "argmin"]:
    _op(_n, 1, req=REAL, kind="discontinuous", weight=1.0)
for _n in ["all", "any"]:
    _op(_n, 1, kind="discontinuous", weight=0.4)
_op("mean", 1, req=ANY, kind="approx", weight=0.4)
for _n in ["cumulative_sum", "cumulative_product"]:
    _op(_n, 1, kind="approx", weight=0.7)
for _n in ["cumulative_max", "cumulative_min"]:
    _op(_n, 1, req=REAL, weight=0.7, zero_sign_ok=False)
_op("sort", 1, req=REAL, weight=0.8, zero_sign_ok=False)
_op("argsort", 1, req=REAL, kind="discontinuous", weight=0.6)
_op("reshape", 1, weight=0.6)
_op("transpose", 1, weight=0.6)
_op("slice", 1, weight=0.6)
_op("reverse", 1, weight=0.5)
_op("broadcast", 1, weight=0.4)
_op("concatenate", 2, weight=0.4)
_op("dot", 2, kind="approx", weight=0.5)
_op("pad", 1, weight=0.4)
_op("new_axis", 1, weight=0.3)
_op("squeeze", 1, weight=0.3)
_op("top_k", 1, req=REAL, weight=0.4, zero_sign_ok=False)       # values (exact) or indices
_op("window_sum", 1, kind="approx", weight=0.4)
_op("window_max", 1, req=REAL, weight=0.4, zero_sign_ok=False)
_op("window_min", 1, req=REAL, weight=0.3, zero_sign_ok=False)
_op("window_product", 1, kind="approx", weight=0.3)
_op("take", 1, weight=0.4)
_op("take_along_axis", 2, req=REAL, weight=0.4)
_op("tril", 1, weight=0.2)
_op("triu", 1, weight=0.2)
_op("tile", 1, weight=0.3)

# dedicated renderers for the structured ops
OPS["select"].render = lambda node, a: f"nx.select({a[0]}, {a[1]}, {a[2]})"
OPS["clip"].render = lambda node, a: f"nx.clip({a[0]}, {a[1]}, {a[2]})"
OPS["as_type"].render = lambda node, a: f'nx.as_type({a[0]}, "{node.attrs["type"]}")'
OPS["bitcast"].render = lambda node, a: f'nx.bitcast({a[0]}, "{node.attrs["type"]}")'
OPS["concatenate"].render = lambda node, a: f"nx.concatenate([{a[0]}, {a[1]}]" + \
    _kw(node.attrs, ["axis"]) + ")"
OPS["dot"].render = lambda node, a: f"nx.dot({a[0]}, {a[1]})"
OPS["pad"].render = lambda node, a: (f"nx.pad({a[0]}, {literal(node.attrs['value'])}, "
                                     f"{node.attrs['config']!r})")
OPS["new_axis"].render = lambda node, a: f"nx.new_axis({a[0]}, {node.attrs['axis']!r})"
OPS["squeeze"].render = lambda node, a: f"nx.squeeze({a[0]})"
OPS["take"].render = lambda node, a: (f"nx.take({a[0]}, nx.tensor({node.attrs['indices']!r}), "
                                      f"axis={node.attrs['axis']})")
OPS["take_along_axis"].render = lambda node, a: (
    f"nx.take_along_axis({a[0]}, nx.argsort({a[1]}, axis={node.attrs['axis']}, stable=True), "
    f"axis={node.attrs['axis']})")
OPS["tile"].render = lambda node, a: f"nx.tile({a[0]}, {node.attrs['reps']!r})"
OPS["top_k"].render = lambda node, a: f"nx.top_k({a[0]}, k={node.attrs['k']})[{node.attrs['i']}]"


# --- known defects (excluded from generation) --------------------------------------------------

def _int_pow_big_exponent(node):
    if node.op != "pow" or not is_int(node.type):
        return False
    e = node.children[1]
    v = np.asarray(e.value if e.op != "lit" else e.attrs["v"])
    return bool(np.any(v.astype(object) >= 64)) if v.size else False


def _narrowing_convert(n):
    if n.op != "as_type":
        return False
    src, dst = n.children[0].type, n.type
    return dst[0] == "s" and (not is_int(src) or src.bits > dst.bits)


def _signed_and_or_of_narrowing(node):
    return node.op in ("bitwise_and", "bitwise_or") and node.type[0] == "s" and \
        builtins.any(_narrowing_convert(n) for c in node.children for n in c.walk())


def _int_division_by_computed_zero(node):
    if node.op not in ("quotient", "remainder") or not is_int(node.type):
        return False
    d = node.children[1]
    v = np.asarray(d.value if d.op != "lit" else d.attrs["v"])
    return d.op != "input" and bool(np.any(v == 0))


def _lowp_float_with_wide_int(node):
    spec = OPS.get(node.op)
    if spec is None or spec.arity != 2 or len(node.children) != 2:
        return False
    ts = [c.type for c in node.children if c.op != "lit"]
    merged = ts[0]
    for t in ts[1:]:
        merged = T.merge(merged, t)
    if merged.name not in ("f8", "f16", "bf16"):
        return False
    for c in node.children:
        if c.op != "lit" and is_int(c.type) and c.value.size:
            v = c.value.astype(np.float64)
            with np.errstate(all="ignore"):
                if np.any(v.astype(merged.dtype).astype(np.float64) != v):
                    return True
    return False


def _clip_f64_float_bound(node):
    if node.op != "clip" or node.type.name not in ("f64", "c128"):
        return False
    for c in node.children[1:]:
        v = c.attrs.get("v") if c.op == "lit" else None
        if isinstance(v, float) and math.isfinite(v) and float(np.float32(v)) != v:
            return True
    return False


def _atan2_zero_zero(node):
    if node.op != "atan2":
        return False
    a, b = (np.asarray(c.value if c.op != "lit" else c.attrs["v"]) for c in node.children)
    with np.errstate(all="ignore"):
        return bool(np.any((a == 0) & (b == 0)))


_FLOAT_MATH = {"exp", "expm1", "log", "log1p", "sigmoid", "sin", "cos", "tan", "asin", "acos",
               "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "rsqrt", "cbrt",
               "erf", "erfc", "erf_inv", "sqrt"}


def _float_math_of_wide_int(node):
    if node.op not in _FLOAT_MATH or not is_int(node.children[0].type):
        return False
    v = node.children[0].value.astype(np.float64)
    return bool(np.any(v.astype(np.float32).astype(np.float64) != v))


def _subbyte_clz(node):
    return node.op == "count_leading_zeros" and node.children[0].type.bits < 8


def _s4_popcount_negative(node):
    c = node.children[0] if node.children else None
    return node.op == "population_count" and c.type.name == "s4" and bool(np.any(c.value < 0))


def _argminmax_2bit(node):
    return node.op in ("argmax", "argmin") and node.children[0].type.bits == 2


def _f8_erfc(node):
    return node.op == "erfc" and "f8" in (node.type.name, node.children[0].type.name)


def _take_along_axis_empty(node):
    return node.op == "take_along_axis" and 0 in node.children[0].shape


def _widened_subbyte_not(node):
    for c in node.children:
        if c.op in OPS and c.op not in ("lit", "const") and is_int(c.type) and c.type.bits < 8:
            if node.type != c.type or builtins.any(
                    d is not c and d.op != "lit" and d.type != c.type for d in node.children):
                return True
    return False


def _concatenate_2bit(node):
    return node.op == "concatenate" and node.type.bits == 2


def _plus_zero_of_negative_zero(node):
    """x + 0.0 or x - (-0.0) where x holds -0.0 (IEEE: +0.0; XLA simplifies it to x)."""
    if node.op not in ("add", "subtract") or is_int(node.type):
        return False
    kids = node.children
    for i, c in enumerate(kids):
        other = kids[1 - i]
        zero = c.op == "lit" and isinstance(c.attrs["v"], (int, float)) and c.attrs["v"] == 0
        if not zero or other.op == "lit":
            continue
        neg = math.copysign(1.0, float(c.attrs["v"])) < 0
        if (node.op == "add" and not neg) or (node.op == "subtract" and i == 1 and neg):
            v = np.asarray(other.value)
            if v.dtype.kind != "c" and np.any((v == 0) & np.signbit(v.astype(np.float64))):
                return True
    return False


def _subbyte_int_arith(node):
    return node.op in ("quotient", "remainder", "pow") and is_int(node.type) and \
        node.type.bits < 8


def _complex_pow_zero_base(node):
    if node.op != "pow" or not is_complex(node.type):
        return False
    b = node.children[0]
    v = np.asarray(b.attrs["v"] if b.op == "lit" else b.value)
    return bool(np.any(v == 0))


def _int_pow_zero_negative(node):
    if node.op != "pow" or not is_int(node.type):
        return False
    b, e = (np.asarray(c.attrs["v"] if c.op == "lit" else c.value) for c in node.children)
    return bool(np.any(b == 0)) and bool(np.any(e.astype(np.float64) < 0))


def _pow_constant_infinite_exponent(node):
    if node.op != "pow" or is_int(node.type):
        return False
    e = node.children[1]
    v = np.asarray(e.attrs["v"] if e.op == "lit" else e.value)
    return e.op in ("lit", "const") and v.dtype.kind in "fc" and bool(np.any(np.isinf(v)))


def _s64_quotient_min(node):
    if node.op != "quotient" or node.type.name != "s64":
        return False
    for c in node.children:   # the operands converted to s64 (u64 2**63 becomes -2**63)
        v = np.asarray(c.attrs["v"] if c.op == "lit" else c.value)
        if v.dtype.kind in "iu" and v.size and \
                builtins.any(_wrap(int(e), "s64") == -2 ** 63 for e in v.ravel()):
            return True
    return False


def _uses_odd_square(node):
    """An operand is a square x * x that is not >= 0 (NaN, or negative after overflow)."""
    for c in node.children:
        if c.op == "multiply" and render(c.children[0]) == render(c.children[1]):
            v = np.asarray(c.value)
            if v.dtype.kind == "c" or not v.size:
                continue
            with np.errstate(all="ignore"):
                v = v.astype(np.float64) if v.dtype.kind not in "iu" else v
                if np.any(~(v >= 0)):
                    return True
    return False


def _clz_of_constant_negative(node):
    if node.op != "count_leading_zeros":
        return False
    c = node.children[0]   # XLA may fold more than input-free expressions (a reduction of an
    #                        empty tensor): any computed operand is excluded
    return c.op != "input" and c.type[0] == "s" and bool(np.any(c.value < 0))


def _has_nan_constant(n):
    for m in n.walk():
        if m.op == "lit" and isinstance(m.attrs["v"], float) and math.isnan(m.attrs["v"]):
            return True
        if m.op == "const" and m.value.dtype.kind in "fc" and np.isnan(m.value).any():
            return True
    return False


def _math_on_nan_constant(node):
    spec = OPS.get(node.op)
    return spec is not None and spec.kind == "approx" and not is_int(node.type) and \
        builtins.any(_has_nan_constant(c) for c in node.children)


def _log_of_pow_negative_base(node):
    """log(pow(x, y)) with x < 0, or with pow overflowing or underflowing."""
    if node.op != "log" or node.children[0].op != "pow":
        return False
    p = node.children[0]
    base = p.children[0]
    v = np.asarray(base.attrs["v"] if base.op == "lit" else base.value)
    if v.dtype.kind == "c" or not v.size:
        return False
    pv = np.asarray(p.value).astype(np.float64)
    return bool(np.any(v.astype(np.float64) < 0)) or bool(np.any(~np.isfinite(pv) | (pv == 0)))


# name -> (reason, predicate(node) -> True when the node would hit the defect). Three defects
# known before this tester existed (abs/sign of unsigned integers on XLA, round losing -0.0 on
# the numpy backend, argmax/argmin with several NaNs) were fixed while it was written; their
# entries are gone. All the entries here were found by the tester.
KNOWN = {
    "int-pow-exponent-64": (
        "nx.pow on integers with an exponent >= 64 is wrong on XLA (eager xla, jit): XLA's "
        "integer power looks at the exponent's 6 low bits only; the numpy backend and the "
        "evaluator are right (nx.pow(3, 64) in s32)",
        _int_pow_big_exponent),
    "xla-segfault-signed-and-or": (
        "nx.jit of bitwise_and / bitwise_or on a signed type whose operand contains a "
        "narrowing nx.as_type (s32 -> s8, f64 -> s8, s64 -> s32, ...) segfaults inside XLA's "
        "CPU compiler (jaxlib 0.10.2; jax.jit of the same crashes too)",
        _signed_and_or_of_narrowing),
    "xla-sigfpe-int-division-by-zero-constant": (
        "nx.jit of an integer nx.quotient / nx.remainder whose divisor XLA can constant-fold to "
        "0 (1 // (x - x), 2 // nx.as_type(nx.tensor(0.5), \"s32\")) kills the process with "
        "SIGFPE inside XLA's compiler (jaxlib 0.10.2's constant folding divides natively)",
        _int_division_by_computed_zero),
    "lowp-float-with-wide-int-numpy": (
        "a binary op whose result is f8/f16/bf16 with an integer operand the float type "
        "cannot hold exactly (u16 2049 + f16 0.5; u16 65535 == f16 inf): the numpy backend and "
        "the evaluator compute on the integer converted to f32, XLA on the integer converted "
        "to f16/bf16 first (Nx: to the result type first)", _lowp_float_with_wide_int),
    "clip-f64-float-bound": (
        "nx.clip of an f64 tensor with a Python float bound that f32 cannot hold (0.001): "
        "some modes round the bound to f32, others keep it exact", _clip_f64_float_bound),
    "xla-atan2-zero-zero-folded": (
        "nx.jit of nx.atan2(x0 - x0, nx.equal(float(\"nan\"), x1)) (u32 x0, f64 x1) gives NaN "
        "instead of atan2(0, 0) = 0.0: XLA folds both operands to zero constants and its "
        "folded atan2 gives NaN (jax.jit of the same gives NaN too)", _atan2_zero_zero),
    "float-math-of-wide-int-numpy": (
        "unary float math (sqrt, sin, exp, ...) of an integer that f32 cannot hold (s32 "
        "1591783495, u32 2234271635): the numpy backend and the evaluator compute on the "
        "exact integer in f64 (sqrt: 39897.160; sin(2234271635) * x: -1.07e9), XLA on the "
        "integer converted to f32 first (39897.164; 2.22e9)", _float_math_of_wide_int),
    "subbyte-clz-numpy": (
        "nx.count_leading_zeros of s2/s4/u2/u4 tensors on the numpy backend and the "
        "evaluator counts 8 bits (u4 [0, 1, 15] gives [8, 7, 4], s4 0 gives -8); XLA is right "
        "([4, 3, 0])", _subbyte_clz),
    "xla-s4-popcount-negative": (
        "nx.population_count of a negative s4 on XLA counts the sign-extended byte: s4 -1 "
        "gives -8 (8 wrapped) instead of 4", _s4_popcount_negative),
    "xla-argminmax-2bit": (
        "nx.argmax / nx.argmin of s2 or u2 tensors fail on XLA: RET_CHECK failure in XLA's "
        "reduce_decomposer.cc (layouts of the variadic reduce)", _argminmax_2bit),
    "xla-f8-erfc": (
        "nx.erfc of an f8 tensor fails on XLA: failed to legalize chlo.erfc on f8E5M2 "
        "(the lowering does not widen f8)", _f8_erfc),
    "take-along-axis-empty": (
        "nx.take_along_axis on a tensor with a size-0 axis fails on XLA (eager xla, jit): "
        "stablehlo.gather verification: slice size (1) is out of bounds for operand "
        "dimension (0)", _take_along_axis_empty),
    "xla-widened-subbyte-int": (
        "nx.jit of s2/s4/u2/u4 arithmetic whose result is converted to a wider type computes "
        "in the wider type: XLA moves the convert before the op, so nothing wraps. "
        "nx.bitwise_not(x) + nx.tensor(0, type=\"u8\") for u4 1 gives 254 (14 elsewhere); "
        "(x * x) // 3 for s4 -7 gives 16 (49 // 3; 0 elsewhere, as x * x wraps to 1)",
        _widened_subbyte_not),
    "xla-abort-concatenate-2bit": (
        "nx.concatenate of s2/u2 tensors aborts the process on XLA (eager xla and jit): "
        "Check failed: bit_offset != nullptr in XLA's ir_array.cc", _concatenate_2bit),
    "xla-plus-zero-simplified": (
        "nx.jit of x + 0.0 or x - (-0.0) keeps x's -0.0 (IEEE gives +0.0): XLA simplifies "
        "them to x (nx.remainder(x, x) - (-0.0) with x = -3.96 is -0.0 in jit, 0.0 "
        "elsewhere)", _plus_zero_of_negative_zero),
    "subbyte-int-arith-numpy": (
        "nx.quotient / nx.remainder / nx.pow on s2/s4/u2/u4 on the numpy backend and the "
        "evaluator: the kernels test dtype.kind, which is 'V' for ml_dtypes' int4/int2, so "
        "s4 -3 // 2 is 1 (XLA: -1), s4 1 // -1 is 1, -1 % 0 and u4 1 % 0 are 0 (Nx: the "
        "dividend) and s4 (-1) ** -2 is 0 (Nx: 1)", _subbyte_int_arith),
    "xla-complex-pow-zero-base": (
        "nx.pow(0, z) for complex z with a positive real part is NaN on XLA (eager xla, "
        "jit), 0 on the numpy backend and the evaluator", _complex_pow_zero_base),
    "xla-int-pow-zero-negative-folded": (
        "integer nx.pow(0, negative) is 0 at run time in every mode but -1 when XLA constant "
        "folds it in nx.jit: nx.pow(x < 0, -1) with x = nx.tensor([1], type=\"u32\")",
        _int_pow_zero_negative),
    "pow-constant-infinite-exponent-jit": (
        "nx.jit of nx.pow(x, float(\"inf\")) (a constant infinite float exponent) raises "
        "OverflowError: cannot convert float infinity to integer (the new constant-exponent "
        "check of pow's lowering calls int(inf))", _pow_constant_infinite_exponent),
    "s64-quotient-min-numpy": (
        "nx.quotient on s64 with an operand -2**63: the numpy backend and the evaluator give "
        "MIN // 2 == 2**62 (sign lost), MIN // -2 == -2**62 and 1 // MIN == 1 (XLA and Nx: "
        "-2**62, 2**62, 0): the kernel's np.abs overflows on MIN", _s64_quotient_min),
    "xla-square-assumed-nonnegative": (
        "XLA's simplifier assumes x * x >= 0, which fails for NaN and for integers that "
        "overflow: in nx.jit, nx.abs(x * x) is x * x (negative for s64 195506650155945731) "
        "and nx.greater_equal(x * x, 0.0) is 1 for x = NaN (jax.jit too)", _uses_odd_square),
    "xla-clz-constant-negative": (
        "nx.jit of nx.count_leading_zeros of a negative value XLA can constant-fold (an "
        "expression without inputs, or nx.as_type(nx.reduce_max(empty), \"s8\")): XLA's "
        "folding gives -48 for s16 -2, -56 for s8, -32 for s32 instead of 0 (jax.jit of "
        "lax.clz(jnp.int16(-2)) too)", _clz_of_constant_negative),
    "xla-nan-constant-math": (
        "nx.jit of transcendental math on a NaN constant, nx.exp(x - float(\"nan\")) or "
        "nx.erfc(nx.atan(x / float(\"nan\"))), gives arbitrary finite values (changing "
        "from run to run) instead of NaN: XLA's CPU code for these functions assumes no NaNs "
        "and the constant NaN is propagated into it (jax.jit of the same too)",
        _math_on_nan_constant),
    "xla-log-of-pow": (
        "nx.jit of nx.log(nx.pow(x, y)) with a negative x and an odd y gives log(|x| ** y) "
        "instead of NaN: XLA rewrites log(pow(x, y)) as y * log(abs(x)) (jax.jit too); "
        "nx.log(nx.pow(nx.tensor([-4.25]), 3.0)) is 4.34 in jit, NaN eagerly; and where pow "
        "overflows, nx.log(nx.pow(nx.log(x), x)) for s64 x = 64 is 91.2 in jit, Inf eagerly",
        _log_of_pow_negative_base),
}


def _subnormal(node):
    import ml_dtypes
    for v in [node.value] + [c.value for c in node.children if c.op != "lit"]:
        v = np.asarray(v)
        if not v.size or is_int(T.parse(v.dtype)):
            continue
        if v.dtype.kind == "c":
            tiny = np.finfo(v.real.dtype).tiny
            a = np.abs(np.concatenate([v.real.ravel(), v.imag.ravel()]))
        else:
            tiny = ml_dtypes.finfo(v.dtype).tiny
            a = np.abs(v.astype(np.float64))
        if np.any((a > 0) & (a < float(tiny))):
            return True
    return False


# Behaviours of XLA's CPU backend (shared by EXLA) that differ from NumPy and are not nx's
# to fix; the tester tolerates them as said here.
INHERENT = {
    "xla-cpu-ftz": ("XLA's CPU code flushes subnormal floats to zero (ceil(5e-324) is 0.0): "
                    "nodes whose operands or result are subnormal are not generated",
                    _subnormal),
    "xla-divide": ("XLA's simplifier rewrites divisions (x / c as x * (1 / c) for a constant "
                   "or broadcast c, x / sqrt(y) as x * rsqrt(y)), which are not correctly "
                   "rounded: nx.divide is approximate, not exact", None),
    "complex-non-finite": ("complex arithmetic on infinities differs between NumPy and XLA "
                           "(inf+infj vs -inf-infj; 0.001 / (inf+infj) is 0 in XLA, "
                           "nan+nanj in NumPy; complex pow overflows differently: "
                           "(-7.75+1.08j) ** -61 is 0 in XLA, nan+nanj in NumPy): complex "
                           "results are compared only where both are finite once an "
                           "operand or the result is not, and always for pow", None),
}


# NXC_DIFF_IGNORE_KNOWN=all (or a comma-separated list of names) generates what KNOWN
# excludes: to check whether a fix is complete.
_IGNORED = set(os.environ.get("NXC_DIFF_IGNORE_KNOWN", "").split(",")) - {""}


def known_hit(node):
    for name, (_, pred) in list(KNOWN.items()) + list(INHERENT.items()):
        if "all" in _IGNORED or name in _IGNORED:
            continue
        if pred is not None and pred(node):
            return name
    return None


# --- evaluation of nodes on the numpy backend ---------------------------------------------------

class Invalid(Exception):
    """The expression is not a valid nx program (nx rejects it on the numpy backend)."""


USER_ERRORS = (ValueError, TypeError, ArithmeticError)  # what nx raises for invalid programs
generator_crashes = []   # non-user exceptions met on the numpy backend: reported


def evaluate(node, inputs):
    """Fills `node`'s value from its (evaluated) children, on the numpy backend."""
    if node.op == "lit":
        node.value = node.attrs["v"]
        node.exact, node.scale = True, _finite_max(np.asarray(node.value))
        return node
    if node.op == "input":
        node.tensor = inputs[node.attrs["i"]]
    elif node.op == "const":
        node.tensor = nx.tensor(node.value, type=node.attrs["type"])
    else:
        env = {"nx": nx}
        names = []
        for i, c in enumerate(node.children):
            env[f"_{i}"] = c.tensor if c.op != "lit" else c.value
            names.append(f"_{i}")
        src = OPS[node.op].render(node, names)
        try:
            with np.errstate(all="ignore"):
                out = eval(src, env)
        except USER_ERRORS as e:
            raise Invalid(f"{type(e).__name__}: {e}") from None
        except Exception as e:  # noqa: BLE001 (a crash of the numpy backend itself: worth reporting)
            generator_crashes.append((src, [c.tensor for c in node.children if c.tensor
                                            is not None], f"{type(e).__name__}: {e}"))
            raise Invalid(f"crash {type(e).__name__}: {e}") from None
        if not isinstance(out, nx.Tensor):
            raise Invalid(f"not a tensor: {type(out).__name__}")
        node.tensor = out
    node.value = np.asarray(node.tensor.to_numpy())
    _classify(node)
    if node.op in OPS and not node.exact and not is_int(node.type):
        _sensitivity(node, src, env)
    return node


def _sensitivity(node, src, env):
    """Widens `node.rtol` by how much the op amplifies its approximate operands' errors
    (atanh(tanh(-6)) turns a 1-ulp difference of tanh into 1e-3): the op is evaluated again
    with those operands scaled by 1 +- their tolerance. Where that changes which elements are
    finite, non-finite places are not compared (`loose`)."""
    kids = [(i, c) for i, c in enumerate(node.children)
            if c.op != "lit" and c.rtol > 0 and not is_int(c.type)]
    if not kids:
        return
    base = node.value.astype(np.complex128 if node.value.dtype.kind == "c" else np.float64)
    worst = 0.0
    for sign in (1, -1):
        e = dict(env)
        for i, c in kids:
            with np.errstate(all="ignore"):
                v = (c.value.astype(np.complex128 if c.value.dtype.kind == "c" else np.float64)
                     * (1 + sign * c.rtol)).astype(c.value.dtype)
            e[f"_{i}"] = nx.tensor(v, type=c.type)
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(eval(src, e).to_numpy())
        except Exception:  # noqa: BLE001
            node.loose = True
            return
        out = out.astype(base.dtype)
        fin = np.isfinite(base) & np.isfinite(out)
        if (np.isfinite(base) != np.isfinite(out)).any() or \
                (np.isnan(base) != np.isnan(out)).any():
            node.loose = True
        if fin.any():
            d = np.abs(out[fin] - base[fin]) / np.maximum(np.abs(base[fin]), 1e-30)
            worst = builtins.max(worst, float(d.max()))
    node.rtol = builtins.max(node.rtol, builtins.min(1.0, 2 * worst))


def _finite_max(a):
    a = np.asarray(a)
    if a.size == 0:
        return 0.0
    if a.dtype.kind == "c":
        a = np.abs(a)
    a = a.astype(np.float64)
    f = np.abs(a[np.isfinite(a)])
    return float(f.max()) if f.size else 0.0


# float reductions whose order is unspecified: with infinities or overflow in play, one order
# may give Inf or NaN where another gives a finite value (0 * (x * 8) vs (0 * x) * 8)
ORDER_FREE = {"sum", "product", "mean", "cumulative_sum", "cumulative_product", "dot",
              "window_sum"}


def _classify(node):
    """exactness, scale and zero-sign bookkeeping (see the module docstring)."""
    kids = [c for c in node.children]
    node.scale = builtins.max([_finite_max(node.value)] + [c.scale for c in kids])
    node.zero_sign = builtins.all(c.zero_sign for c in kids)
    node.ops = frozenset().union(*[c.ops for c in kids]) | ({node.op} if node.op in OPS else
                                                             set())
    if node.op in ("input", "const"):
        node.exact = True
        return
    op = OPS[node.op]
    if not op.zero_sign_ok and not node.attrs.get("stable", False):
        node.zero_sign = False
    kids_exact = builtins.all(c.exact for c in kids)
    out = node.type
    node.rtol = builtins.max([c.rtol for c in kids] + [0.0])
    node.loose = builtins.any(c.loose for c in kids)
    if is_complex(out) and (builtins.any(     # INHERENT["complex-non-finite"]
            c.op != "lit" and not np.all(np.isfinite(np.asarray(c.value))) for c in kids)
            or not np.all(np.isfinite(node.value)) or node.op == "pow"):
        node.loose = True
    if node.op in ORDER_FREE and not is_int(out):
        vals = [np.asarray(c.value) for c in kids if c.op != "lit"] + [np.asarray(node.value)]
        import ml_dtypes
        big = float(np.sqrt(float(ml_dtypes.finfo(out.dtype if not is_complex(out) else
                                                  np.float32).max)))
        with np.errstate(all="ignore"):
            mags = [np.abs(v.astype(np.complex128 if v.dtype.kind == "c" else np.float64))
                    for v in vals if v.size]
            if builtins.any(not np.all(np.isfinite(m)) or m.max() > big for m in mags):
                node.loose = True
    if is_int(out):
        node.exact = kids_exact
    elif op.kind == "approx" or is_complex(out):
        node.exact = False
    elif op.kind == "rounded":
        node.exact = kids_exact and out.name in ("f32", "f64")
    else:
        node.exact = kids_exact
    if not node.exact and not is_int(out):
        # an approximate value rounded to `out` may land on either side of a rounding step
        node.rtol = builtins.max(node.rtol, _RTOL.get(out.name, 0.0))


# --- generator ---------------------------------------------------------------------------------

def program_seed(seed, k):
    """The generator seed of program `k` of a campaign (each program is reproducible alone)."""
    return seed * 1_000_003 + k


class Generator:
    def __init__(self, seed, max_depth=3, n_exprs=(3, 8)):
        self.rng = random.Random(seed)
        self.max_depth = max_depth
        self.n_exprs = n_exprs
        self.known_skips = {}

    # inputs
    def make_inputs(self):
        rng = self.rng
        base = rng.choices(BASE_SHAPES, BASE_SHAPE_WEIGHTS)[0]
        n = rng.choice([1, 1, 2, 2, 2, 3])
        types = list(INPUT_TYPES)
        weights = list(INPUT_TYPES.values())
        inputs = []
        for i in range(n):
            t = rng.choices(types, weights)[0]
            shape = list(base)
            if shape and i > 0 and rng.random() < 0.4:   # a right-aligned broadcastable suffix
                shape = shape[rng.randint(0, len(shape)):]
            shape = [1 if (d and rng.random() < 0.15) else d for d in shape]
            flavor = "edgy" if rng.random() < 0.6 else "plain"
            arr = random_values(rng, t, tuple(shape), flavor)
            inputs.append((arr, "u8" if t == "bool" else t))
        return inputs

    # expressions
    def program(self):
        while True:
            inputs = self.make_inputs()
            self.inputs = [nx.tensor(a, type=t) for a, t in inputs]
            roots = []
            for _ in range(self.rng.randint(*self.n_exprs)):
                r = self.expr(self.max_depth)
                if r is not None and r.op not in ("input", "lit"):
                    roots.append(r)
            if roots:
                return Program(inputs, roots)

    def leaf(self):
        rng = self.rng
        if rng.random() < 0.08:
            t = rng.choice(["s32", "f32", "u8", "s8", "f64", "u32"])
            shape = rng.choice([(), (1,), self.inputs[0].shape])
            node = Node("const", attrs={"type": t},
                        value=random_values(rng, t, shape, "edgy"))
            return evaluate(node, self.inputs)
        i = rng.randrange(len(self.inputs))
        return evaluate(Node("input", attrs={"i": i}), self.inputs)

    def lit(self, like):
        """A Python number for an operand next to a tensor of type `like`."""
        rng = self.rng
        if is_int(like) and rng.random() < 0.85:
            b = bits(like)
            return rng.choice([0, 1, -1, 2, 3, -2, 7, b - 1, b, b + 1, 100, -100])
        return rng.choice([0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 2.0, float("nan"),
                           float("inf"), 1e-3, 3.0])

    def expr(self, depth):
        if depth <= 0 or self.rng.random() < 0.15:
            return self.leaf()
        names = list(OPS)
        weights = [OPS[n].weight for n in names]
        for _ in range(6):
            name = self.rng.choices(names, weights)[0]
            try:
                node = GEN.get(name, gen_elementwise)(self, name, depth)
            except Invalid:
                node = None
            if node is None:
                continue
            hit = known_hit(node)
            if hit:
                self.known_skips[hit] = self.known_skips.get(hit, 0) + 1
                continue
            return node
        return self.leaf()

    def operand(self, depth, req, exact_needed):
        """A subexpression meeting `req` (coerced with as_type when needed)."""
        for _ in range(4):
            c = self.expr(depth - 1)
            if c is None:
                continue
            if exact_needed and not c.exact:
                continue
            if not accepts(req, c.type):
                if req == INT and not exact_needed and not c.exact:
                    continue
                if req == INT and c.exact:
                    c = self.coerce(c, self.rng.choice(SIGNED + UNSIGNED))
                elif req in (REAL, ORDERED) and is_complex(c.type):
                    continue
                elif req == FLOATISH:
                    c = self.coerce(c, self.rng.choice(FLOATS))
                else:
                    continue
                if c is None:
                    continue
            return c
        return None

    def coerce(self, c, t):
        try:
            return evaluate(Node("as_type", (c,), {"type": t}), self.inputs)
        except Invalid:
            return None


def _broadcastable(*shapes):
    try:
        np.broadcast_shapes(*shapes)
        return True
    except ValueError:
        return False


def gen_elementwise(g, name, depth):
    op = OPS[name]
    need_exact = op.kind == "discontinuous"
    a = g.operand(depth, op.req, need_exact)
    if a is None:
        return None
    kids = [a]
    if op.arity == 2:
        if op.literal_ok and g.rng.random() < 0.3:
            b = Node("lit", attrs={"v": g.lit(a.type)})
            b = evaluate(b, g.inputs)
            if op.req == INT and not isinstance(b.value, int):
                return None
        else:
            b = g.operand(depth, op.req, need_exact)
            if b is None or not _broadcastable(a.shape, b.shape):
                return None
        kids = [a, b] if g.rng.random() < 0.7 else [b, a]
    form = "op" if op.operator and g.rng.random() < 0.4 and \
        not builtins.all(k.op == "lit" for k in kids) else "fn"
    if op.operator == "**" or (op.operator and kids[0].op == "lit" and
                              kids[1].op == "lit"):
        form = "fn" if g.rng.random() < 0.5 else form
    return evaluate(Node(name, tuple(kids), form=form), g.inputs)


def gen_select(g, name, depth):
    p = g.operand(depth, REAL, True)
    if p is None:
        return None
    t = g.operand(depth, ANY, False)
    if t is None:
        return None
    if g.rng.random() < 0.3:
        f = evaluate(Node("lit", attrs={"v": g.lit(t.type)}), g.inputs)
    else:
        f = g.operand(depth, ANY, False)
        if f is None:
            return None
    if not _broadcastable(p.shape, t.shape, f.shape):
        return None
    kids = (p, t, f) if g.rng.random() < 0.7 else (p, f, t)
    return evaluate(Node("select", kids), g.inputs)


def gen_clip(g, name, depth):
    x = g.operand(depth, REAL, False)
    if x is None:
        return None
    lo, hi = g.lit(x.type), g.lit(x.type)
    if isinstance(lo, float) and isinstance(hi, float) and g.rng.random() < 0.7:
        lo, hi = builtins.min(lo, hi), builtins.max(lo, hi)
    kids = [x, evaluate(Node("lit", attrs={"v": lo}), g.inputs),
            evaluate(Node("lit", attrs={"v": hi}), g.inputs)]
    return evaluate(Node("clip", tuple(kids)), g.inputs)


def gen_as_type(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None:
        return None
    targets = list(SIGNED + UNSIGNED + FLOATS) + ["c64", "s4", "u4", "f8"]
    t = g.rng.choice(targets)
    if not x.exact and is_int(t):
        return None
    if is_complex(x.type) and not is_complex(t):
        return None
    return evaluate(Node("as_type", (x,), {"type": t}), g.inputs)


def gen_bitcast(g, name, depth):
    x = g.operand(depth, REAL, True)
    if x is None:
        return None
    b = x.type.bits
    opts = [t for t in SIGNED + UNSIGNED + FLOATS if ty(t).bits == b and ty(t) != x.type]
    if not opts:
        return None
    return evaluate(Node("bitcast", (x,), {"type": g.rng.choice(opts)}), g.inputs)


def _axes_attr(g, x):
    r = len(x.shape)
    if r == 0 or g.rng.random() < 0.3:
        return None
    k = g.rng.randint(1, r)
    return sorted(g.rng.sample(range(r), k))


def gen_reduce(g, name, depth):
    op = OPS[name]
    x = g.operand(depth, op.req, op.kind == "discontinuous")
    if x is None:
        return None
    attrs = {}
    axes = _axes_attr(g, x)
    if axes is not None:
        attrs["axes"] = axes
    if g.rng.random() < 0.3:
        attrs["keep_axes"] = True
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_arg(g, name, depth):
    x = g.operand(depth, REAL, True)
    if x is None:
        return None
    attrs = {}
    if x.shape and g.rng.random() < 0.7:
        attrs["axis"] = g.rng.randrange(len(x.shape))
    if g.rng.random() < 0.4:
        attrs["tie_break"] = "high"
    if g.rng.random() < 0.3:
        attrs["keep_axis"] = True
    if g.rng.random() < 0.2:
        attrs["type"] = g.rng.choice(["s64", "u8", "s16", "u32"])
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_cumulative(g, name, depth):
    op = OPS[name]
    x = g.operand(depth, op.req, False)
    if x is None or not x.shape:
        return None
    attrs = {"axis": g.rng.randrange(len(x.shape))}
    if g.rng.random() < 0.4:
        attrs["reverse"] = True
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_sort(g, name, depth):
    x = g.operand(depth, REAL, name == "argsort")
    if x is None or not x.shape:
        return None
    attrs = {"axis": g.rng.randrange(len(x.shape))}
    if g.rng.random() < 0.5:
        attrs["direction"] = "desc"
    if name == "argsort" or g.rng.random() < 0.3:
        attrs["stable"] = True   # an unstable argsort may order ties either way
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_shape_op(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None:
        return None
    rng, shape = g.rng, x.shape
    if name == "reshape":
        n = int(np.prod(shape)) if shape else 1
        d = rng.choice([d for d in range(1, n + 1) if n % d == 0] or [1])
        new = rng.choice([(n,), (d, n // d), (n // d, 1, d)] + ([()] if n == 1 else []) +
                         ([(0, 2), (2, 0, 1)] if n == 0 else []))
        return evaluate(Node("reshape", (x,), {"shape": tuple(new)}), g.inputs)
    if name == "transpose":
        if len(shape) < 2:
            return None
        perm = list(range(len(shape)))
        rng.shuffle(perm)
        return evaluate(Node("transpose", (x,), {"axes": perm}), g.inputs)
    if name == "reverse":
        if not shape:
            return None
        return evaluate(Node("reverse", (x,), {"axes": [rng.randrange(len(shape))]}), g.inputs)
    if name == "slice":
        if not shape or 0 in shape:
            return None
        starts, lengths, strides = [], [], []
        for d in shape:
            s = rng.randrange(d)
            ln = rng.randint(1, d - s)
            st = rng.choice([1, 1, 2])
            starts.append(s)
            lengths.append(ln)
            strides.append(st)
        return evaluate(Node("slice", (x,), {"start_indices": starts, "lengths": lengths,
                                             "strides": strides}), g.inputs)
    if name == "broadcast":
        new = tuple([rng.choice([2, 3])] + [1 if d == 1 and rng.random() < 0.5 else d
                                            for d in shape])
        new = tuple(rng.choice([d, 2]) if d == 1 else d for d in new)
        return evaluate(Node("broadcast", (x,), {"shape": new}), g.inputs)
    return None


OPS["reshape"].render = lambda nd, a: f"nx.reshape({a[0]}, {nd.attrs['shape']!r})"
OPS["transpose"].render = lambda nd, a: f"nx.transpose({a[0]}, axes={nd.attrs['axes']!r})"
OPS["reverse"].render = lambda nd, a: f"nx.reverse({a[0]}, axes={nd.attrs['axes']!r})"
OPS["slice"].render = lambda nd, a: (f"nx.slice({a[0]}, {nd.attrs['start_indices']!r}, "
                                     f"{nd.attrs['lengths']!r}, strides="
                                     f"{nd.attrs['strides']!r})")
OPS["broadcast"].render = lambda nd, a: f"nx.broadcast({a[0]}, {nd.attrs['shape']!r})"


def gen_concatenate(g, name, depth):
    a = g.operand(depth, ANY, False)
    if a is None or not a.shape:
        return None
    b = g.operand(depth, ANY, False)
    if b is None or len(b.shape) != len(a.shape):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a.shape, b.shape)) if x != y]
    if len(diff) > 1:
        return None
    axis = diff[0] if diff else g.rng.randrange(len(a.shape))
    return evaluate(Node("concatenate", (a, b), {"axis": axis}), g.inputs)


def gen_dot(g, name, depth):
    a = g.operand(depth, ANY, False)
    if a is None or len(a.shape) not in (1, 2):
        return None
    b = g.operand(depth, ANY, False)
    if b is None or len(b.shape) not in (1, 2):
        return None
    ka = a.shape[-1]
    kb = b.shape[0]
    if ka != kb:
        return None
    return evaluate(Node("dot", (a, b)), g.inputs)


def gen_pad(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None or not x.shape:
        return None
    rng = g.rng
    config = [(rng.choice([0, 0, 1, 2, -1]), rng.choice([0, 0, 1, -1]), rng.choice([0, 0, 1]))
              for _ in x.shape]
    v = g.lit(x.type)
    if is_int(x.type) and not isinstance(v, int):
        v = 0
    return evaluate(Node("pad", (x,), {"value": v, "config": config}), g.inputs)


def gen_axis_op(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None:
        return None
    if name == "new_axis":
        r = len(x.shape) + 1
        return evaluate(Node("new_axis", (x,), {"axis": g.rng.randrange(-r, r)}), g.inputs)
    if 1 not in x.shape:
        return None
    return evaluate(Node("squeeze", (x,)), g.inputs)


def gen_top_k(g, name, depth):
    i = g.rng.choice([0, 1])
    x = g.operand(depth, REAL, i == 1)       # indices are discontinuous
    if x is None or not x.shape or x.shape[-1] == 0:
        return None
    return evaluate(Node("top_k", (x,), {"k": g.rng.randint(1, x.shape[-1]), "i": i}),
                    g.inputs)


def gen_window(g, name, depth):
    op = OPS[name]
    x = g.operand(depth, op.req, False)
    if x is None or not x.shape or 0 in x.shape:
        return None
    rng = g.rng
    attrs = {"window_dimensions": tuple(rng.randint(1, builtins.min(d, 2)) for d in x.shape)}
    if rng.random() < 0.4:
        attrs["strides"] = tuple(rng.choice([1, 2]) for _ in x.shape)
    if rng.random() < 0.5:
        attrs["padding"] = rng.choice(["same", "valid"])
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_take(g, name, depth):
    rng = g.rng
    if name == "take":
        x = g.operand(depth, ANY, False)
        if x is None or not x.shape:
            return None
        axis = rng.randrange(len(x.shape))
        n = x.shape[axis]
        if n == 0:
            return None
        idx = [rng.randrange(n) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            idx = [idx[:2], idx[:1] * 2] if len(idx) >= 2 else idx
        return evaluate(Node("take", (x,), {"indices": idx, "axis": axis}), g.inputs)
    x = g.operand(depth, REAL, False)
    if x is None or not x.shape:
        return None
    k = g.operand(depth, REAL, True)           # the keys to sort by: exact
    if k is None or k.shape != x.shape:
        return None
    return evaluate(Node("take_along_axis", (x, k), {"axis": rng.randrange(len(x.shape))}),
                    g.inputs)


def gen_tri(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None or len(x.shape) < 2:
        return None
    attrs = {"k": g.rng.choice([-1, 0, 1])} if g.rng.random() < 0.5 else {}
    return evaluate(Node(name, (x,), attrs), g.inputs)


def gen_tile(g, name, depth):
    x = g.operand(depth, ANY, False)
    if x is None:
        return None
    reps = [g.rng.choice([1, 2]) for _ in range(len(x.shape) + g.rng.choice([0, 0, 1]))]
    if not reps:
        reps = [2]
    return evaluate(Node("tile", (x,), {"reps": reps}), g.inputs)


GEN = {
    "take": gen_take, "take_along_axis": gen_take, "tril": gen_tri, "triu": gen_tri,
    "tile": gen_tile, "window_min": gen_window, "window_product": gen_window,
    "pad": gen_pad, "new_axis": gen_axis_op, "squeeze": gen_axis_op, "top_k": gen_top_k,
    "window_sum": gen_window, "window_max": gen_window,
    "select": gen_select, "clip": gen_clip, "as_type": gen_as_type, "bitcast": gen_bitcast,
    "sum": gen_reduce, "product": gen_reduce, "reduce_max": gen_reduce,
    "reduce_min": gen_reduce, "all": gen_reduce, "any": gen_reduce, "mean": gen_reduce,
    "argmax": gen_arg, "argmin": gen_arg,
    "cumulative_sum": gen_cumulative, "cumulative_product": gen_cumulative,
    "cumulative_max": gen_cumulative, "cumulative_min": gen_cumulative,
    "sort": gen_sort, "argsort": gen_sort,
    "reshape": gen_shape_op, "transpose": gen_shape_op, "slice": gen_shape_op,
    "reverse": gen_shape_op, "broadcast": gen_shape_op,
    "concatenate": gen_concatenate, "dot": gen_dot,
}


# --- programs -----------------------------------------------------------------------------------

@dataclass
class Program:
    inputs: list          # [(NumPy array, nx type name)]
    roots: list           # [Node]

    def source(self):
        args = ", ".join(f"x{i}" for i in range(len(self.inputs)))
        body = ",\n        ".join(render(r) for r in self.roots)
        return f"def f({args}):\n    return (\n        {body},\n    )\n"

    def inputs_source(self):
        return "\n".join(f"x{i} = {array_source(a, t)}" for i, (a, t) in enumerate(self.inputs))

    def function(self):
        env = {"nx": nx, "float": float, "complex": complex}
        exec(compile(self.source(), "<differential>", "exec"), env)  # noqa: S102 (our own generated source)
        return env["f"]


def run_mode(mode, fn, args):
    """`fn(*args)` (nx tensors on the numpy backend) in one mode."""
    with np.errstate(all="ignore"):
        if mode == "numpy":
            return fn(*args)
        if mode == "xla":
            with nx.with_default_backend("xla"):
                return fn(*[nx.backend_transfer(a, "xla") for a in args])
        return nx.jit(fn, compiler="xla" if mode == "jit" else "evaluator")(*args)


def run_modes(prog, fn=None):
    """{mode: tuple of results (nx.Tensor or an exception string) or an exception string}."""
    fn = fn or prog.function()
    out = {}
    args = [nx.tensor(a, type=t) for a, t in prog.inputs]
    for mode in MODES:
        try:
            out[mode] = tuple(run_mode(mode, fn, args))
        except Exception as e:  # noqa: BLE001
            out[mode] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    return out


_RTOL = {"f8": 0.5, "f16": 2e-2, "bf16": 8e-2, "f32": 2e-4, "f64": 1e-9, "c64": 2e-4,
         "c128": 1e-9}


def _as_np(t):
    return np.asarray(t.to_numpy())


def compare_values(got, base, node, rtol_scale=1.0):
    """None when `got` matches `base` (NumPy arrays of one type) for the node; else why."""
    if got.dtype != base.dtype:
        return f"dtype {got.dtype} != {base.dtype}"
    if got.shape != base.shape:
        return f"shape {got.shape} != {base.shape}"
    if got.dtype.kind in "iub" or is_int(T.parse(got.dtype)):   # int4 & co have kind "V"
        bad = got != base
        return None if not bad.any() else _where(bad, got, base)
    if got.dtype.kind == "c":   # INHERENT["complex-non-finite"]
        nf_g = ~(np.isfinite(got.real) & np.isfinite(got.imag))
        nf_b = ~(np.isfinite(base.real) & np.isfinite(base.imag))
        if (nf_g != nf_b).any() and not node.loose:
            return "non-finite places differ: " + _where(nf_g != nf_b, got, base)
        fin = ~nf_g & ~nf_b
        g2 = np.stack([got.real[fin], got.imag[fin]]).astype(np.float64)
        b2 = np.stack([base.real[fin], base.imag[fin]]).astype(np.float64)
        return _cmp_float(g2, b2, False, node, T.parse(got.dtype).name, rtol_scale)
    return _cmp_float(got.astype(np.float64), base.astype(np.float64), node.exact, node,
                      T.parse(got.dtype).name, rtol_scale)


def _where(bad, got, base):
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    return f"first difference at {idx}: {got[idx]!r} vs {base[idx]!r}"


def _cmp_float(g, b, exact, node, tname, rtol_scale):
    with np.errstate(all="ignore"):
        return _cmp_float_(g, b, exact, node, tname, rtol_scale)


def _cmp_float_(g, b, exact, node, tname, rtol_scale):
    if node.loose:   # ORDER_FREE: compare the places where both are finite
        keep = np.isfinite(g) & np.isfinite(b)
        g, b = np.where(keep, g, 0.0), np.where(keep, b, 0.0)
    gn, bn = np.isnan(g), np.isnan(b)
    if (gn != bn).any():
        return "NaN places differ: " + _where(gn != bn, g, b)
    ok = ~gn
    if exact:
        bad = ok & (g != b)
        if bad.any():
            return "exact values differ: " + _where(bad, g, b)
        if node.zero_sign:
            z = ok & (g == 0) & (np.signbit(g) != np.signbit(b))
            if z.any():
                return "sign of zero differs: " + _where(z, g, b)
        return None
    inf = ok & (np.isinf(g) | np.isinf(b))
    if (inf & (g != b)).any():
        return "infinities differ: " + _where(inf & (g != b), g, b)
    fin = ok & ~inf
    rtol = builtins.max(_RTOL[tname], node.rtol) * rtol_scale
    atol = rtol * node.scale
    bad = fin & (np.abs(g - b) > atol + rtol * np.abs(b))
    if bad.any():
        return f"values differ beyond rtol={rtol:g} atol={atol:g}: " + _where(bad, g, b)
    return None


def compare_outputs(prog, results):
    """[(root index or None, message)] for every disagreement between modes."""
    problems = []
    base = results["numpy"]
    for mode in MODES[1:]:
        r = results[mode]
        if isinstance(base, str) or isinstance(r, str):
            if isinstance(base, str) != isinstance(r, str) or False:
                problems.append((None, f"{mode}: {r if isinstance(r, str) else 'ok'}; numpy: "
                                 f"{base if isinstance(base, str) else 'ok'}"))
            continue
        for i, (node, rb, rm) in enumerate(zip(prog.roots, base, r)):
            if not isinstance(rm, nx.Tensor):
                problems.append((i, f"{mode}: result is {type(rm).__name__}"))
                continue
            if rm.type != rb.type or rm.shape != rb.shape:
                problems.append((i, f"{mode}: {rm.type}{list(rm.shape)} vs numpy "
                                    f"{rb.type}{list(rb.shape)}"))
                continue
            why = compare_values(_as_np(rm), _as_np(rb), node)
            if why:
                problems.append((i, f"{mode} vs numpy: {why}"))
    if not isinstance(base, str):
        for i, (node, rb) in enumerate(zip(prog.roots, base)):
            if rb.type != node.type or rb.shape != node.shape:
                problems.append((i, f"numpy: program result {rb.type}{list(rb.shape)} differs "
                                    f"from the same ops applied one by one: {node.type}"
                                    f"{list(node.shape)}"))
            else:
                why = compare_values(_as_np(rb), node.value, node)
                if why:
                    problems.append((i, f"numpy program vs op by op: {why}"))
            ref = reference(node)
            if ref is not None:
                why = compare_values(_as_np(rb), ref, node)
                if why:
                    problems.append((i, f"numpy vs Python-integer reference: {why}"))
    return problems


# --- independent reference for integer/boolean expressions -------------------------------------

def _wrap(v, t):
    lo, hi = int_range(t)
    m = hi - lo + 1
    return (v - lo) % m + lo


def _tdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _ref_binary(name, a, b, t, bt):
    """Nx (EXLA) semantics on Python integers of type t (operands already of type t)."""
    lo, _ = int_range(t)
    nb = bits(t)
    if name == "add":
        return _wrap(a + b, t)
    if name == "subtract":
        return _wrap(a - b, t)
    if name == "multiply":
        return _wrap(a * b, t)
    if name == "quotient":
        if b == 0:
            return _wrap(-1, t)
        return _wrap(_tdiv(a, b), t)
    if name == "remainder":
        if b == 0:
            return a
        return a - b * _tdiv(a, b) if not (a == lo and b == -1) else 0
    if name == "min":
        return builtins.min(a, b)
    if name == "max":
        return builtins.max(a, b)
    if name in ("bitwise_and", "bitwise_or", "bitwise_xor"):
        m = (1 << nb) - 1
        x, y = a & m, b & m
        r = x & y if name == "bitwise_and" else x | y if name == "bitwise_or" else x ^ y
        return _wrap(r, t)
    if name == "left_shift":
        if b < 0 or b >= nb:
            return 0
        return _wrap(a << b, t)
    if name == "right_shift":
        if b < 0 or b >= nb:
            return -1 if a < 0 else 0
        return a >> b
    if name == "pow":
        if b < 0:
            return 1 if a == 1 else (-1 if b % 2 else 1) if a == -1 else 0
        return _wrap(pow(a, b, 2 ** nb), t)
    cmp = {"equal": a == b, "not_equal": a != b, "less": a < b, "less_equal": a <= b,
           "greater": a > b, "greater_equal": a >= b,
           "logical_and": bool(a) and bool(b), "logical_or": bool(a) or bool(b),
           "logical_xor": bool(a) != bool(b)}
    if name in cmp:
        return int(cmp[name])
    raise KeyError(name)


_REF_UNARY = {
    "negate": lambda a, t: _wrap(-a, t),
    "abs": lambda a, t: _wrap(abs(a), t),
    "sign": lambda a, t: (a > 0) - (a < 0),
    "floor": lambda a, t: a, "ceil": lambda a, t: a, "round": lambda a, t: a,
    "bitwise_not": lambda a, t: _wrap(~a, t),
    "population_count": lambda a, t: bin(a & ((1 << bits(t)) - 1)).count("1"),
    "count_leading_zeros": lambda a, t: bits(t) - (a & ((1 << bits(t)) - 1)).bit_length(),
    "logical_not": lambda a, t: int(a == 0),
    "is_nan": lambda a, t: 0, "is_infinity": lambda a, t: 0,
}
_REF_OK = set(_REF_UNARY) | {"add", "subtract", "multiply", "quotient", "remainder", "min",
                             "max", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
                             "right_shift", "pow", "equal", "not_equal", "less",
                             "less_equal", "greater", "greater_equal", "logical_and",
                             "logical_or", "logical_xor", "select", "as_type"}


def reference(node):
    """The expected value of an integer/boolean expression made only of element-wise integer
    ops, computed with Python integers; None when the expression is outside that subset."""
    def ok(n):
        if n.op in ("input", "const"):
            return is_int(n.type)
        if n.op == "lit":
            return isinstance(n.attrs["v"], int)
        return n.op in _REF_OK and is_int(n.type) and builtins.all(ok(c) for c in n.children)
    if not ok(node):
        return None
    return np.array(_ref_eval(node), dtype=object).astype(node.type.dtype) \
        if node.shape else np.array(_ref_eval(node)).astype(node.type.dtype)


def _ref_eval(n):
    """Nested lists of Python ints (or an int) for an integer node."""
    if n.op in ("input", "const"):
        return np.asarray(n.value).astype(object).tolist()
    if n.op == "lit":
        return n.attrs["v"]
    t = n.type
    kids = [c for c in n.children]
    vals = [_ref_eval(c) for c in kids]
    shape = n.shape
    if n.op == "as_type":
        return _map(lambda a: _wrap(a, t), [vals[0]], [kids[0].shape], shape)
    if n.op == "select":
        return _map(lambda p, a, b: a if p else b, vals,
                    [k.shape for k in kids], shape, post=lambda v: _wrap(v, t))
    if n.op in _REF_UNARY:
        f = _REF_UNARY[n.op]
        return _map(lambda a: f(a, kids[0].type), vals, [kids[0].shape], shape)
    # binary: operands converted to the merged type first (comparisons/logic: merged type)
    ct = t if n.op not in ("equal", "not_equal", "less", "less_equal", "greater",
                           "greater_equal", "logical_and", "logical_or", "logical_xor") else \
        _merged(kids)
    conv = [_map(lambda a: _wrap(a, ct), [v], [k.shape], k.shape) if k.op != "lit" else
            _wrap(v, ct) for v, k in zip(vals, kids)]
    return _map(lambda a, b: _ref_binary(n.op, a, b, ct, None), conv,
                [k.shape if k.op != "lit" else () for k in kids], shape)


def _merged(kids):
    """The type both operands are converted to (a Python number adapts: Nx's merge_number)."""
    ts = [k.type for k in kids if k.op != "lit"]
    out = ts[0]
    for x in ts[1:]:
        out = T.merge(out, x)
    for k in kids:
        if k.op == "lit":
            out = T.merge_number(out, k.attrs["v"])
    return out


def _map(f, vals, shapes, shape, post=None):
    """Element-wise f over nested lists `vals` of `shapes`, broadcast to `shape`."""
    arrs = [np.broadcast_to(np.array(v, dtype=object).reshape(s) if s else
                            np.array(v, dtype=object), shape) for v, s in zip(vals, shapes)]
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape):
        r = f(*[a[idx] for a in arrs])
        out[idx] = post(r) if post else r
    return out.tolist() if shape else out[()]


# --- shrinking ----------------------------------------------------------------------------------

def failing(prog, fn=None):
    """The disagreements of `prog` (an empty list when all modes agree)."""
    return compare_outputs(prog, run_modes(prog, fn))


def _rebuild(node, inputs):
    """A fresh copy of the tree evaluated on `inputs`; raises Invalid."""
    kids = tuple(_rebuild(c, inputs) for c in node.children)
    n = Node(node.op, kids, dict(node.attrs), node.form,
             value=node.value if node.op in ("lit", "const") else None)
    evaluate(n, inputs)
    if known_hit(n):
        raise Invalid("known defect")
    return n


def _replacements(node):
    """Smaller trees to try in place of `node`: its tensor children, then with each child
    replaced by a smaller one."""
    out = [c for c in node.children if c.op != "lit"]
    for i, c in enumerate(node.children):
        for r in _replacements(c):
            kids = list(node.children)
            kids[i] = r
            out.append(Node(node.op, tuple(kids), dict(node.attrs), node.form))
    return out


def _make(prog_inputs, roots):
    tens = [nx.tensor(a, type=t) for a, t in prog_inputs]
    try:
        return Program(prog_inputs, [_rebuild(r, tens) for r in roots])
    except Invalid:
        return None


def shrink(prog, problems, budget=200):
    """A smaller program with a disagreement of the same kind; (program, problems)."""
    steps = 0
    idx = next((i for i, _ in problems if i is not None), None)
    # the failing expression alone (when a whole mode failed: the first one that fails alone)
    for i in ([idx] if idx is not None else range(len(prog.roots))):
        if len(prog.roots) == 1:
            break
        cand = _make(prog.inputs, [prog.roots[i]])
        if cand is not None:
            p = failing(cand)
            if p:
                prog, problems = cand, p
                break
    # drop subexpressions
    changed = True
    while changed and steps < budget:
        changed = False
        root = prog.roots[0] if len(prog.roots) == 1 else None
        if root is None:
            break
        for r in sorted(_replacements(root), key=lambda n: n.size()):
            steps += 1
            if steps > budget:
                break
            cand = _make(prog.inputs, [r])
            if cand is None or cand.roots[0].op in ("input", "lit"):
                continue
            p = failing(cand)
            if p:
                prog, problems, changed = cand, p, True
                break
    # drop unused inputs
    used = sorted({n.attrs["i"] for r in prog.roots for n in r.walk() if n.op == "input"})
    if len(used) < len(prog.inputs):
        remap = {old: new for new, old in enumerate(used)}

        def re(n):
            attrs = dict(n.attrs)
            if n.op == "input":
                attrs["i"] = remap[attrs["i"]]
            return Node(n.op, tuple(re(c) for c in n.children), attrs, n.form,
                        value=n.value if n.op in ("lit", "const") else None)
        cand = _make([prog.inputs[i] for i in used], [re(r) for r in prog.roots])
        if cand is not None:
            p = failing(cand)
            if p:
                prog, problems = cand, p
    # simplify input values (same shapes and types: compiled programs are reused)
    for k in range(len(prog.inputs)):
        a, t = prog.inputs[k]
        flat = a.reshape(-1).copy()
        for j in range(flat.size):
            for simple in (0, 1):
                if steps > budget:
                    break
                old = flat[j]
                if old == simple:
                    continue
                flat[j] = simple
                inputs = list(prog.inputs)
                inputs[k] = (flat.reshape(a.shape).copy(), t)
                cand = _make(inputs, prog.roots)
                steps += 1
                p = failing(cand) if cand is not None else None
                if p:
                    prog, problems = cand, p
                    break
                flat[j] = old
    return prog, problems


def crashes(prog, timeout=300):
    """Whether running `prog` kills a fresh Python process (a signal, a segfault say)."""
    import subprocess
    env = dict(os.environ, NXC_DISK_CACHE="0")
    r = subprocess.run([sys.executable, "-c", script(prog)], capture_output=True, env=env,
                       timeout=timeout, check=False)
    return r.returncode < 0 or r.returncode > 128


def shrink_crash(prog, budget=60):
    """The smallest program found that still crashes a process (one subprocess a try)."""
    if len(prog.roots) > 1:
        for r in prog.roots:
            cand = _make(prog.inputs, [r])
            if cand is not None and crashes(cand):
                prog = cand
                break
        else:
            return prog
    steps, changed = 0, True
    while changed and steps < budget:
        changed = False
        for r in sorted(_replacements(prog.roots[0]), key=lambda n: n.size()):
            steps += 1
            if steps > budget:
                break
            cand = _make(prog.inputs, [r])
            if cand is None or cand.roots[0].op in ("input", "lit"):
                continue
            if crashes(cand):
                prog, changed = cand, True
                break
    return prog


def supervise(n_programs, seed, time_limit=None):
    """`campaign` in child processes: after a crash, shrinks and prints the program that
    crashed, then goes on with the next one."""
    import subprocess
    import tempfile
    ck = tempfile.mktemp(suffix=".py", prefix="nxc-diff-")
    start, t0 = 0, time.time()
    while start < n_programs:
        cmd = [sys.executable, os.path.abspath(__file__), "--programs", str(n_programs),
               "--seed", str(seed), "--start", str(start), "--checkpoint", ck]
        if time_limit:
            cmd += ["--time-limit", str(builtins.max(1, time_limit - (time.time() - t0)))]
        r = subprocess.run(cmd, check=False)
        if r.returncode >= 0 and r.returncode <= 128:
            break
        with open(ck) as f:
            head = f.readline()
        k = int(head.split()[2])
        print(f"\n=== program {k} (seed {seed}): CRASH (return code {r.returncode})",
              flush=True)
        print(script(shrink_crash(Generator(program_seed(seed, k)).program())), flush=True)
        start = k + 1


# --- reporting ----------------------------------------------------------------------------------

def describe(prog, problems, results=None):
    """A reproducer: source, inputs, per-mode results and the disagreements."""
    results = results or run_modes(prog)
    lines = ["import nx", prog.inputs_source(), prog.source().rstrip(),
             "# per-mode results of f(" + ", ".join(f"x{i}" for i in range(len(prog.inputs)))
             + "):"]
    for mode in MODES:
        r = results[mode]
        if isinstance(r, str):
            lines.append(f"#   {mode:9s}: raises {r}")
            continue
        for i, t in enumerate(r):
            v = _as_np(t) if isinstance(t, nx.Tensor) else t
            shown = np.array2string(np.asarray(v), threshold=40, separator=", ").replace(
                "\n", " ") if isinstance(t, nx.Tensor) else repr(v)
            lines.append(f"#   {mode:9s}[{i}] {t.type.name if isinstance(t, nx.Tensor) else ''}"
                         f"{list(t.shape) if isinstance(t, nx.Tensor) else ''} {shown}")
    for i, r in enumerate(prog.roots):
        ref = reference(r)
        if ref is not None:
            lines.append(f"#   reference[{i}] {np.array2string(ref, separator=', ')}")
    lines.append("# disagreements:")
    for i, msg in problems:
        lines.append(f"#   [{i}] {msg}")
    return "\n".join(lines)


def script(prog):
    """A standalone script that runs `prog` in the four modes (for crashes)."""
    return (f"import nx\n{prog.inputs_source()}\n{prog.source()}"
            f"args = [{', '.join(f'x{i}' for i in range(len(prog.inputs)))}]\n"
            "print(f(*args))\n"
            "with nx.with_default_backend('xla'):\n"
            "    print(f(*[nx.backend_transfer(a, 'xla') for a in args]))\n"
            "print(nx.jit(f)(*args))\n"
            "print(nx.jit(f, compiler='evaluator')(*args))\n")


def signature(prog, problems):
    """A coarse key to group disagreements into defect classes: the ops of the shrunk
    expression, the input types, and which modes disagree."""
    ops = sorted({n.op for r in prog.roots for n in r.walk() if n.op in OPS})
    types = sorted({t for _, t in prog.inputs})
    modes = sorted({m.split(":")[0].split(" ")[0] for _, m in problems})
    return f"ops={','.join(ops)} types={','.join(types)} modes={','.join(modes)}"


def campaign(n_programs, seed, out=sys.stdout, shrink_budget=150, time_limit=None, start=0,
             checkpoint=None):
    """Generates and checks programs; returns {signature: reproducer} of the failures.
    `checkpoint`: a file where the program about to run is written first (so that a crash of
    the process, a segfault in XLA say, leaves its reproducer behind); programs before
    `start` are generated but not run."""
    failures = {}
    t0 = time.time()
    n_exprs = 0
    skips = {}
    k = start - 1
    for k in range(start, n_programs):
        if time_limit and time.time() - t0 > time_limit:
            break
        gen = Generator(program_seed(seed, k))
        prog = gen.program()
        for name, c in gen.known_skips.items():
            skips[name] = skips.get(name, 0) + c
        n_exprs += len(prog.roots)
        if checkpoint:
            with open(checkpoint, "w") as f:
                f.write(f"# program {k} of seed {seed}\n{script(prog)}")
        try:
            problems = failing(prog)
        except Exception:  # noqa: BLE001
            problems = [(None, "harness crash: " + traceback.format_exc(limit=3))]
        if problems:
            small, sp = shrink(prog, problems, shrink_budget)
            sig = signature(small, sp)
            if sig not in failures:
                failures[sig] = describe(small, sp)
                print(f"\n=== program {k} (seed {seed}): {sig}\n{failures[sig]}", file=out,
                      flush=True)
        if k % 50 == 0:
            print(f"# {k} programs, {n_exprs} expressions, {len(failures)} classes, "
                  f"{time.time() - t0:.0f}s", file=out, flush=True)
    print(f"# done: {k + 1} programs, {n_exprs} expressions, {len(failures)} classes, "
          f"known skips {skips}, numpy crashes {len(generator_crashes)}, "
          f"{time.time() - t0:.0f}s", file=out, flush=True)
    for src, args, err in generator_crashes[:20]:
        print(f"# numpy-backend crash: {src} on {[(a.type, a.shape) for a in args]}: {err}",
              file=out)
    return failures


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--programs", type=int,
                    default=int(os.environ.get("NXC_DIFF_PROGRAMS", "1000")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("NXC_DIFF_SEED", "1")))
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--checkpoint", default=None)
    ap.add_argument("--supervise", action="store_true",
                    help="run the campaign in a child process, restarting it after a crash "
                         "(segfault) with the crashing program shrunk and reported")
    ap.add_argument("--shrink-crash", type=int, default=None,
                    help="shrink the crashing program of this index (see --checkpoint)")
    a = ap.parse_args()
    if a.supervise:
        supervise(a.programs, a.seed, a.time_limit)
        sys.exit(0)
    if a.shrink_crash is not None:
        small = shrink_crash(Generator(program_seed(a.seed, a.shrink_crash)).program())
        print(script(small))
        sys.exit(0)
    campaign(a.programs, a.seed, time_limit=a.time_limit, start=a.start,
             checkpoint=a.checkpoint)
