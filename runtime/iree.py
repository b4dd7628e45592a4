"""IREE as a second compiler: StableHLO -> IREE `.vmfb` -> a callable on NumPy arrays.

The optional extra `pip install nxc[iree]` brings `iree-base-compiler` (the `iree-compile`
tool, run in a subprocess) and `iree-base-runtime` (the VM and its HAL drivers).

- `compile_vmfb(mlir)`: StableHLO (a jaxlib MLIR module, its text or its bytecode) -> vmfb
  bytes for IREE's `llvm-cpu` backend, keeping f64 and i64 (IREE demotes both by default).
  A module object is handed over as a StableHLO portable artifact (VHLO bytecode: readable
  by an MLIR build other than jaxlib's), so its CHLO ops must be legalized first
  (`nx.compiler.lower.legalize_chlo`); text and bytecode go as they are. Compiled vmfbs are
  kept in memory (an `LRUCache` keyed by the StableHLO text and the target).
- `load(vmfb)`: vmfb bytes (or a `.vmfb` path) -> `IreeExecutable`, whose signature is read
  from the module's reflection metadata (`iree.abi.declaration`). A vmfb compiled for another
  machine is refused with the file and its target named: an architecture IREE cannot run, or
  CPU features this machine lacks (which would otherwise crash the process with an illegal
  instruction).
- `compile_module_iree(module)`: the IREE twin of `nx.runtime.compile_module`: passes,
  portable lowering (pure StableHLO, no custom calls), CHLO legalization, vmfb, executable.
"""
from __future__ import annotations

import os
import platform
import re
import subprocess
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from nx import types as T
from nx.runtime.caches import LRUCache

__all__ = ["IreeUnavailableError", "IreeCompileError", "IreeLoadError", "IreeExecutable",
           "available", "compile_vmfb", "load", "compile_module_iree", "vmfb_target", "vmfb_cache",
           "COMPILE_FLAGS", "SYSTEM_LINK_FLAG"]

EXTRA = "pip install nxc[iree]"

# What IREE would otherwise change: f64 -> f32 and i64 -> i32 everywhere, signature included
# (its ConvertTypesPass, on by default), so s64 and f64 programs keep their precision.
COMPILE_FLAGS = ("--iree-input-demote-f64-to-f32=false", "--iree-input-demote-i64-to-i32=false")

# IREE's embedded ELF (the default: hermetic, no system libraries) has no libm, so f64 math
# that LLVM turns into libm calls (sin, cos, tanh, ...) fails to link; a system shared library
# links them (it needs the system linker when compiling, the system libm when loading).
SYSTEM_LINK_FLAG = "--iree-llvmcpu-link-embedded=false"
_LIBM = re.compile(r"undefined symbol: (\w+)")

# vmfbs by (StableHLO text or bytes, backend, cpu, flags)
vmfb_cache = LRUCache("iree.vmfb", 256)
_lock = threading.Lock()
_configs: dict[str, Any] = {}
_host_features: list[frozenset[str]] = []   # LLVM's features of this CPU, once known


class IreeUnavailableError(RuntimeError):
    """IREE's Python packages are not installed."""


class IreeCompileError(ValueError):
    """The IREE compiler rejected a program (or the program cannot be compiled by IREE)."""


class IreeLoadError(RuntimeError):
    """A vmfb cannot be loaded (or run) on this machine."""


def available() -> bool:
    """Whether both IREE packages (compiler and runtime) can be imported."""
    try:
        import iree.compiler  # noqa: F401
        import iree.runtime  # noqa: F401
    except ImportError:
        return False
    return True


def _compiler():
    try:
        import iree.compiler as ic
    except ImportError as e:
        raise IreeUnavailableError(f"the IREE compiler is not installed ({e}); install it with "
                                   f"`{EXTRA}` (iree-base-compiler)") from e
    return ic


def _runtime():
    try:
        import iree.runtime as rt
    except ImportError as e:
        raise IreeUnavailableError(f"the IREE runtime is not installed ({e}); install it with "
                                   f"`{EXTRA}` (iree-base-runtime)") from e
    return rt


# --- compiling ---------------------------------------------------------------------------

