"""Python control flow inside `defn`: `if`/`elif`/`else`, `while`, `for ... in range(...)`,
`and`/`or`/`not` and `x if c else y` over tensors, as Nx's `defn` compiles Elixir's `if`,
`cond`, `while`, `and`, `or` and `not`.

At decoration, the function's source is parsed and its control-flow statements are rewritten
into calls of the runtime helpers (nx/_syntax_runtime.py; the rewritten code keeps the user's
file name and line numbers, so tracebacks and IR locations point at the user's source). Each
helper decides at trace time:

- on static values (Python numbers, strings, concrete tensors...) it keeps plain Python
  semantics, so `if opts["mode"] == "fast":` or `for layer in layers:` work as in Python;
- on traced tensors it builds `nx.cond`, `nx.while_loop` or `nx.fori_loop`, with the variables
  the statement assigns as the branch results or the loop state. `0` is false and any other
  number true, as in Nx.

`for i in range(...)` with traced state becomes one `nx.fori_loop` (or `nx.while_loop` when
the step is not 1 or the bounds are tensors); when the state only becomes traced during the
first iteration (`acc = 0` then `acc = acc + x`), that iteration runs in Python and the rest
becomes the loop (a Python number in the state takes the type and shape the body gives it). If
the body cannot be traced with a tensor index (it indexes a Python list with `i`, or changes a
shape), the loop is unrolled in Python instead, as plain Python would run it.

What is not converted, with the error you get: `break`/`continue`/`return` inside a loop or
branch whose condition is a tensor; a variable assigned in only one branch of a tensor `if`
and used afterwards; mutation of Python objects inside tensor branches (both branches are
traced). Functions and lambdas defined inside a defn are converted with it (generators and
coroutines are not). A lambda given to `nx.jit` is converted like a `def` (its `and`/`or`/`not`
and `x if c else y`); it is found in its file by its line, columns and arguments, and when that
is ambiguous it is left unconverted.

Functions whose source cannot be read (made by `exec`/`eval`, `python -c`, typed at the
interactive prompt) run unconverted; `convert` records them, so that the error of a traced
tensor used as a Python bool (`truth_value_error`, raised by `Tensor.__bool__`) says that their
source was unavailable instead of blaming helpers.
"""
from __future__ import annotations

import ast
import dis
import functools
import inspect
import linecache
import os
import sys
import textwrap
import types as _pytypes
import weakref

from . import _syntax_runtime
from ._syntax_runtime import (  # noqa: F401 (the helpers were importable from here before)
    and_,
    for_range,
    get,
    if_stmt,
    ifexp,
    not_,
    or_,
    returned,
    static_test,
    while_stmt,
)

__all__ = ["convert", "truth_value_error"]

_PREFIX = "__nx_"
_AG = "__nx_ag"

# --- the rewrite ----------------------------------------------------------------------------

def _assigned(stmts):
    """Names assigned by `stmts` (not inside nested functions/classes), in first-seen order."""
    out = []

    def add(n):
        if n not in out and not n.startswith(_PREFIX):
            out.append(n)

    class V(ast.NodeVisitor):
        def visit_Name(self, node):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                add(node.id)

        def visit_FunctionDef(self, node):
            add(node.name)

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_ClassDef(self, node):
            add(node.name)

        def visit_Lambda(self, node):
            pass

        def visit_comprehension(self, node):
            pass

        def visit_ListComp(self, node):
            pass

        visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    for s in stmts:
        V().visit(s)
    return out


def _escapes(stmts, loop):
    """Whether `stmts` hold a return (or break/continue that leaves them, for a loop body)."""
    class V(ast.NodeVisitor):
        found = None

        def visit_Return(self, node):
            self.found = self.found or "a return statement"

        def visit_Break(self, node):
            self.found = self.found or "a break statement"

        def visit_Continue(self, node):
            self.found = self.found or "a continue statement"

        def visit_FunctionDef(self, node):
            pass

        visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = visit_FunctionDef

        def visit_While(self, node):
            # break/continue inside an inner loop stay inside it; returns still escape
            inner = _escapes(node.body + node.orelse, True)
            if inner == "a return statement":
                self.found = self.found or inner

        visit_For = visit_While

    v = V()
    for s in stmts:
        v.visit(s)
    if not loop and v.found in ("a break statement", "a continue statement"):
        return v.found   # a break inside an if leaves the enclosing loop
    return v.found


