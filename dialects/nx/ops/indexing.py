"""Indexing ops: gather and scatter (the ops behind nx.take, nx.take_along_axis, nx.gather,
nx.indexed_add and nx.indexed_put).

Out-of-bounds indices follow XLA (and so EXLA), which Nx leaves to the backend: a gather clamps
each index into its axis (`-1` reads element 0, `n` reads element `n - 1`); a scatter skips an
update whose index is out of bounds. The NumPy kernels do the same so that every mode agrees.
"""
from __future__ import annotations

import numpy as np

from nx.compiler.ir import TensorType

from ..registry import OpError, define


def _is_int(t):
    return t.dtype[0] in ("s", "u")


def _check_axes(fun, x, axes, k):
    rank = len(x.shape)
    axes = tuple(axes)
    if len(axes) != k or k < 1:
        raise OpError(f"{fun}: expected axes to list one axis per entry of the last indices "
                      f"dimension ({k}), got {list(axes)}")
    if any(not 0 <= a < rank for a in axes) or any(a >= b for a, b in zip(axes, axes[1:])):
        raise OpError(f"{fun}: axes {list(axes)} must be increasing axes of a tensor of shape "
                      f"{x.shape}")
    return axes


# gather -------------------------------------------------------------------------------------
def _gather_infer(in_types, attrs):
    x, idx = in_types
    if not _is_int(idx):
        raise OpError(f"nx.gather: indices must be an integer tensor, got {idx.dtype}")
    if len(idx.shape) < 1:
        raise OpError("nx.gather: expected indices rank to be at least 1, got: 0")
    axes = _check_axes("nx.gather", x, attrs["axes"], idx.shape[-1])
    inner = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return [TensorType(tuple(idx.shape[:-1]) + inner, x.dtype)]


def _gather_kernel(attrs, outs, x, idx):
    axes = list(attrs["axes"])
    k = len(axes)
    xt = np.moveaxis(x, axes, list(range(k)))
    idx = idx.astype(np.int64)
    cols = tuple(np.clip(idx[..., j], 0, max(x.shape[a] - 1, 0)) for j, a in enumerate(axes))
    return np.ascontiguousarray(xt[cols]).reshape(outs[0].shape)


def _gather_lower(ctx, op, x, idx):
    xt, it = op.operands[0].type, op.operands[1].type
    axes = list(op.attrs["axes"])
    batch = len(it.shape) - 1
    inner = len(xt.shape) - len(axes)
    dn = ctx.hlo.GatherDimensionNumbers.get(
        offset_dims=list(range(batch, batch + inner)), collapsed_slice_dims=axes,
        operand_batching_dims=[], start_indices_batching_dims=[], start_index_map=axes,
        index_vector_dim=batch)
    sizes = [1 if i in axes else d for i, d in enumerate(xt.shape)]
    return ctx.hlo.GatherOp(x, idx, dn, sizes, indices_are_sorted=False,
                            results=[ctx.ttype(op.results[0].type)]).result


def _clamped_rows(nx, x_shape, idx, axes):
    """`idx` as rank-2 rows (n, k), each index clamped into its axis (what gather reads)."""
    k = len(axes)
    n = 1
    for d in idx.shape[:-1]:
        n *= d
    rows = nx.reshape(idx, (n, k))
    hi = nx.tensor(np.array([max(x_shape[a] - 1, 0) for a in axes]), type=rows.type)
    return nx.min(nx.max(rows, 0), hi)


def _gather_grad(nx, op, inputs, ans, g):
    """Scatter-adds the cotangent into zeros at the (clamped) gathered positions."""
    x, idx = inputs
    axes = tuple(op.attrs["axes"])
    rows = _clamped_rows(nx, x.shape, idx, axes)
    inner = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    upd = nx.reshape(g, (rows.shape[0],) + inner)
    zeros = nx.broadcast(nx.tensor(0.0, type=g.type), x.shape)
    return [nx.apply_op("scatter", [zeros, rows, upd], {"axes": axes, "mode": "add"}),
            None]


def index_iota(nx, shape, k, type_):
    """(shape..., k) indices of the first k axes of `shape` (for batched gathers/scatters)."""
    cols = [nx.apply_op("iota", [], {"shape": tuple(shape) + (1,), "type": type_, "axis": j})
            for j in range(k)]
    return cols


