// nx.select lowers to stablehlo.select on an i1 predicate (pred != 0); a scalar operand or
// predicate is broadcast to the result shape.
// RUN: nxc lower %s --pass-pipeline= | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK:      %[[Z:.*]] = stablehlo.constant dense<0> : tensor<ui8>
// CHECK-NEXT: %[[ZB:[0-9]+]] = stablehlo.broadcast_in_dim %[[Z]], dims = [] : (tensor<ui8>) -> tensor<3xui8>
// CHECK-NEXT: %[[P:[0-9]+]] = stablehlo.compare NE, %arg0, %[[ZB]], UNSIGNED : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xi1>
// CHECK-NEXT: %[[F:[0-9]+]] = stablehlo.broadcast_in_dim %arg2, dims = [] : (tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT: %[[S1:[0-9]+]] = stablehlo.select %[[P]], %arg1, %[[F]] : tensor<3xi1>, tensor<3xf32>
// scalar predicate
// CHECK:      %[[SP:[0-9]+]] = stablehlo.compare NE, %arg3, %{{.*}}, UNSIGNED : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
// CHECK-NEXT: %[[SPB:[0-9]+]] = stablehlo.broadcast_in_dim %[[SP]], dims = [] : (tensor<i1>) -> tensor<3xi1>
// CHECK-NEXT: %[[S2:[0-9]+]] = stablehlo.select %[[SPB]], %arg1, %arg1 : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT: return %[[S1]], %[[S2]]

module {
  func.func @main(%arg0: tensor<3xui8>, %arg1: tensor<3xf32>, %arg2: tensor<f32>, %arg3: tensor<ui8>) -> (tensor<3xf32>, tensor<3xf32>) {
    %0 = nx.select %arg0, %arg1, %arg2 : (tensor<3xui8>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
    %1 = nx.select %arg3, %arg1, %arg1 : (tensor<ui8>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    return %0, %1 : tensor<3xf32>, tensor<3xf32>
  }
}
