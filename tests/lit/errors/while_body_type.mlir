// A while body must yield exactly the state's types; the verifier says which region is wrong.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: {{.*}}nx.while: the body region yields ['tensor<3xf64>'] but must yield ['tensor<3xf32>']
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.while %arg0 ({
    ^bb0(%arg1: tensor<3xf32>):
      %1 = nx.constant {value = dense<1> : tensor<ui8>} : () -> tensor<ui8>
      nx.yield %1 : (tensor<ui8>) -> ()
  }, {
    ^bb0(%arg2: tensor<3xf32>):
      %2 = nx.as_type %arg2 {type = f64} : (tensor<3xf32>) -> tensor<3xf64>
      nx.yield %2 : (tensor<3xf64>) -> ()
  }) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