def batched_indices(nx, vec, idx):
    """Full batched indices (V..., B..., m) with the vectorized positions prepended:
    (V..., B..., k + m)."""
    cols = index_iota(nx, idx.shape[:-1], vec.k, idx.type)
    return nx.apply_op("concatenate", cols + [idx], {"axis": idx.rank - 1})


def scatter_rows(nx, x, idx, upd, axes, mode):
    """scatter with (V..., n, k + m) indices and (V..., n, rest...) updates, flattened into the
    op's (rows, k + m) and (rows, rest...) form."""
    rows = 1
    for d in idx.shape[:-1]:
        rows *= d
    idx = nx.apply_op("reshape", [idx], {"shape": (rows, idx.shape[-1])})
    rest = upd.shape[len(upd.shape) - (x.rank - len(axes)):] if x.rank > len(axes) else ()
    upd = nx.apply_op("reshape", [upd], {"shape": (rows,) + tuple(rest)})
    return nx.apply_op("scatter", [x, idx, upd], {"axes": tuple(axes), "mode": mode})


def window_indices(nx, vec, starts, batched, inner, lengths):
    """The full indices (vectorized positions, then the clamped per-entry start plus the offset
    in the window) of every element of a `lengths` window of an operand of inner shape
    `inner`: the gather/scatter form of dynamic_slice/put_slice with per-entry starts."""
    k = vec.k
    cols = []
    for j, (s, b, d, n) in enumerate(zip(starts, batched, inner, lengths)):
        s = vec.full(s if b else vec.lift(s))
        s = nx.apply_op("min", [s, nx.tensor(d - n, type=s.type)], {})
        s = nx.apply_op("max", [s, nx.tensor(0, type=s.type)], {})
        s = nx.apply_op("reshape", [s], {"shape": s.shape + (1,) * len(lengths)})
        io = nx.apply_op("iota", [], {"shape": vec.sizes + lengths, "type": s.type, "axis": k + j})
        cols.append(nx.apply_op("reshape", [nx.apply_op("add", [s, io], {})],
                           {"shape": vec.sizes + lengths + (1,)}))
    return nx.apply_op("concatenate", index_iota(nx, vec.sizes + lengths, k, cols[0].type) + cols,
                  {"axis": k + len(lengths)})


def _gather_batch(nx, op, inputs, vec):
    x, idx = inputs
    k = vec.k
    axes = tuple(op.attrs["axes"])
    if vec.batched[0] and not vec.batched[1]:
        # one gather over the shifted axes; the vectorized axes come out after the batch axes
        out = nx.apply_op("gather", [x, idx], {**op.attrs, "axes": tuple(a + k for a in axes)})
        nb = idx.rank - 1
        perm = tuple(range(nb, nb + k)) + tuple(range(nb)) + tuple(range(nb + k, out.rank))
        return nx.apply_op("transpose", [out], {"axes": perm}) if nb else out
    if not vec.batched[0]:
        return nx.apply_op("gather", [x, idx], dict(op.attrs))
    x, idx = vec.full(x), vec.full(idx)
    return nx.apply_op("gather", [x, batched_indices(nx, vec, idx)],
                  {**op.attrs, "axes": tuple(range(k)) + tuple(a + k for a in axes)})


define("gather", batch=_gather_batch, infer=_gather_infer, kernel=_gather_kernel,
       lower=_gather_lower, grad=_gather_grad, family="indexing",
       doc="Nx.gather: `indices[..., k]` indexes the increasing `axes` of the operand (one per "
           "entry of the last indices dimension); the result is the indices' leading shape "
           "followed by the operand's other axes. Indices are clamped into bounds (as XLA does).")


# scatter ------------------------------------------------------------------------------------
def _scatter_infer(in_types, attrs):
    x, idx, upd = in_types
    fun = "nx.scatter"
    if attrs.get("mode") not in ("add", "put"):
        raise OpError(f"{fun}: mode must be \"add\" or \"put\", got {attrs.get('mode')!r}")
    if not _is_int(idx):
        raise OpError(f"{fun}: indices must be an integer tensor, got {idx.dtype}")
    if len(idx.shape) != 2:
        raise OpError(f"{fun}: indices must be a rank 2 tensor, got shape {idx.shape}")
    if upd.dtype != x.dtype:
        raise OpError(f"{fun}: updates must have the target's type in the IR, got {upd.dtype} "
                      f"and {x.dtype}")
    n, k = idx.shape
    axes = _check_axes(fun, x, attrs["axes"], k)
    rest = [d for i, d in enumerate(x.shape) if i not in axes]
    if len(upd.shape) != 1 + len(rest) or upd.shape[0] != n or \
            any(u > d for u, d in zip(upd.shape[1:], rest)):
        raise OpError(f"{fun}: updates of shape {upd.shape} do not fit {n} indices into axes "
                      f"{list(axes)} of shape {x.shape}")
    return [x]


