"""nx.random: Nx.Random (Nx v0.10): Threefry-2x32 keys and distributions, written as nx ops.

A key is a `u32[2]` tensor (`nx.random.key(seed)`). Every sampler takes a key and returns
`(sample, new_key)`, where `new_key` is the first half of `split(key)` and the sample is drawn
with the second half; the `*_split` variants use the key they are given as is. The bits come
from Threefry-2x32 with 20 rounds (Salmon et al., 2011, as in JAX and Nx) applied to a counter,
so the numbers are bit for bit those Nx prints, for every type.

Every function is built from ordinary nx ops (u32 additions, rotations and xors; bitcasts;
`erf_inv`; sorts), so inside `nx.defn`/`nx.jit` it traces into the surrounding program and
vectorizes like any other code. Called eagerly, a function runs as Nx's defn functions do: as
one compiled program per signature and static options (`@eager_compiled`, nx/_eager.py: a
bounded cache, `nx.clear_caches()`); on the "xla" backend its results stay on the device,
on the "numpy" backend the program runs on the CPU and its results come back as host arrays,
so the result stays on the backend of its inputs. Python bounds (`uniform(key, 0.0, 5.0)`)
are operands of the program, not part of its key.

Precision, as Nx's reference backend computes it: `erf_inv` (normal samples) is Giles'
single-precision approximation evaluated in f64 and rounded once, and `log` (Gumbel samples) is
computed in f64 and rounded, for types narrower than f64; so every value Nx's docs print is
reproduced on both backends and under `nx.jit`. XLA on CPU fuses a multiply followed by an add
into one FMA and moves scalar factors across multiplications (as under EXLA and JAX), so
samples scaled by a non-trivial mean/standard deviation or bounds may differ in the last bit
between the xla backend (and `nx.jit`) and the numpy backend; an eager call on host tensors
keeps the numpy backend's numbers (its program rounds where the NumPy kernels round, see
`nx._eager.rounded`), except f64 normal and Gumbel samples, whose `erf_inv`/`log` are XLA's.
Two deliberate departures from Nx: bf16 normals start from bf16's own neighbour of -1 (Nx's
rounds to -1.0 and yields -Inf), and 64-bit `randint` reduces in unsigned arithmetic (Nx's s64
arithmetic can leave the interval for spans above about 2**31).

    >>> key = nx.random.key(12)
    >>> key
    nx.Tensor<
      u32[2]
      [0, 12]
    >
    >>> uniform, new_key = nx.random.uniform(key)
    >>> uniform
    nx.Tensor<
      f32
      0.7691127061843872
    >
"""
from __future__ import annotations

import builtins
import math

import numpy as np

from . import types as T
from ._args import _is_number
from ._eager import eager_compiled
from ._eager import rounded as _rounded
from .tensor import Tensor, from_array, normalize_names

__all__ = ["key", "split", "fold_in", "threefry2x32", "threefry2x32_20_concat", "random_bits",
           "uniform", "uniform_split", "normal", "normal_split", "randint", "randint_split",
           "shuffle", "choice", "gumbel", "gumbel_split", "multivariate_normal",
           "multivariate_normal_split"]

_U32, _U64 = T.Type("u32"), T.Type("u64")
_pytype = builtins.type


def _nx():
    import nx
    return nx


# --- argument checks --------------------------------------------------------------------------

def _tensor_arg(x, fun, arg):
    if isinstance(x, Tensor):
        return x
    if _is_number(x) or isinstance(x, (list, tuple, np.ndarray)):
        return _nx().tensor(x)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r:.80}")


def _key_arg(key, fun):
    """Nx's assert_key!: a key is a u32 tensor of shape (2,)."""
    key = _tensor_arg(key, fun, "key")
    if key.shape != (2,):
        raise ValueError(f"{fun}: expected key to have shape (2,), got tensor with shape "
                         f"{key.shape}")
    if key.type != _U32:
        raise TypeError(f"{fun}: expected key with 32-bit unsigned integer type, got key with "
                        f"type {key.type.name}")
    return key


def _shape_opt(shape, fun, arg="shape"):
    if isinstance(shape, Tensor):
        return shape.shape
    if isinstance(shape, (tuple, list)) and all(
            isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0 for d in shape):
        return tuple(int(d) for d in shape)
    raise TypeError(f"{fun}: expected {arg} to be a tuple of non-negative integers, got "
                    f"{shape!r}")


def _int_opt(value, fun, arg):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{fun}: {arg} must be an integer, got {value!r}")
    return int(value)


def _bool_opt(value, fun, arg):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{fun}: {arg} must be True or False, got {value!r}")
    return bool(value)


def _names_opt(names, rank, fun):
    if names is None:
        return None
    return normalize_names(names, rank, fun)


def _type_of(x):
    return x.type if isinstance(x, Tensor) else T.infer_scalar(x)


def _float_type(a, b, type, fun):
    """Nx's infer_float_type: the `type` option, else the merged type of both, made floating."""
    if type is not None:
        return T.parse(type, fun=fun)
    return T.to_float(T.merge(_type_of(a), _type_of(b)))


def _check_float_or_complex(ty, fun):
    if not (T.is_float(ty) or T.is_complex(ty)):
        raise TypeError(f"{fun}: expected float or complex type, got type {ty.name}")


def _as(x, ty, fun, arg, backend):
    """`Nx.as_type(x, ty)`: a Python number becomes a tensor of `ty` directly (no rounding
    through another type) on `backend`; a tensor is kept (the program converts it)."""
    if _is_number(x):
        if isinstance(x, (complex, np.complexfloating)) and not T.is_complex(ty):
            raise TypeError(f"{fun}: {arg} is the complex number {x!r} but the type is "
                            f"{ty.name}")
        return _number(x, ty, backend)
    return _tensor_arg(x, fun, arg)


def _broadcast_shapes(fun, what, *shapes):
    out = []
    for s in shapes:
        rank = max(len(out), len(s))
        a = [1] * (rank - len(out)) + out
        b = [1] * (rank - len(s)) + list(s)
        r = []
        for x, y in zip(a, b):
            if x != y and x != 1 and y != 1:
                raise ValueError(f"{fun}: {what} cannot be broadcast together, got shapes "
                                 f"{', '.join(str(tuple(q)) for q in shapes)}")
            r.append(y if x == 1 else x)
        out = r
    return tuple(out)


