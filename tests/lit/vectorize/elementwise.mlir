// vectorize on element-wise ops: a `!nx.vec<[rows: 3], tensor<4xf32>>` becomes a
// tensor<3x4xf32> (the vectorized axis leads), for function arguments and results too, and an
// element-wise op on it is the same op on the plain tensor. A function without vectorized
// values is left as it is.
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @main(%arg0: tensor<3x4xf32>, %arg1: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xui8>)
// CHECK-NEXT:  %[[E:.*]] = nx.exp %arg0 : tensor<3x4xf32>
// CHECK-NEXT:  %[[S:.*]] = nx.add %[[E]], %arg1 : tensor<3x4xf32>
// CHECK-NEXT:  %[[L:.*]] = nx.less %[[S]], %arg0 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xui8>
// CHECK-NEXT:  return %[[S]], %[[L]] : tensor<3x4xf32>, tensor<3x4xui8>

// CHECK-LABEL: func.func @plain(%arg0: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:  nx.exp %arg0 : tensor<4xf32>

// NOVEC-NOT: !nx.vec

func.func @main(%x: !nx.vec<[rows: 3], tensor<4xf32>>, %y: !nx.vec<[rows: 3], tensor<4xf32>>) -> (!nx.vec<[rows: 3], tensor<4xf32>>, !nx.vec<[rows: 3], tensor<4xui8>>) {
  %0 = nx.exp %x : !nx.vec<[rows: 3], tensor<4xf32>>
  %1 = nx.add %0, %y : !nx.vec<[rows: 3], tensor<4xf32>>
  %2 = nx.less %1, %x : (!nx.vec<[rows: 3], tensor<4xf32>>, !nx.vec<[rows: 3], tensor<4xf32>>) -> !nx.vec<[rows: 3], tensor<4xui8>>
  return %1, %2 : !nx.vec<[rows: 3], tensor<4xf32>>, !nx.vec<[rows: 3], tensor<4xui8>>
}

func.func @plain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nx.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
