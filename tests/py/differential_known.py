"""The differential tester's tables of what it does not generate (tests/py/differential.py):
`KNOWN`, the defects being fixed (name -> reason, predicate(node)), and `INHERENT`, behaviours
of XLA's CPU backend that are not nx's to fix; `known_hit` says which one a node would hit."""
from __future__ import annotations

import builtins
import math
import os

import numpy as np

from nx import types as T

from differential_ops import OPS, is_complex, is_int, render, wrap

# --- known defects (excluded from generation) --------------------------------------------------

def _int_pow_big_exponent(node):
    if node.op != "pow" or not is_int(node.type):
        return False
    e = node.children[1]
    v = np.asarray(e.value if e.op != "lit" else e.attrs["v"])
    return bool(np.any(v.astype(object) >= 64)) if v.size else False


def _narrowing_convert(n):
    if n.op != "as_type":
        return False
    src, dst = n.children[0].type, n.type
    return dst[0] == "s" and (not is_int(src) or src.bits > dst.bits)


def _signed_and_or_of_narrowing(node):
    return node.op in ("bitwise_and", "bitwise_or") and node.type[0] == "s" and \
        builtins.any(_narrowing_convert(n) for c in node.children for n in c.walk())


def _int_division_by_computed_zero(node):
    if node.op not in ("quotient", "remainder") or not is_int(node.type):
        return False
    d = node.children[1]
    v = np.asarray(d.value if d.op != "lit" else d.attrs["v"])
    return d.op != "input" and bool(np.any(v == 0))


def _lowp_float_with_wide_int(node):
    spec = OPS.get(node.op)
    if spec is None or spec.arity != 2 or len(node.children) != 2:
        return False
    ts = [c.type for c in node.children if c.op != "lit"]
    merged = ts[0]
    for t in ts[1:]:
        merged = T.merge(merged, t)
    if merged.name not in ("f8", "f16", "bf16"):
        return False
    for c in node.children:
        if c.op != "lit" and is_int(c.type) and c.value.size:
            v = c.value.astype(np.float64)
            with np.errstate(all="ignore"):
                if np.any(v.astype(merged.dtype).astype(np.float64) != v):
                    return True
    return False


def _clip_f64_float_bound(node):
    if node.op != "clip" or node.type.name not in ("f64", "c128"):
        return False
    for c in node.children[1:]:
        v = c.attrs.get("v") if c.op == "lit" else None
        if isinstance(v, float) and math.isfinite(v) and float(np.float32(v)) != v:
            return True
    return False


def _atan2_zero_zero(node):
    if node.op != "atan2":
        return False
    a, b = (np.asarray(c.value if c.op != "lit" else c.attrs["v"]) for c in node.children)
    with np.errstate(all="ignore"):
        return bool(np.any((a == 0) & (b == 0)))


_FLOAT_MATH = {"exp", "expm1", "log", "log1p", "sigmoid", "sin", "cos", "tan", "asin", "acos",
               "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "rsqrt", "cbrt",
               "erf", "erfc", "erf_inv", "sqrt"}


def _float_math_of_wide_int(node):
    if node.op not in _FLOAT_MATH or not is_int(node.children[0].type):
        return False
    v = node.children[0].value.astype(np.float64)
    return bool(np.any(v.astype(np.float32).astype(np.float64) != v))


def _subbyte_clz(node):
    return node.op == "count_leading_zeros" and node.children[0].type.bits < 8


def _s4_popcount_negative(node):
    c = node.children[0] if node.children else None
    return node.op == "population_count" and c.type.name == "s4" and bool(np.any(c.value < 0))


def _argminmax_2bit(node):
    return node.op in ("argmax", "argmin") and node.children[0].type.bits == 2


def _f8_erfc(node):
    return node.op == "erfc" and "f8" in (node.type.name, node.children[0].type.name)


def _take_along_axis_empty(node):
    return node.op == "take_along_axis" and 0 in node.children[0].shape


