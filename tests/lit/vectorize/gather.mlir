// vectorize on nx.gather (x: 3x4 per entry, indices 5x1 into axis 0, result 5x4 per entry):
// @vec_operand: x [b: 2] with plain indices: one gather over the shifted axis 1 of 2x3x4; the
//   vectorized axis comes out after the index batch axis (5x2x4) and is transposed to the
//   front (2x5x4).
// @vec_indices: plain x with indices [b: 2]: the indices' leading axis is a batch axis of the
//   gather already (2x5x1 indices give 2x5x4).
// @both: the indices get the entry's position (an iota over the vectorized axis) as a leading
//   index column (2x5x2) and the gather indexes the vectorized axis too (axes 0, 1).
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @vec_operand(%arg0: tensor<2x3x4xf32>, %arg1: tensor<5x1xi32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  %[[G:.*]] = nx.gather %arg0, %arg1 {axes = array<i64: 1>} : (tensor<2x3x4xf32>, tensor<5x1xi32>) -> tensor<5x2x4xf32>
// CHECK-NEXT:  %[[T:.*]] = nx.transpose %[[G]] {axes = array<i64: 1, 0, 2>} : (tensor<5x2x4xf32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  return %[[T]] : tensor<2x5x4xf32>

// CHECK-LABEL: func.func @vec_indices(%arg0: tensor<3x4xf32>, %arg1: tensor<2x5x1xi32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  %[[G:.*]] = nx.gather %arg0, %arg1 {axes = array<i64: 0>} : (tensor<3x4xf32>, tensor<2x5x1xi32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  return %[[G]] : tensor<2x5x4xf32>

// CHECK-LABEL: func.func @both(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x5x1xi32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  %[[E:.*]] = nx.iota {axis = 0 : i64, shape = array<i64: 2, 5, 1>, type = i32} : () -> tensor<2x5x1xi32>
// CHECK-NEXT:  %[[I:.*]] = nx.concatenate %[[E]], %arg1 {axis = 2 : i64} : (tensor<2x5x1xi32>, tensor<2x5x1xi32>) -> tensor<2x5x2xi32>
// CHECK-NEXT:  %[[G:.*]] = nx.gather %arg0, %[[I]] {axes = array<i64: 0, 1>} : (tensor<2x3x4xf32>, tensor<2x5x2xi32>) -> tensor<2x5x4xf32>
// CHECK-NEXT:  return %[[G]] : tensor<2x5x4xf32>

// NOVEC-NOT: !nx.vec

func.func @vec_operand(%x: !nx.vec<[b: 2], tensor<3x4xf32>>, %i: tensor<5x1xi32>) -> !nx.vec<[b: 2], tensor<5x4xf32>> {
  %0 = nx.gather %x, %i {axes = array<i64: 0>} : (!nx.vec<[b: 2], tensor<3x4xf32>>, tensor<5x1xi32>) -> !nx.vec<[b: 2], tensor<5x4xf32>>
  return %0 : !nx.vec<[b: 2], tensor<5x4xf32>>
}

func.func @vec_indices(%x: tensor<3x4xf32>, %i: !nx.vec<[b: 2], tensor<5x1xi32>>) -> !nx.vec<[b: 2], tensor<5x4xf32>> {
  %0 = nx.gather %x, %i {axes = array<i64: 0>} : (tensor<3x4xf32>, !nx.vec<[b: 2], tensor<5x1xi32>>) -> !nx.vec<[b: 2], tensor<5x4xf32>>
  return %0 : !nx.vec<[b: 2], tensor<5x4xf32>>
}

func.func @both(%x: !nx.vec<[b: 2], tensor<3x4xf32>>, %i: !nx.vec<[b: 2], tensor<5x1xi32>>) -> !nx.vec<[b: 2], tensor<5x4xf32>> {
  %0 = nx.gather %x, %i {axes = array<i64: 0>} : (!nx.vec<[b: 2], tensor<3x4xf32>>, !nx.vec<[b: 2], tensor<5x1xi32>>) -> !nx.vec<[b: 2], tensor<5x4xf32>>
  return %0 : !nx.vec<[b: 2], tensor<5x4xf32>>
}
