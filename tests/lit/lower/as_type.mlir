// nx.as_type lowers to stablehlo.convert.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.convert %arg0 : (tensor<3xf32>) -> tensor<3xi32>
// CHECK-NEXT: %1 = stablehlo.convert %arg1 : (tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT: %2 = stablehlo.convert %arg2 : (tensor<3xf64>) -> tensor<3xbf16>
// CHECK-NEXT: %3 = stablehlo.convert %arg1 : (tensor<3xi32>) -> tensor<3xui8>
// CHECK-NEXT: return %0, %1, %2, %3

module {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>, %arg2: tensor<3xf64>) -> (tensor<3xi32>, tensor<3xf32>, tensor<3xbf16>, tensor<3xui8>) {
    %0 = nx.as_type %arg0 {type = i32} : (tensor<3xf32>) -> tensor<3xi32>
    %1 = nx.as_type %arg1 {type = f32} : (tensor<3xi32>) -> tensor<3xf32>
    %2 = nx.as_type %arg2 {type = bf16} : (tensor<3xf64>) -> tensor<3xbf16>
    %3 = nx.as_type %arg1 {type = ui8} : (tensor<3xi32>) -> tensor<3xui8>
    return %0, %1, %2, %3 : tensor<3xi32>, tensor<3xf32>, tensor<3xbf16>, tensor<3xui8>
  }
}