_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "add",
             "discard", "setdefault", "popitem", "sort", "reverse", "appendleft", "extendleft",
             "popleft", "put", "write"}


def _mutation(stmts):
    """Whether `stmts` change an object made outside them (`outs.append(y)`, `d[k] = v`,
    `obj.attr = v`): such a statement cannot become a traced region (the region's values would
    leak out through the object), so it runs as Python (a loop is unrolled; a tensor condition
    raises with this reason)."""
    local = set(_assigned(stmts))

    def outer(node):
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        return node.id if isinstance(node, ast.Name) and node.id not in local else None

    todo = list(stmts)
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in _MUTATORS:
            name = outer(n.func.value)
            if name is not None:
                return f"a call of {name}.{n.func.attr}(), which changes an object from outside"
        targets = n.targets if isinstance(n, ast.Assign) else \
            [n.target] if isinstance(n, (ast.AugAssign, ast.AnnAssign)) else []
        for t in targets:
            for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                if isinstance(e, (ast.Subscript, ast.Attribute)):
                    name = outer(e)
                    if name is not None:
                        return f"an assignment to {ast.unparse(e)}, which changes an object " \
                               "from outside"
        todo.extend(ast.iter_child_nodes(n))
    return None


class _Rewriter(ast.NodeTransformer):
    def __init__(self):
        self.n = 0

    def fresh(self, what):
        self.n += 1
        return f"{_PREFIX}{what}_{self.n}"

    # helpers to build nodes
    @staticmethod
    def _call(fn, args):
        return ast.Call(ast.Attribute(ast.Name(_AG, ast.Load()), fn, ast.Load()), args, [])

    @staticmethod
    def _def(name, params, body, ret_names):
        body = list(body) or [ast.Pass()]
        if ret_names is not None:
            body.append(ast.Return(ast.Tuple([ast.Name(n, ast.Load()) for n in ret_names],
                                             ast.Load())))
        return ast.FunctionDef(
            name=name, args=ast.arguments(posonlyargs=[], args=[ast.arg(p) for p in params],
                                          vararg=None, kwonlyargs=[], kw_defaults=[],
                                          kwarg=None, defaults=[]),
            body=body, decorator_list=[], returns=None, type_params=[])

    def _gets(self, names):
        return ast.Tuple([self._call("get", [ast.Lambda(
            ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                          kwarg=None, defaults=[]), ast.Name(n, ast.Load())),
            ast.Constant(n)]) for n in names], ast.Load())

    @staticmethod
    def _names(names):
        return ast.Tuple([ast.Constant(n) for n in names], ast.Load())

    @staticmethod
    def _targets(names):
        return ast.Tuple([ast.Name(n, ast.Store()) for n in names], ast.Store())

    def _assign(self, names, value, node):
        if names:
            stmt = ast.Assign([self._targets(names)], value)
        else:
            stmt = ast.Expr(value)
        return ast.copy_location(stmt, node)

    # functions and lambdas nested in a defn are defn code too (the function given to nx.grad,
    # a while body, a helper): their control flow is converted; on static values it keeps its
    # Python meaning, so helpers that only run on Python values behave as before. Generators,
    # coroutines and class bodies are left alone.
    def visit_FunctionDef(self, node):
        if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in _own_nodes(node)):
            return node
        node.body = self.visit_body(node.body)
        return node

    def visit_body(self, stmts):
        """`stmts` rewritten (a statement may become several)."""
        out = []
        for st in stmts:
            r = self.visit(st)
            out.extend(r if isinstance(r, list) else [r])
        return out

    def visit_AsyncFunctionDef(self, node):
        return node

    visit_ClassDef = visit_AsyncFunctionDef

    def visit_Lambda(self, node):
        self.generic_visit(node)
        return node

    def visit_Return(self, node):
        self.generic_visit(node)
        if node.value is not None:
            node.value = ast.copy_location(self._call("returned", [node.value]), node.value)
        return node

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        fn = "and_" if isinstance(node.op, ast.And) else "or_"
        thunks = [ast.Lambda(ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                           kw_defaults=[], kwarg=None, defaults=[]), v)
                  for v in node.values]
        return ast.copy_location(self._call(fn, thunks), node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(self._call("not_", [node.operand]), node)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        noargs = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                               kw_defaults=[], kwarg=None, defaults=[])
        return ast.copy_location(self._call("ifexp", [
            node.test, ast.Lambda(noargs, node.body), ast.Lambda(noargs, node.orelse),
            ast.Constant(node.lineno)]), node)

    def visit_If(self, node):
        why = _escapes(node.body + node.orelse, False) or _mutation(node.body + node.orelse)
        self.generic_visit(node)
        if why:
            node.test = ast.copy_location(self._call("static_test", [
                node.test, ast.Constant("an if statement"), ast.Constant(node.lineno),
                ast.Constant(why)]), node.test)
            return node
        names = _assigned(node.body + node.orelse)
        then, other = self.fresh("then"), self.fresh("else")
        d1 = ast.copy_location(self._def(then, names, node.body, names), node)
        d2 = ast.copy_location(self._def(other, names, node.orelse, names), node)
        call = self._call("if_stmt", [node.test, ast.Name(then, ast.Load()),
                                      ast.Name(other, ast.Load()), self._gets(names),
                                      self._names(names), ast.Constant(node.lineno)])
        return [d1, d2, self._assign(names, call, node)]

    def visit_While(self, node):
        why = _escapes(node.body, True) or _mutation(node.body)
        self.generic_visit(node)
        if why or node.orelse:
            why = why or "an else clause"
            node.test = ast.copy_location(self._call("static_test", [
                node.test, ast.Constant("a while loop"), ast.Constant(node.lineno),
                ast.Constant(why)]), node.test)
            return node
        names = _assigned(node.body)
        cname, bname = self.fresh("cond"), self.fresh("body")
        dc = ast.copy_location(self._def(cname, names, [ast.Return(node.test)], None), node)
        db = ast.copy_location(self._def(bname, names, node.body, names), node)
        call = self._call("while_stmt", [ast.Name(cname, ast.Load()), ast.Name(bname, ast.Load()),
                                         self._gets(names), self._names(names),
                                         ast.Constant(node.lineno)])
        return [dc, db, self._assign(names, call, node)]

    def visit_For(self, node):
        it = node.iter
        is_range = (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and
                    it.func.id == "range" and not it.keywords and 1 <= len(it.args) <= 3 and
                    not any(isinstance(a, ast.Starred) for a in it.args) and
                    isinstance(node.target, ast.Name))
        why = _escapes(node.body, True) or _mutation(node.body)
        self.generic_visit(node)
        if not is_range or why or node.orelse:
            return node   # plain Python iteration (over static values)
        names = [n for n in _assigned(node.body) if n != node.target.id]
        bname = self.fresh("body")
        db = ast.copy_location(self._def(bname, [node.target.id] + names, node.body, names), node)
        call = self._call("for_range", [ast.Tuple(it.args, ast.Load()), ast.Name(bname, ast.Load()),
                                        self._gets(names), self._names(names),
                                        ast.Constant(node.lineno)])
        return [db, self._assign(names, call, node)]


