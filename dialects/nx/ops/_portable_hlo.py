"""A small vocabulary for the portable (pure StableHLO) lowerings of the decompositions
(_decomp_portable.py, _decomp_jacobi.py): `X`, a StableHLO value with its shape and nx type
(`dt` None for a predicate), with arithmetic, comparisons, slicing, reductions and
`stablehlo.while` loops written as Python expressions. Nothing here emits a custom call or a
CHLO op: every op is a StableHLO op that XLA (any platform), IREE and a portable artifact take.

Shapes never broadcast implicitly: an operand is an `X` of the same shape, a scalar `X` (spread
over the other's shape: a loop index), or a Python number (a constant of the other operand's
shape and type); `expand` and `bcast` broadcast explicitly. Batch axes come first; the loops of the
algorithms run over matrix indices with every matrix of the batch at once."""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType


def _ir():
    from jaxlib.mlir import ir
    return ir


class X:
    """A StableHLO value `v` of shape `shape` and nx type `dt` (None: i1, a predicate)."""

    __slots__ = ("ctx", "v", "shape", "dt")

    def __init__(self, ctx, v, dt, shape=None):
        self.ctx = ctx
        self.v = v
        self.dt = dt
        self.shape = tuple(ctx.shape_of(v)) if shape is None else tuple(shape)

    # --- construction helpers ------------------------------------------------------------
    def _like(self, v, dt="same", shape=None):
        return X(self.ctx, v, self.dt if dt == "same" else dt, shape)

    def _other(self, y, dt=None):
        if isinstance(y, X):
            if y.shape == () and self.shape != ():    # a scalar spreads over the other
                return y.bcast(self.shape, []).v
            if y.shape != self.shape:
                raise ValueError(f"portable lowering: shapes {self.shape} and {y.shape} differ")
            return y.v
        return full(self.ctx, y, self.shape, dt or self.dt)

    @property
    def hlo(self):
        return self.ctx.hlo

    @property
    def complex(self):
        return self.dt is not None and T.is_complex(self.dt)

    def _bin(self, name, y):
        return self._like(getattr(self.hlo, name)(self.v, self._other(y)).result)

    # --- arithmetic ----------------------------------------------------------------------
    def __add__(self, y):
        return self._bin("AddOp", y)

    def __sub__(self, y):
        return self._bin("SubtractOp", y)

    def __mul__(self, y):
        return self._bin("MulOp", y)

    def __truediv__(self, y):
        return self._bin("DivOp", y)

    def __radd__(self, y):
        return self + y

    def __rmul__(self, y):
        return self * y

    def __rsub__(self, y):
        return self._like(self.hlo.SubtractOp(self._other(y), self.v).result)

    def __rtruediv__(self, y):
        return self._like(self.hlo.DivOp(self._other(y), self.v).result)

    def __neg__(self):
        return self._like(self.hlo.NegOp(self.v).result)

    def maximum(self, y):
        return self._bin("MaxOp", y)

    def sqrt(self):
        return self._like(self.hlo.SqrtOp(self.v).result)

    def abs(self):
        """|x| (the modulus for complex values, of the real type)."""
        return self._like(self.hlo.AbsOp(self.v).result, self.real_dt)

    @property
    def real_dt(self):
        return T.to_real(self.dt)

    def real(self):
        if not self.complex:
            return self
        return self._like(self.hlo.RealOp(self.v).result, self.real_dt)

    def imag(self):
        return self._like(self.hlo.ImagOp(self.v).result, self.real_dt)

    def conj(self):
        if not self.complex:
            return self
        return make_complex(self.real(), -self.imag())

    def abs2(self):
        """|x|^2, of the real type."""
        if not self.complex:
            return self * self
        re, im = self.real(), self.imag()
        return re * re + im * im

    def astype(self, dt):
        """A conversion; a real value becomes complex with a zero imaginary part."""
        if dt == self.dt:
            return self
        if T.is_complex(dt) and not self.complex:
            re = self.astype(T.to_real(dt))
            return make_complex(re, full_like(re, 0))
        ct = self.ctx.ttype(TensorType(self.shape, dt))
        return self._like(self.hlo.ConvertOp(ct, self.v).result, dt)

    # --- comparisons and predicates --------------------------------------------------------
    def _cmp(self, y, d):
        return self._like(self.ctx.compare(self.v, self._other(y), d, self.dt), None)

    def lt(self, y):
        return self._cmp(y, "LT")

    def le(self, y):
        return self._cmp(y, "LE")

    def gt(self, y):
        return self._cmp(y, "GT")

    def ge(self, y):
        return self._cmp(y, "GE")

    def eq(self, y):
        return self._cmp(y, "EQ")

    def ne(self, y):
        return self._cmp(y, "NE")

    def isnan(self):
        return self.ne(self)

    def __and__(self, y):
        return self._like(self.hlo.AndOp(self.v, y.v).result, None)

    def __or__(self, y):
        return self._like(self.hlo.OrOp(self.v, y.v).result, None)

    def __invert__(self):
        return self._like(self.hlo.NotOp(self.v).result, None)

    def where(self, a, b):
        """select(self, a, b) for a predicate `self`; `a`/`b` may be numbers."""
        xs = [y for y in (a, b) if isinstance(y, X)]
        ref = next((y for y in xs if y.shape == self.shape), None)
        if ref is None and xs and xs[0].shape == ():     # a scalar value spreads
            ref = xs[0].bcast(self.shape, [])
        if ref is None:
            raise ValueError("portable lowering: select needs a value of the predicate's shape")
        return ref._like(self.hlo.SelectOp(self.v, ref._other(a), ref._other(b)).result)

    # --- shapes ----------------------------------------------------------------------------
    def _mt(self, shape, dt="same"):
        dt = self.dt if dt == "same" else dt
        if dt is None:
            ir = _ir()
            return ir.RankedTensorType.get(list(shape), ir.IntegerType.get_signless(1))
        return self.ctx.ttype(TensorType(tuple(shape), dt))

    def bcast(self, shape, dims):
        """broadcast_in_dim: axis i of self becomes axis dims[i] of `shape`."""
        if tuple(shape) == self.shape and list(dims) == list(range(len(shape))):
            return self
        return self._like(self.hlo.BroadcastInDimOp(self._mt(shape), self.v, list(dims)).result,
                          shape=shape)

    def expand(self, axis, size):
        """A new axis of `size` inserted at `axis` (the value repeated along it)."""
        r = len(self.shape) + 1
        axis %= r
        shape = self.shape[:axis] + (size,) + self.shape[axis:]
        dims = [i for i in range(r) if i != axis]
        return self.bcast(shape, dims)

    def reshape(self, shape):
        shape = tuple(shape)
        if shape == self.shape:
            return self
        return self._like(self.hlo.ReshapeOp(self._mt(shape), self.v).result, shape=shape)

    def transpose(self, perm):
        if list(perm) == list(range(len(self.shape))):
            return self
        return self._like(self.hlo.TransposeOp(self.v, list(perm)).result)

    def mT(self):
        """The transpose of the last two axes."""
        r = len(self.shape)
        return self.transpose(list(range(r - 2)) + [r - 1, r - 2])

    def H(self):
        """The conjugate transpose of the last two axes."""
        return self.mT().conj()

    def slice(self, starts, limits, strides=None):
        r = len(self.shape)
        strides = strides or [1] * r
        if list(starts) == [0] * r and tuple(limits) == self.shape and list(strides) == [1] * r:
            return self
        return self._like(self.hlo.SliceOp(self.v, list(starts), list(limits),
                                           list(strides)).result)

    def take_last(self, start, stop, axis=-1, stride=1):
        """x[..., start:stop:stride, ...] on one axis."""
        axis %= len(self.shape)
        lo = [0] * len(self.shape)
        hi = list(self.shape)
        st = [1] * len(self.shape)
        lo[axis], hi[axis], st[axis] = start, stop, stride
        return self.slice(lo, hi, st)

    def dslice(self, axis, index, size=1):
        """The `size` entries from `index` (a scalar s32 X, the same for the whole batch) on
        `axis`, the other axes whole."""
        axis %= len(self.shape)
        zero = full(self.ctx, 0, (), T.S32)
        starts = [index.v if i == axis else zero for i in range(len(self.shape))]
        sizes = [size if i == axis else d for i, d in enumerate(self.shape)]
        return self._like(self.hlo.DynamicSliceOp(self.v, starts, sizes).result)

    def dupdate(self, axis, index, update):
        """self with `update` written from `index` (scalar s32 X) on `axis`."""
        axis %= len(self.shape)
        zero = full(self.ctx, 0, (), T.S32)
        starts = [index.v if i == axis else zero for i in range(len(self.shape))]
        return self._like(self.hlo.DynamicUpdateSliceOp(self.v, update.v, starts).result)

    def col(self, j):
        """Column j (scalar s32 X) of matrices (..., m, n) as (..., m)."""
        return self.dslice(-1, j).reshape(self.shape[:-1])

    def row(self, i):
        """Row i of matrices (..., m, n) as (..., n)."""
        return self.dslice(-2, i).reshape(self.shape[:-2] + self.shape[-1:])

    def set_col(self, j, c):
        return self.dupdate(-1, j, c.reshape(c.shape + (1,)))

    def set_row(self, i, r):
        return self.dupdate(-2, i, r.reshape(r.shape[:-1] + (1,) + r.shape[-1:]))

    def at(self, i):
        """Entry i (scalar s32 X) of the last axis, as (..., 1)."""
        return self.dslice(-1, i)

    def diagonal(self):
        """The main diagonal of square matrices (..., n, n) as (..., n) (a strided slice)."""
        n = self.shape[-1]
        flat = self.reshape(self.shape[:-2] + (n * n,))
        return flat.take_last(0, n * n, -1, n + 1)

    def pad(self, value, low, high):
        """`value` added before (`low`) and after (`high`) each axis: concatenated constants,
        not stablehlo.pad (IREE crashes on a complex pad)."""
        x = self
        for ax, (lo, hi) in enumerate(zip(low, high)):
            parts = []
            for size in (lo, hi):
                shape = x.shape[:ax] + (size,) + x.shape[ax + 1:]
                parts.append(const(self.ctx, value, shape, self.dt) if size else None)
            xs = [p for p in (parts[0], x, parts[1]) if p is not None]
            x = concat(xs, ax) if len(xs) > 1 else x
        return x

    # --- reductions ------------------------------------------------------------------------
    def _reduce(self, axes, body, init):
        axes = sorted(a % len(self.shape) for a in axes)
        dt = T.U8 if self.dt is None else self.dt
        x = self if self.dt is not None else _pred_u8(self)
        out = self.ctx.reduce(x.v, init, axes, body, dt)
        res = X(self.ctx, out, dt)
        return res.ne(0) if self.dt is None else res

    def sum(self, axes):
        return self._reduce(axes, "AddOp", 0)

    def max(self, axes):
        lowest = -np.inf if T.is_float(self.dt) else np.iinfo(self.dt.dtype).min
        return self._reduce(axes, "MaxOp", lowest)

    def any(self, axes):
        return self._reduce(axes, "MaxOp", 0)



