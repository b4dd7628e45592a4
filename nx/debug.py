"""`nx.debug_expr` and `nx.print_expr`: the traced expression in Nx's layout.

    parameter a:0       f32[3]
    b = cos a           f32[3]
    c = exp b           f32[3]

As Nx's `Inspect` of an `Nx.Defn.Expr` (nx/lib/nx/defn/expr.ex), the expression of a tensor is
printed from the tensor back: operands are named before the op that uses them (a, b, c... in
that depth-first order), parameters and non-scalar constants (`tensor a`) are listed first,
scalar constants are written inline, and only what the tensor depends on is shown. Control flow
prints as Nx's nodes: `while {a, b}` (its initial state; the condition and body are not
expanded), `cond b -> c, true -> d` (each clause's predicate and result; the ops of the
branches are listed with the others), ops with several results as `tupleN` followed by
`elem x, i`. A cond clause whose predicate is a constant is dropped (false) or taken (true), as
Nx's `cond` does while building the expression. `nx.any`/`nx.all` print as `any`/`all`.
Printing stops after `limit` nodes (50, Nx's inspect limit) with a `...` line.
"""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import Module, Operation, walk

from .inspect import LIMIT, format_element, format_shape

__all__ = ["Expr", "debug_expr", "expr_repr", "format_expr", "print_expr"]


def letters(i):
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
    if isinstance(v, float):
        from .inspect import format_float
        return format_float(v)
    return str(v)


def _type_str(t):
    return t.dtype.name + format_shape(t.shape, None)


# attributes that are not options of the Nx op (they restate types or are our own bookkeeping)
_HIDDEN = {"value", "result_types", "num_values", "trip_count", "unroll", "weak"}


def op_options(op):
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
        if k in _HIDDEN:
            continue
        out.append(f"{k}: {_elixir(v) if not hasattr(v, 'name') else v.name}")
    return out


def _scalar_constant(v):
    """The constant number of `v` when it is a constant all of whose entries are one number
    (Nx's `constant` expression, printed inline), else None."""
    op = v.owner
    if not isinstance(op, Operation):
        return None
    if op.name == "nx.broadcast" and op.operands:
        return _scalar_constant(op.operands[0])
    if op.name != "nx.constant":
        return None
    arr = np.asarray(op.attrs["value"].array)
    if arr.size == 0:
        return None
    first = arr.reshape(-1)[0]
    if arr.ndim and not (arr == first).all():
        return None
    if arr.ndim and arr.size > 1 and arr.dtype.kind == "f" and np.isnan(first):
        return None
    return first


def _constant_text(v):
    x = _scalar_constant(v)
    dt = v.type.dtype
    return format_element(x if np.iscomplexobj(x) else x.item(), dt)


def _is_zero_constant(v):
    x = _scalar_constant(v)
    return x is not None and x == 0


def use_counts(ops):
    counts = {}
    for o in ops:
        for x in o.operands:
            counts[x] = counts.get(x, 0) + 1
    return counts




