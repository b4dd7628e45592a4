"""The seeds' tensor examples print what the seeds print.

Seed output is compared after normalising `#Nx.Tensor<` to `nx.Tensor<` and dropping the
`EXLA.Backend` lines (our repr names no backend). The notebook "Harnessing the Power of Math"
(seed 000) was run with an old Nx whose default integer type was s64; Nx 0.10 (and this
project) default to s32 (changelog: "Default integer type is now s32"), so its cells are
compared with `s64` replaced by `s32`.

Where a seed shows code but not its output (the quickstart and broadcasting guides), the
expected text is worked out by hand from the values (NumPy arithmetic) and Nx's format.

Every cell runs on both eager backends (numpy and xla).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nx


def seed(text, old_nx=False):
    """A seed's printed tensor, normalised to our repr."""
    text = textwrap.dedent(text).strip("\n")
    lines = [ln for ln in text.split("\n") if ln.strip() != "EXLA.Backend"]
    out = "\n".join(lines).replace("#Nx.Tensor<", "nx.Tensor<")
    if old_nx:
        out = out.replace("s64", "s32")  # the notebook's Nx defaulted to s64; Nx 0.10 to s32
    return out


@pytest.fixture(params=["numpy", "xla"], autouse=True)
def backend(request):
    prev = nx.default_backend(request.param)
    yield request.param
    nx.default_backend(prev)


# --- the notebook (seed 000) ---------------------------------------------------------------

def test_notebook_building_blocks():
    a = nx.tensor([1, 2, 3])
    b = nx.tensor([4.0, 5.0, 6.0])
    c = nx.tensor([1, 0, 1], type=("u", 8))
    assert repr(a) == seed("""
        #Nx.Tensor<
          s64[3]
          EXLA.Backend
          [1, 2, 3]
        >""", old_nx=True)
    assert repr(b) == seed("""
        #Nx.Tensor<
          f32[3]
          EXLA.Backend
          [4.0, 5.0, 6.0]
        >""")
    assert repr(c) == seed("""
        #Nx.Tensor<
          u8[3]
          EXLA.Backend
          [1, 0, 1]
        >""")


def test_notebook_goog_and_stocks_matrix():
    goog_current_price, goog_pe, goog_mkt_cap = 2677.32, 23.86, 1760
    goog = nx.tensor([goog_current_price, goog_pe, goog_mkt_cap])
    assert repr(goog) == seed("""
        #Nx.Tensor<
          f32[3]
          EXLA.Backend
          [2677.320068359375, 23.860000610351562, 1760.0]
        >""")
    i_am_a_scalar = nx.tensor(5)
    assert i_am_a_scalar.shape == () and nx.to_number(i_am_a_scalar) == 5
    meta_current_price, meta_pe, meta_mkt_cap = 133.93, 11.10, 360
    stocks_matrix = nx.tensor([[goog_current_price, goog_pe, goog_mkt_cap],
                               [meta_current_price, meta_pe, meta_mkt_cap]])
    assert repr(stocks_matrix) == seed("""
        #Nx.Tensor<
          f32[2][3]
          EXLA.Backend
          [
            [2677.320068359375, 23.860000610351562, 1760.0],
            [133.92999267578125, 11.100000381469727, 360.0]
          ]
        >""")


