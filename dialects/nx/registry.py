"""The op registry: one `OpDef` per nx op, the single source of its five facets.

1. `infer(in_types, attrs) -> [result types]`: shape/type rule; raises on bad input (the verifier
   and the API both call it, so errors read the same everywhere);
2. `kernel(attrs, out_types, *arrays) -> array | [arrays]`: the NumPy reference kernel (evaluator
   and the `numpy` backend);
3. `lower(ctx, op, *operands) -> mlir value | [values]`: the StableHLO lowering;
4. `grad`: the gradient rule (grad-expansion pass);
5. `batch`: the batching rule (vectorize pass), see "Batching rules" below.

A facet that does not apply, or is not written yet, must be given a reason in `missing`;
`tests/py/test_registry.py` fails on any op that lacks a facet without one.

Vectorized types. An operand may be a `VecType` (`!nx.vec<[rows: 3], tensor<3xf32>>`): the op
applies to each entry. `define` wraps `infer` so that shape rules only ever see inner types: the
result is the inner result, vectorized over the union of the operands' vectorized axes (in
order of first appearance; axes of the same name must have equal sizes or one of size 1, as
Nx's broadcast of vectors). Ops in `VEC_NATIVE` (control flow, whose results follow their
operands one by one) take vectorized types as they are.

Batching rules. `batch(nx, op, inputs, vec) -> result | [results]` is called by the vectorize
pass for an op that has a vectorized operand or result, while a trace builder is active (so it is
written with the nx Tensor API, like gradient rules). `vec.axes` are the op's result vectorized
axes (`vec.k` of them, sizes `vec.sizes`); `inputs[i]` is a plain traced Tensor: when operand i
is vectorized (`vec.batched[i]`) it has `vec.k` leading axes, in `vec.axes` order, each of the
full size or of size 1 (the operand lacks that axis or has size 1 there); otherwise it is the
operand itself (the inner shape). Each result must have `vec.k` leading axes of the full size or
1 (the pass broadcasts them) followed by the op's inner result shape. Helpers: `vec.full(x)`
broadcasts a batched input's leading axes to their full sizes, `vec.lift(x)` gives an unbatched
input `k` leading axes of size 1, `vec.all_full(inputs)` both, `vec.block(...)` rewrites a
region. `vec.same_op(op, inputs, attrs)` applies the op again to plain inputs. A rule
specific to one op is a function beside its `define(...)` (`raw_batch` marks one that takes
the operands unaligned, as control flow does); a rule shared by several ops is named:
`batch_rule(name, **params)` is data naming one of the rule families of the vectorize pass
(nx/passes/vectorize.py, `RULES`), so op modules import nothing of the pass.
"""
from __future__ import annotations

__all__ = ["OpDef", "OPS", "define", "get", "FACETS", "OpError", "OpTypeError", "NoGradientError",
           "batch_rule", "BatchRule", "raw_batch", "union_axes", "VEC_NATIVE", "VectorizeError",
           "inner_of", "full_type", "type_axes", "region_grad"]

from nx.compiler.ir import VecType

FACETS = ("infer", "kernel", "lower", "grad", "batch")


class OpError(ValueError):
    """Bad operands or attributes for an op (a ValueError so callers can catch it as such)."""


class OpTypeError(OpError, TypeError):
    """Operands of a type the op does not accept (e.g. bitwise ops on floats)."""


class NoGradientError(TypeError):
    """Differentiating through an op that has no gradient rule (the message names the op and
    why)."""


class OpDef:
    __slots__ = ("name", "infer", "kernel", "lower", "grad", "batch", "missing", "doc",
                 "num_regions", "pure", "family", "verify", "canonicalize")

    def __init__(self, name, infer, kernel, lower, grad, batch, missing, doc, num_regions,
                 pure, family, verify=None, canonicalize=()):
        self.name = name
        self.infer = infer
        self.kernel = kernel
        self.lower = lower
        self.grad = grad
        self.batch = batch
        self.missing = dict(missing or {})
        self.doc = doc
        self.num_regions = num_regions
        self.pure = pure
        self.family = family
        self.verify = verify
        self.canonicalize = canonicalize

    @property
    def full_name(self):
        return "nx." + self.name

    def __repr__(self):
        return f"<OpDef nx.{self.name}>"


