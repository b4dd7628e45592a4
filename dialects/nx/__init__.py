"""The nx dialect: the op registry and the op definitions (imported here so they register)."""
from .ops import (  # noqa: F401
    aggregate,
    autodiff,
    control,
    creation,
    decomp,
    decomp_orthogonal,
    elementwise,
    hooks,
    indexing,
    linalg,
    reduction,
    shape,
    signal,
    sort,
    structure,
    window,
)
from .registry import OPS, OpDef, OpError, define, get  # noqa: F401
