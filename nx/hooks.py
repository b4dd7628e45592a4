"""Runtime hooks and tokens (Nx.Defn.Kernel's hook, hook_token, create_token, attach_token and
print_value): run Python on tensor values from inside compiled code.

Inside a defn a hook becomes an `nx.hook` op, which XLA calls back into Python from the running
program (PJRT host callbacks on CPU and GPU); the evaluator calls it directly; outside a defn
the function runs at once. The hooked values flow on unchanged, so the hook runs when the
computation reaches it (every iteration inside a loop body) and the program continues.

- `nx.hook(t, fun)`, `nx.hook(t, "name")`, `nx.hook(t, "name", fun)`: a named hook can be
  given or overridden by `nx.jit(f, hooks={"name": fun})`; a named hook that ends up without a
  function is dropped when the program is compiled (its value is not even transferred).
- Tokens order hooks whose values are not part of the output: `token = nx.create_token()`,
  `token, y = nx.hook_token(token, y, "name", fun)`, ..., `out = nx.attach_token(token, out)`.
  Every hook of a token becomes one `nx.hook` op, so its functions run one after the other,
  in the order they were added. A token that is never attached runs nothing (as in Nx).
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from nx.compiler import trace

from ._dispatch import apply
from .containers import flatten, unflatten
from .ops import to_tensor
from .tensor import Deallocated, from_array

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nx.compiler.ir import Module, Value

__all__ = ["hook", "print_value", "create_token", "hook_token", "attach_token", "Token"]

_names = itertools.count(1)
_V = TypeVar("_V")


class _Entry:
    """One hook: its name, its function (or None) and the container of tensors it sees."""

    __slots__ = ("name", "fun", "leaves", "tree")

    def __init__(self, name, fun, leaves, tree):
        self.name, self.fun, self.leaves, self.tree = name, fun, leaves, tree


class Token:
    """A hooks token (Nx.Defn.Token): the hooks added with `nx.hook_token`, run in the order
    they were added once the token is attached to a value with `nx.attach_token`. Tokens are
    immutable: `hook_token` returns a new one.

        >>> token = nx.create_token()
        >>> token, _ = nx.hook_token(token, nx.tensor(1), "my_hook")
        >>> token
        nx.Token<['my_hook']>
    """

    __slots__ = ("hooks",)

    def __init__(self, hooks: Iterable[_Entry] = ()) -> None:
        self.hooks = tuple(hooks)

    def __repr__(self) -> str:
        return f"nx.Token<{[h.name for h in self.hooks]}>"


def _name_and_fun(fun_name, name_or_fun, fun):
    """(name, fun) from Nx's `hook(expr, name_or_function)` / `hook(expr, name, function)`."""
    if callable(name_or_fun) and not isinstance(name_or_fun, str):
        if fun is not None:
            raise TypeError(f"{fun_name}: expected a hook name (a string) before the function, "
                            f"got the function {getattr(name_or_fun, '__name__', name_or_fun)!r}")
        return f"hook_{next(_names)}", name_or_fun
    if not isinstance(name_or_fun, str) or not name_or_fun:
        raise TypeError(f"{fun_name}: expected a function or a hook name (a non-empty string) "
                        f"as the hook, got {type(name_or_fun).__name__}: {name_or_fun!r:.60}")
    if fun is not None and not callable(fun):
        raise TypeError(f"{fun_name}: expected a function for hook {name_or_fun!r}, got "
                        f"{type(fun).__name__}")
    return name_or_fun, fun


def _entry(fun_name, t, name, fun):
    leaves, tree = flatten(t)
    leaves = [to_tensor(x, fun_name, "the hooked value") for x in leaves]
    if not leaves:
        raise ValueError(f"{fun_name}: the hooked value holds no tensors")
    for x in leaves:
        if type(x.data) is Deallocated:
            raise x.data.error()
    return _Entry(name, fun, leaves, tree)


