"""The "Harnessing the Power of Math" chart values (seed 000's BerryFarm.profits and its
gradient at 100 points) and the three causes of their last-bit differences:

1. XLA's algebraic simplifier rewrites `pow(x, 3.0)` as `x * x * x` (two roundings); Nx with
   EXLA computed a pow (the seed's `x ** 3` values are correctly rounded). The pow lowering
   hides such integer constant exponents from the simplifier (dialects/nx/ops/elementwise.py).
2. Gradient contributions are added in Nx's order (`c1 + (c2 + ... cn)`, Nx.Defn.Grad's
   `Enum.reduce`), with Nx's pow rule `g * (y * x ** (y - 1))` (grad-expansion).
3. XLA's CPU code generator contracts `a * b + c` into fused multiply-adds on hosts with FMA;
   the seed's values are those of separate roundings. This one is a property of the XLA
   build and host (`XLA_FLAGS=--xla_cpu_max_isa=AVX` turns it off), not of the program.

The evaluator (no contraction) gives the seed's values exactly; so does XLA without FMA.
"""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys

import numpy as np
import pytest

import nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "..", "shared", "seeds", "000_49764eae78f2659f.txt")


def seed_values():
    if not os.path.exists(SEED):
        pytest.skip("the seeds are not in this checkout")
    with open(SEED) as f:
        specs = [json.loads(m) for m in re.findall(r'^(\{"\$schema".*\})$', f.read(),
                                                   flags=re.MULTILINE)]
    rows = specs[1]["data"]["values"]
    return (np.array([r["trees"] for r in rows], np.float32),
            np.array([r["profits"] for r in rows], np.float32),
            np.array([r["profits_derivative"] for r in rows], np.float32))


def profits(trees):
    return -((trees - 1) ** 4) + trees ** 3 + trees ** 2


def profits_derivative(trees):
    return nx.grad(trees, profits)


def test_the_seed_trees_are_linspace():
    trees, _, _ = seed_values()
    assert np.array_equal(nx.to_numpy(nx.linspace(0, 4, n=100)), trees)


def test_evaluator_gives_the_seed_values_exactly():
    _, p, d = seed_values()
    t = nx.linspace(0, 4, n=100)
    assert np.array_equal(nx.to_numpy(nx.jit(profits, compiler="evaluator")(t)), p)
    assert np.array_equal(nx.to_numpy(nx.jit(profits_derivative, compiler="evaluator")(t)), d)


def test_constant_integer_exponent_is_a_pow_not_a_product():
    x = np.random.default_rng(0).uniform(0.01, 5, 20000).astype(np.float32)
    const = nx.to_numpy(nx.jit(lambda t: t ** 3)(x))
    dynamic = nx.to_numpy(nx.jit(lambda t, e: t ** e)(x, nx.tensor(3.0)))
    product = x * x * x
    assert np.array_equal(const, dynamic)
    assert not np.array_equal(const, product)
    # the exact rewrites stay: x ** 2 is x * x
    assert np.array_equal(nx.to_numpy(nx.jit(lambda t: t ** 2)(x)), x * x)
    from nx.defn import trace_module
    from nx.runtime import compile_module
    hlo = compile_module(trace_module(lambda t: t ** 3, [nx.tensor(x)])[0]).hlo_text()
    assert "power(" in hlo


def test_gradient_contributions_add_in_nx_order():
    # d/dx (sin x + exp x + 3 x): contributions found last use first (3, exp x, cos x) and
    # added as Nx's Enum.reduce does: 3 + (exp x + cos x), not (3 + exp x) + cos x
    x = np.random.default_rng(1).uniform(-3, 3, 1000).astype(np.float32)
    g = nx.to_numpy(nx.jit(lambda t: nx.grad(t, lambda y: nx.sin(y) + nx.exp(y) + 3.0 * y),
                           compiler="evaluator")(x))
    xd = x.astype(np.float64)
    cos, exp = np.cos(xd).astype(np.float32), np.exp(xd).astype(np.float32)
    three = np.float32(3)
    assert np.array_equal(g, three + (exp + cos))
    assert not np.array_equal(g, (three + exp) + cos)   # the order matters for these inputs


def test_pow_gradient_at_zero_exponent_is_zero():
    # Nx's rule: exponent 1 where y == 0, so 0 ** 0 has slope 0 (not 0 * 0 ** -1 = NaN)
    for compiler in ("xla", "evaluator"):
        gx, gy = nx.jit(lambda a, b: nx.grad((a, b), lambda v: v[0] ** v[1]), compiler=compiler)(
            nx.tensor(0.0), nx.tensor(0.0))
        assert nx.to_number(gx) == 0.0 and nx.to_number(gy) == 0.0


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"),
                    reason="--xla_cpu_max_isa=AVX names an x86 instruction set")
def test_xla_without_fma_gives_the_seed_values_exactly(tmp_path):
    seed_values()
    code = f"""
import json, numpy as np, re, nx
with open({SEED!r}) as f:
    specs = [json.loads(m) for m in re.findall(r'^(\\{{"\\$schema".*\\}})$', f.read(), flags=re.M)]
rows = specs[1]["data"]["values"]
p = np.array([r["profits"] for r in rows], np.float32)
d = np.array([r["profits_derivative"] for r in rows], np.float32)
profits = nx.defn(lambda t: -((t - 1) ** 4) + t ** 3 + t ** 2)
t = nx.linspace(0, 4, n=100)
print(int((nx.to_numpy(profits(t)) != p).sum()),
      int((nx.to_numpy(nx.jit(lambda t: nx.grad(t, profits))(t)) != d).sum()))
"""
    env = dict(os.environ, XLA_FLAGS="--xla_cpu_max_isa=AVX", NXC_DISK_CACHE="0",
               NXC_CACHE_DIR=str(tmp_path))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=300, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == ["0", "0"]
