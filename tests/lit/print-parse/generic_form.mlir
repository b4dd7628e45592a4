// --generic prints MLIR's generic form; it parses back to the same module, and printing that
// in custom form gives the custom text again.
// RUN: nxc opt %s --generic | FileCheck %s --check-prefix=GENERIC
// RUN: nxc opt %s --generic | nxc opt - | FileCheck %s
// RUN: nxc opt %s --generic | nxc opt - --generic | FileCheck %s --check-prefix=GENERIC

// GENERIC:      %0 = "nx.reduce_max"(%arg0) {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>) -> tensor<f32>
// GENERIC-NEXT: %1 = "nx.subtract"(%arg0, %0) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// GENERIC-NEXT: %2 = "nx.exp"(%1) : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC-NEXT: %3 = "nx.constant"() {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
// GENERIC-NEXT: %4 = "nx.multiply"(%2, %3) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// GENERIC-NEXT: return %4 : tensor<4xf32>

// CHECK:      %0 = nx.reduce_max %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>) -> tensor<f32>
// CHECK-NEXT: %1 = nx.subtract %arg0, %0 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: %2 = nx.exp %1 : tensor<4xf32>
// CHECK-NEXT: %3 = nx.constant {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
// CHECK-NEXT: %4 = nx.multiply %2, %3 : tensor<4xf32>
// CHECK-NEXT: return %4 : tensor<4xf32>

module {
  func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {
    %0 = nx.reduce_max %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>) -> tensor<f32>
    %1 = nx.subtract %arg0, %0 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    %2 = nx.exp %1 : tensor<4xf32>
    %3 = nx.constant {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
    %4 = nx.multiply %2, %3 : tensor<4xf32>
    return %4 : tensor<4xf32>
  }
}
