# Element-wise binary arithmetic: same types, mixed types, weak Python scalars, broadcasting.
# RUN: nxc dump %s:arith --arg f32[3] --arg f32[3] | FileCheck %s --check-prefix=ARITH
# RUN: nxc dump %s:mixed --arg s32[3] --arg f32[3] | FileCheck %s --check-prefix=MIXED
# RUN: nxc dump %s:weak_scalar --arg bf16[3] | FileCheck %s --check-prefix=WEAK
# RUN: nxc dump %s:bcast --arg f32[2][3] --arg f32[3] | FileCheck %s --check-prefix=BCAST
# RUN: nxc dump %s:power --arg f32[3] --arg f32 | FileCheck %s --check-prefix=POW

# ARITH:      %0 = nx.add %arg0, %arg1 : tensor<3xf32>
# ARITH-NEXT: %1 = nx.subtract %arg0, %arg1 : tensor<3xf32>
# ARITH-NEXT: %2 = nx.multiply %0, %1 : tensor<3xf32>
# ARITH-NEXT: %3 = nx.divide %2, %arg1 : tensor<3xf32>
# ARITH-NEXT: return %3 : tensor<3xf32>

# s32 + f32 is f32; the operand keeps its own type in the IR
# MIXED: %0 = nx.add %arg0, %arg1 : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf32>

# a Python number takes the tensor's type (bf16 stays bf16)
# WEAK:      %0 = nx.constant {value = dense<2.5> : tensor<bf16>} : () -> tensor<bf16>
# WEAK-NEXT: %1 = nx.multiply %arg0, %0 : (tensor<3xbf16>, tensor<bf16>) -> tensor<3xbf16>
# WEAK-NEXT: %2 = nx.constant {value = dense<1.0> : tensor<bf16>} : () -> tensor<bf16>
# WEAK-NEXT: %3 = nx.add %1, %2 : (tensor<3xbf16>, tensor<bf16>) -> tensor<3xbf16>

# BCAST: %0 = nx.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>

# POW:      %0 = nx.pow %arg0, %arg1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
# POW-NEXT: %1 = nx.max %arg0, %arg1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
# POW-NEXT: %2 = nx.subtract %0, %1 : tensor<3xf32>
import nx


@nx.defn
def arith(a, b):
    return (a + b) * (a - b) / b


@nx.defn
def mixed(a, b):
    return a + b


@nx.defn
def weak_scalar(a):
    return a * 2.5 + 1


@nx.defn
def bcast(a, b):
    return a + b


@nx.defn
def power(a, b):
    return nx.pow(a, b) - nx.max(a, b)
