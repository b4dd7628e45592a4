// Element-wise binary arithmetic: same types lower to one op; a smaller operand is broadcast
// with broadcast_in_dim (right-aligned dims); an operand of another type is converted first.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %0 = stablehlo.add %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %1 = stablehlo.subtract %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %2 = stablehlo.multiply %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %3 = stablehlo.divide %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %4 = stablehlo.power %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %5 = stablehlo.maximum %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT: %6 = stablehlo.minimum %arg0, %arg1 : tensor<2x3xf32>
// broadcasting a row
// CHECK-NEXT: %[[B:[0-9]+]] = stablehlo.broadcast_in_dim %arg2, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[ADD:[0-9]+]] = stablehlo.add %arg0, %[[B]] : tensor<2x3xf32>
// mixed types: s32 * f32 is f32
// CHECK-NEXT: %[[CV:[0-9]+]] = stablehlo.convert %arg3 : (tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[MUL:[0-9]+]] = stablehlo.multiply %[[CV]], %arg0 : tensor<2x3xf32>
// a scalar on the left
// CHECK-NEXT: %[[S:[0-9]+]] = stablehlo.broadcast_in_dim %arg4, dims = [] : (tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[SUB:[0-9]+]] = stablehlo.subtract %[[S]], %arg0 : tensor<2x3xf32>
// integers
// CHECK-NEXT: stablehlo.divide %arg5, %arg6 : tensor<4xi32>
// CHECK-NEXT: stablehlo.remainder %arg5, %arg6 : tensor<4xi32>
// CHECK-NEXT: stablehlo.and %arg5, %arg6 : tensor<4xi32>
// CHECK-NEXT: stablehlo.or %arg5, %arg6 : tensor<4xi32>
// CHECK-NEXT: stablehlo.shift_left %arg5, %arg6 : tensor<4xi32>
// CHECK-NEXT: stablehlo.shift_right_arithmetic %arg5, %arg6 : tensor<4xi32>
// u8 + s32 is s32
// CHECK-NEXT: %[[U:[0-9]+]] = stablehlo.convert %arg7 : (tensor<4xui8>) -> tensor<4xi32>
// CHECK-NEXT: stablehlo.add %arg5, %[[U]] : tensor<4xi32>
// CHECK-NEXT: return %0, %1, %2, %3, %4, %5, %6, %[[ADD]], %[[MUL]], %[[SUB]],

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<2x3xi32>, %arg4: tensor<f32>, %arg5: tensor<4xi32>, %arg6: tensor<4xi32>, %arg7: tensor<4xui8>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
    %0 = nx.add %arg0, %arg1 : tensor<2x3xf32>
    %1 = nx.subtract %arg0, %arg1 : tensor<2x3xf32>
    %2 = nx.multiply %arg0, %arg1 : tensor<2x3xf32>
    %3 = nx.divide %arg0, %arg1 : tensor<2x3xf32>
    %4 = nx.pow %arg0, %arg1 : tensor<2x3xf32>
    %5 = nx.max %arg0, %arg1 : tensor<2x3xf32>
    %6 = nx.min %arg0, %arg1 : tensor<2x3xf32>
    %7 = nx.add %arg0, %arg2 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    %8 = nx.multiply %arg3, %arg0 : (tensor<2x3xi32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    %9 = nx.subtract %arg4, %arg0 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    %10 = nx.quotient %arg5, %arg6 : tensor<4xi32>
    %11 = nx.remainder %arg5, %arg6 : tensor<4xi32>
    %12 = nx.bitwise_and %arg5, %arg6 : tensor<4xi32>
    %13 = nx.bitwise_or %arg5, %arg6 : tensor<4xi32>
    %14 = nx.left_shift %arg5, %arg6 : tensor<4xi32>
    %15 = nx.right_shift %arg5, %arg6 : tensor<4xi32>
    %16 = nx.add %arg5, %arg7 : (tensor<4xi32>, tensor<4xui8>) -> tensor<4xi32>
    return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
  }
}
