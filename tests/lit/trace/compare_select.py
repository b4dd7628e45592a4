# Comparisons give u8 tensors; select picks element-wise.
# RUN: nxc dump %s:compare --arg f32[3] --arg f32[3] | FileCheck %s --check-prefix=CMP
# RUN: nxc dump %s:relu --arg f32[3] | FileCheck %s --check-prefix=RELU
# RUN: nxc dump %s:logical --arg s32[3] --arg s32[3] | FileCheck %s --check-prefix=LOGIC

# CMP:      -> (tensor<3xui8>, tensor<3xui8>, tensor<3xui8>)
# CMP-NEXT: %0 = nx.less %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
# CMP-NEXT: %1 = nx.equal %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
# CMP-NEXT: %2 = nx.greater_equal %arg0, %arg1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xui8>
# CMP-NEXT: return %0, %1, %2 : tensor<3xui8>, tensor<3xui8>, tensor<3xui8>

# RELU:      %[[ZERO:[0-9]+]] = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
# RELU-NEXT: %[[PRED:[0-9]+]] = nx.greater %arg0, %[[ZERO]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xui8>
# RELU:      %[[SEL:[0-9]+]] = nx.select %[[PRED]], %arg0, %{{.*}} : (tensor<3xui8>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
# RELU-NEXT: return %[[SEL]] : tensor<3xf32>

# LOGIC: %{{.*}} = nx.greater %arg0, %{{.*}} : (tensor<3xi32>, tensor<i32>) -> tensor<3xui8>
# LOGIC: %{{.*}} = nx.greater %arg1, %{{.*}} : (tensor<3xi32>, tensor<i32>) -> tensor<3xui8>
# LOGIC: %{{.*}} = nx.logical_and %1, %3 : tensor<3xui8>
import nx


@nx.defn
def compare(a, b):
    return nx.less(a, b), nx.equal(a, b), a >= b


@nx.defn
def relu(x):
    return nx.select(x > 0, x, 0.0)


@nx.defn
def logical(a, b):
    return nx.logical_and(a > 0, b > 0)