_CONTROL = (ast.If, ast.While, ast.For, ast.BoolOp, ast.IfExp)


def _own_nodes(fdef):
    """The nodes of `fdef`'s body, not descending into nested functions, lambdas or classes."""
    todo = list(fdef.body)
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(n))


def _needs(fdef):
    for node in ast.walk(fdef):
        if isinstance(node, _CONTROL) or (isinstance(node, ast.UnaryOp) and
                                          isinstance(node.op, ast.Not)):
            return True
    return False


# --- reading the source ---------------------------------------------------------------------

class _Unconverted:
    """Why the control flow of a function given to `convert` was not converted."""

    __slots__ = ("name", "filename", "line", "why", "helper")

    def __init__(self, name, filename, line, why, helper=False):
        self.name, self.filename, self.line, self.why = name, filename, line, why
        self.helper = helper   # not given to nx.jit / convert (a helper called by a defn)


# why a function was left unconverted, by code object (its own and those of the functions
# nested in it): read by `truth_value_error` when one of them uses a traced tensor as a bool
_unconverted = weakref.WeakKeyDictionary()

_UNAVAILABLE = "unavailable"
_MISMATCH = "mismatch"
_AMBIGUOUS = "ambiguous"


def _record(fun, why):
    code = fun.__code__
    rec = _Unconverted(fun.__qualname__, code.co_filename, code.co_firstlineno, why)
    todo = [code]
    while todo:
        c = todo.pop()
        _unconverted[c] = rec
        todo.extend(k for k in c.co_consts if isinstance(k, _pytypes.CodeType))


