# grad-expansion replaces nx.grad by the forward computation and its adjoint:
# d/dx sum(cos(x)) = -sin(x), built from cos's rule.
# RUN: nxc dump %s:fn --arg f32[3] --stage nx | FileCheck %s --check-prefix=TRACE
# RUN: nxc dump %s:fn --arg f32[3] --stage grad-expansion | FileCheck %s
# RUN: nxc dump %s:fn --arg f32[3] --stage canonicalize | FileCheck %s --check-prefix=CANON

# TRACE: nx.grad
# TRACE: nx.cos
# TRACE: nx.yield

# CHECK-NOT: nx.grad
# CHECK: nx.cos
# CHECK: nx.sin
# CHECK: nx.negate
# CHECK-NOT: nx.grad
# CHECK: return

# CANON-NOT: nx.cos
# CANON: nx.sin
# CANON: nx.negate
# CANON: return
import nx


@nx.defn
def fn(x):
    return nx.grad(x, lambda x: nx.sum(nx.cos(x)))