def _widened_subbyte_not(node):
    for c in node.children:
        if c.op in OPS and c.op not in ("lit", "const") and is_int(c.type) and c.type.bits < 8:
            if node.type != c.type or builtins.any(
                    d is not c and d.op != "lit" and d.type != c.type for d in node.children):
                return True
    return False


def _concatenate_2bit(node):
    return node.op == "concatenate" and node.type.bits == 2


def _plus_zero_of_negative_zero(node):
    """x + 0.0 or x - (-0.0) where x holds -0.0 (IEEE: +0.0; XLA simplifies it to x)."""
    if node.op not in ("add", "subtract") or is_int(node.type):
        return False
    kids = node.children
    for i, c in enumerate(kids):
        other = kids[1 - i]
        zero = c.op == "lit" and isinstance(c.attrs["v"], (int, float)) and c.attrs["v"] == 0
        if not zero or other.op == "lit":
            continue
        neg = math.copysign(1.0, float(c.attrs["v"])) < 0
        if (node.op == "add" and not neg) or (node.op == "subtract" and i == 1 and neg):
            v = np.asarray(other.value)
            if v.dtype.kind != "c" and np.any((v == 0) & np.signbit(v.astype(np.float64))):
                return True
    return False


def _subbyte_int_arith(node):
    return node.op in ("quotient", "remainder", "pow") and is_int(node.type) and \
        node.type.bits < 8


def _complex_pow_zero_base(node):
    if node.op != "pow" or not is_complex(node.type):
        return False
    b = node.children[0]
    v = np.asarray(b.attrs["v"] if b.op == "lit" else b.value)
    return bool(np.any(v == 0))


def _int_pow_zero_negative(node):
    if node.op != "pow" or not is_int(node.type):
        return False
    b, e = (np.asarray(c.attrs["v"] if c.op == "lit" else c.value) for c in node.children)
    return bool(np.any(b == 0)) and bool(np.any(e.astype(np.float64) < 0))


def _pow_constant_infinite_exponent(node):
    if node.op != "pow" or is_int(node.type):
        return False
    e = node.children[1]
    v = np.asarray(e.attrs["v"] if e.op == "lit" else e.value)
    return e.op in ("lit", "const") and v.dtype.kind in "fc" and bool(np.any(np.isinf(v)))


def _s64_quotient_min(node):
    if node.op != "quotient" or node.type.name != "s64":
        return False
    for c in node.children:   # the operands converted to s64 (u64 2**63 becomes -2**63)
        v = np.asarray(c.attrs["v"] if c.op == "lit" else c.value)
        if v.dtype.kind in "iu" and v.size and \
                builtins.any(wrap(int(e), "s64") == -2 ** 63 for e in v.ravel()):
            return True
    return False


def _uses_odd_square(node):
    """An operand is a square x * x that is not >= 0 (NaN, or negative after overflow)."""
    for c in node.children:
        if c.op == "multiply" and render(c.children[0]) == render(c.children[1]):
            v = np.asarray(c.value)
            if v.dtype.kind == "c" or not v.size:
                continue
            with np.errstate(all="ignore"):
                v = v.astype(np.float64) if v.dtype.kind not in "iu" else v
                if np.any(~(v >= 0)):
                    return True
    return False


def _clz_of_constant_negative(node):
    if node.op != "count_leading_zeros":
        return False
    c = node.children[0]   # XLA may fold more than input-free expressions (a reduction of an
    #                        empty tensor): any computed operand is excluded
    return c.op != "input" and c.type[0] == "s" and bool(np.any(c.value < 0))


def _has_nan_constant(n):
    for m in n.walk():
        if m.op == "lit" and isinstance(m.attrs["v"], float) and math.isnan(m.attrs["v"]):
            return True
        if m.op == "const" and m.value.dtype.kind in "fc" and np.isnan(m.value).any():
            return True
    return False


def _math_on_nan_constant(node):
    spec = OPS.get(node.op)
    return spec is not None and spec.kind == "approx" and not is_int(node.type) and \
        builtins.any(_has_nan_constant(c) for c in node.children)


