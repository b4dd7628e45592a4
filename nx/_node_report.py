"""Nx's `debug_options` report for the evaluator (Nx.Defn.Evaluator's `:debug_options`).

`nx.jit(f, compiler="evaluator", debug_options={"inspect_limit": n, "save_path": dir})`:
every node (each parameter and op; constants are not nodes, as in Nx) is reported once per
run, the first time it is evaluated, as Nx 0.10's evaluator reports it:

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

The evaluator (runtime/evaluator.py) knows nothing of this format: it calls the observer
`observe(options)` returns.
"""
from __future__ import annotations

import os

from nx.compiler.ir import Operation, walk

from .debug import node_expr, use_counts
from .inspect import LIMIT, inspect

__all__ = ["observe"]


def observe(options):
    """The evaluator's `observe` argument for these (normalized) debug options."""
    return lambda fn: NodeReport(fn, options)


class NodeReport:
    """The state of one debugged run: node ids, the nodes already reported."""

    def __init__(self, fn, options):
        self.options = options
        self.limit = options.get("inspect_limit")
        if self.limit == "infinity":
            self.limit = None
        elif self.limit is None:
            self.limit = LIMIT
        self.save_path = options.get("save_path")
        if self.save_path is not None:
            os.makedirs(self.save_path, exist_ok=True)
        self.fn = fn
        self.ids = {}
        for a in fn.args:
            self.ids[a] = len(self.ids)
        ops = list(walk(fn.body))
        for op in ops:
            if op.name not in ("func.return", "nx.yield", "nx.constant"):
                self.ids[op] = len(self.ids)
        self.params = {a: i for i, a in enumerate(fn.args)}
        self.uses = use_counts(ops)
        self.printed = set()

    def _value_id(self, v):
        owner = v.owner
        return self.ids.get(owner if isinstance(owner, Operation) else v)

    def _result(self, arr, t):
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
        for v, x in zip(op.operands, inputs):   # a parameter is a node when first used
            if v in self.params and v not in self.printed:
                self.parameter(v, x)
        short = op.name.removeprefix("nx.")
        args = [node_expr(v, self.params, self.uses, self._value_id(v), self.limit)
                for v in op.operands]
        self.report(op, short, args, list(zip(arrs, op.result_types)))

    def done(self, env):
        for v in self.fn.body.terminator.operands:   # a parameter returned as it is
            if v in self.params and v not in self.printed:
                self.parameter(v, env[v])
