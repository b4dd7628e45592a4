"""nx.linalg benchmark: qr, eigh, svd, cholesky, solve on one 256x256 matrix and on a batch of
32 64x64 matrices (f32), `nx.jit` (XLA CPU) against NumPy and `jax.jit(jnp.linalg...)`;
interleaved runs, medians, a markdown table with ratios.

It also measures the implementation choices behind nx.linalg (see nx/linalg.py):
LAPACK custom calls against the StableHLO ops (cholesky, triangular_solve), and against an
algorithm written as nx ops (Householder QR, the portable route Nx itself takes).

    /tmp/probe-venv/bin/python benchmarks/linalg_bench.py [--reps 15]
"""
from __future__ import annotations

import argparse
import statistics
import time

import jax
import jax.numpy as jnp
import numpy as np

import nx
from nx.dialects.nx.ops import decomp

L = nx.linalg


def _block(x):
    for t in (x if isinstance(x, (tuple, list)) else (x,)):
        if hasattr(t, "block_until_ready"):
            t.block_until_ready()
        elif isinstance(t, nx.Tensor):
            t.to_numpy()


def interleaved(funs, reps):
    """{name: median seconds}, the functions run in turn `reps` times after a warm-up."""
    for f in funs.values():
        _block(f())
    times = {k: [] for k in funs}
    for _ in range(reps):
        for k, f in funs.items():
            t0 = time.perf_counter()
            _block(f())
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def householder_qr(a):
    """QR of one square matrix with Householder reflections written as nx ops (a fori_loop
    over the columns): the portable route, for comparison."""
    n = a.shape[-1]
    rows = nx.iota((n,))

    def step(i, state):
        q, r = state
        x = nx.select(nx.less(rows, i), 0.0, nx.take(r, nx.reshape(i, (1,)), axis=1)[:, 0])
        norm = nx.sqrt(nx.sum(x * x))
        xi = nx.sum(nx.select(nx.equal(rows, i), x, 0.0))
        alpha = nx.select(nx.less(xi, 0), norm, -norm)
        v = x - nx.select(nx.equal(rows, i), alpha, 0.0)
        vn = nx.sum(v * v)
        v = v / nx.sqrt(nx.select(nx.equal(vn, 0), 1.0, vn))
        r = r - 2 * nx.outer(v, nx.dot(v, r))
        q = q - 2 * nx.outer(nx.dot(q, v), v)
        return q, r
    return nx.fori_loop(0, n - 1, (nx.eye(n, type="f32"), a), step)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    rng = np.random.default_rng(0)

    def spd(shape):
        x = rng.normal(size=shape).astype(np.float32)
        return x @ np.swapaxes(x, -1, -2) + shape[-1] * np.eye(shape[-1], dtype=np.float32)

    shapes = {"256x256": (256, 256), "32x64x64": (32, 64, 64)}
    ops = {
        "qr": (lambda a: L.qr(a), lambda a: jnp.linalg.qr(a), lambda a: np.linalg.qr(a)),
        "eigh": (lambda a: L.eigh(a), lambda a: jnp.linalg.eigh(a), lambda a: np.linalg.eigh(a)),
        "svd": (lambda a: L.svd(a), lambda a: jnp.linalg.svd(a), lambda a: np.linalg.svd(a)),
        "cholesky": (lambda a: L.cholesky(a), lambda a: jnp.linalg.cholesky(a),
                     lambda a: np.linalg.cholesky(a)),
        "solve": (lambda a, b: L.solve(a, b), lambda a, b: jnp.linalg.solve(a, b),
                  lambda a, b: np.linalg.solve(a, b)),
    }
    print("| op | shape | nx.jit (ms) | jax.jit (ms) | numpy (ms) | nx/jax | nx/numpy |")
    print("|---|---|---|---|---|---|---|")
    for name, (nf, jf, npf) in ops.items():
        for label, shape in shapes.items():
            a = spd(shape)
            xs = [a] + ([rng.normal(size=shape[:-1] + (8,)).astype(np.float32)]
                        if name == "solve" else [])
            nfun, jfun = nx.jit(nf), jax.jit(jf)
            nt = [nx.tensor(x, backend="xla") for x in xs]
            jt = [jnp.asarray(x) for x in xs]
            med = interleaved({"nx": lambda: nfun(*nt), "jax": lambda: jfun(*jt),
                               "numpy": lambda: npf(*xs)}, args.reps)
            print(f"| {name} | {label} | {med['nx'] * 1e3:.3f} | {med['jax'] * 1e3:.3f} | "
                  f"{med['numpy'] * 1e3:.3f} | {med['nx'] / med['jax']:.2f} | "
                  f"{med['nx'] / med['numpy']:.2f} |")

    print()
    print("Implementation choices (nx.jit, ms):")
    print()
    print("| op | shape | LAPACK custom call | StableHLO op | nx ops |")
    print("|---|---|---|---|---|")
    for op in ("cholesky", "triangular_solve", "triangular_solve 8 rhs"):
        for label, shape in shapes.items():
            a = spd(shape)
            if op == "cholesky":
                def f(a):
                    return L.cholesky(a)
                xs = [a]
            else:
                def f(a, b):
                    return nx._dispatch.apply("triangular_solve", [a, b], {
                        "left_side": True, "lower": True, "transform_a": "none"})
                rhs = shape if op == "triangular_solve" else shape[:-1] + (8,)
                xs = [np.tril(a), rng.normal(size=rhs).astype(np.float32)]
            key = op.split()[0]
            res = {}
            for impl in ("lapack", "hlo"):
                old = decomp.implementation[key]
                decomp.implementation[key] = impl
                try:
                    fn = nx.jit(f)
                    ts = [nx.tensor(x, backend="xla") for x in xs]
                    res[impl] = (fn, ts)
                    _block(fn(*ts))          # compile under this implementation
                finally:
                    decomp.implementation[key] = old
            med = interleaved({k: (lambda fn=fn, ts=ts: fn(*ts)) for k, (fn, ts) in res.items()},
                              args.reps)
            print(f"| {op} | {label} | {med['lapack'] * 1e3:.3f} | {med['hlo'] * 1e3:.3f} | - |")
    for n in (64, 256):
        a = rng.normal(size=(n, n)).astype(np.float32)
        lap, port = nx.jit(lambda a: L.qr(a)), nx.jit(householder_qr)
        t = nx.tensor(a, backend="xla")
        q, r = port(t)
        assert np.allclose(q.to_numpy() @ r.to_numpy(), a, atol=1e-3)
        med = interleaved({"lapack": lambda: lap(t), "nx": lambda: port(t)}, args.reps)
        print(f"| qr | {n}x{n} | {med['lapack'] * 1e3:.3f} | - | {med['nx'] * 1e3:.3f} |")


if __name__ == "__main__":
    main()
