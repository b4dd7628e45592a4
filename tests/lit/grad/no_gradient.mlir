// grad-expansion fails on an op without a gradient rule that the objective depends on: the
// error names the op and the reason (nx.reduce's region is an arbitrary function, as in Nx).
// (stop_grad.mlir shows the same op is fine when its result is under nx.stop_grad.)
// RUN: not nxc opt %s --pass-pipeline=grad-expansion 2>&1 | FileCheck %s

// CHECK: nxc: error: nx.grad: cannot differentiate through nx.reduce: nx.reduce has no gradient
// CHECK-SAME: its reduction function is an arbitrary region

func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.sin %a : tensor<3xf32>
      %2 = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
      %3 = nx.reduce %1, %2 {axes = array<i64: 0>, keep_axes = false, type = f32} ({
        ^bb0(%p: tensor<f32>, %q: tensor<f32>):
          %4 = nx.add %p, %q : tensor<f32>
          nx.yield %4 : (tensor<f32>) -> ()
      }) : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
      nx.yield %3 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}
