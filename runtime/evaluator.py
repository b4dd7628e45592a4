"""The evaluator: runs nx IR on the NumPy kernels of the op registry (Nx.Defn.Evaluator).

Same IR, same passes as the XLA path; only the last step differs. Useful as a reference and
for debugging: `evaluate(module, args, observe=...)` calls an observer with every node as it
is evaluated (each op, with its operands' and results' arrays), which is how the front end
implements Nx's `debug_options` report (nx/_node_report.py).
"""
from __future__ import annotations

import numpy as np

from nx.dialects.nx import registry


def _run_block(block, env, debug):
    for op in block.ops:
        if op.name in ("func.return", "nx.yield"):
            return [env[v] for v in op.operands]
        d = registry.get(op.name)
        args = [env[v] for v in op.operands]
        if op.regions:
            regions = [_region_fn(r.block, env, debug) for r in op.regions]
            res = d.kernel(op.attrs, op.result_types, *args, regions=regions)
        else:
            res = d.kernel(op.attrs, op.result_types, *args)
        if not isinstance(res, (list, tuple)):
            res = [res]
        arrs = []
        for v, r, t in zip(op.results, res, op.result_types):
            arr = np.asarray(r).reshape(t.shape)
            env[v] = arr
            arrs.append(arr)
        if debug is not None and op.name != "nx.constant":
            debug.op(op, args, arrs)
    raise RuntimeError("block without terminator")


def _region_fn(block, env, debug):
    def run(*args):
        local = dict(env)
        for a, x in zip(block.args, args):
            local[a] = x
        return _run_block(block, local, debug)
    return run


def evaluate(module, args, observe=None):
    """Runs `module`'s main function on NumPy arrays; returns the list of result arrays.

    `observe(fn)` (optional) is called with the main function before it runs and returns an
    observer: its `op(op, operand_arrays, result_arrays)` is called after each op but
    constants (inside regions too, each time the region runs), and its `done(env)` at the end
    with the values of the function's arguments and results (`env[value] -> array`)."""
    fn = module.main
    env = {a: np.asarray(x) for a, x in zip(fn.args, args)}
    obs = observe(fn) if observe is not None else None
    out = _run_block(fn.body, env, obs)
    if obs is not None:
        obs.done(env)
    return out