# --- eager calls: one compiled program per signature (nx/_eager.py) ------------------------------

_numbers = {}


def _prepare(args, fun, *names):
    """A `prepare` for `eager_compiled`: `args(...)` (one of the `_*_args` checks below) run on
    the call's arguments, its tensors and options returned by parameter name, so that Python
    bounds become tensors of the sample's type (operands, not part of the key) and bad input
    raises before anything is traced or compiled."""
    def prepare(key, a, b, *, shape, type, names):
        key, a, b, opts = args(key, a, b, shape, type, names, fun)
        return {"key": key, na: a, nb: b, **opts}
    na, nb = names

    def by_name(**kw):
        return prepare(kw["key"], kw[na], kw[nb], shape=kw["shape"], type=kw["type"],
                       names=kw["names"])
    return by_name


def _number(x, ty, backend):
    """A scalar tensor of type `ty` holding the Python number `x`, on `backend` (cached, so
    that default bounds such as 0.0 and 1.0 are not transferred on every call)."""
    backend = "xla" if backend == "xla" else "numpy"
    ck = (_pytype(x), repr(x), ty, backend)
    t = _numbers.get(ck)
    if t is None:
        t = _nx().tensor(x, type=ty, backend=backend)
        if len(_numbers) > 1024:
            _numbers.clear()
        _numbers[ck] = t
    return t


# --- Threefry-2x32 ----------------------------------------------------------------------------

_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))
_PARITY = 0x1BD11BDA


def _threefry_pair(x0, x1, key):
    """Threefry-2x32 with 20 rounds of the counters `x0`, `x1` (u32 tensors of one shape)
    under `key` (u32[2]); returns the two output words."""
    k0, k1 = key[0], key[1]
    ks = (k0, k1, k0 ^ k1 ^ _PARITY)
    x0 = x0 + k0
    x1 = x1 + k1
    for i in range(5):
        for r in _ROTATIONS[i % 2]:
            x0 = x0 + x1
            x1 = ((x1 << r) | (x1 >> (32 - r))) ^ x0
        x0 = x0 + ks[(i + 1) % 3]
        x1 = x1 + ks[(i + 2) % 3] + (i + 1)
    return x0, x1


def _threefry_concat(xs, ks):
    nx = _nx()
    y0, y1 = _threefry_pair(xs[0], xs[1], ks)
    return nx.concatenate([y0, y1], axis=0)


