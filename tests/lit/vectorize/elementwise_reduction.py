# The vectorize pass on element-wise ops and reductions: a vectorized axis `rows` of size 2
# leads the plain tensors; reductions shift their axes past it; a vectorized scalar is given
# size-1 inner axes so that broadcasting never mixes vectorized and inner axes.
# RUN: nxc dump %s:normalize --arg f32[2][3] --stage nx | FileCheck %s --check-prefix=NX
# RUN: nxc dump %s:normalize --arg f32[2][3] --stage vectorize | FileCheck %s --check-prefix=VEC
# RUN: nxc run %s:normalize --arg 'f32[2][3]=1,2,3,10,30,20' | FileCheck %s --check-prefix=OUT

# NX: nx.revectorize %arg0 {to = !nx.vec<[rows: 2], tensor<3xf32>>}
# NX: nx.reduce_min {{.*}}!nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<f32>>
# NX: nx.subtract {{.*}}-> !nx.vec<[rows: 2], tensor<3xf32>>

# VEC-NOT: nx.vec
# VEC: nx.reduce_min %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>
# VEC: nx.reshape {{.*}}{shape = array<i64: 2, 1>} : (tensor<2xf32>) -> tensor<2x1xf32>
# VEC: nx.subtract {{.*}} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
# VEC: nx.reduce_max {{.*}}{axes = array<i64: 1>, keep_axes = false}
# VEC: nx.divide
# VEC-NOT: nx.vec

# OUT:      nx.Tensor<
# OUT-NEXT:   f32[rows: 2][3]
# OUT-NEXT:   [
# OUT-NEXT:     [0.0, 0.5, 1.0],
# OUT-NEXT:     [0.0, 1.0, 0.5]
import nx


@nx.defn
def normalize(t):
    t = nx.vectorize(t, "rows")
    mn = nx.reduce_min(t)
    z = t - mn
    return nx.devectorize(z / nx.reduce_max(z))