def _input(mlir) -> tuple[str | bytes, str | bytes]:
    """(what iree-compile reads, the cache key) for a module object, text or bytecode."""
    if isinstance(mlir, (str, bytes, bytearray, memoryview)):
        src = mlir if isinstance(mlir, str) else bytes(mlir)
        return src, src
    op = getattr(mlir, "operation", None)
    if op is None:
        raise TypeError(f"compile_vmfb: expected an MLIR module, its text or its bytecode, got "
                        f"{type(mlir).__name__}")
    with op.context:
        text = op.get_asm(enable_debug_info=False)
    return _portable(text), text


def _portable(text: str) -> str | bytes:
    """A StableHLO portable artifact of the module text (VHLO bytecode, readable by IREE's
    own MLIR build); the text itself when it cannot be one (CHLO ops left: IREE reads those
    as text)."""
    if "chlo." in text:
        return text
    from jaxlib.mlir.dialects import stablehlo as hlo

    # a version about 12 weeks old: readable by an IREE whose StableHLO lags jaxlib's
    req = hlo.StablehloCompatibilityRequirement.WEEK_12
    for version in (hlo.get_version_from_compatibility_requirement(req),
                    hlo.get_current_version()):
        try:
            return bytes(hlo.serialize_portable_artifact_str(text, version))
        except Exception:  # noqa: BLE001 - not serializable at this version: try the next
            continue
    return text


def _diagnostics(message: str, limit: int = 12) -> str:
    """The first diagnostic lines of a `CompilerToolError`'s message (for a crash of
    iree-compile: that it crashed, and the innermost compiler frames of its stack)."""
    body = message
    if "Diagnostics:" in body:
        body = body.split("Diagnostics:", 1)[1]
    body = body.split("Invoked with:", 1)[0]
    lines = [ln.rstrip() for ln in body.splitlines() if ln.strip()]
    if "Stack dump:" in body:
        code = re.search(r"Error code: (-?\d+)", message)
        frames = [re.sub(r"^\s*#\d+ 0x[0-9a-f]+ ", "", ln)
                  .replace("(anonymous namespace)", "{anon}").split("(", 1)[0] for ln in lines
                  if re.match(r"\s*#\d+ 0x", ln) and ("mlir" in ln or "iree" in ln)
                  and "Signal" not in ln]
        head = [f"iree-compile crashed (exit code {code.group(1) if code else '?'}); innermost "
                f"compiler frames:"]
        return "\n".join(head + ["  " + f for f in frames[:8]])
    errors = [ln for ln in lines if "error:" in ln]
    rest = [ln for ln in lines if "error:" not in ln]
    picked = (errors + rest)[:limit]
    more = len(lines) - len(picked)
    return "\n".join(picked) + (f"\n... ({more} more lines)" if more > 0 else "")


def compile_vmfb(mlir, *, backend: str = "llvm-cpu", cpu: str = "host",
                 extra_args: Sequence[str] = ()) -> bytes:
    """Compiles StableHLO `mlir` (a jaxlib MLIR module, its text, or its bytecode) with IREE
    for `backend` (`llvm-cpu`: for CPU `cpu`, `host` being this machine's) into a vmfb.
    Raises `IreeCompileError` with the compiler's first diagnostics when IREE rejects it."""
    src, key = _input(mlir)
    flags = list(COMPILE_FLAGS)
    if backend == "llvm-cpu":
        flags.append(f"--iree-llvmcpu-target-cpu={cpu}")
    flags.extend(extra_args)
    ck = (key, backend, cpu, tuple(flags))
    vmfb = vmfb_cache.get(ck)
    if vmfb is not None:
        return vmfb
    ic = _compiler()

    def run(args):
        return ic.compile_str(src, target_backends=[backend], input_type="stablehlo",
                              extra_args=args, output_mlir_debuginfo=False)

    def failed(e, note=""):
        where = f" (cpu {cpu})" if backend == "llvm-cpu" else ""
        return IreeCompileError(f"IREE cannot compile the program for {backend}{where}{note}:\n"
                                f"{_diagnostics(str(e))}")
    try:
        vmfb = run(flags)
    except ic.CompilerToolError as e:
        if not (backend == "llvm-cpu" and _needs_libm(str(e))
                and not any(a.startswith("--iree-llvmcpu-link-") for a in flags)):
            raise failed(e) from None
        # f64 sin, cos, tanh, ... become libm calls, which IREE's hermetic embedded ELF
        # cannot link: link a system shared library instead (the system linker and libm)
        try:
            vmfb = run([*flags, SYSTEM_LINK_FLAG])
        except ic.CompilerToolError as e2:
            raise failed(e2, f", also with {SYSTEM_LINK_FLAG} after an embedded link "
                             f"failed on libm symbols") from None
    vmfb = bytes(vmfb)
    if backend == "llvm-cpu" and cpu == "host" and not extra_args and not _host_features:
        # the features LLVM found on this machine: what `load` checks vmfbs against
        t = vmfb_target(vmfb)
        if t is not None and t.get("cpu_features") is not None:
            _host_features.append(_plus(t["cpu_features"]))
    vmfb_cache[ck] = vmfb
    return vmfb


