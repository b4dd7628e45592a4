"""Lowers an nx module to a verified StableHLO module (`func.func @main`) with jaxlib's MLIR
Python bindings. Each op's lowering lives in its registry definition; this module holds the
driver and the helpers those lowerings share (`LowerCtx`)."""
from __future__ import annotations

import io
import threading

import numpy as np
from jaxlib.mlir import ir
from jaxlib.mlir._mlir_libs import _jax_mlir_ext
from jaxlib.mlir.dialects import chlo
from jaxlib.mlir.dialects import func as func_d
from jaxlib.mlir.dialects import stablehlo as hlo

from nx import types as T
from nx.dialects import nx as nxd

from .ir import Block, Function, Location, Module, TensorType, VecType

__all__ = ["lower", "LoweringError", "new_context", "to_bytecode"]


class LoweringError(RuntimeError):
    pass


_registry = None
_lock = threading.Lock()


def new_context() -> ir.Context:
    """An MLIR context with the func, StableHLO and CHLO dialects loaded."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = ir.DialectRegistry()
            _jax_mlir_ext.register_dialects(_registry)
    ctx = ir.Context()
    ctx.append_dialect_registry(_registry)
    ctx.load_all_available_dialects()
    hlo.register_dialect(ctx)
    chlo.register_dialect(ctx)
    return ctx


_tls = threading.local()
_CONTEXT_REUSES = 256


def shared_context() -> ir.Context:
    """A per-thread MLIR context, reused across lowerings (creating one costs ~2 ms) and replaced
    every few hundred uses so uniqued types and constants do not accumulate without bound."""
    ctx = getattr(_tls, "ctx", None)
    uses = getattr(_tls, "uses", 0)
    if ctx is None or uses >= _CONTEXT_REUSES:
        ctx = _tls.ctx = new_context()
        uses = 0
    _tls.uses = uses + 1
    return ctx


def _element_type(dt: T.Type):
    kind, bits = dt
    if kind == "f":
        floats = {8: ir.Float8E5M2Type, 16: ir.F16Type, 32: ir.F32Type, 64: ir.F64Type}
        # (jaxlib's stubs give each float type a get(), not their common base class)
        return floats[bits].get()  # type: ignore[attr-defined]
    if kind == "bf":
        return ir.BF16Type.get()
    if kind == "s":
        return ir.IntegerType.get_signless(bits)
    if kind == "u":
        return ir.IntegerType.get_unsigned(bits)
    return ir.ComplexType.get(_element_type(T.Type("f", bits // 2)))


_COMPARE_TYPE = {"f": "FLOAT", "bf": "FLOAT", "c": "FLOAT", "s": "SIGNED", "u": "UNSIGNED"}


class LowerCtx:
    """What an op's `lower` facet receives: the dialect modules and shared helpers."""

    hlo = hlo
    chlo = chlo

    def __init__(self, debug_info=True, platform="cpu", lowering="native"):
        self.env = {}
        self.debug_info = debug_info
        self.platform = platform   # the PJRT platform the module is compiled for
        # "native": the target's own kernels where it has them (LAPACK custom calls on CPU);
        # "portable": pure StableHLO only (any consumer: XLA on any platform, IREE, a file)
        self.lowering = lowering
        self.portable = lowering == "portable"
        self._etypes = {}
        self._ttypes = {}

    # types
    def etype(self, dt):
        e = self._etypes.get(dt)
        if e is None:
            e = self._etypes[dt] = _element_type(dt)
        return e

    def ttype(self, t: TensorType):
        r = self._ttypes.get(t)
        if r is None:
            if type(t) is VecType:
                raise LoweringError(f"a vectorized type {t} reached lowering: run the vectorize "
                                    "pass first (it is in the default pipeline)")
            r = self._ttypes[t] = ir.RankedTensorType.get(list(t.shape), self.etype(t.dtype))
        return r

    @staticmethod
    def shape_of(v):
        return tuple(ir.RankedTensorType(v.type).shape)

    # conversions
    def cast(self, v, src: T.Type, dst: T.Type):
        if src == dst:
            return v
        shape = self.shape_of(v)
        return hlo.ConvertOp(self.ttype(TensorType(shape, dst)), v).result

    def bcast(self, v, src_shape, out_shape):
        src_shape, out_shape = tuple(src_shape), tuple(out_shape)
        if src_shape == out_shape:
            return v
        et = ir.RankedTensorType(v.type).element_type
        off = len(out_shape) - len(src_shape)
        out = ir.RankedTensorType.get(list(out_shape), et)
        return hlo.BroadcastInDimOp(out, v, list(range(off, len(out_shape)))).result

    def to_u8(self, pred):
        shape = self.shape_of(pred)
        return hlo.ConvertOp(self.ttype(TensorType(shape, T.U8)), pred).result

    def compare(self, a, b, direction, dt):
        return hlo.CompareOp(a, b, hlo.ComparisonDirectionAttr.get(direction),
                             compare_type=hlo.ComparisonTypeAttr.get(_COMPARE_TYPE[dt[0]])).result

    # constants
    def _dense(self, arr, t: TensorType):
        """A DenseElementsAttr holding `arr` as type `t`."""
        arr = np.asarray(arr, t.dtype.dtype, order="C").reshape(t.shape)
        kind, bits = t.dtype
        if kind in ("s", "u") and bits < 8:
            # sub-byte integers: one element per byte, as MLIR stores them
            arr = arr.astype(np.int8 if kind == "s" else np.uint8)
        elif t.dtype in ("bf16", "f8"):
            arr = arr.view(np.uint8 if bits == 8 else np.uint16)
        return ir.DenseElementsAttr.get(arr, type=self.etype(t.dtype), shape=list(t.shape))

    def constant(self, arr, t: TensorType):
        arr = np.asarray(arr)
        flat = arr.reshape(-1)
        if t.shape and flat.size > 1 and bool((flat == flat[0]).all()):
            scalar = self._dense(flat[0], TensorType((), t.dtype))
            c = hlo.ConstantOp(scalar).result
            return hlo.BroadcastInDimOp(self.ttype(t), c, []).result
        return hlo.ConstantOp(self._dense(arr, t)).result

    def full(self, value, t: TensorType):
        return self.constant(np.full((), value, t.dtype.dtype), t) if t.shape == () else \
            self.bcast(self.constant(np.full((), value, t.dtype.dtype), TensorType((), t.dtype)),
                       (), t.shape)

    # reductions
    def reduce(self, x, init, axes, body_op, dt):
        scalar = self.ttype(TensorType((), dt))
        init_v = self.constant(np.array(init).astype(dt.dtype), TensorType((), dt))
        shape = self.shape_of(x)
        out_shape = [d for i, d in enumerate(shape) if i not in axes]
        red = hlo.ReduceOp([ir.RankedTensorType.get(out_shape, self.etype(dt))], [x], [init_v],
                           axes)
        block = red.regions[0].blocks.append(scalar, scalar)
        with ir.InsertionPoint(block):
            r = getattr(hlo, body_op)(block.arguments[0], block.arguments[1]).result
            hlo.ReturnOp([r])
        return red.results[0]

    def argminmax(self, op, x, is_max):
        src = op.operands[0].type
        out = op.results[0].type
        axis = op.attrs.get("axis")
        high = op.attrs.get("tie_break", "low") == "high"
        dt = src.dtype
        if axis is None:
            n = 1
            for d in src.shape:
                n *= d
            x = hlo.ReshapeOp(self.ttype(TensorType((n,), dt)), x).result
            shape, axis = (n,), 0
        else:
            shape = src.shape
            axis = axis % len(shape)
        idx_t = out.dtype
        iota = hlo.IotaOp(self.ttype(TensorType(shape, idx_t)), axis).result
        red_shape = [d for i, d in enumerate(shape) if i != axis]
        init_v = self.constant(
            np.array(T.min_value(dt) if is_max else T.max_value(dt)).astype(dt.dtype),
            TensorType((), dt))
        init_i = self.constant(np.array(0).astype(idx_t.dtype), TensorType((), idx_t))
        sv, si = self.ttype(TensorType((), dt)), self.ttype(TensorType((), idx_t))
        red = hlo.ReduceOp([ir.RankedTensorType.get(red_shape, self.etype(dt)),
                            ir.RankedTensorType.get(red_shape, self.etype(idx_t))],
                           [x, iota], [init_v, init_i], [axis])
        blk = red.regions[0].blocks.append(sv, si, sv, si)
        with ir.InsertionPoint(blk):
            av, ai, bv, bi = blk.arguments
            floaty = dt[0] in ("f", "bf")
            # a wins when it is strictly better, or NaN (NaN is the extreme), or equal with
            # the preferred index; between two NaNs the later index wins whatever the
            # tie_break (Nx's binary backend: the last NaN of the axis)
            better = self.compare(av, bv, "GT" if is_max else "LT", dt)
            eq = self.compare(av, bv, "EQ", dt)
            idx_pref = self.compare(ai, bi, "GT" if high else "LT", idx_t)
            take_a = hlo.OrOp(better, hlo.AndOp(eq, idx_pref).result).result
            if floaty:
                a_nan = self.compare(av, av, "NE", dt)
                b_nan = self.compare(bv, bv, "NE", dt)
                a_only = hlo.AndOp(a_nan, hlo.NotOp(b_nan).result).result
                later = self.compare(ai, bi, "GT", idx_t)
                both_later = hlo.AndOp(hlo.AndOp(a_nan, b_nan).result, later).result
                take_a = hlo.OrOp(hlo.OrOp(take_a, a_only).result, both_later).result
            rv = hlo.SelectOp(take_a, av, bv).result
            ri = hlo.SelectOp(take_a, ai, bi).result
            hlo.ReturnOp([rv, ri])
        res = red.results[1]
        return hlo.ReshapeOp(self.ttype(out), res).result if out.shape != tuple(red_shape) else res

    # regions
    def lower_block(self, block: Block, args):
        for a, v in zip(block.args, args):
            self.env[a] = v
        for op in block.ops:
            if op.name == "nx.yield":
                return [self.env[v] for v in op.operands]
            self.lower_op(op)
        raise LoweringError("region has no nx.yield terminator")

    def lower_while(self, op, init):
        types = [self.ttype(v.type) for v in op.operands]
        w = hlo.WhileOp(types, init)
        cb = w.regions[0].blocks.append(*types)
        with ir.InsertionPoint(cb):
            (pred,) = self.lower_block(op.regions[0].block, list(cb.arguments))
            pt = op.regions[0].block.ops[-1].operands[0].type
            p = self.compare(pred, self.full(0, pt), "NE", pt.dtype)
            if pt.shape != ():
                raise LoweringError("nx.while: the condition must yield a scalar")
            hlo.ReturnOp([p])
        bb = w.regions[1].blocks.append(*types)
        with ir.InsertionPoint(bb):
            outs = self.lower_block(op.regions[1].block, list(bb.arguments))
            hlo.ReturnOp(outs)
        return list(w.results)

    def lower_cond(self, op, pred):
        pt = op.operands[0].type
        p = self.compare(pred, self.full(0, pt), "NE", pt.dtype)
        types = [self.ttype(t) for t in op.result_types]
        c = hlo.IfOp(types, p)
        for i in range(2):
            blk = c.regions[i].blocks.append()
            with ir.InsertionPoint(blk):
                hlo.ReturnOp(self.lower_block(op.regions[i].block, []))
        return list(c.results)

    # ops
    def location(self, loc):
        if self.debug_info and isinstance(loc, Location):
            return ir.Location.file(loc.file, loc.line, loc.col)
        return ir.Location.unknown()

    def lower_op(self, op):
        d = nxd.get(op.name)
        if d.lower is None:
            raise LoweringError(f"{op.name} has no StableHLO lowering: {d.missing.get('lower')}")
        with self.location(op.loc):
            try:
                res = d.lower(self, op, *[self.env[v] for v in op.operands])
            except KeyError as e:
                raise LoweringError(f"{op.name}: operand is not defined before its use") from e
        if not isinstance(res, (list, tuple)):
            res = [res]
        for v, r in zip(op.results, res):
            self.env[v] = r


