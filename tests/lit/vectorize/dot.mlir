// vectorize on nx.dot, per entry x . w:
// @lhs: x [rows: 3] 4 . w 4x5 -> [rows: 3] 5: one plain dot of 3x4 and 4x5, the vectorized
//   axis is a free axis of the left operand (contract_a shifts from 0 to 1).
// @rhs: m 2x5 . v [rows: 3] 5x4 -> [rows: 3] 2x4: one plain dot contracting v's axis 1 (shifted
//   from 0); the free axes come out as (m's 2, rows 3, v's 4), transposed to (3, 2, 4).
// @both: v [rows: 3] 5x4 . x [rows: 3] 4 -> [rows: 3] 5: the vectorized axis becomes a batch
//   dimension of both (batch axis 0, contracting axes shifted by 1).
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @lhs(%arg0: tensor<3x4xf32>, %arg1: tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:  %[[D:.*]] = nx.dot %arg0, %arg1
// CHECK-SAME:    {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>}
// CHECK-SAME:    : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:  return %[[D]] : tensor<3x5xf32>

// CHECK-LABEL: func.func @rhs(%arg0: tensor<2x5xf32>, %arg1: tensor<3x5x4xf32>) -> tensor<3x2x4xf32>
// CHECK-NEXT:  %[[D:.*]] = nx.dot %arg0, %arg1
// CHECK-SAME:    {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 1>}
// CHECK-SAME:    : (tensor<2x5xf32>, tensor<3x5x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:  %[[T:.*]] = nx.transpose %[[D]] {axes = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
// CHECK-NEXT:  return %[[T]] : tensor<3x2x4xf32>

// CHECK-LABEL: func.func @both(%arg0: tensor<3x5x4xf32>, %arg1: tensor<3x4xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:  %[[D:.*]] = nx.dot %arg0, %arg1
// CHECK-SAME:    {batch_a = array<i64: 0>, batch_b = array<i64: 0>, contract_a = array<i64: 2>, contract_b = array<i64: 1>}
// CHECK-SAME:    : (tensor<3x5x4xf32>, tensor<3x4xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:  return %[[D]] : tensor<3x5xf32>

// NOVEC-NOT: !nx.vec

func.func @lhs(%x: !nx.vec<[rows: 3], tensor<4xf32>>, %w: tensor<4x5xf32>) -> !nx.vec<[rows: 3], tensor<5xf32>> {
  %0 = nx.dot %x, %w {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 0>, contract_b = array<i64: 0>} : (!nx.vec<[rows: 3], tensor<4xf32>>, tensor<4x5xf32>) -> !nx.vec<[rows: 3], tensor<5xf32>>
  return %0 : !nx.vec<[rows: 3], tensor<5xf32>>
}

func.func @rhs(%m: tensor<2x5xf32>, %v: !nx.vec<[rows: 3], tensor<5x4xf32>>) -> !nx.vec<[rows: 3], tensor<2x4xf32>> {
  %0 = nx.dot %m, %v {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (tensor<2x5xf32>, !nx.vec<[rows: 3], tensor<5x4xf32>>) -> !nx.vec<[rows: 3], tensor<2x4xf32>>
  return %0 : !nx.vec<[rows: 3], tensor<2x4xf32>>
}

func.func @both(%v: !nx.vec<[rows: 3], tensor<5x4xf32>>, %x: !nx.vec<[rows: 3], tensor<4xf32>>) -> !nx.vec<[rows: 3], tensor<5xf32>> {
  %0 = nx.dot %v, %x {batch_a = array<i64>, batch_b = array<i64>, contract_a = array<i64: 1>, contract_b = array<i64: 0>} : (!nx.vec<[rows: 3], tensor<5x4xf32>>, !nx.vec<[rows: 3], tensor<4xf32>>) -> !nx.vec<[rows: 3], tensor<5xf32>>
  return %0 : !nx.vec<[rows: 3], tensor<5xf32>>
}
