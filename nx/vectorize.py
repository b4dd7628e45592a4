"""Vectorization (Nx v0.10): vectorize, devectorize, revectorize, reshape_vectors,
broadcast_vectors.

A vectorized tensor has leading *vectorized axes* (`t.vectorized_axes`, pairs of name and size)
and an inner shape (`t.shape`): every op applies to each entry as if it were called once per
entry. Its data is laid out with the vectorized axes first. Vectorized axes of different
operands are matched by name and broadcast (size 1 against size n), and results carry the union
of the operands' vectorized axes in order of first appearance. Inside `defn` vectorized values
have `!nx.vec<...>` types, which the vectorize pass turns into plain tensors.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import TensorType, Value, VecType, current_location
from nx.dialects.nx.registry import union_axes

from ._args import is_number
from ._dispatch import apply, ir_value, vec_axes
from .containers import flatten, unflatten
from .tensor import Tensor, tensor

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ._typing import Names, TensorLike, VectorizedAxes

__all__ = ["vectorize", "devectorize", "revectorize", "reshape_vectors", "broadcast_vectors"]


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _view(t, axes, shape, names):
    """`t`'s elements (vectorized axes first, row-major) as a tensor of vectorized `axes` and
    inner `shape`: metadata only when the layout is unchanged, else a reshape."""
    axes = tuple((n, int(s)) for n, s in axes)
    shape = tuple(shape)
    names = tuple(names) if names is not None else (None,) * len(shape)
    old_axes = vec_axes(t)
    b = trace.current()
    if isinstance(t.data, Value):
        if b is None:
            raise ValueError("a traced tensor escaped its defn (it was stored and used after the "
                             "trace ended); return it from the defn instead")
        inner = TensorType(shape, t.type)
        to = VecType(axes, inner) if axes else inner
        if to == t.data.type:
            return Tensor(t.data, shape, t.type, names, axes)
        op = b.create("nx.revectorize", [t.data], [to], {"to": to}, loc=current_location())
        return Tensor(op.results[0], shape, t.type, names, axes)
    full = tuple(s for _, s in axes) + shape
    old_full = tuple(s for _, s in old_axes) + t.shape
    data = t.data
    if b is not None:   # a concrete tensor inside a trace: a constant viewed as vectorized
        v = ir_value(b, t)
        return _view(Tensor(v, t.shape, t.type, t.names, old_axes), axes, shape, names)
    if full != old_full:
        if type(data) is np.ndarray:
            data = data.reshape(full)
        else:
            data = apply("reshape", [Tensor(data, old_full, t.type)], {"shape": full}).data
    return Tensor(data, shape, t.type, names, axes)


def _plain(t):
    """`t` devectorized without names (the full layout)."""
    axes = vec_axes(t)
    if not axes:
        return t
    return _view(t, (), tuple(s for _, s in axes) + t.shape, None)


def _map(x, fun, what):
    if isinstance(x, Tensor):
        return fun(x)
    if is_number(x):
        return fun(tensor(x))
    leaves, tree = flatten(x)
    if tree == ("leaf",):
        raise TypeError(f"{what}: expected a tensor, a number or a container of them, got "
                        f"{type(x).__name__}: {x!r:.80}")
    out = []
    for v in leaves:
        if isinstance(v, Tensor):
            out.append(fun(v))
        elif is_number(v):
            out.append(fun(tensor(v)))
        else:
            raise TypeError(f"{what}: containers must hold tensors or numbers, got "
                            f"{type(v).__name__}")
    return unflatten(tree, out)


def _axes_spec(spec, fun, allow_auto=False):
    """A vectorized axes specification as a list of (name, size-or-None)."""
    if isinstance(spec, str):
        return [(spec, None)]
    if isinstance(spec, dict):
        spec = list(spec.items())
    if not isinstance(spec, (list, tuple)):
        raise TypeError(f"{fun}: expected a name, a list of names or (name, size) pairs, or a "
                        f"dict of sizes, got {type(spec).__name__}: {spec!r}")
    out = []
    for s in spec:
        if isinstance(s, str):
            out.append((s, None))
        elif (isinstance(s, (tuple, list)) and len(s) == 2 and isinstance(s[0], str)
              and ((isinstance(s[1], int) and not isinstance(s[1], bool) and s[1] >= 0)
                   or (allow_auto and s[1] == "auto"))):
            out.append((s[0], s[1]))
        else:
            raise ValueError(f"{fun}: expected vectorized axis specification to be a name or a "
                             f"(name, size) pair, got: {s!r}")
    return out


def vectorize(t: Any, name_or_axes: VectorizedAxes) -> Any:
    """Turns the leading axes of `t` into vectorized axes: a name, a list of names or
    `(name, size)` pairs (the size is checked), or a dict of sizes. Containers are vectorized
    leaf by leaf.

        >>> t = nx.iota((2, 3))
        >>> vectorized = nx.vectorize(t, "first")
        >>> vectorized
        nx.Tensor<
          vectorized[first: 2]
          s32[3]
          [
            [0, 1, 2],
            [3, 4, 5]
          ]
        >
        >>> nx.vectorize(vectorized, "second")
        nx.Tensor<
          vectorized[first: 2][second: 3]
          s32
          [
            [0, 1, 2],
            [3, 4, 5]
          ]
        >
        >>> nx.vectorize(nx.tensor([4, 3, 2, 1]), "x") + nx.tensor([0, 1])
        nx.Tensor<
          vectorized[x: 4]
          s32[2]
          [
            [4, 5],
            [3, 4],
            [2, 3],
            [1, 2]
          ]
        >
    """
    fun = "nx.vectorize"
    spec = _axes_spec(name_or_axes, fun)

    def one(t):
        if not spec:
            return t
        if t.shape == ():
            raise ValueError(f"{fun}: cannot vectorize tensor of rank 0")
        n = len(spec)
        if n > t.rank:
            raise ValueError(f"{fun}: number of vectorized axes ({n}) must not be greater than "
                             f"the rank of the tensor's shape {t.shape}")
        new = []
        for (name, size), d in zip(spec, t.shape):
            if size is not None and size != d:
                raise ValueError(f"{fun}: expected vectorized axis {name!r} to have size {size}, "
                                 f"got {d}")
            new.append((name, d))
        names = t.names[n:]
        for name, _ in new:
            if name in names:
                raise ValueError(f"{fun}: cannot use name {name!r} for new vectorized axes "
                                 f"because there's already an axis with the same name")
        old = vec_axes(t)
        seen = set()
        for name, _ in new:
            if any(name == m for m, _ in old) or name in seen:
                raise ValueError(f"{fun}: cannot use name {name!r} for new vectorized axes "
                                 f"because there's already a vectorized axis with the same name")
            seen.add(name)
        return _view(t, tuple(old) + tuple(new), t.shape[n:], names)
    return _map(t, one, fun)


def devectorize(t: Any, keep_names: bool = True) -> Any:
    """Turns the vectorized axes back into leading axes, named after them when `keep_names`.

    A plain tensor (or a container without any vectorized tensor) raises a `ValueError`: Nx
    returns it unchanged, but a devectorize that does nothing is almost always a bug (a tensor
    that was expected to be vectorized is not), so nxc reports it. In a container that holds at
    least one vectorized tensor, the plain ones are returned as they are.

        >>> t = nx.vectorize(nx.vectorize(nx.iota((1, 2, 3)), "x"), "y")
        >>> nx.devectorize(t)
        nx.Tensor<
          s32[x: 1][y: 2][3]
          [
            [
              [0, 1, 2],
              [3, 4, 5]
            ]
          ]
        >
        >>> nx.devectorize(t, keep_names=False)
        nx.Tensor<
          s32[1][2][3]
          [
            [
              [0, 1, 2],
              [3, 4, 5]
            ]
          ]
        >
    """
    fun = "nx.devectorize"
    if not isinstance(keep_names, bool):
        raise TypeError(f"{fun}: keep_names must be a boolean, got {keep_names!r}")

    plain = []

    def one(t):
        axes = vec_axes(t)
        if not axes:
            plain.append(t)
            return t
        lead = [n for n, _ in axes] if keep_names else [None] * len(axes)
        return _view(t, (), tuple(s for _, s in axes) + t.shape, tuple(lead) + tuple(t.names))
    out = _map(t, one, fun)
    if isinstance(out, Tensor) and plain:
        p = plain[0]
        dims = "".join(f"[{d}]" for d in p.shape)
        raise ValueError(f"{fun}: expected a vectorized tensor, got a plain tensor "
                         f"{p.type.name}{dims} (no vectorized axes), which has nothing to "
                         f"devectorize")
    if not isinstance(out, Tensor) and plain and len(plain) == len(flatten(out)[0]):
        raise ValueError(f"{fun}: expected a container with at least one vectorized tensor, got "
                         f"{len(plain)} plain tensor(s), which have nothing to devectorize")
    return out


def revectorize(t: Any,
                target_axes: Sequence[str | tuple[str, int | str]] | Mapping[str, int | str],
                target_shape: int | Sequence[int | str] | None = None,
                target_names: Names | None = None) -> Any:
    """Changes the vectorized axes (and, with `target_shape`, the inner shape) keeping the
    elements in order: `devectorize(keep_names=False)`, `reshape` to the target vectorized sizes
    followed by `target_shape`, `vectorize`. One size, among `target_axes` and `target_shape`,
    may be `"auto"`.

        >>> t = nx.vectorize(nx.iota((2, 2, 2)), [("x", 2), ("y", 2)])
        >>> revec = nx.revectorize(t, [("temp", "auto"), ("x", 2)], target_shape=())
        >>> revec
        nx.Tensor<
          vectorized[temp: 4][x: 2]
          s32
          [
            [0, 1],
            [2, 3],
            [4, 5],
            [6, 7]
          ]
        >
        >>> nx.revectorize(revec, [("new_vec", 2)], target_shape=(1, 4), target_names=["x", "last"])
        nx.Tensor<
          vectorized[new_vec: 2]
          s32[x: 1][last: 4]
          [
            [
              [0, 1, 2, 3]
            ],
            [
              [4, 5, 6, 7]
            ]
          ]
        >
    """
    fun = "nx.revectorize"
    spec = _axes_spec(target_axes, fun, allow_auto=True)
    if any(s is None for _, s in spec):
        raise ValueError(f"{fun}: target axes must give a size (or \"auto\") for each name, got "
                         f"{target_axes!r}")
    if target_shape is not None:
        if isinstance(target_shape, int):
            target_shape = (target_shape,)
        target_shape = tuple(target_shape)
        if target_names is not None and len(target_names) != len(target_shape):
            raise ValueError(f"{fun}: expected {len(target_shape)} target names for target "
                             f"shape {target_shape}, got {list(target_names)}")
    elif target_names is not None:
        raise ValueError(f"{fun}: target_names requires target_shape")

    def one(t):
        shape = target_shape if target_shape is not None else t.shape
        names = (tuple(target_names) if target_names is not None else
                 ((None,) * len(shape) if target_shape is not None else t.names))
        sizes = [s for _, s in spec] + list(shape)
        autos = [i for i, s in enumerate(sizes) if s == "auto"]
        if len(autos) > 1:
            raise ValueError(f"{fun}: cannot have more than one \"auto\" occurrence between "
                             "target_axes and target_shape")
        total = _size(s for _, s in vec_axes(t)) * t.size
        if autos:
            rest = _size(s for s in sizes if s != "auto")
            if rest == 0 or total % rest:
                raise ValueError(f"{fun}: cannot compute the \"auto\" size: {total} elements "
                                 f"(vectorized {list(vec_axes(t))}, shape {t.shape}) are not "
                                 f"divisible by {rest}")
            sizes[autos[0]] = total // rest
        if _size(sizes) != total:
            raise ValueError(
                f"{fun}: cannot reshape a tensor with vectorized axes {list(vec_axes(t))} and "
                f"shape {t.shape} ({total} elements) into vectorized axes "
                f"{[(n, s) for (n, _), s in zip(spec, sizes)]} and shape "
                f"{tuple(sizes[len(spec):])} ({_size(sizes)} elements)")
        axes = tuple((n, s) for (n, _), s in zip(spec, sizes))
        seen = set()
        for n, _ in axes:
            if n in seen or n in names:
                raise ValueError(f"{fun}: vectorized axis name {n!r} is used twice")
            seen.add(n)
        return _view(t, axes, tuple(sizes[len(spec):]), names)
    return _map(t, one, fun)


def _to_tensors(tensors, fun):
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fun}: expected a list of tensors, got {type(tensors).__name__}")
    out = []
    for x in tensors:
        if isinstance(x, Tensor):
            out.append(x)
        elif is_number(x):
            out.append(tensor(x))
        else:
            raise TypeError(f"{fun}: expected tensors or numbers, got {type(x).__name__}")
    return out


def _reshape_vectors(tensors, align_ranks, fun, broadcast):
    ts = _to_tensors(tensors, fun)
    if not isinstance(align_ranks, bool):
        raise TypeError(f"{fun}: align_ranks must be a boolean, got {align_ranks!r}")
    if len(ts) == 1:
        return ts
    canon = union_axes([vec_axes(t) for t in ts], fun)
    if not canon:
        return ts
    rank = max(t.rank for t in ts)
    pos = {n: i for i, (n, _) in enumerate(canon)}
    out = []
    for t in ts:
        have = vec_axes(t)
        p = _plain(t)
        k = len(have)
        order = sorted(range(k), key=lambda i: pos[have[i][0]])
        if order != list(range(k)):   # the axes in canonical order (Nx reshapes here)
            p = apply("transpose", [p], {"axes": tuple(order) + tuple(range(k, p.rank))})
        own = dict(have)
        if broadcast:
            axes = canon
        else:
            axes = tuple((n, own.get(n, 1)) for n, _ in canon)
        pad = rank - t.rank if align_ranks else 0
        inner = (1,) * pad + t.shape
        mid = tuple(own.get(n, 1) for n, _ in canon) + inner
        if mid != p.shape:
            p = apply("reshape", [p], {"shape": mid})
        full = tuple(s for _, s in axes) + inner
        if full != p.shape:
            p = apply("broadcast", [p], {"shape": full, "axes": tuple(range(len(full)))})
        out.append(_view(p, axes, inner, (None,) * pad + tuple(t.names)))
    return out


def reshape_vectors(tensors: Sequence[TensorLike], align_ranks: bool = False) -> list[Tensor]:
    """Gives every tensor of the list the same vectorized axes, in order of first appearance
    (size 1 where a tensor lacks one); axes of the same name must have equal sizes or one of
    size 1. With `align_ranks`, inner shapes get leading axes of size 1 up to the largest rank.

        >>> x = nx.vectorize(nx.tensor([1, 2, 3]), "x")
        >>> y = nx.vectorize(nx.tensor([4]), "y")
        >>> [xv, yv] = nx.reshape_vectors([x, y])
        >>> xv.vectorized_axes
        (('x', 3), ('y', 1))
        >>> yv.vectorized_axes
        (('x', 1), ('y', 1))
        >>> [xv, _yv] = nx.reshape_vectors(
        ...     [1, nx.vectorize(nx.tensor([[[1], [1]], [[2], [2]], [[3], [3]]]), "y")],
        ...     align_ranks=True)
        >>> xv
        nx.Tensor<
          vectorized[y: 1]
          s32[1][1]
          [
            [
              [1]
            ]
          ]
        >
    """
    return _reshape_vectors(tensors, align_ranks, "nx.reshape_vectors", False)


def broadcast_vectors(tensors: Sequence[TensorLike], align_ranks: bool = False) -> list[Tensor]:
    """Like `reshape_vectors`, but every vectorized axis also takes its full size in every
    tensor (the inner shapes are unchanged unless `align_ranks`).

        >>> x = nx.vectorize(nx.tensor([1, 2]), "x")
        >>> xy = nx.vectorize(nx.vectorize(nx.tensor([[[5]], [[6]]]), "y"), "x")
        >>> [bxy, bx] = nx.broadcast_vectors([xy, x])
        >>> bx
        nx.Tensor<
          vectorized[y: 2][x: 2]
          s32
          [
            [1, 2],
            [1, 2]
          ]
        >
        >>> bxy
        nx.Tensor<
          vectorized[y: 2][x: 2]
          s32[1]
          [
            [
              [5],
              [5]
            ],
            [
              [6],
              [6]
            ]
          ]
        >
    """
    return _reshape_vectors(tensors, align_ranks, "nx.broadcast_vectors", True)


def with_vectorized_axes(t: Tensor, vectorized_axes: VectorizedAxes, fun: str = "nx") -> Tensor:
    """`t` repeated for every entry of `vectorized_axes` (pairs of name and size, or a dict):
    what creation functions do with their `vectorized_axes=` option (Nx's iota, eye)."""
    spec = _axes_spec(vectorized_axes, fun)
    if not spec:
        return t
    if any(s is None for _, s in spec):
        raise ValueError(f"{fun}: vectorized_axes must give a size for each name, got "
                         f"{vectorized_axes!r}")
    sizes = tuple(s for _, s in spec)
    p = apply("broadcast", [t], {"shape": sizes + t.shape,
                                 "axes": tuple(range(len(sizes), len(sizes) + t.rank))})
    return _view(p, tuple(spec), t.shape, t.names)


def broadcast_axes(t: Tensor, axes: Sequence[tuple[str, int]]) -> Tensor:
    """`t` with exactly the vectorized `axes` (a superset of its own, sizes compatible): its
    own axes transposed into that order and every axis broadcast to its size.

    Gradients are per entry (as everywhere in vectorization: cotangents are never summed over
    vectorized axes): when this adds entries to a traced value, the cotangent of the result
    flows back to `t` as it is, vectorized, through an `nx.custom_grad` (an identity once
    compiled), instead of being summed by the gradient of the broadcast."""
    axes = tuple(axes)
    have = vec_axes(t)
    if tuple(have) == axes:
        return t
    out = _broadcast_axes_view(t, axes, have)
    if isinstance(t.data, Value) and _size(s for _, s in axes) != _size(s for _, s in have):
        from .grad import custom_grad
        out = custom_grad(out, [t], lambda g: [g])
    return out


def _broadcast_axes_view(t, axes, have):
    pos = {n: i for i, (n, _) in enumerate(axes)}
    for n, _s in have:
        if n not in pos:
            raise ValueError(f"vectorized axis {n!r} of a tensor is not among {list(axes)}")
    p = _plain(t)
    k = len(have)
    order = sorted(range(k), key=lambda i: pos[have[i][0]])
    if order != list(range(k)):
        p = apply("transpose", [p], {"axes": tuple(order) + tuple(range(k, p.rank))})
    own = dict(have)
    mid = tuple(own.get(n, 1) for n, _ in axes) + t.shape
    if mid != p.shape:
        p = apply("reshape", [p], {"shape": mid})
    full = tuple(s for _, s in axes) + t.shape
    if full != p.shape:
        p = apply("broadcast", [p], {"shape": full, "axes": tuple(range(len(full)))})
    return _view(p, axes, t.shape, t.names)
