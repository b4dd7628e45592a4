#!/usr/bin/env python
"""nxc benchmarks against JAX (and NumPy where it applies), in one process, interleaved.

    python benchmarks/run.py                 # full run (~35 s on 2 cores)
    python benchmarks/run.py --quick         # smoke run (~6 s)
    python benchmarks/run.py --only dispatch # one benchmark (or a comma list, or a prefix)
    python benchmarks/run.py --json out.json # also write every raw sample
    python benchmarks/run.py --profile       # also break the nx cached-call and first-call
                                             # paths into their pieces
    python benchmarks/run.py --hlo-dir DIR   # write the optimized HLO that XLA ran, nx vs JAX

Each repetition runs every implementation once, cycling through every order of them, so machine
noise and what-ran-before effects hit all of them alike; tables show medians over repetitions
and the ratios of medians (nx/JAX and nx/NumPy: lower is better for nx). See benchmarks/README.md.
"""
from __future__ import annotations

import os

# Before nx is imported: first-call numbers must not come from nx's disk cache.
os.environ["NXC_DISK_CACHE"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import numpy as np  # noqa: E402

perf = time.perf_counter

# --------------------------------------------------------------------------------------------
# configuration: (full, quick)


class Cfg:
    def __init__(self, quick):
        q = quick
        # dispatch: calls per batch, batches (reps), warm-up calls. Small batches, many reps:
        # finer interleaving, so nx and JAX see the same load on a shared machine
        self.disp_calls = 250 if q else 500
        self.disp_reps = 24 if q else 102
        self.disp_warm = 200 if q else 1000
        # first call: fresh functions per implementation
        self.first_reps = 4 if q else 26
        self.chain_ops = 300
        # steady state: calls per sample, samples
        self.steady_calls = 2 if q else 3
        self.steady_reps = 12 if q else 54
        self.steady_warm = 3 if q else 5
        # wall-clock budget per benchmark (seconds); after min_reps a benchmark stops early
        # when its budget is spent, and says so
        self.budget = 12.0 if q else 60.0
        self.min_reps = 3


# --------------------------------------------------------------------------------------------
# harness


class Result:
    def __init__(self, name, what, unit_note=""):
        self.name = name
        self.what = what
        self.unit_note = unit_note
        self.samples = {}      # impl -> [seconds per call]
        self.errors = {}       # impl -> message
        self.notes = []
        self.check = None      # "ok" / "mismatch: ..." / None
        self.truncated = False
        self.wall = 0.0

    def median(self, impl):
        s = self.samples.get(impl)
        return statistics.median(s) if s else None

    def ratio(self, a, b):
        ma, mb = self.median(a), self.median(b)
        if ma is None or mb is None or mb == 0:
            return None
        return ma / mb

    def paired(self, a, b):
        """Median, 25th and 75th percentile of the per-repetition ratios a_i/b_i (samples of
        one repetition ran back to back, so slow drifts in machine load cancel out)."""
        sa, sb = self.samples.get(a) or [], self.samples.get(b) or []
        r = [x / y for x, y in zip(sa, sb) if y]
        if not r:
            return None
        if len(r) < 4:
            return (statistics.median(r), min(r), max(r))
        q = statistics.quantiles(r, n=4)
        return (statistics.median(r), q[0], q[2])

    def to_json(self):
        out = {"name": self.name, "what": self.what, "samples_s": self.samples,
               "median_s": {k: self.median(k) for k in self.samples},
               "min_s": {k: min(v) for k, v in self.samples.items() if v},
               "iqr_s": {k: _iqr(v) for k, v in self.samples.items() if v},
               "ratio_nx_jax": self.ratio("nx", "jax"),
               "ratio_nx_numpy": self.ratio("nx", "numpy"),
               "paired_ratio_nx_jax_median_q1_q3": self.paired("nx", "jax"),
               "errors": self.errors, "notes": self.notes, "check": self.check,
               "truncated": self.truncated, "wall_s": self.wall}
        return out


def _iqr(v):
    if len(v) < 4:
        return None
    q = statistics.quantiles(v, n=4)
    return q[2] - q[0]


def interleaved(res: Result, impls: dict, reps: int, cfg: Cfg):
    """Runs `impls[name]()` (each returns seconds per call) `reps` times (rounded up to a
    multiple of the number of orders), one order per repetition, cycling through every
    permutation of the implementations: each runs first, last, and right after each other one
    equally often (what ran just before can matter: NumPy's OpenBLAS threads keep spinning
    for a while after a matmul, for example). A failing implementation is recorded and
    dropped, never fatal."""
    orders = [list(p) for p in itertools.permutations(impls)]
    reps = -(-reps // len(orders)) * len(orders)
    for n in impls:
        res.samples.setdefault(n, [])
    t_start = perf()
    for r in range(reps):
        for n in orders[r % len(orders)]:
            if n in res.errors:
                continue
            try:
                res.samples[n].append(impls[n]())
            except Exception as e:  # noqa: BLE001 - a benchmark must never take the run down
                res.errors[n] = f"{type(e).__name__}: {e}"[:300]
                traceback.print_exc(file=sys.stderr)
        if r + 1 >= cfg.min_reps and r + 1 < reps and perf() - t_start > cfg.budget:
            res.truncated = True
            res.notes.append(f"stopped after {r + 1}/{reps} reps: budget {cfg.budget:.0f}s spent")
            break
    res.wall = perf() - t_start


def _no_gc(fn):
    """Runs fn with the cyclic GC off (collected first), so a collection triggered by one
    implementation's garbage is not billed to another's sample."""
    gc.collect()
    gc.disable()
    try:
        return fn()
    finally:
        gc.enable()


def _timed(call, n):
    """A sample: one settling call, then the time per call of `n` calls (cyclic GC off)."""
    def run():
        call()
        t = perf()
        for _ in range(n):
            call()
        return (perf() - t) / n
    return lambda: _no_gc(run)


def _close(a, b, rtol, atol):
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if not np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
        err = np.nanmax(np.abs(a - b))
        return f"max abs diff {err:.3g}"
    return None


def _check(res, outs, rtol=1e-4, atol=1e-4):
    """outs: impl -> array. Compares every implementation with JAX's (or the first)."""
    try:
        ref_name = "jax" if "jax" in outs else next(iter(outs))
        bad = []
        for n, o in outs.items():
            if n == ref_name:
                continue
            m = _close(o, outs[ref_name], rtol, atol)
            if m:
                bad.append(f"{n} vs {ref_name}: {m}")
        res.check = "ok" if not bad else "mismatch: " + "; ".join(bad)
    except Exception as e:  # noqa: BLE001
        res.check = f"check failed: {type(e).__name__}: {e}"[:200]


# --------------------------------------------------------------------------------------------
# the functions being measured (built for nx and jnp from one definition)


def make_softmax(m):
    red_max = m.reduce_max if m.__name__ == "nx" else m.max

    def softmax(x):
        e = m.exp(x - red_max(x))
        return e / m.sum(e)
    return softmax


def make_chain(m, n_ops):
    """n_ops element-wise ops: n_ops/3 rounds of (sin|cos, multiply, add|subtract)."""
    rounds = n_ops // 3

    def chain(x):
        for i in range(rounds):
            if i % 2 == 0:
                x = m.sin(x) * 1.01 + 0.1
            else:
                x = m.cos(x) * 0.99 - 0.1
        return x
    return chain


def make_matmul_tanh(m):
    if m.__name__ == "nx":
        def matmul_tanh(a, b):
            return m.tanh(m.dot(a, b))
    else:
        def matmul_tanh(a, b):
            return m.tanh(a @ b)
    return matmul_tanh


def make_fusion(m):
    def fusion(x):
        return m.exp(m.sin(x) * 2.0 + m.cos(x)) / (1.0 + x * x)
    return fusion


def make_mlp_loss(m):
    """Softmax cross-entropy of a tanh MLP; `p` is a list of (w, b) pairs."""
    is_nx = m.__name__ == "nx"

    def loss(p, x, y):
        h = x
        for i, (w, b) in enumerate(p):
            h = (m.dot(h, w) if is_nx else h @ w) + b
            if i < len(p) - 1:
                h = m.tanh(h)
        if is_nx:
            z = h - m.stop_grad(m.reduce_max(h, axes=[1], keep_axes=True))
            lse = m.log(m.sum(m.exp(z), axes=[1], keep_axes=True))
        else:
            import jax
            z = h - jax.lax.stop_gradient(m.max(h, axis=1, keepdims=True))
            lse = m.log(m.sum(m.exp(z), axis=1, keepdims=True))
        return -m.sum(y * (z - lse)) / x.shape[0]
    return loss


def mlp_data(sizes=(784, 512, 512, 10), batch=256):
    rng = np.random.default_rng(0)
    params = [((rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32),
               (rng.standard_normal(b) * 0.1).astype(np.float32))
              for a, b in zip(sizes, sizes[1:])]
    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], batch)]
    return params, x, y