def _pred_u8(p):
    ctx = p.ctx
    return X(ctx, ctx.to_u8(p.v), T.U8)


def full(ctx, value, shape, dt):
    """A constant of `shape` and nx type `dt` (an MLIR value)."""
    if dt is None:
        ir = _ir()
        c = ctx.hlo.ConstantOp(ir.DenseElementsAttr.get(np.asarray(bool(value)))).result
        pt = ir.RankedTensorType.get(list(shape), ir.IntegerType.get_signless(1))
        return ctx.hlo.BroadcastInDimOp(pt, c, []).result if shape else c
    return ctx.full(value, TensorType(tuple(shape), dt))


def const(ctx, value, shape, dt):
    return X(ctx, full(ctx, value, shape, dt), dt, shape)


def full_like(x, value, dt="same"):
    dt = x.dt if dt == "same" else dt
    return X(x.ctx, full(x.ctx, value, x.shape, dt), dt, x.shape)


def wrap(ctx, v, dt):
    return X(ctx, v, dt)


def iota(ctx, shape, axis, dt=T.S32):
    return X(ctx, ctx.hlo.IotaOp(ctx.ttype(TensorType(tuple(shape), dt)), axis % len(shape))
             .result, dt, shape)


def make_complex(re, im):
    dt = T.to_complex(re.dt)
    return re._like(re.hlo.ComplexOp(re.v, im.v).result, dt)


