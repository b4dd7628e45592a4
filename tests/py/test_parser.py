"""The parser reads back what the printer prints: print -> parse -> print is the identity in both
forms, with and without debug info, attributes come back as the same Python values, errors
carry `file:line:col`, and the generic form is accepted by real MLIR."""
from __future__ import annotations

import math
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nx import types as T
from nx.compiler.ir import (
    UNIT,
    Block,
    Function,
    Location,
    Module,
    Operation,
    Region,
    TensorType,
    VecType,
)
from nx.compiler.parser import ParseError, SymbolRef, parse_module
from nx.compiler.printer import DenseAttr, print_module

FORMS = [(g, d) for g in (False, True) for d in (False, True)]


def roundtrip(m):
    """Checks print -> parse -> print in every form; returns the parsed modules by form."""
    out = {}
    for generic, debug in FORMS:
        text = print_module(m, generic=generic, debug_info=debug)
        parsed = parse_module(text)
        assert print_module(parsed, generic=generic, debug_info=debug) == text
        out[generic, debug] = parsed
    # the two forms describe the same module
    for debug in (False, True):
        for generic in (False, True):
            other = out[not generic, debug]
            assert (print_module(other, generic=generic, debug_info=debug)
                    == print_module(m, generic=generic, debug_info=debug))
    return out


# --- structural comparison: the parser gives back the same Python values --------------------

