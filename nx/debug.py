"""`nx.debug_expr` and `nx.print_expr`: the traced expression in Nx's layout.

    parameter a:0       f32[3]
    b = cos a           f32[3]
    c = exp b           f32[3]
"""
from __future__ import annotations

from nx.compiler.ir import Module, walk

from .inspect import format_element, format_shape

__all__ = ["debug_expr", "print_expr", "format_expr", "expr_repr", "Expr"]


def _letters(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(97 + r) + s
    return s


def _elixir(v):
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, tuple):
        return "[" + ", ".join(_elixir(x) for x in v) + "]"
    if isinstance(v, str):
        return ":" + v
    return str(v)


def _type_str(t):
    return t.dtype.name + format_shape(t.shape, None)


def format_expr(module: Module, outputs=None):
    """Formats the main function of `module` as Nx's debug_expr lines."""
    fn = module.main
    names = {}
    lines = []
    counter = [0]

    def fresh():
        n = _letters(counter[0])
        counter[0] += 1
        return n

    for i, a in enumerate(fn.args):
        n = fresh()
        names[a] = n
        lines.append((f"parameter {n}:{i}", _type_str(a.type)))
    for op in walk(fn.body):
        if op.name in ("func.return", "nx.yield"):
            continue
        if op.name == "nx.constant":
            arr = op.attrs["value"].array
            if arr.ndim == 0:
                names[op.results[0]] = format_element(arr.item() if arr.dtype.kind != "c" else arr, op.results[0].type.dtype)
                continue
        short = op.name[3:] if op.name.startswith("nx.") else op.name
        args = [names.get(v, "?") for v in op.operands]
        opts = _options(op)
        rhs = short + (" " + ", ".join(args + opts) if args or opts else "")
        n = fresh()
        for r in op.results:
            names[r] = n
        lines.append((f"{n} = {rhs}", ", ".join(_type_str(t) for t in op.result_types)))
    width = max(len(l) for l, _ in lines) + 3 if lines else 0
    return "\n".join(l.ljust(width) + t for l, t in lines)


def _options(op):
    a = op.attrs
    name = op.name
    if name in ("nx.sum", "nx.product", "nx.reduce_max", "nx.reduce_min"):
        axes = a["axes"]
        full = tuple(range(len(op.operands[0].type.shape)))
        return [f"axes: {_elixir(None if axes == full else axes)}",
                f"keep_axes: {_elixir(a.get('keep_axes', False))}"]
    out = []
    for k in sorted(a):
        v = a[k]
        if k == "value":
            continue
        out.append(f"{k}: {_elixir(v) if not hasattr(v, 'name') else v.name}")
    return out


class Expr:
    """What `nx.debug_expr` returns: the traced output(s) and their expression."""

    def __init__(self, module, templates):
        self.module = module
        self.templates = templates

    def __repr__(self):
        head = ", ".join(t.type.name + format_shape(t.shape, None) for t in self.templates)
        body = format_expr(self.module)
        return "nx.Tensor<\n  " + head + "\n  \n  Nx.Defn.Expr\n" + \
            "\n".join("  " + ln for ln in body.split("\n")) + "\n>"

    __str__ = __repr__


def debug_expr(fun, **opts):
    """`nx.debug_expr(fun)(*args)` returns the expression `fun` traces to (an `Expr` that prints
    in Nx's layout)."""
    from .defn import trace_module

    def run(*args, **kwargs):
        module, _, templates = trace_module(getattr(fun, "fun", fun), list(args), {**opts, **kwargs})
        from nx.compiler.ir import walk
        if any(op.name == "nx.grad" for f in module.functions for op in walk(f.body)):
            # as in Nx, a gradient shows as the expression that computes it
            from nx.compiler.passes import PassManager
            module = PassManager("grad-expansion,canonicalize", verify_each=False).run(module)
        return Expr(module, templates)
    return run


def print_expr(t, label=None):
    """At trace time prints the expression that computes `t` so far; returns `t`."""
    from nx.compiler import trace
    b = trace.current()
    if b is None or not t.is_traced():
        print(repr(t))
        return t
    print(expr_repr(t, label))
    return t


def expr_repr(t, label=None):
    """The Nx-layout expression of a traced tensor: the ops of the current trace it uses."""
    from nx.compiler import trace
    b = trace.current()
    block = b.block if b is not None else None
    while block is not None and block.parent is not None and block.parent.parent is not None:
        block = block.parent.parent.parent
    fn_block = block
    if fn_block is None:
        return f"nx.Tensor<\n  {t.type.name}{format_shape(t.shape, None)}\n\n  Nx.Defn.Expr\n>"
    from nx.compiler.ir import Function, Operation
    # keep only what `t` depends on
    needed = set()
    stack = [t.data]
    while stack:
        v = stack.pop()
        if v in needed:
            continue
        needed.add(v)
        if isinstance(v.owner, Operation):
            stack.extend(v.owner.operands)
    ops = [op for op in fn_block.ops if any(r in needed for r in op.results)]
    if any(op.name == "nx.grad" for op in ops):
        m = _expanded(fn_block, ops, t.data)
    else:
        tmp = Function("main", [])
        tmp.body.args = [a for a in fn_block.args]
        tmp.body.ops = ops
        m = Module([tmp])
    body = format_expr(m)
    head = (f"{label}: " if label else "") + "nx.Tensor<\n  " + t.type.name + format_shape(t.shape, None)
    return head + "\n  \n  Nx.Defn.Expr\n" + "\n".join("  " + ln for ln in body.split("\n")) + "\n>"


def _expanded(fn_block, ops, result):
    """A copy of `ops` returning `result`, with its gradients expanded (as in Nx, a gradient
    prints as the expression that computes it)."""
    from nx.compiler.ir import Function, Operation
    from nx.compiler.passes import PassManager
    from nx.compiler.ir import clone
    f = Function("main", [a.type for a in fn_block.args])
    env = dict(zip(fn_block.args, f.args))
    for op in ops:
        f.body.append(clone(op, env))
    f.body.append(Operation("func.return", [env[result]], []))
    return PassManager("grad-expansion,canonicalize", verify_each=False).run(Module([f]))