def test_notebook_vector_addition_and_scalar_multiplication():
    sales_day_1 = nx.tensor([32, 10, 14])
    sales_day_2 = nx.tensor([10, 24, 21])
    assert repr(sales_day_2) == seed("""
        #Nx.Tensor<
          s64[3]
          EXLA.Backend
          [10, 24, 21]
        >""", old_nx=True)
    total_sales = nx.add(sales_day_1, sales_day_2)
    assert repr(total_sales) == seed("""
        #Nx.Tensor<
          s64[3]
          EXLA.Backend
          [42, 34, 35]
        >""", old_nx=True)
    keep_rate = 0.9
    unreturned_sales = nx.multiply(keep_rate, total_sales)
    assert repr(unreturned_sales) == seed("""
        #Nx.Tensor<
          f32[3]
          EXLA.Backend
          [37.79999923706055, 30.599998474121094, 31.5]
        >""")
    price_per_product = nx.tensor([9.95, 10.95, 5.99])
    revenue_per_product = nx.multiply(unreturned_sales, price_per_product)
    assert repr(revenue_per_product) == seed("""
        #Nx.Tensor<
          f32[3]
          EXLA.Backend
          [376.1099853515625, 335.0699768066406, 188.68499755859375]
        >""")


def test_notebook_transpose():
    sales_matrix = nx.tensor([[32, 10, 14], [10, 24, 21]])
    assert repr(nx.transpose(sales_matrix)) == seed("""
        #Nx.Tensor<
          s64[3][2]
          EXLA.Backend
          [
            [32, 10],
            [10, 24],
            [14, 21]
          ]
        >""", old_nx=True)


def test_notebook_dot_products():
    vector = nx.dot(nx.tensor([1, 2, 3]), nx.tensor([1, 2, 3]))
    vector_matrix = nx.dot(nx.tensor([1, 2]), nx.tensor([[1], [2]]))
    matrix_matrix = nx.dot(nx.tensor([[1, 2]]), nx.tensor([[3], [4]]))
    assert repr(vector) == seed("""
        #Nx.Tensor<
          s64
          EXLA.Backend
          14
        >""", old_nx=True)
    assert repr(vector_matrix) == seed("""
        #Nx.Tensor<
          s64[1]
          EXLA.Backend
          [5]
        >""", old_nx=True)
    assert repr(matrix_matrix) == seed("""
        #Nx.Tensor<
          s64[1][1]
          EXLA.Backend
          [
            [11]
          ]
        >""", old_nx=True)


def test_notebook_invert_colour_channels():
    # The notebook reads Cat.jpg (u8, {256, 256, 3}); a synthetic u8 image stands in for it.
    rng = np.random.default_rng(7)
    img = rng.integers(0, 256, size=(6, 5, 3), dtype=np.uint8)
    invert_color_channels = nx.tensor([[-1, 0, 0], [0, -1, 0], [0, 0, -1]])
    image = nx.tensor(img)
    assert image.type == "u8" and image.shape == (6, 5, 3)
    product = nx.dot(image, invert_color_channels)
    assert product.type == "s32" and product.shape == (6, 5, 3)
    np.testing.assert_array_equal(np.asarray(product), -img.astype(np.int64))
    out = nx.as_type(product, ("u", 8))
    assert out.type == "u8" and out.shape == (6, 5, 3)
    # integer conversion keeps the low bits: -x becomes 256 - x (and 0 stays 0)
    expected = ((256 - img.astype(np.int64)) % 256).astype(np.uint8)
    np.testing.assert_array_equal(np.asarray(out), expected)


def test_notebook_invert_colour_channels_in_defn():
    rng = np.random.default_rng(8)
    img = rng.integers(0, 256, size=(4, 4, 3), dtype=np.uint8)

    @nx.defn
    def invert(image, m):
        return nx.as_type(nx.dot(image, m), "u8")

    m = nx.tensor([[-1, 0, 0], [0, -1, 0], [0, 0, -1]])
    out = invert(nx.tensor(img), m)
    assert out.type == "u8"
    np.testing.assert_array_equal(np.asarray(out),
                                  ((256 - img.astype(np.int64)) % 256).astype(np.uint8))


# --- the quickstart (seed 002) ----------------------------------------------------------------

