// The custom assembly prints back exactly as written: ops with one type or a function type,
// attributes of every kind, several functions, results used by later ops.
// RUN: nxc opt %s --pass-pipeline= | FileCheck %s
// RUN: nxc opt %s | nxc opt - | FileCheck %s

// CHECK-LABEL: module {
// CHECK-NEXT:  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
// CHECK-NEXT:    %0 = nx.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %1 = nx.exp %0 : tensor<2x3xf32>
// CHECK-NEXT:    %2 = nx.transpose %1 {axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT:    return %1, %2 : tensor<2x3xf32>, tensor<3x2xf32>
// CHECK-NEXT:  }
// CHECK-NEXT:  func.func @helper(%arg0: tensor<4xi32>) -> tensor<i32> {
// CHECK-NEXT:    %0 = nx.argmax %arg0 {keep_axis = false, tie_break = "low", type = i32} : (tensor<4xi32>) -> tensor<i32>
// CHECK-NEXT:    return %0 : tensor<i32>
// CHECK-NEXT:  }
// CHECK-NEXT: }

module {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
    %0 = nx.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    %1 = nx.exp %0 : tensor<2x3xf32>
    %2 = nx.transpose %1 {axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    return %1, %2 : tensor<2x3xf32>, tensor<3x2xf32>
  }
  func.func @helper(%arg0: tensor<4xi32>) -> tensor<i32> {
    %0 = nx.argmax %arg0 {keep_axis = false, tie_break = "low", type = i32} : (tensor<4xi32>) -> tensor<i32>
    return %0 : tensor<i32>
  }
}
