"""nxc: the nx compiler driver. Every stage of the pipeline can be dumped, run and checked.

    nxc dump    FILE.py:FUNCTION --arg f32[3] [--stage nx|<pass>|stablehlo|hlo]
    nxc opt     FILE.mlir --pass-pipeline=canonicalize
    nxc lower   FILE.mlir
    nxc compile (FILE.py:FUNCTION --arg ... | FILE.mlir) -o OUT.mlirbc|OUT.exe|OUT.vmfb
    nxc run     (FILE.py:FUNCTION | FILE.mlir) --arg 'f32[3]=1,2,3' [--compiler xla|evaluator]

A user error (a missing file, a bad `--arg`, a parse or verification error, an exception raised
while tracing, ...) prints one line, `nxc: error: [location: ]message`, to stderr and exits with
status 1; command-line usage errors exit with status 2. `NXC_DEBUG=1` also prints the Python
traceback.

The heavy parts (jax, the MLIR bindings) are imported only by the commands that need them, so
`nxc dump --stage nx` and `nxc opt` start quickly.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from .nxc_args import ArgSpec, parse_arg_spec
from .nxc_commands import cmd_compile, cmd_dump, cmd_lower, cmd_opt, cmd_run
from .nxc_errors import NxcError
from .nxc_load import Program, load_mlir, load_program, load_python  # noqa: F401 (re-exported)
from .nxc_load import loaded as _loaded  # noqa: F401 (re-exported: the tests reset it)

__all__ = ["main", "parse_arg_spec", "ArgSpec", "NxcError"]

# The driver is split by job: --arg specs (nxc_args.py), inputs (nxc_load.py), pass pipelines,
# lowering and compiling (nxc_pipeline.py), the commands (nxc_commands.py) and errors
# (nxc_errors.py); this module is the command line. The names imported above stay importable
# from here, as before the split.

PROG = "nxc"


# --- the command line --------------------------------------------------------------------------

_DESCRIPTION = """\
nxc: the nx compiler driver. Traces Python `nx.defn` functions into the nx dialect, runs the
pass pipeline, lowers to StableHLO and compiles or runs it with PJRT; every stage can be
printed and checked with FileCheck."""

_EPILOG = """\
examples:
  nxc dump examples/softmax.py:softmax --arg f32[4] --stage stablehlo
  nxc opt prog.mlir --pass-pipeline=canonicalize
  nxc lower prog.mlir --debug-info
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.exe
  nxc run examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4'

Run `nxc COMMAND --help` for each command's options. Errors print one line,
`nxc: error: ...`, and exit with status 1 (2 for command-line usage errors);
set NXC_DEBUG=1 to see the Python traceback too."""

_ARG_DOC = """\
--arg specs (one per positional argument of FUNCTION, in order):
  f32            a scalar of type f32
  f32[3]         a vector of 3 f32
  s32[2][2]      a 2x2 matrix of s32
  'f32[x: 2][3]' named axes (quote it for the shell)
  'f32[3]=1,2,3' with values, comma-separated in row-major order (one value fills it)
  'f32[2][2]=@a.npy'  values from a .npy file;  @a.npy  type and shape from the file too
types: u2 u4 u8 u16 u32 u64 s2 s4 s8 s16 s32 s64 f8 f16 bf16 f32 f64 c64 c128"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's examples as written; descriptions are wrapped by `_wrap`."""


def _wrap(text):
    import textwrap
    return textwrap.fill(" ".join(text.split()), 88)


def _add_arg_options(p, values_required=False):
    p.add_argument("--arg", action="append", metavar="SPEC", default=[],
                   help="an argument: TYPE[DIM]...%s (repeat, one per argument)"
                        % ("=VALUES" if values_required else "[=VALUES]"))


def _add_plugin_option(p):
    p.add_argument("--load-pass-plugin", action="append", metavar="FILE.py", default=[],
                   help="import FILE.py first, so the passes it registers with "
                        "@register_pass can be named in --pass-pipeline (repeatable)")


def _add_instrumentation(p):
    p.add_argument("--print-ir-after-all", action="store_true",
                   help="print the IR after each pass to stderr")
    p.add_argument("--print-ir-before-all", action="store_true",
                   help="print the IR before each pass to stderr")
    p.add_argument("--print-ir-before", action="append", metavar="PASS",
                   help="print the IR before PASS to stderr (repeatable, or comma-separated)")
    p.add_argument("--print-ir-after", action="append", metavar="PASS",
                   help="print the IR after PASS to stderr (repeatable, or comma-separated)")
    p.add_argument("--timing", action="store_true",
                   help="print the time of each pass to stderr")


def _add_lowering_option(p):
    p.add_argument("--lowering", default="native", metavar="LOWERING",
                   help="native (default: the platform's own kernels, such as LAPACK custom "
                        "calls on CPU) or portable (pure StableHLO, what any target and a "
                        ".mlirbc artifact run)")


