# nxc run: --arg values are comma-separated in row-major order (one value fills the tensor);
# scalars, integers, unsigned, floats with nan/inf, and several results (one tensor each).
# RUN: nxc run %s:affine --arg 'f32[2][2]=1,2,3,4' --arg 'f32[2]=10,20' | FileCheck %s --check-prefix=AFFINE
# RUN: nxc run %s:affine --arg 'f32[2][2]=1,2,3,4' --arg 'f32[2]=10,20' --compiler evaluator | FileCheck %s --check-prefix=AFFINE
# RUN: nxc run %s:int_ops --arg 's32=5' --arg 's32[3]=-1,0,7' | FileCheck %s --check-prefix=INT
# RUN: nxc run %s:int_ops --arg 's32=5' --arg 's32[3]=-1,0,7' --compiler evaluator | FileCheck %s --check-prefix=INT
# RUN: nxc run %s:fill --arg 'u8[2][3]=7' | FileCheck %s --check-prefix=FILL
# RUN: nxc run %s:specials --arg 'f64[3]=nan,inf,-inf' | FileCheck %s --check-prefix=SPECIAL

# AFFINE:      nx.Tensor<
# AFFINE-NEXT:   f32[2]
# AFFINE-NEXT:   [15.0, 31.0]
# AFFINE-NEXT: >

# INT:      nx.Tensor<
# INT-NEXT:   s32[3]
# INT-NEXT:   [4, 5, 12]
# INT-NEXT: >
# INT-NEXT: nx.Tensor<
# INT-NEXT:   s32
# INT-NEXT:   7
# INT-NEXT: >

# FILL:      u8[2][3]
# FILL-NEXT: [
# FILL-NEXT:   [8, 8, 8],
# FILL-NEXT:   [8, 8, 8]
# FILL-NEXT: ]

# SPECIAL:      f64[3]
# SPECIAL-NEXT: [NaN, Inf, -Inf]
import nx


@nx.defn
def affine(m, b):
    return nx.dot(m, nx.tensor([1.0, 2.0])) + b


@nx.defn
def int_ops(n, v):
    return v + n, nx.reduce_max(v)


@nx.defn
def fill(x):
    return x + 1


@nx.defn
def specials(x):
    return x * 1.0
