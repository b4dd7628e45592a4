# The README's example: `nxc run examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4'` prints the
# softmax values as an nx.Tensor, compiled by XLA or evaluated on NumPy.
# RUN: nxc run %S/../../../examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4' | FileCheck %s
# RUN: nxc run %S/../../../examples/softmax.py:softmax --arg 'f32[4]=1,2,3,4' --compiler evaluator | FileCheck %s

# CHECK:      nx.Tensor<
# CHECK-NEXT:   f32[4]
# CHECK-NEXT:   [0.03205860{{[0-9]*}}, 0.0871443{{[0-9]*}}, 0.236882{{[0-9]*}}, 0.643914{{[0-9]*}}]
# CHECK-NEXT: >
