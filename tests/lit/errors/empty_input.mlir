// An empty input (no text, only comments, or a module without functions) is a clear error
// for nxc lower, nxc opt and nxc run, not an internal error.
// RUN: not nxc lower %S/Inputs/empty.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not nxc opt %S/Inputs/empty.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not nxc run %S/Inputs/empty.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not nxc opt %S/Inputs/comments_only.mlir --pass-pipeline=canonicalize 2>&1 | FileCheck %s --check-prefix=COMMENTS
// RUN: not nxc lower - < %S/Inputs/empty.mlir 2>&1 | FileCheck %s --check-prefix=STDIN
// RUN: echo 'module {}' | not nxc lower - 2>&1 | FileCheck %s --check-prefix=NOFUNC

// EMPTY:     nxc: error: {{.*}}empty.mlir is empty: expected nx dialect text with at least one func.func
// EMPTY-NOT: internal error
// COMMENTS:  nxc: error: {{.*}}comments_only.mlir is empty: expected nx dialect text
// STDIN:     nxc: error: <stdin> is empty
// NOFUNC:    nxc: error: <stdin> defines no function: expected at least one func.func
// NOFUNC-NOT: internal error
