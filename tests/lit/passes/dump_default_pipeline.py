# `nxc dump --print-ir-after-all` prints the module after each pass of the default nx.jit
# pipeline, in order; --timing lists the same passes.
# RUN: nxc dump %s:f --arg f32[3] --stage split-stages --print-ir-after-all 2>&1 | FileCheck %s
# RUN: nxc dump %s:f --arg f32[3] --stage canonicalize --print-ir-after=canonicalize 2>&1 | FileCheck %s --check-prefix=ONE

# CHECK:      // -----// IR Dump After grad-expansion //----- //
# CHECK-NOT:  nx.grad
# CHECK:      // -----// IR Dump After const-precision //----- //
# CHECK:      // -----// IR Dump After canonicalize //----- //
# CHECK:      nx.cos
# CHECK-NOT:  nx.exp
# CHECK:      // -----// IR Dump After split-stages //----- //

# ONE-NOT:    IR Dump After grad-expansion
# ONE:        // -----// IR Dump After canonicalize //----- //
import nx


def f(x):
    nx.exp(x)   # unused: DCE removes it
    return nx.grad(x, lambda y: nx.sum(nx.sin(y)))
