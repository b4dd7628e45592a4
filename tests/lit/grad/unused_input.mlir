// grad-expansion with an input the objective does not depend on: its gradient is zeros of its
// shape (f32), while the other input gets its gradient.
//   f(x, y, n) = sum(exp(x))    df/dx = exp(x), df/dy = 0 (2x2 zeros), df/dn = 0 (f32 zeros
//   for the integer input)
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<2x2xf32>, %arg2: tensor<4xi32>) -> (tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>)
// CHECK-NEXT:  %[[EXP:.*]] = nx.exp %arg0 : tensor<3xf32>
// CHECK-NEXT:  nx.sum %[[EXP]]
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[SEED:.*]] = nx.broadcast %[[ONE]] {{.*}} -> tensor<3xf32>
// CHECK-NEXT:  %[[GX:.*]] = nx.multiply %[[SEED]], %[[EXP]] : tensor<3xf32>
// CHECK-DAG:   %[[Z:.*]] = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-DAG:   %[[GY:.*]] = nx.broadcast %[[Z]] {axes = array<i64>, shape = array<i64: 2, 2>} : (tensor<f32>) -> tensor<2x2xf32>
// CHECK-DAG:   %[[ZN:.*]] = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-DAG:   %[[GN:.*]] = nx.broadcast %[[ZN]] {axes = array<i64>, shape = array<i64: 4>} : (tensor<f32>) -> tensor<4xf32>
// CHECK:       return %[[GX]], %[[GY]], %[[GN]] : tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%x: tensor<3xf32>, %y: tensor<2x2xf32>, %n: tensor<4xi32>) -> (tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>) {
  %0:3 = nx.grad %x, %y, %n {num_values = 0 : i64, result_types = [tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>]} ({
    ^bb0(%a: tensor<3xf32>, %b: tensor<2x2xf32>, %c: tensor<4xi32>):
      %1 = nx.exp %a : tensor<3xf32>
      %2 = nx.sum %1 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %2 : (tensor<f32>) -> ()
  }) : (tensor<3xf32>, tensor<2x2xf32>, tensor<4xi32>) -> (tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>)
  return %0#0, %0#1, %0#2 : tensor<3xf32>, tensor<2x2xf32>, tensor<4xf32>
}
