"""Containers of tensors: tuple, list, dict, NamedTuple, dataclass, and user types registered
with `nx.container`. `flatten` gives the leaves and a hashable structure; `unflatten` rebuilds."""
from __future__ import annotations

import dataclasses

__all__ = ["flatten", "unflatten", "container", "is_leaf"]

_custom = {}


def container(cls=None, *, flatten=None, unflatten=None):
    """Registers a container type. As a decorator on a dataclass it needs no functions; else
    `flatten(obj) -> (children, aux)` and `unflatten(aux, children) -> obj` (aux hashable)."""
    def register(c):
        if flatten is None and dataclasses.is_dataclass(c):
            fields = tuple(f.name for f in dataclasses.fields(c))
            _custom[c] = (lambda o: ([getattr(o, n) for n in fields], fields),
                          lambda aux, ch: c(**dict(zip(aux, ch))))
        elif flatten is None or unflatten is None:
            raise TypeError(f"nx.container: {c.__name__} is not a dataclass; give flatten= and "
                            "unflatten=")
        else:
            _custom[c] = (flatten, unflatten)
        return c
    return register(cls) if cls is not None else register


def is_leaf(x):
    return not isinstance(x, (tuple, list, dict)) and type(x) not in _custom and \
        not dataclasses.is_dataclass(x) and x is not None


def flatten(obj, leaves=None):
    """Returns `(leaves, treedef)`."""
    if leaves is None:
        leaves = []
    t = type(obj)
    if t in _custom:
        children, aux = _custom[t][0](obj)
        defs = tuple(flatten(c, leaves)[1] for c in children)
        return leaves, ("custom", t, aux, defs)
    if t is tuple:
        return leaves, ("tuple", tuple(flatten(c, leaves)[1] for c in obj))
    if t is list:
        return leaves, ("list", tuple(flatten(c, leaves)[1] for c in obj))
    if isinstance(obj, dict):
        keys = sorted(obj, key=lambda k: (str(type(k)), k))
        return leaves, ("dict", tuple(keys), tuple(flatten(obj[k], leaves)[1] for k in keys))
    if isinstance(obj, tuple) and hasattr(t, "_fields"):
        return leaves, ("namedtuple", t, tuple(flatten(c, leaves)[1] for c in obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = tuple(f.name for f in dataclasses.fields(obj))
        return leaves, ("dataclass", t, names,
                        tuple(flatten(getattr(obj, n), leaves)[1] for n in names))
    if obj is None:
        return leaves, ("none",)
    leaves.append(obj)
    return leaves, ("leaf",)


def unflatten(treedef, leaves):
    it = iter(leaves)

    def build(d):
        k = d[0]
        if k == "leaf":
            return next(it)
        if k == "none":
            return None
        if k == "tuple":
            return tuple(build(c) for c in d[1])
        if k == "list":
            return [build(c) for c in d[1]]
        if k == "dict":
            return {key: build(c) for key, c in zip(d[1], d[2])}
        if k == "namedtuple":
            return d[1](*[build(c) for c in d[2]])
        if k == "dataclass":
            return d[1](**{n: build(c) for n, c in zip(d[2], d[3])})
        if k == "custom":
            return _custom[d[1]][1](d[2], [build(c) for c in d[3]])
        raise ValueError(f"bad tree definition {d!r}")
    return build(treedef)
