"""Every `iex>` example of the `Nx` and `Nx.Constants` module docs (Nx v0.10, nx/lib/nx.ex and
nx/lib/nx/constants.ex) that the docstrings of the `nx` package do not already show, in the
Python API.

Each example is written as a doctest-like text: `>>>` lines are the Elixir example translated to
Python (API.md spelling: keyword options, string atoms, end-exclusive slices, tuples for Elixir
tuples), and the lines after them are Nx's printed result, converted only in syntax
(`#Nx.Tensor<` is `nx.Tensor<`, Elixir tuples/maps/atoms are Python tuples/dicts/strings). A
tensor result must print exactly as Nx prints it; `** (ArgumentError) ...` means the call must
raise (ValueError, TypeError or IndexError: the Python classes for Nx's ArgumentError).

The `Ex(..., line)` numbers are the lines of the example in Nx's nx.ex (or constants.ex for
`Constants.*`), v0.10.0. Examples that need `nx.vectorize` are skipped while it does not
exist; examples that show a known difference are marked xfail with the reason.
Everything runs on the eager numpy backend; `test_doc_examples_under_jit` re-runs a selection
inside `nx.jit`.
"""
from __future__ import annotations

import ast
import math
import re
import textwrap
from typing import NamedTuple

import numpy as np
import pytest

import nx

ERRORS = {
    "ArgumentError": (ValueError, TypeError, IndexError),
    "RuntimeError": (RuntimeError, ValueError, TypeError),
    "CompileError": (ValueError, TypeError),
}


def parse(text):
    """Doctest-like text -> [(code, expected_text | None)]."""
    steps = []
    lines = textwrap.dedent(text).strip("\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        assert line.startswith(">>> "), line
        code = [line[4:]]
        i += 1
        while i < len(lines) and lines[i].startswith("... "):
            code.append(lines[i][4:])
            i += 1
        exp = []
        while i < len(lines) and not lines[i].startswith(">>> "):
            exp.append(lines[i])
            i += 1
        steps.append(("\n".join(code), "\n".join(exp) if exp else None))
    return steps


_TENSOR_START = re.compile(r"nx\.Tensor<")


def expected_value(text):
    """The expected text -> a Python value whose tensors are `Repr(text)` placeholders."""
    lines = text.split("\n")
    blocks = []
    out_lines = []
    i = 0
    while i < len(lines):
        m = _TENSOR_START.search(lines[i])
        if not m:
            out_lines.append(lines[i])
            i += 1
            continue
        col = m.start()
        block = [lines[i][col:]]
        j = i + 1
        while lines[j][col:] != ">" or lines[j][:col].strip():
            block.append(lines[j][col:])
            j += 1
        block.append(">")
        blocks.append(Repr("\n".join(block)))
        rest = lines[j][col + 1:]
        out_lines.append(lines[i][:col] + f"__T[{len(blocks) - 1}]" + rest)
        i = j + 1
    src = "\n".join(out_lines).strip()
    return eval(src, {"__T": blocks, "nan": math.nan, "inf": math.inf})


class Repr:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def same(got, exp):
    if isinstance(exp, Repr):
        return isinstance(got, nx.Tensor) and repr(got) == exp.text
    if isinstance(exp, (tuple, list)):
        return (type(got) is type(exp) or isinstance(got, (tuple, list))) and len(got) == len(exp) and \
            all(same(g, e) for g, e in zip(got, exp))
    if isinstance(exp, dict):
        return isinstance(got, dict) and set(got) == set(exp) and all(same(got[k], exp[k]) for k in exp)
    if isinstance(exp, str) and exp in ("nan", "infinity", "neg_infinity"):
        return isinstance(got, float) and {"nan": math.isnan, "infinity": lambda x: x == math.inf,
                                           "neg_infinity": lambda x: x == -math.inf}[exp](got)
    if isinstance(exp, bool):
        return got is exp or (not isinstance(got, nx.Tensor) and got == exp)
    if isinstance(exp, float):
        return isinstance(got, float) and (got == exp or (math.isnan(got) and math.isnan(exp)))
    if isinstance(exp, int):
        return isinstance(got, int) and not isinstance(got, bool) and got == exp
    return type(got) is type(exp) and got == exp


def show(v):
    if isinstance(v, (tuple, list)):
        inner = ",\n".join(show(x) for x in v)
        return ("(" if isinstance(v, tuple) else "[") + inner + (")" if isinstance(v, tuple) else "]")
    if isinstance(v, dict):
        return "{" + ",\n".join(f"{k!r}: {show(x)}" for k, x in v.items()) + "}"
    return repr(v)


_NUM = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|NaN|-?Inf")


def _ulp_close(got, exp):
    """Same type line and layout; floats within 2 f32 ulps (Nx computes these in f64)."""
    if not (isinstance(exp, Repr) and isinstance(got, nx.Tensor)):
        return False
    g, e = repr(got).split("\n"), exp.text.split("\n")
    if g[:2] != e[:2] or len(g) != len(e) or _NUM.sub("#", repr(got)) != _NUM.sub("#", exp.text):
        return False
    conv = {"NaN": "nan", "Inf": "inf", "-Inf": "-inf"}
    gv = np.array([float(conv.get(x, x)) for x in _NUM.findall(repr(got))])
    ev = np.array([float(conv.get(x, x)) for x in _NUM.findall(exp.text)])
    return bool(np.allclose(gv, ev, rtol=2.4e-7, atol=0, equal_nan=True))


def run_example(text, env=None, ulp=False):
    """Runs one example; returns a list of mismatch descriptions (empty when it passes)."""
    env = dict(env or {})
    env.setdefault("nx", nx)
    env.setdefault("np", np)
    env.setdefault("math", math)
    problems = []
    for code, exp in parse(text):
        err = None
        if exp is not None and exp.startswith("** ("):
            kind = exp[4:exp.index(")")]
            try:
                exec(compile(code, "<example>", "exec"), env)
            except ERRORS.get(kind, (Exception,)) as e:
                err = e
            except Exception as e:  # the wrong class
                problems.append(f"{code}\n  raised {type(e).__name__}: {e}\n  expected {exp}")
                continue
            if err is None:
                problems.append(f"{code}\n  did not raise; expected {exp}")
            continue
        try:
            mod = ast.parse(code)
            last = mod.body[-1] if mod.body else None
            value = None
            if isinstance(last, (ast.Expr, ast.Assign)):
                exec(compile(ast.Module(mod.body[:-1], []), "<example>", "exec"), env)
                value = eval(compile(ast.Expression(last.value), "<example>", "eval"), env)
                if isinstance(last, ast.Assign):
                    env["__value"] = value
                    assign = ast.Assign(last.targets, ast.Name("__value", ast.Load()))
                    exec(compile(ast.fix_missing_locations(ast.Module([assign], [])), "<example>", "exec"), env)
            else:
                exec(compile(mod, "<example>", "exec"), env)
        except Exception as e:
            problems.append(f"{code}\n  raised {type(e).__name__}: {e}")
            break
        if exp is not None:
            want = expected_value(exp)
            if not (same(value, want) or (ulp and _ulp_close(value, want))):
                problems.append(f"{code}\n  got:\n{show(value)}\n  expected:\n{exp}")
    return problems


class Ex(NamedTuple):
    fun: str              # the Nx function whose docs show the example
    line: int             # where in nx.ex / constants.ex
    text: str             # the example
    vectorized: bool = False
    known: str | None = None   # a known difference (xfail), with where the fix belongs
    ulp: bool = False     # floats may differ from Nx's (f64-computed) ones by one f32 ulp


EXAMPLES = [
    # Nx.Constants.e
    Ex('Constants.e', 518, """
>>> nx.constants.e(("s", 32))
** (ArgumentError) only floating types are supported, got: {:s, 32}
"""),
    # Nx.Constants.epsilon
    Ex('Constants.epsilon', 414, """
>>> nx.constants.epsilon(("s", 32))
** (ArgumentError) only floating types are supported, got: {:s, 32}
"""),
    # Nx.Constants.i
    Ex('Constants.i', 315, """
>>> nx.constants.i(("f", 32))
** (ArgumentError) invalid type for complex number. Expected {:c, 64} or {:c, 128}, got: {:f, 32}
"""),
    # Nx.Constants.max
    Ex('Constants.max', 209, """
>>> nx.constants.max(("u", 8))
nx.Tensor<
  u8
  255
>
"""),
    Ex('Constants.max', 215, """
>>> nx.constants.max(("f", 32))
nx.Tensor<
  f32
  Inf
>
"""),
    # Nx.Constants.min
    Ex('Constants.min', 271, """
>>> nx.constants.min(("u", 8))
nx.Tensor<
  u8
  0
>
"""),
    Ex('Constants.min', 277, """
>>> nx.constants.min(("f", 32))
nx.Tensor<
  f32
  -Inf
>
"""),
    # Nx.Constants.smallest_positive_normal
    Ex('Constants.smallest_positive_normal', 365, """
>>> nx.constants.smallest_positive_normal(("s", 32))
** (ArgumentError) only floating types are supported, got: {:s, 32}
"""),
    # Nx.abs
    Ex('abs', 8138, """
>>> nx.abs(nx.tensor([-2, -1, 0, 1, 2], names=["x"]))
nx.Tensor<
  s32[x: 5]
  [2, 1, 0, 1, 2]
>
"""),
    # Nx.add
    Ex('add', 5493, """
>>> nx.add(1, 2)
nx.Tensor<
  s32
  3
>
"""),
    Ex('add', 5499, """
>>> nx.add(1, 2.2)
nx.Tensor<
  f32
  3.200000047683716
>
"""),
    Ex('add', 5507, """
>>> nx.add(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [2, 3, 4]
>
"""),
    Ex('add', 5513, """
>>> nx.add(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  s32[data: 3]
  [2, 3, 4]
>
"""),
    Ex('add', 5521, """
>>> nx.add(nx.tensor([1, 2, 3], names=["data"]), 1.0)
nx.Tensor<
  f32[data: 3]
  [2.0, 3.0, 4.0]
>
"""),
    Ex('add', 5527, """
>>> nx.add(nx.tensor([1.0, 2.0, 3.0], names=["data"]), 1)
nx.Tensor<
  f32[data: 3]
  [2.0, 3.0, 4.0]
>
"""),
    Ex('add', 5533, """
>>> nx.add(nx.tensor([1.0, 2.0, 3.0], type="f32", names=["data"]), 1)
nx.Tensor<
  f32[data: 3]
  [2.0, 3.0, 4.0]
>
"""),
    Ex('add', 5542, """
>>> nx.add(nx.tensor([0, 1, 2], type="u8", names=["data"]), -1)
nx.Tensor<
  s16[data: 3]
  [-1, 0, 1]
>
"""),
    Ex('add', 5550, """
>>> left = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
>>> right = nx.tensor([[10, 20], [30, 40]], names=[None, "y"])
>>> nx.add(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [11, 22],
    [33, 44]
  ]
>
"""),
    Ex('add', 5563, """
>>> left = nx.tensor([[1], [2]], names=[None, "y"])
>>> right = nx.tensor([[10, 20]], names=["x", None])
>>> nx.add(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [11, 21],
    [12, 22]
  ]
>
"""),
    Ex('add', 5574, """
>>> left = nx.tensor([[10, 20]], names=["x", None])
>>> right = nx.tensor([[1], [2]], names=[None, "y"])
>>> nx.add(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [11, 21],
    [12, 22]
  ]
>
"""),
    Ex('add', 5585, """
>>> left = nx.tensor([[1], [2]], names=["x", None])
>>> right = nx.tensor([[10, 20], [30, 40]])
>>> nx.add(left, right)
nx.Tensor<
  s32[x: 2][2]
  [
    [11, 21],
    [32, 42]
  ]
>
"""),
    Ex('add', 5596, """
>>> left = nx.tensor([[1, 2]])
>>> right = nx.tensor([[10, 20], [30, 40]])
>>> nx.add(left, right)
nx.Tensor<
  s32[2][2]
  [
    [11, 22],
    [31, 42]
  ]
>
"""),
    # Nx.all
    Ex('all', 8589, """
>>> t = nx.vectorize(nx.tensor([[0, 1], [1, 1]]), "x")
>>> nx.all(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 2]
  u8[1]
  [
    [0],
    [1]
  ]
>
""", vectorized=True),
    Ex('all', 8600, """
>>> t = nx.vectorize(nx.tensor([1, 0]), "x")
>>> nx.all(t)
nx.Tensor<
  vectorized[x: 2]
  u8
  [1, 0]
>
""", vectorized=True),
    # Nx.all_close
    Ex('all_close', 8766, """
>>> x = nx.vectorize(nx.tensor([0, 1]), "x")
>>> nx.all_close(x, x)
nx.Tensor<
  vectorized[x: 2]
  u8
  [1, 1]
>
""", vectorized=True),
    Ex('all_close', 8774, """
>>> x = nx.vectorize(nx.tensor([0, 1, 2]), "x")
>>> y = nx.vectorize(nx.tensor([0, 1]), "y")
>>> nx.all_close(x, y)
nx.Tensor<
  vectorized[x: 3][y: 2]
  u8
  [
    [1, 0],
    [0, 1],
    [0, 0]
  ]
>
""", vectorized=True),
    # Nx.any
    Ex('any', 8662, """
>>> t = nx.vectorize(nx.tensor([[0, 1], [0, 0]]), "x")
>>> nx.any(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 2]
  u8[1]
  [
    [1],
    [0]
  ]
>
""", vectorized=True),
    # Nx.argmax
    Ex('argmax', 10046, """
>>> nx.argmax(4)
nx.Tensor<
  s32
  0
>
"""),
    Ex('argmax', 10052, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]])
>>> nx.argmax(t)
nx.Tensor<
  s32
  10
>
"""),
    Ex('argmax', 10061, """
>>> nx.argmax(nx.tensor([2.0, 4.0]))
nx.Tensor<
  s32
  1
>
"""),
    Ex('argmax', 10070, """
>>> nx.argmax(nx.tensor([2.0, "nan", 4.0]))
nx.Tensor<
  s32
  1
>
"""),
    Ex('argmax', 10078, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]])
>>> nx.argmax(t, axis=0)
nx.Tensor<
  s32[2][3]
  [
    [1, 0, 0],
    [1, 1, 0]
  ]
>
"""),
    Ex('argmax', 10088, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmax(t, axis="y")
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [0, 0, 0],
    [0, 1, 0]
  ]
>
"""),
    Ex('argmax', 10098, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmax(t, axis="z")
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [0, 2],
    [0, 1]
  ]
>
"""),
    Ex('argmax', 10110, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmax(t, tie_break="low", axis="y")
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [0, 0, 0],
    [0, 1, 0]
  ]
>
"""),
    Ex('argmax', 10120, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmax(t, tie_break="high", axis="y", type="u32")
nx.Tensor<
  u32[x: 2][z: 3]
  [
    [0, 0, 1],
    [0, 1, 1]
  ]
>
"""),
    Ex('argmax', 10132, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmax(t, axis="y", keep_axis=True)
nx.Tensor<
  s32[x: 2][y: 1][z: 3]
  [
    [
      [0, 0, 0]
    ],
    [
      [0, 1, 0]
    ]
  ]
>
"""),
    Ex('argmax', 10148, """
>>> v = nx.vectorize(nx.tensor([[1, 2, 3], [6, 5, 4]]), "x")
>>> nx.argmax(v)
nx.Tensor<
  vectorized[x: 2]
  s32
  [2, 0]
>
>>> nx.argmax(v, axis=0)
nx.Tensor<
  vectorized[x: 2]
  s32
  [2, 0]
>
>>> nx.argmax(v, keep_axis=True)
nx.Tensor<
  vectorized[x: 2]
  s32[1]
  [
    [2],
    [0]
  ]
>
""", vectorized=True),
    # Nx.argmin
    Ex('argmin', 10194, """
>>> nx.argmin(4)
nx.Tensor<
  s32
  0
>
"""),
    Ex('argmin', 10200, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]])
>>> nx.argmin(t)
nx.Tensor<
  s32
  4
>
"""),
    Ex('argmin', 10209, """
>>> nx.argmin(nx.tensor([2.0, 4.0]))
nx.Tensor<
  s32
  0
>
"""),
    Ex('argmin', 10218, """
>>> nx.argmin(nx.tensor([2.0, "nan", 4.0]))
nx.Tensor<
  s32
  1
>
"""),
    Ex('argmin', 10226, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]])
>>> nx.argmin(t, axis=0)
nx.Tensor<
  s32[2][3]
  [
    [0, 0, 0],
    [0, 0, 0]
  ]
>
"""),
    Ex('argmin', 10236, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmin(t, axis=1)
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [1, 1, 0],
    [1, 0, 0]
  ]
>
"""),
    Ex('argmin', 10246, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmin(t, axis="z")
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [1, 1],
    [1, 2]
  ]
>
"""),
    Ex('argmin', 10258, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmin(t, tie_break="low", axis="y")
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [1, 1, 0],
    [1, 0, 0]
  ]
>
"""),
    Ex('argmin', 10268, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmin(t, tie_break="high", axis="y", type="u32")
nx.Tensor<
  u32[x: 2][z: 3]
  [
    [1, 1, 1],
    [1, 0, 1]
  ]
>
"""),
    Ex('argmin', 10280, """
>>> t = nx.tensor([[[4, 2, 3], [1, -5, 3]], [[6, 2, 3], [4, 8, 3]]], names=["x", "y", "z"])
>>> nx.argmin(t, axis="y", keep_axis=True)
nx.Tensor<
  s32[x: 2][y: 1][z: 3]
  [
    [
      [1, 1, 0]
    ],
    [
      [1, 0, 0]
    ]
  ]
>
"""),
    Ex('argmin', 10296, """
>>> v = nx.vectorize(nx.tensor([[1, 2, 3], [6, 5, 4]]), "x")
>>> nx.argmin(v)
nx.Tensor<
  vectorized[x: 2]
  s32
  [0, 2]
>
>>> nx.argmin(v, axis=0)
nx.Tensor<
  vectorized[x: 2]
  s32
  [0, 2]
>
>>> nx.argmin(v, keep_axis=True)
nx.Tensor<
  vectorized[x: 2]
  s32[1]
  [
    [0],
    [2]
  ]
>
""", vectorized=True),
    # Nx.argsort
    Ex('argsort', 15189, """
>>> t = nx.tensor([[3, 1, 7], [2, 5, 4]], names=["x", "y"])
>>> nx.argsort(t, axis="y")
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [1, 0, 2],
    [0, 2, 1]
  ]
>
"""),
    Ex('argsort', 15213, """
>>> t = nx.tensor([[[4, 5, 2], [2, 5, 3], [5, 0, 2]], [[1, 9, 8], [2, 1, 3], [2, 1, 4]]], names=["x", "y", "z"])
>>> nx.argsort(t, axis="x", stable=True)
nx.Tensor<
  s32[x: 2][y: 3][z: 3]
  [
    [
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0]
    ],
    [
      [0, 1, 1],
      [1, 0, 1],
      [0, 1, 1]
    ]
  ]
>
>>> nx.argsort(t, axis="y", stable=True)
nx.Tensor<
  s32[x: 2][y: 3][z: 3]
  [
    [
      [1, 2, 0],
      [0, 0, 2],
      [2, 1, 1]
    ],
    [
      [0, 1, 1],
      [1, 2, 2],
      [2, 0, 0]
    ]
  ]
>
"""),
    # Nx.as_type
    Ex('as_type', 2555, """
>>> nx.as_type(nx.tensor([0, 1, 2], names=["data"]), "f32")
nx.Tensor<
  f32[data: 3]
  [0.0, 1.0, 2.0]
>
"""),
    Ex('as_type', 2561, """
>>> nx.as_type(nx.tensor([0.0, 1.0, 2.0], names=["data"]), "bf16")
nx.Tensor<
  bf16[data: 3]
  [0.0, 1.0, 2.0]
>
"""),
    Ex('as_type', 2567, """
>>> nx.as_type(nx.tensor([0.0, 1.0, 2.0], names=["data"]), "s64")
nx.Tensor<
  s64[data: 3]
  [0, 1, 2]
>
"""),
    Ex('as_type', 2575, """
>>> nx.as_type(nx.tensor([1, -2]), "c64")
nx.Tensor<
  c64[2]
  [1.0+0.0i, -2.0+0.0i]
>
"""),
    Ex('as_type', 2583, """
>>> nx.as_type(nx.tensor([complex(1, 2), complex(0, 3), complex(4, 5)]), "f64")
nx.Tensor<
  f64[3]
  [1.0, 0.0, 4.0]
>
"""),
    Ex('as_type', 2589, """
>>> nx.as_type(nx.tensor([complex(-1, 2), complex(-2, 3), complex(3, -4)]), "s64")
nx.Tensor<
  s64[3]
  [-1, -2, 3]
>
"""),
    Ex('as_type', 2598, """
>>> non_finite = nx.tensor(["infinity", "nan", "neg_infinity"])
>>> nx.as_type(non_finite, "u8")
nx.Tensor<
  u8[3]
  [255, 0, 0]
>
>>> nx.as_type(non_finite, "s32")
nx.Tensor<
  s32[3]
  [2147483647, 0, -2147483648]
>
"""),
    Ex('as_type', 2612, """
>>> non_finite = nx.tensor(["infinity", "nan"])
>>> nx.as_type(non_finite, "f64")
nx.Tensor<
  f64[2]
  [Inf, NaN]
>
>>> nx.as_type(non_finite, "f16")
nx.Tensor<
  f16[2]
  [Inf, NaN]
>
"""),
    Ex('as_type', 2629, """
>>> nx.as_type(1.0e-128, "f32")
nx.Tensor<
  f32
  0.0
>
>>> nx.as_type(1.0e-128, "f64")
nx.Tensor<
  f64
  1.0e-128
>
"""),
    # Nx.atan2
    Ex('atan2', 6086, """
>>> nx.atan2(1, 2)
nx.Tensor<
  f32
  0.46364760398864746
>
""", ulp=True),
    Ex('atan2', 6094, """
