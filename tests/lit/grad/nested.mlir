// grad-expansion on a grad of a grad: the inner nx.grad (inside the outer one's region) is
// expanded first, and the outer gradient then differentiates that expansion.
//   inner: d/dy sum(sin(y)) = cos(y) (times the inner seed)
//   outer: f(x) = sum(cos(x))   df/dx = -sin(x) (times the outer seed)
// So the result is (outer seed * inner seed) * -sin(x): the cos of the inner expansion is
// differentiated by cos's rule (a negate of sin), and no nx.grad is left at any depth.
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32>
// inner expansion, inlined into the outer forward computation
// CHECK-NEXT:  nx.sin %arg0
// CHECK-NEXT:  nx.sum
// CHECK-NEXT:  %[[ONE_IN:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[SEED_IN:.*]] = nx.broadcast %[[ONE_IN]] {{.*}} -> tensor<3xf32>
// CHECK-NEXT:  %[[COS:.*]] = nx.cos %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[INNER:.*]] = nx.multiply %[[SEED_IN]], %[[COS]] : tensor<3xf32>
// outer objective and its adjoint
// CHECK-NEXT:  nx.sum %[[INNER]] {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
// CHECK-NEXT:  %[[ONE_OUT:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[SEED_OUT:.*]] = nx.broadcast %[[ONE_OUT]] {{.*}} -> tensor<3xf32>
// CHECK:       %[[G_COS:.*]] = nx.multiply %[[SEED_OUT]], %[[SEED_IN]] : tensor<3xf32>
// CHECK-NEXT:  %[[SIN:.*]] = nx.sin %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[NEG:.*]] = nx.negate %[[SIN]] : tensor<3xf32>
// CHECK-NEXT:  %[[GX:.*]] = nx.multiply %[[G_COS]], %[[NEG]] : tensor<3xf32>
// CHECK-NEXT:  return %[[GX]] : tensor<3xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.grad %a {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
        ^bb0(%b: tensor<3xf32>):
          %2 = nx.sin %b : tensor<3xf32>
          %3 = nx.sum %2 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
          nx.yield %3 : (tensor<f32>) -> ()
      }) : tensor<3xf32>
      %4 = nx.sum %1 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %4 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}