def build_parser():
    parser = argparse.ArgumentParser(prog=PROG, description=_DESCRIPTION, epilog=_EPILOG,
                                     formatter_class=_Formatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    # dump
    p = sub.add_parser(
        "dump", formatter_class=_Formatter, help="trace a defn and print a stage of its IR",
        description=_wrap("Traces FUNCTION of FILE.py for the given --arg types and prints its IR "
                    "at one stage of the pipeline: the traced nx module (nx), the nx module after "
                    "a pass of the default pipeline (e.g. canonicalize), the StableHLO module "
                    "(stablehlo), or the XLA HLO after compilation (hlo). An nx .mlir file "
                    "works too (no --arg needed). --pass-pipeline replaces the default "
                    "pipeline (for every stage after nx, stablehlo and hlo too), and "
                    "--load-pass-plugin loads the passes a file registers, as for nxc opt."),
        epilog="""examples:
  nxc dump examples/softmax.py:softmax --arg f32[4]
  nxc dump examples/softmax.py:softmax --arg f32[4] --stage stablehlo --debug-info
  nxc dump model.py:predict --arg 'f32[batch: 8][784]' --arg f32[784][10] --stage canonicalize
  nxc dump model.py:predict --arg f32[8][784] --arg f32[784][10] --stage hlo
  nxc dump examples/softmax.py:softmax --arg f32[4] --stage stablehlo --print-ir-after-all
  nxc dump prog.py:f --arg f32[3] --load-pass-plugin my_passes.py \\
      --pass-pipeline=default,my-pass --stage my-pass

""" + _ARG_DOC)
    p.add_argument("target", metavar="FILE.py:FUNCTION | FILE.mlir")
    _add_arg_options(p)
    p.add_argument("--stage", default="nx", metavar="STAGE",
                   help="nx (default), a pass of the pipeline (canonicalize, ...: the IR after "
                        "its first run), stablehlo or hlo")
    p.add_argument("--pass-pipeline", default=None, metavar="PASSES",
                   help="the passes to run instead of the default pipeline (the stages to "
                        "dump are then nx, these passes, stablehlo and hlo); `default` stands "
                        "for the default pipeline")
    _add_plugin_option(p)
    p.add_argument("--generic", action="store_true",
                   help="print nx ops in MLIR's generic form")
    p.add_argument("--debug-info", action="store_true",
                   help="print source locations as loc(...)")
    _add_instrumentation(p)
    p.add_argument("--platform", default="cpu", help="PJRT platform for --stage hlo (cpu, cuda)")
    _add_lowering_option(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_dump)

    # opt
    p = sub.add_parser(
        "opt", formatter_class=_Formatter, help="run passes on nx dialect text",
        description=_wrap("Parses nx dialect text (`-` reads stdin), verifies it, runs a pass "
                    "pipeline, verifying the IR after each pass (--no-verify-each turns it "
                    "off), and prints the result. An empty pipeline just parses, verifies "
                    "and prints (a round trip). A pipeline is comma-separated pass names, each "
                    "optionally with options in braces (split-stages{before=cos}); `default` "
                    "stands for the default nx.jit pipeline. Passes: grad-expansion, vectorize, "
                    "const-precision, canonicalize, split-stages, and those of plugins."),
        epilog="""examples:
  nxc opt prog.mlir --pass-pipeline=canonicalize
  nxc opt prog.mlir --pass-pipeline=canonicalize --print-ir-after-all --timing
  nxc opt prog.mlir --generic | nxc opt -
  nxc opt prog.mlir --pass-pipeline= --debug-info
  nxc opt prog.mlir --load-pass-plugin my_passes.py --pass-pipeline=my-pass,canonicalize
  nxc opt prog.mlir --pass-pipeline='split-stages{before=cos}'
  nxc opt prog.mlir --pass-pipeline=default --print-ir-after=const-precision --verify-each""")
    p.add_argument("file", metavar="FILE.mlir")
    p.add_argument("--pass-pipeline", default="", metavar="PASSES",
                   help="comma-separated pass names (default: none)")
    _add_instrumentation(p)
    _add_plugin_option(p)
    p.add_argument("--verify-each", dest="verify_each", action="store_true", default=True,
                   help="verify the IR after each pass (the default): a pass that leaves "
                        "invalid IR, or changes a function's signature, is an error naming it")
    p.add_argument("--no-verify-each", dest="verify_each", action="store_false",
                   help="do not verify the IR after each pass")
    p.add_argument("--generic", action="store_true", help="print ops in MLIR's generic form")
    p.add_argument("--debug-info", action="store_true", help="print source locations")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_opt)

    # lower
    p = sub.add_parser(
        "lower", formatter_class=_Formatter, help="lower nx dialect text to StableHLO",
        description=_wrap("Parses and verifies nx dialect text, runs the default pass pipeline "
                    "(or --pass-pipeline) and prints the StableHLO module."),
        epilog="""examples:
  nxc lower prog.mlir
  nxc lower prog.mlir --debug-info
  nxc lower prog.mlir --pass-pipeline=        # lower exactly what is written""")
    p.add_argument("file", metavar="FILE.mlir")
    p.add_argument("--pass-pipeline", default=None, metavar="PASSES",
                   help="passes to run before lowering (default: the default pipeline)")
    _add_plugin_option(p)
    p.add_argument("--debug-info", action="store_true", help="print source locations")
    _add_lowering_option(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_lower)

    # compile
    p = sub.add_parser(
        "compile", formatter_class=_Formatter,
        help="compile to an artifact: portable StableHLO, an XLA executable or an IREE module",
        description=_wrap("Traces (or parses) a program, runs the default pipeline, lowers it and "
                    "writes an artifact, chosen by the output's suffix: .mlirbc (portable "
                    "StableHLO: versioned VHLO bytecode, every op in pure StableHLO, CHLO "
                    "legalized; any StableHLO consumer reads it), .exe (a serialized XLA/PJRT "
                    "executable: tied to this jaxlib and platform) or .vmfb (an IREE module "
                    "for the host CPU; --target iree). `nxc run FILE` runs any of them, and "
                    "nx.load_compiled(FILE) loads them in Python. A serialized executable is "
                    "native code: load one only from a trusted source; exchange programs as "
                    "portable StableHLO (.mlirbc), which is data (docs/cache.md)."),
        epilog="""examples:
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.mlirbc
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.exe
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.vmfb --target iree
  nxc compile prog.mlir -o prog.exe
  nxc run softmax.mlirbc --arg 'f32[4]=1,2,3,4'

""" + _ARG_DOC)
    p.add_argument("target", metavar="FILE.py:FUNCTION | FILE.mlir")
    _add_arg_options(p)
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the file to write: .mlirbc, .exe or .vmfb")
    p.add_argument("--format", default=None, metavar="FORMAT",
                   help="stablehlo, executable or iree (default: from the output's suffix)")
    p.add_argument("--target", dest="compile_target", default="xla", metavar="TARGET",
                   help="xla (default) or iree (writes a .vmfb)")
    p.add_argument("--target-version", metavar="VERSION",
                   help="StableHLO version of a .mlirbc (default: the current one)")
    p.add_argument("--platform", default="cpu", help="PJRT platform (cpu, cuda)")
    p.add_argument("--debug-info", action="store_true", help="keep source locations")
    p.set_defaults(func=cmd_compile)

    # run
    p = sub.add_parser(
        "run", formatter_class=_Formatter, help="run a program and print its results",
        description=_wrap("Traces (or parses) a program, compiles it (or evaluates it on NumPy) "
                    "and runs it on the --arg values; prints each result as an nx.Tensor. "
                    "An artifact of `nxc compile` (.mlirbc, .exe, .vmfb) runs as it is, its "
                    "signature checked against the --arg types."),
        epilog="""examples:
  nxc run examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4'
  nxc run prog.py:f --arg 's32=5' --arg 'f32[2][2]=1,2,3,4' --compiler evaluator
  nxc run prog.mlir --arg 'f32[3]=@x.npy'
  nxc run softmax.mlirbc --arg 'f32[4]=1,2,3,4'

""" + _ARG_DOC)
    p.add_argument("target", metavar="FILE.py:FUNCTION | FILE.mlir | ARTIFACT")
    _add_arg_options(p, values_required=True)
    p.add_argument("--compiler", default="xla", metavar="COMPILER",
                   help="xla (default: compile with PJRT) or evaluator (NumPy kernels)")
    p.add_argument("--platform", default="cpu", help="PJRT platform for xla (cpu, cuda)")
    p.set_defaults(func=cmd_run)
    return parser