def mlp_fns(env):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    l_nx, l_j = make_mlp_loss(nx), make_mlp_loss(jnp)
    f_nx = nx.jit(lambda p, x, y: nx.value_and_grad(p, lambda q: l_nx(q, x, y)))
    f_j = jax.jit(jax.value_and_grad(l_j))
    return f_nx, f_j


def _mlp_flat(v, g):
    return np.concatenate([np.ravel(np.asarray(v))] +
                          [np.ravel(np.asarray(a)) for pair in g for a in pair])


def numpy_fusion(x):
    two, one = np.float32(2.0), np.float32(1.0)
    return np.exp(np.sin(x) * two + np.cos(x)) / (one + x * x)


# --------------------------------------------------------------------------------------------
# benchmarks


class Env:
    def __init__(self):
        import jax
        import jax.numpy as jnp

        import nx  # enables x64 in JAX
        import nx.runtime.cache as nx_cache
        jax.config.update("jax_enable_compilation_cache", False)
        self.jax, self.jnp, self.nx, self.nx_cache = jax, jnp, nx, nx_cache

    def nx_dev(self, arr):
        return self.nx.tensor(arr, backend="xla")

    def jax_dev(self, arr):
        a = self.jax.device_put(arr)
        assert a.dtype == np.float32, a.dtype
        return a


def bench_dispatch(env, cfg, sync=True):
    nx, jax = env.nx, env.jax
    name = "dispatch" if sync else "dispatch_async"
    what = ("cached call `x + 1.0`, f32[4], device input, block on each output" if sync else
            "cached call `x + 1.0`, f32[4], device input, block only on the batch's last output")
    res = Result(name, what, "per call")
    host = np.arange(4, dtype=np.float32)
    x_nx, x_j, x_np = env.nx_dev(host), env.jax_dev(host), host.copy()
    f_nx = nx.jit(lambda x: x + 1.0)
    f_j = jax.jit(lambda x: x + 1.0)
    one = np.float32(1.0)
    n = cfg.disp_calls

    def w_nx():
        return f_nx(x_nx).data.block_until_ready()

    def w_j():
        return f_j(x_j).block_until_ready()

    for _ in range(cfg.disp_warm):
        w_nx()
        w_j()
        _ = x_np + one
    _check(res, {"nx": f_nx(x_nx).to_numpy(), "jax": np.asarray(f_j(x_j)), "numpy": x_np + one})
    if env.nx_cache.stats["compiles"] == 0:
        res.notes.append("nx compiled nothing?")

    if sync:
        def run_nx():
            t = perf()
            for _ in range(n):
                f_nx(x_nx).data.block_until_ready()
            return (perf() - t) / n

        def run_j():
            t = perf()
            for _ in range(n):
                f_j(x_j).block_until_ready()
            return (perf() - t) / n
    else:
        def run_nx():
            t = perf()
            for _ in range(n):
                y = f_nx(x_nx)
            y.data.block_until_ready()
            return (perf() - t) / n

        def run_j():
            t = perf()
            for _ in range(n):
                y = f_j(x_j)
            y.block_until_ready()
            return (perf() - t) / n

    def run_np():
        t = perf()
        for _ in range(n):
            x_np + one
        return (perf() - t) / n

    interleaved(res, {"nx": lambda: _no_gc(run_nx), "jax": lambda: _no_gc(run_j),
                      "numpy": lambda: _no_gc(run_np)}, cfg.disp_reps, cfg)
    return res


