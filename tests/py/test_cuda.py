"""Runs a defn on a CUDA PJRT client when one is available; skips cleanly otherwise."""
from __future__ import annotations

import numpy as np
import pytest

import nx
from nx.runtime import pjrt


def _cuda_available():
    try:
        return "cuda" in pjrt.available_platforms()
    except Exception:  # noqa: BLE001 - any failure to probe means: no CUDA here
        return False


def test_available_platforms_lists_cpu():
    assert "cpu" in pjrt.available_platforms()


@pytest.mark.skipif(not _cuda_available(), reason="no CUDA PJRT client on this machine")
def test_defn_runs_on_cuda():
    from nx.defn import trace_module
    from nx.runtime import compile_module

    def fun(x, y):
        return nx.sum(nx.exp(x) * y, axes=[1])

    x = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
    y = np.float32([1.0, -2.0, 0.5])
    module, _, _ = trace_module(fun, [nx.template((2, 3), "f32"), nx.template((3,), "f32")])
    exe = compile_module(module, platform="cuda")
    assert exe.platform == "cuda"
    dev = pjrt.device("cuda")
    out = exe([pjrt.to_device(x, dev), pjrt.to_device(y, dev)])
    got = np.asarray(out[0])
    np.testing.assert_allclose(got, (np.exp(x.astype(np.float64)) * y).sum(1), rtol=1e-5)
