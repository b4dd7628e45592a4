// canonicalize inside regions: an op in a region that repeats one defined above it is merged
// with it; ops with regions themselves are kept, and ops unused inside a region are removed.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.exp %arg0 : tensor<3xf32>
// CHECK-NEXT:  %1 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      nx.yield %0 : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }, {
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      %2 = nx.negate %0 : tensor<3xf32>
// CHECK-NEXT:      nx.yield %2 : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<ui8>) -> tensor<3xf32>
// CHECK-NEXT:  return %1 : tensor<3xf32>

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
    ^bb0:
      %2 = nx.exp %arg0 : tensor<3xf32>
      nx.yield %2 : (tensor<3xf32>) -> ()
  }, {
    ^bb0:
      %3 = nx.negate %0 : tensor<3xf32>
      %4 = nx.sin %0 : tensor<3xf32>
      nx.yield %3 : (tensor<3xf32>) -> ()
  }) : (tensor<ui8>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
