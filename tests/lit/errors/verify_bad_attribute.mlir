// Bad attributes (a transpose permutation of the wrong length) fail verification with the
// op's own message and the op's location, taken from its loc(...) when it has one.
// RUN: not nxc opt %s 2>&1 | FileCheck %s

// CHECK: nxc: error: model.py:42:0: @main: nx.transpose: {{.*}}
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nx.transpose %arg0 {axes = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32> loc("model.py":42:0)
  return %0 : tensor<3x2xf32>
}
