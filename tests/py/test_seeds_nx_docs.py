"""Every `iex>` example of the `Nx` and `Nx.Constants` module docs (Nx v0.10.0, nx/lib/nx.ex and
nx/lib/nx/constants.ex) that the docstrings of the `nx` package do not already show, run in the
Python API.

The examples are data, in tests/py/nx_docs/: `nx.ex.txt` holds those of nx/lib/nx.ex and
`constants.ex.txt` those of nx/lib/nx/constants.ex. Each example there is a header line, then its
doctest text, then a blank line:

    # nx.ex:5550 add [vectorized] [ulp] [known: the reason]
    >>> left = nx.tensor([[1, 2], [3, 4]], names=["x", "y"])
    ...

The header gives the file and line of the example in Nx v0.10.0's source (so it can be checked
against Nx), the function whose docs show it (the test ids: `Constants.e` for Nx.Constants.e),
then its flags, in that order, each optional:

- `[vectorized]`: the example needs `nx.vectorize` (run by `test_vectorized_doc_examples`);
- `[ulp]`: floats may differ from Nx's (f64-computed) ones by an f32 ulp (`_ulp_close`);
- `[known: reason]`: a known difference, xfail with the reason (which has no `]`).

Lines before the first header are comments. In the text, `>>>`/`...` lines are the Elixir
example translated to Python (API.md spelling: keyword options, string atoms, end-exclusive
slices, tuples for Elixir tuples), and the lines after them are Nx's printed result, converted
only in syntax (`#Nx.Tensor<` is `nx.Tensor<`, Elixir tuples/maps/atoms are Python
tuples/dicts/strings). The stdlib `doctest.DocTestParser` splits the text into steps (source,
expected output); as in doctest, a blank line ends an expected output, so a blank line of Nx's
output is written `<BLANKLINE>`, and text that the parser would leave out of every step is an
error rather than skipped.

Each step runs in a namespace with `nx`, `np` and `math`; the value of its last statement (an
expression, or the right side of an assignment, which iex prints too) is compared with the
expected output (`matches`): a tensor must print exactly as Nx prints it, in containers too;
other values are Python literals, compared by type and value (`nan`, `inf`, and the strings
"nan", "infinity", "neg_infinity" for non-finite floats); `** (ArgumentError) ...` means the
call must raise (ValueError, TypeError or IndexError: the Python classes for Nx's
ArgumentError; see ERRORS), whatever the message.

Everything runs on the eager numpy backend; `test_doc_examples_under_jit` re-runs the
one-expression examples inside `nx.jit`. The tests at the end are written by hand.
"""
from __future__ import annotations

import ast
import doctest
import math
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

import nx

DATA = Path(__file__).parent / "nx_docs"
SOURCES = ("constants.ex", "nx.ex")   # the data files' order is the examples' order

ERRORS = {
    "ArgumentError": (ValueError, TypeError, IndexError),
    "RuntimeError": (RuntimeError, ValueError, TypeError),
    "CompileError": (ValueError, TypeError),
}


# --- the data --------------------------------------------------------------------------------

class Ex(NamedTuple):
    fun: str              # the Nx function whose docs show the example
    line: int             # where in nx.ex / constants.ex
    text: str             # the example (doctest text)
    vectorized: bool = False
    known: str | None = None   # a known difference (xfail), with where the fix belongs
    ulp: bool = False     # floats may differ from Nx's (f64-computed) ones by one f32 ulp
    source: str = "nx.ex"      # nx.ex or constants.ex
    data_line: int = 0    # the header's line in tests/py/nx_docs/<source>.txt

    @property
    def where(self):
        return f"{self.source}:{self.line}"


_HEADER = re.compile(r"# (?P<source>\S+):(?P<line>\d+) (?P<fun>\S+)(?P<vectorized> \[vectorized\])?"
                     r"(?P<ulp> \[ulp\])?(?: \[known: (?P<known>[^\]]+)\])?")


def load(source):
    """The examples of tests/py/nx_docs/<source>.txt, in file order."""
    path = DATA / f"{source}.txt"
    examples = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith(f"# {source}:"):
            m = _HEADER.fullmatch(line)
            if not m or m["source"] != source:
                raise ValueError(f"{path}:{n}: not an example header: {line!r}")
            examples.append((n, m, []))
        elif examples:
            examples[-1][2].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}:{n}: text before the first example header: {line!r}")
    out = []
    for n, m, body in examples:
        text = "\n" + "\n".join(body).rstrip("\n") + "\n"
        try:
            steps(text)   # a text that the parser would not read whole fails at collection
        except ValueError as e:
            raise ValueError(f"{path}:{n}: {e}") from None
        out.append(Ex(m["fun"], int(m["line"]), text, vectorized=bool(m["vectorized"]),
                      known=m["known"], ulp=bool(m["ulp"]), source=source, data_line=n))
    return out


