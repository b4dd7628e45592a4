"""Pointers (Nx.Pointer): `nx.to_pointer(t, mode="local"|"ipc")` and
`nx.from_pointer(backend, pointer, type, shape, names=None)`, to share a tensor's memory
within the process or with another process, or to wrap memory another library allocated.

As Nx 0.10, both raise on errors (a ValueError for a bad mode, size or pointer, a TypeError
for a traced tensor, a RuntimeError for a deallocated one).

Local pointers (`mode="local"`) are the address of the tensor's data in this process:

* "numpy" tensors: the address of the host array's first byte (`data_size` its bytes);
* "xla" tensors: the device buffer's address (PJRT's `unsafe_buffer_pointer`; on the CPU
  platform device memory is host memory).

Lifetime: the address is valid as long as the tensor's memory is: while the tensor (or
anything sharing its memory) is alive and not deallocated (`nx.backend_deallocate`,
`nx.backend_transfer`). `from_pointer` of an address that `to_pointer` handed out and whose
memory is still alive shares that memory and keeps it alive (one whose memory was freed
since raises a RuntimeError) (an xla buffer of the same type,
shape and device is shared as it is; other views of it are copied onto the backend). Any other
address (memory from another library) is read as host memory on the CPU: the caller must keep
it alive and unchanged for as long as the tensor exists, as with Nx ("can lead to
segmentation faults"). On other platforms only the addresses of this process's own tensors
can be read back.

IPC pointers (`mode="ipc"`) copy the data into POSIX shared memory (Python's
`multiprocessing.shared_memory`, as EXLA's host IPC does with `shm_open`): `handle` is the
segment's name, which another process passes to `from_pointer`. The segment stays until a
tensor made from it with `from_pointer` is garbage collected (that process unlinks it, as
EXLA does); a handle never opened keeps its segment until
`multiprocessing.shared_memory.SharedMemory(name=handle).unlink()`. IPC of device memory
(CUDA IPC) is not available: copy such a tensor to the host first.
"""
# `t = _tensor_arg(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (the helper has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import ctypes
import dataclasses
import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from . import types as T
from .tensor import Deallocated, Tensor, from_array, normalize_names

if TYPE_CHECKING:
    from ._typing import Names, ShapeLike, TensorLike, TypeLike

__all__ = ["Pointer", "from_pointer", "to_pointer"]

_MODES = ("local", "ipc")


@dataclasses.dataclass(frozen=True)
class Pointer:
    """A reference to a tensor's memory (Nx.Pointer): `kind` "local" (`address` is an address
    in this process) or "ipc" (`handle` names a shared memory segment), `data_size` its size
    in bytes."""

    address: int | None = None
    kind: str = "local"
    data_size: int | None = None
    handle: str | None = None

    def __repr__(self) -> str:
        return (f"nx.Pointer(address={self.address!r}, kind={self.kind!r}, "
                f"data_size={self.data_size!r}, handle={self.handle!r})")


# address -> (weak reference to the memory's owner, its size): what to_pointer handed out.
# An entry whose owner is gone stays (up to _KEEP_FREED of them) so that reading its address
# back raises instead of reading freed memory.
_exported: dict[int, tuple[weakref.ref[Any], int]] = {}
_lock = threading.Lock()
_KEEP_FREED = 4096


def _register(address, owner, size):
    with _lock:
        _exported.pop(address, None)
        freed = [a for a, (r, _) in _exported.items() if r() is None]
        for a in freed[:max(0, len(freed) - _KEEP_FREED)]:
            del _exported[a]
        try:
            _exported[address] = (weakref.ref(owner), size)
        except TypeError:   # an owner without weak references: not remembered
            pass


def _owner_of(address, size, fun):
    """(owner, offset) of the exported memory that holds [address, address + size), or
    (None, 0) for memory nx did not hand out; raises for memory that was freed since."""
    with _lock:
        items = list(_exported.items())
    for a, (ref, n) in reversed(items):
        if a <= address and address + size <= a + n:
            owner = ref()
            if owner is None or (not isinstance(owner, np.ndarray) and owner.is_deleted()):
                raise RuntimeError(f"{fun}: the memory at address {address} was freed (its "
                                   f"tensor was garbage collected or deallocated)")
            return owner, address - a
    return None, 0


def _tensor_arg(t, fun):
    from .ops import to_tensor
    t = to_tensor(t, fun)
    if t.is_traced():
        raise TypeError(f"{fun}: cannot be used inside defn: a traced tensor "
                        f"({t.type.name}{list(t.shape)}) has no memory until the compiled "
                        f"program runs")
    if type(t.data) is Deallocated:
        raise RuntimeError(f"{fun}: " + str(t.data.error()))
    return t


