"""nxc's inputs (see tools/nxc.py): a `Program` from nx dialect text (parsed and verified,
errors placed at their line) or from `FILE.py:FUNCTION` (the file imported, the function traced
for the `--arg` specs, an exception placed at the user's line); also the import of pass
plugins' files."""
from __future__ import annotations

import importlib.util
import os
import sys

from .nxc_args import require_values
from .nxc_errors import NxcError, locate_message, own_file, user_exception

# --- inputs ------------------------------------------------------------------------------------

class Program:
    """What a command works on: an nx module, and for a traced function, its output structure."""

    def __init__(self, module, source, out_tree=None, templates=None, user_file=None):
        self.module = module
        self.source = source
        self.out_tree = out_tree
        self.templates = templates
        self.user_file = user_file


def is_mlir(src):
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
        raise NxcError(locate_message(str(e))) from None
    finally:
        for op in patched:
            op.loc = None


def _split_target(target):
    if is_mlir(target):
        return None, None
    path, sep, fname = target.rpartition(":")
    if not sep or not path or not fname:
        raise NxcError(f"expected FILE.py:FUNCTION or FILE.mlir, got {target!r}")
    return path, fname


loaded = {}


def import_file(path):
    """Imports a Python file as a module, with its folder first on sys.path."""
    apath = os.path.abspath(path)
    if apath in loaded:
        return loaded[apath]
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
        raise NxcError(user_exception(e, path, f"while importing {path}")) from None
    loaded[apath] = mod
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


def load_python(target, specs, need_values=False):
    """Imports FILE.py, gets FUNCTION and traces it for the `--arg` specs."""
    path, fname = _split_target(target)
    mod = import_file(path)
    fun = _get_function(mod, path, fname)
    if need_values:
        require_values(specs)
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
        raise NxcError(user_exception(e, path)) from None
    # trace_module gives func.return the location of its caller's first non-library frame,
    # which here is the `nxc` script itself: that location means nothing to the user.
    script = os.path.realpath(sys.argv[0]) if sys.argv[0] else None
    for f in module.functions:
        ret = f.body.terminator
        loc = getattr(ret, "loc", None)
        if loc is not None and (os.path.realpath(str(loc.file)) == script
                                or own_file(str(loc.file)) or str(loc.file).startswith("<")):
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
    if is_mlir(target):
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

