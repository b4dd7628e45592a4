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

import argparse
import gc
import json
import sys
import traceback

# harness first: it sets the environment nx must see when it is imported (no disk cache)
from harness import (
    Cfg,
    Env,
    Result,
    fmt_pair,
    fmt_r,
    fmt_t,
    interleaved,
    meta,
    perf,
    print_problems,
    table,
)
from harness import check as _check
from harness import close as _close
from harness import iqr as _iqr
from harness import no_gc as _no_gc
from harness import timed as _timed
from profiling import dump_hlo, profile_dispatch, profile_first
from workloads import (
    BENCHMARKS,
    bench_dispatch,
    bench_eager,
    bench_first,
    bench_loop,
    bench_mlp_grad,
    bench_steady,
    bench_train,
    bench_vectorized,
    compare_vectorized,
    make_chain,
    make_fusion,
    make_matmul_tanh,
    make_mlp_loss,
    make_softmax,
    mlp_data,
    mlp_fns,
    numpy_fusion,
    standardize_dot_workload,
)
from workloads import mlp_flat as _mlp_flat

# The CLI (main) and every name this module held before the harness (benchmarks/harness.py),
# the workloads (workloads.py) and the profiling (profiling.py) moved out: other scripts import
# them from run (vectorize_bench.py, eager_composite_bench.py, passes.py).
__all__ = ["main", "Cfg", "Env", "Result", "interleaved", "perf", "print_problems", "table",
           "fmt_t", "fmt_r", "fmt_pair", "meta", "dump_hlo", "profile_dispatch", "profile_first",
           "BENCHMARKS", "bench_dispatch", "bench_eager", "bench_first", "bench_loop",
           "bench_mlp_grad", "bench_steady", "bench_train", "bench_vectorized",
           "compare_vectorized", "make_chain", "make_fusion", "make_matmul_tanh", "make_mlp_loss",
           "make_softmax", "mlp_data", "mlp_fns", "numpy_fusion", "standardize_dot_workload",
           "_check", "_close", "_iqr", "_no_gc", "_timed", "_mlp_flat"]


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
