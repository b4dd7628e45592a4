// Text read from stdin (`-`) names `<stdin>` in its errors (here: a body without a return).
// RUN: not nxc opt - < %s 2>&1 | FileCheck %s

// CHECK: nxc: error: <stdin>:[[# @LINE + 3]]:{{[0-9]+}}: function @main declares results (tensor<3xf32>) but its body returns ()
// CHECK-NOT: Traceback

func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
}
