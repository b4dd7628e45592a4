// Locations: `loc(...)` is read and printed back with --debug-info (and dropped without it);
// `loc(unknown)` gives no location.
// RUN: nxc opt %s --debug-info | FileCheck %s
// RUN: nxc opt %s --debug-info --generic | nxc opt - --debug-info | FileCheck %s
// RUN: nxc opt %s | FileCheck %s --check-prefix=NOLOC

// CHECK:      %0 = nx.exp %arg0 : tensor<3xf32> loc("model.py":12:4)
// CHECK-NEXT: %1 = nx.log %0 : tensor<3xf32>{{$}}
// CHECK-NEXT: %2 = nx.sin %1 : tensor<3xf32> loc("dir with \"quotes\"/m.py":3:0)
// CHECK-NEXT: return %2 : tensor<3xf32> loc("model.py":14:0)

// NOLOC-NOT: loc(
// NOLOC:     nx.exp %arg0 : tensor<3xf32>{{$}}
// NOLOC-NOT: loc(

module {
  func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
    %0 = nx.exp %arg0 : tensor<3xf32> loc("model.py":12:4)
    %1 = nx.log %0 : tensor<3xf32> loc(unknown)
    %2 = nx.sin %1 : tensor<3xf32> loc("dir with \"quotes\"/m.py":3:0)
    return %2 : tensor<3xf32> loc("model.py":14:0)
  }
}
