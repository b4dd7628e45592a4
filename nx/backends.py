"""Backends (Nx v0.10): `backend_copy`, `backend_transfer`, `backend_deallocate` between the
"numpy" and "xla" backends, and `from_dlpack`. Cannot be used inside `defn`.
"""
from __future__ import annotations

import numpy as np

from . import types as T
from ._args import backend_arg, concrete, tensor_arg, vec_sizes
from .containers import flatten, unflatten
from .tensor import Deallocated, Tensor, from_array

__all__ = ["backend_transfer", "backend_copy", "backend_deallocate", "from_dlpack"]


def _each_tensor(x, fun):
    leaves, tree = flatten(x)
    out = []
    for leaf in leaves:
        t = tensor_arg(leaf, fun)
        concrete(t, fun)
        out.append(t)
    return out, tree


def _copy_to(t, backend):
    if backend == "xla":
        from nx.runtime import pjrt
        data = t._dev if type(t.data) is np.ndarray and t._dev is not None else \
            pjrt.to_device(np.asarray(t.to_numpy(), order="C"))
    else:
        data = np.array(t.to_numpy(), copy=True)
    return Tensor(data, t.shape, t.type, t.names, tuple(t.vectorized_axes))


def backend_copy(tensor_or_container, backend="numpy"):
    """Copies a tensor (or every tensor of a container) to `backend`, "numpy" (Nx's
    BinaryBackend, the default as in Nx) or "xla" (device buffers); the original keeps its
    data (`Nx.backend_copy/2`). Numbers become tensors. Tensors are immutable, so copying a
    numpy tensor to "numpy" returns it as Nx's binary backend does. Cannot be used inside defn.

        >>> nx.backend_copy(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
    """
    fun = "nx.backend_copy"
    backend = backend_arg(backend, fun, "numpy")
    ts, tree = _each_tensor(tensor_or_container, fun)
    out = [t if (t.backend == "numpy" and backend == "numpy") else _copy_to(t, backend)
           for t in ts]
    return unflatten(tree, out)


def backend_transfer(tensor_or_container, backend="numpy"):
    """Moves a tensor (or every tensor of a container) to `backend` ("numpy", the default as
    in Nx, or "xla"): a copy followed by `backend_deallocate` of the original
    (`Nx.backend_transfer/2`). An "xla" tensor transferred away has its device buffer freed
    at once and can no longer be used; a tensor already on `backend` is returned as it is.
    Cannot be used inside defn.

        >>> d = nx.backend_transfer(nx.tensor([1, 2, 3]), "xla")
        >>> d.backend
        'xla'
        >>> h = nx.backend_transfer(d)
        >>> h
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
        >>> d
        Traceback (most recent call last):
        ...
        RuntimeError: cannot use a tensor (s32[3]) whose data was deallocated by
        nx.backend_deallocate or nx.backend_transfer
    """
    fun = "nx.backend_transfer"
    backend = backend_arg(backend, fun, "numpy")
    ts, tree = _each_tensor(tensor_or_container, fun)
    out = []
    for t in ts:
        if t.backend == backend:
            out.append(t)
        else:
            out.append(_copy_to(t, backend))
            _deallocate(t)
    return unflatten(tree, out)


def _deallocate(t):
    d = t.data
    if type(d) is Deallocated:
        return "already_deallocated"
    if type(d) is np.ndarray:
        t._dev = None    # the device copy a compiled call kept, if any
        return "ok"      # host memory is garbage collected, as Nx's binary backend
    delete = getattr(d, "delete", None)
    if delete is not None:
        delete()
    t.data = Deallocated(t.type.name + "".join(f"[{s}]" for s in vec_sizes(t) + t.shape))
    return "ok"


def backend_deallocate(tensor_or_container):
    """Frees the device memory of an "xla" tensor (or of every tensor of a container) now
    rather than when it is garbage collected (`Nx.backend_deallocate/1`). Returns "ok", or
    "already_deallocated" when a tensor's memory was already freed. Using a deallocated tensor
    raises a RuntimeError saying so. As with Nx's binary backend, a "numpy" tensor is left as
    it is ("ok"). Numbers are ignored. Cannot be used inside defn.

        >>> t = nx.tensor([1, 2, 3], backend="xla")
        >>> nx.backend_deallocate(t)
        'ok'
        >>> nx.backend_deallocate(t)
        'already_deallocated'
        >>> nx.backend_deallocate(nx.tensor([1, 2, 3]))
        'ok'
    """
    fun = "nx.backend_deallocate"
    leaves, _ = flatten(tensor_or_container)
    result = "ok"
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            tensor_arg(leaf, fun)     # numbers are fine, anything else raises
            continue
        if leaf.is_traced():
            concrete(leaf, fun)
        if _deallocate(leaf) != "ok":
            result = "already_deallocated"
    return result


def from_dlpack(obj, backend=None):
    """A tensor sharing (numpy backend) or copying (xla backend) the memory of any object
    that implements the DLPack protocol (`__dlpack__`, `__dlpack_device__`): NumPy arrays,
    nx tensors, JAX arrays, PyTorch CPU tensors... Only host (CPU) memory is supported; DLPack
    has no u2/u4/s2/s4, f8 nor bf16 for NumPy, so those types cannot come this way (use
    `nx.tensor`). Booleans become u8.

        >>> nx.from_dlpack(np.array([[1, 2], [3, 4]], dtype=np.int16))
        nx.Tensor<
          s16[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >
    """
    fun = "nx.from_dlpack"
    backend = backend_arg(backend, fun)
    if not hasattr(obj, "__dlpack__"):
        raise TypeError(f"{fun}: expected an object implementing the DLPack protocol "
                        f"(__dlpack__), got {type(obj).__name__}")
    if isinstance(obj, Tensor):
        concrete(obj, fun)
    try:
        arr = np.from_dlpack(obj)
    except (BufferError, RuntimeError, TypeError, ValueError) as e:
        raise ValueError(f"{fun}: cannot import {type(obj).__name__} through DLPack: {e}") \
            from None
    if arr.dtype == np.bool_:
        arr = arr.astype(np.uint8)
    t = T.from_dtype(arr.dtype)
    if not arr.flags.c_contiguous:
        arr = np.asarray(arr, order="C")
    names = obj.names if isinstance(obj, Tensor) and not obj.vectorized_axes else None
    return from_array(arr, t, names, backend)
