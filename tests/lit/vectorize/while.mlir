// vectorize on nx.while with vectorized state:
// @per_entry: a vectorized condition (x < 8 per entry, x [e: 4] and v [e: 4] 3): the loop runs
//   while any entry's condition holds (reduce_max of the per-entry flags != 0), and an entry
//   whose condition is false keeps its state: the body recomputes the condition and selects
//   between the new and the old state (the 4-flag mask reshaped to 4x1 for the 4x3 state).
// @plain_condition: the condition does not depend on the vectorized state (a counter): the
//   loop is kept as is, with its regions' types made plain.
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @per_entry(%arg0: tensor<4xf32>, %arg1: tensor<4x3xf32>) -> (tensor<4xf32>, tensor<4x3xf32>)
// CHECK-NEXT:  %[[W:.*]]:2 = nx.while %arg0, %arg1 ({
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<4xf32>, %{{.*}}: tensor<4x3xf32>):
// CHECK:           %[[P:.*]] = nx.less %[[A]], {{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
// CHECK-NEXT:      %[[Z:.*]] = nx.constant {value = dense<0> : tensor<ui8>}
// CHECK-NEXT:      %[[NZ:.*]] = nx.not_equal %[[P]], %[[Z]] : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
// CHECK-NEXT:      %[[ANY:.*]] = nx.reduce_max %[[NZ]] {axes = array<i64: 0>} : (tensor<4xui8>) -> tensor<ui8>
// CHECK-NEXT:      nx.yield %[[ANY]] : (tensor<ui8>) -> ()
// CHECK-NEXT:  }, {
// CHECK-NEXT:    ^bb0(%[[B:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<4x3xf32>):
// CHECK:           %[[Q:.*]] = nx.less %[[B]], {{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
// CHECK:           %[[B2:.*]] = nx.multiply %[[B]], {{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:      %[[V2:.*]] = nx.sin %[[V]] : tensor<4x3xf32>
// CHECK-NEXT:      %[[NB:.*]] = nx.select %[[Q]], %[[B2]], %[[B]] : (tensor<4xui8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:      %[[QM:.*]] = nx.reshape %[[Q]] {shape = array<i64: 4, 1>} : (tensor<4xui8>) -> tensor<4x1xui8>
// CHECK-NEXT:      %[[NV:.*]] = nx.select %[[QM]], %[[V2]], %[[V]] : (tensor<4x1xui8>, tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:      nx.yield %[[NB]], %[[NV]] : (tensor<4xf32>, tensor<4x3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<4xf32>, tensor<4x3xf32>) -> (tensor<4xf32>, tensor<4x3xf32>)
// CHECK-NEXT:  return %[[W]]#0, %[[W]]#1 : tensor<4xf32>, tensor<4x3xf32>

// CHECK-LABEL: func.func @plain_condition(%arg0: tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK:       %[[W:.*]]:2 = nx.while %{{.*}}, %arg0 ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: tensor<i32>, %{{.*}}: tensor<4x3xf32>):
// CHECK:           %[[P:.*]] = nx.less %[[I]], {{.*}} : (tensor<i32>, tensor<i32>) -> tensor<ui8>
// CHECK-NEXT:      nx.yield %[[P]] : (tensor<ui8>) -> ()
// CHECK-NEXT:  }, {
// CHECK-NEXT:    ^bb0(%{{.*}}: tensor<i32>, %[[S:.*]]: tensor<4x3xf32>):
// CHECK-NOT:       nx.select
// CHECK:           %[[S2:.*]] = nx.sin %[[S]] : tensor<4x3xf32>
// CHECK-NEXT:      nx.yield %{{.*}}, %[[S2]] : (tensor<i32>, tensor<4x3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<i32>, tensor<4x3xf32>) -> (tensor<i32>, tensor<4x3xf32>)
// CHECK-NEXT:  return %[[W]]#1 : tensor<4x3xf32>

// NOVEC-NOT: !nx.vec

func.func @per_entry(%x: !nx.vec<[e: 4], tensor<f32>>, %v: !nx.vec<[e: 4], tensor<3xf32>>) -> (!nx.vec<[e: 4], tensor<f32>>, !nx.vec<[e: 4], tensor<3xf32>>) {
  %0:2 = nx.while %x, %v ({
    ^bb0(%a: !nx.vec<[e: 4], tensor<f32>>, %u: !nx.vec<[e: 4], tensor<3xf32>>):
      %c = nx.constant {value = dense<8.0> : tensor<f32>} : () -> tensor<f32>
      %p = nx.less %a, %c : (!nx.vec<[e: 4], tensor<f32>>, tensor<f32>) -> !nx.vec<[e: 4], tensor<ui8>>
      nx.yield %p : (!nx.vec<[e: 4], tensor<ui8>>) -> ()
  }, {
    ^bb0(%b: !nx.vec<[e: 4], tensor<f32>>, %w: !nx.vec<[e: 4], tensor<3xf32>>):
      %two = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
      %m = nx.multiply %b, %two : (!nx.vec<[e: 4], tensor<f32>>, tensor<f32>) -> !nx.vec<[e: 4], tensor<f32>>
      %s = nx.sin %w : !nx.vec<[e: 4], tensor<3xf32>>
      nx.yield %m, %s : (!nx.vec<[e: 4], tensor<f32>>, !nx.vec<[e: 4], tensor<3xf32>>) -> ()
  }) : (!nx.vec<[e: 4], tensor<f32>>, !nx.vec<[e: 4], tensor<3xf32>>) -> (!nx.vec<[e: 4], tensor<f32>>, !nx.vec<[e: 4], tensor<3xf32>>)
  return %0#0, %0#1 : !nx.vec<[e: 4], tensor<f32>>, !nx.vec<[e: 4], tensor<3xf32>>
}

func.func @plain_condition(%x: !nx.vec<[e: 4], tensor<3xf32>>) -> !nx.vec<[e: 4], tensor<3xf32>> {
  %zero = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %0:2 = nx.while %zero, %x ({
    ^bb0(%i: tensor<i32>, %a: !nx.vec<[e: 4], tensor<3xf32>>):
      %n = nx.constant {value = dense<3> : tensor<i32>} : () -> tensor<i32>
      %p = nx.less %i, %n : (tensor<i32>, tensor<i32>) -> tensor<ui8>
      nx.yield %p : (tensor<ui8>) -> ()
  }, {
    ^bb0(%j: tensor<i32>, %b: !nx.vec<[e: 4], tensor<3xf32>>):
      %one = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %k = nx.add %j, %one : tensor<i32>
      %s = nx.sin %b : !nx.vec<[e: 4], tensor<3xf32>>
      nx.yield %k, %s : (tensor<i32>, !nx.vec<[e: 4], tensor<3xf32>>) -> ()
  }) : (tensor<i32>, !nx.vec<[e: 4], tensor<3xf32>>) -> (tensor<i32>, !nx.vec<[e: 4], tensor<3xf32>>)
  return %0#1 : !nx.vec<[e: 4], tensor<3xf32>>
}
