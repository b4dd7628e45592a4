"""Export and reload: `nx.compile(f, templates).save(path)` and `nx.load_compiled(path)`.

The file's suffix picks the artifact (runtime/artifact.py has the formats):

- `.mlirbc`: portable StableHLO (versioned VHLO bytecode; CHLO legalized, every op in pure
  StableHLO: the portable lowering). Any StableHLO consumer reads it; loading compiles it
  with XLA for the platform asked for.
- `.exe`: a serialized XLA (PJRT) executable with its signature: no compile when loaded, but
  tied to this jaxlib and platform, and native code (load only trusted files).
- `.vmfb`: an IREE module for the host CPU (`pip install nxc[iree]`).

A loaded artifact is a callable on tensors (or arrays, numbers) that checks the signature it
was compiled for and returns a tensor, or a tuple of tensors for several results, in the
order of the function's flattened outputs (`nx.containers.flatten`: containers, names and
vectorized axes are not part of an artifact; vectorized axes lead the shapes).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "lse.mlirbc")
    >>> nx.compile(nx.logsumexp, [nx.template((3,), "f32")]).save(path)
    >>> lse = nx.load_compiled(path)
    >>> lse(nx.tensor([1.0, 2.0, 3.0]))
    nx.Tensor<
      f32
      3.4076058864593506
    >
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from nx.runtime.artifact import (
    ArtifactError,
    artifact_bytes,
    describe,
    kind_of,
    load_portable,
    read_executable,
)

from ._args import to_tensor
from .tensor import Tensor

__all__ = ["load_compiled", "LoadedFunction", "ArtifactError", "save"]


def _module(compiled):
    """The nx module of `compiled` (an `nx.compile` result) after the pass pipeline."""
    from nx.compiler.passes import run_default_pipeline

    from .defn import trace_module
    from .hooks import resolve
    j = compiled.jitted
    module = trace_module(j.fun, list(compiled.templates), compiled.kwargs)[0]
    module = resolve(module, j._option("hooks"))
    return run_default_pipeline(module, j._option("passes"))


def save(compiled, path, *, platform: str = "cpu", target_version: str | None = None) -> None:
    """Writes `compiled` (an `nx.compile` result) to `path`; the suffix picks the format (see
    the module docstring). `target_version` is the StableHLO version of a `.mlirbc` (default:
    the current one; an older one lets an older consumer read it)."""
    path = os.fspath(path)
    kind = kind_of(path)
    data = artifact_bytes(_module(compiled), kind, platform=platform,
                          target_version=target_version, source=path)
    with open(path, "wb") as f:
        f.write(data)


class LoadedFunction:
    """A compiled artifact loaded back (`nx.load_compiled`): call it with the arguments it was
    compiled for."""

    __slots__ = ("path", "kind", "platform", "arg_types", "result_types", "_run", "_host")

    def __init__(self, path, kind, platform, args, results, run, host):
        self.path, self.kind, self.platform = path, kind, platform
        self.arg_types, self.result_types = args, results
        self._run, self._host = run, host

    def __repr__(self):
        return (f"<nx.LoadedFunction {self.path} ({self.kind}): ({describe(self.arg_types)}) "
                f"-> ({describe(self.result_types)})>")

    def __call__(self, *args: Any) -> Any:
        ts = [to_tensor(a, f"{self.path}", f"argument {i}") for i, a in enumerate(args)]
        got = [(tuple(n for _, n in t.vectorized_axes) + t.shape, t.type) for t in ts]
        if got != list(self.arg_types):
            raise ArtifactError(f"{self.path}: compiled for ({describe(self.arg_types)}) but "
                                f"called with ({describe(got)})")
        if self._host:
            outs = self._run([np.asarray(t.to_numpy()) for t in ts])
        else:
            from .defn import to_buffer
            outs = self._run([to_buffer(t) for t in ts])
        res = []
        for o, (shape, ty) in zip(outs, self.result_types):
            if self._host:
                o = np.asarray(o).astype(ty.dtype, copy=False).reshape(shape)
            res.append(Tensor(o, tuple(shape), ty))
        return res[0] if len(res) == 1 else tuple(res)


def load_compiled(path: str | os.PathLike[str], *, platform: str = "cpu") -> LoadedFunction:
    """Loads an artifact written by `nx.compile(...).save(path)` or `nxc compile -o path`
    (the suffix says which kind; see the module docstring). A `.mlirbc` is compiled for
    `platform`; an `.exe` runs on the platform it was compiled for."""
    path = os.fspath(path)
    kind = kind_of(path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ArtifactError(f"nx.load_compiled: cannot read {path}: {e.strerror}") from None
    if kind == "stablehlo":
        exe, args, results = load_portable(data, path, platform)
        return LoadedFunction(path, kind, platform, args, results, exe, host=False)
    if kind == "executable":
        exe, args, results, plat = read_executable(data, path)
        return LoadedFunction(path, kind, plat, args, results, exe, host=False)
    from nx.runtime import iree
    try:
        exe = iree.load(data, name=path)
    except iree.IreeLoadError as e:
        raise ArtifactError(str(e)) from None
    return LoadedFunction(path, kind, "iree:llvm-cpu", list(exe.arg_types),
                          list(exe.result_types), exe, host=True)
