"""Reads MLIR text back into IR: the inverse of `printer.py`.

`parse_module(text)` accepts everything `printer.print_module(m, generic=..., debug_info=...)`
prints -- the custom assembly and the generic form, with or without `loc(...)` -- and builds
a `Module` that prints back to the same text in the same form:

    print_module(parse_module(print_module(m, g, d)), g, d) == print_module(m, g, d)

What it reads (a subset of MLIR's syntax):

- `module [attributes {...}] { func* }`, or bare `func.func`s without the `module` wrapper;
- `func.func @name(%a: type, ...) [-> type | -> (types)] [attributes {...}] { ops } [loc]`;
- custom ops `%r = nx.add %a, %b {attrs} ({regions}) : type [loc]`, where one type means
  "every operand and the single result have this type", or `: (types) -> type | (types)`;
  `return %a, %b : t1, t2` and bare `return` are `func.return`;
- generic ops `%r = "nx.add"(%a, %b) ({regions}) {attrs} : (types) -> (types) [loc]`;
- results `%r`, `%r:2` (used as `%r#0`, `%r#1`), several names `%a, %b = ...`;
- regions `{ ^bb0(%x: type): ops ... }`, separated by commas inside `( ... )`;
- types `tensor<2x3xf32>`, `tensor<f32>`, `!nx.vec<[rows: 3], tensor<3xf32>>`, with the element
  types of `nx.types` (`ui8`, `bf16`, `f8E5M2`, `complex<f32>`, ...);
- attributes, each parsed back to the Python value the printer was given: `3 : i64` -> int,
  `1.5 : f64` and hex `0x7FF8000000000000 : f64` -> float, `true`/`false` -> bool, `unit` ->
  `UNIT`, `"str"` -> str, element types -> `nx.types.Type`, `tensor<...>`/`!nx.vec<...>` ->
  `TensorType`/`VecType`, `array<i64: 1, 2>` -> tuple of ints, `[a, b]` -> list, `{k = v, flag}`
  -> dict (a bare key holds `UNIT`), `dense<...> : tensor<...>` -> `printer.DenseAttr` (nested
  lists, a splat scalar, `dense<>` for no elements, or the raw little-endian bytes as
  `"0x..."`), and `@name` -> `SymbolRef`;
- `loc("file":line:col)` (and `loc(unknown)`, which gives no location); `//` comments.

SSA names are labels: every definition makes a new `Value`. Names are scoped like MLIR's: a
function sees only its own arguments and values, a region sees the values defined above it,
and what a region defines is gone after its closing brace. Every error -- bad syntax, use of an
undefined value, a redefinition, an unknown type, a malformed attribute, a type that disagrees
with an operand -- raises `ParseError` with `filename:line:col`. Op names are not checked: that
is the verifier's job.
"""
from __future__ import annotations

import re
import struct

import numpy as np

from nx import types as _types

from .ir import UNIT, Block, Function, Location, Module, Operation, Region, TensorType, VecType
from .printer import DenseAttr, format_attr

__all__ = ["parse_module", "ParseError", "SymbolRef"]


class ParseError(ValueError):
    """A syntax or scoping error; the message starts with `filename:line:col:`."""

    def __init__(self, message, filename, line, col):
        super().__init__(f"{filename}:{line}:{col}: {message}")
        self.message = message
        self.filename = filename
        self.line = line
        self.col = col

    def __reduce__(self):
        return (ParseError, (self.message, self.filename, self.line, self.col))


_SYMBOL_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_$.]*")


