# nx.dot: vector/matrix products and the general form with contraction and batch axes.
# RUN: nxc dump %s:matmul --arg f32[2][3] --arg f32[3][4] | FileCheck %s --check-prefix=MATMUL
# RUN: nxc dump %s:batched --arg f32[5][2][3] --arg f32[5][3][4] | FileCheck %s --check-prefix=BATCH
# RUN: nxc dump %s:outer --arg f32[2] --arg f32[3] | FileCheck %s --check-prefix=OUTER

# MATMUL: %0 = nx.dot %arg0, %arg1 {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
# BATCH: %0 = nx.dot %arg0, %arg1 {batch_a = array<i64: 0>, batch_b = array<i64: 0>, contract_a = array<i64: 2>, contract_b = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
# OUTER: nx.multiply %0, %1 : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
import nx


@nx.defn
def matmul(a, b):
    return nx.dot(a, b)


@nx.defn
def batched(a, b):
    return nx.dot(a, [2], [0], b, [1], [0])


@nx.defn
def outer(a, b):
    return nx.outer(a, b)
