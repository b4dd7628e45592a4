// nx.while lowers to stablehlo.while: the cond region's u8 predicate becomes an i1 (pred != 0)
// returned by `cond`, the body region becomes `do`, the state is carried through iterArgs.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK:      %[[W:[0-9]+]]:2 = stablehlo.while(%[[X:.*]] = %arg0, %[[I:.*]] = %{{.*}}) : tensor<3xf32>, tensor<i32>
// CHECK-NEXT: cond {
// CHECK:        %[[LT:[0-9]+]] = stablehlo.compare LT, %[[I]], %{{.*}}, SIGNED
// CHECK:        %[[P:[0-9]+]] = stablehlo.compare NE, %{{.*}}, %{{.*}}, UNSIGNED : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
// CHECK-NEXT:   stablehlo.return %[[P]] : tensor<i1>
// CHECK-NEXT: } do {
// CHECK:        %[[M:[0-9]+]] = stablehlo.multiply %[[X]], %{{.*}} : tensor<3xf32>
// CHECK:        %[[N:[0-9]+]] = stablehlo.add %[[I]], %{{.*}} : tensor<i32>
// CHECK-NEXT:   stablehlo.return %[[M]], %[[N]] : tensor<3xf32>, tensor<i32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[W]]#0, %[[W]]#1 : tensor<3xf32>, tensor<i32>

module {
  func.func @main(%arg0: tensor<3xf32>) -> (tensor<3xf32>, tensor<i32>) {
    %0 = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1:2 = nx.while %arg0, %0 ({
      ^bb0(%arg1: tensor<3xf32>, %arg2: tensor<i32>):
        %2 = nx.constant {value = dense<10> : tensor<i32>} : () -> tensor<i32>
        %3 = nx.less %arg2, %2 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
        nx.yield %3 : (tensor<ui8>) -> ()
    }, {
      ^bb0(%arg3: tensor<3xf32>, %arg4: tensor<i32>):
        %4 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
        %5 = nx.multiply %arg3, %4 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
        %6 = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
        %7 = nx.add %arg4, %6 : tensor<i32>
        nx.yield %5, %7 : (tensor<3xf32>, tensor<i32>) -> ()
    }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
    return %1#0, %1#1 : tensor<3xf32>, tensor<i32>
  }
}
