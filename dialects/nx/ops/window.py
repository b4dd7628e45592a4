"""Window reductions, window scatter and convolution.

- `nx.window_reduce` (`kind` "sum" | "product" | "max" | "min"): the built-in window
  aggregates of Nx (window_sum, window_product, window_max, window_min) ->
  `stablehlo.reduce_window`. Padding positions hold the reduction's identity: 0, 1, the type's
  minimum (-Inf for floats), the type's maximum (+Inf for floats).
- `nx.window_fold %x, %acc` (one region `(x, acc) -> acc`): Nx.window_reduce with a user
  function -> `stablehlo.reduce_window` with the region as its body; padding holds `acc`, and
  padding positions are skipped as XLA does (Nx's binary backend folds `acc` in for them,
  which agrees whenever `acc` is an identity of the function).
- `nx.window_scatter %x, %source, %init` (`kind` "max" | "min"): Nx.window_scatter_max/min ->
  `stablehlo.select_and_scatter`. In each window the last element that is not beaten (strictly
  greater for max, strictly smaller for min) is selected (as Nx's binary backend); padding
  positions are never selected; source values that land on the same element are added to
  `init`. Among tied elements of a window that touches padding, XLA's CPU compiler may pick
  another one than the NumPy kernel (the choice among ties is XLA's own). The front end's
  window_scatter_max/min with padding follow Nx instead: they pad the operand with
  `init_value` explicitly (padding selectable, its source values dropped) and call this op
  without padding; the gradient of window_max/min calls it with padding.
- `nx.conv %input, %kernel`: Nx.conv -> `stablehlo.convolution`, with Nx's permutations,
  strides, explicit (possibly negative) padding, input/kernel dilations and feature/batch
  groups. Operands arrive converted to the (floating) result type.

Window attributes: `window_dimensions`, `strides`, `padding` (one `(low, high)` per axis) and,
for the reductions, `window_dilations`; all are complete (one entry per axis).
"""
from __future__ import annotations

import numpy as np

from nx import types as T
from nx.compiler.ir import TensorType

from ..registry import OpError, OpTypeError, batch_rule, define

_WINDOW_PRODUCT_GRAD = (
    "cannot compute gradient for Nx.window_product/3 (as in Nx). Consider using stop_grad to "
    "make the gradient equivalent to the identity function or use custom_grad to define a "
    "proper gradient implementation")
_WINDOW_FOLD_GRAD = (
    "cannot compute gradient for Nx.window_reduce/5 (as in Nx). If you are computing the sum, "
    "max, or similar of a window, use the appropriate nx functions instead. If you have a "
    "custom usage of window_reduce, consider using stop_grad or custom_grad")


# --- shape rules ---------------------------------------------------------------------------

def pool_shape(fun, shape, window, strides, padding, dilations):
    """Nx.Shape.pool: the output shape of a window reduction (padding already explicit)."""
    rank = len(shape)
    for what, v in (("window_dimensions", window), ("strides", strides),
                    ("padding", padding), ("window_dilations", dilations)):
        if len(v) != rank:
            raise OpError(f"{fun}: expected {what} to have one entry per axis of shape "
                          f"{tuple(shape)} (rank {rank}), got {list(v)}")
    out = []
    for d, w, s, (lo, hi), dl in zip(shape, window, strides, padding, dilations):
        if w < 1 or s < 1 or dl < 1:
            raise OpError(f"{fun}: window dimensions, strides and dilations must be positive, "
                          f"got window {tuple(window)}, strides {list(strides)}, dilations "
                          f"{list(dilations)}")
        n = (d + lo + hi - ((w - 1) * dl + 1)) // s + 1
        if n <= 0:
            raise OpError(f"{fun}: window dimensions would result in empty tensor which is "
                          f"not currently supported in Nx (shape {tuple(shape)}, window "
                          f"{tuple(window)}, padding {list(padding)})")
        out.append(n)
    return tuple(out)


def _ones(n):
    return (1,) * n


def _window_attrs(attrs, rank):
    return (tuple(attrs["window_dimensions"]), tuple(attrs.get("strides") or _ones(rank)),
            tuple(tuple(p) for p in attrs.get("padding") or ((0, 0),) * rank),
            tuple(attrs.get("window_dilations") or _ones(rank)))


# --- NumPy helpers ----------------------------------------------------------------------------

def _pad(x, padding, value):
    """Edge padding with `value`; negative amounts crop."""
    pads = [(max(lo, 0), max(hi, 0)) for lo, hi in padding]
    if any(p != (0, 0) for p in pads):
        x = np.pad(x, pads, constant_values=np.asarray(value, x.dtype))
    crop = tuple(slice(-lo if lo < 0 else 0, (x.shape[i] + hi) if hi < 0 else None)
                 for i, (lo, hi) in enumerate(padding))
    return x[crop]


