// canonicalize: CSE merges pure ops with the same name, operands, attributes and result types
// (the first one stays), across the whole function including duplicated constants.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.exp %arg0 : tensor<3xf32>
// CHECK-NEXT:  %1 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %2 = nx.multiply %0, %1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  %3 = nx.add %2, %2 : tensor<3xf32>
// CHECK-NEXT:  return %3 : tensor<3xf32>
// CHECK-NOT:   nx.exp

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.exp %arg0 : tensor<3xf32>
  %2 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %3 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %4 = nx.multiply %0, %2 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %5 = nx.multiply %1, %3 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %6 = nx.add %4, %5 : tensor<3xf32>
  return %6 : tensor<3xf32>
}
