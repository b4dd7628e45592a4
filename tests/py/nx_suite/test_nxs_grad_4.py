"""Nx's own tests of `grad` (nx/test/nx/defn/grad_test.exs, Nx v0.10.0), part 4 of 4: the describes
from "reduce_max rule" to "vectorization" (grad_test.exs:2839-4367).
The conventions are test_nxs_grad.py's: one Python test (or parametrized case) per Elixir
`test`, its line in a `# grad_test.exs:N` comment; each `defn` helper under `@nx.defn`; Nx's `==` is
`assert_equal`; "xla"/"evaluator" cases where XLA's f32 rounding misses an exact value.
"""
from __future__ import annotations

import pytest

import nx

from nx_helpers import assert_all_close, assert_equal

# --- describe "reduce_max rule" (grad_test.exs:2839) --------------------------------------------

@nx.defn
def grad_reduce_max(t):
    return nx.grad(t, lambda t: nx.reduce_max(nx.cos(nx.exp(t))))


@nx.defn
def grad_sum_reduce_max(t):
    return nx.grad(t, lambda t: nx.sum(nx.reduce_max(t, axes=[1])))


@nx.defn
def grad_sum_reduce_max_cos(t):
    return nx.grad(t, lambda t: nx.sum(nx.reduce_max(nx.cos(t), axes=[1])))


@nx.defn
def grad_reduce_max_sum(t):
    return nx.grad(t, lambda t: nx.reduce_max(nx.sum(t, axes=[1])))


@nx.defn
def grad_reduce_max_min(t):
    return nx.grad(t, lambda t: nx.reduce_max(nx.reduce_min(t, axes=[0])))


@nx.defn
def grad_reduce_max_min_sum(t):
    return nx.grad(t, lambda t: nx.reduce_max(nx.reduce_min(nx.sum(t, axes=[1]), axes=[0])))


MAX_MIN_INPUT = [[1.0, 2.0, 3.0, 4.0], [2.0, 1.0, 3.0, 1.0]]
MAX_MIN_INPUT_3D = [[[1.0, 0.0, 2.0], [3.0, 4.0, 2.0]], [[5.0, 2.0, 3.0], [4.0, 2.0, 1.0]]]


def test_reduce_max_computes_gradient():  # grad_test.exs:2849
    lhs = grad_reduce_max(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([[0.0, -3.302372203078941, 0.0, 0.0], [-3.302372203078941, 0.0, 0.0, 0.0]])
    assert_all_close(lhs, rhs)


def test_reduce_max_computes_gradient_with_sum():  # grad_test.exs:2855
    lhs = grad_sum_reduce_max(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0]])
    assert_all_close(lhs, rhs)


def test_reduce_max_computes_gradient_with_sum_cos():  # grad_test.exs:2861
    lhs = grad_sum_reduce_max_cos(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([
        [-0.8414709848078965, 0.0, 0.0, 0.0],
        [0.0, -0.42073549240394825, 0.0, -0.42073549240394825],
    ])
    assert_all_close(lhs, rhs)


def test_reduce_max_computes_gradient_with_max_sum():  # grad_test.exs:2873
    assert_equal(grad_reduce_max_sum(nx.tensor(MAX_MIN_INPUT)),
                 nx.tensor([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]))


def test_reduce_max_computes_gradient_with_max_min():  # grad_test.exs:2878
    assert_equal(grad_reduce_max_min(nx.tensor(MAX_MIN_INPUT)),
                 nx.tensor([[0.0, 0.0, 0.5, 0.0], [0.0, 0.0, 0.5, 0.0]]))


def test_reduce_max_computes_the_gradient_with_max_min_sum():  # grad_test.exs:2883
    lhs = grad_reduce_max_min_sum(nx.tensor(MAX_MIN_INPUT_3D))
    rhs = nx.tensor([
        [[0.33333334, 0.16666667, 0.16666667], [0.33333334, 0.16666667, 0.16666667]],
        [[0.0, 0.16666667, 0.16666667], [0.0, 0.16666667, 0.16666667]],
    ])
    assert_all_close(lhs, rhs)


# --- describe "reduce_min rule" (grad_test.exs:2899) --------------------------------------------

@nx.defn
def grad_reduce_min(t):
    return nx.grad(t, lambda t: nx.reduce_min(nx.cos(nx.exp(t))))


@nx.defn
def grad_sum_reduce_min(t):
    return nx.grad(t, lambda t: nx.sum(nx.reduce_min(t, axes=[1])))


@nx.defn
def grad_sum_reduce_min_cos(t):
    return nx.grad(t, lambda t: nx.sum(nx.reduce_min(nx.cos(t), axes=[1])))


@nx.defn
def grad_reduce_min_sum(t):
    return nx.grad(t, lambda t: nx.reduce_min(nx.sum(t, axes=[1])))


@nx.defn
def grad_reduce_min_max(t):
    return nx.grad(t, lambda t: nx.reduce_min(nx.reduce_max(t, axes=[0])))


@nx.defn
def grad_reduce_min_max_sum(t):
    return nx.grad(t, lambda t: nx.reduce_min(nx.reduce_max(nx.sum(t, axes=[1]), axes=[0])))


def test_reduce_min_computes_gradient():  # grad_test.exs:2909
    lhs = grad_reduce_min(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([
        [-0.37220643914833773, 0.0, 0.0, 0.0],
        [0.0, -0.37220643914833773, 0.0, -0.37220643914833773],
    ])
    assert_all_close(lhs, rhs)


def test_reduce_min_computes_gradient_with_sum():  # grad_test.exs:2921
    lhs = grad_sum_reduce_min(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.0, 0.5]])
    assert_all_close(lhs, rhs)


