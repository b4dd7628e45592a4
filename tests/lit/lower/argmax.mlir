// argmax/argmin lower to a two-operand stablehlo.reduce over (values, iota) whose reducer
// keeps the better value (NaN wins, the later of two NaNs) and, on ties, the low (or high)
// index. Without an axis the operand is flattened first; keep_axis reshapes the result.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main
// argmax along axis 1, tie_break low
// CHECK:      %[[IOTA:[0-9]+]] = stablehlo.iota dim = 1 : tensor<2x3xi32>
// CHECK:      %[[AM:[0-9]+]]:2 = stablehlo.reduce(%arg0 init: %{{.*}}), (%[[IOTA]] init: %{{.*}}) across dimensions = [1] : (tensor<2x3xf32>, tensor<2x3xi32>, tensor<f32>, tensor<i32>) -> (tensor<2xf32>, tensor<2xi32>)
// CHECK:        stablehlo.compare GT, %arg1, %arg3, FLOAT
// CHECK:        stablehlo.compare LT, %arg2, %arg4, SIGNED
// CHECK:        stablehlo.return
// argmin over all axes, tie_break high
// CHECK:      %[[FLAT:[0-9]+]] = stablehlo.reshape %arg0 : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[IOTA2:[0-9]+]] = stablehlo.iota dim = 0 : tensor<6xi32>
// CHECK:      %[[AN:[0-9]+]]:2 = stablehlo.reduce(%[[FLAT]] init: %{{.*}}), (%[[IOTA2]] init: %{{.*}}) across dimensions = [0]
// CHECK:        stablehlo.compare LT, %arg1, %arg3, FLOAT
// CHECK:        stablehlo.compare GT, %arg2, %arg4, SIGNED
// argmin with keep_axis and an s64 result
// CHECK:      stablehlo.iota dim = 1 : tensor<2x3xi64>
// CHECK:      %[[AK:[0-9]+]]:2 = stablehlo.reduce
// CHECK:      %[[KEPT:[0-9]+]] = stablehlo.reshape %[[AK]]#1 : (tensor<2xi64>) -> tensor<2x1xi64>
// CHECK-NEXT: return %[[AM]]#1, %[[AN]]#1, %[[KEPT]]

module {
  func.func @main(%arg0: tensor<2x3xf32>) -> (tensor<2xi32>, tensor<i32>, tensor<2x1xi64>) {
    %0 = nx.argmax %arg0 {axis = 1 : i64, keep_axis = false, tie_break = "low", type = i32} : (tensor<2x3xf32>) -> tensor<2xi32>
    %1 = nx.argmin %arg0 {keep_axis = false, tie_break = "high", type = i32} : (tensor<2x3xf32>) -> tensor<i32>
    %2 = nx.argmin %arg0 {axis = 1 : i64, keep_axis = true, tie_break = "low", type = i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
    return %0, %1, %2 : tensor<2xi32>, tensor<i32>, tensor<2x1xi64>
  }
}
