# Shape ops: reshape, transpose, broadcast, squeeze, slice, concatenate, pad, reverse.
# RUN: nxc dump %s:reshape --arg f32[2][3] | FileCheck %s --check-prefix=RESHAPE
# RUN: nxc dump %s:transpose --arg f32[2][3] | FileCheck %s --check-prefix=TRANSPOSE
# RUN: nxc dump %s:broadcast --arg f32[3] | FileCheck %s --check-prefix=BROADCAST
# RUN: nxc dump %s:squeeze --arg f32[1][3][1] | FileCheck %s --check-prefix=SQUEEZE
# RUN: nxc dump %s:slice_ --arg f32[2][3] | FileCheck %s --check-prefix=SLICE
# RUN: nxc dump %s:concat --arg f32[2][3] --arg f32[1][3] | FileCheck %s --check-prefix=CONCAT
# RUN: nxc dump %s:pad --arg f32[2][3] | FileCheck %s --check-prefix=PAD
# RUN: nxc dump %s:reverse --arg f32[2][3] | FileCheck %s --check-prefix=REVERSE

# RESHAPE: %0 = nx.reshape %arg0 {shape = array<i64: 3, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
# TRANSPOSE: %0 = nx.transpose %arg0 {axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
# BROADCAST: %0 = nx.broadcast %arg0 {axes = array<i64: 1>, shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
# SQUEEZE: %0 = nx.squeeze %arg0 {axes = array<i64: 0, 2>} : (tensor<1x3x1xf32>) -> tensor<3xf32>
# SLICE: %0 = nx.slice %arg0 {lengths = array<i64: 1, 2>, start = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<1x2xf32>
# CONCAT: %0 = nx.concatenate %arg0, %arg1 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
# PAD:      %0 = nx.constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
# PAD-NEXT: %1 = nx.pad %arg0, %0 {high = array<i64: 2, 0>, interior = array<i64: 0, 1>, low = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<5x5xf32>
# REVERSE: %0 = nx.reverse %arg0 {axes = array<i64: 1>} : tensor<2x3xf32>
import nx


@nx.defn
def reshape(x):
    return nx.reshape(x, (3, 2))


@nx.defn
def transpose(x):
    return nx.transpose(x)


@nx.defn
def broadcast(x):
    return nx.broadcast(x, (4, 3))


@nx.defn
def squeeze(x):
    return nx.squeeze(x)


@nx.defn
def slice_(x):
    return nx.slice(x, [1, 0], [1, 2])


@nx.defn
def concat(a, b):
    return nx.concatenate([a, b], axis=0)


@nx.defn
def pad(x):
    return nx.pad(x, 0.0, [(1, 2, 0), (0, 0, 1)])


@nx.defn
def reverse(x):
    return nx.reverse(x, axes=[1])