def _lower_function(ctx: LowerCtx, f: Function, public):
    in_types = [ctx.ttype(t) for t in f.arg_types]
    out_types = [ctx.ttype(t) for t in f.result_types]
    fn = func_d.FuncOp(f.name, (in_types, out_types))
    if not public:
        fn.attributes["sym_visibility"] = ir.StringAttr.get("private")
    # (func.FuncOp's add_entry_block is Python code on top of the generated class that jaxlib's
    # stubs describe)
    entry = fn.add_entry_block()  # type: ignore[attr-defined]
    with ir.InsertionPoint(entry):
        for a, v in zip(f.args, entry.arguments):
            ctx.env[a] = v
        for op in f.body.ops:
            if op.name == "func.return":
                func_d.ReturnOp([ctx.env[v] for v in op.operands])
            else:
                ctx.lower_op(op)
    return fn


LOWERINGS = ("native", "portable")


def check_lowering(lowering, fun="nx.jit"):
    if lowering not in LOWERINGS:
        raise ValueError(f"{fun}: unknown lowering {lowering!r}; lowerings: "
                         + ", ".join(LOWERINGS))
    return lowering


def lower(module: Module, *, debug_info=True, context=None, platform="cpu", lowering="native"):
    """Lowers `module` to StableHLO for the PJRT `platform` (ops whose best lowering differs by
    platform, the LAPACK custom calls, read `LowerCtx.platform`). With `lowering="portable"`
    every op is lowered to StableHLO and CHLO ops only, no custom calls (`LowerCtx.portable`).
    Returns `(mlir_context, mlir_module)`; the module is verified. Its entry function is
    `@main`."""
    check_lowering(lowering, "lower")
    mctx = context or shared_context()
    with mctx, ir.Location.unknown():
        m = ir.Module.create()
        lc = LowerCtx(debug_info, platform, lowering)
        with ir.InsertionPoint(m.body):
            main = module.main
            for f in module.functions:
                fn = _lower_function(lc, f, f is main)
                if f is main and f.name != "main":
                    fn.attributes["sym_name"] = ir.StringAttr.get("main")
        if not m.operation.verify():
            raise LoweringError("the lowered StableHLO module does not verify")
    return mctx, m


def legalize_chlo(m):
    """Rewrites the CHLO ops of MLIR module `m` (erf, lgamma, top_k, ...) into StableHLO, in
    place (StableHLO's `chlo-legalize-to-stablehlo`): what a portable artifact and a compiler
    other than XLA need."""
    from jaxlib.mlir import passmanager
    _register_stablehlo_passes()
    with m.context:
        pm = passmanager.PassManager.parse("builtin.module(func.func(chlo-legalize-to-stablehlo))")
        pm.run(m.operation)
    return m


_passes_registered: list[bool] = []


def _register_stablehlo_passes():
    if not _passes_registered:
        hlo.register_stablehlo_passes()
        _passes_registered.append(True)


def to_bytecode(m) -> bytes:
    buf = io.BytesIO()
    m.operation.write_bytecode(buf)
    return buf.getvalue()


def to_text(m, debug_info=False) -> str:
    return m.operation.get_asm(enable_debug_info=debug_info)
