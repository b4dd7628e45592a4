// grad-expansion through binary ops with implicit broadcasting: each cotangent is summed back
// to its operand's shape.
//   f(x, y, z) = sum(x * y - z),  x: 2x3, y: 2x1 (broadcast along axis 1), z: 3 (broadcast
//   along a new leading axis)
//   df/dx = g * y                       (2x3, no reduction)
//   df/dy = sum(g * x, axis 1, keep)    (back to 2x1)
//   df/dz = sum(-g, axis 0)             (back to 3)
// with g = 1.0 broadcast to 2x3 (the seed pulled back through the full sum).
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t

// CHECK-LABEL: func.func @main
// CHECK:       %[[MUL:.*]] = nx.multiply %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  %[[SUB:.*]] = nx.subtract %[[MUL]], %arg2 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  nx.sum %[[SUB]] {axes = array<i64: 0, 1>, keep_axes = false}
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[G:.*]] = nx.broadcast %[[ONE]] {axes = array<i64>, shape = array<i64: 2, 3>} : (tensor<f32>) -> tensor<2x3xf32>
// CHECK-DAG:   %[[NEG:.*]] = nx.negate %[[G]] : tensor<2x3xf32>
// CHECK-DAG:   %[[GZ:.*]] = nx.sum %[[NEG]] {axes = array<i64: 0>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK-DAG:   %[[GX:.*]] = nx.multiply %[[G]], %arg1 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-DAG:   %[[GXY:.*]] = nx.multiply %[[G]], %arg0 : tensor<2x3xf32>
// CHECK-DAG:   %[[GY:.*]] = nx.sum %[[GXY]] {axes = array<i64: 1>, keep_axes = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK:       return %[[GX]], %[[GY]], %[[GZ]] : tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>

// NOGRAD-NOT: nx.grad

func.func @main(%x: tensor<2x3xf32>, %y: tensor<2x1xf32>, %z: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>) {
  %0:3 = nx.grad %x, %y, %z {num_values = 0 : i64, result_types = [tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>]} ({
    ^bb0(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<3xf32>):
      %1 = nx.multiply %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
      %2 = nx.subtract %1, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      %3 = nx.sum %2 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<f32>
      nx.yield %3 : (tensor<f32>) -> ()
  }) : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x3xf32>, tensor<2x1xf32>, tensor<3xf32>
}