def _needs_libm(message: str) -> bool:
    """Whether an embedded link failed only on C math library symbols."""
    names = _LIBM.findall(message)
    return bool(names) and all(n.rstrip("f") in _LIBM_NAMES for n in names)


_LIBM_NAMES = frozenset(
    "sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp exp2 expm1 log log2 "
    "log10 log1p pow cbrt erf erfc tgamma lgamma fmod remainder hypot sincos nextafter".split())


# --- the target a vmfb was compiled for --------------------------------------------------

_TARGET = re.compile(rb'#hal\.executable\.target<"([\w-]+)", "([\w.-]+)"(?:, \{([^}]*)\})?')
_ATTR = re.compile(r'([\w.]+) = "([^"]*)"')


def vmfb_target(vmfb: bytes) -> dict[str, str] | None:
    """The executable target a vmfb was compiled for, as IREE records it (`backend`, `format`
    such as `embedded-elf-x86_64`, and for llvm-cpu `cpu`, `cpu_features`, `target_triple`);
    None when the vmfb does not say."""
    m = _TARGET.search(vmfb)
    if m is None:
        return None
    out = {"backend": m.group(1).decode(), "format": m.group(2).decode()}
    if m.group(3):
        for k, v in _ATTR.findall(m.group(3).decode("utf-8", "replace")):
            out[k] = v
    return out


def _describe(t: dict[str, str] | None) -> str:
    if t is None:
        return "an unknown target"
    s = f"{t['backend']} {t['format']}"
    if "cpu" in t:
        s += f" (cpu {t['cpu']!r})"
    return s


def _plus(features: str) -> frozenset[str]:
    return frozenset(f[1:] for f in features.split(",") if f.startswith("+"))


def _host_cpu_features() -> tuple[frozenset[str], frozenset[str] | None] | None:
    """(this machine's CPU features by LLVM's names, the names the answer covers or None for
    all): from the IREE compiler's `cpu=host` (one tiny compile per process, none when a host
    compile already ran), or without the compiler from `iree-cpuinfo` (only the features
    IREE's runtime knows: those it reports). None when neither can tell."""
    if not _host_features:
        try:
            _compiler()
            compile_vmfb("func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {\n"
                         "  %0 = stablehlo.add %a, %a : tensor<4xf32>\n"
                         "  return %0 : tensor<4xf32>\n}\n")
        except (IreeUnavailableError, IreeCompileError):
            pass
    if _host_features:
        return _host_features[0], None
    return _cpuinfo()


def _cpuinfo() -> tuple[frozenset[str], frozenset[str]] | None:
    """(features present, features known) by `iree-cpuinfo` (one `name 0|1` line each)."""
    try:
        from iree import _runtime_libs
        tool = os.path.join(os.path.dirname(_runtime_libs.__file__), "iree-cpuinfo")
        out = subprocess.run([tool], capture_output=True, text=True, timeout=30).stdout
    except Exception:  # noqa: BLE001 - no tool: nothing to check against
        return None
    have, known = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] in ("0", "1"):
            known.add(parts[0])
            if parts[1] == "1":
                have.add(parts[0])
    return (frozenset(have), frozenset(known)) if known else None


_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm_64", "arm64": "arm_64",
         "riscv64": "riscv_64"}


def _check_target(t: dict[str, str] | None, name: str) -> None:
    """Refuses a vmfb whose llvm-cpu code cannot run here: another architecture, or CPU
    features this machine lacks (the code would die of an illegal instruction)."""
    if t is None or t["backend"] != "llvm-cpu":
        return
    fmt = t["format"]
    machine = platform.machine()
    here = _ARCH.get(machine.lower(), machine.lower())
    if fmt.startswith(("embedded-elf-", "system-elf-")) and not fmt.endswith("-" + here):
        raise IreeLoadError(f"{name}: compiled for {_describe(t)}, which cannot run on this "
                            f"{machine} machine; recompile it here (cpu='host')")
    need = t.get("cpu_features")
    host = _host_cpu_features() if need else None
    if host is None:
        return
    have, known = host
    missing = _plus(need or "") - have
    if known is not None:
        missing &= known
    if missing:
        names = sorted(missing)
        listed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        raise IreeLoadError(f"{name}: compiled for {_describe(t)}, which needs CPU features "
                            f"this machine lacks: {listed}; recompile it "
                            f"for this machine (cpu='host') or for a CPU it has")


