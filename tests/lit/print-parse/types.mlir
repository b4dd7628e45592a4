// Every element type of nx.types parses and prints with MLIR's builtin spelling.
// RUN: nxc opt %s | FileCheck %s
// RUN: nxc opt %s --generic | nxc opt - | FileCheck %s

// CHECK: func.func @main(%arg0: tensor<ui2>, %arg1: tensor<ui4>, %arg2: tensor<ui8>, %arg3: tensor<ui16>, %arg4: tensor<ui32>, %arg5: tensor<ui64>, %arg6: tensor<i2>, %arg7: tensor<i4>, %arg8: tensor<i8>, %arg9: tensor<i16>, %arg10: tensor<i32>, %arg11: tensor<i64>, %arg12: tensor<f8E5M2>, %arg13: tensor<f16>, %arg14: tensor<bf16>, %arg15: tensor<f32>, %arg16: tensor<f64>, %arg17: tensor<complex<f32>>, %arg18: tensor<complex<f64>>, %arg19: tensor<0x2x1xf32>)
// CHECK: %0 = nx.as_type %arg17 {type = complex<f64>} : (tensor<complex<f32>>) -> tensor<complex<f64>>
// CHECK: %1 = nx.as_type %arg12 {type = bf16} : (tensor<f8E5M2>) -> tensor<bf16>

func.func @main(%arg0: tensor<ui2>, %arg1: tensor<ui4>, %arg2: tensor<ui8>, %arg3: tensor<ui16>, %arg4: tensor<ui32>, %arg5: tensor<ui64>, %arg6: tensor<i2>, %arg7: tensor<i4>, %arg8: tensor<i8>, %arg9: tensor<i16>, %arg10: tensor<i32>, %arg11: tensor<i64>, %arg12: tensor<f8E5M2>, %arg13: tensor<f16>, %arg14: tensor<bf16>, %arg15: tensor<f32>, %arg16: tensor<f64>, %arg17: tensor<complex<f32>>, %arg18: tensor<complex<f64>>, %arg19: tensor<0x2x1xf32>) -> (tensor<complex<f64>>, tensor<bf16>, tensor<0x2x1xf32>) {
  %0 = nx.as_type %arg17 {type = complex<f64>} : (tensor<complex<f32>>) -> tensor<complex<f64>>
  %1 = nx.as_type %arg12 {type = bf16} : (tensor<f8E5M2>) -> tensor<bf16>
  return %0, %1, %arg19 : tensor<complex<f64>>, tensor<bf16>, tensor<0x2x1xf32>
}
