"""Binary, serialization, NumPy files, batching, heatmaps, backend transfer and inspection helpers (Nx v0.10).

None of these functions can be used inside `defn` except the inspection helpers (`flat_size`,
`bit_size`, `axes`, `is_compatible`, `to_template`), which only read shapes and types.
"""
from __future__ import annotations

import ast
import builtins
import io as _pyio
import json
import math
import numbers
import os
import re
import struct
import sys
import zipfile
import zlib

import numpy as np

from . import types as T
from .containers import flatten, unflatten
from .inspect import format_shape
from .tensor import _Deallocated, Tensor, from_array

__all__ = ["flat_size", "bit_size", "axes", "is_compatible", "to_template",
           "to_binary", "from_binary", "serialize", "deserialize",
           "load_numpy", "load_numpy_archive", "to_batched", "to_heatmap", "Heatmap",
           "backend_transfer", "backend_copy", "backend_deallocate", "from_dlpack",
           "vec", "mat"]

_BACKENDS = ("numpy", "xla")


# --- helpers ---------------------------------------------------------------------------------

def _is_number(x):
    return isinstance(x, (numbers.Number, np.number, np.bool_)) and not isinstance(x, Tensor)


def _number_tensor(x, fun):
    """A scalar tensor for a Python number, of the type Nx infers (`Nx.to_tensor/1`)."""
    from .tensor import tensor
    return tensor(x)


def _tensor_arg(x, fun, arg="tensor"):
    if isinstance(x, Tensor):
        return x
    if _is_number(x):
        return _number_tensor(x, fun)
    raise TypeError(f"{fun}: expected a tensor or a number for {arg}, got "
                    f"{type(x).__name__}: {x!r}")


def _shape_of(x, fun):
    """The shape of a tensor, a number (`()`) or a shape tuple, as `Nx.shape/1` accepts."""
    if isinstance(x, Tensor):
        return x.shape
    if _is_number(x):
        return ()
    if isinstance(x, tuple) and all(isinstance(d, (int, np.integer)) and not isinstance(d, bool)
                                    and d >= 0 for d in x):
        return tuple(int(d) for d in x)
    raise TypeError(f"{fun}: expected a shape (a tuple of non-negative integers), a tensor or a "
                    f"number, got {type(x).__name__}: {x!r}")


def _concrete(t, fun):
    """Rejects traced tensors: the function needs the tensor's data."""
    if t.is_traced():
        raise TypeError(f"{fun}: cannot be used inside defn: the value of a traced tensor "
                        f"({t.type.name}{list(t.shape)}) is only known when the compiled "
                        "program runs")
    _check_allocated(t, fun)
    return t


def _vec_sizes(t):
    return tuple(s for _, s in t.vectorized_axes)


def _host(t, fun):
    """The tensor's data as a C-ordered host array of shape vectorized sizes + shape."""
    _concrete(t, fun)
    return np.asarray(t.to_numpy().reshape(_vec_sizes(t) + t.shape), order="C")


def _backend_arg(backend, fun, default=None):
    if backend is None:
        return default
    if backend not in _BACKENDS:
        raise ValueError(f"{fun}: unknown backend {backend!r}, expected one of "
                         f"{list(_BACKENDS)}")
    return backend


