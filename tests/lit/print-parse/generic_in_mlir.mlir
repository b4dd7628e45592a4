// The generic form that nxc prints is real MLIR: jaxlib's MLIR parser reads it (with
// unregistered dialects allowed), regions, multi-results, attributes and locations included.
// RUN: nxc opt %s --generic --debug-info | %python %S/Inputs/mlir_parse.py | FileCheck %s

// CHECK: "func.func"()
// CHECK: %[[W:.*]]:2 = "nx.while"(%arg0, %{{.*}}) ({
// CHECK: "nx.yield"
// CHECK: "nx.cond"(%arg1) ({
// CHECK: }) {result_types = [tensor<3xf32>]} : (tensor<ui8>) -> tensor<3xf32>
// CHECK: "nx.constant"() {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}
// CHECK: "nx.argmax"(%{{.*}}) {keep_axis = false, tie_break = "low", type = i32}

func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<ui8>) -> (tensor<3xf32>, tensor<i32>, tensor<3xf32>, tensor<i32>) {
  %0 = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %1:2 = nx.while %arg0, %0 ({
    ^bb0(%a: tensor<3xf32>, %i: tensor<i32>):
      %2 = nx.constant {value = dense<3> : tensor<i32>} : () -> tensor<i32>
      %3 = nx.less %i, %2 : (tensor<i32>, tensor<i32>) -> tensor<ui8>
      nx.yield %3 : (tensor<ui8>) -> ()
  }, {
    ^bb0(%b: tensor<3xf32>, %j: tensor<i32>):
      %4 = nx.exp %b : tensor<3xf32> loc("model.py":3:0)
      %5 = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %6 = nx.add %j, %5 : tensor<i32>
      nx.yield %4, %6 : (tensor<3xf32>, tensor<i32>) -> ()
  }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
  %7 = nx.cond %arg1 {result_types = [tensor<3xf32>]} ({
    ^bb0:
      nx.yield %1#0 : (tensor<3xf32>) -> ()
  }, {
    ^bb0:
      %8 = nx.negate %arg0 : tensor<3xf32>
      nx.yield %8 : (tensor<3xf32>) -> ()
  }) : (tensor<ui8>) -> tensor<3xf32>
  %9 = nx.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %10 = nx.argmax %9 {keep_axis = false, tie_break = "low", type = i32} : (tensor<3xf32>) -> tensor<i32>
  return %7, %1#1, %9, %10 : tensor<3xf32>, tensor<i32>, tensor<3xf32>, tensor<i32>
}
