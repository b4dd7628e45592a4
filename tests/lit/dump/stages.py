# nxc dump --stage: the traced module (nx), after a pass of the default pipeline
# (canonicalize: the two equal constants are merged), StableHLO, and XLA's HLO after compiling.
# --print-ir-after-all prints the IR after each pass of the pipeline to stderr.
# RUN: nxc dump %s:relu --arg f32[3] --stage nx | FileCheck %s --check-prefix=NX
# RUN: nxc dump %s:relu --arg f32[3] --stage canonicalize | FileCheck %s --check-prefix=CANON
# RUN: nxc dump %s:relu --arg f32[3] --stage stablehlo | FileCheck %s --check-prefix=SHLO
# RUN: nxc dump %s:relu --arg f32[3] --stage hlo | FileCheck %s --check-prefix=HLO
# RUN: nxc dump %s:relu --arg f32[3] --stage stablehlo --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=AFTER
# RUN: nxc dump %s:relu --arg f32[3] --stage canonicalize --generic | FileCheck %s --check-prefix=GENERIC

# NX-COUNT-2: nx.constant {value = dense<0.0> : tensor<f32>}
# NX:         nx.select

# CANON:      %0 = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
# CANON-NEXT: %1 = nx.greater %arg0, %0 : (tensor<3xf32>, tensor<f32>) -> tensor<3xui8>
# CANON-NEXT: %2 = nx.select %1, %arg0, %0 : (tensor<3xui8>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
# CANON-NEXT: return %2 : tensor<3xf32>

# SHLO: stablehlo.compare GT, %arg0, %{{.*}}, FLOAT
# SHLO: stablehlo.select

# HLO: HloModule
# HLO: ENTRY
# HLO: f32[3]{0} parameter(0)

# AFTER:      // -----// IR Dump After canonicalize //----- //
# AFTER:      nx.select
# AFTER:      stablehlo.select

# GENERIC: %2 = "nx.select"(%1, %arg0, %0) : (tensor<3xui8>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
import nx


@nx.defn
def relu(x):
    return nx.select(x > 0, x, 0.0)