def bench_first(env, cfg, which):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    if which == "softmax":
        name, what = "first_softmax", "first call (trace+lower+compile+run), softmax f32[1024]"
        mk_nx, mk_j = (lambda: make_softmax(nx)), (lambda: make_softmax(jnp))
    else:
        k = cfg.chain_ops
        name = f"first_chain{k}"
        what = f"first call (trace+lower+compile+run), {k}-op element-wise chain f32[1024]"
        mk_nx, mk_j = (lambda: make_chain(nx, k)), (lambda: make_chain(jnp, k))
    res = Result(name, what, "per first call")
    host = np.linspace(-1, 1, 1024, dtype=np.float32)
    x_nx, x_j = env.nx_dev(host), env.jax_dev(host)
    outs = {}

    def run_nx():
        env.nx_cache.clear_memory()
        before = env.nx_cache.stats["compiles"]
        j = nx.jit(mk_nx())              # a fresh function object and a fresh Jit
        gc.collect()
        t = perf()
        y = j(x_nx)
        y.data.block_until_ready()
        dt = perf() - t
        if env.nx_cache.stats["compiles"] == before and "nx-cache-hit" not in res.notes:
            res.notes.append("nx-cache-hit")  # would mean the number is not a first call
        outs["nx"] = y
        return dt

    def run_j():
        jax.clear_caches()
        j = jax.jit(mk_j())              # a fresh function object and a fresh jit
        gc.collect()
        t = perf()
        y = j(x_j)
        y.block_until_ready()
        dt = perf() - t
        outs["jax"] = y
        return dt

    interleaved(res, {"nx": run_nx, "jax": run_j}, cfg.first_reps, cfg)
    if "nx" in outs and "jax" in outs:
        _check(res, {"nx": outs["nx"].to_numpy(), "jax": np.asarray(outs["jax"])},
               rtol=1e-3, atol=1e-3)
    return res


def bench_steady(env, cfg, which):
    nx, jax, jnp = env.nx, env.jax, env.jnp
    rng = np.random.default_rng(0)
    if which == "matmul":
        name, what = "matmul_tanh", "steady state: tanh(a @ b), f32[1024,1024] x f32[1024,1024]"
        a = (rng.standard_normal((1024, 1024)) / 32).astype(np.float32)
        b = (rng.standard_normal((1024, 1024)) / 32).astype(np.float32)
        f_nx = nx.jit(make_matmul_tanh(nx))
        f_j = jax.jit(make_matmul_tanh(jnp))
        args_nx = (env.nx_dev(a), env.nx_dev(b))
        args_j = (env.jax_dev(a), env.jax_dev(b))
        args_np = (a, b)

        def f_np(a, b):
            return np.tanh(a @ b)
    else:
        name = "fusion_1e6"
        what = "steady state: exp(sin(x)*2 + cos(x)) / (1 + x*x), f32[1e6]"
        x = rng.uniform(-3, 3, 1_000_000).astype(np.float32)
        f_nx = nx.jit(make_fusion(nx))
        f_j = jax.jit(make_fusion(jnp))
        f_np = numpy_fusion
        args_nx, args_j, args_np = (env.nx_dev(x),), (env.jax_dev(x),), (x,)
    res = Result(name, what, "per call")
    n = cfg.steady_calls

    for _ in range(cfg.steady_warm):
        f_nx(*args_nx).data.block_until_ready()
        f_j(*args_j).block_until_ready()
        f_np(*args_np)
    _check(res, {"nx": f_nx(*args_nx).to_numpy(), "jax": np.asarray(f_j(*args_j)),
                 "numpy": f_np(*args_np)}, rtol=2e-3, atol=2e-4)

    # each timed batch follows one untimed call of the same implementation, so what the
    # previous implementation left behind (caches, spinning threads) is not billed to it
    def run_nx():
        f_nx(*args_nx).data.block_until_ready()
        t = perf()
        for _ in range(n):
            f_nx(*args_nx).data.block_until_ready()
        return (perf() - t) / n

    def run_j():
        f_j(*args_j).block_until_ready()
        t = perf()
        for _ in range(n):
            f_j(*args_j).block_until_ready()
        return (perf() - t) / n

    def run_np():
        f_np(*args_np)
        t = perf()
        for _ in range(n):
            f_np(*args_np)
        return (perf() - t) / n

    interleaved(res, {"nx": lambda: _no_gc(run_nx), "jax": lambda: _no_gc(run_j),
                      "numpy": lambda: _no_gc(run_np)}, cfg.steady_reps, cfg)
    res.hlo = (f_nx, f_j, args_nx, args_j)
    return res


def bench_mlp_grad(env, cfg, first):
    """value_and_grad of an MLP loss (784-512-512-10, batch 256, f32): steady state, or the
    first call (trace + grad expansion + lower + compile + run)."""
    jax = env.jax
    params, x, y = mlp_data()
    p_nx = [(env.nx_dev(w), env.nx_dev(b)) for w, b in params]
    p_j = [(env.jax_dev(w), env.jax_dev(b)) for w, b in params]
    x_nx, y_nx, x_j, y_j = env.nx_dev(x), env.nx_dev(y), env.jax_dev(x), env.jax_dev(y)
    what = "value_and_grad, MLP 784-512-512-10, batch 256, f32"
    if first:
        res = Result("first_mlp_grad", "first call (trace+grad+lower+compile+run), " + what,
                     "per first call")
        outs = {}

        def run_nx():
            env.nx_cache.clear_memory()
            f_nx, _ = mlp_fns(env)
            gc.collect()
            t = perf()
            v, g = f_nx(p_nx, x_nx, y_nx)
            for pair in g:
                for a in pair:
                    a.data.block_until_ready()
            dt = perf() - t
            outs["nx"] = _mlp_flat(v.to_numpy(), [[a.to_numpy() for a in pr] for pr in g])
            return dt

        def run_j():
            jax.clear_caches()
            _, f_j = mlp_fns(env)
            gc.collect()
            t = perf()
            v, g = f_j(p_j, x_j, y_j)
            jax.block_until_ready(g)
            dt = perf() - t
            outs["jax"] = _mlp_flat(v, g)
            return dt

        interleaved(res, {"nx": run_nx, "jax": run_j}, cfg.first_reps, cfg)
        if len(outs) == 2:
            _check(res, outs, rtol=1e-3, atol=1e-4)
        return res
    res = Result("mlp_grad", "steady state: " + what, "per call")
    f_nx, f_j = mlp_fns(env)
    n = cfg.steady_calls

    def call_nx():
        v, g = f_nx(p_nx, x_nx, y_nx)
        g[-1][-1].data.block_until_ready()
        return v, g

    def call_j():
        v, g = f_j(p_j, x_j, y_j)
        jax.block_until_ready(g)
        return v, g

    for _ in range(cfg.steady_warm):
        call_nx()
        call_j()
    v, g = call_nx()
    vj, gj = call_j()
    _check(res, {"nx": _mlp_flat(v.to_numpy(), [[a.to_numpy() for a in pr] for pr in g]),
                 "jax": _mlp_flat(vj, gj)}, rtol=1e-3, atol=1e-4)

    interleaved(res, {"nx": _timed(call_nx, n), "jax": _timed(call_j, n)}, cfg.steady_reps, cfg)
    return res


