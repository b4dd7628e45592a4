// const-precision: a weak constant takes the precision of the op it meets: f64 math gets the
// literal in 64 bits, an as_type of it is the same number in another type (rounded once), and
// f16 math gets an f16 value (no widening). Result types never change.
// RUN: nxc opt %s --pass-pipeline=const-precision | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NOT:   weak
// CHECK-DAG:   %[[C64:[0-9]+]] = nx.constant {value = dense<0.1> : tensor<f64>} : () -> tensor<f64>
// CHECK-DAG:   %[[C16:[0-9]+]] = nx.constant {value = dense<0.0999755859375> : tensor<f16>} : () -> tensor<f16>
// CHECK:       nx.multiply %arg0, %[[C64]] : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
// CHECK:       nx.clip %arg0, %[[C64]], %[[C64]] : (tensor<3xf64>, tensor<f64>, tensor<f64>) -> tensor<3xf64>
// CHECK:       nx.add %arg1, %[[C16]] : (tensor<3xf16>, tensor<f16>) -> tensor<3xf16>
// CHECK-NOT:   nx.as_type

func.func @main(%arg0: tensor<3xf64>, %arg1: tensor<3xf16>) -> (tensor<3xf64>, tensor<3xf64>, tensor<3xf16>) {
  %0 = nx.constant {value = dense<0.1> : tensor<f64>, weak} : () -> tensor<f64>
  %1 = nx.as_type %0 {type = f32} : (tensor<f64>) -> tensor<f32>
  %2 = nx.multiply %arg0, %1 : (tensor<3xf64>, tensor<f32>) -> tensor<3xf64>
  %3 = nx.as_type %1 {type = f64} : (tensor<f32>) -> tensor<f64>
  %4 = nx.clip %arg0, %3, %3 : (tensor<3xf64>, tensor<f64>, tensor<f64>) -> tensor<3xf64>
  %5 = nx.as_type %1 {type = f16} : (tensor<f32>) -> tensor<f16>
  %6 = nx.add %arg1, %5 : (tensor<3xf16>, tensor<f16>) -> tensor<3xf16>
  return %2, %4, %6 : tensor<3xf64>, tensor<3xf64>, tensor<3xf16>
}
