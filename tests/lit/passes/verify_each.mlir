// nxc opt verifies the IR after each pass by default (--verify-each), so a user's pass that
// leaves invalid IR is an error naming it, exit status 1; --no-verify-each turns it off. The
// passes come from a plugin file (Inputs/broken_passes.py), as a user writes them.
// RUN: not nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=add-to-lhs 2>&1 | FileCheck %s --check-prefix=SIG
// RUN: not nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=canonicalize,add-to-lhs,canonicalize --verify-each 2>&1 | FileCheck %s --check-prefix=SIG
// RUN: not nxc lower %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=add-to-lhs 2>&1 | FileCheck %s --check-prefix=SIG
// RUN: nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=add-to-lhs --no-verify-each | FileCheck %s --check-prefix=OFF
// RUN: not nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=drop-operand 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=returns-list 2>&1 | FileCheck %s --check-prefix=LIST
// RUN: not nxc opt %s --load-pass-plugin=%S/Inputs/broken_passes.py --pass-pipeline=raises 2>&1 | FileCheck %s --check-prefix=RAISES

// The add of i32 and f32 is f32: replacing it by its i32 operand changes what @main returns.
// SIG:       nxc: error: the IR after pass 'add-to-lhs' does not verify: @main returns (tensor<3xi32>) but its signature says (tensor<3xf32>)
// SIG-NOT:   Traceback

// OFF:       func.func @main(%arg0: tensor<3xi32>, %arg1: tensor<3xf32>) -> tensor<3xi32> {
// OFF:         return %arg0 : tensor<3xi32>

// The verifier counts operands (no Python unpacking error).
// COUNT:     nxc: error: the IR after pass 'drop-operand' does not verify: @main: nx.add takes 2 operands but has 1
// COUNT-NOT: unpack

// LIST:      nxc: error: the IR after pass 'returns-list' does not verify: the pass returned a list, not a Module

// A plugin's pass raising is the user's error, at the plugin's line.
// RAISES:    nxc: error: pass 'raises' failed: {{.*}}broken_passes.py:[[#]]: KeyError: 'no-such-attribute'
// RAISES-NOT: internal error

func.func @main(%arg0: tensor<3xi32>, %arg1: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.add %arg0, %arg1 : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
