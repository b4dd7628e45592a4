"""Runs one nx op on tensors: records it while tracing, else computes it eagerly on the
operands' backend (NumPy kernels, or a cached single-op XLA program)."""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Function, Module, Operation, TensorType, Value, current_location
from nx.compiler.printer import DenseAttr
from nx.dialects.nx import registry

from .tensor import Tensor, _Deallocated

__all__ = ["apply", "constant_value", "freeze"]

OPS = registry.OPS


def freeze(v):
    """A hashable form of an attribute value (for cache keys)."""
    if isinstance(v, list):
        return tuple(freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, freeze(x)) for k, x in v.items()))
    return v


def constant_value(builder, t: Tensor):
    """The IR value for a concrete tensor used inside a trace: an `nx.constant`."""
    arr = t.to_numpy()
    ttype = TensorType(arr.shape, t.type)
    op = builder.create("nx.constant", [], [ttype], {"value": DenseAttr(np.array(arr), ttype)},
                        loc=current_location())
    return op.results[0]


# Shape/type inference results by (op, operand shapes and types, attributes): eager code calls
# the same ops on the same shapes over and over. Inference is a pure function of the key, and
# a failing inference (bad input) is never stored.
_infer_cache = {}
_INFER_CACHE_SIZE = 4096


def apply(name, operands, attrs, names=None, nresults=1):
    """Applies op `nx.<name>` to `operands` (tensors). Returns a Tensor (or a list when the op
    has several results). `names` gives the result's axis names (a tuple, or a list of tuples)."""
    d = OPS[name]
    try:
        key = (name, tuple([(t.shape, t.type) for t in operands]), freeze(attrs) if attrs else ())
        in_types, out_types = _infer_cache[key]
    except KeyError:
        in_types = [TensorType(t.shape, t.type) for t in operands]
        out_types = d.infer(in_types, attrs)
        if len(_infer_cache) >= _INFER_CACHE_SIZE:
            _infer_cache.clear()
        _infer_cache[key] = in_types, out_types
    except TypeError:   # an unhashable attribute: no caching
        in_types = [TensorType(t.shape, t.type) for t in operands]
        out_types = d.infer(in_types, attrs)
    b = trace.current()
    if b is not None:
        vals = [t.data if isinstance(t.data, Value) else constant_value(b, t) for t in operands]
        op = b.create("nx." + name, vals, out_types, attrs, loc=current_location())
        outs = [r for r in op.results]
    elif any(type(t.data) is not np.ndarray for t in operands):
        outs = _eager_xla(name, operands, attrs, in_types, out_types)
    else:
        r = d.kernel(attrs, out_types, *[t.data for t in operands])
        outs = r if isinstance(r, list) else [r]
        outs = [o if type(o) is np.ndarray and o.shape == ot.shape else
                np.asarray(o).reshape(ot.shape) for o, ot in zip(outs, out_types)]
    if len(out_types) == 1 and nresults == 1:
        return Tensor(outs[0], out_types[0].shape, out_types[0].dtype,
                      names if names is not None else None)
    names = names or [None] * len(out_types)
    return [Tensor(o, ot.shape, ot.dtype, n) for o, ot, n in zip(outs, out_types, names)]


# --- eager XLA: each op a cached compiled program ------------------------------------------

_eager_cache = {}


def _eager_xla(name, operands, attrs, in_types, out_types):
    key = (name, freeze(attrs), tuple(in_types))
    exe = _eager_cache.get(key)
    if exe is None:
        f = Function("main", in_types)
        op = f.body.append(Operation("nx." + name, f.args, out_types, attrs))
        f.body.append(Operation("func.return", op.results, []))
        from nx.runtime import compile_module
        exe = compile_module(Module([f]))
        _eager_cache[key] = exe
    from nx.runtime import pjrt
    bufs = [t.data if type(t.data) is not np.ndarray else pjrt.to_device(t.data) for t in operands]
    for b in bufs:
        if type(b) is _Deallocated:
            raise b.error()
    return exe(bufs)

