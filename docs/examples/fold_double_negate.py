"""The example pass of docs/passes.md: `fold-double-negate` rewrites `-(-x)` into `x`.

Load it into `nxc` with `--load-pass-plugin docs/examples/fold_double_negate.py`, or import it
and name it in `nx.jit(fun, passes=[...])`.
"""
from nx.compiler import RewritePattern, apply_patterns, register_pass


class DoubleNegate(RewritePattern):
    """Matches `nx.negate` whose operand is made by another `nx.negate`; replaces it by the
    inner operand. Exact for every type: negation is its own inverse (integers wrap)."""

    op_name = "nx.negate"

    def match_and_rewrite(self, op, rewriter):
        inner = op.operands[0].owner
        if getattr(inner, "name", None) != "nx.negate":
            return False
        x = inner.operands[0]
        if x.type != op.results[0].type:
            return False
        return rewriter.replace(op, [x])


@register_pass("fold-double-negate")
def fold_double_negate(module):
    """Guarantee: every `nx.negate(nx.negate(x))` is replaced by `x`; nothing else changes
    (the inner negate stays until DCE removes it when unused)."""
    for fn in module.functions:
        apply_patterns(fn, [DoubleNegate()])
    return module
