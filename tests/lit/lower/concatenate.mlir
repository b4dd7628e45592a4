// nx.concatenate lowers to stablehlo.concatenate along the axis.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.concatenate %arg0, %arg1, dim = 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
// CHECK-NEXT: %1 = stablehlo.concatenate %arg0, %arg2, dim = 1 : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %0, %1

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>, %arg2: tensor<2x2xf32>) -> (tensor<3x3xf32>, tensor<2x5xf32>) {
    %0 = nx.concatenate %arg0, %arg1 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
    %1 = nx.concatenate %arg0, %arg2 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
    return %0, %1 : tensor<3x3xf32>, tensor<2x5xf32>
  }
}