def _windows(xp, window, strides, dilations):
    """A view of the padded array `xp` of shape `out_shape + window`."""
    ext = tuple((w - 1) * d + 1 for w, d in zip(window, dilations))
    v = np.lib.stride_tricks.sliding_window_view(xp, ext)
    sl = tuple(slice(None, None, s) for s in strides) + tuple(slice(None, None, d)
                                                             for d in dilations)
    return v[sl]


# --- nx.window_reduce (built-in kinds) -------------------------------------------------------

_KINDS = ("sum", "product", "max", "min")


def identity(kind, dt):
    """The padding (and initial) value of a built-in window reduction for type `dt`."""
    if kind == "sum":
        return 0
    if kind == "product":
        return 1
    return T.min_value(dt) if kind == "max" else T.max_value(dt)


def _reduce_infer(in_types, attrs):
    (x,) = in_types
    kind = attrs.get("kind")
    if kind not in _KINDS:
        raise OpError(f"nx.window_reduce: kind must be one of {list(_KINDS)}, got {kind!r}")
    if kind in ("max", "min") and T.is_complex(x.dtype):
        raise OpTypeError(f"nx.window_{kind}: complex tensors are not ordered (got type "
                          f"{x.dtype.name})")
    w, s, p, d = _window_attrs(attrs, x.rank)
    return [TensorType(pool_shape(f"nx.window_{kind}", x.shape, w, s, p, d), x.dtype)]


def _reduce_kernel(attrs, outs, x):
    kind = attrs["kind"]
    w, s, p, d = _window_attrs(attrs, x.ndim)
    dt = outs[0].dtype
    xp = _pad(x, p, identity(kind, dt))
    v = _windows(xp, w, s, d)
    axes = tuple(range(x.ndim, 2 * x.ndim))
    if kind == "sum":
        r = np.sum(v, axis=axes, dtype=x.dtype)
    elif kind == "product":
        r = np.prod(v, axis=axes, dtype=x.dtype)
    elif kind == "max":
        r = np.max(v, axis=axes) if v.size else v
    else:
        r = np.min(v, axis=axes) if v.size else v
    return np.asarray(r).astype(dt.dtype, copy=False)


def _padding_attr(padding):
    from jaxlib.mlir import ir
    arr = np.array([list(p) for p in padding], np.int64).reshape(len(padding), 2)
    return ir.DenseIntElementsAttr.get(arr)


def _reduce_window(ctx, op, x, init, body):
    """`stablehlo.reduce_window` of x with scalar init; `body(acc, x)` builds the region."""
    from jaxlib.mlir import ir
    xt, out = op.operands[0].type, op.results[0].type
    w, s, p, d = _window_attrs(op.attrs, xt.rank)
    rw = ctx.hlo.ReduceWindowOp([ctx.ttype(out)], [x], [init], list(w), window_strides=list(s),
                                base_dilations=list(_ones(xt.rank)), window_dilations=list(d),
                                padding=_padding_attr(p))
    scalar = ctx.ttype(TensorType((), xt.dtype))
    blk = rw.regions[0].blocks.append(scalar, scalar)
    with ir.InsertionPoint(blk):
        ctx.hlo.ReturnOp(body(blk.arguments[0], blk.arguments[1]))
    return rw.results[0]


_BODY = {"sum": "AddOp", "product": "MulOp", "max": "MaxOp", "min": "MinOp"}


def _reduce_lower(ctx, op, x):
    kind = op.attrs["kind"]
    dt = op.operands[0].type.dtype
    init = ctx.constant(np.array(identity(kind, dt)).astype(dt.dtype), TensorType((), dt))
    hop = getattr(ctx.hlo, _BODY[kind])
    # the current value first (as EXLA does) so that NaN/Inf mixes resolve as in Nx
    return _reduce_window(ctx, op, x, init, lambda acc, v: [hop(v, acc).result])


def _conv_lhs_padding(in_dims, win_dims, strides, out_dims, padding, in_dil, win_dil):
    """The padding of the cotangent in the transposed window operation (grad.ex)."""
    def dil(ds, ks):
        return [0 if n == 0 else (n - 1) * k + 1 for n, k in zip(ds, ks)]
    lhs = dil(in_dims, in_dil)
    rhs = dil(win_dims, win_dil)
    out = dil(out_dims, strides)
    before = [r - lo - 1 for r, (lo, _) in zip(rhs, padding)]
    after = [a + r - 1 - o - b for a, r, o, b in zip(lhs, rhs, out, before)]
    return list(zip(before, after))


