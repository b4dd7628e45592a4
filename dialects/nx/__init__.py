"""The nx dialect: the op registry and the op definitions (imported here so they register)."""
from .registry import OPS, OpDef, OpError, define, get  # noqa: F401
from .ops import (aggregate, autodiff, control, creation, decomp, elementwise,  # noqa: F401
                  hooks, indexing, linalg, reduction, shape, signal, sort, structure, window)