class _Hooks:
    """The Python function of one `nx.hook` op: the op's operands, split among its hooks (the
    hooks of a token, in order), each given to its function as tensors in its container."""

    __slots__ = ("entries",)

    def __init__(self, entries):
        # (name, fun or None, [(shape, type, names, vectorized axes)], tree)
        self.entries = entries

    def __call__(self, *arrays):
        i = 0
        for _name, fun, metas, tree in self.entries:
            n = len(metas)
            if fun is not None:
                vals = []
                for a, (shape, ty, names, vec) in zip(arrays[i:i + n], metas):
                    full = tuple(s for _, s in vec) + shape
                    # a copy: the hook may keep the tensor after the callback returns
                    a = np.array(np.asarray(a), dtype=ty.dtype, copy=True).reshape(full)
                    vals.append(from_array(a, ty, names=names, backend="numpy",
                                           vectorized_axes=vec))
                fun(unflatten(tree, vals))
            i += n

    def names(self):
        return [e[0] for e in self.entries]


def _meta(x):
    from ._dispatch import vec_axes
    return (x.shape, x.type, x.names, tuple(vec_axes(x)))


def _emit(fun_name, entries, label=None):
    """Traces one `nx.hook` op for `entries`; returns its results (one per leaf, in order)."""
    from nx.dialects.nx.ops.hooks import register
    leaves = [x for e in entries for x in e.leaves]
    cb = _Hooks([(e.name, e.fun, [_meta(x) for x in e.leaves], e.tree) for e in entries])
    label = label or ",".join(e.name for e in entries)
    names = leaves[0].names if len(leaves) == 1 else [x.names for x in leaves]
    outs = apply("hook", leaves, {"callback": register(cb, label)}, names,
                 nresults=len(leaves))
    return outs if isinstance(outs, list) else [outs]


def _run_now(entries):
    for e in entries:
        if e.fun is not None:
            e.fun(unflatten(e.tree, e.leaves))


def hook(t: Any, name_or_fun: str | Callable[[Any], Any], fun: Callable[[Any], Any] | None = None,
         *, name: str | None = None) -> Any:
    """Calls a function with the value of `t` (a tensor or a container of tensors) when the
    computation runs, and returns `t` (Nx.Defn.Kernel.hook/2,3).

    `nx.hook(t, fun)`, `nx.hook(t, "name")` or `nx.hook(t, "name", fun)`: a named hook's
    function can be given or replaced by `nx.jit(f, hooks={"name": fun})`; a named hook
    without a function does nothing (the compiler drops it).

        >>> seen = []
        >>> @nx.defn
        ... def f(x):
        ...     y = nx.hook(x * 2, lambda v: seen.append(nx.to_list(v)))
        ...     return y + 1
        >>> f(nx.tensor([1, 2]))
        nx.Tensor<
          s32[2]
          [3, 5]
        >
        >>> seen
        [[2, 4]]

    Named hooks, given when the function is compiled (Nx's "Named hooks"):

        >>> @nx.defn
        ... def add_and_mult(a, b):
        ...     return nx.hook(a + b, "hooks_add"), nx.hook(a * b, "hooks_mult")
        >>> fun = nx.jit(add_and_mult, hooks={"hooks_add": lambda t: print("add", nx.to_number(t))})
        >>> _ = fun(nx.tensor(2), nx.tensor(3))
        add 5
    """
    if name is not None:   # hook(t, fun, name="x"): the keyword spelling of hook(t, "x", fun)
        if fun is not None or not callable(name_or_fun):
            raise TypeError("nx.hook: name= goes with a function as the second argument")
        # (mypy reads the pair left to right: fun gets the function, not the name)
        name_or_fun, fun = name, name_or_fun  # type: ignore[assignment]
    hname, hfun = _name_and_fun("nx.hook", name_or_fun, fun)
    e = _entry("nx.hook", t, hname, hfun)
    if trace.current() is None:
        _run_now([e])
        return t
    label = hname if isinstance(name_or_fun, str) else getattr(hfun, "__name__", "hook")
    return unflatten(e.tree, _emit("nx.hook", [e], label))


