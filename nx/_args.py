"""Argument helpers shared by the `nx` modules: what counts as a number, tensors from
arguments, and the checks that a function needs a tensor's data (not a traced tensor, not
deallocated), its host copy, a backend name or bytes."""
from __future__ import annotations

import numbers

import numpy as np

from .tensor import Tensor, _Deallocated

_BACKENDS = ("numpy", "xla")


def _is_number(x):
    return isinstance(x, (numbers.Number, np.number, np.bool_)) and not isinstance(x, Tensor)


def _number_tensor(x, fun):
    """A scalar tensor for a Python number, of the type Nx infers (`Nx.to_tensor/1`)."""
    from .tensor import tensor
    return tensor(x)


def _tensor_arg(x, fun, arg="tensor"):
    if isinstance(x, Tensor):
        return x
    if _is_number(x):
        return _number_tensor(x, fun)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r}")


def _concrete(t, fun):
    """Rejects traced tensors: the function needs the tensor's data."""
    if t.is_traced():
        raise TypeError(f"{fun}: cannot be used inside defn: the value of a traced tensor "
                        f"({t.type.name}{list(t.shape)}) is only known when the compiled "
                        "program runs")
    _check_allocated(t, fun)
    return t


def _vec_sizes(t):
    return tuple(s for _, s in t.vectorized_axes)


def _host(t, fun):
    """The tensor's data as a C-ordered host array of shape vectorized sizes + shape."""
    _concrete(t, fun)
    return np.asarray(t.to_numpy().reshape(_vec_sizes(t) + t.shape), order="C")


def _backend_arg(backend, fun, default=None):
    if backend is None:
        return default
    if backend not in _BACKENDS:
        raise ValueError(f"{fun}: unknown backend {backend!r}, expected one of "
                         f"{list(_BACKENDS)}")
    return backend


def _check_allocated(t, fun):
    if type(t.data) is _Deallocated:
        raise RuntimeError(f"{fun}: " + str(t.data.error()))


def _as_bytes(data, fun, arg="binary"):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{fun}: expected bytes, bytearray or memoryview for {arg}, got "
                    f"{type(data).__name__}")
