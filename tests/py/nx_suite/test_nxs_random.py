"""Port of Nx v0.10.0's nx/test/nx/random_test.exs (commit 4d63d89d), by hand.

Each test names the line of its `test "..."` in random_test.exs. Expected values are Nx's.
`doctest Nx.Random` (line 6) is not ported here (the doctests are a separate suite).

`:erlang.adler32/1` is `zlib.adler32` (the same checksum). The two tests seeded with
`:rand.uniform(10_000)` use a fixed `random.Random` here, so a run is reproducible.
"""
from __future__ import annotations

import random
import zlib

import pytest

import nx

from nx_helpers import assert_all_close, assert_equal

R = nx.random


# ---------------------------------------------------------------- key/1


def test_key_transforms_given_integer_into_prng_key():  # random_test.exs:9
    key = R.key(44)
    assert_equal(key, nx.tensor([0, 44], type="u32"))


# ---------------------------------------------------------------- split/2


def test_split_splits_key_into_multiple_keys():  # random_test.exs:16
    key = R.key(33)

    two_keys = R.split(key)
    multiple_keys = R.split(key, parts=12)

    assert_equal(
        two_keys,
        nx.tensor([[671_281_441, 790_285_293], [234_515_160, 3_878_582_434]], type="u32"),
    )

    assert_equal(
        multiple_keys,
        nx.tensor(
            [
                [966_561_810, 334_783_285],
                [1_262_072_629, 1_899_563_600],
                [3_750_833_143, 3_406_870_597],
                [2_539_864_401, 3_552_854_032],
                [201_687_315, 590_048_257],
                [3_348_546_826, 4_091_268_549],
                [1_610_907_819, 3_073_378_539],
                [3_054_273_782, 2_286_163_366],
                [4_120_769_120, 1_468_859_077],
                [2_405_343_452, 1_650_615_538],
                [4_063_810_472, 2_490_879_298],
                [259_087_434, 3_260_250_733],
            ],
            type="u32",
        ),
    )


# ---------------------------------------------------------------- shuffle


def test_shuffle_tensor_for_axis_other_that_0():  # random_test.exs:53
    key = R.key(42)
    nums = nx.iota((3, 4), axis=1)
    result, _ = R.shuffle(key, nums, axis=1)

    assert_equal(
        result,
        nx.tensor([
            [2, 0, 1, 3],
            [2, 0, 1, 3],
            [2, 0, 1, 3],
        ]),
    )


# ---------------------------------------------------------------- distributions


def distribution_case(name, args, kwargs, expected):  # random_test.exs:68
    seed = zlib.adler32(f"{name}threefry2x32".encode())
    key = R.key(seed)
    actual = getattr(R, name)(key, *args, **kwargs)

    assert_all_close(actual, expected)


def test_distributions_randint():  # random_test.exs:76
    distribution_case("randint_split", [0, 10], {"shape": (5,)},
                      expected=nx.tensor([1, 1, 4, 1, 9], type="s64"))


def test_distributions_uniform():  # random_test.exs:83
    distribution_case(
        "uniform_split", [0.0, 1.0], {"shape": (5,)},
        expected=nx.tensor([0.40235483, 0.86897706, 0.87899947, 0.98497891, 0.83098864],
                           type="f32"),
    )


# ---------------------------------------------------------------- types


def test_types_randint():  # random_test.exs:93
    key = R.key(44)

    # Default
    assert_equal(
        R.randint_split(key, nx.tensor(0, type="u8"), nx.tensor(100, type="u8")),
        nx.tensor(12, type="u8"),
    )

    # Explicit
    assert_equal(R.randint_split(key, 0, 100, type="u8"), nx.tensor(12, type="u8"))
    assert_equal(R.randint_split(key, 0, 100, type="u64"), nx.tensor(10, type="u64"))
    assert_equal(R.randint_split(key, 0, 100, type="s64"), nx.tensor(10, type="s64"))


# The types tests below (random_test.exs:106, :128, :158) run each of their assertions as a
# parametrized case (the case id is the comment above it in Nx), so each difference from Nx is
# an xfail of its own and the assertions that agree still count.


def _xf(reason):
    return pytest.mark.xfail(strict=True, reason=reason)


_F64_ERF_INV = ("nx's f64 erf_inv is full double precision (JAX's, which tests/py/test_random.py "
                "checks to 1e-14); Nx's reference backend (Complex.erf_inv) evaluates Giles' "
                "single-precision approximation in f64 for f64 too: ")

