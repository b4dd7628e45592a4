"""Composite values: tensors and containers of them (Nx.Defn.Composite).

A composite is a tensor, a number, or a container of composites: tuple, list, dict, NamedTuple,
dataclass, or a type registered with `nx.container` (see `nx/containers.py`; `None` is an empty
container). Its leaves are the values that are not containers: tensors and numbers (numbers
are not converted to tensors; use `nx.tensor` for that). Leaves are visited in the containers'
order (dicts by sorted key, as Nx's maps), the order `defn` flattens its arguments in.

Usable outside defn and inside (at trace time, on traced tensors), as in Nx.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .containers import flatten, unflatten

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["traverse", "reduce", "flatten_list", "count", "is_compatible"]


def _check_fun(fun, name, arity):
    if not callable(fun):
        raise TypeError(f"nx.composite.{name}: expected a function of {arity} argument"
                        f"{'s' if arity > 1 else ''}, got {type(fun).__name__}")


def traverse(expr: Any, acc_or_fun: Any,
             fun: Callable[[Any, Any], tuple[Any, Any]] | None = None) -> Any:
    """Rebuilds the composite `expr` with each leaf replaced by `fun(leaf)`:
    `traverse(expr, fun)`. With an accumulator, `traverse(expr, acc, fun)` calls
    `fun(leaf, acc)`, which returns `(new_leaf, acc)`, and returns `(new_expr, acc)`
    (Nx.Defn.Composite.traverse/2,3).

        >>> nx.composite.traverse((1, {"a": 2, "b": 3}), lambda x: x * 10)
        (10, {'a': 20, 'b': 30})
        >>> nx.composite.traverse((1, [2, 3]), 0, lambda x, acc: (x + acc, acc + 1))
        ((1, [3, 5]), 3)
        >>> nx.composite.traverse({"a": nx.tensor([1, 2]), "b": nx.tensor(3.0)}, nx.negate)
        {'a': nx.Tensor<
          s32[2]
          [-1, -2]
        >, 'b': nx.Tensor<
          f32
          -3.0
        >}
    """
    leaves, tree = flatten(expr)
    if fun is None:
        _check_fun(acc_or_fun, "traverse", 1)
        return unflatten(tree, [acc_or_fun(x) for x in leaves])
    _check_fun(fun, "traverse", 2)
    acc = acc_or_fun
    out = []
    for x in leaves:
        r = fun(x, acc)
        if not isinstance(r, tuple) or len(r) != 2:
            raise TypeError(f"nx.composite.traverse: the function must return a tuple "
                            f"(new_leaf, acc), got {type(r).__name__}: {r!r:.60}")
        y, acc = r
        out.append(y)
    return unflatten(tree, out), acc


def reduce(expr: Any, acc: Any, fun: Callable[[Any, Any], Any]) -> Any:
    """Reduces the leaves of the composite `expr` with `acc = fun(leaf, acc)`, in order, and
    returns `acc` (Nx.Defn.Composite.reduce/3).

        >>> nx.composite.reduce((1, {"a": 2.0, "b": nx.tensor(3)}), 0,
        ...                     lambda x, acc: acc + nx.to_number(x))
        6.0
        >>> nx.composite.reduce({"b": 1, "a": (2, 3)}, [], lambda x, acc: acc + [x])
        [2, 3, 1]
    """
    _check_fun(fun, "reduce", 2)
    for x in flatten(expr)[0]:
        acc = fun(x, acc)
    return acc


def flatten_list(args: list[Any], tail: Iterable[Any] | None = None) -> list[Any]:
    """Flattens a list of composites into the list of their leaves, followed by `tail`
    (Nx.Defn.Composite.flatten_list/1,2). Numbers are kept as they are.

        >>> nx.composite.flatten_list([1, (2, 3)])
        [1, 2, 3]
        >>> nx.composite.flatten_list([1, (2, 3)], [nx.tensor(4)])
        [1, 2, 3, nx.Tensor<
          s32
          4
        >]
    """
    if not isinstance(args, list):
        raise TypeError(f"nx.composite.flatten_list: expected a list of composites, got "
                        f"{type(args).__name__}")
    out = flatten(args)[0]
    if tail is not None:
        out.extend(tail)
    return out


def count(tree: Any) -> int:
    """The number of leaves (tensors and numbers) in a composite
    (Nx.Defn.Composite.count/1).

        >>> nx.composite.count(123)
        1
        >>> nx.composite.count((1, (2, 3)))
        3
        >>> nx.composite.count((complex(1), (nx.tensor(2), 3)))
        3
    """
    return len(flatten(tree)[0])


def is_compatible(left: Any, right: Any, fun: Callable[[Any, Any], Any]) -> bool:
    """Whether two composites have the same structure (the same container types, lengths, keys
    and fields) and `fun(l, r)` is true for every pair of leaves, in order, stopping at the
    first false one (Nx.Defn.Composite.compatible?/3). A leaf is only paired with a leaf.

        >>> nx.composite.is_compatible((1, {"a": 2}), (nx.tensor(1), {"a": 3}), lambda l, r: True)
        True
        >>> nx.composite.is_compatible((1, 2), (1, 2, 3), lambda l, r: True)
        False
        >>> nx.composite.is_compatible({"a": 1}, {"b": 1}, lambda l, r: True)
        False
        >>> nx.composite.is_compatible((1, 2), (1, 3), lambda l, r: l == r)
        False
    """
    _check_fun(fun, "is_compatible", 2)
    ll, ld = flatten(left)
    rl, rd = flatten(right)
    if ld != rd:
        return False
    for a, b in zip(ll, rl):
        if not fun(a, b):
            return False
    return True