def _window_sum_grad(nx, x, g, attrs):
    w, s, p, d = _window_attrs(attrs, x.rank)
    cfg = _conv_lhs_padding(x.shape, w, s, g.shape, p, _ones(x.rank), d)
    g = nx.pad(g, 0, [(lo, hi, st - 1) for (lo, hi), st in zip(cfg, s)])
    return nx.window_sum(g, w, strides=1, padding="valid", window_dilations=list(d))


def _reduce_grad(nx, op, inputs, ans, g):
    from ..registry import NoGradientError
    kind = op.attrs["kind"]
    (x,) = inputs
    if kind == "sum":
        return [_window_sum_grad(nx, x, g, op.attrs)]
    if kind == "product":
        raise NoGradientError(f"nx.grad: cannot differentiate through nx.window_reduce "
                              f"(kind product): {_WINDOW_PRODUCT_GRAD}")
    w, s, p, d = _window_attrs(op.attrs, x.rank)
    if any(k != 1 for k in d):
        raise NoGradientError(
            f"nx.grad: cannot differentiate nx.window_{kind} with window_dilations {list(d)}: "
            f"its gradient (window_scatter_{kind}) has no window dilations; only "
            f"window_dilations of 1 are supported")
    # the op itself, not nx.window_scatter_max/min: those pad with init_value (0) which may
    # be selected (Nx's semantics); the op never selects padding, so a window's gradient
    # always lands on its maximum (minimum), as XLA's
    zero = nx.tensor(0, type=g.type)
    return [nx.apply_op("window_scatter", [nx.as_type(x, g.type), g, zero],
                               {"kind": kind, "window_dimensions": tuple(w),
                                "strides": tuple(s), "padding": tuple(tuple(q) for q in p)})]


define("window_reduce", batch=batch_rule("window"), infer=_reduce_infer, kernel=_reduce_kernel,
       lower=_reduce_lower, grad=_reduce_grad, family="window",
       doc="Nx.window_sum/product/max/min (`kind`): reduces each window of "
           "`window_dimensions` (stepping by `strides`, spread by `window_dilations`) of the "
           "operand padded by `padding` with the reduction's identity (0, 1, the type's "
           "minimum or maximum: -Inf/+Inf for floats). Result: the operand's type.")


# --- nx.window_fold: Nx.window_reduce with a function --------------------------------------

def _fold_infer(in_types, attrs):
    x, acc = in_types
    if acc.shape != ():
        raise OpError(f"nx.window_reduce: the accumulator must be a scalar, got shape "
                      f"{acc.shape}")
    if acc.dtype != x.dtype:
        raise OpError(f"nx.window_reduce: the accumulator must have the operand's type in the "
                      f"IR, got {acc.dtype.name} and {x.dtype.name}")
    w, s, p, d = _window_attrs(attrs, x.rank)
    return [TensorType(pool_shape("nx.window_reduce", x.shape, w, s, p, d), x.dtype)]


def _fold_verify(op):
    from .control import region_check
    x = op.operands[0].type
    scalar = TensorType((), x.dtype)
    region_check(op, 0, [scalar, scalar], [scalar], "body")


def _fold_kernel(attrs, outs, x, acc, *, regions):
    (body,) = regions
    w, s, p, d = _window_attrs(attrs, x.ndim)
    dt = outs[0].dtype.dtype
    acc = np.asarray(acc, dt)
    pos = window_positions(x.shape, w, s, p, d)
    xf = x.reshape(-1)
    res = np.empty(pos.shape[0], dt)
    for i, row in enumerate(pos):
        a = acc
        for j in row:
            if j >= 0:     # padding positions are skipped, as XLA does
                a = np.asarray(body(np.asarray(xf[j], dt), a)[0], dt)
        res[i] = a
    return res.reshape(outs[0].shape)


def _fold_lower(ctx, op, x, acc):
    blk = op.regions[0].block
    # stablehlo's body takes (accumulator, element); Nx's function takes (element, acc)
    return _reduce_window(ctx, op, x, acc, lambda a, v: ctx.lower_block(blk, [v, a]))


define("window_fold", batch=batch_rule("window"), infer=_fold_infer, kernel=_fold_kernel,
       lower=_fold_lower, num_regions=1, verify=_fold_verify, missing={"grad": _WINDOW_FOLD_GRAD},
       family="window",
       doc="Nx.window_reduce with a function: the region `(x, acc) -> acc` (scalars of the "
           "operand's type) folds each window, in row-major order, starting from the scalar "
           "`acc` operand. Padding positions stand for `acc` and, as in XLA, are skipped "
           "(the same result whenever `acc` is an identity of the function). Window "
           "attributes as nx.window_reduce.")


