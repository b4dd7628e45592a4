#!/usr/bin/env python
"""Vectorization benchmark: a per-entry function on a vectorized input under `nx.jit`, vs the
same computation written by hand with an explicit batch axis (nx), vs `jax.jit(jax.vmap(f))`.

    python benchmarks/vectorize_bench.py            # full run
    python benchmarks/vectorize_bench.py --quick    # smoke run
    python benchmarks/vectorize_bench.py --json out.json

Workloads (256 entries each, f32):
- `normalize`: the seeds' `Example.normalize` (min-max scaling of each entry, f32[512]);
- `mlp`: a two-layer tanh MLP applied to each entry (f32[128] -> 256 -> 64) with a per-entry
  softmax;
- `standardize_dot`: the `benchmarks/run.py` workload (tanh(x @ w), centred and scaled).

Steady state: device-resident inputs, compiled and warmed up; each sample is the time per
call of a batch of calls; implementations run interleaved (every order of them in turn) and the
table shows medians and the ratios of medians. `vec/hand` is the cost of vectorization (target:
at most 1.05x); `vec/vmap` compares with JAX.
"""
from __future__ import annotations

import os

os.environ["NXC_DISK_CACHE"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import (  # noqa: E402
    Cfg,
    Env,
    Result,
    compare_vectorized,
    fmt_r,
    fmt_t,
    print_problems,
    standardize_dot_workload,
)

ENTRIES = 256


def workload_normalize(env):
    nx, jnp = env.nx, env.jnp
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((ENTRIES, 512)).astype(np.float32)

    def per_entry(t):                     # Example.normalize, one entry f32[512]
        mn = nx.reduce_min(t)
        z = nx.subtract(t, mn)
        return nx.divide(z, nx.reduce_max(z))

    def by_hand(t):                       # the batch axis written out: f32[256, 512]
        mn = nx.reduce_min(t, axes=[1], keep_axes=True)
        z = nx.subtract(t, mn)
        return nx.divide(z, nx.reduce_max(z, axes=[1], keep_axes=True))

    def per_entry_j(t):
        z = t - jnp.min(t)
        return z / jnp.max(z)
    return ("normalize", "Example.normalize (min-max scaling) per entry, 256 entries of f32[512]",
            per_entry, by_hand, per_entry_j, [xs])


def workload_mlp(env):
    nx, jnp = env.nx, env.jnp
    rng = np.random.default_rng(1)
    w1 = (rng.standard_normal((128, 256)) / 11).astype(np.float32)
    b1 = (rng.standard_normal((256,)) / 10).astype(np.float32)
    w2 = (rng.standard_normal((256, 64)) / 16).astype(np.float32)
    b2 = (rng.standard_normal((64,)) / 10).astype(np.float32)
    xs = rng.standard_normal((ENTRIES, 128)).astype(np.float32)
    W1, B1, W2, B2 = (env.nx_dev(a) for a in (w1, b1, w2, b2))

    def per_entry(x):                     # one entry: f32[128] -> f32[64]
        h = nx.tanh(nx.dot(x, W1) + B1)
        o = nx.dot(h, W2) + B2
        e = nx.exp(o - nx.reduce_max(o))
        return e / nx.sum(e)

    def by_hand(x):                       # f32[256, 128] -> f32[256, 64]
        h = nx.tanh(nx.dot(x, W1) + B1)
        o = nx.dot(h, W2) + B2
        e = nx.exp(o - nx.reduce_max(o, axes=[1], keep_axes=True))
        return e / nx.sum(e, axes=[1], keep_axes=True)

    def per_entry_j(x):
        h = jnp.tanh(x @ w1 + b1)
        o = h @ w2 + b2
        e = jnp.exp(o - jnp.max(o))
        return e / jnp.sum(e)
    return ("mlp", "2-layer tanh MLP + softmax per entry, f32[128] -> 256 -> 64, 256 entries",
            per_entry, by_hand, per_entry_j, [xs])


def workload_standardize_dot(env):
    return ("standardize_dot", "tanh(x @ w) centred and scaled per entry, 256 entries of f32[64]",
            *standardize_dot_workload(env, ENTRIES))


WORKLOADS = [workload_normalize, workload_mlp, workload_standardize_dot]


def bench(env, cfg, workload):
    name, what, per_entry, by_hand, per_entry_j, arrays = workload(env)
    return compare_vectorized(env, cfg, Result(name, what, "per call"), per_entry, by_hand,
                              per_entry_j, arrays, keys=("vec", "hand", "vmap"))


def _paired(res, a, b):
    p = res.paired(a, b)
    if p is None or len(res.samples.get(a) or []) < 4:
        return "n/a"
    return f"{p[0]:.3f}x [{p[1]:.3f}, {p[2]:.3f}]"


def table(results):
    lines = ["| workload | nx vectorized | nx by hand | jax.vmap | vec/hand "
             "| paired vec/hand [q1, q3] | vec/vmap | reps | check |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        reps = "/".join(str(len(r.samples.get(k, []))) for k in ("vec", "hand", "vmap"))
        lines.append(f"| {r.name} | {fmt_t(r.median('vec'))} | {fmt_t(r.median('hand'))} | "
                     f"{fmt_t(r.median('vmap'))} | {fmt_r(r.ratio('vec', 'hand'))} | "
                     f"{_paired(r, 'vec', 'hand')} | {fmt_r(r.ratio('vec', 'vmap'))} | {reps} | "
                     f"{r.check or '—'} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    ap.add_argument("--json", help="also write every raw sample to this file")
    args = ap.parse_args(argv)
    cfg = Cfg(args.quick)
    env = Env()
    import jax
    cmd = "python benchmarks/vectorize_bench.py" + (" --quick" if args.quick else "")
    print(f"# vectorization benchmark: `{cmd}`")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, jax {jax.__version__}, "
          f"device {jax.devices()[0]}, {ENTRIES} entries per call\n")
    results = [bench(env, cfg, w) for w in WORKLOADS]
    print(table(results))
    print_problems(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"name": r.name, "what": r.what, "samples_s": r.samples,
                        "median_s": {k: r.median(k) for k in r.samples},
                        "check": r.check, "errors": r.errors} for r in results], f, indent=1)
    bad = [r.name for r in results if r.check != "ok" or r.errors]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
