"""Nx v0.10.0's nx/test/nx_test.exs (the Nx module's tests), part 1: from the top of the file
to `describe "reverse/2"` (nx_test.exs:1-1699). Part 2 is test_nx_2.py.

A hand translation: every `test "..."` is a function below, its Elixir line in a comment
(`# nx_test.exs:N`), every expected value as Nx's test states it. `assert a == b` on tensors is
`assert_equal` (type, shape, names, bits). `assert_raise ArgumentError, msg` matches the
informative part of Nx's message (nx's messages are Python-flavoured: `(2, 2)` for `{2, 2}`,
`f32` for `{:f, 32}`, and they name `nx.<fun>`).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import nx

from nx_helpers import ERRORS, Container, assert_equal, raises, raises_re

INF, NAN = math.inf, math.nan


def commute(a, b, fun):
    fun(a, b)
    fun(b, a)


def i32(*vals):
    """`<<v::32-native, ...>>`."""
    return np.array(vals, dtype=np.int32).tobytes()


@pytest.mark.skip(reason="Elixir-only: checks @doc metadata through Code.fetch_docs(Nx)")
def test_defines_doc_metadata():  # nx_test.exs:27
    pass


# ---------------------------------------------------------------- describe "binary broadcast"
def test_binary_broadcast_2x1_plus_1x2():  # nx_test.exs:38
    def check(a, b):
        t = nx.add(a, b)
        assert nx.to_binary(t) == i32(11, 21, 12, 22)
        assert nx.shape(t) == (2, 2)
    commute(nx.tensor([[1], [2]]), nx.tensor([[10, 20]]), check)


def test_binary_broadcast_2_plus_2x2():  # nx_test.exs:49
    def check(a, b):
        t = nx.add(a, b)
        assert nx.to_binary(t) == i32(2, 4, 4, 6)
        assert nx.shape(t) == (2, 2)
    commute(nx.tensor([1, 2]), nx.tensor([[1, 2], [3, 4]]), check)


def test_binary_broadcast_2x1x2_plus_1x2x1():  # nx_test.exs:60
    a = nx.tensor([[[10], [20]]])
    assert nx.shape(a) == (1, 2, 1)
    b = nx.tensor([[[1, 2]], [[3, 4]]])
    assert nx.shape(b) == (2, 1, 2)

    def check(a, b):
        t = nx.add(a, b)
        assert nx.shape(t) == (2, 2, 2)
        assert nx.to_binary(t) == i32(11, 12, 21, 22, 13, 14, 23, 24)
    commute(a, b, check)


def test_binary_broadcast_4x1x3_plus_1x3x1():  # nx_test.exs:76
    a = nx.tensor([[[100], [200], [300]]])
    assert nx.shape(a) == (1, 3, 1)
    b = nx.tensor([[[1, 2, 3]], [[4, 5, 6]], [[7, 8, 9]], [[10, 11, 12]]])
    assert nx.shape(b) == (4, 1, 3)

    def check(a, b):
        t = nx.add(a, b)
        assert nx.shape(t) == (4, 3, 3)
        assert nx.to_binary(t) == i32(
            101, 102, 103, 201, 202, 203, 301, 302, 303, 104, 105, 106, 204, 205, 206,
            304, 305, 306, 107, 108, 109, 207, 208, 209, 307, 308, 309, 110, 111, 112,
            210, 211, 212, 310, 311, 312)
    commute(a, b, check)


def test_binary_broadcast_2x1x2_plus_1x2x2x1():  # nx_test.exs:98
    a = nx.tensor([[[[10], [20]], [[30], [40]]]])
    assert nx.shape(a) == (1, 2, 2, 1)
    b = nx.tensor([[[1, 2]], [[3, 4]]])
    assert nx.shape(b) == (2, 1, 2)

    def check(a, b):
        t = nx.add(a, b)
        assert nx.shape(t) == (1, 2, 2, 2)
        assert nx.to_binary(t) == i32(11, 12, 21, 22, 33, 34, 43, 44)
    commute(a, b, check)


def test_binary_broadcast_2x1x1x2_plus_1x2x2x1():  # nx_test.exs:114
    a = nx.tensor([[[[10], [20]], [[30], [40]]]])
    assert nx.shape(a) == (1, 2, 2, 1)
    b = nx.tensor([[[[1, 2]]], [[[3, 4]]]])
    assert nx.shape(b) == (2, 1, 1, 2)

    def check(a, b):
        t = nx.add(a, b)
        assert nx.shape(t) == (2, 2, 2, 2)
        assert nx.to_binary(t) == i32(11, 12, 21, 22, 31, 32, 41, 42,
                                      13, 14, 23, 24, 33, 34, 43, 44)
    commute(a, b, check)


def test_binary_broadcast_1x2x2_plus_2x1x2():  # nx_test.exs:132
    a = nx.tensor([[[10], [20]], [[30], [40]]])
    b = nx.tensor([[[1, 2]], [[3, 4]]])

    def check(a, b):
        t = nx.add(a, b)
        assert nx.to_binary(t) == i32(11, 12, 21, 22, 33, 34, 43, 44)
        assert nx.shape(t) == (2, 2, 2)
    commute(a, b, check)


def test_binary_broadcast_raises_when_it_cannot_broadcast():  # nx_test.exs:147
    a = nx.tensor([[1, 2], [3, 4]])
    b = nx.tensor([[1, 2, 3], [4, 5, 6]])
    with raises_re("cannot broadcast"):
        nx.add(a, b)


# ---------------------------------------------------------------- describe "convolution"
def test_convolution_valid_padding_no_stride():  # nx_test.exs:155
    t1 = nx.iota((2, 2, 4, 4), type="f32")
    k1 = nx.iota((1, 2, 2, 2), type="f32")
    k2 = nx.iota((8, 2, 4, 4), type="f32")
    k3 = nx.iota((2, 2, 3, 3), type="f32")

    assert_equal(nx.conv(t1, k1, strides=[1, 1], padding="valid"), nx.tensor([
        [[[440.0, 468.0, 496.0], [552.0, 580.0, 608.0], [664.0, 692.0, 720.0]]],
        [[[1336.0, 1364.0, 1392.0], [1448.0, 1476.0, 1504.0], [1560.0, 1588.0, 1616.0]]],
    ], type="f32"))

    assert_equal(nx.conv(t1, k2, strides=[1, 1], padding="valid"), nx.tensor([
        [[[10416.0]], [[26288.0]], [[42160.0]], [[58032.0]], [[73904.0]], [[89776.0]],
         [[105_648.0]], [[121_520.0]]],
        [[[26288.0]], [[74928.0]], [[123_568.0]], [[172_208.0]], [[220_848.0]],
         [[269_488.0]], [[318_128.0]], [[366_768.0]]],
    ], type="f32"))

    assert_equal(nx.conv(t1, k3, strides=[1, 1], padding="valid"), nx.tensor([
        [[[2793.0, 2946.0], [3405.0, 3558.0]], [[7005.0, 7482.0], [8913.0, 9390.0]]],
        [[[7689.0, 7842.0], [8301.0, 8454.0]], [[22269.0, 22746.0], [24177.0, 24654.0]]],
    ], type="f32"))


def test_convolution_valid_padding_stride():  # nx_test.exs:237
    t1 = nx.iota((2, 2, 4, 4), type="f32")
    k1 = nx.iota((1, 2, 2, 2), type="f32")
    assert_equal(nx.conv(t1, k1, strides=[2, 1], padding="valid"), nx.tensor([
        [[[440.0, 468.0, 496.0], [664.0, 692.0, 720.0]]],
        [[[1336.0, 1364.0, 1392.0], [1560.0, 1588.0, 1616.0]]],
    ], type="f32"))


def test_convolution_same_padding_no_stride():  # nx_test.exs:261
    t1 = nx.iota((2, 2, 4, 4), type="f32")
    k1 = nx.iota((1, 2, 3, 3), type="f32")
    assert_equal(nx.conv(t1, k1, strides=[1, 1], padding="same"), nx.tensor([
        [[[1196.0, 1796.0, 1916.0, 1264.0],
          [1881.0, 2793.0, 2946.0, 1923.0],
          [2313.0, 3405.0, 3558.0, 2307.0],
          [1424.0, 2072.0, 2156.0, 1380.0]]],
        [[[3884.0, 5636.0, 5756.0, 3696.0],
          [5337.0, 7689.0, 7842.0, 4995.0],
          [5769.0, 8301.0, 8454.0, 5379.0],
          [3344.0, 4760.0, 4844.0, 3044.0]]],
    ], type="f32"))


def test_convolution_3d_conv():  # nx_test.exs:289
    t1 = nx.iota((1, 3, 2, 2, 2), type="f32")
    k1 = nx.iota((3, 3, 2, 2, 2), type="f32")
    assert_equal(nx.conv(t1, k1, strides=[1, 1, 1], padding="same"), nx.tensor([[
        [[[4324.0, 2156.0], [2138.0, 1060.0]], [[2066.0, 1018.0], [997.0, 488.0]]],
        [[[10948.0, 5612.0], [5738.0, 2932.0]], [[5954.0, 3034.0], [3085.0, 1568.0]]],
        [[[17572.0, 9068.0], [9338.0, 4804.0]], [[9842.0, 5050.0], [5173.0, 2648.0]]],
    ]], type="f32"))


def test_convolution_grouped_convolutions():  # nx_test.exs:333
    lhs = nx.iota((2, 4, 2, 2), type="f32")
    rhs = nx.iota((6, 2, 2, 2), type="f32")
    assert_equal(nx.conv(lhs, rhs, strides=1, padding="valid", feature_group_size=2), nx.tensor([
        [[[140.0]], [[364.0]], [[588.0]], [[2572.0]], [[3308.0]], [[4044.0]]],
        [[[588.0]], [[1836.0]], [[3084.0]], [[6092.0]], [[7852.0]], [[9612.0]]],
    ], type="f32"))


def test_convolution_vectorization():  # nx_test.exs:347
    t = nx.vectorize(nx.tensor([[[[0, 1, 2]]], [[[3, 4, 5]]]]), {"x": 2})
    k = nx.tensor([[[[2]]], [[[10]]]])

    # same vectorized axis case
    assert_equal(nx.conv(t, nx.vectorize(k, {"x": 2})),
                 nx.vectorize(nx.tensor([[[[0.0, 2.0, 4.0]]], [[[30.0, 40.0, 50.0]]]]),
                              {"x": 2}))

    # cross-product case
    assert_equal(
        nx.conv(t, nx.vectorize(nx.reshape(k, (1, 2, 1, 1, 1)), {"z": 1, "y": 2})),
        nx.vectorize(nx.tensor([
            [[[[[0.0, 2.0, 4.0]]], [[[0.0, 10.0, 20.0]]]]],
            [[[[[6.0, 8.0, 10.0]]], [[[30.0, 40.0, 50.0]]]]],
        ]), {"x": 2, "z": 1, "y": 2}))

    # vectorized tensor and devec kernel
    assert_equal(nx.conv(t, k[0]),
                 nx.vectorize(nx.tensor([[[[0.0, 2.0, 4.0]]], [[[6.0, 8.0, 10.0]]]]), {"x": 2}))

    # devec tensor and vectorized kernel
    assert_equal(nx.conv(nx.devectorize(t)[0], nx.vectorize(k, {"x": 2})),
                 nx.vectorize(nx.tensor([[[[0.0, 2.0, 4.0]]], [[[0.0, 10.0, 20.0]]]]), {"x": 2}))


def test_convolution_vectorization_batch_group_size():  # nx_test.exs:460
    # get and assert the expected base shape for the output
    out = nx.conv(nx.iota((3, 10, 1, 1)), nx.iota((3, 10, 1, 1)), batch_group_size=3)
    assert out.shape == (1, 3, 1, 1)

    # using 2, 5 and 7 as vectorized sizes so that they have no common factor between each
    # other and between them and the batch_group_size: 3
    t = nx.iota((3, 10, 1, 1), vectorized_axes=[("x", 2), ("y", 1), ("z", 7)])
    k = nx.iota((3, 10, 1, 1), vectorized_axes=[("x", 1), ("y", 5), ("z", 7)])
    out = nx.conv(t, k, batch_group_size=3)
    assert list(out.vectorized_axes) == [("x", 2), ("y", 5), ("z", 7)]
    assert out.shape == (1, 3, 1, 1)


# ---------------------------------------------------------------- describe "pad"
def test_pad_with_interior_padding():  # nx_test.exs:476
    assert_equal(nx.pad(nx.tensor([[1, 2, 3], [4, 5, 6]]), 0, [(0, 0, 1), (0, 0, 1)]),
                 nx.tensor([[1, 0, 2, 0, 3], [0, 0, 0, 0, 0], [4, 0, 5, 0, 6]]))

    assert_equal(
        nx.pad(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), 2.0, [(-2, 1, 4), (1, 3, 2)]),
        nx.tensor([
            [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
            [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
            [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
            [2.0, 4.0, 2.0, 2.0, 5.0, 2.0, 2.0, 6.0, 2.0, 2.0, 2.0],
            [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
        ]))


# ---------------------------------------------------------------- describe "bitshift"
def test_bitshift_raises_for_negative_numbers_on_the_right():  # nx_test.exs:492
    with raises("cannot right shift by -1"):
        nx.right_shift(nx.tensor(1), -1)


def test_bitshift_raises_for_negative_numbers_on_the_left():  # nx_test.exs:498
    with raises("cannot left shift by -1"):
        nx.left_shift(nx.tensor(1), -1)


# ---------------------------------------------------------------- describe "reverse"
def test_reverse_works_on_all_dims():  # nx_test.exs:506
    assert_equal(nx.reverse(nx.iota((10,))), nx.tensor([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]))
    assert_equal(nx.reverse(nx.iota((2, 4))), nx.tensor([[7, 6, 5, 4], [3, 2, 1, 0]]))
    assert_equal(nx.reverse(nx.iota((3, 3, 3))), nx.tensor([
        [[26, 25, 24], [23, 22, 21], [20, 19, 18]],
        [[17, 16, 15], [14, 13, 12], [11, 10, 9]],
        [[8, 7, 6], [5, 4, 3], [2, 1, 0]],
    ]))
    assert_equal(nx.reverse(nx.iota((2, 1, 4, 2))), nx.tensor([
        [[[15, 14], [13, 12], [11, 10], [9, 8]]],
        [[[7, 6], [5, 4], [3, 2], [1, 0]]],
    ]))


def test_reverse_works_with_1_dim():  # nx_test.exs:524
    assert_equal(nx.reverse(nx.iota((2, 3)), axes=[1]), nx.tensor([[2, 1, 0], [5, 4, 3]]))


def test_reverse_works_with_2_dims():  # nx_test.exs:528
    assert_equal(nx.reverse(nx.iota((2, 3, 4)), axes=[0, 2]), nx.tensor([
        [[15, 14, 13, 12], [19, 18, 17, 16], [23, 22, 21, 20]],
        [[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]],
    ]))


def test_reverse_works_with_3_dims():  # nx_test.exs:544
    assert_equal(nx.reverse(nx.iota((2, 2, 1, 3, 4)), axes=[1, 2, 4]), nx.tensor([
        [
            [[[15, 14, 13, 12], [19, 18, 17, 16], [23, 22, 21, 20]]],
            [[[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]],
        ],
        [
            [[[39, 38, 37, 36], [43, 42, 41, 40], [47, 46, 45, 44]]],
            [[[27, 26, 25, 24], [31, 30, 29, 28], [35, 34, 33, 32]]],
        ],
    ]))


def test_reverse_works_across_types():  # nx_test.exs:582
    assert_equal(nx.reverse(nx.iota((2, 2, 3, 1, 2), type="f32"), axes=[1, 2, 4]), nx.tensor([
        [
            [[[11.0, 10.0]], [[9.0, 8.0]], [[7.0, 6.0]]],
            [[[5.0, 4.0]], [[3.0, 2.0]], [[1.0, 0.0]]],
        ],
        [
            [[[23.0, 22.0]], [[21.0, 20.0]], [[19.0, 18.0]]],
            [[[17.0, 16.0]], [[15.0, 14.0]], [[13.0, 12.0]]],
        ],
    ], type="f32"))


# ---------------------------------------------------------------- describe "inspect"
# Nx's `#Nx.Tensor<` is spelled `nx.Tensor<` in nx (design/API.md); the rest is Nx's text.

def test_inspect_scalar():  # nx_test.exs:617
    assert repr(nx.tensor(123)) == "nx.Tensor<\n  s32\n  123\n>"


def test_inspect_n_dimensional():  # nx_test.exs:626
    assert repr(nx.tensor([[1, 2, 3], [4, 5, 6]])) == (
        "nx.Tensor<\n"
        "  s32[2][3]\n"
        "  [\n"
        "    [1, 2, 3],\n"
        "    [4, 5, 6]\n"
        "  ]\n"
        ">")
    assert repr(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])) == (
        "nx.Tensor<\n"
        "  f32[2][3]\n"
        "  [\n"
        "    [1.0, 2.0, 3.0],\n"
        "    [4.0, 5.0, 6.0]\n"
        "  ]\n"
        ">")


@pytest.mark.skip(reason="Elixir-only: inspect(t, limit: n) options; nx's repr takes none")
def test_inspect_limit():  # nx_test.exs:648
    pass


def _u16(*vals):
    return np.array(vals, dtype=np.uint16).tobytes()


def _u32(*vals):
    return np.array(vals, dtype=np.uint32).tobytes()


def _u64(*vals):
    return np.array(vals, dtype=np.uint64).tobytes()


def test_inspect_infinity_and_nan_for_bf16():  # nx_test.exs:678
    bin = _u16(0xFF80, 0x7F80, 0xFFC1, 0xFF81)
    assert repr(nx.from_binary(bin, "bf16")) == "nx.Tensor<\n  bf16[4]\n  [-Inf, Inf, NaN, NaN]\n>"


def test_inspect_infinity_and_nan_for_f16():  # nx_test.exs:689
    bin = _u16(0xFC00, 0x7C00, 0xFC01, 0xFC0F)
    assert repr(nx.from_binary(bin, "f16")) == "nx.Tensor<\n  f16[4]\n  [-Inf, Inf, NaN, NaN]\n>"


# The Elixir tests also assert that Erlang's `<<x::float-32>>` cannot decode these values (an
# Erlang property, not Nx's), which has no Python counterpart: that line is left out.

def test_inspect_infinity_and_nan_for_f32():  # nx_test.exs:700
    bin = _u32(0xFF800000, 0x7F800000, 0xFF800001, 0xFFC00001)
    assert repr(nx.from_binary(bin, "f32")) == "nx.Tensor<\n  f32[4]\n  [-Inf, Inf, NaN, NaN]\n>"


def test_inspect_more_nan_for_f32():  # nx_test.exs:716
    bin = _u32(0x7F800001, 0xFF800002, 0x7FC00000, 0xFFC00000)
    assert repr(nx.from_binary(bin, "f32")) == "nx.Tensor<\n  f32[4]\n  [NaN, NaN, NaN, NaN]\n>"


def test_inspect_infinity_and_nan_for_f64():  # nx_test.exs:732
    bin = _u64(0xFFF0000000000000, 0x7FF0000000000000, 0x7FF0000000000001, 0x7FF8000000000001)
    assert repr(nx.from_binary(bin, "f64")) == "nx.Tensor<\n  f64[4]\n  [-Inf, Inf, NaN, NaN]\n>"


def test_inspect_more_nan_for_f64():  # nx_test.exs:748
    bin = _u64(0xFFF0000000000001, 0x7FF0000000000002, 0xFFF8000000000000, 0x7FF8000000000000)
    assert repr(nx.from_binary(bin, "f64")) == "nx.Tensor<\n  f64[4]\n  [NaN, NaN, NaN, NaN]\n>"


def test_inspect_cannot_build_an_empty_tensor():  # nx_test.exs:764
    with raises("cannot build an empty tensor"):
        nx.from_binary(b"", "f64")


def test_inspect_all_dimensions_named():  # nx_test.exs:770
    t = nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", "x", "y"])
    assert repr(t) == (
        "nx.Tensor<\n"
        "  s32[batch: 1][x: 3][y: 3]\n"
        "  [\n"
        "    [\n"
        "      [1, 2, 3],\n"
        "      [4, 5, 6],\n"
        "      [7, 8, 9]\n"
        "    ]\n"
        "  ]\n"
        ">")


def test_inspect_some_dimensions_named():  # nx_test.exs:786
    t = nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", None, None])
    assert repr(t) == (
        "nx.Tensor<\n"
        "  s32[batch: 1][3][3]\n"
        "  [\n"
        "    [\n"
        "      [1, 2, 3],\n"
        "      [4, 5, 6],\n"
        "      [7, 8, 9]\n"
        "    ]\n"
        "  ]\n"
        ">")


# ---------------------------------------------------------------- describe "window aggregates"
def test_window_aggregates_computes_a_window_sum():  # nx_test.exs:804
    out = nx.window_sum(
        nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]]),
        (2, 1, 2), strides=[2, 1, 1], padding=[(2, 1), (3, 1), (1, 0)],
        window_dilations=[1, 2, 2])
    assert_equal(out, nx.tensor([
        [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0], [0, 0, 0], [4, 11, 14], [10, 15, 19], [0, 0, 0]],
    ]))


def test_window_aggregates_same_padding_window_sum_f64():  # nx_test.exs:832
    t = nx.iota((3, 3), type="f64")
    assert_equal(nx.window_sum(t, (2, 1), padding="same"),
                 nx.tensor([[3.0, 5.0, 7.0], [9.0, 11.0, 13.0], [6.0, 7.0, 8.0]], type="f64"))


def test_window_aggregates_same_padding_window_product_f64():  # nx_test.exs:839
    t = nx.iota((3, 3), type="f64")
    assert_equal(nx.window_product(t, (2, 1), padding="same"),
                 nx.tensor([[0.0, 4.0, 10.0], [18.0, 28.0, 40.0], [6.0, 7.0, 8.0]], type="f64"))


def test_window_aggregates_same_padding_window_max_f64():  # nx_test.exs:846
    t = nx.iota((3, 3), type="f64")
    assert_equal(nx.window_max(t, (2, 1), padding="same"),
                 nx.tensor([[3, 4, 5], [6, 7, 8], [6, 7, 8]], type="f64"))


def test_window_aggregates_same_padding_window_min_f64():  # nx_test.exs:853
    t = nx.iota((3, 3), type="f64")
    assert_equal(nx.window_min(t, (2, 1), padding="same"),
                 nx.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], type="f64"))


# ---------------------------------------------------------------- describe "put_slice"
def test_put_slice_with_mixed_types_and_sizes():  # nx_test.exs:862
    assert_equal(nx.put_slice(nx.tensor([0.0, 0.0]), [0], nx.tensor([1])), nx.tensor([1.0, 0.0]))


# ---------------------------------------------------------------- describe "access"
def test_access_supports_an_empty_list():  # nx_test.exs:868
    tensor = nx.tensor([1, 2, 3])
    assert_equal(tensor[()], tensor)   # Elixir `tensor[[]]`


def test_access_supports_an_dynamic_tensor():  # nx_test.exs:873
    tensor = nx.tensor([1, 2, 3], names=["row"])
    assert_equal(tensor[nx.tensor(1)], nx.tensor(2))
    assert_equal(tensor[(nx.tensor(1),)], nx.tensor(2))
    assert_equal(tensor[{"row": nx.tensor(1)}], nx.tensor(2))
    assert_equal(tensor[nx.tensor(-1)], nx.tensor(1))


def test_access_raises_on_duplicated_axis():  # nx_test.exs:881
    tensor = nx.tensor([[1, 2, 3]], names=["x", "y"])
    # `tensor[[y: 1, y: 2]]`: a Python dict cannot repeat a key, so axis 1 is named twice as
    # "y" and as 1.
    with raises_re(r"unknown or duplicate axis 1 found when slicing shape \(1, 3\)"):
        tensor[{"y": 1, 1: 2}]


def test_access_raises_on_invalid_ranges():  # nx_test.exs:889
    tensor = nx.tensor([[1, 2, 3]], names=["x", "y"])
    # Elixir's empty range 2..1//1 is the Python slice 2:2; nx prints it as "got 2:2".
    with raises("slicing a tensor requires a non-empty range, got 2:2"):
        tensor[{"y": slice(2, 2)}]


# ---------------------------------------------------------------- describe "indexed_add"
def _all_indices(n, prefix=()):
    return nx.tensor([[*prefix, row, col] for row in range(n) for col in range(n)])


@pytest.mark.parametrize("fun", ["indexed_add", "indexed_put"])   # and nx_test.exs:1029
def test_indexed_add_put_property(fun):  # nx_test.exs:899
    n = 5
    f = getattr(nx, fun)
    updates = nx.tensor([1] * (n * n))
    assert_equal(nx.broadcast(1, (5, 5)), f(nx.broadcast(0, (5, 5)), _all_indices(n), updates))
    assert_equal(nx.broadcast(1, (1, 5, 5)),
                 f(nx.broadcast(0, (1, 5, 5)), _all_indices(n, (0,)), updates))


@pytest.mark.parametrize("fun", ["indexed_add", "indexed_put"])   # and nx_test.exs:1055
def test_indexed_add_put_single_index_regression(fun):  # nx_test.exs:925
    n = 5
    f = getattr(nx, fun)
    # 1D case
    zeros = [0] * n
    upd = nx.tensor([1])
    for i in range(n):
        result = nx.tensor([1 if j == i else 0 for j in range(n)])
        assert_equal(result, f(nx.tensor(zeros), nx.tensor([[i]]), upd))
    # 2D case
    zeros = [zeros] * n
    for i in range(n):
        result = nx.tensor([[1 if (r == i and c == i) else 0 for c in range(n)]
                            for r in range(n)])
        assert_equal(result, f(nx.tensor(zeros), nx.tensor([[i, i]]), upd))


@pytest.mark.parametrize("fun", ["indexed_add", "indexed_put"])   # and nx_test.exs:1087
def test_indexed_add_put_raises_when_out_of_bounds(fun):  # nx_test.exs:957
    f = getattr(nx, fun)
    t = nx.tensor([[1, 2], [3, 4]])
    with raises_re(r"index 3 is out of bounds for axis 0 in shape \(2, 2\)"):
        f(t, nx.tensor([[3, -10]]), nx.tensor([1]))
    with raises_re(r"index -1 is out of bounds for axis 1 in shape \(2, 2\)"):
        f(t, nx.tensor([[0, -1]]), nx.tensor([1]))


@pytest.mark.parametrize("fun", ["indexed_add", "indexed_put"])   # and nx_test.exs:1099
def test_indexed_add_put_complex_regression(fun):  # nx_test.exs:969
    # BinaryBackend used to break on Enum.sum over a complex-valued list
    assert_equal(nx.tensor([1, 2], type="c64"),
                 getattr(nx, fun)(nx.broadcast(0, (2,)), nx.tensor([[1], [0]]),
                                  nx.tensor([complex(2), 1])))


def test_indexed_add_vectorized_target_and_non_vectorized_index():  # nx_test.exs:979
    t = nx.vectorize(nx.tensor([[0, 1, 2], [3, 4, 5]]), {"x": 2})
    index = nx.tensor([[0], [1], [1], [0]])
    updates = nx.tensor([1, 2, 3, 4])
    assert_equal(nx.indexed_add(t, index, updates),
                 nx.vectorize(nx.tensor([[5, 6, 2], [8, 9, 5]]), {"x": 2}))


def test_indexed_add_non_vectorized_target_and_vectorized_index_updates():  # nx_test.exs:992
    t = nx.tensor([0, 1, 2])
    index = nx.vectorize(nx.reshape(nx.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), (2, 2, 2, 1)),
                         {"x": 2, "y": 2})
    assert index.shape == (2, 1)
    updates = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), {"x": 2})
    assert_equal(nx.indexed_add(t, index, updates), nx.vectorize(nx.tensor([
        [[3, 1, 2], [1, 3, 2]],
        [[4, 4, 2], [0, 8, 2]],
    ]), {"x": 2, "y": 2}))


# describe "indexed_put" (nx_test.exs:1028): its four tests are the `indexed_put` cases of the
# parametrized indexed_add tests above (1029, 1055, 1087, 1099).


# ---------------------------------------------------------------- describe "quotient/2"
def test_quotient_raises_for_non_integer_values():  # nx_test.exs:1111
    # Nx: "quotient expects integer tensors as inputs and outputs an integer tensor, got:
    # {:f, 32}"; nx says the same in other words: "expected integer tensors, got a tensor of
    # type f32".
    msg = "expected integer tensors, got a tensor of type f32"
    with raises(msg):
        nx.quotient(10, 1.0)
    with raises(msg):
        nx.quotient(10.0, 2)


# ---------------------------------------------------------------- reshape, flatten, broadcast
def test_reshape_correctly_adds_names_with_same_shape():  # nx_test.exs:1126
    t = nx.tensor([[1, 2], [3, 4]])
    assert_equal(nx.reshape(t, (2, 2), names=["x", "y"]),
                 nx.tensor([[1, 2], [3, 4]], names=["x", "y"]))


def test_flatten_returns_a_flattened_tensor_given_a_n_dimensional_tensor():  # nx_test.exs:1135
    t = nx.iota((3, 3, 3))
    assert nx.shape(nx.flatten(t)) == (nx.size(t),)


def test_flatten_returns_a_flattened_tensor_given_n_dim_tensor_with_axes():  # nx_test.exs:1141
    t = nx.iota((1, 2, 3, 4, 5, 6))
    expected = nx.iota((1, 2, 60, 6))
    assert_equal(expected, nx.flatten(t, axes=[2, 3, 4]))


def test_flatten_returns_tensor_unchanged_given_a_1_dimensional_tensor():  # nx_test.exs:1149
    t = nx.iota((10,))
    assert_equal(nx.flatten(t), t)


def test_broadcast_correctly_adds_names_with_same_shape():  # nx_test.exs:1157
    t = nx.tensor([[1, 2], [3, 4]])
    assert_equal(nx.broadcast(t, (2, 2), names=["x", "y"]),
                 nx.tensor([[1, 2], [3, 4]], names=["x", "y"]))


# ---------------------------------------------------------------- describe "tensor/2"
def test_tensor_with_non_finite():  # nx_test.exs:1166
    assert_equal(nx.tensor("neg_infinity"), nx.constants.neg_infinity())
    assert_equal(nx.tensor("infinity"), nx.constants.infinity())
    assert_equal(nx.tensor("nan"), nx.constants.nan())


def test_tensor_raises_for_empty_list():  # nx_test.exs:1172
    with raises("invalid value given to Nx.tensor/1, got: []"):
        nx.tensor([])


def test_tensor_raises_for_non_numeric_list():  # nx_test.exs:1178
    # Nx: "invalid value given to Nx.tensor/1, got: :error"; nx: "unknown value 'error'; ...":
    # the same content, other words.
    with raises("unknown value 'error'"):
        nx.tensor(["error"])


def test_tensor_raises_for_nested_lists_with_different_shapes():  # nx_test.exs:1184
    len3 = [1, 2, 3]
    len2 = [1, 2]
    # Nx: ~r/lists have different shapes/; nx: "expected a rectangular nested list of shape
    # (2, 3), got a ragged list": the same content, other words.
    with raises_re("ragged list"):
        nx.tensor([len3, len2])


def test_tensor_raises_with_tensor_and_different_backends():  # nx_test.exs:1193
    # Nx's test backend ProcessBackend is nx's "xla" backend here; Nx.BinaryBackend is "numpy".
    with raises_re("wants to allocate on backend .* but it was given a tensor allocated on"):
        nx.tensor(nx.tensor([1, 2, 3], backend="numpy"), backend="xla")


def test_from_binary_raises_for_empty_bitstring():  # nx_test.exs:1205
    with raises("cannot build an empty tensor"):
        nx.from_binary(b"", "u32")


# ---------------------------------------------------------------- describe "to_batched/3"
def test_to_batched_works_for_all_batch_sizes_less_than_or_equal_to_n():  # nx_test.exs:1213
    for rows in range(1, 11):
        for cols in range(1, 11):
            for batch_size in range(1, rows + 1):
                t = nx.iota((rows, cols))
                batches = nx.to_batched(t, batch_size, leftover="discard")
                assert not isinstance(batches, list)
                assert len(list(batches)) == rows // batch_size
                batches = nx.to_batched(t, batch_size, leftover="repeat")
                assert not isinstance(batches, list)
                if rows % batch_size == 0:
                    assert len(list(batches)) == rows // batch_size
                else:
                    assert len(list(batches)) == rows // batch_size + 1


def test_to_batched_raises_for_scalars():  # nx_test.exs:1232
    t = nx.tensor(1)
    with raises_re("cannot batch non-vectorized scalar tensor"):
        list(nx.to_batched(t, 1))


# ---------------------------------------------------------------- describe "compatible?/2"
def test_compatible_non_composite_types():  # nx_test.exs:1242
    assert not nx.is_compatible(complex(0, 2), 2)
    assert not nx.is_compatible(2, complex(0, 2))
    assert not nx.is_compatible(complex(0, 2), nx.vec("2"))
    assert not nx.is_compatible(nx.vec("2"), complex(0, 2))
    assert not nx.is_compatible(2, nx.vec("2i"))
    assert not nx.is_compatible(nx.vec("2i"), 2)
    assert not nx.is_compatible(nx.vec("2"), nx.vec("2i"))
    assert nx.is_compatible(complex(2), complex(0, 2))
    assert nx.is_compatible(2, 0)


def test_compatible_structs():  # nx_test.exs:1254
    args = (1, complex(1), nx.tensor(1))
    c = Container(a=args, b=args)
    assert nx.is_compatible(c, c)


# ---------------------------------------------------------------- shape errors
def test_reshape_raises_when_tensor_shape_and_new_shape_are_not_compatible():  # nx_test.exs:1262
    t = nx.tensor([3, 3, 3])
    # Nx: ~r/not compatible with new shape/; nx: "cannot reshape a tensor of shape (3,)
    # (3 elements) into shape (7,) (7 elements)": the same content, other words.
    with raises_re(r"cannot reshape a tensor of shape \(3,\).*into shape \(7,\)"):
        nx.reshape(t, (7,))


def test_new_axis_raises_when_axis_is_out_of_range_of_the_rank():  # nx_test.exs:1272
    t = nx.tensor([1, 2, 3])
    assert nx.rank(t) == 1
    # Nx: ~r/must be a number between -2 and 1/; nx: "axis 3 is out of range for a result of
    # rank 2": the same content, other words.
    with raises_re("axis 3 is out of range for a result of rank 2"):
        nx.new_axis(t, 3)


def test_new_axis_the_new_axis_can_shift_the_existing_axes_to_the_left():  # nx_test.exs:1281
    t = nx.tensor([1, 2, 3], names=["x"])
    t = nx.new_axis(t, 0, "batch")
    assert t.shape == (1, 3)
    assert list(t.names) == ["batch", "x"]


def test_pad_raises_for_non_scalar_pad_value():  # nx_test.exs:1290
    # Nx: "padding value must be a scalar and non-vectorized"; nx: "the padding value must be
    # a non-vectorized scalar, got shape (1,) ...".
    with raises("padding value must be a non-vectorized scalar"):
        nx.pad(nx.tensor(1), nx.tensor([0]), [])


def test_shape_raises_for_invalid_non_shape_values():  # nx_test.exs:1298
    # Nx: ~r/expected a shape/; nx.shape also takes tensors and says "expected a tensor or a
    # number for tensor, got str": only the exception type is checked.
    with pytest.raises(ERRORS):
        nx.shape("something else")


def test_shape_raises_for_invalid_shapes():  # nx_test.exs:1304
    # Nx: ~r/invalid dimension in axis 2/; nx reads the tuple as tensor data and says
    # "unknown value 'blep'", not naming the axis: only the exception type is checked.
    with pytest.raises(ERRORS):
        nx.shape((1, 2, "blep"))


@pytest.mark.parametrize("ty", ["u8", "u16", "u32", "u64"])
def test_abs_changes_nothing_for_unsigned_types(ty):  # nx_test.exs:1312
    t = nx.tensor(10, type=ty)
    assert_equal(nx.abs(t), t)


# ---------------------------------------------------------------- reduce_min/max, argmin/max
NON_FINITES = [
    [-INF, INF, 1], [-INF, NAN, 1], [-INF, -INF, 1], [-INF, 0, 1],
    [INF, INF, 1], [INF, NAN, 1], [INF, -INF, 1], [INF, 0, 1],
    [NAN, INF, 1], [NAN, NAN, 1], [NAN, -INF, 1], [NAN, 0, 1],
]   # `[:neg_infinity, :infinity, 1], ...`: f32


def test_reduce_min_works_with_non_finites():  # nx_test.exs:1328
    t = nx.tensor(NON_FINITES)
    assert_equal(nx.reduce_min(t, axes=[1]),
                 nx.tensor([-INF, NAN, -INF, -INF, 1, NAN, -INF, 0, NAN, NAN, NAN, NAN]))


def test_reduce_min_removes_all_axes_when_no_axes_are_specified():  # nx_test.exs:1362
    t = nx.tensor([[1, 2, 3], [3, 1, 2]])
    out1 = nx.reduce_min(t)
    assert_equal(out1, nx.tensor(1))


def test_reduce_min_by_default_removes_reduced_axes():  # nx_test.exs:1368
    t = nx.tensor([[1, 2, 3], [3, 1, 2]])
    out1 = nx.reduce_min(t, axes=[0])
    assert_equal(out1, nx.tensor([1, 1, 2]))
    assert out1.shape == (3,)


def test_reduce_min_preserves_and_reduces_given_axes_to_size_1_with_keep_axes():  # nx_test.exs:1375
    t = nx.tensor([[1, 2, 3], [3, 1, 2]])
    assert t.shape == (2, 3)
    out1 = nx.reduce_min(t, axes=[0], keep_axes=True)
    assert_equal(out1, nx.tensor([[1, 1, 2]]))
    assert out1.shape == (1, 3)


def test_reduce_min_preserves_and_reduces_all_dims_to_size_1_with_keep_axes():  # nx_test.exs:1383
    t = nx.tensor([[1, 2, 3], [3, 1, 2]])
    assert t.shape == (2, 3)
    out1 = nx.reduce_min(t, keep_axes=True)
    assert_equal(out1, nx.tensor([[1]]))
    assert out1.shape == (1, 1)


def test_reduce_max_works_with_non_finites():  # nx_test.exs:1393
    t = nx.tensor(NON_FINITES)
    assert_equal(nx.reduce_max(t, axes=[1]),
                 nx.tensor([INF, NAN, 1, 1, INF, NAN, INF, INF, NAN, NAN, NAN, NAN]))


def test_argmin_works_with_non_finites():  # nx_test.exs:1429
    t = nx.tensor(NON_FINITES)
    assert_equal(nx.argmin(t, axis=1), nx.tensor([0, 1, 0, 0, 2, 1, 1, 1, 0, 1, 0, 0]))


def test_argmin_raises_for_invalid_tie_break_option():  # nx_test.exs:1449
    # Nx: "unknown value for :tie_break, expected :high or :low, got: :blep"; nx: "unknown
    # tie_break 'blep', expected "low" or "high"": the same content.
    with raises_re("unknown tie_break 'blep', expected \"low\" or \"high\""):
        nx.argmin(nx.tensor(1), tie_break="blep")


def test_argmax_works_with_non_finites():  # nx_test.exs:1461
    t = nx.tensor(NON_FINITES)
    assert_equal(nx.argmax(t, axis=1), nx.tensor([1, 1, 2, 2, 0, 1, 0, 0, 0, 1, 0, 0]))


# ---------------------------------------------------------------- describe "aggregate_window_op"
def test_aggregate_window_op_option_window_dilations_can_be_an_integer():  # nx_test.exs:1483
    t = nx.tensor([1, 2, 3, 4, 5, 6, 7])
    out = nx.window_max(t, (2,), window_dilations=4)
    assert_equal(out, nx.tensor([5, 6, 7]))


def test_aggregate_window_op_option_padding_can_be_same():  # nx_test.exs:1489
    t = nx.tensor([1, 2, 3])
    out = nx.window_max(t, (2,), padding="same")
    assert_equal(out, nx.tensor([2, 3, 3]))


def test_aggregate_window_op_raises_for_invalid_padding_option():  # nx_test.exs:1495
    t = nx.tensor([1, 2, 3])
    with raises_re("invalid padding mode specified"):
        nx.window_max(t, (2,), padding="whatever")


# ---------------------------------------------------------------- reduce/4, window_reduce/5
def test_reduce_keeps_axes_with_keep_axes_true():  # nx_test.exs:1509
    t = nx.tensor([1, 2, 3])
    out = nx.reduce(t, 0, lambda x, y: nx.add(x, y), keep_axes=True)
    assert nx.shape(out) == (1,)
    assert_equal(out, nx.tensor([6]))


_T33 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_window_reduce_works_with_window_dilations_option_as_an_integer():  # nx_test.exs:1518
    t = nx.tensor(_T33)
    out = nx.window_reduce(t, 0, (2, 2), lambda x, acc: nx.max(x, acc), window_dilations=2)
    assert_equal(out, nx.tensor([[9]]))


def test_window_reduce_works_with_strides_option_as_an_integer():  # nx_test.exs:1525
    t = nx.tensor(_T33)
    out = nx.window_reduce(t, 0, (2, 2), lambda x, acc: nx.max(x, acc), strides=1)
    assert_equal(out, nx.tensor([[5, 6], [8, 9]]))


def test_window_reduce_works_with_padding_option_as_a_list_of_integer_tuples():  # nx_test.exs:1532
    t = nx.tensor(_T33)
    out = nx.window_reduce(t, 0, (2, 2), lambda x, acc: nx.max(x, acc),
                           padding=[(0, 0), (0, 1)])
    assert nx.shape(out) == (2, 3)
    assert_equal(out, nx.tensor([[5, 6, 6], [8, 9, 9]]))


def test_window_reduce_raises_for_invalid_padding_option():  # nx_test.exs:1545
    t = nx.tensor(_T33)
    with raises_re("invalid padding mode specified"):
        nx.window_reduce(t, 0, (2, 2), lambda x, acc: max(x, acc), padding="whatever")


# ---------------------------------------------------------------- dot/2, dot/4, dot/6
def test_dot_second_arg_can_be_a_scalar():  # nx_test.exs:1560
    t = nx.tensor([[1, 2, 3]])
    assert nx.shape(t) == (1, 3)
    out = nx.dot(t, 3)
    assert nx.shape(out) == (1, 3)
    assert_equal(out, nx.tensor([[3, 6, 9]]))


def test_dot_does_not_re_sort_the_contracting_axes():  # nx_test.exs:1570
    left = nx.iota((2, 7, 8, 3, 1))
    right = nx.iota((1, 8, 3, 7, 3))
    result = nx.dot(left, [3, 1, 2], right, [2, 3, 1])
    assert (2, 1, 1, 3) == result.shape
    # Expected result obtained from pytorch
    assert_equal(result, nx.tensor([
        [[[3_731_448, 3_745_476, 3_759_504]]],
        [[[10_801_560, 10_843_812, 10_886_064]]],
    ]))


def test_dot_works_with_batched_dot_and_different_size_non_batch_dims():  # nx_test.exs:1596
    t1 = nx.iota((3, 2, 4, 1))
    t2 = nx.iota((3, 4, 2, 2))
    assert_equal(nx.dot(t1, [1, 2], [0], t2, [2, 1], [0]),
                 nx.tensor([[[252, 280]], [[2172, 2264]], [[6140, 6296]]]))


def test_dot_works_with_multiple_batch_dimensions():  # nx_test.exs:1604
    t1 = nx.iota((3, 2, 1, 3, 2))
    t2 = nx.iota((3, 2, 1, 1, 4))
    assert_equal(nx.dot(t1, [2], [0, 1], t2, [3], [0, 1]), nx.tensor([
        [
            [[[[0, 0, 0, 0]], [[0, 1, 2, 3]]],
             [[[0, 2, 4, 6]], [[0, 3, 6, 9]]],
             [[[0, 4, 8, 12]], [[0, 5, 10, 15]]]],
            [[[[24, 30, 36, 42]], [[28, 35, 42, 49]]],
             [[[32, 40, 48, 56]], [[36, 45, 54, 63]]],
             [[[40, 50, 60, 70]], [[44, 55, 66, 77]]]],
        ],
        [
            [[[[96, 108, 120, 132]], [[104, 117, 130, 143]]],
             [[[112, 126, 140, 154]], [[120, 135, 150, 165]]],
             [[[128, 144, 160, 176]], [[136, 153, 170, 187]]]],
            [[[[216, 234, 252, 270]], [[228, 247, 266, 285]]],
             [[[240, 260, 280, 300]], [[252, 273, 294, 315]]],
             [[[264, 286, 308, 330]], [[276, 299, 322, 345]]]],
        ],
        [
            [[[[384, 408, 432, 456]], [[400, 425, 450, 475]]],
             [[[416, 442, 468, 494]], [[432, 459, 486, 513]]],
             [[[448, 476, 504, 532]], [[464, 493, 522, 551]]]],
            [[[[600, 630, 660, 690]], [[620, 651, 682, 713]]],
             [[[640, 672, 704, 736]], [[660, 693, 726, 759]]],
             [[[680, 714, 748, 782]], [[700, 735, 770, 805]]]],
        ],
    ]))


def test_dot_works_with_batch_dimension_of_size_1():  # nx_test.exs:1649
    t = nx.tensor([[[1, 2, 3], [4, 5, 6]]])
    assert_equal(nx.dot(t, [2], [0], t, [2], [0]), nx.tensor([[[14, 32], [32, 77]]]))


def test_dot_vectorization_regression():  # nx_test.exs:1654
    l_ = nx.vectorize(nx.tile(nx.tensor([[[[0, 1, 2], [0, -1, -2]]]]), [5, 1, 1, 1]), {"x": 5})
    assert l_.shape == (1, 2, 3)
    r = nx.tensor([[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]])
    expected = nx.reshape(nx.vectorize(nx.tensor([
        [[8, 8, 8, 8], [-8, -8, -8, -8]],
        [[8, 8, 8, 8], [-8, -8, -8, -8]],
        [[8, 8, 8, 8], [-8, -8, -8, -8]],
        [[8, 8, 8, 8], [-8, -8, -8, -8]],
        [[8, 8, 8, 8], [-8, -8, -8, -8]],
    ]), {"x": 5}), (1, 2, 4))
    assert_equal(nx.dot(l_, r), expected)


def test_reverse_does_nothing_when_tensor_is_scalar():  # nx_test.exs:1695
    t = nx.tensor(1)
    assert_equal(nx.reverse(t), t)
