"""Nx v0.10.0's nx/test/nx_test.exs (the Nx module's tests), part 2: from `describe "conv/3"`
to the end of the file (nx_test.exs:1701-3322). Part 1 is test_nx.py; the conventions are its.
"""
from __future__ import annotations

import base64
import math
import re

import pytest

import nx

from nx_helpers import Container, assert_all_close, assert_equal, raises, raises_re

INF = math.inf


# ---------------------------------------------------------------- describe "conv/3"
def _iota(*shape):
    return lambda: nx.iota(shape)


def _bcast(value, *shape):
    return lambda: nx.broadcast(nx.tensor(value), shape)


# Each case: (input, kernel, options, the regex nx's message must match).
@pytest.mark.parametrize("t,kernel,opts,message", [
    # nx_test.exs:1702 (its `assert Nx.rank(t) == 2` checks the input: rank 2 by construction)
    (lambda: nx.tensor([[1, 2]]), _bcast(0, 2, 2, 2), {},
     "input shape in conv requires at least rank 3"),
    # nx_test.exs:1712 (`assert Nx.rank(kernel) == 2`: likewise)
    (_iota(4, 4, 4), _bcast(0, 2, 2), {}, "kernel shape in conv requires at least rank 3"),
    # nx_test.exs:1722
    (_iota(4, 4, 4), _bcast(0, 2, 2, 2), {},
     "size of input channels divided by feature groups must match size of kernel channels"),
    # nx_test.exs:1735
    (_iota(3, 2, 2), _bcast(1.0, 3, 1, 1), {"feature_group_size": 2},
     "size of kernel output channels must be evenly divisible by feature groups"),
    # nx_test.exs:1748
    (_iota(3, 2, 2), _bcast(1.0, 1, 1, 1), {"feature_group_size": 2, "batch_group_size": 2},
     "either batch groups or feature groups must be 1"),
    # nx_test.exs:1761
    (_iota(3, 2, 2), _bcast(1.0, 1, 1, 1), {"batch_group_size": 2},
     "batch groups must evenly divide input batch size"),
    # nx_test.exs:1774
    (_iota(3, 2, 3, 3), _iota(8, 2, 2, 2), {"batch_group_size": 3},
     "size of kernel output channels must be evenly divisible by batch groups"),
], ids=["1702", "1712", "1722", "1735", "1748", "1761", "1774"])
def test_conv_raises_for_invalid_shapes_and_groups(t, kernel, opts, message):
    t, kernel = t(), kernel()
    with raises_re(message):
        nx.conv(t, kernel, **opts)


# `defp conv_raise_for_options` (nx_test.exs:1796): t = iota({4, 2, 4}), kernel =
# broadcast(0, {2, 2, 2}). Nx's messages and nx's carry the same content in other words; each
# case has Nx's message in its comment and matches nx's wording of it.
@pytest.mark.parametrize("opts,message", [
    # nx_test.exs:1787: ~r/rank of strides much match rank of spatial dimension/
    ({"strides": [1, 1, 1, 1]}, r"invalid strides, expected one entry per spatial dimension"),
    # nx_test.exs:1805: ~r/input dilation of each dimension must be a positive integer/
    ({"input_dilation": 0}, r"input_dilation must be positive integers"),
    # nx_test.exs:1818: ~r/must specify dilation for each spatial dimension of the input/
    ({"input_dilation": [1, 1, 1]},
     r"invalid input_dilation, expected one entry per spatial dimension"),
    # nx_test.exs:1823: "input dilation of each dimension must be a positive integer, got [-1]"
    ({"input_dilation": [-1]}, re.escape("input_dilation must be positive integers, got [-1]")),
    # nx_test.exs:1828: "input dilation of each dimension must be a positive integer, got [1.0]"
    ({"input_dilation": [1.0]},
     re.escape("input_dilation must be an integer or a list of integers, got [1.0]")),
    # nx_test.exs:1833: "input dilation must be a positive integer or list of positive
    # integers, got {1.0}" (`{1.0}` is the Python tuple `(1.0,)`)
    ({"input_dilation": (1.0,)},
     re.escape("input_dilation must be an integer or a list of integers, got (1.0,)")),
    # nx_test.exs:1841: ~r/kernel dilation of each dimension must be a positive integer/
    ({"kernel_dilation": 0}, r"kernel_dilation must be positive integers"),
    # nx_test.exs:1846: ~r/must specify dilation for each spatial dimension of the kernel/
    ({"kernel_dilation": [1, 1, 1]},
     r"invalid kernel_dilation, expected one entry per spatial dimension"),
    # nx_test.exs:1851: "kernel dilation of each dimension must be a positive integer, got [-1]"
    ({"kernel_dilation": [-1]}, re.escape("kernel_dilation must be positive integers, got [-1]")),
    # nx_test.exs:1856: "kernel dilation of each dimension must be a positive integer, got
    # [1.0]"
    ({"kernel_dilation": [1.0]},
     re.escape("kernel_dilation must be an integer or a list of integers, got [1.0]")),
    # nx_test.exs:1861: "kernel dilation must be a positive integer or list of positive
    # integers, got {1.0}"
    ({"kernel_dilation": (1.0,)},
     re.escape("kernel_dilation must be an integer or a list of integers, got (1.0,)")),
    # nx_test.exs:1876: ~r/invalid padding/
    ({"padding": "bad_value"}, r"invalid padding"),
], ids=["1787", "1805", "1818", "1823", "1828", "1833", "1841", "1846", "1851", "1856", "1861",
        "1876"])
def test_conv_raise_for_options(opts, message):
    kernel = nx.broadcast(nx.tensor(0), (2, 2, 2))
    t = nx.iota((4, 2, 4))
    with raises_re(message):
        nx.conv(t, kernel, **opts)


def test_conv_works_when_input_dilation_is_a_valid_list():  # nx_test.exs:1810
    kernel = nx.broadcast(nx.tensor(1.0), (1, 2, 1))
    t = nx.iota((2, 2, 2))
    out = nx.conv(t, kernel, input_dilation=[1])
    assert nx.shape(out) == (2, 1, 2)
    assert_equal(out, nx.tensor([[[2.0, 4.0]], [[10.0, 12.0]]]))


def test_conv_works_when_padding_is_a_valid_config_list():  # nx_test.exs:1868
    kernel = nx.broadcast(nx.tensor(1.0), (1, 2, 1))
    t = nx.iota((2, 2, 2))
    out = nx.conv(t, kernel, padding=[(0, 0)])
    assert nx.shape(out) == (2, 1, 2)
    assert_equal(out, nx.tensor([[[2.0, 4.0]], [[10.0, 12.0]]]))


@pytest.mark.parametrize("tensor_type,kernel_type", [("f32", "c64"), ("c64", "f32"),
                                                     ("c64", "c64")])
