"""Prints IR as MLIR text.

Two forms: the custom assembly (`%2 = nx.add %0, %1 : tensor<3xf32>`) and the generic form
(`%2 = "nx.add"(%0, %1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>`) that real MLIR
parses with unregistered dialects allowed. Functions are `func.func` in both. `parser.py`
reads both back; print -> parse -> print is the identity.
"""
from __future__ import annotations

import math
import re

import numpy as np

from nx import types as _types

from .ir import UNIT, Block, Function, Location, Module, Operation, TensorType, VecType

__all__ = ["print_module", "print_function", "format_attr", "format_type"]


def format_type(t):
    return str(t)


def _format_float(x):
    if math.isnan(x) or math.isinf(x):
        raise ValueError("non-finite floats are printed in hex")
    r = repr(float(x))
    if "e" in r and "." not in r.split("e")[0]:
        m, e = r.split("e")
        r = f"{m}.0e{e}"
    if "." not in r and "e" not in r:
        r += ".0"
    return r


def _dense_literal(arr, t):
    """Body of `dense<...>`: nested lists for readable values, hex for the rest."""
    dt = t.dtype
    if arr.size == 0:
        return ""
    if _types.is_integer(dt):
        flat = [str(int(v)) for v in arr.reshape(-1).tolist()]
    elif _types.is_float(dt) and np.all(np.isfinite(arr.astype(np.float64))):
        flat = [_format_float(v) for v in arr.astype(np.float64).reshape(-1).tolist()]
    else:
        return '"0x' + np.ascontiguousarray(arr.astype(dt.dtype)).tobytes().hex().upper() + '"'
    if arr.ndim == 0:
        return flat[0]

    def nest(shape, items):
        if len(shape) == 1:
            return "[" + ", ".join(items) + "]"
        step = len(items) // shape[0] if shape[0] else 0
        return "[" + ", ".join(nest(shape[1:], items[i * step:(i + 1) * step])
                               for i in range(shape[0])) + "]"
    return nest(arr.shape, flat)


class DenseAttr:
    """A constant's value: an array with the IR type it has (`dense<...> : tensor<...>`)."""

    __slots__ = ("array", "type")

    def __init__(self, array, type):
        self.array = array
        self.type = type

    def __eq__(self, other):
        return (type(other) is DenseAttr and self.type == other.type
                and self.array.tobytes() == other.array.tobytes())

    def __hash__(self):
        return hash((self.type, self.array.tobytes()))

    def __repr__(self):
        return format_attr(self)


def _quote(s):
    r"""An MLIR string literal: `\\`, `\"`, `\n`, `\t`, and `\XX` for the other control characters
    (MLIR rejects a raw newline, vertical tab or form feed inside a string)."""
    return '"' + _SPECIAL.sub(_escape, s) + '"'


