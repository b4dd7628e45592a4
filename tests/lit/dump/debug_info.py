# --debug-info prints each traced op's source location: the innermost line of the user's code
# that made it (here a helper called by the defn).
# RUN: nxc dump %s:f --arg f32[3] --debug-info | FileCheck %s
# RUN: nxc dump %s:f --arg f32[3] | FileCheck %s --check-prefix=NOLOC

# CHECK: nx.exp %arg0 : tensor<3xf32> loc("{{.*}}debug_info.py":18:0)
# CHECK: nx.multiply {{.*}} loc("{{.*}}debug_info.py":13:0)
# NOLOC-NOT: loc(
import nx


def helper(x):
    return x * 2.0


@nx.defn
def f(x):
    y = nx.exp(x)
    return helper(y)
