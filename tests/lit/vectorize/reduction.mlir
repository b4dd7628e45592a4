// vectorize on reductions: the reduced (inner) axes shift past the vectorized axes, which are
// never reduced.
//   sum over inner axis 0 of [rows: 3] 4x5           -> axis 1 of 3x4x5, result 3x5
//   reduce_max over inner axis 1 of [a: 2, b: 6] 4x5 (keep_axes) -> axis 3 of 2x6x4x5, 2x6x4x1
//   product over all inner axes of [rows: 3] 4x5     -> axes 1, 2, result 3 (one per entry)
//   argmax over inner axis 1                         -> axis 2, result 3x4
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3x4x5xf32>, %arg1: tensor<2x6x4x5xf32>) -> (tensor<3x5xf32>, tensor<2x6x4x1xf32>, tensor<3xf32>, tensor<3x4xi32>)
// CHECK-NEXT:  %[[S:.*]] = nx.sum %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<3x4x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:  %[[M:.*]] = nx.reduce_max %arg1 {axes = array<i64: 3>, keep_axes = true} : (tensor<2x6x4x5xf32>) -> tensor<2x6x4x1xf32>
// CHECK-NEXT:  %[[P:.*]] = nx.product %arg0 {axes = array<i64: 1, 2>, keep_axes = false} : (tensor<3x4x5xf32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[A:.*]] = nx.argmax %arg0 {axis = 2 : i64, {{.*}}} : (tensor<3x4x5xf32>) -> tensor<3x4xi32>
// CHECK-NEXT:  return %[[S]], %[[M]], %[[P]], %[[A]]

// NOVEC-NOT: !nx.vec

func.func @main(%x: !nx.vec<[rows: 3], tensor<4x5xf32>>, %y: !nx.vec<[a: 2, b: 6], tensor<4x5xf32>>) -> (!nx.vec<[rows: 3], tensor<5xf32>>, !nx.vec<[a: 2, b: 6], tensor<4x1xf32>>, !nx.vec<[rows: 3], tensor<f32>>, !nx.vec<[rows: 3], tensor<4xi32>>) {
  %0 = nx.sum %x {axes = array<i64: 0>, keep_axes = false} : (!nx.vec<[rows: 3], tensor<4x5xf32>>) -> !nx.vec<[rows: 3], tensor<5xf32>>
  %1 = nx.reduce_max %y {axes = array<i64: 1>, keep_axes = true} : (!nx.vec<[a: 2, b: 6], tensor<4x5xf32>>) -> !nx.vec<[a: 2, b: 6], tensor<4x1xf32>>
  %2 = nx.product %x {axes = array<i64: 0, 1>, keep_axes = false} : (!nx.vec<[rows: 3], tensor<4x5xf32>>) -> !nx.vec<[rows: 3], tensor<f32>>
  %3 = nx.argmax %x {axis = 1 : i64, keep_axis = false, tie_break = "low", type = i32} : (!nx.vec<[rows: 3], tensor<4x5xf32>>) -> !nx.vec<[rows: 3], tensor<4xi32>>
  return %0, %1, %2, %3 : !nx.vec<[rows: 3], tensor<5xf32>>, !nx.vec<[a: 2, b: 6], tensor<4x1xf32>>, !nx.vec<[rows: 3], tensor<f32>>, !nx.vec<[rows: 3], tensor<4xi32>>
}
