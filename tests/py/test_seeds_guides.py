"""The seeds' guide cells not covered by test_seeds.py: the exercises 1-17, the aggregation
guide, the cheatsheet and quickstart cells left, the `Nx` module docs' remaining examples (shape,
sigils, a rank-2 tensor index) and the tensor cells of "Harnessing the Power of Math" (the
BerryFarm curve). Expected outputs are the seeds' printed tensors converted to our format, or,
where the seed prints no output (the exercises show solutions only), values worked out with
NumPy.

Cells left to other test files: random numbers (exercises 12-14, the notebook's coin-flip
simulation: nx.random), linear algebra (the cheatsheet's determinant/invert/solve/eigh:
nx.linalg), vectorization (the vectorization guide: nx.vectorize). The seed stops after
exercise 17 (18-20 are not in it) and cuts the aggregation guide after its first weighted_mean
cell.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nx


def seed(text, old_nx=False):
    """A seed's printed tensor, normalised to our repr (see test_seeds.py)."""
    text = textwrap.dedent(text).strip("\n")
    lines = [ln for ln in text.split("\n") if ln.strip() != "EXLA.Backend"]
    out = "\n".join(lines).replace("#Nx.Tensor<", "nx.Tensor<")
    if old_nx:
        out = out.replace("s64", "s32")  # the guides' older Nx defaulted to s64; Nx 0.10 to s32
    return out


def expect(t, type, shape, values, names=None):
    """Checks a tensor against a NumPy reference: type, shape, names and values."""
    assert isinstance(t, nx.Tensor)
    assert t.type == type, f"type {t.type}, expected {type}"
    assert t.shape == tuple(shape)
    assert list(t.names) == (list(names) if names is not None else [None] * len(shape))
    np.testing.assert_array_equal(np.asarray(t), np.asarray(values))


@pytest.fixture(params=["numpy", "xla"], autouse=True)
def backend(request):
    prev = nx.default_backend(request.param)
    yield request.param
    nx.default_backend(prev)


# --- Exercises 1-17 (seed 002; solutions as the seed gives them, checked against NumPy) --------

def test_exercises_1_to_5():
    # 2. a 1-D tensor of 10 zeros: Nx.broadcast(0, {10})
    expect(nx.broadcast(0, (10,)), "s32", (10,), np.zeros(10, np.int32))
    # 3. / 4. number of elements and bytes of memory
    tensor = nx.tensor([[1, 2, 3], [4, 5, 6]])
    assert nx.size(tensor) == np.array([[1, 2, 3], [4, 5, 6]]).size == 6
    assert nx.byte_size(tensor) == np.array([[1, 2, 3], [4, 5, 6]], np.int32).nbytes == 24
    # 5a. / 5b. sum of all elements, then across the rows
    tensor = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    ref = np.arange(1, 10).reshape(3, 3)
    expect(nx.sum(tensor), "s32", (), ref.sum())
    assert repr(nx.sum(tensor)) == seed("""
        #Nx.Tensor<
          s32
          45
        >""")
    expect(nx.sum(tensor, axes=[1]), "s32", (3,), ref.sum(axis=1))
    assert repr(nx.sum(tensor, axes=[1])) == seed("""
        #Nx.Tensor<
          s32[3]
          [6, 15, 24]
        >""")


def test_exercises_6_to_10():
    # 6. zeros of size 10 with the fifth value 1: Nx.indexed_put(zeros, Nx.tensor([4]), 1)
    zeros = nx.broadcast(0, (10,))
    ref = np.zeros(10, np.int32)
    ref[4] = 1
    expect(nx.indexed_put(zeros, nx.tensor([4]), 1), "s32", (10,), ref)
    # 7. a 3x3 tensor with values 0..8
    expect(nx.iota((3, 3)), "s32", (3, 3), np.arange(9).reshape(3, 3))
    # 8. values from 10 to 49: iota + 10 (solution 1) and linspace(10, 49, n: 39, type: :s64)
    expect(nx.add(nx.iota((40,)), 10), "s32", (40,), np.arange(10, 50))
    lin = nx.linspace(10, 49, n=39, type="s64")
    ref = np.linspace(10, 49, 39)          # float steps, truncated to integers by the type
    assert lin.type == "s64" and lin.shape == (39,)
    np.testing.assert_array_equal(np.asarray(lin), ref.astype(np.int64))
    # 9. reverse
    expect(nx.reverse(nx.tensor([2, 4, 6, 8])), "s32", (4,), [8, 6, 4, 2])
    # 10a. / 10b. a mask of the non-zero elements, then zeros replaced by -1
    tensor = nx.tensor([1, 2, 0, 0, 4, 0])
    ref = np.array([1, 2, 0, 0, 4, 0])
    mask = nx.not_equal(tensor, 0)
    expect(mask, "u8", (6,), (ref != 0).astype(np.uint8))
    expect(nx.select(mask, tensor, -1), "s32", (6,), np.where(ref != 0, ref, -1))


