"""Type aliases of the public API's annotations (`nx.ops`, `nx.linalg`, ...; checked by mypy in
`make lint`, dev/typecheck.py).

The modules import them under `if TYPE_CHECKING:` and, with `from __future__ import
annotations`, their annotations stay strings at run time, so importing this module is never
needed to call nx (nor can it make an import cycle). The aliases are valid at run time too.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np

from .tensor import Tensor
from .types import Type

__all__ = ["TensorLike", "Number", "TypeLike", "Axis", "Axes", "Shape", "ShapeLike", "Names",
           "VectorizedAxes", "Padding"]

#: What a function taking a tensor accepts: a tensor, a Python or NumPy number (a bool too), a
#: NumPy array or nested lists or tuples of numbers (`nx.to_tensor`).
TensorLike: TypeAlias = Tensor | int | float | complex | bool | np.generic | np.ndarray | \
    Sequence[Any]

#: A number: a Python number (a bool too) or a NumPy scalar.
Number: TypeAlias = int | float | complex | bool | np.number | np.bool_

#: An nx type as given to a function: `"f32"`, `("f", 32)`, an `nx.types.Type`, or a NumPy dtype
#: (or what `np.dtype` accepts: `np.float32`, `float`).
TypeLike: TypeAlias = Type | str | tuple[str, int] | np.dtype | type

#: One axis: its index (negative counts from the end) or its name.
Axis: TypeAlias = int | str

#: An `axes` argument: one axis, a list of axes, or None (all of them, or a default).
Axes: TypeAlias = Axis | Sequence[Axis] | None

#: A tensor's shape, as `t.shape` gives it.
Shape: TypeAlias = tuple[int, ...]

#: A shape as given to a function: a tuple or list of sizes, one size, or a tensor (its shape).
ShapeLike: TypeAlias = int | Sequence[int] | Tensor

#: Axis names as given to a function: one name, or None for an unnamed axis, per axis.
Names: TypeAlias = Sequence[str | None]

#: Vectorized axes as given to a function: a name, a list of names or of (name, size) pairs, or
#: a dict of sizes by name (`nx.vectorize`, the `vectorized_axes=` option of `nx.iota`).
VectorizedAxes: TypeAlias = str | Sequence[str | tuple[str, int]] | Mapping[str, int]

#: A window or convolution padding: "valid", "same", or one (low, high) pair per axis.
Padding: TypeAlias = str | Sequence[Sequence[int]]
