"""nxc's commands (see tools/nxc.py): dump, opt, lower, compile and run, each `cmd_*(args)`
taking the parsed command line and returning the exit status."""
from __future__ import annotations

import sys

from .nxc_args import parse_arg_spec, require_values
from .nxc_errors import NxcError, one_line
from .nxc_load import import_file, is_mlir, load_mlir, load_program
from .nxc_pipeline import (
    check_pass_names,
    compile_exe,
    default_pipeline,
    flat,
    lower_module,
    pipeline_names,
    run_passes,
    xla_errors,
)


def _write_output(path, data):
    if path in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    try:
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
    except OSError as e:
        raise NxcError(f"cannot write {path}: {e.strerror or e}") from None


def _specs(args):
    return [parse_arg_spec(a) for a in (args.arg or [])]


# --- commands ----------------------------------------------------------------------------------

def _item_name(item):
    """The pass name of a pipeline item (`split-stages{before=cos}` -> `split-stages`)."""
    return item.split("{", 1)[0].strip()


def cmd_dump(args):
    from nx.compiler.printer import print_module
    _load_plugins(args)
    custom = args.pass_pipeline is not None
    passes = pipeline_names(args.pass_pipeline) if custom else default_pipeline()
    pass_names = [_item_name(p) for p in passes]
    stages = list(dict.fromkeys(["nx"] + pass_names + ["stablehlo", "hlo"]))
    stage = args.stage
    if stage not in stages:
        which = " (the passes of --pass-pipeline)" if custom else ""
        raise NxcError(f"unknown stage {stage!r}; stages: {', '.join(stages)}{which}")
    check_pass_names(flat(args.print_ir_before) + flat(args.print_ir_after))
    prog = load_program(args.target, _specs(args))
    module = prog.module
    if stage == "nx":
        _write_output(args.output, print_module(module, generic=args.generic,
                                                debug_info=args.debug_info))
        return 0
    if stage not in ("stablehlo", "hlo"):
        passes = passes[:pass_names.index(stage) + 1]   # up to its first run
    module = run_passes(module, passes, args)
    if stage not in ("stablehlo", "hlo"):
        _write_output(args.output, print_module(module, generic=args.generic,
                                                debug_info=args.debug_info))
        return 0
    if stage == "stablehlo":
        from nx.compiler.lower import to_text
        ctx, m = lower_module(module, args.debug_info, args.platform, args.lowering)
        with ctx:
            text = to_text(m, debug_info=args.debug_info)
        _write_output(args.output, text if text.endswith("\n") else text + "\n")
        return 0
    exe = compile_exe(module, args.platform, args.debug_info, args.lowering)
    text = exe.hlo_text()
    _write_output(args.output, text if text.endswith("\n") else text + "\n")
    return 0


def _load_plugins(args):
    """Imports each --load-pass-plugin file, so the passes it registers can run."""
    for path in getattr(args, "load_pass_plugin", None) or []:
        import_file(path)


def cmd_opt(args):
    from nx.compiler.printer import print_module
    _load_plugins(args)
    names = pipeline_names(args.pass_pipeline or "")
    check_pass_names(flat(args.print_ir_before) + flat(args.print_ir_after))
    prog = load_mlir(args.file)
    module = run_passes(prog.module, names, args, verify_each=args.verify_each)
    _write_output(args.output, print_module(module, generic=args.generic,
                                            debug_info=args.debug_info))
    return 0


def cmd_lower(args):
    from nx.compiler.lower import to_text
    _load_plugins(args)
    names = (default_pipeline() if args.pass_pipeline is None
             else pipeline_names(args.pass_pipeline))
    prog = load_mlir(args.file)
    module = run_passes(prog.module, names, args)
    ctx, m = lower_module(module, args.debug_info, lowering=args.lowering)
    with ctx:
        text = to_text(m, debug_info=args.debug_info)
    _write_output(args.output, text if text.endswith("\n") else text + "\n")
    return 0


_FORMATS = {"executable": "executable", "exe": "executable", "stablehlo": "stablehlo",
            "mlirbc": "stablehlo", "iree": "iree", "vmfb": "iree"}


