// canonicalize must NOT merge identical ops in sibling regions (neither dominates the other),
// nor hoist them out.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      %1 = nx.cos %arg0 : tensor<3xf32>
// CHECK-NEXT:      nx.yield %1 : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }, {
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      %2 = nx.cos %arg0 : tensor<3xf32>
// CHECK-NEXT:      %3 = nx.negate %2 : tensor<3xf32>
// CHECK-NEXT:      nx.yield %3 : (tensor<3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<ui8>) -> tensor<3xf32>
// CHECK-NEXT:  return %0 : tensor<3xf32>

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> tensor<3xf32> {
  %0 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
    ^bb0:
      %1 = nx.cos %arg0 : tensor<3xf32>
      nx.yield %1 : (tensor<3xf32>) -> ()
  }, {
    ^bb0:
      %2 = nx.cos %arg0 : tensor<3xf32>
      %3 = nx.negate %2 : tensor<3xf32>
      nx.yield %3 : (tensor<3xf32>) -> ()
  }) : (tensor<ui8>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
