// Creation ops: nx.iota is stablehlo.iota (over the flattened shape when it has no axis),
// nx.eye compares two iotas, nx.constant is stablehlo.constant (a splat is a scalar constant
// broadcast to the shape).
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main()
// CHECK-NEXT: %[[I:[0-9]+]] = stablehlo.iota dim = 1 : tensor<2x3xi32>
// CHECK-NEXT: %[[F:[0-9]+]] = stablehlo.iota dim = 0 : tensor<6xf32>
// CHECK:      %[[R:[0-9]+]] = stablehlo.iota dim = 0 : tensor<3x3xi32>
// CHECK-NEXT: %[[C:[0-9]+]] = stablehlo.iota dim = 1 : tensor<3x3xi32>
// CHECK-NEXT: %[[EQ:[0-9]+]] = stablehlo.compare EQ, %[[R]], %[[C]], SIGNED
// CHECK:      %[[EYE:[0-9]+]] = stablehlo.convert %{{.*}} -> tensor<3x3xf32>
// CHECK-NEXT: %[[K:.*]] = stablehlo.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[S:.*]] = stablehlo.constant dense<7> : tensor<i64>
// CHECK-NEXT: %[[SB:[0-9]+]] = stablehlo.broadcast_in_dim %[[S]], dims = [] : (tensor<i64>) -> tensor<2x2xi64>
// CHECK-NEXT: return %[[I]], %{{[0-9]+}}, %[[EYE]], %[[K]], %[[SB]]

module {
  func.func @main() -> (tensor<2x3xi32>, tensor<6xf32>, tensor<3x3xf32>, tensor<3xf32>, tensor<2x2xi64>) {
    %0 = nx.iota {axis = 1 : i64, shape = array<i64: 2, 3>, type = i32} : () -> tensor<2x3xi32>
    %1 = nx.iota {shape = array<i64: 6>, type = f32} : () -> tensor<6xf32>
    %2 = nx.eye {shape = array<i64: 3, 3>, type = f32} : () -> tensor<3x3xf32>
    %3 = nx.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
    %4 = nx.constant {value = dense<7> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
    return %0, %1, %2, %3, %4 : tensor<2x3xi32>, tensor<6xf32>, tensor<3x3xf32>, tensor<3xf32>, tensor<2x2xi64>
  }
}