def _log_of_pow_negative_base(node):
    """log(pow(x, y)) with x < 0, or with pow overflowing or underflowing."""
    if node.op != "log" or node.children[0].op != "pow":
        return False
    p = node.children[0]
    base = p.children[0]
    v = np.asarray(base.attrs["v"] if base.op == "lit" else base.value)
    if v.dtype.kind == "c" or not v.size:
        return False
    pv = np.asarray(p.value).astype(np.float64)
    return bool(np.any(v.astype(np.float64) < 0)) or bool(np.any(~np.isfinite(pv) | (pv == 0)))


# name -> (reason, predicate(node) -> True when the node would hit the defect). Three defects
# known before this tester existed (abs/sign of unsigned integers on XLA, round losing -0.0 on
# the numpy backend, argmax/argmin with several NaNs) were fixed while it was written; their
# entries are gone. All the entries here were found by the tester.
KNOWN = {
    "int-pow-exponent-64": (
        "nx.pow on integers with an exponent >= 64 is wrong on XLA (eager xla, jit): XLA's "
        "integer power looks at the exponent's 6 low bits only; the numpy backend and the "
        "evaluator are right (nx.pow(3, 64) in s32)",
        _int_pow_big_exponent),
    "xla-segfault-signed-and-or": (
        "nx.jit of bitwise_and / bitwise_or on a signed type whose operand contains a "
        "narrowing nx.as_type (s32 -> s8, f64 -> s8, s64 -> s32, ...) segfaults inside XLA's "
        "CPU compiler (jaxlib 0.10.2; jax.jit of the same crashes too)",
        _signed_and_or_of_narrowing),
    "xla-sigfpe-int-division-by-zero-constant": (
        "nx.jit of an integer nx.quotient / nx.remainder whose divisor XLA can constant-fold to "
        "0 (1 // (x - x), 2 // nx.as_type(nx.tensor(0.5), \"s32\")) kills the process with "
        "SIGFPE inside XLA's compiler (jaxlib 0.10.2's constant folding divides natively)",
        _int_division_by_computed_zero),
    "lowp-float-with-wide-int-numpy": (
        "a binary op whose result is f8/f16/bf16 with an integer operand the float type "
        "cannot hold exactly (u16 2049 + f16 0.5; u16 65535 == f16 inf): the numpy backend and "
        "the evaluator compute on the integer converted to f32, XLA on the integer converted "
        "to f16/bf16 first (Nx: to the result type first)", _lowp_float_with_wide_int),
    "clip-f64-float-bound": (
        "nx.clip of an f64 tensor with a Python float bound that f32 cannot hold (0.001): "
        "some modes round the bound to f32, others keep it exact", _clip_f64_float_bound),
    "xla-atan2-zero-zero-folded": (
        "nx.jit of nx.atan2(x0 - x0, nx.equal(float(\"nan\"), x1)) (u32 x0, f64 x1) gives NaN "
        "instead of atan2(0, 0) = 0.0: XLA folds both operands to zero constants and its "
        "folded atan2 gives NaN (jax.jit of the same gives NaN too)", _atan2_zero_zero),
    "float-math-of-wide-int-numpy": (
        "unary float math (sqrt, sin, exp, ...) of an integer that f32 cannot hold (s32 "
        "1591783495, u32 2234271635): the numpy backend and the evaluator compute on the "
        "exact integer in f64 (sqrt: 39897.160; sin(2234271635) * x: -1.07e9), XLA on the "
        "integer converted to f32 first (39897.164; 2.22e9)", _float_math_of_wide_int),
    "subbyte-clz-numpy": (
        "nx.count_leading_zeros of s2/s4/u2/u4 tensors on the numpy backend and the "
        "evaluator counts 8 bits (u4 [0, 1, 15] gives [8, 7, 4], s4 0 gives -8); XLA is right "
        "([4, 3, 0])", _subbyte_clz),
    "xla-s4-popcount-negative": (
        "nx.population_count of a negative s4 on XLA counts the sign-extended byte: s4 -1 "
        "gives -8 (8 wrapped) instead of 4", _s4_popcount_negative),
    "xla-argminmax-2bit": (
        "nx.argmax / nx.argmin of s2 or u2 tensors fail on XLA: RET_CHECK failure in XLA's "
        "reduce_decomposer.cc (layouts of the variadic reduce)", _argminmax_2bit),
    "xla-f8-erfc": (
        "nx.erfc of an f8 tensor fails on XLA: failed to legalize chlo.erfc on f8E5M2 "
        "(the lowering does not widen f8)", _f8_erfc),
    "take-along-axis-empty": (
        "nx.take_along_axis on a tensor with a size-0 axis fails on XLA (eager xla, jit): "
        "stablehlo.gather verification: slice size (1) is out of bounds for operand "
        "dimension (0)", _take_along_axis_empty),
    "xla-widened-subbyte-int": (
        "nx.jit of s2/s4/u2/u4 arithmetic whose result is converted to a wider type computes "
        "in the wider type: XLA moves the convert before the op, so nothing wraps. "
        "nx.bitwise_not(x) + nx.tensor(0, type=\"u8\") for u4 1 gives 254 (14 elsewhere); "
        "(x * x) // 3 for s4 -7 gives 16 (49 // 3; 0 elsewhere, as x * x wraps to 1)",
        _widened_subbyte_not),
    "xla-abort-concatenate-2bit": (
        "nx.concatenate of s2/u2 tensors aborts the process on XLA (eager xla and jit): "
        "Check failed: bit_offset != nullptr in XLA's ir_array.cc", _concatenate_2bit),
    "xla-plus-zero-simplified": (
        "nx.jit of x + 0.0 or x - (-0.0) keeps x's -0.0 (IEEE gives +0.0): XLA simplifies "
        "them to x (nx.remainder(x, x) - (-0.0) with x = -3.96 is -0.0 in jit, 0.0 "
        "elsewhere)", _plus_zero_of_negative_zero),
    "subbyte-int-arith-numpy": (
        "nx.quotient / nx.remainder / nx.pow on s2/s4/u2/u4 on the numpy backend and the "
        "evaluator: the kernels test dtype.kind, which is 'V' for ml_dtypes' int4/int2, so "
        "s4 -3 // 2 is 1 (XLA: -1), s4 1 // -1 is 1, -1 % 0 and u4 1 % 0 are 0 (Nx: the "
        "dividend) and s4 (-1) ** -2 is 0 (Nx: 1)", _subbyte_int_arith),
    "xla-complex-pow-zero-base": (
        "nx.pow(0, z) for complex z with a positive real part is NaN on XLA (eager xla, "
        "jit), 0 on the numpy backend and the evaluator", _complex_pow_zero_base),
    "xla-int-pow-zero-negative-folded": (
        "integer nx.pow(0, negative) is 0 at run time in every mode but -1 when XLA constant "
        "folds it in nx.jit: nx.pow(x < 0, -1) with x = nx.tensor([1], type=\"u32\")",
        _int_pow_zero_negative),
    "pow-constant-infinite-exponent-jit": (
        "nx.jit of nx.pow(x, float(\"inf\")) (a constant infinite float exponent) raises "
        "OverflowError: cannot convert float infinity to integer (the new constant-exponent "
        "check of pow's lowering calls int(inf))", _pow_constant_infinite_exponent),
    "s64-quotient-min-numpy": (
        "nx.quotient on s64 with an operand -2**63: the numpy backend and the evaluator give "
        "MIN // 2 == 2**62 (sign lost), MIN // -2 == -2**62 and 1 // MIN == 1 (XLA and Nx: "
        "-2**62, 2**62, 0): the kernel's np.abs overflows on MIN", _s64_quotient_min),
    "xla-square-assumed-nonnegative": (
        "XLA's simplifier assumes x * x >= 0, which fails for NaN and for integers that "
        "overflow: in nx.jit, nx.abs(x * x) is x * x (negative for s64 195506650155945731) "
        "and nx.greater_equal(x * x, 0.0) is 1 for x = NaN (jax.jit too)", _uses_odd_square),
    "xla-clz-constant-negative": (
        "nx.jit of nx.count_leading_zeros of a negative value XLA can constant-fold (an "
        "expression without inputs, or nx.as_type(nx.reduce_max(empty), \"s8\")): XLA's "
        "folding gives -48 for s16 -2, -56 for s8, -32 for s32 instead of 0 (jax.jit of "
        "lax.clz(jnp.int16(-2)) too)", _clz_of_constant_negative),
    "xla-nan-constant-math": (
        "nx.jit of transcendental math on a NaN constant, nx.exp(x - float(\"nan\")) or "
        "nx.erfc(nx.atan(x / float(\"nan\"))), gives arbitrary finite values (changing "
        "from run to run) instead of NaN: XLA's CPU code for these functions assumes no NaNs "
        "and the constant NaN is propagated into it (jax.jit of the same too)",
        _math_on_nan_constant),
    "xla-log-of-pow": (
        "nx.jit of nx.log(nx.pow(x, y)) with a negative x and an odd y gives log(|x| ** y) "
        "instead of NaN: XLA rewrites log(pow(x, y)) as y * log(abs(x)) (jax.jit too); "
        "nx.log(nx.pow(nx.tensor([-4.25]), 3.0)) is 4.34 in jit, NaN eagerly; and where pow "
        "overflows, nx.log(nx.pow(nx.log(x), x)) for s64 x = 64 is 91.2 in jit, Inf eagerly",
        _log_of_pow_negative_base),
}


