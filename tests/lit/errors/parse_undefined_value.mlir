// A use of an undefined SSA value is a parse error that points at the use.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}parse_undefined_value.mlir:11:21: use of undefined value '%zz'
// CHECK-NOT: Traceback

module {
  func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
    %0 = nx.exp %arg0 : tensor<3xf32>
    // the next line uses %zz, which nothing defines
    %1 = nx.add %0, %zz : tensor<3xf32>
    return %1 : tensor<3xf32>
  }
}
