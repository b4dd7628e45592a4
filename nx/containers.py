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
            _leaf_types.clear()
        elif flatten is None or unflatten is None:
            raise TypeError(f"nx.container: {c.__name__} is not a dataclass; give flatten= and "
                            "unflatten=")
        else:
            _custom[c] = (flatten, unflatten)
        _leaf_types.clear()
        return c
    return register(cls) if cls is not None else register


def is_leaf(x):
    return not isinstance(x, (tuple, list, dict)) and type(x) not in _custom and \
        not dataclasses.is_dataclass(x) and x is not None


_LEAF = ("leaf",)
_NONE = ("none",)


def _leaf_type(t):
    """Whether values of type `t` are always leaves (tensors, numbers, arrays): cached."""
    r = _leaf_types.get(t)
    if r is None:
        r = _leaf_types[t] = (t not in _custom and not issubclass(t, (tuple, list, dict))
                              and not dataclasses.is_dataclass(t) and t is not type(None))
    return r


_leaf_types = {}


def flatten(obj, leaves=None):
    """Returns `(leaves, treedef)`."""
    if leaves is None:
        leaves = []
    return leaves, _flatten(obj, leaves)


def _flatten(obj, leaves):
    t = type(obj)
    if t is list or t is tuple:
        defs = []
        for c in obj:
            ct = type(c)
            if ct in _leaf_types and _leaf_types[ct]:   # the common case: a tensor
                leaves.append(c)
                defs.append(_LEAF)
            else:
                defs.append(_flatten(c, leaves))
        return ("list" if t is list else "tuple", tuple(defs))
    if t in _custom:
        children, aux = _custom[t][0](obj)
        defs = tuple(_flatten(c, leaves) for c in children)
        return ("custom", t, aux, defs)
    if isinstance(obj, dict):
        keys = sorted(obj, key=lambda k: (str(type(k)), k))
        return ("dict", tuple(keys), tuple(_flatten(obj[k], leaves) for k in keys))
    if isinstance(obj, tuple) and hasattr(t, "_fields"):
        return ("namedtuple", t, tuple(_flatten(c, leaves) for c in obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = tuple(f.name for f in dataclasses.fields(obj))
        return ("dataclass", t, names, tuple(_flatten(getattr(obj, n), leaves) for n in names))
    if obj is None:
        return _NONE
    if t not in _leaf_types:
        _leaf_type(t)
    leaves.append(obj)
    return _LEAF


def unflatten(treedef, leaves):
    it = iter(leaves)
    nxt = it.__next__

    def build(d):
        k = d[0]
        if k == "leaf":
            return nxt()
        if k == "list" or k == "tuple":
            out = [nxt() if c is _LEAF else build(c) for c in d[1]]
            return out if k == "list" else tuple(out)
        if k == "none":
            return None
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
