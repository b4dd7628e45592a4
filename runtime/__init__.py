"""Runtime: PJRT clients, device buffers, executables, caches, and the NumPy evaluator."""
from __future__ import annotations


def compile_module(module, platform="cpu", debug_info=True, passes=None):
    """nx module -> (passes) -> StableHLO -> PJRT executable, through the disk cache."""
    from nx.compiler.lower import lower, to_bytecode
    from nx.compiler.passes import run_default_pipeline

    from . import cache, pjrt

    module = run_default_pipeline(module, passes)
    ctx, m = lower(module, debug_info=debug_info)
    with ctx:
        code = to_bytecode(m)
    outs = module.main.result_types
    exe = cache.compile_cached(code, platform, len(outs))
    exe.set_outputs([(t.shape, t.dtype.dtype) for t in outs])
    return exe
