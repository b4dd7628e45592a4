"""nx.random's machinery (nx/random.py is the public API): the argument checks, the
`prepare` of its eager calls (Python bounds become operands), and the Threefry-2x32 bits and
key splitting every sampler draws from. Private to nx.random; the names carry no underscore so
that nx/random.py and nx/_random_dist.py can import them."""
from __future__ import annotations

import builtins
import math

import numpy as np

from . import types as T
from ._args import is_number
from .tensor import Tensor, normalize_names

U32, U64 = T.Type("u32"), T.Type("u64")
_pytype = builtins.type


def nx_module():
    import nx
    return nx


# --- argument checks --------------------------------------------------------------------------

def tensor_arg(x, fun, arg):
    if isinstance(x, Tensor):
        return x
    if is_number(x) or isinstance(x, (list, tuple, np.ndarray)):
        return nx_module().tensor(x)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r:.80}")


def key_arg(key, fun):
    """Nx's assert_key!: a key is a u32 tensor of shape (2,)."""
    key = tensor_arg(key, fun, "key")
    if key.shape != (2,):
        raise ValueError(f"{fun}: expected key to have shape (2,), got tensor with shape "
                         f"{key.shape}")
    if key.type != U32:
        raise TypeError(f"{fun}: expected key with 32-bit unsigned integer type, got key with "
                        f"type {key.type.name}")
    return key


def shape_opt(shape, fun, arg="shape"):
    if isinstance(shape, Tensor):
        return shape.shape
    if isinstance(shape, (tuple, list)) and all(
            isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0 for d in shape):
        return tuple(int(d) for d in shape)
    raise TypeError(f"{fun}: expected {arg} to be a tuple of non-negative integers, got "
                    f"{shape!r}")


def int_opt(value, fun, arg):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{fun}: {arg} must be an integer, got {value!r}")
    return int(value)


def bool_opt(value, fun, arg):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{fun}: {arg} must be True or False, got {value!r}")
    return bool(value)


def names_opt(names, rank, fun):
    if names is None:
        return None
    return normalize_names(names, rank, fun)


def type_of(x):
    return x.type if isinstance(x, Tensor) else T.infer_scalar(x)


def float_type(a, b, type, fun):
    """Nx's infer_float_type: the `type` option, else the merged type of both, made floating."""
    if type is not None:
        return T.parse(type, fun=fun)
    return T.to_float(T.merge(type_of(a), type_of(b)))


def check_float_or_complex(ty, fun):
    if not (T.is_float(ty) or T.is_complex(ty)):
        raise TypeError(f"{fun}: expected float or complex type, got type {ty.name}")


def as_operand(x, ty, fun, arg, backend):
    """`Nx.as_type(x, ty)`: a Python number becomes a tensor of `ty` on `backend`, written as
    Nx's reference backend writes a number into `ty` (`write_number`: to nearest, directly,
    except bf16 and f8); a tensor is kept (the program converts it)."""
    if is_number(x):
        if isinstance(x, (complex, np.complexfloating)) and not T.is_complex(ty):
            raise TypeError(f"{fun}: {arg} is the complex number {x!r} but the type is "
                            f"{ty.name}")
        return number(x, ty, backend)
    return tensor_arg(x, fun, arg)


def broadcast_shapes(fun, what, *shapes):
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


def prepare(args, fun, *names):
    """A `prepare` for `eager_compiled`: `args(...)` (one of the `*_args` checks of
    nx/_random_dist.py) run on the call's arguments, its tensors and options returned by
    parameter name, so that Python bounds become tensors of the sample's type (operands, not
    part of the key) and bad input raises before anything is traced or compiled."""
    def prepare(key, a, b, *, shape, type, names):
        key, a, b, opts = args(key, a, b, shape, type, names, fun)
        return {"key": key, na: a, nb: b, **opts}
    na, nb = names

    def by_name(**kw):
        return prepare(kw["key"], kw[na], kw[nb], shape=kw["shape"], type=kw["type"],
                       names=kw["names"])
    return by_name


def write_number(x, ty):
    """The real number `x` as Nx's reference backend writes it into a scalar of `ty` (its
    `write!`): a bf16 keeps the upper 16 bits of the f32 nearest to `x` and an f8 (E5M2) the
    upper 8 bits of the nearest f16 (the low bits are cut off, not rounded: bf16 0.1 is
    0.099609375, not 0.10009765625); other types take `x` as `nx.tensor` does."""
    if tuple(ty) not in (("bf", 16), ("f", 8)) or isinstance(x, (complex, np.complexfloating)):
        return x
    wide, cut, narrow = ((np.float32, np.uint32, np.uint16) if ty.bits == 16 else
                         (np.float16, np.uint16, np.uint8))
    with np.errstate(over="ignore"):
        w = np.asarray(np.float64(x)).astype(wide)
    return (w.view(cut) >> cut(ty.bits)).astype(narrow).view(ty.dtype)[()]


def number(x, ty, backend):
    """A scalar tensor of type `ty` holding the Python number `x` (`write_number`), on
    `backend` (cached, so that default bounds such as 0.0 and 1.0 are not transferred on every
    call)."""
    backend = "xla" if backend == "xla" else "numpy"
    ck = (_pytype(x), repr(x), ty, backend)
    t = _numbers.get(ck)
    if t is None:
        t = nx_module().tensor(write_number(x, ty), type=ty, backend=backend)
        if len(_numbers) > 1024:
            _numbers.clear()
        _numbers[ck] = t
    return t


# --- Threefry-2x32 ----------------------------------------------------------------------------

_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))
_PARITY = 0x1BD11BDA


def threefry_pair(x0, x1, key):
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


def threefry_concat(xs, ks):
    nx = nx_module()
    y0, y1 = threefry_pair(xs[0], xs[1], ks)
    return nx.concatenate([y0, y1], axis=0)


def threefry(key, shape):
    nx = nx_module()
    n = math.prod(shape)
    if n % 2 == 0:
        bits = threefry_concat(nx.iota((2, n // 2), type=U32), key)
        return nx.reshape(bits, shape)
    counts = nx.concatenate([nx.iota((n,), type=U32), nx.tensor([0], type=U32)])
    bits = threefry_concat(nx.reshape(counts, (2, (n + 1) // 2)), key)
    return nx.reshape(bits[0:n], shape)


def random_bits(key, shape, bit_width=32):
    nx = nx_module()
    if bit_width == 64:
        bits = nx.as_type(threefry(key, (2, math.prod(shape))), U64)
        out = nx.reshape((bits[0] << 32) | bits[1], shape)
    elif bit_width == 32:
        out = threefry(key, shape)
    else:
        out = nx.as_type(threefry(key, shape), T.Type(("u", bit_width)))
    return nx.stop_grad(out)


def split(key, parts):
    return nx_module().stop_grad(threefry(key, (parts, 2)))