def _threefry(key, shape):
    nx = _nx()
    n = math.prod(shape)
    if n % 2 == 0:
        bits = _threefry_concat(nx.iota((2, n // 2), type=_U32), key)
        return nx.reshape(bits, shape)
    counts = nx.concatenate([nx.iota((n,), type=_U32), nx.tensor([0], type=_U32)])
    bits = _threefry_concat(nx.reshape(counts, (2, (n + 1) // 2)), key)
    return nx.reshape(bits[0:n], shape)


def _random_bits(key, shape, bit_width=32):
    nx = _nx()
    if bit_width == 64:
        bits = nx.as_type(_threefry(key, (2, math.prod(shape))), _U64)
        out = nx.reshape((bits[0] << 32) | bits[1], shape)
    elif bit_width == 32:
        out = _threefry(key, shape)
    else:
        out = nx.as_type(_threefry(key, shape), T.Type(("u", bit_width)))
    return nx.stop_grad(out)


@eager_compiled()
def threefry2x32_20_concat(xs, ks):
    """Threefry-2x32 with 20 rounds of the counters `xs` (u32, shape `(2, n)`) under the key
    `ks` (u32[2]); the two output words are concatenated into a `u32[2n]` (Nx's
    `threefry2x32_20_concat`).

        >>> nx.random.threefry2x32_20_concat(nx.iota((2, 2), type="u32"), nx.random.key(1701))
        nx.Tensor<
          u32[4]
          [56197195, 1801093307, 961309823, 1704866707]
        >
    """
    fun = "nx.random.threefry2x32_20_concat"
    ks = _key_arg(ks, fun)
    xs = _tensor_arg(xs, fun, "xs")
    if xs.type != _U32 or xs.rank != 2 or xs.shape[0] != 2:
        raise ValueError(f"{fun}: expected xs to be a u32 tensor of shape (2, n), got "
                         f"{xs.type.name} tensor with shape {xs.shape}")
    return _threefry_concat(xs, ks)


@eager_compiled(static=("shape",))
def threefry2x32(key, shape):
    """Random u32 bits of `shape` from `key`: Threefry-2x32 (20 rounds) of the counter
    `0, 1, ..., size - 1` (padded with a zero to an even count), Nx's `threefry2x32`.

        >>> nx.random.threefry2x32(nx.random.key(1701), (2, 2))
        nx.Tensor<
          u32[2][2]
          [
            [56197195, 1801093307],
            [961309823, 1704866707]
          ]
        >
    """
    fun = "nx.random.threefry2x32"
    key = _key_arg(key, fun)
    return _threefry(key, shape=_shape_opt(shape, fun))


@eager_compiled(static=("shape", "bit_width"))
def random_bits(key, shape=(), bit_width=32):
    """Random unsigned integers of `bit_width` bits (8, 16, 32 or 64) and `shape` (Nx's
    `random_bits`): the low bits of `threefry2x32` for 8 and 16, two words joined (high word
    first) for 64.

        >>> key = nx.random.key(1701)
        >>> nx.random.random_bits(key, (2, 2), bit_width=16)
        nx.Tensor<
          u16[2][2]
          [
            [32843, 32955],
            [27775, 13203]
          ]
        >
        >>> nx.random.random_bits(key, (2,), bit_width=64)
        nx.Tensor<
          u64[2]
          [241365115613244543, 7735636852314354579]
        >

    (The 16-bit values are the low bits of `split(key)`'s words; the 64-bit values join its
    columns.)
    """
    fun = "nx.random.random_bits"
    key = _key_arg(key, fun)
    shape = _shape_opt(shape, fun)
    if bit_width not in (8, 16, 32, 64) or isinstance(bit_width, bool):
        raise ValueError(f"{fun}: bit_width must be 8, 16, 32 or 64, got {bit_width!r}")
    return _random_bits(key, shape=shape, bit_width=int(bit_width))


# --- keys -------------------------------------------------------------------------------------

def _key_n(seed):
    nx = _nx()
    k1 = seed >> 32
    k2 = seed & 0xFFFFFFFF
    return nx.stop_grad(nx.as_type(nx.stack([k1, k2]), _U32))


@eager_compiled()
def _key_tensor(seed):
    """`key` of a u64 or s64 tensor (compiled eagerly; an integer seed needs no program)."""
    if seed.type == "s64":
        seed = _nx().bitcast(seed, _U64)
    return _key_n(seed)


def key(seed):
    """A PRNG key from an integer seed (a Python integer, or a u64/s64 tensor): the high and
    low 32-bit words of the seed as a u32 tensor (Nx's `key/1`).

        >>> nx.random.key(12)
        nx.Tensor<
          u32[2]
          [0, 12]
        >
        >>> nx.random.key(999999999999)
        nx.Tensor<
          u32[2]
          [232, 3567587327]
        >
    """
    fun = "nx.random.key"
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
        seed = int(seed)
        if not -(1 << 63) <= seed < (1 << 64):
            raise ValueError(f"{fun}: expected seed to fit in 64 bits, got {seed}")
        seed %= 1 << 64
        arr = np.array([seed >> 32, seed & 0xFFFFFFFF], dtype=np.uint32)
        return from_array(arr, _U32)
    if isinstance(seed, Tensor) and seed.type in ("u64", "s64"):
        return _key_tensor(seed)
    desc = f"tensor of type {seed.type.name}" if isinstance(seed, Tensor) else repr(seed)
    raise TypeError(f"{fun}: expected seed to be an integer, u64 tensor or s64 tensor, got: "
                    f"{desc}")


def _split(key, parts):
    return _nx().stop_grad(_threefry(key, (parts, 2)))


@eager_compiled(static=("parts",))
def split(key, parts=2):
    """Splits a key into `parts` new keys, stacked along a new leading axis.

        >>> key = nx.random.key(1701)
        >>> nx.random.split(key)
        nx.Tensor<
          u32[2][2]
          [
            [56197195, 1801093307],
            [961309823, 1704866707]
          ]
        >
        >>> nx.random.split(key, parts=4)
        nx.Tensor<
          u32[4][2]
          [
            [4000152724, 2030591747],
            [2287976877, 2598630646],
            [2426625787, 580268518],
            [3136765380, 433355682]
          ]
        >
    """
    fun = "nx.random.split"
    key = _key_arg(key, fun)
    parts = _int_opt(parts, fun, "parts")
    if parts < 0:
        raise ValueError(f"{fun}: parts must be a non-negative integer, got {parts}")
    return _split(key, parts=parts)


def _fold_in(key, data):
    nx = _nx()
    data = nx.as_type(data, _U64)
    k1 = data >> 32
    k2 = data & 0xFFFFFFFF
    xs = nx.as_type(nx.reshape(nx.stack([k1, k2]), (2, math.prod(data.shape))), _U32)
    y0, y1 = _threefry_pair(xs[0], xs[1], key)
    out = nx.reshape(nx.stack([y0, y1], axis=-1), data.shape + (2,))
    return nx.stop_grad(out)


@eager_compiled()
def fold_in(key, data):
    """Folds integer `data` (a number or a tensor of any shape) into `key`: one new key per
    element, in a result of shape `data.shape + (2,)`.

        >>> key = nx.random.key(42)
        >>> nx.random.fold_in(key, 99)
        nx.Tensor<
          u32[2]
          [2015327502, 1351855566]
        >
        >>> nx.random.fold_in(key, 1234)
        nx.Tensor<
          u32[2]
          [1356445167, 2917756949]
        >
        >>> nx.random.fold_in(key, nx.tensor([[1, 99], [1234, 13]]))
        nx.Tensor<
          u32[2][2][2]
          [
            [
              [64467757, 2916123636],
              [2015327502, 1351855566]
            ],
            [
              [1356445167, 2917756949],
              [3514951389, 229662949]
            ]
          ]
        >
    """
    fun = "nx.random.fold_in"
    key = _key_arg(key, fun)
    data = _tensor_arg(data, fun, "data")
    if not T.is_integer(data.type):
        raise TypeError(f"{fun}: expected data to be an integer or an integer tensor, got "
                        f"type {data.type.name}")
    return _fold_in(key, data)


# --- uniform and normal -----------------------------------------------------------------------

_MANTISSA = {("f", 8): 2, ("bf", 16): 7, ("f", 16): 10, ("f", 32): 23, ("f", 64): 52}


def _one_bits(ty):
    """The bits of 1.0 in the float type `ty`, as an unsigned integer."""
    return int(np.array(1.0, dtype=ty.dtype).view(np.dtype(f"u{ty.bits // 8}")))


def _float_or_complex(key, ty, shape, names, fun):
    """Nx's float_or_complex: complex samples take their real and imaginary parts from
    `fun` on a trailing axis of 2."""
    nx = _nx()
    if T.is_complex(ty):
        real = T.to_real(ty)
        data = fun(key, real, shape + (2,))
        out = nx.complex(data[..., 0], data[..., 1])
        return nx.rename(out, names) if names is not None else out
    out = fun(key, ty, shape)
    return nx.rename(out, names) if names is not None else out


def _mul_add(a, b, c):
    """`a * b + c`, each operation rounded, as the numpy backend computes it (nx/_eager.py
    `rounded`: XLA would fuse an FMA)."""
    return _rounded(a * b) + c


def _uniform_real(key, minv, maxv, ty, shape):
    nx = _nx()
    nbits = ty.bits
    ubits = T.Type(("u", nbits))
    minv = nx.as_type(minv, ty)
    maxv = nx.as_type(maxv, ty)
    bits = _random_bits(key, shape, nbits)
    bits = (bits >> nx.tensor(nbits - _MANTISSA[tuple(ty)], type=ubits)) | \
        nx.tensor(_one_bits(ty), type=ubits)
    u = nx.bitcast(bits, ty) - nx.tensor(1.0, type=ty)
    u = nx.max(_mul_add(u, maxv - minv, minv), minv)
    return nx.reshape(u, shape)


def _uniform_split(key, minv, maxv, *, type, shape, names):
    nx = _nx()
    out = _float_or_complex(key, type, shape, names,
                            lambda k, ty, s: _uniform_real(k, minv, maxv, ty, s))
    return nx.stop_grad(out)


def _with_new_key(impl):
    def run(key, *args, **static):
        keys = _split(key, 2)
        return impl(keys[1], *args, **static), keys[0]
    run.__name__ = impl.__name__.lstrip("_").replace("_split", "")
    run.__qualname__ = run.__name__
    return run


def _uniform_args(key, min_value, max_value, shape, type, names, fun):
    key = _key_arg(key, fun)
    shape = _shape_opt(shape, fun)
    ty = _float_type(min_value, max_value, type, fun)
    _check_float_or_complex(ty, fun)
    real = T.to_real(ty)
    minv = _as(min_value, real, fun, "min_value", key.backend)
    maxv = _as(max_value, real, fun, "max_value", key.backend)
    inner = shape + (2,) if T.is_complex(ty) else shape
    b = _broadcast_shapes(fun, "min_value, max_value and the sample shape", minv.shape,
                          maxv.shape, inner)
    if math.prod(b) != math.prod(inner):
        raise ValueError(f"{fun}: min_value of shape {minv.shape} and max_value of shape "
                         f"{maxv.shape} do not fit the sample shape {shape}")
    return key, minv, maxv, dict(type=ty, shape=shape, names=_names_opt(names, len(shape), fun))


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_uniform_args, "nx.random.uniform_split", "min_value",
                                 "max_value"))
def uniform_split(key, min_value=0.0, max_value=1.0, *, shape=(), type=None, names=None):
    """Same as `uniform`, but uses `key` as is (it must have been split beforehand) and
    returns only the sample.

        >>> key = nx.random.key(1701)
        >>> nx.random.uniform_split(nx.random.split(key)[1])
        nx.Tensor<
          f32
          0.9728643894195557
        >
    """
    key, minv, maxv, opts = _uniform_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.uniform_split")
    return _uniform_split(key, minv, maxv, **opts)


_uniform = _with_new_key(_uniform_split)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_uniform_args, "nx.random.uniform", "min_value",
                                 "max_value"))
def uniform(key, min_value=0.0, max_value=1.0, *, shape=(), type=None, names=None):
    """Uniform floats in the half-open interval `[min_value, max_value)` (0 and 1 by default),
    of `shape` and a float or complex `type` (by default the merged type of the bounds, made
    floating: f32 for Python numbers). Complex samples take independent uniform real and
    imaginary parts. Returns `(sample, new_key)`.

    The mantissa of a float is filled with random bits (the high bits of a Threefry word) to
    give a number in `[1, 2)`, from which 1 is subtracted before scaling to the interval.

        >>> key = nx.random.key(1701)
        >>> uniform, _new_key = nx.random.uniform(key)
        >>> uniform
        nx.Tensor<
          f32
          0.9728643894195557
        >
        >>> uniform, _new_key = nx.random.uniform(key, shape=(3, 2), type="f16")
        >>> uniform
        nx.Tensor<
          f16[3][2]
          [
            [0.75390625, 0.6484375],
            [0.7294921875, 0.21484375],
            [0.09765625, 0.0693359375]
          ]
        >
        >>> uniform, _new_key = nx.random.uniform(key, shape=(2, 2), type="c64")
        >>> uniform
        nx.Tensor<
          c64[2][2]
          [
            [0.18404805660247803+0.6546461582183838i, 0.5525915622711182+0.11568140983581543i],
            [0.6074584722518921+0.8104375600814819i, 0.247686505317688+0.21975469589233398i]
          ]
        >
    """
    key, minv, maxv, opts = _uniform_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.uniform")
    return _uniform(key, minv, maxv, **opts)


def _next_after_minus_1(ty):
    """The float just above -1 in `ty`: the bits of -1.0 minus one (Nx's next_after_minus_1).
    Nx takes the f16 value for bf16 too, which rounds back to -1.0 in bf16 and turns 1 sample
    in 128 into -Inf; here every type takes its own neighbour of -1 (f16, f32, f64: Nx's
    values)."""
    ui = np.dtype(f"u{ty.bits // 8}")
    bits = np.array(-1.0, dtype=ty.dtype).view(ui)
    return float(np.array(bits - 1, dtype=ui).view(ty.dtype))


_GILES_SMALL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_LARGE = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _erf_inv(u):
    """erf_inv as Nx's reference backend computes it, so that samples are bit for bit the
    ones Nx's docs print: for types narrower than f64, Giles' single-precision approximation
    ("Approximating the erfinv function", 2010) evaluated in f64 and rounded once to the type
    (XLA's f32 erf_inv evaluates the same polynomial in f32, which can differ in the last
    bit). f64 uses `nx.erf_inv` (full double precision)."""
    nx = _nx()
    if u.type.bits == 64:
        return nx.erf_inv(u)
    f64 = T.Type("f64")
    x = nx.as_type(u, f64)
    w = -nx.log((1.0 - x) * (1.0 + x))
    ws = w - 2.5
    wl = nx.sqrt(w) - 3.0
    ps = nx.tensor(_GILES_SMALL[0], type=f64)
    pl = nx.tensor(_GILES_LARGE[0], type=f64)
    for cs, cl in zip(_GILES_SMALL[1:], _GILES_LARGE[1:]):
        ps = ps * ws + cs
        pl = pl * wl + cl
    r = nx.select(w < 5.0, ps, pl) * x
    r = nx.select(nx.abs(x) == 1.0, x * math.inf, r)
    return nx.as_type(r, u.type)


def _log(x):
    """Element-wise log correctly rounded to the type of `x` (computed in f64 for narrower
    floats), as Nx's reference backend computes it."""
    nx = _nx()
    if x.type.bits == 64:
        return nx.log(x)
    return nx.as_type(nx.log(nx.as_type(x, "f64")), x.type)


def _normal_split(key, mean, std, *, type, shape, names):
    nx = _nx()

    def fun(k, ty, s):
        u = _uniform_real(k, nx.tensor(_next_after_minus_1(ty), type=ty), nx.tensor(1, type=ty),
                          ty, s)
        if names is not None and not T.is_complex(type):
            u = nx.rename(u, names)
        z = _rounded(nx.sqrt(nx.tensor(2, type=ty)) * _erf_inv(u))
        return _mul_add(nx.as_type(std, ty), z, nx.as_type(mean, ty))
    if T.is_complex(type):
        out = _float_or_complex(key, type, shape, names, fun)
    else:
        out = fun(key, type, shape)
    return nx.stop_grad(out)


def _normal_args(key, mean, std, shape, type, names, fun):
    key = _key_arg(key, fun)
    shape = _shape_opt(shape, fun)
    ty = _float_type(mean, std, type, fun)
    _check_float_or_complex(ty, fun)
    real = T.to_real(ty)
    m = _as(mean, real, fun, "mean", key.backend)
    s = _as(std, real, fun, "standard_deviation", key.backend)
    inner = shape + (2,) if T.is_complex(ty) else shape
    _broadcast_shapes(fun, "mean, standard_deviation and the sample shape", m.shape, s.shape,
                      inner)
    return key, m, s, dict(type=ty, shape=shape, names=_names_opt(names, len(shape), fun))


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_normal_args, "nx.random.normal_split", "mean",
                                 "standard_deviation"))
