"""nx.random's samplers as traced nx code (nx/random.py is the public API, its docstrings and
eager entry points): for each distribution its argument checks (`*_args`, also the `prepare`
of the eager call) and the implementation, `*_split` using the key as given and the plain name
drawing with a fresh split of it (returning `(sample, new_key)`). Private to nx.random."""
from __future__ import annotations

import math

import numpy as np

from . import types as T
from ._args import is_number
from ._eager import rounded as _rounded
from ._random_core import (
    U32,
    U64,
    as_operand,
    bool_opt,
    broadcast_shapes,
    check_float_or_complex,
    float_type,
    int_opt,
    key_arg,
    names_opt,
    number,
    nx_module,
    random_bits,
    shape_opt,
    split,
    tensor_arg,
    type_of,
)

# --- uniform and normal -----------------------------------------------------------------------
#
# Nx's reference backend (Nx.BinaryBackend, which computes the values Nx's docs and tests print)
# computes every element-wise op on numbers in double precision and writes the result into the
# output type: to nearest for f16, f32 and f64, which is the op correctly rounded in the type;
# for bf16 the nearest f32 cut to its upper 16 bits and for f8 (E5M2) the nearest f16 cut to
# its upper 8 bits (`_write`). The samplers below make the same ops in the same order, each
# written as Nx writes it: in the type for f16/f32/f64 (with `_rounded` where XLA would fuse a
# product into an FMA), in f32 then `_write` for bf16 and f8 (one +, - or * of bf16/f8 values
# rounded to f32 and then written is the exact result written: f32 has more than twice their
# precision).

_MANTISSA = {("f", 8): 2, ("bf", 16): 7, ("f", 16): 10, ("f", 32): 23, ("f", 64): 52}
_F16, _F32, _F64 = T.Type("f16"), T.Type("f32"), T.Type("f64")
_CUT = {("bf", 16): (_F32, U32, T.Type("u16")), ("f", 8): (_F16, T.Type("u16"), T.Type("u8"))}


def _one_bits(ty):
    """The bits of 1.0 in the float type `ty`, as an unsigned integer."""
    return int(np.array(1.0, dtype=ty.dtype).view(np.dtype(f"u{ty.bits // 8}")))


def _write(x, ty):
    """`x` (a real tensor of any type) written into `ty` as Nx's reference backend writes a
    number (nx/_random_core.py `write_number`): bf16 and f8 keep the upper bits of the nearest
    f32 or f16, every other type rounds to nearest."""
    nx = nx_module()
    if tuple(ty) not in _CUT:
        return nx.as_type(x, ty)
    wide, cut, narrow = _CUT[tuple(ty)]
    bits = nx.bitcast(nx.as_type(x, wide), cut) >> nx.tensor(ty.bits, type=cut)
    return nx.bitcast(nx.as_type(bits, narrow), ty)


def _as_type(x, ty):
    """Nx.as_type(x, ty) on Nx's reference backend: `_write` of each element."""
    return x if x.type == ty else _write(x, ty)


def _op(f, ty, *xs):
    """The element-wise op `f` of the `ty` tensors `xs`, computed and written as Nx's
    reference backend does."""
    nx = nx_module()
    if tuple(ty) in _CUT:
        return _write(f(*(nx.as_type(x, _F32) for x in xs)), ty)
    return f(*xs)


def _mul(a, b, ty):
    """a * b in `ty` (rounded before anything is added to it: nx/_eager.py `rounded`)."""
    return _rounded(_op(lambda x, y: x * y, ty, a, b))


def _opaque(x):
    """`x` through a select that XLA cannot see through (nx/_eager.py `rounded`, in every
    program): what follows starts from `x` as computed."""
    nx = nx_module()
    return nx.select(nx.not_equal(x, x), x + x, x)


def _add(a, b, ty):
    return _op(lambda x, y: x + y, ty, a, b)


def _sub(a, b, ty):
    return _op(lambda x, y: x - y, ty, a, b)


def _float_or_complex(key, ty, shape, names, fun):
    """Nx's float_or_complex: complex samples take their real and imaginary parts from
    `fun` on a trailing axis of 2 (Nx forms them with a dot product by `[1, i]`, whose sums
    make a -0.0 part +0.0)."""
    nx = nx_module()
    if T.is_complex(ty):
        real = T.to_real(ty)
        data = fun(key, real, shape + (2,))
        zero = nx.tensor(0, type=real)
        re, im = (nx.select(nx.equal(p, zero), zero, p) for p in (data[..., 0], data[..., 1]))
        out = nx.complex(re, im)
        return nx.rename(out, names) if names is not None else out
    out = fun(key, ty, shape)
    return nx.rename(out, names) if names is not None else out


