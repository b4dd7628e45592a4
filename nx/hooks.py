"""Runtime hooks (Nx.Defn.Kernel.hook / print_value): run Python on tensor values from inside
compiled code. The hooked values flow on unchanged, so the hook runs when the computation
reaches it (every iteration inside a loop body) and the program continues.

Inside a defn the hook becomes an `nx.hook` op, which XLA calls back into Python from the
running program (PJRT host callbacks on CPU and GPU); the evaluator calls it directly; outside
a defn the function runs at once.
"""
from __future__ import annotations

from nx.compiler import trace

from ._dispatch import apply
from .containers import flatten, unflatten
from .ops import to_tensor
from .tensor import from_array

__all__ = ["hook", "print_value"]


def hook(t, fun, *, name=None):
    """Calls `fun(value)` with the value of `t` (a tensor or a container of tensors) when the
    computation runs, and returns `t`.

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
    """
    if not callable(fun):
        raise TypeError(f"nx.hook: expected a function as the second argument, got "
                        f"{type(fun).__name__}")
    leaves, tree = flatten(t)
    leaves = [to_tensor(x, "nx.hook", "the hooked value") for x in leaves]
    if not leaves:
        raise ValueError("nx.hook: the hooked value holds no tensors")
    if trace.current() is None:
        fun(unflatten(tree, leaves))
        return t

    def call(*arrays):
        vals = [from_array(a.reshape(tuple(s for _, s in x.vectorized_axes) + x.shape),
                           x.type, names=x.names, backend="numpy",
                           vectorized_axes=x.vectorized_axes)
                for a, x in zip(arrays, leaves)]
        fun(unflatten(tree, vals))

    from nx.dialects.nx.ops.hooks import register
    label = name or getattr(fun, "__name__", "hook")
    names = leaves[0].names if len(leaves) == 1 else [x.names for x in leaves]
    outs = apply("hook", leaves, {"callback": register(call, label)}, names,
                 nresults=len(leaves))
    outs = outs if isinstance(outs, list) else [outs]
    return unflatten(tree, outs)


def print_value(t, label=None):
    """Prints the value of `t` when the computation runs (from compiled code too), with an
    optional `label`, and returns `t` (Nx.Defn.Kernel.print_value).

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
    """
    def show(v):
        text = repr(v)
        print(f"{label}: {text}" if label is not None else text, flush=True)
    return hook(t, show, name="print_value")
