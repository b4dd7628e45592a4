"""Compiled artifacts: the files `nx.compile(...).save(path)` writes and `nx.load_compiled`
(and `nxc run`) reads, chosen by suffix.

    suffix    contents                                           runs on
    .mlirbc   portable StableHLO: MLIR bytecode of versioned     any StableHLO consumer; nx
              VHLO (StableHLO's compatibility format), CHLO      compiles it with XLA (PJRT)
              legalized, no custom calls                         when loaded
    .exe      a serialized PJRT executable in an nx container    this jaxlib, this platform
              (header, signature, payload)                       (native code)
    .vmfb     an IREE module (llvm-cpu, the host CPU)            iree-base-runtime

A portable artifact and an IREE module are their standard formats, readable by other tools
(`stablehlo-translate --deserialize`, `iree-run-module`); the signature is read back from them
(the main function's types). An executable is native code tied to one jaxlib: its container
records the jaxlib version, the platform and the signature, and loading refuses another
jaxlib with a clear error. Load an `.exe` only from a trusted source (docs/cache.md).

Signatures are lists of `(shape, nx type)` for the arguments and the results of `@main`.
"""
from __future__ import annotations

import json
import os
import struct

from nx import types as T

__all__ = ["SUFFIXES", "ArtifactError", "kind_of", "artifact_bytes", "portable_bytes",
           "signature_of_mlir",
           "write_executable", "read_executable", "load_portable", "describe"]

SUFFIXES = {".mlirbc": "stablehlo", ".exe": "executable", ".vmfb": "iree"}
MAGIC = b"NXCART1\n"           # the executable container's first bytes
_MLIR_MAGIC = b"ML\xefR"       # MLIR bytecode


class ArtifactError(ValueError):
    """A file that is not a loadable artifact, or an artifact called with the wrong
    arguments (the message names the file, what was expected and what was given)."""


