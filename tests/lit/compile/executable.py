# nxc compile -o writes a serialized PJRT executable (the default format) that PJRT loads and
# runs again.
# RUN: nxc compile %s:double --arg f32[3] -o %t.exe
# RUN: %python %S/Inputs/run_artifact.py executable %t.exe | FileCheck %s
# RUN: nxc compile %S/Inputs/double.mlir -o %t.mlir.exe
# RUN: %python %S/Inputs/run_artifact.py executable %t.mlir.exe | FileCheck %s

# CHECK: [2. 4. 6.]
import nx


@nx.defn
def double(x):
    return x * 2
