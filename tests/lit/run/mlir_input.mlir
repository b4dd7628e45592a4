// nxc run on an nx .mlir file: the --arg specs must match @main's argument types.
// RUN: nxc run %s --arg 'f32[3]=1,4,9' --arg 'f32=2' | FileCheck %s
// RUN: nxc run %s --arg 'f32[3]=1,4,9' --arg 'f32=2' --compiler evaluator | FileCheck %s
// RUN: not nxc run %s --arg 'f32[4]=1,4,9,16' --arg 'f32=2' 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not nxc run %s --arg 'f32[3]=1,4,9' 2>&1 | FileCheck %s --check-prefix=COUNT

// CHECK:      nx.Tensor<
// CHECK-NEXT:   f32[3]
// CHECK-NEXT:   [2.0, 4.0, 6.0]
// CHECK-NEXT: >
// CHECK-NEXT: nx.Tensor<
// CHECK-NEXT:   u8[3]
// CHECK-NEXT:   [0, 1, 1]
// CHECK-NEXT: >

// MISMATCH: nxc: error: --arg 'f32[4]=1,4,9,16' is tensor<4xf32>, but argument #0 of @main is tensor<3xf32>
// COUNT: nxc: error: @main in {{.*}}mlir_input.mlir takes 2 argument(s) but 1 --arg were given

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<f32>) -> (tensor<3xf32>, tensor<3xui8>) {
  %0 = nx.sqrt %arg0 : tensor<3xf32>
  %1 = nx.multiply %0, %arg1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = nx.greater %1, %arg1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xui8>
  return %1, %2 : tensor<3xf32>, tensor<3xui8>
}
