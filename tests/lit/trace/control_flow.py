# nx.cond and nx.while trace into ops with regions.
# RUN: nxc dump %s:cond --arg f32[3] | FileCheck %s --check-prefix=COND
# RUN: nxc dump %s:count --arg f32[3] | FileCheck %s --check-prefix=WHILE
# RUN: nxc dump %s:fori --arg f32[3] | FileCheck %s --check-prefix=FORI

# COND:      %[[P:[0-9]+]] = nx.greater %0, %1 : (tensor<f32>, tensor<f32>) -> tensor<ui8>
# COND-NEXT: %[[R:[0-9]+]] = nx.cond %[[P]] {result_types = [tensor<3xf32>]} ({
# COND-NEXT:   ^bb0:
# COND:          nx.multiply %arg0
# COND:          nx.yield %{{.*}} : (tensor<3xf32>) -> ()
# COND-NEXT: }, {
# COND-NEXT:   ^bb0:
# COND-NEXT:     %[[N:[0-9]+]] = nx.negate %arg0 : tensor<3xf32>
# COND-NEXT:     nx.yield %[[N]] : (tensor<3xf32>) -> ()
# COND-NEXT: }) : (tensor<ui8>) -> tensor<3xf32>
# COND-NEXT: return %[[R]] : tensor<3xf32>

# WHILE:      %1:2 = nx.while %arg0, %0 ({
# WHILE-NEXT:   ^bb0(%arg1: tensor<3xf32>, %arg2: tensor<i32>):
# WHILE:          nx.less %arg2
# WHILE:          nx.yield %{{.*}} : (tensor<ui8>) -> ()
# WHILE-NEXT: }, {
# WHILE-NEXT:   ^bb0(%arg3: tensor<3xf32>, %arg4: tensor<i32>):
# WHILE:          nx.yield %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<i32>) -> ()
# WHILE-NEXT: }) : (tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<i32>)
# WHILE-NEXT: return %1#0, %1#1 : tensor<3xf32>, tensor<i32>

# fori_loop is a while loop over (i, state) that returns the state
# FORI: %1:2 = nx.while %0, %arg0
# FORI: return %1#1 : tensor<3xf32>
import nx


@nx.defn
def cond(x):
    return nx.cond(nx.sum(x) > 0, lambda: x * 2, lambda: -x)


@nx.defn
def count(x):
    return nx.while_loop((x, 0), lambda s: s[1] < 10, lambda s: (s[0] * 2, s[1] + 1))


@nx.defn
def fori(x):
    return nx.fori_loop(0, 3, x, lambda i, acc: acc + 1.0)