def test_quickstart_intro():
    assert repr(nx.tensor([[1, 2], [3, 4]])) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >""")


def test_quickstart_creating_tensors():
    assert repr(nx.tensor(0)) == seed("""
        #Nx.Tensor<
          s32
          0
        >""")
    assert repr(nx.tensor(1.0)) == seed("""
        #Nx.Tensor<
          f32
          1.0
        >""")
    assert repr(nx.tensor([1, 2, 3])) == seed("""
        #Nx.Tensor<
          s32[3]
          [1, 2, 3]
        >""")
    # f32(1.2) = 1.2000000476837158 etc. (NumPy: float(np.float32(x)))
    assert repr(nx.tensor([1.2, 2.3, 3.4, 4.5])) == seed("""
        #Nx.Tensor<
          f32[4]
          [1.2000000476837158, 2.299999952316284, 3.4000000953674316, 4.5]
        >""")
    assert [float(np.float32(x)) for x in (1.2, 2.3, 3.4)] == \
        [1.2000000476837158, 2.299999952316284, 3.4000000953674316]
    assert repr(nx.tensor([[1, 2, 3], [4, 5, 6]])) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >""")
    assert repr(nx.tensor([[1, 2], [3, 4], [5, 6]])) == seed("""
        #Nx.Tensor<
          s32[3][2]
          [
            [1, 2],
            [3, 4],
            [5, 6]
          ]
        >""")
    assert repr(nx.tensor([[[1, 2], [3, 4], [5, 6]], [[-1, -2], [-3, -4], [-5, -6]]])) == seed("""
        #Nx.Tensor<
          s32[2][3][2]
          [
            [
              [1, 2],
              [3, 4],
              [5, 6]
            ],
            [
              [-1, -2],
              [-3, -4],
              [-5, -6]
            ]
          ]
        >""")
    t = nx.tensor([1, 2, 3])
    assert repr(nx.tensor(t)) == repr(t)


def test_quickstart_naming_dimensions():
    assert repr(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])) == seed("""
        #Nx.Tensor<
          s32[x: 2][y: 3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >""")
    t = nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", "height", "width"])
    assert repr(t) == seed("""
        #Nx.Tensor<
          s32[batch: 1][height: 3][width: 3]
          [
            [
              [1, 2, 3],
              [4, 5, 6],
              [7, 8, 9]
            ]
          ]
        >""")
    assert t.names == ("batch", "height", "width") or list(t.names) == ["batch", "height", "width"]
    t = nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", None, None])
    assert repr(t).split("\n")[1] == "  s32[batch: 1][3][3]"
    with pytest.raises(ValueError) as e:
        nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch"])
    msg = str(e.value)
    assert "nx.tensor" in msg and "3" in msg and "1" in msg


def test_quickstart_indexing():
    tensor = nx.tensor([[1, 2], [3, 4]], names=["y", "x"])
    assert repr(tensor[0, 1]) == seed("""
        #Nx.Tensor<
          s32
          2
        >""")
    tensor = nx.tensor([[1, 2], [3, 4], [5, 6]], names=["y", "x"])
    assert repr(tensor[-1, -1]) == seed("""
        #Nx.Tensor<
          s32
          6
        >""")
    assert repr(tensor[{"x": 1}]) == seed("""
        #Nx.Tensor<
          s32[y: 3]
          [2, 4, 6]
        >""")
    assert repr(tensor[{"y": slice(0, 2)}]) == seed("""
        #Nx.Tensor<
          s32[y: 2][x: 2]
          [
            [1, 2],
            [3, 4]
          ]
        >""")
    # tensor[[.., 1]] is the same as tensor[x: 1]
    assert repr(tensor[:, 1]) == repr(tensor[{"x": 1}])
    assert repr(tensor[..., 1]) == repr(tensor[{"x": 1}])


