// grad-expansion through nx.dot: for C = A . B (A: 2x3, B: 3x4) and f = sum(C), G = df/dC is
// 1.0 broadcast to 2x4 and
//   df/dA = G . B^T  (contract G's axis 1 with B's axis 1: 2x3)
//   df/dB = A^T . G  (contract G's axis 0 with A's axis 0 gives 4x3, transposed to 3x4)
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK-NEXT:  %[[C:.*]] = nx.dot %arg0, %arg1 {{.*}}contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:  nx.sum %[[C]]
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[G:.*]] = nx.broadcast %[[ONE]] {axes = array<i64>, shape = array<i64: 2, 4>} : (tensor<f32>) -> tensor<2x4xf32>
// CHECK-NEXT:  %[[GA:.*]] = nx.dot %[[G]], %arg1
// CHECK-SAME:    batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 1>
// CHECK-SAME:    : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  %[[GBT:.*]] = nx.dot %[[G]], %arg0
// CHECK-SAME:    batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 0>, contract_b = array<i64: 0>
// CHECK-SAME:    : (tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:  %[[GB:.*]] = nx.transpose %[[GBT]] {axes = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:  return %[[GA]], %[[GB]] : tensor<2x3xf32>, tensor<3x4xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>) {
  %0:2 = nx.grad %a, %b {num_values = 0 : i64, result_types = [tensor<2x3xf32>, tensor<3x4xf32>]} ({
    ^bb0(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>):
      %1 = nx.dot %x, %y {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
      %2 = nx.sum %1 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x4xf32>) -> tensor<f32>
      nx.yield %2 : (tensor<f32>) -> ()
  }) : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<3x4xf32>
}