def to_pointer(t: TensorLike, mode: str = "local") -> Pointer:
    """A `nx.Pointer` to the memory of tensor `t` (Nx.to_pointer/2): `mode="local"` for its
    address in this process, `"ipc"` for a copy in shared memory another process can open
    (see the module documentation for lifetimes).

        >>> t = nx.u8([10, 20, 30])
        >>> p = nx.to_pointer(t, mode="local")
        >>> p.kind, p.data_size, p.handle
        ('local', 3, None)
        >>> nx.from_pointer("numpy", p, "u8", (1, 3))
        nx.Tensor<
          u8[1][3]
          [
            [10, 20, 30]
          ]
        >
    """
    fun = "nx.to_pointer"
    if mode not in _MODES:
        raise ValueError(f"{fun}: expected mode to be one of {list(_MODES)}, got: {mode!r}")
    t = _tensor_arg(t, fun)
    d = t.data
    if type(d) is np.ndarray:
        arr = d
        if not arr.flags.c_contiguous:   # tensors are immutable: an equal C-ordered copy
            arr = np.ascontiguousarray(arr)
            arr.flags.writeable = False
            t.data = arr
        if mode == "local":
            address = arr.__array_interface__["data"][0]
            _register(address, arr, arr.nbytes)
            return Pointer(address=address, kind="local", data_size=int(arr.nbytes))
        return _ipc_export(arr, fun)
    platform = _platform(d)
    if mode == "local":
        try:
            address = d.unsafe_buffer_pointer()
        except Exception as e:  # noqa: BLE001 - jaxlib raises several kinds
            raise ValueError(f"{fun}: cannot get the address of the {platform} buffer: "
                             f"{e}") from None
        size = int(d.on_device_size_in_bytes())
        _register(address, d, size)
        return Pointer(address=address, kind="local", data_size=size)
    if platform != "cpu":
        raise ValueError(f"{fun}: IPC pointers are only supported for host memory (the "
                         f"\"numpy\" backend and the xla cpu platform), not for {platform} "
                         f"buffers: copy the tensor to the host first "
                         f"(nx.backend_copy(t, \"numpy\"))")
    return _ipc_export(np.ascontiguousarray(np.asarray(d)), fun)


def _platform(buf):
    try:
        (dev,) = buf.devices()
        return dev.platform
    except Exception:  # noqa: BLE001 - anything unusual is treated as host memory
        return "cpu"


def _shared_memory(fun):
    try:
        from multiprocessing import resource_tracker, shared_memory
    except ImportError as e:
        raise ValueError(f"{fun}: IPC pointers need shared memory, which this platform "
                         f"lacks: {e}") from None
    return shared_memory, resource_tracker


def _ipc_export(arr, fun):
    shared_memory, resource_tracker = _shared_memory(fun)
    size = int(arr.nbytes)
    try:
        shm = shared_memory.SharedMemory(create=True, size=max(size, 1))
    except OSError as e:
        raise ValueError(f"{fun}: cannot create a shared memory segment of {size} bytes: "
                         f"{e}") from None
    try:
        view = np.frombuffer(shm.buf, np.uint8, size)
        view[:] = arr.reshape(-1).view(np.uint8)
        del view
        name = shm.name
    finally:
        shm.close()
    # the segment must outlive this process's exit (the reader unlinks it): Python's
    # resource tracker would otherwise remove it when this process ends
    try:
        resource_tracker.unregister(getattr(shm, "_name", "/" + name), "shared_memory")
    except Exception:  # noqa: BLE001, S110 - the tracker is an implementation detail
        pass
    return Pointer(address=None, kind="ipc", data_size=size, handle=name)


def from_pointer(backend: str | tuple[str, dict[str, Any]], pointer: Pointer, type: TypeLike,
                 shape: ShapeLike, names: Names | None = None) -> Tensor:
    """A tensor of `type` and `shape` on `backend` ("numpy", "xla" or ("xla", {options}))
    from the memory `pointer` refers to (Nx.from_pointer/5): a local address or an IPC
    handle, as `to_pointer` returns. The pointer's `data_size`, when given, must be the
    tensor's size in bytes. Use with care: a local address of memory that is no longer alive
    can crash the process (see the module documentation).

        >>> t = nx.s32([1, 2, 3])
        >>> p = nx.to_pointer(t, mode="ipc")
        >>> p.kind, p.data_size
        ('ipc', 12)
        >>> nx.from_pointer("numpy", p, "s32", (1, 3), names=[None, "col"])
        nx.Tensor<
          s32[1][col: 3]
          [
            [1, 2, 3]
          ]
        >
    """
    fun = "nx.from_pointer"
    if not isinstance(pointer, Pointer):
        raise TypeError(f"{fun}: expected an nx.Pointer, got {type_name(pointer)}")
    from ._args import shape_arg
    shape = shape_arg(shape, fun)
    t = T.parse(type, fun=fun)
    names = normalize_names(names, len(shape), fun)
    backend = _backend(backend, fun)
    count = 1
    for s in shape:
        count *= s
    size = count * t.dtype.itemsize
    if pointer.data_size is not None and pointer.data_size != size:
        raise ValueError(f"{fun}: invalid pointer data_size for shape, expected: {size}, got: "
                         f"{pointer.data_size}")
    if pointer.kind == "local":
        return _from_local(backend, pointer, t, shape, names, size, fun)
    if pointer.kind == "ipc":
        return _from_ipc(backend, pointer, t, shape, names, size, fun)
    raise ValueError(f"{fun}: expected the pointer's kind to be \"local\" or \"ipc\", got: "
                     f"{pointer.kind!r}")


