// An unknown pass name is an error that lists the registered passes; so is an unknown name
// given to --print-ir-after.
// RUN: not nxc opt %s --pass-pipeline=canonicalize,bogus 2>&1 | FileCheck %s
// RUN: not nxc opt %s --pass-pipeline=canonicalize --print-ir-after=bogus 2>&1 | FileCheck %s

// CHECK: nxc: error: unknown pass 'bogus'; registered passes: {{.*}}canonicalize
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  return %arg0 : tensor<3xf32>
}
