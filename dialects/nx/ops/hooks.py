"""Runtime hooks: `nx.hook` calls a Python function with tensor values while a compiled program
runs (Nx's hooks; `nx.print_value` is one), then passes the values on unchanged.

- `nx.hook %x... {callback = "name"}`: results are the operands. `callback` names a function in
  `CALLBACKS` (process-local: a module with hooks is compiled with its callbacks and never
  stored in the disk cache). The lowering is a side-effecting `stablehlo.custom_call` to the
  PJRT client's Python-callback target; its `index` attribute (set by the runtime just before
  lowering) is the callback's position in the list given to the compiler. A `!stablehlo.token`
  threaded through the hooks of each block (first operand and result of each call) keeps them
  in program order.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..registry import OpError, batch_rule, define

CALLBACKS: dict[str, object] = {}
_ids = itertools.count()


def hook_ops(module):
    """The `nx.hook` ops of every function of `module`, in program order (regions included)."""
    from nx.compiler.ir import walk
    return [op for f in module.functions for op in walk(f.body) if op.name == "nx.hook"]


def register(fun, label="hook"):
    """Stores `fun` (called with NumPy arrays) and returns its name for the `callback` attr."""
    name = f"{label}#{next(_ids)}"
    CALLBACKS[name] = fun
    return name


def _hook_infer(in_types, attrs):
    if not in_types:
        raise OpError("nx.hook: expects at least one operand")
    name = attrs.get("callback")
    if not isinstance(name, str):
        raise OpError(f"nx.hook: expects a string callback attribute, got {name!r}")
    return list(in_types)


def _hook_kernel(attrs, outs, *xs):
    fun = CALLBACKS.get(attrs["callback"])
    if fun is None:
        raise OpError(f"nx.hook: callback {attrs['callback']!r} is not registered in this "
                      f"process (hooks cannot run in a program loaded from elsewhere)")
    fun(*[np.asarray(x) for x in xs])
    return [x.copy() for x in xs]


def _block_token(ctx, hlo):
    """The token that orders the hooks of the MLIR block being built: the last hook's, or a new
    one for the block's first hook. Side-effecting custom calls that do not depend on each
    other may run in any order in XLA; threading one token through them keeps program order
    (the order the hooks were traced in), as Nx's hooks run."""
    from jaxlib.mlir import ir
    blk = ir.InsertionPoint.current.block
    toks = ctx.__dict__.setdefault("_hook_tokens", {})
    tok = toks.get(blk)
    if tok is None:
        tok = hlo.CreateTokenOp().result
    return blk, toks, tok


def _hook_lower(ctx, op, *xs):
    from jaxlib.mlir import ir
    if "index" not in op.attrs:
        raise OpError("nx.hook: no callback index: compile hooks through nx.runtime")
    platform = op.attrs.get("platform", "cpu")
    target = "xla_ffi_python_gpu_callback" if platform in ("cuda", "gpu", "rocm") else \
        "xla_ffi_python_cpu_callback"
    types = [ctx.ttype(v.type) for v in op.operands]
    cfg = ir.DictAttr.get({"index": ir.IntegerAttr.get(
        ir.IntegerType.get_unsigned(64), int(op.attrs["index"]))})
    blk, toks, tok = _block_token(ctx, ctx.hlo)
    # the token is the callback's first operand and result (the runtime's callback passes it
    # through: runtime._host_callbacks)
    call = ctx.hlo.CustomCallOp([ctx.hlo.TokenType.get()] + types, [tok] + list(xs),
                                call_target_name=target,
                                has_side_effect=ir.BoolAttr.get(True),
                                api_version=ir.IntegerAttr.get(ir.IntegerType.get_signless(32), 4),
                                backend_config=cfg)
    toks[blk] = call.results[0]
    return list(call.results)[1:]


def _hook_grad(nx, op, inputs, ans, g):
    return list(g) if isinstance(g, list) else [g]


define("hook", batch=batch_rule("same_plain"), infer=_hook_infer, kernel=_hook_kernel,
       lower=_hook_lower, grad=_hook_grad, pure=False, family="control",
       doc="Calls the registered Python function `callback` with the operands' values at run "
           "time (from compiled code too), then returns the operands unchanged.")
