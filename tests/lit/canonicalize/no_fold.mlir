// canonicalize must NOT fold or simplify what is not exact or would bloat the program:
// x+0.0 on floats (-0.0+0.0 is +0.0), x-(-0.0), floating-point sums and transcendental
// functions of constants (their rounding is the implementation's), results larger than the
// folding limit (1e5 elements), ops with regions, and weak constants (const-precision's job).
// x+(-0.0) and x-0.0 are exact and do go.
// RUN: nxc opt %s --pass-pipeline=canonicalize | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK:       nx.add %arg0, %{{[0-9]+}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:       nx.subtract %arg0, %{{[0-9]+}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:       nx.sum
// CHECK:       nx.exp
// CHECK:       nx.broadcast {{.*}} -> tensor<100001xf32>
// CHECK:       nx.cond
// CHECK:       nx.constant {value = dense<{{.*}}> : tensor<f32>, weak}
// CHECK:       nx.negate
// CHECK:       return %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %arg0, %arg0 :

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> (tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<f32>, tensor<100001xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>) {
  %pz = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %nz = nx.constant {value = dense<-0.0> : tensor<f32>} : () -> tensor<f32>
  %c = nx.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %s = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %0 = nx.add %arg0, %pz : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = nx.subtract %arg0, %nz : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %2 = nx.sum %c {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
  %3 = nx.exp %s : tensor<f32>
  %4 = nx.broadcast %s {axes = array<i64>, shape = array<i64: 100001>} : (tensor<f32>) -> tensor<100001xf32>
  %5 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
    ^bb0:
      nx.yield %c : (tensor<3xf32>) -> ()
  }, {
    ^bb0:
      nx.yield %c : (tensor<3xf32>) -> ()
  }) : (tensor<ui8>) -> tensor<3xf32>
  %w = nx.constant {value = dense<0.1> : tensor<f32>, weak} : () -> tensor<f32>
  %6 = nx.negate %w : tensor<f32>
  %7 = nx.add %arg0, %nz : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %8 = nx.subtract %arg0, %pz : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<f32>, tensor<100001xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>
}