def kind_of(path):
    """The artifact kind for `path`'s suffix; raises ArtifactError naming the known ones."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    kind = SUFFIXES.get(ext)
    if kind is None:
        raise ArtifactError(f"{os.fspath(path)}: unknown artifact suffix {ext or '(none)'!r}; "
                            "suffixes: " + ", ".join(f"{s} ({k})" for s, k in SUFFIXES.items()))
    return kind


def describe(sig):
    """`[(shape, type), ...]` as `f32[4], s32[]`."""
    return ", ".join(f"{t}{list(s)}" for s, t in sig) or "no arguments"


def artifact_bytes(module, kind, *, platform="cpu", target_version=None, source="artifact"):
    """The bytes of an artifact of `kind` ("stablehlo", "executable", "iree") for the nx
    `module` (after the pass pipeline). `source` names the file in errors."""
    from nx.compiler.lower import lower, to_bytecode
    from nx.dialects.nx.ops.hooks import hook_ops
    if hook_ops(module):
        raise ArtifactError(f"{source}: the program has hooks (print_value, named hooks: Python "
                            f"callbacks of this process), which a {kind} artifact cannot hold; "
                            "remove them or run it with nx.jit")
    args = [(tuple(t.shape), t.dtype) for t in module.main.arg_types]
    results = [(tuple(t.shape), t.dtype) for t in module.main.result_types]
    if kind == "executable":
        from . import cache, pjrt
        ctx, m = lower(module, debug_info=False, platform=platform)
        with ctx:
            code = to_bytecode(m)
        exe = cache.compile_cached(code, platform, len(results), 0)
        return write_executable(pjrt.serialize(exe), platform, args, results)
    ctx, m = lower(module, debug_info=False, platform=platform, lowering="portable")
    if kind == "stablehlo":
        return portable_bytes(m, target_version)
    from nx.compiler.lower import legalize_chlo

    from . import iree
    legalize_chlo(m)
    return iree.compile_vmfb(m)


# --- portable StableHLO ---------------------------------------------------------------------

def portable_bytes(m, target_version=None):
    """The portable artifact of MLIR module `m` (lowered with `lowering="portable"`): CHLO
    legalized to StableHLO, then serialized as versioned VHLO for `target_version` (default:
    this StableHLO's current version). Raises ArtifactError with MLIR's diagnostics."""
    from jaxlib.mlir.dialects import stablehlo

    from nx.compiler.lower import legalize_chlo
    legalize_chlo(m)
    with m.context:
        target = target_version or stablehlo.get_current_version()
        notes = []

        def on_diagnostic(d):
            notes.append(str(d.message))
            return True   # handled: MLIR does not print it to stderr

        handler = m.context.attach_diagnostic_handler(on_diagnostic)
        try:
            return stablehlo.serialize_portable_artifact(m, target)
        except Exception as e:  # noqa: BLE001 - the bindings raise plain exceptions
            why = "; ".join(notes) or " ".join(str(e).split())
            raise ArtifactError(f"cannot write a portable StableHLO artifact for version "
                                f"{target}: {why}") from None
        finally:
            handler.detach()


def _tensor_sig(t):
    from jaxlib.mlir import ir
    rt = ir.RankedTensorType(t)
    return (tuple(rt.shape), T.from_mlir(str(rt.element_type)))


def signature_of_mlir(m):
    """`(args, results)` of `@main` in MLIR module `m`."""
    from jaxlib.mlir import ir
    for op in m.body.operations:
        if op.operation.name == "func.func" and \
                ir.StringAttr(op.attributes["sym_name"]).value == "main":
            ft = ir.FunctionType(ir.TypeAttr(op.attributes["function_type"]).value)
            return [_tensor_sig(t) for t in ft.inputs], [_tensor_sig(t) for t in ft.results]
    raise ArtifactError("the module has no @main function")


def load_portable(data, source, platform="cpu", device=0):
    """A portable artifact's bytes -> `(executable, args, results)`: deserialized, compiled for
    `platform` through the disk cache."""
    from jaxlib.mlir.dialects import stablehlo

    from nx.compiler.lower import shared_context, to_bytecode

    from . import cache
    if not data.startswith(_MLIR_MAGIC):
        raise ArtifactError(f"{source}: not a portable StableHLO artifact (MLIR bytecode starts "
                            f"with {_MLIR_MAGIC!r}, this file with {data[:4]!r})")
    ctx = shared_context()
    with ctx:
        try:
            m = stablehlo.deserialize_portable_artifact(ctx, data)
        except Exception as e:  # noqa: BLE001
            raise ArtifactError(f"{source}: cannot read the portable StableHLO artifact: "
                                f"{' '.join(str(e).split())}") from None
        args, results = signature_of_mlir(m)
        code = to_bytecode(m)
    exe = cache.compile_cached(code, platform, len(results), device)
    exe.set_outputs([(s, t.dtype) for s, t in results])
    return exe, args, results


# --- serialized executables -----------------------------------------------------------------

def _sig_json(sig):
    return [[list(s), str(t)] for s, t in sig]


def _sig_from_json(items):
    return [(tuple(s), T.parse(t)) for s, t in items]


def write_executable(payload, platform, args, results):
    """The `.exe` container: MAGIC, the length of the JSON header (8 bytes, little endian), the
    header (jaxlib version, platform, signature), then PJRT's serialized executable."""
    import jaxlib
    head = json.dumps({"kind": "executable", "jaxlib": jaxlib.__version__,
                       "platform": platform, "args": _sig_json(args),
                       "results": _sig_json(results)}).encode()
    return MAGIC + struct.pack("<Q", len(head)) + head + payload


def read_executable(data, source, device=0):
    """An `.exe` container's bytes -> `(executable, args, results, platform)`."""
    import jaxlib

    from . import pjrt
    if not data.startswith(MAGIC):
        raise ArtifactError(f"{source}: not an nx executable (expected the header {MAGIC!r}); "
                            "`nxc compile -o FILE.exe` and `nx.compile(...).save('FILE.exe')` "
                            "write one")
    n = struct.unpack("<Q", data[len(MAGIC):len(MAGIC) + 8])[0]
    start = len(MAGIC) + 8
    try:
        head = json.loads(data[start:start + n])
    except ValueError:
        raise ArtifactError(f"{source}: the executable's header is damaged") from None
    if head.get("jaxlib") != jaxlib.__version__:
        raise ArtifactError(f"{source}: compiled by jaxlib {head.get('jaxlib')}, this is jaxlib "
                            f"{jaxlib.__version__}; a serialized executable runs only on the "
                            "jaxlib that wrote it (exchange programs as .mlirbc)")
    platform = head["platform"]
    args, results = _sig_from_json(head["args"]), _sig_from_json(head["results"])
    try:
        exe = pjrt.deserialize(data[start + n:], platform, len(results), device)
    except Exception as e:  # noqa: BLE001 - XLA's errors
        raise ArtifactError(f"{source}: cannot load the executable on {platform}: "
                            f"{' '.join(str(e).split())}") from None
    exe.set_outputs([(s, t.dtype) for s, t in results])
    return exe, args, results, platform
