"""Shape and type queries (Nx v0.10): `flat_size`, `bit_size`, `axes`, `is_compatible` and
`to_template`. They only read shapes and types, so they work on templates and inside `defn`.
"""
# `t = tensor_arg(t, ...)` makes a parameter annotated `Tensor | Number` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.tensor_arg has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._args import is_number, tensor_arg, vec_sizes
from .containers import flatten, unflatten
from .tensor import Tensor

if TYPE_CHECKING:
    from ._typing import Number, Shape

__all__ = ["flat_size", "bit_size", "axes", "is_compatible", "to_template"]


def _shape_of(x, fun):
    """The shape of a tensor, a number (`()`) or a shape tuple, as `Nx.shape/1` accepts."""
    if isinstance(x, Tensor):
        return x.shape
    if is_number(x):
        return ()
    if isinstance(x, tuple) and all(isinstance(d, (int, np.integer)) and not isinstance(d, bool)
                                    and d >= 0 for d in x):
        return tuple(int(d) for d in x)
    raise TypeError(f"{fun}: expected a shape (a tuple of non-negative integers), a tensor or a "
                    f"number, got {type(x).__name__}: {x!r}")


def flat_size(t: Tensor | Number | Shape) -> int:
    """The number of elements including the vectorized axes (`Nx.flat_size/1`); `nx.size`
    leaves the vectorized axes out. Accepts a tensor, a number or a shape tuple.

        >>> nx.flat_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        6
        >>> nx.flat_size(10)
        1
        >>> nx.flat_size((2, 3, 4))
        24
    """
    shape = _shape_of(t, "nx.flat_size")
    n = 1
    for d in shape:
        n *= d
    if isinstance(t, Tensor):
        for d in vec_sizes(t):
            n *= d
    return n


def bit_size(t: Tensor | Number) -> int:
    """The number of bits of the tensor's data: `flat_size(t) * bits of its type`
    (`Nx.bit_size/1`). Vectorized axes count. Accepts a tensor or a number.

        >>> nx.bit_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        192
        >>> nx.bit_size(nx.tensor([[1, 2, 3], [4, 5, 6]], type="u8"))
        48
        >>> nx.bit_size(nx.tensor([[1, 2, 3], [3, 2, 1]], type="u2"))
        12
        >>> nx.bit_size(1)
        32
    """
    t = tensor_arg(t, "nx.bit_size")
    return flat_size(t) * t.type.bits


def axes(t: Tensor | Number | Shape) -> list[int]:
    """The list of axes `[0, 1, ..., rank - 1]` of a tensor, a number or a shape tuple
    (`Nx.axes/1`).

        >>> nx.axes(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        [0, 1]
        >>> nx.axes(1)
        []
        >>> nx.axes((1, 2, 3))
        [0, 1, 2]
    """
    return list(range(len(_shape_of(t, "nx.axes"))))


def _compatible_names(a, b):
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _compatible_tensors(a, b):
    return (a.type == b.type and a.shape == b.shape and
            tuple(a.vectorized_axes) == tuple(b.vectorized_axes) and
            _compatible_names(a.names, b.names))


def is_compatible(left: Any, right: Any) -> bool:
    """True when two tensors (or numbers, or containers of them) have the same type, shape,
    vectorized axes and compatible names (`Nx.compatible?/2`): names are compatible when equal
    or when either is None. Containers must have the same structure (same container kinds,
    lengths and keys). Works on templates and inside defn.

        >>> nx.is_compatible(nx.iota((2, 3)), nx.iota((2, 3), names=["x", "y"]))
        True
        >>> nx.is_compatible(nx.iota((2, 3), names=["x", None]), nx.iota((2, 3), names=["y", None]))
        False
        >>> nx.is_compatible(nx.iota((2, 3)), nx.iota((2, 3), type="f32"))
        False
        >>> nx.is_compatible((1, {"a": 2.0}), (nx.tensor(3), {"a": nx.tensor(4.0)}))
        True
    """
    fun = "nx.is_compatible"
    ll, ld = flatten(left)
    rl, rd = flatten(right)
    if ld != rd:
        return False
    for a, b in zip(ll, rl):
        if not _compatible_tensors(tensor_arg(a, fun, "left"), tensor_arg(b, fun, "right")):
            return False
    return True


def _template_of(t):
    return Tensor(None, t.shape, t.type, t.names, tuple(t.vectorized_axes))


def to_template(tensor_or_container: Any) -> Any:
    """Templates (shape, type, names and vectorized axes, no data) of a tensor, a number or
    every tensor of a container, which keeps its structure (`Nx.to_template/1`).

        >>> t = nx.to_template(nx.iota((2, 3)))
        >>> t.shape, t.type
        ((2, 3), s32)
        >>> i, f = nx.to_template((1, 2.0))
        >>> (i.shape, i.type), (f.shape, f.type)
        (((), s32), ((), f32))
    """
    leaves, tree = flatten(tensor_or_container)
    return unflatten(tree, [_template_of(tensor_arg(x, "nx.to_template")) for x in leaves])
