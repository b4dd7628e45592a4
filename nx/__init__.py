"""nxc: Elixir's Nx for Python, compiled through an nx MLIR dialect to StableHLO and PJRT.

    >>> import nx
    >>> @nx.defn
    ... def softmax(x):
    ...     e = nx.exp(x - nx.reduce_max(x))
    ...     return e / nx.sum(e)
"""
from __future__ import annotations

__version__ = "0.1.0"

import os as _os

# jaxlib logs PJRT client creation at INFO level; keep user output clean unless asked.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

from . import types  # noqa: E402,F401  (first: the IR depends on it)
from .types import Type  # noqa: E402,F401

import nx.dialects.nx  # noqa: E402,F401  (registers the ops)

from .tensor import (Tensor, default_backend, global_default_backend, tensor,  # noqa: E402,F401
                     to_numpy, with_default_backend)
from .tensor import (u2, u4, u8, u16, u32, u64, s2, s4, s8, s16, s32, s64,  # noqa: E402,F401
                     f8, bf16, f16, f32, f64, c64, c128)
from .ops import *  # noqa: E402,F401,F403
from .ops import (abs, access, argmax, argmin, as_type, axis_index, axis_size,  # noqa: E402,F401
                  broadcast, byte_size, concatenate, dot, eye, flatten, iota, mean, names,
                  new_axis, outer, pad, product, rank, reduce_max, reduce_min, rename, reshape,
                  reverse, select, shape, size, slice, squeeze, stack, sum, template, transpose,
                  type, min, max, pow, round)
from . import ops  # noqa: E402  (bound by the imports above; named for the functions below)
from .indexing import gather, indexed_add, indexed_put, take, take_along_axis  # noqa: E402,F401
from .sorting import *  # noqa: E402,F401,F403
from .window import *  # noqa: E402,F401,F403
from .signal import *  # noqa: E402,F401,F403
from .structure import *  # noqa: E402,F401,F403
from .aggregates import *  # noqa: E402,F401,F403
from .shapes import *  # noqa: E402,F401,F403
from .serialization import *  # noqa: E402,F401,F403
from .npy import *  # noqa: E402,F401,F403
from .batching import *  # noqa: E402,F401,F403
from .heatmap import *  # noqa: E402,F401,F403
from .backends import *  # noqa: E402,F401,F403
from .sigils import *  # noqa: E402,F401,F403
from .vectorize import *  # noqa: E402,F401,F403
from . import constants, graph, linalg, random, serving  # noqa: E402,F401
from . import composite, testing  # noqa: E402,F401
from .serving import *  # noqa: E402,F401,F403
from .containers import container  # noqa: E402,F401
from .control import cond, fori_loop, while_loop  # noqa: E402,F401
from .defn import clear_caches, compile, default_defn_options, defn, deftransform, jit, keyword  # noqa: E402,F401
from .artifacts import LoadedFunction, load_compiled  # noqa: E402,F401
from .debug import debug_expr, print_expr  # noqa: E402,F401
from .hooks import Token, attach_token, create_token, hook, hook_token, print_value  # noqa: E402,F401
from .grad import custom_grad, grad, stop_grad, value_and_grad  # noqa: E402,F401
from .pointer import Pointer, from_pointer, to_pointer  # noqa: E402,F401
from . import compiler  # noqa: E402,F401


def to_list(t):
    """The tensor's elements as nested Python lists (vectorized axes included). A scalar raises:
    use `nx.to_number`.

        >>> nx.to_list(nx.tensor([[1, 2], [3, 4]]))
        [[1, 2], [3, 4]]
    """
    t = ops.to_tensor(t, "nx.to_list")
    if t.shape == () and not t.vectorized_axes:
        raise ValueError(f"nx.to_list: cannot convert a scalar tensor to a list, got "
                         f"{t.type.name}: use nx.to_number")
    return t.to_numpy().tolist()


def to_flat_list(t, limit=None):
    """The elements in row-major order as a flat list (at most `limit` of them).

        >>> nx.to_flat_list(nx.tensor([[1, 2], [3, 4]]), limit=3)
        [1, 2, 3]
        >>> nx.to_flat_list(1.5)
        [1.5]
    """
    t = ops.to_tensor(t, "nx.to_flat_list")
    flat = t.to_numpy().reshape(-1)
    if limit is not None:
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise ValueError(f"nx.to_flat_list: limit must be a non-negative integer, got "
                             f"{limit!r}")
        flat = flat[:limit]
    return flat.tolist()


def to_number(t):
    """The value of a scalar tensor as a Python number (a number is returned as is).

        >>> nx.to_number(nx.tensor(2.5))
        2.5
    """
    import builtins
    if isinstance(t, (builtins.int, builtins.float, builtins.complex)) and \
            not isinstance(t, builtins.bool):
        return t
    t = ops.to_tensor(t, "nx.to_number")
    if t.vectorized_axes:
        raise ValueError(f"nx.to_number: cannot convert a vectorized tensor with axes "
                         f"{list(t.vectorized_axes)} and shape {t.shape} to a number")
    if t.shape != ():
        raise ValueError(f"nx.to_number: cannot convert a tensor of shape {t.shape} to a number")
    return t.to_numpy().item()


from . import passes  # noqa: E402,F401  (grad-expansion and vectorize register themselves)
from ._doc_examples import attach as _attach_examples  # noqa: E402

_attach_examples(globals())