def type_name(x: Any) -> str:
    return f"{x.__class__.__name__}: {x!r:.80}"


def _backend(backend, fun):
    name = backend if isinstance(backend, str) else \
        backend[0] if isinstance(backend, tuple) and len(backend) == 2 else None
    if name not in ("numpy", "xla"):
        raise ValueError(f"{fun}: unknown backend {backend!r}, expected \"numpy\", \"xla\" or "
                         f"(\"xla\", options)")
    return backend


def _requested_platform(backend):
    if isinstance(backend, tuple):
        return backend[1].get("platform", "cpu")
    return "cpu"


def _from_local(backend, pointer, t, shape, names, size, fun):
    address = pointer.address
    if not isinstance(address, int) or isinstance(address, bool) or address <= 0:
        raise ValueError(f"{fun}: a local pointer needs a positive integer address, got "
                         f"{address!r}")
    owner, offset = _owner_of(address, size, fun)
    if owner is not None and not isinstance(owner, np.ndarray):
        # an xla buffer of this process
        same = (offset == 0 and owner.dtype == t.dtype and tuple(owner.shape) == shape)
        if same and backend != "numpy" and _platform(owner) == _requested_platform(backend):
            return Tensor(owner, shape, t, names)
        if _platform(owner) != "cpu":
            host = np.asarray(owner).reshape(-1).view(np.uint8)[offset:offset + size]
            return from_array(host.view(t.dtype).reshape(shape), t, names, backend)
    if isinstance(owner, np.ndarray):
        raw = owner.reshape(-1).view(np.uint8)[offset:offset + size]
        arr = raw.view(t.dtype).reshape(shape)
    else:
        if owner is None and _requested_platform(backend) != "cpu":
            raise ValueError(f"{fun}: a local address on the {_requested_platform(backend)} "
                             f"platform can only be read back from tensors of this process "
                             f"(to_pointer); {address} is not one of them")
        buf = (ctypes.c_char * size).from_address(address)
        if owner is not None:
            buf._nx_owner = owner   # the xla buffer stays alive as long as this view
        arr = np.frombuffer(buf, np.uint8, size).view(t.dtype).reshape(shape)
    arr.flags.writeable = False
    if backend == "numpy":
        return Tensor(arr, shape, t, names)
    return from_array(arr, t, names, backend)


def _from_ipc(backend, pointer, t, shape, names, size, fun):
    if not isinstance(pointer.handle, str) or not pointer.handle:
        raise ValueError(f"{fun}: an IPC pointer needs the shared memory segment's name as "
                         f"its handle, got {pointer.handle!r}")
    shared_memory, _ = _shared_memory(fun)
    try:
        shm = shared_memory.SharedMemory(name=pointer.handle)
    except (OSError, ValueError) as e:
        raise ValueError(f"{fun}: cannot open the shared memory segment "
                         f"{pointer.handle!r}: {e}") from None
    if shm.size < size:
        shm.close()
        raise ValueError(f"{fun}: the shared memory segment {pointer.handle!r} has "
                         f"{shm.size} bytes, fewer than the {size} the tensor needs")
    if backend != "numpy":
        try:
            host = np.frombuffer(shm.buf, np.uint8, size).view(t.dtype).reshape(shape).copy()
            return from_array(host, t, names, backend)
        finally:
            shm.close()
            _unlink(shm)
    fd = getattr(shm, "_fd", -1)
    if fd >= 0:
        # a mapping of our own (the array's memory: unmapped with the last array viewing it),
        # so the SharedMemory object can be closed now
        import mmap
        mem = mmap.mmap(fd, size) if size else b""
        shm.close()
    else:   # no file descriptor (Windows): the SharedMemory's own mapping
        mem = shm.buf
    arr = np.frombuffer(mem, np.uint8, size).view(t.dtype).reshape(shape)
    arr.flags.writeable = False
    # the segment's name is removed with the last array that views it (as EXLA's reader
    # does when its buffer is deleted)
    weakref.finalize(arr, _unlink, shm)
    return Tensor(arr, shape, t, names)


def _unlink(shm):
    try:
        shm.unlink()
    except (FileNotFoundError, OSError):
        pass
