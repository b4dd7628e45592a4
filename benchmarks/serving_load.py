"""Load test of nx.Serving: C concurrent callers x R requests each against a batching server.

Every caller sends its own inputs and checks, element by element, that it got exactly its own
results back (none lost, duplicated or swapped); the script fails otherwise. It reports the
throughput and the p50/p99 latency of:

  batched     a server with batch_size=B, batch_timeout=T ms (the merged requests run once)
  unbatched   the same server with batch_size=1 (each request runs alone)
  direct      each caller calling the jitted function itself, without a server

    python benchmarks/serving_load.py                      # 64 callers x 1000 requests
    python benchmarks/serving_load.py --callers 8 --requests 100 --modes batched
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time

import numpy as np

import nx


def make_fun(dim, seed=0):
    w = np.random.default_rng(seed).standard_normal((dim, dim)).astype(np.float32) / np.sqrt(dim)
    wt = nx.tensor(w)

    @nx.defn
    def layer(inp):
        x, ids = inp
        return nx.tanh(nx.dot(x, wt)), ids * 2 + 1
    return layer, w


def padded_serving(layer, batch_size):
    """The serving pads every batch to `batch_size` (Nx's advice: `Nx.Batch.pad/2` in the
    serving function), so one program is compiled whatever the number of merged requests."""
    def build(opts):
        jitted = nx.jit(layer, **opts)
        return lambda batch: jitted(nx.Batch.pad(batch, batch_size - batch.size))
    return nx.Serving.new(build)


def run_mode(mode, layer, w, callers, requests, dim, batch_size, timeout_ms):
    name = f"load-{mode}"
    server = None
    if mode != "direct":
        bs = batch_size if mode == "batched" else 1
        server = nx.Serving.start_link(serving=padded_serving(layer, bs), name=name,
                                       batch_size=bs, batch_timeout=timeout_ms)
    rng = np.random.default_rng(1)
    inputs = [rng.standard_normal((requests, dim)).astype(np.float32) for _ in range(callers)]
    expected = [np.tanh(x.astype(np.float64) @ w.astype(np.float64)) for x in inputs]
    latencies = [np.zeros(requests) for _ in range(callers)]
    errors = []
    received = [0] * callers
    # warm-up (compilation) for the batch sizes that will be seen
    if server is None:
        layer((nx.tensor(inputs[0][:1]), nx.tensor(np.zeros(1, np.int32))))
    else:
        nx.Serving.batched_run(name, nx.Batch.stack([(nx.tensor(inputs[0][0]), nx.tensor(0))]))
    barrier = threading.Barrier(callers + 1)

    def caller(c):
        xs, exp, lat = inputs[c], expected[c], latencies[c]
        barrier.wait()
        for r in range(requests):
            rid = c * requests + r
            entry = (nx.tensor(xs[r]), nx.tensor(rid))
            t0 = time.perf_counter()
            if server is None:
                y, ids = layer((nx.tensor(xs[r:r + 1]), nx.tensor(np.array([rid], np.int32))))
            else:
                y, ids = nx.Serving.batched_run(name, nx.Batch.stack([entry]))
            lat[r] = time.perf_counter() - t0
            y, ids = y.to_numpy(), ids.to_numpy()
            if y.shape != (1, dim) or ids.tolist() != [2 * rid + 1] or \
                    not np.allclose(y[0], exp[r], rtol=1e-4, atol=1e-5):
                errors.append((c, r))
            received[c] += 1

    threads = [threading.Thread(target=caller, args=(c,)) for c in range(callers)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if server is not None:
        server.shutdown()
    lat = np.concatenate(latencies) * 1e3
    total = callers * requests
    ok = not errors and sum(received) == total
    return {"mode": mode, "requests": total, "seconds": elapsed, "throughput": total / elapsed,
            "p50_ms": float(np.percentile(lat, 50)), "p99_ms": float(np.percentile(lat, 99)),
            "errors": len(errors), "ok": ok}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--callers", type=int, default=64)
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--batch-timeout", type=float, default=2.0, help="milliseconds")
    p.add_argument("--modes", default="batched,unbatched,direct")
    a = p.parse_args(argv)
    layer, w = make_fun(a.dim)
    print(f"{a.callers} callers x {a.requests} requests, dense {a.dim}x{a.dim} + tanh, "
          f"batch_size={a.batch_size}, batch_timeout={a.batch_timeout} ms, "
          f"{os.cpu_count()} CPUs")
    print(f"{'mode':<10} {'requests':>9} {'seconds':>8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  "
          f"check")
    failed = False
    for mode in a.modes.split(","):
        r = run_mode(mode, layer, w, a.callers, a.requests, a.dim, a.batch_size, a.batch_timeout)
        print(f"{r['mode']:<10} {r['requests']:>9} {r['seconds']:>8.2f} {r['throughput']:>9.0f} "
              f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}  "
              f"{'ok: every caller got exactly its own results' if r['ok'] else 'FAILED'}"
              f"{'' if r['ok'] else ' (' + str(r['errors']) + ' wrong)'}", flush=True)
        failed |= not r["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
