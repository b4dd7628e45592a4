// vectorize on nx.revectorize, a view of the elements (vectorized axes first, then the inner
// shape, row-major) as another type: it becomes a reshape of the plain layout, or nothing when
// the plain layout is the same.
// - plain 2x3x2 viewed as [a: 2] 3x2: the same 2x3x2 layout: no op (the argument is returned)
// - [a: 2, b: 3] 2 viewed as [rows: 6] 2: a reshape 2x3x2 -> 6x2
// - [a: 2, b: 3] 2 viewed as plain 12: a reshape 2x3x2 -> 12 (a devectorize and flatten)
// - [a: 2, b: 3] scalar viewed as [a: 2] 3 (b moves into the entries): the same 2x3 layout, no op
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x2xf32>, %arg1: tensor<2x3x2xf32>) -> (tensor<2x3x2xf32>, tensor<6x2xf32>, tensor<12xf32>, tensor<2x3xf32>)
// CHECK-NEXT:  %[[R6:.*]] = nx.reshape %arg1 {shape = array<i64: 6, 2>} : (tensor<2x3x2xf32>) -> tensor<6x2xf32>
// CHECK-NEXT:  %[[R12:.*]] = nx.reshape %arg1 {shape = array<i64: 12>} : (tensor<2x3x2xf32>) -> tensor<12xf32>
// CHECK-NEXT:  %[[S:.*]] = nx.sum %arg1 {axes = array<i64: 2>, keep_axes = false} : (tensor<2x3x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  return %arg0, %[[R6]], %[[R12]], %[[S]] : tensor<2x3x2xf32>, tensor<6x2xf32>, tensor<12xf32>, tensor<2x3xf32>

// NOVEC-NOT: !nx.vec
// NOVEC-NOT: nx.revectorize

func.func @main(%t: tensor<2x3x2xf32>, %x: !nx.vec<[a: 2, b: 3], tensor<2xf32>>) -> (!nx.vec<[a: 2], tensor<3x2xf32>>, !nx.vec<[rows: 6], tensor<2xf32>>, tensor<12xf32>, !nx.vec<[a: 2], tensor<3xf32>>) {
  %0 = nx.revectorize %t {to = !nx.vec<[a: 2], tensor<3x2xf32>>} : (tensor<2x3x2xf32>) -> !nx.vec<[a: 2], tensor<3x2xf32>>
  %1 = nx.revectorize %x {to = !nx.vec<[rows: 6], tensor<2xf32>>} : (!nx.vec<[a: 2, b: 3], tensor<2xf32>>) -> !nx.vec<[rows: 6], tensor<2xf32>>
  %2 = nx.revectorize %x {to = tensor<12xf32>} : (!nx.vec<[a: 2, b: 3], tensor<2xf32>>) -> tensor<12xf32>
  %3 = nx.sum %x {axes = array<i64: 0>, keep_axes = false} : (!nx.vec<[a: 2, b: 3], tensor<2xf32>>) -> !nx.vec<[a: 2, b: 3], tensor<f32>>
  %4 = nx.revectorize %3 {to = !nx.vec<[a: 2], tensor<3xf32>>} : (!nx.vec<[a: 2, b: 3], tensor<f32>>) -> !nx.vec<[a: 2], tensor<3xf32>>
  return %0, %1, %2, %4 : !nx.vec<[a: 2], tensor<3x2xf32>>, !nx.vec<[rows: 6], tensor<2xf32>>, tensor<12xf32>, !nx.vec<[a: 2], tensor<3xf32>>
}
