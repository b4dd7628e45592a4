# Reductions and arg-reductions.
# RUN: nxc dump %s:sums --arg f32[2][3] | FileCheck %s --check-prefix=SUM
# RUN: nxc dump %s:others --arg f32[2][3] | FileCheck %s --check-prefix=OTHERS
# RUN: nxc dump %s:args --arg f32[2][3] | FileCheck %s --check-prefix=ARG
# RUN: nxc dump %s:mean --arg f32[2][3] | FileCheck %s --check-prefix=MEAN

# SUM:      -> (tensor<f32>, tensor<2x1xf32>)
# SUM-NEXT: %0 = nx.sum %arg0 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<f32>
# SUM-NEXT: %1 = nx.sum %arg0 {axes = array<i64: 1>, keep_axes = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>

# OTHERS:      %0 = nx.product %arg0 {axes = array<i64: 0>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<3xf32>
# OTHERS-NEXT: %1 = nx.reduce_max %arg0 {axes = array<i64: 0, 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<f32>
# OTHERS-NEXT: %2 = nx.reduce_min %arg0 {axes = array<i64: 1>, keep_axes = false} : (tensor<2x3xf32>) -> tensor<2xf32>

# ARG:      %0 = nx.argmax %arg0 {axis = 1 : i64, keep_axis = false, tie_break = "low", type = i32} : (tensor<2x3xf32>) -> tensor<2xi32>
# ARG-NEXT: %1 = nx.argmin %arg0 {keep_axis = false, tie_break = "high", type = i32} : (tensor<2x3xf32>) -> tensor<i32>

# mean is a sum divided by the element count
# MEAN:      %0 = nx.sum %arg0
# MEAN-NEXT: %1 = nx.constant {value = dense<6.0> : tensor<f32>}
# MEAN-NEXT: %2 = nx.divide %0, %1 : tensor<f32>
import nx


@nx.defn
def sums(x):
    return nx.sum(x), nx.sum(x, axes=[1], keep_axes=True)


@nx.defn
def others(x):
    return nx.product(x, axes=[0]), nx.reduce_max(x), nx.reduce_min(x, axes=[1])


@nx.defn
def args(x):
    return nx.argmax(x, axis=1), nx.argmin(x, tie_break="high")


@nx.defn
def mean(x):
    return nx.mean(x)
