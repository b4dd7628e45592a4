"""The evaluator: runs nx IR on the NumPy kernels of the op registry (Nx.Defn.Evaluator).

Same IR, same passes as the XLA path; only the last step differs. Useful as a reference and
for debugging: `debug=True` prints every intermediate result, `debug="folder"` saves each as a
`.npy` file named after its position and op.
"""
from __future__ import annotations

import os

import numpy as np

from nx.dialects.nx import registry


def _run_block(block, env, debug, counter):
    for op in block.ops:
        if op.name in ("func.return", "nx.yield"):
            return [env[v] for v in op.operands]
        d = registry.get(op.name)
        args = [env[v] for v in op.operands]
        if op.regions:
            regions = [_region_fn(r.block, env, debug, counter) for r in op.regions]
            res = d.kernel(op.attrs, op.result_types, *args, regions=regions)
        else:
            res = d.kernel(op.attrs, op.result_types, *args)
        if not isinstance(res, (list, tuple)):
            res = [res]
        for v, r, t in zip(op.results, res, op.result_types):
            arr = np.asarray(r).reshape(t.shape)
            env[v] = arr
            if debug:
                _report(debug, counter, op, arr, t)
    raise RuntimeError("block without terminator")


def _region_fn(block, env, debug, counter):
    def run(*args):
        local = dict(env)
        for a, x in zip(block.args, args):
            local[a] = x
        return _run_block(block, local, debug, counter)
    return run


def _report(debug, counter, op, arr, t):
    counter[0] += 1
    where = f" ({op.loc.file}:{op.loc.line})" if op.loc is not None else ""
    if debug is True:
        print(f"[{counter[0]}] {op.name} -> {t}{where}\n{arr}")
    else:
        os.makedirs(debug, exist_ok=True)
        np.save(os.path.join(str(debug), f"{counter[0]:05d}_{op.name.replace('.', '_')}.npy"), arr)


def evaluate(module, args, debug=False):
    """Runs `module`'s main function on NumPy arrays; returns the list of result arrays."""
    fn = module.main
    env = {a: np.asarray(x) for a, x in zip(fn.args, args)}
    return _run_block(fn.body, env, debug, [0])
