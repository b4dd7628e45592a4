// nx.reverse lowers to stablehlo.reverse.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.reverse %arg0, dims = [1] : tensor<2x3xf32>
// CHECK-NEXT: %1 = stablehlo.reverse %arg0, dims = [0, 1] : tensor<2x3xf32>
// CHECK-NEXT: return %0, %1

module {
  func.func @main(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
    %0 = nx.reverse %arg0 {axes = array<i64: 1>} : tensor<2x3xf32>
    %1 = nx.reverse %arg0 {axes = array<i64: 0, 1>} : tensor<2x3xf32>
    return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
  }
}
