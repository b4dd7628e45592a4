// nx.dot lowers to stablehlo.dot_general with its contracting and batch axes; operands of
// different types are converted to the result type first.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.dot_general %arg0, %arg1, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %1 = stablehlo.dot_general %arg2, %arg3, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
// CHECK-NEXT: %2 = stablehlo.dot_general %arg4, %arg4, contracting_dims = [0] x [0] : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
// CHECK-NEXT: %[[CV:[0-9]+]] = stablehlo.convert %arg5 : (tensor<3x4xi32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[D:[0-9]+]] = stablehlo.dot_general %arg0, %[[CV]], contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %0, %1, %2, %[[D]]

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<5x2x3xf32>, %arg3: tensor<5x3x4xf32>, %arg4: tensor<3xf32>, %arg5: tensor<3x4xi32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<f32>, tensor<2x4xf32>) {
    %0 = nx.dot %arg0, %arg1 {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    %1 = nx.dot %arg2, %arg3 {batch_a = array<i64: 0>, batch_b = array<i64: 0>, contract_a = array<i64: 2>, contract_b = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
    %2 = nx.dot %arg4, %arg4 {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 0>, contract_b = array<i64: 0>} : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
    %3 = nx.dot %arg0, %arg5 {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xi32>) -> tensor<2x4xf32>
    return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<f32>, tensor<2x4xf32>
  }
}