def test_conv_supports_complex_values(tensor_type, kernel_type):  # nx_test.exs:1881
    # These are basically the doctest but with combinations where either the tensor or the
    # kernel (or both) are complex-typed
    merged = "c64"   # Nx.Type.merge(tensor_type, kernel_type) for these pairs

    # first doctest
    tensor = nx.iota((1, 1, 3, 3), type=tensor_type)
    kernel = nx.iota((4, 1, 1, 1), type=kernel_type)
    expected_output = nx.tensor([[
        [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
        [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
        [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0], [12.0, 14.0, 16.0]],
        [[0.0, 3.0, 6.0], [9.0, 12.0, 15.0], [18.0, 21.0, 24.0]],
    ]], type=merged)
    assert_all_close(expected_output, nx.conv(tensor, kernel, strides=[1, 1]))

    # second doctest
    tensor = nx.iota((1, 1, 3, 3), type=tensor_type)
    kernel = nx.iota((4, 1, 2, 1), type=kernel_type)
    expected_output = nx.tensor([[
        [[3.0, 5.0], [0.0, 0.0]],
        [[9.0, 15.0], [6.0, 10.0]],
        [[15.0, 25.0], [12.0, 20.0]],
        [[21.0, 35.0], [18.0, 30.0]],
    ]], type=merged)
    assert_all_close(expected_output,
                     nx.conv(tensor, kernel, strides=2, padding="same", kernel_dilation=[2, 1]))


# ---------------------------------------------------------------- describe "clip/3"
def test_clip_raises_when_min_arg_is_non_scalar():  # nx_test.exs:1964
    t = nx.iota((4,))
    min_ = nx.iota((2,))
    max_ = 3
    # Nx: "min value must be a non-vectorized scalar shape, got shape {2} and vectorized axes []"
    with raises_re(r"min value must be a non-vectorized scalar shape, got shape \(2,\) and "
                   r"vectorized axes \[\]"):
        nx.clip(t, min_, max_)


def test_clip_raises_when_max_arg_is_non_scalar():  # nx_test.exs:1978
    t = nx.iota((4,))
    min_ = nx.iota(())
    max_ = nx.iota((3,))
    with raises_re(r"max value must be a non-vectorized scalar shape, got shape \(3,\) and "
                   r"vectorized axes \[\]"):
        nx.clip(t, min_, max_)


def test_clip_works_with_infinities():  # nx_test.exs:1992
    t = nx.tensor([1.0, 2.0, 3.0])
    assert_equal(t, nx.clip(t, nx.constants.neg_infinity(), nx.constants.infinity()))


# ---------------------------------------------------------------- describe "concatenate/2"
def test_concatenate_middle_axis():  # nx_test.exs:1999
    t1 = nx.iota((2, 2, 2))
    t2 = nx.add(t1, 10)
    t3 = nx.add(t1, 20)
    assert_equal(nx.concatenate([t1, t2, t3], axis=1), nx.tensor([
        [[0, 1], [2, 3], [10, 11], [12, 13], [20, 21], [22, 23]],
        [[4, 5], [6, 7], [14, 15], [16, 17], [24, 25], [26, 27]],
    ]))


def test_concatenate_raises_for_an_empty_list_of_tensors():  # nx_test.exs:2025
    with raises("no tensors were given to concatenate"):
        nx.concatenate([])


# ---------------------------------------------------------------- sort/1, sort/2, argsort/2
_NON_SYMMETRIC = [
    [[4, 5], [2, 5], [5, 0]],
    [[1, 9], [2, 1], [2, 1]],
    [[0, -1], [-1, 0], [0, -1]],
    [[-1, 0], [0, -1], [-1, 0]],
]


def test_sort_works():  # nx_test.exs:2033
    t = nx.tensor([3, 2, 1, 0])
    assert_equal(nx.sort(t), nx.tensor([0, 1, 2, 3]))


def test_sort_works_with_non_symmetric_tensors():  # nx_test.exs:2038
    tensor = nx.tensor(_NON_SYMMETRIC, names=["x", "y", "z"])
    assert_equal(nx.sort(tensor, axis="x"), nx.tensor([
        [[-1, -1], [-1, -1], [-1, -1]],
        [[0, 0], [0, 0], [0, 0]],
        [[1, 5], [2, 1], [2, 0]],
        [[4, 9], [2, 5], [5, 1]],
    ], names=["x", "y", "z"]))


# nx_test.exs:2096 and nx_test.exs:2150
@pytest.mark.parametrize("fun", ["sort", "argsort"])
def test_sort_argsort_raises_for_invalid_direction(fun):
    t = nx.tensor([3, 2, 1, 0])
    # Nx: "unknown value for :direction, expected :asc or :desc, got: :invalid"
    # nx: 'unknown value for direction, expected "asc" or "desc", got: 'invalid''
    with raises("unknown value for direction, expected \"asc\" or \"desc\", got: 'invalid'"):
        getattr(nx, fun)(t, direction="invalid")


def test_argsort_works_with_non_symmetric_tensors():  # nx_test.exs:2110
    tensor = nx.tensor(_NON_SYMMETRIC, names=["x", "y", "z"])
    assert_equal(nx.argsort(tensor, axis="x"), nx.tensor([
        [[3, 2], [2, 3], [3, 2]],
        [[2, 3], [3, 2], [2, 0]],
        [[1, 0], [0, 1], [1, 3]],
        [[0, 1], [1, 0], [0, 1]],
    ], names=["x", "y", "z"]))


def test_take_accepts_scalar_and_number_as_index():  # nx_test.exs:2164
    assert_equal(nx.take(nx.iota((4,)), 2), nx.tensor(2))
    assert_equal(nx.take(nx.iota((4,)), nx.tensor(2)), nx.tensor(2))
    assert_equal(nx.take(nx.iota((4,)), nx.tensor([0, 2])), nx.tensor([0, 2]))


# ---------------------------------------------------------------- describe "take_diagonal/2"
# nx_test.exs:2172, 2181, 2190, 2199, 2208, 2217
@pytest.mark.parametrize("shape,opts,expected", [
    ((3, 3), {}, [0, 4, 8]),                       # given no offset
    ((3, 4), {}, [0, 5, 10]),                      # breadth is greater than length
    ((4, 3), {}, [0, 4, 8]),                       # length is greater than breadth
    ((3, 3), {"offset": 1}, [1, 5]),               # given positive offset
    ((3, 3), {"offset": -1}, [3, 7]),              # given negative offset
    ((2, 3, 3), {}, [[0, 4, 8], [9, 13, 17]]),     # given batched matrices
], ids=["2172", "2181", "2190", "2199", "2208", "2217"])
def test_take_diagonal_extracts_valid_diagonal(shape, opts, expected):
    diag = nx.take_diagonal(nx.iota(shape), **opts)
    assert_equal(diag, nx.tensor(expected))


def test_take_diagonal_raises_error_given_tensor_with_invalid_rank():  # nx_test.exs:2226
    t = nx.iota((3,))
    with raises("expects tensor of rank 2 or higher, got tensor of rank: 1"):
        nx.take_diagonal(t)


# nx_test.exs:2236 (take_diagonal) and nx_test.exs:2374 (put_diagonal)
@pytest.mark.parametrize("fun", ["take_diagonal", "put_diagonal"])
def test_diagonal_raises_error_given_invalid_positive_offset(fun):
    t = nx.iota((3, 3))
    args = (t,) if fun == "take_diagonal" else (t, nx.iota((3,)))
    with raises("offset must be less than length of axis 1 when positive, got: 4"):
        getattr(nx, fun)(*args, offset=4)


# nx_test.exs:2246 (take_diagonal) and nx_test.exs:2385 (put_diagonal)
@pytest.mark.parametrize("fun", ["take_diagonal", "put_diagonal"])
def test_diagonal_raises_error_given_invalid_negative_offset(fun):
    t = nx.iota((3, 3))
    args = (t,) if fun == "take_diagonal" else (t, nx.iota((3,)))
    with raises("absolute value of offset must be less than length of axis 0 when negative, "
                "got: -3"):
        getattr(nx, fun)(*args, offset=-3)


# ---------------------------------------------------------------- describe "make_diagonal/2"
# nx_test.exs:2258, 2267, 2276
@pytest.mark.parametrize("opts,expected", [
    ({}, [[1, 0, 0], [0, 2, 0], [0, 0, 3]]),
    ({"offset": 1}, [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 3], [0, 0, 0, 0]]),
    ({"offset": -1}, [[0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0]]),
], ids=["2258", "2267", "2276"])
def test_make_diagonal_constructs_valid_diagonal(opts, expected):
    diag = nx.make_diagonal(nx.tensor([1, 2, 3]), **opts)
    assert_equal(diag, nx.tensor(expected))


