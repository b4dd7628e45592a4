"""Creation and shape helpers (nx/structure.py; ops nx.put_slice, nx.clip, nx.bitcast): four
modes against NumPy references (np.linspace, np.tri, np.tril, np.diag, np.tile, np.split,
np.pad(mode="reflect"), np.clip, ndarray.view), names and types, errors in eager and jit, and
gradients."""
from __future__ import annotations

import jax.numpy as jnp
import ml_dtypes
import numpy as np
import pytest

import nx
from nx.testing import assert_equal

from gradcheck import check_grad
from modes import A, Case, check, params

NAN, INF = float("nan"), float("inf")
RNG = np.random.default_rng(11)
X234 = RNG.standard_normal((2, 3, 4)).astype(np.float32)
M34 = RNG.standard_normal((3, 4)).astype(np.float32)
I56 = np.arange(30, dtype=np.int32).reshape(5, 6)


def _nx_linspace_ref(start, stop, n, endpoint, dtype):
    """Nx's formula in float64 (then truncated to the integer type as Nx's as_type does)."""
    start = np.asarray(start, np.float64)[..., None]
    stop = np.asarray(stop, np.float64)[..., None]
    out = np.arange(n) * ((stop - start) / (n - 1 if endpoint else n)) + start
    return np.trunc(out).astype(dtype) if np.issubdtype(dtype, np.integer) else out


def _put_diag_ref(t, d, offset):
    out = np.array(t, np.float64)
    k = np.arange(len(d))
    rows, cols = (k, k + offset) if offset >= 0 else (k - offset, k)
    out[rows, cols] = d
    return out


def _put_ref(t, starts, s):
    """NumPy put_slice: starts clamped into [0, dim - len]."""
    out = np.array(t, np.float64)
    s = np.asarray(s)
    idx = tuple(slice(c, c + n) for c, n in
                ((min(max(b, 0), d - n), n) for b, n, d in zip(starts, s.shape, out.shape)))
    out[idx] = s
    return out


def _view(data, src, dst):
    return np.array(data, dtype=nx.Type(src).dtype).view(nx.Type(dst).dtype)


