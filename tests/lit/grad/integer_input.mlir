// grad-expansion with an integer input: the gradient has the input's float type (f32 for
// i32), and the cotangents of the integer ops are f32 too.
//   f(n) = as_type(sum(n * n), f32)   df/dn = 2n, as the two contributions of n * n added:
//   g * n + g * n, with g the f32 seed (an f32 * i32 multiply gives f32).
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[SQ:.*]] = nx.multiply %arg0, %arg0 : tensor<3xi32>
// CHECK-NEXT:  %[[S:.*]] = nx.sum %[[SQ]] {{.*}} : (tensor<3xi32>) -> tensor<i32>
// CHECK-NEXT:  nx.as_type %[[S]] {type = f32} : (tensor<i32>) -> tensor<f32>
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[G:.*]] = nx.broadcast %[[ONE]] {{.*}} : (tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[C0:.*]] = nx.multiply %[[G]], %arg0 : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[C1:.*]] = nx.multiply %[[G]], %arg0 : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[GN:.*]] = nx.add %[[C0]], %[[C1]] : tensor<3xf32>
// CHECK-NEXT:  return %[[GN]] : tensor<3xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%n: tensor<3xi32>) -> tensor<3xf32> {
  %0 = nx.grad %n {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xi32>):
      %1 = nx.multiply %a, %a : tensor<3xi32>
      %2 = nx.sum %1 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xi32>) -> tensor<i32>
      %3 = nx.as_type %2 {type = f32} : (tensor<i32>) -> tensor<f32>
      nx.yield %3 : (tensor<f32>) -> ()
  }) : (tensor<3xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
