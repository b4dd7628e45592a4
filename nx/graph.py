"""nx.graph: Nx.Defn.Graph (Nx v0.10): split a computation into stages and run them in a chain.

`split(expr, fun)` / `split(expr, acc, fun)` cut a traced computation (what `nx.debug_expr`
returns, an nx `Module`, or a `(function, args)` pair) into stages at the nodes `fun` chooses;
`run(stages, args, **jit_opts)` runs them one after the other, each stage as its own compiled
function. The splitting itself is the split-stages pass (compiler/passes/split_stages.py).
"""
from __future__ import annotations

import itertools

from nx.compiler.ir import Module

from .debug import letters
from .inspect import format_element, format_shape

__all__ = ["split", "run", "Stage", "Node"]


class Node:
    """What a split function receives: one op of the computation. `op` is Nx's name for it
    (`"cos"`), `name` the IR name (`"nx.cos"`); `shape`, `type` and `attrs` are its result's."""

    __slots__ = ("operation",)

    def __init__(self, operation):
        self.operation = operation

    @property
    def op(self):
        n = self.operation.name
        return n[3:] if n.startswith("nx.") else n

    @property
    def name(self):
        return self.operation.name

    @property
    def shape(self):
        return self.operation.results[0].type.shape if self.operation.results else ()

    @property
    def type(self):
        return self.operation.results[0].type.dtype if self.operation.results else None

    @property
    def attrs(self):
        return dict(self.operation.attrs)

    def __repr__(self):
        return (f"<nx.graph.Node {self.op} {self.type.name if self.type else ''}"
                f"{format_shape(self.shape, None)}>")


def _ty(t):
    return t.dtype.name + format_shape(t.shape, None)


class StageExpr:
    """One output of a stage, printed as Nx prints an expression: parameters first, then the
    ops it depends on, named a, b, c... in evaluation order."""

    def __init__(self, function, index):
        self.function = function
        self.index = index

    @property
    def shape(self):
        return self.value.type.shape

    @property
    def type(self):
        return self.value.type.dtype

    @property
    def value(self):
        return self.function.body.terminator.operands[self.index]

    def lines(self):
        from .debug import op_options
        fn = self.function
        arg_index = {a: i for i, a in enumerate(fn.args)}
        names, params, ops = {}, [], []
        counter = itertools.count()
        stack = [(self.value, False)]
        while stack:
            v, expanded = stack.pop()
            if v in names:
                continue
            if v in arg_index:
                n = letters(next(counter))
                names[v] = n
                params.append((f"parameter {n}:{arg_index[v]}", _ty(v.type)))
                continue
            op = v.owner
            if op.name == "nx.constant" and op.attrs["value"].array.ndim == 0:
                arr = op.attrs["value"].array
                names[v] = format_element(arr.item() if arr.dtype.kind != "c" else arr,
                                          v.type.dtype)
                continue
            if not expanded:
                stack.append((v, True))
                for x in reversed(op.operands):
                    if x not in names:
                        stack.append((x, False))
                continue
            n = letters(next(counter))
            for r in op.results:
                names[r] = n
            short = op.name[3:] if op.name.startswith("nx.") else op.name
            args = [names.get(x, "?") for x in op.operands] + op_options(op)
            ops.append((f"{n} = {short}" + (" " + ", ".join(args) if args else ""),
                        ", ".join(_ty(t) for t in op.result_types)))
        lines = params + ops
        width = max(len(a) for a, _ in lines) + 3 if lines else 0
        return [a.ljust(width) + b for a, b in lines]

    def __repr__(self):
        return ("nx.Tensor<\n  " + _ty(self.value.type) + "\n  \n  Nx.Defn.Expr\n"
                + "\n".join("  " + ln for ln in self.lines()) + "\n>")

    __str__ = __repr__


