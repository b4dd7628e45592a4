// vectorize on binary ops whose operands have different vectorized axes: they broadcast by
// name, and the result's axes come first in the result type's order.
// @same_axes_other_order: x [a: 2, b: 4] + y [b: 4, a: 2] -> [a: 2, b: 4]: y (4x2x3) is
//   transposed to a, b order (2x4x3) before the add; x is used as it is.
// @two_axes: z [b: 4] scalar * w [a: 2] 3 -> [b: 4, a: 2] 3: each operand gets size 1 for the
//   axis it lacks, in the result's order (z: 4x1, w: 1x2x3); z, whose inner rank is lower,
//   also gets a size-1 inner axis (4x1x1) so that broadcasting never mixes vectorized and
//   inner axes: out[b, a, i] = z[b] * w[a, i], a 4x2x3 tensor.
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @same_axes_other_order(%arg0: tensor<2x4x3xf32>, %arg1: tensor<4x2x3xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT:  %[[T:.*]] = nx.transpose %arg1 {axes = array<i64: 1, 0, 2>} : (tensor<4x2x3xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT:  %[[S:.*]] = nx.add %arg0, %[[T]] : tensor<2x4x3xf32>
// CHECK-NEXT:  return %[[S]] : tensor<2x4x3xf32>

// CHECK-LABEL: func.func @two_axes(%arg0: tensor<4xf32>, %arg1: tensor<2x3xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:  %[[Z1:.*]] = nx.reshape %arg0 {shape = array<i64: 4, 1>} : (tensor<4xf32>) -> tensor<4x1xf32>
// CHECK-NEXT:  %[[W:.*]] = nx.reshape %arg1 {shape = array<i64: 1, 2, 3>} : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
// CHECK-NEXT:  %[[Z:.*]] = nx.reshape %[[Z1]] {shape = array<i64: 4, 1, 1>} : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
// CHECK-NEXT:  %[[M:.*]] = nx.multiply %[[Z]], %[[W]] : (tensor<4x1x1xf32>, tensor<1x2x3xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:  return %[[M]] : tensor<4x2x3xf32>

// NOVEC-NOT: !nx.vec

func.func @same_axes_other_order(%x: !nx.vec<[a: 2, b: 4], tensor<3xf32>>, %y: !nx.vec<[b: 4, a: 2], tensor<3xf32>>) -> !nx.vec<[a: 2, b: 4], tensor<3xf32>> {
  %0 = nx.add %x, %y : (!nx.vec<[a: 2, b: 4], tensor<3xf32>>, !nx.vec<[b: 4, a: 2], tensor<3xf32>>) -> !nx.vec<[a: 2, b: 4], tensor<3xf32>>
  return %0 : !nx.vec<[a: 2, b: 4], tensor<3xf32>>
}

func.func @two_axes(%z: !nx.vec<[b: 4], tensor<f32>>, %w: !nx.vec<[a: 2], tensor<3xf32>>) -> !nx.vec<[b: 4, a: 2], tensor<3xf32>> {
  %0 = nx.multiply %z, %w : (!nx.vec<[b: 4], tensor<f32>>, !nx.vec<[a: 2], tensor<3xf32>>) -> !nx.vec<[b: 4, a: 2], tensor<3xf32>>
  return %0 : !nx.vec<[b: 4, a: 2], tensor<3xf32>>
}
