"""Not a test (lit.cfg.py excludes Inputs/): user passes that are broken, each in its own way,
for the verify-after-each-pass tests (passes/verify_each.mlir)."""
from nx.compiler import register_pass
from nx.compiler.ir import walk


@register_pass("add-to-lhs")
def add_to_lhs(module):
    """Broken on purpose: replaces every use of `nx.add(a, b)` by `a`, whatever the types (the
    add of i32 and f32 is f32), editing operands directly as a pass may: what @main returns
    changes, which only the verifier's signature check sees."""
    for fn in module.functions:
        subst = {}
        for op in walk(fn.body):
            op.operands = [subst.get(v, v) for v in op.operands]
            if op.name == "nx.add":
                subst[op.results[0]] = op.operands[0]
    return module


@register_pass("drop-operand")
def drop_operand(module):
    """Broken on purpose: leaves every nx.add with one operand."""
    for fn in module.functions:
        for op in fn.body.ops:
            if op.name == "nx.add":
                del op.operands[1:]
    return module


@register_pass("returns-list")
def returns_list(module):
    """Broken on purpose: returns the functions instead of the module."""
    return module.functions


@register_pass("raises")
def raises(module):
    """Broken on purpose: fails with an exception."""
    return module.attrs["no-such-attribute"]
