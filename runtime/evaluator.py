"""The evaluator: runs nx IR on the NumPy kernels of the op registry (Nx.Defn.Evaluator).

Same IR, same passes as the XLA path; only the last step differs. Useful as a reference and
for debugging with Nx's `debug_options` (`nx.jit(f, compiler="evaluator",
debug_options={"inspect_limit": n, "save_path": dir})`): every node (each parameter and op;
constants are not nodes, as in Nx) is reported once per run, the first time it is evaluated,
as Nx 0.10's evaluator reports it:

    Node ID: 2
    Operation: :add
    Args:
    nx.Tensor<
      s32[2]
    <BLANKLINE>
      Nx.Defn.Expr<0>
      parameter a:0   s32[2]
    >
    ...
    Result:
    nx.Tensor<
      s32[2]
      [4, 6]
    >

Each argument prints as its expression (`Nx.Defn.Expr<id>`, the id of the node that computes
it; a constant as its number), the result in the tensor inspect format, both with
`inspect_limit` (Nx's inspect limit, 50 unless given). With `save_path`, each node goes to its
own file `node_<id>.txt` in that folder (created if needed) instead of standard output. Node
ids are positions in the compiled program (parameters first), stable from run to run.
"""
from __future__ import annotations

import os

import numpy as np

from nx.dialects.nx import registry


class _Debug:
    """The state of one debugged run: node ids, the nodes already reported."""

    def __init__(self, fn, options):
        from nx.compiler.ir import walk
        self.options = options
        self.limit = options.get("inspect_limit")
        if self.limit == "infinity":
            self.limit = None
        elif self.limit is None:
            from nx.inspect import LIMIT
            self.limit = LIMIT
        self.save_path = options.get("save_path")
        if self.save_path is not None:
            os.makedirs(self.save_path, exist_ok=True)
        self.ids = {}
        for a in fn.args:
            self.ids[a] = len(self.ids)
        ops = list(walk(fn.body))
        for op in ops:
            if op.name not in ("func.return", "nx.yield", "nx.constant"):
                self.ids[op] = len(self.ids)
        self.params = {a: i for i, a in enumerate(fn.args)}
        from nx.debug import _uses
        self.uses = _uses(ops)
        self.printed = set()

    def _value_id(self, v):
        from nx.compiler.ir import Operation
        owner = v.owner
        return self.ids.get(owner if isinstance(owner, Operation) else v)

    def _result(self, arr, t):
        from nx.inspect import inspect
        return inspect(tuple(t.shape), t.dtype, None, (), arr, limit=self.limit)

    def report(self, key, op_name, args, results):
        if key in self.printed:
            return
        self.printed.add(key)
        node_id = self.ids[key]
        lines = [f"Node ID: {node_id}", f"Operation: :{op_name}", "Args:"]
        lines.extend(args)
        lines.append("Result:")
        if len(results) == 1:
            lines.append(self._result(*results[0]))
        else:
            lines.append("{" + ", ".join(self._result(a, t) for a, t in results) + "}")
        text = "\n".join(lines)
        if self.save_path is not None:
            with open(os.path.join(self.save_path, f"node_{node_id}.txt"), "w") as f:
                f.write(text)
        else:
            print(text)

    def parameter(self, v, arr):
        self.report(v, "parameter", [str(self.params[v])], [(arr, v.type)])

    def op(self, op, inputs, arrs):
        from nx.debug import node_expr
        for v, x in zip(op.operands, inputs):   # a parameter is a node when first used
            if v in self.params and v not in self.printed:
                self.parameter(v, x)
        short = op.name.removeprefix("nx.")
        args = [node_expr(v, self.params, self.uses, self._value_id(v), self.limit)
                for v in op.operands]
        self.report(op, short, args, list(zip(arrs, op.result_types)))


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


def evaluate(module, args, debug=None):
    """Runs `module`'s main function on NumPy arrays; returns the list of result arrays.
    `debug` is Nx's `debug_options` (a dict with `inspect_limit` and `save_path`; `{}`
    prints every node with the defaults; None: no debugging)."""
    fn = module.main
    env = {a: np.asarray(x) for a, x in zip(fn.args, args)}
    dbg = None
    if debug is not None and debug is not False:
        from nx.defn import _debug_options
        dbg = _Debug(fn, _debug_options(debug, "nx.jit"))
    out = _run_block(fn.body, env, dbg)
    if dbg is not None:
        for v in fn.body.terminator.operands:   # a parameter returned as it is
            if v in dbg.params and v not in dbg.printed:
                dbg.parameter(v, env[v])
    return out
