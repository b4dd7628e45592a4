"""Port of Nx v0.10.0's nx/test/nx/vectorize_test.exs (Nx.VectorizeTest), by hand.

Each Elixir `test` is one Python test (or one parametrized case); the comment
`# vectorize_test.exs:N` above it gives the line of the Elixir `test` it comes from, and every
expected value is the literal Nx's test states. ExUnit's `==` on tensors is `assert_equal`
(type, shape, names, vectorized axes and bits).

Translation notes:
- `~VEC[...]`/`~MAT[...]` are `nx.vec("...")`/`nx.mat("...")`; `Nx.vectorize(t, x: 2, y: 3)`
  is `nx.vectorize(t, [("x", 2), ("y", 3)])`; Elixir's inclusive ranges `a..b` in access are
  Python's end-exclusive slices `a:b+1`.
- Each `defn` is a module-level `@nx.defn` (so it is compiled once per signature): Elixir's
  `while {i = n, v = x}, i > 0 do ... end` is a Python `while` over the same state and
  `cond do ... end` an `if`/`elif`/`else` (nx converts both to `nx.while_loop`/`nx.cond`);
  `while y, t <- x` (a loop over x's first axis) is `for i in range(x.shape[0])` over `x[i]`.
- `ExUnit.CaptureIO.capture_io` is pytest's `capsys`; `send(self(), msg)` from a hook is a
  hook appending to a list, `assert_received`/`refute_received _` are checks on that list.
"""
from __future__ import annotations

import math

import pytest

import nx

from nx_helpers import assert_equal

BASE = nx.tensor([
    [[0, 1, 2]],
    [[3, 4, 5]],
    [[6, 7, 8]],
])

VECTORIZED = nx.vectorize(BASE, "rows")

BASE_UNARY = nx.tensor([
    [[0.1, 0.2, 0.3]],
    [[0.4, 0.5, 0.6]],
    [[0.7, 0.8, 0.9]],
])

VECTORIZED_UNARY = nx.vectorize(BASE_UNARY, "rows")


def vectorized_of(data, name="rows", **kwargs):
    return nx.vectorize(nx.tensor(data, **kwargs), name)


# --- describe "vectorize" -------------------------------------------------------------------

# vectorize_test.exs:24
def test_vectorize_adds_new_vectorization_axes_to_the_end_of_the_list():
    v = nx.vectorize(VECTORIZED, "cols")
    assert list(v.vectorized_axes) == [("rows", 3), ("cols", 1)]
    assert v.shape == (3,)


# --- describe "unary math ops" --------------------------------------------------------------

# Nx.Shared.unary_math_funs() (nx/lib/nx/shared.ex, Nx v0.10.0), without :acosh
UNARY_MATH_FUNS = [
    "exp", "expm1", "log", "log1p", "sigmoid", "cos", "sin", "tan", "cosh", "sinh", "tanh",
    "acos", "asin", "atan", "asinh", "atanh", "sqrt", "rsqrt", "cbrt", "erf", "erfc",
    "erf_inv",
]


# vectorize_test.exs:33 (one test per function)
@pytest.mark.parametrize("name", UNARY_MATH_FUNS)
def test_unary_math_fun_works_on_vectorized_tensor(name):
    fun = getattr(nx, name)
    result = nx.vectorize(fun(BASE_UNARY), "rows")
    assert_equal(result, fun(VECTORIZED_UNARY))


# vectorize_test.exs:43
def test_acosh_works_on_vectorized_tensor():
    result = nx.vectorize(nx.acosh(nx.add(BASE_UNARY, 1)), "rows")
    assert_equal(result, nx.acosh(nx.add(VECTORIZED_UNARY, 1)))


# --- describe "binary operations" -----------------------------------------------------------

ADD_2 = [[[2, 3, 4]], [[5, 6, 7]], [[8, 9, 10]]]
ADD_RANK_2 = [
    [[1, 2, 3], [2, 3, 4]],
    [[4, 5, 6], [5, 6, 7]],
    [[7, 8, 9], [8, 9, 10]],
]


