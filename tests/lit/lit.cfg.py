# lit configuration for nxc's FileCheck tests.
#
# Run from the repository root:  PATH=.venv/bin:$PATH .venv/bin/lit -q tests/lit
# Each test is one behaviour: `RUN:` lines call `nxc` (and `FileCheck`, the `filecheck` package
# from PyPI) and `CHECK:` lines say what the output must contain.
import os
import shutil
import sys

import lit.formats

config.name = "nxc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".py"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = config.test_source_root
# lit.cfg.py itself, and folders of helper modules/inputs that are not tests
config.excludes = ["lit.cfg.py", "Inputs", "inputs", "helpers", "__pycache__", "Output"]

bindir = os.path.dirname(sys.executable)
search_path = os.pathsep.join([bindir, os.environ.get("PATH", "")])


def find_tool(*names):
    for name in names:
        path = shutil.which(name, path=search_path)
        if path:
            return os.path.abspath(path)
    lit_config.fatal(f"cannot find {' or '.join(names)} next to {sys.executable} or on PATH; "
                     "install the project with `pip install -e '.[test]'`")


nxc = find_tool("nxc")
filecheck = find_tool("filecheck", "FileCheck")

# Tools as whole words only, so a path that contains "nxc" is left alone. These run before lit's
# own %s/%S substitutions, so test paths are not touched either.
_word = r"(?<![\w/.%-]){}(?![\w/.-])"
config.substitutions.append(("%python", sys.executable))
config.substitutions.append((_word.format("nxc"), nxc))
config.substitutions.append((_word.format("FileCheck"), filecheck))

# Keep the tests hermetic and quiet: no on-disk compilation cache, no TF/XLA info logs. (Python
# may write bytecode: with ~150 nxc processes, importing the library from cached .pyc matters.)
config.environment["NXC_DISK_CACHE"] = "0"
config.environment["TF_CPP_MIN_LOG_LEVEL"] = "2"
config.environment.pop("NXC_DEBUG", None)
for var in ("HOME", "TMPDIR", "XDG_CACHE_HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# `REQUIRES: iree` tests run when the IREE compiler and runtime are installed (the test extra
# has them)
try:
    import iree.compiler  # noqa: F401
    import iree.runtime  # noqa: F401
    config.available_features.add("iree")
except ImportError:
    pass
