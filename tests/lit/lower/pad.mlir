// nx.pad lowers to stablehlo.pad with low, high and interior padding.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.pad %arg0, %arg1, low = [1, 0], high = [2, 0], interior = [0, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<5x5xf32>
// CHECK-NEXT: return %0

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<f32>) -> tensor<5x5xf32> {
    %0 = nx.pad %arg0, %arg1 {high = array<i64: 2, 0>, interior = array<i64: 0, 1>, low = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<5x5xf32>
    return %0 : tensor<5x5xf32>
  }
}
