# --arg values can come from a .npy file: 'f32[2][3]=@file.npy' (converted to the spec's type),
# or '@file.npy' alone, which takes the type and shape from the file.
# RUN: %python -c "import numpy as np, sys; np.save(sys.argv[1], np.arange(6, dtype=np.float64).reshape(2, 3))" %t.npy
# RUN: nxc run %s:total --arg 'f32[2][3]=@%t.npy' | FileCheck %s --check-prefix=SPEC
# RUN: nxc run %s:total --arg '@%t.npy' | FileCheck %s --check-prefix=FILE

# SPEC:      nx.Tensor<
# SPEC-NEXT:   f32
# SPEC-NEXT:   15.0
# FILE:      nx.Tensor<
# FILE-NEXT:   f64
# FILE-NEXT:   15.0
import nx


@nx.defn
def total(x):
    return nx.sum(x)
