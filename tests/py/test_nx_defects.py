"""Deviations from Nx found against Nx's own test suite (elixir-nx/nx, nx/test/nx_test.exs at
commit 37901d74), fixed in every mode: eager numpy backend, eager xla backend, `nx.jit` and
`nx.jit(compiler="evaluator")`. Expected values are Nx's assertions (cited by line) or derived
by hand / with NumPy."""
from __future__ import annotations

import numpy as np
import pytest

import nx

from modes import INF, MODES, NAN, A, Case, check, params, run_mode

# --- abs and sign of unsigned integers (StableHLO's abs/sign take no unsigned types) ---------

_UNSIGNED = ["u2", "u4", "u8", "u16", "u32", "u64"]


def _unsigned_values(ty):
    top = (1 << int(ty[1:])) - 1
    return A([0, 1, 2, top // 2, top - 1, top], ty)


@pytest.mark.parametrize("case", params(
    [Case(f"abs-{ty}", nx.abs, [_unsigned_values(ty)], _unsigned_values(ty).array(), ty)
     for ty in _UNSIGNED] +
    [Case(f"sign-{ty}", nx.sign, [_unsigned_values(ty)], [0, 1, 1, 1, 1, 1], ty)
     for ty in _UNSIGNED]))
def test_abs_and_sign_of_unsigned(case):
    check(case)


def test_abs_and_sign_of_unsigned_in_one_program():
    # abs and sign of unsigned inside one compiled program with other integer ops
    x = np.array([[0, 7], [255, 1]], np.uint8)
    check(Case("abs-sign-u8", lambda t: nx.abs(t) + nx.sign(t), [A(x, "u8")],
               (x.astype(np.int64) + (x != 0)) % 256, "u8"))


# --- round keeps the sign of zero: round(-0.2) is -0.0, as StableHLO's round ----------------

_ROUND_IN = [-0.2, -0.5, -0.0, 0.0, 0.2, 0.5, -1.5, 1.5, -2.5, 2.5, -1.7, 3.49]
# rounded half away from zero by hand, then 1/x: -0.0 gives -inf
_ROUND_OUT = [-0.0, -1.0, -0.0, 0.0, 0.0, 1.0, -2.0, 2.0, -3.0, 3.0, -2.0, 3.0]
_RECIP = [-INF, -1.0, -INF, INF, INF, 1.0, -0.5, 0.5, -1 / 3, 1 / 3, -0.5, 1 / 3]


@pytest.mark.parametrize("ty", ["f16", "bf16", "f32", "f64"])
def test_round_keeps_negative_zero(ty):
    check(Case(f"recip-round-{ty}", lambda t: 1 / nx.round(t), [A(_ROUND_IN, ty)], _RECIP, ty))
    for mode in MODES:
        r = np.asarray(run_mode(mode, nx.round, nx.tensor(_ROUND_IN, type=ty))).astype(np.float64)
        np.testing.assert_array_equal(r, _ROUND_OUT, err_msg=mode)
        np.testing.assert_array_equal(np.signbit(r), np.signbit(_ROUND_OUT), err_msg=mode)


# --- static out-of-bounds indices raise (nx_test.exs:1255, 1385, 2918) ------------------------

def _raises_in_every_mode(exc, message, fn, *args):
    """`fn(*args)` raises in the eager modes, and inside `nx.jit` (both compilers), where the
    offending static value is made inside the function."""
    for mode in MODES:
        with pytest.raises(exc, match=message):
            run_mode(mode, fn, *args)


_T22 = [[1, 2], [3, 4]]
_OOB = [
    # nx_test.exs:2918 gather "raises when out of bounds"
    ("gather", lambda t: nx.gather(t, nx.tensor([[3, -10]])),
     r"^nx\.gather: index 3 is out of bounds for axis 0 in shape \(2, 2\)$"),
    ("gather-neg", lambda t: nx.gather(t, nx.tensor([[0, -1]])),
     r"^nx\.gather: index -1 is out of bounds for axis 1 in shape \(2, 2\)$"),
    # nx_test.exs:1255 indexed_add "raises when out of bounds"
    ("indexed_add", lambda t: nx.indexed_add(t, nx.tensor([[3, -10]]), nx.tensor([1])),
     r"^nx\.indexed_add: index 3 is out of bounds for axis 0 in shape \(2, 2\)$"),
    ("indexed_add-neg", lambda t: nx.indexed_add(t, nx.tensor([[0, -1]]), nx.tensor([1])),
     r"^nx\.indexed_add: index -1 is out of bounds for axis 1 in shape \(2, 2\)$"),
    # nx_test.exs:1385 indexed_put "raises when out of bounds"
    ("indexed_put", lambda t: nx.indexed_put(t, nx.tensor([[3, -10]]), nx.tensor([1])),
     r"^nx\.indexed_put: index 3 is out of bounds for axis 0 in shape \(2, 2\)$"),
    ("indexed_put-neg", lambda t: nx.indexed_put(t, nx.tensor([[0, -1]]), nx.tensor([1])),
     r"^nx\.indexed_put: index -1 is out of bounds for axis 1 in shape \(2, 2\)$"),
    # take / take_along_axis are gathers in Nx, and raise the same way
    ("take", lambda t: nx.take(t, nx.tensor([0, 2]), axis=1),
     r"^nx\.take: index 2 is out of bounds for axis 1 in shape \(2, 2\)$"),
    ("take_along_axis", lambda t: nx.take_along_axis(t, nx.tensor([[0, 1], [-1, 0]]), axis=1),
     r"^nx\.take_along_axis: index -1 is out of bounds for axis 1 in shape \(2, 2\)$"),
    ("access-tensor", lambda t: t[nx.tensor([1, 5])],
     r"^nx\.take: index 5 is out of bounds for axis 0 in shape \(2, 2\)$"),
    ("gather-axes-u8", lambda t: nx.gather(t, nx.tensor([[1], [2]], type="u8"), axes=[1]),
     r"^nx\.gather: index 2 is out of bounds for axis 1 in shape \(2, 2\)$"),
]


@pytest.mark.parametrize("name,fn,message", _OOB, ids=[c[0] for c in _OOB])
def test_static_out_of_bounds_indices_raise(name, fn, message):
    _raises_in_every_mode(IndexError, message, fn, nx.tensor(_T22))


def test_in_bounds_static_indices_still_work():
    check(Case("gather-ok", lambda t: nx.gather(t, nx.tensor([[1, 1], [0, 1]])),
               [A(_T22, "s32")], [4, 2], "s32"))
    check(Case("indexed_add-ok", lambda t: nx.indexed_add(t, nx.tensor([[1, 0], [1, 0]]),
                                                          nx.tensor([5, 6])),
               [A(_T22, "s32")], [[1, 2], [14, 4]], "s32"))


def test_traced_out_of_bounds_indices_follow_xla():
    # indices only known when the program runs: reads clamp, updates are skipped (XLA)
    t, i = nx.tensor(_T22), nx.tensor([[3, -10]])
    for compiler in ("xla", "evaluator"):
        g = nx.jit(lambda t, i: nx.gather(t, i), compiler=compiler)(t, i)
        assert np.asarray(g).tolist() == [3]            # clamped to [1, 0]
        u = nx.jit(lambda t, i: nx.indexed_add(t, i, nx.tensor([1])), compiler=compiler)(t, i)
        assert np.asarray(u).tolist() == _T22


# --- access: duplicated axes and empty ranges raise (nx_test.exs:1179, 1187) -----------------

def test_access_duplicated_axis_raises():
    t = nx.tensor([[1, 2, 3]], names=["x", "y"])
    # Nx: tensor[[y: 1, y: 2]]; a dict names an axis once, but a name and a position can alias
    _raises_in_every_mode(
        IndexError, r"^nx\.access: unknown or duplicate axis 1 found when slicing shape "
                    r"\(1, 3\) \(index keys \['y', 1\]\)$", lambda a: a[{"y": 1, 1: 2}], t)
    _raises_in_every_mode(
        IndexError, r"unknown or duplicate axis 1 found when slicing shape \(1, 3\)",
        lambda a: a[{-1: 0, 1: 2}], t)


def test_access_empty_range_raises():
    t = nx.tensor([[1, 2, 3]], names=["x", "y"])
    # Nx: tensor[[y: 2..1//1]] "slicing a tensor requires a non-empty range"
    _raises_in_every_mode(
        IndexError, r"^nx\.access: slicing a tensor requires a non-empty range, got 2:1 on "
                    r"axis 1 of size 3 \(shape \(1, 3\)\)$", lambda a: a[{"y": slice(2, 1)}], t)
    _raises_in_every_mode(IndexError, r"non-empty range, got 3: on axis 1", lambda a: a[:, 3:], t)
    _raises_in_every_mode(IndexError, r"non-empty range, got 1:1 on axis 0",
                          lambda a: a[1:1], t)


def test_access_non_empty_slices_and_empty_axes_still_work():
    check(Case("access-ok", lambda a: a[{"y": slice(1, 3)}], [A([[1, 2, 3]], "s32", ("x", "y"))],
               [[2, 3]], "s32", ("x", "y")))
    # a full slice over an axis of size 0 is not an empty range
    check(Case("access-empty-axis", lambda a: a[:, 1], [A(np.zeros((0, 3)), "f32")],
               np.zeros((0,)), "f32"))


# --- shifts by a negative amount raise (nx_test.exs:491-502) ----------------------------------

@pytest.mark.parametrize("fun,verb", [(nx.right_shift, "right"), (nx.left_shift, "left")])
def test_negative_shift_raises(fun, verb):
    msg = rf"^nx\.{verb}_shift: cannot {verb} shift by -1 \(shift amounts must not be negative\)$"
    _raises_in_every_mode(ValueError, msg, lambda t: fun(t, -1), nx.tensor(1))
    _raises_in_every_mode(ValueError, rf"cannot {verb} shift by -2",
                          lambda t: fun(t, nx.tensor([1, -2, -3])), nx.tensor([8, 8, 8]))
    _raises_in_every_mode(ValueError, rf"cannot {verb} shift by -4",
                          lambda t: fun(t, [0, -4]), nx.tensor([8, 8]))
    # operators too
    op = (lambda a, b: a >> b) if verb == "right" else (lambda a, b: a << b)
    with pytest.raises(ValueError, match=rf"cannot {verb} shift by -1"):
        op(nx.tensor(4), -1)


def test_non_negative_shifts_still_work():
    check(Case("shifts", lambda a, b: nx.left_shift(a, b) + nx.right_shift(a, b),
               [A([16, -64, 7], "s32"), A([1, 3, 0], "s32")],
               [32 + 8, -512 + -8, 7 + 7], "s32"))


# --- all_close of integers at their minimum (nx_test.exs:505-511) ------------------------------

def test_all_close_integer_minimum():
    a = np.array([[5, 6], [7, 8]], np.int8)
    b = np.array([[1, 2], [3, 4]], np.int8)
    # Nx: x = left_shift(a, b) holds s8 -128 (7 << 3 wraps); all_close(x, x) is 1
    check(Case("all_close-s8-min", lambda a, b: nx.all_close(nx.left_shift(a, b),
                                                             nx.left_shift(a, b)),
               [A(a, "s8"), A(b, "s8")], 1, "u8"))
    for ty in ("s8", "s16", "s32", "s64"):
        lo = np.iinfo(np.dtype("int" + ty[1:])).min
        check(Case(f"all_close-{ty}-min", nx.all_close, [A([lo, 0, lo], ty), A([lo, 0, lo], ty)],
                   1, "u8"))
        # |a - b| <= atol + rtol * |b| with |b| exact (NumPy in f64): 0 for s8/s16, 1 for
        # s32/s64 where rtol * 2**31 exceeds 1
        a, b = np.array([lo + 1]), np.array([lo])
        want = int(np.allclose(a.astype(np.float64), b.astype(np.float64), rtol=1e-5, atol=1e-8))
        check(Case(f"all_close-{ty}-min-near", nx.all_close, [A(a, ty), A(b, ty)], want, "u8"))


# --- linspace with n=1 gives the start (nx_test.exs:3144-3150) --------------------------------

def test_linspace_n1_is_start():
    check(Case("linspace-n1", lambda: nx.linspace(0, 10, n=1), [], [0.0], "f32"))
    check(Case("linspace-n1-same", lambda: nx.linspace(5, 5, n=1), [], [5.0], "f32"))
    check(Case("linspace-n1-tensors", lambda a, b: nx.linspace(a, b, n=1, type="f64", name="s"),
               [A([1.5, -2.0], "f64", ("x",)), A([3.0, 4.0], "f64")], [[1.5], [-2.0]], "f64",
               ("x", "s")))


# --- argmax / argmin with non-finite values (nx_test.exs:1747-1765, 1779-1797) ----------------

_NONFINITE = [[-INF, INF, 1], [-INF, NAN, 1], [-INF, -INF, 1], [-INF, 0, 1], [INF, INF, 1],
              [INF, NAN, 1], [INF, -INF, 1], [INF, 0, 1], [NAN, INF, 1], [NAN, NAN, 1],
              [NAN, -INF, 1], [NAN, 0, 1]]


@pytest.mark.parametrize("ty", ["f32", "f64", "f16", "bf16"])
def test_arg_min_max_non_finite(ty):
    check(Case(f"argmin-{ty}", lambda t: nx.argmin(t, axis=1), [A(_NONFINITE, ty)],
               [0, 1, 0, 0, 2, 1, 1, 1, 0, 1, 0, 0], "s32"))
    check(Case(f"argmax-{ty}", lambda t: nx.argmax(t, axis=1), [A(_NONFINITE, ty)],
               [1, 1, 2, 2, 0, 1, 0, 0, 0, 1, 0, 0], "s32"))


def test_arg_min_max_several_nans_pick_the_last():
    # Nx's binary backend: every NaN replaces the current extreme, so the last NaN wins,
    # whatever tie_break; over all elements too
    x = [[NAN, 1.0, NAN, 5.0, NAN, 0.0], [2.0, NAN, NAN, 2.0, 9.0, 9.0]]
    for tie in ("low", "high"):
        for f in (nx.argmax, nx.argmin):
            check(Case(f"{f.__name__}-{tie}", lambda t: f(t, axis=1, tie_break=tie),
                       [A(x, "f32")], [4, 2], "s32"))
            check(Case(f"{f.__name__}-{tie}-all", lambda t: f(t, tie_break=tie),
                       [A(x, "f32")], 8, "s32"))
            # column 2 holds two NaNs; columns 3 and 5 are NaN-free
            want = [0, 1, 1, 0, 0, 1] if f is nx.argmax else [0, 1, 1, 1, 0, 0]
            check(Case(f"{f.__name__}-{tie}-axis0", lambda t: f(t, axis=0, tie_break=tie),
                       [A(x, "f32")], want, "s32"))


# --- window_scatter_max/min with padding (nx_test.exs:1030-1082) ------------------------------

_W = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]]