# vectorize_test.exs:55
def test_left_addition_by_scalar():
    result = nx.add(2, VECTORIZED)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(ADD_2))


# vectorize_test.exs:66
def test_right_addition_by_scalar():
    result = nx.add(VECTORIZED, 2)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(ADD_2))


# vectorize_test.exs:77
def test_left_addition_by_rank_1():
    result = nx.add(nx.tensor([2]), VECTORIZED)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(ADD_2))


# vectorize_test.exs:88
def test_right_addition_by_rank_1():
    result = nx.add(VECTORIZED, nx.tensor([2]))
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(ADD_2))


# vectorize_test.exs:99
def test_left_addition_by_rank_2():
    result = nx.add(nx.tensor([[1], [2]]), VECTORIZED)
    assert result.shape == (2, 3)
    assert_equal(result, vectorized_of(ADD_RANK_2))


# vectorize_test.exs:114
def test_right_addition_by_rank_2():
    result = nx.add(VECTORIZED, nx.tensor([[1], [2]]))
    assert result.shape == (2, 3)
    assert_equal(result, vectorized_of(ADD_RANK_2))


# vectorize_test.exs:129
def test_addition_by_vectorized_with_same_axes():
    assert_equal(nx.vectorize(nx.add(BASE, BASE), "rows"), nx.add(VECTORIZED, VECTORIZED))


# vectorize_test.exs:133
def test_addition_by_vectorized_with_different_axes():
    v2 = nx.vectorize(BASE, "cols")
    result = nx.stack([
        nx.add(BASE, nx.tensor([[0, 1, 2]])),
        nx.add(BASE, nx.tensor([[3, 4, 5]])),
        nx.add(BASE, nx.tensor([[6, 7, 8]])),
    ])
    result = nx.vectorize(nx.vectorize(result, "rows"), "cols")
    assert_equal(result, nx.add(VECTORIZED, v2))


def _common_axes(fun):
    base_2 = nx.iota((1, 2, 3, 1, 3))
    v2 = nx.vectorize(nx.vectorize(nx.vectorize(base_2, "x"), "y"), "rows")
    base = nx.reshape(nx.concatenate([BASE, BASE], axis=1), (1, 2, 3, 1, 3))
    result = nx.reshape(fun(base, base_2), (3, 1, 2, 1, 3))
    result = nx.vectorize(nx.vectorize(nx.vectorize(result, "rows"), "x"), "y")
    return result, fun(VECTORIZED, v2)


# Nx's do_reshape_vectors_devectorize (nx/lib/nx.ex) aligns a tensor whose vectorized axes are
# in another order than the canonical one with a reshape, not a transpose; the expected values
# of these tests are built to match that (a reshape of the devectorized data).
XFAIL_COMMON_AXES_ORDER = pytest.mark.xfail(
    strict=True,
    reason="vectorized axes shared in a different order: nx transposes v2 ([x: 1][y: 2][rows: "
           "3]) into the result's order [rows][x][y], giving rows=0,y=1 -> [9, 11, 13]; Nx "
           "reshapes it (nx.ex do_reshape_vectors_devectorize), and the test expects [3, 5, 7]")


# vectorize_test.exs:148
@XFAIL_COMMON_AXES_ORDER
def test_addition_by_vectorized_with_common_axes():
    result, got = _common_axes(nx.add)
    assert_equal(result, got)


# --- describe "predicate operations" --------------------------------------------------------

EQUAL_2 = [[[0, 0, 1]], [[0, 0, 0]], [[0, 0, 0]]]
EQUAL_RANK_2 = [
    [[0, 1, 0], [0, 0, 1]],
    [[0, 0, 0], [0, 0, 0]],
    [[0, 0, 0], [0, 0, 0]],
]


# vectorize_test.exs:166
def test_left_equal_by_scalar():
    result = nx.equal(2, VECTORIZED)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(EQUAL_2, type="u8"))


