# nxc compile --format stablehlo writes a portable StableHLO artifact (versioned MLIR bytecode)
# that PJRT compiles and runs.
# RUN: nxc compile %s:double --arg f32[3] --format stablehlo -o %t.mlirbc
# RUN: %python %S/Inputs/run_artifact.py stablehlo %t.mlirbc | FileCheck %s
# RUN: not nxc compile %s:double --arg f32[3] --format bogus -o %t.bad 2>&1 | FileCheck %s --check-prefix=BAD

# CHECK: portable artifact
# CHECK: [2. 4. 6.]
# BAD: nxc: error: unknown format 'bogus'; formats: executable, stablehlo, iree
import nx


@nx.defn
def double(x):
    return x * 2
