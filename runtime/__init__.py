"""Runtime: PJRT clients, device buffers, executables, caches, and the NumPy evaluator."""
from __future__ import annotations


def compile_module(module, platform="cpu", debug_info=True, passes=None, device=0,
                   lowering="native"):
    """nx module -> (passes) -> StableHLO -> PJRT executable for local device `device` of
    `platform`, through the disk cache. The one way the library compiles a program with XLA.
    `lowering="portable"` lowers every op to pure StableHLO (no LAPACK custom calls)."""
    from nx.compiler.lower import lower, to_bytecode
    from nx.compiler.passes import run_default_pipeline

    from . import cache, pjrt

    module = run_default_pipeline(module, passes)
    callbacks = _host_callbacks(module, platform)
    ctx, m = lower(module, debug_info=debug_info, platform=platform, lowering=lowering)
    outs = module.main.result_types
    if callbacks:
        # process-local Python functions: compiled here, never stored in the disk cache
        exe = pjrt.compile(m, platform, len(outs), device, callbacks=callbacks)
    else:
        with ctx:
            code = to_bytecode(m)
        exe = cache.compile_cached(code, platform, len(outs), device)
    exe.set_outputs([(t.shape, t.dtype.dtype) for t in outs])
    return exe


def _host_callbacks(module, platform):
    """The Python functions of the module's `nx.hook` ops, in the order of their `index`
    attribute (set here: the position in the list given to the compiler)."""
    from nx.dialects.nx.ops.hooks import CALLBACKS, hook_ops
    out = []
    for op in hook_ops(module):
        op.attrs["index"] = len(out)
        op.attrs["platform"] = platform
        out.append(_passing_through(CALLBACKS[op.attrs["callback"]]))
    return out


def _passing_through(fun):
    # the lowered call's first operand and result is the token ordering the hooks of its
    # block (dialects/nx/ops/hooks.py): passed back as it came
    def call(token, *arrays):
        fun(*arrays)
        return (token, *arrays)
    return call