# vectorize_test.exs:177
def test_right_equal_by_scalar():
    result = nx.equal(VECTORIZED, 2)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(EQUAL_2, type="u8"))


# vectorize_test.exs:188
def test_left_equal_by_rank_1():
    result = nx.equal(nx.tensor([2]), VECTORIZED)
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(EQUAL_2, type="u8"))


# vectorize_test.exs:199
def test_right_equal_by_rank_1():
    result = nx.equal(VECTORIZED, nx.tensor([2]))
    assert result.shape == (1, 3)
    assert_equal(result, vectorized_of(EQUAL_2, type="u8"))


# vectorize_test.exs:210
def test_left_equal_by_rank_2():
    result = nx.equal(nx.tensor([[1], [2]]), VECTORIZED)
    assert result.shape == (2, 3)
    assert_equal(result, vectorized_of(EQUAL_RANK_2, type="u8"))


# vectorize_test.exs:228
def test_right_equal_by_rank_2():
    result = nx.equal(VECTORIZED, nx.tensor([[1], [2]]))
    assert result.shape == (2, 3)
    assert_equal(result, vectorized_of(EQUAL_RANK_2, type="u8"))


# vectorize_test.exs:246
def test_equal_by_vectorized_with_same_axes():
    assert_equal(nx.vectorize(nx.broadcast(nx.tensor(1, type="u8"), BASE), "rows"),
                 nx.equal(VECTORIZED, VECTORIZED))


# vectorize_test.exs:251
def test_equal_by_vectorized_with_different_axes():
    v2 = nx.vectorize(BASE, "cols")
    result = nx.stack([
        nx.equal(BASE, nx.tensor([[0, 1, 2]])),
        nx.equal(BASE, nx.tensor([[3, 4, 5]])),
        nx.equal(BASE, nx.tensor([[6, 7, 8]])),
    ])
    result = nx.vectorize(nx.vectorize(result, "rows"), "cols")
    assert_equal(result, nx.equal(VECTORIZED, v2))


# vectorize_test.exs:266
@XFAIL_COMMON_AXES_ORDER
def test_equal_by_vectorized_with_common_axes():
    result, got = _common_axes(nx.equal)
    assert_equal(result, got)


# --- describe "unary operations" ------------------------------------------------------------

# vectorize_test.exs:290 (one test per op)
@pytest.mark.parametrize("op", ["logical_not", "is_nan", "is_infinity", "negate"])
def test_unary_operation(op):
    fun = getattr(nx, op)
    result = nx.vectorize(fun(BASE_UNARY), "rows")
    assert_equal(result, fun(VECTORIZED_UNARY))


# vectorize_test.exs:300
def test_sign():
    input = nx.vectorize(nx.tensor([-10, 0, 10]), "rows")
    result = nx.vectorize(nx.tensor([-1, 0, 1]), "rows")
    assert_equal(result, nx.sign(input))


# vectorize_test.exs:306
def test_abs():
    input = nx.vectorize(nx.tensor([-10, 0, 10]), "rows")
    result = nx.vectorize(nx.tensor([10, 0, 10]), "rows")
    assert_equal(result, nx.abs(input))


# vectorize_test.exs:312
@pytest.mark.xfail(strict=True, raises=ValueError,
                   reason="nx.vec does not parse the complex literal '10-i' (an imaginary part "
                          "without digits): it raises ValueError 'expected a numerical value "
                          "for tensor, got 10-i' where Nx's ~VEC[-1i 1i 10-i] reads it as "
                          "10-1i ('-1i' and '1i' parse)")
def test_conjugate():
    input = nx.vectorize(nx.vec("-1i 1i 10-i"), "rows")
    result = nx.vectorize(nx.vec("1i -1i 10+i"), "rows")
    assert_equal(result, nx.conjugate(input))


# vectorize_test.exs:318
def test_phase():
    input = nx.vectorize(nx.vec("1i 0 10"), "rows")
    result = nx.vectorize(nx.tensor([math.pi / 2, 0, 0]), "rows")
    assert_equal(result, nx.phase(input))


