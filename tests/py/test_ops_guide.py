"""docs/ops.md: adding an op is one definition (docs/examples/softsign_op.py) plus one test,
this one. It runs in a fresh process, as a user's program would, so that the example op does
not join the registry of this test session. Expected values come from NumPy in f64 and from
central finite differences, never from nx."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = r'''
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import nx
from softsign_op import softsign
from nx.dialects.nx.registry import FACETS, OPS

d = OPS["softsign"]
assert all(getattr(d, f) is not None for f in FACETS), "a facet is missing"

x = np.array([-3.0, -0.5, 0.0, 0.25, 2.0], np.float32)
want = (x.astype(np.float64) / (1 + np.abs(x.astype(np.float64)))).astype(np.float32)

# eager numpy and xla backends, jit with XLA and with the evaluator
outs = [softsign(nx.tensor(x)),
        softsign(nx.backend_transfer(nx.tensor(x), "xla")),
        nx.jit(softsign)(nx.tensor(x)),
        nx.jit(softsign, compiler="evaluator")(nx.tensor(x))]
for o in outs:
    np.testing.assert_allclose(o.to_numpy(), want, rtol=2e-7, atol=0)

# the gradient against central finite differences in f64
def f64(v):
    return v / (1 + np.abs(v))
xs = np.array([-3.0, -0.5, 0.25, 2.0])
h = 1e-6
fd = (f64(xs + h) - f64(xs - h)) / (2 * h)
for compiler in ("xla", "evaluator"):
    g = nx.jit(nx.grad(lambda t: nx.sum(softsign(t))), compiler=compiler)(
        nx.tensor(xs, type="f64"))
    np.testing.assert_allclose(g.to_numpy(), fd, rtol=1e-8)

# vectorized: the same as row by row
m = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
v = nx.jit(softsign)(nx.vectorize(nx.tensor(m), "rows"))
assert v.vectorized_axes == (("rows", 2),), v.vectorized_axes
np.testing.assert_allclose(nx.devectorize(v).to_numpy(), f64(m.astype(np.float64)), rtol=2e-7)

# bad input: the shape rule's error, eagerly and under jit
for run in (softsign, nx.jit(softsign)):
    try:
        run(nx.tensor([1, 2]))
    except TypeError as e:
        assert "nx.softsign: expected a floating-point tensor, got s32" in str(e), e
    else:
        raise AssertionError("an integer operand was accepted")

# the IR shows the op; its text form parses back
from nx.compiler.parser import parse_module
from nx.compiler.printer import print_module
text = print_module(nx.jit(softsign).lower(nx.tensor(x)))
assert "nx.softsign" in text, text
assert print_module(parse_module(text)) == text
print("ok")
'''


def test_the_guide_op_in_a_fresh_process():
    env = dict(os.environ, PYTHONPATH="")
    r = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT / "docs" / "examples")],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stdout + r.stderr
