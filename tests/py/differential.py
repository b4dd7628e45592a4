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

This module is the harness (the runner, comparator, integer reference, shrinker and campaign
driver); the programs and the op table are in differential_ops.py, `KNOWN` and `INHERENT` in
differential_known.py, evaluation and the generator in differential_gen.py.

Command line (a campaign; --supervise survives crashes of the process, shrinking and printing
each crashing program as a standalone script):

    .venv/bin/python tests/py/differential.py --supervise --programs 3000 --seed 11
    .venv/bin/python tests/py/differential.py --programs 200 --seed 3     # in-process
"""
from __future__ import annotations

import builtins
import os
import sys
import time
import traceback

import numpy as np

import nx
from nx import types as T

# Everything differential_ops.py, differential_known.py and differential_gen.py define stays
# importable from here, as before the split (tests, docs/testing.md: `differential.KNOWN`,
# `differential.Generator(differential.program_seed(s, k))`, ...).
from differential_gen import (  # noqa: F401 (re-exported, see above)
    GEN,
    ORDER_FREE,
    RTOL,
    USER_ERRORS,
    Generator,
    Invalid,
    evaluate,
    gen_arg,
    gen_as_type,
    gen_axis_op,
    gen_bitcast,
    gen_clip,
    gen_concatenate,
    gen_cumulative,
    gen_dot,
    gen_elementwise,
    gen_pad,
    gen_reduce,
    gen_select,
    gen_shape_op,
    gen_sort,
    gen_take,
    gen_tile,
    gen_top_k,
    gen_tri,
    gen_window,
    generator_crashes,
    program_seed,
)
from differential_known import (  # noqa: F401 (re-exported, see above)
    INHERENT,
    KNOWN,
    known_hit,
)
from differential_ops import (  # noqa: F401 (re-exported, see above)
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
    Op,
    Program,
    accepts,
    array_source,
    bits,
    int_range,
    is_complex,
    is_float,
    is_int,
    literal,
    random_values,
    render,
    ty,
    wrap,
)

MODES = ("numpy", "xla", "jit", "evaluator")

# --- programs -----------------------------------------------------------------------------------

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
    rtol = builtins.max(RTOL[tname], node.rtol) * rtol_scale
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

def _tdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _ref_binary(name, a, b, t, bt):
    """Nx (EXLA) semantics on Python integers of type t (operands already of type t)."""
    lo, _ = int_range(t)
    nb = bits(t)
    if name == "add":
        return wrap(a + b, t)
    if name == "subtract":
        return wrap(a - b, t)
    if name == "multiply":
        return wrap(a * b, t)
    if name == "quotient":
        if b == 0:
            return wrap(-1, t)
        return wrap(_tdiv(a, b), t)
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
        return wrap(r, t)
    if name == "left_shift":
        if b < 0 or b >= nb:
            return 0
        return wrap(a << b, t)
    if name == "right_shift":
        if b < 0 or b >= nb:
            return -1 if a < 0 else 0
        return a >> b
    if name == "pow":
        if b < 0:
            return 1 if a == 1 else (-1 if b % 2 else 1) if a == -1 else 0
        return wrap(pow(a, b, 2 ** nb), t)
    cmp = {"equal": a == b, "not_equal": a != b, "less": a < b, "less_equal": a <= b,
           "greater": a > b, "greater_equal": a >= b,
           "logical_and": bool(a) and bool(b), "logical_or": bool(a) or bool(b),
           "logical_xor": bool(a) != bool(b)}
    if name in cmp:
        return int(cmp[name])
    raise KeyError(name)


_REF_UNARY = {
    "negate": lambda a, t: wrap(-a, t),
    "abs": lambda a, t: wrap(abs(a), t),
    "sign": lambda a, t: (a > 0) - (a < 0),
    "floor": lambda a, t: a, "ceil": lambda a, t: a, "round": lambda a, t: a,
    "bitwise_not": lambda a, t: wrap(~a, t),
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
        return _map(lambda a: wrap(a, t), [vals[0]], [kids[0].shape], shape)
    if n.op == "select":
        return _map(lambda p, a, b: a if p else b, vals,
                    [k.shape for k in kids], shape, post=lambda v: wrap(v, t))
    if n.op in _REF_UNARY:
        f = _REF_UNARY[n.op]
        return _map(lambda a: f(a, kids[0].type), vals, [kids[0].shape], shape)
    # binary: operands converted to the merged type first (comparisons/logic: merged type)
    ct = t if n.op not in ("equal", "not_equal", "less", "less_equal", "greater",
                           "greater_equal", "logical_and", "logical_or", "logical_xor") else \
        _merged(kids)
    conv = [_map(lambda a: wrap(a, ct), [v], [k.shape], k.shape) if k.op != "lit" else
            wrap(v, ct) for v, k in zip(vals, kids)]
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