# vectorize_test.exs:324
def test_real():
    input = nx.vectorize(nx.vec("-1i 0 10"), "rows")
    result = nx.vectorize(nx.vec("0 0 10", "f32"), "rows")
    assert_equal(result, nx.real(input))


# vectorize_test.exs:330
def test_imag():
    input = nx.vectorize(nx.vec("-1i 0 10"), "rows")
    result = nx.vectorize(nx.vec("-1 0 0", "f32"), "rows")
    assert_equal(result, nx.imag(input))


# vectorize_test.exs:336
def test_bitwise_not():
    input = nx.vectorize(nx.vec("15 240 0", "u8"), "rows")
    result = nx.vectorize(nx.vec("240 15 255", "u8"), "rows")
    assert_equal(result, nx.bitwise_not(input))


# vectorize_test.exs:342
def test_population_count():
    input = nx.vectorize(nx.vec("15 240 3", "u8"), "rows")
    result = nx.vectorize(nx.vec("4 4 2", "u8"), "rows")
    assert_equal(result, nx.population_count(input))


# vectorize_test.exs:348
def test_count_leading_zeros():
    input = nx.vectorize(nx.vec("15 240 3", "u8"), "rows")
    result = nx.vectorize(nx.vec("4 0 6", "u8"), "rows")
    assert_equal(result, nx.count_leading_zeros(input))


# vectorize_test.exs:354
def test_sort():
    input = nx.vectorize(nx.mat("""
        1 2 3
        3 2 1
    """), "rows")
    result = nx.vectorize(nx.mat("""
        1 2 3
        1 2 3
    """), "rows")
    assert_equal(result, nx.sort(input, axis=0))


# vectorize_test.exs:368
def test_argsort():
    input = nx.vectorize(nx.mat("""
        1 2 3
        3 2 1
    """), "rows")
    result = nx.vectorize(nx.mat("""
        0 1 2
        2 1 0
    """), "rows")
    assert_equal(result, nx.argsort(input, axis=0))


# vectorize_test.exs:382
def test_top_k():
    input = nx.vectorize(nx.tensor([
        [[1, 2, 3]],
        [[5, 4, 3]],
    ]), "rows")
    result_values = nx.vectorize(nx.tensor([
        [[3, 2]],
        [[5, 4]],
    ]), "rows")
    result_idx = nx.vectorize(nx.tensor([
        [[2, 1]],
        [[0, 1]],
    ]), "rows")
    assert_equal((result_values, result_idx), nx.top_k(input, k=2))


# vectorize_test.exs:407
def test_reflect():
    input = nx.vectorize(nx.mat("""
        0 1 2
        5 4 3
    """), "rows")
    result = nx.vectorize(nx.mat("""
        1 2 1 0 1 2 1
        4 3 4 5 4 3 4
    """), "rows")
    assert_equal(result, nx.reflect(input, padding_config=[(3, 1)]))


# --- describe "while/3" ---------------------------------------------------------------------

@nx.defn
def double_n_times(x, n):
    i, v = n, x
    while i > 0:
        i, v = i - 1, v * 2
    return v


@nx.defn
def double_x_triple_y_n_times(x, y, n):
    i, v, z = n, x, y
    while i > 0:
        i, v, z = i - 1, v * 2, z * 3
    return (v, z)


@nx.defn
def y_plus_each_x(x, y):
    # Elixir: while y, t <- x do y + t end
    for i in range(x.shape[0]):
        y = y + x[i]
    return y


# vectorize_test.exs:447
def test_while_simple():
    assert_equal(double_n_times(nx.tensor(3), nx.tensor(5)), nx.tensor(96))

    x = nx.vectorize(nx.vec("1 2 3"), "x")
    n = nx.vectorize(nx.vec("5 6 3"), "x")
    assert_equal(double_n_times(x, n), nx.vectorize(nx.vec("32 128 24"), "x"))


