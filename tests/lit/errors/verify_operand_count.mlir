// An op with the wrong number of operands fails verification with a message that says how
// many it takes (not a Python unpacking error), at the op's line.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}verify_operand_count.mlir:[[# @LINE + 5]]:3: @main: nx.add takes 2 operands but has 1
// CHECK-NOT: unpack
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nx.add"(%arg0) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