def _round_half_up(x):
    """Elixir's `round/1` for non-negative floats (halves away from zero)."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


# --- inspection ------------------------------------------------------------------------------

def flat_size(t):
    """The number of elements including the vectorized axes (`Nx.flat_size/1`); `nx.size`
    leaves the vectorized axes out. Accepts a tensor, a number or a shape tuple.

        >>> nx.flat_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        6
        >>> nx.flat_size(10)
        1
        >>> nx.flat_size((2, 3, 4))
        24
    """
    shape = _shape_of(t, "nx.flat_size")
    n = 1
    for d in shape:
        n *= d
    if isinstance(t, Tensor):
        for d in _vec_sizes(t):
            n *= d
    return n


def bit_size(t):
    """The number of bits of the tensor's data: `flat_size(t) * bits of its type`
    (`Nx.bit_size/1`). Vectorized axes count. Accepts a tensor or a number.

        >>> nx.bit_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        192
        >>> nx.bit_size(nx.tensor([[1, 2, 3], [4, 5, 6]], type="u8"))
        48
        >>> nx.bit_size(nx.tensor([[1, 2, 3], [3, 2, 1]], type="u2"))
        12
        >>> nx.bit_size(1)
        32
    """
    t = _tensor_arg(t, "nx.bit_size")
    return flat_size(t) * t.type.bits


def axes(t):
    """The list of axes `[0, 1, ..., rank - 1]` of a tensor, a number or a shape tuple
    (`Nx.axes/1`).

        >>> nx.axes(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        [0, 1]
        >>> nx.axes(1)
        []
        >>> nx.axes((1, 2, 3))
        [0, 1, 2]
    """
    return list(range(len(_shape_of(t, "nx.axes"))))


def _compatible_names(a, b):
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _compatible_tensors(a, b):
    return (a.type == b.type and a.shape == b.shape and
            tuple(a.vectorized_axes) == tuple(b.vectorized_axes) and
            _compatible_names(a.names, b.names))


def is_compatible(left, right):
    """True when two tensors (or numbers, or containers of them) have the same type, shape,
    vectorized axes and compatible names (`Nx.compatible?/2`): names are compatible when equal
    or when either is None. Containers must have the same structure (same container kinds,
    lengths and keys). Works on templates and inside defn.

        >>> nx.is_compatible(nx.iota((2, 3)), nx.iota((2, 3), names=["x", "y"]))
        True
        >>> nx.is_compatible(nx.iota((2, 3), names=["x", None]), nx.iota((2, 3), names=["y", None]))
        False
        >>> nx.is_compatible(nx.iota((2, 3)), nx.iota((2, 3), type="f32"))
        False
        >>> nx.is_compatible((1, {"a": 2.0}), (nx.tensor(3), {"a": nx.tensor(4.0)}))
        True
    """
    fun = "nx.is_compatible"
    ll, ld = flatten(left)
    rl, rd = flatten(right)
    if ld != rd:
        return False
    for a, b in zip(ll, rl):
        if not _compatible_tensors(_tensor_arg(a, fun, "left"), _tensor_arg(b, fun, "right")):
            return False
    return True


def _template_of(t):
    return Tensor(None, t.shape, t.type, t.names, tuple(t.vectorized_axes))


def to_template(tensor_or_container):
    """Templates (shape, type, names and vectorized axes, no data) of a tensor, a number or
    every tensor of a container, which keeps its structure (`Nx.to_template/1`).

        >>> t = nx.to_template(nx.iota((2, 3)))
        >>> t.shape, t.type
        ((2, 3), s32)
        >>> i, f = nx.to_template((1, 2.0))
        >>> (i.shape, i.type), (f.shape, f.type)
        (((), s32), ((), f32))
    """
    leaves, tree = flatten(tensor_or_container)
    return unflatten(tree, [_template_of(_tensor_arg(x, "nx.to_template")) for x in leaves])


# --- binaries --------------------------------------------------------------------------------

def _pack_subbyte(arr, bits):
    """Packs u2/u4/s2/s4 elements as Nx's binary backend stores them: a bitstring with the
    first element in the most significant bits of the first byte. The last byte is padded
    with zero bits."""
    per = 8 // bits
    mask = (1 << bits) - 1
    v = arr.reshape(-1).astype(np.int16).astype(np.uint8) & mask
    pad = (-v.size) % per
    if pad:
        v = np.concatenate([v, np.zeros(pad, np.uint8)])
    v = v.reshape(-1, per)
    out = np.zeros(v.shape[0], np.uint8)
    for i in range(per):
        out |= v[:, i] << np.uint8(bits * (per - 1 - i))
    return out.tobytes()


def _unpack_subbyte(buf, t):
    bits = t.bits
    per = 8 // bits
    mask = (1 << bits) - 1
    b = np.frombuffer(buf, np.uint8)
    v = np.stack([(b >> np.uint8(bits * (per - 1 - i))) & mask for i in range(per)],
                 axis=1).reshape(-1).astype(np.int16)
    if t.kind == "s":
        v = np.where(v >= (1 << (bits - 1)), v - (1 << bits), v)
    return v.astype(t.dtype)


def _array_bytes(arr, t, little=False):
    if t.bits < 8:
        return _pack_subbyte(arr, t.bits)
    a = np.asarray(arr, order="C")
    if little and sys.byteorder == "big":
        a = a.byteswap()
    return a.tobytes()


def to_binary(t, limit=None):
    """The tensor's data as `bytes`: row-major, in the machine's native byte order
    (`Nx.to_binary/2`). Vectorized axes are included (they come first). `limit` keeps only
    the first `limit` elements. u2/u4/s2/s4 elements are packed as Nx's binary backend does
    (the first element in the most significant bits of a byte); as Python bytes cannot hold a
    bitstring, the last byte is padded with zero bits. Cannot be used inside defn.

        >>> import struct
        >>> nx.to_binary(1) == struct.pack("=i", 1)
        True
        >>> nx.to_binary(nx.tensor([1.0, 2.0, 3.0])) == struct.pack("=3f", 1.0, 2.0, 3.0)
        True
        >>> nx.to_binary(nx.tensor([1.0, 2.0, 3.0]), limit=2) == struct.pack("=2f", 1.0, 2.0)
        True
        >>> nx.to_binary(nx.tensor([1, 2, 3], type="u4"))
        b'\\x120'
    """
    fun = "nx.to_binary"
    t = _tensor_arg(t, fun)
    arr = _host(t, fun).reshape(-1)
    if limit is not None:
        if not isinstance(limit, (int, np.integer)) or isinstance(limit, bool) or limit < 0:
            raise ValueError(f"{fun}: limit must be a non-negative integer, got {limit!r}")
        arr = arr[:int(limit)]
    return _array_bytes(arr, t.type)


def _as_bytes(data, fun, arg="binary"):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{fun}: expected bytes, bytearray or memoryview for {arg}, got "
                    f"{type(data).__name__}")


def from_binary(binary, type, backend=None):
    """A one-dimensional tensor of `type` from raw bytes in the machine's native byte order
    (`Nx.from_binary/3`). The number of elements is the number of bits divided by the type's
    bits (u2/u4/s2/s4 are unpacked as `to_binary` packs them).

        >>> nx.from_binary(bytes([1, 2, 3, 4]), "s8")
        nx.Tensor<
          s8[4]
          [1, 2, 3, 4]
        >
        >>> import struct
        >>> nx.from_binary(struct.pack("=d", 12.3), "f64")
        nx.Tensor<
          f64[1]
          [12.3]
        >
        >>> nx.from_binary(bytes([1, 2, 3, 4]), "f64")
        Traceback (most recent call last):
        ...
        ValueError: nx.from_binary: binary does not match the given size (4 bytes is not a multiple of 8 bytes, the size of f64)
    """
    fun = "nx.from_binary"
    buf = _as_bytes(binary, fun)
    t = T.parse(type, fun=fun)
    backend = _backend_arg(backend, fun)
    if not buf:
        raise ValueError(f"{fun}: cannot build an empty tensor")
    if t.bits < 8:
        arr = _unpack_subbyte(buf, t)
    else:
        size = t.bits // 8
        if len(buf) % size:
            raise ValueError(f"{fun}: binary does not match the given size ({len(buf)} bytes is "
                             f"not a multiple of {size} bytes, the size of {t.name})")
        arr = np.frombuffer(buf, dtype=t.dtype).copy()
    return from_array(arr, t, None, backend)


# --- serialization ---------------------------------------------------------------------------

_MAGIC = b"\x93NXSER"
_VERSION = 1
_HEADER = struct.Struct("<6sBBQI")     # magic, version, flags, json length, crc32 of the body
_FLAG_ZLIB = 1


def serialize(tensor_or_container, compressed=0):
    """Serializes a tensor, a number or a container (tuple, list, dict, None) of them to
    `bytes` (`Nx.serialize/2`); `nx.deserialize` reads them back, on any machine.
    `compressed` is a zlib level, 0 (none, the default) to 9 (`True` is 6). Numbers are stored
    as scalar tensors of their inferred type, as Nx does. Cannot be used inside defn.

    Format (version 1), all integers little-endian:

    * 20-byte header: magic ``b"\\x93NXSER"`` (6 bytes), format version (u8, 1), flags (u8;
      bit 0: the body is zlib-compressed, other bits zero), JSON length N (u64), CRC-32 of the
      body as stored (u32).
    * body: N bytes of UTF-8 JSON describing the value, then the data region. The JSON is an
      object ``{"root": node}`` where a node is one of
      ``{"tensor": {"type": "f32", "shape": [2, 3], "names": [null, "x"],
      "vectorized": [["v", 4]], "offset": 0, "nbytes": 96}}``,
      ``{"tuple": [node, ...]}``, ``{"list": [node, ...]}``,
      ``{"dict": [[key, node], ...]}`` (keys are JSON strings, integers, floats, booleans or
      null) and ``{"none": null}``.
    * a tensor's data is `nbytes` bytes at `offset` in the data region: its elements
      row-major with the vectorized axes first, little-endian; u2/u4/s2/s4 packed as
      `to_binary` packs them.

        >>> a = nx.tensor([1, 2, 3])
        >>> nx.deserialize(nx.serialize(a))
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
        >>> a, d = nx.deserialize(nx.serialize((nx.tensor([1, 2, 3]), {"b": nx.tensor([4, 5, 6])})))
        >>> d["b"]
        nx.Tensor<
          s32[3]
          [4, 5, 6]
        >
    """
    fun = "nx.serialize"
    if compressed is True:
        compressed = 6
    if compressed is False or compressed is None:
        compressed = 0
    if not isinstance(compressed, int) or not 0 <= compressed <= 9:
        raise ValueError(f"{fun}: compressed must be a zlib level from 0 to 9 (or a boolean), "
                         f"got {compressed!r}")
    chunks = []
    offset = [0]

    def node(x):
        if isinstance(x, Tensor) or _is_number(x):
            t = _tensor_arg(x, fun)
            data = _array_bytes(_host(t, fun), t.type, little=True)
            entry = {"type": t.type.name, "shape": list(t.shape), "names": list(t.names),
                     "vectorized": [[n, s] for n, s in t.vectorized_axes],
                     "offset": offset[0], "nbytes": len(data)}
            chunks.append(data)
            offset[0] += len(data)
            return {"tensor": entry}
        if x is None:
            return {"none": None}
        if type(x) is tuple:
            return {"tuple": [node(y) for y in x]}
        if type(x) is list:
            return {"list": [node(y) for y in x]}
        if type(x) is dict:
            items = []
            for k, v in x.items():
                if not (k is None or isinstance(k, (str, bool, int, float))):
                    raise TypeError(f"{fun}: dict keys must be strings, numbers, booleans or "
                                    f"None, got {type(k).__name__}: {k!r}")
                items.append([k, node(v)])
            return {"dict": items}
        raise TypeError(f"{fun}: cannot serialize {type(x).__name__}: {x!r}; expected a "
                        "tensor, a number, or a tuple, list, dict or None of them")

    header = json.dumps({"root": node(tensor_or_container)}, allow_nan=False,
                        separators=(",", ":")).encode("utf-8")
    body = header + b"".join(chunks)
    flags = 0
    if compressed:
        body = zlib.compress(body, compressed)
        flags |= _FLAG_ZLIB
    return _HEADER.pack(_MAGIC, _VERSION, flags, len(header), zlib.crc32(body)) + body


def _corrupt(msg):
    return ValueError(f"nx.deserialize: {msg}")


def deserialize(data, backend=None):
    """Reads back what `nx.serialize` wrote (`Nx.deserialize/2`): a tensor or the container of
    tensors, on `backend` (default: the default backend). Raises ValueError naming the problem
    for data that is not in this format, of an unknown version, truncated or corrupted.

        >>> nx.deserialize(nx.serialize(nx.tensor([1.5, 2.5], names=["x"])))
        nx.Tensor<
          f32[x: 2]
          [1.5, 2.5]
        >
        >>> nx.deserialize(b"not nx data")
        Traceback (most recent call last):
        ...
        ValueError: nx.deserialize: not serialized nx data (bad magic bytes)
    """
    fun = "nx.deserialize"
    buf = _as_bytes(data, fun, "data")
    backend = _backend_arg(backend, fun)
    if len(buf) < 7 or buf[:6] != _MAGIC:
        raise _corrupt("not serialized nx data (bad magic bytes)")
    if buf[6] != _VERSION:
        raise _corrupt(f"cannot deserialize nx format v{buf[6]} (this version reads "
                       f"v{_VERSION})")
    if len(buf) < _HEADER.size:
        raise _corrupt(f"truncated header ({len(buf)} bytes, expected {_HEADER.size})")
    _, _, flags, hlen, crc = _HEADER.unpack_from(buf)
    body = buf[_HEADER.size:]
    if flags & ~_FLAG_ZLIB:
        raise _corrupt(f"unknown flags {flags:#04x}")
    if zlib.crc32(body) != crc:
        raise _corrupt("checksum mismatch: the data is truncated or corrupted")
    if flags & _FLAG_ZLIB:
        try:
            body = zlib.decompress(body)
        except zlib.error as e:
            raise _corrupt(f"cannot decompress the body ({e})") from None
    if hlen > len(body):
        raise _corrupt(f"truncated: the description needs {hlen} bytes, {len(body)} left")
    try:
        desc = json.loads(body[:hlen].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise _corrupt(f"invalid description ({e})") from None
    region = body[hlen:]
    if not isinstance(desc, dict) or "root" not in desc:
        raise _corrupt("invalid description (no root)")

    def tensor_node(e):
        if not isinstance(e, dict):
            raise _corrupt(f"invalid tensor entry {e!r}")
        try:
            t = T.parse(e["type"], fun=fun)
            shape, names, vec = e["shape"], e["names"], e["vectorized"]
            off, nbytes = e["offset"], e["nbytes"]
        except (KeyError, TypeError) as err:
            raise _corrupt(f"invalid tensor entry {e!r} ({err})") from None
        ints = (lambda xs: isinstance(xs, list) and
                all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in xs))
        if not ints(shape) or not isinstance(names, list) or len(names) != len(shape) or \
                not all(n is None or isinstance(n, str) for n in names):
            raise _corrupt(f"invalid shape or names in {e!r}")
        if not isinstance(vec, list) or not all(
                isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and ints([p[1]])
                for p in vec):
            raise _corrupt(f"invalid vectorized axes in {e!r}")
        if not ints([off, nbytes]) or off + nbytes > len(region):
            raise _corrupt(f"tensor data out of range (offset {off}, {nbytes} bytes, data "
                           f"region of {len(region)} bytes)")
        full = tuple(s for _, s in vec) + tuple(shape)
        count = math.prod(full)
        expected = (count * t.bits + 7) // 8
        if nbytes != expected:
            raise _corrupt(f"a {t.name} tensor of shape {full} needs {expected} bytes, the "
                           f"entry has {nbytes}")
        raw = region[off:off + nbytes]
        if t.bits < 8:
            arr = _unpack_subbyte(raw, t)[:count] if count else np.zeros(0, t.dtype)
        else:
            arr = np.frombuffer(raw, dtype=t.dtype.newbyteorder("<")).astype(t.dtype)
        arr = arr.reshape(full)
        return from_array(arr, t, tuple(names), backend, tuple((n, s) for n, s in vec))

    def build(n, depth=0):
        if depth > 1000:
            raise _corrupt("containers nested too deeply")
        if not isinstance(n, dict) or len(n) != 1:
            raise _corrupt(f"invalid node {n!r}")
        (kind, v), = n.items()
        if kind == "tensor":
            return tensor_node(v)
        if kind == "none":
            return None
        if kind in ("tuple", "list") and isinstance(v, list):
            items = [build(x, depth + 1) for x in v]
            return tuple(items) if kind == "tuple" else items
        if kind == "dict" and isinstance(v, list):
            out = {}
            for item in v:
                if not isinstance(item, list) or len(item) != 2:
                    raise _corrupt(f"invalid dict entry {item!r}")
                out[item[0]] = build(item[1], depth + 1)
            return out
        raise _corrupt(f"invalid node {n!r}")

    return build(desc["root"])


# --- NumPy files -----------------------------------------------------------------------------

_NUMPY_KINDS = {("b", 1): "u8", ("u", 1): "u8", ("u", 2): "u16", ("u", 4): "u32",
                ("u", 8): "u64", ("i", 1): "s8", ("i", 2): "s16", ("i", 4): "s32",
                ("i", 8): "s64", ("f", 2): "f16", ("f", 4): "f32", ("f", 8): "f64",
                ("c", 8): "c64", ("c", 16): "c128"}


def _read_source(data, fun):
    if isinstance(data, (str, os.PathLike)):
        with open(data, "rb") as f:
            return f.read()
    return _as_bytes(data, fun, "data")


def _parse_npy(buf, fun, backend, what="NumPy file"):
    bad = f"{fun}: unable to parse {what}, it may be corrupted or invalid"
    if len(buf) < 10 or buf[:6] != b"\x93NUMPY":
        raise ValueError(f"{bad} (no NumPy magic bytes)")
    major = buf[6]
    if major == 1:
        (hlen,), start = struct.unpack_from("<H", buf, 8), 10
    elif major in (2, 3):
        if len(buf) < 12:
            raise ValueError(f"{bad} (truncated header)")
        (hlen,), start = struct.unpack_from("<I", buf, 8), 12
    else:
        raise ValueError(f"{fun}: unsupported NumPy format version {major}.{buf[7]}")
    if start + hlen > len(buf):
        raise ValueError(f"{bad} (truncated header)")
    try:
        header = ast.literal_eval(buf[start:start + hlen].decode("utf-8" if major == 3
                                                                 else "latin1"))
    except (ValueError, SyntaxError, UnicodeDecodeError):
        raise ValueError(f"{bad} (unreadable header)") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise ValueError(f"{bad} (the header must have exactly the keys descr, fortran_order "
                         f"and shape, got {header!r})")
    descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
    if not isinstance(fortran, bool) or not isinstance(shape, tuple) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise ValueError(f"{bad} (invalid fortran_order or shape in {header!r})")
    m = re.fullmatch(r"([<>|=])([a-zA-Z])(\d+)", descr) if isinstance(descr, str) else None
    ty = _NUMPY_KINDS.get((m.group(2), int(m.group(3)))) if m else None
    if ty is None:
        raise ValueError(f"{fun}: unsupported NumPy type {descr!r}; supported: bool, int8..64, "
                         "uint8..64, float16/32/64, complex64/128")
    t = T.parse(ty)
    order = m.group(1)
    if order == "|" and int(m.group(3)) > 1:
        raise ValueError(f"{fun}: unsupported NumPy endianness {order!r} for {descr!r}")
    dt = np.dtype(descr.replace("b1", "u1") if m.group(2) == "b" else descr)
    count = math.prod(shape)
    data = buf[start + hlen:]
    if len(data) != count * dt.itemsize:
        raise ValueError(f"{fun}: the {what} is truncated or has extra data: a {descr} array "
                         f"of shape {shape} needs {count * dt.itemsize} bytes of data, got "
                         f"{len(data)}")
    arr = np.frombuffer(data, dtype=dt).astype(t.dtype)
    arr = arr.reshape(shape, order="F" if fortran else "C")
    return from_array(np.asarray(arr, order="C"), t, None, backend)


def load_numpy(data, backend=None):
    """Loads a `.npy` file (`Nx.load_numpy!/1`): `data` is the file's contents (bytes), or a
    path (str or os.PathLike) to read. Supports format versions 1.0, 2.0 and 3.0, both byte
    orders and Fortran order. NumPy's bool, int8..64, uint8..64, float16/32/64 and
    complex64/128 arrays become u8, s8..s64, u8..u64, f16/f32/f64 and c64/c128 tensors
    without names. Raises ValueError for anything else, or for corrupted or truncated files.

        >>> import io
        >>> buf = io.BytesIO()
        >>> np.save(buf, np.array([1, 2, 3], dtype=np.int32))
        >>> nx.load_numpy(buf.getvalue())
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
    """
    fun = "nx.load_numpy"
    backend = _backend_arg(backend, fun)
    return _parse_npy(_read_source(data, fun), fun, backend)


def load_numpy_archive(data, backend=None):
    """Loads a `.npz` archive (compressed or not) into a list of `(name, tensor)` pairs in the
    archive's order, with the `.npy` suffix removed from the names
    (`Nx.load_numpy_archive!/1`). `data` is the archive's contents or a path. Use `dict(...)`
    to look tensors up by name.

        >>> import io
        >>> buf = io.BytesIO()
        >>> np.savez(buf, foo=np.array([1, 2, 3], dtype=np.int32), bar=np.linspace(-1, 1, 5))
        >>> [(name, t.type, t.shape) for name, t in nx.load_numpy_archive(buf.getvalue())]
        [('foo', s32, (3,)), ('bar', f64, (5,))]
        >>> dict(nx.load_numpy_archive(buf.getvalue()))["bar"]
        nx.Tensor<
          f64[5]
          [-1.0, -0.5, 0.0, 0.5, 1.0]
        >
    """
    fun = "nx.load_numpy_archive"
    backend = _backend_arg(backend, fun)
    buf = _read_source(data, fun)
    try:
        with zipfile.ZipFile(_pyio.BytesIO(buf)) as z:
            out = []
            for info in z.infolist():
                name = info.filename
                content = z.read(info)
                if name.endswith(".npy"):
                    name = name[:-4]
                out.append((name, _parse_npy(content, fun, backend, f"archive member {name!r}")))
            return out
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise ValueError(f"{fun}: unable to parse NumPy archive, it may be corrupted or "
                         f"invalid ({e})") from None


# --- batching --------------------------------------------------------------------------------

def to_batched(t, batch_size, leftover="repeat"):
    """An iterator over batches of `batch_size` entries of axis 0 (`Nx.to_batched/3`).
    When the axis does not divide evenly, `leftover="repeat"` (the default) completes the
    last batch with the first entries, `leftover="discard"` drops the rest. A vectorized
    tensor is batched along its first vectorized axis. Arguments are checked at once; the
    batches are made lazily, on the tensor's backend. Cannot be used inside defn.

        >>> first, second = nx.to_batched(nx.iota((2, 2, 2)), 1)
        >>> second
        nx.Tensor<
          s32[1][2][2]
          [
            [
              [4, 5],
              [6, 7]
            ]
          ]
        >
        >>> first, second, third = nx.to_batched(nx.iota((5, 2), names=["x", "y"]), 2)
        >>> third
        nx.Tensor<
          s32[x: 2][y: 2]
          [
            [8, 9],
            [0, 1]
          ]
        >
        >>> len(list(nx.to_batched(nx.iota((5, 2)), 2, leftover="discard")))
        2
    """
    fun = "nx.to_batched"
    t = _tensor_arg(t, fun)
    _concrete(t, fun)
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or \
            batch_size < 1:
        raise ValueError(f"{fun}: batch_size must be a positive integer, got {batch_size!r}")
    batch_size = int(batch_size)
    if leftover not in ("repeat", "discard"):
        raise ValueError(f"{fun}: leftover must be \"repeat\" or \"discard\", got {leftover!r}")
    vec = tuple(t.vectorized_axes)
    if not vec and t.shape == ():
        raise ValueError(f"{fun}: cannot batch non-vectorized scalar tensor {t!r}")
    # devectorize (vectorized axes lose their names, as Nx's keep_names: false)
    flat = Tensor(t.data, _vec_sizes(t) + t.shape, t.type, (None,) * len(vec) + t.names)
    n = flat.shape[0]
    if n < batch_size:
        raise ValueError(f"{fun}: cannot batch beyond original tensor (axis 0 has size {n}, "
                         f"batch_size is {batch_size})")
    full, rem = divmod(n, batch_size)
    count = full + (1 if rem and leftover == "repeat" else 0)
    return _batches(flat, batch_size, full, count, vec)


def _batches(flat, batch_size, full, count, vec):
    from . import ops
    rest = list(flat.shape[1:])
    zeros = [0] * len(rest)
    for i in range(count):
        if i < full:
            b = ops.slice(flat, [i * batch_size] + zeros, [batch_size] + rest)
        else:
            avail = flat.shape[0] - i * batch_size
            b = ops.concatenate([ops.slice(flat, [i * batch_size] + zeros, [avail] + rest),
                                 ops.slice(flat, [0] + zeros, [batch_size - avail] + rest)])
        b = Tensor(b.data, b.shape, b.type, flat.names)
        if vec:
            nv = len(vec)
            b = Tensor(b.data, b.shape[nv:], b.type, flat.names[nv:],
                       ((vec[0][0], batch_size),) + vec[1:])
        yield b


# --- heatmap ---------------------------------------------------------------------------------

_LINE = object()


class _Nest:
    __slots__ = ("indent", "docs")

    def __init__(self, indent, docs):
        self.indent, self.docs = indent, docs


def _render(doc, indent, out):
    if doc is _LINE:
        out.append("\n" + " " * indent)
    elif isinstance(doc, str):
        out.append(doc)
    elif isinstance(doc, _Nest):
        for d in doc.docs:
            _render(d, indent + doc.indent, out)
    else:
        for d in doc:
            _render(d, indent, out)


class Heatmap:
    """A tensor shown as a heatmap (`Nx.Heatmap`); made by `nx.to_heatmap`. Its `repr` and
    `str` print it as Nx's inspect does: with ANSI background colors (the 24 grays of the
    256-color palette, 232 to 255) when `ansi_enabled`, else with digits 0 to 9. Values are
    scaled between the minimum and maximum finite values of each matrix (the last two axes);
    non-finite values print as `+` (Inf), `-` (-Inf) and `x` (NaN). Indexing (`hm[0]`) indexes
    the tensor: a scalar result is a tensor, anything else a heatmap with the same options."""

    __slots__ = ("tensor", "ansi_enabled", "ansi_whitespace", "limit")

    def __init__(self, tensor, ansi_enabled=None, ansi_whitespace="\u3000", limit=50):
        self.tensor = tensor
        self.ansi_enabled = ansi_enabled
        self.ansi_whitespace = ansi_whitespace
        self.limit = limit

    def __getitem__(self, index):
        r = self.tensor[index]
        if r.shape == ():
            return r
        return Heatmap(r, self.ansi_enabled, self.ansi_whitespace, self.limit)

    def _ansi(self):
        if self.ansi_enabled is not None:
            return bool(self.ansi_enabled)
        out = sys.stdout
        return bool(getattr(out, "isatty", lambda: False)()) and \
            os.environ.get("TERM") != "dumb" and "NO_COLOR" not in os.environ

    def __repr__(self):
        t = self.tensor
        ws = self.ansi_whitespace
        if self._ansi():
            def entry(r):
                return f"\x1b[48;5;{232 + _round_half_up(r * 23)}m{ws}"

            def line(items):
                return "".join(items) + "\x1b[0m"

            def nonfinite(x):
                if x != x:
                    return "\x1b[41m" + ws
                return ("\x1b[48;5;255m" if x > 0 else "\x1b[48;5;232m") + "\u221e"
        else:
            def entry(r):
                return str(_round_half_up(r * 9))

            line = "".join

            def nonfinite(x):
                return "x" if x != x else ("+" if x > 0 else "-")

        arr = _host(t, "nx.to_heatmap")
        full = arr.shape
        is_int = T.is_integer(t.type)
        flat = arr.reshape(-1)
        flat = flat.astype(object if is_int else np.float64).tolist()
        lo0, hi0 = T.min_finite(t.type), T.max_finite(t.type)
        if is_int:
            lo0, hi0 = int(lo0), int(hi0)

        def scale(values):
            mn, mx = hi0, lo0
            for v in values:
                if is_int or math.isfinite(v):
                    mn, mx = min(mn, v), max(mx, v)
            base = 1 if mx == mn else mx - mn
            return [entry((v - mn) / base) if is_int or math.isfinite(v) else nonfinite(v)
                    for v in values]

        if len(full) == 1:
            data = line(scale(flat))
        else:
            *dims, rows, cols = full
            limit = self.limit
            pos = [0]
            lim = [math.inf if limit in (None, "infinity") else limit]

            def matrix():
                vals = flat[pos[0]:pos[0] + rows * cols]
                pos[0] += rows * cols
                lim[0] -= 1
                cells = scale(vals)
                doc = []
                for r in range(rows):
                    doc += [_LINE, line(cells[r * cols:(r + 1) * cols])]
                return doc

            def chunk(ds):
                if not ds:
                    return matrix()
                d, inner = ds[0], ds[1:]
                items = []
                per = rows * cols * math.prod(inner)
                start = pos[0]
                for i in range(d):
                    if lim[0] <= 0:
                        items.append("...")
                        break
                    pos[0] = start + i * per
                    items.append(chunk(inner))
                pos[0] = start + d * per
                body = []
                for i, it in enumerate(items):
                    if i:
                        body += [",", _LINE]
                    body.append(it)
                head = ["["] if not inner else ["[", _LINE]
                return [_Nest(2, head + body), _LINE, "]"]

            data = chunk(dims)
        shape_line = t.type.name + format_shape(t.shape, list(t.names))
        top = [_LINE]
        if t.vectorized_axes:
            top += ["vectorized" + format_shape([s for _, s in t.vectorized_axes],
                                                [n for n, _ in t.vectorized_axes]), _LINE]
        top += [shape_line, _LINE, data]
        out = ["nx.Heatmap<"]
        _render(_Nest(2, top), 0, out)
        out.append("\n>")
        return "".join(out)

    __str__ = __repr__


def to_heatmap(t, ansi_enabled=None, ansi_whitespace="\u3000", limit=50):
    """A heatmap of the tensor (`Nx.to_heatmap/2`): print it to see it. With ANSI colors
    (`ansi_enabled=True`; by default when standard output is a terminal and NO_COLOR is not
    set) each element is a gray background over `ansi_whitespace` (default the full-width
    space U+3000); without, a digit from 0 to 9. `limit` is the number of matrices shown
    before `...` (None for all). Scalars and complex tensors raise.

        >>> print(nx.to_heatmap(nx.tensor([1, 2, 3, 4, 5]), ansi_enabled=False))
        nx.Heatmap<
          s32[5]
          02579
        >
        >>> print(nx.to_heatmap(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]),
        ...                     ansi_enabled=False))
        nx.Heatmap<
          s32[2][2][3]
          [
            024
            579,
        <BLANKLINE>
            024
            579
          ]
        >
        >>> print(nx.to_heatmap(nx.tensor(["neg_infinity", -1, "nan", 1, "infinity"]),
        ...                     ansi_enabled=False))
        nx.Heatmap<
          f32[5]
          -0x9+
        >
    """
    fun = "nx.to_heatmap"
    t = _tensor_arg(t, fun)
    _concrete(t, fun)
    if t.shape == ():
        raise ValueError(f"{fun}: cannot show heatmap for scalar tensors, got: {t!r}")
    if T.is_complex(t.type):
        raise TypeError(f"{fun}: cannot show a heatmap of a complex tensor ({t.type.name})")
    if not isinstance(ansi_whitespace, str):
        raise TypeError(f"{fun}: ansi_whitespace must be a string, got {ansi_whitespace!r}")
    if not (limit is None or limit == "infinity" or
            (isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0)):
        raise ValueError(f"{fun}: limit must be a non-negative integer or None, got {limit!r}")
    return Heatmap(t, ansi_enabled, ansi_whitespace, limit)


# --- backends --------------------------------------------------------------------------------

def _check_allocated(t, fun):
    if type(t.data) is _Deallocated:
        raise RuntimeError(f"{fun}: " + str(t.data.error()))


def _each_tensor(x, fun):
    leaves, tree = flatten(x)
    out = []
    for leaf in leaves:
        t = _tensor_arg(leaf, fun)
        _concrete(t, fun)
        out.append(t)
    return out, tree


def _copy_to(t, backend):
    if backend == "xla":
        from nx.runtime import pjrt
        data = pjrt.to_device(np.asarray(t.to_numpy(), order="C"))
    else:
        data = np.array(t.to_numpy(), copy=True)
    return Tensor(data, t.shape, t.type, t.names, tuple(t.vectorized_axes))


def backend_copy(tensor_or_container, backend="numpy"):
    """Copies a tensor (or every tensor of a container) to `backend`, "numpy" (Nx's
    BinaryBackend, the default as in Nx) or "xla" (device buffers); the original keeps its
    data (`Nx.backend_copy/2`). Numbers become tensors. Tensors are immutable, so copying a
    numpy tensor to "numpy" returns it as Nx's binary backend does. Cannot be used inside defn.

        >>> nx.backend_copy(nx.tensor([[1, 2, 3], [4, 5, 6]]))
        nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
    """
    fun = "nx.backend_copy"
    backend = _backend_arg(backend, fun, "numpy")
    ts, tree = _each_tensor(tensor_or_container, fun)
    out = [t if (t.backend == "numpy" and backend == "numpy") else _copy_to(t, backend)
           for t in ts]
    return unflatten(tree, out)


def backend_transfer(tensor_or_container, backend="numpy"):
    """Moves a tensor (or every tensor of a container) to `backend` ("numpy", the default as
    in Nx, or "xla"): a copy followed by `backend_deallocate` of the original
    (`Nx.backend_transfer/2`). An "xla" tensor transferred away has its device buffer freed
    at once and can no longer be used; a tensor already on `backend` is returned as it is.
    Cannot be used inside defn.

        >>> d = nx.backend_transfer(nx.tensor([1, 2, 3]), "xla")
        >>> d.backend
        'xla'
        >>> h = nx.backend_transfer(d)
        >>> h
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
        >>> d
        Traceback (most recent call last):
        ...
        RuntimeError: cannot use a tensor (s32[3]) whose data was deallocated by nx.backend_deallocate or nx.backend_transfer
    """
    fun = "nx.backend_transfer"
    backend = _backend_arg(backend, fun, "numpy")
    ts, tree = _each_tensor(tensor_or_container, fun)
    out = []
    for t in ts:
        if t.backend == backend:
            out.append(t)
        else:
            out.append(_copy_to(t, backend))
            _deallocate(t)
    return unflatten(tree, out)


def _deallocate(t):
    d = t.data
    if type(d) is _Deallocated:
        return "already_deallocated"
    if type(d) is np.ndarray:
        return "ok"      # host memory is garbage collected, as Nx's binary backend
    delete = getattr(d, "delete", None)
    if delete is not None:
        delete()
    t.data = _Deallocated(t.type.name + "".join(f"[{s}]" for s in _vec_sizes(t) + t.shape))
    return "ok"


def backend_deallocate(tensor_or_container):
    """Frees the device memory of an "xla" tensor (or of every tensor of a container) now
    rather than when it is garbage collected (`Nx.backend_deallocate/1`). Returns "ok", or
    "already_deallocated" when a tensor's memory was already freed. Using a deallocated tensor
    raises a RuntimeError saying so. As with Nx's binary backend, a "numpy" tensor is left as
    it is ("ok"). Numbers are ignored. Cannot be used inside defn.

        >>> t = nx.tensor([1, 2, 3], backend="xla")
        >>> nx.backend_deallocate(t)
        'ok'
        >>> nx.backend_deallocate(t)
        'already_deallocated'
        >>> nx.backend_deallocate(nx.tensor([1, 2, 3]))
        'ok'
    """
    fun = "nx.backend_deallocate"
    leaves, _ = flatten(tensor_or_container)
    result = "ok"
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            _tensor_arg(leaf, fun)     # numbers are fine, anything else raises
            continue
        if leaf.is_traced():
            _concrete(leaf, fun)
        if _deallocate(leaf) != "ok":
            result = "already_deallocated"
    return result


def from_dlpack(obj, backend=None):
    """A tensor sharing (numpy backend) or copying (xla backend) the memory of any object
    that implements the DLPack protocol (`__dlpack__`, `__dlpack_device__`): NumPy arrays,
    nx tensors, JAX arrays, PyTorch CPU tensors... Only host (CPU) memory is supported; DLPack
    has no u2/u4/s2/s4, f8 nor bf16 for NumPy, so those types cannot come this way (use
    `nx.tensor`). Booleans become u8.

        >>> nx.from_dlpack(np.array([[1, 2], [3, 4]], dtype=np.int16))
        nx.Tensor<
          s16[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >
    """
    fun = "nx.from_dlpack"
    backend = _backend_arg(backend, fun)
    if not hasattr(obj, "__dlpack__"):
        raise TypeError(f"{fun}: expected an object implementing the DLPack protocol "
                        f"(__dlpack__), got {type(obj).__name__}")
    if isinstance(obj, Tensor):
        _concrete(obj, fun)
    try:
        arr = np.from_dlpack(obj)
    except (BufferError, RuntimeError, TypeError, ValueError) as e:
        raise ValueError(f"{fun}: cannot import {type(obj).__name__} through DLPack: {e}") \
            from None
    if arr.dtype == np.bool_:
        arr = arr.astype(np.uint8)
    t = T.from_dtype(arr.dtype)
    if not arr.flags.c_contiguous:
        arr = np.asarray(arr, order="C")
    names = obj.names if isinstance(obj, Tensor) and not obj.vectorized_axes else None
    return from_array(arr, t, names, backend)


# --- sigils ----------------------------------------------------------------------------------

_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?\d+\.\d+(?:[eE][+-]?\d+)?")
_REAL = r"(?:[+-]?(?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?|Inf|inf|NaN|nan))"
_COMPLEX_RE = re.compile(rf"(?P<re>{_REAL})?(?:(?P<im>[+-](?:\d+(?:\.\d+(?:[eE][+-]?\d+)?)?|Inf|inf|NaN|nan))i)?")
_IMAG_RE = re.compile(rf"(?P<im>{_REAL})i")
_NONFINITE = {"inf": math.inf, "nan": math.nan}


def _real(s):
    if s is None:
        return 0.0
    sign = -1.0 if s.startswith("-") else 1.0
    body = s.lstrip("+-").lower()
    if body in _NONFINITE:
        v = _NONFINITE[body]
        return v if body == "nan" else sign * v
    return float(s)


def _parse_complex(s):
    m = _IMAG_RE.fullmatch(s)
    if m:
        return complex(0.0, _real(m.group("im")))
    m = _COMPLEX_RE.fullmatch(s)
    if m and m.group("re") is not None:
        return complex(_real(m.group("re")), _real(m.group("im")))
    return None


def _sigil_numbers(string, fun):
    """Nx's sigil parsing: rows split on new lines, numbers on spaces; the type starts as s32,
    a number with "." makes it f32, one with "i" c64, and Inf/NaN (no "i") keep integers as
    f32 values."""
    rows = [r for r in re.split(r"\r?\n", string.strip()) if r.strip()]
    ty = T.parse("s32")
    out = []
    for row in rows:
        vals = []
        for tok in row.split():
            low = tok.lower()
            if ty.kind == "c" or "i" in tok.replace("Inf", "").replace("inf", "") or \
                    "inf" in low or "nan" in low:
                v = _parse_complex(tok)
                if v is None:
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                if v.imag == 0 and "i" not in tok.replace("Inf", "").replace("inf", "") and \
                        not math.isfinite(v.real) and ty.kind != "c":
                    vals.append(v.real)
                    ty = T.merge(ty, T.F32)
                else:
                    vals.append(v)
                    ty = T.merge(ty, T.C64)
            elif "." in tok:
                if not _FLOAT_RE.fullmatch(tok):
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                vals.append(float(tok))
                ty = T.merge(ty, T.F32)
            else:
                if not _INT_RE.fullmatch(tok):
                    raise ValueError(f"{fun}: expected a numerical value for tensor, got {tok}")
                vals.append(int(tok))
        out.append(vals)
    return out, ty


def _sigil_tensor(rows, inferred, type, fun):
    from .tensor import tensor
    t = T.parse(type, fun=fun) if type is not None else inferred
    flat = [v for r in rows for v in r] if rows and isinstance(rows[0], list) else rows
    if T.is_complex(t):
        arr = np.array(rows, dtype=np.complex128)
    elif any(isinstance(v, complex) for v in flat):
        raise TypeError(f"{fun}: cannot build a {t.name} tensor from complex numbers")
    elif T.is_integer(t) and not T.is_integer(inferred):
        raise TypeError(f"{fun}: cannot build a {t.name} tensor from floats, infinities or NaN "
                        f"(the numbers give {inferred.name})")
    elif T.is_integer(t):
        return tensor(rows, type=t)
    else:
        arr = np.array(rows, dtype=np.float64)
    return tensor(arr, type=t)


def vec(string, type=None):
    """A vector from space-separated numbers (Nx's `~VEC` sigil): `nx.vec("1 2 3", "f32")` is
    `~VEC[1 2 3]f32`. Integers give s32, a number with a "." f32, a complex number (`1+2i`,
    `-2.0i`, `Inf+2i`, `NaN-Infi`) c64; `Inf`, `-Inf` and `NaN` are floats. `type` overrides
    the inferred type.

        >>> nx.vec("1 2 3", "f32")
        nx.Tensor<
          f32[3]
          [1.0, 2.0, 3.0]
        >
        >>> nx.vec("0.1 0.2 0.3 0.4", "f16")
        nx.Tensor<
          f16[4]
          [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375]
        >
        >>> nx.vec("1+1i 2-2.0i -3")
        nx.Tensor<
          c64[3]
          [1.0+1.0i, 2.0-2.0i, -3.0+0.0i]
        >
        >>> nx.vec("1 Inf NaN")
        nx.Tensor<
          f32[3]
          [1.0, Inf, NaN]
        >
        >>> nx.vec("1i Inf+2i NaN-Infi")
        nx.Tensor<
          c64[3]
          [0.0+1.0i, Inf+2.0i, NaN-Infi]
        >
    """
    fun = "nx.vec"
    if not isinstance(string, str):
        raise TypeError(f"{fun}: expected a string, got {builtins.type(string).__name__}")
    rows, ty = _sigil_numbers(string, fun)
    if len(rows) != 1:
        raise ValueError(f"{fun}: must be one-dimensional (got {len(rows)} lines)")
    return _sigil_tensor(rows[0], ty, type, fun)


def mat(string, type=None):
    """A matrix from numbers, one row a line (Nx's `~MAT` sigil): `nx.mat("1 2\\n3 4")` is
    `~MAT[1 2\\n3 4]`. Numbers and types as in `nx.vec`.

        >>> nx.mat('''
        ... 1 2 3
        ... 4 5 6
        ... ''', "s32")
        nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
        >>> nx.mat("1i Inf NaN")
        nx.Tensor<
          c64[1][3]
          [
            [0.0+1.0i, Inf+0.0i, NaN+0.0i]
          ]
        >
    """
    fun = "nx.mat"
    if not isinstance(string, str):
        raise TypeError(f"{fun}: expected a string, got {builtins.type(string).__name__}")
    rows, ty = _sigil_numbers(string, fun)
    if not rows:
        raise ValueError(f"{fun}: expected at least one row of numbers")
    if len({len(r) for r in rows}) != 1:
        raise ValueError(f"{fun}: all rows must have the same number of elements, got "
                         f"{[len(r) for r in rows]}")
    return _sigil_tensor(rows, ty, type, fun)
