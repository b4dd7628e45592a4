// Element-wise unary math lowers to one StableHLO (or CHLO) op each; an integer operand of a
// float function is converted first.
// RUN: nxc lower %s | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>)
// CHECK-NEXT: %0 = stablehlo.exponential %arg0 : tensor<3xf32>
// CHECK-NEXT: %1 = stablehlo.log %arg0 : tensor<3xf32>
// CHECK-NEXT: %2 = stablehlo.sine %arg0 : tensor<3xf32>
// CHECK-NEXT: %3 = stablehlo.cosine %arg0 : tensor<3xf32>
// CHECK-NEXT: %4 = stablehlo.tanh %arg0 : tensor<3xf32>
// CHECK-NEXT: %5 = stablehlo.sqrt %arg0 : tensor<3xf32>
// CHECK-NEXT: %6 = stablehlo.negate %arg0 : tensor<3xf32>
// CHECK-NEXT: %7 = stablehlo.abs %arg0 : tensor<3xf32>
// CHECK-NEXT: %8 = stablehlo.rsqrt %arg0 : tensor<3xf32>
// CHECK-NEXT: %9 = stablehlo.logistic %arg0 : tensor<3xf32>
// CHECK-NEXT: %10 = stablehlo.exponential_minus_one %arg0 : tensor<3xf32>
// CHECK-NEXT: %11 = stablehlo.log_plus_one %arg0 : tensor<3xf32>
// CHECK-NEXT: %12 = stablehlo.floor %arg0 : tensor<3xf32>
// CHECK-NEXT: %13 = stablehlo.ceil %arg0 : tensor<3xf32>
// CHECK-NEXT: %14 = stablehlo.round_nearest_afz %arg0 : tensor<3xf32>
// CHECK-NEXT: %15 = chlo.erf %arg0 : tensor<3xf32> -> tensor<3xf32>
// CHECK-NEXT: %16 = stablehlo.sign %arg0 : tensor<3xf32>
// CHECK-NEXT: %17 = stablehlo.not %arg1 : tensor<3xi32>
// CHECK-NEXT: %18 = stablehlo.popcnt %arg1 : tensor<3xi32>
// CHECK-NEXT: %[[C:[0-9]+]] = stablehlo.convert %arg1 : (tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT: %{{[0-9]+}} = stablehlo.exponential %[[C]] : tensor<3xf32>
// CHECK-NEXT: return

module {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xf32>) {
    %0 = nx.exp %arg0 : tensor<3xf32>
    %1 = nx.log %arg0 : tensor<3xf32>
    %2 = nx.sin %arg0 : tensor<3xf32>
    %3 = nx.cos %arg0 : tensor<3xf32>
    %4 = nx.tanh %arg0 : tensor<3xf32>
    %5 = nx.sqrt %arg0 : tensor<3xf32>
    %6 = nx.negate %arg0 : tensor<3xf32>
    %7 = nx.abs %arg0 : tensor<3xf32>
    %8 = nx.rsqrt %arg0 : tensor<3xf32>
    %9 = nx.sigmoid %arg0 : tensor<3xf32>
    %10 = nx.expm1 %arg0 : tensor<3xf32>
    %11 = nx.log1p %arg0 : tensor<3xf32>
    %12 = nx.floor %arg0 : tensor<3xf32>
    %13 = nx.ceil %arg0 : tensor<3xf32>
    %14 = nx.round %arg0 : tensor<3xf32>
    %15 = nx.erf %arg0 : tensor<3xf32>
    %16 = nx.sign %arg0 : tensor<3xf32>
    %17 = nx.bitwise_not %arg1 : tensor<3xi32>
    %18 = nx.population_count %arg1 : tensor<3xi32>
    %19 = nx.exp %arg1 : (tensor<3xi32>) -> tensor<3xf32>
    return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xf32>
  }
}
