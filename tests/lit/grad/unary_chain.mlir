// grad-expansion on a unary chain, value and gradient (num_values = 1):
//   f(x) = sum(exp(sin(x)))   df/dx = exp(sin(x)) * cos(x)
// The forward ops are inlined once; the adjoint starts from the seed 1.0 broadcast to the
// shape of sum's operand, multiplies by exp's result (exp' = exp) and then by cos(x) (sin' =
// cos), in reverse program order. The yielded value is the first result, the gradient the second.
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
// CHECK-NEXT:  %[[SIN:.*]] = nx.sin %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[EXP:.*]] = nx.exp %[[SIN]] : tensor<3xf32>
// CHECK-NEXT:  %[[OBJ:.*]] = nx.sum %[[EXP]] {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %[[SEED:.*]] = nx.broadcast %[[ONE]] {axes = array<i64>, shape = array<i64: 3>} : (tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[G_SIN:.*]] = nx.multiply %[[SEED]], %[[EXP]] : tensor<3xf32>
// CHECK-NEXT:  %[[COS:.*]] = nx.cos %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[G_X:.*]] = nx.multiply %[[G_SIN]], %[[COS]] : tensor<3xf32>
// CHECK-NEXT:  return %[[OBJ]], %[[G_X]] : tensor<f32>, tensor<3xf32>

// NOGRAD-NOT: nx.grad
// NOGRAD-NOT: nx.yield

func.func @main(%x: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %0:2 = nx.grad %x {num_values = 1 : i64, result_types = [tensor<f32>, tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.sin %a : tensor<3xf32>
      %2 = nx.exp %1 : tensor<3xf32>
      %3 = nx.sum %2 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %3, %3 : (tensor<f32>, tensor<f32>) -> ()
  }) : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<3xf32>
}
