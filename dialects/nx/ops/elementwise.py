"""Element-wise ops: unary math, binary arithmetic, comparisons, logic, bitwise, select, as_type.

Binary ops broadcast implicitly (Nx rules) and may mix operand types: the result type is Nx's
(`merge`, `u8` for comparisons, floats for `divide`), and the lowering converts and broadcasts.
"""
from __future__ import annotations

import math

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpTypeError, batch_rule, define
from ..shapes import broadcast

_LOW = {("f", 16), ("bf", 16), ("f", 8)}


def compute_dtype(t: T.Type):
    """NumPy dtype used to compute a kernel: low-precision floats are computed in f32 and
    rounded once, as XLA's CPU backend does."""
    return np.float32 if tuple(t) in _LOW else t.dtype


def _check_kinds(fun, types, allowed, what):
    for t in types:
        if t[0] not in allowed:
            raise OpTypeError(f"nx.{fun}: expected {what}, got a tensor of type {t}")


# --- unary ---------------------------------------------------------------------------------

def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def _erfc(x):
    return np.vectorize(math.erfc, otypes=[np.float64])(x)


def _erf_inv(y):
    y = np.asarray(y, np.float64)
    # Newton iterations from a logarithmic initial guess (Giles' approximation shape).
    w = -np.log(np.maximum((1.0 - y) * (1.0 + y), 1e-300))
    x = np.where(w < 5, 0.886 * y * (1 + 0.2 * w), np.sign(y) * np.sqrt(w))
    with np.errstate(all="ignore"):
        for _ in range(60):
            err = _erf(x) - y
            x = x - err / (2 / math.sqrt(math.pi) * np.exp(-x * x))
    x = np.where(y == 1, np.inf, np.where(y == -1, -np.inf, x))
    return np.where(np.abs(y) > 1, np.nan, x)


def _round_afz(x):
    """Round half away from zero, as Nx and StableHLO's round do; the result keeps the sign of
    `x`, so round(-0.2) is -0.0 (adding a +0 to trunc's -0.0 would give +0.0)."""
    t = np.trunc(x)
    return np.copysign(np.where(np.abs(x - t) >= 0.5, t + np.sign(x), t), x)


def _popcount(x):
    u = x.view(np.dtype(f"u{x.dtype.itemsize}")) if x.dtype.itemsize else x
    out = np.zeros(x.shape, np.int64)
    u = u.astype(np.uint64)
    for _ in range(x.dtype.itemsize * 8):
        out += (u & np.uint64(1)).astype(np.int64)
        u = u >> np.uint64(1)
    return out


def _clz(x):
    bits = x.dtype.itemsize * 8
    u = x.view(np.dtype(f"u{x.dtype.itemsize}")).astype(np.uint64)
    out = np.full(x.shape, bits, np.int64)
    for i in range(bits):
        set_ = (u >> np.uint64(i)) & np.uint64(1)
        out = np.where(set_ == 1, bits - 1 - i, out)
    return out


def _cbrt(x):
    """Nx's cbrt (Complex.cbrt, complex 0.6): the real cube root of a real number; for a
    complex z the principal cube root `from_polar(cbrt(|z|), phase(z) / 3)`, computed in c128
    (as Nx's binary backend computes in doubles). As Complex.from_polar, a zero angle gives a
    zero imaginary part (so cbrt(Inf + 3i) is Inf + 0i, not Inf + NaN*i)."""
    if x.dtype.kind != "c":
        return np.cbrt(x)
    z = x.astype(np.complex128, copy=False)
    r = np.cbrt(np.abs(z))
    theta = np.angle(z) / 3
    out = np.empty(z.shape, np.complex128)
    out.real = r * np.cos(theta)
    out.imag = np.where(theta == 0, 0.0, r * np.sin(theta))
    return out


def _complex_cbrt_lower(ctx, op, x):
    """`_cbrt` of a complex tensor in StableHLO, in the component float type."""
    hlo = ctx.hlo
    out = op.results[0].type
    rt = TensorType(out.shape, T.to_real(out.dtype))
    r = hlo.CbrtOp(hlo.AbsOp(x).result).result
    angle = hlo.Atan2Op(hlo.ImagOp(x).result, hlo.RealOp(x).result).result
    theta = hlo.DivOp(angle, ctx.full(3, rt)).result
    re = hlo.MulOp(r, hlo.CosineOp(theta).result).result
    zero = ctx.full(0, rt)
    im = hlo.SelectOp(ctx.compare(theta, zero, "EQ", rt.dtype), zero,
                      hlo.MulOp(r, hlo.SineOp(theta).result).result).result
    return hlo.ComplexOp(re, im).result


def _lower_unary(hlo_fn):
    def lower(ctx, op, x):
        out = op.results[0].type
        x = ctx.cast(x, op.operands[0].type.dtype, out.dtype)
        return hlo_fn(ctx, x)
    return lower


# name: (numpy kernel on the compute dtype, stablehlo builder, result type rule, allowed kinds)
_FLOAT = "float"     # integers become f32 (Nx.Type.to_floating)
_SAME = "same"
_INTS = ("s", "u")
_NUM = ("s", "u", "f", "bf", "c")
_REAL = ("s", "u", "f", "bf")