def concat(xs, axis):
    axis %= len(xs[0].shape)
    return xs[0]._like(xs[0].hlo.ConcatenateOp([x.v for x in xs], axis).result)


def dot(x, y, cx, cy, bx=(), by=()):
    """dot_general at the highest precision (no TF32 on GPUs): batch axes first, then x's
    free axes, then y's."""
    ctx = x.ctx
    hlo = ctx.hlo
    ir = _ir()
    dims = hlo.DotDimensionNumbers.get(
        lhs_batching_dimensions=list(bx), rhs_batching_dimensions=list(by),
        lhs_contracting_dimensions=list(cx), rhs_contracting_dimensions=list(cy))
    fx = [i for i in range(len(x.shape)) if i not in cx and i not in bx]
    fy = [i for i in range(len(y.shape)) if i not in cy and i not in by]
    shape = tuple(x.shape[i] for i in bx) + tuple(x.shape[i] for i in fx) + \
        tuple(y.shape[i] for i in fy)
    prec = ir.ArrayAttr.get([hlo.PrecisionAttr.get("HIGHEST")] * 2)
    out = hlo.DotGeneralOp(ctx.ttype(TensorType(shape, x.dt)), x.v, y.v, dims,
                           precision_config=prec).result
    return X(ctx, out, x.dt, shape)


