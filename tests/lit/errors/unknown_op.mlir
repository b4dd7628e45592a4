// An op that is not in the nx dialect parses (generic form) but fails verification; the error
// points at the op in the file.
// RUN: not nxc opt %s 2>&1 | FileCheck %s
// RUN: not nxc lower %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}unknown_op.mlir:[[# @LINE + 5]]:5: @main: unknown op 'nx.frobnicate': not in the nx dialect registry
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
    %0 = nx.exp %arg0 : tensor<3xf32>
    %1 = "nx.frobnicate"(%0) : (tensor<3xf32>) -> tensor<3xf32>
    return %1 : tensor<3xf32>
}
