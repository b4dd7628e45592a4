"""nxc's pass options, in process (`nx.tools.nxc.main`): verification after each pass in `nxc
opt` (on by default, `--no-verify-each` turns it off), a broken plugin pass named in the error,
`nxc dump --pass-pipeline/--load-pass-plugin`, and empty inputs. The lit tests
(tests/lit/passes/verify_each.mlir, tests/lit/dump/pass_pipeline.py,
tests/lit/errors/empty_input.mlir) check the same through the installed `nxc` script."""
from __future__ import annotations

import os
import sys
import textwrap

import pytest

from nx.compiler.passes import PASSES
from nx.tools import nxc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOLD_DOUBLE_NEGATE = os.path.join(ROOT, "docs", "examples", "fold_double_negate.py")

MIXED = """\
func.func @main(%arg0: tensor<3xi32>, %arg1: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.add %arg0, %arg1 : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
"""

PLUGIN = '''\
from nx.compiler import register_pass
from nx.compiler.ir import walk


@register_pass("cli-test-add-to-lhs")
def add_to_lhs(module):
    # wrong when the types differ: every use of nx.add(a, b) becomes a use of a
    for fn in module.functions:
        subst = {}
        for op in walk(fn.body):
            op.operands = [subst.get(v, v) for v in op.operands]
            if op.name == "nx.add":
                subst[op.results[0]] = op.operands[0]
    return module


@register_pass("cli-test-drop-operand")
def drop_operand(module):
    for op in module.main.body.ops:
        if op.name == "nx.add":
            del op.operands[1:]
    return module


@register_pass("cli-test-raises")
def raises(module):
    return module.attrs["no-such-attribute"]
'''


@pytest.fixture
def files(tmp_path):
    prog = tmp_path / "mixed.mlir"
    prog.write_text(MIXED)
    plugin = tmp_path / "cli_test_broken_passes.py"
    plugin.write_text(PLUGIN)
    yield str(prog), str(plugin)
    for name in [n for n in PASSES if n.startswith("cli-test-")]:
        del PASSES[name]
    sys.modules.pop("cli_test_broken_passes", None)
    nxc._loaded.pop(os.path.abspath(str(plugin)), None)


def run(capsys, *argv):
    rc = nxc.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_opt_verify_each_is_on_by_default():
    parser = nxc.build_parser()
    assert parser.parse_args(["opt", "x.mlir"]).verify_each is True
    assert parser.parse_args(["opt", "x.mlir", "--verify-each"]).verify_each is True
    assert parser.parse_args(["opt", "x.mlir", "--no-verify-each"]).verify_each is False


def test_opt_names_the_pass_that_breaks_the_ir(files, capsys):
    prog, plugin = files
    for pipeline in ("cli-test-add-to-lhs", "canonicalize,cli-test-add-to-lhs"):
        for extra in ([], ["--verify-each"]):
            rc, out, err = run(capsys, "opt", prog, "--load-pass-plugin", plugin,
                               "--pass-pipeline", pipeline, *extra)
            assert rc == 1 and out == ""
            assert err == ("nxc: error: the IR after pass 'cli-test-add-to-lhs' does not verify: "
                           "@main returns (tensor<3xi32>) but its signature says "
                           "(tensor<3xf32>)\n")
    rc, out, err = run(capsys, "opt", prog, "--load-pass-plugin", plugin,
                       "--pass-pipeline=cli-test-add-to-lhs", "--no-verify-each")
    assert rc == 0 and err == "" and "-> tensor<3xi32>" in out
    rc, out, err = run(capsys, "opt", prog, "--load-pass-plugin", plugin,
                       "--pass-pipeline=cli-test-drop-operand")
    assert rc == 1
    assert ("the IR after pass 'cli-test-drop-operand' does not verify: @main: nx.add takes 2 "
            "operands but has 1") in err
    assert "unpack" not in err


def test_a_plugin_pass_that_raises_is_a_user_error(files, capsys):
    prog, plugin = files
    rc, out, err = run(capsys, "opt", prog, "--load-pass-plugin", plugin,
                       "--pass-pipeline=cli-test-raises")
    assert rc == 1
    assert err.startswith(f"nxc: error: pass 'cli-test-raises' failed: {plugin}:")
    assert "KeyError: 'no-such-attribute'" in err and "internal error" not in err


def test_dump_takes_a_pass_pipeline_and_plugins(tmp_path, capsys):
    src = tmp_path / "cli_dump_prog.py"
    src.write_text(textwrap.dedent("""\
        import nx


        def f(x):
            return nx.negate(nx.negate(nx.exp(x)))
        """))
    target = f"{src}:f"
    rc, out, err = run(capsys, "dump", target, "--arg", "f32[3]", "--load-pass-plugin",
                       FOLD_DOUBLE_NEGATE, "--pass-pipeline=fold-double-negate,canonicalize",
                       "--stage", "canonicalize")
    assert rc == 0, err
    assert "nx.negate" not in out and "nx.exp" in out
    rc, out, err = run(capsys, "dump", target, "--arg", "f32[3]", "--load-pass-plugin",
                       FOLD_DOUBLE_NEGATE, "--pass-pipeline=grad-expansion,fold-double-negate",
                       "--stage", "fold-double-negate")
    assert rc == 0, err
    assert out.count("nx.negate") == 1     # the inner one, left for DCE
    rc, out, err = run(capsys, "dump", target, "--arg", "f32[3]", "--pass-pipeline=",
                       "--stage", "stablehlo")
    assert rc == 0, err
    assert out.count("stablehlo.negate") == 2    # exactly what was traced
    rc, out, err = run(capsys, "dump", target, "--arg", "f32[3]", "--pass-pipeline=canonicalize",
                       "--stage", "vectorize")
    assert rc == 1
    assert err == ("nxc: error: unknown stage 'vectorize'; stages: nx, canonicalize, stablehlo, "
                   "hlo (the passes of --pass-pipeline)\n")


@pytest.mark.parametrize("command", ["lower", "opt", "run"])
def test_empty_input_is_a_clear_error(tmp_path, capsys, command):
    empty = tmp_path / "empty.mlir"
    empty.write_text("")
    rc, out, err = run(capsys, command, str(empty))
    assert rc == 1 and out == ""
    assert err.startswith(f"nxc: error: {empty} is empty: expected nx dialect text with at least "
                          "one func.func")
    comments = tmp_path / "comments.mlir"
    comments.write_text("// nothing here\n\n")
    rc, out, err = run(capsys, command, str(comments))
    assert rc == 1 and f"{comments} is empty" in err
    module = tmp_path / "module.mlir"
    module.write_text("module {\n}\n")
    rc, out, err = run(capsys, command, str(module))
    assert rc == 1
    assert err == f"nxc: error: {module} defines no function: expected at least one func.func\n"
