# An exception raised while tracing is one error line that points at the user's line.
# RUN: not nxc dump %s:bad_dot --arg f32[3] --arg f32[4] 2>&1 | FileCheck %s --check-prefix=DOT
# RUN: not nxc dump %s:bad_name --arg f32[3] 2>&1 | FileCheck %s --check-prefix=NAME
# RUN: not nxc dump %s:via_helper --arg f32[3] 2>&1 | FileCheck %s --check-prefix=HELPER
# RUN: not nxc run %s:bad_dot --arg 'f32[3]=1' --arg 'f32[4]=1' 2>&1 | FileCheck %s --check-prefix=DOT
# RUN: not nxc dump %s:to_python --arg f32[3] 2>&1 | FileCheck %s --check-prefix=BOOL

# DOT: nxc: error: {{.*}}trace_error.py:23: OpError: nx.dot: cannot contract axis 0 of shape (3,)
# DOT-NOT: Traceback
# NAME: nxc: error: {{.*}}trace_error.py:28: NameError: name 'undefined_name' is not defined
# NAME-NOT: Traceback
# the last frame in this file: the line inside the helper
# HELPER: nxc: error: {{.*}}trace_error.py:32: OpError: {{.*}}nx.reshape{{.*}}(7,)
# HELPER-NOT: Traceback
# BOOL: nxc: error: {{.*}}trace_error.py:42: TypeError: nx.defn: line 42: cannot convert an if statement over a traced tensor because it contains a return statement
# BOOL-NOT: Traceback
import nx


@nx.defn
def bad_dot(x, y):
    a = x + 1
    return nx.dot(a, y)


@nx.defn
def bad_name(x):
    return undefined_name + x  # noqa: F821


def helper(x):
    return nx.reshape(x, (7,))


@nx.defn
def via_helper(x):
    return helper(x) * 2


@nx.defn
def to_python(x):
    if x[0] > 0:
        return x
    return -x