UNARY = {
    "exp": (np.exp, lambda c, x: c.hlo.ExpOp(x).result, _FLOAT, _NUM),
    "expm1": (np.expm1, lambda c, x: c.hlo.Expm1Op(x).result, _FLOAT, _NUM),
    "log": (np.log, lambda c, x: c.hlo.LogOp(x).result, _FLOAT, _NUM),
    "log1p": (np.log1p, lambda c, x: c.hlo.Log1pOp(x).result, _FLOAT, _NUM),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), lambda c, x: c.hlo.LogisticOp(x).result, _FLOAT,
                _NUM),
    "sin": (np.sin, lambda c, x: c.hlo.SineOp(x).result, _FLOAT, _NUM),
    "cos": (np.cos, lambda c, x: c.hlo.CosineOp(x).result, _FLOAT, _NUM),
    "tan": (np.tan, lambda c, x: c.hlo.TanOp(x).result, _FLOAT, _NUM),
    "asin": (np.arcsin, lambda c, x: c.chlo.AsinOp(x).result, _FLOAT, _NUM),
    "acos": (np.arccos, lambda c, x: c.chlo.AcosOp(x).result, _FLOAT, _NUM),
    "atan": (np.arctan, lambda c, x: c.chlo.AtanOp(x).result, _FLOAT, _NUM),
    "sinh": (np.sinh, lambda c, x: c.chlo.SinhOp(x).result, _FLOAT, _NUM),
    "cosh": (np.cosh, lambda c, x: c.chlo.CoshOp(x).result, _FLOAT, _NUM),
    "tanh": (np.tanh, lambda c, x: c.hlo.TanhOp(x).result, _FLOAT, _NUM),
    "asinh": (np.arcsinh, lambda c, x: c.chlo.AsinhOp(x).result, _FLOAT, _NUM),
    "acosh": (np.arccosh, lambda c, x: c.chlo.AcoshOp(x).result, _FLOAT, _NUM),
    "atanh": (np.arctanh, lambda c, x: c.chlo.AtanhOp(x).result, _FLOAT, _NUM),
    "sqrt": (np.sqrt, lambda c, x: c.hlo.SqrtOp(x).result, _FLOAT, _NUM),
    "rsqrt": (lambda x: 1 / np.sqrt(x), lambda c, x: c.hlo.RsqrtOp(x).result, _FLOAT, _NUM),
    "cbrt": (_cbrt, lambda c, x: c.hlo.CbrtOp(x).result, _FLOAT, _NUM),
    "erf": (_erf, lambda c, x: c.chlo.ErfOp(x).result, _FLOAT, _REAL),
    "erfc": (_erfc, lambda c, x: c.chlo.ErfcOp(x).result, _FLOAT, _REAL),
    "erf_inv": (_erf_inv, lambda c, x: c.chlo.ErfInvOp(x).result, _FLOAT, _REAL),
    "negate": (np.negative, lambda c, x: c.hlo.NegOp(x).result, _SAME, _NUM),
    # np.sign(-0.0) is +0.0; StableHLO's sign keeps the zero's sign bit
    "sign": (lambda x: np.where(x == 0, x, np.sign(x)), lambda c, x: c.hlo.SignOp(x).result, _SAME,
             _NUM),
    "floor": (np.floor, lambda c, x: c.hlo.FloorOp(x).result, _SAME, _REAL),
    "ceil": (np.ceil, lambda c, x: c.hlo.CeilOp(x).result, _SAME, _REAL),
    "round": (_round_afz, lambda c, x: c.hlo.RoundOp(x).result, _SAME, _REAL),
    "bitwise_not": (np.invert, lambda c, x: c.hlo.NotOp(x).result, _SAME, _INTS),
    "population_count": (_popcount, lambda c, x: c.hlo.PopulationCountOp(x).result, _SAME, _INTS),
    "count_leading_zeros": (_clz, lambda c, x: c.hlo.ClzOp(x).result, _SAME, _INTS),
}
# floor/ceil/round are the identity on integers (no HLO op accepts them)
_INT_IDENTITY = {"floor", "ceil", "round"}



# --- gradient rules ---------------------------------------------------------------------------
# `grad(nx, op, inputs, ans, g) -> [cotangent per operand]` (see nx/passes/grad_expansion.py):
# written with the nx Tensor API; None is a zero cotangent. The pass sums cotangents back to
# each operand's shape and converts them to its float type.

def zero_grad(nx, op, inputs, ans, g):
    """Piecewise-constant or integer-valued ops: the gradient is zero."""
    return [None] * len(inputs)


_SQRT_PI = math.sqrt(math.pi)

UNARY_GRAD = {
    "exp": lambda nx, op, x, ans, g: [g * ans],
    "expm1": lambda nx, op, x, ans, g: [g * (ans + 1)],
    "log": lambda nx, op, x, ans, g: [g / x],
    "log1p": lambda nx, op, x, ans, g: [g / (x + 1)],
    "sigmoid": lambda nx, op, x, ans, g: [g * ans * (1 - ans)],
    "sin": lambda nx, op, x, ans, g: [g * nx.cos(x)],
    "cos": lambda nx, op, x, ans, g: [g * -nx.sin(x)],
    "tan": lambda nx, op, x, ans, g: [g * (1 + ans * ans)],
    "asin": lambda nx, op, x, ans, g: [g * nx.rsqrt(1 - x * x)],
    "acos": lambda nx, op, x, ans, g: [-g * nx.rsqrt(1 - x * x)],
    "atan": lambda nx, op, x, ans, g: [g / (1 + x * x)],
    "sinh": lambda nx, op, x, ans, g: [g * nx.cosh(x)],
    "cosh": lambda nx, op, x, ans, g: [g * nx.sinh(x)],
    "tanh": lambda nx, op, x, ans, g: [g * (1 - ans * ans)],
    "asinh": lambda nx, op, x, ans, g: [g * nx.rsqrt(x * x + 1)],
    "acosh": lambda nx, op, x, ans, g: [g * nx.rsqrt(x * x - 1)],
    "atanh": lambda nx, op, x, ans, g: [g / (1 - x * x)],
    "sqrt": lambda nx, op, x, ans, g: [g * 0.5 / ans],
    "rsqrt": lambda nx, op, x, ans, g: [g * -0.5 * ans / x],
    "cbrt": lambda nx, op, x, ans, g: [g / (3 * ans * ans)],
    "erf": lambda nx, op, x, ans, g: [g * (2 / _SQRT_PI) * nx.exp(-(x * x))],
    "erfc": lambda nx, op, x, ans, g: [g * (-2 / _SQRT_PI) * nx.exp(-(x * x))],
    "erf_inv": lambda nx, op, x, ans, g: [g * (_SQRT_PI / 2) * nx.exp(ans * ans)],
    "negate": lambda nx, op, x, ans, g: [-g],
    "sign": zero_grad, "floor": zero_grad, "ceil": zero_grad, "round": zero_grad,
    "bitwise_not": zero_grad, "population_count": zero_grad, "count_leading_zeros": zero_grad,
}


