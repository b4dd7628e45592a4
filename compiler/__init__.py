"""The compiler: IR core, printer/parser/verifier/rewriter, tracing, passes, lowering."""
from .ir import (UNIT, Block, Builder, Function, Location, Module, Operation,  # noqa: F401
                 Region, TensorType, Value, VecType)
from .passes import PassManager, register_pass  # noqa: E402,F401
from .rewriter import RewritePattern, apply_patterns  # noqa: E402,F401