def test_reduce_min_computes_gradient_with_sum_cos():  # grad_test.exs:2927
    lhs = grad_sum_reduce_min_cos(nx.tensor(MAX_MIN_INPUT))
    rhs = nx.tensor([[0.0, 0.0, -0.1411200080598672, 0.0], [0.0, 0.0, -0.1411200080598672, 0.0]])
    assert_all_close(lhs, rhs)


def test_reduce_min_computes_gradient_with_min_sum():  # grad_test.exs:2936
    assert_equal(grad_reduce_min_sum(nx.tensor(MAX_MIN_INPUT)),
                 nx.tensor([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]))


def test_reduce_min_computes_gradient_with_min_max():  # grad_test.exs:2941
    assert_equal(grad_reduce_min_max(nx.tensor(MAX_MIN_INPUT)),
                 nx.tensor([[0.0, 0.5, 0.0, 0.0], [0.5, 0.0, 0.0, 0.0]]))


def test_reduce_min_computes_the_gradient_with_min_max_sum():  # grad_test.exs:2946
    assert_equal(grad_reduce_min_max_sum(nx.tensor(MAX_MIN_INPUT_3D)),
                 nx.tensor([
                     [[0.0, 0.25, 0.25], [0.0, 0.25, 0.25]],
                     [[0.0, 0.25, 0.25], [0.0, 0.25, 0.25]],
                 ]))


# --- describe "product" (grad_test.exs:2957) ----------------------------------------------------

@nx.defn
def grad_product(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.product(t, **opts)))


@nx.defn
def composed_grad_product(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.sin(nx.product(nx.cos(t), **opts))))


def test_product_computes_gradient():  # grad_test.exs:2976
    assert_all_close(grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1]]]])),
                     nx.tensor([[[[-144, -72, -48, -36], [-72, -144, -48, 144]]]]))
    assert_all_close(grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1], [3, 2, 3, 0]]]])),
                     nx.tensor([[[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, -2592]]]]))


def test_product_computes_gradient_with_axes_option():  # grad_test.exs:2988
    assert_all_close(
        grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1], [3, 2, 3, 0], [0, 2, 3, 0]]]]),
                     axes=[3]),
        nx.tensor([[[[24, 12, 8, 6], [-3, -6, -2, 6], [0, 0, 0, 18], [0, 0, 0, 0]]]]))


def test_product_computes_gradient_keep_axes_true():  # grad_test.exs:2997
    assert_all_close(grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1]]]]), keep_axes=True),
                     nx.tensor([[[[-144, -72, -48, -36], [-72, -144, -48, 144]]]]))


def test_product_computes_gradient_with_axes_option_keep_axes_true():  # grad_test.exs:3004
    assert_all_close(grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1]]]]), axes=[3],
                                  keep_axes=True),
                     nx.tensor([[[[24, 12, 8, 6], [-3, -6, -2, 6]]]]))


def test_product_computes_composed_gradient():  # grad_test.exs:3011
    assert_all_close(composed_grad_product(nx.tensor([[[[1, 2, 3, 4], [2, 1, 3, -1]]]])),
                     nx.tensor([
                         [
                             [
                                 [0.0272486, -0.03822973, -0.00249401, 0.02025739],
                                 [-0.03822973, 0.0272486, -0.00249401, -0.0272486],
                             ]
                         ]
                     ]))


# --- describe "sort" (grad_test.exs:3026) -------------------------------------------------------

@nx.defn
def grad_sum_sort(t):
    return nx.grad(t, lambda t: nx.sum(nx.sort(t, direction="desc")))


@nx.defn
def grad_sum_sort_power(t):
    return nx.grad(t, lambda t: nx.sum(nx.sort(nx.pow(t, 2), direction="desc")))


@nx.defn
def grad_sum_power_sort(t):
    return nx.grad(t, lambda t: nx.sum(nx.pow(nx.sort(t, direction="desc"), 2)))


@nx.defn
def grad_sum_log_power_sort_cos(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.log(nx.pow(nx.sort(nx.cos(t), **opts), 2))))


def test_sort_computes_gradient():  # grad_test.exs:3076
    assert_equal(grad_sum_sort(nx.tensor([4.0, 8.0, 15.0, 16.0, 23.0, 42.0])),
                 nx.tensor([1.0, 1.0, 1.0, 1.0, 1.0, 1.0]))
    assert_equal(grad_sum_sort_power(nx.tensor([1, 2, 3, 4])), nx.tensor([2.0, 4.0, 6.0, 8.0]))
    assert_equal(grad_sum_power_sort(nx.tensor([1, 2, 3, 4])), nx.tensor([2.0, 4.0, 6.0, 8.0]))
    assert_equal(grad_sum_log_power_sort_cos(nx.tensor([4, 3, 2, 1])),   # opts []
                 nx.tensor([-2.3156426, 0.2850931, 4.370079, -3.1148152]))


def test_sort_computes_gradient_along_axis():  # grad_test.exs:3088
    assert_equal(grad_sum_log_power_sort_cos(nx.tensor([[[4, 3, 2, 1], [1, 2, 3, 4]]]), axis=1),
                 nx.tensor([
                     [
                         [-2.3156426, 0.2850931, 4.370079, -3.1148152],
                         [-3.1148152, 4.370079, 0.2850931, -2.3156426],
                     ]
                 ]))