def matvec(a, v):
    """(..., m, n) @ (..., n) -> (..., m)."""
    r = len(a.shape)
    b = list(range(r - 2))
    return dot(a, v, [r - 1], [r - 2], b, b)


def vecmat(v, a):
    """(..., m) @ (..., m, n) -> (..., n)."""
    r = len(a.shape)
    b = list(range(r - 2))
    return dot(v, a, [r - 2], [r - 2], b, b)


def take(x, indices, axis):
    """x[..., indices, ...] on `axis` with constant indices (the same for the whole batch): a
    gather without batching dimensions."""
    ctx = x.ctx
    hlo = ctx.hlo
    axis %= len(x.shape)
    idx = np.asarray(indices, np.int32).reshape(-1, 1)
    iv = ctx.constant(idx, TensorType(idx.shape, T.S32))
    r = len(x.shape)
    offset = [i for i in range(r) if i != axis]
    dn = hlo.GatherDimensionNumbers.get(
        offset_dims=offset, collapsed_slice_dims=[axis], operand_batching_dims=[],
        start_indices_batching_dims=[], start_index_map=[axis], index_vector_dim=1)
    sizes = [1 if i == axis else d for i, d in enumerate(x.shape)]
    shape = x.shape[:axis] + (len(idx),) + x.shape[axis + 1:]
    out = hlo.GatherOp(x.v, iv, dn, sizes, indices_are_sorted=False,
                       results=[x._mt(shape)]).result
    return x._like(out, shape=shape)