def normal_split(key, mean=0.0, standard_deviation=1.0, *, shape=(), type=None, names=None):
    """Same as `normal`, but uses `key` as is (it must have been split beforehand) and returns
    only the sample.

        >>> key = nx.random.key(42)
        >>> nx.random.normal_split(nx.random.split(key)[1])
        nx.Tensor<
          f32
          1.3694695234298706
        >
    """
    key, m, s, opts = _normal_args(key, mean, standard_deviation, shape, type, names,
                                   "nx.random.normal_split")
    return _normal_split(key, m, s, **opts)


_normal = _with_new_key(_normal_split)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_normal_args, "nx.random.normal", "mean",
                                 "standard_deviation"))
def normal(key, mean=0.0, standard_deviation=1.0, *, shape=(), type=None, names=None):
    """Normally distributed floats with the given `mean` and `standard_deviation` (0 and 1 by
    default), of `shape` and a float or complex `type` (by default the merged type of `mean`
    and `standard_deviation`, made floating). A sample is `sqrt(2) * erf_inv(u)` for `u`
    uniform in `(-1, 1)`. Complex samples have independent standard normal real and imaginary
    parts. Returns `(sample, new_key)`.

        >>> key = nx.random.key(42)
        >>> normal, _new_key = nx.random.normal(key)
        >>> normal
        nx.Tensor<
          f32
          1.3694695234298706
        >
        >>> normal, _new_key = nx.random.normal(key, 0, 1, shape=(3, 2), type="f16")
        >>> normal
        nx.Tensor<
          f16[3][2]
          [
            [-0.32568359375, -0.77197265625],
            [0.39208984375, 0.5341796875],
            [0.270751953125, -2.080078125]
          ]
        >
        >>> normal, _new_key = nx.random.normal(key, 0, 1, shape=(2, 2), type="c64")
        >>> normal
        nx.Tensor<
          c64[2][2]
          [
            [-0.7632761001586914+0.8661127686500549i, -0.14282889664173126-0.7384796142578125i],
            [0.678461492061615+0.4118310809135437i, -2.269538402557373-0.3689095079898834i]
          ]
        >
        >>> normal, _new_key = nx.random.normal(nx.random.key(1337), 10, 5, shape=(1000,))
        >>> nx.mean(normal)
        nx.Tensor<
          f32
          9.70022201538086
        >
        >>> nx.standard_deviation(normal)
        nx.Tensor<
          f32
          5.051416397094727
        >
    """
    key, m, s, opts = _normal_args(key, mean, standard_deviation, shape, type, names,
                                   "nx.random.normal")
    return _normal(key, m, s, **opts)


