# The vectorize pass on dot, gather and while.
# - dot of a vectorized matrix with a plain one: one plain dot, the vectorized axis is a free
#   axis of the left operand; of two vectorized operands: the vectorized axis becomes a batch
#   dimension.
# - gather with vectorized indices into a vectorized tensor: the indices get the entry's position
#   (an iota) as a leading index column and the gather indexes the vectorized axis too.
# - while with a vectorized condition: the loop runs while any entry's condition holds
#   (reduce_max of the per-entry flags) and each entry keeps its state once its condition is
#   false (select).
# RUN: nxc dump %s:dots --arg f32[2][3][4] --arg f32[4][5] --stage vectorize | FileCheck %s --check-prefix=DOT
# RUN: nxc dump %s:gathers --arg f32[2][3][4] --arg s32[2][5][1] --stage vectorize | FileCheck %s --check-prefix=GATHER
# RUN: nxc dump %s:doubling --arg f32[4] --stage vectorize | FileCheck %s --check-prefix=WHILE
# RUN: nxc run %s:doubling --arg 'f32[4]=1,3,10,0.5' | FileCheck %s --check-prefix=OUT

# DOT-NOT: nx.vec
# DOT: nx.dot %arg0, %arg1 {{.*}}contract_a = array<i64: 2>, contract_b = array<i64: 0>} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
# DOT: nx.dot %arg0, {{.*}}batch_a = array<i64: 0>, batch_b = array<i64: 0>, contract_a = array<i64: 1>, contract_b = array<i64: 1>} : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x4x5xf32>

# GATHER-NOT: nx.vec
# GATHER: nx.iota {axis = 0 : i64, shape = array<i64: 2, 5, 1>, type = i32}
# GATHER: nx.concatenate {{.*}} -> tensor<2x5x2xi32>
# GATHER: nx.gather %arg0, {{.*}}{axes = array<i64: 0, 1>} : (tensor<2x3x4xf32>, tensor<2x5x2xi32>) -> tensor<2x5x4xf32>

# WHILE-NOT: nx.vec
# WHILE: nx.while
# WHILE: nx.less
# WHILE: nx.reduce_max {{.*}} : (tensor<4xui8>) -> tensor<ui8>
# WHILE: nx.yield
# WHILE: nx.less
# WHILE: nx.multiply
# WHILE: nx.select {{.*}} : (tensor<4xui8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
# WHILE: nx.yield

# OUT:      nx.Tensor<
# OUT-NEXT:   f32[e: 4]
# OUT-NEXT:   [8.0, 12.0, 10.0, 8.0]
import nx
from nx._dispatch import apply


@nx.defn
def dots(x, w):
    xv = nx.vectorize(x, "b")
    a = nx.dot(xv, w)                              # (3, 4) . (4, 5) per entry
    b = nx.dot(xv, [0], a, [0])                    # both vectorized: (4, 5) per entry
    return nx.devectorize(b)


@nx.defn
def gathers(x, idx):
    xv = nx.vectorize(x, "b")                      # entries (3, 4)
    iv = nx.vectorize(idx, "b")                    # entries (5, 1): rows of each entry
    return nx.devectorize(apply("gather", [xv, iv], {"axes": (0,)}))


@nx.defn
def doubling(x):
    x = nx.vectorize(x, "e")
    return nx.devectorize(nx.while_loop(x, lambda s: s < 8.0, lambda s: s * 2))
