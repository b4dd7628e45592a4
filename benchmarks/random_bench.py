#!/usr/bin/env python
"""nx.random.normal vs jax.random.normal: 1e7 f32 samples from a Threefry key, steady state.

    python benchmarks/random_bench.py            # 1e7 samples, 15 repetitions
    python benchmarks/random_bench.py --n 1000000 --reps 30

Both functions are compiled once (nx.jit on the xla backend, jax.jit) and then timed,
interleaved (nx, JAX, JAX with the original threefry counter layout, which is the one Nx
uses, then again), blocking on the result each time. Prints a markdown table row per peer
with the medians in milliseconds and the ratio nx/peer (lower is better for nx).
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import nx  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    n = args.n

    f_nx = nx.jit(lambda k: nx.random.normal(k, shape=(n,))[0])
    k_nx = nx.tensor(np.array([0, 42], np.uint32), type="u32", backend="xla")

    def run_nx():
        f_nx(k_nx).data.block_until_ready()

    def jax_runner(partitionable):
        jax.config.update("jax_threefry_partitionable", partitionable)
        f = jax.jit(lambda k: jax.random.normal(k, (n,), jnp.float32))
        k = jax.random.PRNGKey(42)
        f(k).block_until_ready()   # compile under this setting

        def run():
            jax.config.update("jax_threefry_partitionable", partitionable)
            f(k).block_until_ready()
        return run

    default = jax.config.jax_threefry_partitionable
    runners = {"nx": run_nx,
               f"jax (threefry_partitionable={default})": jax_runner(default),
               f"jax (threefry_partitionable={not default})": jax_runner(not default)}
    run_nx()
    times = {name: [] for name in runners}
    for _ in range(args.reps):
        for name, run in runners.items():
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    jax.config.update("jax_threefry_partitionable", default)
    med = {name: statistics.median(v) * 1e3 for name, v in times.items()}
    print(f"normal f32, {n:.0e} samples, medians of {args.reps} interleaved runs "
          f"({jax.devices()[0].platform}, jax {jax.__version__})\n")
    print("| peer | nx ms | peer ms | nx/peer |")
    print("|---|---|---|---|")
    for name, m in med.items():
        if name != "nx":
            print(f"| {name} | {med['nx']:.1f} | {m:.1f} | {med['nx'] / m:.2f} |")


if __name__ == "__main__":
    main()