# --- describe "take_along_axis" (grad_test.exs:3099) --------------------------------------------

@nx.defn
def grad_sum_take_along_axis(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.take_along_axis(t, i, axis=1)))


@nx.defn
def grad_sum_take_along_axis_power(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.take_along_axis(nx.pow(t, 2), i, axis=1)))


@nx.defn
def grad_sum_log_power_take_along_axis_cos(t, i):
    return nx.grad(t, lambda t: nx.sum(
        nx.log(nx.pow(nx.take_along_axis(nx.cos(t), i, axis=1), 2))))


def test_take_along_axis_computes_gradient():  # grad_test.exs:3137
    t = nx.tensor([[0, 1], [2, 3], [4, 5]])
    i = nx.tensor([[0, 0, 0], [1, 1, 0], [0, 1, 1]])
    assert_equal(grad_sum_take_along_axis(t, i), nx.tensor([[3.0, 0.0], [1.0, 2.0], [1.0, 2.0]]))
    assert_equal(grad_sum_take_along_axis(nx.mat("""
                     0 1i
                     2i 3
                     4 5i
                 """), i),
                 nx.tensor([[3.0, 0.0], [1.0, 2.0], [1.0, 2.0]], type="c64"))
    assert_equal(grad_sum_take_along_axis_power(t, i),
                 nx.tensor([[0.0, 0.0], [4.0, 12.0], [8.0, 20.0]]))
    assert_equal(grad_sum_log_power_take_along_axis_cos(t, i),
                 nx.tensor([[-0.0, -0.0], [4.370079, 0.5701862], [-2.3156426, 13.522059]]))


# --- describe "take" (grad_test.exs:3215) -------------------------------------------------------

@nx.defn
def grad_sum_take(t, i, axis=0):   # opts \\ [axis: 0]
    return nx.grad(t, lambda t: nx.sum(nx.take(t, i, axis=axis)))


@nx.defn
def grad_sum_take_axis_1_power(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.take(nx.pow(t, 2), i, axis=1)))


@nx.defn
def grad_sum_log_power_take_axis_1_cos(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.log(nx.pow(nx.take(nx.cos(t), i, axis=1), 2))))


TAKE_T = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]


@pytest.mark.xfail(strict=True, reason=(
    "f32 rounding, last assert: nx gives 26.220476150512695 at [0][2] where Nx gives 26.220474 "
    "(f32 26.220474243164062, 1 ulp: the six gathered contributions summed in another order; "
    "compiler='evaluator' too); the other asserts agree"))
def test_take_computes_gradient():  # grad_test.exs:3253
    t = nx.tensor(TAKE_T)
    i = nx.tensor([[0, 1, 2, 2, 2], [0, 1, 2, 2, 2]])
    assert_equal(grad_sum_take(t, i),
                 nx.tensor([[2.0, 2.0, 2.0, 2.0], [2.0, 2.0, 2.0, 2.0], [6.0, 6.0, 6.0, 6.0]]))
    assert_equal(grad_sum_take_axis_1_power(t, i),
                 nx.tensor([
                     [0.0, 4.0, 24.0, 0.0],
                     [16.0, 20.0, 72.0, 0.0],
                     [32.0, 36.0, 120.0, 0.0],
                 ]))
    assert_equal(grad_sum_take_axis_1_power(nx.mat("0 1i 2 -3i"),
                                            nx.tensor([[0, 1, 2, 2, 2, 3], [0, 1, 2, 2, 2, 3]])),
                 nx.mat("0 4i 24 -12i"))
    assert_equal(grad_sum_log_power_take_axis_1_cos(t, i),
                 nx.tensor([
                     [-0.0, -6.2296305, 26.220474, -0.0],
                     [-4.631285, 13.522059, 3.4920743, -0.0],
                     [27.198847, 1.8092626, -7.7803297, 0.0],
                 ]))


def test_take_works_with_more_dimensions():  # grad_test.exs:3312
    t = nx.tensor(TAKE_T)
    assert_equal(grad_sum_take(t, nx.tensor([[[[0], [1], [2]], [[2], [1], [0]],
                                              [[0], [1], [2]]]])),
                 nx.tensor([[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]))
    assert_equal(grad_sum_take(t, nx.tensor([[[[0], [1]], [[2], [1]]]]), axis=1),
                 nx.tensor([[1.0, 2.0, 1.0, 0.0], [1.0, 2.0, 1.0, 0.0], [1.0, 2.0, 1.0, 0.0]]))


# --- describe "gather" (grad_test.exs:3355) -----------------------------------------------------

@nx.defn
def grad_sum_gather(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.gather(t, i)))


@nx.defn
def grad_sum_gather_power(t, i):
    return nx.grad(t, lambda t: nx.sum(nx.gather(nx.pow(t, 2), i)))


@nx.defn
def grad_sum_log_power_gather_cos(t, i, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.log(nx.pow(nx.gather(nx.cos(t), i, **opts), 2))))


GATHER_I = [
    [
        [[0, 0], [0, 1], [0, 2]],
        [[2, 0], [1, 0], [0, 1]],
        [[0, 1], [1, 1], [2, 2]],
        [[2, 3], [2, 3], [2, 3]],
    ]
]