def test_exercises_11_to_17():
    # 11. a 3x3 identity: Nx.eye(3)
    expect(nx.eye(3), "s32", (3, 3), np.eye(3, dtype=np.int32))
    # (12-14 use Nx.Random: see the random tests)
    # 15. 4x4 with 1 on the border and 0 inside
    t = nx.put_slice(nx.broadcast(1, (4, 4)), [1, 1], nx.broadcast(0, (2, 2)))
    ref = np.ones((4, 4), np.int32)
    ref[1:3, 1:3] = 0
    expect(t, "s32", (4, 4), ref)
    # 16. a border of 0 around a 3x3 tensor of ones
    t = nx.pad(nx.broadcast(1, (3, 3)), 0, [(1, 1, 0), (1, 1, 0)])
    expect(t, "s32", (5, 5), np.pad(np.ones((3, 3), np.int32), 1))
    # 17. NaN arithmetic and comparisons
    nan = nx.constants.nan()
    assert repr(nx.multiply(0, nan)) == seed("""
        #Nx.Tensor<
          f32
          NaN
        >""")
    assert repr(nx.equal(nan, nan)) == seed("""
        #Nx.Tensor<
          u8
          0
        >""")
    assert repr(nx.greater(nan, nan)) == seed("""
        #Nx.Tensor<
          u8
          0
        >""")
    assert repr(nx.subtract(nan, nan)) == seed("""
        #Nx.Tensor<
          f32
          NaN
        >""")
    with np.errstate(invalid="ignore"):
        assert np.isnan(np.float32(0) * np.float32("nan")) and not (np.nan == np.nan)


def test_exercise_hypotenuse_defn():
    # the quickstart's exercise: a defn computing the hypotenuse from two sides
    @nx.defn
    def hypotenuse(a, b):
        return nx.sqrt(a * a + b * b)

    r = hypotenuse(nx.tensor([3.0, 5.0, 8.0]), nx.tensor([4.0, 12.0, 15.0]))
    expect(r, "f32", (3,), np.hypot([3.0, 5.0, 8.0], [4.0, 12.0, 15.0]).astype(np.float32))
    assert repr(hypotenuse(nx.tensor(3), nx.tensor(4))) == seed("""
        #Nx.Tensor<
          f32
          5.0
        >""")


# --- defn / deftransform guide: the second deftransform cell ---------------------------------

def test_deftransform_inside_defn():
    @nx.deftransform
    def validate_and_reshape(tensor, new_axes_count):
        if new_axes_count is None:
            return tensor
        if isinstance(new_axes_count, int):
            return nx.reshape(tensor, tuple(tensor.shape) + (1,) * new_axes_count)
        raise ValueError("expected new_axes_count to be an integer or None, got: "
                         f"{new_axes_count!r}")

    @nx.defn
    def reshape_and_scale_tensor(tensor, new_axes_count=None):
        return nx.multiply(validate_and_reshape(tensor, new_axes_count), 10)

    t = nx.tensor([[1, 2], [3, 4]])
    expect(reshape_and_scale_tensor(t), "s32", (2, 2), [[10, 20], [30, 40]])
    expect(reshape_and_scale_tensor(t, new_axes_count=2), "s32", (2, 2, 1, 1),
           np.array([[10, 20], [30, 40]]).reshape(2, 2, 1, 1))
    with pytest.raises(ValueError, match="new_axes_count"):
        reshape_and_scale_tensor(t, new_axes_count="two")


# --- the cheatsheet cells not in test_seeds.py -----------------------------------------------