class _Printer:
    """Nx's `recur_inspect` over the IR: names, parameter lines and expression lines of the
    values printed so far (several roots may share one printer)."""

    def __init__(self, params=None, uses=None, limit=LIMIT):
        self.params_of = params or {}   # parameter Value -> its position
        self.uses = uses or {}
        self.limit = limit
        self.names = {}                 # Value / Operation -> name (Nx's cache)
        self.param_lines = []
        self.expr_lines = []
        self.length = 0

    # -- bookkeeping (Nx's var_name, store_line, decrement_limit) --

    def _var(self):
        return letters(len(self.names))

    def _store(self, which, line, ty):
        which.append((line, ty))
        self.length = max(self.length, len(line))

    def lines(self):
        width = self.length + 3
        return [ln.ljust(width) + ty for ln, ty in self.param_lines + self.expr_lines]

    # -- what a value prints as --

    def _alias(self, v):
        """The value `v` stands for: a cond with a constant predicate is its taken branch;
        `any`/`all` (not_equal + reduce) are their source ops."""
        seen = 0
        while isinstance(v.owner, Operation) and v.owner.name == "nx.cond" and seen < 10000:
            clauses = self._clauses(v.owner)
            if clauses[0][0] is not None:
                break
            v = clauses[0][1][v.index]
            seen += 1
        return v

    def _clauses(self, op):
        """[(pred or None for "true", yielded values)] of a (possibly nested) cond, with the
        clauses whose predicate is a constant zero dropped, and a constant non-zero predicate
        made "true" (everything after it never runs, as in Nx)."""
        out = []
        while True:
            t_blk, f_blk = op.regions[0].blocks[0], op.regions[1].blocks[0]
            pred = op.operands[0]
            c = _scalar_constant(pred)
            if c is None or c != 0:
                out.append((None if c is not None else pred, list(t_blk.ops[-1].operands)))
                if c is not None:
                    return out
            ys = list(f_blk.ops[-1].operands)
            inner = ys[0].owner if ys else None
            if (isinstance(inner, Operation) and inner.name == "nx.cond" and inner.parent is f_blk
                    and ys == inner.results):
                op = inner   # cond(p1, a, cond(p2, b, c)): one cond with clauses
                continue
            out.append((None, ys))
            return out

    def _pattern(self, op):
        """("any"|"all", source value, reduce op) when `op` computes Nx's `any`/`all` as
        nx.any/nx.all build them (not_equal x, 0 reduced by reduce_max, or reduce_min then
        compared with 0 again)."""
        def nz(v):
            o = v.owner
            if (isinstance(o, Operation) and o.name == "nx.not_equal" and len(o.operands) == 2
                    and _is_zero_constant(o.operands[1]) and self.uses.get(v, 0) == 1
                    and v.type.dtype.name == "u8"):
                return o.operands[0]
            return None
        if op.name == "nx.reduce_max":
            src = nz(op.operands[0])
            if src is not None:
                return "any", src, op
        if op.name == "nx.not_equal" and _is_zero_constant(op.operands[1]):
            r = op.operands[0].owner
            if (isinstance(r, Operation) and r.name == "nx.reduce_min"
                    and self.uses.get(op.operands[0], 0) == 1):
                src = nz(r.operands[0])
                if src is not None:
                    return "all", src, r
        return None

    def name(self, root):
        """The name (or inline text) of `root`, printing what it needs (iteratively: deep
        expressions do not hit Python's recursion limit)."""
        stack = [self._visit(root)]
        sent = None
        while True:
            try:
                item = stack[-1].send(sent)
            except StopIteration as stop:
                stack.pop()
                sent = stop.value
                if not stack:
                    return sent
                continue
            sent = None
            if isinstance(item, str):
                sent = item
            else:
                stack.append(self._visit(item))

    def _visit(self, v):
        v = self._alias(v)
        names = self.names
        if v in names:
            return names[v]
        if _scalar_constant(v) is not None:
            return _constant_text(v)
        owner = v.owner
        if self.limit is not None and self.limit <= 0:
            n = self._var()
            names[v] = n
            if self.limit == 0:
                self._store(self.param_lines, "...", "")
            self.limit -= 1
            return n
        if self.limit is not None:
            self.limit -= 1
        if not isinstance(owner, Operation):   # a block argument
            n = self._var()
            names[v] = n
            pos = self.params_of.get(v, v.index)
            self._store(self.param_lines, f"parameter {n}:{pos}", _type_str(v.type))
            return n
        op = owner
        if op.name == "nx.constant":
            n = self._var()
            names[v] = n
            self._store(self.param_lines, f"tensor {n}", _type_str(v.type))
            return n
        if len(op.results) > 1:
            if op in names:
                tup = names[op]
            elif self.limit is not None and self.limit <= 0:   # the tuple node is cut
                tup = names[op] = self._var()
                if self.limit == 0:
                    self._store(self.param_lines, "...", "")
                self.limit -= 1
            else:
                if self.limit is not None:
                    self.limit -= 1
                tup = yield from self._op(op)
            n = self._var()
            names[v] = n
            self._store(self.expr_lines, f"{n} = elem {tup}, {v.index}", _type_str(v.type))
            return n
        return (yield from self._op(op))

    def _op(self, op):
        """Prints `op` (its operands first) and returns its name."""
        args = []
        pat = self._pattern(op)
        if pat is not None:
            short, src, red = pat
            args.append((yield src))
            opts = op_options(red)
        elif op.name == "nx.cond":
            short, opts = "cond", []
            for pred, ys in self._clauses(op):
                p = "true" if pred is None else (yield pred)
                body = []
                for y in ys:
                    body.append((yield y))
                args.append(f"{p} -> " + (body[0] if len(body) == 1 else
                                          "{" + ", ".join(body) + "}"))
        elif op.name == "nx.while":
            short, opts = "while", []
            init = []
            for x in op.operands:
                init.append((yield x))
            args.append(init[0] if len(init) == 1 else "{" + ", ".join(init) + "}")
        else:
            short = op.name.removeprefix("nx.")
            for x in op.operands:
                args.append((yield x))
            opts = op_options(op)
        n = self._var()
        key = op if len(op.results) > 1 else op.results[0]
        self.names[key] = n
        parts = args + opts
        ty = f"tuple{len(op.results)}" if len(op.results) != 1 else _type_str(op.results[0].type)
        self._store(self.expr_lines, f"{n} = {short}" + (" " + ", ".join(parts) if parts else ""),
                    ty)
        return n


