func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nx.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %1 = nx.multiply %arg0, %0 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
