// grad-expansion through an nx.while inside the grad region (reverse mode through a loop).
// @doubling: x -> x * 2 while x < 10, a data-dependent trip count n, so f(x) = x * 2^n and
//   df/dx = 2^n. The forward clone of the loop also counts its iterations (a second state
//   value, +1 per trip); the reverse loop runs k = n-1 down to 0 (while k >= 0), recomputes the
//   state x_k with an inner loop from x (k trips, no tape), and multiplies the cotangent by 2
//   (the rule of x * 2 for x).
// @tape: a loop with a static trip count (trip_count = 2, as nx.fori_loop records it) on
//   sin: f(x) = sum(sin(sin(x))). The forward loop records each state on a tape (a scatter
//   "put" into a 2x3 buffer) and the reverse loop reads the state back (a gather) and
//   multiplies the cotangent by cos(x_k).
// RUN: nxc opt %s --pass-pipeline=grad-expansion -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOGRAD < %t
// RUN: FileCheck %s --check-prefix=NOTAPE < %t

// CHECK-LABEL: func.func @doubling(%arg0: tensor<f32>) -> tensor<f32>
// the forward loop, with an iteration counter
// CHECK:       %[[Z:.*]] = nx.constant {value = dense<0> : tensor<i32>}
// CHECK-NEXT:  %[[FWD:.*]]:2 = nx.while %arg0, %[[Z]] ({
// CHECK:         nx.less
// CHECK:       }, {
// CHECK-NEXT:    ^bb0(%[[X:.*]]: tensor<f32>, %[[I:.*]]: tensor<i32>):
// CHECK:           %[[X2:.*]] = nx.multiply %[[X]], {{.*}} : tensor<f32>
// CHECK:           %[[I1:.*]] = nx.add %[[I]], {{.*}} : tensor<i32>
// CHECK-NEXT:      nx.yield %[[X2]], %[[I1]] : (tensor<f32>, tensor<i32>) -> ()
// CHECK-NEXT:  }) : (tensor<f32>, tensor<i32>) -> (tensor<f32>, tensor<i32>)
// the reverse loop: k = n - 1 down to 0, cotangent starting at 1.0
// CHECK:       %[[K0:.*]] = nx.subtract %[[FWD]]#1, {{.*}} : tensor<i32>
// CHECK-NEXT:  %[[G0:.*]] = nx.constant {value = dense<1.0> : tensor<f32>}
// CHECK-NEXT:  %[[REV:.*]]:2 = nx.while %[[K0]], %[[G0]] ({
// CHECK:         nx.greater_equal
// CHECK:       }, {
// CHECK-NEXT:    ^bb0(%[[K:.*]]: tensor<i32>, %[[G:.*]]: tensor<f32>):
// recomputes x_k from x with k trips of the body
// CHECK:           %[[XK:.*]]:2 = nx.while %arg0, {{.*}} ({
// CHECK-NEXT:        ^bb0(%{{.*}}: tensor<f32>, %[[J:.*]]: tensor<i32>):
// CHECK-NEXT:          nx.less %[[J]], %[[K]] : (tensor<i32>, tensor<i32>) -> tensor<ui8>
// CHECK:           }) : (tensor<f32>, tensor<i32>) -> (tensor<f32>, tensor<i32>)
// then the cotangent of the body's x * 2: g * 2
// CHECK-NEXT:      %[[TWO:.*]] = nx.constant {value = dense<2.0> : tensor<f32>}
// CHECK:           %[[GN:.*]] = nx.multiply %[[G]], %[[TWO]] : tensor<f32>
// CHECK:           %[[KN:.*]] = nx.subtract %[[K]], {{.*}} : tensor<i32>
// CHECK-NEXT:      nx.yield %[[KN]], %[[GN]] : (tensor<i32>, tensor<f32>) -> ()
// CHECK-NEXT:  }) : (tensor<i32>, tensor<f32>) -> (tensor<i32>, tensor<f32>)
// CHECK-NEXT:  return %[[REV]]#1 : tensor<f32>