OPS: dict[str, OpDef] = {}

# Reason recorded for the two facets that later passes fill, until they do.
PENDING_GRAD = ("gradient rules arrive with the grad-expansion pass "
                "(issue: automatic differentiation)")
PENDING_BATCH = "batching rules arrive with the vectorize pass (issue: vectorization)"


def define(name, *, infer, kernel=None, lower=None, grad=None, batch=None, missing=None,
           doc="", num_regions=0, pure=True, family=None, verify=None, canonicalize=()):
    """Registers op `nx.<name>`. Returns the OpDef.

    `verify(op)` (optional) checks what the shape rule cannot see, such as region
    signatures and what regions yield; it raises OpError. `canonicalize` lists the op's
    simplification patterns for the canonicalize pass: functions `(op, rewriter) -> bool`
    rooted at this op (or RewritePatterns), each exact for every value of its operands (see
    the pass's docstring)."""
    if name in OPS:
        raise ValueError(f"op nx.{name} is defined twice")
    missing = dict(missing or {})
    if grad is None:
        missing.setdefault("grad", PENDING_GRAD)
    if batch is None:
        missing.setdefault("batch", PENDING_BATCH)
    if name not in VEC_NATIVE:
        infer = _vec_infer(name, infer)
    d = OpDef(name, infer, kernel, lower, grad, batch, missing, doc, num_regions, pure, family,
              verify, tuple(_pattern(p, "nx." + name) for p in canonicalize))
    OPS[name] = d
    return d


def _pattern(p, op_name):
    from nx.compiler.rewriter import RewritePattern, pattern
    if isinstance(p, RewritePattern) or (isinstance(p, type) and issubclass(p, RewritePattern)):
        p = pattern(p)
        if p.op_name is None:
            p.op_name = op_name
        return p
    return pattern(p, op_name)


def get(name) -> OpDef:
    short = name[3:] if name.startswith("nx.") else name
    d = OPS.get(short)
    if d is None:
        raise KeyError(f"unknown op {name!r}: not in the nx dialect registry")
    return d


# --- vectorized types --------------------------------------------------------------------------

# Ops whose shape rule takes vectorized types as they are: their results follow their operands
# (or a `result_types` attribute) one by one.
VEC_NATIVE = frozenset({"while", "cond", "yield", "grad", "custom_grad", "hook", "revectorize"})


def union_axes(axes_lists, what="nx"):
    """The vectorized axes of a result: every axis of `axes_lists` in order of first appearance;
    an axis named twice must have equal sizes or one of size 1 (the result has the larger)."""
    out = []
    for axes in axes_lists:
        for name, n in axes:
            for i, (m, s) in enumerate(out):
                if m == name:
                    if s != n:
                        if s != 1 and n != 1:
                            raise OpError(
                                f"{what}: expected vectorized axis {name!r} to have the same "
                                f"size in both tensors or one of them to have size 1, got "
                                f"{s} and {n}")
                        out[i] = (name, max(s, n))
                    break
            else:
                out.append((name, n))
    return tuple(out)


def _vec_infer(name, infer):
    def vec_infer(in_types, attrs):
        for t in in_types:
            if type(t) is VecType:
                break
        else:
            return infer(in_types, attrs)
        axes = union_axes([t.axes for t in in_types if type(t) is VecType], "nx." + name)
        outs = infer([t.inner if type(t) is VecType else t for t in in_types], attrs)
        return [VecType(axes, o) for o in outs] if axes else outs
    vec_infer.inner = infer
    return vec_infer


