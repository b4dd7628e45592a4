"""The nx dialect: the op registry and the op definitions (imported here so they register)."""
from .registry import OPS, OpDef, OpError, define, get  # noqa: F401
from .ops import autodiff, control, creation, elementwise, linalg, reduction, shape, indexing  # noqa: F401