def _user_error_types():
    """Exception types that are the user's doing, printed as one line."""
    types = [NxcError]
    try:
        from nx.compiler.parser import ParseError
        types.append(ParseError)
    except ImportError:
        pass
    from nx.compiler.verifier import VerificationError
    from nx.dialects.nx.registry import NoGradientError, OpError
    # bad input IR: the verifier's errors, an op's shape rule (OpError, and VectorizeError: a
    # value vectorize cannot batch), differentiating through an op without a gradient rule
    types += [VerificationError, OpError, NoGradientError]
    if "nx.compiler.lower" in sys.modules:
        types.append(sys.modules["nx.compiler.lower"].LoweringError)
    return tuple(types)


def main(argv=None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # usage errors (status 2) and --help (status 0)
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    debug = os.environ.get("NXC_DEBUG", "") not in ("", "0")
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        sys.stderr.write("nxc: interrupted\n")
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1
    except Exception as e:  # noqa: BLE001 - every error becomes one line
        if debug:
            # show the original exception too (user errors are re-raised `from None`)
            x = e
            while x is not None:
                x.__suppress_context__ = False
                x = x.__context__
            traceback.print_exc()
        if isinstance(e, _user_error_types()):
            sys.stderr.write(f"{PROG}: error: {_one_line_msg(e)}\n")
        else:
            sys.stderr.write(f"{PROG}: error: internal error: {type(e).__name__}: "
                             f"{_one_line_msg(e)}"
                             + ("" if debug else " (set NXC_DEBUG=1 for the traceback)") + "\n")
        return 1


def _one_line_msg(e):
    s = str(e)
    return " ".join(line.strip() for line in s.splitlines() if line.strip()) or type(e).__name__


if __name__ == "__main__":
    sys.exit(main())