>>> nx.atan2(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  f32[data: 3]
  [0.7853981852531433, 1.1071487665176392, 1.249045729637146]
>
""", ulp=True),
    Ex('atan2', 6100, """
>>> nx.atan2(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [0.7853981852531433, 0.46364760398864746, 0.32175055146217346]
>
""", ulp=True),
    Ex('atan2', 6108, """
>>> neg_and_pos_zero_columns = nx.tensor([[-0.0], [0.0]], type="f64")
>>> neg_and_pos_zero_rows = nx.tensor([-0.0, 0.0], type="f64")
>>> nx.atan2(neg_and_pos_zero_columns, neg_and_pos_zero_rows)
nx.Tensor<
  f64[2][2]
  [
    [-3.141592653589793, -0.0],
    [3.141592653589793, 0.0]
  ]
>
"""),
    # Nx.axis_index
    Ex('axis_index', 4220, """
>>> nx.axis_index(nx.iota((100, 10, 20)), 0)
0
"""),
    Ex('axis_index', 4223, """
>>> nx.axis_index(nx.iota((100, 10, 20)), -1)
2
"""),
    Ex('axis_index', 4226, """
>>> nx.axis_index(nx.iota((100, 10, 20), names=["batch", "x", "y"]), "x")
1
"""),
    Ex('axis_index', 4231, """
>>> nx.axis_index(nx.iota((100, 10, 20)), 3)
** (ArgumentError) given axis (3) invalid for shape with rank 3
"""),
    Ex('axis_index', 4234, """
>>> nx.axis_index(nx.iota((100, 10, 20), names=["batch", "x", "y"]), "z")
** (ArgumentError) name :z not found in tensor with names [:batch, :x, :y]
"""),
    # Nx.axis_size
    Ex('axis_size', 4201, """
>>> nx.axis_size(nx.iota((100, 10, 20)), 0)
100
"""),
    Ex('axis_size', 4204, """
>>> nx.axis_size(nx.iota((100, 10, 20), names=["batch", "x", "y"]), "y")
20
"""),
    # Nx.bit_size
    Ex('bit_size', 4342, """
>>> nx.bit_size(nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x"))
128
""", vectorized=True),
    # Nx.bitcast
    Ex('bitcast', 2683, """
>>> t = nx.vectorize(nx.tensor([[0, -1], [1, -2], [2, -3]], type="s8"), "x")
nx.Tensor<
  vectorized[x: 3]
  s8[2]
  [
    [0, -1],
    [1, -2],
    [2, -3]
  ]
>
>>> nx.bitcast(t, "u8")
nx.Tensor<
  vectorized[x: 3]
  u8[2]
  [
    [0, 255],
    [1, 254],
    [2, 253]
  ]
>
""", vectorized=True),
    Ex('bitcast', 2706, """
>>> nx.bitcast(nx.tensor([0, 1, 2], names=["data"], type="s16"), "f32")
** (ArgumentError) input type width must match new type width, got input type {:s, 16} and output type {:f, 32}
"""),
    Ex('bitcast', 2709, """
>>> nx.bitcast(nx.tensor([0], type="c64"), "s64")
** (ArgumentError) Nx.bitcast/2 does not support complex inputs
"""),
    Ex('bitcast', 2712, """
>>> nx.bitcast(nx.tensor([0], type="s64"), "c64")
** (ArgumentError) Nx.bitcast/2 does not support complex inputs
"""),
    # Nx.bitwise_and
    Ex('bitwise_and', 6301, """
>>> nx.bitwise_and(1, 0)
nx.Tensor<
  s32
  0
>
"""),
    Ex('bitwise_and', 6309, """
>>> nx.bitwise_and(nx.tensor([0, 1, 2], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [0, 1, 0]
>
"""),
    Ex('bitwise_and', 6315, """
>>> nx.bitwise_and(nx.tensor([0, -1, -2], names=["data"]), -1)
nx.Tensor<
  s32[data: 3]
  [0, -1, -2]
>
"""),
    Ex('bitwise_and', 6323, """
>>> nx.bitwise_and(nx.tensor([0, 0, 1, 1], names=["data"]), nx.tensor([0, 1, 0, 1]))
nx.Tensor<
  s32[data: 4]
  [0, 0, 0, 1]
>
"""),
    Ex('bitwise_and', 6331, """
>>> nx.bitwise_and(nx.tensor([0, 0, 1, 1]), 1.0)
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.bitwise_not
    Ex('bitwise_not', 8358, """
>>> nx.bitwise_not(1)
nx.Tensor<
  s32
  -2
>
"""),
    Ex('bitwise_not', 8364, """
>>> nx.bitwise_not(nx.tensor([-1, 0, 1], type="s8", names=["x"]))
nx.Tensor<
  s8[x: 3]
  [0, -1, -2]
>
"""),
    Ex('bitwise_not', 8370, """
>>> nx.bitwise_not(nx.tensor([0, 1, 254, 255], type="u8", names=["x"]))
nx.Tensor<
  u8[x: 4]
  [255, 254, 1, 0]
>
"""),
    Ex('bitwise_not', 8378, """
>>> nx.bitwise_not(nx.tensor([0.0, 1.0]))
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.bitwise_or
    Ex('bitwise_or', 6356, """
>>> nx.bitwise_or(1, 0)
nx.Tensor<
  s32
  1
>
"""),
    Ex('bitwise_or', 6364, """
>>> nx.bitwise_or(nx.tensor([0, 1, 2], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [1, 1, 3]
>
"""),
    Ex('bitwise_or', 6370, """
>>> nx.bitwise_or(nx.tensor([0, -1, -2], names=["data"]), -1)
nx.Tensor<
  s32[data: 3]
  [-1, -1, -1]
>
"""),
    Ex('bitwise_or', 6378, """
>>> nx.bitwise_or(nx.tensor([0, 0, 1, 1], names=["data"]), nx.tensor([0, 1, 0, 1], names=["data"]))
nx.Tensor<
  s32[data: 4]
  [0, 1, 1, 1]
>
"""),
    Ex('bitwise_or', 6386, """
>>> nx.bitwise_or(nx.tensor([0, 0, 1, 1]), 1.0)
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.bitwise_xor
    Ex('bitwise_xor', 6406, """
>>> nx.bitwise_xor(1, 0)
nx.Tensor<
  s32
  1
>
"""),
    Ex('bitwise_xor', 6414, """
>>> nx.bitwise_xor(nx.tensor([1, 2, 3], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [3, 0, 1]
>
"""),
    Ex('bitwise_xor', 6420, """
>>> nx.bitwise_xor(nx.tensor([-1, -2, -3], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [-3, -4, -1]
>
"""),
    Ex('bitwise_xor', 6428, """
>>> nx.bitwise_xor(nx.tensor([0, 0, 1, 1]), nx.tensor([0, 1, 0, 1], names=["data"]))
nx.Tensor<
  s32[data: 4]
  [0, 1, 1, 0]
>
"""),
    Ex('bitwise_xor', 6436, """
>>> nx.bitwise_xor(nx.tensor([0, 0, 1, 1]), 1.0)
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.broadcast
    Ex('broadcast', 3563, """
>>> nx.broadcast(1, (1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [1, 1, 1],
      [1, 1, 1]
    ]
  ]
>
"""),
    Ex('broadcast', 3574, """
>>> nx.broadcast(nx.tensor([[1], [2]], names=["x", "y"]), nx.tensor([[10, 20], [30, 40]], names=["i", "j"]))
nx.Tensor<
  s32[i: 2][j: 2]
  [
    [1, 1],
    [2, 2]
  ]
>
"""),
    Ex('broadcast', 3583, """
>>> nx.broadcast(nx.tensor([[1, 2]], names=["x", "y"]), nx.tensor([[10, 20], [30, 40]], names=["i", "j"]))
nx.Tensor<
  s32[i: 2][j: 2]
  [
    [1, 2],
    [1, 2]
  ]
>
"""),
    Ex('broadcast', 3595, """
>>> nx.broadcast(nx.iota((2, 2), names=["x", "y"]), (2, 2))
nx.Tensor<
  s32[2][2]
  [
    [0, 1],
    [2, 3]
  ]
>
"""),
    Ex('broadcast', 3604, """
>>> nx.broadcast(nx.iota((2, 2), names=["x", "y"]), (2, 2), names=["i", "j"])
nx.Tensor<
  s32[i: 2][j: 2]
  [
    [0, 1],
    [2, 3]
  ]
>
"""),
    Ex('broadcast', 3620, """
>>> t = nx.tensor([1, 2, 3])
>>> nx.broadcast(t, (3, 2), axes=[0], names=["x", "y"])
nx.Tensor<
  s32[x: 3][y: 2]
  [
    [1, 1],
    [2, 2],
    [3, 3]
  ]
>
"""),
    Ex('broadcast', 3633, """
>>> t = nx.tensor([1, 2, 3])
>>> nx.broadcast(t, (2, 3, 2), axes=[1], names=["x", "y", "z"])
nx.Tensor<
  s32[x: 2][y: 3][z: 2]
  [
    [
      [1, 1],
      [2, 2],
      [3, 3]
    ],
    [
      [1, 1],
      [2, 2],
      [3, 3]
    ]
  ]
>
"""),
    Ex('broadcast', 3655, """
>>> a = nx.vectorize(nx.tensor([[[1, 2, 3]], [[4, 5, 6]]]), "x")
>>> nx.broadcast(a, (2, 3))
nx.Tensor<
  vectorized[x: 2]
  s32[2][3]
  [
    [
      [1, 2, 3],
      [1, 2, 3]
    ],
    [
      [4, 5, 6],
      [4, 5, 6]
    ]
  ]
>
""", vectorized=True),
    Ex('broadcast', 3674, """
>>> a = nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]]), "x")
nx.Tensor<
  vectorized[x: 2]
  s32[3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
>>> b = nx.vectorize(nx.tensor([[[1, 2, 3], [4, 5, 6]]], names=[None, None, "y"]), "a")
nx.Tensor<
  vectorized[a: 1]
  s32[2][y: 3]
  [
    [
      [1, 2, 3],
      [4, 5, 6]
    ]
  ]
>
>>> nx.broadcast(a, b, axes=[1], names=["i", "j"])
nx.Tensor<
  vectorized[x: 2]
  s32[i: 2][j: 3]
  [
    [
      [1, 2, 3],
      [1, 2, 3]
    ],
    [
      [4, 5, 6],
      [4, 5, 6]
    ]
  ]
>
""", vectorized=True),
    # Nx.broadcast_vectors
    Ex('broadcast_vectors', 5063, """
>>> x = nx.vectorize(nx.tensor([1, 2]), "x")
nx.Tensor<
  vectorized[x: 2]
  s32
  [1, 2]
>
>>> xy = nx.vectorize(nx.vectorize(nx.tensor([[[5]], [[6]]]), "y"), "x")
nx.Tensor<
  vectorized[y: 2][x: 1]
  s32[1]
  [
    [
      [5]
    ],
    [
      [6]
    ]
  ]
>
>>> [broadcast_x, broadcast_xy] = nx.broadcast_vectors([x, xy], align_ranks=True)
>>> broadcast_x
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[1]
  [
    [
      [1],
      [1]
    ],
    [
      [2],
      [2]
    ]
  ]
>
>>> broadcast_xy
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[1]
  [
    [
      [5],
      [6]
    ],
    [
      [5],
      [6]
    ]
  ]
>
>>> [broadcast_xy, broadcast_x] = nx.broadcast_vectors([xy, x])
>>> broadcast_x
nx.Tensor<
  vectorized[y: 2][x: 2]
  s32
  [
    [1, 2],
    [1, 2]
  ]
>
>>> broadcast_xy
nx.Tensor<
  vectorized[y: 2][x: 2]
  s32[1]
  [
    [
      [5],
      [5]
    ],
    [
      [6],
      [6]
    ]
  ]
>
""", vectorized=True),
    # Nx.byte_size
    Ex('byte_size', 4307, """
>>> nx.byte_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
24
>>> nx.byte_size(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
24
>>> nx.byte_size(nx.tensor([[1, 2, 3], [4, 5, 6]], type="u8"))
6
>>> nx.byte_size(1)
4
"""),
    Ex('byte_size', 4318, """
>>> nx.byte_size(nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x"))
16
""", vectorized=True),
    # Nx.clip
    Ex('clip', 13312, """
>>> t = nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], type="f32", names=["x", "y"])
>>> nx.clip(t, 1, 4)
nx.Tensor<
  f32[x: 2][y: 3]
  [
    [1.0, 2.0, 3.0],
    [4.0, 4.0, 4.0]
  ]
>
"""),
    Ex('clip', 13327, """
>>> t = nx.vectorize(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], type="f32", names=[None, "y"]), "x")
>>> nx.clip(t, 1, 4)
nx.Tensor<
  vectorized[x: 2]
  f32[y: 3]
  [
    [1.0, 2.0, 3.0],
    [4.0, 4.0, 4.0]
  ]
>
""", vectorized=True),
    # Nx.concatenate
    Ex('concatenate', 14560, """
>>> nx.concatenate([nx.tensor([1, 2, 3])])
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('concatenate', 14576, """
>>> t1 = nx.iota((2, 2, 2), names=["x", "y", "z"], type="f32")
>>> t2 = nx.iota((1, 2, 2), names=["x", "y", "z"], type="u8")
>>> t3 = nx.iota((1, 2, 2), names=["x", "y", "z"], type="s64")
>>> nx.concatenate([t1, t2, t3], axis="x")
nx.Tensor<
  f32[x: 4][y: 2][z: 2]
  [
    [
      [0.0, 1.0],
      [2.0, 3.0]
    ],
    [
      [4.0, 5.0],
      [6.0, 7.0]
    ],
    [
      [0.0, 1.0],
      [2.0, 3.0]
    ],
    [
      [0.0, 1.0],
      [2.0, 3.0]
    ]
  ]
>
"""),
    Ex('concatenate', 14604, """
>>> t1 = nx.iota((1, 3, 2), names=["x", "y", "z"])
>>> t2 = nx.iota((1, 1, 2), names=["x", "y", "z"])
>>> t3 = nx.iota((1, 2, 2), names=["x", "y", "z"])
>>> nx.concatenate([t1, t2, t3], axis="y")
nx.Tensor<
  s32[x: 1][y: 6][z: 2]
  [
    [
      [0, 1],
      [2, 3],
      [4, 5],
      [0, 1],
      [0, 1],
      [2, 3]
    ]
  ]
>
"""),
    Ex('concatenate', 14637, """
>>> x = nx.vectorize(nx.tensor([[1, 2]]), "x")
>>> y = nx.vectorize(nx.tensor([[3, 4], [5, 6]]), "y")
>>> z = nx.vectorize(nx.tensor([[10], [11]]), "x")
>>> nx.concatenate((x, y, z))
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[5]
  [
    [
      [1, 2, 3, 4, 10],
      [1, 2, 5, 6, 10]
    ],
    [
      [1, 2, 3, 4, 11],
      [1, 2, 5, 6, 11]
    ]
  ]
>
""", vectorized=True),
    Ex('concatenate', 14662, """
>>> t1 = nx.iota((1, 2, 3))
>>> t2 = nx.iota((1, 1, 3))
>>> result = nx.concatenate([t1, t2], axis=1)
>>> nx.shape(result)
(1, 3, 3)
>>> nx.concatenate([t1, t2], axis=0)
** (ArgumentError) expected all shapes to match {*, 2, 3}, got unmatching shape: {1, 1, 3}
"""),
    Ex('concatenate', 14672, """
>>> t1 = nx.iota((1, 2, 3))
>>> t2 = nx.iota((1, 1))
>>> nx.concatenate([t1, t2])
** (ArgumentError) expected all shapes to match {*, 2, 3}, got unmatching shape: {1, 1}
"""),
    # Nx.count_leading_zeros
    Ex('count_leading_zeros', 8436, """
>>> nx.count_leading_zeros(1)
nx.Tensor<
  s32
  31
>
"""),
    Ex('count_leading_zeros', 8442, """
>>> nx.count_leading_zeros(-1)
nx.Tensor<
  s32
  0
>
"""),
    Ex('count_leading_zeros', 8448, """
>>> nx.count_leading_zeros(nx.tensor([0, 0xF, 0xFF, 0xFFFF], names=["x"]))
nx.Tensor<
  s32[x: 4]
  [32, 28, 24, 16]
>
"""),
    Ex('count_leading_zeros', 8454, """
>>> nx.count_leading_zeros(nx.tensor([0xF0000000, 0x0F000000], names=["x"]))
nx.Tensor<
  s32[x: 2]
  [0, 4]
>
"""),
    Ex('count_leading_zeros', 8460, """
>>> nx.count_leading_zeros(nx.tensor([0, 0xF, 0xFF, 0xFFFF], type="s64", names=["x"]))
nx.Tensor<
  s64[x: 4]
  [64, 60, 56, 48]
>
"""),
    Ex('count_leading_zeros', 8466, """
>>> nx.count_leading_zeros(nx.tensor([0, 0xF, 0xFF, 0xFFFF], type="s16", names=["x"]))
nx.Tensor<
  s16[x: 4]
  [16, 12, 8, 0]
>
"""),
    Ex('count_leading_zeros', 8472, """
>>> nx.count_leading_zeros(nx.tensor([0, 1, 2, 4, 8, 16, 32, 64, -1, -128], type="s8", names=["x"]))
nx.Tensor<
  s8[x: 10]
  [8, 7, 6, 5, 4, 3, 2, 1, 0, 0]
>
"""),
    Ex('count_leading_zeros', 8478, """
>>> nx.count_leading_zeros(nx.tensor([0, 1, 2, 4, 8, 16, 32, 64, 128], type="u8", names=["x"]))
nx.Tensor<
  u8[x: 9]
  [8, 7, 6, 5, 4, 3, 2, 1, 0]
>
"""),
    Ex('count_leading_zeros', 8486, """
>>> nx.count_leading_zeros(nx.tensor([0.0, 1.0]))
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.covariance
    Ex('covariance', 15911, """
>>> nx.covariance(nx.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]))
nx.Tensor<
  f32[2][2][2]
  [
    [
      [2.6666667461395264, 2.6666667461395264],
      [2.6666667461395264, 2.6666667461395264]
    ],
    [
      [2.6666667461395264, 2.6666667461395264],
      [2.6666667461395264, 2.6666667461395264]
    ]
  ]
>
"""),
    # Nx.cumulative_max
    Ex('cumulative_max', 11353, """
>>> nx.cumulative_max(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=0)
nx.Tensor<
  s32[3][3]
  [
    [2, 3, 1],
    [2, 3, 2],
    [2, 3, 3]
  ]
>
"""),
    Ex('cumulative_max', 11363, """
>>> nx.cumulative_max(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=1)
nx.Tensor<
  s32[3][3]
  [
    [2, 3, 3],
    [1, 3, 3],
    [2, 2, 3]
  ]
>
"""),
    Ex('cumulative_max', 11383, """
>>> nx.cumulative_max(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=1, reverse=True)
nx.Tensor<
  s32[3][3]
  [
    [3, 3, 1],
    [3, 3, 2],
    [3, 3, 3]
  ]
>
"""),
    Ex('cumulative_max', 11398, """
>>> nx.cumulative_max(nx.vectorize(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), "x"), axis=0)
nx.Tensor<
  vectorized[x: 3]
  s32[3]
  [
    [2, 3, 3],
    [1, 3, 3],
    [2, 2, 3]
  ]
>
""", vectorized=True),
    # Nx.cumulative_min
    Ex('cumulative_min', 11277, """
>>> nx.cumulative_min(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=0)
nx.Tensor<
  s32[3][3]
  [
    [2, 3, 1],
    [1, 3, 1],
    [1, 1, 1]
  ]
>
"""),
    Ex('cumulative_min', 11297, """
>>> nx.cumulative_min(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=0, reverse=True)
nx.Tensor<
  s32[3][3]
  [
    [1, 1, 1],
    [1, 1, 2],
    [2, 1, 3]
  ]
>
"""),
    Ex('cumulative_min', 11307, """
>>> nx.cumulative_min(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), axis=1, reverse=True)
nx.Tensor<
  s32[3][3]
  [
    [1, 1, 1],
    [1, 2, 2],
    [1, 1, 3]
  ]
>
"""),
    Ex('cumulative_min', 11322, """
>>> nx.cumulative_min(nx.vectorize(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), "x"), axis=0)
nx.Tensor<
  vectorized[x: 3]
  s32[3]
  [
    [2, 2, 1],
    [1, 1, 1],
    [2, 1, 1]
  ]
>
""", vectorized=True),
    # Nx.cumulative_product
    Ex('cumulative_product', 11201, """
>>> nx.cumulative_product(nx.iota((3, 3)), axis=0)
nx.Tensor<
  s32[3][3]
  [
    [0, 1, 2],
    [0, 4, 10],
    [0, 28, 80]
  ]
>
"""),
    Ex('cumulative_product', 11211, """
>>> nx.cumulative_product(nx.iota((3, 3)), axis=1)
nx.Tensor<
  s32[3][3]
  [
    [0, 0, 0],
    [3, 12, 60],
    [6, 42, 336]
  ]
>
"""),
    Ex('cumulative_product', 11221, """
>>> nx.cumulative_product(nx.iota((3, 3)), axis=0, reverse=True)
nx.Tensor<
  s32[3][3]
  [
    [0, 28, 80],
    [18, 28, 40],
    [6, 7, 8]
  ]
>
"""),
    Ex('cumulative_product', 11246, """
>>> nx.cumulative_product(nx.vectorize(nx.tensor([[2, 3, 0], [1, 3, 2], [2, 1, 3]]), "x"), axis=0)
nx.Tensor<
  vectorized[x: 3]
  s32[3]
  [
    [2, 6, 0],
    [1, 3, 6],
    [2, 2, 6]
  ]
>
""", vectorized=True),
    # Nx.cumulative_sum
    Ex('cumulative_sum', 11125, """
>>> nx.cumulative_sum(nx.iota((3, 3)), axis=0)
nx.Tensor<
  s32[3][3]
  [
    [0, 1, 2],
    [3, 5, 7],
    [9, 12, 15]
  ]
>
"""),
    Ex('cumulative_sum', 11155, """
>>> nx.cumulative_sum(nx.iota((3, 3)), axis=1, reverse=True)
nx.Tensor<
  s32[3][3]
  [
    [3, 3, 2],
    [12, 9, 5],
    [21, 15, 8]
  ]
>
"""),
    Ex('cumulative_sum', 11170, """
>>> nx.cumulative_sum(nx.vectorize(nx.tensor([[2, 3, 1], [1, 3, 2], [2, 1, 3]]), "x"), axis=0)
nx.Tensor<
  vectorized[x: 3]
  s32[3]
  [
    [2, 5, 6],
    [1, 4, 6],
    [2, 3, 6]
  ]
>
""", vectorized=True),
    # Nx.deserialize
    Ex('deserialize', 15415, """
>>> a = nx.tensor([1, 2, 3])
>>> serialized_a = nx.serialize(a)
>>> nx.deserialize(serialized_a)
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    # Nx.devectorize
    Ex('devectorize', 4853, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((1, 2, 3)), "x"), "y")
