// grad-expansion and nx.stop_grad: the value under stop_grad is a constant for the gradient.
//   f(x) = sum(stop_grad(x) * x)   df/dx = stop_grad(x)   (not 2x)
// Only the contribution through the second operand of the multiply reaches x: the gradient
// returned is seed * stop_grad(x), and no cotangent is added through stop_grad (no nx.add).
// @blocked: f(x) = sum(x) + stop_grad(reduce(sin(x))) has df/dx = 1: no cotangent flows into
// the nx.reduce (which has no gradient rule), so it needs none and no error is raised.
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[SG:.*]] = nx.stop_grad %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[MUL:.*]] = nx.multiply %[[SG]], %arg0 : tensor<3xf32>
// CHECK-NEXT:  nx.sum %[[MUL]]
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[SEED:.*]] = nx.broadcast %[[ONE]] {{.*}} -> tensor<3xf32>
// CHECK-NOT:   nx.add
// CHECK:       %[[GX:.*]] = nx.multiply %[[SEED]], %[[SG]] : tensor<3xf32>
// CHECK-NEXT:  return %[[GX]] : tensor<3xf32>

// CHECK-LABEL: func.func @blocked(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK:       %[[R:.*]] = nx.reduce
// CHECK:       nx.stop_grad %[[R]] : tensor<f32>
// CHECK:       %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[G:.*]] = nx.broadcast %[[ONE]] {axes = array<i64>, shape = array<i64: 3>} : (tensor<f32>) -> tensor<3xf32>
// CHECK-NOT:   nx.cos
// CHECK:       return %[[G]] : tensor<3xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.stop_grad %a : tensor<3xf32>
      %2 = nx.multiply %1, %a : tensor<3xf32>
      %3 = nx.sum %2 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %3 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @blocked(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.sin %a : tensor<3xf32>
      %2 = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
      %3 = nx.reduce %1, %2 {axes = array<i64: 0>, keep_axes = false, type = f32} ({
        ^bb0(%p: tensor<f32>, %q: tensor<f32>):
          %4 = nx.add %p, %q : tensor<f32>
          nx.yield %4 : (tensor<f32>) -> ()
      }) : (tensor<3xf32>, tensor<f32>) -> tensor<f32>
      %5 = nx.stop_grad %3 : tensor<f32>
      %6 = nx.sum %a {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      %7 = nx.add %6, %5 : tensor<f32>
      nx.yield %7 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}
