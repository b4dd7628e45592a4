# --arg 'f32[name: n]' gives axes names; ops may then refer to axes by name.
# RUN: nxc dump %s:sum_x --arg 'f32[y: 2][x: 3]' | FileCheck %s
# RUN: nxc run %s:sum_x --arg 'f32[y: 2][x: 3]=1,2,3,4,5,6' | FileCheck %s --check-prefix=OUT

# CHECK: nx.sum %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>

# OUT:      nx.Tensor<
# OUT-NEXT:   f32[y: 2]
# OUT-NEXT:   [6.0, 15.0]
# OUT-NEXT: >
import nx


@nx.defn
def sum_x(t):
    return nx.sum(t, axes=["x"])
