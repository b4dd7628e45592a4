"""nxc: the nx compiler driver. Every stage of the pipeline can be dumped, run and checked.

    nxc dump    FILE.py:FUNCTION --arg f32[3] [--stage nx|<pass>|stablehlo|hlo]
    nxc opt     FILE.mlir --pass-pipeline=canonicalize
    nxc lower   FILE.mlir
    nxc compile (FILE.py:FUNCTION --arg ... | FILE.mlir) -o OUT [--format executable|stablehlo]
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
import importlib.util
import os
import re
import sys
import traceback

__all__ = ["main", "parse_arg_spec", "ArgSpec", "NxcError"]

PROG = "nxc"


class NxcError(Exception):
    """A user error: printed as one line `nxc: error: <message>`, exit status 1."""


# --- --arg specs -------------------------------------------------------------------------------

class ArgSpec:
    """One `--arg`: an Nx type, vectorized axes (`[vec name: N]` dimensions, leading), a shape
    with optional axis names, and optional values (row-major, vectorized axes first)."""

    __slots__ = ("text", "type", "shape", "names", "values", "vaxes")

    def __init__(self, text, type, shape, names, values, vaxes=()):
        self.text, self.type, self.shape, self.names, self.values = text, type, shape, names, values
        self.vaxes = tuple(vaxes)

    @property
    def full_shape(self):
        return tuple(n for _, n in self.vaxes) + self.shape

    def template(self):
        import nx
        from nx.tensor import Tensor
        t = nx.template(self.shape, self.type, names=list(self.names))
        if self.vaxes:
            t = Tensor(None, t.shape, t.type, t.names, self.vaxes)
        return t

    def tensor(self):
        from nx.tensor import from_array
        return from_array(self.values, self.type, names=tuple(self.names), backend="numpy",
                          vectorized_axes=self.vaxes)

    def tensor_type(self):
        from nx.compiler.ir import TensorType, VecType
        inner = TensorType(self.shape, self.type)
        return VecType(self.vaxes, inner) if self.vaxes else inner

    def __str__(self):
        vec = "".join(f"[vec {n}: {d}]" for n, d in self.vaxes)
        dims = "".join(f"[{n}: {d}]" if n else f"[{d}]" for d, n in zip(self.shape, self.names))
        return f"{self.type.name}{vec}{dims}"


_SPEC = re.compile(r"\s*([A-Za-z][A-Za-z0-9]*)\s*((?:\[[^\[\]]*\]\s*)*)(?:=(.*))?\s*\Z", re.S)
_DIM = re.compile(r"\[\s*(vec\s+)?(?:([A-Za-z_][A-Za-z0-9_]*)\s*:\s*)?([0-9]+)\s*\]\s*")
_ARG_HELP = ("expected TYPE[DIM]...[=VALUES], e.g. f32[3], s32[2][2], 'f32[x: 2][3]', "
             "'f32[3]=1,2,3', 's32=5', 'f32[4]=@values.npy' or, vectorized, "
             "'f32[vec rows: 2][3]'")


def parse_arg_spec(text):
    """Parses an `--arg` spec: `TYPE` then `[N]` or `[name: N]` per axis, then optionally
    `=v1,v2,...` (row-major) or `=@file.npy`. `@file.npy` alone takes type and shape from the
    file. Raises NxcError."""
    from nx import types as T

    if text.startswith("@"):
        arr = _load_npy(text[1:], text)
        try:
            t = T.from_dtype(arr.dtype)
        except TypeError as e:
            raise NxcError(f"--arg {text!r}: {e}") from None
        return ArgSpec(text, t, tuple(arr.shape), (None,) * arr.ndim, arr.astype(t.dtype))
    m = _SPEC.match(text)
    if not m:
        raise NxcError(f"bad --arg {text!r}: {_ARG_HELP}")
    tname, dims, values = m.group(1), m.group(2), m.group(3)
    try:
        t = T.parse(tname)
    except TypeError:
        names = " ".join(sorted({x.name for x in T.ALL_TYPES}, key=lambda n: (n[0], len(n), n)))
        raise NxcError(f"bad --arg {text!r}: unknown type {tname!r}; expected one of: "
                       f"{names}") from None
    shape, names, vaxes, pos = [], [], [], 0
    while pos < len(dims):
        d = _DIM.match(dims, pos)
        if not d:
            raise NxcError(f"bad --arg {text!r}: bad dimension "
                           f"{dims[pos:].split(']')[0].strip()}]; {_ARG_HELP}")
        if d.group(1):   # a vectorized axis: named, and before every inner axis
            if d.group(2) is None:
                raise NxcError(f"bad --arg {text!r}: a vectorized axis needs a name, as in "
                               f"[vec rows: {d.group(3)}]")
            if shape:
                raise NxcError(f"bad --arg {text!r}: vectorized axes ([vec name: N]) must come "
                               "before the other dimensions")
            if d.group(2) in [n for n, _ in vaxes]:
                raise NxcError(f"bad --arg {text!r}: vectorized axis {d.group(2)!r} is given "
                               "twice")
            vaxes.append((d.group(2), int(d.group(3))))
        else:
            names.append(d.group(2))
            shape.append(int(d.group(3)))
        pos = d.end()
    spec = ArgSpec(text, t, tuple(shape), tuple(names), None, vaxes)
    if values is not None:
        spec.values = _parse_values(values.strip(), spec)
    return spec


def _load_npy(path, text):
    import numpy as np
    try:
        arr = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise NxcError(f"--arg {text!r}: no such file: {path}") from None
    except (OSError, ValueError) as e:
        raise NxcError(f"--arg {text!r}: cannot read {path} as a .npy file: {e}") from None
    if not isinstance(arr, np.ndarray):
        raise NxcError(f"--arg {text!r}: {path} holds several arrays; give a .npy file")
    return arr


_FLOAT_WORDS = {"nan": "nan", "infinity": "inf", "inf": "inf", "neg_infinity": "-inf",
                "-infinity": "-inf", "-inf": "-inf", "+inf": "inf"}


def _parse_number(s, t, text):
    kind = t[0]
    w = s.strip().lower()
    try:
        if kind in ("s", "u"):
            if w in ("true", "false"):
                return int(w == "true")
            v = int(w, 0) if not re.fullmatch(r"[+-]?0[0-9]+", w) else int(w)
            return v
        if kind == "c":
            w = w.replace(" ", "")
            return complex(w[:-1] + "j" if w.endswith("i") else w)
        return float(_FLOAT_WORDS.get(w, w))
    except ValueError:
        what = {"s": "an integer", "u": "an integer", "c": "a complex number"}.get(kind, "a number")
        raise NxcError(f"bad --arg {text!r}: {s.strip()!r} is not {what} (for {t.name})") from None


def _parse_values(values, spec):
    """The values of an `--arg`, as a NumPy array of the spec's type and shape."""
    import numpy as np

    t, text = spec.type, spec.text
    full = spec.full_shape
    size = 1
    for d in full:
        size *= d
    if values.startswith("@"):
        arr = _load_npy(values[1:], text)
        if tuple(arr.shape) != full:
            if arr.size != size:
                raise NxcError(f"--arg {text!r}: {values[1:]} holds shape {tuple(arr.shape)}, "
                               f"expected {full}")
            arr = arr.reshape(full)
        try:
            return np.asarray(arr).astype(t.dtype)
        except (TypeError, ValueError) as e:
            raise NxcError(f"--arg {text!r}: cannot convert {arr.dtype} values to {t.name}: "
                           f"{e}") from None
    items = [x for x in values.split(",")] if values else []
    if len(items) == 1 and items[0].strip() == "" and size != 0:
        items = []
    if any(not x.strip() for x in items):
        raise NxcError(f"bad --arg {text!r}: empty value in the list")
    nums = [_parse_number(x, t, text) for x in items]
    if len(nums) == 1 and size != 1:
        nums = nums * size  # one value fills the tensor
    if len(nums) != size:
        raise NxcError(f"--arg {text!r}: {spec} has {size} element(s) but {len(nums)} value(s) "
                       "were given (give them in row-major order, or one value to fill it)")
    if t[0] in ("s", "u"):
        import ml_dtypes
        info = ml_dtypes.iinfo(t.dtype)
        for v in nums:
            if not info.min <= v <= info.max:
                raise NxcError(f"--arg {text!r}: {v} is out of range for {t.name} "
                               f"[{info.min}, {info.max}]")
        return np.array(nums, dtype=object).astype(np.int64 if t[0] == "s" else np.uint64) \
            .astype(t.dtype).reshape(full)
    with np.errstate(over="ignore"):
        return np.array(nums).astype(t.dtype).reshape(full)