// CHECK-LABEL: func.func @tape(%arg0: tensor<3xf32>) -> tensor<3xf32>
// the forward loop: state, counter, tapes (the 2x3 one for the 3-vector state)
// CHECK:       %[[FWD:.*]]:5 = nx.while %{{.*}}, %arg0, %{{.*}}, %{{.*}}, %{{.*}} ({
// CHECK:       }, {
// CHECK-NEXT:    ^bb0(%{{.*}}: tensor<i32>, %[[S:.*]]: tensor<3xf32>, %[[N:.*]]: tensor<i32>, %{{.*}}: tensor<2xi32>, %[[TAPE:.*]]: tensor<2x3xf32>):
// CHECK-NEXT:      %[[AT:.*]] = nx.reshape %[[N]] {shape = array<i64: 1, 1>} : (tensor<i32>) -> tensor<1x1xi32>
// CHECK:           %[[ROW:.*]] = nx.reshape %[[S]] {shape = array<i64: 1, 3>} : (tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:      %[[TAPE2:.*]] = nx.scatter %[[TAPE]], %[[AT]], %[[ROW]] {axes = array<i64: 0>, mode = "put"} : (tensor<2x3xf32>, tensor<1x1xi32>, tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK:           nx.sin %[[S]] : tensor<3xf32>
// CHECK:           nx.yield {{.*}}, %[[TAPE2]] : (tensor<i32>, tensor<3xf32>, tensor<i32>, tensor<2xi32>, tensor<2x3xf32>) -> ()
// the reverse loop reads x_k from the tape: g <- g * cos(x_k)
// CHECK:       %[[SEED:.*]] = nx.broadcast {{.*}} -> tensor<3xf32>
// CHECK:       %[[REV:.*]]:3 = nx.while %{{.*}}, %{{.*}}, %[[SEED]] ({
// CHECK:       }, {
// CHECK-NEXT:    ^bb0(%[[K:.*]]: tensor<i32>, %{{.*}}: tensor<f32>, %[[G:.*]]: tensor<3xf32>):
// CHECK-NEXT:      %[[AT2:.*]] = nx.reshape %[[K]] {shape = array<i64: 1, 1>} : (tensor<i32>) -> tensor<1x1xi32>
// CHECK:           %[[XK1:.*]] = nx.gather %[[FWD]]#4, %[[AT2]] {axes = array<i64: 0>} : (tensor<2x3xf32>, tensor<1x1xi32>) -> tensor<1x3xf32>
// CHECK-NEXT:      %[[XK:.*]] = nx.reshape %[[XK1]] {shape = array<i64: 3>} : (tensor<1x3xf32>) -> tensor<3xf32>
// CHECK:           %[[COS:.*]] = nx.cos %[[XK]] : tensor<3xf32>
// CHECK-NEXT:      %[[GN:.*]] = nx.multiply %[[G]], %[[COS]] : tensor<3xf32>
// CHECK:           nx.yield {{.*}}, %[[GN]] : (tensor<i32>, tensor<f32>, tensor<3xf32>) -> ()
// CHECK:       return %[[REV]]#2 : tensor<3xf32>

// NOGRAD-NOT: nx.grad

// @doubling has no tape (its trip count is not known before the loop runs)
// NOTAPE-LABEL: func.func @doubling
// NOTAPE-NOT:   nx.scatter
// NOTAPE-NOT:   nx.gather
// NOTAPE-LABEL: func.func @tape

func.func @doubling(%x: tensor<f32>) -> tensor<f32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<f32>]} ({
    ^bb0(%a: tensor<f32>):
      %1 = nx.while %a ({
        ^bb0(%s: tensor<f32>):
          %ten = nx.constant {value = dense<10.0> : tensor<f32>} : () -> tensor<f32>
          %p = nx.less %s, %ten : (tensor<f32>, tensor<f32>) -> tensor<ui8>
          nx.yield %p : (tensor<ui8>) -> ()
      }, {
        ^bb0(%t: tensor<f32>):
          %two = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
          %m = nx.multiply %t, %two : tensor<f32>
          nx.yield %m : (tensor<f32>) -> ()
      }) : tensor<f32>
      nx.yield %1 : (tensor<f32>) -> ()
  }) : tensor<f32>
  return %0 : tensor<f32>
}

func.func @tape(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.grad %x {num_values = 0 : i64, result_types = [tensor<3xf32>]} ({
    ^bb0(%a: tensor<3xf32>):
      %z = nx.constant {value = dense<0> : tensor<i32>} : () -> tensor<i32>
      %1:2 = nx.while %z, %a {trip_count = 2 : i64} ({
        ^bb0(%i: tensor<i32>, %s: tensor<3xf32>):
          %n = nx.constant {value = dense<2> : tensor<i32>} : () -> tensor<i32>
          %p = nx.less %i, %n : (tensor<i32>, tensor<i32>) -> tensor<ui8>
          nx.yield %p : (tensor<ui8>) -> ()
      }, {
        ^bb0(%j: tensor<i32>, %t: tensor<3xf32>):
          %one = nx.constant {value = dense<1> : tensor<i32>} : () -> tensor<i32>
          %k = nx.add %j, %one : tensor<i32>
          %u = nx.sin %t : tensor<3xf32>
          nx.yield %k, %u : (tensor<i32>, tensor<3xf32>) -> ()
      }) : (tensor<i32>, tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>)
      %2 = nx.sum %1#1 {axes = array<i64: 0>, keep_axes = false} : (tensor<3xf32>) -> tensor<f32>
      nx.yield %2 : (tensor<f32>) -> ()
  }) : tensor<3xf32>
  return %0 : tensor<3xf32>
}
