# Python control flow inside a defn becomes nx control-flow ops (nx/syntax.py), then StableHLO
# `if` and `while`; static conditions stay Python and leave no trace in the IR.
# RUN: nxc dump %s:branch --arg f32[3] | FileCheck %s --check-prefix=IF
# RUN: nxc dump %s:branch --arg f32[3] --stage stablehlo | FileCheck %s --check-prefix=IF-HLO
# RUN: nxc dump %s:loop --arg f32[3] --arg s32 | FileCheck %s --check-prefix=WHILE
# RUN: nxc dump %s:loop --arg f32[3] --arg s32 --stage stablehlo | FileCheck %s --check-prefix=WHILE-HLO
# RUN: nxc dump %s:static --arg f32[3] | FileCheck %s --check-prefix=STATIC
# RUN: nxc run %s:loop --arg 'f32[3]=1,2,3' --arg 's32=3' | FileCheck %s --check-prefix=OUT

# IF: %[[P:.*]] = nx.greater
# IF: nx.cond %[[P]] {result_types = [tensor<3xf32>]} ({
# IF: nx.multiply
# IF: nx.yield
# IF: }, {
# IF: nx.negate
# IF: nx.yield
# IF-HLO: "stablehlo.if"
# IF-HLO: stablehlo.multiply
# IF-HLO: stablehlo.negate

# WHILE: nx.while %arg0, {{.*}} ({
# WHILE: nx.less
# WHILE: }, {
# WHILE: nx.multiply
# WHILE: nx.add
# WHILE-HLO: stablehlo.while
# WHILE-HLO: stablehlo.compare LT

# STATIC-NOT: nx.cond
# STATIC: nx.multiply
# STATIC-NOT: nx.cond

# OUT:      nx.Tensor<
# OUT-NEXT:   f32[3]
# OUT-NEXT:   [8.0, 16.0, 24.0]
import nx


@nx.defn
def branch(x):
    if nx.sum(x) > 0:
        y = x * 2
    else:
        y = -x
    return y


@nx.defn
def loop(x, n):
    i = 0
    while i < n:
        x = x * 2
        i = i + 1
    return x


@nx.defn
def static(x, mode="double"):
    if mode == "double":
        x = x * 2
    return x
