// A result type that is not what the op's shape/type rule gives fails verification.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}verify_result_type.mlir:[[# @LINE + 5]]:3: @main: nx.add has result types ['tensor<3xi32>'] but its operands and attributes give ['tensor<3xf32>']
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xi32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.add %0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi32>
  return %1 : tensor<3xi32>
}