def _source_def(fun):
    """`(FunctionDef, filename)` of `fun`, or why it cannot be had."""
    try:
        src = inspect.getsource(fun)
        lines, first = inspect.getsourcelines(fun)
        filename = inspect.getsourcefile(fun) or fun.__code__.co_filename
    except (OSError, TypeError):
        return _UNAVAILABLE
    try:
        tree = ast.parse(textwrap.dedent(src))
    except SyntaxError:
        return _MISMATCH
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef) or \
            tree.body[0].name != fun.__name__:
        return _MISMATCH
    ast.increment_lineno(tree, first - 1)
    return tree.body[0], filename


@functools.lru_cache(maxsize=16)
def _parse(text):
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _arg_names(a):
    """A lambda's parameter names in the order of its code's co_varnames."""
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    names += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
    return tuple(names)


def _code_arg_names(code):
    n = code.co_argcount + code.co_kwonlyargcount
    n += bool(code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    return code.co_varnames[:n]


def _inside(pos, node):
    """Whether the source span `pos` (line, col, end_line, end_col) lies within `node`'s."""
    line, col, eline, ecol = pos
    return (node.lineno, node.col_offset) <= (line, col) and \
        (eline, ecol) <= (node.end_lineno, node.end_col_offset)


def _span(node):
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def _source_lambda(fun):
    """`(Lambda, filename)` of the lambda `fun`, or why it cannot be had. It is found among
    the lambdas of its first line by its parameters and by the source positions of its
    instructions: they lie in its body, and so in the body of any lambda around it, so the
    innermost lambda whose body holds them all is the one. The choice is checked by compiling
    it again and comparing what identifies the code (`_fingerprint`)."""
    code = fun.__code__
    try:
        lines, _ = inspect.findsource(fun)
        filename = inspect.getsourcefile(fun) or code.co_filename
    except (OSError, TypeError):
        return _UNAVAILABLE
    tree = _parse("".join(lines))
    if tree is None:
        # not a whole Python file (e.g. a shell's cell with magics): the lambda's statement
        try:
            block, first = inspect.getsourcelines(fun)
        except (OSError, TypeError):
            return _UNAVAILABLE
        indented = block and block[0][:1].isspace()
        tree = _parse(("if 1:\n" if indented else "") + "".join(block))
        if tree is None:
            return _MISMATCH
        tree = _copy_tree(tree)
        ast.increment_lineno(tree, first - 1 - bool(indented))
    line = code.co_firstlineno
    args = _code_arg_names(code)
    cands = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda) and n.lineno == line and
             _arg_names(n.args) == args]
    pos = [(a, c, b, d) for a, b, c, d in code.co_positions()
           if None not in (a, b, c, d) and (a, c) != (b, d)]
    cands = [n for n in cands if all(_inside(p, n.body) for p in pos)]
    cands = [n for n in cands if not any(m is not n and _inside(_span(m), n.body)
                                         for m in cands)]
    if len(cands) != 1:
        return _AMBIGUOUS if cands else _MISMATCH
    node = _copy_tree(cands[0])
    node.args.defaults = []     # evaluated by the original `lambda`; its function keeps them
    node.args.kw_defaults = [None] * len(node.args.kwonlyargs)
    again = _compile_in_factory(node, fun, filename)
    # (the bytecode itself may differ: it depends on the module around the lambda, e.g.
    # attribute calls on imported modules compile differently)
    if _fingerprint(again) != _fingerprint(code):
        return _MISMATCH        # the file changed since the lambda was compiled
    return node, filename