def _body(values, params, uses, limit=LIMIT):
    """The expression lines of `values` (Nx's layout, one printer: shared names); `uses`
    counts the uses of each value in the function (`use_counts`)."""
    p = _Printer(params, uses, limit)
    inline = None
    for v in values:
        r = p.name(v)
        if len(values) == 1 and r not in p.names.values():
            inline = r   # a constant: Nx prints the number alone
    if inline is not None and not p.param_lines and not p.expr_lines:
        return [inline]
    return p.lines()


def _function_uses(fn_block):
    return use_counts(walk(fn_block))


def format_expr(module: Module, outputs=None, limit=None):
    """Formats the main function of `module` (or the results `outputs`, indices into its
    results) as Nx's debug_expr lines, all results sharing one set of names."""
    fn = module.main
    results = list(fn.body.terminator.operands) if fn.body.terminator is not None else []
    if outputs is not None:
        results = [results[i] for i in outputs]
    params = {a: i for i, a in enumerate(fn.args)}
    return "\n".join(_body(results, params, _function_uses(fn.body), limit))


def _header(template):
    from .inspect import format_shape as fs
    vec = getattr(template, "vectorized_axes", ()) or ()
    head = ""
    if vec:
        head = "  vectorized" + fs([s for _, s in vec], [n for n, _ in vec]) + "\n"
    return head + "  " + template.type.name + fs(template.shape, getattr(template, "names", None))


def _block(head, body_lines, expr_id=None):
    base = "Nx.Defn.Expr" + (f"<{expr_id}>" if expr_id is not None else "")
    return ("nx.Tensor<\n" + head + "\n  \n  " + base + "\n"
            + "".join("  " + ln + "\n" for ln in body_lines) + ">")