def _uniform_real(key, minv, maxv, ty, shape):
    """Nx's uniform_split for a real `ty`: random bits fill the mantissa of a float in [1, 2),
    1 is subtracted (exactly), then `u * (max - min) + min`, at least `min`, each op written
    into `ty`."""
    nx = nx_module()
    nbits = ty.bits
    ubits = T.Type(("u", nbits))
    minv = _as_type(minv, ty)
    maxv = _as_type(maxv, ty)
    bits = random_bits(key, shape, nbits)
    bits = (bits >> nx.tensor(nbits - _MANTISSA[tuple(ty)], type=ubits)) | \
        nx.tensor(_one_bits(ty), type=ubits)
    u = nx.bitcast(bits, ty) - nx.tensor(1.0, type=ty)
    u = nx.max(_add(_mul(u, _sub(maxv, minv, ty), ty), minv, ty), minv)
    return nx.reshape(u, shape)


def uniform_split(key, minv, maxv, *, type, shape, names):
    nx = nx_module()
    out = _float_or_complex(key, type, shape, names,
                            lambda k, ty, s: _uniform_real(k, minv, maxv, ty, s))
    return nx.stop_grad(out)


def _with_new_key(impl):
    def run(key, *args, **static):
        keys = split(key, 2)
        return impl(keys[1], *args, **static), keys[0]
    run.__name__ = impl.__name__.lstrip("_").replace("_split", "")
    run.__qualname__ = run.__name__
    return run


def uniform_args(key, min_value, max_value, shape, type, names, fun):
    key = key_arg(key, fun)
    shape = shape_opt(shape, fun)
    ty = float_type(min_value, max_value, type, fun)
    check_float_or_complex(ty, fun)
    real = T.to_real(ty)
    minv = as_operand(min_value, real, fun, "min_value", key.backend)
    maxv = as_operand(max_value, real, fun, "max_value", key.backend)
    inner = shape + (2,) if T.is_complex(ty) else shape
    b = broadcast_shapes(fun, "min_value, max_value and the sample shape", minv.shape,
                          maxv.shape, inner)
    if math.prod(b) != math.prod(inner):
        raise ValueError(f"{fun}: min_value of shape {minv.shape} and max_value of shape "
                         f"{maxv.shape} do not fit the sample shape {shape}")
    return key, minv, maxv, dict(type=ty, shape=shape, names=names_opt(names, len(shape), fun))


uniform = _with_new_key(uniform_split)