def test_gather_computes_gradient():  # grad_test.exs:3393
    assert_equal(grad_sum_gather(nx.tensor(TAKE_T), nx.tensor(GATHER_I)),
                 nx.tensor([[1.0, 3.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 1.0, 3.0]]))
    assert_equal(grad_sum_gather_power(nx.tensor(TAKE_T), nx.tensor(GATHER_I)),
                 nx.tensor([[0.0, 6.0, 4.0, 0.0], [8.0, 10.0, 0.0, 0.0], [16.0, 0.0, 20.0, 66.0]]))
    assert_equal(grad_sum_gather_power(nx.mat("""
                     0 1i 2 -3i
                     4i 5 6i 7
                     8 9i 10 11i
                 """), nx.tensor([[[[0, 0], [0, 1]], [[2, 0], [1, 0]]]])),
                 nx.mat("""
                     0 2i 0 0
                     8i 0 0 0
                     16 0 0 0
                 """))

    t = nx.tensor(TAKE_T)
    i = nx.tensor(GATHER_I)
    result = nx.tensor([
        [-0.0, -9.34444522857666, 4.370079040527344, -0.0],
        [-2.3156425952911377, 6.7610297203063965, 0.0, -0.0],
        [13.5994234085083, -0.0, -1.2967215776443481, 1355.705078125],
    ])
    assert_equal(grad_sum_log_power_gather_cos(t, i), result)
    assert_equal(grad_sum_log_power_gather_cos(nx.new_axis(t, 1), i, axes=[0, 2]),
                 nx.new_axis(result, 1))


# --- describe "fft and ifft" (grad_test.exs:3482) -----------------------------------------------

@nx.defn
def fft_grad(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.fft(t, **opts)))


@nx.defn
def ifft_grad(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.ifft(t, **opts)))


@nx.defn
def fft_composed_grad(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.exp(nx.fft(nx.cos(t), **opts))))


@nx.defn
def ifft_composed_grad(t, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.exp(nx.ifft(nx.cos(t), **opts))))


FFT_T = [[5, 5, 0, 0], [2, 2, 2, 2], [0, 1j, 0, 0]]


def test_fft():  # grad_test.exs:3511
    t = nx.tensor(FFT_T)
    assert_all_close(nx.tensor([[4, 0, 0, 0], [4, 0, 0, 0], [4, 0, 0, 0]]), fft_grad(t))
    assert_all_close(nx.tensor([[8, 0, 0, 0], [8, 0, 0, 0], [8, 0, 0, 0]]),
                     fft_grad(t, length=8))
    assert_all_close(nx.mat("""
                         14.16124 12.1516 0 0 0 0
                         -2.89999 0.737196 0.737196 0.737196 0 0
                         0 -108.54785i 0 0 0 0
                     """),
                     fft_composed_grad(nx.pad(t, 0, [(0, 0, 0), (0, 2, 0)]), length=4))


def test_ifft():  # grad_test.exs:3547
    t = nx.tensor(FFT_T)
    assert_all_close(nx.tensor([[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]), ifft_grad(t))
    assert_all_close(nx.tensor([[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]),
                     ifft_grad(t, length=8))
    assert_all_close(nx.mat("""
                         1.0896463 0.28715 0 0 0 0
                         -0.8319124 0.077385 0.077385 0.077385 0 0
                         0 -0.57873374i 0 0 0 0
                     """),
                     ifft_composed_grad(nx.pad(t, 0, [(0, 0, 0), (0, 2, 0)]), length=4))


# --- describe "indexed_put" (grad_test.exs:3584) ------------------------------------------------

@nx.defn
def grad_indexed_put_target(t, i, u):
    return nx.grad(t, lambda t: nx.sum(nx.indexed_put(t, i, u)))


@nx.defn
def grad_indexed_put_target_composite(t, i, u, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.sin(nx.indexed_put(nx.cos(t), i, u, **opts))))


@nx.defn
def grad_indexed_put_updates(t, i, u):
    return nx.grad(u, lambda u: nx.sum(nx.indexed_put(t, i, u)))


@nx.defn
def grad_indexed_put_updates_composite(t, i, u, **opts):
    return nx.grad(u, lambda u: nx.sum(nx.sin(nx.indexed_put(t, i, nx.cos(u), **opts))))


@nx.defn
def grad_indexed_put_indices(t, i, u):
    return nx.grad(i, lambda i: nx.sum(nx.indexed_put(t, i, u)))


@nx.defn
def grad_indexed_put_indices_composite(t, i, u, **opts):
    return nx.grad(i, lambda i: nx.sum(nx.sin(nx.indexed_put(t, nx.multiply(i, 2), u, **opts))))


@nx.defn
def grad_indexed_put_simultaneous_composite(t, i, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.sin(nx.indexed_put(t, i, nx.cos(t), **opts))))


INDEXED_I = [[0, 0], [2, 2], [1, 0], [0, 1], [2, 3]]
INDEXED_U = [1, -1, 2, -2, 3]


def test_indexed_put_grad_wrt_to_target():  # grad_test.exs:3628
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    assert_all_close(nx.tensor([[0, 0, 1, 1], [0, 1, 1, 1], [1, 1, 0, 0]]),
                     grad_indexed_put_target(t, i, u))
    expected = nx.tensor([
        [0, 0, -0.8316, -0.0774],
        [0, 0.9206, 0.1602, -0.4789],
        [-0.9789, -0.2525, 0, 0],
    ])
    assert_all_close(expected, grad_indexed_put_target_composite(t, i, u))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_put_target_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                       axes=[0, 2]))