UNIFORM_TYPE_CASES = [  # random_test.exs:106
    pytest.param((0, 100), {}, nx.tensor(0.9405970573425293, type="f32"), id="default"),
    pytest.param((nx.tensor(0, type="bf16"), nx.tensor(100, type="bf16")), {},
                 nx.tensor(42.75, type="bf16"), id="inference"),
    pytest.param((0, 100), {"type": "bf16"}, nx.tensor(42.75, type="bf16"),
                 id="int_to_float_cast"),
    pytest.param((0.0, 100.0), {"type": "bf16"}, nx.tensor(42.75, type="bf16"),
                 id="f32_to_bf16_downcast"),
    pytest.param((0.0, 100.0), {"type": "f64"}, nx.tensor(49.70372348385783, type="f64"),
                 id="upcast"),
]


@pytest.mark.parametrize("args,kwargs,expected", UNIFORM_TYPE_CASES)
def test_types_uniform(args, kwargs, expected):  # random_test.exs:106
    key = R.key(44)
    assert_equal(R.uniform_split(key, *args, **kwargs), expected)


NORMAL_TYPE_CASES = [  # random_test.exs:128
    pytest.param((0, 100), {}, nx.tensor(-234.9235382080078, type="f32"), id="default"),
    pytest.param((nx.tensor(0, type="bf16"), nx.tensor(100, type="bf16")), {},
                 nx.tensor(-17.625, type="bf16"), id="inference"),
    pytest.param((0, 100), {"type": "bf16"}, nx.tensor(-17.625, type="bf16"),
                 id="int_to_float_cast"),
    pytest.param((0.0, 100.0), {"type": "bf16"}, nx.tensor(-17.625, type="bf16"),
                 id="f32_to_bf16_downcast"),
    pytest.param((0.0, 100.0), {"type": "f16"}, nx.tensor(-17.15625, type="f16"),
                 id="f32_to_f16_downcast"),
    pytest.param((0.0, 100.0), {"type": "c64"},
                 nx.complex(-0.7426699995994568, 6.513391971588135), id="complex"),
    pytest.param((0, 100), {"type": "f64"}, nx.tensor(-0.7426618728545261, type="f64"),
                 id="upcast",
                 marks=_xf(_F64_ERF_INV + "nx gives f64 -0.7426619192938078 where Nx gives "
                           "-0.7426618728545261")),
]


@pytest.mark.parametrize("args,kwargs,expected", NORMAL_TYPE_CASES)
def test_types_normal(args, kwargs, expected):  # random_test.exs:128
    key = R.key(44)
    assert_equal(R.normal_split(key, *args, **kwargs), expected)


def _f32_zero_mean(n):
    return nx.tensor([0.0] * n, type="f32"), nx.eye(n, type="f32")


MVN_TYPE_CASES = [  # random_test.exs:158
    # zero mean and identity covariance
    pytest.param(_f32_zero_mean(1), {}, nx.tensor([-0.5135871767997742], type="f32"),
                 id="zero_mean_identity_1"),
    pytest.param(_f32_zero_mean(2), {},
                 nx.tensor([0.37033146619796753, -0.9389335513114929], type="f32"),
                 id="zero_mean_identity_2"),
    pytest.param((nx.tensor([0, 0]), nx.eye(2)), {},
                 nx.tensor([0.37033146619796753, -0.9389335513114929], type="f32"),
                 id="int_to_float_cast"),
    pytest.param(_f32_zero_mean(2), {"type": "bf16"},
                 nx.tensor([0.0146484375, 0.1318359375], type="bf16"),
                 id="f32_to_bf16_downcast"),
    pytest.param(_f32_zero_mean(2), {"type": "f16"},
                 nx.tensor([0.037322998046875, 0.1455078125], type="f16"),
                 id="f32_to_f16_downcast"),
    pytest.param(_f32_zero_mean(2), {"type": "f64"},
                 nx.tensor([-1.3117988877107423, -0.708217598850204], type="f64"),
                 id="upcast",
                 marks=_xf(_F64_ERF_INV + "nx gives f64 [-1.311798753879075, "
                           "-0.7082175895686632] where Nx gives [-1.3117988877107423, "
                           "-0.708217598850204]")),
]


@pytest.mark.parametrize("args,kwargs,expected", MVN_TYPE_CASES)
def test_types_multivariate_normal(args, kwargs, expected):  # random_test.exs:158
    key = R.key(12)
    assert_equal(R.multivariate_normal_split(key, *args, **kwargs), expected)


