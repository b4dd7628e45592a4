// nx.slice (static start, lengths, strides) lowers to stablehlo.slice [start:limit:stride].
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.slice %arg0 [1:2, 0:2] : (tensor<4x6xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: %1 = stablehlo.slice %arg0 [0:4:2, 0:6:2] : (tensor<4x6xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %0, %1

module {
  func.func @main(%arg0: tensor<4x6xf32>) -> (tensor<1x2xf32>, tensor<2x3xf32>) {
    %0 = nx.slice %arg0 {lengths = array<i64: 1, 2>, start = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<1x2xf32>
    %1 = nx.slice %arg0 {lengths = array<i64: 4, 6>, start = array<i64: 0, 0>, strides = array<i64: 2, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
    return %0, %1 : tensor<1x2xf32>, tensor<2x3xf32>
  }
}