def test_quickstart_shape_and_reshape():
    tensor = nx.tensor([[1, 2], [3, 4], [5, 6]], names=["y", "x"])
    assert nx.shape(tensor) == (3, 2)
    # the guide reshapes a 4-element tensor to {1, 4}
    t4 = nx.tensor([[1, 2], [3, 4]], names=["y", "x"])
    assert repr(nx.reshape(t4, (1, 4), names=["batches", "values"])) == seed("""
        #Nx.Tensor<
          s32[batches: 1][values: 4]
          [
            [1, 2, 3, 4]
          ]
        >""")
    # ...and a 6-element one cannot be
    with pytest.raises(ValueError, match=r"nx\.reshape"):
        nx.reshape(tensor, (1, 4), names=["batches", "values"])


def test_quickstart_floats_and_complex():
    assert repr(nx.tensor([0.0, 0.2, 0.4, 1.0], type="f16")) == seed("""
        #Nx.Tensor<
          f16[4]
          [0.0, 0.199951171875, 0.39990234375, 1.0]
        >""")
    assert [float(np.float16(x)) for x in (0.2, 0.4)] == [0.199951171875, 0.39990234375]
    assert repr(nx.tensor([0.0, 0.2, 0.4, 1.0], type="f64")) == seed("""
        #Nx.Tensor<
          f64[4]
          [0.0, 0.2, 0.4, 1.0]
        >""")
    assert repr(nx.tensor([0.0, 0.2, 0.4, 1.0], type="bf16")) == seed("""
        #Nx.Tensor<
          bf16[4]
          [0.0, 0.2001953125, 0.400390625, 1.0]
        >""")
    assert repr(nx.tensor([1, 2, 3], type="f8")) == seed("""
        #Nx.Tensor<
          f8[3]
          [1.0, 2.0, 3.0]
        >""")
    assert repr(nx.tensor(["neg_infinity", "nan", "infinity"])) == seed("""
        #Nx.Tensor<
          f32[3]
          [-Inf, NaN, Inf]
        >""")
    assert repr(nx.tensor(complex(1, -1))) == seed("""
        #Nx.Tensor<
          c64
          1.0-1.0i
        >""")


@pytest.mark.parametrize("fun,a,b,expected", [
    (nx.add, [1, 2, 3], [0, 1, 2], "s32[3]\n  [1, 3, 5]"),
    (nx.subtract, [10, 20, 30], [0, 1, 2], "s32[3]\n  [10, 19, 28]"),
    (nx.multiply, [2, 3, 4], [0, 1, 2], "s32[3]\n  [0, 3, 8]"),
    (nx.divide, [10, 30, 40], [5, 6, 8], "f32[3]\n  [2.0, 5.0, 5.0]"),
    (nx.pow, [2, 3, 4], [2], "s32[3]\n  [4, 9, 16]"),
    (nx.quotient, [10, 20, 30], [3, 7, 4], "s32[3]\n  [3, 2, 7]"),
    (nx.remainder, [27, 32, 43], [2, 3, 4], "s32[3]\n  [1, 2, 3]"),
    (nx.equal, [4, 9, 16], [4, 9, -16], "u8[3]\n  [1, 1, 0]"),
    (nx.not_equal, [4, 9, 16], [4.0, 9.0, -16.0], "u8[3]\n  [0, 0, 1]"),
    (nx.greater, [4, 9, 16], [4, 8, 17], "u8[3]\n  [0, 1, 0]"),
    (nx.less, [4, 9, 16], [4.2, 9.0, 15.9], "u8[3]\n  [1, 0, 0]"),
    (nx.greater_equal, [4, 9, 16], [4, 8, 17], "u8[3]\n  [1, 1, 0]"),
    (nx.less_equal, [4, 9, 16], [4.2, 9.0, 15.9], "u8[3]\n  [1, 1, 0]"),
])
def test_quickstart_binary_operations(fun, a, b, expected):
    assert repr(fun(nx.tensor(a), nx.tensor(b))) == "nx.Tensor<\n  " + expected + "\n>"


