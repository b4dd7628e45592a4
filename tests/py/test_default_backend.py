"""Default backends (Nx 0.10): nx.default_backend (this thread's, as Nx's is the current
process's), nx.global_default_backend, nx.with_default_backend as a context manager or with a
function, and backends with options: ("xla", {"platform": ..., "device": ...})."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import nx
from nx.runtime import pjrt


def _in_a_new_thread(fun):
    out = []
    th = threading.Thread(target=lambda: out.append(fun()))
    th.start()
    th.join()
    return out[0]


@pytest.fixture
def restore():
    prev_global = nx.global_default_backend()
    prev = nx.default_backend()
    yield
    nx.global_default_backend(prev_global)
    nx.default_backend(prev)


def test_default_backend_is_per_thread(restore):
    assert nx.default_backend("xla") == "numpy"
    assert nx.tensor(1).backend == "xla"
    # another thread has not set one: it uses the global default
    assert _in_a_new_thread(lambda: (nx.default_backend(), nx.tensor(1).backend)) == \
        ("numpy", "numpy")
    assert nx.default_backend("numpy") == "xla"


def test_global_default_backend(restore):
    assert nx.global_default_backend("xla") == "numpy"
    assert nx.global_default_backend() == "xla"
    assert _in_a_new_thread(lambda: nx.tensor(1).backend) == "xla"
    # this thread set its own default (the test fixtures do): it wins, as in Nx
    nx.default_backend("numpy")
    assert nx.tensor(1).backend == "numpy"
    assert nx.global_default_backend("numpy") == "xla"


def test_with_default_backend_as_a_context_and_with_a_function(restore):
    with nx.with_default_backend("xla") as scope:
        assert nx.tensor(1).backend == "xla"
        with scope:                                # re-entrant
            assert nx.default_backend() == "xla"
        with nx.with_default_backend("numpy"):
            assert nx.tensor(1).backend == "numpy"
        assert nx.default_backend() == "xla"
    assert nx.default_backend() == "numpy"
    assert nx.with_default_backend("xla", lambda: nx.tensor([1, 2]).backend) == "xla"
    assert nx.default_backend() == "numpy"
    with pytest.raises(ZeroDivisionError):
        nx.with_default_backend("xla", lambda: 1 / 0)
    assert nx.default_backend() == "numpy"        # restored after an error too
    with pytest.raises(TypeError, match="nx.with_default_backend: expected a function"):
        nx.with_default_backend("xla", 3)


def test_a_thread_without_its_own_default_goes_back_to_the_global_one(restore):
    def run():
        with nx.with_default_backend("xla"):
            inner = nx.tensor(1).backend
        nx.global_default_backend("xla")
        return inner, nx.tensor(1).backend        # unset again: follows the global default
    assert _in_a_new_thread(run) == ("xla", "xla")


def test_backend_with_options(restore):
    prev = nx.default_backend(("xla", {"platform": "cpu", "device": 0}))
    assert prev == "numpy"
    assert nx.default_backend() == ("xla", {"platform": "cpu", "device": 0})
    t = nx.tensor([1.0, 2.0])
    assert t.backend == "xla"
    assert nx.to_list(nx.jit(lambda x: x * 2)(t)) == [2.0, 4.0]
    assert nx.to_list(t + 1) == [2.0, 3.0]
    assert nx.default_backend(("xla", {})) == ("xla", {"platform": "cpu", "device": 0})
    assert nx.default_backend() == "xla"           # no options: the plain name
    assert nx.default_backend(("numpy", {})) == "xla"
    assert nx.default_backend() == "numpy"
    t = nx.tensor([1, 2], backend=("xla", {"platform": "cpu"}))
    assert t.backend == "xla"
    nx.global_default_backend(("xla", {"platform": "cpu"}))
    assert _in_a_new_thread(lambda: nx.tensor(1).backend) == "xla"
    # what default_backend returns can be given back, and is a copy
    nx.default_backend(("xla", {"device": 0}))
    got2 = nx.default_backend()
    got2[1]["device"] = 5
    assert nx.default_backend() == ("xla", {"platform": "cpu", "device": 0})


def test_backend_option_errors(restore):
    with pytest.raises(ValueError, match=r"nx.default_backend: unknown backend 'gpu'"):
        nx.default_backend("gpu")
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['client'\] for the 'xla' backend"):
        nx.default_backend(("xla", {"client": "host"}))
    with pytest.raises(ValueError, match="the 'numpy' backend takes no options"):
        nx.default_backend(("numpy", {"device": 0}))
    with pytest.raises(ValueError, match="unknown platform 'metal'"):
        nx.default_backend(("xla", {"platform": "metal"}))
    for bad in (-1, 1.0, True, "0"):
        with pytest.raises(ValueError, match="device must be a non-negative integer"):
            nx.default_backend(("xla", {"device": bad}))
    n = len(pjrt.client("cpu").local_devices())
    with pytest.raises(ValueError, match=f"platform 'cpu' has .*there is no device {n}"):
        nx.with_default_backend(("xla", {"platform": "cpu", "device": n}))
    with pytest.raises(TypeError, match="expected a backend name"):
        nx.global_default_backend(3)
    with pytest.raises(TypeError, match="expected a backend name"):
        nx.default_backend(("xla", "cpu"))
    with pytest.raises(ValueError, match="nx.tensor: unknown backend"):
        nx.tensor(1, backend="gpu")
    assert nx.default_backend() == "numpy" and nx.global_default_backend() == "numpy"


@pytest.mark.skipif("cuda" in pjrt.available_platforms(), reason="this machine has CUDA")
def test_cuda_backend_without_cuda_is_a_clear_error(restore):
    with pytest.raises(RuntimeError, match="nx.default_backend: platform 'cuda' is not "
                                           "available on this machine"):
        nx.default_backend(("xla", {"platform": "cuda", "device": 1}))
    assert nx.default_backend() == "numpy"


_OTHER_DEVICE = r'''
import numpy as np
import nx
from nx.runtime import pjrt
assert len(pjrt.client("cpu").local_devices()) == 2
x = np.arange(6, dtype=np.float32).reshape(2, 3)
a0 = nx.tensor(x)                       # host, the default backend
prev = nx.default_backend(("xla", {"platform": "cpu", "device": 1}))
a1 = nx.tensor(x)
assert pjrt.device_index(pjrt.device_of(a1.data)) == 1
f = nx.jit(lambda t: nx.sum(nx.exp(t) * 2, axes=[1]))
r = f(a1)
assert pjrt.device_index(pjrt.device_of(r.data)) == 1, r.data.devices()
np.testing.assert_allclose(r.to_numpy(), (np.exp(x.astype(np.float64)) * 2).sum(1), rtol=1e-6)
e = nx.add(a1, 1.0)                     # an eager op on device 1
assert pjrt.device_index(pjrt.device_of(e.data)) == 1
np.testing.assert_array_equal(e.to_numpy(), x + 1)
h = f(a0)                               # a host tensor goes to the default device (1)
assert pjrt.device_index(pjrt.device_of(h.data)) == 1
nx.default_backend(prev)
b0 = nx.tensor(x, backend="xla")        # device 0
try:
    nx.jit(lambda s, t: s + t)(b0, a1)
except ValueError as err:
    assert "different devices" in str(err) and "cpu:0" in str(err) and "cpu:1" in str(err), err
else:
    raise AssertionError("tensors on two devices were accepted")
r0 = f(b0)
assert pjrt.device_index(pjrt.device_of(r0.data)) == 0
print("ok")
'''


def test_default_backend_on_another_device():
    # tensors on another device (the CPU's device 1 of 2 forced host devices, as a CUDA
    # device is used): created under a default backend with a device option, nx.jit and eager
    # ops run there and their results stay there; mixing devices is a clear error
    import os
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2")
    r = subprocess.run([sys.executable, "-c", _OTHER_DEVICE], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stdout + r.stderr[-3000:]