# vectorize_test.exs:456
def test_while_different_axes():
    x = nx.vectorize(nx.vec("1 2 3"), "init")
    n = nx.vectorize(nx.vec("4 5"), "pred")
    assert_equal(double_n_times(x, n),
                 nx.vectorize(nx.mat("""
                     16 32 48
                     32 64 96
                 """), [("pred", 2), ("init", 3)]))


# vectorize_test.exs:471
@pytest.mark.xfail(
    strict=True,
    reason="x is vectorized [other: 3][pred: 2], y and n [pred: 2]: nx aligns x by transposing, "
           "giving v = [[8, 24, 40], [32, 64, 96]] ([pred][other]); Nx aligns it by a reshape "
           "(nx.ex do_reshape_vectors_devectorize) and expects [[8, 16, 24], [64, 80, 96]]")
def test_while_mix_of_common_and_different_axes():
    x = nx.vectorize(nx.mat("""
        1 2
        3 4
        5 6
    """), [("other", 3), ("pred", 2)])
    y = nx.vectorize(nx.vec("1 2"), "pred")
    n = nx.vectorize(nx.vec("3 4"), "pred")
    assert_equal(double_x_triple_y_n_times(x, y, n), (
        nx.vectorize(nx.mat("""
            8 16 24
            64 80 96
        """), [("pred", 2), ("other", 3)]),
        nx.vectorize(nx.vec("27 162"), [("pred", 2)]),
    ))


# vectorize_test.exs:499
def test_while_simple_with_multiple_pred_axes():
    x = nx.vectorize(nx.vec("1 2 3"), "x")
    n = nx.vectorize(nx.mat("""
        0 1 2
        5 6 3
    """), [("y", 2), ("x", 3)])
    assert_equal(double_n_times(x, n),
                 nx.vectorize(nx.mat("""
                     1 4 12
                     32 128 24
                 """), [("y", 2), ("x", 3)]))


# vectorize_test.exs:517
@pytest.mark.xfail(
    strict=True,
    reason="axis order: nx's loop gives vectorized[y: 2][x: 3] (the state y's axes, then those "
           "of x[i]) where Nx's `while y, t <- x` gives [x: 3][y: 2] (the generator's axes "
           "first); the values agree up to that transpose")
def test_while_vectorized_generator():
    x_devec = nx.iota((3, 4))
    x = nx.vectorize(x_devec, [("x", 3)])
    y = nx.vectorize(nx.tensor([[10, 20, 30, 40], [-10, -20, -30, -40]]), [("y", 2)])

    res1 = y_plus_each_x(x_devec[0], y)
    res2 = y_plus_each_x(x_devec[1], y)
    res3 = y_plus_each_x(x_devec[2], y)

    result = y_plus_each_x(x, y)
    expected = nx.vectorize(nx.stack(nx.devectorize((res1, res2, res3)), axis=0),
                            [("x", 3), ("y", 2)])
    assert_equal(result, expected)


# --- describe "cond" ------------------------------------------------------------------------

@nx.defn
def vectorized_if(pred, then, other):
    if pred:
        out = nx.print_value(then, label="if")
    else:
        out = nx.print_value(other, label="else")
    return out


@nx.defn
def vectorized_cond(pred1, clause1, pred2, clause2, clause3):
    if pred1:
        out = nx.print_value(clause1, label="clause_1")
    elif pred2:
        out = nx.print_value(clause2, label="clause_2")
    else:
        out = nx.print_value(clause3, label="clause_3")
    return out


@nx.defn
def vectorized_cond_with_number_literal(value):
    if value == 1:
        out = (value + 1, 2, nx.constants.i())
    else:
        out = (value - 1, 1, 0)
    return out


# vectorize_test.exs:559
def test_cond_simple_if(capsys):
    # this tests the case where we have a single vectorized predicate
    pred = nx.vectorize(nx.vec("0 1 0"), "pred")
    assert_equal(vectorized_if(pred, 1, 2), nx.vectorize(nx.vec("2 1 2"), "pred"))
    io = capsys.readouterr().out
    assert io == "".join([
        "if: ", repr(nx.tensor(1)), "\n",
        "else: ", repr(nx.tensor(2)), "\n",
    ])