def test_indexed_put_grad_wrt_to_source():  # grad_test.exs:3662
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    assert_all_close(nx.broadcast(1, u), grad_indexed_put_updates(t, i, u))

    # u entries pass through the composite function f(x) = sin(cos(x));
    # f'(x) = cos(cos(x)) * (-sin(x))
    expected = nx.negate(nx.multiply(nx.cos(nx.cos(u)), nx.sin(u)))
    assert_all_close(expected, grad_indexed_put_updates_composite(t, i, u))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_put_updates_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                        axes=[0, 2]))


def test_indexed_put_grad_wrt_to_indices():  # grad_test.exs:3680
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    assert_all_close(nx.broadcast(0, i), grad_indexed_put_indices(t, i, u))
    assert_all_close(nx.broadcast(0, i), grad_indexed_put_indices_composite(t, i, u))
    assert_all_close(nx.broadcast(0, i),
                     grad_indexed_put_indices_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                        axes=[0, 2]))


def test_indexed_put_grad_wrt_to_both_source_and_target_simultaneously():  # grad_test.exs:3694
    # This isn't really a practical case, but we need to ensure it works
    t = nx.iota((2,))
    i = nx.tensor([[0], [1]])
    # u entries pass through the composite function f(x) = sin(cos(x))
    # therefore: f'(x) = cos(cos(x)) * (-sin(x))
    expected = nx.negate(nx.multiply(nx.cos(nx.cos(t)), nx.sin(t)))
    assert_all_close(expected, grad_indexed_put_simultaneous_composite(t, i))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_put_simultaneous_composite(nx.new_axis(t, 1), i, axes=[0]))


# --- describe "indexed_add" (grad_test.exs:3713) ------------------------------------------------

@nx.defn
def grad_indexed_add_target(t, i, u):
    return nx.grad(t, lambda t: nx.sum(nx.indexed_add(nx.indexed_add(t, i, u), i, u)))


@nx.defn
def grad_indexed_add_target_composite(t, i, u, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.sin(nx.indexed_add(nx.cos(t), i, u, **opts))))


@nx.defn
def grad_indexed_add_updates(t, i, u):
    return nx.grad(u, lambda u: nx.sum(nx.indexed_add(nx.indexed_add(t, i, u), i, u)))


@nx.defn
def grad_indexed_add_updates_composite(t, i, u, **opts):
    return nx.grad(u, lambda u: nx.sum(nx.sin(nx.indexed_add(t, i, nx.cos(u), **opts))))


@nx.defn
def grad_indexed_add_indices(t, i, u):
    return nx.grad(i, lambda i: nx.sum(nx.indexed_add(t, i, u)))


@nx.defn
def grad_indexed_add_indices_composite(t, i, u, **opts):
    return nx.grad(i, lambda i: nx.sum(nx.sin(nx.indexed_add(t, nx.multiply(i, 2), u, **opts))))


@nx.defn
def grad_indexed_add_simultaneous_composite(t, i, **opts):
    return nx.grad(t, lambda t: nx.sum(nx.sin(nx.indexed_add(t, i, nx.cos(t), **opts))))


def test_indexed_add_grad_wrt_to_target():  # grad_test.exs:3771
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    # The entries aren't overwritten, so the grad isn't killed on update
    # and f(x, y) = x + y implies f'(x, y) = f'(x) + f'(y)
    assert_all_close(nx.tensor([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]),
                     grad_indexed_add_target(t, i, u))
    expected = nx.tensor([
        [0, -0.0932, -0.8316, -0.0774],
        [0.1684, 0.9206, 0.1602, -0.4789],
        [-0.9789, -0.2525, -0.1442, -0.9905],
    ])
    assert_all_close(expected, grad_indexed_add_target_composite(t, i, u))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_add_target_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                       axes=[0, 2]))


def test_indexed_add_grad_wrt_to_source():  # grad_test.exs:3808
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    assert_all_close(nx.broadcast(2, u), grad_indexed_add_updates(t, i, u))

    # u entries pass through the composite function f(x) = sin(cos(x) + tn)
    # where tn is the entry in `t` corresponding to `x`; tn is constant w.r.t to x
    # therefore: f'(x) = cos(cos(x) + tn) * (-sin(x) + 0)
    cosx_tn = nx.add(nx.cos(u), nx.gather(t, i))
    expected = nx.negate(nx.multiply(nx.cos(cosx_tn), nx.sin(u)))
    assert_all_close(expected, grad_indexed_add_updates_composite(t, i, u))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_add_updates_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                        axes=[0, 2]))


def test_indexed_add_grad_wrt_to_indices():  # grad_test.exs:3830
    t = nx.iota((3, 4))
    i = nx.tensor(INDEXED_I)
    u = nx.tensor(INDEXED_U)
    assert_all_close(nx.broadcast(0, i), grad_indexed_add_indices(t, i, u))
    assert_all_close(nx.broadcast(0, i), grad_indexed_add_indices_composite(t, i, u))
    assert_all_close(nx.broadcast(0, i),
                     grad_indexed_add_indices_composite(nx.new_axis(t, 1), i, nx.new_axis(u, 1),
                                                        axes=[0, 2]))


def test_indexed_add_grad_wrt_to_both_source_and_target_simultaneously():  # grad_test.exs:3844
    # This isn't really a practical case, but we need to ensure it works
    t = nx.iota((2,))
    i = nx.tensor([[0], [1]])
    # u entries pass through the composite function f(x) = sin(cos(x) + x)
    # therefore: f'(x) = cos(cos(x) + x) * (-sin(x) + 1)
    cosx_tn = nx.add(nx.cos(t), t)
    expected = nx.multiply(nx.cos(cosx_tn), nx.subtract(1, nx.sin(t)))
    assert_all_close(expected, grad_indexed_add_simultaneous_composite(t, i))
    assert_all_close(nx.new_axis(expected, 1),
                     grad_indexed_add_simultaneous_composite(nx.new_axis(t, 1), i, axes=[0]))