def test_cheatsheet_from_lists():
    assert repr(nx.tensor([1, 2, 3])) == seed("""
        #Nx.Tensor<
          s32[3]
          [1, 2, 3]
        >""")
    assert repr(nx.tensor([[1, 2], [3, 4]])) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >""")
    a = nx.tensor([[1, 2, 3], [4, 5, 6]])
    assert repr(a) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >""")
    # np.arange(0, 10, 2) and np.linspace(0, 1, 5), the NumPy side of the cheatsheet
    np.testing.assert_array_equal(np.asarray(nx.multiply(nx.iota((5,), axis=0), 2)),
                                  np.arange(0, 10, 2))
    np.testing.assert_array_equal(np.asarray(nx.divide(nx.iota((5,)), 4)),
                                  np.linspace(0, 1, 5).astype(np.float32))
    np.testing.assert_array_equal(np.asarray(nx.linspace(0, 1, n=5)),
                                  np.linspace(0, 1, 5).astype(np.float32))


# --- the aggregation guide (seed 002; its Nx printed s64, Nx 0.10 gives s32) -----------------

def test_aggregation_guide_reduce_max():
    m = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
    assert repr(m) == seed("""
        #Nx.Tensor<
          s64[x: 2][y: 3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >""", old_nx=True)
    result = {"max": nx.reduce_max(m), "max_x": nx.reduce_max(m, axes=["x"]),
              "max_y": nx.reduce_max(m, axes=["y"])}
    assert repr(result["max"]) == seed("""
        #Nx.Tensor<
          s64
          6
        >""", old_nx=True)
    assert repr(result["max_x"]) == seed("""
        #Nx.Tensor<
          s64[y: 3]
          [4, 5, 6]
        >""", old_nx=True)
    assert repr(result["max_y"]) == seed("""
        #Nx.Tensor<
          s64[x: 2]
          [3, 6]
        >""", old_nx=True)


def test_aggregation_guide_weighted_mean_matrix():
    m = nx.mat("""
      1 2
      3 4
    """)
    assert repr(m) == seed("""
        #Nx.Tensor<
          s64[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >""", old_nx=True)
    # the guide's full-tensor weighted mean (its text stops here): sum(m * w) / sum(w)
    w = nx.mat("""
      10 20
      30 40
    """)
    ref = (np.array([[1, 2], [3, 4]]) * np.array([[10, 20], [30, 40]])).sum() / 100
    expect(nx.weighted_mean(m, w), "f32", (), np.float32(ref))
    expect(nx.weighted_mean(m, w, axes=[0]), "f32", (2,),
           np.float32([(1 * 10 + 3 * 30) / 40, (2 * 20 + 4 * 40) / 60]))


# --- the Nx module docs (seed 002) not in test_seeds.py --------------------------------------

def test_module_doc_shape_and_sigils():
    t = nx.tensor([[1, 2], [3, 4]])
    assert nx.shape(t) == (2, 2)
    assert repr(nx.vec("1 2 3", "f32")) == seed("""
        #Nx.Tensor<
          f32[3]
          [1.0, 2.0, 3.0]
        >""")
    assert repr(nx.mat("""
        1 2 3
        4 5 6
        """, "s32")) == seed("""
        #Nx.Tensor<
          s32[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >""")


def test_module_doc_rank2_tensor_index():
    t = nx.tensor([[1, 2], [3, 4]])
    assert repr(t[nx.tensor([[1, 0, 1]])]) == seed("""
        #Nx.Tensor<
          s32[1][3][2]
          [
            [
              [3, 4],
              [1, 2],
              [3, 4]
            ]
          ]
        >""")


