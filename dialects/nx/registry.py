"""The op registry: one `OpDef` per nx op, the single source of its five facets.

1. `infer(in_types, attrs) -> [result types]`: shape/type rule; raises on bad input (the verifier
   and the API both call it, so errors read the same everywhere);
2. `kernel(attrs, out_types, *arrays) -> array | [arrays]`: the NumPy reference kernel (evaluator
   and the `numpy` backend);
3. `lower(ctx, op, *operands) -> mlir value | [values]`: the StableHLO lowering;
4. `grad`: the gradient rule (grad-expansion pass);
5. `batch`: the batching rule (vectorize pass).

A facet that does not apply, or is not written yet, must be given a reason in `missing`;
`tests/py/test_registry.py` fails on any op that lacks a facet without one.
"""
from __future__ import annotations

__all__ = ["OpDef", "OPS", "define", "get", "FACETS", "OpError", "OpTypeError", "NoGradientError"]

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
                 "num_regions", "pure", "family", "verify")

    def __init__(self, name, infer, kernel, lower, grad, batch, missing, doc, num_regions,
                 pure, family, verify=None):
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

    @property
    def full_name(self):
        return "nx." + self.name

    def __repr__(self):
        return f"<OpDef nx.{self.name}>"


OPS: dict[str, OpDef] = {}

# Reason recorded for the two facets that later passes fill, until they do.
PENDING_GRAD = "gradient rules arrive with the grad-expansion pass (issue: automatic differentiation)"
PENDING_BATCH = "batching rules arrive with the vectorize pass (issue: vectorization)"


def define(name, *, infer, kernel=None, lower=None, grad=None, batch=None, missing=None,
           doc="", num_regions=0, pure=True, family=None, verify=None):
    """`verify(op)` (optional) checks what the shape rule cannot see, such as region
    signatures and what regions yield; it raises OpError."""
    """Registers op `nx.<name>`. Returns the OpDef."""
    if name in OPS:
        raise ValueError(f"op nx.{name} is defined twice")
    missing = dict(missing or {})
    if grad is None:
        missing.setdefault("grad", PENDING_GRAD)
    if batch is None:
        missing.setdefault("batch", PENDING_BATCH)
    d = OpDef(name, infer, kernel, lower, grad, batch, missing, doc, num_regions, pure, family,
              verify)
    OPS[name] = d
    return d


def get(name) -> OpDef:
    short = name[3:] if name.startswith("nx.") else name
    d = OPS.get(short)
    if d is None:
        raise KeyError(f"unknown op {name!r}: not in the nx dialect registry")
    return d
