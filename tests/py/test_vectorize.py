"""Vectorization: the seeds' vectorization guide, control flow, grad, the API and errors (the
vectorized-equals-stacked table for every op is in test_vectorize_ops.py)."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nx
from nx._dispatch import apply
from nx.compiler.ir import TensorType, VecType
from nx.dialects.nx.registry import OPS

from modes import MODES, run_mode

# --- helpers ---------------------------------------------------------------------------------

def seed(text):
    """A seed's printed tensor in our repr (the guide ran with Nx's old s64 default)."""
    text = textwrap.dedent(text).strip("\n")
    return text.replace("#Nx.Tensor<", "nx.Tensor<").replace("s64", "s32")


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


def vec(data, axes, type=None):
    t = nx.tensor(np.asarray(data), type=type) if type else nx.tensor(np.asarray(data))
    return nx.vectorize(t, axes) if axes else t


# --- the seeds' vectorization guide ------------------------------------------------------------

def normalize(t):
    if len(t.shape) != 1:
        raise ValueError("invalid shape")
    mn = nx.reduce_min(t)
    zero_min = nx.subtract(t, mn)
    return nx.divide(zero_min, nx.reduce_max(zero_min))


NORMALIZED = seed("""
    #Nx.Tensor<
      vectorized[rows: 3]
      f32[3]
      [
        [0.0, 0.5, 1.0],
        [0.0, 0.5, 1.0],
        [0.0, 0.5, 1.0]
      ]
    >""")


def test_guide_normalize(mode):
    t = nx.tensor([[1, 2, 3], [10, 20, 30], [4, 5, 6]])
    assert repr(run_mode(mode, normalize, nx.tensor([1, 2, 3]))) == seed("""
        #Nx.Tensor<
          f32[3]
          [0.0, 0.5, 1.0]
        >""")
    v = nx.vectorize(t, "rows")
    assert repr(v) == seed("""
        #Nx.Tensor<
          vectorized[rows: 3]
          s64[3]
          [
            [1, 2, 3],
            [10, 20, 30],
            [4, 5, 6]
          ]
        >""")
    with pytest.raises(ValueError, match="invalid shape"):
        run_mode(mode, normalize, t)
    nv = run_mode(mode, normalize, v)
    assert repr(nv) == NORMALIZED
    right = nx.tensor([[1, 2, 3], [2, 3, 4], [3, 4, 5]])
    added = run_mode(mode, nx.add, nv, right)
    block = """
            [
              [1.0, 2.5, 4.0],
              [2.0, 3.5, 5.0],
              [3.0, 4.5, 6.0]
            ]"""
    assert repr(added) == seed("""
        #Nx.Tensor<
          vectorized[rows: 3]
          f32[3][3]
          [""" + ",".join([block] * 3) + """
          ]
        >""")
    assert repr(run_mode(mode, nx.devectorize, nv)) == seed("""
        #Nx.Tensor<
          f32[rows: 3][3]
          [
            [0.0, 0.5, 1.0],
            [0.0, 0.5, 1.0],
            [0.0, 0.5, 1.0]
          ]
        >""")
    devec = run_mode(mode, lambda x: nx.devectorize(x, keep_names=False), nv)
    assert repr(devec) == seed("""
        #Nx.Tensor<
          f32[3][3]
          [
            [0.0, 0.5, 1.0],
            [0.0, 0.5, 1.0],
            [0.0, 0.5, 1.0]
          ]
        >""")
    assert repr(run_mode(mode, nx.add, devec, right)) == seed("""
        #Nx.Tensor<
          f32[3][3]
          [
            [1.0, 2.5, 4.0],
            [2.0, 3.5, 5.0],
            [3.0, 4.5, 6.0]
          ]
        >""")


def test_guide_revectorize(mode):
    t = nx.vectorize(nx.iota((2, 1, 3, 2, 2)), [("x", 2), ("y", 1), ("z", 3)])
    assert t.vectorized_axes == (("x", 2), ("y", 1), ("z", 3)) and t.shape == (2, 2)

    def walk(t):
        collapsed = nx.revectorize(t, [("vectors", "auto")], target_shape=t.shape)
        [(name, size)] = collapsed.vectorized_axes
        constants = nx.vectorize(nx.multiply(nx.iota((size,)), 100), [("vectors", size)])
        out = nx.revectorize(nx.add(collapsed, constants), t.vectorized_axes)
        return constants, collapsed, out
    constants, collapsed, out = run_mode(mode, walk, t)
    assert repr(constants) == seed("""
        #Nx.Tensor<
          vectorized[vectors: 6]
          s64
          [0, 100, 200, 300, 400, 500]
        >""")
    assert collapsed.vectorized_axes == (("vectors", 6),) and collapsed.shape == (2, 2)
    np.testing.assert_array_equal(nx.to_numpy(collapsed), np.arange(24).reshape(6, 2, 2))
    assert out.vectorized_axes == (("x", 2), ("y", 1), ("z", 3)) and out.shape == (2, 2)
    expected = np.arange(24).reshape(2, 1, 3, 2, 2) + 100 * np.arange(6).reshape(2, 1, 3, 1, 1)
    np.testing.assert_array_equal(nx.to_numpy(out), expected)
    assert repr(out).splitlines()[:12] == seed("""
        #Nx.Tensor<
          vectorized[x: 2][y: 1][z: 3]
          s64[2][2]
          [
            [
              [
                [
                  [0, 1],
                  [2, 3]
                ],
                [
                  [104, 105],""").splitlines()


def while_sum_and_multiply(x, y):
    if len(x.shape) != 2:
        raise ValueError("expected x to have rank 2")
    n = x.shape[0]
    out = nx.broadcast(0, (n,))
    if y.shape != (n,):
        raise ValueError("expected y to have rank 1 and the same number of elements as x")

    def body(i, state):
        out, (x, y) = state
        update = nx.sum(x[i]) + y[i]
        return nx.indexed_put(out, nx.reshape(i, (1, 1)), nx.reshape(update, (1,))), (x, y)
    return nx.fori_loop(0, n, (out, (x, y)), body)[0]


def vectorized_sum_and_multiply(x, y):
    if len(x.shape) != 2:
        raise ValueError("expected x to have rank 2")
    n, m = x.shape
    if y.shape != (n,):
        raise ValueError("expected y to have rank 1 and the same number of elements as x")
    vectorized_axes = x.vectorized_axes
    x = nx.revectorize(x, [("collapsed", "auto"), ("vectors", n)], target_shape=(m,))
    y = nx.revectorize(y, [("collapsed", "auto"), ("vectors", n)], target_shape=())
    out = nx.sum(x) + y
    return nx.revectorize(out, vectorized_axes, target_shape=(n,))


def broadcast_sum_and_multiply(x, y):
    x, y = nx.broadcast_vectors([x, y])
    return vectorized_sum_and_multiply(x, y)


def _while_inputs():
    x = nx.tensor([[1, 2, 3], [1, 0, 0], [0, 1, 3]])
    y = nx.tensor([4, 5, 6])
    x_vec = nx.vectorize(nx.reshape(nx.tile(x, [2, 1]), (2, 3, 3)), "rows")
    y_vec = nx.vectorize(nx.reshape(nx.concatenate([y, nx.multiply(y, 2)]), (2, 3)), "cols")
    return x, y, x_vec, y_vec


def test_guide_while_example(mode):
    x, y, x_vec, y_vec = _while_inputs()
    plain = seed("""
        #Nx.Tensor<
          s64[3]
          [10, 6, 10]
        >""")
    assert repr(run_mode(mode, while_sum_and_multiply, x, y)) == plain
    assert repr(run_mode(mode, vectorized_sum_and_multiply, x, y)) == plain
    assert repr(run_mode(mode, vectorized_sum_and_multiply, x_vec, y)) == seed("""
        #Nx.Tensor<
          vectorized[rows: 2]
          s64[3]
          [
            [10, 6, 10],
            [10, 6, 10]
          ]
        >""")
    assert repr(run_mode(mode, vectorized_sum_and_multiply, x_vec, y_vec)) == seed("""
        #Nx.Tensor<
          vectorized[rows: 2]
          s64[3]
          [
            [10, 6, 10],
            [14, 11, 16]
          ]
        >""")


def test_guide_broadcast_vectors_example(mode):
    x, y, x_vec, y_vec = _while_inputs()
    assert repr(run_mode(mode, broadcast_sum_and_multiply, x_vec, y)) == seed("""
        #Nx.Tensor<
          vectorized[rows: 2]
          s64[3]
          [
            [10, 6, 10],
            [10, 6, 10]
          ]
        >""")
    assert repr(run_mode(mode, broadcast_sum_and_multiply, x_vec, y_vec)) == seed("""
        #Nx.Tensor<
          vectorized[rows: 2][cols: 2]
          s64[3]
          [
            [
              [10, 6, 10],
              [14, 11, 16]
            ],
            [
              [10, 6, 10],
              [14, 11, 16]
            ]
          ]
        >""")


def test_guide_multiplication_table(mode):
    base = nx.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    vec_i = nx.vectorize(nx.reshape(base, (10, 1)), [("i", 10), ("j", 1)])
    vec_j = nx.vectorize(base, "j")
    out = run_mode(mode, nx.multiply, vec_i, vec_j)
    assert out.vectorized_axes == (("i", 10), ("j", 10)) and out.shape == ()
    np.testing.assert_array_equal(nx.to_numpy(out), np.outer(np.arange(10), np.arange(10)))
    assert repr(out).splitlines()[:5] == seed("""
        #Nx.Tensor<
          vectorized[i: 10][j: 10]
          s64
          [
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],""").splitlines()


def _iota_vec(shape, axes):
    from nx.vectorize import with_vectorized_axes
    return with_vectorized_axes(nx.iota(shape), axes)


def test_guide_reshape_vectors(mode):
    a = _iota_vec((2, 1), [("x", 2), ("y", 1)])
    b = _iota_vec((), [("z", 2), ("x", 1)])
    ra, rb = run_mode(mode, lambda a, b: tuple(nx.reshape_vectors([a, b], align_ranks=True)), a, b)
    assert repr(ra) == seed("""
        #Nx.Tensor<
          vectorized[x: 2][y: 1][z: 1]
          s64[2][1]
          [
            [
              [
                [
                  [0],
                  [1]
                ]
              ]
            ],
            [
              [
                [
                  [0],
                  [1]
                ]
              ]
            ]
          ]
        >""")
    assert repr(rb) == seed("""
        #Nx.Tensor<
          vectorized[x: 1][y: 1][z: 2]
          s64[1][1]
          [
            [
              [
                [
                  [0]
                ],
                [
                  [0]
                ]
              ]
            ]
          ]
        >""")


def test_guide_broadcast_vectors(mode):
    x = _iota_vec((2, 1), [("x", 2), ("y", 1)])
    y = _iota_vec((), [("z", 2), ("x", 1)])
    bx, by = run_mode(mode, lambda a, b: tuple(nx.broadcast_vectors([a, b])), x, y)
    assert repr(bx) == seed("""
        #Nx.Tensor<
          vectorized[x: 2][y: 1][z: 2]
          s64[2][1]
          [
            [
              [
                [
                  [0],
                  [1]
                ],
                [
                  [0],
                  [1]
                ]
              ]
            ],
            [
              [
                [
                  [0],
                  [1]
                ],
                [
                  [0],
                  [1]
                ]
              ]
            ]
          ]
        >""")
    assert repr(by) == seed("""
        #Nx.Tensor<
          vectorized[x: 2][y: 1][z: 2]
          s64
          [
            [
              [0, 0]
            ],
            [
              [0, 0]
            ]
          ]
        >""")


# The vectorized-equals-stacked table for every op is tests/py/test_vectorize_ops.py.

R = np.random.default_rng(0)


# --- control flow -----------------------------------------------------------------------------

def test_cond_vectorized_predicate(mode):
    def f(x):
        return nx.cond(nx.sum(x) > 0, lambda: x * 2, lambda: -x)
    x = vec([[1.0, 2.0], [-3.0, 1.0], [0.5, -0.1]], "r")
    out = run_mode(mode, f, x)
    assert out.vectorized_axes == (("r", 3),)
    np.testing.assert_allclose(nx.to_numpy(out), [[2, 4], [3, -1], [1, -0.2]], rtol=1e-6)


def test_cond_plain_predicate_vectorized_branches(mode):
    def f(p, x, y):
        return nx.cond(p > 0, lambda: x + 1.0, lambda: y)
    x = vec([[1.0, 2.0], [3.0, 4.0]], "a")
    y = vec([[10.0, 10.0], [20.0, 20.0], [30.0, 30.0]], "b")
    for pv, want in ((1, [[[2, 3]] * 3, [[4, 5]] * 3]),
                     (0, [[[10, 10], [20, 20], [30, 30]]] * 2)):
        out = run_mode(mode, f, nx.tensor(pv), x, y)
        if mode in ("jit", "evaluator"):
            # compiled: the result type is the union of the branches' vectorized axes
            assert out.vectorized_axes == (("a", 2), ("b", 3)) and out.shape == (2,)
            np.testing.assert_allclose(nx.to_numpy(out), want)
        else:   # eager: only the branch taken runs
            np.testing.assert_allclose(nx.to_numpy(out), np.asarray(want)[:, 0] if pv else
                                       np.asarray(want)[0])


def test_while_vectorized_condition(mode):
    # per entry: double x until it exceeds the limit; entries stop at different iterations
    def f(x, limit):
        return nx.while_loop((x, 0), lambda s: s[0] < limit, lambda s: (s[0] * 2, s[1] + 1))
    x = vec([1.0, 3.0, 10.0, 0.5], "e")
    x2, n = run_mode(mode, f, x, nx.tensor(8.0))
    assert x2.vectorized_axes == (("e", 4),) and n.vectorized_axes == (("e", 4),)
    np.testing.assert_allclose(nx.to_numpy(x2), [8, 12, 10, 8])
    np.testing.assert_array_equal(nx.to_numpy(n), [3, 2, 0, 4])


def test_while_plain_condition_vectorized_state(mode):
    def f(x):
        return nx.fori_loop(0, 3, x, lambda i, s: s + i)
    out = run_mode(mode, f, vec([[1, 2], [3, 4]], "r"))
    assert out.vectorized_axes == (("r", 2),)
    np.testing.assert_array_equal(nx.to_numpy(out), [[4, 5], [6, 7]])


# --- grad -------------------------------------------------------------------------------------
# nx.grad outside a defn traces one, so the jit modes cover it.

@pytest.mark.parametrize("mode", ("jit", "evaluator"))
def test_grad_vectorized_input(mode):

    def f(x):
        return nx.grad(x, lambda t: nx.sum(nx.sin(t) * t))
    x = R.standard_normal((3, 4)).astype(np.float32)
    out = run_mode(mode, f, nx.vectorize(nx.tensor(x), "r"))
    assert out.vectorized_axes == (("r", 3),) and out.shape == (4,)
    np.testing.assert_allclose(nx.to_numpy(out), np.cos(x) * x + np.sin(x), rtol=1e-5)


@pytest.mark.parametrize("mode", ("jit", "evaluator"))
def test_grad_of_function_of_vectorized_values(mode):

    def f(w, x):
        # per-entry gradient w.r.t. a plain parameter used with a vectorized input
        return nx.grad(w, lambda w: nx.sum(nx.dot(x, w) ** 2))
    w = R.standard_normal((4,)).astype(np.float32)
    x = R.standard_normal((2, 3, 4)).astype(np.float32)
    out = run_mode(mode, f, nx.tensor(w), nx.vectorize(nx.tensor(x), "b"))
    assert out.vectorized_axes == (("b", 2),) and out.shape == (4,)
    want = np.stack([2 * x[i].T @ (x[i] @ w) for i in range(2)])
    np.testing.assert_allclose(nx.to_numpy(out), want, rtol=1e-4)


# --- API details ------------------------------------------------------------------------------

def test_vectorize_forms_and_devectorize_plain():
    t = nx.iota((2, 3))
    v1 = nx.vectorize(t, ["first", "second"])
    v2 = nx.vectorize(t, ["first", ("second", 3)])
    v3 = nx.vectorize(t, {"first": 2, "second": 3})
    assert v1.vectorized_axes == v2.vectorized_axes == v3.vectorized_axes == (("first", 2),
                                                                              ("second", 3))
    assert v1.shape == () and v1.names == ()
    p = nx.tensor([1, 2])
    # Nx returns a plain tensor unchanged; nxc reports the no-op (see nx.devectorize)
    with pytest.raises(ValueError, match=r"nx.devectorize: expected a vectorized tensor, got a "
                                         r"plain tensor s32\[2\] \(no vectorized axes\)"):
        nx.devectorize(p)
    with pytest.raises(ValueError, match=r"expected a container with at least one vectorized"):
        nx.devectorize({"a": p, "b": 1.0})
    mixed = nx.devectorize((p, vec([[3]], "x")))
    assert mixed[0] is p and mixed[1].names == ("x", None)
    tup = nx.vectorize((nx.tensor([1]), {"a": nx.tensor([2])}), [("x", 1)])
    assert tup[0].vectorized_axes == (("x", 1),) and tup[1]["a"].vectorized_axes == (("x", 1),)
    d = nx.devectorize(tup)
    assert d[1]["a"].names == ("x",) and d[1]["a"].shape == (1,)


def test_revectorize_examples():
    t = _iota_vec((1,), [("x", 2), ("y", 3), ("z", 4)])
    assert nx.revectorize(t, [("x", 12), ("y", "auto")]).vectorized_axes == (("x", 12), ("y", 2))
    assert nx.revectorize(t, {"a": "auto"}).vectorized_axes == (("a", 24),)
    t = nx.vectorize(nx.iota((2, 2, 2)), [("x", 2), ("y", 2)])
    r = nx.revectorize(t, [("temp", "auto"), ("x", 2)])
    assert r.vectorized_axes == (("temp", 2), ("x", 2)) and r.shape == (2,)


def test_reshape_vectors_doc_examples():
    x = vec([1, 2, 3], "x")
    xy = nx.vectorize(nx.vectorize(nx.tensor([[[5]], [[6]]]), "y"), "x")
    xv, xyv = nx.reshape_vectors([x, xy])
    assert xv.vectorized_axes == (("x", 3), ("y", 1))
    assert xyv.vectorized_axes == (("x", 1), ("y", 2))
    y = vec([4], "y")
    yv, xv = nx.reshape_vectors([y, x])
    assert xv.vectorized_axes == (("y", 1), ("x", 3)) and yv.vectorized_axes == (("y", 1), ("x", 1))


def test_reshape_vectors_transposes_reordered_axes():
    # an axis order differing from the canonical one is transposed (Nx reshapes here, which
    # only agrees when the moved axes have size 1)
    a = nx.vectorize(nx.iota((2, 3)), ["x", "y"])
    b = nx.vectorize(nx.iota((3, 2)), ["y", "x"])
    _, rb = nx.reshape_vectors([a, b])
    assert rb.vectorized_axes == (("x", 2), ("y", 3))
    np.testing.assert_array_equal(nx.to_numpy(rb), np.arange(6).reshape(3, 2).T)


def test_iota_vectorized_axes_helper():
    t = _iota_vec((2, 3), [("x", 1), ("y", 2)])
    assert t.vectorized_axes == (("x", 1), ("y", 2)) and t.shape == (2, 3)
    np.testing.assert_array_equal(nx.to_numpy(t),
                                  np.broadcast_to(np.arange(6).reshape(2, 3), (1, 2, 2, 3)))


def test_eager_cache_reuses_programs():
    from nx import _dispatch
    x = vec(np.ones((2, 3), np.float32), "q")
    nx.exp(x)
    n = len(_dispatch._vec_cache)
    for _ in range(3):
        nx.exp(x)
    assert len(_dispatch._vec_cache) == n


def test_ir_types_and_pass_output():
    v = vec(np.ones((2, 3), np.float32), "rows")
    m = nx.jit(lambda t: nx.sum(t)).lower(v)
    f = m.main
    assert f.args[0].type == VecType([("rows", 2)], TensorType((3,), "f32"))
    assert "!nx.vec<[rows: 2], tensor<3xf32>>" in str(m)
    from nx.compiler.passes import PassManager
    out = PassManager("vectorize").run(m)
    text = str(out)
    assert "nx.vec" not in text and "tensor<2x3xf32>" in text and "axes = array<i64: 1>" in text


def test_every_op_has_a_batch_rule_or_reason():
    for name, d in OPS.items():
        assert d.batch is not None or d.missing.get("batch"), name


# --- errors -----------------------------------------------------------------------------------

def test_error_mismatched_vectorized_sizes(mode):
    a = vec([1, 2, 3], "x")
    b = vec([1, 2], "x")
    with pytest.raises(ValueError, match=r"expected vectorized axis 'x' to have the same size "
                                         r"in both tensors or one of them to have size 1, "
                                         r"got 3 and 2"):
        run_mode(mode, nx.add, a, b)
    with pytest.raises(ValueError, match="got 3 and 2"):
        nx.broadcast_vectors([a, b])


def test_error_revectorize_incompatible():
    t = nx.vectorize(nx.iota((2, 3)), "x")
    with pytest.raises(ValueError, match=r"nx.revectorize: cannot reshape a tensor with vectorized "
                                         r"axes \[\('x', 2\)\] and shape \(3,\) \(6 elements\)"):
        nx.revectorize(t, [("y", 4)])
    with pytest.raises(ValueError, match="more than one \"auto\""):
        nx.revectorize(t, [("y", "auto")], target_shape=("auto",))
    with pytest.raises(ValueError, match="not divisible by 4"):
        nx.revectorize(t, [("y", "auto")], target_shape=(4,))


def test_error_vectorize_bad_input():
    with pytest.raises(ValueError, match="cannot vectorize tensor of rank 0"):
        nx.vectorize(nx.tensor(1), "x")
    with pytest.raises(ValueError, match="must not be greater than"):
        nx.vectorize(nx.tensor([1]), ["x", "y"])
    with pytest.raises(ValueError, match="expected vectorized axis 'x' to have size 2, got 1"):
        nx.vectorize(nx.tensor([1]), [("x", 2)])
    with pytest.raises(ValueError, match="already an axis with the same name"):
        nx.vectorize(nx.tensor([[1]], names=["x", "y"]), ["y"])
    with pytest.raises(ValueError, match="already a vectorized axis with the same name"):
        nx.vectorize(nx.vectorize(nx.tensor([[1]]), "x"), "x")
    with pytest.raises(ValueError, match="specification"):
        nx.vectorize(nx.tensor([[1]]), ["x", 3])
    with pytest.raises(TypeError, match="nx.devectorize: expected a tensor"):
        nx.devectorize("abc")
    with pytest.raises(TypeError, match="keep_names must be a boolean"):
        nx.devectorize(nx.tensor([1]), keep_names="no")


def test_error_inner_shapes_still_checked(mode):
    # ops see the inner shapes: a matrix operation on a vectorized vector fails as it would
    x = vec(np.ones((2, 3), np.float32), "r")
    with pytest.raises(ValueError, match="nx.transpose"):
        run_mode(mode, lambda t: nx.transpose(t, axes=[1, 0]), x)


def test_error_op_without_rule():
    # every real op has a batching rule; a test op without one shows the error
    from nx.compiler.ir import Function, Module, Operation
    from nx.dialects.nx import registry
    from nx.passes.vectorize import VectorizeError, vectorize
    d = registry.define("test_no_batch", infer=lambda ts, a: [ts[0]],
                        kernel=lambda a, o, x: x.copy(), lower=lambda ctx, op, x: x,
                        missing={"batch": "a test op without a batching rule"})
    try:
        vt = VecType([("r", 2)], TensorType((2, 2), "f32"))
        f = Function("main", [vt])
        op = f.body.append(Operation("nx.test_no_batch", f.args, d.infer([vt], {}), {}))
        f.body.append(Operation("func.return", op.results, []))
        with pytest.raises(VectorizeError, match="nx.test_no_batch.*no batching rule"):
            vectorize(Module([f]))
        with pytest.raises(ValueError, match="nx.test_no_batch: cannot be applied to vectorized "
                                             "tensors"):
            apply("test_no_batch", [vec(np.eye(2, dtype=np.float32)[None].repeat(2, 0), "r")], {})
    finally:
        del registry.OPS["test_no_batch"]


def test_custom_reduce_and_window_reduce_vectorized(mode):
    # ops carrying a user function (a region): the region stays a plain scalar function and the
    # reduced / windowed axes shift past the vectorized ones
    x = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) % 5) * 0.5 + 0.5

    def f(t):
        return (nx.reduce(t, 1.0, lambda a, acc: a * acc, axes=[1]),
                nx.window_reduce(t, 0.0, (2, 2), lambda a, acc: a + acc, padding=[(0, 0), (0, 1)]))
    want = [f(nx.tensor(x[i])) for i in range(2)]
    got = run_mode(mode, f, nx.vectorize(nx.tensor(x), "v"))
    for j in range(2):
        assert got[j].vectorized_axes == (("v", 2),) and got[j].shape == want[0][j].shape
        np.testing.assert_allclose(nx.to_numpy(got[j]), np.stack([w[j].to_numpy() for w in want]))
    # the numbers, independently: products over each entry's axis 1; 2x2 window sums
    np.testing.assert_allclose(nx.to_numpy(got[0]), x.prod(axis=2), rtol=1e-6)
    pad = np.concatenate([x, np.zeros((2, 3, 1), np.float32)], axis=2)
    win = pad[:, :-1, :-1] + pad[:, 1:, :-1] + pad[:, :-1, 1:] + pad[:, 1:, 1:]
    np.testing.assert_allclose(nx.to_numpy(got[1]), win)


def test_doc_fixes_in_every_mode(mode):
    # the Nx doc behaviours of vectorized creation/shape functions, in every mode
    v = vec([[1, 2, 3], [6, 5, 4]], "x", "s32")

    def f(v, start, stop):
        return (nx.argmax(v, keep_axis=True), nx.argmin(v, keep_axis=True), nx.fill(v, 5),
                nx.linspace(start, stop, n=5),
                nx.eye((3,), vectorized_axes=[("a", 1), ("b", 2)]) + v[0],
                nx.rename(v, ["y"]))
    am, an, fl, ls, ey, rn = run_mode(mode, f, v, vec([0, 1], "x", "s32"),
                                      vec([10, 20], "y", "s32"))
    assert am.vectorized_axes == (("x", 2),) and am.shape == (1,)
    np.testing.assert_array_equal(nx.to_numpy(am), [[2], [0]])
    np.testing.assert_array_equal(nx.to_numpy(an), [[0], [2]])
    assert fl.vectorized_axes == (("x", 2),) and fl.shape == (3,) and fl.type == "s32"
    np.testing.assert_array_equal(nx.to_numpy(fl), np.full((2, 3), 5))
    assert ls.vectorized_axes == (("x", 2), ("y", 2)) and ls.shape == (5,)
    want = np.array([[np.linspace(a, b, 5) for b in (10, 20)] for a in (0, 1)], np.float32)
    np.testing.assert_allclose(nx.to_numpy(ls), want, rtol=1e-6)
    assert ey.vectorized_axes == (("a", 1), ("b", 2), ("x", 2)) and ey.shape == (3,)
    np.testing.assert_array_equal(nx.to_numpy(ey), np.broadcast_to(
        np.array([[2, 1, 1], [7, 6, 6]]), (1, 2, 2, 3)))   # [1, 0, 0] + each entry's v[0]
    assert rn.names == ("y",) and rn.vectorized_axes == (("x", 2),)


def test_rename_and_fill_errors(mode):
    v = vec([[1], [2], [3]], "x")
    with pytest.raises(ValueError,
                       match="nx.rename: name 'x' is already a name for a vectorized axis"):
        run_mode(mode, lambda t: nx.rename(t, ["x"]), v)
    with pytest.raises(ValueError, match="nx.fill: the value must not be vectorized"):
        run_mode(mode, lambda t: nx.fill(nx.iota((2,)), t), vec([1, 2], "x"))


def test_grad_while_vectorized_condition_plain_input():
    # per-entry gradients through a loop whose condition is vectorized (through the limit)
    # while the differentiated input is plain: entry i runs n_i iterations, y = x * 1.25^n_i,
    # and d/dx sum(y^2) = 2 x 1.25^(2 n_i) -- never summed over the entries
    x = np.array([1.0, 2.0], np.float32)
    lims = np.array([5.0, 20.0, 1.0], np.float32)

    def f(x, lim):
        def obj(x):
            y, _ = nx.while_loop((x, lim), lambda s: nx.sum(s[0]) < s[1],
                                 lambda s: (s[0] * 1.25, s[1]))
            return nx.sum(y * y)
        return nx.value_and_grad(x, obj)
    trips = []
    for lim in lims:
        y, n = x.astype(np.float64), 0
        while y.sum() < lim:
            y, n = y * 1.25, n + 1
        trips.append(n)
    trips = np.array(trips)
    assert len(set(trips)) == 3   # the entries stop at different iterations
    for comp in ("xla", "evaluator"):
        val, g = nx.jit(f, compiler=comp)(nx.tensor(x), nx.vectorize(nx.tensor(lims), "r"))
        assert g.vectorized_axes == (("r", 3),) and g.shape == (2,)
        np.testing.assert_allclose(nx.to_numpy(g), 2 * x * 1.25 ** (2 * trips[:, None]), rtol=1e-5)
        np.testing.assert_allclose(nx.to_numpy(val),
                                   (x ** 2).sum() * 1.25 ** (2 * trips), rtol=1e-5)


def test_grad_while_vectorized_condition_vs_jax():
    # a vectorized input whose loop condition is per entry, against jax.grad of each entry's
    # loop unrolled to its own trip count (found in NumPy; JAX cannot differentiate a while)
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    x = np.array([[0.5, 0.2], [1.0, 2.0], [3.0, -0.5], [0.05, 0.01]], np.float32)

    def f(x):
        def obj(x):
            y = nx.while_loop(x, lambda s: nx.sum(nx.abs(s)) < 6.0,
                              lambda s: nx.sin(s) + s * 1.5)
            return nx.sum(y * y)
        return nx.grad(x, obj)

    def unrolled(n):
        def obj(x):
            for _ in range(n):
                x = jnp.sin(x) + x * 1.5
            return jnp.sum(x * x)
        return obj
    want = []
    for e in x:
        y, n = e.astype(np.float32), 0
        while np.abs(y).sum() < 6.0:
            y, n = np.sin(y) + y * np.float32(1.5), n + 1
        want.append(np.asarray(jax.grad(unrolled(n))(e)))
    for comp in ("xla", "evaluator"):
        got = nx.jit(f, compiler=comp)(nx.vectorize(nx.tensor(x), "r"))
        assert got.vectorized_axes == (("r", 4),)
        np.testing.assert_allclose(nx.to_numpy(got), np.stack(want), rtol=1e-4)


def test_error_devectorize_plain(mode):
    # in every mode, and the failed call leaves the argument and the caches usable
    p = nx.tensor([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"nx.devectorize: expected a vectorized tensor, got a "
                                         r"plain tensor f32\[1\]\[2\] \(no vectorized axes\)"):
        run_mode(mode, nx.devectorize, p)
    out = run_mode(mode, nx.devectorize, nx.vectorize(p, "x"))
    assert out.names == ("x", None) and out.vectorized_axes == ()
    np.testing.assert_array_equal(nx.to_numpy(out), [[1.0, 2.0]])
