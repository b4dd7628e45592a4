// Comparisons lower to stablehlo.compare with the direction and the comparison type of the
// operands (FLOAT, SIGNED, UNSIGNED), then convert the i1 result to u8 (Nx's booleans).
// Logical ops compare with zero first.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %[[EQ:[0-9]+]] = stablehlo.compare EQ, %arg0, %arg1, FLOAT : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %{{[0-9]+}} = stablehlo.convert %[[EQ]] : (tensor<3xi1>) -> tensor<3xui8>
// CHECK-NEXT: stablehlo.compare NE, %arg0, %arg1, FLOAT
// CHECK-NEXT: stablehlo.convert
// CHECK-NEXT: stablehlo.compare LT, %arg0, %arg1, FLOAT
// CHECK-NEXT: stablehlo.convert
// CHECK-NEXT: stablehlo.compare LE, %arg0, %arg1, FLOAT
// CHECK-NEXT: stablehlo.convert
// CHECK-NEXT: stablehlo.compare GT, %arg2, %arg2, SIGNED : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
// CHECK-NEXT: stablehlo.convert
// CHECK-NEXT: stablehlo.compare GE, %arg3, %arg3, UNSIGNED : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xi1>
// CHECK-NEXT: stablehlo.convert
// logical_and
// CHECK:      %[[A:[0-9]+]] = stablehlo.compare NE, %arg4, %{{[0-9]+}}, UNSIGNED
// CHECK:      %[[B:[0-9]+]] = stablehlo.compare NE, %arg5, %{{[0-9]+}}, UNSIGNED
// CHECK-NEXT: %[[AND:[0-9]+]] = stablehlo.and %[[A]], %[[B]] : tensor<3xi1>
// CHECK-NEXT: stablehlo.convert %[[AND]] : (tensor<3xi1>) -> tensor<3xui8>
// logical_or
// CHECK:      stablehlo.or %{{[0-9]+}}, %{{[0-9]+}} : tensor<3xi1>
// logical_not
// CHECK:      stablehlo.compare EQ, %arg4, %{{[0-9]+}}, UNSIGNED
// is_nan: x != x
// CHECK:      stablehlo.compare NE, %arg0, %arg0, FLOAT
// CHECK-NEXT: stablehlo.convert
// CHECK-NEXT: return

module {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xi32>, %arg3: tensor<3xui32>, %arg4: tensor<3xui8>, %arg5: tensor<3xui8>) -> (tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>) {
    %0 = nx.equal %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
    %1 = nx.not_equal %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
    %2 = nx.less %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
    %3 = nx.less_equal %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
    %4 = nx.greater %arg2, %arg2 : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xui8>
    %5 = nx.greater_equal %arg3, %arg3 : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui8>
    %6 = nx.logical_and %arg4, %arg5 : tensor<3xui8>
    %7 = nx.logical_or %arg4, %arg5 : tensor<3xui8>
    %8 = nx.logical_not %arg4 : tensor<3xui8>
    %9 = nx.is_nan %arg0 : (tensor<3xf32>) -> tensor<3xui8>
    return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>, tensor<3xui8>
  }
}