# --- describe "solve" (grad_test.exs:3864) ------------------------------------------------------

@nx.defn
def solve_grad_wrt_a(a, b):
    return nx.grad(a, lambda a: nx.sum(nx.linalg.solve(a, b)))


@nx.defn
def solve_grad_wrt_add(w, a, b):
    return nx.grad(a, lambda a: nx.sum(nx.linalg.solve(nx.add(w, a), b)))


SOLVE_A = [[1, 0, 1], [0, 1, 0], [-1, 0, 1]]


def test_solve_computes_the_grad():  # grad_test.exs:3873
    a = nx.tensor(SOLVE_A)
    b = nx.tensor([4, 3, 2])
    assert_all_close(solve_grad_wrt_a(a, b),
                     nx.tensor([[-1.0, -3.0, -3.0], [-1.0, -3.0, -3.0], [0.0, 0.0, 0.0]]))


def test_solve_computes_the_grad_with_operations_before_solve():  # grad_test.exs:3902
    w = nx.tensor([0, 0, 0])
    a = nx.tensor(SOLVE_A)
    b = nx.tensor([4, 3, 2])
    assert_all_close(solve_grad_wrt_add(w, a, b),
                     nx.tensor([[-1.0, -3.0, -3.0], [-1.0, -3.0, -3.0], [0.0, 0.0, 0.0]]))


# --- describe "triangular_solve" (grad_test.exs:3925) -------------------------------------------

@nx.defn
def triangular_solve_grad_wrt_a(a, b, **opts):
    return nx.grad(a, lambda a: nx.sum(nx.linalg.triangular_solve(a, b, **opts)))


@nx.defn
def triangular_solve_grad_wrt_b(a, b, **opts):
    return nx.grad(b, lambda b: nx.sum(nx.linalg.triangular_solve(a, b, **opts)))


@nx.defn
def triangular_solve_composed_grad_wrt_a(a, b, **opts):
    return nx.grad(a, lambda a: nx.sum(
        nx.sin(nx.linalg.triangular_solve(nx.sin(a), nx.cos(b), **opts))))


@nx.defn
def triangular_solve_composed_grad_wrt_b(a, b, **opts):
    return nx.grad(b, lambda b: nx.sum(
        nx.sin(nx.linalg.triangular_solve(nx.sin(a), nx.cos(b), **opts))))


UPPER = [[1, 1, 1], [0, 1, 1], [0, 0, 1]]
LOWER = [[1, 0, 0], [1, 1, 0], [1, 1, 1]]


def test_triangular_solve_simple_grad_wrt_a():  # grad_test.exs:3962
    a = nx.tensor(UPPER)
    b = nx.tensor([4, 3, 2])
    assert_all_close(triangular_solve_grad_wrt_a(a, b, lower=False),
                     nx.tensor([[-1, -1, -2], [0, 0, 0], [0, 0, 0]]))


def test_triangular_solve_simple_grad_wrt_b():  # grad_test.exs:3978
    a = nx.tensor(UPPER)
    b = nx.tensor([4, 3, 2])
    assert_all_close(triangular_solve_grad_wrt_b(a, b, lower=False), nx.tensor([1, 0, 0]))


def test_triangular_solve_composed_grad_wrt_a():  # grad_test.exs:3994
    a = nx.tensor(UPPER)
    b = nx.tensor([4, 3, 2])
    assert_all_close(triangular_solve_composed_grad_wrt_a(a, b, lower=False),
                     nx.tensor([
                         [-0.23642, 0.40336, 0.29251],
                         [0.0, -0.06342, -0.04599],
                         [0.0, 0.0, 0.03297],
                     ]))


def test_triangular_solve_composed_grad_wrt_a_lower_true():  # grad_test.exs:4014
    a = nx.tensor(LOWER)
    b = nx.tensor([2, 3, 4])
    assert_all_close(triangular_solve_composed_grad_wrt_a(a, b, lower=True),
                     nx.tensor([
                         [0.03297454, 0.0, 0.0],
                         [-0.04599008, -0.06341801, 0.0],
                         [0.29251346, 0.40336132, -0.23642266],
                     ]))


def test_triangular_solve_grad_wrt_a_lower_true_transform_a_transpose():  # grad_test.exs:4034
    a = nx.tensor(LOWER)
    b = nx.tensor([2, 3, 4])
    assert_all_close(triangular_solve_grad_wrt_a(a, b, transform_a="transpose", lower=True),
                     nx.tensor([[1, 0, 0], [1, 0, 0], [-4, 0, 0]]))


def test_triangular_solve_composed_grad_wrt_b():  # grad_test.exs:4054
    a = nx.tensor(UPPER)
    b = nx.tensor([4, 3, 2])
    assert_all_close(triangular_solve_composed_grad_wrt_b(a, b, lower=False),
                     nx.tensor([0.8284839, 0.02428892, -0.11221229]))


