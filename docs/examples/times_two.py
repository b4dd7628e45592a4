"""The constant-reading example of docs/passes.md: `times-two` rewrites `x * 2` into `x + x`.

A pattern that looks at a constant's value: an `nx.constant` op keeps it in its `value`
attribute, a `DenseAttr` (`compiler/printer.py`) whose `.array` is a NumPy array of the
constant's shape and element type (a splat `dense<2.0> : tensor<3xf32>` is the full array) and
whose `.type` is its tensor type. `constant_value(v)` below returns it for a value made by an
`nx.constant`, and None for any other value.

Exact: for integers both wrap the same way; for real floats both are the correctly rounded 2x
(overflow, NaN, infinities and -0.0 included). Complex numbers are left alone: a complex
multiply by 2+0i computes inf*0 = NaN where the addition does not.

Load it with `nxc opt prog.mlir --load-pass-plugin docs/examples/times_two.py
--pass-pipeline=times-two`, or import it and name it in `nx.jit(fun, passes=[...])`.
"""
import numpy as np

from nx import types
from nx.compiler import RewritePattern, apply_patterns, register_pass


def constant_value(v):
    """The value of SSA value `v` as a NumPy array when an `nx.constant` op makes it, else None.
    (A weak constant, one with the `weak` attribute, is a Python literal: its value is final,
    its type is not until the const-precision pass has run.)"""
    op = v.owner
    if getattr(op, "name", None) != "nx.constant":
        return None                      # a block argument, or made by another op
    attr = op.attrs["value"]             # a DenseAttr: .array (NumPy) and .type (TensorType)
    return np.asarray(attr.array)


class TimesTwo(RewritePattern):
    """Matches `nx.multiply(x, c)` or `nx.multiply(c, x)` where the constant `c` is 2 in every
    element and `x` has the result's type; replaces it by `nx.add(x, x)`."""

    op_name = "nx.multiply"

    def match_and_rewrite(self, op, rewriter):
        out = op.results[0].type
        if types.is_complex(out.dtype):
            return False
        for x, c in (op.operands, op.operands[::-1]):
            value = constant_value(c)
            if value is not None and value.size > 0 and np.all(value == 2) and x.type == out:
                twice = rewriter.create("nx.add", [x, x], [out], loc=op.loc)
                return rewriter.replace(op, twice.results)
        return False


@register_pass("times-two")
def times_two(module):
    """Guarantee: every `nx.multiply` of a value by a constant that is 2 in every element, whose
    result has the value's type and is not complex, is replaced by the value added to itself;
    nothing else changes (the constant stays until DCE removes it when unused)."""
    for fn in module.functions:
        apply_patterns(fn, [TimesTwo()])
    return module