class Stage:
    """A stage of a split computation: `id` (its position in the chain), `expr` (a tuple of
    its outputs for intermediate stages; the computation's result for the last one),
    `arguments` (one `{"source": (stage_id or None, position)}` per argument: `None` is an
    argument of the original computation), `function` (its nx IR function) and `module`."""

    __slots__ = ("id", "expr", "arguments", "function", "module", "_jits", "_out_tree",
                 "_templates")

    def __init__(self, spec, last, out_tree, templates):
        self.id = spec.index
        self.function = spec.function
        self.module = Module([spec.function])
        self.arguments = [{"source": src} for src in spec.arguments]
        outs = tuple(StageExpr(spec.function, i) for i in range(len(spec.outputs)))
        if last and out_tree is not None and out_tree == ("leaf",) and len(outs) == 1:
            self.expr = outs[0]
        else:
            self.expr = outs
        self._jits = {}
        self._out_tree = out_tree if last else None
        self._templates = templates if last else None

    def __repr__(self):
        srcs = ", ".join(_src(a["source"]) for a in self.arguments)
        return f"<nx.graph.Stage {self.id} ({srcs}) -> {len(self.function.result_types)} output(s)>"

    def callable(self):
        """A Python function that replays this stage's IR (for `nx.jit`)."""
        fn = self.function

        def stage(*args):
            return _replay(fn, args)
        stage.__name__ = stage.__qualname__ = f"stage{self.id}"
        return stage


def _src(s):
    return f"arg{s[1]}" if s[0] is None else f"stage{s[0]}#{s[1]}"


def _replay(fn, args):
    """Inlines IR function `fn` into the current trace, on traced tensors `args`."""
    from nx.compiler import trace
    from nx.compiler.ir import Value
    from nx.compiler.passes.split_stages import clone_ops

    from ._dispatch import constant_value
    from .tensor import Tensor
    b = trace.current()
    vals = [a.data if isinstance(a.data, Value) else constant_value(b, a) for a in args]
    mapping = dict(zip(fn.args, vals))
    body = [op for op in fn.body.ops if op.name != "func.return"]
    clone_ops(body, b.block, mapping)
    outs = [mapping.get(v, v) for v in fn.body.terminator.operands]
    res = tuple(Tensor(v, v.type.shape, v.type.dtype, (None,) * len(v.type.shape)) for v in outs)
    return res


def _to_function(expr):
    """(main Function, output tree, templates) of what `split` accepts."""
    from .debug import Expr
    if isinstance(expr, Expr):
        return expr.module.main, _tree_of(expr), expr.templates
    if isinstance(expr, Module):
        return expr.main, None, None
    if isinstance(expr, tuple) and len(expr) == 2 and callable(expr[0]):
        from .debug import debug_expr
        e = debug_expr(expr[0])(*expr[1])
        return e.module.main, _tree_of(e), e.templates
    raise TypeError(f"nx.graph.split: expected an expression (nx.debug_expr(fun)(*args)), an nx "
                    f"Module or a (function, args) pair, got {type(expr).__name__}")


def _tree_of(e):
    return ("leaf",) if len(e.templates) == 1 else None