_SPECIAL = re.compile(r'[\x00-\x1f\x7f"\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _escape(m):
    ch = m.group()
    return _ESCAPES.get(ch) or f"\\{ord(ch):02X}"


def format_attr(v):
    if v is UNIT:
        return "unit"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return f"{v} : i64"
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return "0x" + np.array(v, np.float64).tobytes()[::-1].hex().upper() + " : f64"
        return f"{_format_float(v)} : f64"
    if isinstance(v, str):
        return _quote(v)
    if isinstance(v, _types.Type):
        return v.mlir
    if isinstance(v, (TensorType, VecType)):
        return str(v)
    if isinstance(v, tuple):
        if all(isinstance(x, int) and not isinstance(x, bool) for x in v):
            return "array<i64" + (": " + ", ".join(map(str, v)) if v else "") + ">"
        return "[" + ", ".join(format_attr(x) for x in v) + "]"
    if isinstance(v, list):
        return "[" + ", ".join(format_attr(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + _attr_entries(v) + "}"
    if isinstance(v, DenseAttr):
        return f"dense<{_dense_literal(v.array, v.type)}> : {v.type}"
    if isinstance(v, Function):
        return f"@{v.name}"
    from .parser import SymbolRef
    if isinstance(v, SymbolRef):
        return str(v)
    raise TypeError(f"cannot print attribute {v!r} ({type(v).__name__})")


def _attr_entries(attrs):
    out = []
    for k in sorted(attrs):
        v = attrs[k]
        key = (k if k.isascii() and k.replace("_", "a").isalnum() and not k[0].isdigit()
               else format_attr(k))
        out.append(key if v is UNIT else f"{key} = {format_attr(v)}")
    return ", ".join(out)


class _Namer:
    def __init__(self):
        self.names = {}
        self.next_value = 0
        self.next_arg = 0

    def name_result(self, op):
        if not op.results:
            return ""
        base = f"%{self.next_value}"
        self.next_value += 1
        if len(op.results) == 1:
            self.names[op.results[0]] = base
            return base + " = "
        for i, r in enumerate(op.results):
            self.names[r] = f"{base}#{i}"
        return f"{base}:{len(op.results)} = "

    def name_args(self, block):
        for a in block.args:
            self.names[a] = f"%arg{self.next_arg}"
            self.next_arg += 1

    def __getitem__(self, v):
        try:
            return self.names[v]
        except KeyError:
            return "%<<undefined>>"


def _fn_type(ins, outs):
    o = ", ".join(map(str, outs))
    if len(outs) != 1:
        o = f"({o})"
    return f"({', '.join(map(str, ins))}) -> {o}"


class _Printer:
    def __init__(self, generic, debug_info):
        self.generic = generic
        self.debug_info = debug_info
        self.lines = []

    def loc(self, loc):
        if self.debug_info and isinstance(loc, Location):
            return f" loc({_quote(str(loc.file))}:{loc.line}:{loc.col})"
        return ""

    def function(self, f: Function, indent=""):
        n = _Namer()
        n.name_args(f.body)
        args = ", ".join(f"{n[a]}: {a.type}" for a in f.args)
        res = f.result_types
        res_s = "" if not res else " -> " + (str(res[0]) if len(res) == 1 else
                                             "(" + ", ".join(map(str, res)) + ")")
        attrs = f" attributes {{{_attr_entries(f.attrs)}}}" if f.attrs else ""
        self.lines.append(f"{indent}func.func @{f.name}({args}){res_s}{attrs} {{")
        self.block_ops(f.body, n, indent + "  ")
        self.lines.append(f"{indent}}}{self.loc(f.loc)}")

    def block_ops(self, block: Block, n, indent):
        for op in block.ops:
            self.op(op, n, indent)

    def op(self, op: Operation, n, indent):
        if op.name == "func.return":
            vals = ", ".join(n[v] for v in op.operands)
            types = ", ".join(str(v.type) for v in op.operands)
            self.lines.append(f"{indent}return{' ' + vals + ' : ' + types if vals else ''}"
                              f"{self.loc(op.loc)}")
            return
        lhs = n.name_result(op)
        operands = ", ".join(n[v] for v in op.operands)
        in_types = [v.type for v in op.operands]
        out_types = op.result_types
        if self.generic:
            head = f'{indent}{lhs}"{op.name}"({operands})'
            self.lines.append(head + (" (" if op.regions else ""))
            self.regions(op, n, indent)
            attrs = f" {{{_attr_entries(op.attrs)}}}" if op.attrs else ""
            tail = ")" if op.regions else ""
            self.append_tail(f"{tail}{attrs} : {_fn_type(in_types, out_types)}{self.loc(op.loc)}",
                             bool(op.regions))
            return
        attrs = f" {{{_attr_entries(op.attrs)}}}" if op.attrs else ""
        self.lines.append(f"{indent}{lhs}{op.name}{' ' + operands if operands else ''}{attrs}"
                          + (" (" if op.regions else ""))
        self.regions(op, n, indent)
        if (len(out_types) == 1 and all(t == out_types[0] for t in in_types) and in_types):
            ty = str(out_types[0])
        else:
            ty = _fn_type(in_types, out_types)
        self.append_tail(f"{')' if op.regions else ''} : {ty}{self.loc(op.loc)}", bool(op.regions))

    def append_tail(self, text, after_regions):
        self.lines[-1] += text

    def regions(self, op, n, indent):
        for i, r in enumerate(op.regions):
            if i:
                self.lines[-1] += ", "
            self.lines[-1] += "{"
            for j, b in enumerate(r.blocks):
                n.name_args(b)
                args = ", ".join(f"{n[a]}: {a.type}" for a in b.args)
                self.lines.append(f"{indent}  ^bb{j}({args}):" if b.args else f"{indent}  ^bb{j}:")
                self.block_ops(b, n, indent + "    ")
            self.lines.append(f"{indent}}}")


def print_function(f: Function, generic=False, debug_info=False) -> str:
    p = _Printer(generic, debug_info)
    p.function(f)
    return "\n".join(p.lines) + "\n"


def print_module(m: Module, generic=False, debug_info=False) -> str:
    p = _Printer(generic, debug_info)
    attrs = f" attributes {{{_attr_entries(m.attrs)}}}" if m.attrs else ""
    p.lines.append(f"module{attrs} {{")
    for f in m.functions:
        p.function(f, "  ")
    p.lines.append("}")
    return "\n".join(p.lines) + "\n"