def bench_eager(env, cfg, backend):
    """Eager per-op overhead on small operands (f32[16]): `a + b`, `exp(a)`, `sum(a)`; the time
    is per op. nx on the `backend` backend; JAX eager (jnp on device arrays) and NumPy."""
    nx, jnp = env.nx, env.jnp
    res = Result(f"eager_{backend}", f"eager per-op time, nx {backend} backend, f32[16] "
                 "operands (a + b, exp(a), sum(a))", "per op")
    host_a = np.linspace(-1, 1, 16, dtype=np.float32)
    host_b = np.linspace(2, 3, 16, dtype=np.float32)
    a_nx = nx.tensor(host_a, backend=backend)
    b_nx = nx.tensor(host_b, backend=backend)
    a_j, b_j = env.jax_dev(host_a), env.jax_dev(host_b)
    n = cfg.disp_calls // 2

    def ops_nx():
        c = a_nx + b_nx
        d = nx.exp(a_nx)
        e = nx.sum(a_nx)
        return c, d, e

    def ops_j():
        c = a_j + b_j
        d = jnp.exp(a_j)
        e = jnp.sum(a_j)
        return c, d, e

    def ops_np():
        return host_a + host_b, np.exp(host_a), np.sum(host_a)

    sync_nx = (lambda r: r[2].data.block_until_ready()) if backend == "xla" else (lambda r: r)
    for _ in range(cfg.disp_warm // 10):
        sync_nx(ops_nx())
        ops_j()[2].block_until_ready()
        ops_np()
    outs = {"nx": np.concatenate([np.ravel(t.to_numpy()) for t in ops_nx()]),
            "jax": np.concatenate([np.ravel(np.asarray(t)) for t in ops_j()]),
            "numpy": np.concatenate([np.ravel(t) for t in ops_np()])}
    _check(res, outs, rtol=1e-5, atol=1e-6)

    def loop(ops, sync):
        def run():
            t = perf()
            for _ in range(n):
                sync(ops())
            return (perf() - t) / (3 * n)
        return lambda: _no_gc(run)

    interleaved(res, {"nx": loop(ops_nx, sync_nx),
                      "jax": loop(ops_j, lambda r: r[2].block_until_ready()),
                      "numpy": loop(ops_np, lambda r: r)}, cfg.disp_reps // 2, cfg)
    return res


def bench_loop(env, cfg, which):
    """Control flow in steady state: a 1,000-iteration fori_loop, or a while loop whose trip
    count depends on the data (written as a Python while in a defn for nx)."""
    nx, jax, jnp = env.nx, env.jax, env.jnp
    host = np.linspace(-1, 1, 1024, dtype=np.float32)
    if which == "fori":
        name, what = "fori_1000", ("steady state: fori_loop, 1,000 iterations of "
                                   "s*0.999 + sin(s)*0.001, f32[1024]")

        @nx.defn
        def f_nx(x):
            return nx.fori_loop(0, 1000, x, lambda i, s: s * 0.999 + nx.sin(s) * 0.001)
        f_j = jax.jit(lambda x: jax.lax.fori_loop(0, 1000,
                                                  lambda i, s: s * 0.999 + jnp.sin(s) * 0.001, x))
    else:
        name, what = "while_data", ("steady state: while sum(|x|) < 1e6: x = x*1.01 + 0.1 "
                                    "(data-dependent trips), f32[1024]")

        @nx.defn
        def f_nx(x):
            while nx.sum(nx.abs(x)) < 1e6:
                x = x * 1.01 + 0.1
            return x
        f_j = jax.jit(lambda x: jax.lax.while_loop(lambda x: jnp.sum(jnp.abs(x)) < 1e6,
                                                   lambda x: x * 1.01 + 0.1, x))
    res = Result(name, what, "per call")
    x_nx, x_j = env.nx_dev(host), env.jax_dev(host)
    for _ in range(cfg.steady_warm):
        f_nx(x_nx).data.block_until_ready()
        f_j(x_j).block_until_ready()
    _check(res, {"nx": f_nx(x_nx).to_numpy(), "jax": np.asarray(f_j(x_j))}, rtol=1e-4, atol=1e-4)
    n = cfg.steady_calls

    interleaved(res, {"nx": _timed(lambda: f_nx(x_nx).data.block_until_ready(), n),
                      "jax": _timed(lambda: f_j(x_j).block_until_ready(), n)}, cfg.steady_reps, cfg)
    return res


def standardize_dot_workload(env, entries=256):
    """The per-entry function `tanh(x @ w)`, centred and scaled, on `entries` entries of f32[64]:
    (per_entry, by_hand, per_entry_jax, [xs]). Shared with benchmarks/vectorize_bench.py."""
    nx, jnp = env.nx, env.jnp
    rng = np.random.default_rng(0)
    w = (rng.standard_normal((64, 64)) / 8).astype(np.float32)
    xs = rng.standard_normal((entries, 64)).astype(np.float32)
    w_nx = env.nx_dev(w)

    def per_entry(x):             # one entry: f32[64]
        h = nx.tanh(nx.dot(x, w_nx))
        h = h - nx.mean(h)
        return h / nx.sqrt(nx.sum(h * h) + 1e-6)

    def by_hand(x):               # the batch axis written out: f32[entries, 64]
        h = nx.tanh(nx.dot(x, w_nx))
        h = h - nx.mean(h, axes=[1], keep_axes=True)
        return h / nx.sqrt(nx.sum(h * h, axes=[1], keep_axes=True) + 1e-6)

    def per_entry_j(x):
        h = jnp.tanh(x @ w)
        h = h - jnp.mean(h)
        return h / jnp.sqrt(jnp.sum(h * h) + 1e-6)
    return per_entry, by_hand, per_entry_j, [xs]


def compare_vectorized(env, cfg, res, per_entry, by_hand, per_entry_j, arrays, keys):
    """Times `per_entry` under `nx.jit` on the vectorized `arrays` (first axis), `by_hand` on
    the plain arrays and `jax.jit(jax.vmap(per_entry_j))`, interleaved, into `res` under
    `keys` = (vectorized, by hand, vmap); the outputs are checked against each other first."""
    nx, jax = env.nx, env.jax
    k_vec, k_hand, k_vmap = keys
    f_vec, f_hand = nx.jit(per_entry), nx.jit(by_hand)
    f_vmap = jax.jit(jax.vmap(per_entry_j))
    x_vec = [nx.vectorize(env.nx_dev(a), "entries") for a in arrays]
    x_hand = [env.nx_dev(a) for a in arrays]
    x_j = [env.jax_dev(a) for a in arrays]
    calls = {k_vec: lambda: f_vec(*x_vec).data.block_until_ready(),
             k_hand: lambda: f_hand(*x_hand).data.block_until_ready(),
             k_vmap: lambda: f_vmap(*x_j).block_until_ready()}
    for _ in range(cfg.steady_warm):
        for c in calls.values():
            c()
    out_vec = f_vec(*x_vec)
    entries = arrays[0].shape[0]
    assert out_vec.vectorized_axes == (("entries", entries),), out_vec.vectorized_axes
    # the vmap output first: the reference when no output is keyed "jax"
    _check(res, {k_vmap: np.asarray(f_vmap(*x_j)), k_vec: nx.to_numpy(out_vec),
                 k_hand: nx.to_numpy(f_hand(*x_hand))}, rtol=1e-4, atol=1e-5)
    interleaved(res, {k: _timed(c, cfg.steady_calls * 10) for k, c in calls.items()},
                cfg.steady_reps, cfg)
    return res


def bench_vectorized(env, cfg):
    """A per-entry function on a vectorized input (256 entries of f32[64]) vs the same written
    by hand with an explicit batch axis (nx) vs jax.jit(jax.vmap(f)). Columns: nx = vectorized,
    numpy = nx hand-batched (so nx/NumPy is the cost of vectorization), JAX = vmap."""
    res = Result("vectorized", "steady state: per-entry tanh(x @ w) normalized, 256 entries of "
                 "f32[64]; NumPy column = nx written by hand with a batch axis", "per call")
    return compare_vectorized(env, cfg, res, *standardize_dot_workload(env),
                              keys=("nx", "numpy", "jax"))


def bench_train(env, cfg):
    """A training loop written the obvious way: a tanh MLP (784-128-10) trained by SGD on 8
    minibatches of 128, made once with `nx.tensor(ndarray)` (default backend) and reused every
    epoch. Columns: nx = those default tensors, numpy = the same loop on tensors moved to the
    device first (`nx.backend_transfer(t, "xla")`), so nx/NumPy is what the default costs
    (bar: 1.05x); JAX = the same step under jax.jit on jax.device_put arrays."""
    nx, jax, jnp = env.nx, env.jax, env.jnp
    res = Result("train_loop", "a training loop on default tensors: SGD on a 784-128-10 tanh MLP, "
                 "8 minibatches of 128 reused each epoch; NumPy column = the same loop on "
                 "device-resident tensors", "per step")
    params, _, _ = mlp_data(sizes=(784, 128, 10), batch=1)
    rng = np.random.default_rng(1)
    xs = [rng.standard_normal((128, 784)).astype(np.float32) for _ in range(8)]
    ys = [np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)] for _ in range(8)]
    l_nx, l_j = make_mlp_loss(nx), make_mlp_loss(jnp)

    @nx.defn
    def step_nx(p, x, y):
        g = nx.grad(p, lambda q: l_nx(q, x, y))
        return [(w - 0.01 * gw, b - 0.01 * gb) for (w, b), (gw, gb) in zip(p, g)]

    @jax.jit
    def step_j(p, x, y):
        g = jax.grad(l_j)(p, x, y)
        return [(w - 0.01 * gw, b - 0.01 * gb) for (w, b), (gw, gb) in zip(p, g)]

    batches = {"nx": [(nx.tensor(x), nx.tensor(y)) for x, y in zip(xs, ys)],
               "numpy": [(nx.backend_transfer(nx.tensor(x), "xla"),
                          nx.backend_transfer(nx.tensor(y), "xla")) for x, y in zip(xs, ys)],
               "jax": [(jax.device_put(x), jax.device_put(y)) for x, y in zip(xs, ys)]}
    start = {"nx": [(nx.tensor(w), nx.tensor(b)) for w, b in params],
             "numpy": [(nx.tensor(w, backend="xla"), nx.tensor(b, backend="xla"))
                       for w, b in params],
             "jax": [(jax.device_put(w), jax.device_put(b)) for w, b in params]}
    steps = {"nx": step_nx, "numpy": step_nx, "jax": step_j}
    sync = {"nx": lambda p: p[-1][1].data.block_until_ready(),
            "numpy": lambda p: p[-1][1].data.block_until_ready(),
            "jax": lambda p: p[-1][1].block_until_ready()}
    epochs = 2 if cfg.steady_reps < 20 else 3

    def train(impl):
        def run():
            p, step, data = start[impl], steps[impl], batches[impl]
            t = perf()
            for _ in range(epochs):
                for x, y in data:
                    p = step(p, x, y)
            sync[impl](p)
            return (perf() - t) / (epochs * len(data))
        return lambda: _no_gc(run)

    outs = {}
    for impl in ("jax", "nx", "numpy"):
        p = start[impl]
        for x, y in batches[impl]:
            p = steps[impl](p, x, y)
        outs[impl] = np.concatenate([np.ravel(np.asarray(a)) for pair in p for a in pair])
    _check(res, outs, rtol=1e-3, atol=1e-5)
    interleaved(res, {k: train(k) for k in ("nx", "jax", "numpy")}, cfg.steady_reps, cfg)
    return res