# ---------------------------------------------------------------- shapes


def test_shapes_randint():  # random_test.exs:205
    key = R.key(44)
    tensor = R.randint_split(key, 0, 100, names=["foo", "bar"], shape=(10, 10))
    assert list(tensor.names) == ["foo", "bar"]
    assert tensor.shape == (10, 10)


def test_shapes_uniform():  # random_test.exs:212
    key = R.key(44)
    tensor = R.uniform_split(key, 0, 100, names=["foo", "bar"], shape=(10, 10))
    assert list(tensor.names) == ["foo", "bar"]
    assert tensor.shape == (10, 10)


def test_shapes_normal():  # random_test.exs:219
    key = R.key(44)
    tensor = R.normal_split(key, 0, 100, names=["foo", "bar"], shape=(10, 10))
    assert list(tensor.names) == ["foo", "bar"]
    assert tensor.shape == (10, 10)


def test_shapes_multivariate_normal():  # random_test.exs:226
    key = R.key(12)

    tensor = R.multivariate_normal_split(
        key, nx.tensor([0, 0]), nx.eye(2), names=["foo", "bar", "baz"], shape=(10, 10)
    )

    assert list(tensor.names) == ["foo", "bar", "baz"]
    assert tensor.shape == (10, 10, 2)


# ---------------------------------------------------------------- properties


def continuous_uniform_variance(a, b):  # random_test.exs:241
    return (b - a) ** 2 / 12


def discrete_uniform_second_moment(count):  # random_test.exs:246 (about the mean)
    return (count - 1) * (count + 1) / 12


def property_case(name, args, kwargs, moment, expected_func, expected_args):
    # random_test.exs:250
    seed = zlib.adler32(b"uniformthreefry2x32")
    key = R.key(nx.tensor(seed, type="s64"))
    t = getattr(R, name)(key, *args, **kwargs)

    assert_all_close(getattr(nx, moment)(t), expected_func(*expected_args), rtol=0.1)

    seed = zlib.adler32(b"uniformthreefry2x32")
    key = R.key(seed)
    t = getattr(R, name)(key, *args, **kwargs)

    assert_all_close(getattr(nx, moment)(t), expected_func(*expected_args), rtol=0.1)


def test_properties_uniform_mean_property():  # random_test.exs:271
    property_case("uniform_split", [10, 15], {"shape": (10000,)}, moment="mean",
                  expected_func=lambda x: nx.tensor(x), expected_args=[12.5])


def test_properties_randint_mean_property():  # random_test.exs:280
    property_case("randint_split", [10, 95], {"shape": (10000,)}, moment="mean",
                  expected_func=lambda x: nx.tensor(x), expected_args=[52.5])


def test_properties_uniform_variance_property():  # random_test.exs:289
    property_case("uniform_split", [nx.tensor(10), nx.tensor(15)], {"shape": (10000,)},
                  moment="variance", expected_func=continuous_uniform_variance,
                  expected_args=[10, 15])


def test_properties_randint_variance_property():  # random_test.exs:298
    property_case("randint_split", [nx.tensor(10), nx.tensor(95)], {"shape": (10000,)},
                  moment="variance", expected_func=discrete_uniform_second_moment,
                  expected_args=[85])


def test_properties_normal_properties():  # random_test.exs:307
    key = R.key(random.Random(307).randint(1, 10_000))  # :rand.uniform(10_000)
    normal = R.normal_split(key, 10, 5, shape=(1_000,))

    assert_all_close(nx.mean(normal), 10, rtol=0.1)
    assert_all_close(nx.standard_deviation(normal), 5, rtol=0.1)


@pytest.mark.xfail(strict=True, reason=(
    "nx's linalg.cholesky of the singular covariance [[25, 25], [25, 25]] is all NaN where "
    "Nx's (Cholesky-Banachiewicz with eps) gives [[5, 0], [5, 0]], so every sample is NaN"))
def test_properties_multivariate_normal_properties():  # random_test.exs:315
    key = R.key(random.Random(315).randint(1, 10_000))  # :rand.uniform(10_000)

    mean = nx.tensor([10, 10])
    covariance = nx.tensor([[25, 25], [25, 25]])

    multivariate_normal = R.multivariate_normal_split(key, mean, covariance, shape=(10_000,))

    assert_all_close(nx.mean(multivariate_normal, axes=[0]), mean, rtol=0.1)
    assert_all_close(nx.covariance(multivariate_normal, mean), covariance, rtol=0.1)

