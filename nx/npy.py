"""NumPy files (Nx v0.10): `load_numpy` (`.npy`) and `load_numpy_archive` (`.npz`).
Cannot be used inside `defn`.
"""
from __future__ import annotations

import ast
import io as _pyio
import math
import os
import re
import struct
import zipfile
import zlib

import numpy as np

from . import types as T
from ._args import as_bytes, backend_arg
from .tensor import from_array

__all__ = ["load_numpy", "load_numpy_archive"]


_NUMPY_KINDS = {("b", 1): "u8", ("u", 1): "u8", ("u", 2): "u16", ("u", 4): "u32",
                ("u", 8): "u64", ("i", 1): "s8", ("i", 2): "s16", ("i", 4): "s32",
                ("i", 8): "s64", ("f", 2): "f16", ("f", 4): "f32", ("f", 8): "f64",
                ("c", 8): "c64", ("c", 16): "c128"}


def _read_source(data, fun):
    if isinstance(data, (str, os.PathLike)):
        with open(data, "rb") as f:
            return f.read()
    return as_bytes(data, fun, "data")


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
    backend = backend_arg(backend, fun)
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
    backend = backend_arg(backend, fun)
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