def test_window_scatter_same_padding():
    src = [[1, 2], [3, 4]]
    # nx_test.exs:1048: the padding holds init_value 0, below every element, so most windows
    # select a padding position and their source value is dropped
    check(Case("scatter-min-same", lambda t, s: nx.window_scatter_min(
        t, s, 0, (2, 3), padding="same", strides=[2, 3]), [A(_W, "s32"), A(src, "s32")],
        [[0, 0, 2, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], "s32"))
    # nx_test.exs:1030
    check(Case("scatter-max-same", lambda t, s: nx.window_scatter_max(
        t, s, 0, (2, 3), padding="same", strides=[2, 3]), [A(_W, "s32"), A(src, "s32")],
        [[0, 0, 0, 0, 0], [0, 1, 0, 0, 2], [0, 3, 0, 0, 4]], "s32"))


def test_window_scatter_explicit_padding():
    # nx_test.exs:1066
    check(Case("scatter-max-explicit", lambda t, s: nx.window_scatter_max(
        t, s, 0, (2, 3), padding=[(1, 1), (1, 1)], strides=[2, 2]),
        [A(_W, "s32"), A([[1, 2, 3], [4, 5, 6]], "s32")],
        [[0, 1, 0, 2, 3], [0, 0, 0, 0, 0], [0, 4, 0, 5, 6]], "s32"))


def test_window_scatter_padding_with_large_init():
    # padding that holds a large init_value is never the minimum: every source value lands
    # (derived by hand: windows rows {0,1}/{2,pad}, cols {pad,0,1}/{2,3,4})
    check(Case("scatter-min-init", lambda t, s: nx.window_scatter_min(
        t, s, 100, (2, 3), padding="same", strides=[2, 3]), [A(_W, "s32"), A([[1, 2], [3, 4]],
                                                                           "s32")],
        [[101, 100, 102, 100, 100], [100, 100, 100, 100, 100], [103, 100, 104, 100, 100]],
        "s32"))


def test_window_max_gradient_ignores_padding():
    # d/dx sum(window_min(x)) puts a 1 on each window's minimum: the gradient's scatter never
    # selects padding (unlike nx.window_scatter_min, whose padding holds 0)
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    want = np.zeros_like(x)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1)]:   # windows rows/cols {-1..1} and {1..3}
        want[0, i, j, 0] = 1.0
    for compiler in ("xla", "evaluator"):
        g = nx.jit(lambda t: nx.grad(t, lambda u: nx.sum(nx.window_min(
            u, (1, 3, 3, 1), padding="same", strides=[1, 2, 2, 1]))), compiler=compiler)(
            nx.tensor(x))
        np.testing.assert_array_equal(np.asarray(g), want, err_msg=compiler)


def test_pow_with_a_non_finite_constant_exponent_compiles():
    """The constant-exponent check of pow's lowering (integer exponents kept as pow) must not
    call int() on inf or NaN (found by the differential tester)."""
    x = nx.tensor([0.5, 2.0])
    for e in (float("inf"), float("-inf"), float("nan")):
        got = nx.jit(lambda t, e=e: nx.pow(t, e))(x).to_numpy()
        np.testing.assert_array_equal(got, np.power(np.float32([0.5, 2.0]), np.float32(e)))
