"""nx.to_pointer / nx.from_pointer (Nx.Pointer, Nx 0.10's to_pointer/2 and from_pointer/5):
local pointers on both backends, IPC through shared memory (also across processes), and the
errors they raise."""
from __future__ import annotations

import gc
import subprocess
import sys

import numpy as np
import pytest

import nx


def test_doc_examples():
    # Nx.to_pointer/2's examples: a local pointer to u8[3], an IPC handle to s32[3]
    p = nx.to_pointer(nx.u8([10, 20, 30]), mode="local")
    assert isinstance(p, nx.Pointer) and p.kind == "local" and p.data_size == 3
    assert isinstance(p.address, int) and p.address > 0 and p.handle is None
    q = nx.to_pointer(nx.s32([1, 2, 3]), mode="ipc")
    assert q.kind == "ipc" and q.data_size == 12 and isinstance(q.handle, str)
    # Nx.from_pointer/5's: s32[1][3], with names
    t = nx.from_pointer("numpy", q, "s32", (1, 3), names=[None, "col"])
    assert t.shape == (1, 3) and t.names == (None, "col") and t.tolist() == [[1, 2, 3]]


def test_default_mode_is_local():
    assert nx.to_pointer(nx.tensor([1.0])).kind == "local"


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_local_round_trip(backend):
    src = nx.tensor([[1.5, -2.0], [3.25, 4.0]], backend=backend)
    p = nx.to_pointer(src)
    assert p.data_size == 16
    for to in ("numpy", "xla"):
        t = nx.from_pointer(to, p, "f32", (2, 2))
        assert t.backend == to and t.tolist() == [[1.5, -2.0], [3.25, 4.0]]
    # the same memory read as another type and shape
    raw = nx.from_pointer("numpy", p, "u8", (16,))
    assert bytes(raw.tolist()) == np.float32([[1.5, -2.0], [3.25, 4.0]]).tobytes()


def test_numpy_local_pointer_shares_and_keeps_the_memory_alive():
    src = nx.tensor(np.arange(6, dtype=np.int16))
    p = nx.to_pointer(src)
    view = nx.from_pointer("numpy", p, "s16", (2, 3))
    assert view.to_numpy().ctypes.data == p.address        # no copy
    del src
    gc.collect()
    assert view.tolist() == [[0, 1, 2], [3, 4, 5]]          # still alive


def test_xla_local_pointer_is_the_buffer_address():
    src = nx.tensor([1, 2, 3], backend="xla")
    p = nx.to_pointer(src)
    assert p.address == src.data.unsafe_buffer_pointer() and p.data_size == 12
    same = nx.from_pointer("xla", p, "s32", (3,))
    assert same.data is src.data                            # the very same buffer
    other = nx.from_pointer("xla", p, "u32", (3,))
    assert other.tolist() == [1, 2, 3] and other.type == "u32"


def test_foreign_memory():
    a = np.arange(4, dtype=np.int16)   # memory nx did not hand out: the caller keeps it alive
    p = nx.Pointer(address=a.ctypes.data, kind="local", data_size=8)
    assert nx.from_pointer("numpy", p, "s16", (2, 2)).tolist() == [[0, 1], [2, 3]]
    assert nx.from_pointer("xla", p, "s16", (4,)).tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_ipc_round_trip_and_release(backend):
    p = nx.to_pointer(nx.tensor([1.0, 2.0, 3.0], backend=backend), mode="ipc")
    t = nx.from_pointer(backend, p, "f32", (3,))
    assert t.tolist() == [1.0, 2.0, 3.0]
    del t
    gc.collect()
    # the reader released the segment (as EXLA's reader does): the handle is gone
    with pytest.raises(ValueError, match="cannot open the shared memory segment"):
        nx.from_pointer(backend, p, "f32", (3,))


def test_ipc_across_processes():
    p = nx.to_pointer(nx.tensor([[1, 2], [3, 4]], type="s64"), mode="ipc")
    code = (f"import nx; p = nx.Pointer(kind='ipc', handle={p.handle!r}, "
            f"data_size={p.data_size}); "
            f"print(nx.to_list(nx.from_pointer('numpy', p, 's64', (2, 2))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "[[1, 2], [3, 4]]"
    assert "leaked" not in r.stderr


def test_errors():
    t = nx.u8([1, 2, 3])
    p = nx.to_pointer(t)
    with pytest.raises(ValueError, match=r"expected mode to be one of \['local', 'ipc'\]"):
        nx.to_pointer(t, mode="cuda_ipc")
    with pytest.raises(ValueError, match="invalid pointer data_size for shape, expected: 4, "
                                         "got: 3"):
        nx.from_pointer("numpy", p, "u8", (4,))
    with pytest.raises(ValueError, match="unknown backend"):
        nx.from_pointer("torch", p, "u8", (3,))
    with pytest.raises(TypeError, match="expected an nx.Pointer"):
        nx.from_pointer("numpy", p.address, "u8", (3,))
    with pytest.raises(TypeError, match="unknown type"):
        nx.from_pointer("numpy", p, "x7", (3,))
    with pytest.raises(ValueError, match="positive integer address"):
        nx.from_pointer("numpy", nx.Pointer(kind="local"), "u8", (3,))
    with pytest.raises(ValueError, match="kind"):
        nx.from_pointer("numpy", nx.Pointer(address=p.address, kind="cuda"), "u8", (3,))
    with pytest.raises(TypeError, match="cannot be used inside defn"):
        nx.jit(lambda x: nx.to_pointer(x))(t)
    d = nx.tensor([1, 2], backend="xla")
    nx.backend_deallocate(d)
    with pytest.raises(RuntimeError, match="deallocated"):
        nx.to_pointer(d)


def test_deallocated_xla_memory_is_not_read():
    d = nx.tensor([1, 2], backend="xla")
    p = nx.to_pointer(d)
    nx.backend_deallocate(d)
    with pytest.raises(RuntimeError, match="deallocated"):
        nx.from_pointer("xla", p, "s32", (2,))
