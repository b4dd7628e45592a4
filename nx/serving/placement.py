"""The function serving (Nx.Serving.Default) and its partitions: the serving function built
for each partition and batch key, and placed on the partition's PJRT device (a jitted function
compiled for that device)."""
from __future__ import annotations

import inspect
import threading

import numpy as np

from ..containers import flatten, unflatten

_INTERNAL_KEYS = ("batch_keys", "device_id", "max_concurrency", "hooks")


def device_count():
    from nx.runtime import pjrt
    return len(pjrt.client("cpu").local_devices())


class _Placed:
    """Runs an `nx.jit`/`nx.defn` function (or an `nx.compile`d one) on the PJRT device
    `device_id` of the CPU client: traces like `nx.jit`, compiles the program for that device
    (the runtime's `compile_module(..., device=)`) and places the arguments there."""

    def __init__(self, fun, device_id):
        from ..defn import Compiled
        self.sigs = None
        if isinstance(fun, Compiled):
            self.jit, self.kwargs, self.sigs, self.name = fun.jitted, fun.kwargs, fun.sigs, fun.name
        else:
            self.jit, self.kwargs, self.name = fun, {}, getattr(fun.fun, "__name__", "fun")
        self.device_id = device_id
        self.cache = {}
        self.lock = threading.Lock()

    def __call__(self, *args):
        from nx.runtime import pjrt

        from ..defn import leaf_tensor, result_tensor
        leaves, treedef = flatten(list(args))
        leaves = [leaf_tensor(x, self.name) for x in leaves]
        sigs = tuple(t._sig for t in leaves)
        if self.sigs is not None and sigs != self.sigs:
            want = ", ".join(f"{t[1]}{list(t[0])}" for t in self.sigs)
            got = ", ".join(f"{t[1]}{list(t[0])}" for t in sigs)
            raise ValueError(f"nx.compile: {self.name} was compiled for ({want}) but was called "
                             f"with ({got})")
        key = (treedef, sigs)
        entry = self.cache.get(key)
        if entry is None:
            with self.lock:
                entry = self.cache.get(key)
                if entry is None:
                    entry = self.cache[key] = self._build(unflatten(treedef, leaves))
        exe, out_tree, templates, dev = entry
        bufs = [pjrt.to_device(np.asarray(t.to_numpy()), dev) for t in leaves]
        outs = exe(bufs)
        return unflatten(out_tree, [result_tensor(o, tp) for o, tp in zip(outs, templates)])

    def _build(self, params):
        from nx.runtime import compile_module

        from ..defn import trace_module
        module, out_tree, templates = trace_module(self.jit.fun, list(params), self.kwargs)
        exe = compile_module(module, passes=self.jit.passes, device=self.device_id)
        return exe, out_tree, templates, exe.device


def _place(fun, opts):
    """`fun` for the partition of `opts`: compiled for its device when it is an nx.jit function
    (or nx.compile'd) with the xla compiler and the partition is not on device 0."""
    from ..defn import DEFAULTS, Compiled, Jit
    dev = opts.get("device_id")
    if not dev:
        return fun
    j = fun.jitted if isinstance(fun, Compiled) else fun
    if isinstance(j, Jit) and (j.compiler or DEFAULTS["compiler"]) == "xla":
        return _Placed(fun, dev)
    return fun


def _jit_opts(opts):
    return {k: v for k, v in opts.items() if k not in _INTERNAL_KEYS}


def _arity(fun):
    try:
        sig = inspect.signature(fun)
    except (TypeError, ValueError):
        return 1
    ps = [p for p in sig.parameters.values()
          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    return 2 if len(ps) >= 2 else 1


class Default:
    """The function serving (Nx.Serving.Default)."""

    name = "nx.Serving.Default"

    @staticmethod
    def init(type_, fun, partitions):
        funs = {}
        two = _arity(fun) == 2
        for i, opts in enumerate(partitions):
            jopts = _jit_opts(opts)
            if two:
                funs[i] = {k: _place(_validate_fun(fun(k, dict(jopts))), opts)
                           for k in opts.get("batch_keys", ["default"])}
            else:
                funs[i] = _place(_validate_fun(fun(dict(jopts))), opts)
        return ("ok", funs)

    @staticmethod
    def handle_batch(batch, partition, funs):
        f = funs[partition]
        if isinstance(f, dict):
            if batch.key not in f:
                raise ValueError(f"unknown batch key: {batch.key!r} (expected one of {list(f)})")
            f = f[batch.key]
        return ("execute", lambda: (f(_batch_arg(f, batch)), "server_info"), funs)


def _batch_arg(f, batch):
    """What a batch function is called with: compiled functions get the batch's tensors (as
    `nx.jit` would make of it); any other function gets the `nx.Batch` itself, as in Nx."""
    from ..defn import Compiled, Jit
    if isinstance(f, (Compiled, Jit, _Placed)):
        return batch._materialize()
    return batch


def _validate_fun(f):
    if not callable(f):
        raise TypeError(f"the function given to nx.Serving.new should return an AOT or JIT "
                        f"compiled function (nx.jit / nx.compile) that takes one argument, got "
                        f"{type(f).__name__}: {f!r:.80}")
    return f