def _next_after_minus_1(ty):
    """The float just above -1 in `ty`: the bits of -1.0 minus one (Nx's next_after_minus_1).
    For bf16 Nx takes the f16 neighbour of -1 (-0.99951171875), which its reference backend
    writes into bf16 as -0.99609375 (`_write`), bf16's own neighbour of -1: every type takes
    its own neighbour here (f16, bf16, f32, f64: Nx's values; Nx has none for f8)."""
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
    ("Approximating the erfinv function", 2010) evaluated in f64 (Nx's `Complex.erf_inv`) and
    written once into the type (`_write`; XLA's f32 erf_inv evaluates the same polynomial in
    f32, which can differ in the last bit). f64 uses `nx.erf_inv` (full double precision),
    where Nx's f64 samples carry the approximation's error (about 1e-7 relative)."""
    nx = nx_module()
    if u.type.bits == 64:
        return nx.erf_inv(u)
    x = nx.as_type(u, _F64)
    w = -nx.log((1.0 - x) * (1.0 + x))
    ws = w - 2.5
    wl = nx.sqrt(w) - 3.0
    ps = nx.tensor(_GILES_SMALL[0], type=_F64)
    pl = nx.tensor(_GILES_LARGE[0], type=_F64)
    for cs, cl in zip(_GILES_SMALL[1:], _GILES_LARGE[1:]):
        ps = _rounded(ps * ws) + cs
        pl = _rounded(pl * wl) + cl
    r = nx.select(w < 5.0, ps, pl) * x
    r = nx.select(nx.abs(x) == 1.0, x * math.inf, r)
    return _write(r, u.type)


def _log(x):
    """Element-wise log as Nx's reference backend computes it: in f64 and written into the
    type of `x` (`_write`) for narrower floats."""
    nx = nx_module()
    if x.type.bits == 64:
        return nx.log(x)
    return _write(nx.log(nx.as_type(x, _F64)), x.type)


def normal_split(key, mean, std, *, type, shape, names):
    """Nx's normal_split: `u` uniform in (-1, 1), then `std * (sqrt(2) * erf_inv(u)) + mean`,
    which Nx's defn tracer rewrites (moving the constant factor of a product to the left,
    Nx.Defn.Expr) into `sqrt(2) * (std * erf_inv(u)) + mean`: computed so, each op written
    into the type (sqrt(2) too)."""
    nx = nx_module()

    def fun(k, ty, s):
        u = _uniform_real(k, nx.tensor(_next_after_minus_1(ty), type=ty), nx.tensor(1, type=ty),
                          ty, s)
        if names is not None and not T.is_complex(type):
            u = nx.rename(u, names)
        sqrt2 = _write(nx.tensor(math.sqrt(2.0), type=_F64), ty)
        # opaque: a standard deviation that is a constant of the program (a Python number
        # under nx.jit) must not be folded into sqrt(2) (XLA would make it (sqrt(2) * std) * e,
        # and an eager call, where it is an operand, would differ)
        z = _mul(sqrt2, _opaque(_mul(_as_type(std, ty), _erf_inv(u), ty)), ty)
        return _add(z, _as_type(mean, ty), ty)
    if T.is_complex(type):
        out = _float_or_complex(key, type, shape, names, fun)
    else:
        out = fun(key, type, shape)
    return nx.stop_grad(out)


def normal_args(key, mean, std, shape, type, names, fun):
    key = key_arg(key, fun)
    shape = shape_opt(shape, fun)
    ty = float_type(mean, std, type, fun)
    check_float_or_complex(ty, fun)
    real = T.to_real(ty)
    m = as_operand(mean, real, fun, "mean", key.backend)
    s = as_operand(std, real, fun, "standard_deviation", key.backend)
    inner = shape + (2,) if T.is_complex(ty) else shape
    broadcast_shapes(fun, "mean, standard_deviation and the sample shape", m.shape, s.shape,
                      inner)
    return key, m, s, dict(type=ty, shape=shape, names=names_opt(names, len(shape), fun))


normal = _with_new_key(normal_split)


# --- integers ---------------------------------------------------------------------------------

def randint_split(key, minv, maxv, *, type, shape, names):
    nx = nx_module()
    nbits = type.bits
    minv = nx.broadcast(minv, shape)
    maxv = nx.broadcast(maxv, shape)
    bits = random_bits(key, (2,) + shape, nbits)
    higher = nx.as_type(bits[0], U64)
    lower = nx.as_type(bits[1], U64)
    span = nx.as_type(nx.as_type(maxv - minv, T.Type(("u", nbits))), U64)
    # (higher * 2**nbits + lower) mod span, in unsigned 64-bit arithmetic
    multiplier = nx.remainder(nx.tensor(2 ** (nbits // 2), type=U64), span)
    multiplier = nx.remainder(multiplier * multiplier, span)
    offset = nx.remainder(nx.remainder(higher, span) * multiplier + nx.remainder(lower, span),
                          span)
    out = nx.as_type(minv, type) + nx.as_type(offset, type)
    return nx.stop_grad(nx.reshape(out, shape, names=names))


def randint_args(key, min_value, max_value, shape, type, names, fun):
    key = key_arg(key, fun)
    shape = shape_opt(shape, fun)
    ty = T.parse(type, fun=fun) if type is not None else T.merge(type_of(min_value),
                                                                 type_of(max_value))
    minv, maxv = (number(v, type_of(v), key.backend) if is_number(v) else
                  tensor_arg(v, fun, arg)
                  for v, arg in ((min_value, "min_value"), (max_value, "max_value")))
    if not T.is_integer(ty):
        raise TypeError(f"{fun}: expected integer type, got type {ty.name}")
    for v, arg in ((minv, "min_value"), (maxv, "max_value")):
        if broadcast_shapes(fun, f"{arg} and the sample shape", v.shape, shape) != shape:
            raise ValueError(f"{fun}: {arg} of shape {v.shape} cannot be broadcast to the "
                             f"sample shape {shape}")
    return key, minv, maxv, dict(type=ty, shape=shape, names=names_opt(names, len(shape), fun))


randint = _with_new_key(randint_split)


# --- gumbel -----------------------------------------------------------------------------------

def gumbel_split(key, *, type, shape):
    nx = nx_module()
    u = _uniform_real(key, nx.constants.smallest_positive_normal(type), nx.tensor(1, type=type),
                      type, shape)
    return nx.stop_grad(-_log(-_log(u)))


def gumbel_args(key, shape, type, fun):
    key = key_arg(key, fun)
    shape = shape_opt(shape, fun)
    ty = T.parse(type, fun=fun)
    if not T.is_float(ty):
        raise TypeError(f"{fun}: output type must be floating-point, got: {ty.name}")
    return key, dict(type=ty, shape=shape)


gumbel = _with_new_key(gumbel_split)


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
    nx = nx_module()
    for _ in range(_num_rounds(math.prod(t.shape))):
        keys = split(key, 2)
        sort_keys = random_bits(keys[1], t.shape, 32)
        t = nx.take_along_axis(t, nx.argsort(sort_keys, axis=axis), axis=axis)
        key = keys[0]
    return t, key


def shuffle(key, t, *, axis, independent):
    nx = nx_module()
    if independent:
        return _shuffle_independent(key, t, axis)
    idx, key = _shuffle_independent(key, nx.iota((t.shape[axis],)), 0)
    return nx.take(t, idx, axis=axis), key


def choice_opts(t, samples, axis, replace, fun):
    nx = nx_module()
    if t.rank < 1:
        raise ValueError(f"{fun}: tensor must have rank 1 or greater, got a scalar")
    samples = int_opt(samples, fun, "samples")
    replace = bool_opt(replace, fun, "replace")
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


def choice(key, t, *, flat, axis, n_inputs, samples, replace):
    nx = nx_module()
    if flat:
        t = nx.reshape(t, (n_inputs,))
    if replace:
        idx, key = randint(key, nx.tensor(0), nx.tensor(n_inputs), type=U32, shape=(samples,),
                            names=None)
        return nx.take(t, idx, axis=axis), key
    shuffled, key = shuffle(key, t, axis=axis, independent=False)
    return nx.slice_along_axis(shuffled, 0, samples, axis=axis), key


def choice_p(key, t, p, *, flat, axis, n_inputs, samples, replace):
    nx = nx_module()
    if flat:
        t = nx.reshape(t, (n_inputs,))
    if replace:
        p_cum = nx.cumulative_sum(p)
        u, key = uniform(key, nx.tensor(0.0, type=p_cum.type), nx.tensor(1.0, type=p_cum.type),
                          type=p_cum.type, shape=(samples,), names=None)
        r = p_cum[-1] * (1 - u)
        idx = nx.argmin(nx.new_axis(p_cum, 0) <= nx.new_axis(r, 1), tie_break="low", axis=1)
        return nx.take(t, idx, axis=axis), key
    g, key = gumbel(key, type=p.type, shape=(n_inputs,))
    g = -g - _log(p)
    idx = nx.slice_along_axis(nx.argsort(g), 0, samples, axis=0)
    return nx.take(t, idx, axis=axis), key


# --- multivariate normal ----------------------------------------------------------------------

_METHODS = ("svd", "eigh", "cholesky")


def multivariate_normal_split(key, mean, cov, *, type, shape, names, method):
    """Nx's multivariate_normal_split: `mean + z . a^T` for standard normal `z`, with Nx's
    conversions (`_as_type`) and element-wise ops written as Nx writes them; Nx's reference
    backend sums the dot product in double and writes it once, so it is computed in f64 for
    narrower types. (The decomposition `a` is nx.linalg's.)"""
    nx = nx_module()
    from . import linalg
    mean = _as_type(mean, type)
    cov = _as_type(cov, type)
    if method == "svd":
        u, s, _ = linalg.svd(cov)
        a = _mul(u, _op(nx.sqrt, type, s), type)
    elif method == "eigh":
        s, u = linalg.eigh(cov)
        a = _mul(u, _op(nx.sqrt, type, s), type)
    else:
        a = linalg.cholesky(cov)
    dim = mean.shape[0]
    z = normal_split(key, nx.tensor(0.0, type=type), nx.tensor(1.0, type=type), type=type,
                      shape=shape, names=None)
    z = nx.reshape(z, (math.prod(shape) // dim if dim else 0, dim))
    if type.bits < 64:
        za = _write(nx.dot(nx.as_type(z, _F64), [1], nx.as_type(a, _F64), [1]), type)
    else:
        za = nx.dot(z, [1], a, [1])
    out = _add(mean, za, type)
    return nx.stop_grad(nx.reshape(out, shape, names=names))


def mvn_args(key, mean, covariance, shape, type, names, method, fun):
    key = key_arg(key, fun)
    if method not in _METHODS:
        raise ValueError(f"{fun}: method must be one of \"svd\", \"eigh\" and \"cholesky\", got "
                         f"{method!r}")
    mean = tensor_arg(mean, fun, "mean")
    cov = tensor_arg(covariance, fun, "covariance")
    ty = float_type(mean, cov, type, fun)
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
        full = shape_opt(shape, fun) + (dim,)
    return key, mean, cov, dict(type=ty, shape=full, names=names_opt(names, len(full), fun),
                                method=method)


multivariate_normal = _with_new_key(multivariate_normal_split)
