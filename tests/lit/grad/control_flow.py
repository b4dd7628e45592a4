# Gradients through control flow (grad-expansion):
# - cond: the adjoint is a second nx.cond whose branches pull the cotangent back through each
#   branch (here d/dx of x*x is 2x, of sin(x) is cos(x));
# - fori_loop with static bounds: the forward loop records each state on a tape (a scatter into
#   a (trips, ...) buffer) and a reverse loop reads it back (gather) instead of recomputing;
# - while with a data-dependent trip count: the forward loop counts its iterations and the
#   reverse loop recomputes each state with an inner loop (no tape).
# RUN: nxc dump %s:through_cond --arg f32[3] --stage grad-expansion | FileCheck %s --check-prefix=COND
# RUN: nxc dump %s:through_fori --arg f32[3] --stage grad-expansion | FileCheck %s --check-prefix=FORI
# RUN: nxc dump %s:through_while --arg f32 --stage grad-expansion | FileCheck %s --check-prefix=WHILE
# RUN: nxc run %s:through_while --arg 'f32=3' | FileCheck %s --check-prefix=OUT

# COND-NOT: nx.grad
# COND: nx.cond
# COND: nx.cond
# COND: nx.multiply
# COND: }, {
# COND: nx.cos

# FORI-NOT: nx.grad
# FORI: nx.while
# FORI: nx.scatter {{.*}}mode = "put"
# FORI: nx.while
# FORI: nx.gather
# FORI: nx.cos

# WHILE-NOT: nx.grad
# WHILE: nx.while
# WHILE: nx.while
# WHILE: nx.while
# WHILE-NOT: nx.gather

# 3 -> 6 -> 12 (two doublings, then 12 >= 10): d/dx = 4
# OUT:      nx.Tensor<
# OUT-NEXT:   f32
# OUT-NEXT:   4.0
import nx


@nx.defn
def through_cond(x):
    return nx.grad(x, lambda x: nx.sum(nx.cond(nx.sum(x) > 0, lambda: x * x,
                                              lambda: nx.sin(x))))


@nx.defn
def through_fori(x):
    return nx.grad(x, lambda x: nx.sum(nx.fori_loop(0, 4, x, lambda i, s: nx.sin(s))))


@nx.defn
def through_while(x):
    def f(x):
        while x < 10:
            x = x * 2
        return x
    return nx.grad(x, nx.syntax.convert(f))
