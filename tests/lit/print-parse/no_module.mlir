// A file of bare functions (no `module { }` around them) and `//` comments parses; it prints
// back wrapped in a module.
// RUN: nxc opt %s | FileCheck %s

// CHECK:      module {
// CHECK-NEXT:   func.func @main(%arg0: tensor<f64>) -> tensor<f64> {
// CHECK-NEXT:     %0 = nx.multiply %arg0, %arg0 : tensor<f64>
// CHECK-NEXT:     return %0 : tensor<f64>
// CHECK-NEXT:   }
// CHECK-NEXT: }

func.func @main(%arg0: tensor<f64>) -> tensor<f64> {
  // square it
  %0 = nx.multiply %arg0, %arg0 : tensor<f64>  // trailing comment
  return %0 : tensor<f64>
}
