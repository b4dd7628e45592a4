"""Runs mypy on the core (`make lint`).

The editable install maps `nx.compiler` to `compiler/`, `nx.dialects` to `dialects/` and so on
through an import hook that mypy cannot follow, so this builds a temporary tree of symlinks
shaped like the installed package (`nx/` with `compiler`, `dialects`, `runtime` and `tools`
inside it, as pyproject.toml's `package-dir` lays them out) and runs mypy there, with the
configuration in pyproject.toml's `[tool.mypy]`. Extra arguments go to mypy.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# where each installed subpackage's sources live (pyproject.toml: [tool.setuptools] package-dir)
SUBPACKAGES = {"compiler": "compiler", "dialects": "dialects", "runtime": "runtime",
               "tools": "tools"}
# the core, and the public-API modules whose annotations are checked with it
PACKAGES = ["nx.compiler", "nx.dialects", "nx.runtime"]
MODULES = ["nx.types", "nx.tensor", "nx.defn", "nx._typing", "nx.ops", "nx.aggregates",
           "nx.indexing", "nx.sorting", "nx.window", "nx.signal", "nx.shapes", "nx.linalg",
           "nx.constants", "nx.composite", "nx.batching", "nx.testing", "nx.hooks", "nx.pointer",
           "nx.vectorize", "nx.grad", "nx.control"]


def build_tree(dest: Path) -> Path:
    """`dest/nx`: a symlink per entry of `nx/`, plus one per subpackage."""
    pkg = dest / "nx"
    pkg.mkdir()
    for entry in sorted((ROOT / "nx").iterdir()):
        if entry.name != "__pycache__":
            (pkg / entry.name).symlink_to(entry)
    for name, src in SUBPACKAGES.items():
        (pkg / name).symlink_to(ROOT / src)
    return pkg


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="nxc-typecheck-") as tmp:
        build_tree(Path(tmp))
        cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
               "--cache-dir", str(ROOT / ".mypy_cache")]
        for p in PACKAGES:
            cmd += ["-p", p]
        for m in MODULES:
            cmd += ["-m", m]
        env = dict(os.environ, MYPYPATH=tmp)
        return subprocess.call(cmd + argv, cwd=tmp, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
