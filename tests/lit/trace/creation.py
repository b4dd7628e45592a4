# Creation ops and constants inside defn.
# RUN: nxc dump %s:iota --arg s32[2][3] | FileCheck %s --check-prefix=IOTA
# RUN: nxc dump %s:eye --arg f32[3][3] | FileCheck %s --check-prefix=EYE
# RUN: nxc dump %s:constant --arg f32[3] | FileCheck %s --check-prefix=CONST

# IOTA:      %0 = nx.iota {axis = 1 : i64, shape = array<i64: 2, 3>, type = i32} : () -> tensor<2x3xi32>
# IOTA-NEXT: %1 = nx.add %arg0, %0 : tensor<2x3xi32>
# EYE:       %0 = nx.eye {shape = array<i64: 3, 3>, type = f32} : () -> tensor<3x3xf32>
# CONST:     %0 = nx.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
import nx


@nx.defn
def iota(x):
    return x + nx.iota((2, 3), axis=1)


@nx.defn
def eye(x):
    return x * nx.eye(3, type="f32")


@nx.defn
def constant(x):
    return x + nx.tensor([1.0, 2.0, 3.0])
