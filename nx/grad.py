"""Reverse-mode automatic differentiation: `nx.grad`, `nx.value_and_grad`, `nx.stop_grad`.

Inside a defn, `grad` records an `nx.grad` op whose region holds the differentiated function;
the grad-expansion pass (first in the default pipeline) replaces it by the forward computation
and its adjoint, built from each op's `grad` rule. Outside a defn the same is jitted and run.

Argument order is Nx's: `nx.grad(x, fun)`. `x` is a tensor or a container of tensors; the
gradient has the same structure, each leaf of the leaf's float type (integers give f32).
Non-scalar results are seeded with ones (the gradient of their sum).
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from nx.compiler import trace
from nx.compiler.ir import Block, Operation, Region, TensorType, current_location

from . import types as T
from ._dispatch import apply, ir_value
from .containers import flatten, unflatten
from .control import tensor_leaves
from .ops import as_type, to_tensor
from .ops import sum as _sum
from .tensor import Tensor

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ._typing import TensorLike

__all__ = ["grad", "value_and_grad", "stop_grad", "custom_grad"]


def stop_grad(t: TensorLike) -> Tensor:
    """The identity, except that no gradient flows through it."""
    t = to_tensor(t, "nx.stop_grad")
    return apply("stop_grad", [t], {}, t.names)


def custom_grad(value: TensorLike, inputs: Sequence[TensorLike],
                fun: Callable[[Tensor], Sequence[TensorLike]]) -> Tensor:
    """`value`, whose gradient is defined by `fun`: when differentiated, `fun(g)` receives the
    cotangent of `value` and returns one gradient per tensor of `inputs` (a list), which replace
    the gradients that would flow through the computation of `value` (Nx.Defn.custom_grad/3).

        >>> def softplus(x):
        ...     y = nx.log1p(nx.exp(x))
        ...     return nx.custom_grad(y, [x], lambda g: [g * nx.sigmoid(x)])
        >>> nx.grad(nx.tensor([0.0, 1.0]), lambda x: nx.sum(softplus(x)))
        nx.Tensor<
          f32[2]
          [0.5, 0.7310585975646973]
        >
    """
    fun_name = "nx.custom_grad"
    value = to_tensor(value, fun_name, "value")
    if not isinstance(inputs, (list, tuple)):
        raise TypeError(f"{fun_name}: expected a list of tensors as inputs, got "
                        f"{type(inputs).__name__}")
    ins = [to_tensor(t, fun_name, "inputs") for t in inputs]
    if not callable(fun):
        raise TypeError(f"{fun_name}: expected a function as the third argument, got "
                        f"{type(fun).__name__}")
    b = trace.current()
    if b is None:
        return value   # eagerly there is nothing to differentiate
    gt = TensorType(value.shape, T.to_float(value.type))
    blk = Block([gt])
    with trace.building(blk) as inner:
        out = fun(Tensor(blk.args[0], value.shape, gt.dtype, value.names))
        if not isinstance(out, (list, tuple)) or len(out) != len(ins):
            raise ValueError(f"{fun_name}: the gradient function must return a list with one "
                             f"tensor per input ({len(ins)}), got {out!r:.200}")
        ys = []
        for i, (c, t) in enumerate(zip(out, ins)):
            c = to_tensor(c, fun_name, f"gradient #{i}")
            try:
                _bshape(c.shape, t.shape)
            except ValueError:
                raise ValueError(f"{fun_name}: gradient #{i} has shape {c.shape}, which does not "
                                 f"broadcast to its input's shape {t.shape}") from None
            ys.append(ir_value(inner, c))
    blk.append(Operation("nx.yield", ys, []))
    vals = [ir_value(b, value)] + [ir_value(b, t) for t in ins]
    op = b.create("nx.custom_grad", vals, [vals[0].type], {}, [Region([blk])],
                  loc=current_location())
    return Tensor(op.results[0], value.shape, value.type, value.names, value.vectorized_axes)


def _bshape(src, dst):
    """Raises ValueError unless a cotangent of shape `src` sums back to shape `dst`."""
    lead = len(src) - len(dst)
    if lead < 0 or any(s != d and d != 1 for s, d in zip(src[lead:], dst)):
        raise ValueError(src, dst)


_NO_FUN: Any = object()   # "no fun given" (Any: the default of parameters typed as functions)


def grad(x: Any, fun: Callable[[Any], Any] = _NO_FUN) -> Any:
    """The gradient of `fun` (returning a scalar, or seeded with ones) at `x`.

    With a function as the only argument, `nx.grad(fun)` returns a function of `x` that
    computes that gradient (Nx.Defn.grad/1):

        >>> fun = nx.grad(lambda x: nx.sin(x))
        >>> fun(nx.tensor(0))
        nx.Tensor<
          f32
          1.0
        >
    """
    if fun is _NO_FUN:
        if not callable(x):
            raise TypeError(f"nx.grad: with one argument, expected the function to "
                            f"differentiate, got {_describe(x)} (to differentiate at a point: "
                            f"nx.grad(x, fun))")
        f = x
        return _named(lambda x: _value_and_grad(x, f, None, False, "nx.grad")[1], f, "grad")
    return _value_and_grad(x, fun, None, False, "nx.grad")[1]


def value_and_grad(x: Any, fun: Callable[[Any], Any] = _NO_FUN,
                   transform: Callable[[Any], Any] | None = None) -> Any:
    """`(fun(x), grad)`; with `transform`, the gradient is that of `transform(fun(x))`.

    With a function first, `nx.value_and_grad(fun, transform=None)` returns a function of `x`
    that computes both (Nx.Defn.value_and_grad/1):

        >>> fun = nx.value_and_grad(lambda x: nx.sin(x))
        >>> value, grad = fun(nx.tensor(0))
        >>> value
        nx.Tensor<
          f32
          0.0
        >
        >>> grad
        nx.Tensor<
          f32
          1.0
        >
    """
    if callable(x) and not isinstance(x, Tensor) and (fun is _NO_FUN or callable(fun)):
        # value_and_grad(fun) / value_and_grad(fun, transform) / value_and_grad(fun, transform=t)
        if fun is not _NO_FUN:
            if transform is not None:
                raise TypeError("nx.value_and_grad: with a function first, the arguments are "
                                "(fun, transform=None); got a second function and a transform")
            transform = fun
        if transform is not None and not callable(transform):
            raise TypeError(f"nx.value_and_grad: the argument transform must be a function or "
                            f"None, got {_describe(transform)}")
        f, tr = x, transform
        return _named(lambda x: _value_and_grad(x, f, tr, True, "nx.value_and_grad"), f,
                      "value_and_grad")
    if fun is _NO_FUN:
        raise TypeError(f"nx.value_and_grad: expected (x, fun, transform=None) or (fun, "
                        f"transform=None), got only {_describe(x)}")
    return _value_and_grad(x, fun, transform, True, "nx.value_and_grad")


def _named(g, f, what):
    name = getattr(f, "__name__", "fun")
    g.__name__ = g.__qualname__ = f"{what}_{name}" if name != "<lambda>" else what
    g.__wrapped_grad__ = f
    return g


_eager: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _eager_jit(fun, transform, want_value, fun_name):
    """Outside a defn, one jitted gradient function per (fun, transform), so repeated eager
    calls with the same signature reuse the compiled program."""
    from .defn import jit
    per_fun = _eager.setdefault(fun, {})
    key = (transform, want_value)
    j = per_fun.get(key)
    if j is None:
        j = per_fun[key] = jit(lambda x: _value_and_grad(x, fun, transform, want_value, fun_name))
    return j


def _objective(out, fun_name):
    leaves, _ = tensor_leaves(out, fun_name, "the differentiated function's result")
    obj = None
    for leaf in leaves:
        s = leaf if leaf.shape == () else _sum(leaf)
        s = as_type(s, T.to_float(s.type))
        obj = s if obj is None else obj + s
    if obj is None:
        raise ValueError(f"{fun_name}: the differentiated function returned no tensors")
    return obj


def _x_leaves(x, fun_name):
    """The tensors of `x`, the point to differentiate at (numbers and NumPy arrays become
    tensors), and its structure; a clear error for anything else."""
    leaves, tree = flatten(x)
    out = []
    for v in leaves:
        if isinstance(v, Tensor):
            out.append(v)
        elif isinstance(v, (int, float, bool, np.number, np.bool_, np.ndarray)):
            out.append(to_tensor(v, fun_name, "x"))
        else:
            where = f"got {_describe(v)}" if v is x else \
                f"got {_describe(v)} inside the {type(x).__name__}"
            hint = f" (Nx order: {fun_name}(x, fun): the point comes first, the function " \
                f"second)" if v is x and (callable(v) or isinstance(v, str)) else ""
            raise TypeError(f"{fun_name}: the argument x (the point to differentiate at) must "
                            f"be a tensor, a number or a container of them (tuple, list, dict, "
                            f"NamedTuple, dataclass, nx.container), {where}{hint}")
    return out, tree


def _describe(v):
    if isinstance(v, Tensor):
        return f"a tensor {v.type.name}{list(v.shape)}"
    return f"{type(v).__name__}: {v!r:.80}"


def _value_and_grad(x, fun, transform, want_value, fun_name):
    if not callable(fun):
        raise TypeError(f"{fun_name}: the argument fun must be a function (Nx order: "
                        f"{fun_name}(x, fun): the point comes first, the function second), got "
                        f"{_describe(fun)}")
    if transform is not None and not callable(transform):
        raise TypeError(f"{fun_name}: the argument transform must be a function or None, got "
                        f"{_describe(transform)}")
    leaves, tree = _x_leaves(x, fun_name)   # checked here, before any jit names the error
    b = trace.current()
    if b is None:
        return _eager_jit(fun, transform, want_value, fun_name)(x)
    from nx.compiler.ir import VecType
    from nx.dialects.nx.registry import union_axes

    from ._dispatch import value_type, vec_axes
    blk = Block([value_type(t) for t in leaves])
    with trace.building(blk) as inner:
        params = [Tensor(a, t.shape, t.type, t.names, vec_axes(t))
                  for a, t in zip(blk.args, leaves)]
        out = fun(unflatten(tree, params))
        obj = _objective(transform(out) if transform is not None else out, fun_name)
        vals, vtree = ([], None)
        if want_value:
            vals, vtree = tensor_leaves(out, fun_name, "the differentiated function's result")
        yields = [ir_value(inner, obj)] + [ir_value(inner, v) for v in vals]
    blk.append(Operation("nx.yield", yields, []))
    # per-entry gradients: vectorized over the input's and the objective's vectorized axes
    gaxes = [union_axes([vec_axes(t), vec_axes(obj)], fun_name) for t in leaves]
    gtypes = [VecType(ax, TensorType(t.shape, T.to_float(t.type))) if ax else
              TensorType(t.shape, T.to_float(t.type)) for t, ax in zip(leaves, gaxes)]
    rtypes = [value_type(v) for v in vals] + gtypes
    op = b.create("nx.grad", [ir_value(b, t) for t in leaves], rtypes,
                  {"result_types": rtypes, "num_values": len(vals)}, [Region([blk])],
                  loc=current_location())
    k = len(vals)
    grads = unflatten(tree, [Tensor(r, t.shape, r.type.dtype, t.names, ax)
                             for r, t, ax in zip(op.results[k:], leaves, gaxes)])
    if not want_value:
        return None, grads
    value = unflatten(vtree, [Tensor(r, v.shape, v.type, v.names, vec_axes(v))
                              for r, v in zip(op.results[:k], vals)])
    return value, grads
