// nxc dump accepts an nx .mlir file as well (no --arg needed), and -o writes to a file.
// RUN: nxc dump %s --stage stablehlo | FileCheck %s
// RUN: nxc dump %s --stage canonicalize -o %t && FileCheck %s --check-prefix=CANON < %t

// CHECK: stablehlo.sqrt %arg0 : tensor<2xf64>
// CANON: %0 = nx.sqrt %arg0 : tensor<2xf64>
// CANON-NOT: nx.exp

func.func @main(%arg0: tensor<2xf64>) -> tensor<2xf64> {
  %0 = nx.sqrt %arg0 : tensor<2xf64>
  %1 = nx.exp %arg0 : tensor<2xf64>
  return %0 : tensor<2xf64>
}