def print_problems(results):
    """The errors and notes of `results`, one line each, below a table."""
    for r in results:
        for k, v in r.errors.items():
            print(f"- {r.name}: {k} failed: {v}")
        for note in r.notes:
            print(f"- {r.name}: {note}")


BENCHMARKS = [
    ("dispatch", lambda env, cfg: bench_dispatch(env, cfg, sync=True)),
    ("dispatch_async", lambda env, cfg: bench_dispatch(env, cfg, sync=False)),
    ("first_softmax", lambda env, cfg: bench_first(env, cfg, "softmax")),
    ("first_chain300", lambda env, cfg: bench_first(env, cfg, "chain")),
    ("matmul_tanh", lambda env, cfg: bench_steady(env, cfg, "matmul")),
    ("fusion_1e6", lambda env, cfg: bench_steady(env, cfg, "fusion")),
    ("mlp_grad", lambda env, cfg: bench_mlp_grad(env, cfg, first=False)),
    ("first_mlp_grad", lambda env, cfg: bench_mlp_grad(env, cfg, first=True)),
    ("fori_1000", lambda env, cfg: bench_loop(env, cfg, "fori")),
    ("while_data", lambda env, cfg: bench_loop(env, cfg, "while")),
    ("vectorized", bench_vectorized),
    ("eager_numpy", lambda env, cfg: bench_eager(env, cfg, "numpy")),
    ("eager_xla", lambda env, cfg: bench_eager(env, cfg, "xla")),
    ("train_loop", bench_train),
]


