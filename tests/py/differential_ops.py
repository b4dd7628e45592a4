"""The programs of the differential tester (tests/py/differential.py): nx types and random
input values, expression trees (`Node`) and programs (`Program`) with their Python source, and
the op table (`OPS`: each op's arity, operand requirement, exactness class, weight and
rendering)."""
from __future__ import annotations

import builtins
import math
from dataclasses import dataclass, field

import numpy as np

import nx
from nx import types as T

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


def wrap(v, t):
    lo, hi = int_range(t)
    m = hi - lo + 1
    return (v - lo) % m + lo


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

