"""FFTs and complex-number functions (Nx v0.10): complex, real, imag, phase, conjugate, fft,
ifft, fft2, ifft2.

Nx v0.10 has no rfft/irfft (they are not part of its API), so neither does this module.

Types: the FFTs and `conjugate` return complex tensors (Nx.Type.to_complex: c128 for f64 and
c128 inputs, c64 for everything else); `real`, `imag` and `phase` return the component float
type (c64 -> f32, c128 -> f64), floats stay as they are and integers give f32. Names are kept.

`eps` (FFTs): after the transform, real and imaginary components whose magnitude is at most
`eps` (default 1e-10) become 0.0, as Nx's BinaryBackend does; we apply it in every mode (EXLA
ignores it) so that every mode gives the same values.

Gradients follow JAX's convention for complex values, which Nx's rules follow too (fft, ifft,
real, conjugate, complex, abs): for a real objective L, the cotangent of a complex z is
dL/dRe(z) - i dL/dIm(z), and a real input receives the real part. One difference from Nx 0.10:
Nx's rule for `imag` returns `imag(g)`, which is zero for the real cotangent of imag's real
result, so Nx differentiates `imag` (and `phase`, built on it) to 0; here `imag` gives the
cotangent -i·g (as JAX does), so gradients through `imag` and `phase` are the true derivatives.
The FFT gradients also follow the transform's own axis and length (Nx's rule pads or slices the
last axis whatever `axis` was).
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from nx.compiler import trace

from . import types as T
from ._args import axes_arg, binary_args
from ._dispatch import apply
from ._eager import eager_compiled
from .ops import (
    as_type,
    atan2,
    axis_index,
    concatenate,
    merge_names,
    pad,
    reverse,
    slice,
    to_tensor,
    transpose,
)
from .tensor import Tensor, from_array

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._typing import Axis, TensorLike

__all__ = ["complex", "real", "imag", "phase", "conjugate", "fft", "ifft", "fft2", "ifft2",
           "rfft", "irfft"]

_pycomplex = builtins.complex



def _zeros_like(t, dt):
    """A zero tensor with t's shape and names, of type `dt`, on t's backend."""
    if trace.current() is not None or t.is_traced():
        from .ops import broadcast
        z = from_array(np.zeros((), dt.dtype), dt, backend="numpy")
        return broadcast(z, t.shape, names=t.names) if t.shape else z
    return from_array(np.zeros(t.shape, dt.dtype), dt, t.names, backend=t.backend)


# --- complex-number functions ---------------------------------------------------------------

def complex(real: TensorLike, imag: TensorLike) -> Tensor:
    """Builds a complex tensor from its real and imaginary parts (broadcasting as binary ops
    do). Complex inputs are not accepted. The type is the merged type of both, made complex.

        >>> nx.complex(nx.tensor(1), nx.tensor(2))
        nx.Tensor<
          c64
          1.0+2.0i
        >

        >>> nx.complex(nx.tensor([1, 2]), nx.tensor([3, 4]))
        nx.Tensor<
          c64[2]
          [1.0+3.0i, 2.0+4.0i]
        >
    """
    fun = "nx.complex"
    for x in (real, imag):
        if isinstance(x, _pycomplex) or (isinstance(x, Tensor) and T.is_complex(x.type)):
            raise TypeError(f"{fun}: does not support complex inputs, got "
                            f"{x.type.name if isinstance(x, Tensor) else repr(x)}")
    a, b = binary_args(real, imag, fun)
    if T.is_complex(a.type) or T.is_complex(b.type):
        raise TypeError(f"{fun}: does not support complex inputs, got types {a.type.name} and "
                        f"{b.type.name}")
    return apply("complex", [a, b], {}, merge_names(fun, a, b))


def real(t: TensorLike) -> Tensor:
    """The real part of each element, as a floating-point tensor (c64 gives f32; floats are
    returned as they are; integers become f32).

        >>> nx.real(1 + 2j)
        nx.Tensor<
          f32
          1.0
        >

        >>> nx.real(nx.tensor(1))
        nx.Tensor<
          f32
          1.0
        >

        >>> nx.real(nx.tensor(1, type="bf16"))
        nx.Tensor<
          bf16
          1.0
        >

        >>> nx.real(nx.tensor([1 + 2j, 2 - 4j]))
        nx.Tensor<
          f32[2]
          [1.0, 2.0]
        >
    """
    t = to_tensor(t, "nx.real")
    if T.is_complex(t.type):
        return apply("real", [t], {}, t.names)
    if T.is_float(t.type):
        return t
    return as_type(t, T.F32)


def imag(t: TensorLike) -> Tensor:
    """The imaginary part of each element, as a floating-point tensor (c64 gives f32); real
    tensors give zeros of their floating type.

        >>> nx.imag(1 + 2j)
        nx.Tensor<
          f32
          2.0
        >

        >>> nx.imag(nx.tensor(1))
        nx.Tensor<
          f32
          0.0
        >

        >>> nx.imag(nx.tensor(1, type="bf16"))
        nx.Tensor<
          bf16
          0.0
        >

        >>> nx.imag(nx.tensor([1 + 2j, 2 - 4j]))
        nx.Tensor<
          f32[2]
          [2.0, -4.0]
        >
    """
    t = to_tensor(t, "nx.imag")
    if T.is_complex(t.type):
        return apply("imag", [t], {}, t.names)
    return _zeros_like(t, T.to_float(t.type))


def conjugate(t: TensorLike) -> Tensor:
    """The complex conjugate of each element: a + bi gives a - bi. The result is always
    complex; a real x gives x - 0.0i.

        >>> nx.conjugate(1 + 2j)
        nx.Tensor<
          c64
          1.0-2.0i
        >

        >>> nx.conjugate(1)
        nx.Tensor<
          c64
          1.0-0.0i
        >

        >>> nx.conjugate(nx.tensor([1 + 2j, 2 - 4j]))
        nx.Tensor<
          c64[2]
          [1.0-2.0i, 2.0+4.0i]
        >
    """
    t = to_tensor(t, "nx.conjugate")
    return apply("conjugate", [t], {}, t.names)


def phase(t: TensorLike) -> Tensor:
    """The phase angle of each element, atan2(imag, real), in the component float type (real
    inputs: their floating type; 0.0 for non-negative values and pi for negative ones).

        >>> nx.phase(1 + 2j)
        nx.Tensor<
          f32
          1.1071487665176392
        >

        >>> nx.phase(1)
        nx.Tensor<
          f32
          0.0
        >

        >>> nx.phase(nx.tensor([1 + 2j, -2 + 1j]))
        nx.Tensor<
          f32[2]
          [1.1071487665176392, 2.677945137023926]
        >
    """
    t = to_tensor(t, "nx.phase")
    return atan2(imag(t), real(t))


# --- FFTs ---------------------------------------------------------------------------------

def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _length(fun, arg, value, n, shown):
    """`value` (None, a positive integer or "power_of_two") as a length for an axis of size
    n. `shown` is what error messages quote."""
    if value is None:
        return n
    if isinstance(value, str) and value == "power_of_two":
        if n < 1:
            raise ValueError(f"{fun}: cannot pad an axis of size 0 to a power of two")
        return 1 << (n - 1).bit_length()
    if _is_int(value) and value > 0:
        return int(value)
    msg = f"{fun}: expected {arg} to be a positive integer or \"power_of_two\", got: {shown!r}"
    if _is_int(value) or isinstance(value, str):
        raise ValueError(msg)
    raise TypeError(msg)


def _eps(fun, eps):
    if isinstance(eps, (int, float, np.integer, np.floating)) and not isinstance(eps, bool):
        e = float(eps)
        if e == e:
            return e
    raise TypeError(f"{fun}: expected eps to be a real number, got: {eps!r}")


def _transform(fun, kind, t, axes, lengths, eps):
    """Converts t to complex, pads or slices each of `axes` to its length, and transforms them
    (moved last for the nx.fft op, then moved back)."""
    t = as_type(t, T.to_complex(t.type))
    for ax, n in zip(axes, lengths):
        m = t.shape[ax]
        if m < n:
            cfg = [(0, 0, 0)] * t.rank
            cfg[ax] = (0, n - m, 0)
            t = pad(t, 0, cfg)
        elif m > n:
            sizes = list(t.shape)
            sizes[ax] = n
            t = slice(t, [0] * t.rank, sizes)
    if t.size == 0:
        return t
    rest = [i for i in range(t.rank) if i not in axes]
    perm = tuple(rest) + tuple(axes)
    moved = transpose(t, perm) if perm != tuple(range(t.rank)) else t
    attrs = {"kind": kind, "lengths": tuple(lengths), "eps": eps}
    r = apply("fft", [moved], attrs, moved.names)
    if moved is t:
        return r
    inv = tuple(perm.index(i) for i in range(t.rank))
    return transpose(r, inv)


def _fft1(kind, t, length, axis, eps):
    fun = f"nx.{kind}"
    t = to_tensor(t, fun)
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor with rank > 0, got tensor with rank 0")
    ax = axis_index(t, axis, fun)
    n = _length(fun, "length", length, t.shape[ax], length)
    return _transform(fun, kind, t, (ax,), (n,), _eps(fun, eps))


def _fft2(kind, t, lengths, axes, eps):
    fun = f"nx.{kind}2"
    t = to_tensor(t, fun)
    if t.rank < 2:
        raise ValueError(f"{fun}: expected a tensor with rank > 1, got tensor with rank {t.rank}")
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        raise ValueError(f"{fun}: expected axes to be a list with 2 axes, got: {axes!r}")
    ax = axes_arg(t, list(axes), fun)
    if lengths is None:
        lengths = [None, None]
    if not isinstance(lengths, (list, tuple)) or len(lengths) != 2:
        raise ValueError(f"{fun}: expected lengths to be a list of 2 lengths (positive integers "
                         f"or \"power_of_two\"), got: {lengths!r}")
    ns = tuple(_length(fun, "lengths", v, t.shape[a], list(lengths)) for v, a in zip(lengths, ax))
    return _transform(fun, kind, t, ax, ns, _eps(fun, eps))


def fft(t: TensorLike, length: int | str | None = None, axis: Axis = -1,
        eps: float = 1e-10) -> Tensor:
    """The discrete Fourier transform along `axis` (the last by default). `length` (a positive
    integer, or "power_of_two" for the next power of two) pads the axis with zeros or truncates
    it first. Real inputs are converted to complex; `eps` cleans up tiny components.

        >>> nx.fft(nx.tensor([1, 1, 0, 0]))
        nx.Tensor<
          c64[4]
          [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i]
        >

        >>> nx.fft(nx.tensor([1, 1, 1, 0, 1, 1]))
        nx.Tensor<
          c64[6]
          [5.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i]
        >

        >>> t = nx.tensor([[1, 1, 1, 0, 1, 1], [1, 1, 1, 0, 1, 1]])
        >>> nx.fft(t, axis=-2)
        nx.Tensor<
          c64[2][6]
          [
            [2.0+0.0i, 2.0+0.0i, 2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 2.0+0.0i],
            [0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i]
          ]
        >

        >>> nx.fft(nx.tensor([1, 1]), length=4)
        nx.Tensor<
          c64[4]
          [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i]
        >

        >>> nx.fft(nx.tensor([1, 1, 0]), length="power_of_two")
        nx.Tensor<
          c64[4]
          [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i]
        >

        >>> nx.fft(nx.tensor([[1, 1, 0, 0, 2, 3], [1, 0, 0, 0, 2, 3]]), length=4)
        nx.Tensor<
          c64[2][4]
          [
            [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i],
            [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 1.0+0.0i]
          ]
        >

        >>> nx.fft(nx.tensor([1, 1]), length="invalid")
        Traceback (most recent call last):
        ...
        ValueError: nx.fft: expected length to be a positive integer or "power_of_two",
        got: 'invalid'
    """
    return _fft1("fft", t, length, axis, eps)


def ifft(t: TensorLike, length: int | str | None = None, axis: Axis = -1,
         eps: float = 1e-10) -> Tensor:
    """The inverse discrete Fourier transform (normalized by 1/n) along `axis` (the last by
    default); `length` pads or truncates as in `nx.fft`.

        >>> nx.ifft(nx.tensor([2, 1 - 1j, 0, 1 + 1j]))
        nx.Tensor<
          c64[4]
          [1.0+0.0i, 1.0+0.0i, 0.0+0.0i, 0.0+0.0i]
        >

        >>> nx.ifft(nx.tensor([5, 1, -1, 1, -1, 1]))
        nx.Tensor<
          c64[6]
          [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 0.0+0.0i, 1.0+0.0i, 1.0+0.0i]
        >

        >>> t = nx.tensor([[5, 1, -1, 1, -1, 1], [5, 1, -1, 1, -1, 1]])
        >>> nx.ifft(t, axis=-2)
        nx.Tensor<
          c64[2][6]
          [
            [5.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i],
            [0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i]
          ]
        >

        >>> nx.ifft(nx.tensor([1, 1]), length=4)
        nx.Tensor<
          c64[4]
          [0.5+0.0i, 0.25+0.25i, 0.0+0.0i, 0.25-0.25i]
        >

        >>> nx.ifft(nx.tensor([1, 1, 0]), length="power_of_two")
        nx.Tensor<
          c64[4]
          [0.5+0.0i, 0.25+0.25i, 0.0+0.0i, 0.25-0.25i]
        >

        >>> nx.ifft(nx.tensor([[1, 1, 0, 0, 2, 3], [1, 0, 0, 0, 2, 3]]), length=4)
        nx.Tensor<
          c64[2][4]
          [
            [0.5+0.0i, 0.25+0.25i, 0.0+0.0i, 0.25-0.25i],
            [0.25+0.0i, 0.25+0.0i, 0.25+0.0i, 0.25+0.0i]
          ]
        >
    """
    return _fft1("ifft", t, length, axis, eps)


def fft2(t: TensorLike, lengths: Sequence[int | str | None] | None = None,
         axes: Sequence[Axis] = (-2, -1), eps: float = 1e-10) -> Tensor:
    """The 2-D discrete Fourier transform over `axes` (the last two by default); `lengths`
    gives one length per axis (a positive integer or "power_of_two") to pad or truncate to.

        >>> nx.fft2(nx.tensor([[1, 0, 1, 0], [1, 1, 1, 1]]))
        nx.Tensor<
          c64[2][4]
          [
            [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i],
            [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
          ]
        >

        >>> t = nx.tensor([[[1, 0, 1, 0]], [[1, 1, 1, 1]]])
        >>> nx.fft2(t, axes=[0, -1])
        nx.Tensor<
          c64[2][1][4]
          [
            [
              [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
            ],
            [
              [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
            ]
          ]
        >

        >>> nx.fft2(nx.tensor([[1, 1], [1, 0]]), lengths=[2, 4])
        nx.Tensor<
          c64[2][4]
          [
            [3.0+0.0i, 2.0-1.0i, 1.0+0.0i, 2.0+1.0i],
            [1.0+0.0i, 0.0-1.0i, -1.0+0.0i, 0.0+1.0i]
          ]
        >

        >>> nx.fft2(nx.tensor([[1, 1, 0], [1, 1, 0], [1, 1, -1]]),
        ...         lengths=["power_of_two", "power_of_two"])
        nx.Tensor<
          c64[4][4]
          [
            [5.0+0.0i, 4.0-3.0i, -1.0+0.0i, 4.0+3.0i],
            [1.0-2.0i, -2.0-1.0i, 1.0+0.0i, 0.0-1.0i],
            [1.0+0.0i, 2.0-1.0i, -1.0+0.0i, 2.0+1.0i],
            [1.0+2.0i, 0.0+1.0i, 1.0+0.0i, -2.0+1.0i]
          ]
        >

        >>> nx.fft2(nx.tensor([[[1, 1, 0, 0, 2, 3]]]), axes=[0, 2], lengths=[2, 4])
        nx.Tensor<
          c64[2][1][4]
          [
            [
              [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i]
            ],
            [
              [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i]
            ]
          ]
        >

        >>> nx.fft2(nx.tensor([[1, 1]]), lengths=["invalid", 2])
        Traceback (most recent call last):
        ...
        ValueError: nx.fft2: expected lengths to be a positive integer or "power_of_two",
        got: ['invalid', 2]

        >>> nx.fft2(nx.tensor([1, 1]))
        Traceback (most recent call last):
        ...
        ValueError: nx.fft2: expected a tensor with rank > 1, got tensor with rank 1
    """
    return _fft2("fft", t, lengths, axes, eps)


def ifft2(t: TensorLike, lengths: Sequence[int | str | None] | None = None,
          axes: Sequence[Axis] = (-2, -1), eps: float = 1e-10) -> Tensor:
    """The inverse 2-D discrete Fourier transform over `axes` (the last two by default), with
    `lengths` as in `nx.fft2`.

        >>> nx.ifft2(nx.tensor([[6, 0, 2, 0], [-2, 0, 2, 0]]))
        nx.Tensor<
          c64[2][4]
          [
            [1.0+0.0i, 0.0+0.0i, 1.0+0.0i, 0.0+0.0i],
            [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 1.0+0.0i]
          ]
        >

        >>> t = nx.tensor([[[6, 0, 2, 0]], [[-2, 0, 2, 0]]])
        >>> nx.ifft2(t, axes=[-2, -1])
        nx.Tensor<
          c64[2][1][4]
          [
            [
              [2.0+0.0i, 1.0+0.0i, 2.0+0.0i, 1.0+0.0i]
            ],
            [
              [0.0+0.0i, -1.0+0.0i, 0.0+0.0i, -1.0+0.0i]
            ]
          ]
        >

        >>> nx.ifft2(nx.tensor([[8, 8], [8, 0]]), lengths=[4, 2])
        nx.Tensor<
          c64[4][2]
          [
            [3.0+0.0i, 1.0+0.0i],
            [2.0+1.0i, 0.0+1.0i],
            [1.0+0.0i, -1.0+0.0i],
            [2.0-1.0i, 0.0-1.0i]
          ]
        >

        >>> nx.ifft2(nx.tensor([[16, 16, 0], [16, 16, 0], [16, 16, -16]]),
        ...          lengths=["power_of_two", "power_of_two"])
        nx.Tensor<
          c64[4][4]
          [
            [5.0+0.0i, 4.0+3.0i, -1.0+0.0i, 4.0-3.0i],
            [1.0+2.0i, -2.0+1.0i, 1.0+0.0i, 0.0+1.0i],
            [1.0+0.0i, 2.0+1.0i, -1.0+0.0i, 2.0-1.0i],
            [1.0-2.0i, 0.0-1.0i, 1.0+0.0i, -2.0-1.0i]
          ]
        >
    """
    return _fft2("ifft", t, lengths, axes, eps)


@eager_compiled(static=("length", "axis", "eps"), host="evaluator")
def rfft(t: TensorLike, length: int | str | None = None, axis: Axis = -1,
         eps: float = 1e-10) -> Tensor:
    """The DFT of a real signal along `axis`, keeping the `n // 2 + 1` non-negative
    frequencies (the others are their conjugates). `length` pads or truncates the axis first,
    as in `fft`. Nx v0.10 has no rfft; this follows NumPy's `rfft` and composes `fft`, so it
    differentiates and vectorizes like it.

        >>> nx.rfft(nx.tensor([1.0, 1.0, 0.0, 0.0]))
        nx.Tensor<
          c64[3]
          [2.0+0.0i, 1.0-1.0i, 0.0+0.0i]
        >
    """
    fun = "nx.rfft"
    t = to_tensor(t, fun)
    if T.is_complex(t.type):
        raise TypeError(f"{fun}: expected a real tensor, got a tensor of type {t.type.name}")
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor with rank > 0, got tensor with rank 0")
    ax = axis_index(t, axis, fun)
    n = _length(fun, "length", length, t.shape[ax], length)
    full = _transform(fun, "fft", t, (ax,), (n,), _eps(fun, eps))
    sizes = list(full.shape)
    sizes[ax] = n // 2 + 1
    return slice(full, [0] * full.rank, sizes)


@eager_compiled(static=("length", "axis", "eps"), host="evaluator")
def irfft(t: TensorLike, length: int | str | None = None, axis: Axis = -1,
          eps: float = 1e-10) -> Tensor:
    """The inverse of `rfft`: from the `m` non-negative frequencies along `axis`, the real
    signal of `length` samples (by default `2 * (m - 1)`), as NumPy's `irfft`. The missing
    negative frequencies are the conjugates of the given ones.

        >>> nx.irfft(nx.tensor([2.0, 1 - 1j, 0.0]))
        nx.Tensor<
          f32[4]
          [1.0, 1.0, 0.0, 0.0]
        >
    """
    fun = "nx.irfft"
    t = to_tensor(t, fun)
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor with rank > 0, got tensor with rank 0")
    ax = axis_index(t, axis, fun)
    m = t.shape[ax]
    if m < 1:
        raise ValueError(f"{fun}: expected a non-empty axis {ax}, got shape {t.shape}")
    n = _length(fun, "length", length, max(2 * (m - 1), 1), length)
    t = as_type(t, T.to_complex(t.type))
    half = n // 2 + 1
    sizes = list(t.shape)
    if m >= half:
        sizes[ax] = half
        t = slice(t, [0] * t.rank, sizes)
    else:
        cfg = [(0, 0, 0)] * t.rank
        cfg[ax] = (0, half - m, 0)
        t = pad(t, 0, cfg)
    # the full spectrum: X[k] for k < half, then conj(X[n - k]) for the rest
    rest = n - half
    if rest > 0:
        start = [0] * t.rank
        start[ax] = 1
        sizes = list(t.shape)
        sizes[ax] = rest
        tail = reverse(conjugate(slice(t, start, sizes)), axes=[ax])
        t = concatenate([t, tail], axis=ax)
    return real(_transform(fun, "ifft", t, (ax,), (n,), _eps(fun, eps)))
