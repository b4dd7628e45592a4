"""const-precision: weak constants take the precision of the operation they meet (Nx 0.10).

A *weak* constant is an `nx.constant` carrying the unit attribute `weak`:

    %0 = nx.constant {value = dense<0.1> : tensor<f32>, weak} : () -> tensor<f32>
    %1 = nx.multiply %arg0, %0 : (tensor<3xf64>, tensor<f32>) -> tensor<3xf64>

Tracing makes one for a scalar floating-point (or complex) tensor that enters a `defn` as a
concrete tensor made from a Python number (`nx.tensor(0.1)`, or a Python float turned into a
tensor by an API function) recorded with `note_literal`, when its type cannot hold the number
exactly: as in Nx's `Nx.Defn.Expr`, such a constant is not data of a fixed precision but a
number. (Python numbers met directly by a binary op already take the other operand's type while
tracing, `nx.types.merge_number`, and need no weak constant.) Its nominal type is what the tensor
had, and the result types of the program were computed with it (Nx's type rules are never
changed by this pass). In memory the value is held exactly (as f64 or c128) whatever the
nominal type; printed, it is written in full; parsed back, it is read in its nominal type (write
`tensor<f64>` in hand-written IR to keep 64 bits).

Guarantee. After the pass no constant is weak, and every constant has a concrete type:
- `nx.as_type` of a weak constant to a floating/complex type F is the same number with nominal
  type F (it is removed, and its uses are resolved in turn): the value is rounded once, from
  its exact value, to the type that is finally used, instead of twice;
- a weak constant used by an element-wise op whose result is floating/complex of type R becomes
  a constant of type R when the op's shape/type rule still gives the same result types with it
  (so f64 math receives an f64 value, and f16/bf16 math receives a value rounded once to f16/bf16,
  never a widened one);
- any other use keeps the nominal type (rounded once from the exact value).
So an f64 computation sees its literals with 64-bit precision, and the result types and shapes
of every op, and of the function, are unchanged. Non-weak constants are never touched.
"""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from nx import types as T
from nx.dialects import nx as nxd

from ..ir import UNIT, Operation, TensorType, walk
from ..printer import DenseAttr
from . import register_pass

__all__ = ["const_precision", "note_literal", "literal_of", "has_weak_constants", "is_weak"]

# id(tensor) -> (weak reference to it, the exact Python number it was made from); tensors
# overload ==, so they cannot be keys of a WeakKeyDictionary.
_LITERALS: dict[int, tuple[weakref.ref[Any], int | float | complex]] = {}


_ELEMENTWISE = {"unary", "binary", "ternary"}
_EXTRA_ELEMENTWISE = {"nx.clip"}
_NOT_VALUE_OPS = {"nx.bitcast", "nx.stop_grad"}


def note_literal(t, value):
    """Records that scalar tensor `t` was made from the Python number `value` (a float or a
    complex), so that inside a defn it becomes a weak constant holding `value` exactly.
    Returns `t`."""
    key = id(t)
    try:
        ref = weakref.ref(t, lambda _, key=key: _LITERALS.pop(key, None))
    except TypeError:
        return t
    _LITERALS[key] = (ref, value)
    return t


def literal_of(t):
    """The exact Python number recorded for tensor `t`, or None."""
    got = _LITERALS.get(id(t))
    if got is None or got[0]() is not t:
        return None
    return got[1]


def is_weak(op):
    return op.name == "nx.constant" and "weak" in op.attrs


def has_weak_constants(module):
    return any(is_weak(op) for f in module.functions for op in walk(f.body))


def _concrete(value_attr, t: TensorType):
    """A DenseAttr of type t from a weak constant's value (rounded once)."""
    out = np.asarray(value_attr.array).astype(t.dtype.dtype)
    return DenseAttr(np.array(out).reshape(t.shape), t)


def _retype_ok(op, index, new_type):
    try:
        d = nxd.get(op.name)
    except KeyError:
        return False
    types = [v.type for v in op.operands]
    types[index] = new_type
    try:
        return list(d.infer(types, op.attrs)) == op.result_types
    except (ValueError, TypeError, KeyError):
        return False


