"""Sorting and scans: nx.sort (the sorted values, or the permutation that sorts) and
nx.cumulative (running sum, product, max or min along an axis).

Order is EXLA's: floats compare after -0.0 is made 0.0 and every NaN the positive NaN, in
total order, so NaN sorts above +Inf (last ascending, first descending) and -0.0 ties with 0.0.
A stable sort keeps tied elements in their original order in both directions.
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, OpTypeError, batch_rule, define
from ..shapes import normalize_axis

# Element types NumPy orders natively; the others (bf16, f8, sub-byte integers) are ordered
# through an exact f64 copy.
_NATIVE = {np.dtype(t) for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8,
                                 np.uint16, np.uint32, np.uint64, np.float16, np.float32,
                                 np.float64)}


def _sort_keys(x):
    return x if x.dtype in _NATIVE else x.astype(np.float64)


def permutation(x, axis, descending):
    """The stable sorting permutation of `x` along `axis` (NaN above everything, -0.0 == 0.0):
    ties keep their original order in both directions."""
    keys = _sort_keys(x)
    if not descending:
        return np.argsort(keys, axis=axis, kind="stable")
    # ascending over the reversed axis, read backwards: keys descend and ties keep index order
    n = x.shape[axis]
    p = np.argsort(np.flip(keys, axis), axis=axis, kind="stable")
    return (n - 1) - np.flip(p, axis)


# sort ---------------------------------------------------------------------------------------
def _sort_infer(in_types, attrs):
    (x,) = in_types
    if T.is_complex(x.dtype):
        raise OpTypeError(f"nx.sort: complex tensors are not ordered (got type {x.dtype.name})")
    if attrs.get("direction") not in ("asc", "desc"):
        raise OpError(f"nx.sort: unknown direction {attrs.get('direction')!r}, expected "
                      f"\"asc\" or \"desc\"")
    normalize_axis("nx.sort", x.shape, attrs["axis"])
    if attrs.get("indices"):
        it = attrs.get("type", T.S32)
        if not T.is_integer(it):
            raise OpTypeError(f"nx.sort: the index type must be an integer type, got {it.name}")
        return [TensorType(x.shape, it)]
    return [x]


def _sort_kernel(attrs, outs, x):
    axis = normalize_axis("nx.sort", x.shape, attrs["axis"])
    p = permutation(x, axis, attrs["direction"] == "desc")
    if attrs.get("indices"):
        return p.astype(outs[0].dtype.dtype)
    return np.take_along_axis(x, p, axis=axis)


def canonical_value(ctx, v, dt):
    """-0.0 as 0.0 and any NaN as the positive NaN, so that total order ranks them as Nx does."""
    hlo = ctx.hlo
    st = TensorType((), dt)
    zero = ctx.full(0, st)
    v = hlo.SelectOp(ctx.compare(v, zero, "EQ", dt), zero, v).result
    return hlo.SelectOp(ctx.compare(v, v, "NE", dt), ctx.full(np.nan, st), v).result




def _sort_lower(ctx, op, x):
    from jaxlib.mlir import ir
    hlo = ctx.hlo
    xt, out = op.operands[0].type, op.results[0].type
    dt = xt.dtype
    axis = normalize_axis("nx.sort", xt.shape, op.attrs["axis"])
    with_idx = bool(op.attrs.get("indices"))
    if T.is_integer(dt) and dt.bits < 8:
        # XLA's CPU sort mishandles 2-bit integers: sort a widened copy (exact both ways)
        wide = T.Type(dt.kind, 8)
        x, dt, xt = ctx.cast(x, dt, wide), wide, TensorType(xt.shape, wide)
    stable = bool(op.attrs.get("stable"))
    # The portable lowering breaks ties on the position itself: StableHLO leaves is_stable to
    # the implementation (IREE ignores it), the index makes every order total. Only the
    # indices can tell a stable order from another (equal keys are equal values).
    tie_break = stable and ctx.portable and with_idx
    inputs, types = [x], [ctx.ttype(xt)]
    idx_t = out if with_idx else TensorType(xt.shape, T.S32)
    if with_idx or tie_break:
        inputs.append(hlo.IotaOp(ctx.ttype(idx_t), axis).result)
        types.append(ctx.ttype(idx_t))
    srt = hlo.SortOp(types, inputs, dimension=axis, is_stable=stable)
    scalars = [ctx.ttype(TensorType((), dt))] * 2
    if with_idx or tie_break:
        scalars += [ctx.ttype(TensorType((), idx_t.dtype))] * 2
    blk = srt.regions[0].blocks.append(*scalars)
    with ir.InsertionPoint(blk):
        a, b = blk.arguments[0], blk.arguments[1]
        if T.is_float(dt):
            a, b, kind = canonical_value(ctx, a, dt), canonical_value(ctx, b, dt), "TOTALORDER"
        else:
            kind = "UNSIGNED" if dt.kind == "u" else "SIGNED"
        direction = "LT" if op.attrs["direction"] == "asc" else "GT"

        def cmp(u, v, d, k):
            return hlo.CompareOp(u, v, hlo.ComparisonDirectionAttr.get(d),
                                 compare_type=hlo.ComparisonTypeAttr.get(k)).result
        r = cmp(a, b, direction, kind)
        if tie_break:
            earlier = cmp(blk.arguments[2], blk.arguments[3], "LT",
                          "UNSIGNED" if idx_t.dtype.kind == "u" else "SIGNED")
            r = hlo.OrOp(r, hlo.AndOp(cmp(a, b, "EQ", kind), earlier).result).result
        hlo.ReturnOp([r])
    return srt.results[1] if with_idx else ctx.cast(srt.results[0], dt, out.dtype)


def scatter_along_axis(nx, g, idx, axis):
    """The tensor `r` of g's shape with `r[.., idx[.., j, ..], ..] += g[.., j, ..]` along
    `axis` (the transpose of `take_along_axis(r, idx, axis)`)."""
    shape = g.shape
    rank = len(shape)
    n = 1
    for d in shape:
        n *= d
    col = (n, 1)
    cols = [nx.reshape(nx.as_type(idx, "s32"), col) if k == axis else
            nx.reshape(nx.iota(shape, type="s32", axis=k), col) for k in range(rank)]
    full = cols[0] if rank == 1 else nx.concatenate(cols, axis=1)
    zeros = nx.broadcast(nx.as_type(nx.tensor(0), g.type), shape)
    return nx.indexed_add(zeros, full, nx.reshape(g, (n,)))


def _sort_grad(nx, op, inputs, ans, g):
    """Each sorted value's cotangent goes back to the place it came from."""
    if op.attrs.get("indices"):
        return [None]     # a permutation is piecewise constant: zero gradient, as in Nx
    (x,) = inputs
    a = op.attrs
    perm = nx.argsort(x, axis=a["axis"], direction=a["direction"], stable=a.get("stable", False))
    return [scatter_along_axis(nx, g, perm, a["axis"] % len(x.shape))]