def _artifact_kind(args):
    """The artifact to write: --format if given (it must agree with a known suffix), else
    the output's suffix (.mlirbc, .exe, .vmfb); --target iree asks for an IREE module."""
    import os

    from nx.runtime.artifact import SUFFIXES
    ext = os.path.splitext(args.output)[1].lower()
    by_suffix = SUFFIXES.get(ext)
    if args.format is not None:
        kind = _FORMATS.get(args.format)
        if kind is None:
            raise NxcError(f"unknown format {args.format!r}; formats: executable, stablehlo, "
                           "iree")
        if by_suffix is not None and by_suffix != kind:
            raise NxcError(f"--format {args.format} writes {kind}, but {args.output} has the "
                           f"suffix of {by_suffix}: use .exe, .mlirbc or .vmfb to match")
    elif by_suffix is None:
        raise NxcError(f"{args.output}: unknown artifact suffix {ext or '(none)'!r}; suffixes: "
                       + ", ".join(f"{s} ({k})" for s, k in SUFFIXES.items())
                       + " (or give --format)")
    else:
        kind = by_suffix
    if args.compile_target not in ("xla", "iree"):
        raise NxcError(f"unknown target {args.compile_target!r}; targets: xla, iree")
    if args.compile_target == "iree" and kind != "iree":
        raise NxcError(f"--target iree writes an IREE module: name the output FILE.vmfb "
                       f"(got {args.output})")
    return kind


def cmd_compile(args):
    from nx.runtime.artifact import ArtifactError, artifact_bytes
    kind = _artifact_kind(args)
    prog = load_program(args.target, _specs(args))
    module = run_passes(prog.module, default_pipeline(), args)
    try:
        data = artifact_bytes(module, kind, platform=args.platform,
                              target_version=args.target_version, source=args.output)
    except ArtifactError as e:
        raise NxcError(str(e)) from None
    except xla_errors() as e:
        raise NxcError(f"cannot compile {args.output}: {one_line(e)}") from None
    _write_output(args.output, data)
    return 0


def _run_artifact(args):
    """`nxc run FILE.mlirbc|FILE.exe|FILE.vmfb --arg ...`: loads the artifact, checks the
    arguments against its signature and prints each result."""
    import nx
    specs = _specs(args)
    require_values(specs)
    try:
        f = nx.load_compiled(args.target, platform=args.platform)
        outs = f(*[nx.tensor(s.values, type=s.type) for s in specs])
    except nx.artifacts.ArtifactError as e:
        raise NxcError(str(e)) from None
    except xla_errors() as e:
        raise NxcError(f"execution failed: {one_line(e)}") from None
    outs = outs if isinstance(outs, tuple) else (outs,)
    _write_output(None, "".join(repr(o) + "\n" for o in outs))
    return 0


def cmd_run(args):
    import numpy as np

    from nx.runtime.artifact import SUFFIXES
    from nx.tensor import from_array

    if any(args.target.lower().endswith(s) for s in SUFFIXES):
        return _run_artifact(args)

    if args.compiler not in ("xla", "evaluator"):
        raise NxcError(f"unknown compiler {args.compiler!r}; compilers: xla, evaluator")
    specs = _specs(args)
    prog = load_program(args.target, specs, need_values=True)
    main = prog.module.main
    if is_mlir(args.target):
        require_values(specs)
        if not specs and main.arg_types:
            raise NxcError(f"@{main.name} in {prog.source} takes {len(main.arg_types)} "
                           "argument(s); give one --arg 'TYPE[DIMS]=VALUES' for each")
    arrays = [s.values for s in specs]
    module = run_passes(prog.module, default_pipeline(), args)
    if args.compiler == "evaluator":
        from nx.runtime.evaluator import evaluate
        try:
            outs = evaluate(module, arrays)
        except NxcError:
            raise
        except Exception as e:  # noqa: BLE001 - a kernel failing on these values
            raise NxcError(f"evaluation failed: {type(e).__name__}: {one_line(e)}") from None
    else:
        from nx.runtime import pjrt
        exe = compile_exe(module, args.platform, debug_info=True)
        dev = pjrt.device(args.platform)
        try:
            bufs = [pjrt.to_device(a, dev) for a in arrays]
            outs = [pjrt.to_host(b) for b in exe(bufs)]
        except xla_errors() as e:
            raise NxcError(f"execution failed: {one_line(e)}") from None
    result_types = module.main.result_types
    if prog.templates is not None:
        meta = [(tp.shape, tp.type, tp.names, tuple(tp.vectorized_axes))
                for tp in prog.templates]
    else:
        meta = [(t.shape, t.dtype, None, ()) for t in result_types]
    lines = []
    for out, (shape, ty, names, vaxes) in zip(outs, meta):
        full = tuple(n for _, n in vaxes) + tuple(shape)
        arr = np.asarray(out).astype(ty.dtype, copy=False).reshape(full)
        lines.append(repr(from_array(arr, ty, names=names, backend="numpy",
                                     vectorized_axes=vaxes)))
    _write_output(None, "".join(s + "\n" for s in lines))
    return 0