# --- loading and running -----------------------------------------------------------------

def _config(driver: str):
    """One runtime configuration (VM instance, HAL device) per driver, shared."""
    rt = _runtime()
    with _lock:
        c = _configs.get(driver)
        if c is None:
            try:
                c = rt.Config(driver)
            except Exception as e:  # noqa: BLE001 - IREE raises ValueError/RuntimeError
                raise IreeLoadError(f"IREE driver {driver!r} is not available: {e}") from e
            _configs[driver] = c
        return c


_TENSOR = re.compile(r"tensor<((?:(?:\d+|\?)x)*)(complex<\w+>|\w+)>")
_PARAM = re.compile(r"%\w+: (tensor<[^{,)]*>)(?: \{iree\.abi\.encoding = (tensor<[^}]*>)\})?")


def _parse_tensor(s: str) -> tuple[tuple[int | None, ...], T.Type]:
    m = _TENSOR.fullmatch(s.strip())
    if m is None:
        raise ValueError(f"not a tensor type: {s!r}")
    dims = tuple(None if d == "?" else int(d) for d in m.group(1).split("x") if d)
    el = m.group(2)
    return dims, (T.U8 if el == "i1" else T.from_mlir(el))


def _signature(declaration: str):
    """(arg types, result types) of an `iree.abi.declaration` such as
    `sync func @main(%input0: tensor<3xf64>) -> (%output0: tensor<3xf64>)`; an unsigned type
    is declared signless with its `iree.abi.encoding` saying the real one."""
    head, _, tail = declaration.partition(") -> ")
    if not tail and "->" not in declaration:
        head, tail = declaration, ""

    def params(s):
        return [_parse_tensor(enc or plain) for plain, enc in _PARAM.findall(s)]
    return params(head), params(tail)


def _sig_str(sig) -> str:
    return "(" + ", ".join(f"{T.Type(t).name}{list(s)}" for s, t in sig) + ")"