# --- nx.window_scatter ------------------------------------------------------------------------

def _scatter_infer(in_types, attrs):
    x, src, init = in_types
    kind = attrs.get("kind")
    fun = f"nx.window_scatter_{kind}"
    if kind not in ("max", "min"):
        raise OpError(f"nx.window_scatter: kind must be \"max\" or \"min\", got {kind!r}")
    if init.shape != ():
        raise OpError(f"{fun}: init_value must be a scalar, got shape {init.shape}")
    if not (x.dtype == src.dtype == init.dtype):
        raise OpError(f"{fun}: operands must share the result type in the IR, got "
                      f"{x.dtype.name}, {src.dtype.name} and {init.dtype.name}")
    if T.is_complex(x.dtype):
        raise OpTypeError(f"{fun}: complex tensors are not supported (got type "
                          f"{x.dtype.name})")
    w = tuple(attrs["window_dimensions"])
    s = tuple(attrs.get("strides") or _ones(x.rank))
    p = tuple(tuple(q) for q in attrs.get("padding") or ((0, 0),) * x.rank)
    if any(lo < 0 or hi < 0 for lo, hi in p):
        raise OpError(f"{fun}: padding must not be negative, got {list(p)}")
    shape = pool_shape(fun, x.shape, w, s, p, _ones(x.rank))
    if shape != src.shape:
        raise OpError(f"{fun}: source shape must match valid windows in input tensor: "
                      f"expected {shape}, got {src.shape}")
    return [x]


def window_positions(shape, window, strides, padding, dilations=None):
    """For each window (in output order) and each element of it (row-major), the flat index
    of that element in the unpadded operand, or -1 for a padding position. Shape
    `(num_windows, window_size)`."""
    rank = len(shape)
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    flat = np.arange(size, dtype=np.int64).reshape(shape)
    xp = _pad(flat, padding, -1)
    v = _windows(xp, window, strides, dilations or _ones(rank))
    w = int(np.prod(window, dtype=np.int64)) if window else 1
    return np.ascontiguousarray(v).reshape(-1, w)


def _scatter_kernel(attrs, outs, x, src, init):
    kind = attrs["kind"]
    rank = x.ndim
    w = tuple(attrs["window_dimensions"])
    s = tuple(attrs.get("strides") or _ones(rank))
    p = tuple(tuple(q) for q in attrs.get("padding") or ((0, 0),) * rank)
    pos = window_positions(x.shape, w, s, p)
    xf = x.reshape(-1)
    n = pos.shape[0]
    sel = np.full(n, -1, np.int64)
    cur = np.zeros(n, x.dtype)
    for k in range(pos.shape[1]):
        idx = pos[:, k]
        ok = idx >= 0
        v = xf[np.where(ok, idx, 0)] if xf.size else np.zeros(n, x.dtype)
        with np.errstate(invalid="ignore"):
            keep = (cur > v) if kind == "max" else (cur < v)   # the selected one wins
        take = ok & ((sel < 0) | ~keep)
        sel = np.where(take, idx, sel)
        cur = np.where(take, v, cur)
    out = np.full(x.size, init, x.dtype)
    got = sel >= 0
    np.add.at(out, sel[got], src.reshape(-1)[got])
    return out.reshape(x.shape)


def _scatter_lower(ctx, op, x, src, init):
    from jaxlib.mlir import ir
    xt = op.operands[0].type
    w = list(op.attrs["window_dimensions"])
    s = list(op.attrs.get("strides") or _ones(xt.rank))
    p = tuple(tuple(q) for q in op.attrs.get("padding") or ((0, 0),) * xt.rank)
    ss = ctx.hlo.SelectAndScatterOp(ctx.ttype(op.results[0].type), x, src, init,
                                    window_dimensions=w, window_strides=s,
                                    padding=_padding_attr(p))
    scalar = ctx.ttype(TensorType((), xt.dtype))
    sel = ss.regions[0].blocks.append(scalar, scalar)
    with ir.InsertionPoint(sel):
        a, b = sel.arguments
        ctx.hlo.ReturnOp([ctx.compare(a, b, "GT" if op.attrs["kind"] == "max" else "LT",
                                      xt.dtype)])
    sc = ss.regions[1].blocks.append(scalar, scalar)
    with ir.InsertionPoint(sc):
        a, b = sc.arguments
        ctx.hlo.ReturnOp([ctx.hlo.AddOp(a, b).result])
    return ss.result