def _scatter_kernel(attrs, outs, x, idx, upd):
    axes = list(attrs["axes"])
    k = len(axes)
    out = np.moveaxis(x.copy(), axes, list(range(k)))   # a view of the copy
    idx = idx.astype(np.int64)
    dims = np.array([x.shape[a] for a in axes], dtype=np.int64)
    ok = np.all((idx >= 0) & (idx < dims), axis=1)   # XLA skips out-of-bounds updates
    idx, upd = idx[ok], upd[ok]
    where = tuple(idx[:, j] for j in range(k)) + tuple(slice(0, w) for w in upd.shape[1:])
    if attrs["mode"] == "add":
        np.add.at(out, where, upd)
    else:
        out[where] = upd
    return np.moveaxis(out, list(range(k)), axes).copy()


def _scatter_lower(ctx, op, x, idx, upd):
    from jaxlib.mlir import ir
    xt, ut = op.operands[0].type, op.operands[2].type
    axes = list(op.attrs["axes"])
    dn = ctx.hlo.ScatterDimensionNumbers.get(
        update_window_dims=list(range(1, len(ut.shape))), inserted_window_dims=axes,
        input_batching_dims=[], scatter_indices_batching_dims=[],
        scattered_dims_to_operand_dims=axes, index_vector_dim=1)
    sc = ctx.hlo.ScatterOp([ctx.ttype(xt)], [x], idx, [upd], dn, indices_are_sorted=False,
                           unique_indices=False)
    scalar = ctx.ttype(TensorType((), xt.dtype))
    block = sc.regions[0].blocks.append(scalar, scalar)
    with ir.InsertionPoint(block):
        a, b = block.arguments
        if op.attrs["mode"] == "add":
            r = ctx.hlo.AddOp(a, b).result
        else:
            r = b
        ctx.hlo.ReturnOp([r])
    return sc.results[0]


def _scatter_grad(nx, op, inputs, ans, g):
    """add: the target gets `g`, each update the cotangent at its window; put: the replaced
    windows of the target get zero. Updates skipped for being out of bounds get zero."""
    x, idx, upd = inputs
    axes = tuple(op.attrs["axes"])
    n, k = idx.shape
    dims = nx.tensor(np.array([x.shape[a] for a in axes]), type=idx.type)
    ok = nx.as_type(nx.logical_and(nx.greater_equal(idx, 0), nx.less(idx, dims)), "s32")
    inb = nx.as_type(nx.equal(nx.sum(ok, axes=[1]), k), g.type)   # rows XLA does not skip
    rows = nx.min(nx.max(idx, 0), dims - 1)
    gathered = nx.apply_op("gather", [g, rows], {"axes": axes})
    window = tuple(upd.shape[1:])
    full = tuple(gathered.shape[1:])
    if window != full:
        gathered = nx.slice(gathered, [0] * len(gathered.shape), (n,) + window)
    d_upd = gathered * nx.reshape(inb, (n,) + (1,) * len(window))
    if op.attrs["mode"] == "add":
        d_x = g
    else:
        zeros = nx.broadcast(nx.tensor(0.0, type=g.type), upd.shape)
        d_x = nx.apply_op("scatter", [g, idx, zeros], {"axes": axes, "mode": "put"})
    return [d_x, None, d_upd]


def _scatter_batch(nx, op, inputs, vec):
    x, idx, upd = vec.all_full(inputs)
    k = vec.k
    axes = tuple(range(k)) + tuple(a + k for a in op.attrs["axes"])
    return scatter_rows(nx, x, batched_indices(nx, vec, idx), upd, axes, op.attrs["mode"])


define("scatter", batch=_scatter_batch, infer=_scatter_infer, kernel=_scatter_kernel,
       lower=_scatter_lower, grad=_scatter_grad, family="indexing",
       doc="Nx.indexed_add / Nx.indexed_put (`mode` \"add\" or \"put\"): row i of the rank-2 "
           "`indices` (one entry per increasing axis in `axes`) places the window `updates[i]` "
           "(the other axes, starting at 0) into the target, adding or replacing. Indices out of "
           "bounds skip their update (as XLA does); repeated indices with \"put\" keep one of "
           "the updates.")
