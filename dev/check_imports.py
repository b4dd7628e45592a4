"""The import rule's two gaps in ruff's banned-api (TID251), checked here (`make lint`).

The core (compiler/, dialects/, runtime/) imports nothing from the front end: every module of
nx/ but nx.types (see pyproject.toml's [tool.ruff.lint.flake8-tidy-imports.banned-api]).
Ruff checks `from nx.X import ...`, `from nx import X` and `import nx.X` against that list,
inside functions too. It cannot see:

1. a front-end module missing from the list (a new file in nx/): checked here against nx/;
2. a bare `import nx` (banning "nx" itself would ban nx.types and the core's own nx.compiler
   too): checked here in the core, but for the files pyproject.toml already exempts from
   TID251 (the ones the IR-builder step of issue 17 rewrites).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:   # Python 3.10: mypy's own dependency
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORE = ("compiler", "dialects", "runtime")
SHARED = {"types"}   # the one nx/ module the core may import


def main() -> int:
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    banned = set(cfg["flake8-tidy-imports"]["banned-api"])
    exempt = {f for f, codes in cfg["per-file-ignores"].items()
              if "TID251" in codes and not f.startswith("!")}
    problems = []
    front = {p.stem for p in (ROOT / "nx").glob("*.py")} - {"__init__"} - SHARED
    front |= {p.parent.name for p in (ROOT / "nx").glob("*/__init__.py")}
    for m in sorted(front - {b.removeprefix("nx.") for b in banned}):
        problems.append(f"pyproject.toml: the front-end module nx.{m} is missing from "
                        f"[tool.ruff.lint.flake8-tidy-imports.banned-api]")
    for m in sorted({b.removeprefix("nx.") for b in banned} - front):
        problems.append(f"pyproject.toml: banned-api lists nx.{m}, which is not a front-end "
                        f"module of nx/")
    for d in CORE:
        for path in sorted((ROOT / d).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in exempt:
                continue
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                if isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name == "nx":
                            problems.append(f"{rel}:{node.lineno}: `import nx` in the core: "
                                            f"import from nx.types or the core itself")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