def _scatter_grad(nx, op, inputs, ans, g):
    """d/dsource: the cotangent at each window's selected element; d/dinit: sum(g); the
    operand only chooses positions (zero gradient)."""
    x, src, init = inputs
    kind = op.attrs["kind"]
    rank = x.rank
    w = tuple(op.attrs["window_dimensions"])
    s = tuple(op.attrs.get("strides") or _ones(rank))
    p = tuple(tuple(q) for q in op.attrs.get("padding") or ((0, 0),) * rank)
    pos = window_positions(x.shape, w, s, p)
    n = x.size
    idx = np.where(pos >= 0, pos, n).astype(np.int32)        # padding -> a sentinel slot
    sentinel = identity(kind, x.type)
    xf = nx.concatenate([nx.reshape(x, (n,)), nx.tensor([sentinel], type=x.type)])
    gf = nx.concatenate([nx.reshape(g, (n,)), nx.tensor([0], type=g.type)])
    const = nx.tensor(idx)
    vals = nx.take(xf, const)                                   # (windows, window size)
    arg = nx.argmax(vals, axis=1, tie_break="high") if kind == "max" else \
        nx.argmin(vals, axis=1, tie_break="high")
    chosen = nx.take_along_axis(const, nx.new_axis(arg, 1), axis=1)
    dsrc = nx.reshape(nx.take(gf, nx.reshape(chosen, (chosen.shape[0],))), src.shape)
    return [None, dsrc, nx.sum(g)]


define("window_scatter", batch=batch_rule("window"), infer=_scatter_infer, kernel=_scatter_kernel,
       lower=_scatter_lower, grad=_scatter_grad, family="window",
       doc="Nx.window_scatter_max/min (`kind`): for each window of `window_dimensions` "
           "(stepping by `strides`, over the operand padded by `padding`), selects the last "
           "element not beaten by another (greater for max, smaller for min; padding is never "
           "selected) and adds the matching `source` entry there; every other element holds "
           "`init`. Operands share one type, the result's.")


# --- nx.conv ----------------------------------------------------------------------------------

def _perm(fun, what, p, rank):
    p = tuple(p)
    if sorted(p) != list(range(rank)):
        raise OpError(f"{fun}: {what} must be a permutation of the {rank} axes, got {list(p)}")
    return p


