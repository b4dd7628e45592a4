# NXC_DEBUG=1 shows the Python traceback as well as the error line.
# RUN: not env NXC_DEBUG=1 nxc dump %s:f --arg f32[3] 2>&1 | FileCheck %s
# RUN: not nxc dump %s:f --arg f32[3] 2>&1 | FileCheck %s --check-prefix=QUIET

# CHECK: Traceback (most recent call last):
# CHECK: nxc: error: {{.*}}debug_traceback.py:14: OpError: nx.reshape
# QUIET-NOT: Traceback
# QUIET: nxc: error: {{.*}}debug_traceback.py:14: OpError: nx.reshape
import nx


@nx.defn
def f(x):
    return nx.reshape(x, (2, 2))
