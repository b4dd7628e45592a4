"""`repr(tensor)` follows Nx's inspect format.

Float elements print as Erlang/Elixir print the element's value as a double: the shortest
round-trip digits, placed by the rule of OTP's `io_lib_format:insert_decimal/3` (an exponent
when it is shorter, always for |x| >= 2**53). `reference_format` re-implements that rule here,
on Python's shortest `repr` digits, as an independent reference.
"""
from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest

import nx
from nx.inspect import format_float


def reference_format(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == 0:
        return "-0.0" if math.copysign(1, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    # shortest digits D and Place such that |x| == D * 10**Place
    mant, _, e = repr(abs(x)).partition("e")
    ip, _, fp = mant.partition(".")
    digits = (ip + fp).lstrip("0")
    place = (int(e) if e else 0) - len(fp)
    while digits.endswith("0"):
        digits = digits[:-1]
        place += 1
    L = len(digits)
    exp = place + L - 1
    exp_l = str(exp)
    exp_cost = len(exp_l) + 2

    def insert_exp():
        if L == 1:
            return digits + ".0e" + exp_l
        return digits[0] + "." + digits[1:] + "e" + exp_l

    if place < 0:
        if exp >= 0:
            out = digits[:L + place] + "." + digits[L + place:]
        elif 2 - place - L <= exp_cost:
            out = "0." + "0" * (-place - L) + digits
        else:
            out = insert_exp()
    else:
        dot = 1 if L == 1 else 0
        if exp_cost + dot >= place + 2 and abs(x) < float(1 << 53):
            out = digits + "0" * place + ".0"
        else:
            out = insert_exp()
    return sign + out


# Values worked out by hand from the rule (and matching Elixir's Float.to_string/1).
FORMAT_CASES = [
    (0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (-1.0, "-1.0"), (0.5, "0.5"), (1.5, "1.5"),
    (0.1, "0.1"), (0.2, "0.2"), (0.30000000000000004, "0.30000000000000004"),
    (10.0, "10.0"), (100.0, "100.0"), (1000.0, "1.0e3"), (1760.0, "1760.0"), (360.0, "360.0"),
    (10000.0, "1.0e4"), (12000.0, "1.2e4"), (12345.0, "12345.0"), (123456789.0, "123456789.0"),
    (1.0e15, "1.0e15"), (1.0e16, "1.0e16"), (2.0 ** 53, "9.007199254740992e15"),
    (2.0 ** 53 - 1, "9007199254740991.0"),
    (0.001, "0.001"), (0.0001, "1.0e-4"), (1.0e-5, "1.0e-5"), (0.00123, "0.00123"),
    (0.000123, "1.23e-4"), (123.456, "123.456"), (5e-324, "5.0e-324"),
    (1.7976931348623157e308, "1.7976931348623157e308"), (1.5e300, "1.5e300"),
    (2677.320068359375, "2677.320068359375"), (23.860000610351562, "23.860000610351562"),
    (-2.5e-7, "-2.5e-7"), (363605.75, "363605.75"),
    (float("nan"), "NaN"), (float("inf"), "Inf"), (float("-inf"), "-Inf"),
]


@pytest.mark.parametrize("x,expected", FORMAT_CASES)
def test_format_float_explicit(x, expected):
    assert format_float(x) == expected
    assert reference_format(x) == expected


def test_format_float_matches_reference_on_many_values():
    rng = np.random.default_rng(1)
    values = list(rng.standard_normal(300) * 10.0 ** rng.integers(-12, 20, 300))
    values += [float(np.float32(v)) for v in values[:100]]
    values += [float(x) for x in range(0, 100000, 997)] + [10.0 ** k for k in range(-20, 25)]
    values += [float(ml_dtypes.bfloat16(v)) for v in values[:50]]
    values = [float(v) for v in values]
    bad = [(v, format_float(v), reference_format(v)) for v in values
           if format_float(v) != reference_format(v)]
    assert not bad, bad[:10]


def _lines(*ls):
    return "\n".join(ls)


def test_scalar_repr():
    assert repr(nx.tensor(5)) == _lines("nx.Tensor<", "  s32", "  5", ">")
    assert repr(nx.tensor(1.0)) == _lines("nx.Tensor<", "  f32", "  1.0", ">")
    assert repr(nx.tensor(-3, type="s8")) == _lines("nx.Tensor<", "  s8", "  -3", ">")


def test_vector_and_matrix_repr():
    assert repr(nx.tensor([1, 2, 3])) == _lines("nx.Tensor<", "  s32[3]", "  [1, 2, 3]", ">")
    assert repr(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])) == _lines(
        "nx.Tensor<", "  s32[x: 2][y: 3]", "  [", "    [1, 2, 3],", "    [4, 5, 6]", "  ]", ">")


def test_three_dims_and_partial_names():
    t = nx.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], names=["b", None, None])
    assert repr(t) == _lines(
        "nx.Tensor<", "  s32[b: 2][2][2]", "  [", "    [", "      [1, 2],", "      [3, 4]",
        "    ],", "    [", "      [5, 6],", "      [7, 8]", "    ]", "  ]", ">")