def test_make_diagonal_raises_error_given_tensor_with_invalid_rank():  # nx_test.exs:2285
    t = nx.iota((3, 3, 3))
    with raises("expects tensor of rank 1, got tensor of rank: 3"):
        nx.make_diagonal(t)


# ---------------------------------------------------------------- describe "put_diagonal/2"
# nx_test.exs:2297, 2308, 2319
@pytest.mark.parametrize("target,opts,expected", [
    (lambda: nx.iota((3, 3)), {}, [[1, 1, 2], [3, 2, 5], [6, 7, 3]]),
    (lambda: nx.broadcast(0, (4, 4)), {"offset": 1},
     [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 3], [0, 0, 0, 0]]),
    (lambda: nx.broadcast(0, (4, 4)), {"offset": -1},
     [[0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0]]),
], ids=["2297", "2308", "2319"])
def test_put_diagonal_puts_valid_diagonal(target, opts, expected):
    diag = nx.put_diagonal(target(), nx.tensor([1, 2, 3]), **opts)
    assert_equal(diag, nx.tensor(expected))


def test_put_diagonal_raises_error_given_tensor_with_invalid_rank():  # nx_test.exs:2330
    with raises("expects tensor of rank 2, got tensor of rank: 3"):
        nx.put_diagonal(nx.iota((3, 3, 3)), nx.iota((3,)))


def test_put_diagonal_raises_error_given_diagonal_with_invalid_rank():  # nx_test.exs:2341
    with raises("expects diagonal of rank 1, got tensor of rank: 2"):
        nx.put_diagonal(nx.iota((3, 3)), nx.iota((3, 3)))


def test_put_diagonal_raises_given_diagonal_with_invalid_length_no_offset():  # nx_test.exs:2352
    with raises("expected diagonal tensor of length: 3, got diagonal tensor of length: 2"):
        nx.put_diagonal(nx.iota((3, 3)), nx.iota((2,)))


def test_put_diagonal_raises_given_diagonal_with_invalid_length_valid_offset():  # nx_test.exs:2363
    with raises("expected diagonal tensor of length: 2, got diagonal tensor of length: 3"):
        nx.put_diagonal(nx.iota((3, 3)), nx.iota((3,)), offset=1)


# ---------------------------------------------------------------- describe "indexed_add/3"
def test_indexed_add_can_emulate_take_along_axis():  # nx_test.exs:2398
    # One can also convert the indices produced by argsort into suitable indices for
    # indexed_add as below. The following example emulates `take_along_axis/3` with
    # `indexed_add/3`
    t = nx.tensor([[4, 5], [2, 3], [1, 0]])
    axis = 1
    i = nx.argsort(t, axis=axis, direction="desc")
    assert_equal(nx.tensor([[1, 0], [1, 0], [0, 1]]), i)

    num_elements = math.prod(nx.shape(t))
    iotas = [nx.reshape(nx.iota(nx.shape(t), axis=ax), (num_elements, 1))
             for ax in range(nx.rank(t))]
    iotas[axis] = nx.reshape(i, (num_elements, 1))
    indices = nx.concatenate(iotas, axis=1)
    assert_equal(nx.tensor([[5, 4], [3, 2], [1, 0]]),
                 nx.indexed_add(nx.broadcast(0, nx.shape(t)), indices,
                                nx.reshape(t, (num_elements,))))


@pytest.mark.parametrize("ty", [f"{k}{w}" for k in "us" for w in (2, 4, 8, 16, 32, 64)])
def test_indexed_add_works_with_all_integer_types_in_indices(ty):  # nx_test.exs:2432
    indices = nx.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], type=ty)
    assert_equal(nx.add(nx.iota((2, 2)), 1),
                 nx.indexed_add(nx.broadcast(0, (2, 2)), indices, nx.tensor([1, 2, 3, 4])))


@pytest.mark.parametrize("ty", ["f16", "bf16", "f32", "f64", "c64", "c128"])
def test_indexed_add_fails_for_all_non_integer_types_in_indices(ty):  # nx_test.exs:2441
    indices = nx.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], type=ty)
    # Nx: "indices must be an integer tensor, got type: {:f, 16}"; nx: "... got f16"
    with raises_re(rf"indices must be an integer tensor, got {ty}\b"):
        nx.indexed_add(nx.broadcast(0, (2, 2)), indices, nx.tensor([1, 2, 3, 4]))


# ---------------------------------------------------------------- describe "serialize/deserialize"
@pytest.mark.skip(reason="Elixir-only: deserializes an Erlang-term (:erlang.term_to_binary) v1 "
                         "blob of a %Container{}; nx's serialization format is its own")
def test_serialize_v1_regression():  # nx_test.exs:2455
    pass


@pytest.mark.xfail(strict=True, reason="nx.serialize raises TypeError 'cannot serialize "
                   "Container' for a registered container type, where Nx serializes the "
                   "%Container{} struct (containers :a, :b; :d kept; :c reset to its default)")