class _Shown:
    """A value whose repr is a given text (the leaves of a container of expressions)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class Expr:
    """What `nx.debug_expr` returns: the traced output(s) and their expression. It prints as
    Nx prints the function's result: one expression per output tensor, in the output's
    container (a tuple of expressions for `value_and_grad`)."""

    def __init__(self, module, templates, out_tree=None):
        self.module = module
        self.templates = templates
        self.out_tree = out_tree

    def format(self, limit=LIMIT):
        """The text, printing at most `limit` nodes per expression (None: all)."""
        fn = self.module.main
        results = list(fn.body.terminator.operands)
        params = {a: i for i, a in enumerate(fn.args)}
        uses = _function_uses(fn.body)
        blocks = [_block(_header(t), _body([v], params, uses, limit))
                  for v, t in zip(results, self.templates)]
        if len(blocks) == 1 and self.out_tree in (None, ("leaf",)):
            return blocks[0]
        if self.out_tree is None:
            return "\n".join(blocks)
        from .containers import unflatten
        return repr(unflatten(self.out_tree, [_Shown(b) for b in blocks]))

    def __repr__(self):
        return self.format()

    __str__ = __repr__


def debug_expr(fun, **opts):
    """`nx.debug_expr(fun)(*args)` returns the expression `fun` traces to (an `Expr` that prints
    in Nx's layout, as Nx.Defn.debug_expr/2): each output's expression, in the output's
    container.

        >>> nx.debug_expr(lambda x: nx.exp(nx.cos(x)))(nx.tensor([1.0, 2.0]))
        nx.Tensor<
          f32[2]
        <BLANKLINE>
          Nx.Defn.Expr
          parameter a:0   f32[2]
          b = cos a       f32[2]
          c = exp b       f32[2]
        >
    """
    from .defn import trace_module

    def run(*args, **kwargs):
        module, out_tree, templates = trace_module(getattr(fun, "fun", fun), list(args),
                                                   {**opts, **kwargs})
        if any(op.name == "nx.grad" for f in module.functions for op in walk(f.body)):
            # as in Nx, a gradient shows as the expression that computes it
            from nx.compiler.passes import PassManager
            module = PassManager("grad-expansion,canonicalize", verify_each=False).run(module)
        return Expr(module, templates, out_tree)
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


def _function_block(block):
    while block is not None and block.parent is not None and block.parent.parent is not None:
        block = block.parent.parent.parent
    return block


def expr_repr(t, label=None):
    """The Nx-layout expression of a traced tensor: the ops of the current trace it uses."""
    from nx.compiler import trace
    b = trace.current()
    fn_block = _function_block(b.block if b is not None else None)
    head = (f"{label}: " if label else "")
    if fn_block is None:
        return head + (f"nx.Tensor<\n  {t.type.name}{format_shape(t.shape, None)}\n\n"
                       f"  Nx.Defn.Expr\n>")
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
            for r in v.owner.regions:
                for blk in r.blocks:
                    for o in walk(blk):
                        stack.extend(o.operands)
    ops = [op for op in fn_block.ops if any(r in needed for r in op.results)]
    params = {a: i for i, a in enumerate(fn_block.args)}
    if any(op.name == "nx.grad" for op in ops):
        m = _expanded(fn_block, ops, t.data)
        fn = m.main
        root = fn.body.terminator.operands[0]
        params = {a: i for i, a in enumerate(fn.args)}
        body = _body([root], params, _function_uses(fn.body))
    else:
        body = _body([t.data], params, _function_uses(fn_block))
    return head + _block(_header(t), body)


def _expanded(fn_block, ops, result):
    """A copy of `ops` returning `result`, with its gradients expanded (as in Nx, a gradient
    prints as the expression that computes it)."""
    from nx.compiler.ir import Function, clone
    from nx.compiler.passes import PassManager
    f = Function("main", [a.type for a in fn_block.args])
    env = dict(zip(fn_block.args, f.args))
    for op in ops:
        f.body.append(clone(op, env))
    f.body.append(Operation("func.return", [env.get(result, result)], []))
    return PassManager("grad-expansion,canonicalize", verify_each=False).run(Module([f]))


def node_expr(value, params, uses, expr_id=None, limit=LIMIT):
    """A value's expression as Nx inspects an argument in the evaluator's debug output
    (`custom_options: [print_id: true]`): `Nx.Defn.Expr<id>` and the lines it needs; a
    constant prints as its number."""
    from types import SimpleNamespace
    tt = SimpleNamespace(type=value.type.dtype, shape=value.type.shape, names=None,
                         vectorized_axes=())
    if _scalar_constant(value) is not None:
        return _block(_header(tt), [_constant_text(value)])
    return _block(_header(tt), _body([value], params, uses, limit), expr_id)
