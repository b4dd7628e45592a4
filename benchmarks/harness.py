"""The benchmark harness (benchmarks/run.py is the CLI, benchmarks/workloads.py what it measures):
the configuration, results with their medians and paired ratios, interleaved repetitions,
timing helpers, the output checks, the shared environment (nx, JAX) and the Markdown tables.
benchmarks/vectorize_bench.py and eager_composite_bench.py use it too (through run.py's names).
"""
from __future__ import annotations

import os

# Before nx is imported: first-call numbers must not come from nx's disk cache.
os.environ["NXC_DISK_CACHE"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import gc  # noqa: E402
import itertools  # noqa: E402
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
               "iqr_s": {k: iqr(v) for k, v in self.samples.items() if v},
               "ratio_nx_jax": self.ratio("nx", "jax"),
               "ratio_nx_numpy": self.ratio("nx", "numpy"),
               "paired_ratio_nx_jax_median_q1_q3": self.paired("nx", "jax"),
               "errors": self.errors, "notes": self.notes, "check": self.check,
               "truncated": self.truncated, "wall_s": self.wall}
        return out


def iqr(v):
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


def no_gc(fn):
    """Runs fn with the cyclic GC off (collected first), so a collection triggered by one
    implementation's garbage is not billed to another's sample."""
    gc.collect()
    gc.disable()
    try:
        return fn()
    finally:
        gc.enable()


def timed(call, n):
    """A sample: one settling call, then the time per call of `n` calls (cyclic GC off)."""
    def run():
        call()
        t = perf()
        for _ in range(n):
            call()
        return (perf() - t) / n
    return lambda: no_gc(run)


def close(a, b, rtol, atol):
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if not np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
        err = np.nanmax(np.abs(a - b))
        return f"max abs diff {err:.3g}"
    return None


def check(res, outs, rtol=1e-4, atol=1e-4):
    """outs: impl -> array. Compares every implementation with JAX's (or the first)."""
    try:
        ref_name = "jax" if "jax" in outs else next(iter(outs))
        bad = []
        for n, o in outs.items():
            if n == ref_name:
                continue
            m = close(o, outs[ref_name], rtol, atol)
            if m:
                bad.append(f"{n} vs {ref_name}: {m}")
        res.check = "ok" if not bad else "mismatch: " + "; ".join(bad)
    except Exception as e:  # noqa: BLE001
        res.check = f"check failed: {type(e).__name__}: {e}"[:200]


# --------------------------------------------------------------------------------------------
# what every benchmark shares: nx and JAX (Env), and the problems below a table


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


def print_problems(results):
    """The errors and notes of `results`, one line each, below a table."""
    for r in results:
        for k, v in r.errors.items():
            print(f"- {r.name}: {k} failed: {v}")
        for note in r.notes:
            print(f"- {r.name}: {note}")


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
