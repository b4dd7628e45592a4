#!/usr/bin/env python
"""Eager composite functions (nx.random, nx.linalg) called outside a defn, nx vs JAX eager.

    python benchmarks/eager_composite_bench.py            # every row (~2 min on 2 cores)
    python benchmarks/eager_composite_bench.py --quick    # fewer repetitions
    python benchmarks/eager_composite_bench.py --only normal,qr   # rows by name or prefix
    python benchmarks/eager_composite_bench.py --json out.json

Nx defines Nx.Random and most of Nx.LinAlg with `defn`, so an eager call is one cached
compiled program per signature; so does nx (nx/_eager.py). Each row is an eager call as a
notebook makes it, on default settings (the "numpy" backend unless the row says "xla"),
followed by reading its value to the host (`nx.to_number` / `np.asarray`; `float` /
`np.asarray` for JAX), against the same call with JAX eager (`jax.random.*`, `jnp.linalg.*`
on device arrays). `coin_flips` is the seed notebook's whole simulation: 10 + 100 + 1,000 +
10,000 flips, each `Nx.Random.uniform` eagerly and `Nx.to_number` of the value, against the
same loop in JAX (`jax.random.split` + `uniform` + `float`). Bar: every row within 2x of JAX.

The harness is benchmarks/run.py's: interleaved repetitions cycling through both orders,
medians, ratios of medians and the paired per-repetition ratio, GC off during a timed batch.
"""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import Cfg, Env, Result, _no_gc, _timed, interleaved, perf, print_problems, table  # noqa: E402

BAR = 2.0
FLIPS = (10, 100, 1000, 10000)


def _read(x):
    """Reads a result to the host (nx tensors, JAX arrays, tuples of them)."""
    if isinstance(x, (tuple, list)):
        return [_read(y) for y in x]
    return np.asarray(x)


def _close(res, a, b, rtol=1e-4, atol=1e-4):
    try:
        a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
        ok = a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)
        res.check = "ok" if ok else f"mismatch: {a.ravel()[:4]} vs {b.ravel()[:4]}"
    except Exception as e:  # noqa: BLE001
        res.check = f"check failed: {type(e).__name__}: {e}"[:200]


def rows(env):
    """name -> (what, nx call, jax call, check(res) or None). Every call reads its value."""
    nx, jax = env.nx, env.jax
    jr = jax.random
    key = nx.random.key(42)
    jkey = jr.PRNGKey(42)
    rng = np.random.default_rng(0)
    a8 = rng.standard_normal((8, 8)).astype(np.float32)
    spd8 = (a8 @ a8.T + 8 * np.eye(8)).astype(np.float32)
    b8 = rng.standard_normal(8).astype(np.float32)
    perm = nx.iota((100,))
    perm_j = jax.device_put(np.arange(100, dtype=np.int32))
    state = {"nx": key, "jax": jkey}

    def flip_nx():
        value, state["nx"] = nx.random.uniform(state["nx"])
        return nx.to_number(value)

    def flip_j():
        state["jax"], sub = jr.split(state["jax"])
        return float(jr.uniform(sub))

    def sim_nx():
        out = []
        for n in FLIPS:
            k, heads = key, 0
            for _ in range(n):
                value, k = nx.random.uniform(k)
                heads += 0 if nx.to_number(value) < 0.5 else 1
            out.append(heads)
        return out

    def sim_j():
        out = []
        for n in FLIPS:
            k, heads = jkey, 0
            for _ in range(n):
                k, sub = jr.split(k)
                heads += 0 if float(jr.uniform(sub)) < 0.5 else 1
            out.append(heads)
        return out

    def split_check(res):
        old = jax.config.jax_threefry_partitionable
        jax.config.update("jax_threefry_partitionable", False)   # Nx's counter layout
        try:
            _close(res, nx.random.split(key), jr.split(jkey), rtol=0, atol=0)
        finally:
            jax.config.update("jax_threefry_partitionable", old)

    def sim_check(res):
        got = sim_nx()
        res.check = "ok" if got == [6, 49, 501, 5025] else f"mismatch: {got} (seed: 6 49 501 5025)"

    return {
        "normal": ("`nx.random.normal(key)`, f32 scalar, + `nx.to_number`",
                   lambda: nx.to_number(nx.random.normal(key)[0]),
                   lambda: float(jr.normal(jkey)), None),
        "uniform_split": ("coin-flip step: `value, key = nx.random.uniform(key)` + "
                          "`nx.to_number` (JAX: `split` + `uniform` + `float`)",
                          flip_nx, flip_j, None),
        "split": ("`nx.random.split(key)` (u32[2][2]) + read",
                  lambda: _read(nx.random.split(key)), lambda: _read(jr.split(jkey)),
                  split_check),
        "randint": ("`nx.random.randint(key, 0, 100)` + `nx.to_number`",
                    lambda: nx.to_number(nx.random.randint(key, 0, 100)[0]),
                    lambda: int(jr.randint(jkey, (), 0, 100)), None),
        "shuffle": ("`nx.random.shuffle(key, iota(100))` + read (JAX: `permutation`)",
                    lambda: _read(nx.random.shuffle(key, perm)[0]),
                    lambda: _read(jr.permutation(jkey, perm_j)), None),
        **linalg_rows(env, a8, spd8, b8),
        "coin_flips": ("the notebook's simulation: 11,110 eager `uniform` + `to_number` "
                       "(JAX: `split` + `uniform` + `float`)", sim_nx, sim_j, sim_check),
    }


