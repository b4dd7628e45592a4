// grad-expansion through an nx.cond inside the grad region: the adjoint is a second nx.cond on
// the same predicate whose branches pull the cotangent back through each branch.
//   f(x) = sum(sum(x) > 0 ? x * x : sin(x))
//   df/dx = sum(x) > 0 ? g * x + g * x (= 2x) : g * cos(x)
// The predicate (through the comparison) carries no gradient.
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK:       %[[P:.*]] = nx.greater
// CHECK-NEXT:  nx.cond %[[P]]
// CHECK:       %[[SEED:.*]] = nx.broadcast {{.*}} -> tensor<3xf32>
// CHECK-NEXT:  %[[GX:.*]] = nx.cond %[[P]] {result_types = [tensor<3xf32>]} ({
// CHECK:         %[[A:.*]] = nx.multiply %[[SEED]], %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[B:.*]] = nx.multiply %[[SEED]], %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[SUM:.*]] = nx.add %[[A]], %[[B]] : tensor<3xf32>
// CHECK-NEXT:    nx.yield %[[SUM]] : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }, {
// CHECK:         %[[COS:.*]] = nx.cos %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[C:.*]] = nx.multiply %[[SEED]], %[[COS]] : tensor<3xf32>
// CHECK-NEXT:    nx.yield %[[C]] : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<ui8>) -> tensor<3xf32>
// CHECK-NEXT:  return %[[GX]] : tensor<3xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.sum %a {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      %2 = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
      %3 = nx.greater %1, %2 : (tensor<f32>, tensor<f32>) -> tensor<ui8>
      %4 = nx.cond %3 {result_types = [tensor<3xf32>]} ({
        ^bb0:
          %5 = nx.multiply %a, %a : tensor<3xf32>
          nx.yield %5 : (tensor<3xf32>) -> ()
      }, {
        ^bb0:
          %6 = nx.sin %a : tensor<3xf32>
          nx.yield %6 : (tensor<3xf32>) -> ()
      }) : (tensor<ui8>) -> tensor<3xf32>
      %7 = nx.sum %4 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %7 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}
