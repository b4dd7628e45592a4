"""Shared helpers of the example tests (test_examples.py, test_examples_guides.py): run an
example script or notebook, and compare its output with the seeds' printed blocks."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")


def example_env(tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = EXAMPLES + os.pathsep + env.get("PYTHONPATH", "")
    env["NX_EXAMPLES_OUTPUT"] = str(tmp_path)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run_example(name, tmp_path=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = EXAMPLES + os.pathsep + env.get("PYTHONPATH", "")
    if tmp_path is not None:
        env = example_env(tmp_path)
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, name)], capture_output=True,
                       text=True, env=env, cwd=EXAMPLES, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def run_notebook(name, tmp_path):
    """Executes examples/<name> headless; returns its text output (streams and text/plain
    results, in cell order) and the notebook."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(os.path.join(EXAMPLES, name), as_version=4)
    old = os.environ.get("NX_EXAMPLES_OUTPUT")
    os.environ["NX_EXAMPLES_OUTPUT"] = str(tmp_path)   # the kernel inherits the environment
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": EXAMPLES}}).execute()
    finally:
        if old is None:
            os.environ.pop("NX_EXAMPLES_OUTPUT", None)
        else:
            os.environ["NX_EXAMPLES_OUTPUT"] = old
    text = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream" and o.name == "stdout":
                text.append(o.text)
            elif o.output_type == "execute_result":
                text.append(o.data.get("text/plain", "") + "\n")
    return "".join(text), nb


def squash(text):
    return " ".join(text.split())


def seed_tensors(text, old_nx=False):
    """The `#Nx.Tensor<...>` blocks of a seed excerpt, normalised to our repr and squashed."""
    blocks = []
    for body in re.findall(r"#Nx\.Tensor<(.*?)>", text, flags=re.S):
        body = squash(body.replace("EXLA.Backend", ""))
        if old_nx:
            body = body.replace("s64", "s32")
        blocks.append(f"nx.Tensor< {body} >")
    assert blocks, "no tensor in the seed excerpt"
    return blocks


def expect_in_order(out, expected):
    """Each expected (squashed) text appears in the squashed output, after the previous one."""
    out = squash(out)
    pos = 0
    for e in expected:
        e = squash(e)
        i = out.find(e, pos)
        assert i >= 0, f"not found (in order) in the output: {e}\n--- output from there:\n" \
                       f"{out[pos:pos + 2000]}"
        pos = i + len(e)


def expect_seed(out, text, old_nx=False):
    expect_in_order(out, seed_tensors(text, old_nx))


def tensor_block(type_shape, values):
    """Our repr of a tensor (squashed) from a NumPy value, for values the seeds do not print."""
    v = np.asarray(values)

    def fmt(a):
        if a.ndim == 0:
            return str(a.item())
        if a.ndim == 1:
            return "[" + ", ".join(fmt(x) for x in a) + "]"
        return "[ " + ", ".join(fmt(x) for x in a) + " ]"     # rows on their own lines
    return f"nx.Tensor< {type_shape} {fmt(v)} >"
