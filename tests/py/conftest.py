"""Test-session setup.

The compilation cache goes to a per-session temporary folder, set before `nx` is imported,
so a test run never writes to ~/.cache/nxc. With pytest-xdist the controller process creates
the folder and the workers inherit it through the environment; the process that created it
removes it at exit.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_MARK = "_NXC_TEST_SESSION_CACHE_DIR"

if os.environ.get(_MARK) and os.environ.get("NXC_CACHE_DIR") == os.environ[_MARK]:
    pass  # an xdist worker: share the controller's folder
else:
    _dir = tempfile.mkdtemp(prefix="nxc-test-cache-")
    os.environ["NXC_CACHE_DIR"] = _dir
    os.environ[_MARK] = _dir
    _owner = os.getpid()

    def _cleanup(path=_dir, owner=_owner):
        if os.getpid() == owner:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(_cleanup)

# Tests verify the IR after every pass, built-in ones too (nx.jit verifies around user passes
# by default; ARCHITECTURE.md: "--verify-each, on by default in tests")
os.environ.setdefault("NXC_VERIFY_EACH", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nx  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _restore_global_defaults():
    """Tests that change the default backend or defn options must not leak into others."""
    backend = nx.default_backend()
    opts = nx.default_defn_options()
    yield
    nx.default_backend(backend)
    nx.default_defn_options(**opts)


@pytest.fixture
def rng():
    return np.random.default_rng(0)
