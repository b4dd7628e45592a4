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

Precision, as Nx's reference backend (Nx.BinaryBackend) computes it: every op is computed in
double precision and written into the sample's type, which is the op correctly rounded for f16,
f32 and f64, but for bf16 the nearest f32 cut to its upper 16 bits (bf16 0.1 is 0.099609375)
and for f8 the nearest f16 cut to its upper 8 bits; bounds, mean and standard deviation are
converted to the type the same way. `erf_inv` (normal samples) is Giles' single-precision
approximation evaluated in f64 and written once, and `log` (Gumbel samples) is computed in f64
and written, for types narrower than f64; a normal sample is `sqrt(2) * (std * erf_inv(u)) +
mean`, in that order (Nx's defn moves the constant sqrt(2) out of `std * (sqrt(2) *
erf_inv(u))`); so every value Nx's docs and tests print is reproduced on both backends and
under `nx.jit`. XLA on CPU fuses a multiply followed by an add into one FMA, moves scalar
factors across multiplications and keeps f16 intermediates in f32 (as under EXLA and JAX), so
samples scaled by a non-trivial mean/standard deviation or bounds may differ in the last bit
between the xla backend (and `nx.jit`) and the numpy backend; an eager call on host tensors
keeps the numpy backend's numbers (its program rounds where the NumPy kernels round, see
`nx._eager.rounded`), except f64 normal and Gumbel samples, whose `erf_inv`/`log` are XLA's.
Two deliberate departures from Nx: f64 normals use a full-precision `erf_inv` (Nx's f64 samples
carry the single-precision approximation's error, about 1e-7 relative), and 64-bit `randint`
reduces in unsigned arithmetic (Nx's s64 arithmetic can leave the interval for spans above
about 2**31).

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

import math

import numpy as np

from . import _random_core as _core
from . import _random_dist as _dist
from . import types as T
from ._eager import eager_compiled
from .tensor import Tensor, from_array

# The public functions, their docstrings and eager entry points; the checks and Threefry bits
# are in nx/_random_core.py, the samplers' traced code in nx/_random_dist.py.
__all__ = ["key", "split", "fold_in", "threefry2x32", "threefry2x32_20_concat", "random_bits",
           "uniform", "uniform_split", "normal", "normal_split", "randint", "randint_split",
           "shuffle", "choice", "gumbel", "gumbel_split", "multivariate_normal",
           "multivariate_normal_split"]


# --- Threefry-2x32 ----------------------------------------------------------------------------

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
    ks = _core.key_arg(ks, fun)
    xs = _core.tensor_arg(xs, fun, "xs")
    if xs.type != _core.U32 or xs.rank != 2 or xs.shape[0] != 2:
        raise ValueError(f"{fun}: expected xs to be a u32 tensor of shape (2, n), got "
                         f"{xs.type.name} tensor with shape {xs.shape}")
    return _core.threefry_concat(xs, ks)


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
    key = _core.key_arg(key, fun)
    return _core.threefry(key, shape=_core.shape_opt(shape, fun))


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
    key = _core.key_arg(key, fun)
    shape = _core.shape_opt(shape, fun)
    if bit_width not in (8, 16, 32, 64) or isinstance(bit_width, bool):
        raise ValueError(f"{fun}: bit_width must be 8, 16, 32 or 64, got {bit_width!r}")
    return _core.random_bits(key, shape=shape, bit_width=int(bit_width))


# --- keys -------------------------------------------------------------------------------------

def _key_n(seed):
    nx = _core.nx_module()
    k1 = seed >> 32
    k2 = seed & 0xFFFFFFFF
    return nx.stop_grad(nx.as_type(nx.stack([k1, k2]), _core.U32))


@eager_compiled()
def _key_tensor(seed):
    """`key` of a u64 or s64 tensor (compiled eagerly; an integer seed needs no program)."""
    if seed.type == "s64":
        seed = _core.nx_module().bitcast(seed, _core.U64)
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
        return from_array(arr, _core.U32)
    if isinstance(seed, Tensor) and seed.type in ("u64", "s64"):
        return _key_tensor(seed)
    desc = f"tensor of type {seed.type.name}" if isinstance(seed, Tensor) else repr(seed)
    raise TypeError(f"{fun}: expected seed to be an integer, u64 tensor or s64 tensor, got: "
                    f"{desc}")


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
    key = _core.key_arg(key, fun)
    parts = _core.int_opt(parts, fun, "parts")
    if parts < 0:
        raise ValueError(f"{fun}: parts must be a non-negative integer, got {parts}")
    return _core.split(key, parts=parts)


def _fold_in(key, data):
    nx = _core.nx_module()
    data = nx.as_type(data, _core.U64)
    k1 = data >> 32
    k2 = data & 0xFFFFFFFF
    xs = nx.as_type(nx.reshape(nx.stack([k1, k2]), (2, math.prod(data.shape))), _core.U32)
    y0, y1 = _core.threefry_pair(xs[0], xs[1], key)
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
    key = _core.key_arg(key, fun)
    data = _core.tensor_arg(data, fun, "data")
    if not T.is_integer(data.type):
        raise TypeError(f"{fun}: expected data to be an integer or an integer tensor, got "
                        f"type {data.type.name}")
    return _fold_in(key, data)


# --- uniform and normal -----------------------------------------------------------------------

@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.uniform_args, "nx.random.uniform_split", "min_value",
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
    key, minv, maxv, opts = _dist.uniform_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.uniform_split")
    return _dist.uniform_split(key, minv, maxv, **opts)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.uniform_args, "nx.random.uniform", "min_value",
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
    key, minv, maxv, opts = _dist.uniform_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.uniform")
    return _dist.uniform(key, minv, maxv, **opts)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.normal_args, "nx.random.normal_split", "mean",
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
    key, m, s, opts = _dist.normal_args(key, mean, standard_deviation, shape, type, names,
                                   "nx.random.normal_split")
    return _dist.normal_split(key, m, s, **opts)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.normal_args, "nx.random.normal", "mean",
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
    key, m, s, opts = _dist.normal_args(key, mean, standard_deviation, shape, type, names,
                                   "nx.random.normal")
    return _dist.normal(key, m, s, **opts)


# --- integers ---------------------------------------------------------------------------------

@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.randint_args, "nx.random.randint_split", "min_value",
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
    key, minv, maxv, opts = _dist.randint_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.randint_split")
    return _dist.randint_split(key, minv, maxv, **opts)


@eager_compiled(static=("shape", "type", "names"),
                prepare=_core.prepare(_dist.randint_args, "nx.random.randint", "min_value",
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
    key, minv, maxv, opts = _dist.randint_args(key, min_value, max_value, shape, type, names,
                                          "nx.random.randint")
    return _dist.randint(key, minv, maxv, **opts)


# --- gumbel -----------------------------------------------------------------------------------

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
    key, opts = _dist.gumbel_args(key, shape, type, "nx.random.gumbel_split")
    return _dist.gumbel_split(key, **opts)


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
    key, opts = _dist.gumbel_args(key, shape, type, "nx.random.gumbel")
    return _dist.gumbel(key, **opts)


# --- shuffle and choice -----------------------------------------------------------------------

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
    key = _core.key_arg(key, fun)
    t = _core.tensor_arg(tensor, fun, "tensor")
    if t.rank == 0:
        raise ValueError(f"{fun}: expected a tensor of rank 1 or greater, got a scalar")
    ax = _core.nx_module().axis_index(t, axis, fun, "axis")
    independent = _core.bool_opt(independent, fun, "independent")
    return _dist.shuffle(key, t, axis=ax, independent=independent)


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
    key = _core.key_arg(key, fun)
    t = _core.tensor_arg(tensor, fun, "tensor")
    ax, n_inputs, samples, replace = _dist.choice_opts(t, samples, axis, replace, fun)
    opts = dict(flat=axis is None, axis=ax, n_inputs=n_inputs, samples=samples, replace=replace)
    if p is None:
        return _dist.choice(key, t, **opts)
    p = _core.tensor_arg(p, fun, "p")
    if p.rank != 1:
        raise ValueError(f"{fun}: probability tensor must have rank 1, got: {p.rank} (shape "
                         f"{p.shape})")
    if p.size != n_inputs:
        raise ValueError(f"{fun}: probability tensor of size {p.size} is expected to have size "
                         f"{n_inputs}")
    if not T.is_float(p.type):
        raise TypeError(f"{fun}: expected the probability tensor to have a float type, got "
                        f"{p.type.name}")
    return _dist.choice_p(key, t, p, **opts)


# --- multivariate normal ----------------------------------------------------------------------

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
    key, mean, cov, opts = _dist.mvn_args(key, mean, covariance, shape, type, names, method,
                                     "nx.random.multivariate_normal_split")
    return _dist.multivariate_normal_split(key, mean, cov, **opts)


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
    key, mean, cov, opts = _dist.mvn_args(key, mean, covariance, shape, type, names, method,
                                     "nx.random.multivariate_normal")
    return _dist.multivariate_normal(key, mean, cov, **opts)
