// A user's pass, registered with @register_pass in a Python file, runs from nxc opt (and nxc
// lower) once the file is loaded with --load-pass-plugin, alongside the built-in passes.
// RUN: nxc opt %s --load-pass-plugin=%S/Inputs/count_ops.py --pass-pipeline=count-ops | FileCheck %s --check-prefix=COUNT
// RUN: nxc opt %s --load-pass-plugin=%S/Inputs/count_ops.py --pass-pipeline=canonicalize,count-ops | FileCheck %s --check-prefix=CANON
// RUN: nxc lower %s --load-pass-plugin=%S/Inputs/count_ops.py --pass-pipeline=count-ops | FileCheck %s --check-prefix=LOWER
// RUN: not nxc opt %s --pass-pipeline=count-ops 2>&1 | FileCheck %s --check-prefix=MISSING

// COUNT: module attributes {op_count = 4 : i64} {
// CANON: module attributes {op_count = 3 : i64} {
// LOWER: stablehlo.exponential
// MISSING: nxc: error: unknown pass 'count-ops'

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.exp %arg0 : tensor<3xf32>
  %2 = nx.add %0, %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}