# --------------------------------------------------------------------------------------------
# profiling (--profile): where the nx time goes


def profile_dispatch(env, quick):
    """Splits nx's cached call (Jit.__call__) into cumulative stages, each stage a loop that
    does what the call does up to that point, all interleaved (order rotated per repetition)
    with JAX's call and with what-if variants; per call, the minimum over repetitions, the
    empty loop's cost removed. Returns ({row: seconds}, cProfile text)."""
    D = sys.modules["nx.defn"]  # the module (the name nx.defn is the decorator)
    from nx.compiler import trace as TR
    nx, jax = env.nx, env.jax
    n = 2000 if quick else 5000
    reps = 9 if quick else 25
    host = np.arange(4, dtype=np.float32)
    x, xj = env.nx_dev(host), env.jax_dev(host)
    f = nx.jit(lambda x: x + 1.0)
    fj = jax.jit(lambda x: x + 1.0)
    for _ in range(500):
        f(x).data.block_until_ready()
        fj(xj).block_until_ready()
    args = (x,)
    cache = f.cache
    key = tuple([a._sig for a in args])
    entry = cache[key]
    exe = entry.run
    ex = exe._exec
    tp = entry.templates[0]
    wrap = D._wrap
    Value = D.Value
    ready = exe([x.data])[0]
    ready.block_until_ready()
    # what-if: outputs built by a C++ result handler made once per executable, instead of
    # disassemble_into_single_device_arrays (which calls back into Python for each output's
    # sharding)
    handlers = None
    try:
        from jax._src import core
        from jaxlib import _jax as xc
        sh = jax.sharding.SingleDeviceSharding(exe.device)
        handlers = [xc.array_result_handler(core.ShapedArray(tp.shape, tp.type.dtype), sh,
                                            committed=True, _skip_checks=True)]
        ex([x.data]).consume_with_handlers(handlers)[0].block_until_ready()
    except Exception as e:  # noqa: BLE001 - private API; the row is then left out
        print(f"(result-handler what-if unavailable: {e})", file=sys.stderr)
        handlers = None

    def s_empty(n):
        for _ in range(n):
            pass

    def s_key(n):                        # 1. trace check + signature key + lookup
        for _ in range(n):
            TR.current()
            cache[tuple([a._sig for a in args])]

    def s_bufs(n):                       # 2. + buffer list with its type checks
        for _ in range(n):
            TR.current()
            cache[tuple([a._sig for a in args])]
            b = [a.data for a in args]
            for _i, d in enumerate(b):
                if type(d) is np.ndarray or type(d) is Value:
                    pass

    def s_exec(n):                       # execute_sharded alone
        b = [x.data]
        for _ in range(n):
            ex(b)

    def s_disasm(n):                     # execute_sharded + disassemble + [r[0] ...]
        b = [x.data]
        for _ in range(n):
            [r[0] for r in ex(b).disassemble_into_single_device_arrays()]

    def s_exe_call(n):                   # Executable.__call__ (adds its Python frame)
        b = [x.data]
        for _ in range(n):
            exe(b)

    def s_wrap(n):                       # _wrap alone
        for _ in range(n):
            wrap(ready, tp)

    def s_block_ready(n):                # block_until_ready on a ready buffer
        for _ in range(n):
            ready.block_until_ready()

    def s_call(n):
        for _ in range(n):
            f(x)

    def s_call_block(n):
        for _ in range(n):
            f(x).data.block_until_ready()

    def s_jax(n):
        for _ in range(n):
            fj(xj)

    def s_jax_block(n):
        for _ in range(n):
            fj(xj).block_until_ready()

    def s_handlers(n):                   # execute_sharded + consume_with_handlers
        b = [x.data]
        for _ in range(n):
            ex(b).consume_with_handlers(handlers)

    def s_whatif(n):                     # a leaner __call__: same checks, handlers, inline
        for _ in range(n):
            if TR.current() is not None:
                raise AssertionError
            e = cache[tuple([a._sig for a in args])]
            b = [a.data for a in args]
            for d in b:
                if type(d) is np.ndarray or type(d) is Value:
                    raise AssertionError
            wrap(ex(b).consume_with_handlers(handlers)[0], e.templates[0]).data.block_until_ready()

    rows = [
        ("trace check + key + cache lookup", s_key),
        ("... + buffer list and type checks", s_bufs),
        ("execute_sharded alone", s_exec),
        ("execute_sharded + disassemble_into_single_device_arrays + [r[0]...]", s_disasm),
        ("Executable.__call__ (the above, in its own frame)", s_exe_call),
        ("_wrap alone (output Tensor)", s_wrap),
        ("block_until_ready on a ready buffer", s_block_ready),
        ("nx: f(x)", s_call),
        ("nx: f(x).data.block_until_ready()", s_call_block),
        ("jax: f(x)", s_jax),
        ("jax: f(x).block_until_ready()", s_jax_block),
    ]
    if handlers is not None:
        rows += [("what-if: execute_sharded + consume_with_handlers (prebuilt C++ handler)",
                  s_handlers),
                 ("what-if: lean __call__ with prebuilt handler, + block", s_whatif)]
    samples = {k: [] for k, _ in rows}
    base = []
    for r in range(reps):
        k = r % len(rows)
        for name, fn in rows[k:] + rows[:k]:
            gc.disable()
            try:
                t = perf()
                fn(n)
                samples[name].append((perf() - t) / n)
            finally:
                gc.enable()
        t = perf()
        s_empty(n)
        base.append((perf() - t) / n)
    # min over repetitions: these are intrinsic costs, and on a shared machine contention
    # only ever adds time (the benchmark tables use medians)
    b = min(base)
    out = {k: max(min(v) - b, 0.0) for k, v in samples.items()}
    out["(derived) disassemble + list = row 4 - row 3"] = max(
        out["execute_sharded + disassemble_into_single_device_arrays + [r[0]...]"]
        - out["execute_sharded alone"], 0.0)
    out["(derived) Jit.__call__ Python overhead = f(x) - Executable.__call__"] = max(
        out["nx: f(x)"] - out["Executable.__call__ (the above, in its own frame)"], 0.0)
    # cProfile view of the same path (inflates Python frames; for shape, not for numbers)
    import cProfile
    import io
    import pstats
    pr = cProfile.Profile()
    pr.enable()
    s_call_block(n)
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(10)
    return out, s.getvalue()


