"""Targets: the same nx programs compiled by XLA (native and portable lowerings) and by IREE
(llvm-cpu, the host CPU), interleaved in one process, medians and ratios.

Steady workloads (one compiled call, inputs already prepared): an MLP training step
(value_and_grad of a 784-128-10 tanh MLP, batch 128), matmul+tanh (512x512), softmax
cross-entropy (1024x100, logsumexp), a fused element-wise chain (1e6 elements); and the linear
algebra ops (64x64 f32, batch 8): XLA native (LAPACK custom calls) vs XLA portable (pure
StableHLO: Householder QR, Jacobi eigh/SVD, LU loops) vs IREE (portable StableHLO).

    .venv/bin/python benchmarks/targets_bench.py [--reps 15] [--only steady|linalg]

IREE's arguments are host arrays (its runtime copies them in); XLA's are device buffers kept
from call to call, as nx.jit does with tensors.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import nx

L = nx.linalg


def interleaved(funs, reps):
    """{name: median seconds}: the functions run in turn `reps` times after a warm-up."""
    for f in funs.values():
        f()
    times = {k: [] for k in funs}
    for _ in range(reps):
        for k, f in funs.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def _done(out):
    if isinstance(out, (tuple, list)):
        for t in out:
            _done(t)
    else:
        out.to_numpy()


def mlp_step(w1, w2, x, y):
    def loss(ws):
        a, b = ws
        h = nx.tanh(nx.dot(x, a))
        logits = nx.dot(h, b)
        return nx.mean(nx.logsumexp(logits, axes=[1]) - nx.sum(logits * y, axes=[1]))
    return nx.value_and_grad(loss)((w1, w2))


def matmul_tanh(a, b):
    return nx.tanh(nx.dot(a, b))


def softmax_xent(logits, y):
    return nx.mean(nx.logsumexp(logits, axes=[1]) - nx.sum(logits * y, axes=[1]))


def fusion(x):
    return nx.sum(nx.exp(nx.sin(x) * 0.5 + nx.cos(x)) / (1 + x * x))


def steady_cases(rng):
    f32 = np.float32
    y = np.eye(10, dtype=f32)[rng.integers(0, 10, 128)]
    y2 = np.eye(100, dtype=f32)[rng.integers(0, 100, 1024)]
    return {
        "mlp_step": (mlp_step, [rng.normal(size=(784, 128)).astype(f32) * 0.05,
                                rng.normal(size=(128, 10)).astype(f32) * 0.1,
                                rng.normal(size=(128, 784)).astype(f32), y]),
        "matmul_tanh": (matmul_tanh, [rng.normal(size=(512, 512)).astype(f32),
                                      rng.normal(size=(512, 512)).astype(f32)]),
        "softmax_xent": (softmax_xent, [rng.normal(size=(1024, 100)).astype(f32), y2]),
        "fusion_1e6": (fusion, [rng.normal(size=(1_000_000,)).astype(f32)]),
    }


def linalg_cases(rng):
    a = rng.normal(size=(8, 64, 64)).astype(np.float32)
    spd = a @ np.swapaxes(a, -1, -2) + 64 * np.eye(64, dtype=np.float32)
    b = rng.normal(size=(8, 64, 4)).astype(np.float32)
    return {
        "qr": (lambda m: L.qr(m), [a]),
        "eigh": (lambda m: L.eigh(m), [spd]),
        "svd": (lambda m: L.svd(m), [a]),
        "cholesky": (lambda m: L.cholesky(m), [spd]),
        "lu": (lambda m: L.lu(m), [a]),
        "solve": (lambda m, r: L.solve(m, r), [spd, b]),
    }


def run(cases, reps, iree_ok):
    print("| workload | XLA native | XLA portable | IREE | portable/native | IREE/native |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (fun, arrays) in cases.items():
        dev = [nx.tensor(x, backend="xla") for x in arrays]
        host = [nx.tensor(x) for x in arrays]
        impls = {"native": (nx.jit(fun), dev), "portable": (nx.jit(fun, lowering="portable"), dev)}
        if iree_ok:
            impls["iree"] = (nx.jit(fun, compiler="iree"), host)
        funs = {}
        for k, (f, args) in impls.items():
            try:
                _done(f(*args))
            except Exception as e:  # noqa: BLE001 - report and go on
                print(f"<!-- {name} on {k}: {type(e).__name__}: {str(e)[:200]} -->")
                continue
            funs[k] = (lambda f=f, args=args: _done(f(*args)))
        med = interleaved(funs, reps)

        def cell(k, med=med):
            return f"{med[k] * 1e3:.3f} ms" if k in med else "n/a"

        def ratio(k, med=med):
            return f"{med[k] / med['native']:.2f}x" if k in med and "native" in med else "—"
        print(f"| {name} | {cell('native')} | {cell('portable')} | {cell('iree')} | "
              f"{ratio('portable')} | {ratio('iree')} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--only", choices=["steady", "linalg"])
    args = ap.parse_args()
    from nx.runtime import iree
    iree_ok = iree.available()
    rng = np.random.default_rng(0)
    if args.only in (None, "steady"):
        print("Steady workloads (median of interleaved calls):\n")
        run(steady_cases(rng), args.reps, iree_ok)
        print()
    if args.only in (None, "linalg"):
        print("Linear algebra, 8 x 64x64 f32:\n")
        run(linalg_cases(rng), args.reps, iree_ok)


if __name__ == "__main__":
    main()