def create_token() -> Token:
    """A new, empty hooks token (Nx.Defn.Kernel.create_token/0); see `nx.hook_token`.

        >>> nx.create_token()
        nx.Token<[]>
    """
    return Token()


def hook_token(token: Token, t: Any, name_or_fun: str | Callable[[Any], Any],
               fun: Callable[[Any], Any] | None = None) -> tuple[Token, Any]:
    """Adds a hook on `t` to `token` and returns `(token, t)` (Nx.Defn.Kernel.hook_token/3,4):
    `nx.hook_token(token, t, fun)`, `(token, t, "name")` or `(token, t, "name", fun)`. The hooks
    of a token run, in the order they were added, when the token is attached to a value with
    `nx.attach_token` (whether or not `t` itself is used); a token that is never attached runs
    nothing.

        >>> @nx.defn
        ... def add_and_mult(a, b):
        ...     token = nx.create_token()
        ...     token, _add = nx.hook_token(token, a + b, "hooks_add",
        ...                                 lambda t: print("add", nx.to_number(t)))
        ...     token, mult = nx.hook_token(token, a * b, "hooks_mult",
        ...                                 lambda t: print("mult", nx.to_number(t)))
        ...     return nx.attach_token(token, mult)
        >>> add_and_mult(nx.tensor(2), nx.tensor(3))
        add 5
        mult 6
        nx.Tensor<
          s32
          6
        >
    """
    if not isinstance(token, Token):
        raise TypeError(f"nx.hook_token: expected a token (nx.create_token()) as the first "
                        f"argument, got {type(token).__name__}")
    hname, hfun = _name_and_fun("nx.hook_token", name_or_fun, fun)
    e = _entry("nx.hook_token", t, hname, hfun)
    return Token(token.hooks + (e,)), t


def attach_token(token: Token, value: _V) -> _V:
    """Attaches `token` to `value` and returns `value` (Nx.Defn.Kernel.attach_token/2): the
    token's hooks run, in the order they were added, when the computation reaches this point.
    Attach a token inside the branch or loop body whose hooks it holds.

        >>> token = nx.create_token()
        >>> token, _ = nx.hook_token(token, nx.tensor([1, 2]), lambda t: print(nx.to_list(t)))
        >>> nx.attach_token(token, nx.tensor(3))
        [1, 2]
        nx.Tensor<
          s32
          3
        >
    """
    if not isinstance(token, Token):
        raise TypeError(f"nx.attach_token: expected a token (nx.create_token()) as the first "
                        f"argument, got {type(token).__name__}")
    if token.hooks:
        if trace.current() is None:
            _run_now(token.hooks)
        else:
            _emit("nx.attach_token", list(token.hooks))
    return value


def print_value(t: Any, fun: Callable[[Any], Any] | str | None = None,
                label: str | None = None) -> Any:
    """Prints the value of `t` when the computation runs (from compiled code too), with an
    optional `label`, and returns `t` (Nx.Defn.Kernel.print_value/1,2,3). With `fun`, prints
    `fun(t)` instead (computed in the program, so only that is transferred).

        >>> @nx.defn
        ... def f(x):
        ...     return nx.print_value(x + 1, label="plus one") * 2
        >>> f(nx.tensor([1, 2]))
        plus one: nx.Tensor<
          s32[2]
          [2, 3]
        >
        nx.Tensor<
          s32[2]
          [4, 6]
        >
        >>> @nx.defn
        ... def g(x):
        ...     return nx.print_value(x, lambda t: nx.sum(t))
        >>> g(nx.tensor([1, 2]))
        nx.Tensor<
          s32
          3
        >
        nx.Tensor<
          s32[2]
          [1, 2]
        >
    """
    if isinstance(fun, str) and label is None:   # print_value(t, "label")
        fun, label = None, fun
    if fun is not None and not callable(fun):
        raise TypeError(f"nx.print_value: expected a function to map the value before "
                        f"printing, got {type(fun).__name__}")

    def show(v):
        text = repr(v)
        print(f"{label}: {text}" if label is not None else text, flush=True)
    if fun is None:
        e = _entry("nx.print_value", t, f"print_value_{next(_names)}", show)
        if trace.current() is None:
            _run_now([e])
            return t
        return unflatten(e.tree, _emit("nx.print_value", [e], "print_value"))
    e = _entry("nx.print_value", fun(t), f"print_value_{next(_names)}", show)
    if trace.current() is None:
        _run_now([e])
    else:
        _emit("nx.print_value", [e], "print_value")
    return t


