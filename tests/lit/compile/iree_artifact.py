# nxc compile -o FILE.vmfb (or --target iree) writes an IREE module for the host CPU, and nxc run
# runs it: a softmax cross-entropy (logsumexp's CHLO is legalized to StableHLO first), with the
# value nxc run gives for the Python function (artifacts_by_suffix.py derives it).
# REQUIRES: iree
# RUN: nxc compile %s:xent --arg f32[2][3] --arg s32[2] -o %t.vmfb --target iree
# RUN: nxc run %t.vmfb --arg 'f32[2][3]=1,2,3,1,1,1' --arg 's32[2]=2,0' | FileCheck %s
# RUN: not nxc run %t.vmfb --arg 'f32[2][3]=1,2,3,1,1,1' --arg 'f32[2]=2,0' 2>&1 | FileCheck %s --check-prefix=SIG

# CHECK:      nx.Tensor<
# CHECK-NEXT:   f32
# CHECK-NEXT:   0.75310
# SIG: nxc: error: {{.*}}.vmfb: compiled for (f32[2, 3], s32[2]) but called with (f32[2, 3], f32[2])
import nx


@nx.defn
def xent(logits, labels):
    picked = nx.take_along_axis(logits, nx.new_axis(labels, 1), axis=1)
    return nx.mean(nx.logsumexp(logits, axes=[1]) - nx.squeeze(picked, axes=[1]))