def _is_elementwise(op):
    if op.regions or op.name in _NOT_VALUE_OPS:
        return False
    if op.name in _EXTRA_ELEMENTWISE:
        return True
    try:
        return nxd.get(op.name).family in _ELEMENTWISE
    except KeyError:
        return False


def _inexact(dtype):
    return T.is_float(dtype) or T.is_complex(dtype)


def _resolve(fn):
    weak = [op for op in walk(fn.body) if op.name == "nx.constant" and "weak" in op.attrs]
    if not weak:
        return False
    uses = {}
    for op in walk(fn.body):
        for i, v in enumerate(op.operands):
            uses.setdefault(v, []).append((op, i))
    pending = {}
    removed = set()
    for c in weak:
        value = c.attrs["value"]
        real_value = not np.iscomplexobj(value.array)
        made = {}

        def const_of(t, c=c, value=value, made=made):
            got = made.get(t)
            if got is None:
                attrs = {k: x for k, x in c.attrs.items() if k not in ("weak", "value")}
                attrs["value"] = _concrete(value, t)
                nop = Operation("nx.constant", [], [t], attrs, loc=c.loc)
                nop.parent = c.parent
                got = made[t] = nop.results[0]
            return got

        # (value, its nominal type): the weak constant, and the results of `nx.as_type`s of it
        # to floating types, which are the same number in another nominal type
        work = [(c.results[0], c.results[0].type)]
        while work:
            v, nominal = work.pop()
            for op, i in uses.get(v, ()):
                if not isinstance(nominal, TensorType):
                    op.operands[i] = const_of(nominal)
                    continue
                if op.name == "nx.as_type":
                    target = op.results[0].type
                    if (isinstance(target, TensorType) and _inexact(target.dtype)
                            and _inexact(nominal.dtype)
                            and (real_value or T.is_complex(target.dtype))):
                        work.append((op.results[0], target))
                        removed.add(op)
                        continue
                elif _is_elementwise(op) and op.results and isinstance(op.results[0].type,
                                                                        TensorType):
                    r = op.results[0].type.dtype
                    if (_inexact(r) and _inexact(nominal.dtype) and r != nominal.dtype
                            and (real_value or T.is_complex(r))):
                        nt = TensorType(nominal.shape, r)
                        if _retype_ok(op, i, nt):
                            op.operands[i] = const_of(nt)
                            continue
                op.operands[i] = const_of(nominal)
        pending[c] = [x.owner for x in made.values()]
        removed.add(c)
    for block in {op.parent for op in removed}:
        ops = []
        for op in block.ops:
            if op in removed:
                ops.extend(pending.get(op, ()))
                op.parent = None
            else:
                ops.append(op)
        block.ops = ops
    return True


@register_pass("const-precision", builtin=True)
def const_precision(module):
    """Gives every weak constant a concrete type from the ops that use it (module docstring)."""
    for fn in module.functions:
        _resolve(fn)
    return module


def weak_constant(builder, t, loc=None):
    """Builds the weak `nx.constant` for scalar tensor `t` (used by `nx._dispatch`)."""
    arr = t.to_numpy()
    exact = literal_of(t)
    ttype = TensorType(arr.shape, t.type)
    attrs = {"value": DenseAttr(np.array(arr), ttype)}
    if exact is not None:
        data = np.array(exact, np.complex128 if isinstance(exact, complex) else np.float64)
        # weak only when it matters: a number the nominal type holds exactly is the same
        # number in every wider type, and is rounded once when narrowed
        with np.errstate(all="ignore"):
            same = np.array_equal(data.astype(arr.dtype).astype(data.dtype), data, equal_nan=True)
        if not same:
            attrs = {"value": DenseAttr(data.reshape(arr.shape), ttype), "weak": UNIT}
    op = builder.create("nx.constant", [], [ttype], attrs, loc=loc)
    return op.results[0]

