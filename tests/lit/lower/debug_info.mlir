// Source locations of nx ops reach StableHLO with --debug-info, and are dropped without it.
// RUN: nxc lower %s --debug-info | FileCheck %s
// RUN: nxc lower %s | FileCheck %s --check-prefix=NOLOC

// CHECK:     stablehlo.exponential %arg0 : tensor<3xf32> loc(#[[L1:loc[0-9]*]])
// CHECK:     stablehlo.log %{{.*}} : tensor<3xf32> loc(#[[L2:loc[0-9]*]])
// CHECK-DAG: #[[L1]] = loc("model.py":12:0)
// CHECK-DAG: #[[L2]] = loc("model.py":13:0)

// NOLOC-NOT: model.py
// NOLOC:     stablehlo.exponential
// NOLOC-NOT: model.py

module {
  func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
    %0 = nx.exp %arg0 : tensor<3xf32> loc("model.py":12:0)
    %1 = nx.log %0 : tensor<3xf32> loc("model.py":13:0)
    return %1 : tensor<3xf32>
  }
}
