"""The headline example (`make demo`): tensors, a defn compiled through nx -> StableHLO ->
PJRT, its traced expression, and the same numbers from NumPy."""
import numpy as np

import nx

from softmax import softmax

x = nx.tensor([[1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0]], names=["batch", "features"])
print("x =", x)


@nx.defn
def normalize_rows(x):
    e = nx.exp(x - nx.reduce_max(x, axes=["features"], keep_axes=True))
    return e / nx.sum(e, axes=["features"], keep_axes=True)


y = normalize_rows(x)
print("softmax over features =", y)
ref = np.exp(np.asarray(x)) / np.exp(np.asarray(x)).sum(1, keepdims=True)
print("max |nx - numpy| =", float(np.abs(np.asarray(y) - ref).max()))
print("softmax(x[0]) =", softmax(x[0]))
print("its expression:")
print(nx.debug_expr(softmax)(nx.tensor([1.0, 2.0, 3.0, 4.0])))
