// vectorize fails on a vectorized value it cannot batch, naming the op and the reason: here an
// nx.reduce whose initial accumulator is vectorized (a per-entry accumulator is not
// supported, as in Nx; grad_then_vectorize.mlir has the other error, an nx.grad left).
// RUN: not nxc opt %s --pass-pipeline=vectorize 2>&1 | FileCheck %s

// CHECK: nxc: error: vectorize: nx.reduce: the initial accumulator must not be vectorized

func.func @main(%x: !nx.vec<[rows: 2], tensor<3xf32>>, %acc: !nx.vec<[rows: 2], tensor<f32>>) -> !nx.vec<[rows: 2], tensor<f32>> {
  %0 = nx.reduce %x, %acc {axes = array<i64: 0>, keep_axes = false, type = f32} ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %1 = nx.add %a, %b : tensor<f32>
      nx.yield %1 : (tensor<f32>) -> ()
  }) : (!nx.vec<[rows: 2], tensor<3xf32>>, !nx.vec<[rows: 2], tensor<f32>>) -> !nx.vec<[rows: 2], tensor<f32>>
  return %0 : !nx.vec<[rows: 2], tensor<f32>>
}