def same_attr(a, b):
    if a is UNIT or b is UNIT:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int):
        return type(b) is int and a == b
    if isinstance(a, float):
        return type(b) is float and struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, T.Type):
        return type(b) is T.Type and a == b
    if isinstance(a, tuple) and all(type(x) is int for x in a):
        return type(b) is tuple and a == b
    if isinstance(a, (list, tuple)):
        return (type(b) is list and len(a) == len(b)
                and all(same_attr(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict):
        return (type(b) is dict and a.keys() == b.keys()
                and all(same_attr(a[k], b[k]) for k in a))
    if isinstance(a, Function):
        return b == SymbolRef(a.name)
    return type(a) is type(b) and a == b


def assert_same_module(m1, m2, with_locs):
    assert same_attr(m1.attrs, m2.attrs)
    assert [f.name for f in m1.functions] == [f.name for f in m2.functions]
    for f1, f2 in zip(m1.functions, m2.functions):
        assert same_attr(f1.attrs, f2.attrs)
        assert f1.arg_types == f2.arg_types
        assert (f1.loc == f2.loc) if with_locs else f2.loc is None
        mapping = {}
        assert_same_block(f1.body, f2.body, mapping, with_locs)


def assert_same_block(b1, b2, mapping, with_locs):
    assert [a.type for a in b1.args] == [a.type for a in b2.args]
    mapping.update(zip(b1.args, b2.args))
    assert len(b1.ops) == len(b2.ops)
    for o1, o2 in zip(b1.ops, b2.ops):
        assert o1.name == o2.name and o2.parent is b2
        assert [mapping[v] for v in o1.operands] == o2.operands
        assert o1.result_types == o2.result_types
        if o1.name != "func.return":
            assert same_attr(o1.attrs, o2.attrs)
        assert (o1.loc == o2.loc) if with_locs else o2.loc is None
        assert len(o1.regions) == len(o2.regions)
        for r1, r2 in zip(o1.regions, o2.regions):
            assert r2.parent is o2 and len(r1.blocks) == len(r2.blocks)
            for x, y in zip(r1.blocks, r2.blocks):
                assert y.parent is r2
                assert_same_block(x, y, mapping, with_locs)
        mapping.update(zip(o1.results, o2.results))


# --- hand-written texts -----------------------------------------------------------------------

CUSTOM = """\
module attributes {"nx.version" = "0.1"} {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<i32>) -> (tensor<3xf32>, tensor<i32>) attributes {flag} {
    %0 = nx.add %arg0, %arg0 : tensor<3xf32>
    %1 = nx.less %arg1, %arg1 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
    %2:2 = nx.split %0 {axis = 0 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
    %3:2 = nx.while %0, %arg1 ({
      ^bb0(%arg2: tensor<3xf32>, %arg3: tensor<i32>):
        %4 = nx.less %arg3, %arg1 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
        nx.yield %4 : (tensor<ui8>) -> ()
    }, {
      ^bb0(%arg4: tensor<3xf32>, %arg5: tensor<i32>):
        %5 = nx.add %arg4, %2#1 : tensor<3xf32>
        nx.yield %5, %arg5 : (tensor<3xf32>, tensor<i32>) -> ()
    }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
    %6 = nx.cond %1 {result_types = [tensor<3xf32>]} ({
      ^bb0:
        nx.yield %3#0 : (tensor<3xf32>) -> ()
    }, {
      ^bb0:
        nx.yield %arg0 : (tensor<3xf32>) -> ()
    }) : (tensor<ui8>) -> tensor<3xf32>
    return %6, %3#1 : tensor<3xf32>, tensor<i32>
  }
}
"""  # noqa: E501  (MLIR text, one op a line)

GENERIC = """\
module attributes {"nx.version" = "0.1"} {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<i32>) -> (tensor<3xf32>, tensor<i32>) attributes {flag} {
    %0 = "nx.add"(%arg0, %arg0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %1 = "nx.less"(%arg1, %arg1) : (tensor<i32>, tensor<i32>) -> tensor<ui8>
    %2:2 = "nx.split"(%0) {axis = 0 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
    %3:2 = "nx.while"(%0, %arg1) ({
      ^bb0(%arg2: tensor<3xf32>, %arg3: tensor<i32>):
        %4 = "nx.less"(%arg3, %arg1) : (tensor<i32>, tensor<i32>) -> tensor<ui8>
        "nx.yield"(%4) : (tensor<ui8>) -> ()
    }, {
      ^bb0(%arg4: tensor<3xf32>, %arg5: tensor<i32>):
        %5 = "nx.add"(%arg4, %2#1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
        "nx.yield"(%5, %arg5) : (tensor<3xf32>, tensor<i32>) -> ()
    }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
    %6 = "nx.cond"(%1) ({
      ^bb0:
        "nx.yield"(%3#0) : (tensor<3xf32>) -> ()
    }, {
      ^bb0:
        "nx.yield"(%arg0) : (tensor<3xf32>) -> ()
    }) {result_types = [tensor<3xf32>]} : (tensor<ui8>) -> tensor<3xf32>
    return %6, %3#1 : tensor<3xf32>, tensor<i32>
  }
}
"""  # noqa: E501  (MLIR text, one op a line)

ATTRS = """\
module {
  func.func @consts() -> tensor<2x2xi4> {
    %0 = nx.constant {a = array<i64: 1, -2>, b = array<i64>, c = true, d = false, e = -9223372036854775808 : i64, f = -1.5e-07 : f64, g = 0x7FF0000000000000 : f64, h = "q\\"\\\\\\n\\t\\0Bé", i = bf16, j = complex<f64>, k = tensor<0x3xui8>, l = !nx.vec<[rows: 2, cols: 3], tensor<f32>>, m = [1 : i64, [], {}, unit], n = {inner = @main, "odd key" = 2.0 : f64, u}, o = dense<[[1, 2], [3, -4]]> : tensor<2x2xi4>, p = dense<"0x0000C07F"> : tensor<f32>, q = dense<> : tensor<0x2xf64>, r = dense<-0.0> : tensor<f16>, s = @"with space", t = f8E5M2, v = ui2, w = 0x7FF8000000000001 : f64, x = dense<> : tensor<0xui64>, y = dense<[18446744073709551615]> : tensor<1xui64>} : () -> tensor<2x2xi4>
    return %0 : tensor<2x2xi4>
  }
}
"""  # noqa: E501  (MLIR text, one op a line)

VEC_LOC = """\
module {
  func.func @vec(%arg0: !nx.vec<[batch: 4], tensor<3xf32>>, %arg1: tensor<3xf32>) -> !nx.vec<[batch: 4], tensor<3xf32>> {
    %0 = nx.add %arg0, %arg1 : (!nx.vec<[batch: 4], tensor<3xf32>>, tensor<3xf32>) -> !nx.vec<[batch: 4], tensor<3xf32>> loc("model.py":12:0)
    %1 = nx.exp %0 : !nx.vec<[batch: 4], tensor<3xf32>> loc("C:\\\\src\\\\\\"x\\".py":13:4)
    nx.print %1 : (!nx.vec<[batch: 4], tensor<3xf32>>) -> ()
    return %1 : !nx.vec<[batch: 4], tensor<3xf32>> loc("model.py":14:0)
  } loc("model.py":11:0)
  func.func @empty() {
    return
  }
}
"""  # noqa: E501  (MLIR text, one op a line)


@pytest.mark.parametrize("text,generic", [(CUSTOM, False), (GENERIC, True), (ATTRS, False),
                                          (VEC_LOC, False)])
def test_hand_written_round_trip(text, generic):
    m = parse_module(text)
    debug = "loc(" in text
    assert print_module(m, generic=generic, debug_info=debug) == text
    roundtrip(m)


def test_custom_and_generic_are_the_same_module():
    custom, generic = parse_module(CUSTOM), parse_module(GENERIC)
    assert print_module(custom, generic=True) == GENERIC
    assert print_module(generic) == CUSTOM
    assert_same_module(custom, generic, with_locs=True)


def test_structure_of_regions_and_multi_results():
    f = parse_module(CUSTOM).main
    assert f.name == "main" and f.attrs == {"flag": UNIT}
    add, less, split, while_, cond, ret = f.body.ops
    assert ret.name == "func.return" and ret.operands == [cond.result, while_.results[1]]
    assert len(split.results) == 2 and split.attrs == {"axis": 0}
    assert while_.operands == [add.result, f.args[1]]
    before, after = while_.regions
    b0, b1 = before.block, after.block
    assert [a.type for a in b0.args] == [TensorType((3,), "f32"), TensorType((), "s32")]
    # the cond region captures %arg1 from the function and %2#1 from above the op
    assert b0.ops[0].operands == [b0.args[1], f.args[1]]
    assert b1.ops[0].operands == [b1.args[0], split.results[1]]
    assert b1.ops[1].name == "nx.yield" and b1.ops[1].operands == [b1.ops[0].result, b1.args[1]]
    then, else_ = cond.regions
    assert then.block.args == [] and then.block.ops[0].operands == [while_.results[0]]
    assert else_.block.ops[0].operands == [f.args[0]]
    assert cond.attrs == {"result_types": [TensorType((3,), "f32")]}


def test_attribute_values():
    a = parse_module(ATTRS).main.body.ops[0].attrs
    assert a["a"] == (1, -2) and a["b"] == ()
    assert a["c"] is True and a["d"] is False
    assert type(a["e"]) is int and a["e"] == -2 ** 63
    assert a["f"] == -1.5e-07 and a["g"] == math.inf
    assert math.isnan(a["w"]) and struct.pack(">d", a["w"]).hex() == "7ff8000000000001"
    assert a["h"] == 'q"\\\n\t\x0bé'
    assert type(a["i"]) is T.Type and a["i"] == "bf16" and a["j"] == "c128" and a["t"] == "f8"
    assert a["v"] == "u2"
    assert a["k"] == TensorType((0, 3), "u8")
    assert a["l"] == VecType([("rows", 2), ("cols", 3)], TensorType((), "f32"))
    assert a["m"] == [1, [], {}, UNIT]
    assert a["n"] == {"inner": SymbolRef("main"), "odd key": 2.0, "u": UNIT}
    assert a["s"] == SymbolRef("with space") and str(a["s"]) == '@"with space"'
    o = a["o"]
    assert isinstance(o, DenseAttr) and o.type == TensorType((2, 2), "s4")
    assert o.array.dtype == T.Type("s4").dtype and o.array.tolist() == [[1, 2], [3, -4]]
    p = a["p"]
    assert p.array.shape == () and p.array.dtype == np.float32 and np.isnan(p.array)
    assert a["q"].array.shape == (0, 2) and a["q"].array.dtype == np.float64
    r = a["r"]
    assert r.array.dtype == np.float16 and r.array == 0 and np.signbit(r.array)
    assert a["x"].array.shape == (0,)
    assert a["y"].array.dtype == np.uint64 and int(a["y"].array[0]) == 2 ** 64 - 1


def test_locations():
    m = parse_module(VEC_LOC)
    f = m.get("vec")
    assert f.loc == Location("model.py", 11, 0)
    assert f.body.ops[0].loc == Location("model.py", 12, 0)
    assert f.body.ops[1].loc == Location('C:\\src\\"x".py', 13, 4)
    assert f.body.ops[2].loc is None
    assert f.body.ops[3].loc == Location("model.py", 14, 0)
    assert f.args[0].type == VecType([("batch", 4)], TensorType((3,), "f32"))
    assert m.get("empty").result_types == []
    # without debug info the locations are dropped
    plain = parse_module(print_module(m))
    assert plain.get("vec").loc is None and plain.get("vec").body.ops[0].loc is None


def test_names_are_labels_and_other_spellings():
    text = """
    // a comment
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      %sum = nx.add %x, %x : tensor<2xf32>  // trailing comment
      %a, %b:2 = "nx.three"(%sum) : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
      %c = nx.add %b#1, %a {n = 7, z = 2.5, e = 0x3FF0000000000000 : f64, h = 255 : ui8, d = dense<[]> : tensor<0xi8>, s = dense<7> : tensor<2xi8>, x = dense<"0x0100"> : tensor<2xi8>} : tensor<2xf32>
      "func.return"(%c) : (tensor<2xf32>) -> () loc(unknown)
    }
    """  # noqa: E501  (MLIR text, one op a line)
    m = parse_module(text)
    ops = m.main.body.ops
    assert [len(op.results) for op in ops] == [1, 3, 1, 0]
    assert ops[2].operands == [ops[1].results[2], ops[1].results[0]]
    attrs = ops[2].attrs
    assert {k: attrs[k] for k in "nzeh"} == {"n": 7, "z": 2.5, "e": 1.0, "h": 255}
    assert attrs["d"].array.shape == (0,)
    assert attrs["s"].array.tolist() == [7, 7]  # a splat
    assert attrs["x"].array.tolist() == [1, 0]
    assert ops[3].name == "func.return" and ops[3].loc is None
    assert print_module(m) == """\
module {
  func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    %0 = nx.add %arg0, %arg0 : tensor<2xf32>
    %1:3 = nx.three %0 : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
    %2 = nx.add %1#2, %1#0 {d = dense<> : tensor<0xi8>, e = 1.0 : f64, h = 255 : i64, n = 7 : i64, s = dense<[7, 7]> : tensor<2xi8>, x = dense<[1, 0]> : tensor<2xi8>, z = 2.5 : f64} : tensor<2xf32>
    return %2 : tensor<2xf32>
  }
}
"""  # noqa: E501  (MLIR text, one op a line)


def test_unknown_op_names_are_not_a_parse_error():
    m = parse_module('module {\n  func.func @f() {\n    "no.such_op"() : () -> ()\n'
                     '    never.heard_of : () -> ()\n    return\n  }\n}\n')
    assert [op.name for op in m.main.body.ops] == ["no.such_op", "never.heard_of", "func.return"]


def test_multi_block_regions():
    t = TensorType((), "f32")
    f = Function("f", [t])
    r = Region([Block([t]), Block()])
    r.blocks[0].append(Operation("nx.yield", [r.blocks[0].args[0]], []))
    r.blocks[1].append(Operation("nx.yield", [f.args[0]], []))
    op = Operation("nx.loop", [], [t], regions=[r, Region()])
    f.body.append(op)
    f.body.append(Operation("func.return", [op.result], []))
    m = Module([f])
    text = print_module(m)
    assert "^bb0(%arg1: tensor<f32>):" in text and "^bb1:" in text
    assert_same_module(m, roundtrip(m)[False, False], with_locs=False)


# --- errors -----------------------------------------------------------------------------------

def fn(body, sig="(%arg0: tensor<3xf32>)"):
    return "module {\n  func.func @f" + sig + " {\n" + body + "\n  }\n}\n"


ERRORS = [
    (fn("    return %arg1 : tensor<3xf32>"), "3:12", "use of undefined value '%arg1'"),
    (fn("    %0 = nx.neg %arg0 : tensor<3xf32>\n    %0 = nx.neg %arg0 : tensor<3xf32>"),
     "4:5", "redefinition of SSA value '%0'"),
    (fn("    %arg0 = nx.neg %arg0 : tensor<3xf32>"), "3:5", "redefinition of SSA value '%arg0'"),
    (fn("    return", "(%arg0: tensor<3xf32>, %arg0: tensor<3xf32>)"), "2:38",
     "redefinition of SSA value '%arg0'"),
    (fn("    %0 = nx.neg %arg0 : tensor<3xf33>"), "3:34", "unknown element type 'f33'"),
    (fn("    %0 = nx.neg %arg0 : tensor<3xi1>"), "3:34", "unknown element type 'i1'"),
    (fn("    %0 = nx.neg %arg0 : !foo.bar"), "3:25", "unknown type '!foo.bar'"),
    (fn("    %0 = nx.neg %arg0 : vector<3xf32>"), "3:25",
     "expected a type such as 'tensor<3xf32>' but found 'vector'"),
    (fn("    %0 = nx.neg %arg0 : tensor<?xf32>"), "3:32", "dynamic dimensions are not supported"),
    (fn('    %0 = "nx.add"(%arg0 %arg0) : (tensor<3xf32>) -> tensor<3xf32>'), "3:25",
     "expected ',' or ')' but found '%arg0'"),
    (fn("    nx.foo {a = } : () -> ()"), "3:17", "expected an attribute but found '}'"),
    (fn("    nx.foo {a = bogus} : () -> ()"), "3:17", "expected an attribute but found 'bogus'"),
    (fn("    nx.foo {a = 1 : f99} : () -> ()"), "3:21",
     "expected an integer or float type but found 'f99'"),
    (fn("    nx.foo {a = 1.5 : i64} : () -> ()"), "3:17", "float literal cannot have integer"),
    (fn("    nx.foo {a = 18446744073709551616 : i64} : () -> ()"), "3:17", "out of range for i64"),
    (fn("    nx.foo {a = 1 : i64, a = 2 : i64} : () -> ()"), "3:26", "duplicate key 'a'"),
    (fn('    nx.foo {"" = 1 : i64} : () -> ()'), "3:13", "non-empty attribute name"),
    (fn("    nx.foo {a = array<f32: 1.0>} : () -> ()"), "3:23", "expected an integer element type"),
    (fn("    nx.foo {a = array<i8: 300>} : () -> ()"), "3:27", "out of range for i8"),
    (fn("    nx.foo {a = [1 : i64 2 : i64]} : () -> ()"), "3:26", "expected ',' or ']'"),
    (fn("    nx.foo {a = dense<[1, 2]> : tensor<3xi32>} : () -> ()"), "3:23",
     "dense literal has shape [2] but the type is tensor<3xi32>"),
    (fn("    nx.foo {a = dense<[[1], [2, 3]]> : tensor<2x2xi32>} : () -> ()"), "3:23",
     "not rectangular"),
    (fn("    nx.foo {a = dense<[1.5]> : tensor<1xi32>} : () -> ()"), "3:24",
     "expected an integer element"),
    (fn("    nx.foo {a = dense<[256]> : tensor<1xui8>} : () -> ()"), "3:24", "out of range"),
    (fn('    nx.foo {a = dense<"0x0000"> : tensor<3xf32>} : () -> ()'), "3:23",
     "hex data has 2 bytes"),
    (fn("    nx.foo {a = dense<> : tensor<3xf32>} : () -> ()"), "3:23",
     "'dense<>' has no elements"),
    (fn("    nx.foo {a = dense<1> : !nx.vec<[a: 1], tensor<i32>>} : () -> ()"), "3:28",
     "needs a tensor type"),
    (fn('    nx.foo {a = "abc} : () -> ()'), "3:17", "unterminated string literal"),
    (fn('    nx.foo {a = "a\\qb"} : () -> ()'), "3:19", "unknown escape in string literal"),
    (fn("    %0 = nx.neg %arg0 : tensor<3xf32>\n    nx.use %0#1 : (tensor<3xf32>) -> ()"),
     "4:12", "'%0' has 1 result(s), so '#1' is out of range"),
    (fn("    %0 = nx.neg %arg0 : tensor<3xi32>"), "3:17",
     "operand has type tensor<3xf32> but the op's type says tensor<3xi32>"),
    (fn("    %0:2 = nx.neg %arg0 : tensor<3xf32>"), "3:27", "a single type is for ops with one"),
    (fn("    %0:2 = nx.neg %arg0 : (tensor<3xf32>) -> tensor<3xf32>"), "3:5",
     "'nx.neg' defines 2 result(s) but its type has 1"),
    (fn("    nx.neg %arg0 : (tensor<3xf32>, tensor<3xf32>) -> ()"), "3:20",
     "the type lists 2 operand type(s) but the op has 1"),
    (fn("    %0 = nx.loop ({\n      ^bb0:\n        %1 = nx.iota : () -> tensor<3xf32>\n"
        "        nx.yield %1 : (tensor<3xf32>) -> ()\n    }) : () -> tensor<3xf32>\n"
        "    return %1 : tensor<3xf32>", "(%arg0: tensor<3xf32>) -> tensor<3xf32>"),
     "8:12", "use of undefined value '%1'"),
    (fn("    nx.loop ({\n      ^bb0:\n        nx.yield : () -> ()\n      ^bb0:\n"
        "        nx.yield : () -> ()\n    }) : () -> ()"), "6:7", "redefinition of block '^bb0'"),
    (fn("    return %arg0 : tensor<3xf32>", "(%arg0: tensor<3xf32>) -> tensor<3xi32>"), "2:38",
     "declares results (tensor<3xi32>) but its body returns (tensor<3xf32>)"),
    (fn("    return %arg0 : tensor<3xi32>"), "3:12",
     "operand has type tensor<3xf32> but the op's type says tensor<3xi32>"),
    (fn("    %0 = return"), "3:5", "'return' has no results"),
    (fn("    nx.foo : () -> () loc(12)"), "3:27", "expected a location"),
    (fn("    nx.foo %arg0"), "4:3", "expected ':' and the op's type but found '}'"),
    (fn("    = nx.foo"), "3:5", "expected an operation but found '='"),
    ("module {\n  func.func @f() {\n    return\n  }\n} extra", "5:3",
     "expected end of input but found 'extra'"),
    ("module {\n  func.func @f() {\n    nx.foo : () -> ()\n", "4:1",
     "expected an operation or '}' but found end of input"),
    ("module {\n  func.func @f() {\n    return\n  }\n", "5:1",
     "expected 'func.func' or '}' but found end of input"),
    ("module {\n  func.func @f() {\n    nx.loop ({\n      ^bb0:\n        nx.yield : () -> ()\n",
     "6:1",
     "expected an operation or '}' but found end of input"),
    ("module {\n  func.func f() {\n  }\n}", "2:13", "expected a symbol name"),
    ("module {\n  func.func @f() tensor<f32> {\n  }\n}", "2:18",
     "expected '->', 'attributes' or '{' but found 'tensor'"),
    ("module attributes {a = 1 : i64} nope", "1:33", "expected '{' but found 'nope'"),
    ("modul {}", "1:1", "expected 'module' or 'func.func' but found 'modul'"),
]


@pytest.mark.parametrize("text,where,what", ERRORS)
def test_errors(text, where, what):
    with pytest.raises(ParseError) as info:
        parse_module(text, filename="bad.mlir")
    message = str(info.value)
    assert message.startswith(f"bad.mlir:{where}: "), message
    assert what in message, message
    line, col = map(int, where.split(":"))
    assert (info.value.line, info.value.col, info.value.filename) == (line, col, "bad.mlir")


def test_parse_error_is_a_value_error():
    with pytest.raises(ValueError, match=r"^<string>:1:1: "):
        parse_module("garbage")


# --- random modules ---------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True)
ELEMENT_TYPES = st.sampled_from(T.ALL_TYPES)
SHAPES = st.lists(st.integers(0, 3), max_size=3).map(tuple)
TENSOR_TYPES = st.builds(TensorType, SHAPES, ELEMENT_TYPES)
VEC_TYPES = st.builds(VecType, st.lists(st.tuples(NAMES, st.integers(0, 4)), max_size=2),
                      TENSOR_TYPES)
VALUE_TYPES = st.one_of(TENSOR_TYPES, TENSOR_TYPES, VEC_TYPES)
I64 = st.integers(-2 ** 63, 2 ** 63 - 1)
TEXT = st.text(max_size=8)
LOCATIONS = st.one_of(st.none(), st.builds(Location, TEXT, st.integers(0, 10 ** 6),
                                           st.integers(0, 500)))
FUNC_INHERENT = {"sym_name", "function_type", "arg_attrs", "res_attrs", "sym_visibility"}


@st.composite
def dense_attrs(draw):
    t = draw(TENSOR_TYPES)
    dt, n = t.dtype, t.size
    if T.is_integer(dt):
        lo, hi = T.min_finite(dt), T.max_finite(dt)
        arr = np.array(draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)), dt.dtype)
    else:
        floats = st.floats(width=32) if draw(st.booleans()) else st.floats()
        values = draw(st.lists(floats, min_size=n, max_size=n))
        if T.is_complex(dt):
            values = [complex(v, w) for v, w in zip(values, draw(
                st.lists(floats, min_size=n, max_size=n)))]
        with np.errstate(over="ignore", invalid="ignore"):
            arr = np.array(values).astype(dt.dtype)
    return DenseAttr(arr.reshape(t.shape), t)