# nx's cond over a vectorized predicate traces every branch and selects per entry
# (nx/control.py _vec_cond), so the hooks of a branch that no entry selects run too; Nx runs
# only the branches that some entry selects.
# vectorize_test.exs:579
@pytest.mark.xfail(
    strict=True,
    reason="nx runs the clause of pred2 although no entry selects it: it prints 'clause_1: 1', "
           "'clause_2: 2', 'clause_3: 3' where Nx prints only clause_1 and clause_3")
def test_cond_simple_cond(capsys):
    # this tests the case where we have two vectorized predicates
    pred1 = nx.vectorize(nx.vec("1 0 0"), "pred")
    pred2 = nx.vectorize(nx.vec("0 0 0"), "pred")
    assert_equal(vectorized_cond(pred1, 1, pred2, 2, 3), nx.vectorize(nx.vec("1 3 3"), "pred"))
    io = capsys.readouterr().out
    # This assertion ensures that the clause for pred2 is never executed
    assert io == "".join([
        f"clause_1: {nx.tensor(1)!r}\n",
        f"clause_3: {nx.tensor(3)!r}\n",
    ])


# vectorize_test.exs:597
@pytest.mark.xfail(
    strict=True,
    reason="the else branch's print_value shows the x-vectorized leaf as vectorized "
           "('vectorized[x: 3]\\n  s32') where Nx prints it devectorized with the axis named, "
           "inspect(Nx.tensor([9, 10, 11], names: [:x])) ('s32[x: 3]')")
def test_cond_if_with_container_result(capsys):
    pred1 = nx.vectorize(nx.vec("2 0 0"), "pred")
    result = vectorized_if(pred1, (1, 2, 3), (7, 8, nx.vectorize(nx.vec("9 10 11"), "x")))
    assert_equal(result, (
        nx.vectorize(nx.vec("1 7 7"), "pred"),
        nx.vectorize(nx.vec("2 8 8"), "pred"),
        nx.vectorize(nx.mat("""
            3 3 3
            9 10 11
            9 10 11
        """), [("pred", 3), ("x", 3)]),
    ))
    io = capsys.readouterr().out
    # This assertion ensures that the clause for pred2 is never executed
    assert io.replace(",\n", ",") == "".join([
        "if: ", repr((nx.tensor(1), nx.tensor(2), nx.tensor(3))), "\n",
        "else: ", repr((nx.tensor(7), nx.tensor(8), nx.tensor([9, 10, 11], names=["x"]))), "\n",
    ])


_received = []


def send_value(val, clause):
    # deftransformp send_value: Nx.Defn.Kernel.hook(val, &send(self(), {&1, opts}))
    return nx.hook(val, lambda v: _received.append((v, clause)))


@nx.defn
def cond4(p1, c1, p2, c2, p3, c3, c4):
    if p1:
        out = send_value(c1, clause="c1")
    elif p2:
        out = send_value(c2, clause="c2")
    elif p3:
        out = send_value(c3, clause="c3")
    else:
        out = send_value(c4, clause="c4")
    return out


# vectorize_test.exs:645
@pytest.mark.xfail(
    strict=True,
    reason="nx runs the hooks of unselected branches of a vectorized cond: cond4(t, 10, 0, 20, "
           "0, 30, 40) with t vectorized [1] sends (10, 'c1') and (40, 'c4') where Nx sends "
           "only (10, 'c1')")