def while_loop(init, cond, body):
    """stablehlo.while over the list of X `init`: `cond(*xs)` returns a scalar predicate X,
    `body(*xs)` the next values (same shapes and types)."""
    ir = _ir()
    ctx = init[0].ctx
    hlo = ctx.hlo
    types = [x._mt(x.shape) for x in init]
    w = hlo.WhileOp(types, [x.v for x in init])
    cb = w.regions[0].blocks.append(*types)
    with ir.InsertionPoint(cb):
        args = [X(ctx, a, x.dt, x.shape) for a, x in zip(cb.arguments, init)]
        hlo.ReturnOp([cond(*args).v])
    bb = w.regions[1].blocks.append(*types)
    with ir.InsertionPoint(bb):
        args = [X(ctx, a, x.dt, x.shape) for a, x in zip(bb.arguments, init)]
        outs = body(*args)
        for o, x in zip(outs, init):
            if o.shape != x.shape or o.dt != x.dt:
                raise ValueError(f"portable lowering: a loop value changes from "
                                 f"{x.shape} {x.dt} to {o.shape} {o.dt}")
        hlo.ReturnOp([o.v for o in outs])
    return [X(ctx, r, x.dt, x.shape) for r, x in zip(w.results, init)]


def fori(ctx, lo, hi, init, body):
    """for i in range(lo, hi): xs = body(i, *xs) (i a scalar s32 X); returns the last xs."""
    if hi <= lo:
        return list(init)
    i0 = const(ctx, lo, (), T.S32)

    def cond(i, *xs):
        return i.lt(hi)

    def step(i, *xs):
        return [i + 1] + list(body(i, *xs))
    return while_loop([i0] + list(init), cond, step)[1:]


def argmax_first(x, axis):
    """The index (s32) of the first largest entry of real `x` along `axis`, NaN counting as
    the largest (as np.argmax)."""
    ctx = x.ctx
    hlo = ctx.hlo
    ir = _ir()
    axis %= len(x.shape)
    idx = iota(ctx, x.shape, axis)
    out_shape = tuple(d for i, d in enumerate(x.shape) if i != axis)
    init_v = ctx.constant(np.array(-np.inf, x.dt.dtype), TensorType((), x.dt))
    init_i = ctx.constant(np.array(0, np.int32), TensorType((), T.S32))
    sv, si = ctx.ttype(TensorType((), x.dt)), ctx.ttype(TensorType((), T.S32))
    red = hlo.ReduceOp([ctx.ttype(TensorType(out_shape, x.dt)),
                        ctx.ttype(TensorType(out_shape, T.S32))],
                       [x.v, idx.v], [init_v, init_i], [axis])
    blk = red.regions[0].blocks.append(sv, si, sv, si)
    with ir.InsertionPoint(blk):
        av, ai, bv, bi = (X(ctx, a, d, ()) for a, d in
                          zip(blk.arguments, (x.dt, T.S32, x.dt, T.S32)))
        a_nan, b_nan = av.isnan(), bv.isnan()
        first = ai.lt(bi)
        take_a = (a_nan & (~b_nan | first)) | \
            (~b_nan & (av.gt(bv) | (av.eq(bv) & first)))
        hlo.ReturnOp([take_a.where(av, bv).v, take_a.where(ai, bi).v])
    return X(ctx, red.results[1], T.S32, out_shape)


def pow2_scale(x):
    """2^floor(log2 x) for the positive normal entries of real `x` (the exponent bits kept,
    exactly a power of two), 1 for 0, subnormals, inf and NaN: a scale that divides exactly."""
    ctx = x.ctx
    hlo = ctx.hlo
    it, mask = (T.S32, 0x7F800000) if x.dt.bits == 32 else (T.S64, 0x7FF0000000000000)
    bits = X(ctx, hlo.BitcastConvertOp(x._mt(x.shape, it), x.v).result, it, x.shape)
    e = X(ctx, hlo.AndOp(bits.v, full(ctx, mask, x.shape, it)).result, it, x.shape)
    p = X(ctx, hlo.BitcastConvertOp(x._mt(x.shape), e.v).result, x.dt, x.shape)
    return (e.eq(0) | e.eq(mask)).where(1.0, p)


def eps_of(dt):
    return float(np.finfo(T.to_real(dt).dtype).eps)


