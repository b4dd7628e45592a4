# `nxc dump --pass-pipeline` replaces the default pipeline for the stages dumped: the stages are
# nx, the pipeline's passes (the IR after each one's first run), stablehlo and hlo; a user's
# passes come from --load-pass-plugin, as for nxc opt.
# RUN: nxc dump %s:f --arg f32[3] --load-pass-plugin=%S/../../../docs/examples/fold_double_negate.py --pass-pipeline=fold-double-negate --stage fold-double-negate | FileCheck %s --check-prefix=PASS
# RUN: nxc dump %s:f --arg f32[3] --load-pass-plugin=%S/../../../docs/examples/fold_double_negate.py --pass-pipeline=default,fold-double-negate,canonicalize --stage stablehlo | FileCheck %s --check-prefix=HLO
# RUN: nxc dump %s:f --arg f32[3] --pass-pipeline= --stage stablehlo | FileCheck %s --check-prefix=NONE
# RUN: nxc dump %s:f --arg f32[3] --load-pass-plugin=%S/../../../docs/examples/fold_double_negate.py --pass-pipeline=fold-double-negate,canonicalize --stage canonicalize --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=ALL
# RUN: not nxc dump %s:f --arg f32[3] --pass-pipeline=canonicalize --stage vectorize 2>&1 | FileCheck %s --check-prefix=STAGE
# RUN: not nxc dump %s:f --arg f32[3] --pass-pipeline=fold-double-negate 2>&1 | FileCheck %s --check-prefix=NOPLUGIN
# RUN: not nxc dump %s:f --arg f32[3] --load-pass-plugin=%S/../passes/Inputs/broken_passes.py --pass-pipeline=drop-operand --stage drop-operand 2>&1 | FileCheck %s --check-prefix=BROKEN

# The inner negate stays (DCE is canonicalize's job); the outer one is gone.
# PASS:      %0 = nx.exp %arg0 : tensor<3xf32>
# PASS-NEXT: %1 = nx.negate %0 : tensor<3xf32>
# PASS-NEXT: %2 = nx.add %0, %0 : tensor<3xf32>
# PASS-NEXT: return %2

# HLO:       stablehlo.exponential
# HLO-NOT:   stablehlo.negate
# HLO:       stablehlo.add

# NONE-COUNT-2: stablehlo.negate

# ALL:       // -----// IR Dump After fold-double-negate //----- //
# ALL:       // -----// IR Dump After canonicalize //----- //
# ALL-NOT:   IR Dump After grad-expansion

# STAGE:     nxc: error: unknown stage 'vectorize'; stages: nx, canonicalize, stablehlo, hlo (the passes of --pass-pipeline)
# NOPLUGIN:  nxc: error: unknown pass 'fold-double-negate'
# BROKEN:    nxc: error: {{.*}}pass_pipeline.py:[[#]]:0: the IR after pass 'drop-operand' does not verify: @main: nx.add takes 2 operands but has 1
import nx


def f(x):
    e = nx.exp(x)
    return nx.negate(nx.negate(e)) + e
