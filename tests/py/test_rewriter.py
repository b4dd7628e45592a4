"""The rewrite API (compiler/rewriter.py): use lists, `defining_op`, checked `replace`, `erase`,
insertion points, `create` inferring result types; the worklist driver `apply_patterns`
(linear: counted, not timed) and canonicalize's patterns declared with their ops."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from nx.compiler.ir import Operation, TensorType, walk
from nx.compiler.parser import parse_module
from nx.compiler.passes import PassManager
from nx.compiler.passes.canonicalize import canonicalize_function, canonicalize_patterns
from nx.compiler.printer import print_module
from nx.compiler.rewriter import (
    PatternDriver,
    RewriteError,
    RewritePattern,
    Rewriter,
    apply_patterns,
    constant_value,
    pattern,
    splat_value,
)
from nx.compiler.verifier import verify
from nx.dialects.nx.registry import OPS

F3 = TensorType((3,), "f32")

PROG = """
func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.add %0, %0 : tensor<3xf32>
  %2 = nx.negate %1 : tensor<3xf32>
  %3 = nx.add %arg0, %arg1 : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return %2, %3 : tensor<3xf32>, tensor<3xf32>
}
"""

WHILE = """
func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<i32>) -> (tensor<3xf32>, tensor<i32>) {
  %0:2 = nx.while %arg0, %arg1 ({
    ^bb0(%a: tensor<3xf32>, %i: tensor<i32>):
      %c = nx.less %i, %arg1 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
      nx.yield %c : (tensor<ui8>) -> ()
  }, {
    ^bb0(%b: tensor<3xf32>, %j: tensor<i32>):
      %n = nx.negate %b : tensor<3xf32>
      nx.yield %n, %j : (tensor<3xf32>, tensor<i32>) -> ()
  }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
  return %0#0, %0#1 : tensor<3xf32>, tensor<i32>
}
"""


def ops(fn):
    return [op.name for op in walk(fn.body)]


# --- use lists and queries ------------------------------------------------------------------

def test_uses_defining_op_and_has_one_use():
    fn = parse_module(PROG).main
    exp, add, neg, mixed, ret = fn.body.ops
    with Rewriter(fn) as rw:
        assert sorted(i for _, i in rw.uses(exp.result)) == [0, 1]
        assert {op for op, _ in rw.uses(exp.result)} == {add}
        assert not rw.has_one_use(exp.result)         # two uses (both operands of one add)
        assert rw.has_one_use(add.result) and rw.has_one_use(fn.args[1])
        assert rw.defining_op(add.result) is add
        assert rw.defining_op(fn.args[0]) is None      # a block argument: None, never a Block
        # the values answer from the rewriter's use lists while it is active
        assert exp.result.uses == rw.uses(exp.result)
        assert neg.operands[0].defining_op is add and fn.args[0].defining_op is None
        assert neg.result.has_one_use and rw.users(neg.result) == [ret]
    # and by scanning the function when none is
    assert len(exp.result.uses) == 2 and not exp.result.has_one_use
    assert fn.args[0].uses == [(exp, 0), (mixed, 0)]


def test_block_argument_defining_op_is_none_inside_regions():
    fn = parse_module(WHILE).main
    body = fn.body.ops[0].regions[1].blocks[0]
    assert body.args[0].defining_op is None
    assert isinstance(body.ops[0].operands[0].owner, type(body))   # the owner stays the Block
    assert body.args[0].uses == [(body.ops[0], 0)]


def test_replace_all_uses_with_costs_the_uses_and_keeps_lists():
    fn = parse_module(PROG).main
    exp, add = fn.body.ops[:2]
    with Rewriter(fn) as rw:
        rw.replace_all_uses_with(exp.result, fn.args[0])
        assert add.operands == [fn.args[0], fn.args[0]]
        assert rw.uses(exp.result) == []
        assert len(rw.uses(fn.args[0])) == 4           # exp, add (twice), the mixed add
        rw.erase(exp)
    assert ops(fn) == ["nx.add", "nx.negate", "nx.add", "func.return"]
    verify(parse_module(print_module_of(fn)))


def print_module_of(fn):
    from nx.compiler.ir import Module
    return print_module(Module([fn]))


# --- checked replacement --------------------------------------------------------------------

def test_replacing_a_two_result_op_with_one_value_raises():
    fn = parse_module(WHILE).main
    loop = fn.body.ops[0]
    with Rewriter(fn) as rw:
        with pytest.raises(RewriteError, match=r"nx\.while: replace got 1 value for its 2 "
                                               r"results"):
            rw.replace(loop, [fn.args[0]])
        with pytest.raises(RewriteError, match=r"nx\.while: replace got 3 values"):
            rw.replace(loop, [fn.args[0], fn.args[1], fn.args[1]])
        rw.replace(loop, [fn.args[0], fn.args[1]])      # one per result, of its type: fine
    assert ops(fn) == ["func.return"]
    assert fn.body.ops[0].operands == list(fn.args)


def test_replacing_with_a_value_of_another_type_raises():
    fn = parse_module(PROG).main
    mixed = fn.body.ops[3]                               # add(f32, i32) -> f32
    with Rewriter(fn) as rw:
        with pytest.raises(RewriteError) as e:
            rw.replace(mixed, [fn.args[1]])
        assert str(e.value) == ("nx.add: result #0 has type tensor<3xf32> but its replacement "
                                "has type tensor<3xi32>")
        with pytest.raises(RewriteError, match="is a ndarray, not a Value"):
            rw.replace(mixed, [np.zeros(3, np.float32)])
        with pytest.raises(RewriteError, match="by a result of the op itself"):
            rw.replace(mixed, [mixed.result])
    assert mixed.parent is fn.body                       # nothing changed


def test_a_pattern_error_names_the_pattern_and_the_op():
    class Bad(RewritePattern):
        op_name = "nx.add"

        def match_and_rewrite(self, op, rewriter):
            return rewriter.replace(op, [op.operands[1]])   # i32 for an f32 result

    fn = parse_module(PROG).main
    with pytest.raises(RewriteError) as e:
        apply_patterns(fn, [Bad()])
    assert "nx.add: result #0 has type" in str(e.value)
    assert any("in rewrite pattern Bad on nx.add" in n for n in e.value.__notes__)


def test_erase_refuses_an_op_still_used():
    fn = parse_module(PROG).main
    exp, add = fn.body.ops[:2]
    with Rewriter(fn) as rw:
        with pytest.raises(RewriteError, match=r"nx\.exp: cannot erase it while result #0 has "
                                               r"2 uses \(one by nx\.add\)"):
            rw.erase(exp)
        rw.replace(add, [exp.result])
        with pytest.raises(RewriteError, match="not in a block"):
            rw.erase(add)


def test_erase_drops_the_uses_of_nested_ops():
    fn = parse_module(WHILE).main
    loop = fn.body.ops[0]
    with Rewriter(fn) as rw:
        assert len(rw.uses(fn.args[1])) == 2            # the while and the less inside it
        rw.replace(loop, [fn.args[0], fn.args[1]])
        assert rw.uses(fn.args[1]) == [(fn.body.ops[-1], 1)]


# --- creating ops, insertion points ----------------------------------------------------------

def test_create_infers_result_types_from_the_registry():
    fn = parse_module(PROG).main
    ret = fn.body.ops[-1]
    with Rewriter(fn) as rw:
        rw.set_insertion_point(ret)
        m = rw.create("nx.multiply", [fn.args[0], fn.args[1]])
        assert m.result_types == [F3]
        t = rw.create("nx.transpose", [m.result], {"axes": (0,)})    # (name, operands, attrs)
        assert t.result_types == [F3] and t.attrs == {"axes": (0,)}
        s = rw.create("nx.sum", [t.result], attrs={"axes": (0,), "keep_axes": False})
        assert s.result_types == [TensorType((), "f32")]
        with pytest.raises(RewriteError, match="nx.add: cannot infer the result types"):
            rw.create("nx.add", [fn.args[0], rw.constant(np.zeros(2, np.float32),
                                                         TensorType((2,), "f32"))])
        with pytest.raises(RewriteError, match="not in the nx registry"):
            rw.create("test.unknown", [fn.args[0]])
        with pytest.raises(RewriteError, match="operand #0 is a int"):
            rw.create("nx.exp", [3])
    # the new ops are in the block, before the return, in creation order
    assert ops(fn)[-5:] == ["nx.multiply", "nx.transpose", "nx.sum", "nx.constant",
                            "func.return"]


def test_insertion_points():
    fn = parse_module(PROG).main
    exp, add, neg, mixed, ret = fn.body.ops
    with Rewriter(fn) as rw:
        rw.set_insertion_point(add)
        a = rw.create("nx.sin", [fn.args[0]])
        b = rw.create("nx.cos", [fn.args[0]])
        rw.set_insertion_point_after(add)
        c = rw.create("nx.tan", [fn.args[0]])
        d = rw.create("nx.tanh", [fn.args[0]])
        rw.set_insertion_point(c)
        e = rw.create("nx.floor", [fn.args[0]])
        rw.set_insertion_point_to_start(fn.body)
        f = rw.create("nx.ceil", [fn.args[0]])
        rw.set_insertion_point(ret)
        g = rw.create("nx.round", [fn.args[0]])
        order = [f, exp, a, b, add, e, c, d, neg, mixed, g, ret]
        assert rw.block_ops(fn.body) == order
        assert all(rw.dominates(x, y) for x, y in itertools.pairwise(order))
        assert not rw.dominates(c, e) and not rw.dominates(add, add)
    assert fn.body.ops == order


def test_new_ops_are_visited_and_dead_ones_removed():
    # a pattern that creates ops: the driver visits them (the folded constant is merged with an
    # equal one by CSE) and DCE removes what is left unused
    text = """
func.func @main(%arg0: tensor<3xi32>) -> tensor<3xi32> {
  %c = nx.constant {value = dense<4> : tensor<3xi32>} : () -> tensor<3xi32>
  %a = nx.constant {value = dense<1> : tensor<3xi32>} : () -> tensor<3xi32>
  %b = nx.constant {value = dense<3> : tensor<3xi32>} : () -> tensor<3xi32>
  %0 = nx.add %a, %b : tensor<3xi32>
  %1 = nx.multiply %arg0, %0 : tensor<3xi32>
  %2 = nx.multiply %arg0, %c : tensor<3xi32>
  %3 = nx.subtract %1, %2 : tensor<3xi32>
  return %3 : tensor<3xi32>
}"""
    m = parse_module(text)
    stats = {}
    assert canonicalize_function(m.main, stats=stats)
    assert ops(m.main) == ["nx.constant", "nx.multiply", "nx.subtract", "func.return"]
    sub = m.main.body.ops[2]
    assert sub.operands[0] is sub.operands[1]          # the two multiplies became one
    assert stats["cse"] == 2 and stats["dce"] == 2 and stats["iterations"] == 2


# --- patterns declared with their ops ---------------------------------------------------------

def test_simplifications_are_declared_with_their_ops():
    declared = {name for name, d in OPS.items() if d.canonicalize}
    for name in ("add", "subtract", "multiply", "divide", "negate", "abs", "select",
                 "transpose", "reshape", "squeeze", "broadcast", "as_type", "slice", "reverse",
                 "complex"):
        assert name in declared, name
    for name, d in OPS.items():
        for p in d.canonicalize:
            assert isinstance(p, RewritePattern) and p.op_name == "nx." + name
    pats = canonicalize_patterns()
    assert pats[-1].op_name is None                    # constant folding, for every op
    assert len(pats) == sum(len(d.canonicalize) for d in OPS.values()) + 1


def test_pattern_from_a_function():
    def neg_neg(op, rewriter):
        inner = op.operands[0].defining_op
        if inner is None or inner.name != "nx.negate":
            return False
        return rewriter.replace(op, [inner.operands[0]])

    p = pattern(neg_neg, "nx.negate")
    assert p.op_name == "nx.negate" and "neg_neg" in repr(p)
    m = parse_module("""
func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.negate %arg0 : tensor<3xf32>
  %1 = nx.negate %0 : tensor<3xf32>
  return %1 : tensor<3xf32>
}""")
    assert apply_patterns(m.main, [p])
    assert m.main.body.ops[-1].operands[0] is m.main.args[0]
    assert ops(m.main) == ["nx.negate", "func.return"]   # no DCE unless asked
    assert apply_patterns(m.main, [p], dce=True) is True and ops(m.main) == ["func.return"]
    assert apply_patterns(m.main, [p], dce=True) is False


def test_constant_helpers():
    m = parse_module("""