def test_triangular_solve_composed_grad_wrt_a_left_side_false():  # grad_test.exs:4070
    a = nx.tensor(UPPER)
    b = nx.tensor([2, 3, 4])
    assert_all_close(triangular_solve_composed_grad_wrt_a(a, b, left_side=False, lower=False),
                     nx.tensor([
                         [0.03297454, -0.04599008, 0.29251346],
                         [0.0, -0.06341801, 0.40336132],
                         [0.0, 0.0, -0.23642266],
                     ]))


def test_triangular_solve_composed_grad_wrt_b_left_side_false():  # grad_test.exs:4090
    a = nx.tensor(UPPER)
    b = nx.tensor([2, 3, 4])
    assert_all_close(triangular_solve_composed_grad_wrt_b(a, b, left_side=False, lower=False),
                     nx.tensor([-0.11221229, 0.02428893, 0.82848394]))


# --- describe "not implemented" (grad_test.exs:4107) --------------------------------------------

@nx.defn
def grad_reduce(t):
    return nx.grad(t, lambda t: nx.reduce(t, 0, lambda x, y: x + y))


@nx.defn
def grad_quotient(t):
    return nx.grad(t, lambda t: nx.quotient(t, 2))


@nx.defn
def grad_window_prod(t):
    return nx.grad(t, lambda t: nx.window_product(t, ()))


def test_not_implemented_raises_on_reduce():  # grad_test.exs:4110
    # Nx: ~r"cannot compute gradient for Nx.reduce/4"; nx says the same in its own words:
    # "nx.grad: cannot differentiate through nx.reduce: nx.reduce has no gradient (as in Nx)"
    with pytest.raises((ValueError, TypeError), match=r"nx\.reduce has no gradient"):
        grad_reduce(3)


@pytest.mark.xfail(strict=True, reason=(
    "nx.grad through nx.quotient returns the gradient 0.0 where Nx raises ArgumentError "
    "'cannot compute gradient for Nx.quotient/2'"))
def test_not_implemented_raises_on_quotient():  # grad_test.exs:4118
    # Nx: ~r"cannot compute gradient for Nx.quotient/2"; either spelling of the function
    with pytest.raises((ValueError, TypeError), match=r"Nx\.quotient/2|nx\.quotient"):
        grad_quotient(2)


def test_not_implemented_raises_on_window_prod():  # grad_test.exs:4126
    # nx's message carries Nx's: "... cannot compute gradient for Nx.window_product/3 (as in Nx)"
    with pytest.raises((ValueError, TypeError),
                       match=r"cannot compute gradient for Nx\.window_product/3"):
        grad_window_prod(2)


# --- describe "window_scatter_min/max" (grad_test.exs:4133) -------------------------------------

_WS = dict(strides=[2, 3], padding="valid")


@nx.defn
def grad_window_scatter_max(t, source, init):
    return nx.grad((t, source, init),
                   lambda a: nx.window_scatter_max(a[0], a[1], a[2], (2, 3), **_WS))


@nx.defn
def grad_window_scatter_min(t, source, init):
    return nx.grad((t, source, init),
                   lambda a: nx.window_scatter_min(a[0], a[1], a[2], (2, 3), **_WS))


@nx.defn
def grad_composed_window_scatter_min(t, source, init):
    def f(a):
        t, source, init = a
        scattered = nx.window_scatter_min(nx.pow(t, 2), source, init, (2, 3), **_WS)
        return nx.add(nx.exp(scattered), nx.multiply(init, 2))
    return nx.grad((t, source, init), f)


@nx.defn
def grad_composed_window_scatter_max(t, source, init):
    def f(a):
        t, source, init = a
        scattered = nx.window_scatter_max(nx.pow(t, 2), source, init, (2, 3), **_WS)
        return nx.add(nx.exp(scattered), nx.multiply(init, 2))
    return nx.grad((t, source, init), f)


WS_T = [[7, 2, 5, 3, 10, 2], [3, 8, 9, 3, 4, 2], [1, 5, 7, 5, 6, 1], [0, 6, 2, 7, 2, 8]]
WS_SOURCE = [[2, 6], [3, 1]]


@pytest.mark.xfail(strict=True, reason=(
    "the operand's gradient: nx gives f32 zeros where Nx gives s32 zeros (Nx.broadcast(0, t)); "
    "the source and init_value gradients agree"))
@pytest.mark.parametrize("grad_fun", [grad_window_scatter_max, grad_window_scatter_min],
                         ids=["window_scatter_max (grad_test.exs:4166)",
                              "window_scatter_min (grad_test.exs:4186)"])
def test_window_scatter(grad_fun):  # grad_test.exs:4166, 4186
    t = nx.tensor(WS_T)
    source = nx.tensor(WS_SOURCE)
    init_value = 0
    input_grad, source_grad, init_value_grad = grad_fun(t, source, init_value)
    assert_equal(input_grad, nx.broadcast(0, t))
    assert_equal(source_grad, nx.broadcast(1.0, source))
    assert_equal(init_value_grad, nx.tensor(24.0))


@pytest.mark.xfail(strict=True, reason=(
    "f32 rounding, last assert: nx.jit gives the init_value gradient 501.6216735839844 where "
    "68 + sum(grad(exp)(source)), computed eagerly as Nx's test does, is 501.6217041015625 "
    "(1 ulp: another summation order); the other asserts agree"))
@pytest.mark.parametrize("grad_fun", [grad_composed_window_scatter_max,
                                      grad_composed_window_scatter_min],
                         ids=["grad_composed_window_scatter_max (grad_test.exs:4206)",
                              "grad_composed_window_scatter_min (grad_test.exs:4233)"])