def profile_first(env, which, reps):
    """Splits nx's first call into its stages (and JAX's, for comparison)."""
    from nx.compiler.lower import lower, to_bytecode
    from nx.compiler.passes import run_default_pipeline
    from nx.defn import trace_module
    from nx.runtime import cache as C
    from nx.runtime import pjrt
    nx, jax, jnp = env.nx, env.jax, env.jnp
    host = np.linspace(-1, 1, 1024, dtype=np.float32)
    x, xj = env.nx_dev(host), env.jax_dev(host)
    mk_nx = (lambda: make_softmax(nx)) if which == "softmax" else (lambda: make_chain(nx, 300))
    mk_j = (lambda: make_softmax(jnp)) if which == "softmax" else (lambda: make_chain(jnp, 300))
    rows = {}

    def add(k, v):
        rows.setdefault(k, []).append(v)

    for _ in range(reps):
        C.clear_memory()
        gc.collect()
        fn = mk_nx()
        t0 = perf()
        module, _, _ = trace_module(fn, [x], {})
        t1 = perf()
        module = run_default_pipeline(module, None)
        t2 = perf()
        ctx, m = lower(module, debug_info=True)
        t3 = perf()
        with ctx:
            code = to_bytecode(m)
        t4 = perf()
        C.fingerprint(code, "cpu")
        t5 = perf()
        exe = pjrt.compile(code, "cpu", 1)
        t6 = perf()
        exe([x.data])[0].block_until_ready()
        t7 = perf()
        add("nx: trace (Python defn -> nx IR)", t1 - t0)
        add("nx: passes (canonicalize)", t2 - t1)
        add("nx: lower (nx IR -> StableHLO via MLIR bindings, + verify)", t3 - t2)
        add("nx: bytecode serialization", t4 - t3)
        add("nx: cache fingerprint (sha256)", t5 - t4)
        add("nx: XLA compile (compile_and_load)", t6 - t5)
        add("nx: first execute + block", t7 - t6)
        add("nx: sum of stages", t7 - t0)
        n_ops = len(module.main.body.ops)
        ctx2, m2 = lower(module, debug_info=False)
        with ctx2:
            code_nodbg = to_bytecode(m2)
        t8 = perf()
        pjrt.compile(code_nodbg, "cpu", 1)
        add("nx: XLA compile, module lowered without debug locations", perf() - t8)

        jax.clear_caches()
        gc.collect()
        fj = jax.jit(mk_j())
        t0 = perf()
        tr = fj.trace(xj)
        t1 = perf()
        lo = tr.lower()
        t2 = perf()
        co = lo.compile()
        t3 = perf()
        co(xj).block_until_ready()
        t4 = perf()
        add("jax: trace (Python -> jaxpr)", t1 - t0)
        add("jax: lower (jaxpr -> StableHLO)", t2 - t1)
        add("jax: compile (XLA)", t3 - t2)
        add("jax: first execute + block", t4 - t3)
        add("jax: sum of stages", t4 - t0)
        # XLA compile of JAX's StableHLO through nx's compile path: separates the module's
        # effect on compile time from the compile options'
        jtext = lo.as_text()
        t5 = perf()
        pjrt.compile(jtext, "cpu", 1)
        add("nx pjrt.compile of JAX's StableHLO (text)", perf() - t5)
    med = {k: (statistics.median(v), min(v)) for k, v in rows.items()}
    med["_nx_ops_after_passes"] = n_ops
    med["_nx_bytecode_bytes"] = len(code)
    med["_nx_bytecode_bytes_no_debug"] = len(code_nodbg)
    return med


