"""Random-program differential tests: random nx programs run in the four modes (eager numpy,
eager xla, jit, evaluator) must agree with each other, and integer expressions with a
Python-integer reference of Nx's semantics. The generator, comparator and shrinker are in
tests/py/differential.py; docs/testing.md explains them.

`make test` runs a fixed, small budget (deterministic). A bigger campaign by hand:

    NXC_DIFF_PROGRAMS=500 NXC_DIFF_SEED=7 .venv/bin/python -m pytest tests/py/test_differential.py
    .venv/bin/python tests/py/differential.py --supervise --programs 3000 --seed 11

A failure prints a shrunk reproducer: the program as Python source, its inputs and every
mode's results. Defects being fixed are excluded from generation by `differential.KNOWN`.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

import nx

import differential as D

SEED = int(os.environ.get("NXC_DIFF_SEED", "20261124"))
PROGRAMS = int(os.environ.get("NXC_DIFF_PROGRAMS", "40"))


@pytest.mark.parametrize("k", range(PROGRAMS))
def test_random_program(k):
    prog = D.Generator(D.program_seed(SEED, k)).program()
    problems = D.failing(prog)
    if problems:
        small, sp = D.shrink(prog, problems, budget=80)
        pytest.fail(f"modes disagree on program {k} of seed {SEED} (shrunk reproducer):\n"
                    + D.describe(small, sp), pytrace=False)


# --- the harness itself ---------------------------------------------------------------------

def _prog(src_inputs, build):
    """A Program from [(array, type)] and a builder of root nodes from input nodes."""
    tens = [nx.tensor(a, type=t) for a, t in src_inputs]
    leaves = [D.evaluate(D.Node("input", attrs={"i": i}), tens) for i in range(len(tens))]
    return D.Program(src_inputs, [build(*leaves)]), tens


def _node(op, *kids, **attrs):
    return D.Node(op, tuple(kids), attrs)


def test_generation_is_deterministic():
    a = D.Generator(D.program_seed(3, 5)).program()
    b = D.Generator(D.program_seed(3, 5)).program()
    assert a.source() == b.source() and a.inputs_source() == b.inputs_source()


def test_source_round_trips():
    prog = D.Generator(D.program_seed(1, 2)).program()
    out = prog.function()(*[nx.tensor(a, type=t) for a, t in prog.inputs])
    for r, node in zip(out, prog.roots):
        assert r.type == node.type and r.shape == node.shape


def test_comparator_catches_a_planted_difference():
    prog, tens = _prog([(np.array([1.5, -0.0, float("nan")], np.float32), "f32")],
                       lambda x: D.evaluate(_node("negate", x), None))
    base = prog.function()(*tens)
    good = {m: base for m in D.MODES}
    assert D.compare_outputs(prog, good) == []
    # a wrong zero sign, a wrong value, a missing NaN, a wrong type, a raising mode
    for bad in ([-1.5, -0.0, float("nan")], [-1.0, 0.0, float("nan")],
                [-1.5, 0.0, 1.0]):
        res = dict(good, jit=(nx.tensor(np.array(bad, np.float32)),))
        assert D.compare_outputs(prog, res), bad
    res = dict(good, xla=(nx.tensor(np.array([-1.5, 0.0, 0.0])),))
    assert D.compare_outputs(prog, res)
    res = dict(good, evaluator="RuntimeError: boom")
    assert D.compare_outputs(prog, res)


def test_integer_reference_encodes_nx_semantics():
    a = np.array([7, -7, 7, -128, 5, 0], np.int8)
    b = np.array([2, 2, 0, -1, -3, 0], np.int8)
    prog, _ = _prog([(a, "s8"), (b, "s8")], lambda x, y: D.evaluate(
        _node("quotient", x, y), None))
    np.testing.assert_array_equal(D.reference(prog.roots[0]), [3, -3, -1, -128, -1, -1])
    prog, _ = _prog([(a, "s8"), (b, "s8")], lambda x, y: D.evaluate(
        _node("remainder", x, y), None))
    np.testing.assert_array_equal(D.reference(prog.roots[0]), [1, -1, 7, 0, 2, 0])
    s = np.array([1, 7, 8, 9, 3], np.int8)
    prog, _ = _prog([(np.array([-8, -8, -8, 3, 3], np.int8), "s8"), (s, "s8")],
                    lambda x, y: D.evaluate(_node("right_shift", x, y), None))
    np.testing.assert_array_equal(D.reference(prog.roots[0]), [-4, -1, -1, 0, 0])


def test_shrinker_reduces_a_failure():
    """A fake defect (negate of f64 is "wrong" wherever a mode says so) shrinks to one op."""
    x = np.array([1.0, 2.0], np.float64)
    prog, _ = _prog([(x, "f64")], lambda t: D.evaluate(
        _node("add", D.evaluate(_node("negate", t), None),
              D.evaluate(_node("exp", t), None)), None))
    calls = []

    def fake_failing(p, fn=None):
        calls.append(p)
        return [(0, "planted")] if any(n.op == "negate" for n in p.roots[0].walk()) else []

    real, D.failing = D.failing, fake_failing
    try:
        small, _ = D.shrink(prog, [(0, "planted")], budget=50)
    finally:
        D.failing = real
    assert D.render(small.roots[0]) == "nx.negate(x0)"


# --- the known defects: each still reproduces (a skip says it is fixed) -------------------

def _same(v, w):
    if v.dtype != w.dtype or v.shape != w.shape:
        return False
    if v.dtype.kind in "fc" or v.dtype.kind not in "iub":
        v, w = v.astype(np.complex128 if v.dtype.kind == "c" else np.float64), \
            w.astype(np.complex128 if w.dtype.kind == "c" else np.float64)
        return np.array_equal(v, w, equal_nan=True) and (
            v.dtype.kind == "c" or np.array_equal(np.signbit(v), np.signbit(w)))
    return np.array_equal(v, w)


def _all_agree(out):
    vals = list(out.values())
    first = vals[0]
    for v in vals[1:]:
        if isinstance(v, str) or isinstance(first, str):
            if not (isinstance(v, str) and isinstance(first, str)):
                return False
            continue
        if len(v) != len(first) or not all(_same(a, b) for a, b in zip(v, first)):
            return False
    return True


KNOWN_REPRODUCERS = {   # name -> (function, arguments): the modes disagree while it is present
    "int-pow-exponent-64": (nx.pow, [nx.tensor(3), nx.tensor([63, 64, 65])]),
    "lowp-float-with-wide-int-numpy": (
        lambda a, b: (nx.add(a, b), nx.as_type(nx.equal(a, b), "f16")),
        [nx.tensor([65535, 2049], type="u16"), nx.tensor([float("inf"), 0.5], type="f16")]),
    "clip-f64-float-bound": (lambda x: nx.clip(x, 0.001, 0.001), [nx.tensor([0.0], type="f64")]),
    "xla-atan2-zero-zero-folded": (
        lambda a, b: nx.atan2(a - a, nx.equal(float("nan"), b)),
        [nx.tensor([0, 1], type="u32"), nx.tensor([0.0, 0.0], type="f64")]),
    "float-math-of-wide-int-numpy": (nx.sqrt, [nx.tensor([1591783495], type="s32")]),
    "subbyte-clz-numpy": (nx.count_leading_zeros, [nx.tensor([0, 1, 15], type="u4")]),
    "xla-s4-popcount-negative": (nx.population_count, [nx.tensor([-1, 3], type="s4")]),
    "xla-argminmax-2bit": (nx.argmax, [nx.tensor([0, 1, 0, 1], type="u2")]),
    "xla-f8-erfc": (nx.erfc, [nx.tensor([0.5, 1.0], type="f8")]),
    "take-along-axis-empty": (
        lambda x: nx.take_along_axis(x, nx.argsort(x, axis=0), axis=0),
        [nx.broadcast(nx.tensor(0.0), (2, 0))]),
    "xla-widened-subbyte-int": (lambda x: nx.bitwise_not(x) + nx.tensor(0, type="u8"),
                                [nx.tensor([1, 0, 3], type="u4")]),
    "xla-plus-zero-simplified": (lambda x: x - (-0.0), [nx.tensor([-0.0, 1.0], type="f64")]),
    "subbyte-int-arith-numpy": (lambda a, b: (nx.quotient(a, b), nx.remainder(a, b)),
                                [nx.tensor([-3, 1, -1], type="s4"),
                                 nx.tensor([2, -1, 0], type="s4")]),
    "xla-complex-pow-zero-base": (lambda z: nx.pow(nx.real(z) * 0, z),
                                  [nx.tensor([complex(0.5, -0.96)], type="c64")]),
    "xla-int-pow-zero-negative-folded": (lambda x: nx.pow(x < 0, -1),
                                         [nx.tensor([1], type="u32")]),
    "pow-constant-infinite-exponent-jit": (lambda x: nx.pow(x, float("inf")),
                                           [nx.tensor([0.5, 2.0], type="f32")]),
    "xla-square-assumed-nonnegative": (
        lambda x, y: (nx.abs(x * x), nx.as_type(nx.greater_equal(y * y, 0.0), "s64")),
        [nx.tensor([195506650155945731], type="s64"), nx.tensor([float("nan")], type="f64")]),
    "xla-clz-constant-negative": (
        lambda x: x + nx.count_leading_zeros(nx.as_type(nx.tensor(-2.5, type="f32"), "s16")),
        [nx.tensor(0, type="s16")]),
    "xla-nan-constant-math": (lambda x: nx.exp(x - float("nan")),
                              [nx.tensor([0.0, 0.0, 0.0, 0.0], type="f32")]),
    "xla-log-of-pow": (lambda x: nx.log(nx.pow(x, 3.0)), [nx.tensor([-4.25, 2.0])]),
    "s64-quotient-min-numpy": (nx.quotient, [nx.tensor([-2 ** 63, -2 ** 63, 1], type="s64"),
                                             nx.tensor([2, -2, -2 ** 63], type="s64")]),
}

# defects that kill the process: checked in a subprocess, only with NXC_DIFF_CHECK_CRASHES=1
KNOWN_CRASHES = {
    "xla-segfault-signed-and-or": """