def _unary_rule(rule):
    """Unary rules above take the operand itself rather than the operand list."""
    if rule is zero_grad:
        return rule
    return lambda nx, op, inputs, ans, g: rule(nx, op, inputs[0], ans, g)

def _unary_infer(name, rule, kinds):
    def infer(in_types, attrs):
        (x,) = in_types
        _check_kinds(name, [x.dtype], kinds, {
            _INTS: "an integer tensor", _REAL: "a real (non-complex) tensor"}.get(
                kinds, "a numeric tensor"))
        return [TensorType(x.shape, T.to_float(x.dtype) if rule == _FLOAT else x.dtype)]
    return infer


def _unary_kernel(name, fn):
    def kernel(attrs, out_types, x):
        out = out_types[0].dtype
        if name in _INT_IDENTITY and T.is_integer(out):
            return x.copy()
        # f32 math is computed in f64 and rounded once: Nx's binary backend computes in
        # doubles, and the correctly rounded result agrees with XLA's far more often than
        # NumPy's own f32 kernels (exp: 91% vs 60% of f32 inputs; tanh 41% vs 30%)
        cd = np.float64 if float_math and out.dtype == np.float32 else compute_dtype(out)
        with np.errstate(all="ignore"):
            r = fn(x.astype(cd, copy=False))
        return np.asarray(r).astype(out.dtype, copy=False)
    float_math = UNARY[name][2] == _FLOAT
    return kernel


def _unsigned_sign_lower(ctx, op, x):
    """StableHLO's sign takes no unsigned integers: sign(x) = select(x != 0, 1, 0)."""
    t = op.results[0].type
    zero = ctx.full(0, t)
    nonzero = ctx.compare(x, zero, "NE", t.dtype)
    return ctx.hlo.SelectOp(nonzero, ctx.full(1, t), zero).result


def _unary_lower(name, builder):
    def lower(ctx, op, x):
        out = op.results[0].type.dtype
        if name in _INT_IDENTITY and T.is_integer(out):
            return x
        if name == "sign" and out[0] == "u":
            return _unsigned_sign_lower(ctx, op, x)
        if name == "cbrt" and T.is_complex(out):
            return _complex_cbrt_lower(ctx, op, ctx.cast(x, op.operands[0].type.dtype, out))
        return builder(ctx, ctx.cast(x, op.operands[0].type.dtype, out))
    return lower


# --- canonicalization patterns (the canonicalize pass; each exact for every value) ---------

from nx.compiler.rewriter import is_plain as _plain  # noqa: E402  (the section's own imports)
from nx.compiler.rewriter import splat_value  # noqa: E402

from ..registry import get as _op_def  # noqa: E402


def _is_additive_identity(s, dt):
    """x + s is x for every x: s is 0 for integers, -0.0 for floats (+0.0 + -0.0 is +0.0)."""
    if T.is_integer(dt):
        return s == 0
    s = complex(s)
    parts = [s.real, s.imag] if T.is_complex(dt) else [s.real]
    return all(p == 0 and np.signbit(p) for p in parts)


def _is_subtractive_identity(s, dt):
    """x - s is x for every x: s is 0 for integers, +0.0 for floats."""
    if T.is_integer(dt):
        return s == 0
    s = complex(s)
    parts = [s.real, s.imag] if T.is_complex(dt) else [s.real]
    return all(p == 0 and not np.signbit(p) for p in parts)


def _identity_operand(op, rewriter, sides, is_identity):
    """Replaces a binary op by its operand `i`, for `i` in `sides`, when the other operand is
    a splat `s` with `is_identity(s, result type)` and operand `i` already has the result's
    type."""
    if not _plain(op):
        return False
    res = op.results[0].type
    for i in sides:
        keep = op.operands[i]
        s = splat_value(op.operands[1 - i])
        if s is not None and is_identity(s, res.dtype) and keep.type == res:
            return rewriter.replace(op, [keep])
    return False


def _is_unit(s, dt):
    """x * 1 and x / 1 are x for real types (a complex product by 1+0i turns inf into NaN)."""
    return not T.is_complex(dt) and s == 1


def _add_identity(op, rewriter):
    """x + 0 and 0 + x (integers), x + (-0.0) and (-0.0) + x (floats) -> x."""
    return _identity_operand(op, rewriter, (0, 1), _is_additive_identity)


def _subtract_identity(op, rewriter):
    """x - 0 (integers), x - (+0.0) (floats) -> x."""
    return _identity_operand(op, rewriter, (0,), _is_subtractive_identity)


def _multiply_identity(op, rewriter):
    """x * 1 and 1 * x -> x (real types)."""
    return _identity_operand(op, rewriter, (0, 1), _is_unit)


def _divide_identity(op, rewriter):
    """x / 1 -> x (real types)."""
    return _identity_operand(op, rewriter, (0,), _is_unit)


def _double_negate(op, rewriter):
    """-(-x) -> x (integers wrap the same way both times)."""
    if not _plain(op):
        return False
    inner = op.operands[0].defining_op
    if inner is not None and inner.name == "nx.negate":
        x = inner.operands[0]
        if x.type == op.results[0].type:
            return rewriter.replace(op, [x])
    return False


