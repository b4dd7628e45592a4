"""The op-family suites in two more modes: `nx.jit(f, compiler="iree")` (IREE's llvm-cpu
backend on the host CPU) and `nx.jit(f, lowering="portable")` (XLA on pure StableHLO, what
an exported artifact and any other target run).

Every `Case` of the family test files (the same cases `modes.check` runs in the four other
modes, with their independent expected values) is compared against its expected value. To keep
the suite fast, the cases of a family are traced into one function and compiled once per mode
(an IREE compile costs about half a second). The cases IREE gets wrong or cannot compile are
listed in KNOWN with the reason, each checked on its own as a strict xfail (so a fixed one
fails the suite until it leaves the list). XLA's portable lowering has no known differences.
"""
from __future__ import annotations

import importlib

import numpy as np
import pytest

import nx
from nx import types as T

from modes import Case, assert_values

FAMILIES = ["test_ops_modes", "test_signal", "test_sorting", "test_structure", "test_window",
            "test_nx_defects", "test_aggregates"]
BUNDLE = 48   # cases compiled together
# IREE 3.13 returns garbage for some sorts of a module holding dozens of sorts with index
# operands (48 sort cases in one module: values of unrelated sorts read stray memory; any half
# of them is right), so the sorting cases go 16 at a time. Reported in docs/targets.md.
BUNDLE_OF = {"test_sorting": 16}

_FFT = "IREE lowers stablehlo.fft only for 1-D power-of-two lengths in c64"
_FFT_PAD = "iree-compile crashes on stablehlo.pad of a complex tensor (an fft's length padding)"
_ATAN2 = "IREE's f32 atan2 is about 4e-6 relative off (phase of c64), beyond f32's tolerance"
_UNSIGNED_WINDOW = ("IREE cannot legalize reduce_window with padding on unsigned types "
                    "(cumulative ops on u8)")
_SCATTER = ("IREE's select_and_scatter: overlapping windows or padding do not legalize, and ties "
            "pick the first maximum where XLA and Nx pick the last")
_CONV3D = "IREE miscompiles a strided 3-D conv whose spatial size is not a multiple of the stride"
_SUBBYTE = ("sub-byte integers (s2, s4, u2, u4): IREE's runtime cannot pass them, and tensors "
            "of a non-integral byte size do not compile")

KNOWN = {
    **dict.fromkeys([
        "test_signal::fft_int_doc", "test_signal::fft_f32_rows", "test_signal::fft_axis0",
        "test_signal::fft_pad", "test_signal::fft_truncate", "test_signal::fft_c64",
        "test_signal::fft_f64_c128", "test_signal::ifft_c64", "test_signal::ifft_f64_truncate",
        "test_signal::fft2_default", "test_signal::fft2_axes_lengths",
        "test_signal::fft2_reversed_axes", "test_signal::ifft2_c128", "test_signal::ifft2_s32",
        "test_signal::fft_then_ifft"], _FFT),
    **dict.fromkeys(["test_signal::fft_axis_name", "test_signal::fft_power_of_two",
                     "test_signal::ifft_axis0_pad"], _FFT_PAD),
    "test_signal::phase_c64": _ATAN2,
    **dict.fromkeys([f"test_sorting::cum_{k}-u8-wraps" for k in ("sum", "product", "max", "min")],
                    _UNSIGNED_WINDOW),
    **dict.fromkeys([f"test_window::scatter-{k}" for k in ("max-0", "max-1", "min-2", "min-3")],
                    _SCATTER),
    "test_window::conv-3d": _CONV3D,
    **dict.fromkeys(["test_ops_modes::add-s4-wraps", "test_ops_modes::add-u2-wraps",
                     "test_ops_modes::multiply-u4xs4", "test_structure::bitcast-s4-u4",
                     "test_nx_defects::abs-u2", "test_nx_defects::abs-u4",
                     "test_nx_defects::sign-u2", "test_nx_defects::sign-u4"], _SUBBYTE),
}


