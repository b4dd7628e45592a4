"""Types: parsing, Nx.Type.merge promotion, weak Python scalars, and inference.

Expected promotions come from Nx.Type.merge's rules, re-implemented here independently:
same kind -> the larger size; u{n} with s{m} -> s{max(min(2n, 64), m)}; a float with a
complex -> c{max(2 * float bits, complex bits)}; otherwise the higher kind (u < s < bf < f < c)
wins with its own size.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import nx
from nx import types as T

NAMES = ["u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32", "s64",
         "f8", "f16", "bf16", "f32", "f64", "c64", "c128"]
_ORDER = {"u": 0, "s": 1, "bf": 2, "f": 3, "c": 4}


def _split(name):
    kind = name.rstrip("0123456789")
    return kind, int(name[len(kind):])


def reference_merge(a, b):
    (ka, na), (kb, nb) = _split(a), _split(b)
    if ka == kb:
        return f"{ka}{max(na, nb)}"
    if _ORDER[ka] > _ORDER[kb]:
        (ka, na), (kb, nb) = (kb, nb), (ka, na)
    if ka == "u" and kb == "s":
        return f"s{max(min(2 * na, 64), nb)}"
    if ka in ("f", "bf") and kb == "c":
        return f"c{max(2 * na, nb)}"
    return f"{kb}{nb}"


# --- parsing -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_parse_string_and_tuple(name):
    kind, bits = _split(name)
    t1 = T.parse(name)
    t2 = T.parse((kind, bits))
    assert t1 == t2
    assert t1 == name and t1 == (kind, bits)
    assert t1.kind == kind and t1.bits == bits and t1.name == name
    assert repr(t1) == name and str(t1) == name
    assert hash(t1) == hash((kind, bits))


def test_type_of_tensor_equals_both_spellings():
    t = nx.tensor([1.0, 2.0])
    assert nx.type(t) == "f32"
    assert nx.type(t) == ("f", 32)
    assert nx.type(t) != "f64"
    assert nx.type(t) != ("s", 32)
    assert nx.type(nx.tensor([1, 2], type=("u", 8))) == "u8"
    assert nx.type(nx.tensor([1, 2], type="bf16")) == ("bf", 16)


def test_f8_is_e5m2():
    t = T.parse("f8")
    assert t == ("f", 8)
    import ml_dtypes
    assert t.dtype == np.dtype(ml_dtypes.float8_e5m2)


@pytest.mark.parametrize("bad", ["f31", "float32", "int", "q8", ("f", 31), ("x", 8), 42])
def test_unknown_type_raises_type_error_naming_function(bad):
    with pytest.raises(TypeError, match=r"nx\.tensor"):
        nx.tensor([1, 2], type=bad)


@pytest.mark.parametrize("fun,call", [
    ("nx.as_type", lambda: nx.as_type(nx.tensor([1]), "f31")),
    ("nx.iota", lambda: nx.iota((3,), type="q8")),
    ("nx.eye", lambda: nx.eye(2, type="float")),
    ("nx.template", lambda: nx.template((3,), "f33")),
])
def test_unknown_type_names_the_function(fun, call):
    with pytest.raises(TypeError) as e:
        call()
    assert fun in str(e.value)


def test_unknown_type_message_lists_valid_names():
    with pytest.raises(TypeError) as e:
        nx.tensor([1], type="f31")
    msg = str(e.value)
    assert "'f31'" in msg and "f32" in msg and "bf16" in msg


# --- merge -------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b,expected", [
    ("u8", "s8", "s16"), ("s32", "f32", "f32"), ("f16", "bf16", "f16"), ("f32", "c64", "c64"),
    ("f64", "c64", "c128"), ("u64", "s64", "s64"), ("u32", "s8", "s64"), ("u16", "s64", "s64"),
    ("u8", "u16", "u16"), ("s8", "s32", "s32"), ("bf16", "f32", "f32"), ("f8", "bf16", "f8"),
    ("u64", "f16", "f16"), ("s64", "bf16", "bf16"), ("bf16", "c64", "c64"),
    ("f16", "c64", "c64"), ("s64", "c64", "c64"), ("f64", "f32", "f64"), ("c64", "c128", "c128"),
    ("u2", "s2", "s4"), ("u4", "s16", "s16"), ("u8", "u8", "u8"),
])
def test_merge_examples(a, b, expected):
    assert T.merge(T.parse(a), T.parse(b)) == expected
    assert T.merge(T.parse(b), T.parse(a)) == expected


def test_merge_all_pairs_match_nx_rules():
    bad = []
    for a, b in itertools.product(NAMES, NAMES):
        got = T.merge(T.parse(a), T.parse(b))
        want = reference_merge(a, b)
        if got != want:
            bad.append(f"{a}+{b}: got {got}, want {want}")
    assert not bad, "\n".join(bad)


def test_binary_op_result_types_follow_merge():
    for a, b in [("u8", "s8"), ("s32", "f32"), ("f16", "bf16"), ("f32", "c64"), ("u64", "s64"),
                 ("u16", "u32")]:
        x = nx.tensor([1, 2], type=a)
        y = nx.tensor([3, 4], type=b)
        assert nx.add(x, y).type == reference_merge(a, b), (a, b)
        assert nx.multiply(y, x).type == reference_merge(a, b), (a, b)


# --- weak Python scalars ------------------------------------------------------------------

@pytest.mark.parametrize("ttype,number,expected", [
    ("u8", 1, "u8"), ("u8", 255, "u8"), ("u8", 256, "u16"), ("u8", 300, "u16"),
    ("u8", 70000, "u32"), ("u8", -1, "s16"), ("s8", 1, "s8"), ("s8", 200, "s16"),
    ("s8", -129, "s16"), ("s32", 2 ** 40, "s64"), ("s16", 1, "s16"),
    ("f16", 0.5, "f16"), ("bf16", 2, "bf16"), ("f16", 3, "f16"), ("f64", 0.1, "f64"),
    ("s32", 1.5, "f32"), ("u8", 1.5, "f32"), ("s64", 2.0, "f32"),
    ("c64", 1.0, "c64"), ("c64", 3, "c64"), ("s32", 1j, "c64"), ("f32", 1j, "c64"),
])
def test_merge_number(ttype, number, expected):
    assert T.merge_number(T.parse(ttype), number) == expected


def test_weak_scalars_eager():
    u8 = nx.tensor([1, 2, 250], type="u8")
    r = u8 + 1
    assert r.type == "u8"
    assert r.tolist() == [2, 3, 251]
    assert (1 + u8).type == "u8"
    r = u8 + 300
    assert r.type == "u16"
    assert r.tolist() == [301, 302, 550]
    f16 = nx.tensor([1.0, 3.0], type="f16")
    r = f16 * 0.5
    assert r.type == "f16"
    assert r.tolist() == [0.5, 1.5]
    r = nx.tensor([1, 2]) + 1.5
    assert r.type == "f32"
    assert r.tolist() == [2.5, 3.5]
    # overflow wraps, as in Nx (the weak scalar does not widen the type)
    assert (u8 + 10).tolist() == [11, 12, 4]


def test_weak_scalars_inside_defn():
    f = nx.jit(lambda x: (x + 1, x * 0.5))
    a, b = f(nx.tensor([1, 2], type="u8"))
    assert a.type == "u8" and a.tolist() == [2, 3]
    assert b.type == "f32" and b.tolist() == [0.5, 1.0]
    a, b = f(nx.tensor([1.0, 2.0], type="f16"))
    assert a.type == "f16" and b.type == "f16"
    assert b.tolist() == [0.5, 1.0]


# --- inference ---------------------------------------------------------------------------

@pytest.mark.parametrize("data,expected", [
    (1, "s32"), (-7, "s32"), ([1, 2, 3], "s32"), (1.0, "f32"), ([1.5, 2.5], "f32"),
    ([1, 2.0], "f32"), (True, "u8"), ([True, False], "u8"), (complex(1, -1), "c64"),
    ([1, 2j], "c64"), ([[1, 2], [3, 4]], "s32"), (["nan", "infinity"], "f32"),
])
def test_inference(data, expected):
    assert nx.tensor(data).type == expected


@pytest.mark.parametrize("dtype,expected", [
    (np.float64, "f64"), (np.float32, "f32"), (np.float16, "f16"), (np.int64, "s64"),
    (np.int8, "s8"), (np.uint16, "u16"), (np.complex128, "c128"), (np.bool_, "u8"),
])
def test_inference_from_numpy_keeps_dtype(dtype, expected):
    arr = np.array([1, 0, 1], dtype=dtype)
    t = nx.tensor(arr)
    assert t.type == expected
    assert t.shape == (3,)
    np.testing.assert_array_equal(np.real(np.asarray(t)).astype(np.float64), [1.0, 0.0, 1.0])


def test_explicit_type_converts():
    t = nx.tensor([1, 2, 3], type="f64")
    assert t.type == "f64" and t.dtype == np.float64
    t = nx.tensor(np.array([1.7, -1.7]), type="s32")
    assert t.type == "s32" and t.tolist() == [1, -1]


def test_to_float_and_friends():
    assert T.to_float(T.parse("s8")) == "f32"
    assert T.to_float(T.parse("u64")) == "f32"
    assert T.to_float(T.parse("f16")) == "f16"
    assert T.to_float(T.parse("bf16")) == "bf16"
    assert T.to_real(T.parse("c128")) == "f64"
    assert T.to_real(T.parse("c64")) == "f32"
    assert T.to_complex(T.parse("f64")) == "c128"
    assert T.to_complex(T.parse("f32")) == "c64"


@pytest.mark.parametrize("scalar,expected", [
    (np.int64(3), "s64"), (np.int8(3), "s8"), (np.uint16(3), "u16"), (np.float16(1.5), "f16"),
    (np.float32(1.5), "f32"), (np.bool_(True), "u8"), (np.complex64(1j), "c64"),
])
def test_inference_from_numpy_scalars(scalar, expected):
    assert nx.tensor(scalar).type == expected


@pytest.mark.parametrize("scalar,expected", [(np.float64(1.5), "f64"),
                                             (np.complex128(1j), "c128")])
def test_inference_from_numpy_64bit_float_scalars(scalar, expected):
    assert nx.tensor(scalar).type == expected