def _fingerprint(code):
    """What identifies a lambda's code independently of the module around it: its names,
    variables, free variables, constants (those of nested code by their fingerprints) and the
    source spans of its instructions."""
    spans = frozenset(p for p in code.co_positions() if None not in p and p[0:3:2] != p[1:4:2])
    consts = tuple(_fingerprint(c) if isinstance(c, _pytypes.CodeType) else (type(c), repr(c))
                   for c in code.co_consts)
    return code.co_names, code.co_varnames, code.co_freevars, consts, spans


def _copy_tree(node):
    import copy
    return copy.deepcopy(node)


def _may_branch(code):
    """Whether `code` (or code nested in it) has conditional jumps or `not`: what `and`, `or`,
    `not` and `x if c else y` compile to. A lambda without them needs no conversion."""
    todo = [code]
    while todo:
        c = todo.pop()
        for ins in dis.get_instructions(c):
            if ("JUMP" in ins.opname and "IF" in ins.opname) or ins.opname == "UNARY_NOT":
                return True
        todo.extend(k for k in c.co_consts if isinstance(k, _pytypes.CodeType))
    return False


def _future_flags():
    import __future__
    out = 0
    for name in __future__.all_feature_names:
        out |= getattr(__future__, name).compiler_flag
    return out


_FUTURE_FLAGS = _future_flags()   # the `from __future__` flags of a code object's co_flags


