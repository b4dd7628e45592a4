// Attribute values of every kind print back as they were read: integers, floats (with hex for
// non-finite ones), booleans, strings with escapes, element types, tensor types, i64 arrays,
// lists, dictionaries, unit, dense constants (nested, hex, empty; a splat is written out in
// full) and symbol references.
// The verifier ignores attributes it does not know, so any op may carry extra ones.
// RUN: nxc opt %s | FileCheck %s
// RUN: nxc opt %s --generic | nxc opt - | FileCheck %s

// CHECK:      %0 = nx.exp %arg0 {a_int = 7 : i64, b_float = 2.5 : f64, c_nan = 0x7FF8000000000000 : f64, d_bool = true, e_str = "say \"hi\"\n", f_type = bf16, g_tensor = tensor<2x3xi8>, h_array = array<i64: 1, -2>, i_list = [1 : i64, "x"], j_dict = {k = 1 : i64}, l_unit, m_sym = @main} : tensor<2x2xf32>
// CHECK-NEXT: %1 = nx.constant {value = dense<{{\[}}[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
// CHECK-NEXT: %2 = nx.constant {value = dense<{{\[}}[1.5, 1.5], [1.5, 1.5]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
// CHECK-NEXT: %3 = nx.constant {value = dense<"0x0000C07F0000807F"> : tensor<2xf32>} : () -> tensor<2xf32>
// CHECK-NEXT: %4 = nx.constant {value = dense<> : tensor<0xf32>} : () -> tensor<0xf32>
// CHECK-NEXT: %5 = nx.constant {value = dense<[-1, 2, 3]> : tensor<3xi8>} : () -> tensor<3xi8>

module {
  func.func @main(%arg0: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<0xf32>, tensor<3xi8>) {
    %0 = nx.exp %arg0 {a_int = 7 : i64, b_float = 2.5 : f64, c_nan = 0x7FF8000000000000 : f64, d_bool = true, e_str = "say \"hi\"\n", f_type = bf16, g_tensor = tensor<2x3xi8>, h_array = array<i64: 1, -2>, i_list = [1 : i64, "x"], j_dict = {k = 1 : i64}, l_unit, m_sym = @main} : tensor<2x2xf32>
    %1 = nx.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
    %2 = nx.constant {value = dense<1.5> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
    %3 = nx.constant {value = dense<"0x0000C07F0000807F"> : tensor<2xf32>} : () -> tensor<2xf32>
    %4 = nx.constant {value = dense<> : tensor<0xf32>} : () -> tensor<0xf32>
    %5 = nx.constant {value = dense<[-1, 2, 3]> : tensor<3xi8>} : () -> tensor<3xi8>
    return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<0xf32>, tensor<3xi8>
  }
}
