"""benchmarks/run.py --profile and --hlo-dir: where the nx time goes in a cached call and in a
first call (stage by stage, interleaved with JAX), and the optimized HLO that XLA ran for nx
and for JAX.
"""
from __future__ import annotations

import gc
import os
import statistics
import sys

import numpy as np

from harness import perf
from workloads import make_chain, make_softmax

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


# --------------------------------------------------------------------------------------------
# --hlo-dir: the optimized HLO of each benchmark that keeps one, nx and JAX


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