define("sort", batch=batch_rule("axis"), infer=_sort_infer, kernel=_sort_kernel, lower=_sort_lower,
       grad=_sort_grad, family="sort",
       doc="Sorts along `axis` in `direction` (\"asc\" or \"desc\"; `stable` keeps ties in "
           "order). With `indices` true the result is the permutation, of integer `type`, "
           "instead of the values. NaN sorts above +Inf and -0.0 ties with 0.0 (EXLA's "
           "comparator: canonicalized total order).")


# cumulative ---------------------------------------------------------------------------------
_KINDS = ("sum", "product", "max", "min")


def _cumulative_infer(in_types, attrs):
    (x,) = in_types
    kind = attrs.get("kind")
    if kind not in _KINDS:
        raise OpError(f"nx.cumulative: unknown kind {kind!r}, expected one of {list(_KINDS)}")
    if kind in ("max", "min") and T.is_complex(x.dtype):
        raise OpTypeError(f"nx.cumulative_{kind}: complex tensors are not ordered (got type "
                          f"{x.dtype.name})")
    normalize_axis(f"nx.cumulative_{kind}", x.shape, attrs["axis"])
    return [x]


def _wrap_small_int(v, t):
    """Integers of fewer than 8 bits wrap around as the hardware types do."""
    lo, span = T.min_finite(t), 1 << t.bits
    return ((v - lo) % span) + lo


def _cumulative_kernel(attrs, outs, x):
    out = outs[0].dtype
    kind = attrs["kind"]
    axis = normalize_axis("nx.cumulative", x.shape, attrs["axis"])
    small = T.is_integer(out) and out.bits < 8
    if small:
        v = x.astype(np.int64)
    elif out in ("f8", "f16", "bf16"):
        v = x.astype(np.float32)     # accumulated in f32 and rounded once, as XLA's CPU does
    else:
        v = x
    if attrs.get("reverse"):
        v = np.flip(v, axis)
    fn = {"sum": np.add, "product": np.multiply, "max": np.maximum, "min": np.minimum}[kind]
    with np.errstate(all="ignore"):
        r = fn.accumulate(v, axis=axis, dtype=v.dtype) if v.size else v.copy()
    if attrs.get("reverse"):
        r = np.flip(r, axis)
    if small:
        r = _wrap_small_int(r, out)
    return np.ascontiguousarray(r).astype(out.dtype)