# --- running one example -----------------------------------------------------------------------

_PARSER = doctest.DocTestParser()
_BLANKLINE = re.compile(rf"(?m)^{re.escape(doctest.BLANKLINE_MARKER)}\s*?$")


def steps(text):
    """Doctest text -> [(code, expected output | None)], split by the stdlib doctest parser."""
    out = []
    for piece in _PARSER.parse(text):
        if isinstance(piece, str):
            if piece.strip():
                raise ValueError(f"text outside any step (a blank line in an expected output is "
                                 f"written {doctest.BLANKLINE_MARKER}): {piece!r}")
            continue
        want = _BLANKLINE.sub("", piece.want)[:-1] if piece.want else None
        out.append((piece.source[:-1], want))
    return out


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
        return (type(got) is type(exp) or isinstance(got, (tuple, list))) and \
            len(got) == len(exp) and all(same(g, e) for g, e in zip(got, exp))
    if isinstance(exp, dict):
        return isinstance(got, dict) and set(got) == set(exp) and \
            all(same(got[k], exp[k]) for k in exp)
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


def matches(value, want, ulp=False):
    """Whether a step's value is its expected output (ulp: floats within `_ulp_close`)."""
    exp = expected_value(want)
    return same(value, exp) or (ulp and _ulp_close(value, exp))


def show(v):
    if isinstance(v, (tuple, list)):
        inner = ",\n".join(show(x) for x in v)
        opening, closing = "()" if isinstance(v, tuple) else "[]"
        return opening + inner + closing
    if isinstance(v, dict):
        return "{" + ",\n".join(f"{k!r}: {show(x)}" for k, x in v.items()) + "}"
    return repr(v)


def run_example(text, ulp=False):
    """Runs one example; returns a list of mismatch descriptions (empty when it passes)."""
    env = {"nx": nx, "np": np, "math": math}
    problems = []
    for code, exp in steps(text):
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
                    exec(compile(ast.fix_missing_locations(ast.Module([assign], [])),
                                 "<example>", "exec"), env)
            else:
                exec(compile(mod, "<example>", "exec"), env)
        except Exception as e:
            problems.append(f"{code}\n  raised {type(e).__name__}: {e}")
            break
        if exp is not None and not matches(value, exp, ulp):
            problems.append(f"{code}\n  got:\n{show(value)}\n  expected:\n{exp}")
    return problems


# --- the tests -----------------------------------------------------------------------------------

EXAMPLES = [e for source in SOURCES for e in load(source)]


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
        where = f"{e.where} (tests/py/nx_docs/{e.source}.txt:{e.data_line})"
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


# --- the same examples inside nx.jit -------------------------------------------------------------

def _single_expression_examples():
    """Examples of one expression with a tensor result (templates excepted: no data)."""
    out = []
    for e in EXAMPLES:
        if e.vectorized or e.known or e.fun in ("template", "to_template"):
            continue
        s = steps(e.text)
        if len(s) != 1 or s[0][1] is None or s[0][1].startswith("** ("):
            continue
        want = expected_value(s[0][1])
        if isinstance(want, Repr):
            out.append((e, s[0][0], want))
    return out


@pytest.mark.parametrize("compiler,every", [("evaluator", 1), ("xla", 4)])
def test_doc_examples_under_jit(compiler, every):
    """The one-expression examples (every one with the evaluator, every fourth with XLA), all
    traced into one function (the tensors they build become constants) and compiled once."""
    cases = _single_expression_examples()[::every]
    assert len(cases) > 50
    fn = eval("lambda: (" + ", ".join(code for _, code, _ in cases) + ",)",
              {"nx": nx, "math": math})
    outs = nx.jit(fn, compiler=compiler)()
    bad = [f"{e.where}: {code}\n  got:\n{got!r}\n  expected:\n{want!r}"
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
    assert repr(nx.from_binary(bytes([1, 2, 3, 4]), "s8")) == \
        "nx.Tensor<\n  s8[4]\n  [1, 2, 3, 4]\n>"
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