ANY_FLOAT = st.one_of(  # and every bit pattern: NaNs with payloads, infinities, subnormals
    st.floats(), st.binary(min_size=8, max_size=8).map(lambda b: struct.unpack("<d", b)[0]))
LEAVES = st.one_of(
    I64, st.booleans(), ANY_FLOAT, TEXT, ELEMENT_TYPES, TENSOR_TYPES, VEC_TYPES,
    st.lists(I64, max_size=3).map(tuple), dense_attrs(),
    st.builds(SymbolRef, st.text(min_size=1, max_size=6)), st.just(UNIT))
KEYS = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
                 st.text(min_size=1, max_size=6))
ATTR_VALUES = st.recursive(
    LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                    st.lists(inner, min_size=1, max_size=3).map(tuple),
                                    st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6)
ATTR_DICTS = st.dictionaries(KEYS, ATTR_VALUES, max_size=3)


@st.composite
def modules(draw):
    """A random module whose generic form MLIR accepts: regions end in `nx.yield`, module
    attributes are dialect-prefixed, function attributes avoid func.func's own names."""
    functions = []
    for k in range(draw(st.integers(1, 3))):
        attrs = draw(st.dictionaries(KEYS.filter(lambda s: s not in FUNC_INHERENT),
                                     ATTR_VALUES, max_size=2))
        f = Function(f"{draw(NAMES)}_{k}", draw(st.lists(VALUE_TYPES, max_size=3)), attrs,
                     draw(LOCATIONS))
        fill_block(draw, f.body, list(f.args), 0, "func.return")
        functions.append(f)
    attrs = draw(st.dictionaries(KEYS.map(lambda s: "nx." + s), ATTR_VALUES, max_size=2))
    return Module(functions, attrs)


