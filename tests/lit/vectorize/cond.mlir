// vectorize on nx.cond with vectorized values:
// @per_entry: a vectorized predicate p [e: 2]: both branches are evaluated (inlined) and each
//   entry selects its branch's value, the 2-flag predicate reshaped to 2x1 for the 2x3 entries
//   (as Nx does): out[e] = p[e] ? exp(x[e]) : -x[e].
// @plain_predicate: one predicate for all entries: the cond is kept, its branches and result
//   types made plain.
// RUN: nxc opt %s --pass-pipeline=vectorize -o %t
// RUN: FileCheck %s < %t
// RUN: FileCheck %s --check-prefix=NOVEC < %t

// CHECK-LABEL: func.func @per_entry(%arg0: tensor<2xui8>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NOT:   nx.cond
// CHECK:       %[[T:.*]] = nx.exp %arg1 : tensor<2x3xf32>
// CHECK-NEXT:  %[[F:.*]] = nx.negate %arg1 : tensor<2x3xf32>
// CHECK-NEXT:  %[[M:.*]] = nx.reshape %arg0 {shape = array<i64: 2, 1>} : (tensor<2xui8>) -> tensor<2x1xui8>
// CHECK-NEXT:  %[[S:.*]] = nx.select %[[M]], %[[T]], %[[F]] : (tensor<2x1xui8>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  return %[[S]] : tensor<2x3xf32>

// CHECK-LABEL: func.func @plain_predicate(%arg0: tensor<ui8>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:  %[[C:.*]] = nx.cond %arg0 {result_types = [tensor<2x3xf32>]} ({
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      %[[E:.*]] = nx.exp %arg1 : tensor<2x3xf32>
// CHECK-NEXT:      nx.yield %[[E]] : (tensor<2x3xf32>) -> ()
// CHECK-NEXT:  }, {
// CHECK-NEXT:    ^bb0:
// CHECK-NEXT:      nx.yield %arg1 : (tensor<2x3xf32>) -> ()
// CHECK-NEXT:  }) : (tensor<ui8>) -> tensor<2x3xf32>
// CHECK-NEXT:  return %[[C]] : tensor<2x3xf32>

// NOVEC-NOT: !nx.vec

func.func @per_entry(%p: !nx.vec<[e: 2], tensor<ui8>>, %x: !nx.vec<[e: 2], tensor<3xf32>>) -> !nx.vec<[e: 2], tensor<3xf32>> {
  %0 = nx.cond %p {result_types = [!nx.vec<[e: 2], tensor<3xf32>>]} ({
    ^bb0:
      %1 = nx.exp %x : !nx.vec<[e: 2], tensor<3xf32>>
      nx.yield %1 : (!nx.vec<[e: 2], tensor<3xf32>>) -> ()
  }, {
    ^bb0:
      %2 = nx.negate %x : !nx.vec<[e: 2], tensor<3xf32>>
      nx.yield %2 : (!nx.vec<[e: 2], tensor<3xf32>>) -> ()
  }) : (!nx.vec<[e: 2], tensor<ui8>>) -> !nx.vec<[e: 2], tensor<3xf32>>
  return %0 : !nx.vec<[e: 2], tensor<3xf32>>
}

func.func @plain_predicate(%q: tensor<ui8>, %x: !nx.vec<[e: 2], tensor<3xf32>>) -> !nx.vec<[e: 2], tensor<3xf32>> {
  %0 = nx.cond %q {result_types = [!nx.vec<[e: 2], tensor<3xf32>>]} ({
    ^bb0:
      %1 = nx.exp %x : !nx.vec<[e: 2], tensor<3xf32>>
      nx.yield %1 : (!nx.vec<[e: 2], tensor<3xf32>>) -> ()
  }, {
    ^bb0:
      nx.yield %x : (!nx.vec<[e: 2], tensor<3xf32>>) -> ()
  }) : (tensor<ui8>) -> !nx.vec<[e: 2], tensor<3xf32>>
  return %0 : !nx.vec<[e: 2], tensor<3xf32>>
}