def test_cond_only_executes_selected_branches():
    t = nx.vectorize(nx.vec("1"), "pred")
    f = nx.vectorize(nx.vec("0"), "pred")

    def check(res, val, clause):
        t = nx.tensor(val)
        assert_equal(nx.vectorize(nx.new_axis(t, 0), "pred"), res)
        # assert_received {^t, clause: ^clause}; refute_received _
        received = list(_received)
        _received.clear()
        assert len(received) == 1, received
        assert_equal(received[0][0], t)
        assert received[0][1] == clause

    _received.clear()
    check(cond4(t, 10, 0, 20, 0, 30, 40), 10, "c1")
    check(cond4(0, 10, t, 20, 0, 30, 40), 20, "c2")
    check(cond4(0, 10, 0, 20, t, 30, 40), 30, "c3")
    check(cond4(f, 10, 0, 20, 0, 30, 40), 40, "c4")


# vectorize_test.exs:662
def test_cond_1_vectorized_pred_in_the_beginning():
    assert_equal(cond4(nx.vectorize(nx.vec("0 1"), "pred"), 10, 0, 20, 0, 30, 40),
                 nx.vectorize(nx.vec("40 10"), "pred"))
    assert_equal(cond4(nx.vectorize(nx.vec("0 0"), "pred"), 10, 1, 20, 0, 30, 40),
                 nx.vectorize(nx.vec("20 20"), "pred"))
    assert_equal(cond4(nx.vectorize(nx.vec("0 0"), "pred"), 10, 0, 20, 1, 30, 40),
                 nx.vectorize(nx.vec("30 30"), "pred"))
    assert_equal(cond4(nx.vectorize(nx.vec("0 0"), "pred"), 10, 0, 20, 0, 30, 40),
                 nx.vectorize(nx.vec("40 40"), "pred"))


# vectorize_test.exs:676
def test_cond_1_vectorized_pred_in_the_second_but_not_last_position():
    assert_equal(cond4(0, 10, nx.vectorize(nx.vec("0 1"), "pred"), 20, 0, 30, 40),
                 nx.vectorize(nx.vec("40 20"), "pred"))
    assert_equal(cond4(1, 10, nx.vectorize(nx.vec("0 1"), "pred"), 20, 0, 30, 40),
                 nx.vectorize(nx.vec("10 10"), "pred"))
    assert_equal(cond4(0, 10, nx.vectorize(nx.vec("0 0"), "pred"), 20, 1, 30, 40),
                 nx.vectorize(nx.vec("30 30"), "pred"))
    assert_equal(cond4(0, 10, nx.vectorize(nx.vec("0 0"), "pred"), 20, 0, 30, 40),
                 nx.vectorize(nx.vec("40 40"), "pred"))


# vectorize_test.exs:690
def test_cond_1_vectorized_pred_in_the_last_position():
    assert_equal(cond4(0, 10, 0, 20, nx.vectorize(nx.vec("0 1"), "pred"), 30, 40),
                 nx.vectorize(nx.vec("40 30"), "pred"))
    assert_equal(cond4(1, 10, 0, 20, nx.vectorize(nx.vec("0 1"), "pred"), 30, 40),
                 nx.vectorize(nx.vec("10 10"), "pred"))
    assert_equal(cond4(0, 10, 1, 20, nx.vectorize(nx.vec("0 1"), "pred"), 30, 40),
                 nx.vectorize(nx.vec("20 20"), "pred"))
    assert_equal(cond4(0, 10, 0, 20, nx.vectorize(nx.vec("0 0"), "pred"), 30, 40),
                 nx.vectorize(nx.vec("40 40"), "pred"))


# vectorize_test.exs:704
def test_cond_2_vectorized_preds_with_different_axes():
    assert_equal(
        cond4(nx.vectorize(nx.vec("0 1 0"), "pred1"), 10,
              nx.vectorize(nx.vec("1 0"), "pred2"), 20,
              0, 30,
              40),
        nx.vectorize(nx.mat("""
            20 40
            10 10
            20 40
        """), [("pred1", 3), ("pred2", 2)]))


