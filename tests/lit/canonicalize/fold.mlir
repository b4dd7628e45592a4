// canonicalize: constant folding with the NumPy kernels (exact ops only), and exact algebraic
// simplifications, to a fixed point.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NEXT:  %0 = nx.constant {value = dense<[5, 14, 27]> : tensor<3xi32>} : () -> tensor<3xi32>
// CHECK-NEXT:  %1 = nx.add %arg1, %0 : tensor<3xi32>
// CHECK-NEXT:  %2 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT:  %3 = nx.multiply %arg0, %2 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  return %arg0, %1, %arg0, %3, %arg1

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi32>) {
  %one = nx.constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %a = nx.constant {value = dense<[1, 2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  %b = nx.constant {value = dense<[4, 5, 6]> : tensor<3xi32>} : () -> tensor<3xi32>
  %z = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %0 = nx.multiply %arg0, %one : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = nx.add %a, %b : tensor<3xi32>
  %2 = nx.multiply %1, %a : tensor<3xi32>
  %3 = nx.add %arg1, %2 : tensor<3xi32>
  %4 = nx.negate %arg0 : tensor<3xf32>
  %5 = nx.negate %4 : tensor<3xf32>
  %6 = nx.transpose %5 {axes = array<i64: 0>} : tensor<3xf32>
  %7 = nx.as_type %6 {type = f32} : tensor<3xf32>
  %two = nx.add %one, %one : tensor<f32>
  %8 = nx.broadcast %two {axes = array<i64>, shape = array<i64: 3>} : (tensor<f32>) -> tensor<3xf32>
  %9 = nx.multiply %arg0, %8 : tensor<3xf32>
  %10 = nx.add %z, %arg1 : (tensor<i32>, tensor<3xi32>) -> tensor<3xi32>
  return %0, %3, %7, %9, %10 : tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>, tensor<3xi32>
}
