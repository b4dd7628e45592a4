# nxc compile picks the artifact by the output's suffix, and nxc run runs each one: a
# portable StableHLO artifact of a softmax cross-entropy (logsumexp: CHLO, legalized to
# StableHLO), and an XLA executable; both print what nxc run prints for the Python function.
# The bad inputs: an unknown suffix, a --format that contradicts the suffix, --target iree
# without .vmfb, and an artifact called with the wrong signature.
# RUN: nxc run %s:xent --arg 'f32[2][3]=1,2,3,1,1,1' --arg 's32[2]=2,0' | FileCheck %s
# RUN: nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.mlirbc
# RUN: nxc run %t.mlirbc --arg 'f32[2][3]=1,2,3,1,1,1' --arg 's32[2]=2,0' | FileCheck %s
# RUN: nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.exe
# RUN: nxc run %t.exe --arg 'f32[2][3]=1,2,3,1,1,1' --arg 's32[2]=2,0' | FileCheck %s
# RUN: not nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.bin 2>&1 | FileCheck %s --check-prefix=SUFFIX
# RUN: not nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.exe --format stablehlo 2>&1 | FileCheck %s --check-prefix=FORMAT
# RUN: not nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.exe --target iree 2>&1 | FileCheck %s --check-prefix=TARGET
# RUN: not nxc run %t.mlirbc --arg 'f32[3][3]=1,2,3,1,1,1,0,0,0' --arg 's32[2]=2,0' 2>&1 | FileCheck %s --check-prefix=SIG

# mean(logsumexp(x) - x[label]) = ((log(e + e^2 + e^3) - 3) + (1 + log 3 - 1)) / 2 = 0.753109...
# CHECK:      nx.Tensor<
# CHECK-NEXT:   f32
# CHECK-NEXT:   0.75310
# SUFFIX: nxc: error: {{.*}}.bin: unknown artifact suffix '.bin'; suffixes: .mlirbc (stablehlo), .exe (executable), .vmfb (iree)
# FORMAT: nxc: error: --format stablehlo writes stablehlo, but {{.*}}.exe has the suffix of executable
# TARGET: nxc: error: --target iree writes an IREE module: name the output FILE.vmfb
# SIG: nxc: error: {{.*}}.mlirbc: compiled for (f32[2, 3], s32[2]) but called with (f32[3, 3], s32[2])
import nx


@nx.defn
def xent(logits, labels):
    picked = nx.take_along_axis(logits, nx.new_axis(labels, 1), axis=1)
    return nx.mean(nx.logsumexp(logits, axes=[1]) - nx.squeeze(picked, axes=[1]))