def resolve(module: Module, hooks: dict[str, Callable[..., Any]] | None = None) -> Module:
    """Gives the `nx.hook` ops of a traced module their functions: those of `hooks` (a dict of
    hook name to function, `nx.jit`'s `hooks=`) replace the ones given in the code; hooks left
    without a function are removed from their op (an op left with none is removed), so their
    values are not transferred. Modifies and returns `module`."""
    from nx.compiler.ir import Operation, walk
    from nx.compiler.rewriter import replace_all_uses
    from nx.dialects.nx.ops.hooks import CALLBACKS, register
    hooks = hooks or {}
    for f in module.functions:
        mapping: dict[Value, Value] = {}
        for op in [o for o in walk(f.body) if o.name == "nx.hook"]:
            cb = CALLBACKS.get(op.attrs.get("callback"))
            if not isinstance(cb, _Hooks):
                continue
            entries = [(n, hooks.get(n, fun), metas, tree) for n, fun, metas, tree in cb.entries]
            if all(e[1] is not None for e in entries) and \
                    all(a[1] is b[1] for a, b in zip(entries, cb.entries)):
                continue
            pos: list[int]
            keep, pos, i = [], [], 0
            for e in entries:
                n = len(e[2])
                if e[1] is not None:
                    keep.append(e)
                    pos.extend(range(i, i + n))
                i += n
            blk = op.parent
            idx = blk.ops.index(op)
            if not keep:
                for r, x in zip(op.results, op.operands):
                    mapping[r] = mapping.get(x, x)
                del blk.ops[idx]
                op.parent = None
                continue
            operands = [mapping.get(op.operands[j], op.operands[j]) for j in pos]
            attrs = dict(op.attrs)
            attrs["callback"] = register(_Hooks(keep), ",".join(e[0] for e in keep))
            new = Operation(op.name, operands, [v.type for v in operands], attrs, (), op.loc)
            new.parent = blk
            blk.ops[idx] = new
            op.parent = None
            kept = dict(zip(pos, new.results))
            for j, (r, x) in enumerate(zip(op.results, op.operands)):
                mapping[r] = kept[j] if j in kept else mapping.get(x, x)
        replace_all_uses(f.body, mapping)
    return module


def check_hooks(hooks: dict[str, Callable[..., Any]] | None,
                fun: str = "nx.jit") -> dict[str, Callable[..., Any]] | None:
    """Validates `hooks=`: a dict of hook name (string) to function. Returns a dict copy."""
    if hooks is None:
        return None
    if not isinstance(hooks, dict):
        raise TypeError(f"{fun}: hooks must be a dict of hook name to function, got "
                        f"{type(hooks).__name__}")
    for k, v in hooks.items():
        if not isinstance(k, str):
            raise TypeError(f"{fun}: hook names must be strings, got {k!r}")
        if not callable(v):
            raise TypeError(f"{fun}: the hook {k!r} must be a function, got "
                            f"{type(v).__name__}")
    return dict(hooks)