def test_grad_composed_window_scatter(grad_fun):  # grad_test.exs:4206, 4233
    t = nx.tensor(WS_T)
    source = nx.tensor(WS_SOURCE)
    init_value = 0
    expected_source_grad = nx.grad(source, lambda s: nx.exp(s))
    input_grad, source_grad, init_value_grad = grad_fun(t, source, init_value)
    assert_equal(input_grad, nx.broadcast(0.0, t))
    assert_equal(source_grad, expected_source_grad)
    # the acummulated grad is 2 * 24 + 20 1s for the scattered values + the source grad for the
    # positions where source was added
    assert_equal(init_value_grad, nx.add(nx.tensor(2 * 24 + 20), nx.sum(expected_source_grad)))


# --- describe "vectorization" (grad_test.exs:4261) ----------------------------------------------

def test_vectorization_combination_of_vectorized_and_non_vectorized_tensors():
    # grad_test.exs:4262
    x = nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]]), "x")
    y = 1
    grad = nx.grad(y, lambda y: nx.add(x, y))
    assert_equal(grad, nx.vectorize(nx.tensor([3.0, 3.0]), ["x"]))


def test_vectorization_combination_over_composed_function():  # grad_test.exs:4271
    x = nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"]), "x")
    y = 1
    grad = nx.grad(y, lambda y: nx.add(y, nx.sin(x)))
    assert_equal(grad, nx.vectorize(nx.tensor([3.0, 3.0]), ["x"]))
    grad = nx.grad(x, lambda x: nx.add(y, nx.sin(x)))
    assert_equal(grad, nx.cos(x))


@pytest.mark.skip(reason="skipped in Nx too (@tag :skip, 'not supported yet')")
def test_vectorization_edge_case_where_the_same_name_changes_meaning():  # grad_test.exs:4284
    x = nx.vectorize(nx.tensor([[1], [2], [3]]), {"x": 3})

    def f(t):
        devec = nx.devectorize(t, keep_names=True)
        new_axis = nx.reshape(devec, (1, 3, 1), names=["x", None, None])
        return nx.vectorize(new_axis, {"x": 1})

    grad = nx.grad(x, f)
    assert_equal(grad, nx.vectorize(nx.tensor([[1], [1], [1]]), {"x": 3}))


@pytest.mark.xfail(strict=True, reason=(
    "first case: nx gives y's gradient the vectorized axes [y: 2, x: 2] where Nx gives "
    "[x: 2, y: 2] (the axes of a * b), in the explicit and the conceptual assert; x's gradient "
    "and the second case agree"))
def test_vectorization_heterogenous_vectorization_combinations():  # grad_test.exs:4298
    x = nx.tensor([[1, 2, 3], [4, 5, 6]])
    y = nx.tensor([10, 20])

    # first case: y is vectorized scalar, x is vectorized vectors, different vectorized axis names
    # expected result: equivalent to fully broadcasting one tensor onto the other
    x_vec = nx.vectorize(x, "x")
    y_vec = nx.vectorize(y, "y")

    def grad_fun(x, y):
        return nx.grad((x, y), lambda ab: nx.multiply(ab[0], ab[1]))

    grad_x_vec, grad_y_vec = grad_fun(x_vec, y_vec)

    # Explicit assertion on the results
    assert_equal(grad_x_vec,
                 nx.vectorize(nx.tensor([
                     [[10.0, 10.0, 10.0], [20.0, 20.0, 20.0]],
                     [[10.0, 10.0, 10.0], [20.0, 20.0, 20.0]],
                 ]), ["x", "y"]))
    assert_equal(grad_y_vec, nx.vectorize(nx.tensor([[6.0, 6.0], [15.0, 15.0]]), ["x", "y"]))

    # Conceptual assertion: the result should be equivalent to calling Nx.Defn.grad with
    # each cross-entry of the combined vectors [(x0, y0), (x0, y1), (x1, y0), (x1, y1)]
    x0y0_wrt_x, x0y0_wrt_y = grad_fun(x[0], y[0])
    x0y1_wrt_x, x0y1_wrt_y = grad_fun(x[0], y[1])
    x1y0_wrt_x, x1y0_wrt_y = grad_fun(x[1], y[0])
    x1y1_wrt_x, x1y1_wrt_y = grad_fun(x[1], y[1])

    assert_equal(grad_x_vec, nx.vectorize(nx.reshape(nx.stack(
        [x0y0_wrt_x, x0y1_wrt_x, x1y0_wrt_x, x1y1_wrt_x]), (2, 2, 3)), ["x", "y"]))
    assert_equal(grad_y_vec, nx.vectorize(nx.reshape(nx.stack(
        [x0y0_wrt_y, x0y1_wrt_y, x1y0_wrt_y, x1y1_wrt_y]), (2, 2)), ["x", "y"]))

    # second case: y is vectorized scalar, x is vectorized vectors, same vectorized axis name
    # expected result: equivalent to "row-wise" broadcasting
    x_vec = nx.vectorize(x, "x")
    y_vec = nx.vectorize(y, "x")
    grad_x_vec, grad_y_vec = nx.grad((x_vec, y_vec), lambda ab: nx.multiply(ab[0], ab[1]))
    assert_equal(grad_x_vec, nx.vectorize(nx.tensor([[10.0, 10.0, 10.0], [20.0, 20.0, 20.0]]),
                                          x_vec.vectorized_axes))
    assert_equal(grad_y_vec, nx.vectorize(nx.tensor([6.0, 15.0]), y_vec.vectorized_axes))
