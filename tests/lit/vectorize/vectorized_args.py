# `nxc` takes vectorized arguments: `[vec NAME: N]` dimensions (before the inner ones) make the
# argument a vectorized tensor, so the function sees one entry (the seeds' Example.normalize on
# a vectorized matrix). The traced function has a `!nx.vec` parameter, the vectorize pass makes
# it a plain tensor with the vectorized axis leading, and `run` prints the `vectorized[...]`
# line. A vectorized axis after an inner dimension is rejected.
# RUN: nxc dump %s:normalize --arg 'f32[vec rows: 2][3]' --stage nx | FileCheck %s --check-prefix=NX
# RUN: nxc dump %s:normalize --arg 'f32[vec rows: 2][3]' --stage vectorize | FileCheck %s --check-prefix=VEC
# RUN: nxc run %s:normalize --arg 'f32[vec rows: 2][3]=1,2,3,10,30,20' | FileCheck %s --check-prefix=OUT
# RUN: nxc run %s:normalize --arg 'f32[vec rows: 2][3]=1,2,3,10,30,20' --compiler evaluator | FileCheck %s --check-prefix=OUT
# RUN: not nxc dump %s:normalize --arg 'f32[3][vec rows: 2]' 2>&1 | FileCheck %s --check-prefix=ERR

# NX: func.func @main(%arg0: !nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<3xf32>>
# NX: nx.reduce_min %arg0 {axes = array<i64: 0>, keep_axes = false} : (!nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<f32>>

# VEC-NOT: nx.vec
# VEC: func.func @main(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32>
# VEC: nx.reduce_min %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>

# OUT:      nx.Tensor<
# OUT-NEXT:   vectorized[rows: 2]
# OUT-NEXT:   f32[3]
# OUT-NEXT:   [
# OUT-NEXT:     [0.0, 0.5, 1.0],
# OUT-NEXT:     [0.0, 1.0, 0.5]
# OUT-NEXT:   ]
# OUT-NEXT: >

# ERR: vectorized axes ([vec name: N]) must come before the other dimensions
import nx


@nx.defn
def normalize(t):
    mn = nx.reduce_min(t)
    z = nx.subtract(t, mn)
    return nx.divide(z, nx.reduce_max(z))
