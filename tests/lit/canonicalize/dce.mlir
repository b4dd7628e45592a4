// canonicalize: DCE removes pure ops whose results are unused, transitively; used ops and the
// function's arguments stay.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32> {
// CHECK-NEXT:  %0 = nx.sin %arg0 : tensor<3xf32>
// CHECK-NEXT:  return %0 : tensor<3xf32>
// CHECK-NEXT: }
// CHECK-NOT:   nx.cos
// CHECK-NOT:   nx.exp

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg1 : tensor<3xf32>
  %1 = nx.cos %0 : tensor<3xf32>
  %2 = nx.sin %arg0 : tensor<3xf32>
  %3 = nx.add %1, %0 : tensor<3xf32>
  return %2 : tensor<3xf32>
}
