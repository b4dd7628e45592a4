# The README's example: `nxc dump examples/softmax.py:softmax --arg f32[4] --stage stablehlo`
# prints the StableHLO module of the softmax defn.
# RUN: nxc dump %S/../../../examples/softmax.py:softmax --arg f32[4] --stage stablehlo | FileCheck %s
# RUN: nxc dump %S/../../../examples/softmax.py:softmax --arg f32[4] --stage stablehlo --debug-info | FileCheck %s --check-prefix=LOC

# CHECK-LABEL: module {
# CHECK:       func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {
# CHECK:         %[[MAX:[0-9]+]] = stablehlo.reduce(%arg0 init: %{{.*}}) applies stablehlo.maximum across dimensions = [0]
# CHECK:         %[[B:[0-9]+]] = stablehlo.broadcast_in_dim %[[MAX]], dims = []
# CHECK-NEXT:    %[[SUB:[0-9]+]] = stablehlo.subtract %arg0, %[[B]] : tensor<4xf32>
# CHECK-NEXT:    %[[EXP:[0-9]+]] = stablehlo.exponential %[[SUB]] : tensor<4xf32>
# CHECK:         %[[SUM:[0-9]+]] = stablehlo.reduce(%[[EXP]] init: %{{.*}}) applies stablehlo.add across dimensions = [0]
# CHECK:         %[[S:[0-9]+]] = stablehlo.broadcast_in_dim %[[SUM]], dims = []
# CHECK-NEXT:    %[[DIV:[0-9]+]] = stablehlo.divide %[[EXP]], %[[S]] : tensor<4xf32>
# CHECK-NEXT:    return %[[DIV]] : tensor<4xf32>

# the locations point at the lines of examples/softmax.py
# LOC: stablehlo.exponential {{.*}} loc(#[[L:loc[0-9]*]])
# LOC: stablehlo.divide {{.*}} loc(#[[D:loc[0-9]*]])
# LOC-DAG: #[[L]] = loc("{{.*}}examples/softmax.py":7:0)
# LOC-DAG: #[[D]] = loc("{{.*}}examples/softmax.py":8:0)
