// vectorize rejects an nx.while whose condition is vectorized but whose state is not all
// vectorized over the same axes (here a plain i32 counter next to a [e: 4] value): the per-entry
// select would change the counter's type and break the loop's signature. nx.while_loop never
// builds this (it vectorizes every state value); hand-written IR gets an error naming the op.
// RUN: not nxc opt %s --pass-pipeline=vectorize 2>&1 | FileCheck %s

// CHECK: nxc: error: vectorize: nx.while{{.*}}: the condition is vectorized over [('e', 4)] but state value(s) [1] are not vectorized over those axes

func.func @main(%x: !nx.vec<[e: 4], tensor<f32>>, %n: tensor<i32>) -> !nx.vec<[e: 4], tensor<f32>> {
  %0:2 = nx.while %x, %n ({
    ^bb0(%a: !nx.vec<[e: 4], tensor<f32>>, %i: tensor<i32>):
      %c = nx.constant {value = dense<8.0> : tensor<f32>} : tensor<f32>
      %p = nx.less %a, %c : (!nx.vec<[e: 4], tensor<f32>>, tensor<f32>) -> !nx.vec<[e: 4], tensor<ui8>>
      nx.yield %p : (!nx.vec<[e: 4], tensor<ui8>>) -> ()
  }, {
    ^bb0(%b: !nx.vec<[e: 4], tensor<f32>>, %j: tensor<i32>):
      %two = nx.constant {value = dense<2.0> : tensor<f32>} : tensor<f32>
      %b2 = nx.multiply %b, %two : (!nx.vec<[e: 4], tensor<f32>>, tensor<f32>) -> !nx.vec<[e: 4], tensor<f32>>
      %one = nx.constant {value = dense<1> : tensor<i32>} : tensor<i32>
      %j2 = nx.add %j, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
      nx.yield %b2, %j2 : (!nx.vec<[e: 4], tensor<f32>>, tensor<i32>) -> ()
  }) : (!nx.vec<[e: 4], tensor<f32>>, tensor<i32>) -> (!nx.vec<[e: 4], tensor<f32>>, tensor<i32>)
  return %0#0 : !nx.vec<[e: 4], tensor<f32>>
}