def test_module_doc_negative_ranges():
    # Elixir's t[1..-2//1] and t[[.., 1..-1//1]] are t[1:-1] and t[:, 1:] (end-exclusive)
    t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
    assert repr(t[1:-1]) == seed("""
        #Nx.Tensor<
          s32[2][2]
          [
            [3, 4],
            [5, 6]
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


# --- "Harnessing the Power of Math" (seed 000): the BerryFarm curve --------------------------

# The notebook plots these (printed in its VegaLite output, computed by EXLA in f32).
BERRY_TREES = [
    0.0, 0.04040404036641121, 0.08080808073282242, 0.12121212482452393, 0.16161616146564484,
    0.20202019810676575, 0.24242424964904785, 0.28282827138900757, 0.3232323229312897,
    0.3636363744735718, 0.4040403962135315, 0.4444444477558136, 0.4848484992980957,
    0.5252525210380554, 0.5656565427780151, 0.6060606241226196, 0.6464646458625793,
    0.6868686676025391, 0.7272727489471436, 0.7676767706871033, 0.808080792427063,
    0.8484848737716675, 0.8888888955116272, 0.9292929172515869, 0.9696969985961914,
    1.0101009607315063, 1.0505050420761108, 1.0909091234207153, 1.1313130855560303,
    1.1717171669006348, 1.2121212482452393, 1.2525252103805542, 1.2929292917251587,
    1.3333333730697632, 1.3737373352050781, 1.4141414165496826, 1.454545497894287,
    1.494949460029602, 1.5353535413742065, 1.575757622718811, 1.616161584854126,
    1.6565656661987305, 1.696969747543335, 1.73737370967865, 1.7777777910232544,
    1.8181818723678589, 1.8585858345031738, 1.8989899158477783, 1.9393939971923828,
    1.9797979593276978, 2.0202019214630127, 2.060606002807617, 2.1010100841522217,
    2.141414165496826, 2.1818182468414307, 2.222222328186035, 2.2626261711120605,
    2.303030252456665, 2.3434343338012695, 2.383838415145874, 2.4242424964904785,
    2.464646577835083, 2.5050504207611084, 2.545454502105713, 2.5858585834503174,
    2.626262664794922, 2.6666667461395264, 2.7070705890655518, 2.7474746704101562,
    2.7878787517547607, 2.8282828330993652, 2.8686869144439697, 2.909090995788574,
    2.9494948387145996, 2.989898920059204, 3.0303030014038086, 3.070707082748413,
    3.1111111640930176, 3.151515245437622, 3.1919190883636475, 3.232323169708252,
    3.2727272510528564, 3.313131332397461, 3.3535354137420654, 3.39393949508667,
    3.4343433380126953, 3.4747474193573, 3.5151515007019043, 3.555555582046509,
    3.5959596633911133, 3.6363637447357178, 3.676767587661743, 3.7171716690063477,
    3.757575750350952, 3.7979798316955566, 3.838383913040161, 3.8787879943847656,
    3.919191837310791, 3.9595959186553955, 4.0,
]
BERRY_PROFITS = [
    -1.0, -0.8462191820144653, -0.706821620464325, -0.5799248218536377, -0.46370965242385864,
    -0.3564212918281555, -0.2563686668872833, -0.16192500293254852, -0.0715271383523941,
    0.01632404327392578, 0.10306348651647568, 0.19006246328353882, 0.2786282002925873,
    0.37000375986099243, 0.46536850929260254, 0.5658379197120667, 0.6724629998207092,
    0.786231279373169, 0.90806645154953, 1.0388275384902954, 1.1793103218078613,
    1.3302464485168457, 1.4923030138015747, 1.6660840511322021, 1.8521294593811035,
    2.0509138107299805, 2.262850522994995, 2.4882864952087402, 2.7275047302246094,
    2.980726718902588, 3.24810791015625, 3.5297389030456543, 3.8256494998931885,
    4.135802745819092, 4.460097789764404, 4.798373222351074, 5.150400161743164,
    5.5158843994140625, 5.894474029541016, 6.285747528076172, 6.6892194747924805,
    7.104344844818115, 7.530511379241943, 7.967041969299316, 8.413199424743652, 8.868179321289062,
    9.331111907958984, 9.801070213317871, 10.277055740356445, 10.75800895690918,
    11.242805480957031, 11.730262756347656, 12.219127655029297, 12.708084106445312,
    13.19575309753418, 13.68069076538086, 14.16138744354248, 14.636279106140137,
    15.10372543334961, 15.562030792236328, 16.009429931640625, 16.444095611572266,
    16.864139556884766, 17.26760482788086, 17.65247344970703, 18.016660690307617,
    18.35802459716797, 18.67435073852539, 18.963363647460938, 19.222728729248047,
    19.450042724609375, 19.642837524414062, 19.798580169677734, 19.91468048095703,
    19.988475799560547, 20.017250061035156, 19.998214721679688, 19.928516387939453,
    19.80524444580078, 19.62541961669922, 19.385997772216797, 19.083873748779297,
    18.715879440307617, 18.27878189086914, 17.769275665283203, 17.184011459350586,
    16.51955223083496, 15.772408485412598, 14.939033508300781, 14.015803337097168,
    12.999043464660645, 11.885002136230469, 10.66987419128418, 9.349775314331055,
    7.920779228210449, 6.37888240814209, 4.720010757446289, 2.9400548934936523,
    1.0348033905029297, -1.0,
]
BERRY_PROFITS_DERIVATIVE = [
    4.0, 3.620183229446411, 3.287757396697998, 3.001140832901001, 2.7587499618530273,
    2.5590012073516846, 2.4003114700317383, 2.2810988426208496, 2.199779748916626,
    2.154770851135254, 2.144489288330078, 2.1673526763916016, 2.2217769622802734,
    2.3061797618865967, 2.418977975845337, 2.558588743209839, 2.723428726196289,
    2.911914825439453, 3.122464418411255, 3.353494167327881, 3.603421211242676,
    3.8706626892089844, 4.153635025024414, 4.450756072998047, 4.760441780090332,
    5.081110000610352, 5.411177158355713, 5.749061107635498, 6.09317684173584, 6.441944122314453,
    6.793778419494629, 7.147095680236816, 7.500314712524414, 7.8518524169921875,
    8.200122833251953, 8.543547630310059, 8.88054084777832, 9.209519386291504, 9.528902053833008,
    9.837104797363281, 10.13254165649414, 10.41363525390625, 10.678799629211426,
    10.926450729370117, 11.155006408691406, 11.362886428833008, 11.548501968383789,
    11.710275650024414, 11.846620559692383, 11.95595645904541, 12.036697387695312,
    12.087263107299805, 12.106069564819336, 12.091534614562988, 12.042073249816895,
    11.956103324890137, 11.832043647766113, 11.66830825805664, 11.463315963745117,
    11.21548080444336, 10.923226356506348, 10.584964752197266, 10.199111938476562,
    9.764086723327637, 9.27830696105957, 8.740188598632812, 8.148149490356445, 7.50060510635376,
    6.79597282409668, 6.032668590545654, 5.209111213684082, 4.3237175941467285,
    3.3749046325683594, 2.3610944747924805, 1.2806897163391113, 0.1321239471435547,
    -1.0862011909484863, -2.375861167907715, -3.738431453704834, -5.175499439239502,
    -6.688662528991699, -8.279485702514648, -9.949562072753906, -11.700475692749023,
    -13.533799171447754, -15.451114654541016, -17.454015731811523, -19.544090270996094,
    -21.722911834716797, -23.992055892944336, -26.353118896484375, -28.80767059326172,
    -31.35731315612793, -34.00361633300781, -36.7481689453125, -39.59254455566406,
    -42.53834533691406, -45.58710861206055, -48.7404670715332, -52.0,
]


@nx.defn
def berry_profits(trees):
    return -((trees - 1) ** 4) + trees ** 3 + trees ** 2


@nx.defn
def berry_profits_derivative(trees):
    return nx.grad(trees, berry_profits)


def test_notebook_berry_farm_trees():
    trees = nx.linspace(0, 4, n=100)
    assert trees.type == "f32" and trees.shape == (100,)
    assert nx.to_flat_list(trees) == BERRY_TREES


def test_notebook_berry_farm_profits():
    trees = nx.linspace(0, 4, n=100)
    profits = berry_profits(trees)
    assert profits.type == "f32" and profits.shape == (100,)
    # EXLA's fused f32 arithmetic may differ from ours in the last bits
    np.testing.assert_allclose(nx.to_flat_list(profits), BERRY_PROFITS, rtol=1e-6, atol=1e-5)
    deriv = berry_profits_derivative(trees)
    assert deriv.type == "f32" and deriv.shape == (100,)
    np.testing.assert_allclose(nx.to_flat_list(deriv), BERRY_PROFITS_DERIVATIVE, rtol=1e-6,
                               atol=2e-5)
    # and the closed forms, in f64
    x = np.asarray(BERRY_TREES, np.float64)
    np.testing.assert_allclose(BERRY_PROFITS, -((x - 1) ** 4) + x ** 3 + x ** 2, atol=1e-5)
    np.testing.assert_allclose(BERRY_PROFITS_DERIVATIVE, -4 * (x - 1) ** 3 + 3 * x ** 2 + 2 * x,
                               atol=2e-5)
