"""Tests of nx/shapes.py (inspection helpers), nx/serialization.py (binaries, serialization),
nx/npy.py (NumPy files), nx/batching.py, nx/heatmap.py, nx/backends.py (backends, DLPack) and
nx/sigils.py (the sigil constructors). References are independent: struct /
np.frombuffer for binaries, np.save / np.savez for NumPy files, the heatmap texts of Nx's
own test suite (nx/test/nx/heatmap_test.exs), and Nx's documented examples."""
from __future__ import annotations

import io
import math
import struct
import zipfile

import ml_dtypes
import numpy as np
import pytest

import nx
from nx import types as T
from nx.tensor import Tensor

ALL = ["u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32", "s64",
       "f8", "f16", "bf16", "f32", "f64", "c64", "c128"]


def sample(ty, n=7):
    """Values representable in `ty` (incl. extremes and non-finite floats)."""
    t = T.parse(ty)
    if T.is_integer(t):
        lo, hi = T.min_finite(t), T.max_finite(t)
        vals = [lo, hi, 0, 1, lo + 1, hi - 1, (lo + hi) // 2][:n]
        return np.array(vals, dtype=object).astype(t.dtype)
    if T.is_complex(t):
        return np.array([1 + 2j, -0.5j, np.inf, complex(np.nan, 1), 0, 3.25, -1e3][:n],
                        dtype=t.dtype)
    return np.array([1.5, -2.0, np.inf, -np.inf, np.nan, 0.25, 3.0][:n], dtype=t.dtype)


def vectorized(arr, ty, vec, names=None):
    """A vectorized tensor built directly (vec: list of (name, size) leading axes)."""
    arr = np.asarray(arr, dtype=T.parse(ty).dtype)
    shape = arr.shape[len(vec):]
    return Tensor(arr, shape, T.parse(ty), tuple(names) if names else (None,) * len(shape),
                  tuple(vec))


def same(a, b):
    """Same type, shape, names, vectorized axes and bits."""
    assert a.type == b.type and a.shape == b.shape and tuple(a.names) == tuple(b.names)
    assert tuple(a.vectorized_axes) == tuple(b.vectorized_axes)
    x, y = np.asarray(a.to_numpy()), np.asarray(b.to_numpy())
    assert x.dtype == y.dtype
    assert x.tobytes() == y.tobytes()


# --- inspection ----------------------------------------------------------------------------

def test_inspection():
    t = nx.tensor([[1, 2, 3], [4, 5, 6]])
    v = vectorized(np.arange(24).reshape(4, 3, 2), "s32", [("x", 4)])
    vv = vectorized(np.arange(24).reshape(4, 3, 2), "s32", [("x", 4), ("y", 3)])
    assert nx.flat_size(t) == 6 and nx.flat_size(10) == 1 and nx.flat_size((1, 2, 3, 2)) == 12
    assert nx.flat_size(v) == 24 and nx.flat_size(vv) == 24 and nx.size(v) == 6
    assert nx.bit_size(t) == 192 and nx.bit_size(nx.tensor([[1, 2, 3], [4, 5, 6]], type="u8")) == 48
    assert nx.bit_size(nx.tensor([[1, 2, 3], [3, 2, 1]], type="u2")) == 12
    # Nx infers s32 for every integer
    assert nx.bit_size(1) == 32 and nx.bit_size(1.0) == 32 and nx.bit_size(2 ** 40) == 32
    assert nx.bit_size(True) == 8 and nx.bit_size(1j) == 64
    assert nx.bit_size(vectorized([[1, 2], [3, 4]], "s32", [("x", 2)])) == 128
    assert nx.axes(t) == [0, 1] and nx.axes(1) == [] and nx.axes((1, 2, 3)) == [0, 1, 2]
    assert nx.axes(vv) == [0]
    for f in (nx.flat_size, nx.axes):
        with pytest.raises(TypeError, match=rf"nx\.{f.__name__}: expected a shape"):
            f("x")
        with pytest.raises(TypeError, match="expected a shape"):
            f((2, -1))
    with pytest.raises(TypeError, match=r"nx\.bit_size: expected a tensor or a number"):
        nx.bit_size((1, 2))


def test_inspection_inside_defn():
    seen = {}

    def f(x):
        seen["flat"], seen["bits"], seen["axes"] = nx.flat_size(x), nx.bit_size(x), nx.axes(x)
        seen["compat"] = nx.is_compatible(x, nx.template((2, 3), "f32"))
        seen["tpl"] = nx.to_template(x)
        return x
    nx.jit(f)(nx.tensor(np.zeros((2, 3), np.float32)))
    assert (seen["flat"], seen["bits"], seen["axes"], seen["compat"]) == (6, 192, [0, 1], True)
    assert seen["tpl"].data is None and seen["tpl"].shape == (2, 3)


def test_is_compatible():
    a = nx.iota((2, 3))
    assert nx.is_compatible(a, nx.iota((2, 3), names=["x", "y"]))
    assert nx.is_compatible(nx.iota((2, 3), names=["x", None]), nx.iota((2, 3), names=[None, "y"]))
    assert not nx.is_compatible(nx.iota((2, 3), names=["x", None]),
                                nx.iota((2, 3), names=["y", None]))
    assert not nx.is_compatible(a, nx.iota((3, 2)))
    assert not nx.is_compatible(a, nx.iota((2, 3), type="u8"))
    assert nx.is_compatible(a, nx.template((2, 3), "s32"))
    v1 = vectorized(np.zeros((2, 3)), "f32", [("x", 2)])
    v2 = vectorized(np.zeros((2, 3)), "f32", [("y", 2)])
    assert nx.is_compatible(v1, v1) and not nx.is_compatible(v1, v2)
    assert not nx.is_compatible(v1, nx.tensor(np.zeros(3, np.float32)))
    assert nx.is_compatible(1, nx.tensor(2)) and not nx.is_compatible(1, 2.0)
    assert nx.is_compatible({"a": 1, "b": (a, [a])}, {"b": (a, [a]), "a": nx.tensor(3)})
    assert not nx.is_compatible((a,), [a])
    assert not nx.is_compatible({"a": a}, {"b": a})
    assert not nx.is_compatible((a, a), (a,))
    with pytest.raises(TypeError, match=r"nx\.is_compatible: expected a tensor or a number"):
        nx.is_compatible("x", "x")


def test_to_template():
    v = vectorized(np.zeros((2, 3)), "f16", [("x", 2)], names=["c"])
    tpl = nx.to_template({"a": (1, 2.0), "b": [nx.iota((2, 3), names=["x", "y"]), v]})
    assert set(tpl) == {"a", "b"} and isinstance(tpl["a"], tuple) and isinstance(tpl["b"], list)
    got = [(t.shape, t.type, t.names, t.vectorized_axes, t.data)
           for t in (*tpl["a"], *tpl["b"])]
    assert got == [((), "s32", (), (), None), ((), "f32", (), (), None),
                   ((2, 3), "s32", ("x", "y"), (), None), ((3,), "f16", ("c",), (("x", 2),), None)]
    assert nx.is_compatible(tpl["b"][0], nx.iota((2, 3)))
    with pytest.raises(TypeError, match=r"nx\.to_template: expected a tensor or a number"):
        nx.to_template(["x"])


# --- binaries ------------------------------------------------------------------------------

def _packed(vals, bits):
    """Independent reference: Nx's bitstring packing, element by element, MSB first."""
    acc, nbits = 0, 0
    for v in vals:
        acc = (acc << bits) | (int(v) & ((1 << bits) - 1))
        nbits += bits
    pad = (-nbits) % 8
    return (acc << pad).to_bytes((nbits + pad) // 8, "big") if nbits else b""


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_binary_round_trip_all_types(backend):
    for ty in ALL:
        t = T.parse(ty)
        arr = sample(ty)
        x = nx.tensor(arr, type=ty, backend=backend)
        b = nx.to_binary(x)
        if t.bits < 8:
            assert b == _packed(arr.astype(np.int64), t.bits), ty
        else:
            assert b == arr.astype(t.dtype.newbyteorder("=")).tobytes(), ty
        y = nx.from_binary(b, ty, backend=backend)
        assert y.backend == backend
        n = len(arr) if t.bits >= 8 else len(b) * 8 // t.bits
        assert y.shape == (n,) and y.type == ty and y.names == (None,)
        assert y.to_numpy()[:len(arr)].tobytes() == arr.tobytes(), ty


def test_to_binary_struct_reference():
    assert nx.to_binary(1) == struct.pack("=i", 1)
    assert nx.to_binary(2.5) == struct.pack("=f", 2.5)
    assert nx.to_binary(nx.tensor([[1, 2], [3, 4]], type="s16")) == struct.pack("=4h", 1, 2, 3, 4)
    assert nx.to_binary(nx.tensor([1.0, 2.0, 3.0], type="f64"), limit=2) == struct.pack("=2d", 1, 2)
    assert nx.to_binary(nx.tensor([1, 2, 3]), limit=0) == b""
    assert nx.to_binary(nx.tensor([1, 2, 3]), limit=10) == struct.pack("=3i", 1, 2, 3)
    assert nx.to_binary(nx.tensor([1 + 2j])) == struct.pack("=2f", 1, 2)
    # vectorized axes are part of the data (Nx's examples)
    v = vectorized([[1, 2], [3, 4]], "s32", [("x", 2)])
    assert nx.to_binary(v) == struct.pack("=4i", 1, 2, 3, 4)
    assert nx.to_binary(vectorized([1, 2, 3], "s32", [("x", 3)]), limit=2) == struct.pack("=2i", 1,
                                                                                          2)
    # sub-byte: Nx's bitstring layout
    assert nx.to_binary(nx.tensor([1, 2], type="u4")) == bytes([0x12])
    assert nx.to_binary(nx.tensor([-1, 1, -2, 0], type="s2")) == bytes([0b11011000])
    assert nx.to_binary(nx.tensor([1, 2, 3], type="u4"), limit=1) == bytes([0x10])
    # transposed (non-contiguous) data is written row-major
    assert nx.to_binary(nx.transpose(nx.tensor([[1, 2], [3, 4]], type="u8"))) == bytes([1, 3, 2, 4])


def test_from_binary():
    assert nx.from_binary(bytearray([1, 2, 3, 4]), "s8").tolist() == [1, 2, 3, 4]
    assert nx.from_binary(memoryview(struct.pack("=d", 12.3)), ("f", 64)).tolist() == [12.3]
    assert nx.from_binary(bytes([0x12, 0xF0]), "u4").tolist() == [1, 2, 15, 0]
    assert nx.from_binary(bytes([0x12, 0xF0]), "s4").tolist() == [1, 2, -1, 0]
    assert nx.from_binary(bytes([0b11011000]), "s2").tolist() == [-1, 1, -2, 0]
    assert nx.from_binary(bytes([0b11011000]), "u2").tolist() == [3, 1, 2, 0]
    with pytest.raises(ValueError, match=r"nx\.from_binary: binary does not match the given size"):
        nx.from_binary(bytes([1, 2, 3, 4]), "f64")
    with pytest.raises(ValueError, match=r"nx\.from_binary: cannot build an empty tensor"):
        nx.from_binary(b"", "u8")
    with pytest.raises(TypeError, match=r"nx\.from_binary: unknown type 'f12'"):
        nx.from_binary(b"\0", "f12")
    with pytest.raises(TypeError, match=r"nx\.from_binary: expected bytes"):
        nx.from_binary([1, 2], "u8")
    with pytest.raises(ValueError, match=r"nx\.from_binary: unknown backend 'gpu'"):
        nx.from_binary(b"\0", "u8", backend="gpu")
    with pytest.raises(ValueError, match=r"nx\.to_binary: limit must be a non-negative integer"):
        nx.to_binary(nx.tensor([1]), limit=-1)
    with pytest.raises(TypeError, match=r"nx\.to_binary: expected a tensor or a number"):
        nx.to_binary("abc")
    with pytest.raises(TypeError, match=r"nx\.to_binary: cannot be used inside defn"):
        nx.jit(lambda x: nx.tensor(len(nx.to_binary(x))))(nx.tensor([1.0]))


# --- serialization -------------------------------------------------------------------------

@pytest.mark.parametrize("compressed", [0, 9])
def test_serialize_round_trip_all_types(compressed):
    tensors = {ty: nx.tensor(sample(ty), type=ty) for ty in ALL}
    tensors["named"] = nx.tensor([[1, 2], [3, 4]], names=["x", None])
    tensors["vec"] = vectorized(np.arange(12).reshape(2, 3, 2), "bf16", [("a", 2), ("b", 3)], ["z"])
    tensors["scalar"] = nx.tensor(3.5, type="f64")
    tensors["subbyte_odd"] = nx.tensor([[1, -2, 3]], type="s4", names=["r", "c"])
    data = nx.serialize(tensors, compressed=compressed)
    assert isinstance(data, bytes) and data[:6] == b"\x93NXSER" and data[6] == 1
    back = nx.deserialize(data)
    assert list(back) == list(tensors)
    for k in tensors:
        same(back[k], tensors[k])


def test_serialize_containers_and_numbers():
    a = nx.tensor([1, 2, 3])
    value = (a, {"b": [nx.tensor([4, 5, 6], type="u8"), None], 1: 2.5, "t": (1, True, 1j)}, [])
    back = nx.deserialize(nx.serialize(value, compressed=True))
    assert isinstance(back, tuple) and len(back) == 3 and back[2] == []
    same(back[0], a)
    same(back[1]["b"][0], nx.tensor([4, 5, 6], type="u8"))
    assert back[1]["b"][1] is None
    same(back[1][1], nx.tensor(2.5))
    assert [(x.type, x.tolist()) for x in back[1]["t"]] == [("s32", 1), ("u8", 1), ("c64", 1j)]
    same(nx.deserialize(nx.serialize(7)), nx.tensor(7))
    x = nx.deserialize(nx.serialize(nx.tensor([1.0, 2.0], backend="xla")), backend="xla")
    assert x.backend == "xla" and x.tolist() == [1.0, 2.0]


def test_serialize_format_is_documented_layout():
    """Decode by hand, following the docstring: header, JSON, little-endian data."""
    import json
    import zlib
    data = nx.serialize({"w": nx.tensor([[1, 2]], type="s16", names=["a", "b"])})
    magic, version, flags, hlen, crc = struct.unpack_from("<6sBBQI", data)
    body = data[20:]
    assert (magic, version, flags, crc) == (b"\x93NXSER", 1, 0, zlib.crc32(body))
    desc = json.loads(body[:hlen])
    assert desc == {"root": {"dict": [["w", {"tensor": {
        "type": "s16", "shape": [1, 2], "names": ["a", "b"], "vectorized": [], "offset": 0,
        "nbytes": 4}}]]}}
    assert body[hlen:] == struct.pack("<2h", 1, 2)


def test_deserialize_errors():
    good = nx.serialize((nx.tensor([1, 2, 3]), nx.tensor([1.0])))

    def err(data, msg):
        with pytest.raises(ValueError, match=msg):
            nx.deserialize(data)
    err(b"", r"nx\.deserialize: not serialized nx data \(bad magic bytes\)")
    err(b"\x93NUMPY\x01\x00", "bad magic bytes")
    err(good[:6] + b"\x02" + good[7:], r"cannot deserialize nx format v2 \(this version reads v1\)")
    err(good[:12], r"truncated header")
    for cut in (21, len(good) // 2, len(good) - 1):
        err(good[:cut], "checksum mismatch: the data is truncated or corrupted")
    flipped = bytearray(good)
    flipped[-1] ^= 0xFF
    err(bytes(flipped), "checksum mismatch")
    err(good[:7] + b"\x02" + good[8:], r"unknown flags 0x02")

    def forge(desc, region=b"", flags=0, hlen=None):
        import json
        import zlib
        h = json.dumps(desc).encode() if not isinstance(desc, bytes) else desc
        body = h + region
        return struct.pack("<6sBBQI", b"\x93NXSER", 1, flags,
                           len(h) if hlen is None else hlen, zlib.crc32(body)) + body
    err(forge(b"{not json"), r"invalid description")
    err(forge({"x": 1}), r"invalid description \(no root\)")
    err(forge({"root": {"set": []}}), r"invalid node")
    err(forge({"root": {"tensor": {"type": "f32"}}}), r"invalid tensor entry")
    err(forge({"root": {"tensor": {"type": "f32", "shape": [2], "names": [None],
                                   "vectorized": [], "offset": 0, "nbytes": 8}}}, b"\0" * 4),
        r"tensor data out of range \(offset 0, 8 bytes, data region of 4 bytes\)")
    err(forge({"root": {"tensor": {"type": "f32", "shape": [2], "names": [None],
                                   "vectorized": [], "offset": 0, "nbytes": 4}}}, b"\0" * 4),
        r"a f32 tensor of shape \(2,\) needs 8 bytes, the entry has 4")
    err(forge({"root": {"tensor": {"type": "f32", "shape": [-2], "names": [None],
                                   "vectorized": [], "offset": 0, "nbytes": 4}}}),
        r"invalid shape or names")
    err(forge({"root": {"dict": [[1]]}}), r"invalid dict entry")
    err(forge({"root": {"none": None}}, hlen=1000), r"truncated: the description needs 1000")
    err(forge(b"garbage", flags=1), r"cannot decompress the body")
    with pytest.raises(ValueError,
                       match=r"nx\.deserialize: invalid tensor entry .* unknown type 'q7'"):
        nx.deserialize(forge({"root": {"tensor": {"type": "q7", "shape": [], "names": [],
                                                  "vectorized": [], "offset": 0, "nbytes": 1}}}))
    with pytest.raises(TypeError, match=r"nx\.deserialize: expected bytes"):
        nx.deserialize("abc")


def test_serialize_errors():
    with pytest.raises(TypeError, match=r"nx\.serialize: cannot serialize set"):
        nx.serialize({1, 2})
    with pytest.raises(TypeError, match=r"nx\.serialize: dict keys must be strings"):
        nx.serialize({(1, 2): nx.tensor(1)})
    with pytest.raises(ValueError, match=r"nx\.serialize: compressed must be a zlib level"):
        nx.serialize(nx.tensor(1), compressed=10)
    with pytest.raises(TypeError, match=r"nx\.serialize: cannot be used inside defn"):
        nx.jit(lambda x: nx.tensor(len(nx.serialize(x))))(nx.tensor([1.0]))


# --- NumPy files ---------------------------------------------------------------------------

def _npy(arr, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, arr)
    else:
        np.lib.format.write_array(buf, arr, version=version)
    return buf.getvalue()


NUMPY_TYPES = [(np.bool_, "u8"), (np.int8, "s8"), (np.int16, "s16"), (np.int32, "s32"),
               (np.int64, "s64"), (np.uint8, "u8"), (np.uint16, "u16"), (np.uint32, "u32"),
               (np.uint64, "u64"), (np.float16, "f16"), (np.float32, "f32"),
               (np.float64, "f64"), (np.complex64, "c64"), (np.complex128, "c128")]


def test_load_numpy_types_orders_versions(tmp_path):
    base = np.arange(24).reshape(2, 3, 4) - 7
    for dt, ty in NUMPY_TYPES:
        arr = (base % 2 == 0) if dt is np.bool_ else base.astype(dt)
        variants = [arr, np.asfortranarray(arr), arr.astype(np.dtype(dt).newbyteorder(">")),
                    np.asfortranarray(arr.astype(np.dtype(dt).newbyteorder(">")))]
        for i, a in enumerate(variants):
            for version in (None, (2, 0), (3, 0)):
                t = nx.load_numpy(_npy(a, version))
                assert t.type == ty and t.shape == (2, 3, 4) and t.names == (None,) * 3, (dt, i)
                np.testing.assert_array_equal(t.to_numpy(), arr.astype(T.parse(ty).dtype))
    assert nx.load_numpy(_npy(np.int64(5))).shape == ()
    assert nx.load_numpy(_npy(np.int64(5))).tolist() == 5
    assert nx.load_numpy(_npy(np.zeros((0, 3), np.float32))).shape == (0, 3)
    p = tmp_path / "a.npy"
    np.save(p, np.array([1.5, 2.5], np.float32))
    assert nx.load_numpy(p).tolist() == [1.5, 2.5] and nx.load_numpy(str(p)).type == "f32"
    x = nx.load_numpy(_npy(np.array([1, 2], np.uint8)), backend="xla")
    assert x.backend == "xla" and x.tolist() == [1, 2]


def test_load_numpy_errors():
    good = _npy(np.arange(6, dtype=np.int32))

    def err(data, msg, cls=ValueError):
        with pytest.raises(cls, match=msg):
            nx.load_numpy(data)
    err(b"garbage-garbage", r"nx\.load_numpy: unable to parse NumPy file, it may be corrupted "
                            r"or invalid \(no NumPy magic bytes\)")
    err(good[:-4], r"truncated or has extra data: a <i4 array of shape \(6,\) needs 24 bytes "
                   r"of data, got 20")
    err(good + b"\0", "got 25")
    err(good[:20], r"truncated header")
    err(b"\x93NUMPY\x04\x00" + good[8:], r"unsupported NumPy format version 4\.0")
    err(_npy(np.array(["a"])), r"unsupported NumPy type '<U1'")
    err(_npy(np.zeros(2, ml_dtypes.bfloat16)), r"unsupported NumPy type '<V2'")
    err(_npy(np.zeros(2, [("a", np.int32)])), r"unsupported NumPy type \[")
    err(good.replace(b"'descr'", b"'descx'"), r"the header must have exactly the keys")
    err(good.replace(b"'shape': (6,)", b"'shape': (6.)"),
        r"invalid fortran_order or shape|unreadable")
    err("abc.npy" if False else 123, r"nx\.load_numpy: expected bytes", TypeError)
    with pytest.raises(FileNotFoundError):
        nx.load_numpy("/nonexistent/file.npy")


def test_load_numpy_archive(tmp_path):
    foo = np.array([1, 2, 3], np.int32)
    bar = np.linspace(-1, 1, 5)
    for save in (np.savez, np.savez_compressed):
        buf = io.BytesIO()
        save(buf, foo=foo, bar=bar, baz=np.eye(2, dtype=np.float32).T)
        out = nx.load_numpy_archive(buf.getvalue())
        assert [name for name, _ in out] == ["foo", "bar", "baz"]
        d = dict(out)
        assert d["foo"].type == "s32" and d["foo"].tolist() == [1, 2, 3]
        assert d["bar"].type == "f64" and d["bar"].tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
        assert d["baz"].tolist() == [[1.0, 0.0], [0.0, 1.0]]
    # members without the .npy suffix keep their names
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("raw", _npy(foo))
    assert nx.load_numpy_archive(buf.getvalue())[0][0] == "raw"
    p = tmp_path / "a.npz"
    np.savez(p, x=foo)
    assert nx.load_numpy_archive(p)[0][1].tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match=r"nx\.load_numpy_archive: unable to parse NumPy "
                                         r"archive, it may be corrupted or invalid"):
        nx.load_numpy_archive(b"not a zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("bad.npy", b"garbage-garbage")
    with pytest.raises(ValueError, match=r"nx\.load_numpy_archive: unable to parse archive "
                                         r"member 'bad'"):
        nx.load_numpy_archive(buf.getvalue())


# --- batching ------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_to_batched(backend):
    t = nx.iota((5, 2), names=["x", "y"], backend=backend)
    got = list(nx.to_batched(t, 2))
    assert [b.tolist() for b in got] == [[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [0, 1]]]
    assert all(b.names == ("x", "y") and b.type == "s32" and b.backend == backend for b in got)
    assert [b.tolist() for b in nx.to_batched(t, 2, leftover="discard")] == \
        [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]
    assert [b.tolist() for b in nx.to_batched(t, 5)] == [t.tolist()]
    assert [b.tolist() for b in nx.to_batched(t, 3)] == [[[0, 1], [2, 3], [4, 5]],
                                                         [[6, 7], [8, 9], [0, 1]]]
    assert [b.tolist() for b in nx.to_batched(nx.iota((2, 2, 2), backend=backend), 1)] == \
        [[[[0, 1], [2, 3]]], [[[4, 5], [6, 7]]]]


def test_to_batched_vectorized():
    # Nx's examples: batching the first vectorized axis
    v = vectorized(np.arange(8).reshape(2, 2, 2), "s32", [("x", 2)])
    first, second = nx.to_batched(v, 1)
    assert first.vectorized_axes == (("x", 1),) and first.shape == (2, 2)
    assert first.tolist() == [[[0, 1], [2, 3]]] and second.tolist() == [[[4, 5], [6, 7]]]
    v = vectorized(np.arange(8).reshape(2, 2, 2), "s32", [("x", 2), ("y", 2)])
    first, second = nx.to_batched(v, 1)
    assert first.vectorized_axes == (("x", 1), ("y", 2)) and first.shape == (2,)
    v = vectorized(np.arange(10).reshape(5, 2), "s32", [("x", 5)], names=["y"])
    batches = list(nx.to_batched(v, 2))
    assert [b.tolist() for b in batches] == [[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [0, 1]]]
    assert all(b.vectorized_axes == (("x", 2),) and b.names == ("y",) for b in batches)
    first, second = nx.to_batched(vectorized([1, 2, 3], "s32", [("x", 3)]), 2)
    assert first.shape == () and first.tolist() == [1, 2] and second.tolist() == [3, 1]


def test_to_batched_errors():
    t = nx.iota((3, 2))
    with pytest.raises(ValueError, match=r"nx\.to_batched: cannot batch non-vectorized scalar"):
        nx.to_batched(nx.tensor(1), 1)
    with pytest.raises(ValueError, match=r"nx\.to_batched: cannot batch beyond original tensor "
                                         r"\(axis 0 has size 3, batch_size is 4\)"):
        nx.to_batched(t, 4)
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match=r"nx\.to_batched: batch_size must be a positive"):
            nx.to_batched(t, bad)
    with pytest.raises(ValueError, match=r"nx\.to_batched: leftover must be \"repeat\" or "
                                         r"\"discard\", got 'drop'"):
        nx.to_batched(t, 2, leftover="drop")
    with pytest.raises(TypeError, match=r"nx\.to_batched: cannot be used inside defn"):
        nx.jit(lambda x: next(iter(nx.to_batched(x, 1))))(t)


# --- heatmap (expected texts from Nx's nx/test/nx/heatmap_test.exs) -------------------------

T1 = [1, 2, 3, 4, 5]
T2 = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
T3 = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]
NONFINITE = ["neg_infinity", -1, "nan", 1, "infinity"]


def hm(data, ansi, **kw):
    t = data if isinstance(data, Tensor) else nx.tensor(data)
    return repr(nx.to_heatmap(t, ansi_enabled=ansi, **kw))


def test_heatmap_without_ansi():
    assert hm([1, 1, 1], False) == "nx.Heatmap<\n  s32[3]\n  000\n>"
    assert hm(T1, False) == "nx.Heatmap<\n  s32[5]\n  02579\n>"
    assert hm(T2, False) == "nx.Heatmap<\n  s32[4][3]\n  \n  012\n  234\n  567\n  789\n>"
    assert hm(T3, False) == ("nx.Heatmap<\n  s32[2][2][3]\n  [\n    024\n    579,\n    \n"
                             "    024\n    579\n  ]\n>")
    v = vectorized(np.array(T3), "s32", [("x", 2)])
    assert hm(v, False) == ("nx.Heatmap<\n  vectorized[x: 2]\n  s32[2][3]\n  [\n    024\n"
                            "    579,\n    \n    024\n    579\n  ]\n>")
    assert hm(NONFINITE, False) == "nx.Heatmap<\n  f32[5]\n  -0x9+\n>"
    assert hm([NONFINITE, NONFINITE], False) == \
        "nx.Heatmap<\n  f32[2][5]\n  \n  -0x9+\n  -0x9+\n>"
    assert str(nx.to_heatmap(nx.tensor(T1), ansi_enabled=False)) == hm(T1, False)


def test_heatmap_with_ansi():
    def c(n):
        return f"\x1b[48;5;{n}m\u3000"
    R = "\x1b[0m"
    assert hm([1, 1, 1], True) == f"nx.Heatmap<\n  s32[3]\n  {c(232) * 3}{R}\n>"
    assert hm(T1, True) == ("nx.Heatmap<\n  s32[5]\n  " + c(232) + c(238) + c(244) + c(249) +
                            c(255) + R + "\n>")
    rows = [[232, 234, 236], [238, 240, 242], [245, 247, 249], [251, 253, 255]]
    assert hm(T2, True) == ("nx.Heatmap<\n  s32[4][3]\n  \n" +
                            "\n".join("  " + "".join(c(n) for n in r) + R for r in rows) + "\n>")
    m1 = "    " + c(232) + c(237) + c(241) + R
    m2 = "    " + c(246) + c(250) + c(255) + R
    assert hm(T3, True) == (f"nx.Heatmap<\n  s32[2][2][3]\n  [\n{m1}\n{m2},\n    \n{m1}\n{m2}"
                            "\n  ]\n>")
    assert hm(NONFINITE, True) == ("nx.Heatmap<\n  f32[5]\n  \x1b[48;5;232m\u221e" + c(232) +
                                   "\x1b[41m\u3000" + c(255) + "\x1b[48;5;255m\u221e" + R + "\n>")
    assert hm([1, 2], True, ansi_whitespace=" ") == \
        "nx.Heatmap<\n  s32[2]\n  \x1b[48;5;232m \x1b[48;5;255m \x1b[0m\n>"


def test_heatmap_more():
    # rank 4: nested brackets; limit elides matrices with "..."
    t = nx.tensor(np.arange(16).reshape(2, 2, 2, 2), type="s32")
    m = "      03\n      69"
    assert hm(t, False) == (f"nx.Heatmap<\n  s32[2][2][2][2]\n  [\n    [\n{m},\n      \n{m}\n"
                            f"    ],\n    [\n{m},\n      \n{m}\n    ]\n  ]\n>")
    assert hm(t, False, limit=1) == (f"nx.Heatmap<\n  s32[2][2][2][2]\n  [\n    [\n{m},\n"
                                     "      ...\n    ],\n    ...\n  ]\n>")
    assert hm(t, False, limit=None) == hm(t, False)
    # halves round up as Elixir's round/1 (9 * 0.5 = 4.5 -> 5); floats and names
    assert hm(nx.tensor([0.0, 0.5, 1.0], names=["x"]), False) == \
        "nx.Heatmap<\n  f32[x: 3]\n  059\n>"
    assert hm(nx.tensor([0, 1, 2], type="u8", backend="xla"), False) == \
        "nx.Heatmap<\n  u8[3]\n  059\n>"
    h = nx.to_heatmap(nx.tensor([[1, 2], [3, 4]]), ansi_whitespace=" ")
    assert h[0, 0].tolist() == 1 and isinstance(h[0, 0], Tensor)
    assert isinstance(h[0], nx.Heatmap) and h[0].tensor.tolist() == [1, 2]
    assert h[0].ansi_whitespace == " "
    with pytest.raises(ValueError, match=r"nx\.to_heatmap: cannot show heatmap for scalar tensors"):
        nx.to_heatmap(nx.tensor(0))
    with pytest.raises(TypeError, match=r"nx\.to_heatmap: cannot show a heatmap of a complex"):
        nx.to_heatmap(nx.tensor([1j]))
    with pytest.raises(ValueError, match=r"nx\.to_heatmap: limit must be"):
        nx.to_heatmap(nx.tensor([1]), limit=-1)


# --- backends ------------------------------------------------------------------------------

def test_backend_copy_and_transfer():
    h = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
    assert nx.backend_copy(h) is h
    d = nx.backend_copy(h, "xla")
    assert d.backend == "xla" and d.names == ("x", "y") and d.tolist() == h.tolist()
    d2 = nx.backend_copy(d, "xla")
    assert d2.backend == "xla" and d2.data is not d.data
    nx.backend_deallocate(d2)
    assert d.tolist() == h.tolist()          # the copy's deallocation leaves the source alone
    back = nx.backend_copy(d)
    assert back.backend == "numpy" and d.tolist() == h.tolist()
    same(back, h)
    # transfer: a copy, then the source's device buffer is freed
    d = nx.backend_transfer(h, "xla")
    assert nx.backend_transfer(d, "xla") is d
    back = nx.backend_transfer(d)
    same(back, h)
    with pytest.raises(RuntimeError, match=r"cannot use a tensor \(s32\[2\]\[3\]\) whose data "
                                           r"was deallocated"):
        d.to_numpy()
    # containers, numbers, vectorized tensors and all types
    v = vectorized(np.arange(6).reshape(2, 3), "bf16", [("v", 2)])
    c = {"a": (nx.tensor(sample("s4"), type="s4"), 2.5), "b": [v]}
    dc = nx.backend_transfer(c, "xla")
    assert dc["a"][0].backend == "xla" and dc["a"][1].backend == "xla"
    assert dc["b"][0].vectorized_axes == (("v", 2),)
    hc = nx.backend_transfer(dc)
    same(hc["a"][0], c["a"][0])
    same(hc["b"][0], v)
    assert hc["a"][1].tolist() == 2.5
    for ty in ALL:
        x = nx.tensor(sample(ty), type=ty)
        same(nx.backend_transfer(nx.backend_transfer(x, "xla")), x)
    with pytest.raises(ValueError, match=r"nx\.backend_transfer: unknown backend 'cuda'"):
        nx.backend_transfer(h, "cuda")
    with pytest.raises(TypeError, match=r"nx\.backend_copy: cannot be used inside defn"):
        nx.jit(lambda x: nx.backend_copy(x))(h)


def test_backend_deallocate():
    d = nx.tensor([1.0, 2.0], backend="xla")
    assert nx.backend_deallocate(d) == "ok"
    assert nx.backend_deallocate(d) == "already_deallocated"
    msg = r"cannot use a tensor \(f32\[2\]\) whose data was deallocated"
    for use in (lambda: repr(d), lambda: d.to_numpy(), lambda: np.asarray(d), d.tolist,
                lambda: d.__dlpack__(), lambda: nx.to_binary(d), lambda: nx.backend_copy(d),
                lambda: nx.serialize(d), lambda: nx.to_heatmap(d)):
        with pytest.raises(RuntimeError, match=msg):
            use()
    h = nx.tensor([1, 2])
    assert nx.backend_deallocate(h) == "ok" and h.tolist() == [1, 2]   # binary backend: no-op
    a, b = nx.tensor([1], backend="xla"), nx.tensor([2], backend="xla")
    assert nx.backend_deallocate({"a": a, "n": 3, "l": [b]}) == "ok"
    assert nx.backend_deallocate([a, nx.tensor([3], backend="xla")]) == "already_deallocated"
    with pytest.raises(TypeError, match=r"nx\.backend_deallocate: expected a tensor or a number"):
        nx.backend_deallocate("x")


# --- DLPack --------------------------------------------------------------------------------

DLPACK_TYPES = ["u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f16", "f32", "f64",
                "c64", "c128"]


@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_dlpack(backend):
    import jax
    for ty in DLPACK_TYPES:
        x = nx.tensor(sample(ty).reshape(7, 1), type=ty, backend=backend, names=["a", "b"])
        # the producer side: the protocol on nx tensors, read by NumPy and JAX
        np.testing.assert_array_equal(np.from_dlpack(x), x.to_numpy())
        np.testing.assert_array_equal(np.asarray(jax.dlpack.from_dlpack(x)), x.to_numpy())
        # the consumer side
        y = nx.from_dlpack(x, backend=backend)
        assert y.backend == backend
        same(y, x)
        z = nx.from_dlpack(np.asarray(x.to_numpy()), backend=backend)
        assert z.type == ty and z.names == (None, None)
    j = jax.device_put(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert nx.from_dlpack(j, backend=backend).tolist() == [[0, 1, 2], [3, 4, 5]]
    assert x.__dlpack_device__()[0] == 1       # kDLCPU


def test_dlpack_edges():
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    shared = nx.from_dlpack(a)
    a[0, 0] = 42                                  # zero-copy on the numpy backend
    assert shared.tolist()[0][0] == 42
    assert nx.from_dlpack(a.T).tolist() == a.T.tolist()     # strided input
    b = nx.from_dlpack(np.array([True, False]))
    assert b.type == "u8" and b.tolist() == [1, 0]
    with pytest.raises(TypeError, match=r"nx\.from_dlpack: expected an object implementing the "
                                        r"DLPack protocol"):
        nx.from_dlpack([1, 2])
    with pytest.raises(ValueError, match=r"nx\.from_dlpack: cannot import Tensor through DLPack"):
        nx.from_dlpack(nx.tensor([1.0], type="bf16"))
    with pytest.raises(BufferError):
        nx.tensor([1.0], type="bf16").__dlpack__()


# --- sigils --------------------------------------------------------------------------------

def test_sigils():
    def check(t, ty, shape, values):
        assert t.type == ty and t.shape == shape
        got = t.to_numpy().astype(np.complex128 if ty[0] == "c" else np.float64)
        np.testing.assert_array_equal(got, np.array(values, dtype=got.dtype).reshape(shape))
    check(nx.vec("1 2 3"), "s32", (3,), [1, 2, 3])
    check(nx.vec("  -1   0 +7 "), "s32", (3,), [-1, 0, 7])
    check(nx.vec("1 2.5"), "f32", (2,), [1, 2.5])
    check(nx.vec("1.0e3 -2.5E-1"), "f32", (2,), [1000, -0.25])
    check(nx.vec("1 2 3", "f32"), "f32", (3,), [1, 2, 3])
    check(nx.vec("1 2 3", ("u", 8)), "u8", (3,), [1, 2, 3])
    check(nx.vec("1 -Inf inf nan"), "f32", (4,), [1, -math.inf, math.inf, math.nan])
    check(nx.vec("1 2.5 Inf", "f64"), "f64", (3,), [1, 2.5, math.inf])
    check(nx.vec("1+1i 2-2.0i -3"), "c64", (3,), [1 + 1j, 2 - 2j, -3])
    check(nx.vec("1 2i", "c128"), "c128", (2,), [1, 2j])
    check(nx.vec("-2.5i Inf+2i"), "c64", (2,), [-2.5j, complex(math.inf, 2)])
    check(nx.vec("0.1 0.2 0.3 0.4", "f16"), "f16", (4,),
          [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375])
    check(nx.mat("1 2\n3 4"), "s32", (2, 2), [1, 2, 3, 4])
    check(nx.mat("\n  1 2 3\r\n  4 5 6\n\n", "s64"), "s64", (2, 3), [1, 2, 3, 4, 5, 6])
    check(nx.mat("0.1 0.2 0.3 0.4", "f16"), "f16", (1, 4),
          [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375])
    check(nx.mat("1 2\n3.5 4i"), "c64", (2, 2), [1, 2, 3.5, 4j])
    t = nx.mat("1i Inf+2i NaN-Infi")
    assert repr(t).split("\n")[3].strip() == "[0.0+1.0i, Inf+2.0i, NaN-Infi]"


def test_sigil_errors():
    for bad in ("1 x 3", "1e3", "1.", ".5", "1..2", "1+", "2j", "0x10"):
        got = re_escape(bad.split()[1] if ' ' in bad else bad)
        with pytest.raises(ValueError, match=rf"nx\.vec: expected a numerical value for tensor, "
                                             rf"got {got}"):
            nx.vec(bad)
    with pytest.raises(ValueError, match=r"nx\.vec: must be one-dimensional \(got 2 lines\)"):
        nx.vec("1 2\n3 4")
    with pytest.raises(ValueError, match=r"nx\.mat: all rows must have the same number of "
                                         r"elements, got \[2, 1\]"):
        nx.mat("1 2\n3")
    with pytest.raises(ValueError, match=r"nx\.mat: expected at least one row"):
        nx.mat("  ")
    with pytest.raises(TypeError, match=r"nx\.vec: cannot build a s32 tensor from floats"):
        nx.vec("1.5 2", "s32")
    with pytest.raises(TypeError, match=r"nx\.vec: cannot build a f32 tensor from complex"):
        nx.vec("1i", "f32")
    assert nx.to_list(nx.vec("1 300", "u8")) == [1, 44]   # integers wrap around, as in Nx
    with pytest.raises(TypeError, match=r"nx\.mat: unknown type 'f7'"):
        nx.mat("1", "f7")
    with pytest.raises(TypeError, match=r"nx\.vec: expected a string, got list"):
        nx.vec([1, 2])


def re_escape(s):
    import re
    return re.escape(s)