def _abs_abs(op, rewriter):
    """abs(abs(x)) -> abs(x)."""
    if not _plain(op):
        return False
    x = op.operands[0]
    inner = x.defining_op
    if inner is not None and inner.name == "nx.abs" and x.type == op.results[0].type:
        return rewriter.replace(op, [x])
    return False


def _as_type_noop(op, rewriter):
    """as_type to the type the operand has -> the operand."""
    if _plain(op) and op.operands[0].type == op.results[0].type:
        return rewriter.replace(op, [op.operands[0]])
    return False


def _select_same_or_constant(op, rewriter):
    """select(p, x, x) -> x; select on a constant predicate -> the branch it picks."""
    if not _plain(op):
        return False
    p, a, b = op.operands
    res = op.results[0].type
    if a is b and a.type == res:
        return rewriter.replace(op, [a])
    s = splat_value(p)
    if s is not None:
        pick = a if s != 0 else b
        if pick.type == res:
            return rewriter.replace(op, [pick])
    return False


def drop_scalar_broadcasts(op, rewriter):
    """Element-wise ops broadcast implicitly: an operand that is a broadcast of a scalar is
    replaced by the scalar itself when the op's type rule gives the same result type."""
    for v in op.operands:
        o = v.owner
        if getattr(o, "name", None) == "nx.broadcast":
            break
    else:
        return False                 # the common case: no broadcast operand
    if any(type(v.type) is not TensorType for v in op.operands) or any(
            type(r.type) is not TensorType for r in op.results):
        return False
    changed = False
    for i, v in enumerate(op.operands):
        b = v.defining_op
        if (b is not None and b.name == "nx.broadcast"
                and type(b.operands[0].type) is TensorType and b.operands[0].type.rank == 0):
            types = [x.type for x in op.operands]
            types[i] = b.operands[0].type
            try:
                ok = list(_op_def(op.name).infer(types, op.attrs)) == op.result_types
            except (ValueError, TypeError, KeyError):
                ok = False
            if ok:
                rewriter.set_operand(op, i, b.operands[0])
                changed = True
    return changed


_UNARY_CANONICALIZE = {"negate": [_double_negate]}
_BINARY_CANONICALIZE = {"add": [_add_identity], "subtract": [_subtract_identity],
                        "multiply": [_multiply_identity], "divide": [_divide_identity]}


for _name, (_fn, _hb, _rule, _kinds) in UNARY.items():
    define(_name, batch=batch_rule("elementwise"), infer=_unary_infer(_name, _rule, _kinds),
           kernel=_unary_kernel(_name, _fn),
           lower=_unary_lower(_name, _hb), grad=_unary_rule(UNARY_GRAD[_name]), family="unary",
           canonicalize=_UNARY_CANONICALIZE.get(_name, ()), doc=f"Element-wise {_name}.")


def _abs_infer(in_types, attrs):
    (x,) = in_types
    return [TensorType(x.shape, T.to_real(x.dtype))]


def _abs_lower(ctx, op, x):
    # StableHLO's abs takes no unsigned integers, on which abs is the identity
    if op.operands[0].type.dtype[0] == "u":
        return x
    return ctx.hlo.AbsOp(x).result


define("abs", batch=batch_rule("elementwise"), infer=_abs_infer,
       kernel=lambda attrs, outs, x: np.abs(x).astype(outs[0].dtype.dtype),
       lower=_abs_lower, canonicalize=[_abs_abs],
       grad=lambda nx, op, x, ans, g: [g * nx.sign(x[0])], family="unary",
       doc="Element-wise absolute value; complex inputs give their magnitude.")


def _pred_infer(name):
    def infer(in_types, attrs):
        (x,) = in_types
        return [TensorType(x.shape, T.U8)]
    return infer


def _is_nan_lower(ctx, op, x):
    dt = op.operands[0].type.dtype
    if T.is_integer(dt):
        return ctx.full(0, op.results[0].type)
    return ctx.to_u8(ctx.compare(x, x, "NE", dt))


def _is_inf_lower(ctx, op, x):
    dt = op.operands[0].type.dtype
    if T.is_integer(dt):
        return ctx.full(0, op.results[0].type)
    if T.is_complex(dt):
        re = ctx.hlo.RealOp(x).result
        im = ctx.hlo.ImagOp(x).result
        return ctx.to_u8(ctx.hlo.OrOp(ctx.chlo.IsInfOp(re).result,
                                      ctx.chlo.IsInfOp(im).result).result)
    return ctx.to_u8(ctx.chlo.IsInfOp(x).result)


def _logical_not_lower(ctx, op, x):
    dt = op.operands[0].type.dtype
    zero = ctx.full(0, op.operands[0].type)
    return ctx.to_u8(ctx.compare(x, zero, "EQ", dt))


define("is_nan", batch=batch_rule("elementwise"), infer=_pred_infer("is_nan"),
       kernel=lambda a, o, x: (
           np.isnan(x).astype(np.uint8)
           if x.dtype.kind in "fcV" or T.from_dtype(x.dtype)[0] in ("f", "bf", "c")
           else np.zeros(x.shape, np.uint8)),
       lower=_is_nan_lower, grad=zero_grad, family="unary", doc="1 where the element is NaN.")
define("is_infinity", batch=batch_rule("elementwise"), infer=_pred_infer("is_infinity"),
       kernel=lambda a, o, x: (
           np.isinf(x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)).astype(np.uint8)
           if T.from_dtype(x.dtype)[0] in ("f", "bf", "c") else np.zeros(x.shape, np.uint8)),
       lower=_is_inf_lower, grad=zero_grad, family="unary",
       doc="1 where the element is +Inf or -Inf.")
define("logical_not", batch=batch_rule("elementwise"), infer=_pred_infer("logical_not"),
       kernel=lambda a, o, x: (x == 0).astype(np.uint8),
       lower=_logical_not_lower, grad=zero_grad, family="unary", doc="1 where the element is zero.")


