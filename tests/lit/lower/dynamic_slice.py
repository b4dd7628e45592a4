# A scalar tensor index is a dynamic slice (clamped by StableHLO) followed by a reshape.
# RUN: nxc dump %s:row --arg s32[4][6] --arg s32 --stage nx | FileCheck %s --check-prefix=NX
# RUN: nxc dump %s:row --arg s32[4][6] --arg s32 --stage stablehlo | FileCheck %s --check-prefix=HLO
# NX: nx.dynamic_slice %arg0, %arg1, %{{[0-9]+}} {lengths = array<i64: 1, 6>}
# NX: nx.squeeze
# HLO: stablehlo.dynamic_slice %arg0, %arg1, %{{.*}}, sizes = [1, 6]
# HLO: stablehlo.reshape
import nx


@nx.defn
def row(t, i):
    return t[i]
