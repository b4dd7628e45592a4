"""Not a test (lit.cfg.py excludes Inputs/): parses stdin with the real MLIR parser (jaxlib's
bindings with the func dialect loaded, unregistered dialects allowed) and prints it back in
MLIR's generic form."""
import sys

from jaxlib.mlir import ir

from nx.compiler.lower import new_context

with new_context() as ctx:
    ctx.allow_unregistered_dialects = True
    module = ir.Module.parse(sys.stdin.read())
    assert module.operation.verify()
    print(module.operation.get_asm(print_generic_op_form=True))
