// An operand whose type disagrees with the op's written type is a parse error.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}parse_type_mismatch.mlir:[[# @LINE + 4]]:{{[0-9]+}}: {{.*}}tensor<4xf32>
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<4xf32>
  return %0 : tensor<3xf32>
}
