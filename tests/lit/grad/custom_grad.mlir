// grad-expansion and nx.custom_grad: inside a gradient the region gives the inputs'
// cotangents instead of the rule of the op computing the value; outside a gradient the op is
// its value. No nx.custom_grad is left either way.
//   @inside:  f(x) = sum(custom_grad(exp(x), x; g -> g * 3.0))   df/dx = seed * 3.0 (not exp(x))
//   @outside: custom_grad(exp(x), x; ...) is exp(x)
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NONE < %t

// CHECK-LABEL: func.func @inside(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[EXP:.*]] = nx.exp %arg0 : tensor<3xf32>
// CHECK-NEXT:  nx.sum %[[EXP]]
// CHECK-NEXT:  %[[ONE:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[SEED:.*]] = nx.broadcast %[[ONE]] {{.*}} -> tensor<3xf32>
// CHECK-NEXT:  %[[THREE:.*]] = nx.constant {value = dense<3.0> : tensor<f32>}
// CHECK-NEXT:  %[[GX:.*]] = nx.multiply %[[SEED]], %[[THREE]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT:  return %[[GX]] : tensor<3xf32>

// CHECK-LABEL: func.func @outside(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:  %[[E:.*]] = nx.exp %arg0 : tensor<3xf32>
// CHECK-NEXT:  return %[[E]] : tensor<3xf32>

// NONE-NOT: nx.grad
// NONE-NOT: nx.custom_grad

func.func @inside(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %1 = nx.exp %a : tensor<3xf32>
      %2 = nx.custom_grad %1, %a ({
        ^bb0(%g: tensor<3xf32>):
          %3 = nx.constant {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
          %4 = nx.multiply %g, %3 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
          nx.yield %4 : (tensor<3xf32>) -> ()
      }) : tensor<3xf32>
      %5 = nx.sum %2 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %5 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @outside(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %x : tensor<3xf32>
  %1 = nx.custom_grad %0, %x ({
    ^bb0(%g: tensor<3xf32>):
      %2 = nx.constant {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
      %3 = nx.multiply %g, %2 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
      nx.yield %3 : (tensor<3xf32>) -> ()
  }) : tensor<3xf32>
  return %1 : tensor<3xf32>
}
