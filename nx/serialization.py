"""Tensors to and from bytes (Nx v0.10): raw binaries (`to_binary`, `from_binary`) and the
nx serialization format (`serialize`, `deserialize`). Cannot be used inside `defn`.
"""
from __future__ import annotations

import json
import math
import struct
import sys
import zlib

import numpy as np

from . import types as T
from ._args import as_bytes, backend_arg, host_array, is_number, tensor_arg
from .tensor import Tensor, from_array

__all__ = ["to_binary", "from_binary", "serialize", "deserialize"]


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
    t = tensor_arg(t, fun)
    arr = host_array(t, fun).reshape(-1)
    if limit is not None:
        if not isinstance(limit, (int, np.integer)) or isinstance(limit, bool) or limit < 0:
            raise ValueError(f"{fun}: limit must be a non-negative integer, got {limit!r}")
        arr = arr[:int(limit)]
    return _array_bytes(arr, t.type)


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
        ValueError: nx.from_binary: binary does not match the given size (4 bytes is not a
        multiple of 8 bytes, the size of f64)
    """
    fun = "nx.from_binary"
    buf = as_bytes(binary, fun)
    t = T.parse(type, fun=fun)
    backend = backend_arg(backend, fun)
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
        if isinstance(x, Tensor) or is_number(x):
            t = tensor_arg(x, fun)
            data = _array_bytes(host_array(t, fun), t.type, little=True)
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
    buf = as_bytes(data, fun, "data")
    backend = backend_arg(backend, fun)
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
        def ints(xs):
            return isinstance(xs, list) and \
                all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in xs)
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