def test_quickstart_unary_operations():
    assert repr(nx.negate(nx.tensor([2, 3, 4]))) == seed("""
        #Nx.Tensor<
          s32[3]
          [-2, -3, -4]
        >""")
    assert repr(nx.sqrt(nx.tensor([4, 9, 16]))) == seed("""
        #Nx.Tensor<
          f32[3]
          [2.0, 3.0, 4.0]
        >""")


def test_quickstart_aggregates():
    a = nx.tensor([[4, 9, 16], [4.2, 9.0, 16.7]])
    assert a.type == "f32"
    # NumPy f32 arithmetic gives the same value in every summation/product order
    x = np.array([4, 9, 16, 4.2, 9.0, 16.7], np.float32)
    s = np.float32(0)
    p = np.float32(1)
    for v in x:
        s = np.float32(s + v)
        p = np.float32(p * v)
    assert (float(s), float(p)) == (58.900001525878906, 363605.75)
    assert float(np.float32(s / np.float32(6))) == 9.816666603088379
    assert repr(nx.sum(a)) == seed("""
        #Nx.Tensor<
          f32
          58.900001525878906
        >""")
    assert repr(nx.mean(a)) == seed("""
        #Nx.Tensor<
          f32
          9.816666603088379
        >""")
    assert repr(nx.product(a)) == seed("""
        #Nx.Tensor<
          f32
          363605.75
        >""")


def test_quickstart_dot_with_names():
    t1 = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
    t2 = nx.tensor([[10, 20], [30, 40]], names=["height", "width"])
    # result[y][width] = sum over x of t1[x][y] * t2[x][width]
    assert repr(nx.dot(t1, [0], t2, [0])) == seed("""
        #Nx.Tensor<
          s32[y: 2][width: 2]
          [
            [100, 140],
            [140, 200]
          ]
        >""")


# --- broadcasting guide (seed 002) ------------------------------------------------------------