def test_serialize_containers():  # nx_test.exs:2484
    container = Container(a=(nx.tensor(1), nx.tensor(2)), b={"key": nx.tensor(3)},
                          c="discarded", d="kept")
    got = nx.deserialize(nx.serialize(container))
    assert isinstance(got, Container)
    assert_equal(got.a, container.a)
    assert_equal(got.b, container.b)
    assert got.c == {}   # `%{container | c: %{}}`
    assert got.d == "kept"


def test_serialize_numbers():  # nx_test.exs:2495
    assert_equal(nx.deserialize(nx.serialize(123)), nx.tensor(123))
    assert_equal(nx.deserialize(nx.serialize(1.2)), nx.tensor(1.2))


def test_serialize_vectorized():  # nx_test.exs:2500
    tensor = nx.vectorize(nx.tensor([[1], [2], [3]]), "x")
    assert_equal(nx.deserialize(nx.serialize(tensor)), tensor)


# ---------------------------------------------------------------- load_numpy, load_numpy_archive
# Nx's fixtures nx/test/fixtures/numpy/*.np[yz] (v0.10.0), byte for byte, in base64.

FIXTURES = {
    "no_dims_int64.npy": (
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0g"
        "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAp7AAAA"
        "AAAAAA=="),
    "1d_int64.npy": (
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwg"
        "fSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAA"
        "AAAAAAIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAA=="),
    "2d_float32.npy": (
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIp"
        "LCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/"
        "AAAAQAAAQEAAAIBAAACgQAAAwEA="),
    "1d_uint8.npy": (
        "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwg"
        "fSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAgM="),
    "archive.npz": (
        "UEsDBBQAAAAAAAAAIQC8kVWOmAAAAJgAAAAHABQAZm9vLm5weQEAEACYAAAAAAAAAJgAAAAAAAAAk05VTVBZAQB2"
        "AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAg"
        "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAIAAAAA"
        "AAAAAwAAAAAAAABQSwMEFAAAAAAAAAAhAO6OdK2IAAAAiAAAAAcAFABiYXIubnB5AQAQAIgAAAAAAAAAiAAAAAAA"
        "AACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwp"
        "LCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAA"
        "gL8AAIA/UEsDBBQAAAAAAAAAIQBmF4RjiAAAAIgAAAARABQAYV9sb25nZXJfbmFtZS5ucHkBABAAiAAAAAAAAACI"
        "AAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6"
        "ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
        "ICAKewAAAAAAAABQSwECFAMUAAAAAAAAACEAvJFVjpgAAACYAAAABwAAAAAAAAAAAAAAgAEAAAAAZm9vLm5weVBL"
        "AQIUAxQAAAAAAAAAIQDujnStiAAAAIgAAAAHAAAAAAAAAAAAAACAAdEAAABiYXIubnB5UEsBAhQDFAAAAAAAAAAh"
        "AGYXhGOIAAAAiAAAABEAAAAAAAAAAAAAAIABkgEAAGFfbG9uZ2VyX25hbWUubnB5UEsFBgAAAAADAAMAqQAAAF0C"
        "AAAAAA=="),
    "archive_compressed.npz": (
        "UEsDBBQAAAAIAAAAIQC8kVWOTQAAAJgAAAAHABQAZm9vLm5weQEAEACYAAAAAAAAAE0AAAAAAAAAm+wX6hsQychQ"
        "xlCtnpJanFykbqWgbpNpoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaxjqaOgq1ChQALkYGCGCC0sxQ"
        "GgBQSwMEFAAAAAgAAAAhAO6OdK1LAAAAiAAAAAcAFABiYXIubnB5AQAQAIgAAAAAAAAASwAAAAAAAACb7BfqGxDJ"
        "yFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuBoaG/UBs"
        "DwBQSwMEFAAAAAgAAAAhAGYXhGNIAAAAiAAAABEAFABhX2xvbmdlcl9uYW1lLm5weQEAEACIAAAAAAAAAEgAAAAA"
        "AAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNpoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkahjqaOgq1"
        "ChQArmoGCAAAUEsBAhQDFAAAAAgAAAAhALyRVY5NAAAAmAAAAAcAAAAAAAAAAAAAAIABAAAAAGZvby5ucHlQSwEC"
        "FAMUAAAACAAAACEA7o50rUsAAACIAAAABwAAAAAAAAAAAAAAgAGGAAAAYmFyLm5weVBLAQIUAxQAAAAIAAAAIQBm"
        "F4RjSAAAAIgAAAARAAAAAAAAAAAAAACAAQoBAABhX2xvbmdlcl9uYW1lLm5weVBLBQYAAAAAAwADAKkAAACVAQAA"
        "AAA="),
}


def fixture(name):
    """`File.read!("test/fixtures/numpy/" <> name)`."""
    return base64.b64decode(FIXTURES[name])


def test_load_numpy_loads_array():  # nx_test.exs:2507
    assert_equal(nx.load_numpy(fixture("no_dims_int64.npy")), nx.tensor(123, type="s64"))
    assert_equal(nx.load_numpy(fixture("1d_int64.npy")), nx.tensor([1, 2, 3, 4], type="s64"))
    assert_equal(nx.load_numpy(fixture("2d_float32.npy")),
                 nx.tensor([[1, 2], [3, 4], [5, 6]], type="f32"))
    assert_equal(nx.load_numpy(fixture("1d_uint8.npy")), nx.tensor([1, 2, 3], type="u8"))


def test_load_numpy_archive_loads_archive():  # nx_test.exs:2523
    expected = [
        ("foo", nx.tensor([1, 2, 3], type="s64")),
        ("bar", nx.tensor([-1, 1], type="f32")),
        ("a_longer_name", nx.tensor([123], type="s64")),
    ]
    got = nx.load_numpy_archive(fixture("archive.npz"))
    assert [name for name, _ in got] == [name for name, _ in expected]
    assert_equal([t for _, t in got], [t for _, t in expected])
    got = nx.load_numpy_archive(fixture("archive_compressed.npz"))
    assert [name for name, _ in got] == [name for name, _ in expected]
    assert_equal([t for _, t in got], [t for _, t in expected])


# ---------------------------------------------------------------- describe "sigils"
# `~MAT[...]` is `nx.mat("...")`, `~VEC[...]` `nx.vec("...")`; a type suffix (`~MAT[...]f32`)
# is the second argument; `eval("...")` of the Elixir test is a direct call.

def test_sigils_evaluates_to_tensor():  # nx_test.exs:2538
    assert_equal(nx.mat("-1 2 3 4"), nx.tensor([[-1, 2, 3, 4]]))
    assert_equal(nx.mat("""1
                2
                3
                4"""), nx.tensor([[1], [2], [3], [4]]))
    assert_equal(nx.mat("""1.0 2  3
                11  12 13"""), nx.tensor([[1.0, 2, 3], [11, 12, 13]]))
    assert_equal(nx.vec("4 3 2 1"), nx.tensor([4, 3, 2, 1]))