CASES = [
    # linspace ------------------------------------------------------------------------------
    Case("linspace-f32", lambda: nx.linspace(5, 8, n=5), [], np.linspace(5, 8, 5), "f32"),
    Case("linspace-no-endpoint-name", lambda: nx.linspace(0, 10, n=5, endpoint=False, name="x"),
         [], np.linspace(0, 10, 5, endpoint=False), "f32", ("x",)),
    Case("linspace-u8", lambda: nx.linspace(0, 24, n=8, type="u8"), [],
         [0, 3, 6, 10, 13, 17, 20, 24], "u8"),
    Case("linspace-s32-no-endpoint", lambda: nx.linspace(0, 24, n=8, type="s32", endpoint=False),
         [], [0, 3, 6, 9, 12, 15, 18, 21], "s32"),
    Case("linspace-tensors-f64", lambda a, b: nx.linspace(a, b, n=7, type="f64", name="s"),
         [A([0.5, -2.0], "f64", ("x",)), A([3.0, 4.0], "f64")],
         np.linspace([0.5, -2.0], [3.0, 4.0], 7, axis=-1), "f64", ("x", "s")),
    Case("linspace-f16-reverse", lambda: nx.linspace(1.0, -1.0, n=9, type="f16"), [],
         np.linspace(1, -1, 9), "f16"),
    Case("linspace-n1-no-endpoint", lambda: nx.linspace(3, 9, n=1, endpoint=False), [],
         [3.0], "f32"),
    # as in Nx (nx_test.exs "n=1 returns start value"), n=1 gives the start value
    Case("linspace-n1-endpoint", lambda: nx.linspace(3, 9, n=1), [], [3.0], "f32"),
    Case("linspace-s32-tensor-start", lambda a: nx.linspace(a, 100, n=6, type="s32"),
         [A(-7, "s32")], _nx_linspace_ref(-7, 100, 6, True, np.int32), "s32"),
    # fill ----------------------------------------------------------------------------------
    Case("fill-s32", lambda t: nx.fill(t, 5), [A(I56, "s32", ("r", "c"))],
         np.full((5, 6), 5), "s32", ("r", "c")),
    Case("fill-u8-weak", lambda t: nx.fill(t, 7), [A([1, 2, 3], "u8")], [7, 7, 7], "u8"),
    Case("fill-float-promotes", lambda t: nx.fill(t, 2.5), [A([1, 2], "s32")], [2.5, 2.5], "f32"),
    Case("fill-type", lambda t: nx.fill(t, -1.5, type="f16"), [A(M34, "f32")],
         np.full((3, 4), -1.5), "f16"),
    Case("fill-tensor-value", lambda t, v: nx.fill(t, v), [A([1, 2], "f32", ("x",)),
                                                           A(0.25, "f64")],
         [0.25, 0.25], "f64", ("x",)),
    # tri / tril / triu ---------------------------------------------------------------------
    Case("tri-3x5-k-1", lambda: nx.tri(3, 5, k=-1), [], np.tri(3, 5, -1), "u8"),
    Case("tri-4x2-k2", lambda: nx.tri(4, 2, k=2), [], np.tri(4, 2, 2), "u8"),
    Case("tril-batched-names", lambda t: nx.tril(t), [A(X234, "f32", ("b", "r", "c"))],
         np.tril(X234), "f32", ("b", "r", "c")),
    Case("tril-k1", lambda t: nx.tril(t, k=1), [A(I56, "s32")], np.tril(I56, 1), "s32"),
    Case("tril-k-2-u8", lambda t: nx.tril(t, k=-2), [A(I56 % 200, "u8")],
         np.tril(I56 % 200, -2), "u8"),
    Case("triu-batched", lambda t: nx.triu(t), [A(X234, "f16")], np.triu(X234), "f16"),
    Case("triu-k-1", lambda t: nx.triu(t, k=-1), [A(I56, "s64", ("r", "c"))],
         np.triu(I56, -1), "s64", ("r", "c")),
    Case("triu-k3", lambda t: nx.triu(t, k=3), [A(M34, "f32")], np.triu(M34, 3), "f32"),
    # diagonals -----------------------------------------------------------------------------
    Case("take-diagonal", lambda t: nx.take_diagonal(t), [A(M34, "f32", ("r", "c"))],
         np.diagonal(M34), "f32"),
    Case("take-diagonal-offset2", lambda t: nx.take_diagonal(t, offset=2), [A(I56, "u16")],
         np.diagonal(I56, 2), "u16"),
    Case("take-diagonal-offset-3", lambda t: nx.take_diagonal(t, offset=-3), [A(I56, "s32")],
         np.diagonal(I56, -3), "s32"),
    Case("take-diagonal-batched", lambda t: nx.take_diagonal(t, offset=-1),
         [A(X234, "f32", ("b", "r", "c"))], np.diagonal(X234, -1, axis1=1, axis2=2), "f32"),
    Case("make-diagonal", lambda t: nx.make_diagonal(t), [A([1, 2, 3], "s32")],
         np.diag([1, 2, 3]), "s32"),
    Case("make-diagonal-neg-f32", lambda t: nx.make_diagonal(t, offset=-2),
         [A(M34[0], "f32", ("x",))], np.diag(M34[0], -2), "f32"),
    # as in Nx: the s32 zeros merged with u8 give s32
    Case("make-diagonal-u8-to-s32", lambda t: nx.make_diagonal(t, offset=3),
         [A([5, 250], "u8")], np.diag([5, 250], 3), "s32"),
    Case("make-diagonal-f16", lambda t: nx.make_diagonal(t, offset=1), [A([0.5, -1], "f16")],
         np.diag([0.5, -1.0], 1), "f16"),
    Case("put-diagonal-neg-merge", lambda t, d: nx.put_diagonal(t, d, offset=-1),
         [A(M34.T, "f32", ("r", "c")), A([7, 8, 9], "s32")],
         _put_diag_ref(M34.T, [7, 8, 9], -1), "f32",
         ("r", "c")),
    Case("put-diagonal-u8-offset", lambda t, d: nx.put_diagonal(t, d, offset=2),
         [A(I56 % 256, "u8"), A([1, 2, 3, 4], "u8")],
         _put_diag_ref(I56 % 256, [1, 2, 3, 4], 2), "u8"),
    # tile / split / slice_along_axis -------------------------------------------------------
    Case("tile-2d", lambda t: nx.tile(t, [2, 3]), [A(M34[:2, :3], "f32", ("x", "y"))],
         np.tile(M34[:2, :3], [2, 3]), "f32"),
    Case("tile-more-reps", lambda t: nx.tile(t, [2, 1, 2]), [A([1, 2, 3], "s8")],
         np.tile(np.array([1, 2, 3]), [2, 1, 2]), "s8"),
    Case("tile-fewer-reps", lambda t: nx.tile(t, [3]), [A([[1, 2], [3, 4]], "f16")],
         np.tile(np.array([[1, 2], [3, 4]]), 3), "f16"),
    Case("split-left-axis1", lambda t: nx.split(t, 2, axis=1)[0], [A(I56, "s32", ("r", "c"))],
         np.split(I56, [2], axis=1)[0], "s32", ("r", "c")),
    Case("split-right-float", lambda t: nx.split(t, 0.5, axis="c")[1],
         [A(I56, "s32", ("r", "c"))], np.split(I56, [3], axis=1)[1], "s32", ("r", "c")),
    Case("split-negative", lambda t: nx.split(t, -2)[0], [A(X234[0], "f32")],
         np.split(X234[0], [1])[0], "f32"),
    Case("slice-along-axis-strided", lambda t: nx.slice_along_axis(t, 1, 5, axis=1, strides=2),
         [A(I56, "s32", ("r", "c"))], I56[:, 1:6:2], "s32", ("r", "c")),
    Case("slice-along-axis-clamped", lambda t: nx.slice_along_axis(t, 4, 3), [A(I56, "s32")],
         I56[2:5], "s32"),
    Case("slice-along-axis-dynamic", lambda t, i: nx.slice_along_axis(t, i, 2, axis=-1),
         [A(X234, "f32", ("a", "b", "c")), A(1, "s32")], X234[..., 1:3], "f32",
         ("a", "b", "c")),
    # dynamic starts are clamped (to 0 and to dim - length)
    Case("slice-along-axis-dynamic-clamp", lambda t, i, j: nx.concatenate(
        [nx.slice_along_axis(t, i, 3, axis=1, strides=2),
         nx.slice_along_axis(t, j, 2, axis=1)]),
        [A(I56, "s32"), A(200, "u8"), A(-4, "s64")],
        np.concatenate([I56[:, 3:6:2], I56[:, 0:2]]), "s32"),
    # put_slice -----------------------------------------------------------------------------
    Case("put-slice-static", lambda t, s: nx.put_slice(t, [1, 2], s),
         [A(I56, "s32"), A([[-1, -2], [-3, -4]], "s32")],
         _put_ref(I56, [1, 2], [[-1, -2], [-3, -4]]), "s32"),
    Case("put-slice-clamped-merge", lambda t, s: nx.put_slice(t, [4, -3], s),
         [A(I56, "s32"), A([[0.5, 1.5], [2.5, 3.5]], "f32")],
         _put_ref(I56, [4, -3], [[0.5, 1.5], [2.5, 3.5]]), "f32"),
    Case("put-slice-dynamic-names", lambda t, s, i: nx.put_slice(t, [i, 0], s),
         [A(M34, "f32", ("r", None)), A([[9, 8, 7, 6]], "f32", (None, "c")), A(2, "u8")],
         np.concatenate([M34[:2], [[9, 8, 7, 6]]]), "f32", ("r", "c")),
    Case("put-slice-dynamic-clamp-f16", lambda t, s, i, j: nx.put_slice(t, [i, j], s),
         [A(np.zeros((3, 3)), "f16"), A([[1, 2]], "f16"), A(-5, "s32"), A(99, "s64")],
         [[0, 1, 2], [0, 0, 0], [0, 0, 0]], "f16"),
    Case("put-slice-u8-full", lambda t, s: nx.put_slice(t, [0], s),
         [A([1, 2, 3], "u8"), A([250, 251, 252], "u8")], [250, 251, 252], "u8"),
    # reflect -------------------------------------------------------------------------------
    Case("reflect-1d", lambda t: nx.reflect(t, padding_config=[(3, 1)]), [A([0, 1, 2], "s32")],
         np.pad(np.array([0, 1, 2]), (3, 1), mode="reflect"), "s32"),
    Case("reflect-2d-names", lambda t: nx.reflect(t, padding_config=[(2, 0), (2, 1)]),
         [A([[0, 1, 2], [3, 4, 5]], "s32", ("x", "y"))],
         np.pad(np.array([[0, 1, 2], [3, 4, 5]]), ((2, 0), (2, 1)), mode="reflect"), "s32",
         ("x", "y")),
    Case("reflect-long-periods", lambda t: nx.reflect(t, padding_config=[(0, 0), (9, 11), (1, 0)]),
         [A(X234, "f32")], np.pad(X234, ((0, 0), (9, 11), (1, 0)), mode="reflect"), "f32"),
    Case("reflect-size-one-axis", lambda t: nx.reflect(t, padding_config=[(2, 3), (1, 1)]),
         [A([[1.5, 2.5]], "f16")], [[2.5, 1.5, 2.5, 1.5]] * 6, "f16"),
    # clip ----------------------------------------------------------------------------------
    Case("clip-s32", lambda t: nx.clip(t, 2, 4), [A([[1, 2, 3], [4, 5, 6]], "s32", ("x", "y"))],
         np.clip([[1, 2, 3], [4, 5, 6]], 2, 4), "s32", ("x", "y")),
    Case("clip-float-bound-promotes", lambda t: nx.clip(t, 2.0, 3), [A(I56, "s32")],
         np.clip(I56, 2, 3), "f32"),
    # Python ints are typed s32 (not weak) as in Nx: u8 clipped gives s32
    Case("clip-u8-gives-s32", lambda t: nx.clip(t, 3, 250), [A([0, 5, 255], "u8")],
         [3, 5, 250], "s32"),
    Case("clip-nan-inf", lambda t: nx.clip(t, -1.0, 1.0),
         [A([NAN, INF, -INF, 0.5, -3.0], "f32")], [NAN, 1.0, -1.0, 0.5, -1.0], "f32"),
    Case("clip-tensor-bounds-f16", lambda t, lo, hi: nx.clip(t, lo, hi),
         [A(X234, "f16", ("a", "b", "c")), A(-0.5, "f16"), A(0.25, "f16")],
         np.clip(X234.astype(np.float16), -0.5, 0.25), "f16", ("a", "b", "c")),
    Case("clip-min-above-max", lambda t, lo, hi: nx.clip(t, lo, hi),
         [A([-5.0, 0.0, 5.0], "f64"), A(2.0, "f64"), A(1.0, "f64")], [1.0, 1.0, 1.0], "f64"),
    Case("clip-nan-bound", lambda t, lo: nx.clip(t, lo, 1.0), [A([0.0, 2.0], "f32"),
                                                              A(NAN, "f32")],
         [NAN, NAN], "f32"),
    # bitcast -------------------------------------------------------------------------------
    Case("bitcast-f32-s32", lambda t: nx.bitcast(t, "s32"), [A(M34, "f32", ("r", "c"))],
         M34.view(np.int32), "s32", ("r", "c")),
    Case("bitcast-s8-u8", lambda t: nx.bitcast(t, "u8"), [A([[0, -1], [1, -2], [2, -3]], "s8")],
         [[0, 255], [1, 254], [2, 253]], "u8"),
    Case("bitcast-f16-s16", lambda t: nx.bitcast(t, ("s", 16)), [A([1.0, -2.5, INF], "f16")],
         _view([1.0, -2.5, INF], "f16", "s16"), "s16"),
    Case("bitcast-bf16-u16", lambda t: nx.bitcast(t, "u16"), [A([1.0, -0.5], "bf16")],
         _view([1.0, -0.5], "bf16", "u16"), "u16"),
    Case("bitcast-u64-f64", lambda t: nx.bitcast(t, "f64"),
         [A([4607182418800017408, 0], "u64")], [1.0, 0.0], "f64"),
    Case("bitcast-f8-u8", lambda t: nx.bitcast(t, "u8"), [A([1.0, -2.0], "f8")],
         np.array([1.0, -2.0], ml_dtypes.float8_e5m2).view(np.uint8), "u8"),
    Case("bitcast-s4-u4", lambda t: nx.bitcast(t, "u4"), [A([-1, -8, 7, 0], "s4")],
         [15, 8, 7, 0], "u4"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_modes(case):
    check(case)


# --- results as Nx documents them (names, types, identity cases) ------------------------------

def test_put_slice_border_exercise():
    # Nx exercise 15: a 4x4 tensor with 1 on the border and 0 inside
    t = nx.put_slice(nx.broadcast(1, (4, 4)), [1, 1], nx.broadcast(0, (2, 2)))
    assert t.to_numpy().tolist() == [[1, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 1, 1, 1]]


def test_slice_along_axis_whole_axis_is_identity():
    t = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
    assert nx.slice_along_axis(t, 0, 2, axis="y") is t


def test_tile_and_take_diagonal_drop_names():
    t = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
    assert nx.tile(t, [1, 1]).names == (None, None)
    assert nx.take_diagonal(t).names == (None,)
    assert nx.make_diagonal(nx.tensor([1, 2], names=["x"])).names == (None, None)


def test_split_returns_tuple_and_bitcast_same_type():
    left, right = parts = nx.split(nx.iota((5,)), 0.2)
    assert isinstance(parts, tuple) and left.shape == (1,) and right.shape == (4,)
    t = nx.tensor([1.0])
    assert nx.bitcast(t, "f32") is t


def test_nx_slice_dynamic_starts_eager():
    # Nx.slice with tensor start indices (clamped so the slice fits), eagerly
    r = nx.slice(nx.iota((3, 3)), [nx.tensor(2), nx.tensor(2)], [2, 2])
    assert r.to_numpy().tolist() == [[4, 5], [7, 8]]


# --- errors: the same message eagerly and under nx.jit ---------------------------------------

def _raises_everywhere(fn, args, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args)
    with pytest.raises(exc, match=match):
        nx.jit(fn)(*args)


ERRORS = [
    ("linspace-n-float", lambda: nx.linspace(0, 24, n=1.0), [], ValueError,
     r"nx.linspace: expected n to be a non-negative integer, got: 1.0"),
    ("linspace-n-missing", lambda: nx.linspace(0, 24), [], ValueError,
     r"nx.linspace: expected n to be a non-negative integer, got: None"),
    ("linspace-shapes", lambda a, b: nx.linspace(a, b, n=2),
     [nx.tensor([[0, 1]]), nx.tensor([1, 2, 3])], ValueError,
     r"nx.linspace: expected start and stop to have the same shape. Got shapes \(1, 2\) and "
     r"\(3,\)"),
    ("fill-shape", lambda t: nx.fill(t, nx.tensor([1, 2, 3])), [nx.iota((2, 2))], ValueError,
     r"nx.fill: cannot broadcast value of shape \(3,\) to the tensor's shape \(2, 2\)"),
    ("tri-n", lambda: nx.tri(-1, 2), [], ValueError,
     r"nx.tri: expected n to be an integer greater than or equal to 0, got: -1"),
    ("tri-k-type", lambda: nx.tri(2, 2, k=0.5), [], TypeError,
     r"nx.tri: expected k to be an integer, got: 0.5"),
    ("tril-rank", lambda t: nx.tril(t), [nx.iota((6,))], ValueError,
     r"nx.tril: expected a tensor with at least 2 dimensions, got shape \(6,\)"),
    ("triu-rank", lambda t: nx.triu(t), [nx.tensor(1)], ValueError,
     r"nx.triu: expected a tensor with at least 2 dimensions, got shape \(\)"),
    ("take-diagonal-rank", lambda t: nx.take_diagonal(t), [nx.tensor([0, 1, 2])], ValueError,
     r"nx.take_diagonal: expects tensor of rank 2 or higher, got tensor of rank: 1"),
    ("take-diagonal-offset", lambda t: nx.take_diagonal(t, offset=3), [nx.iota((3, 3))],
     ValueError, r"nx.take_diagonal: offset must be less than length of axis 1 when positive, "
                 r"got: 3"),
    ("take-diagonal-neg-offset", lambda t: nx.take_diagonal(t, offset=-4), [nx.iota((3, 3))],
     ValueError, r"nx.take_diagonal: absolute value of offset must be less than length of "
                 r"axis 0 when negative, got: -4"),
    ("make-diagonal-rank", lambda t: nx.make_diagonal(t), [nx.tensor([[0, 0], [0, 1]])],
     ValueError, r"nx.make_diagonal: expects tensor of rank 1, got tensor of rank: 2"),
    ("put-diagonal-rank", lambda t, d: nx.put_diagonal(t, d), [nx.iota((3, 3, 3)), nx.iota((3,))],
     ValueError, r"nx.put_diagonal: expects tensor of rank 2, got tensor of rank: 3"),
    ("put-diagonal-diag-rank", lambda t, d: nx.put_diagonal(t, d),
     [nx.iota((3, 3)), nx.iota((3, 3))], ValueError,
     r"nx.put_diagonal: expects diagonal of rank 1, got tensor of rank: 2"),
    ("put-diagonal-length", lambda t, d: nx.put_diagonal(t, d, offset=1),
     [nx.iota((3, 3)), nx.iota((3,))], ValueError,
     r"nx.put_diagonal: expected diagonal tensor of length: 2, got diagonal tensor of length: 3"),
    ("put-diagonal-offset", lambda t, d: nx.put_diagonal(t, d, offset=-3),
     [nx.iota((3, 3)), nx.iota((3,))], ValueError,
     r"nx.put_diagonal: absolute value of offset must be less than length of axis 0 when "
     r"negative, got: -3"),
    ("tile-float", lambda t: nx.tile(t, [1, 1.0]), [nx.tensor([1, 2])], ValueError,
     r"nx.tile: repetitions must be a list of integers greater than or equal to 1, got: "
     r"\[1, 1.0\]"),
    ("tile-none", lambda t: nx.tile(t, None), [nx.tensor([1, 2])], ValueError,
     r"nx.tile: repetitions must be a list of integers .*got: None"),
    ("split-int", lambda t: nx.split(t, 4), [nx.iota((4,))], ValueError,
     r"nx.split: split must be an integer greater than zero and less than the length of the "
     r"given axis \(4\), got: 4"),
    ("split-float", lambda t: nx.split(t, 0.99), [nx.iota((4,))], ValueError,
     r"nx.split: split must be a float such that 0 < split and ceil\(split \* axis_size\) < "
     r"axis_size"),
    ("split-type", lambda t: nx.split(t, "2"), [nx.iota((4,))], TypeError,
     r"nx.split: invalid split received, expected a float or an integer, got: '2'"),
    ("split-axis", lambda t: nx.split(t, 1, axis="z"), [nx.iota((4,), names=["x"])], ValueError,
     r"nx.split: axis 'z' is not a name of the tensor"),
    ("slice-along-axis-length", lambda t: nx.slice_along_axis(t, 0, 6, axis=1),
     [nx.iota((2, 5))], ValueError,
     r"nx.slice_along_axis: length at axis 1 must be less than axis size of 5, got: 6"),
    ("slice-along-axis-negative", lambda t: nx.slice_along_axis(t, 0, -1), [nx.iota((2, 5))],
     ValueError, r"nx.slice_along_axis: length at axis 0 must be a non-negative integer, "
                 r"got: -1"),
    ("slice-along-axis-stride", lambda t: nx.slice_along_axis(t, 0, 2, strides=0),
     [nx.iota((2, 5))], ValueError,
     r"nx.slice_along_axis: stride at axis 0 must be greater than or equal to 1, got: 0"),
    ("slice-along-axis-index-float", lambda t, i: nx.slice_along_axis(t, i, 1),
     [nx.iota((2, 5)), nx.tensor(1.0)], TypeError,
     r"nx.slice_along_axis: index must be integer type, got f32 for axis 0"),
    ("slice-along-axis-index-shape", lambda t, i: nx.slice_along_axis(t, i, 1),
     [nx.iota((2, 5)), nx.tensor([1, 2])], ValueError,
     r"nx.slice_along_axis: index must be scalar, got shape \(2,\) for axis 0"),
    ("put-slice-starts", lambda t, s: nx.put_slice(t, [0], s), [nx.iota((2, 3)), nx.iota((1, 1))],
     ValueError, r"nx.put_slice: invalid start indices rank for shape of rank 2, got 1"),
    ("put-slice-rank", lambda t, s: nx.put_slice(t, [0, 0], s), [nx.iota((2, 3)), nx.iota((3,))],
     ValueError, r"nx.put_slice: invalid slice for put_slice, rank of slice must match 2, got: 1"),
    ("put-slice-shape", lambda t, s: nx.put_slice(t, [0, 0], s),
     [nx.iota((2, 3)), nx.iota((3, 1))], ValueError,
     r"nx.put_slice: slice shape \(3, 1\) must be less than or equal to tensor shape \(2, 3\)"),
    ("put-slice-names", lambda t, s: nx.put_slice(t, [0, 0], s),
     [nx.iota((2, 3), names=["x", "y"]), nx.iota((1, 1), names=["x", "z"])], ValueError,
     r"nx.put_slice: cannot merge name 'y' on axis 1 with name 'z' on axis 1"),
    ("put-slice-index-type", lambda t, s, i: nx.put_slice(t, [i, 0], s),
     [nx.iota((2, 3)), nx.iota((1, 1)), nx.tensor(0.0)], TypeError,
     r"nx.put_slice: index must be integer type, got f32 for axis 0"),
    ("reflect-missing", lambda t: nx.reflect(t), [nx.iota((3,))], ValueError,
     r"nx.reflect: missing mandatory option padding_config"),
    ("reflect-scalar", lambda t: nx.reflect(t, padding_config=[]), [nx.tensor(1)], ValueError,
     r"nx.reflect: expected tensor to have rank greater than 0"),
    ("reflect-entries", lambda t: nx.reflect(t, padding_config=[(1, 1)]), [nx.iota((2, 2))],
     ValueError, r"nx.reflect: expected to have one padding_config entry each tensor axis"),
    ("reflect-negative", lambda t: nx.reflect(t, padding_config=[(1, -1)]), [nx.iota((2,))],
     ValueError, r"nx.reflect: expected padding config for axis 0 to be of the format "
                 r"\(left, right\), with left and right as non-negative integers, got: "
                 r"\(1, -1\)"),
    ("clip-min-shape", lambda t: nx.clip(t, nx.tensor([1, 2]), 3), [nx.iota((2,))], ValueError,
     r"nx.clip: min value must be a non-vectorized scalar shape, got shape \(2,\)"),
    ("clip-max-shape", lambda t, m: nx.clip(t, 0, m), [nx.iota((2,)), nx.iota((1,))],
     ValueError, r"nx.clip: max value must be a non-vectorized scalar shape, got shape \(1,\)"),
    ("clip-complex", lambda t: nx.clip(t, 0, 1), [nx.tensor([1j])], TypeError,
     r"nx.clip: does not support complex inputs"),
    ("bitcast-width", lambda t: nx.bitcast(t, "f32"), [nx.tensor([0, 1, 2], type="s16")],
     TypeError, r"nx.bitcast: input type width must match new type width, got input type s16 "
                r"and output type f32"),
    ("bitcast-complex-in", lambda t: nx.bitcast(t, "s64"), [nx.tensor([0], type="c64")],
     TypeError, r"nx.bitcast: does not support complex inputs"),
    ("bitcast-complex-out", lambda t: nx.bitcast(t, "c64"), [nx.tensor([0], type="s64")],
     TypeError, r"nx.bitcast: does not support complex inputs"),
    ("bitcast-unknown-type", lambda t: nx.bitcast(t, "x32"), [nx.tensor([0])], (TypeError,
                                                                                 ValueError),
     r"nx.bitcast"),
]


@pytest.mark.parametrize("fn,args,exc,match", [pytest.param(*e[1:], id=e[0]) for e in ERRORS])
def test_errors(fn, args, exc, match):
    _raises_everywhere(fn, args, exc, match)


# --- gradients ---------------------------------------------------------------------------------

def test_grad_put_slice_static_and_dynamic():
    t = RNG.standard_normal((4, 5)).astype(np.float32)
    s = RNG.standard_normal((2, 3)).astype(np.float32)
    check_grad("put_slice", lambda a, b: nx.put_slice(a, [1, 4], b) * a,
               lambda a, b: a.at[1:3, 2:5].set(b) * a, [t, s])
    # dynamic (clamped) starts, given as tensors
    check_grad("put_slice-dynamic", lambda a, b: nx.put_slice(
        nx.sin(a), [nx.tensor(-2), nx.tensor(1, type="u8")], b * b),
        lambda a, b: jnp.sin(a).at[0:2, 1:4].set(b * b), [t, s])


def test_grad_clip():
    x = np.array([[-2.0, -0.3, 0.1], [0.45, 0.9, 3.0]], np.float32)
    lo = np.array(-0.5, np.float32)
    hi = np.array(0.5, np.float32)
    check_grad("clip", lambda a, l, h: nx.clip(nx.exp(a) - 1.0, l, h) * a,
               lambda a, l, h: jnp.clip(jnp.exp(a) - 1.0, l, h) * a, [x, lo, hi])


def test_grad_composed_helpers():
    m = RNG.standard_normal((3, 4)).astype(np.float32)
    v = RNG.standard_normal((3,)).astype(np.float32)
    check_grad("tril/triu", lambda a: nx.tril(a, k=1) * 2 + nx.triu(a * a, k=-1),
               lambda a: jnp.tril(a, 1) * 2 + jnp.triu(a * a, -1), [m])
    check_grad("tile", lambda a: nx.tile(a, [2, 1, 2]), lambda a: jnp.tile(a, [2, 1, 2]), [m])
    check_grad("diagonals", lambda a, d: nx.make_diagonal(nx.take_diagonal(a, offset=1) * d,
                                                          offset=-1),
               lambda a, d: jnp.diag(jnp.diagonal(a, 1) * d, -1), [m, v])
    check_grad("put_diagonal", lambda a, d: nx.put_diagonal(a, d * d, offset=-1),
               lambda a, d: a.at[jnp.arange(1, 4), jnp.arange(0, 3)].set(d * d),
               [m.T.copy(), v])
    check_grad("reflect", lambda a: nx.reflect(a, padding_config=[(2, 1), (0, 5)]),
               lambda a: jnp.pad(a, ((2, 1), (0, 5)), mode="reflect"), [m])
    check_grad("split/slice_along_axis", lambda a: nx.split(a, 0.5, axis=1)[1] *
               nx.slice_along_axis(a, 0, 2, axis=1),
               lambda a: a[:, 2:] * a[:, :2], [m])
    check_grad("linspace", lambda a, b: nx.linspace(a, b, n=5, type=a.type),
               lambda a, b: jnp.linspace(a, b, 5, axis=-1), [v, v[::-1].copy()])


def test_grad_bitcast_passes_through_as_nx():
    # Nx's rule (grad.ex) passes the cotangent through bitcast unchanged
    w = np.array([1.0, 2.0, 3.0], np.float32)
    for mode in ("xla", "evaluator"):
        g = nx.jit(lambda x: nx.grad(x, lambda x: nx.sum(
            nx.bitcast(nx.bitcast(x, "s32"), "f32") * nx.tensor(w))), compiler=mode)(
            nx.tensor([0.5, -1.0, 4.0]))
        assert_equal(g, nx.tensor(w))


def test_grad_dynamic_slice_along_axis():
    # Nx differentiates a slice with tensor starts (its rule puts g back with put_slice)
    def f(a):
        return nx.sum(nx.slice_along_axis(a, nx.tensor(1), 2) * nx.tensor([[1.0], [2.0]]))
    g = nx.grad(nx.tensor(np.ones((4, 2), np.float32)), f)
    assert g.to_numpy().tolist() == [[0, 0], [1, 1], [2, 2], [0, 0]]
    # a start past the end is clamped, and so is the gradient's window
    g = nx.grad(nx.tensor(np.ones((4, 2), np.float32)),
                lambda a: nx.sum(nx.slice(a, [nx.tensor(7), 0],
                                          [2, 2]) * nx.tensor([[1.0], [2.0]])))
    assert g.to_numpy().tolist() == [[0, 0], [0, 0], [1, 1], [2, 2]]
