// The pass manager through nxc opt: textual pipelines (with `builtin.module(...)`, `default`
// and options), --verify-each, --print-ir-before-all, --timing with every pass, errors for
// unknown passes and options.
// RUN: nxc opt %s --pass-pipeline='builtin.module(const-precision,canonicalize)' --verify-each | FileCheck %s
// RUN: nxc opt %s --pass-pipeline=default --timing 2>&1 | FileCheck %s --check-prefix=TIMING
// RUN: nxc opt %s --pass-pipeline=const-precision,canonicalize --print-ir-before-all 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: not nxc opt %s --pass-pipeline=canonicalize,fold 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not nxc opt %s --pass-pipeline='canonicalize{aggressive=1}' 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not nxc opt %s --pass-pipeline=canonicalize --print-ir-after=cse 2>&1 | FileCheck %s --check-prefix=PRINTNAME

// CHECK:      %0 = nx.constant {value = dense<0.5> : tensor<f64>} : () -> tensor<f64>
// CHECK-NEXT: %1 = nx.multiply %arg0, %0 : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
// CHECK-NEXT: return %1

// TIMING:      // pass timing
// TIMING-NEXT: //   wall time (ms)   share  pass
// TIMING-NEXT: grad-expansion
// TIMING-NEXT: vectorize
// TIMING-NEXT: const-precision
// TIMING-NEXT: canonicalize
// TIMING-NEXT: split-stages
// TIMING-NEXT: 100.0%  total

// BEFORE: // -----// IR Dump Before const-precision //----- //
// BEFORE: weak
// BEFORE: // -----// IR Dump Before canonicalize //----- //
// BEFORE-NOT: weak
// BEFORE: module {

// UNKNOWN: nxc: error: unknown pass 'fold'; registered passes: canonicalize, const-precision, grad-expansion, split-stages, vectorize
// OPTION: nxc: error: pass 'canonicalize' has no option 'aggressive'; it takes no options
// PRINTNAME: nxc: error: unknown pass 'cse'

func.func @main(%arg0: tensor<3xf64>) -> tensor<3xf64> {
  %0 = nx.constant {value = dense<0.5> : tensor<f32>, weak} : () -> tensor<f32>
  %1 = nx.multiply %arg0, %0 : (tensor<3xf64>, tensor<f32>) -> tensor<3xf64>
  %2 = nx.exp %arg0 : tensor<3xf64>
  return %1 : tensor<3xf64>
}