def test_sigils_raises_when_vector_has_more_than_one_dimension():  # nx_test.exs:2554
    with raises("must be one-dimensional"):
        nx.vec("""0 0 0 1
                     1 0 0 0""")


def test_sigils_evaluates_with_proper_type():  # nx_test.exs:2565
    assert_equal(nx.mat("1 2 3 4", "f32"), nx.tensor([[1, 2, 3, 4]], type="f32"))
    assert_equal(nx.mat("4 3 2 1", "u8"), nx.tensor([[4, 3, 2, 1]], type="u8"))
    assert_equal(nx.vec("0 1 0 1", "u8"), nx.tensor([0, 1, 0, 1], type="u8"))


def test_sigils_raises_on_invalid_type():  # nx_test.exs:2572
    # Nx: "invalid numerical type: {:f, 4} (see Nx.Type docs for all supported types)"; nx:
    # "unknown type 'f4'; expected one of: ...": the same content, other words.
    with raises_re("unknown type 'f4'"):
        nx.mat("1 2 3 4", "f4")


def test_sigils_raises_on_non_numerical_values():  # nx_test.exs:2582
    with raises("expected a numerical value for tensor, got x"):
        nx.vec("1 2 x 4", "u8")


# ---------------------------------------------------------------- describe "gather"
def test_gather_raises_when_out_of_bounds():  # nx_test.exs:2600
    t = nx.tensor([[1, 2], [3, 4]])
    with raises_re(r"index 3 is out of bounds for axis 0 in shape \(2, 2\)"):
        nx.gather(t, nx.tensor([[3, -10]]))
    with raises_re(r"index -1 is out of bounds for axis 1 in shape \(2, 2\)"):
        nx.gather(t, nx.tensor([[0, -1]]))


# ---------------------------------------------------------------- variance, standard_deviation
_T32 = [[4, 5], [2, 3], [1, 0]]


def test_variance_calculates_variance_of_a_tensor():  # nx_test.exs:2614
    assert_equal(nx.variance(nx.tensor(_T32)), nx.tensor(2.9166667461395264))


def test_variance_uses_optional_ddof():  # nx_test.exs:2619
    assert_equal(nx.variance(nx.tensor(_T32), ddof=1), nx.tensor(3.5))


def test_variance_uses_optional_axes():  # nx_test.exs:2624
    t = nx.tensor(_T32, names=["x", "y"])
    assert_equal(nx.variance(t, axes=["x"]),
                 nx.tensor([1.5555557012557983, 4.222222328186035], names=["y"]))
    t = nx.tensor(_T32, names=["x", "y"])
    assert_equal(nx.variance(t, axes=["y"]), nx.tensor([0.25, 0.25, 0.25], names=["x"]))


def test_variance_uses_optional_keep_axes():  # nx_test.exs:2634
    assert_equal(nx.variance(nx.tensor(_T32), keep_axes=True), nx.tensor([[2.9166667461395264]]))


def test_standard_deviation_calculates_the_standard_deviation_of_a_tensor():  # nx_test.exs:2641
    assert_equal(nx.standard_deviation(nx.tensor(_T32)), nx.tensor(1.707825127659933))


def test_standard_deviation_uses_optional_ddof():  # nx_test.exs:2646
    assert_equal(nx.standard_deviation(nx.tensor(_T32), ddof=1), nx.tensor(1.8708287477493286))


def test_standard_deviation_uses_optional_axes():  # nx_test.exs:2651
    assert_equal(nx.standard_deviation(nx.tensor(_T32), axes=[0]),
                 nx.tensor([1.247219204902649, 2.054804801940918]))


def test_standard_deviation_uses_optional_keep_axes():  # nx_test.exs:2658
    assert_equal(nx.standard_deviation(nx.tensor(_T32), keep_axes=True),
                 nx.tensor([[1.7078251838684082]]))


# ---------------------------------------------------------------- describe "covariance/1"
_COV = [[1.5555554628372192, 2.444444417953491], [2.444444417953491, 4.222222328186035]]


@pytest.mark.xfail(strict=True, reason="f32 rounding: nx gives [0][0] = 1.5555557012557983 "
                   "where Nx gives 1.5555554628372192")
def test_covariance_calculates_the_covariance_of_a_tensor():  # nx_test.exs:2665
    assert_equal(nx.covariance(nx.tensor(_T32)), nx.tensor(_COV))


@pytest.mark.xfail(strict=True, reason="f32 rounding: nx gives [0][0][0] = 1.5555557012557983 "
                   "and [1][1][1] = 4.222221851348877 where Nx gives 1.5555554628372192 and "
                   "4.222222328186035")
def test_covariance_with_tensor_batch():  # nx_test.exs:2675
    t = nx.tensor([[[4, 5], [2, 3], [1, 0]], [[10, 11], [8, 9], [7, 6]]])
    assert_equal(nx.covariance(t), nx.tensor([_COV, _COV]))


def test_covariance_with_mean():  # nx_test.exs:2691
    mean = nx.tensor([3, 2])
    assert_equal(nx.covariance(nx.tensor(_T32), mean),
                 nx.tensor([[2.0, 2.0], [2.0, 4.666666507720947]]))


def test_covariance_with_mean_batch():  # nx_test.exs:2702
    mean = nx.tensor([[3, 2], [2, 3]])
    assert_equal(nx.covariance(nx.tensor(_T32), mean), nx.tensor([
        [[2.0, 2.0], [2.0, 4.666666507720947]],
        [[1.6666666269302368, 2.3333332538604736], [2.3333332538604736, 4.333333492279053]],
    ]))


@pytest.mark.xfail(strict=True, reason="f32 rounding: nx gives [[2.3333334922790527, "
                   "3.6666665077209473], [3.6666665077209473, ...]] where Nx gives "
                   "[[2.3333332538604736, 3.6666667461395264], [3.6666667461395264, ...]]")
def test_covariance_uses_optional_ddof():  # nx_test.exs:2719
    assert_equal(nx.covariance(nx.tensor(_T32), ddof=1), nx.tensor([
        [2.3333332538604736, 3.6666667461395264],
        [3.6666667461395264, 6.333333492279053],
    ]))


def test_weighted_mean_shape_of_input_differs_from_shape_of_weights():  # nx_test.exs:2731
    t = nx.iota((4, 6))
    weights = nx.tensor([1, 2, 3, 4])
    assert_equal(nx.weighted_mean(t, weights, axes=[0]),
                 nx.tensor([12.0, 13.0, 14.0, 15.0, 16.0, 17.0]))


