"""FFT ops and complex-number element-wise ops: nx.fft, nx.real, nx.imag, nx.conjugate,
nx.complex.

`nx.fft` transforms the trailing `len(lengths)` axes (1 or 2) of a complex tensor whose
trailing dimensions are `lengths` (the API pads, slices, transposes and converts to complex
before it, as EXLA does); `kind` is "fft" or "ifft" (1/n normalized, as Nx and NumPy). After
the transform, components whose magnitude is at most `eps` become 0.0 (Nx's BinaryBackend
clean-up, applied in every mode so that all modes agree; a negative eps disables it).

Gradient convention (JAX's, which Nx's rules follow): the cotangent of a complex value z is
dL/dRe(z) - i dL/dIm(z); linear ops transpose without conjugation. The rules: fft -> fft of the
cotangent (ifft -> ifft; the DFT matrix is symmetric), real -> complex(g, 0),
conjugate -> conj(g) (real(g) for real operands), complex(re, im) -> (real(g), -imag(g)), and
imag -> complex(0, -g). Nx 0.10's own rule for imag returns imag(g), which is always zero for the
real cotangent of imag's real result; we follow the convention instead (see nx/signal.py).
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, OpTypeError, batch_rule, define
from ..shapes import broadcast

__all__: list[str] = []


def _complex_dtype(t):
    return T.to_complex(t)


# --- fft --------------------------------------------------------------------------------------

def _fft_infer(in_types, attrs):
    (x,) = in_types
    kind = attrs.get("kind")
    if kind not in ("fft", "ifft"):
        raise OpError(f"nx.fft: kind must be \"fft\" or \"ifft\", got {kind!r}")
    lengths = tuple(attrs.get("lengths", ()))
    if len(lengths) not in (1, 2) or any(not isinstance(n, int) or n < 1 for n in lengths):
        raise OpError(f"nx.fft: lengths must list 1 or 2 positive integers, got {list(lengths)}")
    if not T.is_complex(x.dtype):
        raise OpTypeError(f"nx.fft: expected a complex tensor, got a tensor of type {x.dtype}")
    k = len(lengths)
    if len(x.shape) < k or tuple(x.shape[-k:]) != lengths:
        raise OpError(f"nx.fft: the trailing dimensions of the operand (shape {tuple(x.shape)}) "
                      f"must equal lengths {list(lengths)}")
    return [x]


def _clean(arr, eps):
    """Nx's BinaryBackend clean-up: components with |v| <= eps become 0.0."""
    if eps < 0:
        return arr
    re = np.where(np.abs(arr.real) <= eps, 0.0, arr.real)
    im = np.where(np.abs(arr.imag) <= eps, 0.0, arr.imag)
    out = np.empty(arr.shape, arr.dtype)
    out.real = re
    out.imag = im
    return out


def _fft_kernel(attrs, outs, x):
    k = len(attrs["lengths"])
    axes = tuple(range(x.ndim - k, x.ndim))
    fn = np.fft.fftn if attrs["kind"] == "fft" else np.fft.ifftn
    r = fn(x.astype(np.complex128), axes=axes)
    return _clean(r, float(attrs.get("eps", -1.0))).astype(outs[0].dtype.dtype)


def _fft_lower(ctx, op, x):
    out = op.results[0].type
    kind = ctx.hlo.FftTypeAttr.get("FFT" if op.attrs["kind"] == "fft" else "IFFT")
    r = ctx.hlo.FftOp(x, kind, list(op.attrs["lengths"]), results=[ctx.ttype(out)]).result
    eps = float(op.attrs.get("eps", -1.0))
    if eps < 0:
        return r
    real_t = TensorType(out.shape, T.to_real(out.dtype))
    limit = ctx.full(eps, real_t)
    zero = ctx.full(0, real_t)
    parts = []
    for v in (ctx.hlo.RealOp(r).result, ctx.hlo.ImagOp(r).result):
        small = ctx.compare(ctx.hlo.AbsOp(v).result, limit, "LE", real_t.dtype)
        parts.append(ctx.hlo.SelectOp(small, zero, v).result)
    return ctx.hlo.ComplexOp(parts[0], parts[1], results=[ctx.ttype(out)]).result


def _fft_grad(nx, op, inputs, ans, g):
    # fft(x) = F x with F symmetric: its transpose is F again (ifft likewise).
    g = nx.as_type(g, ans.type)
    return [nx.apply_op("fft", [g], dict(op.attrs))]


def _fft_batch(nx, op, inputs, vec):
    """Ops that act on trailing inner axes only (fft): the leading axes are batch axes."""
    return vec.same_op(op, inputs)


define("fft", batch=_fft_batch, infer=_fft_infer, kernel=_fft_kernel, lower=_fft_lower,
       grad=_fft_grad, family="signal",
       doc="Nx.fft / Nx.ifft / Nx.fft2 / Nx.ifft2: the DFT (`kind` \"fft\") or inverse DFT "
           "(\"ifft\", 1/n normalized) over the trailing `len(lengths)` axes (1 or 2) of a complex "
           "tensor whose trailing dimensions are `lengths`; components with magnitude <= `eps` "
           "become 0.0 (eps < 0 disables that).")


