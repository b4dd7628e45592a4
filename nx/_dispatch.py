"""Runs one nx op on tensors: records it while tracing, else computes it eagerly on the
operands' backend (NumPy kernels, or a cached single-op XLA program).

Vectorized operands (Nx's vectorization): the op sees the inner shapes; while tracing it is
recorded on vectorized types (`!nx.vec<...>`), and eagerly the one-op program with vectorized
types is run through the vectorize pass and then evaluated (numpy backend) or compiled (xla
backend), cached by signature."""
from __future__ import annotations

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import (
    Function,
    Module,
    Operation,
    Region,
    TensorType,
    Value,
    VecType,
    current_location,
)
from nx.compiler.printer import DenseAttr
from nx.dialects.nx import registry
from nx.runtime.caches import LRUCache

from .tensor import PLACED, Deallocated, Tensor, buffer_on, placement

__all__ = ["apply", "constant_value", "freeze", "vec_axes", "value_type", "ir_value"]

OPS = registry.OPS
_OPEN = trace.OPEN


def freeze(v):
    """A hashable form of an attribute value (for cache keys). A dict keeps its insertion
    order (each op builds its attributes in one order; another order is only another key)."""
    t = type(v)
    if t is dict:
        return tuple([(k, x if type(x) not in _NESTED else freeze(x)) for k, x in v.items()])
    if t is list or t is tuple:
        return tuple([x if type(x) not in _NESTED else freeze(x) for x in v])
    if isinstance(v, list):
        return tuple(freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple((k, freeze(x)) for k, x in v.items())
    return v


_NESTED = (list, dict, tuple)


def constant_value(builder, t: Tensor):
    """The IR value for a concrete tensor used inside a trace: an `nx.constant`. A scalar
    floating-point or complex tensor made from a Python number that its type cannot hold
    exactly (`nx.tensor(0.1)`) becomes a *weak* constant (unit attribute `weak`) holding the
    number: as in Nx's defn, it takes the precision of the operation it meets, settled by the
    const-precision pass (compiler/passes/const_precision.py)."""
    if not t.shape and t.type[0] in ("f", "bf", "c"):
        from nx.compiler.passes.const_precision import literal_of, weak_constant
        if literal_of(t) is not None:
            return weak_constant(builder, t, current_location())
    arr = t.to_numpy()
    ttype = TensorType(arr.shape, t.type)
    op = builder.create("nx.constant", [], [ttype], {"value": DenseAttr(np.array(arr), ttype)},
                        loc=current_location())
    return op.results[0]


# Shape/type inference results by (op, operand shapes and types, attributes): eager code calls
# the same ops on the same shapes over and over. Inference is a pure function of the key, and
# a failing inference (bad input) is never stored.
_infer_cache = LRUCache("eager op inference", 4096)
_infer_peek = _infer_cache.peek   # the per-op hot path: one C dict lookup


def apply(name, operands, attrs, names=None, nresults=1, regions=None):
    """Applies op `nx.<name>` to `operands` (tensors): the one dispatch routine of the front
    end. Returns a Tensor (or a list when the op has several results). `names` gives the
    result's axis names (a tuple, or a list of tuples). `regions` (a list of Blocks) are the
    op's regions, for ops that carry a user function (custom reduce, window_reduce).

    Three steps, each taken once: the result types (the registry's shape rule, cached by
    signature for plain operands), then either recording the op (a trace is open) or running
    it: plain operands without regions on their backend's fast path (the op's NumPy kernel,
    or its cached one-op XLA executable); vectorized operands or regions as a one-op program
    (through the vectorize pass when vectorized) on the evaluator or XLA (`_eager_program`)."""
    special = regions is not None and len(regions) > 0
    for t in operands:
        if t.vectorized_axes or (type(t.data) is Value and type(t.data.type) is VecType):
            special = True
            break
    d = OPS[name]
    entry = None
    if special:
        in_types = [value_type(t) for t in operands]
        if d.batch is None and any(type(t) is VecType for t in in_types):
            reason = d.missing.get("batch", "it has no batching rule")
            raise registry.OpError(f"nx.{name}: cannot be applied to vectorized tensors: "
                                   f"{reason}")
        out_types = d.infer(in_types, attrs)
    else:
        try:
            key = (name, tuple([t._sig for t in operands]), freeze(attrs) if attrs else ())
            entry = _infer_peek(key)
            if entry is None:
                in_types = [TensorType(t.shape, t.type) for t in operands]
                out_types = d.infer(in_types, attrs)
                # [in types, out types, the eager one-op executable once compiled]
                entry = [in_types, out_types, None]
                _infer_cache[key] = entry
            else:
                in_types, out_types = entry[0], entry[1]
        except TypeError:   # an unhashable attribute: no caching
            in_types = [TensorType(t.shape, t.type) for t in operands]
            out_types = d.infer(in_types, attrs)
    b = trace.current() if _OPEN[0] else None
    if b is not None:
        vals = [t.data if type(t.data) is Value else ir_value(b, t) for t in operands]
        rs = [Region([blk]) for blk in regions] if regions else ()
        outs = b.create("nx." + name, vals, out_types, attrs, rs, loc=current_location()).results
    elif special:
        outs = _eager_program(name, operands, attrs, in_types, out_types, regions)
    else:
        on_host = True
        for t in operands:
            if type(t.data) is not np.ndarray:
                on_host = False
                break
        if not on_host:
            outs = _eager_xla(name, operands, attrs, in_types, out_types, entry)
        else:
            r = d.kernel(attrs, out_types, *[t.data for t in operands])
            outs = r if isinstance(r, list) else [r]
            outs = [o if type(o) is np.ndarray and o.shape == ot.shape else
                    np.asarray(o).reshape(ot.shape) for o, ot in zip(outs, out_types)]
    if len(out_types) == 1 and nresults == 1 and type(out_types[0]) is TensorType:
        return Tensor(outs[0], out_types[0].shape, out_types[0].dtype,
                      names if names is not None else None)
    return _results(outs, out_types, names, nresults)


# --- eager XLA: each op a cached compiled program ------------------------------------------

_eager_cache = LRUCache("eager one-op executables", 1024)


def _eager_xla(name, operands, attrs, in_types, out_types, entry=None):
    """Runs the op as a cached one-op executable; `entry` is the op's inference-cache entry,
    which keeps the executable so a repeated call looks nothing up."""
    if PLACED[0]:
        dev = placement(operands, "nx." + name)
        if dev is not None:
            return _eager_xla_on(dev, name, operands, attrs, in_types, out_types)
    exe = entry[2] if entry is not None else None
    if exe is not None:
        h = exe._handlers
        if h is not None:   # Executable.__call__'s fast path, without its frame
            return exe._exec(_device_buffers(operands)).consume_with_handlers(h)
        return exe(_device_buffers(operands))
    if exe is None:
        key = (name, freeze(attrs), tuple(in_types))
        exe = _eager_cache.get(key)
        if exe is None:
            from nx.runtime import compile_module
            exe = compile_module(_one_op_module(name, in_types, out_types, attrs))
            _eager_cache[key] = exe
        if entry is not None:
            entry[2] = exe
    return exe(_device_buffers(operands))


def _eager_xla_on(dev, name, operands, attrs, in_types, out_types):
    """An eager op on tensors that live on device `dev` (not the CPU's device 0)."""
    from nx.runtime import compile_module
    from nx.runtime.pjrt import device_index
    key = (name, freeze(attrs), tuple(in_types), dev)
    exe = _eager_cache.get(key)
    if exe is None:
        exe = compile_module(_one_op_module(name, in_types, out_types, attrs),
                             platform=dev.platform, device=device_index(dev))
        _eager_cache[key] = exe
    return exe([buffer_on(t, dev) for t in operands])


def _device_buffers(operands):
    """The operands' device buffers (host arrays are transferred); a deallocated tensor raises
    its error."""
    bufs = [t.data for t in operands]
    for i, b in enumerate(bufs):
        if type(b) is np.ndarray:
            t = operands[i]
            if t._dev is None:   # kept: a host tensor is transferred once (tensors are immutable)
                from nx.runtime import pjrt
                t._dev = pjrt.to_device(b)
            bufs[i] = t._dev
        elif type(b) is Deallocated:
            raise b.error()
    return bufs



# --- vectorized operands -------------------------------------------------------------------

def vec_axes(t):
    """The vectorized axes of a tensor: those of its IR type while traced (the source of truth
    inside a trace), else its `vectorized_axes`."""
    d = t.data
    if type(d) is Value:
        return d.type.axes if type(d.type) is VecType else ()
    return t.vectorized_axes


def value_type(t):
    """The IR type of a tensor: `!nx.vec<...>` when it is vectorized."""
    inner = TensorType(t.shape, t.type)
    axes = vec_axes(t)
    return VecType(axes, inner) if axes else inner


def ir_value(b, t):
    """The IR value of `t` in the trace of builder `b` (a constant for a concrete tensor; a
    vectorized concrete tensor becomes a constant of its full layout viewed as vectorized)."""
    d = t.data
    if type(d) is Value:
        return d
    if not t.vectorized_axes:
        return constant_value(b, t)
    full = Tensor(d, tuple(s for _, s in t.vectorized_axes) + t.shape, t.type)
    c = constant_value(b, full)
    return b.create("nx.revectorize", [c], [value_type(t)], {"to": value_type(t)},
                    loc=current_location()).results[0]


def _results(outs, out_types, names, nresults):
    """Tensors for an op's results (vectorized ones keep their vectorized axes)."""
    res = []
    for i, (o, ot) in enumerate(zip(outs, out_types)):
        n = names if len(out_types) == 1 and nresults == 1 else (names[i] if names else None)
        if type(ot) is VecType:
            res.append(Tensor(o, ot.shape, ot.dtype, n, ot.axes))
        else:
            res.append(Tensor(o, ot.shape, ot.dtype, n))
    return res[0] if len(out_types) == 1 and nresults == 1 else res


def _one_op_module(name, in_types, out_types, attrs, regions=None):
    f = Function("main", in_types)
    rs = [Region([blk]) for blk in regions] if regions else []
    op = f.body.append(Operation("nx." + name, f.args, out_types, attrs, rs))
    f.body.append(Operation("func.return", op.results, []))
    d = OPS[name]
    if d.verify is not None:
        d.verify(op)
    return Module([f])


_vec_cache = LRUCache("eager vectorized programs", 512)


def _eager_program(name, operands, attrs, in_types, out_types, regions=None):
    """Runs the op as a one-op program: through the vectorize pass when its types are
    vectorized, then on the evaluator (all operands on the numpy backend) or as a compiled XLA
    program. Cached by signature (not an op with regions: those hold a user function)."""
    xla = any(type(t.data) is not np.ndarray for t in operands)
    try:
        key = None if regions else (name, freeze(attrs), tuple(in_types), xla)
        hash(key)
    except TypeError:
        key = None
    run = _vec_cache.get(key) if key is not None else None
    if run is None:
        module = _one_op_module(name, in_types, out_types, attrs, regions)
        if any(type(t) is VecType for t in in_types + out_types):
            from nx.passes.vectorize import vectorize
            module = vectorize(module)
        if xla:
            from nx.runtime import compile_module
            run = compile_module(module)
        else:
            from nx.runtime.evaluator import evaluate

            def run(arrays, module=module):
                return evaluate(module, arrays)
        if key is not None:
            _vec_cache[key] = run
    if xla:
        return run(_device_buffers(operands))
    outs = run([t.data for t in operands])
    return [o if type(ot) is VecType else np.asarray(o, ot.dtype.dtype).reshape(ot.shape)
            for o, ot in zip(outs, out_types)]