# --- integers ---------------------------------------------------------------------------------

def _randint_split(key, minv, maxv, *, type, shape, names):
    nx = _nx()
    nbits = type.bits
    minv = nx.broadcast(minv, shape)
    maxv = nx.broadcast(maxv, shape)
    bits = _random_bits(key, (2,) + shape, nbits)
    higher = nx.as_type(bits[0], _U64)
    lower = nx.as_type(bits[1], _U64)
    span = nx.as_type(nx.as_type(maxv - minv, T.Type(("u", nbits))), _U64)
    # (higher * 2**nbits + lower) mod span, in unsigned 64-bit arithmetic
    multiplier = nx.remainder(nx.tensor(2 ** (nbits // 2), type=_U64), span)
    multiplier = nx.remainder(multiplier * multiplier, span)
    offset = nx.remainder(nx.remainder(higher, span) * multiplier + nx.remainder(lower, span),
                          span)
    out = nx.as_type(minv, type) + nx.as_type(offset, type)
    return nx.stop_grad(nx.reshape(out, shape, names=names))


def _randint_args(key, min_value, max_value, shape, type, names, fun):
    key = _key_arg(key, fun)
    shape = _shape_opt(shape, fun)
    ty = T.parse(type, fun=fun) if type is not None else T.merge(_type_of(min_value),
                                                                 _type_of(max_value))
    minv, maxv = (_number(v, _type_of(v), key.backend) if _is_number(v) else
                  _tensor_arg(v, fun, arg)
                  for v, arg in ((min_value, "min_value"), (max_value, "max_value")))
    if not T.is_integer(ty):
        raise TypeError(f"{fun}: expected integer type, got type {ty.name}")
    for v, arg in ((minv, "min_value"), (maxv, "max_value")):
        if _broadcast_shapes(fun, f"{arg} and the sample shape", v.shape, shape) != shape:
            raise ValueError(f"{fun}: {arg} of shape {v.shape} cannot be broadcast to the "
                             f"sample shape {shape}")
    return key, minv, maxv, dict(type=ty, shape=shape, names=_names_opt(names, len(shape), fun))


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_randint_args, "nx.random.randint_split", "min_value",
                                 "max_value"))
def randint_split(key, min_value, max_value, *, shape=(), type=None, names=None):
    """Same as `randint`, but uses `key` as is (it must have been split beforehand) and
    returns only the sample.

        >>> key = nx.random.key(1701)
        >>> nx.random.randint_split(nx.random.split(key)[1], 1, 100)
        nx.Tensor<
          s32
          91
        >
    """
    key, minv, maxv, opts = _randint_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.randint_split")
    return _randint_split(key, minv, maxv, **opts)


_randint = _with_new_key(_randint_split)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_prepare(_randint_args, "nx.random.randint", "min_value",
                                 "max_value"))
