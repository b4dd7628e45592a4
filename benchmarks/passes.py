"""Pass-pipeline cost: the time of each pass of the default nx.jit pipeline on the MLP
value_and_grad program and on a 2,000-op program, against the XLA compile of the same programs.

    python benchmarks/passes.py [--reps 5] [--ops 2000] [--platform cpu]

Prints a markdown table (median over --reps runs, each on a freshly traced module). The goal:
the whole pipeline costs less than 20% of the XLA compile.
"""
from __future__ import annotations

import os
import sys

os.environ["NXC_DISK_CACHE"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from run import make_mlp_loss, mlp_data  # noqa: E402


def programs(n_ops):
    import nx
    params, x, y = mlp_data()
    p = [(nx.tensor(w), nx.tensor(b)) for w, b in params]
    xt, yt = nx.tensor(x), nx.tensor(y)
    loss = make_mlp_loss(nx)

    def mlp_value_and_grad(p, x, y):
        return nx.value_and_grad(p, lambda q: loss(q, x, y))

    def big(x):
        # n_ops ops: element-wise math, literals, shape ops, reductions and some redundancy
        h = x
        for i in range(n_ops // 14):
            a = nx.sin(h) * 1.01 + 0.1
            b = nx.transpose(nx.transpose(a))
            c = nx.exp(nx.negate(nx.negate(b))) * 1.0
            h = c - nx.mean(c) if i % 4 == 0 else nx.tanh(c)
        return h

    host = np.linspace(-1, 1, 1024, dtype=np.float32).reshape(32, 32)
    return [("MLP value_and_grad (784-512-512-10, batch 256)", mlp_value_and_grad, [p, xt, yt]),
            (f"{n_ops}-op program", big, [nx.tensor(host)])]


def measure(fun, args, reps, platform):
    from nx.compiler.lower import lower, to_bytecode
    from nx.compiler.passes import DEFAULT_PIPELINE, PassManager
    from nx.defn import trace_module
    from nx.runtime import pjrt
    per_pass, totals, xla, nops = {}, [], [], 0
    for _ in range(reps):
        module = trace_module(fun, args)[0]
        pm = PassManager(DEFAULT_PIPELINE, verify_each=False)
        t0 = time.perf_counter()
        module = pm.run(module)
        totals.append(time.perf_counter() - t0)
        for name, t in pm.times:
            per_pass.setdefault(name, []).append(t)
        from nx.compiler.ir import walk
        nops = sum(1 for _ in walk(module.main.body))
        ctx, m = lower(module, debug_info=False)
        with ctx:
            code = to_bytecode(m)
        t0 = time.perf_counter()
        pjrt.compile(code, platform, len(module.main.result_types))
        xla.append(time.perf_counter() - t0)
    return ({k: statistics.median(v) for k, v in per_pass.items()}, statistics.median(totals),
            statistics.median(xla), nops)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--ops", type=int, default=2000)
    ap.add_argument("--platform", default="cpu")
    a = ap.parse_args(argv)
    from nx.compiler.ir import walk
    from nx.defn import trace_module
    rows = []
    for title, fun, args in programs(a.ops):
        traced = sum(1 for _ in walk(trace_module(fun, args)[0].main.body))
        per, total, xla, after = measure(fun, args, a.reps, a.platform)
        rows.append((title, traced, after, per, total, xla))
    names = list(rows[0][3])
    print(f"Pass pipeline vs XLA compile ({a.platform}, median of {a.reps}; ms)\n")
    head = ["program", "ops traced", "ops after"] + names + ["pipeline total", "XLA compile",
                                                             "pipeline / XLA"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for title, traced, after, per, total, xla in rows:
        cells = [title, str(traced), str(after)] + [f"{per[n] * 1e3:.2f}" for n in names]
        cells += [f"{total * 1e3:.2f}", f"{xla * 1e3:.1f}", f"{100 * total / xla:.1f}%"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