def _subnormal(node):
    import ml_dtypes
    for v in [node.value] + [c.value for c in node.children if c.op != "lit"]:
        v = np.asarray(v)
        if not v.size or is_int(T.parse(v.dtype)):
            continue
        if v.dtype.kind == "c":
            tiny = np.finfo(v.real.dtype).tiny
            a = np.abs(np.concatenate([v.real.ravel(), v.imag.ravel()]))
        else:
            tiny = ml_dtypes.finfo(v.dtype).tiny
            a = np.abs(v.astype(np.float64))
        if np.any((a > 0) & (a < float(tiny))):
            return True
    return False


# Behaviours of XLA's CPU backend (shared by EXLA) that differ from NumPy and are not nx's
# to fix; the tester tolerates them as said here.
INHERENT = {
    "xla-cpu-ftz": ("XLA's CPU code flushes subnormal floats to zero (ceil(5e-324) is 0.0): "
                    "nodes whose operands or result are subnormal are not generated",
                    _subnormal),
    "xla-divide": ("XLA's simplifier rewrites divisions (x / c as x * (1 / c) for a constant "
                   "or broadcast c, x / sqrt(y) as x * rsqrt(y)), which are not correctly "
                   "rounded: nx.divide is approximate, not exact", None),
    "complex-non-finite": ("complex arithmetic on infinities differs between NumPy and XLA "
                           "(inf+infj vs -inf-infj; 0.001 / (inf+infj) is 0 in XLA, "
                           "nan+nanj in NumPy; complex pow overflows differently: "
                           "(-7.75+1.08j) ** -61 is 0 in XLA, nan+nanj in NumPy): complex "
                           "results are compared only where both are finite once an "
                           "operand or the result is not, and always for pow", None),
}


# NXC_DIFF_IGNORE_KNOWN=all (or a comma-separated list of names) generates what KNOWN
# excludes: to check whether a fix is complete.
_IGNORED = set(os.environ.get("NXC_DIFF_IGNORE_KNOWN", "").split(",")) - {""}


def known_hit(node):
    for name, (_, pred) in list(KNOWN.items()) + list(INHERENT.items()):
        if "all" in _IGNORED or name in _IGNORED:
            continue
        if pred is not None and pred(node):
            return name
    return None