class SymbolRef:
    """A symbol reference attribute such as `@main` (a function named in an attribute)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = str(name)

    def __eq__(self, other):
        return type(other) is SymbolRef and other.name == self.name

    def __hash__(self):
        return hash((SymbolRef, self.name))

    def __str__(self):
        bare = _SYMBOL_BARE.fullmatch(self.name)
        return "@" + (self.name if bare else format_attr(self.name))

    __repr__ = __str__


# --- tokens ---------------------------------------------------------------------------------

_WS = re.compile(r"(?:\s+|//[^\n]*)+")
_BARE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_$.]*")
_SUFFIX_ID = r"(?:[0-9]+|[A-Za-z_$.\-][A-Za-z0-9_$.\-]*)"
_VALUE_ID = re.compile(r"%(" + _SUFFIX_ID + r")")
_VALUE_USE = re.compile(r"%(" + _SUFFIX_ID + r")(?:#([0-9]+))?")
_BLOCK_ID = re.compile(r"\^(" + _SUFFIX_ID + r")")
_DIALECT_TYPE = re.compile(r"![A-Za-z_][A-Za-z0-9_$.]*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"', re.S)
_ESCAPE = re.compile(r'\\(["\\nt]|[0-9A-Fa-f]{2}|.?)', re.S)
_UINT = re.compile(r"[0-9]+")
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?")
_HEX = re.compile(r"0x[0-9A-Fa-f]+")
_DIM = re.compile(r"([0-9]+)x")
_TENSOR_SPELLING = re.compile(r"tensor<[0-9x]*[A-Za-z][A-Za-z0-9]*(?:<[A-Za-z0-9]+>)?>")
_INT_TYPE = re.compile(r"(si|ui|i)([0-9]+)")
_TOKEN = re.compile(r'->|"(?:[^"\\\n]|\\.)*"?|[%@^!#]?[A-Za-z0-9_$.\-]+(?:#[0-9]+)?|\S', re.S)

_SIMPLE_ESCAPES = {'"': b'"', "\\": b"\\", "n": b"\n", "t": b"\t"}
# float types a number attribute may have: bits, and the `struct` format of its bit pattern
# (bf16 is the top half of an f32)
_FLOAT_TYPES = {"f16": (16, ">e"), "bf16": (16, None), "f32": (32, ">f"), "f64": (64, ">d")}
# first word of each element type's spelling: `f32`, `ui8`, `complex`, ...
_ELEMENT_WORDS = frozenset(t.mlir.split("<")[0] for t in _types.ALL_TYPES)


def parse_module(text: str, filename="<string>") -> Module:
    """Parses a module printed by `printer.print_module` (either form) into a new `Module`."""
    return _Parser(text, filename).module()


class _Parser:
    def __init__(self, text, filename):
        self.text = text
        self.filename = filename
        self.pos = 0
        # SSA names visible now, innermost region last: name -> the values it stands for
        self.scopes = []
        self.types = {}  # spelling -> TensorType, for the tensor types seen so far

    # --- errors --------------------------------------------------------------------------

    def fail(self, message, pos=None):
        if pos is None:
            pos = self.skip()
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        raise ParseError(message, self.filename, line, col)

    def expected(self, what, pos=None):
        self.fail(f"expected {what} but found {self.found(pos)}", pos)

    def found(self, pos=None):
        if pos is None:
            pos = self.skip()
        if pos >= len(self.text):
            return "end of input"
        tok = _TOKEN.match(self.text, pos).group()
        return f"'{tok[:29]}...'" if len(tok) > 32 else f"'{tok}'"

    # --- lexing --------------------------------------------------------------------------

    def skip(self):
        """Skips whitespace and comments; returns the position of the next token."""
        c = self.text[self.pos:self.pos + 1]
        if c.isspace() or c == "/":
            m = _WS.match(self.text, self.pos)
            if m:
                self.pos = m.end()
        return self.pos

    def at(self, s):
        return self.text.startswith(s, self.skip())

    def at_end(self):
        return self.skip() >= len(self.text)

    def accept(self, s):
        if self.at(s):
            self.pos += len(s)
            return True
        return False

    def expect(self, s, what=None):
        if not self.accept(s):
            self.expected(what or f"'{s}'")

    def match(self, regex):
        m = regex.match(self.text, self.skip())
        if m:
            self.pos = m.end()
        return m

    def peek_word(self):
        m = _BARE_ID.match(self.text, self.skip())
        return m.group() if m else None

    def accept_word(self, word):
        m = _BARE_ID.match(self.text, self.skip())
        if m and m.group() == word:
            self.pos = m.end()
            return True
        return False

    def more(self, close):
        """After a list item: True on ',', False on `close`, else an error."""
        if self.accept(","):
            return True
        if self.accept(close):
            return False
        self.expected(f"',' or '{close}'")

    def uint(self, what="an integer"):
        m = self.match(_UINT)
        if not m:
            self.expected(what)
        return int(m.group())

    def string(self):
        start = self.skip()
        m = _STRING.match(self.text, start)
        if not m:
            if self.text.startswith('"', start):
                self.fail("unterminated string literal", start)
            self.expected("a string")
        self.pos = m.end()
        body = m.group()[1:-1]
        if "\\" not in body:
            return body
        out, last = bytearray(), 0
        for e in _ESCAPE.finditer(body):
            out += body[last:e.start()].encode()
            esc = e.group(1)
            if esc in _SIMPLE_ESCAPES:
                out += _SIMPLE_ESCAPES[esc]
            elif len(esc) == 2:
                out.append(int(esc, 16))
            else:
                self.fail("unknown escape in string literal", start + 1 + e.start())
            last = e.end()
        out += body[last:].encode()
        try:
            return out.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("string literal is not valid UTF-8", start)

    def symbol_name(self):
        start = self.skip()
        if not self.text.startswith("@", start):
            self.expected("a symbol name such as '@main'")
        self.pos += 1
        if self.text.startswith('"', self.pos):
            return self.string()
        m = _SYMBOL_BARE.match(self.text, self.pos)
        if not m:
            self.expected("a symbol name such as '@main'", start)
        self.pos = m.end()
        return m.group()

    # --- module and functions -------------------------------------------------------------

    def module(self):
        attrs = {}
        functions = []
        if self.accept_word("module"):
            if self.accept_word("attributes"):
                attrs = self.attr_dict()
                self.expect("{")
            else:
                self.expect("{", "'attributes' or '{'")
            while not self.accept("}"):
                functions.append(self.function("'func.func' or '}'"))
            self.loc()
        else:
            while not self.at_end():
                functions.append(self.function("'module' or 'func.func'"))
        if not self.at_end():
            self.expected("end of input")
        return Module(functions, attrs)

    def function(self, what):
        if not self.accept_word("func.func"):
            self.expected(what)
        name = self.symbol_name()
        self.expect("(")
        names, arg_types = self.arguments()
        sig_pos = self.skip()
        declared = []
        arrow = self.accept("->")
        if arrow:
            declared = self.type_list() if self.at("(") else [self.type()]
        attrs = {}
        if self.accept_word("attributes"):
            attrs = self.attr_dict()
            self.expect("{")
        else:
            self.expect("{", "'attributes' or '{'" if arrow else "'->', 'attributes' or '{'")
        f = Function(name, arg_types, attrs)
        self.scopes = [{}]
        self.define_args(names, f.body)
        while not self.accept("}"):
            if self.at_end():
                self.expected("an operation or '}'")
            self.operation(f.body)
        self.scopes = []
        f.loc = self.loc()
        if declared != f.result_types:
            have = ", ".join(map(str, f.result_types))
            self.fail(f"function @{name} declares results ({', '.join(map(str, declared))}) "
                      f"but its body returns ({have})", sig_pos)
        return f

    # --- SSA names -----------------------------------------------------------------------

    def arguments(self):
        """After '(': `%a: type, ...)`; returns [(name, position)] and the types."""
        names, types = [], []
        if self.accept(")"):
            return names, types
        while True:
            pos = self.skip()
            m = self.match(_VALUE_ID)
            if not m:
                self.expected("an argument such as '%arg0'")
            names.append((m.group(1), pos))
            self.expect(":")
            types.append(self.type())
            if not self.more(")"):
                return names, types

    def define_args(self, names, block):
        for (name, pos), v in zip(names, block.args):
            self.define(name, [v], pos)

    def define(self, name, values, pos):
        for scope in self.scopes:
            if name in scope:
                self.fail(f"redefinition of SSA value '%{name}'", pos)
        self.scopes[-1][name] = values

    def use(self):
        pos = self.skip()
        m = self.match(_VALUE_USE)
        if not m:
            self.expected("an SSA value such as '%0'")
        name = m.group(1)
        for scope in reversed(self.scopes):
            values = scope.get(name)
            if values is not None:
                break
        else:
            self.fail(f"use of undefined value '%{name}'", pos)
        i = int(m.group(2)) if m.group(2) is not None else 0
        if i >= len(values):
            self.fail(f"'%{name}' has {len(values)} result(s), so '#{i}' is out of range", pos)
        return values[i], pos

    # --- operations ----------------------------------------------------------------------

    def operation(self, block):
        start = self.skip()
        defs = []
        if self.at("%"):
            while True:
                pos = self.skip()
                m = self.match(_VALUE_ID)
                if not m:
                    self.expected("a result name such as '%0'")
                count = 1
                if self.accept(":"):
                    count = self.uint("a result count")
                    if count < 1:
                        self.fail("a result group needs at least one result", pos)
                defs.append((m.group(1), count, pos))
                if not self.more("="):
                    break
        nres = sum(c for _, c, _ in defs)
        name_pos = self.skip()
        if self.at('"'):
            name = self.string()
            self.expect("(")
            operands = []
            if not self.accept(")"):
                while True:
                    operands.append(self.use())
                    if not self.more(")"):
                        break
            regions = self.regions() if self.accept("(") else []
            attrs = self.attr_dict() if self.at("{") else {}
            self.expect(":")
            ins, outs, type_pos = self.function_type()
        else:
            name = self.peek_word()
            if name is None:
                self.expected("an operation")
            self.accept_word(name)
            if name == "return":
                if defs:
                    self.fail("'return' has no results", start)
                self.return_op(block)
                return
            operands = []
            if self.at("%"):
                operands.append(self.use())
                while self.accept(","):
                    operands.append(self.use())
            attrs = self.attr_dict() if self.at("{") else {}
            regions = self.regions() if self.accept("(") else []
            self.expect(":", "':' and the op's type")
            if self.at("("):
                ins, outs, type_pos = self.function_type()
            else:
                type_pos = self.skip()
                t = self.type()
                if nres != 1:
                    self.fail(f"a single type is for ops with one result, but {nres} are "
                              "defined; write '(operand types) -> (result types)'", type_pos)
                ins, outs = [t] * len(operands), [t]
        self.check_operands(operands, ins, type_pos)
        if len(outs) != nres:
            self.fail(f"'{name}' defines {nres} result(s) but its type has {len(outs)}",
                      start if defs else name_pos)
        op = Operation(name, [v for v, _ in operands], outs, attrs, regions, self.loc())
        block.append(op)
        i = 0
        for res, count, pos in defs:
            self.define(res, op.results[i:i + count], pos)
            i += count

    def return_op(self, block):
        operands = []
        if self.at("%"):
            operands.append(self.use())
            while self.accept(","):
                operands.append(self.use())
            self.expect(":")
            type_pos = self.skip()
            types = [self.type()]
            for _ in operands[1:]:
                self.expect(",")
                types.append(self.type())
            self.check_operands(operands, types, type_pos)
        block.append(Operation("func.return", [v for v, _ in operands], [], loc=self.loc()))

    def check_operands(self, operands, types, type_pos):
        if len(types) != len(operands):
            self.fail(f"the type lists {len(types)} operand type(s) but the op has "
                      f"{len(operands)} operand(s)", type_pos)
        for (v, pos), t in zip(operands, types):
            if v.type != t:
                self.fail(f"operand has type {v.type} but the op's type says {t}", pos)

    def regions(self):
        """After '(': `{...}, {...})`."""
        regions = []
        while True:
            regions.append(self.region())
            if not self.more(")"):
                return regions

    def region(self):
        self.expect("{")
        self.scopes.append({})
        blocks, labels = [], set()
        if not self.at("}") and not self.at("^"):
            blocks.append(self.block_body(Block()))
        while self.at("^"):
            pos = self.skip()
            m = self.match(_BLOCK_ID)
            if not m:
                self.expected("a block label such as '^bb0'")
            label = m.group(1)
            if label in labels:
                self.fail(f"redefinition of block '^{label}'", pos)
            labels.add(label)
            names, arg_types = self.arguments() if self.accept("(") else ([], [])
            self.expect(":")
            b = Block(arg_types)
            self.define_args(names, b)
            blocks.append(self.block_body(b))
        self.expect("}")
        self.scopes.pop()
        return Region(blocks)

    def block_body(self, block):
        while not self.at("}") and not self.at("^"):
            if self.at_end():
                self.expected("an operation or '}'")
            self.operation(block)
        return block

    def loc(self):
        """An optional `loc(...)` suffix."""
        if self.peek_word() != "loc":
            return None
        self.accept_word("loc")
        self.expect("(")
        if self.accept_word("unknown"):
            self.expect(")")
            return None
        if not self.at('"'):
            self.expected("a location such as '\"file.py\":12:0'")
        file = self.string()
        self.expect(":")
        line = self.uint("a line number")
        self.expect(":")
        col = self.uint("a column number")
        self.expect(")")
        return Location(file, line, col)

    # --- types ---------------------------------------------------------------------------

    def type_list(self):
        self.expect("(")
        types = []
        if not self.accept(")"):
            while True:
                types.append(self.type())
                if not self.more(")"):
                    break
        return types

    def function_type(self):
        pos = self.skip()
        ins = self.type_list()
        self.expect("->")
        outs = self.type_list() if self.at("(") else [self.type()]
        return ins, outs, pos

    def type(self):
        start = self.skip()
        if self.text.startswith("!", start):
            m = self.match(_DIALECT_TYPE)
            if not m or m.group() != "!nx.vec":
                self.fail(f"unknown type {self.found(start)}", start)
            self.expect("<")
            self.expect("[")
            axes = []
            if not self.accept("]"):
                while True:
                    m = self.match(_BARE_ID)
                    if not m:
                        self.expected("an axis name")
                    self.expect(":")
                    axes.append((m.group(), self.uint("an axis size")))
                    if not self.more("]"):
                        break
            self.expect(",")
            inner = self.tensor_type()
            self.expect(">")
            return VecType(axes, inner)
        return self.tensor_type()

    def tensor_type(self):
        start = self.skip()
        spelling = _TENSOR_SPELLING.match(self.text, start)
        if spelling:
            t = self.types.get(spelling.group())
            if t is not None:
                self.pos = spelling.end()
                return t
        if self.peek_word() != "tensor":
            self.expected("a type such as 'tensor<3xf32>'")
        self.accept_word("tensor")
        self.expect("<")
        self.skip()
        dims = []
        while True:
            m = _DIM.match(self.text, self.pos)
            if not m:
                break
            dims.append(int(m.group(1)))
            self.pos = m.end()
        if self.text.startswith("?", self.pos):
            self.fail("dynamic dimensions are not supported", self.pos)
        dtype = self.element_type()
        if self.at(","):
            self.fail("tensor encodings are not supported", start)
        self.expect(">")
        t = TensorType(dims, dtype)
        if spelling and spelling.end() == self.pos:
            self.types[spelling.group()] = t
        return t

    def element_type(self):
        start = self.skip()
        word = self.peek_word()
        if word is None:
            self.expected("an element type such as 'f32'")
        self.accept_word(word)
        spelled = word
        if word == "complex":
            self.expect("<")
            inner = self.peek_word()
            if inner is None:
                self.expected("an element type such as 'f32'")
            self.accept_word(inner)
            self.expect(">")
            spelled = f"complex<{inner}>"
        try:
            return _types.from_mlir(spelled)
        except ValueError:
            self.fail(f"unknown element type '{spelled}'", start)

    # --- attributes ----------------------------------------------------------------------

    def attr_dict(self):
        self.expect("{")
        d = {}
        if self.accept("}"):
            return d
        while True:
            pos = self.skip()
            if self.at('"'):
                key = self.string()
                if not key:
                    self.fail("expected a non-empty attribute name", pos)
            else:
                m = self.match(_BARE_ID)
                if not m:
                    self.expected("an attribute name")
                key = m.group()
            if key in d:
                self.fail(f"duplicate key '{key}' in dictionary attribute", pos)
            d[key] = self.attr() if self.accept("=") else UNIT
            if not self.more("}"):
                return d

    def attr(self):
        start = self.skip()
        c = self.text[start:start + 1]
        if c == '"':
            return self.string()
        if c == "[":
            self.pos += 1
            items = []
            if not self.accept("]"):
                while True:
                    items.append(self.attr())
                    if not self.more("]"):
                        break
            return items
        if c == "{":
            return self.attr_dict()
        if c == "@":
            return SymbolRef(self.symbol_name())
        if c == "!":
            return self.type()
        if c == "-" or c.isdigit():
            return self.number_attr()
        word = self.peek_word()
        if word in ("true", "false", "unit"):
            self.accept_word(word)
            return {"true": True, "false": False, "unit": UNIT}[word]
        if word == "dense":
            return self.dense()
        if word == "array":
            return self.array()
        if word == "tensor":
            return self.type()
        if word in _ELEMENT_WORDS:
            return self.element_type()
        self.expected("an attribute")

    def number_attr(self):
        start = self.skip()
        m = self.match(_HEX)
        kind = "hex" if m else None
        if not m:
            m = self.match(_FLOAT)
            kind = "float" if m else None
        if not m:
            m = self.match(_INT)
            kind = "int" if m else None
        if not m:
            self.expected("a number")
        lit = m.group()
        if not self.accept(":"):
            if kind == "float":
                return float(lit)
            return self.int_in_range(int(lit, 16 if kind == "hex" else 10), "i64", start)
        type_pos = self.skip()
        ty = self.peek_word()
        if ty is None:
            self.expected("an integer or float type")
        self.accept_word(ty)
        if ty in _FLOAT_TYPES:
            if kind != "hex":
                return float(lit)
            return self.float_from_bits(int(lit, 16), ty, start)
        if _INT_TYPE.fullmatch(ty) or ty == "index":
            if kind == "float":
                self.fail(f"a float literal cannot have integer type {ty}", start)
            value = int(lit, 16 if kind == "hex" else 10)
            return self.int_in_range(value, "i64" if ty == "index" else ty, start)
        self.fail(f"expected an integer or float type but found '{ty}'", type_pos)

    def int_in_range(self, value, ty, pos):
        """`value` if it fits the integer type `ty` (signless `iN` takes either signedness)."""
        sign, bits = _INT_TYPE.fullmatch(ty).groups()
        bits = int(bits)
        if not 1 <= bits <= 64:
            self.fail(f"unsupported integer type {ty}", pos)
        lo = 0 if sign == "ui" else -(1 << (bits - 1))
        hi = (1 << (bits - 1)) - 1 if sign == "si" else (1 << bits) - 1
        if not lo <= value <= hi:
            self.fail(f"integer {value} is out of range for {ty}", pos)
        return value

    def float_from_bits(self, bits, ty, pos):
        width, fmt = _FLOAT_TYPES[ty]
        if bits >= 1 << width:
            self.fail(f"hexadecimal float literal does not fit {ty}", pos)
        if fmt is None:
            return struct.unpack(">f", (bits << 16).to_bytes(4, "big"))[0]
        return struct.unpack(fmt, bits.to_bytes(width // 8, "big"))[0]

    def array(self):
        self.accept_word("array")
        self.expect("<")
        pos = self.skip()
        ty = self.peek_word()
        if ty is None or not _INT_TYPE.fullmatch(ty):
            self.expected("an integer element type such as 'i64'", pos)
        self.accept_word(ty)
        values = []
        if self.accept(":"):
            while True:
                vpos = self.skip()
                m = self.match(_INT)
                if not m:
                    self.expected("an integer")
                values.append(self.int_in_range(int(m.group()), ty, vpos))
                if not self.more(">"):
                    break
        else:
            self.expect(">", "':' or '>'")
        return tuple(values)

    def dense(self):
        self.accept_word("dense")
        self.expect("<")
        lit_pos = self.skip()
        if self.at(">"):
            kind, lit = "empty", None
        elif self.at('"'):
            kind, lit = "hex", self.string()
        elif self.at("["):
            kind, lit = "list", self.dense_list()
        else:
            kind, lit = "splat", self.dense_element()
        self.expect(">")
        self.expect(":")
        type_pos = self.skip()
        t = self.type()
        if not isinstance(t, TensorType):
            self.fail(f"a dense attribute needs a tensor type, not {t}", type_pos)
        npdt = t.dtype.dtype
        if kind == "empty":
            if t.size:
                self.fail(f"'dense<>' has no elements but {t} has {t.size}", lit_pos)
            return DenseAttr(np.zeros(t.shape, npdt), t)
        if kind == "hex":
            if not re.fullmatch(r"0x(?:[0-9A-Fa-f]{2})*", lit):
                self.fail("expected a hex string such as \"0x0000803F\"", lit_pos)
            data = bytes.fromhex(lit[2:])
            if len(data) == t.size * npdt.itemsize:
                arr = np.frombuffer(data, npdt).reshape(t.shape).copy()
            elif len(data) == npdt.itemsize:
                arr = np.full(t.shape, np.frombuffer(data, npdt)[0], npdt)
            else:
                self.fail(f"hex data has {len(data)} bytes but {t} takes "
                          f"{t.size * npdt.itemsize}", lit_pos)
            return DenseAttr(arr, t)
        if kind == "splat":
            return DenseAttr(np.full(t.shape, self.dense_values([lit], t)[0], npdt), t)
        shape = self.literal_shape(lit, lit_pos)
        if shape != t.shape:
            self.fail(f"dense literal has shape {list(shape)} but the type is {t}", lit_pos)
        flat = []
        self.flatten(lit, flat)
        return DenseAttr(self.dense_values(flat, t).reshape(t.shape), t)

    def dense_list(self):
        self.expect("[")
        items = []
        if self.accept("]"):
            return items
        while True:
            items.append(self.dense_list() if self.at("[") else self.dense_element())
            if not self.more("]"):
                return items

    def dense_element(self):
        """One element: (value, position); a number, `true`/`false`, or `(re, im)`."""
        pos = self.skip()
        if self.accept("("):
            re_ = self.dense_element()[0]
            self.expect(",")
            im = self.dense_element()[0]
            self.expect(")")
            if isinstance(re_, complex) or isinstance(im, complex):
                self.fail("expected a real number", pos)
            return complex(re_, im), pos
        word = self.peek_word()
        if word in ("true", "false"):
            self.accept_word(word)
            return int(word == "true"), pos
        m = self.match(_FLOAT)
        if m:
            return float(m.group()), pos
        m = self.match(_INT)
        if m:
            return int(m.group()), pos
        self.expected("a dense element")

    def literal_shape(self, lit, pos):
        if not isinstance(lit, list):
            return ()
        if not lit:
            return (0,)
        shapes = {self.literal_shape(x, pos) for x in lit}
        if len(shapes) != 1:
            self.fail("dense literal is not rectangular", pos)
        return (len(lit),) + shapes.pop()

    def flatten(self, lit, out):
        for x in lit:
            if isinstance(x, list):
                self.flatten(x, out)
            else:
                out.append(x)

    def dense_values(self, items, t):
        """The elements `items` ((value, pos) pairs) as a flat array of `t`'s element type."""
        dt = t.dtype
        if _types.is_integer(dt):
            bits = dt.bits
            if dt.kind == "u":
                lo, hi = 0, (1 << bits) - 1
            else:
                lo, hi = -(1 << bits - 1), (1 << bits - 1) - 1
            for v, pos in items:
                if not isinstance(v, int):
                    self.fail(f"expected an integer element for {t}", pos)
                if not lo <= v <= hi:
                    self.fail(f"integer {v} is out of range for {t}", pos)
            return np.array([v for v, _ in items], dt.dtype)
        real = _types.is_float(dt)
        values = []
        for v, pos in items:
            if real and isinstance(v, complex):
                self.fail(f"expected a real element for {t}", pos)
            try:
                values.append(float(v) if real else complex(v))
            except OverflowError:
                self.fail(f"{v} is out of range for {t}", pos)
        return np.array(values, np.float64 if real else np.complex128).astype(dt.dtype)