def _compile_in_factory(node, fun, filename):
    """Compiles the function `node` (a FunctionDef or a Lambda) inside a factory function whose
    parameters are the helpers module (`__nx_ag`) and `fun`'s free variables, so that names
    resolve as in `fun` (closure cells, globals); returns the code of the function."""
    freevars = list(fun.__code__.co_freevars)
    is_def = isinstance(node, ast.FunctionDef)
    body = [node, ast.Return(ast.Name(node.name, ast.Load()))] if is_def else [ast.Return(node)]
    factory = ast.FunctionDef(
        name=f"{_PREFIX}factory",
        args=ast.arguments(posonlyargs=[], args=[ast.arg(a) for a in [_AG] + freevars],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
        body=body, decorator_list=[], returns=None, type_params=[])
    ast.copy_location(factory, node)
    module = ast.Module([factory], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, filename, "exec", flags=fun.__code__.co_flags & _FUTURE_FLAGS,
                   dont_inherit=True)
    fcode = next(c for c in code.co_consts if isinstance(c, _pytypes.CodeType))
    want = node.name if is_def else "<lambda>"
    return next(c for c in fcode.co_consts if isinstance(c, _pytypes.CodeType) and
                c.co_name == want)


@functools.cache
def _helpers_cell():
    return _pytypes.CellType(_syntax_runtime)


def convert(fun):
    """`fun` with its Python control flow converted (see the module docstring); `fun` itself
    when it has none, or when its source is not available (recorded for
    `truth_value_error`)."""
    if not isinstance(fun, _pytypes.FunctionType) or \
            getattr(fun, "__nx_converted__", False) or _AG in fun.__code__.co_freevars:
        return fun   # (a function nested in a converted defn was converted with it)
    if fun.__code__.co_name == "<lambda>":
        if not _may_branch(fun.__code__):
            return fun
        found = _source_lambda(fun)
    else:
        found = _source_def(fun)
    if isinstance(found, str):
        _record(fun, found)
        return fun
    node, filename = found
    if not _needs(node):
        return fun
    if isinstance(node, ast.FunctionDef):
        node.decorator_list = []
        node.body = _Rewriter().visit_body(node.body)
    else:
        node = _Rewriter().visit(node)
    inner = _compile_in_factory(node, fun, filename)
    cells = dict(zip(fun.__code__.co_freevars, fun.__closure__ or ()))
    cells[_AG] = _helpers_cell()
    closure = tuple(cells[n] for n in inner.co_freevars)
    new = _pytypes.FunctionType(inner, fun.__globals__, fun.__name__, fun.__defaults__, closure)
    new.__kwdefaults__ = fun.__kwdefaults__
    new.__dict__.update(fun.__dict__)
    new.__wrapped__ = fun
    new.__nx_converted__ = True
    new.__qualname__ = fun.__qualname__
    new.__module__ = fun.__module__
    new.__doc__ = fun.__doc__
    return new


# --- the error of a traced tensor used as a Python bool -----------------------------------------

# the modules whose frames stand between `bool(t)` and the function that asked for it
_OURS = (__name__, _syntax_runtime.__name__, "nx.tensor")
_TO_DO = ("nx.cond(pred, on_true, on_false) for branches, nx.while_loop for loops and "
          "nx.select(pred, a, b) for element-wise choices")


def truth_value_error(tensor):
    """The error for `bool(t)` of a traced tensor `t` (raised by `Tensor.__bool__`): it names
    the function whose control flow could not be converted and why, when the caller's source
    was unavailable (or, for a lambda, ambiguous); otherwise it explains which functions are
    converted."""
    head = (f"the truth value of a traced tensor ({tensor.type.name}{list(tensor.shape)}) is not "
            f"known while tracing a defn. ")
    frame = sys._getframe(1)
    try:
        while frame is not None and frame.f_globals.get("__name__") in _OURS:
            frame = frame.f_back
        rec, here = _why_unconverted(frame) if frame is not None else (None, None)
    finally:
        del frame
    if rec is None:
        return TypeError(
            head + "Python `if`/`while`/`and`/`or`/`not` over tensors are converted in a defn's "
            "own source and the functions defined inside it, not in helpers defined elsewhere "
            "(make such a helper a defn, or use " + _TO_DO + ").")
    name = rec.name
    where = f"{name} ({_where(rec)})"
    inside = f" (here in {here})" if here and here != name else ""
    converted = ("Python `if`/`while`/`and`/`or`/`not` over tensors in a defn are converted into "
                 "nx.cond / nx.while_loop by rewriting its source, ")
    if rec.why == _AMBIGUOUS:
        return TypeError(
            head + converted + f"but the source of {where} could not be told apart from the "
            f"other lambdas on its line, so its control flow was not converted{inside}. Give "
            f"the lambda a line of its own or define it with def, or use " + _TO_DO + ".")
    if rec.why == _MISMATCH:
        return TypeError(
            head + converted + f"but the source of {where} does not match its code (was the "
            f"file changed after it was loaded?), so its control flow was not converted"
            f"{inside}. Reload it, or use " + _TO_DO + ".")
    return TypeError(
        head + converted + f"but the source of {where} is unavailable (functions made by "
        f"exec/eval, `python -c` or typed at the interactive prompt have none), so its "
        f"control flow could not be converted{inside}. Define it in a file (a module, a "
        f"script or a notebook cell)" + (" and make it a defn" if rec.helper else "") +
        ", or use " + _TO_DO + ".")


def _where(rec):
    fn = rec.filename
    fn = fn if fn.startswith("<") else os.path.basename(fn)
    return f"defined in {fn}, line {rec.line}"


def _why_unconverted(frame):
    """`(record, qualname)` for the function running in `frame` when it was left unconverted
    (or has no source), else `(None, None)`."""
    code = frame.f_code
    here = getattr(code, "co_qualname", code.co_name)
    rec = _unconverted.get(code)
    if rec is not None:
        return rec, here
    if not linecache.getline(code.co_filename, code.co_firstlineno, frame.f_globals):
        # a function without source that was not given to nx.jit (a helper made by exec)
        return _Unconverted(here, code.co_filename, code.co_firstlineno, _UNAVAILABLE,
                            helper=True), here
    return None, None