def randint(key, min_value, max_value, *, shape=(), type=None, names=None):
    """Uniform random integers in the half-open interval `[min_value, max_value)`, of `shape`
    and an integer `type` (by default the merged type of the bounds: s32 for Python integers).
    Each value is `min_value + (hi * 2**bits + lo) mod span` for two random words `hi` and
    `lo` of the type's width. Returns `(sample, new_key)`.

    Up to 32 bits the values are Nx's. For 64-bit types Nx's arithmetic (in s64) overflows
    once the span exceeds about 2**31 and can leave the interval; here it is done in u64, so
    the values always lie in `[min_value, max_value)` (the modular reduction then carries
    the same small bias as JAX's for spans above 2**32).

        >>> key = nx.random.key(1701)
        >>> randint, _new_key = nx.random.randint(key, 1, 100)
        >>> randint
        nx.Tensor<
          s32
          91
        >
        >>> randint, _new_key = nx.random.randint(key, 1, 100, shape=(3, 2), type="u32")
        >>> randint
        nx.Tensor<
          u32[3][2]
          [
            [9, 20],
            [19, 6],
            [71, 15]
          ]
        >
    """
    key, minv, maxv, opts = _randint_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.randint")
    return _randint(key, minv, maxv, **opts)


# --- gumbel -----------------------------------------------------------------------------------

def _gumbel_split(key, *, type, shape):
    nx = _nx()
    u = _uniform_real(key, nx.constants.smallest_positive_normal(type), nx.tensor(1, type=type),
                      type, shape)
    return nx.stop_grad(-_log(-_log(u)))


def _gumbel_args(key, shape, type, fun):
    key = _key_arg(key, fun)
    shape = _shape_opt(shape, fun)
    ty = T.parse(type, fun=fun)
    if not T.is_float(ty):
        raise TypeError(f"{fun}: output type must be floating-point, got: {ty.name}")
    return key, dict(type=ty, shape=shape)


@eager_compiled(static=("shape", "type"))
def gumbel_split(key, *, shape=(), type="f32"):
    """Same as `gumbel`, but uses `key` as is (it must have been split beforehand) and returns
    only the sample.

        >>> nx.random.gumbel_split(nx.random.split(nx.random.key(1))[1])
        nx.Tensor<
          f32
          -0.7294610142707825
        >
    """
    key, opts = _gumbel_args(key, shape, type, "nx.random.gumbel_split")
    return _gumbel_split(key, **opts)


_gumbel = _with_new_key(_gumbel_split)


@eager_compiled(static=("shape", "type"))
def gumbel(key, *, shape=(), type="f32"):
    """Samples of the standard Gumbel distribution, `-log(-log(u))` for `u` uniform in
    `[smallest_positive_normal, 1)`, of `shape` and a floating-point `type` (f32 by default).
    Returns `(sample, new_key)`.

        >>> result, _key = nx.random.gumbel(nx.random.key(1))
        >>> result
        nx.Tensor<
          f32
          -0.7294610142707825
        >
        >>> result, _key = nx.random.gumbel(nx.random.key(1), shape=(2, 3))
        >>> result
        nx.Tensor<
          f32[2][3]
          [
            [0.6247938275337219, -0.21740718185901642, 0.7678327560424805],
            [0.7778404355049133, 4.0895304679870605, 0.3029090166091919]
          ]
        >
    """
    key, opts = _gumbel_args(key, shape, type, "nx.random.gumbel")
    return _gumbel(key, **opts)


# --- shuffle and choice -----------------------------------------------------------------------

def _num_rounds(size):
    """ceil(3 * log(size) / log(2**32 - 1)) sort rounds, computed in f32 as Nx does."""
    if size <= 1:
        return 0
    f = np.float32
    with np.errstate(all="ignore"):
        r = np.ceil(f(3) * np.log(f(size)) / np.log(f(4294967295)))
    return int(r)


def _shuffle_independent(key, t, axis):
    nx = _nx()
    for _ in range(_num_rounds(math.prod(t.shape))):
        keys = _split(key, 2)
        sort_keys = _random_bits(keys[1], t.shape, 32)
        t = nx.take_along_axis(t, nx.argsort(sort_keys, axis=axis), axis=axis)
        key = keys[0]
    return t, key


def _shuffle(key, t, *, axis, independent):
    nx = _nx()
    if independent:
        return _shuffle_independent(key, t, axis)
    idx, key = _shuffle_independent(key, nx.iota((t.shape[axis],)), 0)
    return nx.take(t, idx, axis=axis), key


@eager_compiled(static=("axis", "independent"))
def shuffle(key, tensor, *, axis=0, independent=False):
    """Shuffles `tensor` along `axis` (0 by default). With `independent=False` one permutation
    moves whole slices; with `independent=True` each 1-D lane along `axis` gets its own
    permutation. The permutation sorts random u32 keys, repeated
    `ceil(3 log(size) / log(2**32))` times so that ties are negligible. Returns
    `(shuffled, new_key)`.

        >>> key = nx.random.key(42)
        >>> shuffled, _new_key = nx.random.shuffle(key, nx.iota((3, 4), axis=0))
        >>> shuffled
        nx.Tensor<
          s32[3][4]
          [
            [2, 2, 2, 2],
            [0, 0, 0, 0],
            [1, 1, 1, 1]
          ]
        >
        >>> key = nx.random.key(10)
        >>> shuffled, _new_key = nx.random.shuffle(key, nx.iota((3, 4), axis=1),
        ...                                        independent=True, axis=1)
        >>> shuffled
        nx.Tensor<
          s32[3][4]
          [
            [2, 1, 3, 0],
            [3, 0, 1, 2],
            [2, 3, 0, 1]
          ]
        >
    """
    fun = "nx.random.shuffle"
    key = _key_arg(key, fun)
    t = _tensor_arg(tensor, fun, "tensor")
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor of rank 1 or greater, got a scalar")
    ax = _nx().axis_index(t, axis, fun, "axis")
    independent = _bool_opt(independent, fun, "independent")
    return _shuffle(key, t, axis=ax, independent=independent)


