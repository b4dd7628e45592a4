# Bad --arg specs are one error line each; so is a run without values.
# RUN: not nxc dump %s:f --arg f33[3] 2>&1 | FileCheck %s --check-prefix=TYPE
# RUN: not nxc dump %s:f --arg 'f32[x]' 2>&1 | FileCheck %s --check-prefix=DIM
# RUN: not nxc dump %s:f --arg 'f32[3' 2>&1 | FileCheck %s --check-prefix=SYNTAX
# RUN: not nxc run %s:f --arg 'f32[3]=1,2' 2>&1 | FileCheck %s --check-prefix=COUNT
# RUN: not nxc run %s:f --arg 'f32[3]=1,two,3' 2>&1 | FileCheck %s --check-prefix=VALUE
# RUN: not nxc run %s:f --arg 's8[2]=1,300' 2>&1 | FileCheck %s --check-prefix=RANGE
# RUN: not nxc run %s:f --arg f32[3] 2>&1 | FileCheck %s --check-prefix=NOVALUE
# RUN: not nxc run %s:f --arg 'f32[3]=@%S/missing.npy' 2>&1 | FileCheck %s --check-prefix=NPY

# TYPE: nxc: error: bad --arg 'f33[3]': unknown type 'f33'; expected one of: {{.*}}f32
# DIM: nxc: error: bad --arg 'f32[x]': bad dimension [x]
# SYNTAX: nxc: error: bad --arg 'f32[3'
# COUNT: nxc: error: --arg 'f32[3]=1,2': f32[3] has 3 element(s) but 2 value(s) were given
# VALUE: nxc: error: bad --arg 'f32[3]=1,two,3': 'two' is not a number (for f32)
# RANGE: nxc: error: --arg 's8[2]=1,300': 300 is out of range for s8 [-128, 127]
# NOVALUE: nxc: error: --arg 'f32[3]' has no value
# NPY: nxc: error: --arg {{.*}}no such file: {{.*}}missing.npy
# CHECK-NOT: Traceback
import nx


@nx.defn
def f(x):
    return x + 1
