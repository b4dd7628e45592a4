// The pass manager's instrumentation through nxc opt: --print-ir-before/--print-ir-after/
// --print-ir-after-all print the IR around passes to stderr, --timing prints pass times.
// RUN: nxc opt %s --pass-pipeline=canonicalize --print-ir-before=canonicalize --print-ir-after=canonicalize 2>&1 | FileCheck %s
// RUN: nxc opt %s --pass-pipeline=canonicalize --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: nxc opt %s --pass-pipeline=canonicalize --timing 2>&1 | FileCheck %s --check-prefix=TIMING
// RUN: nxc opt %s --pass-pipeline=canonicalize --no-verify-each | FileCheck %s --check-prefix=NOVERIFY

// CHECK:      // -----// IR Dump Before canonicalize //----- //
// CHECK:      nx.exp
// CHECK:      nx.exp
// CHECK:      // -----// IR Dump After canonicalize //----- //
// CHECK:      nx.exp
// CHECK-NOT:  nx.exp
// CHECK:      module {

// ALL:      // -----// IR Dump After canonicalize //----- //
// ALL:      %0 = nx.exp %arg0 : tensor<3xf32>
// ALL-NEXT: %1 = nx.add %0, %0 : tensor<3xf32>
// ALL:      module {

// NOVERIFY:      %0 = nx.exp %arg0 : tensor<3xf32>
// NOVERIFY-NEXT: %1 = nx.add %0, %0 : tensor<3xf32>

// TIMING:      // pass timing
// TIMING-NEXT: //   wall time (ms)   share  pass
// TIMING-NEXT: //   {{ *}}{{[0-9]+\.[0-9]+}}  100.0%  canonicalize
// TIMING-NEXT: //   {{ *}}{{[0-9]+\.[0-9]+}}  100.0%  total

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.exp %arg0 : tensor<3xf32>
  %1 = nx.exp %arg0 : tensor<3xf32>
  %2 = nx.add %0, %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}
