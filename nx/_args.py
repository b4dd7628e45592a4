"""Argument helpers shared by the `nx` modules: what counts as a number, tensors from
arguments (numbers of a given type, the operands of a binary op), axes and shapes given as
arguments, and the checks that a function needs a tensor's data (not a traced tensor, not
deallocated), its host copy, a backend name or bytes.

The module is private (`nx._args`); its names are plain, for the modules that share them.
`nx.ops` re-exports `to_tensor` and `axis_index` (public: `nx.to_tensor`, `nx.axis_index`)."""
from __future__ import annotations

import numbers

import numpy as np

from . import types as T
from .tensor import Deallocated, Tensor, from_array, tensor

_BACKENDS = ("numpy", "xla")


def is_number(x):
    return isinstance(x, (numbers.Number, np.number, np.bool_)) and not isinstance(x, Tensor)


def to_tensor(x, fun="nx", arg="tensor"):
    """`x` as a tensor: a tensor, a number or nested lists of numbers (or a NumPy array)."""
    if isinstance(x, Tensor):
        return x
    if is_number(x) or isinstance(x, (list, tuple, np.ndarray)):
        return tensor(x)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r}")


def tensor_arg(x, fun, arg="tensor"):
    """`x` as a tensor: a tensor or a number (a scalar tensor of the type Nx infers,
    `Nx.to_tensor/1`); lists are rejected."""
    if isinstance(x, Tensor):
        return x
    if is_number(x):
        return tensor(x)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r}")


def typed_number(x, t: T.Type):
    """The Python number `x` as a scalar host tensor of type `t`."""
    return from_array(np.asarray(x, dtype=t.dtype) if not T.is_integer(t)
                      else np.array(int(x)).astype(t.dtype), t, backend="numpy")


def binary_args(a, b, fun):
    """Tensors for a binary op; a Python number adapts to the other operand's type (weak)."""
    an, bn = is_number(a), is_number(b)
    if an and not bn:
        b = to_tensor(b, fun, "right")
        a = typed_number(a, T.merge_number(b.type, a))
    elif bn and not an:
        a = to_tensor(a, fun, "left")
        b = typed_number(b, T.merge_number(a.type, b))
    else:
        a, b = to_tensor(a, fun, "left"), to_tensor(b, fun, "right")
    return a, b


def axis_index(t: Tensor, axis, fun="nx.axis_index", arg="axis"):
    """The index of `axis` (an integer, negative allowed, or a name) in `t`."""
    rank = len(t.shape)
    if isinstance(axis, str):
        if axis in t.names:
            return t.names.index(axis)
        raise ValueError(f"{fun}: {arg} {axis!r} is not a name of the tensor (names "
                         f"{list(t.names)}, shape {t.shape})")
    if isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        a = int(axis)
        if -rank <= a < rank:
            return a % rank if rank else a
        raise ValueError(f"{fun}: {arg} {a} is out of range for a tensor of shape {t.shape} "
                         f"(rank {rank})")
    raise TypeError(f"{fun}: {arg} must be an integer or an axis name, got {axis!r}")


def axes_arg(t, axes, fun, arg="axes"):
    """The indices of `axes` (None: all; an axis or a list of axes) in `t`, each once."""
    if axes is None:
        return tuple(range(len(t.shape)))
    if isinstance(axes, (int, str)):
        axes = [axes]
    out = tuple(axis_index(t, a, fun, arg) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"{fun}: {arg} {list(axes)} names an axis twice (shape {t.shape})")
    return out


def shape_arg(shape, fun):
    """A shape argument (a tuple or list of non-negative integers, an integer, or a tensor,
    whose shape it is) as a tuple."""
    if isinstance(shape, Tensor):
        return shape.shape
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if isinstance(shape, (tuple, list)) and \
            all(isinstance(d, (int, np.integer)) and d >= 0 for d in shape):
        return tuple(int(d) for d in shape)
    raise TypeError(f"{fun}: expected a shape (tuple of non-negative integers) or a tensor, got "
                    f"{shape!r}")


def concrete(t, fun):
    """Rejects traced tensors: the function needs the tensor's data."""
    if t.is_traced():
        raise TypeError(f"{fun}: cannot be used inside defn: the value of a traced tensor "
                        f"({t.type.name}{list(t.shape)}) is only known when the compiled "
                        "program runs")
    check_allocated(t, fun)
    return t


def vec_sizes(t):
    return tuple(s for _, s in t.vectorized_axes)


def host_array(t, fun):
    """The tensor's data as a C-ordered host array of shape vectorized sizes + shape."""
    concrete(t, fun)
    return np.asarray(t.to_numpy().reshape(vec_sizes(t) + t.shape), order="C")


def backend_arg(backend, fun, default=None):
    if backend is None:
        return default
    if backend not in _BACKENDS:
        raise ValueError(f"{fun}: unknown backend {backend!r}, expected one of "
                         f"{list(_BACKENDS)}")
    return backend


def check_allocated(t, fun):
    if type(t.data) is Deallocated:
        raise RuntimeError(f"{fun}: " + str(t.data.error()))


def as_bytes(data, fun, arg="binary"):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{fun}: expected bytes, bytearray or memoryview for {arg}, got "
                    f"{type(data).__name__}")