def linalg_rows(env, a8, spd8, b8):
    """The nx.linalg rows: f32[8][8] operands (a general matrix, a symmetric positive-definite
    one, a vector, the SPD matrix's Cholesky factor), each on the numpy backend (the default)
    and on the xla backend (`<name>_xla`; `qr_numpy` keeps its name), against jnp.linalg /
    jax.scipy.linalg. Checks: against JAX's result, or a reconstruction where Nx's conventions
    differ from JAX's (qr and lu factors, eigh's order and signs)."""
    nx, jax, jnp = env.nx, env.jax, env.jnp
    L, jsl = nx.linalg, jax.scipy.linalg
    low8 = np.linalg.cholesky(spd8.astype(np.float64)).astype(np.float32)
    arrays = {"a": a8, "spd": spd8, "b": b8, "low": low8}
    jargs = {k: jax.device_put(v) for k, v in arrays.items()}

    def qr_ok(got, _):
        return got[0] @ got[1], a8

    def eigh_ok(got, ref):
        return np.sort(got[0]), ref[0]

    def lu_ok(got, _):
        return got[0] @ got[1] @ got[2], a8
    # name: (what, nx function, JAX function, operands, (nx result, JAX result) -> compared)
    specs = {
        "qr": ("`nx.linalg.qr`", L.qr, jnp.linalg.qr, ("a",), qr_ok),
        "solve": ("`nx.linalg.solve` (and f32[8])", L.solve, jnp.linalg.solve, ("spd", "b"),
                  None),
        "eigh": ("`nx.linalg.eigh`", L.eigh, jnp.linalg.eigh, ("spd",), eigh_ok),
        "svd": ("`nx.linalg.svd`", L.svd, jnp.linalg.svd, ("a",),
                lambda got, ref: (got[1], ref[1])),
        "cholesky": ("`nx.linalg.cholesky`", L.cholesky, jnp.linalg.cholesky, ("spd",), None),
        "triangular_solve": ("`nx.linalg.triangular_solve` (lower, and f32[8]; JAX: "
                             "`solve_triangular`)", L.triangular_solve,
                             lambda a, b: jsl.solve_triangular(a, b, lower=True),
                             ("low", "b"), None),
        "lu": ("`nx.linalg.lu` (JAX: `jax.scipy.linalg.lu`)", L.lu, jsl.lu, ("a",), lu_ok),
        "determinant": ("`nx.linalg.determinant` (JAX: `det`)", L.determinant, jnp.linalg.det,
                        ("a",), None),
        "invert": ("`nx.linalg.invert` (JAX: `inv`)", L.invert, jnp.linalg.inv, ("a",), None),
    }
    out = {}
    for name, (what, f_nx, f_j, names, compared) in specs.items():
        jx = [jargs[k] for k in names]
        for backend in ("numpy", "xla"):
            xs = [nx.tensor(arrays[k], backend=backend) for k in names]

            def check(res, f_nx=f_nx, f_j=f_j, xs=xs, jx=jx, compared=compared):
                got, ref = _read(f_nx(*xs)), _read(f_j(*jx))
                _close(res, *(compared(got, ref) if compared else (got, ref)))
            key = name if backend == "numpy" else name + "_xla"
            key = "qr_numpy" if key == "qr" else key
            out[key] = (f"{what} f32[8][8], {backend} backend, + read",
                        lambda f=f_nx, xs=xs: _read(f(*xs)), lambda f=f_j, jx=jx: _read(f(*jx)),
                        check)
    return out


def bench_row(name, spec, cfg, quick):
    what, f_nx, f_j, check = spec
    res = Result(name, what, "per call")
    for _ in range(3):   # compile and warm up
        f_nx()
        f_j()
    if check is not None:
        check(res)
    if name == "coin_flips":
        def once(f):
            def run():
                t = perf()
                f()
                return perf() - t
            return lambda: _no_gc(run)
        impls = {"nx": once(f_nx), "jax": once(f_j)}
        reps = 2 if quick else 6
    else:
        n = 50 if quick else 100
        impls = {"nx": _timed(f_nx, n), "jax": _timed(f_j, n)}
        reps = 10 if quick else 30
    interleaved(res, impls, reps, cfg)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", default=None, help="row names or prefixes, comma separated")
    ap.add_argument("--json", default=None, metavar="PATH", help="write raw samples as JSON")
    args = ap.parse_args(argv)
    cfg = Cfg(args.quick)
    env = Env()
    specs = rows(env)
    if args.only:
        want = [w.strip() for w in args.only.split(",") if w.strip()]
        specs = {k: v for k, v in specs.items() if any(k == w or k.startswith(w) for w in want)}
    results = []
    for name, spec in specs.items():
        t = perf()
        results.append(bench_row(name, spec, cfg, args.quick))
        print(f"# {name}: {perf() - t:.1f}s", file=sys.stderr)
    print(f"eager composite calls, nx (default settings: {env.nx.default_backend()} backend) vs "
          f"JAX eager ({env.jax.devices()[0].platform}, jax {env.jax.__version__}); medians of "
          f"interleaved repetitions; bar: nx/JAX <= {BAR:.0f}x\n")
    print(table(results))
    print()
    for r in results:
        ratio = r.ratio("nx", "jax")
        if ratio is not None and ratio > BAR:
            print(f"- {r.name}: over the bar ({ratio:.2f}x JAX)")
    print_problems(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump([r.to_json() for r in results], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