import nx
f = nx.jit(lambda a, b: nx.bitwise_or(nx.as_type(a, "s8"), nx.as_type(b, "s8")))
print(f(nx.tensor([5, 6], type="s32"), nx.tensor([16, 8], type="s16")))
""",
    "xla-abort-concatenate-2bit": """
import nx
x = nx.tensor([[0, 1, 1], [1, 0, 0]], type="u2")
print(nx.jit(lambda x: nx.concatenate([x, x], axis=0))(x))
""",
    "xla-sigfpe-int-division-by-zero-constant": """
import nx
print(nx.jit(lambda x: nx.quotient(1, x - x))(nx.tensor([3], type="s16")))
""",
}


@pytest.mark.parametrize("name", sorted(D.KNOWN))
def test_known_defect_still_present(name):
    """Each KNOWN entry has a reproducer here; one that no longer reproduces is reported as
    a skip saying FIXED?, so that the entry can be deleted."""
    assert name in KNOWN_REPRODUCERS or name in KNOWN_CRASHES, \
        f"give the KNOWN entry {name} a reproducer here"
    if name in KNOWN_CRASHES:
        if os.environ.get("NXC_DIFF_CHECK_CRASHES") != "1":
            pytest.skip("kills the process: checked in a subprocess with NXC_DIFF_CHECK_CRASHES=1")
        import subprocess
        import sys
        r = subprocess.run([sys.executable, "-c", KNOWN_CRASHES[name]], capture_output=True,
                           env=dict(os.environ, NXC_DISK_CACHE="0"), timeout=300, check=False)
        if r.returncode == 0:
            pytest.skip(f"FIXED? {name} no longer crashes: delete its entry from "
                        "differential.KNOWN so that the generator covers it again")
        return
    fn, args = KNOWN_REPRODUCERS[name]

    def one(*a):
        r = fn(*a)
        return tuple(r) if isinstance(r, tuple) else (r,)
    out = {}
    for mode in D.MODES:
        try:
            out[mode] = [np.asarray(t.to_numpy()) for t in D.run_mode(mode, one, args)]
        except Exception as e:  # noqa: BLE001
            out[mode] = f"{type(e).__name__}: {e}"
    if _all_agree(out):
        pytest.skip(f"FIXED? {name} no longer reproduces: delete its entry from "
                    "differential.KNOWN so that the generator covers it again")
    # still present: the generator keeps avoiding it