def fill_block(draw, block, visible, depth, terminator):
    for _ in range(draw(st.integers(0, 4))):
        operands = draw(st.lists(st.sampled_from(visible), max_size=3)) if visible else []
        if operands and draw(st.booleans()):
            types = [operands[0].type] * draw(st.integers(0, 2))  # often the custom form's 1 type
        else:
            types = draw(st.lists(VALUE_TYPES, max_size=3))
        regions = []
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            for _ in range(draw(st.integers(1, 2))):
                blocks = []
                for _ in range(draw(st.integers(0, 2))):
                    b = Block(draw(st.lists(VALUE_TYPES, max_size=2)))
                    fill_block(draw, b, visible + b.args, depth + 1, "nx.yield")
                    blocks.append(b)
                regions.append(Region(blocks))
        name = draw(st.sampled_from(["nx.add", "nx.constant", "nx.while", "test.op_x"]))
        op = Operation(name, operands, types, draw(ATTR_DICTS), regions, draw(LOCATIONS))
        block.append(op)
        visible = visible + op.results
    operands = draw(st.lists(st.sampled_from(visible), max_size=2)) if visible else []
    attrs = draw(ATTR_DICTS) if terminator != "func.return" else {}
    block.append(Operation(terminator, operands, [], attrs, loc=draw(LOCATIONS)))


SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(modules())
def test_random_modules_round_trip(m):
    parsed = roundtrip(m)
    for (_generic, debug), p in parsed.items():
        assert_same_module(m, p, with_locs=debug)


# --- real MLIR reads the generic form -----------------------------------------------------------

@pytest.fixture(scope="module")
def mlir_context():
    ir = pytest.importorskip("jaxlib.mlir.ir")
    from jaxlib.mlir._mlir_libs import _jax_mlir_ext
    ctx = ir.Context()
    ctx.allow_unregistered_dialects = True
    registry = ir.DialectRegistry()
    _jax_mlir_ext.register_dialects(registry)
    ctx.append_dialect_registry(registry)
    ctx.load_all_available_dialects()
    return ir, ctx


@pytest.mark.parametrize("text", [GENERIC, ATTRS, VEC_LOC])
def test_mlir_parses_hand_written_generic_form(mlir_context, text):
    ir, ctx = mlir_context
    ir.Module.parse(print_module(parse_module(text), generic=True, debug_info=True), ctx)


@settings(SETTINGS, max_examples=50)
@given(m=modules())
def test_mlir_parses_random_generic_form(mlir_context, m):
    ir, ctx = mlir_context
    ir.Module.parse(print_module(m, generic=True, debug_info=True), ctx)
