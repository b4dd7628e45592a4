"""Every example script runs and prints what the seeds print (key values checked here)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")


def run_example(name):
    env = dict(os.environ)
    env["PYTHONPATH"] = EXAMPLES + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, name)], capture_output=True,
                       text=True, env=env, cwd=EXAMPLES, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def squash(text):
    return " ".join(text.split())


def test_demo():
    out = run_example("demo.py")
    assert "softmax over features" in out


def test_automatic_differentiation_guide():
    out = squash(run_example("automatic_differentiation.py"))
    # Math.f(x) and Math.grad_f(x)
    assert squash("""s32[3][2] [ [2, 2], [10, 30], [130, 520] ]""") in out
    assert squash("""f32[3][2] [ [4.0, 4.0], [13.0, 28.0], [76.0, 193.0] ]""") in out
    # debug_expr of f
    assert "b = pow a, 3 s32[3][2] c = add b, a s32[3][2]" in out
    # grad({x, y, z}, add_multiply): z * (x + y)
    assert squash("""(nx.Tensor< f32[2] [5.0, 6.0] >, nx.Tensor< f32[2] [5.0, 6.0] >,
                      nx.Tensor< f32[2] [4.0, 6.0] >)""") in out
    # value_and_grad with a transform returns the untransformed values
    assert squash("""((nx.Tensor< s32[3][2] [ [1, 1], [8, 27], [125, 512] ] >,""") in out


CHECKED = {"demo.py", "automatic_differentiation.py"}   # run with their own checks above


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(EXAMPLES)
                                        if n.endswith(".py") and n not in CHECKED))
def test_every_other_example_runs(name):
    run_example(name)