def conv_shape(in_shape, k_shape, attrs, fun="nx.conv"):
    """Nx.Shape.conv with explicit padding: the output shape (in output-permutation order)."""
    rank = len(in_shape)
    if rank < 3:
        raise OpError(f"{fun}: input shape in conv requires at least rank 3, shape "
                      f"{tuple(in_shape)} has rank {rank}")
    if len(k_shape) < 3:
        raise OpError(f"{fun}: kernel shape in conv requires at least rank 3, shape "
                      f"{tuple(k_shape)} has rank {len(k_shape)}")
    if len(k_shape) != rank:
        raise OpError(f"{fun}: input and kernel must have the same rank, got shapes "
                      f"{tuple(in_shape)} and {tuple(k_shape)}")
    ns = rank - 2
    ip = _perm(fun, "input_permutation", attrs["input_permutation"], rank)
    kp = _perm(fun, "kernel_permutation", attrs["kernel_permutation"], rank)
    op = _perm(fun, "output_permutation", attrs["output_permutation"], rank)
    strides, padding = tuple(attrs["strides"]), tuple(tuple(q) for q in attrs["padding"])
    idil, kdil = tuple(attrs["input_dilation"]), tuple(attrs["kernel_dilation"])
    for what, v in (("strides", strides), ("padding", padding), ("input_dilation", idil),
                    ("kernel_dilation", kdil)):
        if len(v) != ns:
            raise OpError(f"{fun}: expected {what} to have one entry per spatial dimension "
                          f"({ns}), got {list(v)}")
    if any(v < 1 for v in strides + idil + kdil):
        raise OpError(f"{fun}: strides and dilations must be positive, got strides "
                      f"{list(strides)}, input_dilation {list(idil)}, kernel_dilation "
                      f"{list(kdil)}")
    x = [in_shape[a] for a in ip]
    k = [k_shape[a] for a in kp]
    fg, bg = attrs["feature_group_size"], attrs["batch_group_size"]
    if fg < 1 or bg < 1:
        raise OpError(f"{fun}: feature_group_size and batch_group_size must be positive, got "
                      f"{fg} and {bg}")
    if bg != 1 and fg != 1:
        raise OpError(f"{fun}: either batch groups or feature groups must be 1, got "
                      f"batch_groups = {bg} and feature_groups = {fg}")
    if x[0] % bg:
        raise OpError(f"{fun}: batch groups must evenly divide input batch size, got "
                      f"rem({x[0]}, {bg}) != 0")
    if k[0] % fg:
        raise OpError(f"{fun}: size of kernel output channels must be evenly divisible by "
                      f"feature groups, got rem({k[0]}, {fg}) != 0 for kernel with shape "
                      f"{tuple(k_shape)}")
    if k[0] % bg:
        raise OpError(f"{fun}: size of kernel output channels must be evenly divisible by "
                      f"batch groups, got rem({k[0]}, {bg}) != 0 for kernel with shape "
                      f"{tuple(k_shape)}")
    if x[1] != k[1] * fg:
        raise OpError(f"{fun}: size of input channels divided by feature groups must match "
                      f"size of kernel channels, got {x[1]} / {fg} != {k[1]} for shapes "
                      f"{tuple(in_shape)} and {tuple(k_shape)}")
    spatial = []
    for d, kd, s, (lo, hi), di, dk in zip(x[2:], k[2:], strides, padding, idil, kdil):
        dd = (d - 1) * di + 1 + lo + hi
        kk = (kd - 1) * dk + 1
        n = (dd - kk) // s + 1
        if n <= 0:
            raise OpError(f"{fun}: conv would result in empty tensor which is not currently "
                          f"supported in Nx (input shape {tuple(in_shape)}, kernel shape "
                          f"{tuple(k_shape)}, padding {list(padding)})")
        spatial.append(n)
    canonical = [x[0] // bg, k[0]] + spatial
    out = [0] * rank
    for j, a in enumerate(op):
        out[a] = canonical[j]
    return tuple(out)


def _conv_infer(in_types, attrs):
    x, k = in_types
    if x.dtype != k.dtype:
        raise OpError(f"nx.conv: input and kernel must share the result type in the IR, got "
                      f"{x.dtype.name} and {k.dtype.name}")
    if not (T.is_float(x.dtype) or T.is_complex(x.dtype)):
        raise OpTypeError(f"nx.conv: operands must be floating point in the IR, got "
                          f"{x.dtype.name}")
    return [TensorType(conv_shape(x.shape, k.shape, attrs), x.dtype)]


def _dilate(a, dil, start):
    """Interior zero padding of `dil - 1` on the axes from `start`."""
    if all(d == 1 for d in dil):
        return a
    shape = list(a.shape)
    for i, d in enumerate(dil):
        n = shape[start + i]
        shape[start + i] = (n - 1) * d + 1 if n else 0
    out = np.zeros(shape, a.dtype)
    out[(slice(None),) * start + tuple(slice(None, None, d) for d in dil)] = a
    return out


def _conv_kernel(attrs, outs, x, k):
    ot = outs[0]
    rank = x.ndim
    ns = rank - 2
    wide = np.complex128 if T.is_complex(ot.dtype) else np.float64
    xc = np.transpose(x, attrs["input_permutation"]).astype(wide)
    kc = np.transpose(k, attrs["kernel_permutation"]).astype(wide)
    xc = _dilate(xc, attrs["input_dilation"], 2)
    kc = _dilate(kc, attrs["kernel_dilation"], 2)
    xc = _pad(xc, ((0, 0), (0, 0)) + tuple(tuple(q) for q in attrs["padding"]), 0)
    fg, bg = attrs["feature_group_size"], attrs["batch_group_size"]
    strides = tuple(attrs["strides"])
    n, c = xc.shape[:2]
    o = kc.shape[0]
    letters = "abcdefghijklmnopqrstuvwxyz"
    sp = letters[:ns]
    wl = letters[ns:2 * ns]
    spec = f"NC{sp}{wl},OC{wl}->NO{sp}".replace("N", "y").replace("C", "z").replace("O", "x")

    def corr(xg, kg):
        v = np.lib.stride_tricks.sliding_window_view(xg, kg.shape[2:], axis=tuple(
            range(2, 2 + ns)))
        v = v[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in strides)]
        return np.einsum(spec, v, kg)

    if fg > 1:
        ci, og = c // fg, o // fg
        res = np.concatenate([corr(xc[:, g * ci:(g + 1) * ci], kc[g * og:(g + 1) * og])
                              for g in range(fg)], axis=1)
    elif bg > 1:
        nb, og = n // bg, o // bg
        res = np.concatenate([corr(xc[g * nb:(g + 1) * nb], kc[g * og:(g + 1) * og])
                              for g in range(bg)], axis=1)
    else:
        res = corr(xc, kc)
    inv = np.argsort(attrs["output_permutation"])
    # canonical axis j goes to output axis output_permutation[j]
    res = np.transpose(res, inv)
    return np.ascontiguousarray(res).astype(ot.dtype.dtype)


