# `nxc dump examples/softmax.py:softmax --arg f32[4]` prints the traced nx module; with
# --debug-info each op carries the line of examples/softmax.py that made it.
# RUN: nxc dump %S/../../../examples/softmax.py:softmax --arg f32[4] | FileCheck %s
# RUN: nxc dump %S/../../../examples/softmax.py:softmax --arg f32[4] --debug-info | FileCheck %s --check-prefix=LOC

# CHECK:      func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {
# CHECK-NEXT:   %0 = nx.reduce_max %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>) -> tensor<f32>
# CHECK-NEXT:   %1 = nx.subtract %arg0, %0 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
# CHECK-NEXT:   %2 = nx.exp %1 : tensor<4xf32>
# CHECK-NEXT:   %3 = nx.sum %2 {axes = array<i64: 0>, keep_axes = false} : (tensor<4xf32>) -> tensor<f32>
# CHECK-NEXT:   %4 = nx.divide %2, %3 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
# CHECK-NEXT:   return %4 : tensor<4xf32>

# LOC: %2 = nx.exp %1 : tensor<4xf32> loc("{{.*}}examples/softmax.py":7:0)
# LOC: %4 = nx.divide {{.*}} loc("{{.*}}examples/softmax.py":8:0)
