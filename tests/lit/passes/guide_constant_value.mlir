// The constant-reading example of docs/passes.md (docs/examples/times_two.py), loaded as a
// plugin: `x * c` where the constant c is 2 in every element becomes `x + x`; a constant that
// is not 2 everywhere, or a multiply whose result is not x's type (x broadcast), is left alone.
// RUN: nxc opt %s --load-pass-plugin=%S/../../../docs/examples/times_two.py --pass-pipeline=times-two | FileCheck %s
// RUN: nxc opt %s --load-pass-plugin=%S/../../../docs/examples/times_two.py --pass-pipeline=times-two,canonicalize | FileCheck %s --check-prefix=CANON

// CHECK-LABEL: func.func @main
// CHECK:       %[[A:.*]] = nx.add %arg0, %arg0 : tensor<3xf32>
// CHECK-NEXT:  %[[B:.*]] = nx.add %arg1, %arg1 : tensor<3xi32>
// CHECK-NEXT:  %[[C:.*]] = nx.multiply %arg0, %{{.*}} : tensor<3xf32>
// CHECK-NEXT:  %[[S:.*]] = nx.add %arg2, %arg2 : tensor<f32>
// CHECK-NEXT:  %[[D:.*]] = nx.multiply %[[S]], %{{.*}} : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:  return %[[A]], %[[B]], %[[C]], %[[D]]

// CANON-NOT:   dense<2.0> : tensor<f32>
// CANON-NOT:   dense<[2, 2, 2]>
// CANON:       dense<[2.0, 3.0, 2.0]>
// CANON-NOT:   dense<2.0> : tensor<f32>

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<3xi32>, %arg2: tensor<f32>) -> (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>) {
  %c = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %i = nx.constant {value = dense<2> : tensor<3xi32>} : () -> tensor<3xi32>
  %t = nx.constant {value = dense<[2.0, 3.0, 2.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = nx.multiply %arg0, %c : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = nx.multiply %i, %arg1 : tensor<3xi32>
  %2 = nx.multiply %arg0, %t : tensor<3xf32>
  %3 = nx.multiply %arg2, %c : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %4 = nx.multiply %3, %t : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %4 : tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xf32>
}
