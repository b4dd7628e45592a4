// vectorize on nx.dynamic_slice (a window of 2 of a 5-vector per entry):
// @plain_start: x [b: 2] with one start for every entry: one dynamic_slice of 2x5 with start 0
//   and the full length 2 for the vectorized axis.
// @vec_start: a start per entry: a gather of every element of each entry's window, at
//   (entry, clamp(start, 0, 5 - 2) + offset), the clamping dynamic_slice does (XLA's).
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @plain_start(%arg0: tensor<2x5xf32>, %arg1: tensor<i32>) -> tensor<2x2xf32>
// CHECK-NEXT:  %[[Z:.*]] = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
// CHECK-NEXT:  %[[S:.*]] = nx.dynamic_slice %arg0, %[[Z]], %arg1 {lengths = array<i64: 2, 2>} : (tensor<2x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
// CHECK-NEXT:  return %[[S]] : tensor<2x2xf32>

// CHECK-LABEL: func.func @vec_start(%arg0: tensor<2x5xf32>, %arg1: tensor<2xi32>) -> tensor<2x2xf32>
// CHECK-NEXT:  %[[HI:.*]] = nx.constant {value = dense<3> : tensor<i32>}
// CHECK-NEXT:  %[[MIN:.*]] = nx.min %arg1, %[[HI]] : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
// CHECK-NEXT:  %[[LO:.*]] = nx.constant {value = dense<0> : tensor<i32>}
// CHECK-NEXT:  %[[ST:.*]] = nx.max %[[MIN]], %[[LO]] : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
// CHECK-NEXT:  %[[ST1:.*]] = nx.reshape %[[ST]] {shape = array<i64: 2, 1>}
// CHECK-NEXT:  %[[OFF:.*]] = nx.iota {axis = 1 : i64, shape = array<i64: 2, 2>, type = i32}
// CHECK-NEXT:  %[[POS:.*]] = nx.add %[[ST1]], %[[OFF]] : (tensor<2x1xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
// CHECK-NEXT:  %[[COL:.*]] = nx.reshape %[[POS]] {shape = array<i64: 2, 2, 1>}
// CHECK-NEXT:  %[[ENT:.*]] = nx.iota {axis = 0 : i64, shape = array<i64: 2, 2, 1>, type = i32}
// CHECK-NEXT:  %[[IDX:.*]] = nx.concatenate %[[ENT]], %[[COL]] {axis = 2 : i64} : (tensor<2x2x1xi32>, tensor<2x2x1xi32>) -> tensor<2x2x2xi32>
// CHECK-NEXT:  %[[G:.*]] = nx.gather %arg0, %[[IDX]] {axes = array<i64: 0, 1>} : (tensor<2x5xf32>, tensor<2x2x2xi32>) -> tensor<2x2xf32>
// CHECK-NEXT:  return %[[G]] : tensor<2x2xf32>

// NOVEC-NOT: !nx.vec

func.func @plain_start(%x: !nx.vec<[b: 2], tensor<5xf32>>, %s: tensor<i32>) -> !nx.vec<[b: 2], tensor<2xf32>> {
  %0 = nx.dynamic_slice %x, %s {lengths = array<i64: 2>} : (!nx.vec<[b: 2], tensor<5xf32>>, tensor<i32>) -> !nx.vec<[b: 2], tensor<2xf32>>
  return %0 : !nx.vec<[b: 2], tensor<2xf32>>
}

func.func @vec_start(%x: !nx.vec<[b: 2], tensor<5xf32>>, %s: !nx.vec<[b: 2], tensor<i32>>) -> !nx.vec<[b: 2], tensor<2xf32>> {
  %0 = nx.dynamic_slice %x, %s {lengths = array<i64: 2>} : (!nx.vec<[b: 2], tensor<5xf32>>, !nx.vec<[b: 2], tensor<i32>>) -> !nx.vec<[b: 2], tensor<2xf32>>
  return %0 : !nx.vec<[b: 2], tensor<2xf32>>
}
