// const-precision must NOT touch constants without `weak` (their type is the user's), nor
// change any result type; a weak constant used by an op that keeps its type (here a sum, not
// element-wise) gets its nominal type.
// RUN: nxc opt %s --pass-pipeline=const-precision | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.constant {value = dense<0.10000000149011612> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %1 = nx.multiply %arg0, %0 : (tensor<3xf64>, tensor<f32>) -> tensor<3xf64>
// CHECK-NEXT:  %2 = nx.constant {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %3 = nx.sum %2 {axes = array<i64>, keep_axes = false} : tensor<f32>
// CHECK-NEXT:  return %1, %3

func.func @main(%arg0: tensor<3xf64>) -> (tensor<3xf64>, tensor<f32>) {
  %0 = nx.constant {value = dense<0.10000000149011612> : tensor<f32>} : () -> tensor<f32>
  %1 = nx.multiply %arg0, %0 : (tensor<3xf64>, tensor<f32>) -> tensor<3xf64>
  %2 = nx.constant {value = dense<0.5> : tensor<f32>, weak} : () -> tensor<f32>
  %3 = nx.sum %2 {axes = array<i64>, keep_axes = false} : (tensor<f32>) -> tensor<f32>
  return %1, %3 : tensor<3xf64>, tensor<f32>
}