def _choice_opts(t, samples, axis, replace, fun):
    nx = _nx()
    if t.rank < 1:
        raise ValueError(f"{fun}: tensor must have rank 1 or greater, got a scalar")
    samples = _int_opt(samples, fun, "samples")
    replace = _bool_opt(replace, fun, "replace")
    if axis is None:
        ax, n_inputs = 0, t.size
    else:
        ax = nx.axis_index(t, axis, fun, "axis")
        n_inputs = t.shape[ax]
    if samples < 1:
        raise ValueError(f"{fun}: must take at least one sample, got samples={samples}")
    if not replace and samples > n_inputs:
        raise ValueError(f"{fun}: cannot take more samples than the input size when "
                         f"replace=False (got samples={samples} for an input of size "
                         f"{n_inputs})")
    return ax, n_inputs, samples, replace


def _choice(key, t, *, flat, axis, n_inputs, samples, replace):
    nx = _nx()
    if flat:
        t = nx.reshape(t, (n_inputs,))
    if replace:
        idx, key = _randint(key, nx.tensor(0), nx.tensor(n_inputs), type=_U32, shape=(samples,),
                            names=None)
        return nx.take(t, idx, axis=axis), key
    shuffled, key = _shuffle(key, t, axis=axis, independent=False)
    return nx.slice_along_axis(shuffled, 0, samples, axis=axis), key


def _choice_p(key, t, p, *, flat, axis, n_inputs, samples, replace):
    nx = _nx()
    if flat:
        t = nx.reshape(t, (n_inputs,))
    if replace:
        p_cum = nx.cumulative_sum(p)
        u, key = _uniform(key, nx.tensor(0.0, type=p_cum.type), nx.tensor(1.0, type=p_cum.type),
                          type=p_cum.type, shape=(samples,), names=None)
        r = p_cum[-1] * (1 - u)
        idx = nx.argmin(nx.new_axis(p_cum, 0) <= nx.new_axis(r, 1), tie_break="low", axis=1)
        return nx.take(t, idx, axis=axis), key
    g, key = _gumbel(key, type=p.type, shape=(n_inputs,))
    g = -g - _log(p)
    idx = nx.slice_along_axis(nx.argsort(g), 0, samples, axis=0)
    return nx.take(t, idx, axis=axis), key


@eager_compiled(static=("samples", "axis", "replace"))
def choice(key, tensor, p=None, *, samples=1, axis=None, replace=True):
    """Random samples from `tensor`: `samples` (1 by default) slices along `axis`, or elements
    of the flattened tensor when `axis` is None (the default). With `replace=True` (the
    default) slices may repeat; with `replace=False` they are distinct. `p`, a rank-1 float
    tensor with one probability per slice, weights the draw (it is used as given: cumulative
    sums for draws with replacement, the Gumbel-top-k trick without). Returns
    `(result, new_key)`.

        >>> k = nx.random.key(1)
        >>> t = nx.iota((4, 3))
        >>> result, _key = nx.random.choice(k, t, samples=4, axis=0)
        >>> result
        nx.Tensor<
          s32[4][3]
          [
            [6, 7, 8],
            [9, 10, 11],
            [6, 7, 8],
            [0, 1, 2]
          ]
        >
        >>> result, _key = nx.random.choice(k, t, samples=4, axis=0, replace=False)
        >>> result
        nx.Tensor<
          s32[4][3]
          [
            [3, 4, 5],
            [9, 10, 11],
            [6, 7, 8],
            [0, 1, 2]
          ]
        >

    Without an axis the tensor is flattened:

        >>> k = nx.random.key(2)
        >>> t = nx.iota((3, 2))
        >>> result, _key = nx.random.choice(k, t)
        >>> result
        nx.Tensor<
          s32[1]
          [4]
        >
        >>> result, _key = nx.random.choice(k, t, samples=6, replace=False)
        >>> result
        nx.Tensor<
          s32[6]
          [2, 0, 4, 5, 1, 3]
        >

    With probabilities:

        >>> k = nx.random.key(1)
        >>> t = nx.iota((4, 3))
        >>> p = nx.tensor([0.1, 0.7, 0.2])
        >>> result, _key = nx.random.choice(k, t, p, samples=3, axis=1)
        >>> result
        nx.Tensor<
          s32[4][3]
          [
            [1, 0, 1],
            [4, 3, 4],
            [7, 6, 7],
            [10, 9, 10]
          ]
        >
        >>> result, _key = nx.random.choice(k, t, p, samples=3, axis=1, replace=False)
        >>> result
        nx.Tensor<
          s32[4][3]
          [
            [1, 2, 0],
            [4, 5, 3],
            [7, 8, 6],
            [10, 11, 9]
          ]
        >
        >>> k = nx.random.key(2)
        >>> t = nx.iota((2, 3))
        >>> p = nx.tensor([0.01, 0.1, 0.19, 0.6, 0.05, 0.05])
        >>> result, _key = nx.random.choice(k, t, p)
        >>> result
        nx.Tensor<
          s32[1]
          [3]
        >
        >>> result, _key = nx.random.choice(k, t, p, samples=6)
        >>> result
        nx.Tensor<
          s32[6]
          [3, 3, 3, 0, 3, 3]
        >
        >>> result, _key = nx.random.choice(k, t, p, samples=6, replace=False)
        >>> result
        nx.Tensor<
          s32[6]
          [3, 1, 2, 5, 4, 0]
        >
    """
    fun = "nx.random.choice"
    key = _key_arg(key, fun)
    t = _tensor_arg(tensor, fun, "tensor")
    ax, n_inputs, samples, replace = _choice_opts(t, samples, axis, replace, fun)
    opts = dict(flat=axis is None, axis=ax, n_inputs=n_inputs, samples=samples, replace=replace)
    if p is None:
        return _choice(key, t, **opts)
    p = _tensor_arg(p, fun, "p")
    if p.rank != 1:
        raise ValueError(f"{fun}: probability tensor must have rank 1, got: {p.rank} (shape "
                         f"{p.shape})")
    if p.size != n_inputs:
        raise ValueError(f"{fun}: probability tensor of size {p.size} is expected to have size "
                         f"{n_inputs}")
    if not T.is_float(p.type):
        raise TypeError(f"{fun}: expected the probability tensor to have a float type, got "
                        f"{p.type.name}")
    return _choice_p(key, t, p, **opts)