nx.Tensor<
  vectorized[x: 1][y: 2]
  s32[3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.devectorize(t)
nx.Tensor<
  s32[x: 1][y: 2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.devectorize(t, keep_names=False)
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
""", vectorized=True),
    # Nx.diff
    Ex('diff', 11450, """
>>> nx.diff(nx.tensor([[1, 3, 6, 10], [0, 5, 6, 8]]))
nx.Tensor<
  s32[2][3]
  [
    [2, 3, 4],
    [5, 1, 2]
  ]
>
"""),
    Ex('diff', 11473, """
>>> nx.diff(nx.tensor([1, 2, 4, 7, 0]), order=-1)
** (ArgumentError) order must be non-negative but got: -1
"""),
    # Nx.divide
    Ex('divide', 5913, """
>>> nx.divide(1, 2)
nx.Tensor<
  f32
  0.5
>
"""),
    Ex('divide', 5921, """
>>> nx.divide(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  f32[data: 3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('divide', 5927, """
>>> nx.divide(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [1.0, 0.5, 0.3333333432674408]
>
"""),
    Ex('divide', 5935, """
>>> left = nx.tensor([[1], [2]], names=["x", None])
>>> right = nx.tensor([[10, 20]], names=[None, "y"])
>>> nx.divide(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [0.10000000149011612, 0.05000000074505806],
    [0.20000000298023224, 0.10000000149011612]
  ]
>
"""),
    Ex('divide', 5946, """
>>> left = nx.tensor([[1], [2]], type="s8")
>>> right = nx.tensor([[10, 20]], type="s8", names=["x", "y"])
>>> nx.divide(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [0.10000000149011612, 0.05000000074505806],
    [0.20000000298023224, 0.10000000149011612]
  ]
>
"""),
    Ex('divide', 5957, """
>>> left = nx.tensor([[1], [2]], type="f32", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="f32", names=[None, "y"])
>>> nx.divide(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [0.10000000149011612, 0.05000000074505806],
    [0.20000000298023224, 0.10000000149011612]
  ]
>
"""),
    # Nx.dot
    Ex('dot', 12023, """
>>> nx.dot(5, 5)
nx.Tensor<
  s32
  25
>
"""),
    Ex('dot', 12029, """
>>> nx.dot(-2.0, 5.0)
nx.Tensor<
  f32
  -10.0
>
"""),
    Ex('dot', 12035, """
>>> nx.dot(2, 2.0)
nx.Tensor<
  f32
  4.0
>
"""),
    Ex('dot', 12043, """
>>> nx.dot(nx.tensor([1, 2, 3]), nx.tensor([4, 5, 6]))
nx.Tensor<
  s32
  32
>
"""),
    Ex('dot', 12049, """
>>> nx.dot(nx.tensor([2.0, 4.0, 3.0, 5.0]), nx.tensor([1.0, 2.0, 3.0, 4.0]))
nx.Tensor<
  f32
  39.0
>
"""),
    Ex('dot', 12055, """
>>> nx.dot(nx.tensor([1.0, 2.0, 3.0]), nx.tensor([1, 2, 3]))
nx.Tensor<
  f32
  14.0
>
"""),
    Ex('dot', 12063, """
>>> left = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["i", "j"])
>>> right = nx.tensor([[7, 8], [9, 10], [11, 12]], names=["x", "y"])
>>> nx.dot(left, right)
nx.Tensor<
  s32[i: 2][y: 2]
  [
    [58, 64],
    [139, 154]
  ]
>
"""),
    Ex('dot', 12074, """
>>> left = nx.tensor([[10.0, 13.0, 14.0, 15.0], [59.0, 20.0, 10.0, 30.0]], names=["i", "j"])
>>> right = nx.tensor([[2.0, 4.0], [5.0, 1.0], [6.0, 8.0], [9.0, 10.0]], names=["x", "y"])
>>> nx.dot(left, right)
nx.Tensor<
  f32[i: 2][y: 2]
  [
    [304.0, 315.0],
    [548.0, 636.0]
  ]
>
"""),
    Ex('dot', 12085, """
>>> left = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["i", "j"])
>>> right = nx.tensor([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]], names=["x", "y"])
>>> nx.dot(left, right)
nx.Tensor<
  f32[i: 2][y: 2]
  [
    [58.0, 64.0],
    [139.0, 154.0]
  ]
>
"""),
    Ex('dot', 12098, """
>>> left = nx.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], names=["i", "j", "k"])
>>> right = nx.tensor([5, 10], names=["x"])
>>> nx.dot(left, right)
nx.Tensor<
  s32[i: 2][j: 2]
  [
    [25, 55],
    [85, 115]
  ]
>
"""),
    Ex('dot', 12109, """
>>> left = nx.tensor([5, 10], names=["x"])
>>> right = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["i", "j"])
>>> nx.dot(left, right)
nx.Tensor<
  s32[j: 3]
  [45, 60, 75]
>
"""),
    Ex('dot', 12117, """
>>> left = nx.tensor([[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]], names=["shard", "batch", "x", "y", "z"])
>>> right = nx.tensor([2.0, 2.0], names=["data"])
>>> nx.dot(left, right)
nx.Tensor<
  f32[shard: 1][batch: 1][x: 2][y: 2]
  [
    [
      [
        [6.0, 14.0],
        [22.0, 30.0]
      ]
    ]
  ]
>
"""),
    Ex('dot', 12134, """
>>> left = nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["x", "y", "z"])
>>> right = nx.tensor([[[1, 2, 3], [3, 4, 5], [5, 6, 7]]], names=["i", "j", "k"])
>>> nx.dot(left, right)
nx.Tensor<
  s32[x: 2][y: 3][i: 1][k: 3]
  [
    [
      [
        [22, 28, 34]
      ],
      [
        [49, 64, 79]
      ],
      [
        [76, 100, 124]
      ]
    ],
    [
      [
        [22, 28, 34]
      ],
      [
        [49, 64, 79]
      ],
      [
        [76, 100, 124]
      ]
    ]
  ]
>
"""),
    Ex('dot', 12170, """
>>> t1 = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
>>> t2 = nx.vectorize(nx.tensor([[10, 20], [30, 40]]), "x")
>>> nx.dot(t1, t2)
nx.Tensor<
  vectorized[x: 2]
  s32
  [50, 250]
>
""", vectorized=True),
    Ex('dot', 12179, """
>>> t1 = nx.vectorize(nx.tensor([1, 2]), "x")
>>> t2 = nx.vectorize(nx.tensor([[10, 20]]), "y")
>>> nx.dot(t1, t2)
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2]
  [
    [
      [10, 20]
    ],
    [
      [20, 40]
    ]
  ]
>
""", vectorized=True),
    Ex('dot', 12198, """
>>> nx.dot(nx.tensor([1, 2, 3]), nx.tensor([1, 2]))
** (ArgumentError) dot/zip expects shapes to be compatible, dimension 0 of left-side (3) does not equal dimension 0 of right-side (2)
"""),
    Ex('dot', 12225, """
>>> t1 = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
>>> t2 = nx.tensor([[10, 20], [30, 40]], names=["height", "width"])
>>> nx.dot(t1, [0], t2, [0])
nx.Tensor<
  s32[y: 2][width: 2]
  [
    [100, 140],
    [140, 200]
  ]
>
"""),
    Ex('dot', 12236, """
>>> t1 = nx.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
>>> t2 = nx.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
>>> nx.dot(t1, [0, 1], t2, [1, 0])
nx.Tensor<
  f32
  50.0
>
"""),
    Ex('dot', 12249, """
>>> t1 = nx.vectorize(nx.tensor([[[1, 1], [2, 2]], [[1, 1], [1, 1]]]), "x")
>>> t2 = nx.tensor([[1, 2], [3, 4]])
>>> nx.dot(t1, [0], t2, [0])
nx.Tensor<
  vectorized[x: 2]
  s32[2][2]
  [
    [
      [7, 10],
      [7, 10]
    ],
    [
      [4, 6],
      [4, 6]
    ]
  ]
>
>>> nx.dot(t1, [1], t2, [0])
nx.Tensor<
  vectorized[x: 2]
  s32[2][2]
  [
    [
      [4, 6],
      [8, 12]
    ],
    [
      [4, 6],
      [4, 6]
    ]
  ]
>
""", vectorized=True),
    Ex('dot', 12318, """
>>> t1 = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
>>> t2 = nx.tensor([[10, 20], [30, 40]], names=["height", "width"])
>>> nx.dot(t1, [0], [], t2, [0], [])
nx.Tensor<
  s32[y: 2][width: 2]
  [
    [100, 140],
    [140, 200]
  ]
>
>>> nx.dot(t1, [0], [], t2, [1], [])
nx.Tensor<
  s32[y: 2][height: 2]
  [
    [70, 150],
    [100, 220]
  ]
>
>>> nx.dot(t1, [1], [], t2, [0], [])
nx.Tensor<
  s32[x: 2][width: 2]
  [
    [70, 100],
    [150, 220]
  ]
>
>>> nx.dot(t1, [1], [], t2, [1], [])
nx.Tensor<
  s32[x: 2][height: 2]
  [
    [50, 110],
    [110, 250]
  ]
>
>>> nx.dot(t1, [0, 1], [], t2, [0, 1], [])
nx.Tensor<
  s32
  300
>
"""),
    Ex('dot', 12360, """
>>> t1 = nx.tensor([[1, 2], [3, 4]])
>>> t2 = nx.tensor([[10, 20], [30, 40]])
>>> nx.dot(t1, [], [], t2, [], [])
nx.Tensor<
  s32[2][2][2][2]
  [
    [
      [
        [10, 20],
        [30, 40]
      ],
      [
        [20, 40],
        [60, 80]
      ]
    ],
    [
      [
        [30, 60],
        [90, 120]
      ],
      [
        [40, 80],
        [120, 160]
      ]
    ]
  ]
>
"""),
    Ex('dot', 12391, """
>>> u = nx.tensor([[[1]], [[2]]])
>>> v = nx.tensor([[[3]], [[4]]])
>>> nx.dot(u, [2], [0], v, [2], [0])
nx.Tensor<
  s32[2][1][1]
  [
    [
      [3]
    ],
    [
      [8]
    ]
  ]
>
"""),
    Ex('dot', 12406, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [0], v, [1], [0])
nx.Tensor<
  s32[2][1][1]
  [
    [
      [6]
    ],
    [
      [16]
    ]
  ]
>
"""),
    Ex('dot', 12430, """
>>> u = nx.vectorize(nx.tensor([[[1, 1]], [[2, 2]]]), "x")
>>> v = nx.vectorize(nx.tensor([[[3], [3]], [[4], [4]]]), "x")
>>> nx.dot(u, [1], [], v, [0], [])
nx.Tensor<
  vectorized[x: 2]
  s32[1][1]
  [
    [
      [6]
    ],
    [
      [16]
    ]
  ]
>
""", vectorized=True),
    Ex('dot', 12458, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [0], v, [1], [])
** (ArgumentError) right tensor must be batched if left tensor is batched
"""),
    Ex('dot', 12463, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [], v, [1], [0])
** (ArgumentError) left tensor must be batched if right tensor is batched
"""),
    Ex('dot', 12468, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [1], v, [1], [0])
** (ArgumentError) invalid dot batch axis for the left tensor, batch axes must be successive dimensions starting from 0, got [1]
"""),
    Ex('dot', 12473, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [0], v, [1], [1])
** (ArgumentError) invalid dot batch axis for the right tensor, batch axes must be successive dimensions starting from 0, got [1]
"""),
    Ex('dot', 12478, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [0], [0], v, [1], [0])
** (ArgumentError) dot batch axes for left tensor ([0]) cannot be in contract axes ([0])
"""),
    Ex('dot', 12483, """
>>> u = nx.tensor([[[1, 1]], [[2, 2]]])
>>> v = nx.tensor([[[3], [3]], [[4], [4]]])
>>> nx.dot(u, [2], [0], v, [0], [0])
** (ArgumentError) dot batch axes for right tensor ([0]) cannot be in contract axes ([0])
"""),
    # Nx.equal
    Ex('equal', 6570, """
>>> nx.equal(1, 2)
nx.Tensor<
  u8
  0
>
"""),
    Ex('equal', 6578, """
>>> nx.equal(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 0, 0]
>
"""),
    Ex('equal', 6586, """
>>> left = nx.tensor([1, 2, 3], names=["data"])
>>> right = nx.tensor([1, 2, 5])
>>> nx.equal(left, right)
nx.Tensor<
  u8[data: 3]
  [1, 1, 0]
>
"""),
    Ex('equal', 6594, """
>>> left = nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], names=["x", None])
>>> right = nx.tensor([1, 2, 3])
>>> nx.equal(left, right)
nx.Tensor<
  u8[x: 2][3]
  [
    [1, 1, 1],
    [0, 0, 0]
  ]
>
"""),
    # Nx.eye
    Ex('eye', 1200, """
>>> nx.eye(2)
nx.Tensor<
  s32[2][2]
  [
    [1, 0],
    [0, 1]
  ]
>
"""),
    Ex('eye', 1209, """
>>> nx.eye(3, type="f32", names=["height", "width"])
nx.Tensor<
  f32[height: 3][width: 3]
  [
    [1.0, 0.0, 0.0],
    [0.0, 1.0, 0.0],
    [0.0, 0.0, 1.0]
  ]
>
"""),
    Ex('eye', 1221, """
>>> nx.eye((1, 2))
nx.Tensor<
  s32[1][2]
  [
    [1, 0]
  ]
>
"""),
    Ex('eye', 1232, """
>>> nx.eye((2, 4, 3))
nx.Tensor<
  s32[2][4][3]
  [
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0]
    ],
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0]
    ]
  ]
>
"""),
    Ex('eye', 1256, """
>>> nx.eye((3,), vectorized_axes=[("x", 1), ("y", 2)])
nx.Tensor<
  vectorized[x: 1][y: 2]
  s32[3]
  [
    [
      [1, 0, 0],
      [1, 0, 0]
    ]
  ]
>
""", vectorized=True),
    Ex('eye', 1268, """
>>> nx.eye((2, 3), vectorized_axes=[("x", 2)])
nx.Tensor<
  vectorized[x: 2]
  s32[2][3]
  [
    [
      [1, 0, 0],
      [0, 1, 0]
    ],
    [
      [1, 0, 0],
      [0, 1, 0]
    ]
  ]
>
""", vectorized=True),
    # Nx.fft
    Ex('fft', 16000, """
>>> tensor = nx.tensor([[1, 1, 1, 0, 1, 1], [1, 1, 1, 0, 1, 1]])
>>> nx.fft(tensor, axis=-1)
nx.Tensor<
  c64[2][6]
  [
    [5.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i],
    [5.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i]
  ]
>
>>> nx.fft(tensor, axis=-2)
nx.Tensor<
  c64[2][6]
  [
    [2.0+0.0i, 2.0+0.0i, 2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 2.0+0.0i],
    [0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i]
  ]
>
"""),
    Ex('fft', 16053, """
>>> tensor = nx.vectorize(nx.tensor([[1, 1, 0, 0, 2, 3], [1, 0, 0, 0, 2, 3]]), "x")
>>> nx.fft(tensor, length=4)
nx.Tensor<
  vectorized[x: 2]
  c64[4]
  [
    [2.0+0.0i, 1.0-1.0i, 0.0+0.0i, 1.0+1.0i],
    [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 1.0+0.0i]
  ]
>
""", vectorized=True),
    Ex('fft', 16066, """
>>> nx.fft(nx.tensor([1, 1]), length="invalid")
** (RuntimeError) expected an integer or :power_of_two as length, got: :invalid
"""),
    # Nx.fft2
    Ex('fft2', 16228, """
>>> tensor = nx.tensor([[[1, 0, 1, 0]], [[1, 1, 1, 1]]])
>>> nx.fft2(tensor, axes=[0, -1])
nx.Tensor<
  c64[2][1][4]
  [
    [
      [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
    ],
    [
      [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
    ]
  ]
>
>>> nx.fft2(tensor, axes=[-2, -1])
nx.Tensor<
  c64[2][1][4]
  [
    [
      [2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
    ],
    [
      [4.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i]
    ]
  ]
>
"""),
    Ex('fft2', 16256, """
>>> tensor = nx.tensor([[1, 1], [1, 0]])
>>> nx.fft2(tensor, lengths=[2, 4])
nx.Tensor<
  c64[2][4]
  [
    [3.0+0.0i, 2.0-1.0i, 1.0+0.0i, 2.0+1.0i],
    [1.0+0.0i, 0.0-1.0i, -1.0+0.0i, 0.0+1.0i]
  ]
>
>>> nx.fft2(tensor, lengths=[4, 2])
nx.Tensor<
  c64[4][2]
  [
    [3.0+0.0i, 1.0+0.0i],
    [2.0-1.0i, 0.0-1.0i],
    [1.0+0.0i, -1.0+0.0i],
    [2.0+1.0i, 0.0+1.0i]
  ]
>
"""),
    Ex('fft2', 16302, """
>>> tensor = nx.tensor([[[[1, 0, 1, 0, 10, 10], [1, 1, 1, 1, 10, 10]]], [[[-2, -2, -2, -2, 20, 20], [0, 0, 0, 1, -20, -20]]]])
>>> nx.fft2(tensor, lengths=[2, 4])
nx.Tensor<
  c64[2][1][2][4]
  [
    [
      [
        [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i],
        [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
      ]
    ],
    [
      [
        [-7.0+0.0i, 0.0+1.0i, -1.0+0.0i, 0.0-1.0i],
        [-9.0+0.0i, 0.0-1.0i, 1.0+0.0i, 0.0+1.0i]
      ]
    ]
  ]
>
"""),
    Ex('fft2', 16328, """
>>> tensor = nx.vectorize(nx.tensor([[[[1, 0, 1, 0, 10, 10], [1, 1, 1, 1, 10, 10]]], [[[-2, -2, -2, -2, 20, 20], [0, 0, 0, 1, -20, -20]]]]), "x")
>>> nx.fft2(tensor, lengths=[2, 4])
nx.Tensor<
  vectorized[x: 2]
  c64[1][2][4]
  [
    [
      [
        [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i],
        [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
      ]
    ],
    [
      [
        [-7.0+0.0i, 0.0+1.0i, -1.0+0.0i, 0.0-1.0i],
        [-9.0+0.0i, 0.0-1.0i, 1.0+0.0i, 0.0+1.0i]
      ]
    ]
  ]
>
""", vectorized=True),
    Ex('fft2', 16354, """
>>> nx.fft2(nx.tensor([[1, 1]]), lengths=["invalid", 2])
** (ArgumentError) expected :lengths to be a list of lengths or :power_of_two, got: [:invalid, 2]
"""),
    Ex('fft2', 16357, """
>>> nx.fft2(nx.tensor([1, 1]), length="invalid")
** (ArgumentError) expected a tensor with rank > 1, got tensor with rank 1
"""),
    # Nx.fill
    Ex('fill', 17061, """
>>> tensor = nx.vectorize(nx.iota((2, 2)), "x")
>>> nx.fill(tensor, 5)
nx.Tensor<
  vectorized[x: 2]
  s32[2]
  [
    [5, 5],
    [5, 5]
  ]
>
""", vectorized=True),
    # Nx.flatten
    Ex('flatten', 2916, """
>>> t = nx.iota((2, 2, 2, 2))
nx.Tensor<
  s32[2][2][2][2]
  [
    [
      [
        [0, 1],
        [2, 3]
      ],
      [
        [4, 5],
        [6, 7]
      ]
    ],
    [
      [
        [8, 9],
        [10, 11]
      ],
      [
        [12, 13],
        [14, 15]
      ]
    ]
  ]
>
>>> nx.flatten(t)
nx.Tensor<
  s32[16]
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
>
"""),
    Ex('flatten', 2950, """
>>> t = nx.iota((16,))
nx.Tensor<
  s32[16]
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
>
>>> nx.flatten(t)
nx.Tensor<
  s32[16]
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
>
"""),
    Ex('flatten', 2964, """
>>> t = nx.iota((1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.flatten(t, axes=[1, 2])
nx.Tensor<
  s32[1][6]
  [
    [0, 1, 2, 3, 4, 5]
  ]
>
"""),
    Ex('flatten', 2984, """
>>> t = nx.iota((1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.flatten(t, axes=[0, 2])
** (ArgumentError) flatten axes must be consecutive
"""),
    Ex('flatten', 3001, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((1, 3, 2, 2)), "x"), "y")
>>> nx.flatten(t)
nx.Tensor<
  vectorized[x: 1][y: 3]
  s32[4]
  [
    [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11]
    ]
  ]
>
""", vectorized=True),
    # Nx.gather
    Ex('gather', 14384, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> nx.gather(t, nx.tensor([[[1, 1], [0, 0]], [[1, 0], [0, 1]]]))
nx.Tensor<
  s32[2][2]
  [
    [4, 1],
    [3, 2]
  ]
>
"""),
    Ex('gather', 14394, """
>>> t = nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]])
>>> nx.gather(t, nx.tensor([[0, 0, 0], [0, 1, 1], [1, 1, 1]]))
nx.Tensor<
  s32[3]
  [1, 12, 112]
>
"""),
    Ex('gather', 14403, """
>>> t = nx.tensor([[1, 2, 3], [3, 4, 5]])
>>> nx.gather(t, nx.tensor([[1], [0]]))
nx.Tensor<
  s32[2][3]
  [
    [3, 4, 5],
    [1, 2, 3]
  ]
>
"""),
    Ex('gather', 14417, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
>>> nx.gather(t, nx.tensor([[1], [0], [2], [1]]), axes=[1])
nx.Tensor<
  s32[4][2]
  [
    [2, 5],
    [1, 4],
    [3, 6],
    [2, 5]
  ]
>
"""),
    Ex('gather', 14433, """
>>> t = nx.iota((2, 1, 3))
>>> nx.gather(t, nx.tensor([[[1], [0], [2]]]), axes=[2])
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
>
"""),
    Ex('gather', 14461, """
>>> t = nx.vectorize(nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]]), "x")
>>> idx = nx.vectorize(nx.tensor([[[0, 0], [0, 1]], [[1, 0], [1, 1]]]), "x")
>>> nx.gather(t, idx)
nx.Tensor<
  vectorized[x: 2]
  s32[2]
  [
    [1, 2],
    [111, 112]
  ]
>
""", vectorized=True),
    Ex('gather', 14475, """
>>> t = nx.vectorize(nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]]), "x")
>>> idx = nx.vectorize(nx.tensor([[[0, 0], [0, 1]], [[1, 0], [1, 1]]]), "y")
>>> nx.gather(t, idx)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[2]
  [
    [
      [1, 2],
      [11, 12]
    ],
    [
      [101, 102],
      [111, 112]
    ]
  ]
>
""", vectorized=True),
    Ex('gather', 14495, """
>>> nx.gather(nx.tensor([[1, 2], [3, 4]]), nx.tensor([[0, 0]], type="f32"))
** (ArgumentError) indices must be an integer tensor, got {:f, 32}
"""),
    # Nx.greater
    Ex('greater', 6850, """
>>> nx.greater(1, 2)
nx.Tensor<
  u8
  0
>
"""),
    Ex('greater', 6858, """
>>> nx.greater(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [0, 0, 0]
>
"""),
    Ex('greater', 6866, """
>>> left = nx.tensor([1, 2, 3], names=["data"])
>>> right = nx.tensor([1, 2, 2])
>>> nx.greater(left, right)
nx.Tensor<
  u8[data: 3]
  [0, 0, 1]
>
"""),
    Ex('greater', 6874, """
>>> left = nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], names=["x", "y"])
>>> right = nx.tensor([1, 2, 3])
>>> nx.greater(left, right)
nx.Tensor<
  u8[x: 2][y: 3]
  [
    [0, 0, 0],
    [1, 1, 1]
  ]
>
"""),
    # Nx.greater_equal
    Ex('greater_equal', 6953, """
>>> nx.greater_equal(1, 2)
nx.Tensor<
  u8
  0
>
"""),
    Ex('greater_equal', 6961, """
>>> nx.greater_equal(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 0, 0]
>
"""),
    Ex('greater_equal', 6969, """
>>> left = nx.tensor([1, 2, 3], names=["data"])
>>> right = nx.tensor([1, 2, 2])
>>> nx.greater_equal(left, right)
nx.Tensor<
  u8[data: 3]
  [1, 1, 1]
>
"""),
    Ex('greater_equal', 6977, """
>>> left = nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], names=["x", "y"])
>>> right = nx.tensor([1, 2, 3])
>>> nx.greater_equal(left, right)
nx.Tensor<
  u8[x: 2][y: 3]
  [
    [1, 1, 1],
    [1, 1, 1]
  ]
>
"""),
    # Nx.ifft
    Ex('ifft', 16098, """
>>> tensor = nx.tensor([[5, 1, -1, 1, -1, 1], [5, 1, -1, 1, -1, 1]])
>>> nx.ifft(tensor, axis=-1)
nx.Tensor<
  c64[2][6]
  [
    [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 0.0+0.0i, 1.0+0.0i, 1.0+0.0i],
    [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 0.0+0.0i, 1.0+0.0i, 1.0+0.0i]
  ]
>
>>> nx.ifft(tensor, axis=-2)
nx.Tensor<
  c64[2][6]
  [
    [5.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i, -1.0+0.0i, 1.0+0.0i],
    [0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i, 0.0+0.0i]
  ]
>
"""),
    Ex('ifft', 16151, """
>>> tensor = nx.vectorize(nx.tensor([[1, 1, 0, 0, 2, 3], [1, 0, 0, 0, 2, 3]]), "x")
>>> nx.ifft(tensor, length=4)
nx.Tensor<
  vectorized[x: 2]
  c64[4]
  [
    [0.5+0.0i, 0.25+0.25i, 0.0+0.0i, 0.25-0.25i],
    [0.25+0.0i, 0.25+0.0i, 0.25+0.0i, 0.25+0.0i]
  ]
>
""", vectorized=True),
    Ex('ifft', 16164, """
>>> nx.ifft(nx.tensor([1, 1]), length="invalid")
** (RuntimeError) expected an integer or :power_of_two as length, got: :invalid
"""),
    # Nx.ifft2
    Ex('ifft2', 16386, """
>>> tensor = nx.tensor([[[6, 0, 2, 0]], [[-2, 0, 2, 0]]])
>>> nx.ifft2(tensor, axes=[0, -1])
nx.Tensor<
  c64[2][1][4]
  [
    [
      [1.0+0.0i, 0.0+0.0i, 1.0+0.0i, 0.0+0.0i]
    ],
    [
      [1.0+0.0i, 1.0+0.0i, 1.0+0.0i, 1.0+0.0i]
    ]
  ]
>
>>> nx.ifft2(tensor, axes=[-2, -1])
nx.Tensor<
  c64[2][1][4]
  [
    [
      [2.0+0.0i, 1.0+0.0i, 2.0+0.0i, 1.0+0.0i]
    ],
    [
      [0.0+0.0i, -1.0+0.0i, 0.0+0.0i, -1.0+0.0i]
    ]
  ]
>
"""),
    Ex('ifft2', 16414, """
>>> tensor = nx.tensor([[8, 8], [8, 0]])
>>> nx.ifft2(tensor, lengths=[2, 4])
nx.Tensor<
  c64[2][4]
  [
    [3.0+0.0i, 2.0+1.0i, 1.0+0.0i, 2.0-1.0i],
    [1.0+0.0i, 0.0+1.0i, -1.0+0.0i, 0.0-1.0i]
  ]
>
>>> nx.ifft2(tensor, lengths=[4, 2])
nx.Tensor<
  c64[4][2]
  [
    [3.0+0.0i, 1.0+0.0i],
    [2.0+1.0i, 0.0+1.0i],
    [1.0+0.0i, -1.0+0.0i],
    [2.0-1.0i, 0.0-1.0i]
  ]
>
"""),
    Ex('ifft2', 16445, """
>>> nx.ifft2(nx.tensor([[[8, 8, 0, 0, 2, 3]]]), axes=[0, 2], lengths=[2, 4])
nx.Tensor<
  c64[2][1][4]
  [
    [
      [2.0+0.0i, 1.0+1.0i, 0.0+0.0i, 1.0-1.0i]
    ],
    [
      [2.0+0.0i, 1.0+1.0i, 0.0+0.0i, 1.0-1.0i]
    ]
  ]
>
"""),
    Ex('ifft2', 16460, """
