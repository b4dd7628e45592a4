// sum/product/reduce_max/reduce_min lower to stablehlo.reduce with the op's identity as the
// initial value (-inf/+inf for float max/min, the type's extreme for integers); keep_axes
// reshapes the result back to the operand's rank.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK:      %[[Z:.*]] = stablehlo.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %0 = stablehlo.reduce(%arg0 init: %[[Z]]) applies stablehlo.add across dimensions = [0, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<f32>
// CHECK:      %[[R:[0-9]+]] = stablehlo.reduce(%arg0 init: %{{.*}}) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
// CHECK-NEXT: %[[K:[0-9]+]] = stablehlo.reshape %[[R]] : (tensor<2xf32>) -> tensor<2x1xf32>
// CHECK:      stablehlo.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[P:[0-9]+]] = stablehlo.reduce(%arg0 init: %{{.*}}) applies stablehlo.multiply across dimensions = [0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:      stablehlo.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: %[[MAX:[0-9]+]] = stablehlo.reduce(%arg0 init: %{{.*}}) applies stablehlo.maximum across dimensions = [0, 1]
// CHECK:      stablehlo.constant dense<0x7F800000> : tensor<f32>
// CHECK-NEXT: %[[MIN:[0-9]+]] = stablehlo.reduce(%arg0 init: %{{.*}}) applies stablehlo.minimum across dimensions = [1]
// CHECK:      stablehlo.constant dense<-2147483648> : tensor<i32>
// CHECK-NEXT: %[[IMAX:[0-9]+]] = stablehlo.reduce(%arg1 init: %{{.*}}) applies stablehlo.maximum across dimensions = [0] : (tensor<2x3xi32>, tensor<i32>) -> tensor<3xi32>
// CHECK-NEXT: return %0, %[[K]], %[[P]], %[[MAX]], %[[MIN]], %[[IMAX]]

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>) -> (tensor<f32>, tensor<2x1xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xi32>) {
    %0 = nx.sum %arg0 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<f32>
    %1 = nx.sum %arg0 {axes = array<i64: 1>, keep_axes = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    %2 = nx.product %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<3xf32>
    %3 = nx.reduce_max %arg0 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<f32>
    %4 = nx.reduce_min %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>
    %5 = nx.reduce_max %arg1 {axes = array<i64: 0>, keep_axes = false} : (tensor<2x3xi32>) -> tensor<3xi32>
    return %0, %1, %2, %3, %4, %5 : tensor<f32>, tensor<2x1xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xi32>
  }
}