# --- inputs ------------------------------------------------------------------------------------

class Program:
    """What a command works on: an nx module, and for a traced function, its output structure."""

    def __init__(self, module, source, out_tree=None, templates=None, user_file=None):
        self.module = module
        self.source = source
        self.out_tree = out_tree
        self.templates = templates
        self.user_file = user_file


def _is_mlir(src):
    return src == "-" or src.endswith(".mlir")


def _read_text(path):
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        with open(path, encoding="utf-8") as f:
            return f.read(), path
    except FileNotFoundError:
        raise NxcError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise NxcError(f"{path} is a directory, not a file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise NxcError(f"cannot read {path}: {e}") from None


def _parse_with_positions(text, filename):
    """Parses nx text. Also returns a map op -> (line, col) of where each op starts in the text,
    used to place verifier errors (best effort: empty if the parser's internals differ)."""
    from nx.compiler import parser as P

    positions = {}
    base = getattr(P, "_Parser", None)
    if base is None or not hasattr(base, "operation"):
        return P.parse_module(text, filename), positions

    class _Recording(base):
        def operation(self, block):
            start = self.skip()
            n = len(block.ops)
            result = super().operation(block)
            if len(block.ops) > n:
                line = self.text.count("\n", 0, start) + 1
                col = start - (self.text.rfind("\n", 0, start) + 1) + 1
                positions[block.ops[-1]] = (line, col)
            return result

    try:
        return _Recording(text, filename).module(), positions
    except P.ParseError:
        raise
    except Exception:  # noqa: BLE001 - the recording hook must never break parsing
        return P.parse_module(text, filename), {}


def load_mlir(path, verify=True):
    """Parses (and verifies) an nx dialect file; `-` is stdin."""
    text, filename = _read_text(path)
    try:
        module, positions = _parse_with_positions(text, filename)
    except ImportError as e:
        raise NxcError(f"the nx dialect parser is not available: {e}") from None
    if not module.functions:
        if _is_blank(text):
            raise NxcError(f"{filename} is empty: expected nx dialect text with at least one "
                           "func.func (e.g. `nxc dump FILE.py:FUNCTION --arg f32[3]` prints one)")
        raise NxcError(f"{filename} defines no function: expected at least one func.func")
    if verify:
        _verify(module, filename, positions)
    return Program(module, filename)


def _is_blank(text):
    """Nothing but whitespace and `//` comments."""
    return all(not line.strip() or line.strip().startswith("//") for line in text.splitlines())


_VERIFY_LOC = re.compile(r' at loc\("((?:[^"\\]|\\.)*)":(\d+):(\d+)\)')


def _verify(module, filename=None, positions=None):
    """Verifies; a VerificationError becomes a NxcError that starts with `file:line:col:` when
    the failing op's location is known (its `loc(...)`, or where it is in the parsed text)."""
    from nx.compiler.ir import Location
    from nx.compiler.verifier import VerificationError, verify

    patched = []
    if positions:
        for op, (line, col) in positions.items():
            if op.loc is None:
                op.loc = Location(filename, line, col)
                patched.append(op)
    try:
        verify(module)
    except VerificationError as e:
        raise NxcError(_locate_message(str(e))) from None
    finally:
        for op in patched:
            op.loc = None


def _locate_message(msg):
    """Moves a ` at loc("f":l:c)` in a message to its front, as `f:l:c: ...`."""
    m = _VERIFY_LOC.search(msg)
    if not m:
        return msg
    f = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
    return f"{f}:{m.group(2)}:{m.group(3)}: {msg[:m.start()]}{msg[m.end():]}"


def _split_target(target):
    if _is_mlir(target):
        return None, None
    path, sep, fname = target.rpartition(":")
    if not sep or not path or not fname:
        raise NxcError(f"expected FILE.py:FUNCTION or FILE.mlir, got {target!r}")
    return path, fname


_loaded = {}


def _import_file(path):
    """Imports a Python file as a module, with its folder first on sys.path."""
    apath = os.path.abspath(path)
    if apath in _loaded:
        return _loaded[apath]
    if not os.path.exists(path):
        raise NxcError(f"no such file: {path}")
    if os.path.isdir(path):
        raise NxcError(f"{path} is a directory, not a Python file")
    folder = os.path.dirname(apath)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    stem = os.path.splitext(os.path.basename(apath))[0]
    name = stem if stem.isidentifier() and stem not in sys.modules else "__nxc_user__"
    spec = importlib.util.spec_from_file_location(name, apath)
    if spec is None or spec.loader is None:
        raise NxcError(f"cannot import {path} as a Python module (is it a .py file?)")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except SyntaxError as e:
        sys.modules.pop(name, None)
        where = f"{path}:{e.lineno}:{e.offset}: " if e.lineno else f"{path}: "
        raise NxcError(f"{where}{type(e).__name__}: {e.msg}") from None
    except Exception as e:  # noqa: BLE001 - any error while importing the user's file
        sys.modules.pop(name, None)
        raise NxcError(_user_exception(e, path, f"while importing {path}")) from None
    _loaded[apath] = mod
    return mod


def _get_function(mod, path, fname):
    obj = mod
    for part in fname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            funs = sorted(n for n, v in vars(mod).items()
                          if not n.startswith("_") and callable(v)
                          and getattr(v, "__module__", None) == mod.__name__)
            have = f" (it defines: {', '.join(funs)})" if funs else ""
            raise NxcError(f"{path} has no function {fname!r}{have}") from None
    fun = getattr(obj, "fun", obj)  # an nx.defn / nx.jit object wraps the Python function
    if not callable(fun):
        raise NxcError(f"{path}:{fname} is a {type(obj).__name__}, not a function")
    return fun


def _user_exception(exc, user_file, what="while tracing"):
    """One line for an exception raised by the user's code: `file:line: Type: message`, the
    location being the last traceback frame in the user's file (else the last frame outside
    this library)."""
    from nx.compiler import ir

    frames = traceback.extract_tb(exc.__traceback__)
    real = os.path.realpath(user_file)
    hit = None
    for fr in frames:
        if os.path.realpath(fr.filename) == real:
            hit = fr
    where = ""
    if hit is not None:
        where = f"{user_file}:{hit.lineno}: "
    else:
        for fr in frames:
            fn = os.path.abspath(fr.filename)
            if not ir._is_library_frame(fn) and fn != os.path.abspath(__file__):
                hit = fr
        if hit is not None:
            where = f"{hit.filename}:{hit.lineno}: "
    msg = " ".join(str(exc).split("\n")) or "(no message)"
    return f"{where}{type(exc).__name__} {what}: {msg}" if not where else \
        f"{where}{type(exc).__name__}: {msg}"


def load_python(target, specs, need_values=False):
    """Imports FILE.py, gets FUNCTION and traces it for the `--arg` specs."""
    path, fname = _split_target(target)
    mod = _import_file(path)
    fun = _get_function(mod, path, fname)
    if need_values:
        missing = [s.text for s in specs if s.values is None]
        if missing:
            raise NxcError(f"--arg {missing[0]!r} has no value; write it as "
                           f"'{missing[0]}=v1,v2,...' or '{missing[0]}=@file.npy'")
        args = [s.tensor() for s in specs]
    else:
        args = [s.template() for s in specs]
    _check_arity(fun, len(args), path, fname)
    from nx.defn import trace_module
    try:
        module, out_tree, templates = trace_module(fun, args)
    except NxcError:
        raise
    except Exception as e:  # noqa: BLE001 - anything the user's function raises
        raise NxcError(_user_exception(e, path)) from None
    # trace_module gives func.return the location of its caller's first non-library frame,
    # which here is the `nxc` script itself: that location means nothing to the user.
    ours = {os.path.realpath(p) for p in (sys.argv[0], __file__) if p}
    for f in module.functions:
        ret = f.body.terminator
        loc = getattr(ret, "loc", None)
        if loc is not None and (os.path.realpath(str(loc.file)) in ours
                                or str(loc.file).startswith("<")):
            ret.loc = None
    _verify(module)
    return Program(module, path, out_tree, templates, path)


def _check_arity(fun, nargs, path, fname):
    """A clear error when the number of --arg does not fit FUNCTION's parameters."""
    import inspect
    try:
        sig = inspect.signature(fun)
    except (TypeError, ValueError):
        return
    try:
        sig.bind(*range(nargs))
    except TypeError:
        params = [p.name for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                  and p.default is p.empty]
        raise NxcError(f"{path}:{fname} takes {len(params)} argument(s) "
                       f"({', '.join(params)}) but {nargs} --arg were given") from None


def load_program(target, specs, need_values=False):
    if _is_mlir(target):
        prog = load_mlir(target)
        if specs:
            _check_specs_against(prog, specs)
        return prog
    return load_python(target, specs, need_values)


def _check_specs_against(prog, specs):
    main = prog.module.main
    types = main.arg_types
    if len(specs) != len(types):
        raise NxcError(f"@{main.name} in {prog.source} takes {len(types)} argument(s) but "
                       f"{len(specs)} --arg were given")
    for i, (s, t) in enumerate(zip(specs, types)):
        if s.tensor_type() != t:
            raise NxcError(f"--arg {s.text!r} is {s.tensor_type()}, but argument #{i} of "
                           f"@{main.name} is {t}")


# --- pipeline helpers --------------------------------------------------------------------------

def _pipeline_names(text):
    """Checks a textual pipeline (`a,b{opt=v},c`, `builtin.module(...)`, `default`) and returns
    its items, options included."""
    from nx.compiler.passes import PipelineError, parse_pipeline
    from nx.compiler.passes import _expand as expand
    try:
        parse_pipeline(text)
        return expand(text)
    except PipelineError as e:
        raise NxcError(str(e)) from None


def _check_pass_names(names):
    """--print-ir-before/--print-ir-after name passes: each must be registered."""
    from nx.compiler.passes import PASSES, load_builtin_passes
    load_builtin_passes()
    for n in names:
        if n not in PASSES:
            raise NxcError(f"unknown pass {n!r}; registered passes: {', '.join(sorted(PASSES))}")


def _pass_manager(names, args, verify_each=True):
    from nx.compiler.passes import PassManager
    before = _flat(getattr(args, "print_ir_before", None))
    after = _flat(getattr(args, "print_ir_after", None))
    _check_pass_names(before + after)
    return PassManager(",".join(names), verify_each=verify_each,
                       print_after_all=getattr(args, "print_ir_after_all", False),
                       print_before_all=getattr(args, "print_ir_before_all", False),
                       print_before=before, print_after=after,
                       timing=getattr(args, "timing", False), out=sys.stderr)


def _flat(items):
    out = []
    for x in items or []:
        out.extend(p.strip() for p in x.split(",") if p.strip())
    return out


def _run_passes(module, names, args, verify_each=True):
    """Runs the passes `names`. A pass that leaves IR that does not verify is an error naming
    it (`the IR after pass 'p' does not verify: ...`); so is an exception raised by a plugin's
    pass, placed at the line of the plugin that raised it."""
    from nx.compiler.passes import PassVerificationError
    from nx.compiler.verifier import VerificationError
    pm = _pass_manager(names, args, verify_each)
    try:
        return pm.run(module)
    except PassVerificationError as e:
        raise NxcError(_locate_message(str(e))) from None
    except VerificationError as e:   # raised by a pass itself (one that calls verify)
        raise NxcError(f"pass {pm.running!r} failed: {_locate_message(str(e))}") from None
    except NxcError:
        raise
    except Exception as e:  # noqa: BLE001 - a plugin's pass failing is the user's error
        src = _plugin_source(pm)
        if src is None:
            raise   # a built-in pass failing: an internal error
        raise NxcError(f"pass {pm.running!r} failed: {_user_exception(e, src)}") from None


def _plugin_source(pm):
    """The file of the running pass when it is not one of nxc's own (a plugin's pass)."""
    import inspect

    from nx.compiler import passes as P
    if pm.running is None:
        return None
    for p in pm.passes:
        if P._name(p) == pm.running and not P._is_builtin(p):
            try:
                return inspect.getsourcefile(getattr(p, "func", p))
            except TypeError:
                return None
    return None


def _default_pipeline():
    from nx.compiler.passes import DEFAULT_PIPELINE
    return _pipeline_names(DEFAULT_PIPELINE)


def _lower(module, debug_info, platform="cpu"):
    from nx.compiler.lower import LoweringError, lower
    try:
        from jaxlib.mlir.ir import MLIRError
    except ImportError:  # pragma: no cover
        MLIRError = LoweringError
    try:
        return lower(module, debug_info=debug_info, platform=platform)
    except (LoweringError, MLIRError) as e:
        raise NxcError(f"lowering to StableHLO failed: {_one_line(e)}") from None
    except KeyError as e:
        raise NxcError(f"lowering to StableHLO failed: {e.args[0] if e.args else e}") from None


def _one_line(e):
    return " ".join(str(e).split())


def _xla_errors():
    try:
        from jax.errors import JaxRuntimeError
        return (JaxRuntimeError,)
    except ImportError:  # pragma: no cover
        return ()


def _compile_exe(module, platform, debug_info=True):
    """Lowers (already passed) `module` and compiles it with PJRT."""
    from nx.compiler.lower import to_bytecode
    from nx.runtime import pjrt
    ctx, m = _lower(module, debug_info, platform)
    with ctx:
        code = to_bytecode(m)
    try:
        pjrt.client(platform)
    except RuntimeError as e:
        raise NxcError(str(e)) from None
    try:
        return pjrt.compile(code, platform, len(module.main.result_types))
    except _xla_errors() as e:
        raise NxcError(f"XLA compilation failed: {_one_line(e)}") from None


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
    passes = _pipeline_names(args.pass_pipeline) if custom else _default_pipeline()
    pass_names = [_item_name(p) for p in passes]
    stages = list(dict.fromkeys(["nx"] + pass_names + ["stablehlo", "hlo"]))
    stage = args.stage
    if stage not in stages:
        which = " (the passes of --pass-pipeline)" if custom else ""
        raise NxcError(f"unknown stage {stage!r}; stages: {', '.join(stages)}{which}")
    _check_pass_names(_flat(args.print_ir_before) + _flat(args.print_ir_after))
    prog = load_program(args.target, _specs(args))
    module = prog.module
    if stage == "nx":
        _write_output(args.output, print_module(module, generic=args.generic,
                                                debug_info=args.debug_info))
        return 0
    if stage not in ("stablehlo", "hlo"):
        passes = passes[:pass_names.index(stage) + 1]   # up to its first run
    module = _run_passes(module, passes, args)
    if stage not in ("stablehlo", "hlo"):
        _write_output(args.output, print_module(module, generic=args.generic,
                                                debug_info=args.debug_info))
        return 0
    if stage == "stablehlo":
        from nx.compiler.lower import to_text
        ctx, m = _lower(module, args.debug_info)
        with ctx:
            text = to_text(m, debug_info=args.debug_info)
        _write_output(args.output, text if text.endswith("\n") else text + "\n")
        return 0
    exe = _compile_exe(module, args.platform, args.debug_info)
    text = exe.hlo_text()
    _write_output(args.output, text if text.endswith("\n") else text + "\n")
    return 0


def _load_plugins(args):
    """Imports each --load-pass-plugin file, so the passes it registers can run."""
    for path in getattr(args, "load_pass_plugin", None) or []:
        _import_file(path)


def cmd_opt(args):
    from nx.compiler.printer import print_module
    _load_plugins(args)
    names = _pipeline_names(args.pass_pipeline or "")
    _check_pass_names(_flat(args.print_ir_before) + _flat(args.print_ir_after))
    prog = load_mlir(args.file)
    module = _run_passes(prog.module, names, args, verify_each=args.verify_each)
    _write_output(args.output, print_module(module, generic=args.generic,
                                            debug_info=args.debug_info))
    return 0


def cmd_lower(args):
    from nx.compiler.lower import to_text
    _load_plugins(args)
    names = (_default_pipeline() if args.pass_pipeline is None
             else _pipeline_names(args.pass_pipeline))
    prog = load_mlir(args.file)
    module = _run_passes(prog.module, names, args)
    ctx, m = _lower(module, args.debug_info)
    with ctx:
        text = to_text(m, debug_info=args.debug_info)
    _write_output(args.output, text if text.endswith("\n") else text + "\n")
    return 0


def cmd_compile(args):
    if args.format not in ("executable", "stablehlo"):
        raise NxcError(f"unknown format {args.format!r}; formats: executable, stablehlo")
    prog = load_program(args.target, _specs(args))
    module = _run_passes(prog.module, _default_pipeline(), args)
    if args.format == "executable":
        from nx.runtime import pjrt
        exe = _compile_exe(module, args.platform, args.debug_info)
        try:
            data = pjrt.serialize(exe)
        except _xla_errors() as e:
            raise NxcError(f"cannot serialize the executable: {_one_line(e)}") from None
    else:
        from jaxlib.mlir.dialects import stablehlo
        ctx, m = _lower(module, args.debug_info)
        with ctx:
            target = args.target_version or stablehlo.get_current_version()
            notes = []

            def on_diagnostic(d):
                notes.append(str(d.message))
                return True  # handled: MLIR does not print it to stderr

            handler = ctx.attach_diagnostic_handler(on_diagnostic)
            try:
                data = stablehlo.serialize_portable_artifact(m, target)
            except Exception as e:  # noqa: BLE001 - the bindings raise plain exceptions
                why = "; ".join(notes) or _one_line(e)
                raise NxcError(f"cannot write a portable StableHLO artifact for version "
                               f"{target}: {why}") from None
            finally:
                handler.detach()
    _write_output(args.output, data)
    return 0


def cmd_run(args):
    import numpy as np

    from nx.tensor import from_array

    if args.compiler not in ("xla", "evaluator"):
        raise NxcError(f"unknown compiler {args.compiler!r}; compilers: xla, evaluator")
    specs = _specs(args)
    prog = load_program(args.target, specs, need_values=True)
    main = prog.module.main
    if _is_mlir(args.target):
        missing = [s.text for s in specs if s.values is None]
        if missing:
            raise NxcError(f"--arg {missing[0]!r} has no value; write it as "
                           f"'{missing[0]}=v1,v2,...' or '{missing[0]}=@file.npy'")
        if not specs and main.arg_types:
            raise NxcError(f"@{main.name} in {prog.source} takes {len(main.arg_types)} "
                           "argument(s); give one --arg 'TYPE[DIMS]=VALUES' for each")
    arrays = [s.values for s in specs]
    module = _run_passes(prog.module, _default_pipeline(), args)
    if args.compiler == "evaluator":
        from nx.runtime.evaluator import evaluate
        try:
            outs = evaluate(module, arrays)
        except NxcError:
            raise
        except Exception as e:  # noqa: BLE001 - a kernel failing on these values
            raise NxcError(f"evaluation failed: {type(e).__name__}: {_one_line(e)}") from None
    else:
        from nx.runtime import pjrt
        exe = _compile_exe(module, args.platform, debug_info=True)
        dev = pjrt.device(args.platform)
        try:
            bufs = [pjrt.to_device(a, dev) for a in arrays]
            outs = [pjrt.to_host(b) for b in exe(bufs)]
        except _xla_errors() as e:
            raise NxcError(f"execution failed: {_one_line(e)}") from None
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
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_lower)

    # compile
    p = sub.add_parser(
        "compile", formatter_class=_Formatter,
        help="compile to a serialized executable or a portable StableHLO artifact",
        description=_wrap("Traces (or parses) a program, runs the default pipeline, lowers it and "
                    "writes a serialized PJRT executable (--format executable, the default; "
                    "tied to this jaxlib and device) or a portable StableHLO bytecode "
                    "artifact (--format stablehlo). A serialized executable is native code: "
                    "load one only from a trusted source; exchange programs as portable "
                    "StableHLO (.mlirbc), which is data (docs/cache.md)."),
        epilog="""examples:
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.exe
  nxc compile examples/softmax.py:softmax --arg f32[4] -o softmax.mlirbc --format stablehlo
  nxc compile prog.mlir -o prog.exe

""" + _ARG_DOC)
    p.add_argument("target", metavar="FILE.py:FUNCTION | FILE.mlir")
    _add_arg_options(p)
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the file to write")
    p.add_argument("--format", default="executable", metavar="FORMAT",
                   help="executable (default) or stablehlo")
    p.add_argument("--target-version", metavar="VERSION",
                   help="StableHLO version for --format stablehlo (default: the current one)")
    p.add_argument("--platform", default="cpu", help="PJRT platform (cpu, cuda)")
    p.add_argument("--debug-info", action="store_true", help="keep source locations")
    p.set_defaults(func=cmd_compile)

    # run
    p = sub.add_parser(
        "run", formatter_class=_Formatter, help="run a program and print its results",
        description=_wrap("Traces (or parses) a program, compiles it (or evaluates it on NumPy) "
                    "and runs it on the --arg values; prints each result as an nx.Tensor."),
        epilog="""examples:
  nxc run examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4'
  nxc run prog.py:f --arg 's32=5' --arg 'f32[2][2]=1,2,3,4' --compiler evaluator
  nxc run prog.mlir --arg 'f32[3]=@x.npy'

""" + _ARG_DOC)
    p.add_argument("target", metavar="FILE.py:FUNCTION | FILE.mlir")
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
    types.append(VerificationError)
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
