// nx.reshape lowers to stablehlo.reshape.
// RUN: nxc lower %s --pass-pipeline= | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.reshape %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %1 = stablehlo.reshape %arg0 : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %2 = stablehlo.reshape %1 : (tensor<6xf32>) -> tensor<1x6x1xf32>
// CHECK-NEXT: return %0, %1, %2

module {
  func.func @main(%arg0: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<1x6x1xf32>) {
    %0 = nx.reshape %arg0 {shape = array<i64: 3, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    %1 = nx.reshape %arg0 {shape = array<i64: 6>} : (tensor<2x3xf32>) -> tensor<6xf32>
    %2 = nx.reshape %1 {shape = array<i64: 1, 6, 1>} : (tensor<6xf32>) -> tensor<1x6x1xf32>
    return %0, %1, %2 : tensor<3x2xf32>, tensor<6xf32>, tensor<1x6x1xf32>
  }
}
