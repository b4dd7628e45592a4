// nx.cond lowers to stablehlo.if on (pred != 0), one region per branch, each ending in
// stablehlo.return; values from outside the regions are used directly.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK:      %[[P:[0-9]+]] = stablehlo.compare NE, %arg1, %{{.*}}, UNSIGNED : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
// CHECK-NEXT: %[[R:[0-9]+]] = "stablehlo.if"(%[[P]]) ({
// CHECK:        %[[T:[0-9]+]] = stablehlo.multiply %arg0, %{{.*}} : tensor<3xf32>
// CHECK-NEXT:   stablehlo.return %[[T]] : tensor<3xf32>
// CHECK-NEXT: }, {
// CHECK-NEXT:   %[[E:[0-9]+]] = stablehlo.negate %arg0 : tensor<3xf32>
// CHECK-NEXT:   stablehlo.return %[[E]] : tensor<3xf32>
// CHECK-NEXT: }) : (tensor<i1>) -> tensor<3xf32>
// CHECK-NEXT: return %[[R]] : tensor<3xf32>

module {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> tensor<3xf32> {
    %0 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
      ^bb0:
        %1 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
        %2 = nx.multiply %arg0, %1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
        nx.yield %2 : (tensor<3xf32>) -> ()
    }, {
      ^bb0:
        %3 = nx.negate %arg0 : tensor<3xf32>
        nx.yield %3 : (tensor<3xf32>) -> ()
    }) : (tensor<ui8>) -> tensor<3xf32>
    return %0 : tensor<3xf32>
  }
}
