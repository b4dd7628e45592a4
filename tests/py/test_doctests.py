"""Runs the examples in the docstrings of the public `nx` API (doctest format), so that every
documented example is also a test.

The expected outputs in the docstrings come from Nx's own documentation (ported to Python
syntax and to our printed form, which is Nx's), not from running this code.
"""
from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

import nx

MODULES = ["nx", "nx.ops", "nx.indexing", "nx.sorting", "nx.window", "nx.signal", "nx.structure",
           "nx.aggregates", "nx.shapes", "nx.serialization", "nx.npy", "nx.batching",
           "nx.heatmap", "nx.backends", "nx.sigils", "nx.constants", "nx.grad", "nx.control",
           "nx.defn", "nx.debug", "nx.containers", "nx.tensor", "nx.hooks", "nx.testing",
           "nx.composite", "nx.syntax", "nx.random", "nx.pointer", "nx.artifacts",
           "nx.linalg", "nx.graph", "nx.vectorize", "nx.serving", "nx.serving.api",
           "nx.serving.batch", "nx.serving.server", "nx.serving.request", "nx.serving.placement",
           "nx.serving.distributed", "nx.serving.callbacks", "nx.serving.telemetry",
           "nx.serving.options", "nx.serving.errors"]

_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _collect():
    finder = doctest.DocTestFinder(exclude_empty=True)
    seen = set()
    for name in MODULES:
        mod = importlib.import_module(name)
        for t in finder.find(mod, name, globs={}):
            if t.examples and t.name not in seen:
                seen.add(t.name)
                yield t


TESTS = sorted(_collect(), key=lambda t: t.name)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_docstring_example(test, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # examples that write files write them here
    test.globs = {"nx": nx, "np": np}
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
