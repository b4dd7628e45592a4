// An nx.while whose condition yields a vector (not a scalar) is one error line: the verifier
// checks region signatures and yields through the op's `verify` hook, before lowering.
// RUN: not nxc lower %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}nx.while{{.*}} scalar
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.while %arg0 ({
    ^bb0(%arg1: tensor<3xf32>):
      %1 = nx.is_nan %arg1 : (tensor<3xf32>) -> tensor<3xui8>
      nx.yield %1 : (tensor<3xui8>) -> ()
  }, {
    ^bb0(%arg2: tensor<3xf32>):
      nx.yield %arg2 : (tensor<3xf32>) -> ()
  }) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