def _cumulative_lower(ctx, op, x):
    """A reduce_window whose window spans the whole axis, padded so that window i covers
    elements 0..i (or i..n-1 reversed): XLA's own form of an associative scan."""
    from jaxlib.mlir import ir
    hlo = ctx.hlo
    xt = op.operands[0].type
    dt = xt.dtype
    rank = len(xt.shape)
    axis = normalize_axis("nx.cumulative", xt.shape, op.attrs["axis"])
    n = xt.shape[axis]
    if n <= 1:
        return x
    kind = op.attrs["kind"]
    init, body = {"sum": (0, "AddOp"), "product": (1, "MulOp"),
                  "max": (T.min_value(dt), "MaxOp"), "min": (T.max_value(dt), "MinOp")}[kind]
    init_v = ctx.constant(np.array(init).astype(dt.dtype), TensorType((), dt))
    pad = np.zeros((rank, 2), np.int64)
    pad[axis] = (0, n - 1) if op.attrs.get("reverse") else (n - 1, 0)
    pad_attr = ir.DenseIntElementsAttr.get(pad, type=ir.IntegerType.get_signless(64))
    window = [n if i == axis else 1 for i in range(rank)]
    rw = hlo.ReduceWindowOp([ctx.ttype(xt)], [x], [init_v], window,
                            window_strides=[1] * rank, padding=pad_attr)
    scalar = ctx.ttype(TensorType((), dt))
    blk = rw.regions[0].blocks.append(scalar, scalar)
    with ir.InsertionPoint(blk):
        hlo.ReturnOp([getattr(hlo, body)(blk.arguments[0], blk.arguments[1]).result])
    return rw.results[0]


def _flip(nx, t, axis, reverse):
    return nx.reverse(t, axes=[axis]) if reverse else t


def _cumulative_grad(nx, op, inputs, ans, g):
    (x,) = inputs
    kind = op.attrs["kind"]
    axis = op.attrs["axis"] % len(x.shape)
    rev = bool(op.attrs.get("reverse"))
    if kind == "sum":
        # output j sums inputs i <= j: input i collects the cotangents of outputs j >= i
        return [nx.cumulative_sum(g, axis=axis, reverse=not rev)]
    # work on the forward (non-reversed) orientation
    x, ans, g = (_flip(nx, t, axis, rev) for t in (x, ans, g))
    if kind == "product":
        r = _cumprod_grad(nx, x, ans, g, axis)
    else:
        r = _cumextreme_grad(nx, x, ans, g, axis)
    return [_flip(nx, r, axis, rev)]


def _cumprod_grad(nx, x, ans, g, axis):
    """d ans_j / d x_i = prod_{k <= j, k != i} x_k, without dividing by zero: before the
    first zero it is ans_j / x_i; at the first zero z it is the running product with x_z
    taken as 1; after it every term holds x_z = 0."""
    fx = nx.as_type(x, g.type)
    zero = nx.equal(fx, 0)
    zeros_so_far = nx.cumulative_sum(nx.as_type(zero, "s32"), axis=axis)
    before = nx.equal(zeros_so_far, 0)
    first = nx.logical_and(zero, nx.equal(zeros_so_far, 1))
    rsum = nx.cumulative_sum(g * ans, axis=axis, reverse=True)
    safe = nx.select(zero, nx.as_type(nx.tensor(1), g.type), fx)
    ones_at_first = nx.select(first, nx.as_type(nx.tensor(1), g.type), fx)
    ans_skip = nx.cumulative_product(ones_at_first, axis=axis)
    rsum_skip = nx.cumulative_sum(g * ans_skip, axis=axis, reverse=True)
    zero_t = nx.as_type(nx.tensor(0), g.type)
    return nx.select(before, rsum / safe, nx.select(first, rsum_skip, zero_t))


def _cumextreme_grad(nx, x, ans, g, axis):
    """Output j is the input at the last place i <= j where the running extreme was reached
    (x_i == ans_i); its cotangent goes there."""
    shape = x.shape
    pos = nx.iota(shape, type="s32", axis=axis)
    reached = nx.equal(x, ans)
    src = nx.cumulative_max(nx.select(reached, pos, nx.as_type(nx.tensor(0), "s32")),
                            axis=axis)
    return scatter_along_axis(nx, g, src, axis)


define("cumulative", batch=batch_rule("axis"), infer=_cumulative_infer, kernel=_cumulative_kernel,
       lower=_cumulative_lower, grad=_cumulative_grad, family="sort",
       doc="Running `kind` (\"sum\", \"product\", \"max\" or \"min\") along `axis`, from the "
           "end when `reverse`; the type is the input's (integers wrap around). max and min "
           "propagate NaN.")
