"""The IR core: types, values, operations, blocks, regions, functions and modules.

Plain `__slots__` objects so that building an op costs about a microsecond. The text form is
MLIR's (see `printer.py` / `parser.py`); ops are defined by the registry in `nx.dialects`.
"""
from __future__ import annotations

import os
import sys
import threading

from nx import types as _types

__all__ = ["TensorType", "VecType", "Value", "Operation", "Block", "Region", "Function",
           "Module", "Builder", "Location", "UNIT", "walk", "clone", "current_location",
           "root_block"]


class TensorType:
    """`tensor<2x3xf32>`: a static shape and an Nx element type."""

    __slots__ = ("shape", "dtype", "_hash")

    def __init__(self, shape, dtype):
        self.shape = tuple(shape)
        self.dtype = dtype if type(dtype) is _types.Type else _types.parse(dtype)
        self._hash = hash((self.shape, self.dtype))

    def __eq__(self, other):
        return (type(other) is TensorType and self.shape == other.shape
                and tuple.__eq__(self.dtype, other.dtype))

    def __hash__(self):
        return self._hash

    @property
    def rank(self):
        return len(self.shape)

    @property
    def size(self):
        n = 1
        for d in self.shape:
            n *= d
        return n

    def __str__(self):
        dims = "".join(f"{d}x" for d in self.shape)
        return f"tensor<{dims}{self.dtype.mlir}>"

    __repr__ = __str__


class VecType:
    """`!nx.vec<[rows: 3], tensor<3xf32>>`: a vectorized value. The named vectorized axes lead;
    `inner` is what each entry looks like (`shape`, `rank` and `dtype` are the inner ones, so
    shape rules and gradient rules see entries, as Nx's ops do). The vectorize pass turns these
    into plain tensors of `full_shape` (vectorized axes first)."""

    __slots__ = ("axes", "inner", "_hash")

    def __init__(self, axes, inner: TensorType):
        self.axes = tuple((str(n), int(s)) for n, s in axes)
        self.inner = inner
        self._hash = hash((self.axes, inner))

    @property
    def dtype(self):
        return self.inner.dtype

    @property
    def shape(self):
        """The inner (per-entry) shape: what an op on this value sees, as in Nx."""
        return self.inner.shape

    @property
    def rank(self):
        return len(self.inner.shape)

    @property
    def size(self):
        return self.inner.size

    @property
    def full_shape(self):
        """The vectorized sizes followed by the inner shape (the layout the vectorize pass
        gives the value)."""
        return tuple(s for _, s in self.axes) + self.inner.shape

    @property
    def full(self):
        """The plain tensor type the vectorize pass turns this value into."""
        return TensorType(self.full_shape, self.inner.dtype)

    def __eq__(self, other):
        return type(other) is VecType and self.axes == other.axes and self.inner == other.inner

    def __hash__(self):
        return self._hash

    def __str__(self):
        axes = ", ".join(f"{n}: {s}" for n, s in self.axes)
        return f"!nx.vec<[{axes}], {self.inner}>"

    __repr__ = __str__


class _Unit:
    """MLIR's unit attribute: present or absent, no value."""

    __slots__ = ()

    def __repr__(self):
        return "UNIT"


UNIT = _Unit()


class Location:
    """Where an op came from: a Python file and line (MLIR `loc("file":line:col)`)."""

    __slots__ = ("file", "line", "col")

    def __init__(self, file, line, col=0):
        self.file, self.line, self.col = file, line, col

    def __eq__(self, other):
        return (type(other) is Location and self.file == other.file and self.line == other.line
                and self.col == other.col)

    def __hash__(self):
        return hash((self.file, self.line, self.col))

    def __str__(self):
        return f'loc("{self.file}":{self.line}:{self.col})'

    __repr__ = __str__


class Value:
    """An SSA value: the result of an op or an argument of a block."""

    __slots__ = ("type", "owner", "index")

    def __init__(self, type, owner, index):
        self.type = type
        self.owner = owner
        self.index = index

    @property
    def defining_op(self):
        """The op whose result this is, or None for a block argument (never a Block)."""
        o = self.owner
        return o if isinstance(o, Operation) else None

    @property
    def uses(self):
        """The uses of this value, `[(op, operand index), ...]`. While a `Rewriter` is active on
        the value's function (inside `apply_patterns`), this is its use list, at the cost of
        the uses; otherwise the function is scanned (O(program size))."""
        stack = getattr(live_rewriters, "stack", None)
        if stack:
            for rw in reversed(stack):
                if rw.owns(self):
                    return rw.uses(self)
        return _scan_uses(self)

    @property
    def has_one_use(self):
        """True when exactly one operand, of one op, is this value."""
        return len(self.uses) == 1

    def __repr__(self):
        owner = self.owner.name if isinstance(self.owner, Operation) else "block"
        return f"<Value #{self.index} of {owner}: {self.type}>"