def _conv_lower(ctx, op, x, k):
    ip, kp, opm = (list(op.attrs[a]) for a in ("input_permutation", "kernel_permutation",
                                                "output_permutation"))
    dn = ctx.hlo.ConvDimensionNumbers.get(
        input_batch_dimension=ip[0], input_feature_dimension=ip[1],
        input_spatial_dimensions=ip[2:], kernel_input_feature_dimension=kp[1],
        kernel_output_feature_dimension=kp[0], kernel_spatial_dimensions=kp[2:],
        output_batch_dimension=opm[0], output_feature_dimension=opm[1],
        output_spatial_dimensions=opm[2:])
    return ctx.hlo.ConvolutionOp(
        ctx.ttype(op.results[0].type), x, k, dn, op.attrs["feature_group_size"],
        op.attrs["batch_group_size"], window_strides=list(op.attrs["strides"]),
        padding=_padding_attr(op.attrs["padding"]),
        lhs_dilation=list(op.attrs["input_dilation"]),
        rhs_dilation=list(op.attrs["kernel_dilation"])).result


def _reshape_axis_out_of(nx, src, size1, x):
    shape = list(x.shape)
    shape[src:src + 1] = [size1, shape[src] // size1]
    return nx.reshape(x, tuple(shape))


def _reshape_axis_into(nx, src, dst, x):
    rank = x.rank
    perm = [i for i in range(rank) if i != src]
    perm.insert(dst, src)
    new_shape = [d for i, d in enumerate(x.shape) if i != src]
    new_shape[dst] = new_shape[dst] * x.shape[src]
    return nx.reshape(nx.transpose(x, perm), tuple(new_shape))


def _conv_grad(nx, op, inputs, ans, g):
    """Nx's grad_conv (the transposed convolutions of the input and of the kernel), for every
    option: strides, padding, dilations, feature and batch groups, permutations."""
    x, y = inputs
    a = op.attrs
    ip, kp, opm = (list(a[n]) for n in ("input_permutation", "kernel_permutation",
                                         "output_permutation"))
    strides, padding = list(a["strides"]), [tuple(q) for q in a["padding"]]
    ldil, rdil = list(a["input_dilation"]), list(a["kernel_dilation"])
    fg, bg = a["feature_group_size"], a["batch_group_size"]
    lhs0, lhs1, lsd = ip[0], ip[1], ip[2:]
    rhs0, rhs1, rsd = kp[0], kp[1], kp[2:]
    osd = opm[2:]

    def t(p):
        return [p[1], p[0]] + p[2:]

    lsh = [x.shape[i] for i in lsd]
    rsh = [y.shape[i] for i in rsd]
    osh = [g.shape[i] for i in osd]
    rhs = y
    if fg > 1:
        rhs = _reshape_axis_into(nx, rhs0, rhs1, _reshape_axis_out_of(nx, rhs0, fg, y))
    elif bg > 1:
        rhs = _reshape_axis_into(nx, rhs0, rhs1, _reshape_axis_out_of(nx, rhs0, bg, y))

    def dil(ds, ks):
        return [(n - 1) * k + 1 for n, k in zip(ds, ks)]
    ld, rd, od = dil(lsh, ldil), dil(rsh, rdil), dil(osh, strides)
    before = [r - lo - 1 for r, (lo, _) in zip(rd, padding)]
    lpad = [(b, l + r - 1 - o - b) for l, r, o, b in zip(ld, rd, od, before)]
    rpad = [(lo, (o + r - l - 1) - lo) for (lo, _), o, r, l in zip(padding, od, rd, ld)]
    lfg = bg if bg > 1 else fg
    rfg, rbg = (bg, 1) if bg > 1 else ((1, fg) if fg > 1 else (1, 1))
    revd = nx.reverse(rhs, axes=rsd)
    gx = nx.conv(g, revd, strides=ldil, padding=lpad, input_dilation=strides,
                 kernel_dilation=rdil, input_permutation=opm, kernel_permutation=t(kp),
                 output_permutation=ip, feature_group_size=lfg, batch_group_size=1)
    if bg > 1:
        gx = _reshape_axis_into(nx, lhs1, lhs0, _reshape_axis_out_of(nx, lhs1, bg, gx))
    gy = nx.conv(x, g, strides=rdil, padding=rpad, input_dilation=ldil, kernel_dilation=strides,
                 input_permutation=t(ip), kernel_permutation=t(opm), output_permutation=t(kp),
                 feature_group_size=rfg, batch_group_size=rbg)
    return [gx, gy]


def _conv_batch(nx, op, inputs, vec):
    """conv on vectorized values, as one conv of plain tensors (B = the product of the
    vectorized sizes; operands first in canonical (batch, feature, spatial...) order):
    - plain kernel, no batch groups: the entries fold into the batch axis, (B * N, C, ...);
    - vectorized kernel, no batch groups: the entries fold into feature groups: input
      (N, B * C, ...), kernel (B * O, I, ...), feature_group_size B * g;
    - batch groups: the entries fold into batch groups: input (B * N, C, ...), kernel
      (B * O, I, ...), batch_group_size B * bg (XLA forbids feature and batch groups together).
    The output unfolds to (B..., N, O, ...) and takes the output permutation."""
    w = inputs[1]
    k = vec.k
    a = op.attrs
    ip, kp, opm = (tuple(a[n]) for n in ("input_permutation", "kernel_permutation",
                                         "output_permutation"))
    rank = len(ip)
    ident = tuple(range(rank))
    lead = tuple(range(k))
    n_ent = 1
    for s in vec.sizes:
        n_ent *= s
    fg, bg = a["feature_group_size"], a["batch_group_size"]

    def canonical(i, perm):   # operand i as (B, axes in canonical order...)
        t = vec.full(inputs[i] if vec.batched[i] else vec.lift(inputs[i]))
        t = nx.apply_op("transpose", [t], {"axes": lead + tuple(k + p for p in perm)})
        return nx.apply_op("reshape", [t], {"shape": (n_ent,) + t.shape[k:]})

    def merge(t, i):           # merges axes i and i + 1
        return nx.apply_op("reshape", [t], {"shape": t.shape[:i] + (t.shape[i] * t.shape[i + 1],)
                                       + t.shape[i + 2:]})

    attrs = {**a, "input_permutation": ident, "kernel_permutation": ident,
             "output_permutation": ident}
    if not vec.batched[1] and bg == 1:
        out = nx.apply_op("conv", [merge(canonical(0, ip), 0), w],
                     {**attrs, "kernel_permutation": kp})
        out = nx.apply_op("reshape", [out], {"shape": (n_ent, out.shape[0] // n_ent)
                                        + out.shape[1:]})
    elif bg == 1:
        xc = canonical(0, ip)                                   # (B, N, C, S...)
        xc = nx.apply_op("transpose", [xc], {"axes": (1, 0) + tuple(range(2, rank + 1))})
        out = nx.apply_op("conv", [merge(xc, 1), merge(canonical(1, kp), 0)],
                     {**attrs, "feature_group_size": n_ent * fg})  # (N, B * O, S'...)
        out = nx.apply_op("reshape", [out], {"shape": (out.shape[0], n_ent, out.shape[1] // n_ent)
                                        + out.shape[2:]})
        out = nx.apply_op("transpose", [out], {"axes": (1, 0) + tuple(range(2, rank + 1))})
    else:
        out = nx.apply_op("conv", [merge(canonical(0, ip), 0), merge(canonical(1, kp), 0)],
                     {**attrs, "batch_group_size": n_ent * bg})    # (N / bg, B * O, S'...)
        out = nx.apply_op("reshape", [out], {"shape": (out.shape[0], n_ent, out.shape[1] // n_ent)
                                        + out.shape[2:]})
        out = nx.apply_op("transpose", [out], {"axes": (1, 0) + tuple(range(2, rank + 1))})
    out = nx.apply_op("reshape", [out], {"shape": vec.sizes + out.shape[1:]})
    inv = [opm.index(i) for i in range(rank)]
    return nx.apply_op("transpose", [out], {"axes": lead + tuple(k + j for j in inv)})


define("conv", batch=_conv_batch, infer=_conv_infer, kernel=_conv_kernel, lower=_conv_lower,
       grad=_conv_grad, family="window",
       doc="Nx.conv: `input_permutation` lists the input's [batch, feature, spatial...] axes, "
           "`kernel_permutation` the kernel's [output feature, input feature, spatial...], "
           "`output_permutation` where the result's [batch, feature, spatial...] go; "
           "`strides`, `padding` (one (low, high) per spatial axis, negative crops), "
           "`input_dilation`, `kernel_dilation`, `feature_group_size`, `batch_group_size` as "
           "stablehlo.convolution (no kernel reversal, no conjugation).")