>>> tensor = nx.tensor([[[[8, 0, 8, 0, 10, 10], [8, 8, 8, 8, 10, 10]]], [[[-16, -16, -16, -16, 20, 20], [0, 0, 0, 8, -20, -20]]]])
>>> nx.ifft2(tensor, lengths=[2, 4])
nx.Tensor<
  c64[2][1][2][4]
  [
    [
      [
        [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i],
        [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
      ]
    ],
    [
      [
        [-7.0+0.0i, 0.0-1.0i, -1.0+0.0i, 0.0+1.0i],
        [-9.0+0.0i, 0.0+1.0i, 1.0+0.0i, 0.0-1.0i]
      ]
    ]
  ]
>
"""),
    Ex('ifft2', 16486, """
>>> tensor = nx.vectorize(nx.tensor([[[[8, 0, 8, 0, 10, 10], [8, 8, 8, 8, 10, 10]]], [[[-16, -16, -16, -16, 20, 20], [0, 0, 0, 8, -20, -20]]]]), "x")
>>> nx.ifft2(tensor, lengths=[2, 4])
nx.Tensor<
  vectorized[x: 2]
  c64[1][2][4]
  [
    [
      [
        [6.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i],
        [-2.0+0.0i, 0.0+0.0i, 2.0+0.0i, 0.0+0.0i]
      ]
    ],
    [
      [
        [-7.0+0.0i, 0.0-1.0i, -1.0+0.0i, 0.0+1.0i],
        [-9.0+0.0i, 0.0+1.0i, 1.0+0.0i, 0.0-1.0i]
      ]
    ]
  ]
>
""", vectorized=True),
    Ex('ifft2', 16512, """
>>> nx.ifft2(nx.tensor([[1, 1]]), lengths=["invalid", 2])
** (ArgumentError) expected :lengths to be a list of lengths or :power_of_two, got: [:invalid, 2]
"""),
    Ex('ifft2', 16515, """
>>> nx.ifft2(nx.tensor([1, 1]), length="invalid")
** (ArgumentError) expected a tensor with rank > 1, got tensor with rank 1
"""),
    # Nx.indexed_add
    Ex('indexed_add', 7594, """
>>> t = nx.iota((1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> indices = nx.tensor([[0, 0, 0], [0, 1, 1], [0, 0, 0], [0, 0, 2], [0, 1, 2]])
>>> updates = nx.tensor([1, 3, 1, -2, 5])
>>> nx.indexed_add(t, indices, updates)
nx.Tensor<
  s32[1][2][3]
  [
    [
      [2, 1, 0],
      [3, 7, 10]
    ]
  ]
>
"""),
    Ex('indexed_add', 7622, """
>>> nx.indexed_add(nx.tensor([1.0]), nx.tensor([[0], [0]]), nx.tensor([1, 1]))
nx.Tensor<
  f32[1]
  [3.0]
>
"""),
    Ex('indexed_add', 7628, """
>>> nx.indexed_add(nx.tensor([1]), nx.tensor([[0], [0]]), nx.tensor([1.0, 1.0]))
nx.Tensor<
  f32[1]
  [3.0]
>
"""),
    Ex('indexed_add', 7634, """
>>> nx.indexed_add(nx.tensor([1], type="s32"), nx.tensor([[0], [0]]), nx.tensor([1, 1], type="s64"))
nx.Tensor<
  s64[1]
  [3]
>
"""),
    Ex('indexed_add', 7645, """
>>> x = nx.vectorize(nx.tensor([[0, 10], [10, 20]]), "x")
>>> idx = nx.vectorize(nx.tensor([[[0], [0]], [[0], [1]], [[1], [1]]]), "y")
>>> nx.indexed_add(x, idx, nx.tensor([1, 1]))
nx.Tensor<
  vectorized[x: 2][y: 3]
  s32[2]
  [
    [
      [2, 10],
      [1, 11],
      [0, 12]
    ],
    [
      [12, 20],
      [11, 21],
      [10, 22]
    ]
  ]
>
""", vectorized=True),
    Ex('indexed_add', 7667, """
>>> nx.indexed_add(nx.tensor([[1], [2]]), nx.tensor([[[1, 2, 3]]]), nx.tensor([0]))
** (ArgumentError) indices must be a rank 1 or 2 tensor, got: 3
"""),
    Ex('indexed_add', 7670, """
>>> nx.indexed_add(nx.tensor([[1], [2]]), nx.tensor([[1, 2]]), nx.tensor([0, 1]))
** (ArgumentError) expected the leading axis of indices ({1, 2}) and leading axis of updates ({2}) to match
"""),
    Ex('indexed_add', 7673, """
>>> nx.indexed_add(nx.tensor([[1, 2, 3]]), nx.tensor([[0]]), nx.tensor([[1, 2, 3, 4, 5]]))
** (ArgumentError) axis (1) of updates ({1, 5}) must be less than or equal to the axis (1) of {1, 3})
"""),
    # Nx.indexed_put
    Ex('indexed_put', 7706, """
>>> nx.indexed_put(nx.tensor([[1], [2]]), nx.tensor([1, 0]), 10)
nx.Tensor<
  s32[2][1]
  [
    [1],
    [10]
  ]
>
"""),
    Ex('indexed_put', 7723, """
>>> nx.indexed_put(nx.tensor([0, 0, 0]), nx.tensor([[1], [2]]), nx.tensor([3, 4]))
nx.Tensor<
  s32[3]
  [0, 3, 4]
>
"""),
    Ex('indexed_put', 7729, """
>>> t = nx.iota((1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> indices = nx.tensor([[0, 0, 0], [0, 1, 1], [0, 0, 2]])
>>> updates = nx.tensor([1, 3, -2])
>>> nx.indexed_put(t, indices, updates)
nx.Tensor<
  s32[1][2][3]
  [
    [
      [1, 1, -2],
      [3, 3, 5]
    ]
  ]
>
"""),
    Ex('indexed_put', 7754, """
>>> t = nx.iota((1, 3, 2))
nx.Tensor<
  s32[1][3][2]
  [
    [
      [0, 1],
      [2, 3],
      [4, 5]
    ]
  ]
>
>>> indices = nx.tensor([[0, 0], [0, 2]])
>>> updates = nx.tensor([[0, 10], [40, 50]])
>>> nx.indexed_put(t, indices, updates)
nx.Tensor<
  s32[1][3][2]
  [
    [
      [0, 10],
      [2, 3],
      [40, 50]
    ]
  ]
>
"""),
    Ex('indexed_put', 7783, """
>>> t = nx.iota((1, 2, 3))
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> indices = nx.tensor([[0, 0], [0, 2]])
>>> updates = nx.tensor([[0, 30], [20, 50]])
>>> nx.indexed_put(t, indices, updates, axes=[0, 2])
nx.Tensor<
  s32[1][2][3]
  [
    [
      [0, 1, 20],
      [30, 4, 50]
    ]
  ]
>
"""),
    Ex('indexed_put', 7811, """
>>> nx.indexed_put(nx.tensor([1.0]), nx.tensor([[0]]), nx.tensor([3]))
nx.Tensor<
  f32[1]
  [3.0]
>
"""),
    Ex('indexed_put', 7817, """
>>> nx.indexed_put(nx.tensor([1]), nx.tensor([[0]]), nx.tensor([3.0]))
nx.Tensor<
  f32[1]
  [3.0]
>
"""),
    Ex('indexed_put', 7823, """
>>> nx.indexed_put(nx.tensor([1], type="s32"), nx.tensor([[0]]), nx.tensor([3], type="s64"))
nx.Tensor<
  s64[1]
  [3]
>
"""),
    Ex('indexed_put', 7834, """
>>> x = nx.vectorize(nx.tensor([[0, 10], [10, 20]]), "x")
>>> idx = nx.vectorize(nx.tensor([[[0], [0]], [[0], [1]], [[1], [1]]]), "y")
>>> nx.indexed_put(x, idx, nx.tensor([1, 1]))
nx.Tensor<
  vectorized[x: 2][y: 3]
  s32[2]
  [
    [
      [1, 10],
      [1, 1],
      [0, 1]
    ],
    [
      [1, 20],
      [1, 1],
      [10, 1]
    ]
  ]
>
""", vectorized=True),
    Ex('indexed_put', 7856, """
>>> nx.indexed_put(nx.tensor([[1], [2]]), nx.tensor([[[1, 2, 3]]]), nx.tensor([0]))
** (ArgumentError) indices must be a rank 1 or 2 tensor, got: 3
"""),
    Ex('indexed_put', 7859, """
>>> nx.indexed_put(nx.tensor([[1], [2]]), nx.tensor([[1, 2]]), nx.tensor([0, 1]))
** (ArgumentError) expected the leading axis of indices ({1, 2}) and leading axis of updates ({2}) to match
"""),
    Ex('indexed_put', 7862, """
>>> nx.indexed_put(nx.iota((1, 2, 3)), nx.tensor([[0, 1, 2]]), 10, axes=[1, 0, 2])
** (ArgumentError) :axes must be an ordered list
"""),
    # Nx.iota
    Ex('iota', 1028, """
>>> nx.iota(())
nx.Tensor<
  s32
  0
>
"""),
    Ex('iota', 1034, """
>>> nx.iota((5,))
nx.Tensor<
  s32[5]
  [0, 1, 2, 3, 4]
>
"""),
    Ex('iota', 1040, """
>>> nx.iota((3, 2, 3), names=["batch", "height", "width"])
nx.Tensor<
  s32[batch: 3][height: 2][width: 3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ],
    [
      [6, 7, 8],
      [9, 10, 11]
    ],
    [
      [12, 13, 14],
      [15, 16, 17]
    ]
  ]
>
"""),
    Ex('iota', 1059, """
>>> nx.iota((3, 3), axis=1, names=["batch", None])
nx.Tensor<
  s32[batch: 3][3]
  [
    [0, 1, 2],
    [0, 1, 2],
    [0, 1, 2]
  ]
>
"""),
    Ex('iota', 1069, """
>>> nx.iota((3, 3), axis=-1)
nx.Tensor<
  s32[3][3]
  [
    [0, 1, 2],
    [0, 1, 2],
    [0, 1, 2]
  ]
>
"""),
    Ex('iota', 1079, """
>>> nx.iota((3, 4, 3), axis=0, type="f64")
nx.Tensor<
  f64[3][4][3]
  [
    [
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0]
    ],
    [
      [1.0, 1.0, 1.0],
      [1.0, 1.0, 1.0],
      [1.0, 1.0, 1.0],
      [1.0, 1.0, 1.0]
    ],
    [
      [2.0, 2.0, 2.0],
      [2.0, 2.0, 2.0],
      [2.0, 2.0, 2.0],
      [2.0, 2.0, 2.0]
    ]
  ]
>
"""),
    Ex('iota', 1104, """
>>> nx.iota((1, 3, 2), axis=2)
nx.Tensor<
  s32[1][3][2]
  [
    [
      [0, 1],
      [0, 1],
      [0, 1]
    ]
  ]
>
"""),
    Ex('iota', 1116, """
>>> nx.iota((2, 3), axis=0, vectorized_axes=[("x", 1), ("y", 2)])
nx.Tensor<
  vectorized[x: 1][y: 2]
  s32[2][3]
  [
    [
      [
        [0, 0, 0],
        [1, 1, 1]
      ],
      [
        [0, 0, 0],
        [1, 1, 1]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.is_infinity
    Ex('is_infinity', 8042, """
>>> nx.is_infinity(nx.tensor(["infinity", "nan", "neg_infinity", 1, 0]))
nx.Tensor<
  u8[5]
  [1, 0, 1, 0, 0]
>
"""),
    Ex('is_infinity', 8048, """
>>> nx.is_infinity(nx.tensor(["infinity", 1, complex(0, math.inf), "neg_infinity"]))
nx.Tensor<
  u8[4]
  [1, 0, 1, 1]
>
"""),
    Ex('is_infinity', 8054, """
>>> nx.is_infinity(nx.tensor([1, 0]))
nx.Tensor<
  u8[2]
  [0, 0]
>
"""),
    # Nx.is_nan
    Ex('is_nan', 8009, """
>>> nx.is_nan(nx.tensor(["nan", 1, 0]))
nx.Tensor<
  u8[3]
  [1, 0, 0]
>
"""),
    Ex('is_nan', 8015, """
>>> nx.is_nan(nx.tensor(["nan", "infinity", complex(0, math.nan)]))
nx.Tensor<
  u8[3]
  [1, 0, 1]
>
"""),
    Ex('is_nan', 8021, """
>>> nx.is_nan(nx.tensor([1, 0]))
nx.Tensor<
  u8[2]
  [0, 0]
>
"""),
    # Nx.left_shift
    Ex('left_shift', 6463, """
>>> nx.left_shift(1, 0)
nx.Tensor<
  s32
  1
>
"""),
    Ex('left_shift', 6471, """
>>> nx.left_shift(nx.tensor([1, 2, 3], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [4, 8, 12]
>
"""),
    Ex('left_shift', 6479, """
>>> left = nx.tensor([1, 1, -1, -1], names=["data"])
>>> right = nx.tensor([1, 2, 3, 4], names=["data"])
>>> nx.left_shift(left, right)
nx.Tensor<
  s32[data: 4]
  [2, 4, -8, -16]
>
"""),
    Ex('left_shift', 6489, """
>>> nx.left_shift(nx.tensor([0, 0, 1, 1]), 1.0)
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.less
    Ex('less', 6903, """
>>> nx.less(1, 2)
nx.Tensor<
  u8
  1
>
"""),
    Ex('less', 6911, """
>>> nx.less(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [0, 1, 1]
>
"""),
    Ex('less', 6919, """
>>> nx.less(nx.tensor([1, 2, 1]), nx.tensor([1, 2, 2], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [0, 0, 1]
>
"""),
    Ex('less', 6925, """
>>> nx.less(nx.tensor([[1.0, 2.0, 3.0], [4.0, 2.0, 1.0]], names=["x", "y"]), nx.tensor([1, 2, 3]))
nx.Tensor<
  u8[x: 2][y: 3]
  [
    [0, 0, 0],
    [0, 0, 1]
  ]
>
"""),
    # Nx.less_equal
    Ex('less_equal', 7008, """
>>> nx.less_equal(1, 2)
nx.Tensor<
  u8
  1
>
"""),
    Ex('less_equal', 7016, """
>>> nx.less_equal(1, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 1, 1]
>
"""),
    Ex('less_equal', 7024, """
>>> left = nx.tensor([1, 2, 3], names=["data"])
>>> right = nx.tensor([1, 2, 2])
>>> nx.less_equal(left, right)
nx.Tensor<
  u8[data: 3]
  [1, 1, 0]
>
"""),
    Ex('less_equal', 7032, """
>>> left = nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
>>> right = nx.tensor([1, 2, 3], names=["y"])
>>> nx.less_equal(left, right)
nx.Tensor<
  u8[2][y: 3]
  [
    [1, 1, 1],
    [0, 0, 0]
  ]
>
"""),
    # Nx.linspace
    Ex('linspace', 16663, """
>>> nx.linspace(0, nx.vectorize(nx.tensor([10, 20]), "x"), n=5)
nx.Tensor<
  vectorized[x: 2]
  f32[5]
  [
    [0.0, 2.5, 5.0, 7.5, 10.0],
    [0.0, 5.0, 10.0, 15.0, 20.0]
  ]
>
""", vectorized=True),
    Ex('linspace', 16673, """
>>> start = nx.vectorize(nx.tensor([0, 1]), "x")
>>> stop = nx.vectorize(nx.tensor([10, 20]), "y")
>>> nx.linspace(start, stop, n=5)
nx.Tensor<
  vectorized[x: 2][y: 2]
  f32[5]
  [
    [
      [0.0, 2.5, 5.0, 7.5, 10.0],
      [0.0, 5.0, 10.0, 15.0, 20.0]
    ],
    [
      [1.0, 3.25, 5.5, 7.75, 10.0],
      [1.0, 5.75, 10.5, 15.25, 20.0]
    ]
  ]
>
""", vectorized=True),
    Ex('linspace', 16691, """
>>> start = nx.vectorize(nx.tensor([0, 1]), "x")
>>> stop = nx.vectorize(nx.tensor([10, 10]), "x")
>>> nx.linspace(start, stop, n=5)
nx.Tensor<
  vectorized[x: 2]
  f32[5]
  [
    [0.0, 2.5, 5.0, 7.5, 10.0],
    [1.0, 3.25, 5.5, 7.75, 10.0]
  ]
>
""", vectorized=True),
    Ex('linspace', 16705, """
>>> nx.linspace(0, 24, n=1.0)
** (ArgumentError) expected n to be a non-negative integer, got: 1.0
"""),
    Ex('linspace', 16708, """
>>> nx.linspace(nx.tensor([[0, 1]]), nx.tensor([1, 2, 3]), n=2)
** (ArgumentError) expected start and stop to have the same shape. Got shapes {1, 2} and {3}
"""),
    # Nx.log
    Ex('log', 17013, """
>>> nx.log(2, 2)
nx.Tensor<
  f32
  1.0
>
"""),
    # Nx.log10
    Ex('log10', 16991, """
>>> nx.log10(10)
nx.Tensor<
  f32
  1.0
>
"""),
    # Nx.log2
    Ex('log2', 16969, """
>>> nx.log2(2)
nx.Tensor<
  f32
  1.0
>
"""),
    # Nx.logical_and
    Ex('logical_and', 6622, """
>>> nx.logical_and(1, nx.tensor([-1, 0, 1], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 0, 1]
>
"""),
    Ex('logical_and', 6628, """
>>> left = nx.tensor([-1, 0, 1], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_and(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [1, 0, 1],
    [0, 0, 0],
    [1, 0, 1]
  ]
>
"""),
    Ex('logical_and', 6640, """
>>> left = nx.tensor([-1.0, 0.0, 1.0], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_and(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [1, 0, 1],
    [0, 0, 0],
    [1, 0, 1]
  ]
>
"""),
    # Nx.logical_not
    Ex('logical_not', 6758, """
>>> nx.logical_not(nx.tensor([-1, 0, 1], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [0, 1, 0]
>
"""),
    Ex('logical_not', 6764, """
>>> nx.logical_not(nx.tensor([-1.0, 0.0, 1.0], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [0, 1, 0]
>
"""),
    # Nx.logical_or
    Ex('logical_or', 6669, """
>>> nx.logical_or(0, nx.tensor([-1, 0, 1], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 0, 1]
>
"""),
    Ex('logical_or', 6675, """
>>> left = nx.tensor([-1, 0, 1], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_or(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [1, 1, 1],
    [1, 0, 1],
    [1, 1, 1]
  ]
>
"""),
    Ex('logical_or', 6687, """
>>> left = nx.tensor([-1.0, 0.0, 1.0], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_or(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [1, 1, 1],
    [1, 0, 1],
    [1, 1, 1]
  ]
>
"""),
    # Nx.logical_xor
    Ex('logical_xor', 6713, """
>>> nx.logical_xor(0, nx.tensor([-1, 0, 1], names=["data"]))
nx.Tensor<
  u8[data: 3]
  [1, 0, 1]
>
"""),
    Ex('logical_xor', 6719, """
>>> left = nx.tensor([-1, 0, 1], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_xor(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [0, 1, 0],
    [1, 0, 1],
    [0, 1, 0]
  ]
>
"""),
    Ex('logical_xor', 6731, """
>>> left = nx.tensor([-1.0, 0.0, 1.0], names=["data"])
>>> right = nx.tensor([[-1], [0], [1]])
>>> nx.logical_xor(left, right)
nx.Tensor<
  u8[3][data: 3]
  [
    [0, 1, 0],
    [1, 0, 1],
    [0, 1, 0]
  ]
>
"""),
    # Nx.logsumexp
    Ex('logsumexp', 17495, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [3, 4], [5, 6]]), "x")
>>> nx.logsumexp(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 3]
  f32[1]
  [
    [2.3132617473602295],
    [4.31326150894165],
    [6.31326150894165]
  ]
>
""", vectorized=True),
    # Nx.make_diagonal
    Ex('make_diagonal', 1673, """
>>> nx.make_diagonal(nx.tensor([1, 2, 3]), offset=-4)
nx.Tensor<
  s32[7][7]
  [
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 0],
    [0, 2, 0, 0, 0, 0, 0],
    [0, 0, 3, 0, 0, 0, 0]
  ]
>
"""),
    Ex('make_diagonal', 1703, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
>>> nx.make_diagonal(t, offset=1)
nx.Tensor<
  vectorized[x: 2]
  s32[3][3]
  [
    [
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0]
    ],
    [
      [0, 3, 0],
      [0, 0, 4],
      [0, 0, 0]
    ]
  ]
>
>>> nx.make_diagonal(t, offset=-1)
nx.Tensor<
  vectorized[x: 2]
  s32[3][3]
  [
    [
      [0, 0, 0],
      [1, 0, 0],
      [0, 2, 0]
    ],
    [
      [0, 0, 0],
      [3, 0, 0],
      [0, 4, 0]
    ]
  ]
>
""", vectorized=True),
    Ex('make_diagonal', 1741, """
>>> nx.make_diagonal(nx.tensor([[0, 0], [0, 1]]))
** (ArgumentError) make_diagonal/2 expects tensor of rank 1, got tensor of rank: 2
"""),
    # Nx.max
    Ex('max', 6138, """
>>> nx.max(1, 2)
nx.Tensor<
  s32
  2
>
"""),
    Ex('max', 6146, """
>>> nx.max(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [1, 2, 3]
>
"""),
    Ex('max', 6152, """
>>> nx.max(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('max', 6160, """
>>> left = nx.tensor([[1], [2]], names=["x", "y"])
>>> right = nx.tensor([[10, 20]])
>>> nx.max(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [10, 20],
    [10, 20]
  ]
>
"""),
    Ex('max', 6171, """
>>> left = nx.tensor([[1], [2]], type="s8", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="s8")
>>> nx.max(left, right)
nx.Tensor<
  s8[x: 2][2]
  [
    [10, 20],
    [10, 20]
  ]
>
"""),
    Ex('max', 6182, """
>>> left = nx.tensor([[1], [2]], type="f32", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="f32", names=[None, "y"])
>>> nx.max(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [10.0, 20.0],
    [10.0, 20.0]
  ]
>
"""),
    # Nx.mean
    Ex('mean', 9021, """
>>> nx.mean(nx.tensor(42))
nx.Tensor<
  f32
  42.0
>
"""),
    Ex('mean', 9027, """
>>> nx.mean(nx.tensor([1, 2, 3]))
nx.Tensor<
  f32
  2.0
>
"""),
    Ex('mean', 9035, """
>>> nx.mean(nx.tensor([1, 2, 3]), axes=[0])
nx.Tensor<
  f32
  2.0
>
"""),
    Ex('mean', 9041, """
>>> nx.mean(nx.tensor([1, 2, 3], type="u8", names=["x"]), axes=["x"])
nx.Tensor<
  f32
  2.0
>
"""),
    Ex('mean', 9047, """
>>> t = nx.tensor(nx.iota((2, 2, 3)), names=["x", "y", "z"])
>>> nx.mean(t, axes=["x"])
nx.Tensor<
  f32[y: 2][z: 3]
  [
    [3.0, 4.0, 5.0],
    [6.0, 7.0, 8.0]
  ]
>
"""),
    Ex('mean', 9057, """
>>> t = nx.tensor(nx.iota((2, 2, 3)), names=["x", "y", "z"])
>>> nx.mean(t, axes=["x", "z"])
nx.Tensor<
  f32[y: 2]
  [4.0, 7.0]
>
"""),
    Ex('mean', 9064, """
>>> t = nx.tensor(nx.iota((2, 2, 3)), names=["x", "y", "z"])
>>> nx.mean(t, axes=[-1])
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [1.0, 4.0],
    [7.0, 10.0]
  ]
>
"""),
    Ex('mean', 9076, """
>>> t = nx.tensor(nx.iota((2, 2, 3)), names=["x", "y", "z"])
>>> nx.mean(t, axes=[-1], keep_axes=True)
nx.Tensor<
  f32[x: 2][y: 2][z: 1]
  [
    [
      [1.0],
      [4.0]
    ],
    [
      [7.0],
      [10.0]
    ]
  ]
>
"""),
    Ex('mean', 9094, """
>>> t = nx.iota((2, 5), vectorized_axes=[("x", 2)])
>>> nx.mean(t)
nx.Tensor<
  vectorized[x: 2]
  f32
  [4.5, 4.5]
>
>>> nx.mean(t, axes=[0])
nx.Tensor<
  vectorized[x: 2]
  f32[5]
  [
    [2.5, 3.5, 4.5, 5.5, 6.5],
    [2.5, 3.5, 4.5, 5.5, 6.5]
  ]
>
>>> nx.mean(t, axes=[1])
nx.Tensor<
  vectorized[x: 2]
  f32[2]
  [
    [2.0, 7.0],
    [2.0, 7.0]
  ]
>
""", vectorized=True),
    # Nx.median
    Ex('median', 9325, """
>>> nx.median(nx.tensor(42))
nx.Tensor<
  s32
  42
>
"""),
    Ex('median', 9343, """
>>> nx.median(nx.iota((2, 3, 3)))
nx.Tensor<
  f32
  8.5
>
"""),
    Ex('median', 9363, """
>>> t = nx.tensor(nx.iota((2, 2, 3)), names=["x", "y", "z"])
>>> nx.median(t, axis="x")
nx.Tensor<
  f32[y: 2][z: 3]
  [
    [3.0, 4.0, 5.0],
    [6.0, 7.0, 8.0]
  ]
>
"""),
    Ex('median', 9373, """
>>> t = nx.tensor([[[1, 2, 2], [3, 4, 2]], [[4, 5, 2], [7, 9, 2]]])
>>> nx.median(t, axis=-1)
nx.Tensor<
  s32[2][2]
  [
    [2, 3],
    [4, 7]
  ]
>
"""),
    Ex('median', 9406, """
>>> nx.median(nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]]), "x"), axis=0)
nx.Tensor<
  vectorized[x: 2]
  s32
  [2, 5]
>
""", vectorized=True),
    # Nx.min
    Ex('min', 6212, """
>>> nx.min(1, 2)
nx.Tensor<
  s32
  1
>
"""),
    Ex('min', 6220, """
>>> nx.min(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [1, 1, 1]
>
"""),
    Ex('min', 6226, """
>>> nx.min(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [1.0, 1.0, 1.0]
>
"""),
    Ex('min', 6234, """
>>> left = nx.tensor([[1], [2]], names=["x", None])
>>> right = nx.tensor([[10, 20]])
>>> nx.min(left, right)
nx.Tensor<
  s32[x: 2][2]
  [
    [1, 1],
    [2, 2]
  ]
>
"""),
    Ex('min', 6245, """
>>> left = nx.tensor([[1], [2]], type="s8", names=["x", "y"])
>>> right = nx.tensor([[10, 20]], type="s8")
>>> nx.min(left, right)
nx.Tensor<
  s8[x: 2][y: 2]
  [
    [1, 1],
    [2, 2]
  ]
>
"""),
    Ex('min', 6256, """
>>> left = nx.tensor([[1], [2]], type="f32", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="f32", names=[None, "y"])
>>> nx.min(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [1.0, 1.0],
    [2.0, 2.0]
  ]
>
"""),
    # Nx.mode
    Ex('mode', 9510, """
>>> nx.mode(nx.tensor([[1, 2, 2, 3, 5], [1, 1, 76, 8, 1]]), axis=1)
nx.Tensor<
  s32[2]
  [2, 1]
>
"""),
    Ex('mode', 9539, """
>>> t = nx.vectorize(nx.tensor([[[1, 2, 2, 3, 5], [1, 1, 76, 8, 1]], [[1, 2, 2, 2, 5], [5, 2, 2, 2, 1]]]), "x")
>>> nx.mode(t, axis=0)
nx.Tensor<
  vectorized[x: 2]
  s32[5]
  [
    [1, 1, 2, 3, 1],
    [1, 2, 2, 2, 1]
  ]
>
>>> nx.mode(t, axis=1)
nx.Tensor<
  vectorized[x: 2]
  s32[2]
  [
    [2, 1],
    [2, 2]
  ]
>
""", vectorized=True),
    # Nx.moduledoc
    Ex('moduledoc', 11, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> nx.shape(t)
(2, 2)
"""),
    Ex('moduledoc', 60, """
>>> nx.tensor([1, 2, 3], type=("f", 32))
nx.Tensor<
  f32[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('moduledoc', 68, """
>>> nx.tensor([1, 2, 3], type="f32")
nx.Tensor<
  f32[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('moduledoc', 77, """
>>> nx.iota((2, 3), names=["x", "y"])
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [0, 1, 2],
    [3, 4, 5]
  ]
>
"""),
    Ex('moduledoc', 89, """
>>> nx.vec('1 2 3', "f32")
nx.Tensor<
  f32[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('moduledoc', 118, """
>>> a = nx.tensor([1, 2, 3])
>>> b = nx.tensor([10, 20, 30])
>>> nx.add(a, b)
nx.Tensor<
  s32[3]
  [11, 22, 33]
>
"""),
    Ex('moduledoc', 133, """
>>> nx.multiply(nx.tensor([1, 2, 3]), 2)
nx.Tensor<
  s32[3]
  [2, 4, 6]
>
"""),
    Ex('moduledoc', 176, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[0]
nx.Tensor<
  s32[2]
  [1, 2]
>
>>> t[1]
nx.Tensor<
  s32[2]
  [3, 4]
>
>>> t[1][1]
nx.Tensor<
  s32
  4
>
"""),
    Ex('moduledoc', 195, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[-1][-1]
nx.Tensor<
  s32
  4
>
"""),
    Ex('moduledoc', 204, """
>>> nx.tensor([1, 2])[2]
** (ArgumentError) index 2 is out of bounds for axis 0 in shape {2}
"""),
    Ex('moduledoc', 207, """
>>> nx.tensor([1, 2])[-3]
** (ArgumentError) index -3 is out of bounds for axis 0 in shape {2}
"""),
    Ex('moduledoc', 215, """
>>> two = nx.tensor(2)
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[two][two]
nx.Tensor<
  s32
  4
>
"""),
    Ex('moduledoc', 225, """
>>> minus_one = nx.tensor(-1)
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[minus_one][minus_one]
nx.Tensor<
  s32
  1
>
"""),
    Ex('moduledoc', 237, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[nx.tensor([1, 0])]
nx.Tensor<
  s32[2][2]
  [
    [3, 4],
    [1, 2]
  ]
>
"""),
    Ex('moduledoc', 251, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> t[nx.tensor([[1, 0, 1]])]
nx.Tensor<
  s32[1][3][2]
  [
    [
      [3, 4],
      [1, 2],
      [3, 4]
    ]
  ]
>
"""),
    Ex('moduledoc', 266, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
>>> t[0:2]
nx.Tensor<
  s32[2][2]
  [
    [1, 2],
    [3, 4]
  ]
>
"""),
    Ex('moduledoc', 281, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
>>> t[1:-1]
nx.Tensor<
  s32[2][2]
  [
    [3, 4],
    [5, 6]
  ]
>
"""),
    Ex('moduledoc', 295, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
>>> t[1:]
nx.Tensor<
  s32[3][2]
  [
    [3, 4],
    [5, 6],
    [7, 8]
  ]
>
>>> t[1:][1:]
nx.Tensor<
  s32[2][2]
  [
    [5, 6],
    [7, 8]
  ]
>
"""),
    Ex('moduledoc', 317, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
>>> t[1:, 1:]
nx.Tensor<
  s32[3][1]
  [
    [4],
    [6],
    [8]
  ]
>
"""),
    Ex('moduledoc', 331, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
>>> t[:, 1:]
nx.Tensor<
  s32[4][1]
  [
    [2],
    [4],
    [6],
    [8]
  ]
>
"""),
    Ex('moduledoc', 345, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
>>> t[1:3, 2]
nx.Tensor<
  s32[2]
  [6, 9]
>
"""),
    Ex('moduledoc', 355, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
>>> t[1:3]
nx.Tensor<
  s32[2][3]
  [
    [4, 5, 6],
    [7, 8, 9]
  ]
>
"""),
    Ex('moduledoc', 369, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], names=["x", "y"])
>>> t[{"x": slice(1, 3)}]
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [4, 5, 6],
    [7, 8, 9]
  ]
>
>>> t[{"x": slice(1, 3), "y": slice(0, 2)}]
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [4, 5],
    [7, 8]
  ]
>
>>> t[{"x": 1, "y": slice(0, 2)}]
nx.Tensor<
  s32[y: 2]
  [4, 5]
>
"""),
    # Nx.multiply
    Ex('multiply', 5700, """
>>> nx.multiply(1, 2)
nx.Tensor<
  s32
  2
>
"""),
    Ex('multiply', 5708, """
>>> nx.multiply(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [1, 2, 3]
>
"""),
    Ex('multiply', 5714, """
>>> nx.multiply(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('multiply', 5722, """
>>> left = nx.tensor([[1], [2]], names=["x", "y"])
>>> right = nx.tensor([[10, 20]], names=["x", "y"])
>>> nx.multiply(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [10, 20],
    [20, 40]
  ]
>
"""),
    Ex('multiply', 5733, """
>>> left = nx.tensor([[1], [2]], type="s8", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="s8", names=[None, "y"])
>>> nx.multiply(left, right)
nx.Tensor<
  s8[x: 2][y: 2]
  [
    [10, 20],
    [20, 40]
  ]
>
"""),
    Ex('multiply', 5744, """
>>> left = nx.tensor([[1], [2]], type="f32", names=[None, "y"])
>>> right = nx.tensor([[10, 20]], type="f32", names=["x", None])
>>> nx.multiply(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [10.0, 20.0],
    [20.0, 40.0]
  ]
>
"""),
    # Nx.names
    Ex('names', 4377, """
>>> nx.names(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["batch", "data"]))
["batch", "data"]
"""),
    Ex('names', 4380, """
>>> nx.names(nx.tensor([1, 2, 3]))
[None]
"""),
    Ex('names', 4383, """
>>> nx.names(5)
[]
"""),
    # Nx.negate
    Ex('negate', 8075, """
>>> nx.negate(1)
nx.Tensor<
  s32
  -1
>
"""),
    Ex('negate', 8081, """
>>> nx.negate(nx.tensor([-1, 0, 1]))
nx.Tensor<
  s32[3]
  [1, 0, -1]
>
"""),
    Ex('negate', 8087, """
>>> nx.negate(nx.tensor([1.0, 2.0, 3.0], type="f32"))
nx.Tensor<
  f32[3]
  [-1.0, -2.0, -3.0]
>
"""),
    Ex('negate', 8095, """
>>> nx.negate(nx.tensor([0, 1, 2], type="u8", names=["x"]))
nx.Tensor<
  u8[x: 3]
  [0, 255, 254]
>
"""),
    # Nx.new_axis
    Ex('new_axis', 3183, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
>>> nx.new_axis(t, 0, "new")
nx.Tensor<
  s32[new: 1][2][3]
  [
    [
      [1, 2, 3],
      [4, 5, 6]
    ]
  ]
>
>>> nx.new_axis(t, 1, "new")
nx.Tensor<
  s32[2][new: 1][3]
  [
    [
      [1, 2, 3]
    ],
    [
      [4, 5, 6]
    ]
  ]
>
>>> nx.new_axis(t, 2, "new")
nx.Tensor<
  s32[2][3][new: 1]
  [
    [
      [1],
      [2],
      [3]
    ],
    [
      [4],
      [5],
      [6]
    ]
  ]
>
"""),
    Ex('new_axis', 3225, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
>>> nx.new_axis(t, -1, "new")
nx.Tensor<
  s32[2][3][new: 1]
  [
    [
      [1],
      [2],
      [3]
    ],
    [
      [4],
      [5],
      [6]
    ]
  ]
>
"""),
    Ex('new_axis', 3249, """
>>> t = nx.vectorize(nx.tensor([1]), "x")
nx.Tensor<
  vectorized[x: 1]
  s32
  [1]
>
>>> t = nx.new_axis(t, -1, "new")
nx.Tensor<
  vectorized[x: 1]
  s32[new: 1]
  [
    [1]
  ]
>
>>> nx.new_axis(t, 0)
nx.Tensor<
  vectorized[x: 1]
  s32[1][new: 1]
  [
    [
      [1]
    ]
  ]
>
""", vectorized=True),
    # Nx.not_equal
    Ex('not_equal', 6797, """
>>> nx.not_equal(1, 2)
nx.Tensor<
  u8
  1
>
"""),
    Ex('not_equal', 6805, """
>>> nx.not_equal(nx.tensor([1, 2, 3], names=["data"]), nx.tensor(1))
nx.Tensor<
  u8[data: 3]
  [0, 1, 1]
>
"""),
    Ex('not_equal', 6813, """
>>> left = nx.tensor([1, 1, 2])
>>> right = nx.tensor([1, 2, 3], names=["data"])
>>> nx.not_equal(left, right)
nx.Tensor<
  u8[data: 3]
  [0, 1, 1]
>
"""),
    Ex('not_equal', 6821, """
>>> left = nx.tensor([[1, 4, 2], [4, 5, 6]], names=["x", "y"])
>>> right = nx.tensor([[1, 3, 2], [4, 2, 1]], names=["x", "y"])
>>> nx.not_equal(left, right)
nx.Tensor<
  u8[x: 2][y: 3]
  [
    [0, 1, 0],
    [0, 1, 1]
  ]
>
"""),
    # Nx.outer
    Ex('outer', 12546, """
>>> nx.outer(nx.tensor([1, 2, 3], names=["x"]), nx.tensor([10, 20], names=["y"]))
nx.Tensor<
  s32[x: 3][y: 2]
  [
    [10, 20],
    [20, 40],
    [30, 60]
  ]
>
"""),
    Ex('outer', 12556, """
>>> nx.outer(nx.tensor([[1, 2], [3, 4]], names=["x", "y"]), nx.tensor([10, 20, 30], names=["z"]))
nx.Tensor<
  s32[x: 4][z: 3]
  [
    [10, 20, 30],
    [20, 40, 60],
    [30, 60, 90],
    [40, 80, 120]
  ]
>
"""),
    Ex('outer', 12571, """
>>> x = nx.vectorize(nx.tensor([[1, 2, 3], [0, -1, -2]], names=[None, "a"]), "x")
>>> y = nx.vectorize(nx.tensor([[10, 20], [-10, -20]], names=[None, "b"]), "y")
>>> nx.outer(x, y)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[a: 3][b: 2]
  [
    [
      [
        [10, 20],
        [20, 40],
        [30, 60]
      ],
      [
        [-10, -20],
        [-20, -40],
        [-30, -60]
      ]
    ],
    [
      [
        [0, 0],
        [-10, -20],
        [-20, -40]
      ],
      [
        [0, 0],
        [10, 20],
        [20, 40]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.pad
    Ex('pad', 3811, """
>>> nx.pad(nx.tensor(1), 0, [])
nx.Tensor<
  s32
  1
>
"""),
    Ex('pad', 3817, """
>>> nx.pad(nx.tensor([1, 2, 3], names=["data"]), 0, [(1, 1, 0)])
nx.Tensor<
  s32[data: 5]
  [0, 1, 2, 3, 0]
>
"""),
    Ex('pad', 3823, """
>>> nx.pad(nx.tensor([[1, 2, 3], [4, 5, 6]]), 0, [(0, 0, 1), (0, 0, 1)])
nx.Tensor<
  s32[3][5]
  [
    [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 0],
    [4, 0, 5, 0, 6]
  ]
>
"""),
    Ex('pad', 3833, """
>>> nx.pad(nx.tensor([[1, 2, 3], [4, 5, 6]]), 0, [(1, 1, 0), (1, 1, 0)])
nx.Tensor<
  s32[4][5]
  [
    [0, 0, 0, 0, 0],
    [0, 1, 2, 3, 0],
    [0, 4, 5, 6, 0],
    [0, 0, 0, 0, 0]
  ]
>
"""),
    Ex('pad', 3844, """
>>> tensor = nx.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
>>> nx.pad(tensor, 0, [(0, 2, 0), (1, 1, 0), (1, 0, 0)])
nx.Tensor<
  s32[4][4][3]
  [
    [
      [0, 0, 0],
      [0, 1, 2],
      [0, 3, 4],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [0, 5, 6],
      [0, 7, 8],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ]
  ]
>
"""),
    Ex('pad', 3876, """
>>> tensor = nx.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
>>> nx.pad(tensor, 0, [(1, 0, 0), (1, 1, 0), (0, 1, 0)])
nx.Tensor<
  s32[3][4][3]
  [
    [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [1, 2, 0],
      [3, 4, 0],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [5, 6, 0],
      [7, 8, 0],
      [0, 0, 0]
    ]
  ]
>
"""),
    Ex('pad', 3902, """
>>> tensor = nx.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])
>>> nx.pad(tensor, 0.0, [(1, 2, 0), (1, 0, 0), (0, 1, 0)])
nx.Tensor<
  f32[5][3][3]
  [
    [
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0]
    ],
    [
      [0.0, 0.0, 0.0],
      [1.0, 2.0, 0.0],
      [3.0, 4.0, 0.0]
    ],
    [
      [0.0, 0.0, 0.0],
      [5.0, 6.0, 0.0],
      [7.0, 8.0, 0.0]
    ],
    [
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0]
    ],
    [
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0]
    ]
  ]
>
"""),
    Ex('pad', 3935, """
>>> nx.pad(nx.tensor([0, 1, 2, 3, 0]), 0, [(-1, -1, 0)])
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('pad', 3941, """
>>> tensor = nx.tensor([[[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [1, 2, 0], [3, 4, 0], [0, 0, 0]], [[0, 0, 0], [5, 6, 0], [7, 8, 0], [0, 0, 0]]])
>>> nx.pad(tensor, 0, [(-1, 0, 0), (-1, -1, 0), (0, -1, 0)])
nx.Tensor<
  s32[2][2][2]
  [
    [
      [1, 2],
      [3, 4]
    ],
    [
      [5, 6],
      [7, 8]
    ]
  ]
>
"""),
    Ex('pad', 3961, """
>>> tensor = nx.tensor([[0, 1, 2, 3], [0, 4, 5, 6]])
>>> nx.pad(tensor, 0, [(0, 0, 0), (-1, 1, 0)])
nx.Tensor<
  s32[2][4]
  [
    [1, 2, 3, 0],
    [4, 5, 6, 0]
  ]
>
"""),
    Ex('pad', 3971, """
>>> tensor = nx.tensor([[0, 1, 2], [3, 4, 5]], type="f32")
>>> nx.pad(tensor, 0, [(-1, 2, 0), (1, -1, 0)])
nx.Tensor<
  f32[3][3]
  [
    [0.0, 3.0, 4.0],
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0]
  ]
>
"""),
    Ex('pad', 3987, """
>>> t = nx.vectorize(nx.tensor([[1], [2], [3]], names=[None, "data"]), "x")
>>> nx.pad(t, 0, [(1, 1, 0)])
nx.Tensor<
  vectorized[x: 3]
  s32[data: 3]
  [
    [0, 1, 0],
    [0, 2, 0],
    [0, 3, 0]
  ]
>
""", vectorized=True),
    # Nx.population_count
    Ex('population_count', 8394, """
>>> nx.population_count(1)
nx.Tensor<
  s32
  1
>
"""),
    Ex('population_count', 8400, """
>>> nx.population_count(-128)
nx.Tensor<
  s32
  25
>
"""),
    Ex('population_count', 8406, """
>>> nx.population_count(nx.tensor([0, 1, 254, 255], names=["x"]))
nx.Tensor<
  s32[x: 4]
  [0, 1, 7, 8]
>
"""),
    Ex('population_count', 8412, """
>>> nx.population_count(nx.tensor([0, 1, 126, 127, -1, -127, -128], type="s8", names=["x"]))
nx.Tensor<
  s8[x: 7]
  [0, 1, 6, 7, 8, 2, 1]
>
"""),
    Ex('population_count', 8420, """
>>> nx.population_count(nx.tensor([0.0, 1.0]))
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.pow
    Ex('pow', 5775, """
>>> nx.pow(2, 4)
nx.Tensor<
  s32
  16
>
"""),
    Ex('pow', 5783, """
>>> nx.pow(nx.tensor([1, 2, 3], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [1, 4, 9]
>
"""),
    Ex('pow', 5789, """
>>> nx.pow(2, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [2.0, 4.0, 8.0]
>
"""),
    Ex('pow', 5797, """
>>> nx.pow(nx.tensor([[2], [3]], names=["x", None]), nx.tensor([[4, 5]], names=[None, "y"]))
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [16, 32],
    [81, 243]
  ]
>
"""),
    # Nx.product
    Ex('product', 9661, """
>>> nx.product(nx.tensor(42))
nx.Tensor<
  s32
  42
>
"""),
    Ex('product', 9667, """
>>> nx.product(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32
  6
>
"""),
    Ex('product', 9673, """
>>> nx.product(nx.tensor([[1.0, 2.0], [3.0, 4.0]]))
nx.Tensor<
  f32
  24.0
>
"""),
    Ex('product', 9682, """
>>> nx.product(nx.tensor([[10, 20], [30, 40]], type="u8", names=["x", "y"]))
nx.Tensor<
  u32
  240000
>
"""),
    Ex('product', 9688, """
>>> nx.product(nx.tensor([[10, 20], [30, 40]], type="s8", names=["x", "y"]))
nx.Tensor<
  s32
  240000
>
"""),
    Ex('product', 9696, """
>>> nx.product(nx.tensor([1, 2, 3]), axes=[0])
nx.Tensor<
  s32
  6
>
"""),
    Ex('product', 9704, """
>>> t = nx.iota((2, 2, 3), names=["x", "y", "z"])
>>> nx.product(t, axes=["x"])
nx.Tensor<
  s32[y: 2][z: 3]
  [
    [0, 7, 16],
    [27, 40, 55]
  ]
>
>>> nx.product(t, axes=["y"])
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [0, 4, 10],
    [54, 70, 88]
  ]
>
>>> nx.product(t, axes=["x", "z"])
nx.Tensor<
  s32[y: 2]
  [0, 59400]
>
>>> nx.product(t, axes=["z"])
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [0, 60],
    [336, 990]
  ]
>
>>> nx.product(t, axes=[-3])
nx.Tensor<
  s32[y: 2][z: 3]
  [
    [0, 7, 16],
    [27, 40, 55]
  ]
>
"""),
    Ex('product', 9745, """
>>> t = nx.iota((2, 2, 3), names=["x", "y", "z"])
>>> nx.product(t, axes=["z"], keep_axes=True)
nx.Tensor<
  s32[x: 2][y: 2][z: 1]
  [
    [
      [0],
      [60]
    ],
    [
      [336],
      [990]
    ]
  ]
>
"""),
    Ex('product', 9763, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
>>> nx.product(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 2]
  s32[1]
  [
    [2],
    [12]
  ]
>
""", vectorized=True),
    Ex('product', 9776, """
>>> nx.product(nx.tensor([[1, 2]]), axes=[2])
** (ArgumentError) given axis (2) invalid for shape with rank 2
"""),
    # Nx.put_diagonal
    Ex('put_diagonal', 1776, """
>>> t = nx.broadcast(0, (4, 4))
nx.Tensor<
  s32[4][4]
  [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0]
  ]
>
>>> nx.put_diagonal(t, nx.tensor([1, 2, 3, 4]))
nx.Tensor<
  s32[4][4]
  [
    [1, 0, 0, 0],
    [0, 2, 0, 0],
    [0, 0, 3, 0],
    [0, 0, 0, 4]
  ]
>
"""),
    Ex('put_diagonal', 1797, """
>>> t = nx.broadcast(0, (4, 3))
nx.Tensor<
  s32[4][3]
  [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0]
  ]
>
>>> nx.put_diagonal(t, nx.tensor([1, 2, 3]))
nx.Tensor<
  s32[4][3]
  [
    [1, 0, 0],
    [0, 2, 0],
    [0, 0, 3],
    [0, 0, 0]
  ]
>
"""),
    Ex('put_diagonal', 1831, """
>>> nx.put_diagonal(nx.broadcast(0, (4, 3)), nx.tensor([1, 2]), offset=1)
nx.Tensor<
  s32[4][3]
  [
    [0, 1, 0],
    [0, 0, 2],
    [0, 0, 0],
    [0, 0, 0]
  ]
>
"""),
    Ex('put_diagonal', 1844, """
>>> nx.put_diagonal(nx.broadcast(0, (4, 4)), nx.tensor([1, 2, 3]), offset=-1)
nx.Tensor<
  s32[4][4]
  [
    [0, 0, 0, 0],
    [1, 0, 0, 0],
    [0, 2, 0, 0],
    [0, 0, 3, 0]
  ]
>
"""),
    Ex('put_diagonal', 1878, """
>>> nx.put_diagonal(nx.iota((3, 3, 3)), nx.iota((3,)))
** (ArgumentError) put_diagonal/3 expects tensor of rank 2, got tensor of rank: 3
"""),
    Ex('put_diagonal', 1883, """
>>> nx.put_diagonal(nx.iota((3, 3)), nx.iota((3, 3)))
** (ArgumentError) put_diagonal/3 expects diagonal of rank 1, got tensor of rank: 2
"""),
    Ex('put_diagonal', 1886, """
>>> nx.put_diagonal(nx.iota((3, 3)), nx.iota((2,)))
** (ArgumentError) expected diagonal tensor of length: 3, got diagonal tensor of length: 2
"""),
    Ex('put_diagonal', 1889, """
>>> nx.put_diagonal(nx.iota((3, 3)), nx.iota((3,)), offset=1)
** (ArgumentError) expected diagonal tensor of length: 2, got diagonal tensor of length: 3
"""),
    Ex('put_diagonal', 1894, """
>>> nx.put_diagonal(nx.iota((3, 3)), nx.iota((3,)), offset=4)
** (ArgumentError) offset must be less than length of axis 1 when positive, got: 4
"""),
    Ex('put_diagonal', 1897, """
>>> nx.put_diagonal(nx.iota((3, 3)), nx.iota((3,)), offset=-3)
** (ArgumentError) absolute value of offset must be less than length of axis 0 when negative, got: -3
"""),
    # Nx.put_slice
    Ex('put_slice', 13818, """
>>> t = nx.vectorize(nx.tensor([[1, 2, 3, 4], [5, 6, 7, 8]]), "x")
>>> slice = nx.vectorize(nx.tensor([[10, 20], [30, 40]]), "y")
>>> nx.put_slice(t, [2], slice)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[4]
  [
    [
      [1, 2, 10, 20],
      [1, 2, 30, 40]
    ],
    [
      [5, 6, 10, 20],
      [5, 6, 30, 40]
    ]
  ]
>
""", vectorized=True),
    # Nx.quotient
    Ex('quotient', 6011, """
>>> nx.quotient(11, 2)
nx.Tensor<
  s32
  5
>
"""),
    Ex('quotient', 6019, """
>>> nx.quotient(nx.tensor([2, 4, 5], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [1, 2, 2]
>
"""),
    Ex('quotient', 6025, """
>>> nx.quotient(10, nx.tensor([1, 2, 3], names=["data"]))
nx.Tensor<
  s32[data: 3]
  [10, 5, 3]
>
"""),
    Ex('quotient', 6033, """
>>> left = nx.tensor([[10, 20]], names=[None, "y"])
>>> right = nx.tensor([[1], [2]], names=["x", None])
>>> nx.quotient(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [10, 20],
    [5, 10]
  ]
>
"""),
    Ex('quotient', 6044, """
>>> left = nx.tensor([[10, 20]], type="s8", names=["x", "y"])
>>> right = nx.tensor([[1], [2]], type="s8")
>>> nx.quotient(left, right)
nx.Tensor<
  s8[x: 2][y: 2]
  [
    [10, 20],
    [5, 10]
  ]
>
"""),
    Ex('quotient', 6055, """
>>> left = nx.tensor([[10, 20]], type="u8", names=["x", "y"])
>>> right = nx.tensor([[1], [2]], type="u32")
>>> nx.quotient(left, right)
nx.Tensor<
  u32[x: 2][y: 2]
  [
    [10, 20],
    [5, 10]
  ]
>
"""),
    # Nx.rank
    Ex('rank', 4176, """
>>> nx.rank(nx.tensor(1))
0
"""),
    Ex('rank', 4182, """
>>> nx.rank(1)
0
"""),
    # Nx.reduce
    Ex('reduce', 11789, """
>>> t = nx.vectorize(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[10, 20, 30], [40, 50, 60]]]), "x")
>>> nx.reduce(t, 10, nx.add, axes=[1])
nx.Tensor<
  vectorized[x: 2]
  s32[2]
  [
    [16, 25],
    [70, 160]
  ]
>
""", vectorized=True),
    # Nx.reduce_max
    Ex('reduce_max', 9803, """
>>> nx.reduce_max(nx.tensor(42))
nx.Tensor<
  s32
  42
>
"""),
    Ex('reduce_max', 9809, """
>>> nx.reduce_max(nx.tensor(42.0))
nx.Tensor<
  f32
  42.0
>
"""),
    Ex('reduce_max', 9815, """
>>> nx.reduce_max(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32
  3
>
"""),
    Ex('reduce_max', 9823, """
>>> t = nx.tensor([[3, 1, 4], [2, 1, 1]], names=["x", "y"])
>>> nx.reduce_max(t, axes=["x"])
nx.Tensor<
  s32[y: 3]
  [3, 1, 4]
>
"""),
    Ex('reduce_max', 9830, """
>>> t = nx.tensor([[3, 1, 4], [2, 1, 1]], names=["x", "y"])
>>> nx.reduce_max(t, axes=["y"])
nx.Tensor<
  s32[x: 2]
  [4, 2]
>
"""),
    Ex('reduce_max', 9837, """
>>> t = nx.tensor([[[1, 2], [4, 5]], [[2, 4], [3, 8]]], names=["x", "y", "z"])
>>> nx.reduce_max(t, axes=["x", "z"])
nx.Tensor<
  s32[y: 2]
  [4, 8]
>
"""),
    Ex('reduce_max', 9846, """
>>> t = nx.tensor([[[1, 2], [4, 5]], [[2, 4], [3, 8]]], names=["x", "y", "z"])
>>> nx.reduce_max(t, axes=["x", "z"], keep_axes=True)
nx.Tensor<
  s32[x: 1][y: 2][z: 1]
  [
    [
      [4],
      [8]
    ]
  ]
>
"""),
    Ex('reduce_max', 9860, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
>>> nx.reduce_max(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 2]
  s32[1]
  [
    [2],
    [4]
  ]
>
""", vectorized=True),
    # Nx.reduce_min
    Ex('reduce_min', 9895, """
>>> nx.reduce_min(nx.tensor(42))
nx.Tensor<
  s32
  42
>
"""),
    Ex('reduce_min', 9901, """
>>> nx.reduce_min(nx.tensor(42.0))
nx.Tensor<
  f32
  42.0
>
"""),
    Ex('reduce_min', 9907, """
>>> nx.reduce_min(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32
  1
>
"""),
    Ex('reduce_min', 9915, """
>>> t = nx.tensor([[3, 1, 4], [2, 1, 1]], names=["x", "y"])
>>> nx.reduce_min(t, axes=["x"])
nx.Tensor<
  s32[y: 3]
  [2, 1, 1]
>
"""),
    Ex('reduce_min', 9922, """
>>> t = nx.tensor([[3, 1, 4], [2, 1, 1]], names=["x", "y"])
>>> nx.reduce_min(t, axes=["y"])
nx.Tensor<
  s32[x: 2]
  [1, 1]
>
"""),
    Ex('reduce_min', 9929, """
>>> t = nx.tensor([[[1, 2], [4, 5]], [[2, 4], [3, 8]]], names=["x", "y", "z"])
>>> nx.reduce_min(t, axes=["x", "z"])
nx.Tensor<
  s32[y: 2]
  [1, 3]
>
"""),
    Ex('reduce_min', 9938, """
>>> t = nx.tensor([[[1, 2], [4, 5]], [[2, 4], [3, 8]]], names=["x", "y", "z"])
>>> nx.reduce_min(t, axes=["x", "z"], keep_axes=True)
nx.Tensor<
  s32[x: 1][y: 2][z: 1]
  [
    [
      [1],
      [3]
    ]
  ]
>
"""),
    Ex('reduce_min', 9952, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x")
>>> nx.reduce_min(t, axes=[0], keep_axes=True)
nx.Tensor<
  vectorized[x: 2]
  s32[1]
  [
    [1],
    [3]
  ]
>
""", vectorized=True),
    # Nx.remainder
    Ex('remainder', 5825, """
>>> nx.remainder(1, 2)
nx.Tensor<
  s32
  1
>
"""),
    Ex('remainder', 5833, """
>>> nx.remainder(nx.tensor([1, 2, 3], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [1, 0, 1]
>
"""),
    Ex('remainder', 5839, """
>>> nx.remainder(2, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [0.0, 0.0, 2.0]
>
"""),
    Ex('remainder', 5847, """
>>> left = nx.tensor([[10], [20]], names=["x", "y"])
>>> right = nx.tensor([[3, 4]], names=[None, "y"])
>>> nx.remainder(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [1, 2],
    [2, 0]
  ]
>
"""),
    Ex('remainder', 5866, """
>>> left = nx.tensor(-11, type="s8")
>>> right = nx.tensor(10, type="u8")
>>> nx.remainder(left, right)
nx.Tensor<
  s16
  -1
>
>>> nx.remainder(nx.add(left, nx.tensor(20, type="s8")), right)
nx.Tensor<
  s16
  9
>
>>> positive_left = nx.tensor(9, type="u8")
>>> nx.remainder(positive_left, right)
nx.Tensor<
  u8
  9
>
>>> nx.remainder(nx.add(positive_left, nx.tensor(20, type="u8")), right)
nx.Tensor<
  u8
  9
>
"""),
    # Nx.rename
    Ex('rename', 2865, """
>>> nx.rename(nx.iota((2, 3)), ["foo", "bar"])
nx.Tensor<
  s32[foo: 2][bar: 3]
  [
    [0, 1, 2],
    [3, 4, 5]
  ]
>
"""),
    Ex('rename', 2879, """
>>> t = nx.vectorize(nx.tensor([[1], [2], [3]], names=[None, "y"]), "x")
>>> nx.rename(t, ["a"])
nx.Tensor<
  vectorized[x: 3]
  s32[a: 1]
  [
    [1],
    [2],
    [3]
  ]
>
>>> nx.rename(t, ["x"])
** (ArgumentError) name :x is already a name for a vectorized axis
""", vectorized=True),
    # Nx.reshape
    Ex('reshape', 2756, """
>>> t = nx.tensor([1, 2, 3, 4], names=["x"])
>>> nx.reshape(t, (2, 2), names=["x", "y"])
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [1, 2],
    [3, 4]
  ]
>
"""),
    Ex('reshape', 2768, """
>>> shape = nx.tensor([[0], [0], [0], [0]], names=["x", "y"])
>>> nx.reshape(nx.tensor([1, 2, 3, 4]), shape)
nx.Tensor<
  s32[x: 4][y: 1]
  [
    [1],
    [2],
    [3],
    [4]
  ]
>
"""),
    Ex('reshape', 2782, """
>>> t = nx.tensor(1)
>>> nx.reshape(t, (1, 1, 1), names=["x", "y", "z"])
nx.Tensor<
  s32[x: 1][y: 1][z: 1]
  [
    [
      [1]
    ]
  ]
>
"""),
    Ex('reshape', 2796, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
>>> nx.reshape(t, ("auto", 2), names=["x", "y"])
nx.Tensor<
  s32[x: 3][y: 2]
  [
    [1, 2],
    [3, 4],
    [5, 6]
  ]
>
"""),
    Ex('reshape', 2811, """
>>> t = nx.vectorize(nx.tensor([[[1, 2, 3], [4, 5, 6]]]), "x")
>>> t.shape
(2, 3)
>>> nx.reshape(t, (3, 2))
nx.Tensor<
  vectorized[x: 1]
  s32[3][2]
  [
    [
      [1, 2],
      [3, 4],
      [5, 6]
    ]
  ]
>
""", vectorized=True),
    # Nx.reshape_vectors
    Ex('reshape_vectors', 4960, """
>>> x = nx.vectorize(nx.tensor([1, 2, 3]), "x")
>>> xy = nx.vectorize(nx.vectorize(nx.tensor([[[5]], [[6]]]), "y"), "x")
>>> [x, xy] = nx.reshape_vectors([x, xy])
>>> x.vectorized_axes
[("x", 3), ("y", 1)]
>>> xy.vectorized_axes
[("x", 1), ("y", 2)]
""", vectorized=True),
    Ex('reshape_vectors', 4972, """
>>> x = nx.vectorize(nx.tensor([1, 2, 3]), "x")
>>> y = nx.vectorize(nx.tensor([4]), "y")
>>> [xv, yv] = nx.reshape_vectors([x, y])
>>> xv.vectorized_axes
[("x", 3), ("y", 1)]
>>> yv.vectorized_axes
[("x", 1), ("y", 1)]
>>> [yv, xv] = nx.reshape_vectors([y, x])
>>> xv.vectorized_axes
[("y", 1), ("x", 3)]
>>> yv.vectorized_axes
[("y", 1), ("x", 1)]
""", vectorized=True),
    Ex('reshape_vectors', 4988, """
>>> x = 1
>>> y = nx.vectorize(nx.tensor([[[1], [1]], [[2], [2]], [[3], [3]]]), "y")
>>> [xv, yv] = nx.reshape_vectors([x, y])
>>> xv
nx.Tensor<
  vectorized[y: 1]
  s32
  [1]
>
>>> yv
nx.Tensor<
  vectorized[y: 3]
  s32[2][1]
  [
    [
      [1],
      [1]
    ],
    [
      [2],
      [2]
    ],
    [
      [3],
      [3]
    ]
  ]
>
>>> [xv, _yv] = nx.reshape_vectors([x, y], align_ranks=True)
>>> xv
nx.Tensor<
  vectorized[y: 1]
  s32[1][1]
  [
    [
      [1]
    ]
  ]
>
""", vectorized=True),
    # Nx.revectorize
    Ex('revectorize', 5188, """
>>> t = nx.iota((1,), vectorized_axes=[("x", 2), ("y", 3), ("z", 4)])
>>> t2 = nx.revectorize(t, {"x": 12, "y": "auto"})
>>> t2.vectorized_axes
[("x", 12), ("y", 2)]
>>> t3 = nx.revectorize(t, {"a": "auto"})
>>> t3.vectorized_axes
[("a", 24)]
""", vectorized=True),
    Ex('revectorize', 5198, """
>>> t1 = nx.iota((1,), vectorized_axes=[("x", 2), ("y", 3)])
>>> t2 = nx.iota((1,), vectorized_axes=[("x", 2), ("y", 1)])
>>> (r1, r2) = nx.revectorize((t1, t2), {"a": "auto"})
>>> r1.vectorized_axes
[("a", 6)]
>>> r2.vectorized_axes
[("a", 2)]
""", vectorized=True),
    Ex('revectorize', 5209, """
>>> t = nx.vectorize(nx.iota((2, 2, 2)), {"x": 2, "y": 2})
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[2]
  [
    [
      [0, 1],
      [2, 3]
    ],
    [
      [4, 5],
      [6, 7]
    ]
  ]
>
>>> nx.revectorize(t, {"temp": "auto", "x": 2})
nx.Tensor<
  vectorized[temp: 2][x: 2]
  s32[2]
  [
    [
      [0, 1],
      [2, 3]
    ],
    [
      [4, 5],
      [6, 7]
    ]
  ]
>
>>> revec = nx.revectorize(t, {"temp": "auto", "x": 2}, target_shape=())
nx.Tensor<
  vectorized[temp: 4][x: 2]
  s32
  [
    [0, 1],
    [2, 3],
    [4, 5],
    [6, 7]
  ]
>
>>> nx.revectorize(revec, {"new_vec": 2}, target_shape=(1, 4), target_names=["x", "last"])
nx.Tensor<
  vectorized[new_vec: 2]
  s32[x: 1][last: 4]
  [
    [
      [0, 1, 2, 3]
    ],
    [
      [4, 5, 6, 7]
    ]
  ]
>
""", vectorized=True),
    # Nx.reverse
    Ex('reverse', 12798, """
>>> nx.reverse(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32[3]
  [3, 2, 1]
>
"""),
    Ex('reverse', 12804, """
>>> nx.reverse(nx.tensor([[1, 2, 3], [4, 5, 6]]))
nx.Tensor<
  s32[2][3]
  [
    [6, 5, 4],
    [3, 2, 1]
  ]
>
"""),
    Ex('reverse', 12813, """
>>> nx.reverse(nx.tensor([1, 2, 3], names=["x"]), axes=["x"])
nx.Tensor<
  s32[x: 3]
  [3, 2, 1]
>
"""),
    Ex('reverse', 12819, """
>>> nx.reverse(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"]), axes=["x"])
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [4, 5, 6],
    [1, 2, 3]
  ]
>
"""),
    Ex('reverse', 12828, """
>>> nx.reverse(nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"]), axes=["y"])
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [3, 2, 1],
    [6, 5, 4]
  ]
>
"""),
    Ex('reverse', 12837, """
>>> nx.reverse(nx.iota((2, 2, 2), type="f32", names=["x", "y", "z"]), axes=["x", "z"])
nx.Tensor<
  f32[x: 2][y: 2][z: 2]
  [
    [
      [5.0, 4.0],
      [7.0, 6.0]
    ],
    [
      [1.0, 0.0],
      [3.0, 2.0]
    ]
  ]
>
"""),
    Ex('reverse', 12857, """
>>> v = nx.vectorize(nx.iota((1, 2, 3)), "x")
nx.Tensor<
  vectorized[x: 1]
  s32[2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.reverse(v)
nx.Tensor<
  vectorized[x: 1]
  s32[2][3]
  [
    [
      [5, 4, 3],
      [2, 1, 0]
    ]
  ]
>
>>> nx.reverse(v, axes=[1])
nx.Tensor<
  vectorized[x: 1]
  s32[2][3]
  [
    [
      [2, 1, 0],
      [5, 4, 3]
    ]
  ]
>
""", vectorized=True),
    # Nx.right_shift
    Ex('right_shift', 6521, """
>>> nx.right_shift(1, 0)
nx.Tensor<
  s32
  1
>
"""),
    Ex('right_shift', 6529, """
>>> nx.right_shift(nx.tensor([2, 4, 8], names=["data"]), 2)
nx.Tensor<
  s32[data: 3]
  [0, 1, 2]
>
"""),
    Ex('right_shift', 6537, """
>>> left = nx.tensor([16, 32, -64, -128], names=["data"])
>>> right = nx.tensor([1, 2, 3, 4])
>>> nx.right_shift(left, right)
nx.Tensor<
  s32[data: 4]
  [8, 8, -8, -8]
>
"""),
    Ex('right_shift', 6547, """
>>> nx.right_shift(nx.tensor([0, 0, 1, 1]), 1.0)
** (ArgumentError) bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}
"""),
    # Nx.select
    Ex('select', 7064, """
>>> nx.select(1, nx.tensor([1, 2, 3], names=["x"]), nx.tensor([4, 5, 6], names=["x"]))
nx.Tensor<
  s32[x: 3]
  [1, 2, 3]
>
"""),
    Ex('select', 7070, """
>>> nx.select(0, nx.tensor([1, 2, 3], names=["y"]), nx.tensor([4, 5, 6], names=["y"]))
nx.Tensor<
  s32[y: 3]
  [4, 5, 6]
>
"""),
    Ex('select', 7076, """
>>> nx.select(0, nx.tensor([[1, 2]], names=["x", "y"]), nx.tensor([[3], [4]], names=["x", "y"]))
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [3, 3],
    [4, 4]
  ]
>
"""),
    Ex('select', 7087, """
>>> nx.select(nx.tensor([0, 1, 0], names=["x"]), nx.tensor([1, 2, 3], names=["y"]), nx.tensor([4, 5, 6], names=["z"]))
nx.Tensor<
  s32[x: 3]
  [4, 2, 6]
>
"""),
    Ex('select', 7093, """
>>> x = nx.tensor([2, 4, 6], names=["x"])
>>> y = nx.tensor([3, 2, 1])
>>> nx.select(nx.greater(x, y), nx.tensor([2, 4, 6], names=["i"]), nx.tensor([1, 3, 5], names=["j"]))
nx.Tensor<
  s32[x: 3]
  [1, 4, 6]
>
"""),
    Ex('select', 7101, """
>>> x = nx.tensor([2, 4, 6, 8, 10], names=["x"])
>>> y = nx.tensor([1, 6, 2, 11, 2], names=["x"])
>>> nx.select(nx.greater(x, y), nx.tensor(2), nx.tensor([1, 3, 5, 7, 9], names=["x"]))
nx.Tensor<
  s32[x: 5]
  [2, 3, 2, 7, 2]
>
"""),
    Ex('select', 7111, """
>>> nx.select(nx.tensor([0, 1, 2], type="u8"), nx.tensor([0, 0, 0]), nx.tensor([1, 1, 1]))
nx.Tensor<
  s32[3]
  [1, 0, 0]
>
"""),
    Ex('select', 7117, """
>>> nx.select(nx.tensor([0, 1, 0]), nx.tensor([1, 1, 1]), nx.tensor([2.0, 2.0, 2.0]))
nx.Tensor<
  f32[3]
  [2.0, 1.0, 2.0]
>
"""),
    Ex('select', 7127, """
>>> pred = nx.vectorize(nx.tensor([[0, 1, 0], [1, 1, 0]]), "x")
>>> on_true = 1
>>> on_false = nx.vectorize(nx.tensor([2, 3]), "y")
>>> nx.select(pred, on_true, on_false)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[3]
  [
    [
      [2, 1, 2],
      [3, 1, 3]
    ],
    [
      [1, 1, 2],
      [1, 1, 3]
    ]
  ]
>
""", vectorized=True),
    Ex('select', 7150, """
>>> pred = 1
>>> on_true = nx.vectorize(nx.tensor([1, 2, 3]), "x")
>>> on_false = nx.vectorize(nx.tensor([4, 5]), "y")
>>> nx.select(pred, on_true, on_false)
nx.Tensor<
  vectorized[x: 3][y: 2]
  s32
  [
    [1, 1],
    [2, 2],
    [3, 3]
  ]
>
""", vectorized=True),
    Ex('select', 7167, """
>>> pred = nx.vectorize(nx.tensor([1, 0, 0]), "x")
>>> on_true = nx.vectorize(nx.vectorize(nx.tensor([[2]]), "x"), "y")
>>> on_false = nx.vectorize(nx.tensor([3, 4]), "y")
>>> nx.select(pred, on_true, on_false)
nx.Tensor<
  vectorized[x: 3][y: 2]
  s32
  [
    [2, 2],
    [3, 4],
    [3, 4]
  ]
>
""", vectorized=True),
    # Nx.shape
    Ex('shape', 4146, """
>>> nx.shape(nx.tensor([[1, 2, 3], [4, 5, 6]]))
(2, 3)
"""),
    Ex('shape', 4152, """
>>> nx.shape((1, 2, 3))
(1, 2, 3)
"""),
    # Nx.sigil_
    Ex('sigil_', 17170, """
>>> nx.mat('0.1 0.2 0.3 0.4', "f16")
nx.Tensor<
  f16[1][4]
  [
    [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375]
  ]
>
>>> nx.mat('1+1i 2-2.0i -3')
nx.Tensor<
  c64[1][3]
  [
    [1.0+1.0i, 2.0-2.0i, -3.0+0.0i]
  ]
>
>>> nx.mat('1 Inf NaN')
nx.Tensor<
  f32[1][3]
  [
    [1.0, Inf, NaN]
  ]
>
>>> nx.mat('1i Inf NaN')
nx.Tensor<
  c64[1][3]
  [
    [0.0+1.0i, Inf+0.0i, NaN+0.0i]
  ]
>
>>> nx.mat('1i Inf+2i NaN-Infi')
nx.Tensor<
  c64[1][3]
  [
    [0.0+1.0i, Inf+2.0i, NaN-Infi]
  ]
>
"""),
    Ex('sigil_', 17236, """
>>> nx.vec('0.1 0.2 0.3 0.4', "f16")
nx.Tensor<
  f16[4]
  [0.0999755859375, 0.199951171875, 0.300048828125, 0.39990234375]
>
>>> nx.vec('1+1i 2-2.0i -3')
nx.Tensor<
  c64[3]
  [1.0+1.0i, 2.0-2.0i, -3.0+0.0i]
>
>>> nx.vec('1 Inf NaN')
nx.Tensor<
  f32[3]
  [1.0, Inf, NaN]
>
>>> nx.vec('1i Inf NaN')
nx.Tensor<
  c64[3]
  [0.0+1.0i, Inf+0.0i, NaN+0.0i]
>
>>> nx.vec('1i Inf+2i NaN-Infi')
nx.Tensor<
  c64[3]
  [0.0+1.0i, Inf+2.0i, NaN-Infi]
>
"""),
    # Nx.sign
    Ex('sign', 8119, """
>>> nx.sign(nx.tensor([-2, -1, 0, 1, 2], names=["x"]))
nx.Tensor<
  s32[x: 5]
  [-1, -1, 0, 1, 1]
>
"""),
    # Nx.size
    Ex('size', 4252, """
>>> nx.size(nx.tensor([[1, 2, 3], [4, 5, 6]]))
6
"""),
    Ex('size', 4261, """
>>> nx.size(nx.vectorize(nx.iota((4, 3, 2)), "x"))
6
""", vectorized=True),
    # Nx.slice
    Ex('slice', 13394, """
>>> nx.slice(nx.tensor([1, 2, 3, 4, 5, 6]), [0], [3])
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('slice', 13400, """
>>> nx.slice(nx.tensor([1, 2, 3, 4, 5, 6]), [0], [6], strides=[2])
nx.Tensor<
  s32[3]
  [1, 3, 5]
>
"""),
    Ex('slice', 13406, """
>>> nx.slice(nx.tensor([[1, 2], [3, 4], [5, 6]]), [0, 0], [3, 2], strides=[2, 1])
nx.Tensor<
  s32[2][2]
  [
    [1, 2],
    [5, 6]
  ]
>
"""),
    Ex('slice', 13417, """
>>> t = nx.tensor([[1, 2], [3, 4], [5, 6]])
>>> nx.slice(t, [0, 0], [3, 2], strides=2)
nx.Tensor<
  s32[2][1]
  [
    [1],
    [5]
  ]
>
"""),
    Ex('slice', 13429, """
>>> t = nx.iota((2, 15, 30))
>>> nx.slice(t, [0, 4, 11], [2, 3, 9], strides=[2, 1, 3])
nx.Tensor<
  s32[1][3][3]
  [
    [
      [131, 134, 137],
      [161, 164, 167],
      [191, 194, 197]
    ]
  ]
>
"""),
    Ex('slice', 13446, """
>>> nx.slice(nx.tensor([[1, 2, 3], [4, 5, 6]]), [nx.tensor(1), nx.tensor(2)], [1, 1])
nx.Tensor<
  s32[1][1]
  [
    [6]
  ]
>
"""),
    Ex('slice', 13454, """
>>> t = nx.tensor([[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]])
>>> nx.slice(t, [nx.tensor(0), nx.tensor(0)], [6, 7], strides=[5, 3])
nx.Tensor<
  f32[2][3]
  [
    [0.0, 0.0, 0.0],
    [1.0, 1.0, 1.0]
  ]
>
"""),
    Ex('slice', 13476, """
>>> nx.slice(nx.iota((3, 3)), [2, 2], [1, 1])
nx.Tensor<
  s32[1][1]
  [
    [8]
  ]
>
"""),
    Ex('slice', 13489, """
>>> nx.slice(nx.iota((3, 3)), [2, 2], [2, 2])
nx.Tensor<
  s32[2][2]
  [
    [4, 5],
    [7, 8]
  ]
>
"""),
    Ex('slice', 13500, """
>>> nx.slice(nx.iota((3, 3)), [nx.tensor(2), nx.tensor(2)], [2, 2])
nx.Tensor<
  s32[2][2]
  [
    [4, 5],
    [7, 8]
  ]
>
"""),
    Ex('slice', 13513, """
>>> nx.slice(nx.iota((3, 3), vectorized_axes=[("x", 2)]), [0, nx.tensor(1)], [2, 2])
nx.Tensor<
  vectorized[x: 2]
  s32[2][2]
  [
    [
      [1, 2],
      [4, 5]
    ],
    [
      [1, 2],
      [4, 5]
    ]
  ]
>
""", vectorized=True),
    Ex('slice', 13529, """
>>> idx = nx.vectorize(nx.tensor([0, 1, 10]), "i")
>>> nx.slice(nx.iota((3, 3)), [0, idx], [2, 2])
nx.Tensor<
  vectorized[i: 3]
  s32[2][2]
  [
    [
      [0, 1],
      [3, 4]
    ],
    [
      [1, 2],
      [4, 5]
    ],
    [
      [1, 2],
      [4, 5]
    ]
  ]
>
""", vectorized=True),
    Ex('slice', 13552, """
>>> nx.slice(nx.tensor([[1, 2, 3], [4, 5, 6]]), [nx.tensor([1, 2]), nx.tensor(1)], [1, 1])
** (ArgumentError) index must be scalar, got shape {2} for axis 0
"""),
    Ex('slice', 13555, """
>>> nx.slice(nx.tensor([[1, 2, 3], [4, 5, 6]]), [nx.tensor(1.0), nx.tensor(0)], [1, 1])
** (ArgumentError) index must be integer type, got {:f, 32} for axis 0
"""),
    # Nx.slice_along_axis
    Ex('slice_along_axis', 13719, """
>>> t = nx.iota((2, 5), vectorized_axes=[("x", 2)])
>>> nx.slice_along_axis(t, 0, 3, axis=1, strides=2)
nx.Tensor<
  vectorized[x: 2]
  s32[2][2]
  [
    [
      [0, 2],
      [5, 7]
    ],
    [
      [0, 2],
      [5, 7]
    ]
  ]
>
""", vectorized=True),
    # Nx.sort
    Ex('sort', 14909, """
>>> t = nx.tensor([[[4, 5], [2, 5], [5, 0]], [[1, 9], [2, 1], [2, 1]], [[0, -1], [-1, 0], [0, -1]], [[-1, 0], [0, -1], [-1, 0]]], names=["x", "y", "z"])
>>> nx.sort(t, axis="x")
nx.Tensor<
  s32[x: 4][y: 3][z: 2]
  [
    [
      [-1, -1],
      [-1, -1],
      [-1, -1]
    ],
    [
      [0, 0],
      [0, 0],
      [0, 0]
    ],
    [
      [1, 5],
      [2, 1],
      [2, 0]
    ],
    [
      [4, 9],
      [2, 5],
      [5, 1]
    ]
  ]
>
"""),
    Ex('sort', 14947, """
>>> t = nx.tensor([[[4, 5, 2], [2, 5, 3], [5, 0, 2]], [[1, 9, 8], [2, 1, 3], [2, 1, 4]]], names=["x", "y", "z"])
>>> nx.sort(t, axis="x")
nx.Tensor<
  s32[x: 2][y: 3][z: 3]
  [
    [
      [1, 5, 2],
      [2, 1, 3],
      [2, 0, 2]
    ],
    [
      [4, 9, 8],
      [2, 5, 3],
      [5, 1, 4]
    ]
  ]
>
>>> nx.sort(t, axis="y")
nx.Tensor<
  s32[x: 2][y: 3][z: 3]
  [
    [
      [2, 0, 2],
      [4, 5, 2],
      [5, 5, 3]
    ],
    [
      [1, 1, 3],
      [2, 1, 4],
      [2, 9, 8]
    ]
  ]
>
>>> nx.sort(t, axis="z")
nx.Tensor<
  s32[x: 2][y: 3][z: 3]
  [
    [
      [2, 4, 5],
      [2, 3, 5],
      [0, 2, 5]
    ],
    [
      [1, 8, 9],
      [1, 2, 3],
      [1, 2, 4]
    ]
  ]
>
"""),
    # Nx.squeeze
    Ex('squeeze', 3296, """
>>> nx.squeeze(nx.tensor([[[[[1]]]]]))
nx.Tensor<
  s32
  1
>
"""),
    Ex('squeeze', 3302, """
>>> nx.squeeze(nx.tensor([[[[1]]], [[[2]]]], names=["x", "y", "z", "i"]))
nx.Tensor<
  s32[x: 2]
  [1, 2]
>
"""),
    Ex('squeeze', 3308, """
>>> nx.squeeze(nx.tensor([[1, 2, 3]], names=["x", "y"]), axes=["x"])
nx.Tensor<
  s32[y: 3]
  [1, 2, 3]
>
"""),
    Ex('squeeze', 3314, """
>>> nx.squeeze(nx.tensor([[1], [2]], names=["x", "y"]), axes=["y"])
nx.Tensor<
  s32[x: 2]
  [1, 2]
>
"""),
    Ex('squeeze', 3324, """
>>> t = nx.vectorize(nx.tensor([[[[[1], [2], [3]]]]]), "x")
nx.Tensor<
  vectorized[x: 1]
  s32[1][1][3][1]
  [
    [
      [
        [
          [1],
          [2],
          [3]
        ]
      ]
    ]
  ]
>
>>> nx.squeeze(t)
nx.Tensor<
  vectorized[x: 1]
  s32[3]
  [
    [1, 2, 3]
  ]
>
>>> nx.squeeze(t, axes=[0, 1])
nx.Tensor<
  vectorized[x: 1]
  s32[3][1]
  [
    [
      [1],
      [2],
      [3]
    ]
  ]
>
""", vectorized=True),
    Ex('squeeze', 3363, """
>>> nx.squeeze(nx.tensor([[1, 2, 3], [4, 5, 6]]), axes=[1])
** (ArgumentError) cannot squeeze dimensions whose sizes are not 1, got 3 for dimension 1
"""),
    Ex('squeeze', 3366, """
>>> nx.squeeze(nx.tensor([[[[[1]]]]]), axes=[0, 0])
** (ArgumentError) axes [0, 0] must be unique integers between 0 and 4
"""),
    # Nx.stack
    Ex('stack', 14771, """
>>> nx.stack([1, 2, 3])
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('stack', 14777, """
>>> nx.stack([nx.tensor([1, 2, 3]), nx.tensor([4, 5, 6])])
nx.Tensor<
  s32[2][3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
"""),
    Ex('stack', 14788, """
>>> t1 = nx.iota((2, 1, 4))
>>> t2 = nx.iota((2, 1, 4))
>>> t3 = nx.iota((2, 1, 4))
>>> nx.stack([t1, t2, t3], axis=-1)
nx.Tensor<
  s32[2][1][4][3]
  [
    [
      [
        [0, 0, 0],
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3]
      ]
    ],
    [
      [
        [4, 4, 4],
        [5, 5, 5],
        [6, 6, 6],
        [7, 7, 7]
      ]
    ]
  ]
>
"""),
    Ex('stack', 14816, """
>>> nx.stack([nx.tensor(1), nx.tensor(2)], name="x")
nx.Tensor<
  s32[x: 2]
  [1, 2]
>
"""),
    # Nx.standard_deviation
    Ex('standard_deviation', 15858, """
>>> nx.standard_deviation(nx.vectorize(nx.tensor([[1, 2], [0, 4]]), "x"))
nx.Tensor<
  vectorized[x: 2]
  f32
  [0.5, 2.0]
>
""", vectorized=True),
    # Nx.subtract
    Ex('subtract', 5626, """
>>> nx.subtract(1, 2)
nx.Tensor<
  s32
  -1
>
"""),
    Ex('subtract', 5634, """
>>> nx.subtract(nx.tensor([1, 2, 3], names=["data"]), 1)
nx.Tensor<
  s32[data: 3]
  [0, 1, 2]
>
"""),
    Ex('subtract', 5640, """
>>> nx.subtract(1, nx.tensor([1.0, 2.0, 3.0], names=["data"]))
nx.Tensor<
  f32[data: 3]
  [0.0, -1.0, -2.0]
>
"""),
    Ex('subtract', 5648, """
>>> left = nx.tensor([[1], [2]], names=["x", "y"])
>>> right = nx.tensor([[10, 20]], names=["x", "y"])
>>> nx.subtract(left, right)
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [-9, -19],
    [-8, -18]
  ]
>
"""),
    Ex('subtract', 5659, """
>>> left = nx.tensor([[1], [2]], type="s8", names=["x", None])
>>> right = nx.tensor([[10, 20]], type="s8", names=[None, "y"])
>>> nx.subtract(left, right)
nx.Tensor<
  s8[x: 2][y: 2]
  [
    [-9, -19],
    [-8, -18]
  ]
>
"""),
    Ex('subtract', 5670, """
>>> left = nx.tensor([[1], [2]], type="f32", names=[None, "y"])
>>> right = nx.tensor([[10, 20]], type="f32", names=["x", None])
>>> nx.subtract(left, right)
nx.Tensor<
  f32[x: 2][y: 2]
  [
    [-9.0, -19.0],
    [-8.0, -18.0]
  ]
>
"""),
    # Nx.sum
    Ex('sum', 8849, """
>>> nx.sum(nx.tensor(42))
nx.Tensor<
  s32
  42
>
"""),
    Ex('sum', 8855, """
>>> nx.sum(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32
  6
>
"""),
    Ex('sum', 8861, """
>>> nx.sum(nx.tensor([[1.0, 2.0], [3.0, 4.0]]))
nx.Tensor<
  f32
  10.0
>
"""),
    Ex('sum', 8870, """
>>> nx.sum(nx.tensor([[101, 102], [103, 104]], type="s8"))
nx.Tensor<
  s32
  410
>
"""),
    Ex('sum', 8876, """
>>> nx.sum(nx.tensor([[101, 102], [103, 104]], type="s16"))
nx.Tensor<
  s32
  410
>
"""),
    Ex('sum', 8884, """
>>> nx.sum(nx.tensor([1, 2, 3]), axes=[0])
nx.Tensor<
  s32
  6
>
"""),
    Ex('sum', 8892, """
>>> t = nx.iota((2, 2, 3), names=["x", "y", "z"])
>>> nx.sum(t, axes=["x"])
nx.Tensor<
  s32[y: 2][z: 3]
  [
    [6, 8, 10],
    [12, 14, 16]
  ]
>
>>> nx.sum(t, axes=["y"])
nx.Tensor<
  s32[x: 2][z: 3]
  [
    [3, 5, 7],
    [15, 17, 19]
  ]
>
>>> nx.sum(t, axes=["z"])
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [3, 12],
    [21, 30]
  ]
>
>>> nx.sum(t, axes=["x", "z"])
nx.Tensor<
  s32[y: 2]
  [24, 42]
>
>>> nx.sum(t, axes=[-3])
nx.Tensor<
  s32[y: 2][z: 3]
  [
    [6, 8, 10],
    [12, 14, 16]
  ]
>
"""),
    Ex('sum', 8933, """
>>> t = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
>>> nx.sum(t, axes=["x"], keep_axes=True)
nx.Tensor<
  s32[x: 1][y: 2]
  [
    [4, 6]
  ]
>
"""),
    Ex('sum', 8944, """
>>> t = nx.vectorize(nx.vectorize(nx.tensor([[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[1][2]
  [
    [
      [
        [1, 2]
      ],
      [
        [3, 4]
      ]
    ],
    [
      [
        [5, 6]
      ],
      [
        [7, 8]
      ]
    ]
  ]
>
>>> nx.sum(t)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32
  [
    [3, 7],
    [11, 15]
  ]
>
>>> nx.sum(t, axes=[0])
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[2]
  [
    [
      [1, 2],
      [3, 4]
    ],
    [
      [5, 6],
      [7, 8]
    ]
  ]
>
""", vectorized=True),
    Ex('sum', 8994, """
>>> nx.sum(nx.tensor([[1, 2]]), axes=[2])
** (ArgumentError) given axis (2) invalid for shape with rank 2
"""),
    # Nx.take
    Ex('take', 13911, """
>>> t = nx.tensor([[1, 2], [3, 4]])
>>> nx.take(t, nx.tensor([1, 0, 1]), axis=1)
nx.Tensor<
  s32[2][3]
  [
    [2, 1, 2],
    [4, 3, 4]
  ]
>
"""),
    Ex('take', 13922, """
>>> t = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
>>> nx.take(t, nx.tensor([1, 0, 1]), axis="y")
nx.Tensor<
  s32[x: 2][y: 3]
  [
    [2, 1, 2],
    [4, 3, 4]
  ]
>
"""),
    Ex('take', 13932, """
>>> t = nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]])
>>> nx.take(t, nx.tensor([1, 0, 1]), axis=1)
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
>
"""),
    Ex('take', 13952, """
>>> t = nx.tensor([[1, 2], [11, 12]])
>>> nx.take(t, nx.tensor([[0, 0], [1, 1], [0, 0]]), axis=1)
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
>
"""),
    Ex('take', 13970, """
>>> t = nx.tensor([[[1, 2], [11, 12]], [[101, 102], [111, 112]]])
>>> nx.take(t, nx.tensor([[0, 0, 0], [1, 1, 1], [0, 0, 0]]), axis=1)
nx.Tensor<
  s32[2][3][3][2]
  [
    [
      [
        [1, 2],
        [1, 2],
        [1, 2]
      ],
      [
        [11, 12],
        [11, 12],
        [11, 12]
      ],
      [
        [1, 2],
        [1, 2],
        [1, 2]
      ]
    ],
    [
      [
        [101, 102],
        [101, 102],
        [101, 102]
      ],
      [
        [111, 112],
        [111, 112],
        [111, 112]
      ],
      [
        [101, 102],
        [101, 102],
        [101, 102]
      ]
    ]
  ]
>
"""),
    Ex('take', 14018, """
>>> t = nx.tensor([[1, 2], [11, 12]])
>>> idx = nx.vectorize(nx.tensor([0, 1, 0]), "x")
>>> nx.take(t, idx)
nx.Tensor<
  vectorized[x: 3]
  s32[2]
  [
    [1, 2],
    [11, 12],
    [1, 2]
  ]
>
>>> t = nx.vectorize(nx.tensor([[[1, 2]], [[11, 12]]]), "x")
>>> idx = nx.tensor([0, 1])
>>> nx.take(t, idx, axis=1)
nx.Tensor<
  vectorized[x: 2]
  s32[1][2]
  [
    [
      [1, 2]
    ],
    [
      [11, 12]
    ]
  ]
>
""", vectorized=True),
    Ex('take', 14049, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [11, 12]]), "x")
>>> idx = nx.vectorize(nx.tensor([0, 1, 0]), "y")
>>> nx.take(t, idx)
nx.Tensor<
  vectorized[x: 2][y: 3]
  s32
  [
    [1, 2, 1],
    [11, 12, 11]
  ]
>
""", vectorized=True),
    Ex('take', 14061, """
>>> t = nx.vectorize(nx.tensor([[1, 2], [11, 12]]), "x")
>>> idx = nx.vectorize(nx.tensor([[0, 1, 0], [0, 1, 1]]), "x")
>>> nx.take(t, idx)
nx.Tensor<
  vectorized[x: 2]
  s32[3]
  [
    [1, 2, 1],
    [11, 12, 12]
  ]
>
""", vectorized=True),
    Ex('take', 14075, """
>>> nx.take(nx.tensor([[1, 2], [3, 4]]), nx.tensor([1, 0, 1], type="f32"))
** (ArgumentError) indices must be an integer tensor, got {:f, 32}
"""),
    # Nx.take_along_axis
    Ex('take_along_axis', 14195, """
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])
>>> nx.take_along_axis(t, nx.tensor([[0, 1, 1], [1, 0, 0], [0, 1, 0]]), axis=0)
nx.Tensor<
  s32[3][3]
  [
    [1, 5, 6],
    [4, 2, 3],
    [1, 5, 3]
  ]
>
"""),
    Ex('take_along_axis', 14209, """
>>> tensor = nx.tensor([[[1, 2], [3, 4], [5, 6]]])
nx.Tensor<
  s32[1][3][2]
  [
    [
      [1, 2],
      [3, 4],
      [5, 6]
    ]
  ]
>
>>> idx1 = nx.argsort(tensor, axis=1, direction="desc")
nx.Tensor<
  s32[1][3][2]
  [
    [
      [2, 2],
      [1, 1],
      [0, 0]
    ]
  ]
>
>>> nx.take_along_axis(tensor, idx1, axis=1)
nx.Tensor<
  s32[1][3][2]
  [
    [
      [5, 6],
      [3, 4],
      [1, 2]
    ]
  ]
>
>>> idx2 = nx.argsort(tensor, axis=2, direction="desc")
nx.Tensor<
  s32[1][3][2]
  [
    [
      [1, 0],
      [1, 0],
      [1, 0]
    ]
  ]
>
>>> nx.take_along_axis(tensor, idx2, axis=2)
nx.Tensor<
  s32[1][3][2]
  [
    [
      [2, 1],
      [4, 3],
      [6, 5]
    ]
  ]
>
"""),
    Ex('take_along_axis', 14271, """
>>> t = nx.vectorize(nx.tensor([[[1, 2, 3]], [[4, 5, 6]]]), "x")
>>> idx = nx.vectorize(nx.tensor([[[0, 0, 2, 1]], [[2, 1, 0, 0]]]), "x")
>>> nx.take_along_axis(t, idx, axis=1)
nx.Tensor<
  vectorized[x: 2]
  s32[1][4]
  [
    [
      [1, 1, 3, 2]
    ],
    [
      [6, 5, 4, 4]
    ]
  ]
>
""", vectorized=True),
    Ex('take_along_axis', 14289, """
>>> t = nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]]), "x")
>>> idx = nx.vectorize(nx.tensor([[0, 0, 2, 1], [2, 1, 0, 0]]), "y")
>>> nx.take_along_axis(t, idx, axis=0)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[4]
  [
    [
      [1, 1, 3, 2],
      [3, 2, 1, 1]
    ],
    [
      [4, 4, 6, 5],
      [6, 5, 4, 4]
    ]
  ]
>
""", vectorized=True),
    Ex('take_along_axis', 14309, """
>>> tensor = nx.iota((3, 3))
>>> idx = nx.tensor([[2.0], [1.0], [2.0]], type="f32")
>>> nx.take_along_axis(tensor, idx, axis=1)
** (ArgumentError) indices must be an integer tensor, got {:f, 32}
"""),
    # Nx.take_diagonal
    Ex('take_diagonal', 1586, """
>>> nx.take_diagonal(nx.tensor([0, 1, 2]))
** (ArgumentError) take_diagonal/2 expects tensor of rank 2 or higher, got tensor of rank: 1
"""),
    Ex('take_diagonal', 1589, """
>>> nx.take_diagonal(nx.iota((3, 3)), offset=3)
** (ArgumentError) offset must be less than length of axis 1 when positive, got: 3
"""),
    Ex('take_diagonal', 1592, """
>>> nx.take_diagonal(nx.iota((3, 3)), offset=-4)
** (ArgumentError) absolute value of offset must be less than length of axis 0 when negative, got: -4
"""),
    # Nx.template
    Ex('template', 916, """
>>> nx.template((2, 3), "f32")
nx.Tensor<
  f32[2][3]
  Nx.TemplateBackend
>
"""),
    Ex('template', 922, """
>>> nx.template((2, 3), ("f", 32), names=["rows", "columns"])
nx.Tensor<
  f32[rows: 2][columns: 3]
  Nx.TemplateBackend
>
"""),
    Ex('template', 930, """
>>> t = nx.template((2, 3), ("f", 32), names=["rows", "columns"])
>>> nx.abs(t)
** (RuntimeError) cannot perform operations on a Nx.TemplateBackend tensor
"""),
    # Nx.tensor
    Ex('tensor', 488, """
>>> nx.tensor(0)
nx.Tensor<
  s32
  0
>
"""),
    Ex('tensor', 494, """
>>> nx.tensor(1.0)
nx.Tensor<
  f32
  1.0
>
"""),
    Ex('tensor', 502, """
>>> nx.tensor([1, 2, 3])
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('tensor', 508, """
>>> nx.tensor([1.2, 2.3, 3.4, 4.5])
nx.Tensor<
  f32[4]
  [1.2000000476837158, 2.299999952316284, 3.4000000953674316, 4.5]
>
"""),
    Ex('tensor', 517, """
>>> nx.tensor([300, 301, 302], type="s8")
nx.Tensor<
  s8[3]
  [44, 45, 46]
>
"""),
    Ex('tensor', 525, """
>>> nx.tensor([1, 2, 3.0])
nx.Tensor<
  f32[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('tensor', 535, """
>>> nx.tensor(True)
nx.Tensor<
  u8
  1
>
"""),
    Ex('tensor', 541, """
>>> nx.tensor(False)
nx.Tensor<
  u8
  0
>
"""),
    Ex('tensor', 547, """
>>> nx.tensor([True, False])
nx.Tensor<
  u8[2]
  [1, 0]
>
"""),
    Ex('tensor', 555, """
>>> nx.tensor([[1, 2, 3], [4, 5, 6]])
nx.Tensor<
  s32[2][3]
  [
    [1, 2, 3],
    [4, 5, 6]
  ]
>
"""),
    Ex('tensor', 564, """
>>> nx.tensor([[1, 2], [3, 4], [5, 6]])
nx.Tensor<
  s32[3][2]
  [
    [1, 2],
    [3, 4],
    [5, 6]
  ]
>
"""),
    Ex('tensor', 574, """
>>> nx.tensor([[[1, 2], [3, 4], [5, 6]], [[-1, -2], [-3, -4], [-5, -6]]])
nx.Tensor<
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
>
"""),
    Ex('tensor', 596, """
>>> nx.tensor([1, 2, 3], type="f16")
nx.Tensor<
  f16[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('tensor', 602, """
>>> nx.tensor([1, 2, 3], type="f64")
nx.Tensor<
  f64[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('tensor', 610, """
>>> nx.tensor([1, 2, 3], type="bf16")
nx.Tensor<
  bf16[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('tensor', 621, """
>>> nx.tensor([1, 2, 3], type="f8")
nx.Tensor<
  f8[3]
  [1.0, 2.0, 3.0]
>
"""),
    Ex('tensor', 631, """
>>> nx.tensor(["neg_infinity", "nan", "infinity"])
nx.Tensor<
  f32[3]
  [-Inf, NaN, Inf]
>
"""),
    Ex('tensor', 639, """
>>> nx.tensor(complex(1, -1))
nx.Tensor<
  c64
  1.0-1.0i
>
"""),
    Ex('tensor', 660, """
>>> nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", "height", "width"])
nx.Tensor<
  s32[batch: 1][height: 3][width: 3]
  [
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9]
    ]
  ]
>
"""),
    Ex('tensor', 674, """
>>> nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch", None, None])
nx.Tensor<
  s32[batch: 1][3][3]
  [
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9]
    ]
  ]
>
"""),
    Ex('tensor', 688, """
>>> nx.tensor([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], names=["batch"])
** (ArgumentError) invalid names for tensor of rank 3, when specifying names every dimension must have a name or be nil
"""),
    Ex('tensor', 695, """
>>> nx.tensor(nx.tensor([1, 2, 3]))
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('tensor', 704, """
>>> nx.tensor(nx.tensor([1, 2, 3]), type="f32")
** (ArgumentError) Nx.tensor/2 expects a tensor with type :f32 but it was given a tensor of type {:s, 32}
"""),
    Ex('tensor', 714, """
>>> nx.tensor(nx.tensor([1, 2, 3]), names=["row"])
nx.Tensor<
  s32[row: 3]
  [1, 2, 3]
>
"""),
    Ex('tensor', 720, """
>>> nx.tensor(nx.tensor([1, 2, 3], names=["column"]))
nx.Tensor<
  s32[3]
  [1, 2, 3]
>
"""),
    Ex('tensor', 726, """
>>> nx.tensor(nx.tensor([1, 2, 3], names=["column"]), names=["row"])
** (ArgumentError)  cannot merge name :column on axis 0 with name :row on axis 0
"""),
    # Nx.tile
    Ex('tile', 3037, """
>>> a = nx.tensor([0, 1, 2])
>>> nx.tile(a, [2])
nx.Tensor<
  s32[6]
  [0, 1, 2, 0, 1, 2]
>
>>> nx.tile(a, [1, 2])
nx.Tensor<
  s32[1][6]
  [
    [0, 1, 2, 0, 1, 2]
  ]
>
>>> nx.tile(a, [2, 2])
nx.Tensor<
  s32[2][6]
  [
    [0, 1, 2, 0, 1, 2],
    [0, 1, 2, 0, 1, 2]
  ]
>
>>> nx.tile(a, [2, 1])
nx.Tensor<
  s32[2][3]
  [
    [0, 1, 2],
    [0, 1, 2]
  ]
>
>>> nx.tile(a, [2, 1, 2])
nx.Tensor<
  s32[2][1][6]
  [
    [
      [0, 1, 2, 0, 1, 2]
    ],
    [
      [0, 1, 2, 0, 1, 2]
    ]
  ]
>
"""),
    Ex('tile', 3079, """
>>> b = nx.tensor([[1, 2], [3, 4]])
>>> nx.tile(b, [2])
nx.Tensor<
  s32[2][4]
  [
    [1, 2, 1, 2],
    [3, 4, 3, 4]
  ]
>
>>> nx.tile(b, [2, 1])
nx.Tensor<
  s32[4][2]
  [
    [1, 2],
    [3, 4],
    [1, 2],
    [3, 4]
  ]
>
>>> nx.tile(b, [1, 2])
nx.Tensor<
  s32[2][4]
  [
    [1, 2, 1, 2],
    [3, 4, 3, 4]
  ]
>
"""),
    Ex('tile', 3107, """
>>> c = nx.tensor([1, 2, 3, 4])
>>> nx.tile(c, [4, 1])
nx.Tensor<
  s32[4][4]
  [
    [1, 2, 3, 4],
    [1, 2, 3, 4],
    [1, 2, 3, 4],
    [1, 2, 3, 4]
  ]
>
"""),
    Ex('tile', 3123, """
>>> t = nx.vectorize(nx.tensor([[1, 2, 3], [4, 5, 6]]), "x")
>>> nx.tile(t, [1, 3, 1])
nx.Tensor<
  vectorized[x: 2]
  s32[1][3][3]
  [
    [
      [
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3]
      ]
    ],
    [
      [
        [4, 5, 6],
        [4, 5, 6],
        [4, 5, 6]
      ]
    ]
  ]
>
""", vectorized=True),
    Ex('tile', 3148, """
>>> nx.tile(nx.tensor([1, 2]), 1.0)
** (ArgumentError) repetitions must be a list of integers, got: 1.0
"""),
    Ex('tile', 3151, """
>>> nx.tile(nx.tensor([1, 2]), [1, 1.0])
** (ArgumentError) repetitions must be a list of integers, got: [1, 1.0]
"""),
    Ex('tile', 3154, """
>>> nx.tile(nx.tensor([1, 2]), None)
** (ArgumentError) repetitions must be a list of integers, got: nil
"""),
    # Nx.to_batched
    Ex('to_batched', 2239, """
>>> [first, second] = list(nx.to_batched(nx.iota((2, 2, 2)), 1))
>>> first
nx.Tensor<
  s32[1][2][2]
  [
    [
      [0, 1],
      [2, 3]
    ]
  ]
>
>>> second
nx.Tensor<
  s32[1][2][2]
  [
    [
      [4, 5],
      [6, 7]
    ]
  ]
>
"""),
    Ex('to_batched', 2264, """
>>> [first, second, third] = list(nx.to_batched(nx.iota((5, 2), names=["x", "y"]), 2))
>>> first
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [0, 1],
    [2, 3]
  ]
>
>>> second
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [4, 5],
    [6, 7]
  ]
>
>>> third
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [8, 9],
    [0, 1]
  ]
>
"""),
    Ex('to_batched', 2292, """
>>> [first, second] = list(nx.to_batched(nx.iota((5, 2), names=["x", "y"]), 2, leftover="discard"))
>>> first
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [0, 1],
    [2, 3]
  ]
>
>>> second
nx.Tensor<
  s32[x: 2][y: 2]
  [
    [4, 5],
    [6, 7]
  ]
>
"""),
    Ex('to_batched', 2316, """
>>> t = nx.vectorize(nx.iota((2, 2, 2)), {"x": 2})
>>> [first, second] = list(nx.to_batched(t, 1))
>>> first
nx.Tensor<
  vectorized[x: 1]
  s32[2][2]
  [
    [
      [0, 1],
      [2, 3]
    ]
  ]
>
>>> second
nx.Tensor<
  vectorized[x: 1]
  s32[2][2]
  [
    [
      [4, 5],
      [6, 7]
    ]
  ]
>
""", vectorized=True),
    Ex('to_batched', 2341, """
>>> t = nx.vectorize(nx.iota((2, 2, 2)), {"x": 2, "y": 2})
>>> [first, second] = list(nx.to_batched(t, 1))
>>> first
nx.Tensor<
  vectorized[x: 1][y: 2]
  s32[2]
  [
    [
      [0, 1],
      [2, 3]
    ]
  ]
>
>>> second
nx.Tensor<
  vectorized[x: 1][y: 2]
  s32[2]
  [
    [
      [4, 5],
      [6, 7]
    ]
  ]
>
""", vectorized=True),
    Ex('to_batched', 2368, """
>>> t = nx.vectorize(nx.iota((5, 2), names=["x", "y"]), "x")
>>> [first, second, third] = list(nx.to_batched(t, 2))
>>> first
nx.Tensor<
  vectorized[x: 2]
  s32[y: 2]
  [
    [0, 1],
    [2, 3]
  ]
>
>>> second
nx.Tensor<
  vectorized[x: 2]
  s32[y: 2]
  [
    [4, 5],
    [6, 7]
  ]
>
>>> third
nx.Tensor<
  vectorized[x: 2]
  s32[y: 2]
  [
    [8, 9],
    [0, 1]
  ]
>
""", vectorized=True),
    Ex('to_batched', 2401, """
>>> t = nx.vectorize(nx.tensor([1, 2, 3]), "x")
>>> [first, second] = list(nx.to_batched(t, 2))
>>> first
nx.Tensor<
  vectorized[x: 2]
  s32
  [1, 2]
>
>>> second
nx.Tensor<
  vectorized[x: 2]
  s32
  [3, 1]
>
""", vectorized=True),
    # Nx.to_flat_list
    Ex('to_flat_list', 2112, """
>>> nx.to_flat_list(1)
[1]
"""),
    Ex('to_flat_list', 2115, """
>>> nx.to_flat_list(nx.tensor([1.0, 2.0, 3.0]))
[1.0, 2.0, 3.0]
"""),
    Ex('to_flat_list', 2118, """
>>> nx.to_flat_list(nx.tensor([1.0, 2.0, 3.0]), limit=2)
[1.0, 2.0]
"""),
    Ex('to_flat_list', 2123, """
>>> t = nx.tensor(["neg_infinity", "nan", "infinity"])
>>> nx.to_flat_list(t)
["neg_infinity", "nan", "infinity"]
"""),
    Ex('to_flat_list', 2132, """
>>> t = nx.vectorize(nx.tensor([[1], [2], [3], [4]]), "x")
>>> nx.to_flat_list(t)
[1, 2, 3, 4]
>>> nx.to_flat_list(t, limit=2)
[1, 2]
""", vectorized=True),
    # Nx.to_list
    Ex('to_list', 2163, """
>>> nx.to_list(nx.iota((2, 3)))
[
  [0, 1, 2],
  [3, 4, 5]
]
"""),
    Ex('to_list', 2169, """
>>> nx.to_list(nx.tensor(123))
** (ArgumentError) cannot convert a scalar tensor to a list, got: nx.Tensor<
  s32
  123
>
"""),
    # Nx.to_number
    Ex('to_number', 2459, """
>>> nx.to_number(1)
1
"""),
    Ex('to_number', 2462, """
>>> nx.to_number(nx.tensor([1.0, 2.0, 3.0]))
** (ArgumentError) cannot convert tensor of shape {3} to number
"""),
    Ex('to_number', 2465, """
>>> nx.to_number(nx.vectorize(nx.tensor([1]), "x"))
** (ArgumentError) cannot convert vectorized tensor with axes [x: 1] and shape {} to number
""", vectorized=True),
    # Nx.to_template
    Ex('to_template', 968, """
>>> nx.to_template(nx.iota((2, 3)))
nx.Tensor<
  s32[2][3]
  Nx.TemplateBackend
>
"""),
    Ex('to_template', 974, """
>>> (int, float) = nx.to_template((1, 2.0))
>>> int
nx.Tensor<
  s32
  Nx.TemplateBackend
>
>>> float
nx.Tensor<
  f32
  Nx.TemplateBackend
>
"""),
    Ex('to_template', 988, """
>>> t = nx.to_template(nx.iota((2, 3)))
>>> nx.abs(t)
** (RuntimeError) cannot perform operations on a Nx.TemplateBackend tensor
"""),
    # Nx.top_k
    Ex('top_k', 15121, """
>>> a = nx.tensor([1, 2, 3, 4, 5])
>>> nx.top_k(a, k=6)
** (ArgumentError) top_k input last axis size must be greater than or equal to k, got size=5 and k=6
"""),
    Ex('top_k', 15125, """
>>> a = nx.tensor(1)
>>> nx.top_k(a, k=1)
** (ArgumentError) top_k input must have at least rank 1
"""),
    # Nx.transpose
    Ex('transpose', 12643, """
>>> nx.transpose(nx.tensor(1))
nx.Tensor<
  s32
  1
>
"""),
    Ex('transpose', 12649, """
>>> nx.transpose(nx.iota((2, 3, 4), names=["x", "y", "z"]))
nx.Tensor<
  s32[z: 4][y: 3][x: 2]
  [
    [
      [0, 12],
      [4, 16],
      [8, 20]
    ],
    [
      [1, 13],
      [5, 17],
      [9, 21]
    ],
    [
      [2, 14],
      [6, 18],
      [10, 22]
    ],
    [
      [3, 15],
      [7, 19],
      [11, 23]
    ]
  ]
>
"""),
    Ex('transpose', 12676, """
>>> nx.transpose(nx.tensor(1), axes=[])
nx.Tensor<
  s32
  1
>
"""),
    Ex('transpose', 12682, """
>>> nx.transpose(nx.iota((2, 3, 4), names=["batch", "x", "y"]), axes=[2, 1, "batch"])
nx.Tensor<
  s32[y: 4][x: 3][batch: 2]
  [
    [
      [0, 12],
      [4, 16],
      [8, 20]
    ],
    [
      [1, 13],
      [5, 17],
      [9, 21]
    ],
    [
      [2, 14],
      [6, 18],
      [10, 22]
    ],
    [
      [3, 15],
      [7, 19],
      [11, 23]
    ]
  ]
>
"""),
    Ex('transpose', 12714, """
>>> v = nx.vectorize(nx.iota((1, 2, 3)), "x")
nx.Tensor<
  vectorized[x: 1]
  s32[2][3]
  [
    [
      [0, 1, 2],
      [3, 4, 5]
    ]
  ]
>
>>> nx.transpose(v)
nx.Tensor<
  vectorized[x: 1]
  s32[3][2]
  [
    [
      [0, 3],
      [1, 4],
      [2, 5]
    ]
  ]
>
>>> nx.transpose(v, axes=[1, 0])
nx.Tensor<
  vectorized[x: 1]
  s32[3][2]
  [
    [
      [0, 3],
      [1, 4],
      [2, 5]
    ]
  ]
>
""", vectorized=True),
    Ex('transpose', 12752, """
>>> nx.transpose(nx.iota((2, 2), names=["batch", "x"]), axes=["batch"])
** (ArgumentError) expected length of permutation (1) to match rank of shape (2)
"""),
    Ex('transpose', 12755, """
>>> nx.transpose(nx.iota((2, 2)), axes=[1, 2])
** (ArgumentError) given axis (2) invalid for shape with rank 2
"""),
    # Nx.tril
    Ex('tril', 1391, """
>>> nx.tril(nx.iota((6,)))
** (ArgumentError) tril/2 expects a tensor with at least 2 dimensions, got: nx.Tensor<
  s32[6]
  [0, 1, 2, 3, 4, 5]
>
"""),
    # Nx.triu
    Ex('triu', 1457, """
>>> nx.triu(nx.iota((6,)))
** (ArgumentError) triu/2 expects a tensor with at least 2 dimensions, got: nx.Tensor<
  s32[6]
  [0, 1, 2, 3, 4, 5]
>
"""),
    # Nx.type
    Ex('type', 4027, """
>>> nx.type(nx.tensor([1, 2, 3]))
("s", 32)
"""),
    Ex('type', 4030, """
>>> nx.type(nx.tensor([1, 2, 3], type="f32"))
("f", 32)
"""),
    Ex('type', 4033, """
>>> nx.type(1)
("s", 32)
"""),
    Ex('type', 4036, """
>>> nx.type(1.0)
("f", 32)
"""),
    # Nx.variance
    Ex('variance', 15770, """
>>> nx.variance(nx.vectorize(nx.tensor([[1, 2], [0, 4]]), "x"))
nx.Tensor<
  vectorized[x: 2]
  f32
  [0.25, 4.0]
>
""", vectorized=True),
    # Nx.vectorize
    Ex('vectorize', 4627, """
>>> t = nx.iota((2, 3))
>>> vectorized = nx.vectorize(t, "first")
nx.Tensor<
  vectorized[first: 2]
  s32[3]
  [
    [0, 1, 2],
    [3, 4, 5]
  ]
>
>>> nx.vectorize(vectorized, "second")
nx.Tensor<
  vectorized[first: 2][second: 3]
  s32
  [
    [0, 1, 2],
    [3, 4, 5]
  ]
>
""", vectorized=True),
    Ex('vectorize', 4677, """
>>> nx.add(nx.tensor([4, 3, 2, 1]), nx.tensor([0, 1]))
** (ArgumentError) cannot broadcast tensor of dimensions {4} to {2}
"""),
    Ex('vectorize', 4683, """
>>> left = nx.reshape(nx.tensor([4, 3, 2, 1]), (4, 1))
>>> right = nx.reshape(nx.tensor([0, 1]), (1, 2))
>>> nx.add(left, right)
nx.Tensor<
  s32[4][2]
  [
    [4, 5],
    [3, 4],
    [2, 3],
    [1, 2]
  ]
>
"""),
    Ex('vectorize', 4702, """
>>> vectorized = nx.vectorize(nx.tensor([4, 3, 2, 1]), "x")
nx.Tensor<
  vectorized[x: 4]
  s32
  [4, 3, 2, 1]
>
>>> nx.add(vectorized, nx.tensor([0, 1]))
nx.Tensor<
  vectorized[x: 4]
  s32[2]
  [
    [4, 5],
    [3, 4],
    [2, 3],
    [1, 2]
  ]
>
""", vectorized=True),
    Ex('vectorize', 4741, """
>>> nx.vectorize(nx.tensor(1), "x")
** (ArgumentError) cannot vectorize tensor of rank 0
""", vectorized=True),
    Ex('vectorize', 4744, """
>>> nx.vectorize(nx.tensor([1]), ["x", "y"])
** (ArgumentError) number of vectorized axes must not be greater than the shape size
""", vectorized=True),
    Ex('vectorize', 4747, """
>>> nx.vectorize(nx.tensor([1]), {"x": 2})
** (ArgumentError) expected vectorized axis :x to have size 2, got 1
""", vectorized=True),
    Ex('vectorize', 4750, """
>>> nx.vectorize(nx.tensor([[1]]), ["x", "y"])
** (ArgumentError) expected vectorized axis specification to be an atom or a tuple of {atom, pos_integer}, got: "y"
""", vectorized=True, known='not applicable in Python: axis names are strings, so there is no '
                            'atom/string distinction for this example to reject'),
    Ex('vectorize', 4753, """
>>> nx.vectorize(nx.tensor([[1]], names=["x", "y"]), ["y"])
** (ArgumentError) cannot use name :y for new vectorized axes because there's already an axis with the same name
""", vectorized=True),
    Ex('vectorize', 4756, """
>>> t = nx.vectorize(nx.tensor([[1]]), "x")
>>> nx.vectorize(t, "x")
** (ArgumentError) cannot use name :x for new vectorized axes because there's already a vectorized axis with the same name
""", vectorized=True),
    # Nx.weighted_mean
    Ex('weighted_mean', 9222, """
>>> t = nx.vectorize(nx.tensor([[1, 2, 3], [1, 1, 1]]), "x")
nx.Tensor<
  vectorized[x: 2]
  s32[3]
  [
    [1, 2, 3],
    [1, 1, 1]
  ]
>
>>> w = nx.vectorize(nx.tensor([[1, 1, 1], [0, 0, 1]]), "y")
nx.Tensor<
  vectorized[y: 2]
  s32[3]
  [
    [1, 1, 1],
    [0, 0, 1]
  ]
>
>>> nx.weighted_mean(t, w)
nx.Tensor<
  vectorized[x: 2][y: 2]
  f32
  [
    [2.0, 3.0],
    [1.0, 1.0]
  ]
>
""", vectorized=True),
    # Nx.window_max
    Ex('window_max', 10795, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding="valid", window_dilations=[1, 2, 2])
>>> nx.window_max(t, (1, 1, 2), **opts)
nx.Tensor<
  s32[1][2][2]
  [
    [
      [4, 3],
      [4, 7]
    ]
  ]
>
"""),
    Ex('window_max', 10813, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((2, 1, 2, 5)), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2][5]
  [
    [
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9]
      ]
    ],
    [
      [
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19]
      ]
    ]
  ]
>
>>> nx.window_max(t, (2, 2), strides=[1, 2], window_dilations=[1, 2])
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[1][2]
  [
    [
      [
        [7, 9]
      ]
    ],
    [
      [
        [17, 19]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_mean
    Ex('window_mean', 10642, """
>>> t = nx.tensor([[[4.0, 2.0, 3.0], [2.0, 5.0, 6.5]], [[1.2, 2.2, 3.2], [4.0, 5.0, 6.2]]])
>>> nx.window_mean(t, (2, 1, 1), strides=[2, 1, 1], padding=[(1, 1), (0, 0), (1, 1)])
nx.Tensor<
  f32[2][2][5]
  [
    [
      [0.0, 2.0, 1.0, 1.5, 0.0],
      [0.0, 1.0, 2.5, 3.25, 0.0]
    ],
    [
      [0.0, 0.6000000238418579, 1.100000023841858, 1.600000023841858, 0.0],
      [0.0, 2.0, 2.5, 3.0999999046325684, 0.0]
    ]
  ]
>
"""),
    Ex('window_mean', 10658, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding="valid", window_dilations=[1, 2, 1])
>>> nx.window_mean(t, (1, 1, 2), **opts)
nx.Tensor<
  f32[1][2][3]
  [
    [
      [3.0, 1.5, 2.0],
      [3.0, 1.5, 4.0]
    ]
  ]
>
"""),
    Ex('window_mean', 10671, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding="valid", window_dilations=[1, 2, 2])
>>> nx.window_mean(t, (1, 1, 2), **opts)
nx.Tensor<
  f32[1][2][2]
  [
    [
      [2.5, 2.5],
      [2.5, 4.5]
    ]
  ]
>
"""),
    Ex('window_mean', 10689, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((2, 1, 2, 5)), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2][5]
  [
    [
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9]
      ]
    ],
    [
      [
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19]
      ]
    ]
  ]
>
>>> nx.window_mean(t, (2, 2), strides=[1, 2], window_dilations=[1, 2])
nx.Tensor<
  vectorized[x: 2][y: 1]
  f32[1][2]
  [
    [
      [
        [3.5, 5.5]
      ]
    ],
    [
      [
        [13.5, 15.5]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_min
    Ex('window_min', 10889, """
>>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
>>> nx.window_min(t, (2, 2, 1), strides=[1, 2, 3], padding=[(0, 1), (2, 0), (1, 1)])
nx.Tensor<
  s32[2][2][2]
  [
    [
      [2147483647, 2147483647],
      [2147483647, 3]
    ],
    [
      [2147483647, 2147483647],
      [2147483647, 3]
    ]
  ]
>
"""),
    Ex('window_min', 10905, """
>>> t = nx.tensor([[[4.0, 2.0, 3.0], [2.0, 5.0, 6.5]], [[1.2, 2.2, 3.2], [4.0, 5.0, 6.2]]])
>>> nx.window_min(t, (2, 1, 1), strides=[2, 1, 1], padding=[(1, 1), (0, 0), (1, 1)])
nx.Tensor<
  f32[2][2][5]
  [
    [
      [Inf, 4.0, 2.0, 3.0, Inf],
      [Inf, 2.0, 5.0, 6.5, Inf]
    ],
    [
      [Inf, 1.2000000476837158, 2.200000047683716, 3.200000047683716, Inf],
      [Inf, 4.0, 5.0, 6.199999809265137, Inf]
    ]
  ]
>
"""),
    Ex('window_min', 10939, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((2, 1, 2, 5)), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2][5]
  [
    [
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9]
      ]
    ],
    [
      [
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19]
      ]
    ]
  ]
>
>>> nx.window_min(t, (2, 2), strides=[1, 2], window_dilations=[1, 2])
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[1][2]
  [
    [
      [
        [0, 2]
      ]
    ],
    [
      [
        [10, 12]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_product
    Ex('window_product', 11018, """
>>> t = nx.tensor([[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
>>> nx.window_product(t, (2, 2, 1), strides=[1, 2, 3], padding=[(0, 1), (2, 0), (1, 1)])
nx.Tensor<
  s32[2][2][2]
  [
    [
      [1, 1],
      [1, 324]
    ],
    [
      [1, 1],
      [1, 18]
    ]
  ]
>
"""),
    Ex('window_product', 11050, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding="valid", window_dilations=[1, 2, 2])
>>> nx.window_product(t, (1, 1, 2), **opts)
nx.Tensor<
  s32[1][2][2]
  [
    [
      [4, 6],
      [4, 14]
    ]
  ]
>
"""),
    Ex('window_product', 11068, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((2, 1, 2, 5)), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2][5]
  [
    [
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9]
      ]
    ],
    [
      [
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19]
      ]
    ]
  ]
>
>>> nx.window_product(t, (2, 2), strides=[1, 2], window_dilations=[1, 2])
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[1][2]
  [
    [
      [
        [0, 504]
      ]
    ],
    [
      [
        [30600, 54264]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_reduce
    Ex('window_reduce', 11890, """
>>> init_value = nx.constants.min_finite("s32")
>>> t = nx.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
>>> opts = dict(padding="same", strides=[1, 1])
>>> nx.window_reduce(t, init_value, (2, 2), (lambda x, acc: nx.max(x, acc)), **opts)
nx.Tensor<
  s32[3][3]
  [
    [5, 6, 6],
    [8, 9, 9],
    [8, 9, 9]
  ]
>
"""),
    Ex('window_reduce', 11932, """
>>> t = nx.vectorize(nx.tensor([[[1, 2, 3], [4, 5, 6]], [[0, -1, -2], [-3, -4, -5]]]), {"x": 2})
>>> opts = dict(padding=[(0, 0), (0, 1)], strides=[1, 1])
>>> nx.window_reduce(t, 0, (2, 2), (lambda x, acc: nx.add(x, acc)), **opts)
nx.Tensor<
  vectorized[x: 2]
  s32[1][3]
  [
    [
      [12, 16, 9]
    ],
    [
      [-8, -12, -7]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_scatter_max
    Ex('window_scatter_max', 7291, """
>>> t = nx.vectorize(nx.tensor([[[7, 2, 5, 3], [3, 8, 9, 3]], [[1, 5, 7, 5], [0, 6, 2, 8]]]), "x")
>>> opts = dict(strides=[1, 2], padding="valid")
>>> source = nx.vectorize(nx.tensor([[[2, 6]], [[3, 1]]]), "y")
>>> nx.window_scatter_max(t, source, 0, (2, 2), **opts)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[2][4]
  [
    [
      [
        [0, 0, 0, 0],
        [0, 2, 6, 0]
      ],
      [
        [0, 0, 0, 0],
        [0, 3, 1, 0]
      ]
    ],
    [
      [
        [0, 0, 0, 0],
        [0, 2, 0, 6]
      ],
      [
        [0, 0, 0, 0],
        [0, 3, 0, 1]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_scatter_min
    Ex('window_scatter_min', 7454, """
>>> t = nx.vectorize(nx.tensor([[[7, 2, 5, 1], [3, 8, 9, 3]], [[1, 5, 7, 5], [0, 6, 2, 8]]]), "x")
>>> opts = dict(strides=[1, 2], padding="valid")
>>> source = nx.vectorize(nx.tensor([[[2, 6]], [[3, 1]]]), "y")
>>> nx.window_scatter_min(t, source, 0, (2, 2), **opts)
nx.Tensor<
  vectorized[x: 2][y: 2]
  s32[2][4]
  [
    [
      [
        [0, 2, 0, 6],
        [0, 0, 0, 0]
      ],
      [
        [0, 3, 0, 1],
        [0, 0, 0, 0]
      ]
    ],
    [
      [
        [0, 0, 0, 0],
        [2, 0, 6, 0]
      ],
      [
        [0, 0, 0, 0],
        [3, 0, 1, 0]
      ]
    ]
  ]
>
""", vectorized=True),
    # Nx.window_sum
    Ex('window_sum', 10479, """
>>> t = nx.tensor([[[4.0, 2.0, 3.0], [2.0, 5.0, 6.5]], [[1.2, 2.2, 3.2], [4.0, 5.0, 6.2]]])
>>> nx.window_sum(t, (2, 1, 1), strides=[2, 1, 1], padding=[(1, 1), (0, 0), (1, 1)])
nx.Tensor<
  f32[2][2][5]
  [
    [
      [0.0, 4.0, 2.0, 3.0, 0.0],
      [0.0, 2.0, 5.0, 6.5, 0.0]
    ],
    [
      [0.0, 1.2000000476837158, 2.200000047683716, 3.200000047683716, 0.0],
      [0.0, 4.0, 5.0, 6.199999809265137, 0.0]
    ]
  ]
>
"""),
    Ex('window_sum', 10495, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding="valid", window_dilations=[1, 2, 1])
>>> nx.window_sum(t, (1, 1, 2), **opts)
nx.Tensor<
  s32[1][2][3]
  [
    [
      [6, 3, 4],
      [6, 3, 8]
    ]
  ]
>
"""),
    Ex('window_sum', 10521, """
>>> t = nx.tensor([[[4, 2, 1, 3], [4, 2, 1, 7]], [[1, 2, 5, 7], [1, 8, 9, 2]]])
>>> opts = dict(strides=[2, 1, 1], padding=[(2, 1), (3, 1), (1, 0)], window_dilations=[1, 2, 2])
>>> nx.window_sum(t, (2, 1, 2), **opts)
nx.Tensor<
  s32[2][6][3]
  [
    [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ],
    [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [4, 11, 14],
      [10, 15, 19],
      [0, 0, 0]
    ]
  ]
>
"""),
    Ex('window_sum', 10551, """
>>> t = nx.vectorize(nx.vectorize(nx.iota((2, 1, 2, 5)), "x"), "y")
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[2][5]
  [
    [
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9]
      ]
    ],
    [
      [
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19]
      ]
    ]
  ]
>
>>> nx.window_sum(t, (2, 2), strides=[1, 2], window_dilations=[1, 2])
nx.Tensor<
  vectorized[x: 2][y: 1]
  s32[1][2]
  [
    [
      [
        [14, 22]
      ]
    ],
    [
      [
        [54, 62]
      ]
    ]
  ]
>
""", vectorized=True),
]


def _by_fun(examples):
    out = {}
    for e in examples:
        out.setdefault(e.fun, []).append(e)
    return out


_PLAIN = _by_fun(e for e in EXAMPLES if not e.vectorized and not e.known)
_VECTORIZED = _by_fun(e for e in EXAMPLES if e.vectorized and not e.known)
_KNOWN = [e for e in EXAMPLES if e.known]


def _run_all(examples):
    problems = []
    for e in examples:
        where = ("constants.ex" if e.fun.startswith("Constants.") else "nx.ex") + f":{e.line}"
        problems += [f"{where}: {p}" for p in run_example(e.text, ulp=e.ulp)]
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("fun", sorted(_PLAIN))
def test_doc_examples(fun):
    _run_all(_PLAIN[fun])


@pytest.mark.parametrize("fun", sorted(_VECTORIZED))
def test_vectorized_doc_examples(fun):
    """Examples on vectorized tensors."""
    _run_all(_VECTORIZED[fun])


@pytest.mark.parametrize("ex", _KNOWN, ids=[f"{e.fun}-{e.line}" for e in _KNOWN])
def test_known_differences(ex):
    if run_example(ex.text, ulp=ex.ulp):
        pytest.xfail(ex.known)


# --- the same examples inside nx.jit ----------------------------------------------------------

def _single_expression_examples():
    """Examples of one expression with a tensor result (templates excepted: no data)."""
    out = []
    for e in EXAMPLES:
        if e.vectorized or e.known or e.fun in ("template", "to_template"):
            continue
        steps = parse(e.text)
        if len(steps) != 1 or steps[0][1] is None or steps[0][1].startswith("** ("):
            continue
        want = expected_value(steps[0][1])
        if isinstance(want, Repr):
            out.append((e, steps[0][0], want))
    return out


@pytest.mark.parametrize("compiler,every", [("evaluator", 1), ("xla", 4)])
def test_doc_examples_under_jit(compiler, every):
    """The one-expression examples (every one with the evaluator, every fourth with XLA), all
    traced into one function (the tensors they build become constants) and compiled once."""
    cases = _single_expression_examples()[::every]
    assert len(cases) > 50
    fn = eval("lambda: (" + ", ".join(code for _, code, _ in cases) + ",)", {"nx": nx, "math": math})
    outs = nx.jit(fn, compiler=compiler)()
    bad = [f"nx.ex:{e.line}: {code}\n  got:\n{got!r}\n  expected:\n{want!r}"
           for got, (e, code, want) in zip(outs, cases)
           if not (same(got, want) or (e.ulp and _ulp_close(got, want)))]
    assert not bad, "\n\n".join(bad)


# --- examples written by hand: generated docs, binaries, containers ---------------------------

def _f32_text(x):
    """How Nx prints an f32 value (its shortest round-trip form as a double)."""
    return repr(float(np.float32(x)))


def _erf_inv(y):
    """erf^-1 in f64 by Newton's method on math.erf (an independent reference)."""
    x = 0.0
    for _ in range(60):
        x -= (math.erf(x) - y) / (2 / math.sqrt(math.pi) * math.exp(-x * x))
    return x


# Nx generates these docs (nx.ex, "Unary ops"): each function applied to 1 and to [1, 2, 3] (to
# 0.1, 0.5, 0.9 as f32 for the inverse functions), printed from f64 results rounded to f32.
_UNARY_REFERENCES = {
    "exp": math.exp, "expm1": math.expm1, "log": math.log, "log1p": math.log1p,
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)), "cos": math.cos, "sin": math.sin,
    "tan": math.tan, "cosh": math.cosh, "sinh": math.sinh, "tanh": math.tanh, "acos": math.acos,
    "asin": math.asin, "atan": math.atan, "acosh": math.acosh, "asinh": math.asinh,
    "atanh": math.atanh, "sqrt": math.sqrt, "rsqrt": lambda x: 1 / math.sqrt(x),
    "cbrt": lambda x: x ** (1 / 3), "erf": math.erf, "erfc": math.erfc, "erf_inv": _erf_inv,
}


@pytest.mark.parametrize("name", sorted(_UNARY_REFERENCES))
def test_generated_unary_math_docs(name):
    ref = _UNARY_REFERENCES[name]
    if name in ("acos", "asin", "atan", "atanh", "erf_inv"):
        inputs = [float(np.float32(x)) for x in (0.1, 0.5, 0.9)]
        first = repr(inputs[0])
    else:
        inputs, first = [1, 2, 3], "1"
    outs = [_f32_text(ref(x)) for x in inputs]
    text = f"""
>>> nx.{name}({first})
nx.Tensor<
  f32
  {outs[0]}
>
>>> nx.{name}(nx.tensor({inputs!r}, names=["x"]))
nx.Tensor<
  f32[x: 3]
  [{", ".join(outs)}]
>
"""
    problems = run_example(text, ulp=True)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("name,values", [
    ("floor", [math.floor(x) * 1.0 for x in (-1.5, -0.5, 0.5, 1.5)]),
    ("ceil", [math.ceil(x) * 1.0 for x in (-1.5, -0.5, 0.5, 1.5)]),
    # Erlang's round/1 rounds half away from zero
    ("round", [math.copysign(math.floor(abs(x) + 0.5), x) for x in (-1.5, -0.5, 0.5, 1.5)]),
])
def test_generated_rounding_docs(name, values):
    # math.ceil(-0.5) * 1.0 is 0.0 in Python but -0.0 in Erlang (:math.ceil keeps the sign)
    printed = ["-0.0" if v == 0 and x < 0 else repr(float(v))
               for v, x in zip(values, (-1.5, -0.5, 0.5, 1.5))]
    text = f"""
>>> nx.{name}(nx.tensor([-1, 0, 1], names=["x"]))
nx.Tensor<
  s32[x: 3]
  [-1, 0, 1]
>
>>> nx.{name}(nx.tensor([-1.5, -0.5, 0.5, 1.5], names=["x"]))
nx.Tensor<
  f32[x: 4]
  [{", ".join(printed)}]
>
"""
    problems = run_example(text)
    assert not problems, "\n\n".join(problems)


def test_from_binary_docs():
    # Nx.from_binary(<<1, 2, 3, 4>>, :s8) / (<<12.3::float-64-native>>, :f64) / size mismatch
    assert repr(nx.from_binary(bytes([1, 2, 3, 4]), "s8")) == "nx.Tensor<\n  s8[4]\n  [1, 2, 3, 4]\n>"
    assert repr(nx.from_binary(np.float64(12.3).tobytes(), "f64")) == \
        "nx.Tensor<\n  f64[1]\n  [12.3]\n>"
    with pytest.raises(ValueError):
        nx.from_binary(bytes([1, 2, 3, 4]), "f64")


def test_to_binary_docs():
    assert nx.to_binary(1) == np.int32(1).tobytes()                     # <<1::32-native>>
    assert nx.to_binary(nx.tensor([1.0, 2.0, 3.0])) == np.float32([1, 2, 3]).tobytes()
    assert nx.to_binary(nx.tensor([1.0, 2.0, 3.0]), limit=2) == np.float32([1, 2]).tobytes()


def test_to_binary_vectorized_docs():
    a = nx.to_binary(nx.vectorize(nx.tensor([[1, 2], [3, 4]]), "x"))
    b = nx.to_binary(nx.vectorize(nx.tensor([1, 2, 3]), "x"), limit=2)
    assert a == np.int32([1, 2, 3, 4]).tobytes()
    assert b == np.int32([1, 2]).tobytes()


def test_serialize_container_docs():
    container = (nx.tensor([1, 2, 3]), {"b": nx.tensor([4, 5, 6])})
    a, d = nx.deserialize(nx.serialize(container))
    assert repr(a) == "nx.Tensor<\n  s32[3]\n  [1, 2, 3]\n>"
    assert repr(d["b"]) == "nx.Tensor<\n  s32[3]\n  [4, 5, 6]\n>"


def test_phase_of_a_complex_sigil():
    # import Nx, only: [sigil_VEC: 2]; Nx.phase(~VEC[1+2i -2+1i])
    problems = run_example("""
>>> nx.phase(nx.vec("1+2i -2+1i"))
nx.Tensor<
  f32[2]
  [1.1071487665176392, 2.677945137023926]
>
""", ulp=True)
    assert not problems, "\n\n".join(problems)


def test_sigils_with_complex_and_non_finite_numbers():
    problems = run_example("""
>>> nx.mat("1i Inf+2i NaN-Infi")
nx.Tensor<
  c64[1][3]
  [
    [0.0+1.0i, Inf+2.0i, NaN-Infi]
  ]
>
>>> nx.vec("1i Inf+2i NaN-Infi")
nx.Tensor<
  c64[3]
  [0.0+1.0i, Inf+2.0i, NaN-Infi]
>
""")
    assert not problems, "\n\n".join(problems)


def test_fixed_functions_keep_eager_errors():
    """Errors of the functions fixed for these examples (same message eagerly and in jit)."""
    for run in (lambda f: f(), lambda f: nx.jit(f)()):
        with pytest.raises(ValueError, match=r"nx\.flatten: flatten axes must be consecutive"):
            run(lambda: nx.flatten(nx.iota((1, 2, 3)), axes=[0, 2]))
        with pytest.raises(ValueError, match=r"nx\.log: expected base to be greater than 0"):
            run(lambda: nx.log(nx.tensor([1.0]), 1))
        with pytest.raises(ValueError, match=r"nx\.concatenate: no tensors"):
            run(lambda: nx.concatenate([]))