class Operation:
    __slots__ = ("name", "operands", "results", "attrs", "regions", "loc", "parent")

    def __init__(self, name, operands, result_types, attrs=None, regions=(), loc=None):
        self.name = name
        self.operands = list(operands)
        self.results = [Value(t, self, i) for i, t in enumerate(result_types)]
        self.attrs = attrs if attrs is not None else {}
        self.regions = list(regions)
        for r in self.regions:
            r.parent = self
        self.loc = loc
        self.parent = None

    @property
    def result(self):
        return self.results[0]

    @property
    def result_types(self):
        return [v.type for v in self.results]

    def __repr__(self):
        return f"<Operation {self.name}>"


class Block:
    __slots__ = ("args", "ops", "parent")

    def __init__(self, arg_types=()):
        self.args = [Value(t, self, i) for i, t in enumerate(arg_types)]
        self.ops = []
        self.parent = None

    def add_arg(self, t):
        v = Value(t, self, len(self.args))
        self.args.append(v)
        return v

    def append(self, op):
        op.parent = self
        self.ops.append(op)
        return op

    @property
    def terminator(self):
        return self.ops[-1] if self.ops else None


class Region:
    __slots__ = ("blocks", "parent")

    def __init__(self, blocks=()):
        self.blocks = list(blocks)
        for b in self.blocks:
            b.parent = self
        self.parent = None

    @property
    def block(self):
        return self.blocks[0]


class Function:
    """`func.func @name(args) -> results`: one block whose last op is `func.return`."""

    __slots__ = ("name", "body", "attrs", "loc")

    def __init__(self, name, arg_types=(), attrs=None, loc=None):
        self.name = name
        self.body = Block(arg_types)
        self.attrs = attrs if attrs is not None else {}
        self.loc = loc

    @property
    def args(self):
        return self.body.args

    @property
    def arg_types(self):
        return [a.type for a in self.body.args]

    @property
    def result_types(self):
        term = self.body.terminator
        return [v.type for v in term.operands] if term is not None else []


class Module:
    __slots__ = ("functions", "attrs")

    def __init__(self, functions=(), attrs=None):
        self.functions = list(functions)
        self.attrs = attrs if attrs is not None else {}

    def get(self, name):
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(f"no function @{name} in module")

    @property
    def main(self):
        return (self.get("main") if any(f.name == "main" for f in self.functions)
                else self.functions[0])

    def __str__(self):
        from .printer import print_module
        return print_module(self)


def walk(block):
    """Yields every op of `block` and of the regions nested in it, in program order."""
    for op in block.ops:
        yield op
        for r in op.regions:
            for b in r.blocks:
                yield from walk(b)


def root_block(value):
    """The outermost block holding `value` (a function's body), or None when its op is not in
    a block."""
    o = value.owner
    b = o if isinstance(o, Block) else o.parent
    while b is not None:
        r = b.parent
        if r is None:
            return b
        op = r.parent
        if op is None:
            return None
        b = op.parent
    return None


def _scan_uses(value):
    root = root_block(value)
    if root is None:
        return []
    return [(op, i) for op in walk(root) for i, v in enumerate(op.operands) if v is value]


# The rewriters whose use lists are live, innermost last (`Value.uses` asks them first).
live_rewriters = threading.local()


def clone(op, mapping):
    """A copy of `op` (its regions too, not attached to a block) whose operands are mapped
    through `mapping`; `mapping` gains the copy's results and block arguments."""
    regions = []
    for r in op.regions:
        blocks = []
        for b in r.blocks:
            nb = Block([a.type for a in b.args])
            for a, na in zip(b.args, nb.args):
                mapping[a] = na
            for inner in b.ops:
                nb.append(clone(inner, mapping))
            blocks.append(nb)
        regions.append(Region(blocks))
    new = Operation(op.name, [mapping.get(v, v) for v in op.operands], op.result_types,
                    dict(op.attrs), regions, op.loc)
    for a, n in zip(op.results, new.results):
        mapping[a] = n
    return new


# --- source locations -----------------------------------------------------------------------

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_NX_ROOT = os.path.dirname(os.path.abspath(_types.__file__))
_LIB_DIRS = tuple(sorted({os.path.join(_ROOT, d) + os.sep for d in
                          ("compiler", "dialects", "runtime", "tools")} | {_NX_ROOT + os.sep}))


def is_library_frame(filename):
    return filename.startswith(_LIB_DIRS) or filename.startswith("<frozen")


def current_location():
    """The user's frame that is making an op: the first frame outside this library."""
    f = sys._getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        if not is_library_frame(fn):
            return Location(fn, f.f_lineno, 0)
        f = f.f_back
    return None


# --- building -------------------------------------------------------------------------------

class Builder:
    """Appends ops to a block. Tracing keeps a stack of builders (one per nested region)."""

    __slots__ = ("block",)

    def __init__(self, block):
        self.block = block

    def create(self, name, operands, result_types, attrs=None, regions=(), loc=None):
        op = Operation(name, operands, result_types, attrs, regions, loc)
        self.block.append(op)
        return op


_state = threading.local()
