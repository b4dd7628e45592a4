"""nx.take, nx.take_along_axis, nx.gather, nx.indexed_add, nx.indexed_put (ops nx.gather and
nx.scatter): four modes against NumPy references, Nx's doc examples, names, and errors."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nx
from nx import types as T

MODES = ("numpy", "xla", "jit", "evaluator")


def run_modes(fn, arrays):
    """`arrays`: list of (numpy array, nx type, names)."""
    def mk(backend):
        return [nx.tensor(a, type=ty, names=n, backend=backend) for a, ty, n in arrays]
    out = {"numpy": fn(*mk("numpy"))}
    out["xla"] = fn(*mk("xla"))
    out["jit"] = nx.jit(fn)(*mk("numpy"))
    out["evaluator"] = nx.jit(fn, compiler="evaluator")(*mk("numpy"))
    return out


def check(fn, arrays, expected, ty, names=None):
    expected = np.asarray(expected)
    names = tuple(names) if names is not None else (None,) * expected.ndim
    res = run_modes(fn, arrays)
    assert res["numpy"].backend == "numpy"
    assert res["xla"].backend == "xla"
    for mode, r in res.items():
        assert r.type == T.parse(ty), f"{mode}: type {r.type}"
        assert r.shape == expected.shape, f"{mode}: shape {r.shape} != {expected.shape}"
        assert tuple(r.names) == names, f"{mode}: names {r.names}"
        got = np.asarray(r)
        assert got.dtype == T.parse(ty).dtype
        np.testing.assert_array_equal(got, expected.astype(got.dtype), err_msg=mode)


def check_traced(fn, arrays, expected, ty):
    """Traced indices (arguments of a jit'd function) in both compilers: out-of-bounds
    indices follow XLA there (reads clamp, updates are skipped)."""
    expected = np.asarray(expected)
    for compiler in ("xla", "evaluator"):
        r = nx.jit(fn, compiler=compiler)(*[nx.tensor(a, type=t, names=n)
                                            for a, t, n in arrays])
        assert r.type == T.parse(ty) and r.shape == expected.shape, compiler
        np.testing.assert_array_equal(np.asarray(r), expected.astype(r.dtype), err_msg=compiler)


def check_static_raises(fn, arrays, message):
    """Static (concrete) out-of-bounds indices raise in the eager modes, as in Nx."""
    for backend in ("numpy", "xla"):
        with pytest.raises(IndexError, match=message):
            fn(*[nx.tensor(a, type=t, names=n, backend=backend) for a, t, n in arrays])


def A(data, ty="s32", names=None):
    return (np.array(data, dtype=T.parse(ty).dtype), ty, names)


RNG = np.random.default_rng(7)
X234 = RNG.standard_normal((2, 3, 4)).astype(np.float32)


# --- take -----------------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [0, 1, 2, -1])
@pytest.mark.parametrize("idx", [[1, 0, 1], [[0, 1], [1, 1], [0, 0]], 1])
def test_take_modes(axis, idx):
    idx_arr = np.array(idx, np.int32)
    exp = np.take(X234, idx_arr, axis=axis)
    check(lambda t, i: nx.take(t, i, axis=axis), [A(X234, "f32"), A(idx_arr)], exp, "f32")


def test_take_names_and_index_types():
    t = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
    r = nx.take(t, nx.tensor([1, 0, 1], type="u8"), axis="y")
    assert r.names == ("x", "y") and r.to_numpy().tolist() == [[2, 1, 2], [4, 3, 4]]
    r = nx.take(t, nx.tensor([[1, 0]], type="s64", names=["a", "b"]), axis=0)
    assert r.names == ("a", "b", "y") and r.shape == (1, 2, 2)
    check(lambda t, i: nx.take(t, i, axis=1), [A([[1, 2], [3, 4]], "s32", ("x", None)),
                                               A([1, 0, 1], "s32", ("z",))],
          [[2, 1, 2], [4, 3, 4]], "s32", ("x", "z"))
    with pytest.raises(ValueError, match="nx.take: cannot merge name 'y' on axis 1 with name 'z'"):
        nx.take(t, nx.tensor([0], names=["z"]), axis=1)


def test_take_out_of_bounds_clamps_when_traced():
    args = [A([10, 20, 30]), A([-1, 3, 100, 1])]
    check_traced(lambda t, i: nx.take(t, i), args, [10, 30, 30, 20], "s32")
    check_static_raises(lambda t, i: nx.take(t, i), args,
                        r"^nx\.take: index -1 is out of bounds for axis 0 in shape \(3,\)$")


# --- take_along_axis ------------------------------------------------------------------------

@pytest.mark.parametrize("axis", [0, 1, 2])
def test_take_along_axis_modes(axis):
    shape = list(X234.shape)
    shape[axis] = 5
    idx = RNG.integers(0, X234.shape[axis], size=shape).astype(np.int32)
    exp = np.take_along_axis(X234, idx, axis=axis)
    check(lambda t, i: nx.take_along_axis(t, i, axis=axis),
          [A(X234, "f32", ("a", "b", "c")), A(idx)], exp, "f32", ("a", "b", "c"))


def test_take_along_axis_rank1_and_u8_indices():
    check(lambda t, i: nx.take_along_axis(t, i), [A([5, 6, 7]), A([2, 2, 0], "u8")],
          [7, 7, 5], "s32")


# --- gather ---------------------------------------------------------------------------------

@pytest.mark.parametrize("axes,idx_shape", [(None, (5, 3)), (None, (2, 2, 3)), ([0, 2], (4, 2)),
                                            ([1], (3, 1)), (None, (4, 1)), ([2], (2, 3, 1))])
def test_gather_modes(axes, idx_shape):
    ax = list(range(idx_shape[-1])) if axes is None else axes
    idx = np.stack([RNG.integers(0, X234.shape[a], size=idx_shape[:-1]) for a in ax],
                   axis=-1).astype(np.int32)
    xt = np.moveaxis(X234, ax, list(range(len(ax))))
    exp = xt[tuple(idx[..., j] for j in range(len(ax)))]
    check(lambda t, i: nx.gather(t, i, axes=axes), [A(X234, "f32", ("a", "b", "c")), A(idx)],
          exp, "f32")


def test_gather_out_of_bounds_clamps_when_traced():
    args = [A([[1, 2], [3, 4]]), A([[-5, 1], [9, 9], [0, -1]])]
    check_traced(lambda t, i: nx.gather(t, i), args, [2, 4, 1], "s32")
    check_static_raises(lambda t, i: nx.gather(t, i), args,
                        r"^nx\.gather: index -5 is out of bounds for axis 0 in shape "
                        r"\(2, 2\)$")


# --- indexed_add / indexed_put --------------------------------------------------------------

def _ref_scatter(target, idx, upd, axes, mode):
    out = np.moveaxis(target.copy(), axes, list(range(len(axes))))
    for i, u in zip(idx, upd):
        if any(not 0 <= v < out.shape[j] for j, v in enumerate(i)):
            continue
        where = tuple(i) + tuple(slice(0, w) for w in np.shape(u))
        if mode == "add":
            out[where] += u
        else:
            out[where] = u
    return np.moveaxis(out, list(range(len(axes))), axes)


@pytest.mark.parametrize("mode", ["add", "put"])
@pytest.mark.parametrize("axes,idx,upd_shape", [
    (None, [[0, 0, 0], [1, 2, 3], [0, 1, 2]], (3,)),
    (None, [[1, 2], [0, 0]], (2, 4)),
    ([0, 2], [[1, 3], [0, 0]], (2, 3)),
    ([1], [[2], [0]], (2, 2, 3)),             # windows smaller than the axes
])
def test_indexed_modes(mode, axes, idx, upd_shape):
    idx = np.array(idx, np.int32)
    upd = RNG.standard_normal(upd_shape).astype(np.float32)
    ax = list(range(idx.shape[1])) if axes is None else axes
    exp = _ref_scatter(X234, idx, upd, ax, mode)
    fun = nx.indexed_add if mode == "add" else nx.indexed_put
    check(lambda t, i, u: fun(t, i, u, axes=axes),
          [A(X234, "f32", ("a", "b", "c")), A(idx), A(upd, "f32")], exp, "f32", ("a", "b", "c"))


@pytest.mark.parametrize("mode", ["add", "put"])
def test_indexed_out_of_bounds_skipped_when_traced(mode):
    idx = np.array([[0, 0, 0], [2, 0, 0], [0, -1, 1]], np.int32)
    upd = RNG.standard_normal((3,)).astype(np.float32)
    exp = _ref_scatter(X234, idx, upd, [0, 1, 2], mode)
    fun = nx.indexed_add if mode == "add" else nx.indexed_put
    args = [A(X234, "f32", ("a", "b", "c")), A(idx), A(upd, "f32")]
    check_traced(lambda t, i, u: fun(t, i, u), args, exp, "f32")
    check_static_raises(lambda t, i, u: fun(t, i, u), args,
                        rf"^nx\.indexed_{mode}: index 2 is out of bounds for axis 0 in shape "
                        r"\(2, 3, 4\)$")


def test_indexed_add_repeats_accumulate():
    check(lambda t, i, u: nx.indexed_add(t, i, u), [A([0, 0, 0]), A([[1], [1], [2], [1]]),
                                                    A([1, 2, 3, 4])], [0, 7, 3], "s32")


def test_indexed_type_merge():
    r = nx.indexed_add(nx.tensor([1]), nx.tensor([[0], [0]]), nx.tensor([1.0, 1.0]))
    assert r.type == T.parse("f32") and r.to_numpy().tolist() == [3.0]
    r = nx.indexed_put(nx.tensor([1], type="s32"), nx.tensor([[0]]), nx.tensor([3], type="s64"))
    assert r.type == T.parse("s64") and r.to_numpy().tolist() == [3]


# --- Nx doc examples ------------------------------------------------------------------------

def _doc(s):
    return textwrap.dedent(s).strip("\n")


DOCS = [
    (lambda: nx.take(nx.tensor([[1, 2], [3, 4]]), nx.tensor([1, 0, 1]), axis=1), """
        nx.Tensor<
          s32[2][3]
          [
            [2, 1, 2],
            [4, 3, 4]
          ]
        >"""),
    (lambda: nx.take(nx.tensor([[1, 2], [3, 4]], names=["x", "y"]), nx.tensor([1, 0, 1]),
                     axis="y"), """
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [2, 1, 2],
            [4, 3, 4]
          ]
        >"""),
    (lambda: nx.take(nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]]),
                     nx.tensor([1, 0, 1]), axis=1), """
        nx.Tensor<
          s32[2][3][2]
          [
            [
              [11, 12],
              [1, 2],
              [11, 12]
            ],
            [
              [111, 112],
              [101, 102],
              [111, 112]
            ]
          ]
        >"""),
    (lambda: nx.take(nx.tensor([[1, 2], [11, 12]]), nx.tensor([[0, 0], [1, 1], [0, 0]]),
                     axis=1), """
        nx.Tensor<
          s32[2][3][2]
          [
            [
              [1, 1],
              [2, 2],
              [1, 1]
            ],
            [
              [11, 11],
              [12, 12],
              [11, 11]
            ]
          ]
        >"""),
    (lambda: nx.take_along_axis(nx.tensor([[1, 2, 3], [4, 5, 6]]),
                                nx.tensor([[0, 1, 1], [1, 0, 0], [0, 1, 0]]), axis=0), """
        nx.Tensor<
          s32[3][3]
          [
            [1, 5, 6],
            [4, 2, 3],
            [1, 5, 3]
          ]
        >"""),
    (lambda: nx.gather(nx.tensor([[1, 2], [3, 4]]),
                       nx.tensor([[[1, 1], [0, 0]], [[1, 0], [0, 1]]])), """
        nx.Tensor<
          s32[2][2]
          [
            [4, 1],
            [3, 2]
          ]
        >"""),
    (lambda: nx.gather(nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]]),
                       nx.tensor([[0, 0, 0], [0, 1, 1], [1, 1, 1]])), """
        nx.Tensor<
          s32[3]
          [1, 12, 112]
        >"""),
    (lambda: nx.gather(nx.tensor([[1, 2, 3], [3, 4, 5]]), nx.tensor([[1], [0]])), """
        nx.Tensor<
          s32[2][3]
          [
            [3, 4, 5],
            [1, 2, 3]
          ]
        >"""),
    (lambda: nx.gather(nx.tensor([[1, 2, 3], [4, 5, 6]]), nx.tensor([[1], [0], [2], [1]]),
                       axes=[1]), """
        nx.Tensor<
          s32[4][2]
          [
            [2, 5],
            [1, 4],
            [3, 6],
            [2, 5]
          ]
        >"""),
    (lambda: nx.gather(nx.iota((2, 1, 3)), nx.tensor([[[1], [0], [2]]]), axes=[2]), """
        nx.Tensor<
          s32[1][3][2][1]
          [
            [
              [
                [1],
                [4]
              ],
              [
                [0],
                [3]
              ],
              [
                [2],
                [5]
              ]
            ]
          ]
        >"""),
    (lambda: nx.indexed_add(nx.iota((1, 2, 3)),
                            nx.tensor([[0, 0, 0], [0, 1, 1], [0, 0, 0], [0, 0, 2], [0, 1, 2]]),
                            nx.tensor([1, 3, 1, -2, 5])), """
        nx.Tensor<
          s32[1][2][3]
          [
            [
              [2, 1, 0],
              [3, 7, 10]
            ]
          ]
        >"""),
    (lambda: nx.indexed_add(nx.tensor([1.0]), nx.tensor([[0], [0]]), nx.tensor([1, 1])), """
        nx.Tensor<
          f32[1]
          [3.0]
        >"""),
    (lambda: nx.indexed_add(nx.tensor([1], type="s32"), nx.tensor([[0], [0]]),
                            nx.tensor([1, 1], type="s64")), """
        nx.Tensor<
          s64[1]
          [3]
        >"""),
    (lambda: nx.indexed_put(nx.tensor([[1], [2]]), nx.tensor([1, 0]), 10), """
        nx.Tensor<
          s32[2][1]
          [
            [1],
            [10]
          ]
        >"""),
    (lambda: nx.indexed_put(nx.tensor([0, 0, 0]), nx.tensor([[1], [2]]), nx.tensor([3, 4])), """
        nx.Tensor<
          s32[3]
          [0, 3, 4]
        >"""),
    (lambda: nx.indexed_put(nx.iota((1, 2, 3)), nx.tensor([[0, 0, 0], [0, 1, 1], [0, 0, 2]]),
                            nx.tensor([1, 3, -2])), """
        nx.Tensor<
          s32[1][2][3]
          [
            [
              [1, 1, -2],
              [3, 3, 5]
            ]
          ]
        >"""),
    (lambda: nx.indexed_put(nx.iota((1, 3, 2)), nx.tensor([[0, 0], [0, 2]]),
                            nx.tensor([[0, 10], [40, 50]])), """
        nx.Tensor<
          s32[1][3][2]
          [
            [
              [0, 10],
              [2, 3],
              [40, 50]
            ]
          ]
        >"""),
    (lambda: nx.indexed_put(nx.iota((1, 2, 3)), nx.tensor([[0, 0], [0, 2]]),
                            nx.tensor([[0, 30], [20, 50]]), axes=[0, 2]), """
        nx.Tensor<
          s32[1][2][3]
          [
            [
              [0, 1, 20],
              [30, 4, 50]
            ]
          ]
        >"""),
    (lambda: nx.indexed_put(nx.tensor([1.0]), nx.tensor([[0]]), nx.tensor([3])), """
        nx.Tensor<
          f32[1]
          [3.0]
        >"""),
    (lambda: nx.tensor([[1, 2], [3, 4]])[nx.tensor([1, 0])], """
        nx.Tensor<
          s32[2][2]
          [
            [3, 4],
            [1, 2]
          ]
        >"""),
]


@pytest.mark.parametrize("k", range(len(DOCS)))
@pytest.mark.parametrize("backend", ["numpy", "xla"])
def test_nx_doc_examples(k, backend):
    fn, text = DOCS[k]
    with nx.with_default_backend(backend):
        assert repr(fn()) == _doc(text)


# --- access ---------------------------------------------------------------------------------

def test_access_tensor_index_is_take():
    x = np.arange(12, dtype=np.int32).reshape(3, 4)
    check(lambda t, i: t[i, 1:3], [A(x), A([2, 0, 2])], x[[2, 0, 2], 1:3], "s32")
    check(lambda t, i: t[:, i], [A(x), A([[3], [0]])], x[:, [[3], [0]]], "s32")
    t = nx.tensor(x)
    with pytest.raises(IndexError, match=r"nx.access: a tensor of indices .* only be combined "
                                         r"with slices"):
        t[nx.tensor([1]), 0]


# --- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [
    lambda: nx.take(nx.tensor([[1, 2], [3, 4]]), nx.tensor([1.0, 0.0])),
    lambda: nx.take_along_axis(nx.iota((3, 3)), nx.tensor([[2.0], [1.0], [2.0]]), axis=1),
    lambda: nx.gather(nx.tensor([[1, 2], [3, 4]]), nx.tensor([[0, 0]], type="f32")),
    lambda: nx.indexed_add(nx.tensor([1, 2]), nx.tensor([[0.0]]), nx.tensor([1])),
    lambda: nx.indexed_put(nx.tensor([1, 2]), nx.tensor([[0.0]]), nx.tensor([1])),
])
def test_non_integer_indices(fn):
    with pytest.raises(TypeError, match=r"nx\.(take|take_along_axis|gather|indexed_add|"
                                        r"indexed_put): indices must be an integer tensor"):
        fn()


@pytest.mark.parametrize("fn,msg", [
    (lambda: nx.gather(nx.iota((3,)), nx.tensor(0)),
     r"nx.gather: expected indices rank to be at least 1, got: 0"),
    (lambda: nx.gather(nx.iota((3,)), nx.tensor([[0, 1]])),
     r"nx.gather: expected the last indices dimension size \(2\)"),
    (lambda: nx.gather(nx.iota((2, 3)), nx.tensor([[0]]), axes=[0, 1]),
     r"nx.gather: axes must have the same number of elements"),
    (lambda: nx.take_along_axis(nx.iota((2, 3)), nx.iota((1, 2, 3)), axis=0),
     r"nx.take_along_axis: shapes must have the same number of dimensions"),
    (lambda: nx.take_along_axis(nx.iota((2, 3, 4)), nx.iota((3, 10, 4)), axis=1),
     r"nx.take_along_axis: non-indexing dimensions must match"),
    (lambda: nx.take(nx.iota((2, 3)), nx.tensor([0]), axis=2),
     r"nx.take: axis 2 is out of range"),
    (lambda: nx.indexed_add(nx.tensor([[1], [2]]), nx.tensor([[[1, 2, 3]]]), nx.tensor([0])),
     r"nx.indexed_add: indices must be a rank 1 or 2 tensor, got: 3"),
    (lambda: nx.indexed_put(nx.tensor([[1], [2]]), nx.tensor([[1, 2]]), nx.tensor([0, 1])),
     r"nx.indexed_put: expected the leading axis of indices"),
    (lambda: nx.indexed_add(nx.tensor([[1, 2, 3]]), nx.tensor([[0]]), nx.tensor([[1, 2, 3, 4, 5]])),
     r"nx.indexed_add: axis \(1\) of updates \(1, 5\) must be less than or equal"),
    (lambda: nx.indexed_put(nx.iota((1, 2, 3)), nx.tensor([[0, 1, 2]]), 10, axes=[1, 0, 2]),
     r"nx.indexed_put: axes must be an ordered list"),
    (lambda: nx.indexed_put(nx.iota((2, 2)), nx.tensor([0]), 10),
     r"nx.indexed_put: expected indices to have shape \(2,\)"),
])
def test_shape_errors(fn, msg):
    with pytest.raises(ValueError, match=msg):
        fn()


def test_op_infer_errors_name_the_op():
    from nx.compiler.ir import TensorType
    from nx.dialects.nx import OpError, get
    g = get("nx.gather")
    with pytest.raises(OpError, match="nx.gather: indices must be an integer tensor"):
        g.infer([TensorType((3,), T.parse("f32")), TensorType((1, 1), T.parse("f32"))],
                {"axes": (0,)})
    s = get("nx.scatter")
    with pytest.raises(OpError, match="nx.scatter: indices must be a rank 2 tensor"):
        s.infer([TensorType((3,), T.parse("f32")), TensorType((1,), T.parse("s32")),
                 TensorType((1,), T.parse("f32"))], {"axes": (0,), "mode": "add"})


# --- gradients ------------------------------------------------------------------------------

def _grad_cases():
    import jax.numpy as jnp
    R = np.random.default_rng(3)
    x = R.uniform(-2, 2, (4, 3)).astype(np.float32)
    u = R.uniform(-2, 2, (3, 3)).astype(np.float32)
    idx = np.array([[1, 0], [3, 2], [1, 0], [0, 1]], np.int32)   # a repeated row
    rows = np.array([2, 0, 2], np.int32)
    return [
        ("take", lambda a: nx.take(a, nx.tensor(rows), axis=0) * 1.0,
         lambda a: jnp.take(a, rows, axis=0), [x]),
        ("take_axis1", lambda a: nx.take(a, nx.tensor([[2, 2], [0, 1]]), axis=1),
         lambda a: jnp.take(a, np.array([[2, 2], [0, 1]]), axis=1), [x]),
        ("gather", lambda a: nx.gather(a, nx.tensor(idx)), lambda a: a[idx[:, 0], idx[:, 1]], [x]),
        ("take_along_axis",
         lambda a: nx.take_along_axis(a, nx.tensor(np.array([[0, 2], [1, 1], [2, 0], [0, 0]])),
                                      axis=1),
         lambda a: jnp.take_along_axis(a, np.array([[0, 2], [1, 1], [2, 0], [0, 0]]), axis=1), [x]),
        ("indexed_add", lambda a, b: nx.indexed_add(a, nx.tensor(idx[:3]), nx.sum(b, axes=[1])),
         lambda a, b: a.at[idx[:3, 0], idx[:3, 1]].add(jnp.sum(b, axis=1)), [x, u]),
        ("indexed_put", lambda a, b: nx.indexed_put(a, nx.tensor(idx[1:3]), b[0][:2]),
         lambda a, b: a.at[idx[1:3, 0], idx[1:3, 1]].set(b[0][:2]), [x, u]),
        ("indexed_add_rows", lambda a, b: nx.indexed_add(a, nx.tensor([[1], [3], [1]]), b),
         lambda a, b: a.at[np.array([1, 3, 1])].add(b), [x, u]),
    ]


@pytest.mark.parametrize("case", _grad_cases(), ids=lambda c: c[0])
def test_indexing_gradients(case):
    from gradcheck import check_grad
    check_grad(*case)
