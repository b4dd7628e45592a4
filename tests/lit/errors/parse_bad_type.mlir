// An unknown element type is a parse error at the type.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}parse_bad_type.mlir:[[# @LINE + 3]]:{{[0-9]+}}: {{.*}}f33
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf33>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  return %0 : tensor<3xf32>
}