def gather_cols(x, idx):
    """out[..., i, j] = x[..., i, idx[..., j]] for matrices x (..., m, n) and s32 indices
    idx (..., n) (a gather with batching dimensions)."""
    ctx = x.ctx
    hlo = ctx.hlo
    nb = len(x.shape) - 2
    n = idx.shape[-1]
    ix = idx.reshape(idx.shape + (1,))
    dn = hlo.GatherDimensionNumbers.get(
        offset_dims=[nb], collapsed_slice_dims=[nb + 1], operand_batching_dims=list(range(nb)),
        start_indices_batching_dims=list(range(nb)), start_index_map=[nb + 1],
        index_vector_dim=nb + 1)
    shape = x.shape[:-1] + (n,)
    out = hlo.GatherOp(x.v, ix.v, dn, [1] * nb + [x.shape[-2], 1], indices_are_sorted=False,
                       results=[x._mt(shape)]).result
    return x._like(out, shape=shape)


def gather_rows(x, idx):
    """out[..., i, :] = x[..., idx[..., i], :] for matrices x (..., m, n) and s32 indices
    idx (..., k)."""
    ctx = x.ctx
    hlo = ctx.hlo
    nb = len(x.shape) - 2
    k = idx.shape[-1]
    ix = idx.reshape(idx.shape + (1,))
    dn = hlo.GatherDimensionNumbers.get(
        offset_dims=[nb + 1], collapsed_slice_dims=[nb], operand_batching_dims=list(range(nb)),
        start_indices_batching_dims=list(range(nb)), start_index_map=[nb],
        index_vector_dim=nb + 1)
    shape = x.shape[:-2] + (k, x.shape[-1])
    out = hlo.GatherOp(x.v, ix.v, dn, [1] * nb + [1, x.shape[-1]], indices_are_sorted=False,
                       results=[x._mt(shape)]).result
    return x._like(out, shape=shape)


def sort_columns(keys, mats, descending=False):
    """The columns of each matrix of `mats` (..., m, n) in the order of a stable sort of the
    real `keys` (..., n), ascending (NaN last) or descending (NaN first), -0.0 as 0.0; returns
    (sorted keys, the matrices). The keys are sorted with their indices, which break ties
    explicitly (IREE's sort ignores is_stable), and the columns gathered (IREE does not
    compile a sort of broadcast keys with a matrix)."""
    ctx = keys.ctx
    hlo = ctx.hlo
    ir = _ir()
    idx = iota(ctx, keys.shape, -1)
    ops = [keys, idx]
    srt = hlo.SortOp([o._mt(o.shape) for o in ops], [o.v for o in ops],
                     dimension=len(keys.shape) - 1, is_stable=True)
    sk, si = ctx.ttype(TensorType((), keys.dt)), ctx.ttype(TensorType((), T.S32))
    blk = srt.regions[0].blocks.append(sk, sk, si, si)
    with ir.InsertionPoint(blk):
        ka, kb = (_canonical(X(ctx, v, keys.dt, ())) for v in blk.arguments[:2])
        ia, ib = (X(ctx, v, T.S32, ()) for v in blk.arguments[2:])

        def total(d):
            return X(ctx, hlo.CompareOp(ka.v, kb.v, hlo.ComparisonDirectionAttr.get(d),
                                        compare_type=hlo.ComparisonTypeAttr.get("TOTALORDER")
                                        ).result, None, ())
        first = total("GT" if descending else "LT") | (total("EQ") & ia.lt(ib))
        hlo.ReturnOp([first.v])
    keys, idx = (X(ctx, r, o.dt, o.shape) for r, o in zip(srt.results, ops))
    return keys, [gather_cols(m, idx) for m in mats]


def _canonical(v):
    v = v.eq(0).where(0, v)
    return v.isnan().where(np.nan, v)


def eye_mask(ctx, shape):
    """The predicate row == col of matrices (..., n, n)."""
    return iota(ctx, shape, -2).eq(iota(ctx, shape, -1))
