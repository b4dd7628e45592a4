// A gradient of a vectorized input is a per-entry gradient: for x [rows: 2] 3 and the
// per-entry objective sum(sin(x)), d/dx = cos(x) for each entry. grad-expansion keeps the
// vectorized types (the seed is a plain 3-vector, cos(x) is vectorized) and vectorize then
// makes them plain: the gradient is a 2x3 tensor, the seed broadcasting against each entry.
// vectorize alone cannot run on the nx.grad: the error names it and says why.
// RUN: nxc opt %s --pass-pipeline=grad-expansion,vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NONE < %t
// RUN: nxc opt %s --pass-pipeline=grad-expansion | FileCheck %s --check-prefix=GRAD
// RUN: not nxc opt %s --pass-pipeline=vectorize 2>&1 | FileCheck %s --check-prefix=ERR

// GRAD:       %[[SEED:.*]] = nx.broadcast {{.*}} : (tensor<f32>) -> tensor<3xf32>
// GRAD-NEXT:  %[[COS:.*]] = nx.cos %arg0 : !nx.vec<[rows: 2], tensor<3xf32>>
// GRAD-NEXT:  %[[G:.*]] = nx.multiply %[[SEED]], %[[COS]] : (tensor<3xf32>, !nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<3xf32>>
// GRAD-NEXT:  return %[[G]] : !nx.vec<[rows: 2], tensor<3xf32>>

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  %[[SIN:.*]] = nx.sin %arg0 : tensor<2x3xf32>
// CHECK-NEXT:  nx.sum %[[SIN]] {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK:       %[[SEED:.*]] = nx.broadcast {{.*}} : (tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[COS:.*]] = nx.cos %arg0 : tensor<2x3xf32>
// CHECK-NEXT:  %[[G:.*]] = nx.multiply %[[SEED]], %[[COS]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  return %[[G]] : tensor<2x3xf32>

// NONE-NOT: nx.grad
// NONE-NOT: !nx.vec

// ERR: vectorize: nx.grad has a vectorized operand but no batching rule: expanded by grad-expansion before vectorize runs

func.func @main(%x: !nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<3xf32>> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [!nx.vec<[rows: 2], tensor<3xf32>>]} ({
    ^bb0(%a: !nx.vec<[rows: 2], tensor<3xf32>>):
      %1 = nx.sin %a : !nx.vec<[rows: 2], tensor<3xf32>>
      %2 = nx.sum %1 {axes = array<i64: 0>, keep_axes = false} : (!nx.vec<[rows: 2], tensor<3xf32>>) -> !nx.vec<[rows: 2], tensor<f32>>
      nx.yield %2 : (!nx.vec<[rows: 2], tensor<f32>>) -> ()
  }) : !nx.vec<[rows: 2], tensor<3xf32>>
  return %0 : !nx.vec<[rows: 2], tensor<3xf32>>
}
