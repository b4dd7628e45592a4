// A missing ':' before an op's type is a parse error at the token found instead.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}parse_syntax.mlir:[[# @LINE + 4]]:21: expected ':'
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 tensor<3xf32>
  return %0 : tensor<3xf32>
}