def test_median_uses_optional_keep_axis_with_unsorted_tensor():  # nx_test.exs:2741
    t = nx.tensor([[[4, 5, 8], [1, 6, 7]], [[3, 9, 2], [7, 5, 6]]])
    assert_equal(nx.median(t, axis=-1, keep_axis=True), nx.tensor([[[5], [6]], [[3], [6]]]))


# ---------------------------------------------------------------- describe "complex/2"
T32 = nx.tensor(1, type="f32")   # @t32
T64 = nx.tensor(2, type="f64")   # @t64


def test_complex_preserves_precision_of_real_and_imaginary_parts():  # nx_test.exs:2753
    t = nx.tensor(complex(1, 2), type="c128")
    c = nx.complex(nx.real(t), nx.imag(t))
    assert nx.type(c) == ("c", 128)
    t = nx.tensor(complex(1, 3), type="c64")
    c = nx.complex(nx.real(t), nx.imag(t))
    assert nx.type(c) == ("c", 64)


def test_complex_returns_c128_for_64_bit_inputs():  # nx_test.exs:2763
    t = nx.complex(T64, T64)
    assert nx.type(t) == ("c", 128)


def test_complex_returns_c128_for_mixed_32_and_64_bit_inputs():  # nx_test.exs:2768
    t = nx.complex(T32, T64)
    assert nx.type(t) == ("c", 128)
    t = nx.complex(T64, T32)
    assert nx.type(t) == ("c", 128)


def test_as_type_preserves_the_imaginary_part_between_c64_and_c128():  # nx_test.exs:2778
    t64 = nx.tensor(complex(1, 2), type="c64")
    t128 = nx.tensor(complex(1, 2), type="c128")
    assert_equal(nx.as_type(t128, "c64"), t64)
    assert_equal(nx.as_type(t64, "c128"), t128)


def test_as_type_keeps_only_real_part_when_downcasting_complex_to_real():  # nx_test.exs:2786
    z = complex(1, 2)
    t64 = nx.tensor(z, type="c64")
    for ty in ["f32", "f64"]:
        assert_equal(nx.as_type(t64, ty), nx.tensor(z.real, type=ty))
    for ty in ["s64", "s32", "s16", "s8", "u64", "u32", "u16", "u8"]:
        assert_equal(nx.as_type(t64, ty), nx.tensor(math.trunc(z.real), type=ty))


def test_with_default_backend_implicitly_uses_the_given_backend():  # nx_test.exs:2801
    # Nx uses the Nx.Defn.Expr backend (and compares the inspected expressions); nx has no
    # expression backend, so its other backend, "xla" (the default here is "numpy"), stands in.
    left = nx.with_default_backend("xla", lambda: nx.sin(nx.iota((4,))))
    right = nx.sin(nx.iota((4,), backend="xla"))
    assert repr(left) == repr(right)


def test_linspace_works_for_f64():  # nx_test.exs:2814
    # bug fix: https://github.com/elixir-nx/nx/issues/1222
    linear = nx.linspace(0.0, 0.5, n=6, type="f64")
    expected_linear = nx.tensor([0.0, 0.1, 0.2, 0.3, 0.4, 0.5], type="f64")
    assert_all_close(linear, expected_linear, atol=1.0e-15, rtol=1.0e-15)


# ---------------------------------------------------------------- describe "reflect/2"
def test_reflect_reflects_over_axes_of_size_1():  # nx_test.exs:2822
    assert_equal(nx.tensor([1, 1, 1, 1]), nx.reflect(nx.tensor([1]), padding_config=[(2, 1)]))
    assert_equal(nx.tensor([[[1, 1, 1, 1]]]),
                 nx.reflect(nx.tensor([[[1]]]), padding_config=[(0, 0), (0, 0), (2, 1)]))


def test_reflect_semantic_error_on_invalid_padding_config():  # nx_test.exs:2829
    # Nx prints the format and the configs as Elixir tuples ({left, right}, {0}, {-1, 0}); nx
    # as Python tuples ((left, right), (0,), (-1, 0)).
    with raises("expected padding config for axis 0 to be of the format (left, right), with "
                "left and right as non-negative integers, got: (0,)"):
        nx.reflect(nx.tensor([0]), padding_config=[(0,)])
    with raises("expected padding config for axis 2 to be of the format (left, right), with "
                "left and right as non-negative integers, got: (-1, 0)"):
        nx.reflect(nx.tensor([[[0]]]), padding_config=[(0, 0), (0, 0), (-1, 0)])


# ---------------------------------------------------------------- describe "mode"
def test_mode_axis():  # nx_test.exs:2845
    assert_equal(nx.mode(nx.tensor([[1, 2, 3]]), axis=0), nx.tensor([1, 2, 3]))
    assert_equal(nx.mode(nx.tensor([[1, 2, 3]]), axis=0, keep_axis=True), nx.tensor([[1, 2, 3]]))
    assert_equal(nx.mode(nx.tensor([[1], [2], [1], [3]]), axis=1), nx.tensor([1, 2, 1, 3]))


def test_mode_keep_axis():  # nx_test.exs:2851
    assert_equal(nx.mode(nx.tensor(1), keep_axis=True), nx.tensor([1]))
    assert_equal(nx.mode(nx.tensor([[[1]]]), keep_axis=True), nx.tensor([[[1]]]))


# ------------------------------------------------------------ reshape_vectors, broadcast_vectors
def test_reshape_vectors_returns_correct_axes_order():  # nx_test.exs:2858
    x = nx.iota((1,), vectorized_axes=[("x", 1)])
    xy = nx.iota((1,), vectorized_axes=[("x", 1), ("y", 2)])
    x2 = nx.iota((1,), vectorized_axes=[("x", 2)])
    # `%{x | vectorized_axes: [x: 1, y: 1]}` etc.: the same data under the given axes, which
    # for these iotas is the iota with those vectorized axes
    assert_equal([
        nx.iota((1,), vectorized_axes=[("x", 1), ("y", 1)]),
        nx.iota((1,), vectorized_axes=[("x", 1), ("y", 2)]),
        nx.iota((1,), vectorized_axes=[("x", 2), ("y", 1)]),
    ], nx.reshape_vectors([x, xy, x2]))


def test_broadcast_vectors_returns_correct_axes_order():  # nx_test.exs:2872
    x = nx.iota((1,), vectorized_axes=[("x", 1)])
    xy = nx.iota((1, 2), vectorized_axes=[("x", 1), ("y", 2)])
    x2 = nx.iota((1, 2, 3), vectorized_axes=[("x", 2)])
    result = [
        nx.iota((1,), vectorized_axes=[("x", 2), ("y", 2)]),
        nx.iota((1, 2), vectorized_axes=[("x", 2), ("y", 2)]),
        nx.iota((1, 2, 3), vectorized_axes=[("x", 2), ("y", 2)]),
    ]
    assert_equal(result, nx.broadcast_vectors([x, xy, x2]))
    assert_equal(result, nx.broadcast_vectors([x, xy, x2], align_ranks=False))


