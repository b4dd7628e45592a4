# Exit status: 0 on success, 1 for a user error, 2 for a command-line usage error; main(argv)
# returns the same numbers (and 0 for --help) without exiting.
# RUN: %python %s nxc | FileCheck %s
# CHECK: ok
import contextlib
import io
import subprocess
import sys

if __name__ == "__main__":
    nxc = sys.argv[1]
    here = __file__

    def status(*args):
        return subprocess.run([nxc, *args], capture_output=True).returncode

    assert status("dump", f"{here}:square", "--arg", "f32") == 0
    assert status("dump", f"{here}:nope", "--arg", "f32") == 1
    assert status("frobnicate") == 2                   # unknown command

    from nx.tools.nxc import main

    def main_status(*args):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return main(list(args))

    assert main_status("dump", f"{here}:square", "--arg", "f99") == 1
    assert main_status("dump") == 2                    # missing FILE
    assert main_status("opt", "x.mlir", "--no-such-flag") == 2
    assert main_status("--help") == 0
    for cmd in ("dump", "opt", "lower", "compile", "run"):
        assert main_status(cmd, "--help") == 0, cmd
    print("ok")


def square(x):
    return x * x