# --- real / imag ------------------------------------------------------------------------------

def _part_infer(name):
    def infer(in_types, attrs):
        (x,) = in_types
        if not T.is_complex(x.dtype):
            raise OpTypeError(f"nx.{name}: expected a complex tensor, got a tensor of type "
                              f"{x.dtype}")
        return [TensorType(x.shape, T.to_real(x.dtype))]
    return infer


def _real_grad(nx, op, inputs, ans, g):
    return [nx.complex(g, 0.0)]


def _imag_grad(nx, op, inputs, ans, g):
    return [nx.complex(0.0, nx.negate(g))]


define("real", batch=batch_rule("elementwise"), infer=_part_infer("real"),
       kernel=lambda attrs, outs, x: np.ascontiguousarray(x.real).astype(outs[0].dtype.dtype),
       lower=lambda ctx, op, x: ctx.hlo.RealOp(x).result, grad=_real_grad, family="unary",
       doc="The real part of a complex tensor, in the component float type (c64 -> f32).")
define("imag", batch=batch_rule("elementwise"), infer=_part_infer("imag"),
       kernel=lambda attrs, outs, x: np.ascontiguousarray(x.imag).astype(outs[0].dtype.dtype),
       lower=lambda ctx, op, x: ctx.hlo.ImagOp(x).result, grad=_imag_grad, family="unary",
       doc="The imaginary part of a complex tensor, in the component float type (c64 -> f32).")


# --- conjugate --------------------------------------------------------------------------------

def _conjugate_infer(in_types, attrs):
    (x,) = in_types
    return [TensorType(x.shape, _complex_dtype(x.dtype))]


def _conjugate_kernel(attrs, outs, x):
    dt = outs[0].dtype.dtype
    if x.dtype.kind == "c":
        return np.conj(x).astype(dt)
    # real operands: x - 0.0i (the imaginary zero is negative, as Nx's BinaryBackend writes it)
    out = np.empty(x.shape, dt)
    out.real = x.astype(np.float64 if dt == np.complex128 else np.float32)
    out.imag = -0.0
    return out


def _conjugate_lower(ctx, op, x):
    src = op.operands[0].type.dtype
    out = op.results[0].type
    real_t = TensorType(out.shape, T.to_real(out.dtype))
    if T.is_complex(src):
        re = ctx.hlo.RealOp(x).result
        im = ctx.hlo.NegOp(ctx.hlo.ImagOp(x).result).result
    else:
        re = ctx.cast(x, src, real_t.dtype)
        im = ctx.full(-0.0, real_t)
    return ctx.hlo.ComplexOp(re, im, results=[ctx.ttype(out)]).result


def _conjugate_grad(nx, op, inputs, ans, g):
    if T.is_complex(inputs[0].type):
        return [nx.conjugate(g)]
    return [nx.real(g)]


define("conjugate", batch=batch_rule("elementwise"), infer=_conjugate_infer,
       kernel=_conjugate_kernel, lower=_conjugate_lower, grad=_conjugate_grad, family="unary",
       doc="Element-wise complex conjugate; the result is always complex (Nx.Type.to_complex of "
           "the operand type): real operands x give x - 0.0i.")


# --- complex ----------------------------------------------------------------------------------

def _complex_infer(in_types, attrs):
    a, b = in_types
    for t in (a, b):
        if T.is_complex(t.dtype):
            raise OpTypeError("nx.complex: expected real (non-complex) tensors, got a tensor "
                              f"of type {t.dtype}")
    shape = broadcast("nx.complex", a.shape, b.shape)
    return [TensorType(shape, _complex_dtype(T.merge(a.dtype, b.dtype)))]


def _complex_kernel(attrs, outs, a, b):
    out = outs[0]
    part = np.float64 if out.dtype == ("c", 128) else np.float32
    r = np.empty(out.shape, out.dtype.dtype)
    r.real = np.broadcast_to(a.astype(part), out.shape)
    r.imag = np.broadcast_to(b.astype(part), out.shape)
    return r


def _complex_lower(ctx, op, a, b):
    out = op.results[0].type
    part = T.to_real(out.dtype)
    ta, tb = op.operands[0].type, op.operands[1].type
    a = ctx.bcast(ctx.cast(a, ta.dtype, part), ta.shape, out.shape)
    b = ctx.bcast(ctx.cast(b, tb.dtype, part), tb.shape, out.shape)
    return ctx.hlo.ComplexOp(a, b, results=[ctx.ttype(out)]).result


def _complex_grad(nx, op, inputs, ans, g):
    return [nx.real(g), nx.negate(nx.imag(g))]


# a broadcast scalar operand is used as the scalar, as for the other binary ops
from .elementwise import drop_scalar_broadcasts  # noqa: E402

define("complex", batch=batch_rule("elementwise"), infer=_complex_infer, kernel=_complex_kernel,
       lower=_complex_lower,
       grad=_complex_grad, family="binary", canonicalize=[drop_scalar_broadcasts],
       doc="Builds complex numbers from real and imaginary parts (broadcasting as binary ops "
           "do); the type is Nx.Type.to_complex of the merged operand types.")
