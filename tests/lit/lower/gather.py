# nx.take is an nx.gather lowered to stablehlo.gather; nx.indexed_add and nx.indexed_put are
# an nx.scatter lowered to stablehlo.scatter with an add (or a replacing) update region.
# RUN: nxc dump %s:take --arg f32[4][6] --arg s32[3] --stage nx | FileCheck %s --check-prefix=NX
# RUN: nxc dump %s:take --arg f32[4][6] --arg s32[3] --stage stablehlo | FileCheck %s --check-prefix=HLO
# RUN: nxc dump %s:add --arg f32[4][6] --arg s32[2][1] --arg f32[2][6] --stage nx | FileCheck %s --check-prefix=NXADD
# RUN: nxc dump %s:add --arg f32[4][6] --arg s32[2][1] --arg f32[2][6] --stage stablehlo | FileCheck %s --check-prefix=ADD
# RUN: nxc dump %s:put --arg f32[4][6] --arg s32[2][2] --arg f32[2] --stage stablehlo | FileCheck %s --check-prefix=PUT
# NX: nx.gather %arg0, %{{[0-9]+}} {axes = array<i64: 1>}
# NX: nx.transpose
# HLO: "stablehlo.gather"(%arg0, %{{[0-9]+}})
# HLO-SAME: collapsed_slice_dims = [1]
# HLO-SAME: start_index_map = [1]
# HLO-SAME: slice_sizes = array<i64: 4, 1>
# HLO: stablehlo.transpose
# NXADD: nx.scatter %arg0, %arg1, %arg2 {axes = array<i64: 0>, mode = "add"}
# ADD: "stablehlo.scatter"(%arg0, %arg1, %arg2)
# ADD-SAME: update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1
# ADD: stablehlo.add
# ADD: stablehlo.return
# PUT: "stablehlo.scatter"(%arg0, %arg1, %arg2)
# PUT-NOT: stablehlo.add
# PUT: stablehlo.return
import nx


@nx.defn
def take(t, i):
    return nx.take(t, i, axis=1)


@nx.defn
def add(t, i, u):
    return nx.indexed_add(t, i, u)


@nx.defn
def put(t, i, u):
    return nx.indexed_put(t, i, u)
