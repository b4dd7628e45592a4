"""Docstring examples for the functions whose docstrings are generated or short: attached at
import (`attach`), so `help(nx.exp)` shows one and `tests/py/test_doctests.py` runs it.

Where Nx's documentation has an example for the function, it is that example (ported to Python);
for the element-wise math functions it is a call on a few values whose expected output is the
correctly rounded f32 result (computed with Python's `math` in double precision).
"""
from __future__ import annotations

EXAMPLES = {
    'default_defn_options': '>>> nx.default_defn_options()["compiler"]\n\'xla\'',
    'deftransform': '>>> @nx.deftransform\n... def axis_count(t):\n...     return len(t.shape)          # plain Python on static values, at trace time\n>>> @nx.defn\n... def scaled(x):\n...     return x * axis_count(x)\n>>> scaled(nx.tensor([[1, 2]]))\nnx.Tensor<\n  s32[1][2]\n  [\n    [2, 4]\n  ]\n>',
    'abs': '>>> nx.abs(nx.tensor([-2, -1, 0, 1, 2], names=["x"]))\nnx.Tensor<\n  s32[x: 5]\n  [2, 1, 0, 1, 2]\n>',
    'access': '>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])\n>>> nx.access(t, (1, slice(0, 2)))\nnx.Tensor<\n  s32[y: 2]\n  [4, 5]\n>',
    'acos': '>>> nx.acos(nx.tensor([0.0, 0.5, 1.0]))\nnx.Tensor<\n  f32[3]\n  [1.5707963705062866, 1.0471975803375244, 0.0]\n>',
    'acosh': '>>> nx.acosh(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.0, 1.316957950592041, 1.7627471685409546]\n>',
    'add': '>>> nx.add(1, 2)\nnx.Tensor<\n  s32\n  3\n>',
    'argmax': '>>> nx.argmax(4)\nnx.Tensor<\n  s32\n  0\n>',
    'argmin': '>>> nx.argmin(4)\nnx.Tensor<\n  s32\n  0\n>',
    'as_type': '>>> nx.as_type(nx.tensor([0, 1, 2], names=["data"]), "f32")\nnx.Tensor<\n  f32[data: 3]\n  [0.0, 1.0, 2.0]\n>',
    'asin': '>>> nx.asin(nx.tensor([0.1, 0.5, 0.9]))\nnx.Tensor<\n  f32[3]\n  [0.1001674234867096, 0.5235987901687622, 1.1197694540023804]\n>',
    'asinh': '>>> nx.asinh(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.8813735842704773, 1.4436354637145996, 1.8184465169906616]\n>',
    'atan': '>>> nx.atan(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.7853981852531433, 1.1071487665176392, 1.249045729637146]\n>',
    'atan2': '>>> neg_and_pos_zero_columns = nx.tensor([[-0.0], [0.0]], type="f64")\n>>> neg_and_pos_zero_rows = nx.tensor([-0.0, 0.0], type="f64")\n>>> nx.atan2(neg_and_pos_zero_columns, neg_and_pos_zero_rows)\nnx.Tensor<\n  f64[2][2]\n  [\n    [-3.141592653589793, -0.0],\n    [3.141592653589793, 0.0]\n  ]\n>',
    'axis_index': '>>> nx.axis_index(nx.iota((100, 10, 20)), 0)\n0',
    'axis_size': '>>> nx.axis_size(nx.iota((100, 10, 20)), 0)\n100',
    'bitwise_and': '>>> nx.bitwise_and(1, 0)\nnx.Tensor<\n  s32\n  0\n>',
    'bitwise_not': '>>> nx.bitwise_not(1)\nnx.Tensor<\n  s32\n  -2\n>',
    'bitwise_or': '>>> nx.bitwise_or(1, 0)\nnx.Tensor<\n  s32\n  1\n>',
    'bitwise_xor': '>>> nx.bitwise_xor(1, 0)\nnx.Tensor<\n  s32\n  1\n>',
    'byte_size': '>>> nx.byte_size(nx.tensor([[1, 2, 3], [4, 5, 6]]))\n24\n>>> nx.byte_size(nx.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))\n24\n>>> nx.byte_size(nx.tensor([[1, 2, 3], [4, 5, 6]], type="u8"))\n6\n>>> nx.byte_size(1)\n4',
    'cbrt': '>>> nx.cbrt(nx.tensor([0.0, 1.0, 2.0]))\nnx.Tensor<\n  f32[3]\n  [0.0, 1.0, 1.2599210739135742]\n>',
    'ceil': '>>> nx.ceil(nx.tensor([-1.5, 0.5, 1.5]))\nnx.Tensor<\n  f32[3]\n  [-1.0, 1.0, 2.0]\n>',
    'compile': '>>> add_one = nx.compile(lambda x: x + 1, [nx.template((2,), "f32")])\n>>> add_one(nx.tensor([1.0, 2.0]))\nnx.Tensor<\n  f32[2]\n  [2.0, 3.0]\n>',
    'cond': '>>> @nx.defn\n... def relu_sum(x):\n...     return nx.cond(nx.sum(x) > 0, lambda: nx.sum(x), lambda: nx.tensor(0))\n>>> relu_sum(nx.tensor([1, -3]))\nnx.Tensor<\n  s32\n  0\n>',
    'cos': '>>> nx.cos(nx.tensor([0.5, 1.0, 1.5]))\nnx.Tensor<\n  f32[3]\n  [0.8775825500488281, 0.5403022766113281, 0.07073719799518585]\n>',
    'cosh': '>>> nx.cosh(nx.tensor([0.0, 1.0, 2.0]))\nnx.Tensor<\n  f32[3]\n  [1.0, 1.5430806875228882, 3.762195587158203]\n>',
    'count_leading_zeros': '>>> nx.count_leading_zeros(1)\nnx.Tensor<\n  s32\n  31\n>',
    'debug_expr': '>>> nx.debug_expr(lambda x: nx.exp(x) + 1)(nx.tensor([1.0, 2.0]))\nnx.Tensor<\n  f32[2]\n<BLANKLINE>\n  Nx.Defn.Expr\n  parameter a:0     f32[2]\n  b = exp a         f32[2]\n  c = add b, 1.0    f32[2]\n>',
    'default_backend': ">>> nx.default_backend()\n'numpy'",
    'defn': '>>> @nx.defn\n... def softmax(x):\n...     e = nx.exp(x - nx.reduce_max(x))\n...     return e / nx.sum(e)\n>>> softmax(nx.tensor([0.0, 0.0]))\nnx.Tensor<\n  f32[2]\n  [0.5, 0.5]\n>',
    'divide': '>>> nx.divide(1, 2)\nnx.Tensor<\n  f32\n  0.5\n>',
    'equal': '>>> nx.equal(1, 2)\nnx.Tensor<\n  u8\n  0\n>',
    'erf': '>>> nx.erf(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.8427007794380188, 0.9953222870826721, 0.9999778866767883]\n>',
    'erf_inv': '>>> nx.erf_inv(nx.tensor([0.1, 0.5, 0.9]))\nnx.Tensor<\n  f32[3]\n  [0.08885598927736282, 0.4769362807273865, 1.1630871295928955]\n>',
    'erfc': '>>> nx.erfc(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.15729920566082, 0.004677734803408384, 2.2090496713644825e-5]\n>',
    'exp': '>>> nx.exp(nx.tensor([0.1, 0.2, 0.3]))\nnx.Tensor<\n  f32[3]\n  [1.1051709651947021, 1.2214027643203735, 1.3498588800430298]\n>',
    'expm1': '>>> nx.expm1(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [1.718281865119934, 6.389056205749512, 19.08553695678711]\n>',
    'eye': '>>> nx.eye(2)\nnx.Tensor<\n  s32[2][2]\n  [\n    [1, 0],\n    [0, 1]\n  ]\n>',
    'floor': '>>> nx.floor(nx.tensor([-1.5, -0.5, 0.5, 1.5]))\nnx.Tensor<\n  f32[4]\n  [-2.0, -1.0, 0.0, 1.0]\n>',
    'grad': '>>> nx.grad(nx.tensor([1.0, 2.0, 3.0]), lambda x: nx.sum(x * x))\nnx.Tensor<\n  f32[3]\n  [2.0, 4.0, 6.0]\n>',
    'greater': '>>> nx.greater(1, 2)\nnx.Tensor<\n  u8\n  0\n>',
    'greater_equal': '>>> nx.greater_equal(1, 2)\nnx.Tensor<\n  u8\n  0\n>',
    'is_infinity': '>>> nx.is_infinity(nx.tensor(["infinity", "nan", "neg_infinity", 1, 0]))\nnx.Tensor<\n  u8[5]\n  [1, 0, 1, 0, 0]\n>',
    'is_nan': '>>> nx.is_nan(nx.tensor(["nan", 1, 0]))\nnx.Tensor<\n  u8[3]\n  [1, 0, 0]\n>',
    'jit': '>>> f = nx.jit(lambda x: x * 2 + 1)\n>>> f(nx.tensor([1, 2]))\nnx.Tensor<\n  s32[2]\n  [3, 5]\n>',
    'left_shift': '>>> nx.left_shift(1, 0)\nnx.Tensor<\n  s32\n  1\n>',
    'less': '>>> nx.less(1, 2)\nnx.Tensor<\n  u8\n  1\n>',
    'less_equal': '>>> nx.less_equal(1, 2)\nnx.Tensor<\n  u8\n  1\n>',
    'log1p': '>>> nx.log1p(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.6931471824645996, 1.0986123085021973, 1.3862943649291992]\n>',
    'logical_and': '>>> nx.logical_and(1, nx.tensor([-1, 0, 1], names=["data"]))\nnx.Tensor<\n  u8[data: 3]\n  [1, 0, 1]\n>',
    'logical_not': '>>> nx.logical_not(nx.tensor([-1, 0, 1], names=["data"]))\nnx.Tensor<\n  u8[data: 3]\n  [0, 1, 0]\n>',
    'logical_or': '>>> nx.logical_or(0, nx.tensor([-1, 0, 1], names=["data"]))\nnx.Tensor<\n  u8[data: 3]\n  [1, 0, 1]\n>',
    'logical_xor': '>>> nx.logical_xor(0, nx.tensor([-1, 0, 1], names=["data"]))\nnx.Tensor<\n  u8[data: 3]\n  [1, 0, 1]\n>',
    'max': '>>> nx.max(1, 2)\nnx.Tensor<\n  s32\n  2\n>',
    'mean': '>>> nx.mean(nx.tensor(42))\nnx.Tensor<\n  f32\n  42.0\n>',
    'min': '>>> nx.min(1, 2)\nnx.Tensor<\n  s32\n  1\n>',
    'multiply': '>>> nx.multiply(1, 2)\nnx.Tensor<\n  s32\n  2\n>',
    'names': '>>> nx.names(nx.tensor([1, 2, 3]))\n[None]',
    'negate': '>>> nx.negate(1)\nnx.Tensor<\n  s32\n  -1\n>',
    'new_axis': '>>> t = nx.tensor([[1, 2, 3], [4, 5, 6]])\n>>> nx.new_axis(t, 0, "new")\nnx.Tensor<\n  s32[new: 1][2][3]\n  [\n    [\n      [1, 2, 3],\n      [4, 5, 6]\n    ]\n  ]\n>\n>>> nx.new_axis(t, 1, "new")\nnx.Tensor<\n  s32[2][new: 1][3]\n  [\n    [\n      [1, 2, 3]\n    ],\n    [\n      [4, 5, 6]\n    ]\n  ]\n>\n>>> nx.new_axis(t, 2, "new")\nnx.Tensor<\n  s32[2][3][new: 1]\n  [\n    [\n      [1],\n      [2],\n      [3]\n    ],\n    [\n      [4],\n      [5],\n      [6]\n    ]\n  ]\n>',
    'not_equal': '>>> nx.not_equal(1, 2)\nnx.Tensor<\n  u8\n  1\n>',
    'pad': '>>> nx.pad(nx.tensor(1), 0, [])\nnx.Tensor<\n  s32\n  1\n>',
    'population_count': '>>> nx.population_count(1)\nnx.Tensor<\n  s32\n  1\n>',
    'pow': '>>> nx.pow(2, 4)\nnx.Tensor<\n  s32\n  16\n>',
    'print_expr': '>>> t = nx.print_expr(nx.tensor([1, 2]))\nnx.Tensor<\n  s32[2]\n  [1, 2]\n>',
    'product': '>>> nx.product(nx.tensor(42))\nnx.Tensor<\n  s32\n  42\n>',
    'quotient': '>>> nx.quotient(11, 2)\nnx.Tensor<\n  s32\n  5\n>',
    'reduce_max': '>>> nx.reduce_max(nx.tensor(42))\nnx.Tensor<\n  s32\n  42\n>',
    'reduce_min': '>>> nx.reduce_min(nx.tensor(42))\nnx.Tensor<\n  s32\n  42\n>',
    'remainder': '>>> nx.remainder(1, 2)\nnx.Tensor<\n  s32\n  1\n>',
    'reshape': '>>> t = nx.tensor([1, 2, 3, 4], names=["x"])\n>>> nx.reshape(t, (2, 2), names=["x", "y"])\nnx.Tensor<\n  s32[x: 2][y: 2]\n  [\n    [1, 2],\n    [3, 4]\n  ]\n>',
    'reverse': '>>> nx.reverse(nx.tensor([1, 2, 3]))\nnx.Tensor<\n  s32[3]\n  [3, 2, 1]\n>',
    'right_shift': '>>> nx.right_shift(1, 0)\nnx.Tensor<\n  s32\n  1\n>',
    'round': '>>> nx.round(nx.tensor([-1.5, -0.5, 0.5, 1.5]))\nnx.Tensor<\n  f32[4]\n  [-2.0, -1.0, 1.0, 2.0]\n>',
    'rsqrt': '>>> nx.rsqrt(nx.tensor([1.0, 2.0, 4.0]))\nnx.Tensor<\n  f32[3]\n  [1.0, 0.7071067690849304, 0.5]\n>',
    'shape': '>>> nx.shape(nx.tensor([[1, 2, 3], [4, 5, 6]]))\n(2, 3)',
    'sigmoid': '>>> nx.sigmoid(nx.tensor([0.5, 1.0, 1.5]))\nnx.Tensor<\n  f32[3]\n  [0.622459352016449, 0.7310585975646973, 0.8175745010375977]\n>',
    'sign': '>>> nx.sign(nx.tensor([-2, -1, 0, 1, 2], names=["x"]))\nnx.Tensor<\n  s32[x: 5]\n  [-1, -1, 0, 1, 1]\n>',
    'sin': '>>> nx.sin(nx.tensor([0.25, 0.75, 1.25]))\nnx.Tensor<\n  f32[3]\n  [0.24740396440029144, 0.681638777256012, 0.9489846229553223]\n>',
    'sinh': '>>> nx.sinh(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [1.175201177597046, 3.6268603801727295, 10.017874717712402]\n>',
    'sqrt': '>>> nx.sqrt(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [1.0, 1.4142135381698608, 1.7320507764816284]\n>',
    'squeeze': '>>> nx.squeeze(nx.tensor([[[[[1]]]]]))\nnx.Tensor<\n  s32\n  1\n>',
    'stop_grad': '>>> nx.grad(nx.tensor(2.0), lambda x: x * nx.stop_grad(x))\nnx.Tensor<\n  f32\n  2.0\n>',
    'subtract': '>>> nx.subtract(1, 2)\nnx.Tensor<\n  s32\n  -1\n>',
    'tan': '>>> nx.tan(nx.tensor([0.5, 1.0, 1.5]))\nnx.Tensor<\n  f32[3]\n  [0.5463024973869324, 1.5574077367782593, 14.101420402526855]\n>',
    'tanh': '>>> nx.tanh(nx.tensor([1.0, 2.0, 3.0]))\nnx.Tensor<\n  f32[3]\n  [0.7615941762924194, 0.9640275835990906, 0.9950547814369202]\n>',
    'template': '>>> nx.template((2, 3), "f32")\nnx.Tensor<\n  f32[2][3]\n  Nx.TemplateBackend\n>',
    'to_numpy': '>>> nx.to_numpy(nx.tensor([1, 2]))\narray([1, 2], dtype=int32)',
    'transpose': '>>> nx.transpose(nx.tensor(1))\nnx.Tensor<\n  s32\n  1\n>',
    'type': '>>> nx.type(nx.tensor([1.0, 2.0]))\nf32',
    'value_and_grad': '>>> value, grad = nx.value_and_grad(nx.tensor(3.0), lambda x: x ** 2)\n>>> nx.to_number(value), nx.to_number(grad)\n(9.0, 6.0)',
    'while_loop': '>>> nx.while_loop(nx.tensor(1), lambda x: x < 100, lambda x: x * 3)\nnx.Tensor<\n  s32\n  243\n>',
}



def attach(namespace):
    """Appends each example to the docstring of `namespace[name]` (once)."""
    for name, text in EXAMPLES.items():
        fun = namespace.get(name)
        if fun is None or ">>>" in (fun.__doc__ or ""):
            continue
        body = "\n".join("        " + ln if ln else "" for ln in text.split("\n"))
        head = (fun.__doc__ or "").rstrip()
        fun.__doc__ = (head + "\n\n" if head else "") + "    Example:\n\n" + body + "\n"
