# nx.while and nx.cond run the same on XLA and on the evaluator.
# RUN: nxc run %s:collatz_steps --arg 's32=27' | FileCheck %s --check-prefix=WHILE
# RUN: nxc run %s:collatz_steps --arg 's32=27' --compiler evaluator | FileCheck %s --check-prefix=WHILE
# RUN: nxc run %s:sign_scale --arg 'f32[2]=-1,-2' | FileCheck %s --check-prefix=NEG
# RUN: nxc run %s:sign_scale --arg 'f32[2]=1,2' --compiler evaluator | FileCheck %s --check-prefix=POS

# WHILE:      s32
# WHILE-NEXT: 111

# NEG: [1.0, 2.0]
# POS: [10.0, 20.0]
import nx


@nx.defn
def collatz_steps(n):
    def body(s):
        n, steps = s
        n = nx.select(nx.remainder(n, 2) == 0, nx.quotient(n, 2), 3 * n + 1)
        return n, steps + 1
    return nx.while_loop((n, 0), lambda s: s[0] != 1, body)[1]


@nx.defn
def sign_scale(x):
    return nx.cond(nx.sum(x) > 0, lambda: x * 10, lambda: -x)
