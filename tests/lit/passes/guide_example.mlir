// The example pass of docs/passes.md (docs/examples/fold_double_negate.py), loaded as a plugin:
// -(-x) becomes x; with canonicalize after it the inner negate goes too. Nothing else changes.
// RUN: nxc opt %s --load-pass-plugin=%S/../../../docs/examples/fold_double_negate.py --pass-pipeline=fold-double-negate | FileCheck %s
// RUN: nxc opt %s --load-pass-plugin=%S/../../../docs/examples/fold_double_negate.py --pass-pipeline=fold-double-negate,canonicalize | FileCheck %s --check-prefix=CANON

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.negate %arg0 : tensor<3xi32>
// CHECK-NEXT:  %1 = nx.negate %arg1 : tensor<3xf32>
// CHECK-NEXT:  return %arg0, %1

// CANON-LABEL: func.func @main
// CANON-NEXT:  %0 = nx.negate %arg1 : tensor<3xf32>
// CANON-NEXT:  return %arg0, %0

func.func @main(%arg0: tensor<3xi32>, %arg1: tensor<3xf32>) -> (tensor<3xi32>, tensor<3xf32>) {
  %0 = nx.negate %arg0 : tensor<3xi32>
  %1 = nx.negate %0 : tensor<3xi32>
  %2 = nx.negate %arg1 : tensor<3xf32>
  return %1, %2 : tensor<3xi32>, tensor<3xf32>
}
