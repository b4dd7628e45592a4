"""No Python source file over 1,000 lines (`make lint`): a module that long has more than one
job. Checks every tracked or new (not ignored) `.py` file of the repository; data files and
lit inputs are not Python sources. Split along the module's sections (see docs/architecture.md);
a private module (`nx/_random_core.py`) holds what its public module needs."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1000


def main() -> int:
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                              "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
        names = set(out.stdout.split())
    except (OSError, subprocess.CalledProcessError):   # not a git checkout: walk the sources
        skip = {".venv", "build", ".git", ".mypy_cache", ".ruff_cache"}
        names = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py")
                 if not skip & set(p.relative_to(ROOT).parts)}
    problems = []
    for rel in sorted(names):
        path = ROOT / rel
        if not path.is_file():
            continue   # deleted in the work tree
        with open(path, "rb") as f:
            n = sum(1 for _ in f)
        if n > LIMIT:
            problems.append(f"{rel}: {n} lines (at most {LIMIT}: split it along its sections)")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