def test_broadcasting_guide():
    assert repr(nx.broadcast(1, (2, 2))) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 1],
            [1, 1]
          ]
        >""")
    tensor = nx.tensor([[1, 2], [3, 4]])
    assert repr(nx.broadcast(1, tensor)) == repr(nx.broadcast(1, (2, 2)))
    assert repr(nx.subtract(tensor, 1)) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [0, 1],
            [2, 3]
          ]
        >""")
    assert repr(nx.subtract(10, tensor)) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [9, 8],
            [7, 6]
          ]
        >""")
    assert repr(nx.broadcast(nx.tensor([1, 2]), (2, 2))) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 2],
            [1, 2]
          ]
        >""")
    assert repr(nx.subtract(tensor, nx.tensor([1, 2]))) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [0, 0],
            [2, 2]
          ]
        >""")
    assert repr(nx.broadcast(nx.tensor([[1], [2]]), (1, 2, 2))) == seed("""
        #Nx.Tensor<
          s32[1][2][2]
          [
            [
              [1, 1],
              [2, 2]
            ]
          ]
        >""")
    block = "\n".join(["    [", "      [1, 2, 3],", "      [1, 2, 3]", "    ]"])
    assert repr(nx.broadcast(nx.tensor([[[1, 2, 3]]]), (4, 2, 3))) == (
        "nx.Tensor<\n  s32[4][2][3]\n  [\n" + ",\n".join([block] * 4) + "\n  ]\n>")


def test_deftransform_cell():
    @nx.defn
    def scale_tensor(tensor):
        return nx.multiply(tensor, 10)

    @nx.deftransform
    def compute_from_2d_list(list_2d):
        lengths = [len(r) for r in list_2d]
        if len(set(lengths)) != 1:
            raise ValueError("All inner lists must have the same length")
        return scale_tensor(nx.new_axis(nx.tensor(list_2d), 0))

    assert repr(compute_from_2d_list([[1, 2, 3], [4, 5, 6]])) == seed("""
        #Nx.Tensor<
          s32[1][2][3]
          [
            [
              [10, 20, 30],
              [40, 50, 60]
            ]
          ]
        >""")


def test_defn_subtract_cell():
    @nx.defn
    def subtract(a, b):
        return a - b

    c = nx.compile(subtract, [nx.template((3,), "f32"), nx.template((3,), "s32")])
    r = c(nx.tensor([1.5, 2.5, 3.5]), nx.tensor([1, 2, 3]))
    assert repr(r) == seed("""
        #Nx.Tensor<
          f32[3]
          [0.5, 0.5, 0.5]
        >""")


# --- the NumPy -> Nx cheatsheet (seed 002) ---------------------------------------------------

def test_cheatsheet_creation():
    assert repr(nx.broadcast(0, (2, 3))) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [0, 0, 0],
            [0, 0, 0]
          ]
        >""")
    assert repr(nx.broadcast(1, (2, 3))) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [1, 1, 1],
            [1, 1, 1]
          ]
        >""")
    assert repr(nx.multiply(nx.iota((5,), axis=0), 2)) == seed("""
        #Nx.Tensor<
          s32[5]
          [0, 2, 4, 6, 8]
        >""")
    assert repr(nx.divide(nx.iota((5,)), 4)) == seed("""
        #Nx.Tensor<
          f32[5]
          [0.0, 0.25, 0.5, 0.75, 1.0]
        >""")
    a = nx.tensor([[1, 2, 3], [4, 5, 6]])
    assert nx.shape(a) == (2, 3)
    assert nx.rank(a) == 2
    assert nx.type(a) == ("s", 32)
    assert nx.size(a) == 6
    assert nx.byte_size(a) == 24


def test_cheatsheet_indexing():
    tensor = nx.tensor([[10, 20], [30, 40]])
    assert repr(tensor[0, 1]) == seed("""
        #Nx.Tensor<
          s32
          20
        >""")
    a = nx.tensor([10, 20, 30, 40, 50])
    assert repr(a[1:4]) == seed("""
        #Nx.Tensor<
          s32[3]
          [20, 30, 40]
        >""")
    a = nx.tensor([[1, 2], [3, 4], [5, 6]])
    assert repr(a[:, 1]) == seed("""
        #Nx.Tensor<
          s32[3]
          [2, 4, 6]
        >""")


def test_cheatsheet_linear_algebra():
    a = nx.tensor([[1, 2], [3, 4]])
    b = nx.tensor([[5, 6], [7, 8]])
    assert repr(nx.dot(a, b)) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [19, 22],
            [43, 50]
          ]
        >""")
    assert repr(nx.transpose(a)) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 3],
            [2, 4]
          ]
        >""")
    assert repr(nx.eye((3, 3))) == seed("""
        #Nx.Tensor<
          s32[3][3]
          [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1]
          ]
        >""")


# --- the Nx module docs (seed 002): creation, broadcasting, access ----------------------------

def test_module_doc_creation():
    f32_123 = seed("""
        #Nx.Tensor<
          f32[3]
          [1.0, 2.0, 3.0]
        >""")
    assert repr(nx.tensor([1, 2, 3], type=("f", 32))) == f32_123
    assert repr(nx.tensor([1, 2, 3], type="f32")) == f32_123
    assert repr(nx.iota((2, 3), names=["x", "y"])) == seed("""
        #Nx.Tensor<
          s32[x: 2][y: 3]
          [
            [0, 1, 2],
            [3, 4, 5]
          ]
        >""")


def test_module_doc_broadcasting():
    assert repr(nx.add(nx.tensor([1, 2, 3]), nx.tensor([10, 20, 30]))) == seed("""
        #Nx.Tensor<
          s32[3]
          [11, 22, 33]
        >""")
    assert repr(nx.multiply(nx.tensor([1, 2, 3]), 2)) == seed("""
        #Nx.Tensor<
          s32[3]
          [2, 4, 6]
        >""")
    # the shape examples of the broadcasting rules
    for sa, sb, out in [((3,), (), (3,)), ((255, 255, 3), (3,), (255, 255, 3)),
                        ((2, 1), (1, 2), (2, 2)), ((5, 1, 4, 1), (3, 4, 5), (5, 3, 4, 5))]:
        r = nx.multiply(nx.broadcast(1, sa), nx.broadcast(2, sb))
        assert r.shape == out
        assert r.type == "s32"


def test_module_doc_access():
    t = nx.tensor([[1, 2], [3, 4]])
    assert repr(t[0]) == seed("""
        #Nx.Tensor<
          s32[2]
          [1, 2]
        >""")
    assert repr(t[1]) == seed("""
        #Nx.Tensor<
          s32[2]
          [3, 4]
        >""")
    four = seed("""
        #Nx.Tensor<
          s32
          4
        >""")
    assert repr(t[1][1]) == four
    assert repr(t[-1][-1]) == four
    t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
    assert repr(t[0:2]) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >""")
    assert repr(t[1:-1]) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [3, 4],
            [5, 6]
          ]
        >""")
    assert repr(t[1:]) == seed("""
        #Nx.Tensor<
          s32[3][2]
          [
            [3, 4],
            [5, 6],
            [7, 8]
          ]
        >""")
    assert repr(t[1:][1:]) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [5, 6],
            [7, 8]
          ]
        >""")
    assert repr(t[1:, 1:]) == seed("""
        #Nx.Tensor<
          s32[3][1]
          [
            [4],
            [6],
            [8]
          ]
        >""")
    assert repr(t[:, 1:]) == seed("""
        #Nx.Tensor<
          s32[4][1]
          [
            [2],
            [4],
            [6],
            [8]
          ]
        >""")
    t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    assert repr(t[1:3, 2]) == seed("""
        #Nx.Tensor<
          s32[2]
          [6, 9]
        >""")
    assert repr(t[1:3]) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [4, 5, 6],
            [7, 8, 9]
          ]
        >""")
    t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], names=["x", "y"])
    assert repr(t[{"x": slice(1, 3)}]) == seed("""
        #Nx.Tensor<
          s32[x: 2][y: 3]
          [
            [4, 5, 6],
            [7, 8, 9]
          ]
        >""")
    assert repr(t[{"x": slice(1, 3), "y": slice(0, 2)}]) == seed("""
        #Nx.Tensor<
          s32[x: 2][y: 2]
          [
            [4, 5],
            [7, 8]
          ]
        >""")
    assert repr(t[{"x": 1, "y": slice(0, 2)}]) == seed("""
        #Nx.Tensor<
          s32[y: 2]
          [4, 5]
        >""")


def test_module_doc_out_of_bounds_access():
    # Nx: "index 2 is out of bounds for axis 0 in shape {2}"
    with pytest.raises(IndexError) as e:
        nx.tensor([1, 2])[2]
    msg = str(e.value)
    assert "2" in msg and "axis 0" in msg and "(2,)" in msg
    with pytest.raises(IndexError) as e:
        nx.tensor([1, 2])[-3]
    assert "-3" in str(e.value) and "axis 0" in str(e.value)


_TAKE_INDEX = ("nx/ops.py access: a rank>=1 tensor index means nx.take (API.md, seed 002's "
               "access syntax); take/gather arrive with the tensor API issue")


def test_module_doc_dynamic_scalar_index():
    t = nx.tensor([[1, 2], [3, 4]])
    two = nx.tensor(2)
    assert repr(t[two][two]) == seed("""
        #Nx.Tensor<
          s32
          4
        >""")
    minus_one = nx.tensor(-1)
    assert repr(t[minus_one][minus_one]) == seed("""
        #Nx.Tensor<
          s32
          1
        >""")


def test_module_doc_tensor_index_is_take():
    t = nx.tensor([[1, 2], [3, 4]])
    assert repr(t[nx.tensor([1, 0])]) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [3, 4],
            [1, 2]
          ]
        >""")