# vectorize_test.exs:721
def test_cond_2_vectorized_preds_with_different_axes_and_clauses_that_match_either():
    assert_equal(
        cond4(nx.vectorize(nx.vec("0 1 0"), "pred1"),
              nx.vectorize(nx.vec("10 100"), "pred2"),
              nx.vectorize(nx.vec("1 0"), "pred2"),
              nx.vectorize(nx.vec("20 200 2000"), "pred1"),
              0, 30,
              40),
        nx.vectorize(nx.mat("""
            20 40
            10 100
            2000 40
        """), [("pred1", 3), ("pred2", 2)]))


# vectorize_test.exs:738
def test_cond_vectorized_pred_with_number_literal():
    t = nx.vectorize(nx.tensor([1, 2]), "x")
    assert_equal(vectorized_cond_with_number_literal(t), (
        nx.vectorize(nx.tensor([2, 1]), "x"),
        nx.vectorize(nx.tensor([2, 1]), "x"),
        nx.vectorize(nx.tensor([complex(0, 1), 0]), "x"),
    ))


# --- describe "access" ----------------------------------------------------------------------

# vectorize_test.exs:751
def test_access_get_vectorized_tensor_unvectorized_indices():
    t = nx.iota((3,), vectorized_axes=[("x", 2)])

    assert_equal(t[0], nx.vectorize(nx.tensor([0, 0]), [("x", 2)]))
    assert_equal(t[1], nx.vectorize(nx.tensor([1, 1]), [("x", 2)]))
    assert_equal(t[2], nx.vectorize(nx.tensor([2, 2]), [("x", 2)]))

    t = nx.iota((3, 4), vectorized_axes=[("x", 2)])

    # t[[0, 1..2]], t[[1, 1..1]], t[[2, 2..3]]
    assert_equal(t[0, 1:3], nx.vectorize(nx.tensor([[1, 2], [1, 2]]), [("x", 2)]))
    assert_equal(t[1, 1:2], nx.vectorize(nx.tensor([[5], [5]]), [("x", 2)]))
    assert_equal(t[2, 2:4], nx.vectorize(nx.tensor([[10, 11], [10, 11]]), [("x", 2)]))


# vectorize_test.exs:765
def test_access_get_unvectorized_tensor_vectorized_indices():
    t = nx.iota((6,))
    i = nx.vectorize(nx.tensor([0, 2, 4]), "i")

    assert_equal(t[i], nx.vectorize(nx.tensor([0, 2, 4]), [("i", 3)]))

    t = nx.iota((6, 2))
    i = nx.vectorize(nx.tensor([0, 2, 4]), "i")

    # t[[i, 0..1]]
    assert_equal(t[i, 0:2], nx.vectorize(nx.tensor([
        [0, 1],
        [4, 5],
        [8, 9],
    ]), [("i", 3)]))


# vectorize_test.exs:786
def test_access_get_vectorized_tensor_vectorized_indices():
    t = nx.vectorize(nx.iota((3, 6)), [("i", 3)])
    i = nx.vectorize(nx.tensor([0, 2, 4]), [("i", 3)])

    assert_equal(t[i], nx.vectorize(nx.tensor([0, 8, 16]), [("i", 3)]))

    t = nx.vectorize(nx.iota((2, 6, 2)), [("j", 2)])

    # t[[i, 0..1]]
    assert_equal(t[i, 0:2], nx.vectorize(nx.tensor([
        [[0, 1], [4, 5], [8, 9]],
        [[12, 13], [16, 17], [20, 21]],
    ]), [("j", 2), ("i", 3)]))


# vectorize_test.exs:805
def test_access_broadcast_regression():
    t = nx.vectorize(nx.iota((2, 3, 4)), ["a", "b"])

    result = nx.broadcast(t[0], nx.shape(t), names=nx.names(t))

    expected = nx.tensor([
        [
            [0, 0, 0, 0],
            [4, 4, 4, 4],
            [8, 8, 8, 8],
        ],
        [
            [12, 12, 12, 12],
            [16, 16, 16, 16],
            [20, 20, 20, 20],
        ],
    ])
    assert_equal(result, nx.vectorize(expected, [("a", 2), ("b", 3)]))
