// canonicalize must NOT merge ops that differ only in their attributes (or operand order,
// or result type).
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.sum %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<2x2xf32>) -> tensor<2xf32>
// CHECK-NEXT:  %1 = nx.sum %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x2xf32>) -> tensor<2xf32>
// CHECK-NEXT:  %2 = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %3 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %4 = nx.subtract %0, %1 : tensor<2xf32>
// CHECK-NEXT:  %5 = nx.subtract %1, %0 : tensor<2xf32>
// CHECK-NEXT:  %6 = nx.as_type %0 {type = f64} : (tensor<2xf32>) -> tensor<2xf64>
// CHECK-NEXT:  %7 = nx.as_type %0 {type = f16} : (tensor<2xf32>) -> tensor<2xf16>
// CHECK-NEXT:  return %2, %3, %4, %5, %6, %7

func.func @main(%arg0: tensor<2x2xf32>) -> (tensor<f32>, tensor<f32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf64>, tensor<2xf16>) {
  %0 = nx.sum %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<2x2xf32>) -> tensor<2xf32>
  %1 = nx.sum %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x2xf32>) -> tensor<2xf32>
  %2 = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %3 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %4 = nx.subtract %0, %1 : tensor<2xf32>
  %5 = nx.subtract %1, %0 : tensor<2xf32>
  %6 = nx.as_type %0 {type = f64} : (tensor<2xf32>) -> tensor<2xf64>
  %7 = nx.as_type %0 {type = f16} : (tensor<2xf32>) -> tensor<2xf16>
  return %2, %3, %4, %5, %6, %7 : tensor<f32>, tensor<f32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf64>, tensor<2xf16>
}
