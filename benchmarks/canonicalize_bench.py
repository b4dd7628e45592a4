"""Rewrite-driver scaling: `canonicalize` on op chains of growing length, and a one-pattern
pass through `apply_patterns`, timed per op. Linear means a flat time-per-op column.

    python benchmarks/canonicalize_bench.py [--reps 3] [--sizes 1000,10000,100000]
                                            [--pattern-sizes 5000,20000]

Each program is parsed from generated text (parsing is not timed); the time is the pass alone
(`PassManager(..., verify_each=False)`), the median of --reps runs, each on a fresh parse.

The canonicalize chain repeats a 10-op unit whose output feeds the next unit: a double negate
and an `x * 1` (simplified away), a repeated `exp` (merged by CSE), an integer sum of two
constants (folded), a transpose pair (composed away), and a dead `sin` (removed by DCE). The
pattern chain alternates `exp` and `negate(negate(...))` and runs the documentation's
`DoubleNegate` pattern (docs/examples/fold_double_negate.py) alone: one rewrite per three ops.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "docs", "examples"))

UNIT = 10   # ops per unit of the canonicalize chain


def canonicalize_chain(n_ops):
    """An `n_ops`-op function (about) for canonicalize: every unit simplifies, folds, merges and
    dies somewhere."""
    t = "tensor<2x2xf32>"
    lines = [f"func.func @main(%arg0: {t}, %arg1: tensor<2xi32>) -> ({t}, tensor<2xi32>) {{",
             "  %one = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>",
             "  %k = nx.constant {value = dense<[3, 4]> : tensor<2xi32>} : () -> tensor<2xi32>"]
    h, acc = "%arg0", "%arg1"
    for i in range(max(1, n_ops // UNIT)):
        p = f"%u{i}_"
        lines += [
            f"  {p}a = nx.negate {h} : {t}",
            f"  {p}b = nx.negate {p}a : {t}",
            f"  {p}c = nx.multiply {p}b, %one : ({t}, tensor<f32>) -> {t}",
            f"  {p}d = nx.exp {p}c : {t}",
            f"  {p}e = nx.exp {p}c : {t}",
            f"  {p}f = nx.add {p}d, {p}e : {t}",
            f"  {p}g = nx.transpose {p}f {{axes = array<i64: 1, 0>}} : {t}",
            f"  {p}h = nx.transpose {p}g {{axes = array<i64: 1, 0>}} : {t}",
            f"  {p}s = nx.sin {p}h : {t}",
            f"  {p}k = nx.add %k, %k : tensor<2xi32>",
            f"  {p}acc = nx.add {acc}, {p}k : tensor<2xi32>",
        ]
        h, acc = f"{p}h", f"{p}acc"
    lines += [f"  return {h}, {acc} : {t}, tensor<2xi32>", "}"]
    return "\n".join(lines) + "\n"


def pattern_chain(n_ops):
    """`n_ops` ops: exp, negate, negate, exp, ... (each double negate is one rewrite)."""
    t = "tensor<4xf32>"
    lines = [f"func.func @main(%arg0: {t}) -> {t} {{"]
    h = "%arg0"
    for i in range(max(1, n_ops // 3)):
        lines += [f"  %e{i} = nx.exp {h} : {t}", f"  %n{i} = nx.negate %e{i} : {t}",
                  f"  %m{i} = nx.negate %n{i} : {t}"]
        h = f"%m{i}"
    lines += [f"  return {h} : {t}", "}"]
    return "\n".join(lines) + "\n"


def count_ops(module):
    from nx.compiler.ir import walk
    return sum(1 for _ in walk(module.main.body))


def time_pass(text, pipeline, reps):
    from nx.compiler.parser import parse_module
    from nx.compiler.passes import PassManager
    times, before, after = [], 0, 0
    for _ in range(reps):
        m = parse_module(text)
        before = count_ops(m)
        pm = PassManager(pipeline, verify_each=False)
        t0 = time.perf_counter()
        m = pm.run(m)
        times.append(time.perf_counter() - t0)
        after = count_ops(m)
    return statistics.median(times), before, after


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--pattern-sizes", default="5000,20000")
    a = ap.parse_args(argv)
    import fold_double_negate as ex
    rows = []
    for n in [int(s) for s in a.sizes.split(",") if s]:
        t, before, after = time_pass(canonicalize_chain(n), "canonicalize", a.reps)
        rows.append(("canonicalize", before, after, t))
    for n in [int(s) for s in a.pattern_sizes.split(",") if s]:
        t, before, after = time_pass(pattern_chain(n), [ex.DoubleNegate()], a.reps)
        rows.append(("apply_patterns(DoubleNegate)", before, after, t))
    print(f"Rewrite driver scaling (median of {a.reps}; the pass alone, parsing not timed)\n")
    print("| pass | ops in | ops out | time (ms) | time per op (µs) |")
    print("|---|---:|---:|---:|---:|")
    for name, before, after, t in rows:
        print(f"| {name} | {before} | {after} | {t * 1e3:.1f} | {t / before * 1e6:.2f} |")


if __name__ == "__main__":
    main()
