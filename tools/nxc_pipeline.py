"""nxc's pipeline steps (see tools/nxc.py): pass pipelines checked and run (a pass that
leaves invalid IR, or a plugin's pass that raises, is a user error naming it), lowering to
StableHLO and compiling with PJRT, each failure one line."""
from __future__ import annotations

import sys

from .nxc_errors import NxcError, locate_message, one_line, user_exception

# --- pipeline helpers --------------------------------------------------------------------------

def pipeline_names(text):
    """Checks a textual pipeline (`a,b{opt=v},c`, `builtin.module(...)`, `default`) and returns
    its items, options included."""
    from nx.compiler.passes import PipelineError, parse_pipeline
    from nx.compiler.passes import expand_pipeline as expand
    try:
        parse_pipeline(text)
        return expand(text)
    except PipelineError as e:
        raise NxcError(str(e)) from None


def check_pass_names(names):
    """--print-ir-before/--print-ir-after name passes: each must be registered."""
    from nx.compiler.passes import PASSES, load_builtin_passes
    load_builtin_passes()
    for n in names:
        if n not in PASSES:
            raise NxcError(f"unknown pass {n!r}; registered passes: {', '.join(sorted(PASSES))}")


def _pass_manager(names, args, verify_each=True):
    from nx.compiler.passes import PassManager
    before = flat(getattr(args, "print_ir_before", None))
    after = flat(getattr(args, "print_ir_after", None))
    check_pass_names(before + after)
    return PassManager(",".join(names), verify_each=verify_each,
                       print_after_all=getattr(args, "print_ir_after_all", False),
                       print_before_all=getattr(args, "print_ir_before_all", False),
                       print_before=before, print_after=after,
                       timing=getattr(args, "timing", False), out=sys.stderr)


def flat(items):
    out = []
    for x in items or []:
        out.extend(p.strip() for p in x.split(",") if p.strip())
    return out


def run_passes(module, names, args, verify_each=True):
    """Runs the passes `names`. A pass that leaves IR that does not verify is an error naming
    it (`the IR after pass 'p' does not verify: ...`); so is an exception raised by a plugin's
    pass, placed at the line of the plugin that raised it."""
    from nx.compiler.passes import PassVerificationError
    from nx.compiler.verifier import VerificationError
    pm = _pass_manager(names, args, verify_each)
    try:
        return pm.run(module)
    except PassVerificationError as e:
        raise NxcError(locate_message(str(e))) from None
    except VerificationError as e:   # raised by a pass itself (one that calls verify)
        raise NxcError(f"pass {pm.running!r} failed: {locate_message(str(e))}") from None
    except NxcError:
        raise
    except Exception as e:  # noqa: BLE001 - a plugin's pass failing is the user's error
        src = _plugin_source(pm)
        if src is None:
            raise   # a built-in pass failing: an internal error
        raise NxcError(f"pass {pm.running!r} failed: {user_exception(e, src)}") from None


def _plugin_source(pm):
    """The file of the running pass when it is not one of nxc's own (a plugin's pass)."""
    import inspect

    from nx.compiler import passes as P
    if pm.running is None:
        return None
    for p in pm.passes:
        if P.pass_label(p) == pm.running and not P.is_builtin(p):
            try:
                return inspect.getsourcefile(getattr(p, "func", p))
            except TypeError:
                return None
    return None


def default_pipeline():
    from nx.compiler.passes import DEFAULT_PIPELINE
    return pipeline_names(DEFAULT_PIPELINE)


def lower_module(module, debug_info, platform="cpu", lowering="native"):
    from nx.compiler.lower import LOWERINGS, LoweringError, lower
    if lowering not in LOWERINGS:
        raise NxcError(f"unknown lowering {lowering!r}; lowerings: " + ", ".join(LOWERINGS))
    try:
        from jaxlib.mlir.ir import MLIRError
    except ImportError:  # pragma: no cover
        MLIRError = LoweringError
    try:
        return lower(module, debug_info=debug_info, platform=platform, lowering=lowering)
    except (LoweringError, MLIRError) as e:
        raise NxcError(f"lowering to StableHLO failed: {one_line(e)}") from None
    except KeyError as e:
        raise NxcError(f"lowering to StableHLO failed: {e.args[0] if e.args else e}") from None


def xla_errors():
    try:
        from jax.errors import JaxRuntimeError
        return (JaxRuntimeError,)
    except ImportError:  # pragma: no cover
        return ()


def compile_exe(module, platform, debug_info=True, lowering="native"):
    """Lowers (already passed) `module` and compiles it with PJRT."""
    from nx.compiler.lower import to_bytecode
    from nx.runtime import pjrt
    ctx, m = lower_module(module, debug_info, platform, lowering)
    with ctx:
        code = to_bytecode(m)
    try:
        pjrt.client(platform)
    except RuntimeError as e:
        raise NxcError(str(e)) from None
    try:
        return pjrt.compile(code, platform, len(module.main.result_types))
    except xla_errors() as e:
        raise NxcError(f"XLA compilation failed: {one_line(e)}") from None

