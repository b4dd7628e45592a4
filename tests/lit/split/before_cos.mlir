// split-stages: the seed's example, split before cos. Stage 0 computes cos's operand; stage 1
// receives it (and the original second argument); `sources` records where each comes from.
// RUN: nxc opt %s --pass-pipeline='split-stages{before=cos}' | FileCheck %s
// RUN: nxc opt %s --pass-pipeline='split-stages{after=sin}' | FileCheck %s --check-prefix=AFTER
// RUN: nxc opt %s --pass-pipeline='split-stages{both=sin}' | FileCheck %s --check-prefix=BOTH
// RUN: nxc opt %s --pass-pipeline='split-stages' | FileCheck %s --check-prefix=NONE
// RUN: not nxc opt %s --pass-pipeline='split-stages{at=cos}' 2>&1 | FileCheck %s --check-prefix=BADOPT

// CHECK-LABEL: func.func @main_stage0(%arg0: tensor<i32>) -> tensor<f32> attributes {sources = ["arg0"], stage = 0 : i64} {
// CHECK-NEXT:  %0 = nx.negate %arg0 : tensor<i32>
// CHECK-NEXT:  %1 = nx.sin %0 : (tensor<i32>) -> tensor<f32>
// CHECK-NEXT:  return %1 : tensor<f32>
// CHECK-LABEL: func.func @main_stage1(%arg0: tensor<i32>, %arg1: tensor<f32>) -> tensor<f32> attributes {sources = ["arg1", "stage0#0"], stage = 1 : i64} {
// CHECK-NEXT:  %0 = nx.cos %arg1 : tensor<f32>
// CHECK-NEXT:  %1 = nx.add %0, %arg0 : (tensor<f32>, tensor<i32>) -> tensor<f32>
// CHECK-NEXT:  return %1 : tensor<f32>

// AFTER: func.func @main_stage0(%arg0: tensor<i32>) -> tensor<f32> attributes {sources = ["arg0"], stage = 0 : i64}
// AFTER: func.func @main_stage1({{.*}}) -> tensor<f32> attributes {sources = ["arg1", "stage0#0"], stage = 1 : i64}
// AFTER-NOT: nx.sin

// BOTH: sources = ["arg0"], stage = 0
// BOTH: sources = ["stage0#0"], stage = 1
// BOTH: sources = ["arg1", "stage1#0"], stage = 2

// NONE:     func.func @main(
// NONE-NOT: stage

// BADOPT: nxc: error: pass 'split-stages' has no option 'at'; its options: before, after, both

func.func @main(%arg0: tensor<i32>, %arg1: tensor<i32>) -> tensor<f32> {
  %0 = nx.negate %arg0 : tensor<i32>
  %1 = nx.sin %0 : (tensor<i32>) -> tensor<f32>
  %2 = nx.cos %1 : tensor<f32>
  %3 = nx.add %2, %arg1 : (tensor<f32>, tensor<i32>) -> tensor<f32>
  return %3 : tensor<f32>
}