def test_broadcast_vectors_correct_axes_order_and_shape_for_align_ranks():  # nx_test.exs:2887
    x = nx.iota((1,), vectorized_axes=[("x", 1)])
    xy = nx.iota((1, 2), vectorized_axes=[("x", 1), ("y", 2)])
    x2 = nx.iota((1, 2, 3), vectorized_axes=[("x", 2)])
    assert_equal([
        nx.iota((1, 1, 1), vectorized_axes=[("x", 2), ("y", 2)]),
        nx.iota((1, 1, 2), vectorized_axes=[("x", 2), ("y", 2)]),
        nx.iota((1, 2, 3), vectorized_axes=[("x", 2), ("y", 2)]),
    ], nx.broadcast_vectors([x, xy, x2], align_ranks=True))


# ---------------------------------------------------------------- describe "vectorization"
def vec(t, axes):
    return nx.vectorize(t, axes)


def test_vectorization_vectorizes_and_devectorizes_containers():  # nx_test.exs:2901
    container = (nx.tensor([1]), {"a": nx.tensor([2]), "b": (nx.tensor([3]), nx.tensor([[4, 5]]))})
    vectorized = nx.vectorize(container, {"x": 1})
    assert_equal(vectorized, (vec(nx.tensor([1]), {"x": 1}), {
        "a": vec(nx.tensor([2]), {"x": 1}),
        "b": (vec(nx.tensor([3]), {"x": 1}), vec(nx.tensor([[4, 5]]), {"x": 1})),
    }))
    assert_equal(nx.devectorize((1, vectorized), keep_names=False), (nx.tensor(1), container))


_V_SCALARS = [[[0, 1, 2], [3, 4, 5]], [[1, 2, 3], [4, 5, 6]]]
_V_1D = [[[0, 2, 4], [3, 5, 7]], [[10, 21, 32], [13, 24, 35]]]


def test_vectorization_vectorized_scalars_vs_non_vectorized_operand():  # nx_test.exs:2918
    v = vec(nx.tensor([0, 1]), {"x": 2})
    t = nx.iota((2, 3))
    result = vec(nx.tensor(_V_SCALARS), {"x": 2})
    assert_equal(nx.add(t, v), result)
    assert_equal(nx.add(v, t), result)


def test_vectorization_vectorized_1d_tensors_vs_non_vectorized_operand():  # nx_test.exs:2939
    v = vec(nx.tensor([[0, 1, 2], [10, 20, 30]]), {"x": 2})
    t = nx.iota((2, 3))
    result = vec(nx.tensor(_V_1D), {"x": 2})
    assert_equal(nx.add(t, v), result)
    assert_equal(nx.add(v, t), result)


def test_vectorization_vectorized_scalars_vs_vectorized_operand():  # nx_test.exs:2960
    v = vec(nx.tensor([0, 1]), {"x": 2})
    t = nx.iota((2, 3), vectorized_axes=[("x", 1), ("y", 2)])
    result = vec(nx.tensor([[r, r] for r in _V_SCALARS]), {"x": 2, "y": 2})
    assert_equal(nx.add(t, v), result)
    assert_equal(nx.add(v, t), result)


def test_vectorization_vectorized_1d_tensors_vs_vectorized_operand():  # nx_test.exs:2993
    v = vec(nx.tensor([[0, 1, 2], [10, 20, 30]]), {"x": 2})
    t = nx.iota((2, 3), vectorized_axes=[("x", 1), ("y", 2)])
    result = vec(nx.tensor([[r, r] for r in _V_1D]), {"x": 2, "y": 2})
    assert_equal(nx.add(t, v), result)
    assert_equal(nx.add(v, t), result)


# ---------------------------------------------------------------- describe "select"
def test_select_works_with_vectorized_scalar_pred():  # nx_test.exs:3028
    pred = vec(nx.tensor([0, 1]), {"x": 2})
    on_true = nx.tensor([[0, 1, 2]])
    on_false = nx.tensor([[3, 4, 5]])
    assert_equal(nx.select(pred, on_true, on_false),
                 vec(nx.tensor([[[3, 4, 5]], [[0, 1, 2]]]), {"x": 2}))

    pred = vec(nx.tensor([0, 1]), {"x": 2})
    on_true = vec(nx.tensor([[0, 1, 2]]), {"x": 1})
    on_false = vec(nx.tensor([[3, 4, 5]]), {"x": 1})
    assert_equal(nx.select(pred, on_true, on_false),
                 vec(nx.tensor([[3, 4, 5], [0, 1, 2]]), {"x": 2}))


def test_select_works_with_scalar_pred_and_vectorized_inputs():  # nx_test.exs:3044
    assert_equal(nx.select(1, nx.iota((2,), vectorized_axes=[("x", 2)]),
                           vec(nx.tensor([[3, 4]]), {"x": 1})),
                 vec(nx.tensor([[0, 1], [0, 1]]), {"x": 2}))


def test_fft_ifft_bluestein_clause():  # nx_test.exs:3054
    # we need a tensor which isn't a power of 2 and is > than 1024 to actually validate the
    # bluestein implementation. No doctests check for it.
    x = nx.tile(nx.vec("1 1 1 0 0 0"), [400])
    x_fft = nx.fft(x)

    # From numpy we expect the following indices to be the only non-zero values in the tensor
    non_zero_idx = nx.tensor([0, 400, 1200, 2000])
    assert_equal(nx.take(x_fft, non_zero_idx), nx.vec("1200 400-692.820323i 400 400+692.820323i"))

    zeros_check = nx.indexed_put(x_fft, nx.new_axis(non_zero_idx, 1), nx.vec("0 0 0 0"))
    zeros = nx.broadcast(0, x_fft)
    assert_all_close(nx.real(zeros_check), zeros, atol=1.0e-9)
    assert_all_close(nx.imag(zeros_check), zeros, atol=1.0e-9)

    # Because we implement ifft in terms of fft, we'll use the same tensor as validation
    x_ifft = nx.ifft(x_fft)
    assert_all_close(x, nx.real(x_ifft), atol=1.0e-8)
    assert_all_close(zeros, nx.imag(x_ifft), atol=1.0e-8)


# ---------------------------------------------------------------- describe "split/2"
def test_split_is_less_than_zero():  # nx_test.exs:3077
    tensor = nx.iota((10, 3), names=["x", "y"])
    # `{tensor[[.., 0..1]], tensor[[.., 2..2]]}`
    assert_equal(nx.split(tensor, -1, axis=1), (tensor[:, 0:2], tensor[:, 2:3]))


