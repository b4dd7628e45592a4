"""The differential tester's generator (tests/py/differential.py): each candidate node is
evaluated on the numpy backend as it is built (its type, shape, values and exactness; nx
rejecting it makes it `Invalid`), and `Generator` draws random programs from the op table with
one generator per structured op (`GEN`)."""
from __future__ import annotations

import builtins
import random

import numpy as np

import nx

from differential_known import known_hit
from differential_ops import (
    ANY,
    BASE_SHAPE_WEIGHTS,
    BASE_SHAPES,
    FLOATISH,
    FLOATS,
    INPUT_TYPES,
    INT,
    OPS,
    ORDERED,
    REAL,
    SIGNED,
    UNSIGNED,
    Node,
    Program,
    accepts,
    bits,
    is_complex,
    is_int,
    random_values,
    ty,
)

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
        node.rtol = builtins.max(node.rtol, RTOL.get(out.name, 0.0))


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


# relative tolerances of approximate values, by type (scaled by the magnitudes met)
RTOL = {"f8": 0.5, "f16": 2e-2, "bf16": 8e-2, "f32": 2e-4, "f64": 1e-9, "c64": 2e-4,
         "c128": 1e-9}