# --- multivariate normal ----------------------------------------------------------------------

_METHODS = ("svd", "eigh", "cholesky")


def _multivariate_normal_split(key, mean, cov, *, type, shape, names, method):
    nx = _nx()
    from . import linalg
    mean = nx.as_type(mean, type)
    cov = nx.as_type(cov, type)
    if method == "svd":
        u, s, _ = linalg.svd(cov)
        a = u * nx.sqrt(s)
    elif method == "eigh":
        s, u = linalg.eigh(cov)
        a = u * nx.sqrt(s)
    else:
        a = linalg.cholesky(cov)
    dim = mean.shape[0]
    z = _normal_split(key, nx.tensor(0.0, type=type), nx.tensor(1.0, type=type), type=type,
                      shape=shape, names=None)
    z = nx.reshape(z, (math.prod(shape) // dim if dim else 0, dim))
    out = mean + nx.dot(z, [1], a, [1])
    return nx.stop_grad(nx.reshape(out, shape, names=names))


def _mvn_args(key, mean, covariance, shape, type, names, method, fun):
    key = _key_arg(key, fun)
    if method not in _METHODS:
        raise ValueError(f"{fun}: method must be one of \"svd\", \"eigh\" and \"cholesky\", got "
                         f"{method!r}")
    mean = _tensor_arg(mean, fun, "mean")
    cov = _tensor_arg(covariance, fun, "covariance")
    ty = _float_type(mean, cov, type, fun)
    if T.is_complex(ty):
        raise TypeError(f"{fun}: complex types are not supported, got type {ty.name}")
    if not T.is_float(ty):
        raise TypeError(f"{fun}: expected float or complex type, got type {ty.name}")
    if mean.rank != 1:
        raise ValueError(f"{fun}: expected mean to have rank 1, got tensor with rank "
                         f"{mean.rank} (shape {mean.shape})")
    if cov.rank != 2:
        raise ValueError(f"{fun}: expected covariance to have rank 2, got tensor with rank "
                         f"{cov.rank} (shape {cov.shape})")
    if cov.shape[0] != cov.shape[1]:
        raise ValueError(f"{fun}: expected covariance to be a square matrix, got tensor with "
                         f"shape {cov.shape}")
    dim = mean.shape[0]
    if cov.shape[0] != dim:
        raise ValueError(f"{fun}: expected mean and covariance to have the same dimensions, "
                         f"got {dim} and {cov.shape[0]}")
    if shape is None:
        full = (dim,)
    else:
        full = _shape_opt(shape, fun) + (dim,)
    return key, mean, cov, dict(type=ty, shape=full, names=_names_opt(names, len(full), fun),
                                method=method)


@eager_compiled(static=("shape", "type", "names", "method"))
def multivariate_normal_split(key, mean, covariance, *, shape=None, type=None, names=None,
                              method="cholesky"):
    """Same as `multivariate_normal`, but uses `key` as is (it must have been split
    beforehand) and returns only the sample.

        >>> key = nx.random.split(nx.random.key(12))[1]
        >>> nx.random.multivariate_normal_split(key, nx.tensor([0]), nx.tensor([[1]]))
        nx.Tensor<
          f32[1]
          [0.735927939414978]
        >
    """
    key, mean, cov, opts = _mvn_args(key, mean, covariance, shape, type, names, method,
                                     "nx.random.multivariate_normal_split")
    return _multivariate_normal_split(key, mean, cov, **opts)


_multivariate_normal = _with_new_key(_multivariate_normal_split)


@eager_compiled(static=("shape", "type", "names", "method"))
def multivariate_normal(key, mean, covariance, *, shape=None, type=None, names=None,
                        method="cholesky"):
    """Samples of the multivariate normal distribution with `mean` (rank 1, size d) and
    `covariance` (d x d, positive semi-definite; otherwise the samples are not normally
    distributed). `shape` is the batch shape: the result has shape `shape + (d,)` (`(d,)` by
    default). The samples are `mean + z @ a.T` for standard normal `z` and `a` from
    `method`: "cholesky" (the default, `a a^T = covariance`), or "svd" / "eigh"
    (`a = u * sqrt(s)`), which also handle singular covariances. Returns `(sample, new_key)`.

        >>> key = nx.random.key(12)
        >>> mvn, _new_key = nx.random.multivariate_normal(key, nx.tensor([0]), nx.tensor([[1]]))
        >>> mvn
        nx.Tensor<
          f32[1]
          [0.735927939414978]
        >
        >>> mvn, _new_key = nx.random.multivariate_normal(key, nx.tensor([0, 0]),
        ...                                               nx.tensor([[1, 0], [0, 1]]))
        >>> mvn
        nx.Tensor<
          f32[2]
          [-1.3425945043563843, -0.40812060236930847]
        >
        >>> mvn, _new_key = nx.random.multivariate_normal(key, nx.tensor([0]), nx.tensor([[1]]),
        ...                                               shape=(3, 2), type="f16")
        >>> mvn
        nx.Tensor<
          f16[3][2][1]
          [
            [
              [0.326904296875],
              [0.2176513671875]
            ],
            [
              [0.316650390625],
              [0.1109619140625]
            ],
            [
              [0.53955078125],
              [-0.8857421875]
            ]
          ]
        >
        >>> mvn, _new_key = nx.random.multivariate_normal(key, nx.tensor([0, 0]),
        ...                                               nx.tensor([[1, 0], [0, 1]]),
        ...                                               shape=(3, 2))
        >>> mvn
        nx.Tensor<
          f32[3][2][2]
          [
            [
              [0.9891449809074402, 1.0795185565948486],
              [-0.9467806220054626, 1.47813880443573]
            ],
            [
              [2.2095863819122314, -1.529456377029419],
              [-0.7933920621871948, 1.121195673942566]
            ],
            [
              [0.10976295918226242, -0.9959557056427002],
              [0.4754556119441986, 1.1413804292678833]
            ]
          ]
        >
    """
    key, mean, cov, opts = _mvn_args(key, mean, covariance, shape, type, names, method,
                                     "nx.random.multivariate_normal")
    return _multivariate_normal(key, mean, cov, **opts)