class BatchRule:
    """A batch facet that names one of the vectorize pass's shared rule families (`name`,
    applied with `params`): data, which the pass resolves (nx/passes/vectorize.py, `RULES`).
    An op-specific rule is a plain function beside its op instead."""

    __slots__ = ("name", "params")

    def __init__(self, name, params):
        self.name, self.params = name, params

    def __repr__(self):
        return f"batch_rule({self.name!r})"


def batch_rule(name, **params):
    """The batch facet that applies the vectorize pass's shared rule family `name` (see the
    module docstring)."""
    return BatchRule(name, params)


class VectorizeError(OpError):
    """A vectorized value reached an op that has no batching rule, or operands its rule
    cannot batch (a vectorized pad value...)."""


def inner_of(v):
    """The inner (per-entry) type of IR value `v`: its type unless vectorized."""
    t = v.type
    return t.inner if type(t) is VecType else t


def full_type(t):
    """Type `t` with its vectorized axes as leading axes (the type the vectorize pass gives
    its values); a plain type as it is."""
    return t.full if type(t) is VecType else t


def type_axes(t):
    """The vectorized axes (`(name, size)` pairs) of type `t`; () for a plain type."""
    return t.axes if type(t) is VecType else ()


def region_grad(fn=None, *, forward=None):
    """Marks the gradient rule of an op with regions (while, cond, custom_grad). Such a rule
    is `vjp(nx, op, gs, ad) -> [(value, cotangent)]`: `gs` are the results' cotangents (None
    for zero), `ad` the grad-expansion pass's context (`ad.tensor(v)`, `ad.run_block(blk,
    args)`, `ad.vjp(ops, outputs, cotangents, wrt, env)`, `ad.captured(op)`, `ad.zeros(v)`,
    `ad.env`, `ad.aux`: see nx/passes/grad_expansion.py, `AD`), and the pairs name operands
    or values the regions capture. `forward(nx, op, ad)` (optional) replaces the op's forward
    clone (`ad.bind(result, tensor)` for each result) when the op is differentiated, to keep
    what the reverse pass needs in `ad.aux[op]`."""
    def mark(f):
        f.region = True
        f.forward = forward
        return f
    return mark if fn is None else mark(fn)


def raw_batch(fn):
    """Marks an op-specific batching rule as raw: it gets the operands' full values unaligned
    (`vec.operand_axes` says which vectorized axes each has), as control flow needs."""
    fn.raw = True
    return fn


# --- the vectorization op ----------------------------------------------------------------------

def _full_shape(t):
    return t.full_shape if type(t) is VecType else t.shape


def _revectorize_infer(in_types, attrs):
    (x,) = in_types
    to = attrs["to"]
    n = m = 1
    for d in _full_shape(x):
        n *= d
    for d in _full_shape(to):
        m *= d
    if n != m or x.dtype != to.dtype:
        raise OpError(f"nx.revectorize: cannot view {x} ({n} elements) as {to} ({m} elements)")
    return [to]


def _revectorize_grad(nx, op, inputs, ans, g):
    return [nx.apply_op("revectorize", [g], {"to": op.operands[0].type})]


def _revectorize_lower(ctx, op, x):
    return ctx.hlo.ReshapeOp(ctx.ttype(op.results[0].type), x).result


@raw_batch
def _revectorize_batch(nx, op, inputs, vec):
    """A view of the full layout: a reshape, or nothing when the layout is unchanged."""
    shape = full_type(op.results[0].type).shape
    x = inputs[0]
    return x if x.shape == shape else nx.apply_op("reshape", [x], {"shape": shape})


define("revectorize", infer=_revectorize_infer,
       kernel=lambda attrs, outs, x: x.reshape(_full_shape(attrs["to"])),
       lower=_revectorize_lower, grad=_revectorize_grad, batch=_revectorize_batch,
       family="shape",
       doc="Views the operand's elements (vectorized axes first, then the inner shape, in "
           "row-major order) as type `to`: a plain or vectorized type of as many elements. "
           "nx.vectorize, nx.devectorize and nx.revectorize record it; the vectorize pass makes "
           "it a reshape.")