class IreeExecutable:
    """A loaded vmfb's `main`: `exe(arrays) -> [arrays]` on NumPy arrays. `arg_types` and
    `result_types` are lists of `(shape, nx.types.Type)`."""

    def __init__(self, vmfb: bytes, driver: str = "local-task", name: str = "<vmfb>"):
        rt = _runtime()
        self.name = name
        self.driver = driver
        self.target = vmfb_target(vmfb)
        _check_target(self.target, name)
        config = _config(driver)
        try:
            self._module = rt.VmModule.copy_buffer(config.vm_instance, vmfb)
        except Exception as e:  # noqa: BLE001 - IREE raises ValueError/RuntimeError
            raise IreeLoadError(f"{name}: not a loadable IREE module: {e}") from e
        fn = self._module.lookup_function("main")
        if fn is None:
            raise IreeLoadError(f"{name}: the module has no `main` function (it has: "
                                f"{', '.join(self._module.function_names)})")
        try:
            self._context = rt.VmContext(config.vm_instance,
                                         modules=[*config.default_vm_modules, self._module])
        except Exception as e:  # noqa: BLE001
            raise IreeLoadError(f"{name}: cannot load on this machine's IREE {driver} device: "
                                f"compiled for {_describe(self.target)}: {e}") from e
        decl = fn.reflection.get("iree.abi.declaration")
        if decl is None:
            raise IreeLoadError(f"{name}: `main` has no signature metadata "
                                f"(iree.abi.declaration)")
        self.declaration = decl
        self.arg_types, self.result_types = _signature(decl)
        self._invoker = rt.FunctionInvoker(self._context, config.device, fn)
        self._dtypes = [np.dtype(np.bool_) if "i1>" in p else None
                        for p, _ in _PARAM.findall(decl.partition(") -> ")[0])]
        self._call_lock = threading.Lock()

    def check(self, arrays, source: str = "IREE executable") -> None:
        """Raises ValueError naming `source` when `arrays` do not match the signature."""
        given = []
        for a in arrays:
            a = np.asarray(a)
            try:
                t = T.from_dtype(a.dtype)
            except TypeError:
                t = None
            given.append((tuple(a.shape), t))
        ok = len(given) == len(self.arg_types) and all(
            t == et and len(s) == len(es) and all(e is None or d == e for d, e in zip(s, es))
            for (s, t), (es, et) in zip(given, self.arg_types))
        if not ok:
            got = "(" + ", ".join(f"{t.name if t else a_dt}{list(s)}" for (s, t), a_dt in
                                  zip(given, [np.asarray(a).dtype for a in arrays])) + ")"
            raise ValueError(f"{source}: arguments do not match the compiled signature: "
                             f"expected {_sig_str(self.arg_types)}, given {got}")

    def __call__(self, arrays) -> list[np.ndarray]:
        if len(arrays) != len(self.arg_types):
            self.check(arrays, self.name)
        args = []
        for a, dt in zip(arrays, self._dtypes):
            a = np.asarray(a)
            if not a.flags.c_contiguous:
                a = a.copy(order="C")
            if dt is not None and a.dtype != dt:
                a = a.astype(dt)
            args.append(a)
        try:
            with self._call_lock:
                out = self._invoker(*args)
        except Exception as e:  # noqa: BLE001 - IREE raises ValueError/RuntimeError
            self.check(arrays, self.name)   # a signature mismatch: the clearer error
            raise IreeLoadError(f"{self.name}: running `main` failed: {e}") from e
        if out is None:
            outs = []
        elif isinstance(out, tuple):
            outs = list(out)
        else:
            outs = [out]
        res = []
        for o, (_, t) in zip(outs, self.result_types):
            h = o.to_host() if hasattr(o, "to_host") else np.asarray(o)
            dt = t.dtype
            if h.dtype != dt:   # i8 for u8 (same bits), bool for an i1 result
                same = h.dtype.itemsize == dt.itemsize and h.dtype != np.bool_
                h = h.view(dt) if same else h.astype(dt)
            res.append(h)
        return res

    def __repr__(self):
        return (f"IreeExecutable<{self.name}: {_sig_str(self.arg_types)} -> "
                f"{_sig_str(self.result_types)} on {self.driver}, {_describe(self.target)}>")


def load(vmfb, *, driver: str = "local-task", name: str | None = None) -> IreeExecutable:
    """Loads vmfb bytes, or a `.vmfb` file given by path, onto IREE's `driver` device.
    Raises `IreeLoadError` naming the file and the target it was compiled for when it cannot
    run here."""
    if isinstance(vmfb, (str, os.PathLike)):
        path = os.fspath(vmfb)
        with open(path, "rb") as f:
            data = f.read()
        return IreeExecutable(data, driver, name or path)
    return IreeExecutable(bytes(vmfb), driver, name or "<vmfb>")


# --- nx modules ---------------------------------------------------------------------------

def compile_module_iree(module, passes=None, *, backend: str = "llvm-cpu", cpu: str = "host",
                        driver: str = "local-task") -> IreeExecutable:
    """nx module -> (passes) -> portable StableHLO (CHLO legalized) -> IREE vmfb -> loaded
    executable, called on NumPy arrays and returning NumPy arrays of the types of
    `module.main.result_types`. The vmfb is cached in memory by its StableHLO text."""
    from nx.compiler.lower import legalize_chlo, lower
    from nx.compiler.passes import run_default_pipeline
    from nx.dialects.nx.ops.hooks import hook_ops

    module = run_default_pipeline(module, passes)
    hooks = [str(op.attrs.get("callback", "?")).split("#")[0] for op in hook_ops(module)]
    if hooks:
        raise IreeCompileError("hooks (print_value, named hooks) are not supported on IREE: "
                               f"the program has {len(hooks)} ({', '.join(sorted(set(hooks)))})"
                               "; compile it with XLA (nx.jit), or remove the hooks")
    ctx, m = lower(module, debug_info=False, lowering="portable")
    with ctx:
        legalize_chlo(m)
        vmfb = compile_vmfb(m, backend=backend, cpu=cpu)
    exe = IreeExecutable(vmfb, driver, f"nx module @{module.main.name}")
    exe.result_types = [(tuple(t.shape), t.dtype) for t in module.main.result_types]
    return exe