def dump_hlo(results, env, d):
    os.makedirs(d, exist_ok=True)
    written = []
    for r in results:
        h = getattr(r, "hlo", None)
        if not h:
            continue
        f_nx, f_j, args_nx, args_j = h
        try:
            exe = next(iter(f_nx.cache.values())).run
            p = os.path.join(d, f"{r.name}.nx.hlo.txt")
            with open(p, "w") as fh:
                fh.write(exe.hlo_text())
            written.append(p)
            p = os.path.join(d, f"{r.name}.jax.hlo.txt")
            with open(p, "w") as fh:
                fh.write(f_j.lower(*args_j).compile().as_text())
            written.append(p)
        except Exception as e:  # noqa: BLE001
            print(f"hlo dump for {r.name} failed: {e}", file=sys.stderr)
    return written


# --------------------------------------------------------------------------------------------
# output


def fmt_t(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


def fmt_r(r):
    return "—" if r is None else f"{r:.2f}x"


def fmt_pair(p):
    return "—" if p is None else f"{p[0]:.2f}x [{p[1]:.2f}, {p[2]:.2f}]"


def table(results):
    lines = ["| benchmark | nx | JAX | NumPy | nx/JAX | nx/NumPy | paired nx/JAX [q1, q3] "
             "| reps | check |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        reps = "/".join(str(len(r.samples.get(k, []))) for k in ("nx", "jax", "numpy")
                        if k in r.samples)
        flag = "" if not r.truncated else " (budget)"
        lines.append(f"| {r.name} | {fmt_t(r.median('nx'))} | {fmt_t(r.median('jax'))} | "
                     f"{fmt_t(r.median('numpy')) if 'numpy' in r.samples else 'n/a'} | "
                     f"{fmt_r(r.ratio('nx', 'jax'))} | {fmt_r(r.ratio('nx', 'numpy'))} | "
                     f"{fmt_pair(r.paired('nx', 'jax'))} | {reps}{flag} | {r.check or '—'} |")
    return "\n".join(lines)


def meta(env, args):
    import jax
    import jaxlib
    return {"python": sys.version.split()[0], "platform": platform.platform(),
            "cpus": os.cpu_count(), "jax": jax.__version__, "jaxlib": jaxlib.__version__,
            "numpy": np.__version__, "nx": env.nx.__version__,
            "jax_device": str(jax.devices()[0]), "quick": args.quick,
            "time": time.strftime("%Y-%m-%d %H:%M:%S")}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer reps and smaller batches")
    ap.add_argument("--only", default=None,
                    help="benchmark name, prefix or comma list: "
                    + ", ".join(n for n, _ in BENCHMARKS))
    ap.add_argument("--json", default=None, metavar="PATH", help="write raw samples as JSON")
    ap.add_argument("--profile", action="store_true",
                    help="also profile nx's cached-call and first-call paths")
    ap.add_argument("--hlo-dir", default=None, help="write nx and JAX optimized HLO here")
    ap.add_argument("--list", action="store_true", help="list benchmark names and exit")
    args = ap.parse_args(argv)
    if args.list:
        print("\n".join(n for n, _ in BENCHMARKS))
        return 0
    sel = BENCHMARKS
    if args.only:
        want = [w.strip() for w in args.only.split(",") if w.strip()]
        sel = [(n, f) for n, f in BENCHMARKS if any(n == w or n.startswith(w) for w in want)]
        if not sel:
            ap.error(f"--only {args.only!r} matches none of: {', '.join(n for n, _ in BENCHMARKS)}")
    cfg = Cfg(args.quick)
    t_all = perf()
    env = Env()
    # Everything imported so far is long-lived: move it out of the collector's view, so the
    # gc.collect() before each timed batch costs microseconds instead of tens of milliseconds.
    gc.collect()
    gc.freeze()
    m = meta(env, args)
    print(f"# nxc benchmarks ({'quick' if args.quick else 'full'}): nx {m['nx']}, jax {m['jax']}, "
          f"numpy {m['numpy']}, {m['cpus']} cpus, {m['jax_device']}", flush=True)
    results = []
    for name, fn in sel:
        t = perf()
        print(f"... {name}", end="", flush=True)
        try:
            r = fn(env, cfg)
        except Exception as e:  # noqa: BLE001
            traceback.print_exc(file=sys.stderr)
            r = Result(name, "setup failed")
            r.errors["setup"] = f"{type(e).__name__}: {e}"[:300]
        results.append(r)
        print(f" {perf() - t:.1f}s  nx {fmt_t(r.median('nx'))}  jax {fmt_t(r.median('jax'))}"
              f"  nx/jax {fmt_r(r.ratio('nx', 'jax'))}", flush=True)
    print()
    print(table(results))
    print_problems(results)
    out = {"meta": m, "config": vars(cfg), "results": [r.to_json() for r in results]}
    if args.hlo_dir:
        out["hlo_files"] = dump_hlo(results, env, args.hlo_dir)
        print(f"\nHLO written: {', '.join(out['hlo_files'])}")
    if args.profile:
        print("\n## Profile: nx cached call (`x + 1.0`, f32[4]), per call, best of interleaved "
              "reps, loop overhead removed\n")
        try:
            t, prof = profile_dispatch(env, args.quick)
            print("| piece | time |\n|---|---:|")
            for k, v in t.items():
                print(f"| {k} | {fmt_t(v)} |")
            print("\ncProfile (tottime) of nx f(x).data.block_until_ready():\n```")
            print(prof.strip())
            print("```")
            out["profile_dispatch_s"] = t
        except Exception:  # noqa: BLE001
            traceback.print_exc()
        for which in ("softmax", "chain"):
            try:
                med = profile_first(env, which, 2 if args.quick else 5)
            except Exception:  # noqa: BLE001
                traceback.print_exc()
                continue
            print(f"\n## Profile: first call, {which} (nx and JAX stages alternate per rep)\n")
            print("| stage | median | min |\n|---|---:|---:|")
            for k, v in med.items():
                if k.startswith("_"):
                    print(f"| {k[1:]} | {v} | |")
                else:
                    print(f"| {k} | {fmt_t(v[0])} | {fmt_t(v[1])} |")
            out[f"profile_first_{which}_s"] = med
    total = perf() - t_all
    out["meta"]["total_s"] = total
    print(f"\ntotal {total:.1f}s")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1, default=str)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
