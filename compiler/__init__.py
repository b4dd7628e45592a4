"""The compiler: IR core, printer/parser/verifier/rewriter, tracing, passes, lowering."""
from .ir import (UNIT, Block, Builder, Function, Location, Module, Operation,  # noqa: F401
                 Region, TensorType, Value, VecType)