# nx_test.exs:3083 and nx_test.exs:3093
@pytest.mark.parametrize("split", [-0.5, 1.0], ids=["3083-negative-float", "3093-out-of-bounds"])
def test_split_float_out_of_range(split):
    tensor = nx.iota((10, 2), names=["x", "y"])
    # Nx: "split must be a float such that 0 < split and ceil(split * axis_size) < 1"; nx ends
    # it "< axis_size (axis size 10), got: -0.5": the same content (Nx's "< 1" is a typo).
    with raises("split must be a float such that 0 < split and ceil(split * axis_size) <"):
        nx.split(tensor, split)


def test_split_is_greater_than_tensor_length():  # nx_test.exs:3103
    tensor = nx.iota((10, 2), names=["x", "y"])
    with raises("split must be an integer greater than zero and less than the length of the "
                "given axis"):
        nx.split(tensor, 3, axis=1)


def test_split_axis_is_out_of_tensor_bounds():  # nx_test.exs:3113
    tensor = nx.iota((10, 2), names=["x", "y"])
    # Nx: "given axis (2) invalid for shape with rank 2"; nx: the same content in other words
    with raises("axis 2 is out of range for a tensor of shape (10, 2) (rank 2)"):
        nx.split(tensor, 2, axis=2)


def test_split_named_axis_is_invalid():  # nx_test.exs:3123
    tensor = nx.iota((10, 2), names=["x", "y"])
    # Nx: "name :z not found in tensor with names [:x, :y]"; nx: "axis 'z' is not a name of
    # the tensor (names ['x', 'y'], ...)": the same content
    with raises("axis 'z' is not a name of the tensor (names ['x', 'y']"):
        nx.split(tensor, 2, axis="z")


# nx_test.exs:3133, 3141, 3149, 3157, 3165, 3173
@pytest.mark.parametrize("shape,names,split,opts,train_shape,test_shape", [
    ((4, 4), ["rows", "columns"], 0.5, {"axis": "columns"}, (4, 2), (4, 2)),
    ((100, 6), ["rows", "columns"], 70, {"axis": "rows"}, (70, 6), (30, 6)),
    ((2, 100), ["rows", "columns"], 90, {"axis": "columns"}, (2, 90), (2, 10)),
    ((100, 10), None, 5, {"axis": 1}, (100, 5), (100, 5)),
    ((100, 10), None, 61, {}, (61, 10), (39, 10)),
    ((99, 4), None, 60, {}, (60, 4), (39, 4)),
], ids=["3133", "3141", "3149", "3157", "3165", "3173"])
def test_split_into_train_and_test(shape, names, split, opts, train_shape, test_shape):
    tensor = nx.iota(shape, names=names)
    train, test = nx.split(tensor, split, **opts)
    assert train_shape == nx.shape(train)
    assert test_shape == nx.shape(test)


# ---------------------------------------------------------------- describe "logsumexp"
def test_logsumexp_removes_the_right_axes():  # nx_test.exs:3184
    tensor = nx.tensor([[[11.0], [12.0], [13.0]]])
    assert_equal(nx.logsumexp(tensor, axes=[0]), nx.tensor([[11.0], [12.0], [13.0]]))
    assert_equal(nx.logsumexp(tensor, axes=[2]), nx.tensor([[11.0, 12.0, 13.0]]))


def test_logsumexp_works_with_infinities():  # nx_test.exs:3200
    tensor = nx.tensor([
        [INF, INF, INF], [INF, INF, -INF], [INF, INF, 0.0],
        [INF, -INF, INF], [INF, -INF, -INF], [INF, -INF, 0.0],
        [INF, 0.0, INF], [INF, 0.0, -INF], [INF, 0.0, 0.0],
        [-INF, INF, INF], [-INF, INF, -INF], [-INF, INF, 0.0],
        [-INF, -INF, INF], [-INF, -INF, -INF], [-INF, -INF, 0.0],
        [-INF, 0.0, INF], [-INF, 0.0, -INF], [-INF, 0.0, 0.0],
        [0.0, INF, INF], [0.0, INF, -INF], [0.0, INF, 0.0],
        [0.0, -INF, INF], [0.0, -INF, -INF], [0.0, -INF, 0.0],
        [0.0, 0.0, INF], [0.0, 0.0, -INF],
    ])
    assert_equal(nx.logsumexp(tensor, axes=[1]), nx.tensor([
        INF, INF, INF, INF, INF, INF, INF, INF, INF,
        INF, INF, INF, INF, -INF, 0.0, INF, 0.0, 0.6931471824645996,
        INF, INF, INF, INF, 0.0, 0.6931471824645996, INF, 0.6931471824645996,
    ]))


# ---------------------------------------------------------------- describe "quantized types"
# `<<-2::2-signed-native, ...>> = Nx.to_binary(t)` matches a bitstring of 6 or 12 bits; Python
# bytes cannot hold one, and nx pads the last byte with zero bits (nx.to_binary's docs): the
# expected bytes are Nx's bits followed by those zero bits.

# Each case: (type, the first list, its `<<...>>` bits, byte_size, bit_size, the second list,
# its byte_size and bit_size), as in Nx's test.
@pytest.mark.parametrize("ty,values,bits,nbytes,nbits,values2,nbytes2,nbits2", [
    # nx_test.exs:3264: <<-2::2-signed-native, -1::2-signed-native, 1::2-signed-native>>
    ("s2", [-2, -1, 1], [0b10_11_01_00], 0, 6, [-2, -1, 0, 1, 0, -1, -2], 1, 14),
    # nx_test.exs:3280: <<-8::4-signed-native, -1::4-signed-native, 7::4-signed-native>>
    ("s4", [-8, -1, 7], [0b1000_1111, 0b0111_0000], 1, 12, [-8, -3, 0, 7, 0, -3, -8], 3, 28),
    # nx_test.exs:3296: <<1::2-native, 2::2-native, 3::2-native>>
    ("u2", [1, 2, 3], [0b01_10_11_00], 0, 6, [0, 1, 2, 3, 2, 1, 0], 1, 14),
    # nx_test.exs:3309: <<0::4-native, 7::4-native, 15::4-native>>
    ("u4", [0, 7, 15], [0b0000_0111, 0b1111_0000], 1, 12, [0, 1, 2, 3, 13, 14, 15], 3, 28),
], ids=["3264-s2", "3280-s4", "3296-u2", "3309-u4"])
def test_quantized_types(ty, values, bits, nbytes, nbits, values2, nbytes2, nbits2):
    tensor = getattr(nx, ty)(values)
    assert tensor.type == (ty[0], int(ty[1:]))
    assert nx.to_binary(tensor) == bytes(bits)
    assert nx.to_flat_list(tensor) == values
    assert nx.byte_size(tensor) == nbytes
    assert nx.bit_size(tensor) == nbits
    tensor = getattr(nx, ty)(values2)
    assert nx.byte_size(tensor) == nbytes2
    assert nx.bit_size(tensor) == nbits2
