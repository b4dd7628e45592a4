"""No private name crosses a module boundary (`make lint`).

The rule: a name imported from another nxc module, or reached as an attribute of an imported
nxc module (`mod._name`), does not start with an underscore (dunders excepted).

A helper that modules share gets a plain name where it is defined; a private module such as
nx/_args.py exports plain names (the underscore on the module says it is internal). Importing a
private module is allowed (`from . import _eager`, `from ._args import is_number`); reaching
one as an attribute (`nx._dispatch.apply`) is not. Binding a public name to a private alias is
fine (`import trace as _trace`). Only nxc's own modules (nx.*) are checked, not third-party
ones. It scans nx/, compiler/, dialects/, runtime/ and tools/ with the stdlib's `ast`.
"""
from __future__ import annotations

import ast
import fnmatch
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("nx", "compiler", "dialects", "runtime", "tools")
# Where each source folder is installed (pyproject.toml's [tool.setuptools] package-dir).
PACKAGE_DIR = {"nx": "nx", "compiler": "nx.compiler", "dialects": "nx.dialects",
               "runtime": "nx.runtime", "tools": "nx.tools"}

# Files not checked for now (fnmatch patterns): other changes are rewriting or splitting them,
# each listed with the new files of its split. Where they still import a name that a checked
# module renamed, the old name is kept as an alias at its definition (`_old = new  # alias for
# ...`). Empty this list, and remove the aliases, as each file is updated.
EXEMPT: tuple[str, ...] = ()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(rel: str) -> str:
    parts = rel.removesuffix(".py").split("/")
    parts[0] = PACKAGE_DIR[parts[0]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> set[str]:
    """Every importable module and package of nxc, by its installed dotted name."""
    mods = {"nx"}
    for d in SCANNED:
        for path in (ROOT / d).rglob("*.py"):
            mods.add(_module_name(path.relative_to(ROOT).as_posix()))
    return mods


def _exempt(rel: str) -> bool:
    return any(fnmatch.fnmatchcase(rel, e) for e in EXEMPT)


def _resolve(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")
    base = base[:len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def _dotted(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"], or None when the chain does not start at a name."""
    out = []
    while isinstance(node, ast.Attribute):
        out.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    out.append(node.id)
    return out[::-1]


def check(path: Path, modules: set[str]) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    here = _module_name(rel)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(), rel)
    problems = []
    bound: dict[str, str] = {}   # a local name bound to an nxc module -> that module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != "nx":
                    continue
                if a.asname:
                    bound[a.asname] = a.name
                else:
                    bound[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            mod = _resolve(node, here, is_package)
            if mod.split(".")[0] != "nx":
                continue
            for a in node.names:
                full = f"{mod}.{a.name}"
                if full in modules:          # a submodule: private modules are allowed
                    bound[a.asname or a.name] = full
                elif _private(a.name):
                    problems.append(f"{rel}:{node.lineno}: imports the private name "
                                    f"{a.name} from module {mod}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not _private(node.attr):
            continue
        chain = _dotted(node.value)
        if not chain or chain[0] not in bound:
            continue
        mod = ".".join([bound[chain[0]]] + chain[1:])
        if mod in modules:
            problems.append(f"{rel}:{node.lineno}: uses the private name {node.attr} "
                            f"of module {mod}")
    return sorted(problems, key=lambda p: int(p.split(":")[1]))


def main() -> int:
    modules = _modules()
    problems = []
    for d in SCANNED:
        for path in sorted((ROOT / d).rglob("*.py")):
            if not _exempt(path.relative_to(ROOT).as_posix()):
                problems += check(path, modules)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
