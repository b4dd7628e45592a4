// nx.squeeze lowers to a stablehlo.reshape that drops the size-1 axes.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.reshape %arg0 : (tensor<1x3x1xf32>) -> tensor<3xf32>
// CHECK-NEXT: %1 = stablehlo.reshape %arg0 : (tensor<1x3x1xf32>) -> tensor<3x1xf32>
// CHECK-NEXT: return %0, %1

module {
  func.func @main(%arg0: tensor<1x3x1xf32>) -> (tensor<3xf32>, tensor<3x1xf32>) {
    %0 = nx.squeeze %arg0 {axes = array<i64: 0, 2>} : (tensor<1x3x1xf32>) -> tensor<3xf32>
    %1 = nx.squeeze %arg0 {axes = array<i64: 0>} : (tensor<1x3x1xf32>) -> tensor<3x1xf32>
    return %0, %1 : tensor<3xf32>, tensor<3x1xf32>
  }
}
