# Element-wise unary math traces to one nx op each, with the operand's type.
# RUN: nxc dump %s:exp_log --arg f32[3] | FileCheck %s --check-prefix=EXPLOG
# RUN: nxc dump %s:trig --arg f32[3] | FileCheck %s --check-prefix=TRIG
# RUN: nxc dump %s:misc --arg f32[3] | FileCheck %s --check-prefix=MISC
# RUN: nxc dump %s:int_to_float --arg s32[3] | FileCheck %s --check-prefix=INT
# RUN: nxc dump %s:cast --arg f32[2][2] | FileCheck %s --check-prefix=CAST

# EXPLOG:      func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
# EXPLOG-NEXT:   %0 = nx.exp %arg0 : tensor<3xf32>
# EXPLOG-NEXT:   %1 = nx.log %0 : tensor<3xf32>
# EXPLOG-NEXT:   return %1 : tensor<3xf32>

# TRIG:      %0 = nx.sin %arg0 : tensor<3xf32>
# TRIG-NEXT: %1 = nx.cos %0 : tensor<3xf32>
# TRIG-NEXT: %2 = nx.tanh %1 : tensor<3xf32>
# TRIG-NEXT: return %2

# MISC:      %0 = nx.sqrt %arg0 : tensor<3xf32>
# MISC-NEXT: %1 = nx.negate %0 : tensor<3xf32>
# MISC-NEXT: %2 = nx.abs %1 : tensor<3xf32>

# INT:      func.func @main(%arg0: tensor<3xi32>) -> tensor<3xf32>
# INT-NEXT:   %0 = nx.exp %arg0 : (tensor<3xi32>) -> tensor<3xf32>

# CAST: %0 = nx.as_type %arg0 {type = i64} : (tensor<2x2xf32>) -> tensor<2x2xi64>
import nx


@nx.defn
def exp_log(x):
    return nx.log(nx.exp(x))


@nx.defn
def trig(x):
    return nx.tanh(nx.cos(nx.sin(x)))


@nx.defn
def misc(x):
    return nx.abs(nx.negate(nx.sqrt(x)))


@nx.defn
def int_to_float(x):
    # unary float functions on integers compute in f32 (Nx's rule)
    return nx.exp(x)


@nx.defn
def cast(x):
    return nx.as_type(x, "s64")
