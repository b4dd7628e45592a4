"""Batching (Nx v0.10): `to_batched`, an iterator over batches of a tensor's first axis.
Cannot be used inside `defn`.
"""
# `t = tensor_arg(t, ...)` makes a parameter annotated `Tensor | Number` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.tensor_arg has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._args import concrete, tensor_arg, vec_sizes
from .tensor import Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ._typing import Number

__all__ = ["to_batched"]


def to_batched(t: Tensor | Number, batch_size: int, leftover: str = "repeat") -> Iterator[Tensor]:
    """An iterator over batches of `batch_size` entries of axis 0 (`Nx.to_batched/3`).
    When the axis does not divide evenly, `leftover="repeat"` (the default) completes the
    last batch with the first entries, `leftover="discard"` drops the rest. A vectorized
    tensor is batched along its first vectorized axis. Arguments are checked at once; the
    batches are made lazily, on the tensor's backend. Cannot be used inside defn.

        >>> first, second = nx.to_batched(nx.iota((2, 2, 2)), 1)
        >>> second
        nx.Tensor<
          s32[1][2][2]
          [
            [
              [4, 5],
              [6, 7]
            ]
          ]
        >
        >>> first, second, third = nx.to_batched(nx.iota((5, 2), names=["x", "y"]), 2)
        >>> third
        nx.Tensor<
          s32[x: 2][y: 2]
          [
            [8, 9],
            [0, 1]
          ]
        >
        >>> len(list(nx.to_batched(nx.iota((5, 2)), 2, leftover="discard")))
        2
    """
    fun = "nx.to_batched"
    t = tensor_arg(t, fun)
    concrete(t, fun)
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or \
            batch_size < 1:
        raise ValueError(f"{fun}: batch_size must be a positive integer, got {batch_size!r}")
    batch_size = int(batch_size)
    if leftover not in ("repeat", "discard"):
        raise ValueError(f"{fun}: leftover must be \"repeat\" or \"discard\", got {leftover!r}")
    vec = tuple(t.vectorized_axes)
    if not vec and t.shape == ():
        raise ValueError(f"{fun}: cannot batch non-vectorized scalar tensor {t!r}")
    # devectorize (vectorized axes lose their names, as Nx's keep_names: false)
    flat = Tensor(t.data, vec_sizes(t) + t.shape, t.type, (None,) * len(vec) + t.names)
    n = flat.shape[0]
    if n < batch_size:
        raise ValueError(f"{fun}: cannot batch beyond original tensor (axis 0 has size {n}, "
                         f"batch_size is {batch_size})")
    full, rem = divmod(n, batch_size)
    count = full + (1 if rem and leftover == "repeat" else 0)
    return _batches(flat, batch_size, full, count, vec)


def _batches(flat, batch_size, full, count, vec):
    from . import ops
    rest = list(flat.shape[1:])
    zeros = [0] * len(rest)
    for i in range(count):
        if i < full:
            b = ops.slice(flat, [i * batch_size] + zeros, [batch_size] + rest)
        else:
            avail = flat.shape[0] - i * batch_size
            b = ops.concatenate([ops.slice(flat, [i * batch_size] + zeros, [avail] + rest),
                                 ops.slice(flat, [0] + zeros, [batch_size - avail] + rest)])
        b = Tensor(b.data, b.shape, b.type, flat.names)
        if vec:
            nv = len(vec)
            b = Tensor(b.data, b.shape[nv:], b.type, flat.names[nv:],
                       ((vec[0][0], batch_size),) + vec[1:])
        yield b