def split(expr, acc_or_fun, fun=None):
    """Splits a traced computation into stages (Nx.Defn.Graph.split/2 and split/3).

    `split(expr, fun)`: `fun(node)` returns "before", "after", "both" or "none" (or a boolean:
    True is "before"). `split(expr, acc, fun)`: `fun(node, acc)` returns `(decision, acc)`.
    "before" makes a stage that computes the node's arguments, which later stages receive as
    parameters; "after" makes a stage that computes the node itself; "both" does both. The
    function is called for each op of the computation in evaluation order (`node.op` is Nx's
    op name). Returns the list of `Stage`s; the last computes the result.

        >>> expr = nx.debug_expr(lambda x, y: nx.add(nx.cos(nx.sin(nx.negate(x))), y))(1, 2)
        >>> stage0, stage1 = nx.graph.split(expr, lambda t: "before" if t.op == "cos" else "none")
        >>> (out0,) = stage0.expr
        >>> out0
        nx.Tensor<
          f32
        <BLANKLINE>
          Nx.Defn.Expr
          parameter a:0   s32
          b = negate a    s32
          c = sin b       f32
        >
        >>> stage1.expr
        nx.Tensor<
          f32
        <BLANKLINE>
          Nx.Defn.Expr
          parameter a:1   f32
          parameter c:0   s32
          b = cos a       f32
          d = add b, c    f32
        >
        >>> [a["source"] for a in stage1.arguments]
        [(None, 1), (0, 0)]
    """
    from nx.compiler.passes.split_stages import split_function
    fn, out_tree, templates = _to_function(expr)
    if fun is None:
        user = acc_or_fun
        if not callable(user):
            raise TypeError(f"nx.graph.split: expected a function, got {type(user).__name__}")

        def decide(op, acc):
            return user(Node(op)), acc
        acc0 = None
    else:
        if not callable(fun):
            raise TypeError(f"nx.graph.split: expected a function, got {type(fun).__name__}")

        def decide(op, acc):
            r = fun(Node(op), acc)
            if not (isinstance(r, tuple) and len(r) == 2):
                raise ValueError(f"nx.graph.split: the split function must return "
                                 f"(decision, acc), got {r!r}")
            return r
        acc0 = acc_or_fun
    specs, _ = split_function(fn, decide, acc0, name="stage")
    return [Stage(s, i == len(specs) - 1, out_tree, templates) for i, s in enumerate(specs)]


def run(stages, args, **jit_opts):
    """Runs the stages in order (Nx.Defn.Graph.run/3): each stage's arguments come from `args`
    (the original arguments) or from earlier stages' outputs, as its `arguments` say; each stage
    is compiled on its own with `nx.jit(**jit_opts)` (e.g. `compiler="evaluator"`). Returns the
    last stage's result.

        >>> expr = nx.debug_expr(lambda x, y: nx.add(nx.multiply(nx.negate(x), 3), y))(1, 2)
        >>> stages = nx.graph.split(expr, lambda t: "both" if t.op == "multiply" else "none")
        >>> len(stages)
        3
        >>> nx.graph.run(stages, [nx.tensor(4), nx.tensor(10)], compiler="evaluator")
        nx.Tensor<
          s32
          -2
        >
    """
    from .defn import jit
    from .ops import to_tensor
    if not isinstance(args, (list, tuple)):
        raise TypeError(f"nx.graph.run: args must be a list of tensors, got {type(args).__name__}")
    scope = {(None, i): to_tensor(a, "nx.graph.run", f"args[{i}]") for i, a in enumerate(args)}
    key = tuple(sorted(jit_opts.items()))
    result = None
    for stage in stages:
        try:
            inputs = [scope[a["source"]] for a in stage.arguments]
        except KeyError as e:
            raise ValueError(f"nx.graph.run: stage {stage.id} needs {_src(e.args[0])}, which no "
                             f"argument or earlier stage provides ({len(args)} arguments "
                             "given)") from None
        for i, (t, want) in enumerate(zip(inputs, stage.function.arg_types)):
            if tuple(t.shape) != tuple(want.shape) or t.type != want.dtype:
                raise ValueError(f"nx.graph.run: argument #{i} of stage {stage.id} "
                                 f"({_src(stage.arguments[i]['source'])}) must be "
                                 f"{want.dtype.name}{format_shape(want.shape, None)} as when the "
                                 f"computation was split, got {t.type.name}"
                                 f"{format_shape(t.shape, None)}")
        j = stage._jits.get(key)
        if j is None:
            j = stage._jits[key] = jit(stage.callable(), **jit_opts)
        outs = j(*inputs)
        for i, o in enumerate(outs):
            scope[(stage.id, i)] = o
        result = outs
        if stage._templates is not None:
            result = tuple(_renamed(o, tp) for o, tp in zip(outs, stage._templates))
            if stage._out_tree == ("leaf",) and len(result) == 1:
                result = result[0]
    return result


def _renamed(t, tp):
    names = getattr(tp, "names", None)
    if names and any(n is not None for n in names) and hasattr(t, "rename"):
        return t.rename(list(names))
    return t
