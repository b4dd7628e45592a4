// nx.broadcast lowers to stablehlo.broadcast_in_dim; `axes` says where each operand axis goes.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.broadcast_in_dim %arg0, dims = [1] : (tensor<3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %1 = stablehlo.broadcast_in_dim %arg0, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %2 = stablehlo.broadcast_in_dim %arg1, dims = [0, 1] : (tensor<2x1xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %3 = stablehlo.broadcast_in_dim %arg2, dims = [] : (tensor<f32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %0, %1, %2, %3

module {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<2x1xf32>, %arg2: tensor<f32>) -> (tensor<4x3xf32>, tensor<3x4xf32>, tensor<2x5xf32>, tensor<2x2xf32>) {
    %0 = nx.broadcast %arg0 {axes = array<i64: 1>, shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
    %1 = nx.broadcast %arg0 {axes = array<i64: 0>, shape = array<i64: 3, 4>} : (tensor<3xf32>) -> tensor<3x4xf32>
    %2 = nx.broadcast %arg1 {axes = array<i64: 0, 1>, shape = array<i64: 2, 5>} : (tensor<2x1xf32>) -> tensor<2x5xf32>
    %3 = nx.broadcast %arg2 {axes = array<i64>, shape = array<i64: 2, 2>} : (tensor<f32>) -> tensor<2x2xf32>
    return %0, %1, %2, %3 : tensor<4x3xf32>, tensor<3x4xf32>, tensor<2x5xf32>, tensor<2x2xf32>
  }
}