def _collect():
    cases = []
    for modname in FAMILIES:
        mod = importlib.import_module(modname)
        for f in vars(mod).values():
            for mark in getattr(f, "pytestmark", None) or []:
                if mark.name != "parametrize":
                    continue
                for p in mark.args[1]:
                    for v in getattr(p, "values", (p,)):
                        if isinstance(v, Case):
                            cases.append((f"{modname}::{v.id}", v))
    return cases


CASES = _collect()
_PLAIN = [(i, c) for i, c in CASES if i not in KNOWN]
_BUNDLES = {}
for _fam in FAMILIES:
    _of = [(i, c) for i, c in _PLAIN if i.split("::")[0] == _fam]
    _n = BUNDLE_OF.get(_fam, BUNDLE)
    for _k in range(0, len(_of), _n):
        _BUNDLES[f"{_fam}-{_k // _n}"] = _of[_k:_k + _n]


def _iree_available():
    from nx.runtime import iree
    return iree.available()


needs_iree = pytest.mark.skipif(not _iree_available(),
                                reason="IREE is not installed (pip install nxc[iree])")


def _bundle_fn(cases):
    def run_all(*flat):
        outs, k = [], 0
        for _, c in cases:
            n = len(c.args)
            outs.append(c.fn(*flat[k:k + n]))
            k += n
        return tuple(outs)
    return run_all


def _check(case_id, case, got):
    assert isinstance(got, nx.Tensor), f"{case_id}: got {type(got).__name__}"
    expected = np.asarray(case.expected)
    assert got.type == case.type, f"{case_id}: type {got.type}, expected {case.type}"
    assert got.shape == expected.shape, f"{case_id}: shape {got.shape}, expected {expected.shape}"
    arr = np.asarray(got)
    assert arr.dtype == T.parse(case.type).dtype, f"{case_id}: dtype {arr.dtype}"
    assert_values(arr, expected, case.type, case.rtol, case.atol, f"{case_id} vs NumPy reference")


def _run_bundle(cases, **jit_opts):
    args = [a.tensor("numpy") for _, c in cases for a in c.args]
    outs = nx.jit(_bundle_fn(cases), **jit_opts)(*args)
    problems = []
    for (case_id, case), got in zip(cases, outs):
        try:
            _check(case_id, case, got)
        except AssertionError as e:
            problems.append(str(e))
    assert not problems, "\n\n".join(problems)


def test_every_family_case_is_collected():
    assert len(CASES) > 500
    ids = {i for i, _ in CASES}
    assert not set(KNOWN) - ids, f"KNOWN lists cases that do not exist: {set(KNOWN) - ids}"


@needs_iree
@pytest.mark.parametrize("bundle", sorted(_BUNDLES))
def test_family_on_iree(bundle):
    _run_bundle(_BUNDLES[bundle], compiler="iree")


@pytest.mark.parametrize("bundle", sorted(_BUNDLES))
def test_family_with_portable_lowering(bundle):
    _run_bundle(_BUNDLES[bundle], lowering="portable")


@pytest.mark.parametrize("case_id", sorted(KNOWN))
def test_known_cases_with_portable_lowering(case_id):
    # what IREE gets wrong, XLA gets right from the same portable StableHLO
    case = dict(CASES)[case_id]
    _run_bundle([(case_id, case)], lowering="portable")


@needs_iree
@pytest.mark.parametrize("case_id", sorted(KNOWN))
def test_known_iree_differences(case_id):
    case = dict(CASES)[case_id]
    try:
        _run_bundle([(case_id, case)], compiler="iree")
    except Exception as e:  # noqa: BLE001 - a wrong value or a compile error, as KNOWN says
        pytest.xfail(f"{KNOWN[case_id]} ({type(e).__name__})")
    pytest.fail(f"{case_id} now passes on IREE: remove it from KNOWN ({KNOWN[case_id]})")