func.func @main(%arg0: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<f32>) {
  %0 = nx.constant {value = dense<2.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %1 = nx.constant {value = dense<[1.0, 2.0, 2.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %2 = nx.constant {value = dense<0.5> : tensor<f32>, weak} : () -> tensor<f32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<f32>
}""")
    a, b, w = (op.result for op in m.main.body.ops[:3])
    np.testing.assert_array_equal(constant_value(a), [2.0, 2.0, 2.0])
    assert splat_value(a) == 2.0 and splat_value(b) is None
    assert constant_value(w) is None and constant_value(m.main.args[0]) is None


# --- CSE and region scoping -------------------------------------------------------------------

def test_cse_keeps_the_first_when_a_later_visit_makes_ops_equal():
    # %3 becomes negate(%0) only after %2 = -(-x)... is simplified; %4 = negate(%0) was
    # visited first: the earlier op (%3's position) must be the one that stays
    m = parse_module("""
func.func @main(%arg0: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
  %z = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %0 = nx.exp %arg0 : (tensor<3xi32>) -> tensor<3xf32>
  %1 = nx.sin %0 : tensor<3xf32>
  %2 = nx.add %arg0, %z : (tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
  %3 = nx.negate %2 : tensor<3xi32>
  %4 = nx.negate %arg0 : tensor<3xi32>
  %5 = nx.add %3, %4 : tensor<3xi32>
  return %5, %3 : tensor<3xi32>, tensor<3xi32>
}""")
    verify(m)
    PassManager("canonicalize").run(m)
    body = m.main.body.ops
    assert [op.name for op in body] == ["nx.negate", "nx.add", "func.return"]
    assert body[1].operands == [body[0].result, body[0].result]


def test_cse_never_merges_sibling_regions_or_hoists():
    m = parse_module("""
func.func @main(%arg0: tensor<3xf32>, %p: tensor<ui8>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = nx.cond %p {result_types = [tensor<3xf32>]} ({
    ^bb0:
      %1 = nx.cos %arg0 : tensor<3xf32>
      nx.yield %1 : (tensor<3xf32>) -> ()
  }, {
    ^bb0:
      %2 = nx.cos %arg0 : tensor<3xf32>
      nx.yield %2 : (tensor<3xf32>) -> ()
  }) : (tensor<ui8>) -> tensor<3xf32>
  %3 = nx.cos %arg0 : tensor<3xf32>
  return %0, %3 : tensor<3xf32>, tensor<3xf32>
}""")
    PassManager("canonicalize").run(m)
    assert ops(m.main) == ["nx.cond", "nx.cos", "nx.yield", "nx.cos", "nx.yield", "nx.cos",
                           "func.return"]


# --- linear in the program: counted, not timed ------------------------------------------------

def _chain(n):
    """n units of: negate, negate, exp (each double negate is a rewrite), as text."""
    lines = ["func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {"]
    h = "%arg0"
    for i in range(n):
        lines += [f"  %a{i} = nx.negate {h} : tensor<4xf32>",
                  f"  %b{i} = nx.negate %a{i} : tensor<4xf32>",
                  f"  %e{i} = nx.exp %b{i} : tensor<4xf32>"]
        h = f"%e{i}"
    lines += [f"  return {h} : tensor<4xf32>", "}"]
    return "\n".join(lines)


class DoubleNegate(RewritePattern):
    op_name = "nx.negate"

    def match_and_rewrite(self, op, rewriter):
        inner = op.operands[0].defining_op
        if inner is None or inner.name != "nx.negate":
            return False
        return rewriter.replace(op, [inner.operands[0]])


@pytest.mark.parametrize("what", ["apply_patterns", "canonicalize"])
def test_driver_work_is_linear_in_the_program(what):
    counts = {}
    for n in (1000, 10000):          # 3,000 and 30,000 ops
        m = parse_module(_chain(n))
        stats = {}
        if what == "apply_patterns":
            apply_patterns(m.main, [DoubleNegate()], stats=stats)
            assert len(m.main.body.ops) == 2 * n + 1       # each outer negate went
        else:
            canonicalize_function(m.main, stats=stats)
            assert len(m.main.body.ops) == n + 1           # only the exps remain
        counts[n] = stats
    small, big = counts[1000], counts[10000]
    for k in ("visits", "matches", "rewrites"):
        assert big[k] <= 10 * small[k] + 10, (k, small, big)   # 10x the ops: 10x the work
    assert big["visits"] <= 4 * 3 * 10000                       # a few visits per op
    assert big["rewrites"] == 10 * small["rewrites"]


def test_use_list_updates_cost_the_uses():
    # replacing a value with one use must not walk the other uses of the op's operands: a
    # value used 20,000 times, whose users are replaced one by one, stays O(1) per replacement
    n = 20000
    lines = ["func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {",
             "  %c = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>"]
    h = "%arg0"
    for i in range(n):
        lines.append(f"  %m{i} = nx.multiply {h}, %c : (tensor<4xf32>, tensor<f32>) -> "
                     "tensor<4xf32>")
        h = f"%m{i}"
    lines += [f"  return {h} : tensor<4xf32>", "}"]
    m = parse_module("\n".join(lines))
    stats = {}
    canonicalize_function(m.main, stats=stats)
    assert ops(m.main) == ["func.return"]
    assert stats["visits"] <= 3 * (n + 2) + 10


def test_driver_stops_a_pattern_that_never_converges():
    class Flip(RewritePattern):
        op_name = "nx.exp"

        def match_and_rewrite(self, op, rewriter):
            new = rewriter.create("nx.exp", op.operands)
            return rewriter.replace(op, new)

    m = parse_module(_chain(3))
    d = PatternDriver(m.main, [Flip()], max_rewrites=50)
    assert d.run() is True
    assert d.stats["rewrites"] == 50
    verify(parse_module(print_module_of(m.main)))


def test_ops_outside_the_driver_are_plain_lists():
    m = parse_module(PROG)
    apply_patterns(m.main, [DoubleNegate()])
    assert all(isinstance(op, Operation) and op.parent is m.main.body for op in m.main.body.ops)
