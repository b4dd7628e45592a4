// vectorize on an op with a vectorized operand and an unvectorized one: the plain operand is
// the same for every entry and broadcasts against the inner axes, right-aligned, as it is.
// @scalar_entries: x [rows: 3] scalar - y 4 -> [rows: 3] 4: x (3) gets a size-1 inner axis
//   (3x1) so that it broadcasts against y's 4 per entry (out[r, i] = x[r] - y[i]), not
//   against the rows.
// @plain_first: y 4 * m [rows: 3] 2x4 -> [rows: 3] 2x4: no reshape needed, y right-aligns with
//   m's inner axes (out[r, i, j] = y[j] * m[r, i, j]).
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @scalar_entries(%arg0: tensor<3xf32>, %arg1: tensor<4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:  %[[X:.*]] = nx.reshape %arg0 {shape = array<i64: 3, 1>} : (tensor<3xf32>) -> tensor<3x1xf32>
// CHECK-NEXT:  %[[D:.*]] = nx.subtract %[[X]], %arg1 : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:  return %[[D]] : tensor<3x4xf32>

// CHECK-LABEL: func.func @plain_first(%arg0: tensor<4xf32>, %arg1: tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
// CHECK-NEXT:  %[[M:.*]] = nx.multiply %arg0, %arg1 : (tensor<4xf32>, tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
// CHECK-NEXT:  return %[[M]] : tensor<3x2x4xf32>

// NOVEC-NOT: !nx.vec

func.func @scalar_entries(%x: !nx.vec<[rows: 3], tensor<f32>>, %y: tensor<4xf32>) -> !nx.vec<[rows: 3], tensor<4xf32>> {
  %0 = nx.subtract %x, %y : (!nx.vec<[rows: 3], tensor<f32>>, tensor<4xf32>) -> !nx.vec<[rows: 3], tensor<4xf32>>
  return %0 : !nx.vec<[rows: 3], tensor<4xf32>>
}

func.func @plain_first(%y: tensor<4xf32>, %m: !nx.vec<[rows: 3], tensor<2x4xf32>>) -> !nx.vec<[rows: 3], tensor<2x4xf32>> {
  %0 = nx.multiply %y, %m : (tensor<4xf32>, !nx.vec<[rows: 3], tensor<2x4xf32>>) -> !nx.vec<[rows: 3], tensor<2x4xf32>>
  return %0 : !nx.vec<[rows: 3], tensor<2x4xf32>>
}
