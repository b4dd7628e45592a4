"""The compiler: IR core, printer/parser/verifier/rewriter, tracing, passes, lowering."""
from .ir import (  # noqa: F401
    UNIT,
    Block,
    Builder,
    Function,
    Location,
    Module,
    Operation,
    Region,
    TensorType,
    Value,
    VecType,
)
from .passes import PassManager, register_pass  # noqa: E402,F401
from .rewriter import RewritePattern, apply_patterns  # noqa: E402,F401
