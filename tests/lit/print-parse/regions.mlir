// Ops with regions (nx.while, nx.cond), multi-result values (%1:2, %1#0) and block arguments
// round trip in both forms. SSA names are labels: the printer numbers them afresh.
// RUN: nxc opt %s | FileCheck %s
// RUN: nxc opt %s --generic | nxc opt - | FileCheck %s
// RUN: nxc opt %s --generic | FileCheck %s --check-prefix=GENERIC

// CHECK:      func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> (tensor<3xf32>, tensor<i32>) {
// CHECK:      %1:2 = nx.while %arg0, %0 ({
// CHECK-NEXT:   ^bb0(%arg2: tensor<3xf32>, %arg3: tensor<i32>):
// CHECK-NEXT:     %2 = nx.constant {value = dense<10> : tensor<i32>} : () -> tensor<i32>
// CHECK-NEXT:     %3 = nx.less %arg3, %2 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
// CHECK-NEXT:     nx.yield %3 : (tensor<ui8>) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT:   ^bb0(%arg4: tensor<3xf32>, %arg5: tensor<i32>):
// CHECK-NEXT:     %4 = nx.exp %arg4 : tensor<3xf32>
// CHECK-NEXT:     %5 = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
// CHECK-NEXT:     %6 = nx.add %arg5, %5 : tensor<i32>
// CHECK-NEXT:     nx.yield %4, %6 : (tensor<3xf32>, tensor<i32>) -> ()
// CHECK-NEXT: }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
// CHECK-NEXT: %7 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
// CHECK-NEXT:   ^bb0:
// CHECK-NEXT:     nx.yield %1#0 : (tensor<3xf32>) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT:   ^bb0:
// CHECK-NEXT:     %8 = nx.negate %arg0 : tensor<3xf32>
// CHECK-NEXT:     nx.yield %8 : (tensor<3xf32>) -> ()
// CHECK-NEXT: }) : (tensor<ui8>) -> tensor<3xf32>
// CHECK-NEXT: return %7, %1#1 : tensor<3xf32>, tensor<i32>

// GENERIC: %1:2 = "nx.while"(%arg0, %0) ({
// GENERIC: "nx.yield"(%4, %6) : (tensor<3xf32>, tensor<i32>) -> ()
// GENERIC: }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
// GENERIC: %7 = "nx.cond"(%arg1) ({
// GENERIC: }) {result_types = [tensor<3xf32>]} : (tensor<ui8>) -> tensor<3xf32>

module {
  func.func @main(%arg0: tensor<3xf32>, %arg5: tensor<ui8>) -> (tensor<3xf32>, tensor<i32>) {
    %0 = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1:2 = nx.while %arg0, %0 ({
      ^bb0(%arg1: tensor<3xf32>, %arg2: tensor<i32>):
        %2 = nx.constant {value = dense<10> : tensor<i32>} : () -> tensor<i32>
        %3 = nx.less %arg2, %2 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
        nx.yield %3 : (tensor<ui8>) -> ()
    }, {
      ^bb0(%x: tensor<3xf32>, %i: tensor<i32>):
        %4 = nx.exp %x : tensor<3xf32>
        %5 = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
        %6 = nx.add %i, %5 : tensor<i32>
        nx.yield %4, %6 : (tensor<3xf32>, tensor<i32>) -> ()
    }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
    %7 = nx.cond %arg5 {result_types = [tensor<3xf32>]} ({
      ^bb0:
        nx.yield %1#0 : (tensor<3xf32>) -> ()
    }, {
      ^bb0:
        %8 = nx.negate %arg0 : tensor<3xf32>
        nx.yield %8 : (tensor<3xf32>) -> ()
    }) : (tensor<ui8>) -> tensor<3xf32>
    return %7, %1#1 : tensor<3xf32>, tensor<i32>
  }
}