def test_integer_extremes():
    t = nx.tensor([0, 18446744073709551615], type="u64")
    assert repr(t) == _lines("nx.Tensor<", "  u64[2]", "  [0, 18446744073709551615]", ">")
    t = nx.tensor([-9223372036854775808, 9223372036854775807], type="s64")
    assert repr(t) == _lines("nx.Tensor<", "  s64[2]",
                             "  [-9223372036854775808, 9223372036854775807]", ">")
    t = nx.tensor([255, 0], type="u8")
    assert repr(t) == _lines("nx.Tensor<", "  u8[2]", "  [255, 0]", ">")


def test_float_types_print_their_exact_value():
    vals = [0.1, 1.0e-5, 1000.0, -2.5]
    for ty, dtype in (("f32", np.float32), ("f16", np.float16), ("bf16", ml_dtypes.bfloat16),
                      ("f64", np.float64)):
        t = nx.tensor(vals, type=ty)
        expected = ", ".join(reference_format(float(dtype(v))) for v in vals)
        assert repr(t) == _lines("nx.Tensor<", f"  {ty}[4]", f"  [{expected}]", ">"), ty
    # explicit: f32 0.1 is 0.10000000149011612; f32 1.0e-5 is 9.999999747378752e-6
    assert repr(nx.tensor([0.1, 1.0e-5])).split("\n")[2] == \
        "  [0.10000000149011612, 9.999999747378752e-6]"
    assert repr(nx.tensor([1000.0, 1.0e-5], type="f64")).split("\n")[2] == "  [1.0e3, 1.0e-5]"


def test_non_finite_and_negative_zero():
    t = nx.tensor(["neg_infinity", "nan", "infinity"])
    assert repr(t) == _lines("nx.Tensor<", "  f32[3]", "  [-Inf, NaN, Inf]", ">")
    t = nx.tensor([-0.0, 0.0], type="f64")
    assert repr(t) == _lines("nx.Tensor<", "  f64[2]", "  [-0.0, 0.0]", ">")
    t = nx.tensor(np.array([np.inf, -np.inf, np.nan], np.float16))
    assert repr(t) == _lines("nx.Tensor<", "  f16[3]", "  [Inf, -Inf, NaN]", ">")


def test_complex():
    assert repr(nx.tensor(complex(1, -1))) == _lines("nx.Tensor<", "  c64", "  1.0-1.0i", ">")
    t = nx.tensor([complex(1, 2), complex(-0.5, -1), 3], type="c128")
    assert repr(t) == _lines("nx.Tensor<", "  c128[3]", "  [1.0+2.0i, -0.5-1.0i, 3.0+0.0i]", ">")


def test_empty():
    assert repr(nx.iota((0,))) == _lines("nx.Tensor<", "  s32[0]", "  []", ">")


def test_elision_1d():
    t = nx.iota((100,))
    body = ", ".join(str(i) for i in range(50)) + ", ..."
    assert repr(t) == _lines("nx.Tensor<", "  s32[100]", f"  [{body}]", ">")
    # exactly the limit: nothing elided
    t = nx.iota((50,))
    assert repr(t) == _lines("nx.Tensor<", "  s32[50]",
                             "  [" + ", ".join(str(i) for i in range(50)) + "]", ">")


def test_elision_2d():
    t = nx.iota((3, 30))
    row0 = ", ".join(str(i) for i in range(30))
    row1 = ", ".join(str(i) for i in range(30, 50)) + ", ..."
    assert repr(t) == _lines("nx.Tensor<", "  s32[3][30]", "  [", f"    [{row0}],",
                             f"    [{row1}],", "    ...", "  ]", ">")
    t = nx.iota((10, 10))
    rows = [", ".join(str(r * 10 + c) for c in range(10)) for r in range(5)]
    assert repr(t) == _lines("nx.Tensor<", "  s32[10][10]", "  [",
                             *[f"    [{r}]," for r in rows], "    ...", "  ]", ">")


def test_xla_backend_prints_the_same():
    data = [[1.5, -2.0], [1.0e-5, 1000.0]]
    assert repr(nx.tensor(data, backend="xla")) == repr(nx.tensor(data, backend="numpy"))
    t = nx.tensor([1, 2, 3], backend="xla") + 1
    assert repr(t) == _lines("nx.Tensor<", "  s32[3]", "  [2, 3, 4]", ">")


def test_str_is_repr():
    t = nx.tensor([1, 2])
    assert str(t) == repr(t)