# --- as_type --------------------------------------------------------------------------------

def _as_type_infer(in_types, attrs):
    (x,) = in_types
    return [TensorType(x.shape, attrs["type"])]


def as_type_array(x, out: T.Type):
    """Nx/XLA conversion semantics on NumPy: float -> int truncates and saturates, NaN -> 0;
    complex -> real keeps the real part."""
    src = T.from_dtype(x.dtype)
    if T.is_complex(src) and not T.is_complex(out):
        x = x.real
    if T.is_integer(out) and not T.is_integer(src):
        xf = np.nan_to_num(x.astype(np.float64), nan=0.0)
        xf = np.clip(np.trunc(xf), T.min_finite(out), T.max_finite(out))
        # float(max) rounds up to 2**63 / 2**64 for the 64-bit types, which NumPy cannot
        # convert: values at the top saturate to the largest integer explicitly.
        hi = T.max_finite(out)
        wide = np.uint64 if out == ("u", 64) else np.int64
        with np.errstate(all="ignore"):
            top = xf >= float(hi)
            r = np.where(top, 0, xf).astype(wide)
            r = np.where(top, wide(hi), r)
        return r.astype(out.dtype)
    with np.errstate(all="ignore"):
        return x.astype(out.dtype)


def _as_type_lower(ctx, op, x):
    """XLA's convert saturates a float -> integer conversion (NaN -> 0) on every platform it
    has, but StableHLO leaves out-of-range values to the implementation (IREE wraps them):
    the portable lowering spells Nx's semantics out (NaN -> 0, clamp, the top value set
    after the convert, where float(max) may round above the integer range)."""
    src, dst = op.operands[0].type.dtype, attrs_type(op)
    if not (ctx.portable and T.is_integer(dst) and not T.is_integer(src)):
        return ctx.cast(x, src, dst)
    hlo = ctx.hlo
    shape = tuple(op.results[0].type.shape)
    if T.is_complex(src):
        src = T.Type("f", src[1] // 2)
        x = hlo.RealOp(x).result
    tsrc = TensorType(shape, src)
    x = hlo.SelectOp(ctx.compare(x, x, "NE", src), ctx.full(0, tsrc), x).result
    hi = ctx.full(float(T.max_finite(dst)), tsrc)
    top = ctx.compare(x, hi, "GE", src)
    x = hlo.ClampOp(ctx.full(float(T.min_finite(dst)), tsrc), x, hi).result
    r = hlo.ConvertOp(ctx.ttype(TensorType(shape, dst)), x).result
    return hlo.SelectOp(top, ctx.full(T.max_finite(dst), TensorType(shape, dst)), r).result


define("as_type", batch=batch_rule("elementwise"), infer=_as_type_infer,
       kernel=lambda attrs, outs, x: as_type_array(x, attrs["type"]),
       lower=_as_type_lower,
       grad=lambda nx, op, x, ans, g: [g], family="unary", canonicalize=[_as_type_noop],
       doc="Converts to `type` with Nx's conversion semantics.")


def attrs_type(op):
    return op.attrs["type"]


# --- binary ---------------------------------------------------------------------------------

def _int_pow(a, b):
    a = a.astype(np.int64) if a.dtype.kind == "i" else a.astype(np.uint64)
    b = b.astype(np.int64)
    result = np.ones(np.broadcast(a, b).shape, a.dtype)
    base = np.broadcast_to(a, result.shape).copy()
    e = np.broadcast_to(b, result.shape).copy()
    neg = e < 0
    e = np.where(neg, 0, e)
    with np.errstate(all="ignore"):
        for _ in range(64):
            result = np.where(e & 1, result * base, result)
            base = base * base
            e = e >> 1
    # negative exponents: XLA gives 1 for base 1, +-1 for base -1, 0 otherwise
    if neg.any():
        ba = np.broadcast_to(a, result.shape)
        odd = np.broadcast_to(b, result.shape) & 1
        negv = np.where(ba == 1, 1, np.where(ba == -1, np.where(odd == 1, -1, 1), 0))
        result = np.where(neg, negv.astype(result.dtype), result)
    return result


def _quotient(a, b):
    with np.errstate(all="ignore"):
        safe = np.where(b == 0, 1, b)
        q = (np.abs(a.astype(np.int64) if a.dtype.kind == "i" else a) //
             np.abs(safe.astype(np.int64) if a.dtype.kind == "i" else safe))
        if a.dtype.kind == "i":
            q = np.where((a < 0) ^ (safe < 0), -q, q)
        return np.where(b == 0, -1, q)


def _remainder(a, b):
    if a.dtype.kind in "iu":
        with np.errstate(all="ignore"):
            safe = np.where(b == 0, 1, b)
            return np.where(b == 0, a, np.fmod(a, safe))
    with np.errstate(all="ignore"):
        return np.fmod(a, b)


def _shift(kind):
    def fn(a, b):
        bits = a.dtype.itemsize * 8
        bb = b.astype(np.int64)
        oob = (bb < 0) | (bb >= bits)
        s = np.where(oob, 0, bb).astype(a.dtype)
        if kind == "left":
            r = np.left_shift(a, s)
            return np.where(oob, 0, r)
        r = np.right_shift(a, s)
        if a.dtype.kind == "i":
            return np.where(oob, np.where(a < 0, -1, 0), r)
        return np.where(oob, 0, r)
    return fn


def _cmp(direction):
    def lower(ctx, op, a, b):
        ta, tb = op.operands[0].type, op.operands[1].type
        dt = T.merge(ta.dtype, tb.dtype)
        shape = op.results[0].type.shape
        a = ctx.bcast(ctx.cast(a, ta.dtype, dt), ta.shape, shape)
        b = ctx.bcast(ctx.cast(b, tb.dtype, dt), tb.shape, shape)
        return ctx.to_u8(ctx.compare(a, b, direction, dt))
    return lower


def _logical(fn_name):
    def lower(ctx, op, a, b):
        shape = op.results[0].type.shape
        preds = []
        for v, t in zip((a, b), (op.operands[0].type, op.operands[1].type)):
            zero = ctx.full(0, t)
            preds.append(ctx.bcast(ctx.compare(v, zero, "NE", t.dtype), t.shape, shape))
        r = getattr(ctx.hlo, fn_name)(*preds).result
        return ctx.to_u8(r)
    return lower


def _arith_lower(builder):
    def lower(ctx, op, a, b):
        out = op.results[0].type
        ta, tb = op.operands[0].type, op.operands[1].type
        a = ctx.bcast(ctx.cast(a, ta.dtype, out.dtype), ta.shape, out.shape)
        b = ctx.bcast(ctx.cast(b, tb.dtype, out.dtype), tb.shape, out.shape)
        return builder(ctx, a, b)
    return lower


def _shift_lower(kind):
    def lower(ctx, op, a, b):
        out = op.results[0].type
        ta, tb = op.operands[0].type, op.operands[1].type
        a = ctx.bcast(ctx.cast(a, ta.dtype, out.dtype), ta.shape, out.shape)
        b = ctx.bcast(ctx.cast(b, tb.dtype, out.dtype), tb.shape, out.shape)
        if kind == "left":
            return ctx.hlo.ShiftLeftOp(a, b).result
        if out.dtype[0] == "s":
            return ctx.hlo.ShiftRightArithmeticOp(a, b).result
        return ctx.hlo.ShiftRightLogicalOp(a, b).result
    return lower


def _constant_exponent(v):
    """The number every entry of `v` holds when `v` is an `nx.constant` of one real value."""
    from nx.compiler.ir import Operation
    o = v.owner
    if not isinstance(o, Operation) or o.name != "nx.constant":
        return None
    arr = np.asarray(o.attrs["value"].array).reshape(-1)
    if arr.size == 0 or arr.dtype.kind == "c" or not (arr == arr[0]).all():
        return None
    return float(arr[0])


def _pow_lower(ctx, op, a, b):
    """`stablehlo.power`. A constant float exponent that is an integer other than 0, 1, -1 and
    2 is passed through an optimization barrier: XLA's algebraic simplifier would otherwise
    rewrite `pow(x, 3)` as `x * x * x` (two roundings instead of one), which is not what Nx
    with EXLA computes (its XLA calls pow: the seed's `x ** 3` values are correctly rounded,
    and differ from the product in the last bit for about a quarter of the f32 inputs). The
    rewrites kept (`x ** 2` as `x * x`, `x ** -1` as `1 / x`, `x ** 0`, `x ** 1`) are exact
    or correctly rounded."""
    out = op.results[0].type
    ta, tb = op.operands[0].type, op.operands[1].type
    a = ctx.bcast(ctx.cast(a, ta.dtype, out.dtype), ta.shape, out.shape)
    b = ctx.cast(b, tb.dtype, out.dtype)
    n = _constant_exponent(op.operands[1]) if out.dtype[0] in ("f", "bf") else None
    if n is not None and math.isfinite(n) and n == int(n) and n not in (0.0, 1.0, -1.0, 2.0):
        b = ctx.hlo.OptimizationBarrierOp([b]).results[0]
    b = ctx.bcast(b, tb.shape, out.shape)
    if ctx.portable and out.dtype[0] in ("f", "bf"):
        return _portable_float_pow(ctx, a, b, out)
    return ctx.hlo.PowOp(a, b).result


def _sign_bit(ctx, x, t):
    """Where float `x` (of tensor type `t`) is negative, -0.0 included (1 / -0.0 is -inf)."""
    hlo, zero = ctx.hlo, ctx.full(0, t)
    return hlo.OrOp(ctx.compare(x, zero, "LT", t.dtype),
                    ctx.compare(hlo.DivOp(ctx.full(1, t), x).result, zero, "LT", t.dtype)).result


def _portable_float_pow(ctx, a, b, out):
    """C's pow (what XLA computes and Nx gives) spelled out for consumers whose
    `stablehlo.power` takes the log of a negative base (IREE: NaN for (-2) ** 3 and 0 ** 0):
    |a| ** b, negated for a negative base and an odd integer exponent, NaN for a negative base
    and a non-integer exponent (a base of -0.0 keeps its sign), and 1 for a zero exponent (any
    base, NaN included)."""
    hlo, dt = ctx.hlo, out.dtype
    r = hlo.PowOp(hlo.AbsOp(a).result, b).result
    zero, one, two = (ctx.full(v, out) for v in (0, 1, 2))
    neg = _sign_bit(ctx, a, out)   # -0.0 included: pow(-0.0, 3) is -0.0
    integral = ctx.compare(hlo.FloorOp(b).result, b, "EQ", dt)
    odd = ctx.compare(hlo.RemOp(hlo.AbsOp(b).result, two).result, one, "EQ", dt)
    r = hlo.SelectOp(hlo.AndOp(neg, odd).result, hlo.NegOp(r).result, r).result
    bad = hlo.AndOp(neg, hlo.NotOp(integral).result).result
    r = hlo.SelectOp(bad, ctx.full(float("nan"), out), r).result
    return hlo.SelectOp(ctx.compare(b, zero, "EQ", dt), one, r).result


ATAN2_COMPLEX = ("nx.atan2: expected real numbers: complex operands must have zero imaginary "
                 "parts (Complex.atan2 only accepts real numbers as arguments)")


def nonzero_imag(x):
    """Whether a static operand of nx.atan2 (a number, a list or an array; the front end gives
    a concrete tensor's array) is complex with a non-zero imaginary part: the front end raises
    then, as Nx does."""
    if not isinstance(x, (complex, np.complexfloating, list, tuple, np.ndarray)):
        return False
    try:
        vals = np.asarray(x)
    except (TypeError, ValueError):
        return False
    return vals.dtype.kind == "c" and bool((vals.imag != 0).any())


def _atan2(a, b):
    """Nx's atan2 (Complex.atan2, complex 0.6): complex operands are accepted when their
    imaginary parts are zero (else ArithmeticError, as Nx raises) and give the complex
    `atan2(real(a), real(b)) + 0i`."""
    if a.dtype.kind != "c":
        return np.arctan2(a, b)
    if (a.imag != 0).any() or (b.imag != 0).any():
        raise ArithmeticError(ATAN2_COMPLEX)
    return np.arctan2(a.real, b.real).astype(a.dtype)


def _atan2_lower(ctx, op, a, b):
    """stablehlo.atan2; on complex operands atan2 of the real parts + 0i, NaN + 0i where an
    operand's imaginary part is not zero (where Nx raises; a compiled program cannot)."""
    out = op.results[0].type
    if not T.is_complex(out.dtype):
        return _arith_lower(lambda c, x, y: _atan2_hlo(c, x, y, out))(ctx, op, a, b)
    hlo = ctx.hlo
    t = TensorType(out.shape, T.to_real(out.dtype))
    zero = ctx.full(0, t)
    bad = None
    parts = []
    for v, vt in zip((a, b), (op.operands[0].type, op.operands[1].type)):
        v = ctx.bcast(ctx.cast(v, vt.dtype, out.dtype), vt.shape, out.shape)
        parts.append(hlo.RealOp(v).result)
        if T.is_complex(vt.dtype):
            nz = ctx.compare(hlo.ImagOp(v).result, zero, "NE", t.dtype)
            bad = nz if bad is None else hlo.OrOp(bad, nz).result
    r = _atan2_hlo(ctx, parts[0], parts[1], t)
    if bad is not None:
        r = hlo.SelectOp(bad, ctx.full(math.nan, t), r).result
    return hlo.ComplexOp(r, zero).result


def _atan2_hlo(ctx, y, x, t):
    """stablehlo.atan2 of real operands of type `t`. The portable lowering spells out C's
    values at the origin, which StableHLO leaves open (IREE gives NaN): atan2(±0, +0) = ±0,
    atan2(±0, -0) = ±pi."""
    hlo = ctx.hlo
    r = hlo.Atan2Op(y, x).result
    if not ctx.portable:
        return r
    dt = t.dtype
    zero = ctx.full(0, t)
    origin = hlo.AndOp(ctx.compare(y, zero, "EQ", dt), ctx.compare(x, zero, "EQ", dt)).result
    v = hlo.SelectOp(_sign_bit(ctx, x, t), ctx.full(math.pi, t), zero).result
    v = hlo.SelectOp(_sign_bit(ctx, y, t), hlo.NegOp(v).result, v).result
    return hlo.SelectOp(origin, v, r).result


# name: (numpy fn on compute dtype, lowering, result rule, allowed kinds)
# result rules: "merge", "float" (divide), "u8" (comparison/logic)
BINARY = {
    "add": (np.add, _arith_lower(lambda c, a, b: c.hlo.AddOp(a, b).result), "merge", _NUM),
    "subtract": (np.subtract, _arith_lower(lambda c, a, b: c.hlo.SubtractOp(a, b).result), "merge",
                 _NUM),
    "multiply": (np.multiply, _arith_lower(lambda c, a, b: c.hlo.MulOp(a, b).result), "merge",
                 _NUM),
    "divide": (np.true_divide, _arith_lower(lambda c, a, b: c.hlo.DivOp(a, b).result), "float",
               _NUM),
    "pow": (None, _pow_lower, "merge", _NUM),
    "quotient": (_quotient, _arith_lower(lambda c, a, b: c.hlo.DivOp(a, b).result), "merge", _INTS),
    "remainder": (_remainder, _arith_lower(lambda c, a, b: c.hlo.RemOp(a, b).result), "merge",
                  _REAL),
    "atan2": (_atan2, _atan2_lower, "float", _NUM),
    "min": (np.minimum, _arith_lower(lambda c, a, b: c.hlo.MinOp(a, b).result), "merge", _REAL),
    "max": (np.maximum, _arith_lower(lambda c, a, b: c.hlo.MaxOp(a, b).result), "merge", _REAL),
    "bitwise_and": (np.bitwise_and, _arith_lower(lambda c, a, b: c.hlo.AndOp(a, b).result), "merge",
                    _INTS),
    "bitwise_or": (np.bitwise_or, _arith_lower(lambda c, a, b: c.hlo.OrOp(a, b).result), "merge",
                   _INTS),
    "bitwise_xor": (np.bitwise_xor, _arith_lower(lambda c, a, b: c.hlo.XorOp(a, b).result), "merge",
                    _INTS),
    "left_shift": (_shift("left"), _shift_lower("left"), "merge", _INTS),
    "right_shift": (_shift("right"), _shift_lower("right"), "merge", _INTS),
    "equal": (np.equal, _cmp("EQ"), "u8", _NUM),
    "not_equal": (np.not_equal, _cmp("NE"), "u8", _NUM),
    "less": (np.less, _cmp("LT"), "u8", _REAL),
    "less_equal": (np.less_equal, _cmp("LE"), "u8", _REAL),
    "greater": (np.greater, _cmp("GT"), "u8", _REAL),
    "greater_equal": (np.greater_equal, _cmp("GE"), "u8", _REAL),
    "logical_and": (np.logical_and, _logical("AndOp"), "u8", _NUM),
    "logical_or": (np.logical_or, _logical("OrOp"), "u8", _NUM),
    "logical_xor": (np.logical_xor, _logical("XorOp"), "u8", _NUM),
}


def _max_min_grad(nx, op, inputs, ans, g):
    """Ties split the gradient equally between both operands (as XLA/JAX do)."""
    a, b = inputs
    wa = nx.as_type(nx.equal(a, ans), g.type)
    wb = nx.as_type(nx.equal(b, ans), g.type)
    share = g / (wa + wb)
    return [share * wa, share * wb]


def _pow_grad(nx, op, inputs, ans, g):
    """Nx's rule (grad.ex): d/da = b * a ** (b - 1), with the exponent 1 where b is 0 (so
    0 ** 0's slope is 0, not 0 * 0 ** -1 = NaN); d/db = log(a) * ans, with log(1) where a
    is 0. Products are formed in Nx's order, so the roundings are Nx's."""
    a, b = inputs
    exponent = nx.select(nx.equal(b, 0), 1, b - 1)
    gx = b * nx.pow(a, exponent)
    gy = nx.log(nx.select(nx.equal(a, 0), 1, a)) * ans
    return [g * gx, g * gy]


def _remainder_grad(nx, op, inputs, ans, g):
    a, b = inputs
    q = a / b
    return [g, -g * nx.sign(q) * nx.floor(nx.abs(q))]


def _atan2_grad(nx, op, inputs, ans, g):
    a, b = inputs
    den = a * a + b * b
    return [g * b / den, -g * a / den]


BINARY_GRAD = {
    "add": lambda nx, op, xs, ans, g: [g, g],
    "subtract": lambda nx, op, xs, ans, g: [g, -g],
    "multiply": lambda nx, op, xs, ans, g: [g * xs[1], g * xs[0]],
    "divide": lambda nx, op, xs, ans, g: [g / xs[1], -g * ans / xs[1]],
    "pow": _pow_grad,
    "remainder": _remainder_grad,
    "atan2": _atan2_grad,
    "max": _max_min_grad,
    "min": _max_min_grad,
}

_KIND_WHAT = {_INTS: "integer tensors", _REAL: "real (non-complex) tensors",
              _NUM: "numeric tensors"}


def _binary_infer(name, rule, kinds):
    def infer(in_types, attrs):
        a, b = in_types
        _check_kinds(name, [a.dtype, b.dtype], kinds, _KIND_WHAT[kinds])
        shape = broadcast(f"nx.{name}", a.shape, b.shape)
        merged = T.merge(a.dtype, b.dtype)
        if rule == "float":
            dt = T.to_float(merged)
        elif rule == "u8":
            dt = T.U8
        else:
            dt = merged
        return [TensorType(shape, dt)]
    return infer


def _binary_kernel(name, fn, rule):
    computes = {}   # operand dtypes -> (nx compute type, NumPy compute dtype)

    def compute(da, db):
        merged = T.merge(T.from_dtype(da), T.from_dtype(db))
        ct = T.to_float(merged) if rule == "float" else merged
        computes[da, db] = r = (ct, compute_dtype(ct))
        return r

    def kernel(attrs, out_types, a, b):
        out = out_types[0].dtype
        ct, cd = computes.get((a.dtype, b.dtype)) or compute(a.dtype, b.dtype)
        a = a.astype(cd, copy=False)
        b = b.astype(cd, copy=False)
        with np.errstate(all="ignore"):
            if name == "pow":
                if T.is_integer(ct):
                    r = _int_pow(a, b)
                elif cd == np.float32:
                    # computed in doubles and rounded once (as Nx's binary backend and the
                    # libm pow XLA calls): NumPy's own f32 pow is off in the last bit for
                    # about a tenth of the inputs
                    r = np.power(a.astype(np.float64), b.astype(np.float64))
                else:
                    r = np.power(a, b)
            else:
                r = fn(a, b)
        return np.asarray(r).astype(out.dtype, copy=False)
    return kernel


for _name, (_fn, _lo, _rule, _kinds) in BINARY.items():
    define(_name, batch=batch_rule("elementwise"), infer=_binary_infer(_name, _rule, _kinds),
           kernel=_binary_kernel(_name, _fn, _rule),
           lower=_lo, grad=BINARY_GRAD.get(_name, zero_grad), family="binary",
           canonicalize=[drop_scalar_broadcasts] + _BINARY_CANONICALIZE.get(_name, []),
           doc=f"Element-wise {_name} with Nx broadcasting.")


# --- select ---------------------------------------------------------------------------------

def _select_infer(in_types, attrs):
    p, t, f = in_types
    shape = broadcast("nx.select", p.shape, t.shape, f.shape)
    return [TensorType(shape, T.merge(t.dtype, f.dtype))]


def _select_kernel(attrs, outs, p, t, f):
    out = outs[0].dtype.dtype
    return np.where(p != 0, t.astype(out), f.astype(out))


def _select_lower(ctx, op, p, t, f):
    out = op.results[0].type
    tp, tt, tf = (v.type for v in op.operands)
    pred = ctx.bcast(ctx.compare(p, ctx.full(0, tp), "NE", tp.dtype), tp.shape, out.shape)
    t = ctx.bcast(ctx.cast(t, tt.dtype, out.dtype), tt.shape, out.shape)
    f = ctx.bcast(ctx.cast(f, tf.dtype, out.dtype), tf.shape, out.shape)
    return ctx.hlo.SelectOp(pred, t, f).result


def _select_grad(nx, op, inputs, ans, g):
    p = inputs[0]
    return [None, nx.select(p, g, 0), nx.select(p, 0, g)]


define("select", batch=batch_rule("elementwise"), infer=_select_infer, kernel=_select_kernel,
       lower=_select_lower,
       grad=_select_grad, canonicalize=[drop_scalar_broadcasts, _select_same_or_constant],
       family="ternary", doc="Picks `on_true` where `pred` is non-zero, else `on_false`.")
