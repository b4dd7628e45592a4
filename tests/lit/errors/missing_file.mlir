// A missing input file is one error line.
// RUN: not nxc opt %S/does-not-exist.mlir 2>&1 | FileCheck %s
// RUN: not nxc lower %S/does-not-exist.mlir 2>&1 | FileCheck %s
// RUN: not nxc dump %S/does-not-exist.py:f --arg f32 2>&1 | FileCheck %s --check-prefix=PY

// CHECK: nxc: error: no such file: {{.*}}does-not-exist.mlir
// CHECK-NOT: Traceback
// PY: nxc: error: no such file: {{.*}}does-not-exist.py
// PY-NOT: Traceback
