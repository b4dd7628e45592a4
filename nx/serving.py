"""nx.Serving and nx.Batch (Nx.Serving, Nx.Batch, Nx v0.10), the Python way.

A *serving* applies a computation to an `nx.Batch`, with hooks that preprocess the client's
input into a batch and postprocess the batched output for the client. It runs inline
(`serving.run(input)`) or as a batching server started with `nx.Serving.start_link(...)`:
many callers (threads, asyncio tasks, other processes through Ray) call
`nx.Serving.batched_run(name, input)`; their entries are merged into batches of up to
`batch_size` entries, or whatever arrived within `batch_timeout` milliseconds, each batch runs
once and every caller gets its own slice back.

Python spellings of Nx's API (see the docs of each function):

* `Nx.Serving.new(fn opts -> Nx.Defn.jit(f, opts) end)` is
  `nx.Serving.new(lambda opts: nx.jit(f, **opts))`; the options are a dict of what `nx.jit`
  takes (`compiler`, `passes`, `debug`). A two-argument function receives `(batch_key, opts)`.
  Module-based servings are classes (or objects) with `init(type, arg, partitions)` returning
  `("ok", state)` and `handle_batch(batch, partition, state)` returning
  `("execute", fun, state)`, where `fun()` returns `(output, metadata)`.
* Setters return a new serving and chain: `nx.Serving.jit(f).client_preprocessing(pre)`
  (equivalently `nx.Serving.client_preprocessing(serving, pre)`).
* Atoms are strings: the default server information is `"server_info"`, the default client
  information `"client_info"`, the default batch key `"default"`.
* `start_link(serving=..., name=..., batch_size=, batch_timeout=, batch_keys=, partitions=,
  shutdown=, distribution_weight=)` returns a `Server`; `Serving.shutdown(name)` or
  `server.shutdown(drain=True)` stops it.
* Streams are Python iterators. With `serving.streaming()` the client postprocessing receives
  an iterator of events `("batch", output, metadata)` and, with `hooks=[...]`, `(hook, value)`
  for each `nx.Serving.hook(t, hook)` reached inside the computation.
* Telemetry: `Serving.attach_handler(fun)` registers `fun(event, measurements, metadata)` for
  the events `("nx", "serving", "preprocessing" | "execute" | "postprocessing",
  "start" | "stop" | "exception")` (durations in seconds); the same events are logged at DEBUG
  level on the `nx.serving` logger.

Differences from Nx, all on the side of isolation: requests whose entries have different
templates (shapes, types) are never merged into one batch (Nx would crash the server process);
they run as separate batches, so a malformed request fails only its caller. A failing batch
fails only its callers, with `nx.Serving.ExecutionError`; a crashed partition worker is
restarted; a caller that times out or is cancelled is dropped from batches not yet run.
"""
from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import copyreg
import importlib
import inspect
import itertools
import logging
import random as _random
import threading
import time

import numpy as np

from .containers import container, flatten, unflatten
from .tensor import Tensor, from_array, tensor

__all__ = ["Serving", "Batch"]

_log = logging.getLogger("nx.serving")
_AXIS = 0


# ---------------------------------------------------------------------------------------------
# Errors


class ServingError(RuntimeError):
    """Base class of the errors a serving reports to its callers."""


class ExecutionError(ServingError):
    """The computation (or the serving's `handle_batch`) raised while running a batch; every
    caller of that batch gets this error, with the original exception as `__cause__`."""


class ShutdownError(ServingError):
    """The serving shut down (or was shutting down) before the request could run."""


class WorkerCrashedError(ServingError):
    """The partition worker running the request's batch crashed; it has been restarted."""


class NotFoundError(LookupError):
    """No serving with the given name, locally or in the Ray cluster."""


# ---------------------------------------------------------------------------------------------
# Telemetry: a callback registry plus logging


_handlers: dict = {}
_handler_ids = itertools.count(1)
_handlers_lock = threading.Lock()


def _emit(event, measurements, metadata):
    if _handlers:
        for hid, (fun, events) in list(_handlers.items()):
            if events is not None and event[2] not in events:
                continue
            try:
                fun(event, measurements, metadata)
            except Exception:  # noqa: BLE001 - a failing handler is detached, as telemetry does
                _log.exception("nx.Serving: telemetry handler %r raised and was detached", fun)
                with _handlers_lock:
                    _handlers.pop(hid, None)
    if _log.isEnabledFor(logging.DEBUG):
        if event[3] == "start":
            _log.debug("%s start", ".".join(event[:3]))
        else:
            _log.debug("%s %s duration=%.6fs %s", ".".join(event[:3]), event[3],
                       measurements.get("duration", 0.0),
                       {k: v for k, v in metadata.items() if k in ("partition", "batch_size",
                                                                    "batch_key", "name")})


class _span:
    """Emits `start`, then `stop` (with the duration) or `exception` around a block."""

    __slots__ = ("event", "metadata", "t0")

    def __init__(self, name, metadata):
        self.event = ("nx", "serving", name)
        self.metadata = metadata

    def __enter__(self):
        self.t0 = time.perf_counter()
        if _handlers or _log.isEnabledFor(logging.DEBUG):
            _emit(self.event + ("start",), {"system_time": time.time()}, self.metadata)
        return self.metadata

    def __exit__(self, et, e, tb):
        if _handlers or _log.isEnabledFor(logging.DEBUG):
            d = time.perf_counter() - self.t0
            if et is None:
                _emit(self.event + ("stop",), {"duration": d}, self.metadata)
            else:
                _emit(self.event + ("exception",), {"duration": d},
                      {**self.metadata, "kind": et.__name__, "reason": e})
        return False


# ---------------------------------------------------------------------------------------------
# nx.Batch


def _fmt_template(inner, tree):
    parts = [f"{t.name}{''.join(f'[{n}: {s}]' if n else f'[{s}]' for s, n in zip(shape, names))}"
             for shape, t, names in inner]
    return parts[0] if tree == ("leaf",) else "{" + ", ".join(parts) + "}"


def _names_compatible(a, b):
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _compatible(t1, t2):
    (tree1, in1), (tree2, in2) = t1, t2
    if tree1 != tree2 or len(in1) != len(in2):
        return False
    return all(s1 == s2 and ty1 == ty2 and _names_compatible(n1, n2)
               for (s1, ty1, n1), (s2, ty2, n2) in zip(in1, in2))


class Batch:
    """A batch of tensors (or containers of tensors) along a new (`stack`) or the first
    (`concatenate`) axis, with optional padding and a batch key (Nx.Batch).

    Fields: `size` (entries), `pad`, `key` (default `"default"`) and `template` (the shape,
    type and names of one entry). Batches are values: `stack`, `concatenate`, `key`, `pad`,
    `merge` and `split` return new batches. A batch given to a `nx.jit`/`nx.defn` function
    becomes its tensor (or container of tensors), concatenated and zero-padded:

        >>> batch = nx.Batch.stack([nx.tensor(1), nx.tensor(2), nx.tensor(3)])
        >>> batch
        nx.Batch<size: 3, pad: 0>
        >>> nx.jit(lambda x: x)(nx.Batch.pad(batch, 2))
        nx.Tensor<
          s32[5]
          [1, 2, 3, 0, 0]
        >
    """

    def __init__(self, key="default", _stack=(), size=0, template=None, pad=0):
        self.key = key
        self._stack = list(_stack)   # [(leaves: [np.ndarray with the batch axis], size)]
        self.size = size
        self.template = template      # (treedef, [(inner shape, type, names)]) or None
        self.pad = pad

    def __repr__(self):
        return f"nx.Batch<size: {self.size}, pad: {self.pad}>"

    def _copy(self, **kw):
        b = Batch(self.key, self._stack, self.size, self.template, self.pad)
        b.__dict__.update(kw)
        return b

    # -- construction ---------------------------------------------------------------------
    @staticmethod
    def new():
        """Returns a new empty batch (key `"default"`)."""
        return Batch()

    @staticmethod
    def stack(batch_or_entries, entries=None):
        """Stacks `entries` (a list of tensors, numbers or containers of them) as new entries of
        a batch: each entry counts as one. `nx.Batch.stack(entries)` creates a batch;
        `nx.Batch.stack(batch, entries)` adds to one.

            >>> batch = nx.Batch.stack([nx.tensor(1), nx.tensor(2)])
            >>> batch = nx.Batch.stack(batch, [nx.tensor(3), nx.tensor(4)])
            >>> batch.size
            4
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[4]
              [1, 2, 3, 4]
            >
            >>> batch = nx.Batch.stack([(nx.tensor(11), nx.tensor(21)), (nx.tensor(12), nx.tensor(22))])
            >>> nx.jit(lambda x: x)(batch)[1]
            nx.Tensor<
              s32[2]
              [21, 22]
            >
        """
        return _add("nx.Batch.stack", batch_or_entries, entries, True)

    @staticmethod
    def concatenate(batch_or_entries, entries=None):
        """Concatenates `entries` along their first axis: an entry of first axis `n` counts as
        `n` entries. `nx.Batch.concatenate(entries)` or `nx.Batch.concatenate(batch, entries)`.

            >>> batch = nx.Batch.concatenate([nx.tensor([1, 2]), nx.tensor([3, 4, 5])])
            >>> batch.size
            5
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[5]
              [1, 2, 3, 4, 5]
            >
        """
        return _add("nx.Batch.concatenate", batch_or_entries, entries, False)

    @staticmethod
    def key(batch, key):
        """Returns `batch` with the batch key `key` (any hashable value). A serving accumulates
        and runs batches of different keys separately (see `nx.Serving.new`)."""
        _check_batch("nx.Batch.key", batch)
        try:
            hash(key)
        except TypeError:
            raise TypeError(f"nx.Batch.key: the key must be hashable, got "
                            f"{type(key).__name__}") from None
        return batch._copy(key=key)

    @staticmethod
    def pad(batch, pad):
        """Returns `batch` padded with `pad` zero entries at its end when it is consumed."""
        _check_batch("nx.Batch.pad", batch)
        if isinstance(pad, bool) or not isinstance(pad, (int, np.integer)) or pad < 0:
            raise ValueError(f"nx.Batch.pad: expected a non-negative integer padding, got {pad!r}")
        return batch._copy(pad=int(pad))

    @staticmethod
    def merge(left, right=None):
        """Merges batches (two, or a list): the entries of the left come first; sizes and
        paddings are summed (the padding still goes at the end). Batch keys must be equal and
        templates compatible.

            >>> b1 = nx.Batch.stack([nx.tensor(1), nx.tensor(2), nx.tensor(3)])
            >>> b2 = nx.Batch.concatenate([nx.tensor([4, 5]), nx.tensor([6, 7, 8])])
            >>> batch = nx.Batch.merge(b1, b2)
            >>> batch.size
            8
            >>> nx.jit(lambda x: x)(batch)
            nx.Tensor<
              s32[8]
              [1, 2, 3, 4, 5, 6, 7, 8]
            >
        """
        batches = list(left) if right is None else [left, right]
        if not batches:
            return Batch()
        for b in batches:
            _check_batch("nx.Batch.merge", b)
        head = batches[0]
        template, stack, pad, size = head.template, list(head._stack), head.pad, head.size
        for b in batches[1:]:
            if b.key != head.key:
                raise ValueError(f"nx.Batch.merge: cannot merge batches with different batch "
                                 f"keys: {head.key!r} and {b.key!r}")
            if b.template is not None and template is not None and \
                    not _compatible(b.template, template):
                raise ValueError(f"nx.Batch.merge: cannot merge batches due to incompatible "
                                 f"templates: {_fmt_template(template[1], template[0])} and "
                                 f"{_fmt_template(b.template[1], b.template[0])}")
            template = template or b.template
            stack += b._stack
            pad += b.pad
            size += b.size
        return Batch(head.key, stack, size, template, pad)

    @staticmethod
    def split(batch, n):
        """Splits `batch` in two, the first with at most `n` entries. Padding goes to the
        first batch as far as it is not full, the rest stays with the second.

            >>> batch = nx.Batch.concatenate([nx.tensor([1, 2]), nx.tensor([3, 4, 5])])
            >>> left, right = nx.Batch.split(batch, 3)
            >>> nx.jit(lambda x: x)(left)
            nx.Tensor<
              s32[3]
              [1, 2, 3]
            >
            >>> nx.jit(lambda x: x)(right)
            nx.Tensor<
              s32[2]
              [4, 5]
            >
        """
        _check_batch("nx.Batch.split", batch)
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
            raise ValueError(f"nx.Batch.split: expected a positive integer, got {n!r}")
        n = int(n)
        if n < batch.size:
            left, right, need = [], [], n
            for leaves, sz in batch._stack:
                if need >= sz:
                    left.append((leaves, sz))
                    need -= sz
                elif need > 0:
                    left.append(([a[:need] for a in leaves], need))
                    right.append(([a[need:] for a in leaves], sz - need))
                    need = 0
                else:
                    right.append((leaves, sz))
            return (Batch(batch.key, left, n, batch.template, 0),
                    Batch(batch.key, right, batch.size - n, batch.template, batch.pad))
        right_pad = max(batch.size + batch.pad - n, 0)
        return (batch._copy(pad=batch.pad - right_pad),
                Batch(batch.key, [], 0, batch.template, right_pad))

    # -- consumption ----------------------------------------------------------------------
    def _materialize(self):
        """The batch as its tensor or container of tensors (concatenated and zero-padded)."""
        if not self._stack:
            raise ValueError("cannot traverse/jit/compile nx.Batch without entries")
        tree, inner = self.template
        out = []
        for i, (shape, t, names) in enumerate(inner):
            parts = [leaves[i] for leaves, _ in self._stack]
            if self.pad:
                parts.append(np.zeros((self.pad,) + tuple(shape), dtype=parts[0].dtype))
            arr = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=_AXIS)
            out.append(from_array(arr, t, names=(None,) + tuple(names)))
        return unflatten(tree, out)


def _check_batch(fun, b):
    if not isinstance(b, Batch):
        raise TypeError(f"{fun}: expected an nx.Batch, got {type(b).__name__}")


def _traverse(fun, entry, new_axis):
    leaves, tree = flatten(entry)
    if not leaves:
        raise ValueError(f"{fun}: cannot have an empty container in the batch: {entry!r}")
    arrays, inner, size = [], [], None
    for x in leaves:
        if not isinstance(x, Tensor):
            try:
                x = tensor(x)
            except (TypeError, ValueError) as e:
                raise TypeError(f"{fun}: entries must be tensors, numbers or containers of them, "
                                f"got {type(x).__name__}: {e}") from None
        if x.is_traced():
            raise ValueError(f"{fun}: cannot batch a traced tensor; build batches outside defn")
        if x.vectorized_axes:
            raise ValueError(f"{fun}: cannot batch a vectorized tensor "
                             f"(vectorized axes {list(x.vectorized_axes)}); devectorize it first")
        arr = np.asarray(x.to_numpy())
        if new_axis:
            arrays.append(arr[None])
            inner.append((tuple(x.shape), x.type, tuple(x.names)))
        else:
            if x.shape == ():
                raise ValueError(f"{fun}: cannot concatenate scalar tensor in {entry!r}")
            if size is not None and x.shape[0] != size:
                raise ValueError(f"{fun}: expects all tensors in the same container to have the "
                                 f"same value for first axis, got {x.shape[0]} and {size}")
            size = x.shape[0]
            arrays.append(arr)
            inner.append((tuple(x.shape[1:]), x.type, tuple(x.names[1:])))
    return (tree, inner), (1 if new_axis else size), arrays


def _add(fun, batch_or_entries, entries, new_axis):
    if entries is None:
        batch, entries = Batch(), batch_or_entries
    else:
        batch = batch_or_entries
        _check_batch(fun, batch)
    if not isinstance(entries, (list, tuple)):
        raise TypeError(f"{fun}: expected a list of entries, got {type(entries).__name__}")
    template, size, stack = batch.template, batch.size, list(batch._stack)
    for e in entries:
        tpl, n, arrays = _traverse(fun, e, new_axis)
        if template is not None and not _compatible(template, tpl):
            raise ValueError(f"{fun}: cannot add to batch due to incompatible tensors/containers: "
                             f"the batch has template {_fmt_template(template[1], template[0])} "
                             f"but an entry has template {_fmt_template(tpl[1], tpl[0])}")
        template = template or tpl
        stack.append((arrays, n))
        size += n
    return Batch(batch.key, stack, size, template, batch.pad)


container(Batch, flatten=lambda b: ([b._materialize()], None), unflatten=lambda aux, ch: ch[0])


# ---------------------------------------------------------------------------------------------
# Batched outputs on the host


class _HostOutput:
    """A batch's output moved to host once: sliced for each caller without device work."""

    __slots__ = ("tree", "leaves")

    def __init__(self, output, rows):
        leaves, self.tree = flatten(output)
        self.leaves = []
        if not leaves:
            raise ValueError("the serving output holds no tensors")
        for x in leaves:
            if not isinstance(x, Tensor):
                raise TypeError(f"the serving output must be tensors or containers of tensors, "
                                f"got {type(x).__name__}")
            if x.shape == () or x.shape[0] < rows:
                raise ValueError(f"every tensor of the serving output must have the batch as its "
                                 f"first axis (at least {rows} rows), got shape {x.shape}")
            self.leaves.append((np.asarray(x.to_numpy()), x.type, x.names))

    def arrays(self, start, size):
        return [a[start:start + size] for a, _, _ in self.leaves]

    def build(self, arrays):
        return unflatten(self.tree, [from_array(np.ascontiguousarray(a), t, names=n)
                                     for a, (_, t, n) in zip(arrays, self.leaves)])


def _slice_output(output, start, size):
    """Nx's remove_maybe_padded: `output` itself when nothing is to be removed."""
    leaves, _ = flatten(output)
    if start == 0 and all(isinstance(x, Tensor) and x.shape and x.shape[0] == size
                          for x in leaves):
        return output
    h = _HostOutput(output, start + size)
    return h.build(h.arrays(start, size))


# ---------------------------------------------------------------------------------------------
# Streaming hooks: nx.Serving.hook(t, name) inside the computation


_tls = threading.local()


class _HookSink:
    """Where the hooks of one partition go: the requests of the batch it is running."""

    __slots__ = ("hooks", "refs")

    def __init__(self, hooks):
        self.hooks = frozenset(hooks)
        self.refs = None              # [(request, offset, start, size)] while a batch runs

    def emit(self, name, value):
        refs = self.refs
        if name not in self.hooks or not refs:
            return
        try:
            host = _HostOutput(value, max(s + n for _, _, s, n in refs))
        except (TypeError, ValueError) as e:
            _log.error("nx.Serving.hook %r: cannot stream the hooked value: %s", name, e)
            return
        for req, _off, start, size in refs:
            req.hook_event(name, host.build(host.arrays(start, size)))


def _hook(t, name):
    captured = getattr(_tls, "sink", None)

    def dispatch(value):
        sink = captured if captured is not None else getattr(_tls, "sink", None)
        if sink is not None:
            sink.emit(name, value)
    from .hooks import hook
    return hook(t, dispatch, name=str(name))


# ---------------------------------------------------------------------------------------------
# Partition placement: a jitted function compiled for one PJRT device


_JIT_KEYS = ("compiler", "passes", "debug")
_INTERNAL_KEYS = ("batch_keys", "device_id", "max_concurrency", "hooks")


def _device_count():
    from nx.runtime import pjrt
    return len(pjrt.client("cpu").local_devices())


class _Placed:
    """Runs an `nx.jit`/`nx.defn` function (or an `nx.compile`d one) on the PJRT device
    `device_id` of the CPU client: traces like `nx.jit`, compiles the program for that device
    with the client API and places the arguments there. (The runtime's `compile_module`
    always targets device 0.)"""

    def __init__(self, fun, device_id):
        from .defn import Compiled
        self.sigs = None
        if isinstance(fun, Compiled):
            self.jit, self.kwargs, self.sigs, self.name = fun.jitted, fun.kwargs, fun.sigs, fun.name
        else:
            self.jit, self.kwargs, self.name = fun, {}, getattr(fun.fun, "__name__", "fun")
        self.device_id = device_id
        self.cache = {}
        self.lock = threading.Lock()

    def __call__(self, *args):
        from .defn import _leaf_tensor, _wrap
        from nx.runtime import pjrt
        leaves, treedef = flatten(list(args))
        leaves = [_leaf_tensor(x, self.name) for x in leaves]
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
        return unflatten(out_tree, [_wrap(o, tp) for o, tp in zip(outs, templates)])

    def _build(self, params):
        from nx.compiler.lower import lower, to_bytecode
        from nx.compiler.passes import run_default_pipeline
        from nx.runtime import _host_callbacks, pjrt
        from .defn import trace_module
        module, out_tree, templates = trace_module(self.jit.fun, list(params), self.kwargs)
        module = run_default_pipeline(module, self.jit.passes)
        callbacks = _host_callbacks(module, "cpu")
        ctx, m = lower(module, debug_info=True)
        client = pjrt.client("cpu")
        dev = client.local_devices()[self.device_id]
        devices = pjrt._xc.DeviceList((dev,))
        copts = pjrt.compile_options()
        copts.executable_build_options.device_assignment = \
            pjrt._xc.DeviceAssignment.create(np.array([[dev.id]]))
        if callbacks:
            loaded = client.compile_and_load(m, devices, copts, host_callbacks=list(callbacks))
        else:
            with ctx:
                code = to_bytecode(m)
            loaded = client.compile_and_load(code, devices, copts)
        outs = module.main.result_types
        exe = pjrt.Executable(loaded, "cpu", dev, len(outs))
        exe.set_outputs([(t.shape, t.dtype.dtype) for t in outs])
        return exe, out_tree, templates, dev


def _place(fun, opts):
    """`fun` for the partition of `opts`: compiled for its device when it is an nx.jit function
    (or nx.compile'd) with the xla compiler and the partition is not on device 0."""
    from .defn import Compiled, Jit, _defaults
    dev = opts.get("device_id")
    if not dev:
        return fun
    j = fun.jitted if isinstance(fun, Compiled) else fun
    if isinstance(j, Jit) and (j.compiler or _defaults["compiler"]) == "xla":
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


class _Default:
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
    from .defn import Compiled, Jit
    if isinstance(f, (Compiled, Jit, _Placed)):
        return batch._materialize()
    return batch


def _validate_fun(f):
    if not callable(f):
        raise TypeError(f"the function given to nx.Serving.new should return an AOT or JIT "
                        f"compiled function (nx.jit / nx.compile) that takes one argument, got "
                        f"{type(f).__name__}: {f!r:.80}")
    return f


def _module_name(module):
    return getattr(module, "name", None) or getattr(module, "__name__", None) or \
        type(module).__name__


def _handle_init(module, type_, arg, partitions):
    res = module.init(type_, arg, partitions)
    if not (isinstance(res, tuple) and len(res) == 2 and res[0] == "ok"):
        raise TypeError(f"{_module_name(module)}.init must return ('ok', state), got {res!r:.200}")
    return res[1]


def _handle_batch(module, batch, partition, state):
    res = module.handle_batch(batch, partition, state)
    if not (isinstance(res, tuple) and len(res) == 3 and res[0] == "execute" and callable(res[1])):
        raise TypeError(f"{_module_name(module)}.handle_batch must return ('execute', function, "
                        f"state) where function takes no arguments and returns "
                        f"(output, metadata), got {res!r:.200}")
    return res[1], res[2]


def _handle_executed(module, result):
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(f"the function returned by {_module_name(module)}.handle_batch must "
                        f"return (output, metadata), got {type(result).__name__}")
    return result


def _preprocess(pre, input, fun):
    if pre is None:
        return _validate_batch_or_stream(input, fun, None), "client_info"
    with _span("preprocessing", {"input": input}) as meta:
        res = pre(input)
        if not (isinstance(res, tuple) and len(res) == 2):
            raise TypeError(f"{fun}: client_preprocessing must return a pair (batch or iterable "
                            f"of batches, client info), got {res!r:.200}")
        meta["info"] = res[1]
        return _validate_batch_or_stream(res[0], fun, pre), res[1]


def _validate_batch_or_stream(x, fun, pre):
    if isinstance(x, Batch):
        if x.size == 0:
            raise ValueError(f"{fun}: cannot run with empty nx.Batch")
        return x
    if isinstance(x, (list, tuple)):
        if x and all(isinstance(b, Batch) for b in x):
            return x
    elif hasattr(x, "__iter__") and not isinstance(x, (Tensor, str, bytes, dict, np.ndarray)):
        return x
    if pre is None:
        raise TypeError(f"{fun}: the default client_preprocessing expects an nx.Batch or an "
                        f"iterable of nx.Batch as input, got {type(x).__name__}. Give a batch "
                        f"or use a custom client_preprocessing")
    raise TypeError(f"{fun}: client_preprocessing must return an nx.Batch or an iterable of "
                    f"nx.Batch as the first element of its pair, got {type(x).__name__}")


def _postprocess(post, result, info):
    if post is None:
        return result if not isinstance(result, tuple) else result[0]
    with _span("postprocessing", {"info": info}):
        return post(result, info)


def _checked_batches(stream, limit, fun):
    for b in stream:
        if not isinstance(b, Batch) or (limit is not None and b.size > limit):
            raise TypeError(f"{fun}: client_preprocessing must return an iterable of nx.Batch"
                            + (f" of maximum size {limit}" if limit is not None else "")
                            + f", got {b!r:.100}")
        if b.size:
            yield b


def _split(batch, limit):
    while limit is not None and batch.size > limit:
        left, batch = Batch.split(batch, limit)
        yield left
    yield batch


# ---------------------------------------------------------------------------------------------
# Requests: what a caller waits on


class _Request:
    """One `batched_run` call: entries possibly split over several batches, reassembled in
    order. Completed once, from whichever worker delivers its last chunk."""

    __slots__ = ("future", "events", "total", "received", "chunks", "lock", "cancelled",
                 "server", "sent", "progress")

    def __init__(self, streaming):
        self.future = concurrent.futures.Future()
        self.events = _Events() if streaming else None
        self.total = None
        self.received = 0
        self.sent = 0
        self.chunks = []
        self.lock = threading.Lock()
        self.cancelled = False
        self.progress = threading.Condition(self.lock)

    def deliver(self, offset, host, start, size, metadata):
        with self.lock:
            if self.cancelled or self.future.done():
                return
            self.received += size
            if self.events is not None:
                self.events.put(("batch", host.build(host.arrays(start, size)), metadata))
            else:
                self.chunks.append((offset, host, host.arrays(start, size), metadata))
            self.progress.notify_all()
            if self.total is not None and self.received >= self.total:
                self._complete()

    def set_total(self, total):
        with self.lock:
            self.total = total
            if self.received >= total and not self.future.done():
                self._complete()

    def _complete(self):
        if self.events is not None:
            self.events.close()
            _set(self.future, self.events)
            return
        chunks = sorted(self.chunks, key=lambda c: c[0])
        _, host, arrays, meta = chunks[-1]
        if len(chunks) > 1:
            arrays = [np.concatenate(parts, axis=_AXIS) for parts in zip(*[c[2] for c in chunks])]
        self.chunks = []
        _set(self.future, (host.build(arrays), meta))

    def hook_event(self, name, value):
        if self.events is not None and not self.cancelled:
            self.events.put((name, value))

    def fail(self, exc):
        with self.lock:
            self.progress.notify_all()
            if self.future.done():
                return
            if self.events is not None:
                self.events.fail(exc)
                if self.future.done():
                    return
            try:
                self.future.set_exception(exc)
            except concurrent.futures.InvalidStateError:
                pass

    def cancel(self):
        with self.lock:
            self.cancelled = True
            self.progress.notify_all()
        if self.events is not None:
            self.events.fail(ShutdownError("the request was cancelled"))

    @property
    def live(self):
        return not self.cancelled and not self.future.done()


def _set(fut, value):
    try:
        if not fut.done():
            fut.set_result(value)
    except concurrent.futures.InvalidStateError:
        pass


_END = object()


class _Events:
    """The events of a streaming request, as a Python iterator (`for ev in stream`) or an async
    iterator (`async for ev in stream`)."""

    def __init__(self):
        self.queue = collections.deque()
        self.cond = threading.Condition()
        self.finished = False
        self.error = None

    def put(self, ev):
        with self.cond:
            self.queue.append(ev)
            self.cond.notify_all()

    def close(self):
        with self.cond:
            self.finished = True
            self.queue.append(_END)
            self.cond.notify_all()

    def fail(self, exc):
        with self.cond:
            if self.finished:
                return
            self.finished = True
            self.error = exc
            self.queue.append(_END)
            self.cond.notify_all()

    def _next(self, timeout=None):
        with self.cond:
            while not self.queue:
                if not self.cond.wait(timeout):
                    raise TimeoutError("nx.Serving: no streaming event within the timeout")
            ev = self.queue.popleft()
            if ev is _END:
                self.queue.appendleft(_END)
                if self.error is not None:
                    raise self.error
                raise StopIteration
            return ev

    def __iter__(self):
        return self

    def __next__(self):
        return self._next()

    def __aiter__(self):
        return self

    async def __anext__(self):
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(None, self._next)
        except StopIteration:
            raise StopAsyncIteration from None


# ---------------------------------------------------------------------------------------------
# The batching server


_servers: dict = {}
_servers_lock = threading.Lock()


class _Stack:
    __slots__ = ("entries", "count", "deadline", "timed_out")

    def __init__(self):
        self.entries = []          # [(request, offset, batch)]
        self.count = 0
        self.deadline = None
        self.timed_out = False


def _template_sig(batch):
    tree, inner = batch.template
    return (tree, tuple((s, t, n) for s, t, n in inner))


class Server:
    """A running serving process (see `nx.Serving.start_link`): its threads batch and run the
    requests given to `nx.Serving.batched_run(name, ...)`. Use `shutdown()` (or a `with`
    block) to stop it."""

    def __init__(self, serving, name, batch_size, batch_timeout, batch_keys, partitions,
                 shutdown, distribution_weight):
        self.serving = serving
        self.name = name
        self.limit = batch_size
        self.timeout = batch_timeout / 1000.0
        self.batch_keys = list(batch_keys)
        self.shutdown_timeout = shutdown / 1000.0
        self.weight = distribution_weight
        self.module = serving._module
        self.mode = "execute" if serving._streaming is None else \
            ("hooks" if serving._streaming else "batches")
        opts = dict(serving._defn_options)
        if partitions:
            if opts.get("compiler", _default_compiler()) == "evaluator":
                parts = [dict(opts) for _ in range(max(1, int(opts.get("max_concurrency", 1))))]
            else:
                parts = [dict(opts, device_id=i) for i in range(_device_count())]
        else:
            parts = [opts]
        self.partitions = len(parts)
        for p in parts:
            p["batch_keys"] = list(self.batch_keys)
        self.sinks = [_HookSink(serving._streaming or ()) for _ in parts]
        self.state = _handle_init(self.module, "process", serving._arg, parts)
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.stacks = {}                       # (key, template sig) -> _Stack
        self.pending = collections.defaultdict(collections.deque)
        self.in_queue = collections.deque()
        self.idle = 0
        self.closing = False
        self.stopped = False
        self.restarts = 0
        self.running = {}                      # partition -> refs of the batch it runs
        self.workers = {}
        self.timer = threading.Thread(target=self._timer_loop, name=f"nx.Serving[{name}] timer",
                                      daemon=True)
        for p in range(self.partitions):
            self._start_worker(p)
        self.timer.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    def __repr__(self):
        return (f"nx.Serving.Server<{self.name!r}, batch_size: {self.limit}, partitions: "
                f"{self.partitions}{', stopped' if self.stopped else ''}>")

    # -- submission (caller threads) ------------------------------------------------------
    def submit(self, req, offset, batch):
        key = batch.key
        with self.lock:
            if self.closing:
                raise ShutdownError(f"nx.Serving.batched_run: the serving {self.name!r} is "
                                    f"shutting down; the request was rejected")
            skey = (key, _template_sig(batch))
            st = self.stacks.get(skey)
            if st is None:
                st = self.stacks[skey] = _Stack()
            limit = self.limit
            if batch.size == limit:
                self._execute(skey)
                self._stack(skey, req, offset, batch, False)
                self._execute(skey)
            elif self.mode == "hooks" and batch.size + st.count > limit:
                self._execute(skey)
                self._stack(skey, req, offset, batch, True)
            else:
                while True:
                    count = self.stacks[skey].count
                    if batch.size + count < limit:
                        self._stack(skey, req, offset, batch, True)
                        break
                    if batch.size + count == limit:
                        self._stack(skey, req, offset, batch, False)
                        self._execute(skey)
                        break
                    cur, batch = Batch.split(batch, limit - count)
                    self._stack(skey, req, offset, cur, False)
                    offset += cur.size
                    self._execute(skey)

    def _stack(self, skey, req, offset, batch, set_timer):
        st = self.stacks[skey]
        st.entries.append((req, offset, batch))
        st.count += batch.size
        if set_timer and st.deadline is None and not st.timed_out:
            st.deadline = time.monotonic() + self.timeout
            self.cond.notify_all()

    def _execute(self, skey):
        """Moves the stack of `skey` (if any) to the pending batches (lock held)."""
        st = self.stacks.get(skey)
        if st is None or st.count == 0:
            return
        timed_out = st.timed_out
        self.stacks[skey] = _Stack()
        self.pending[skey].append(st.entries)
        if not timed_out:
            self.in_queue.append(skey)
        self.cond.notify_all()

    def _take(self):
        """The next batch entries to run (lock held), or None."""
        while self.in_queue:
            skey = self.in_queue.popleft()
            q = self.pending.get(skey)
            if q:
                entries = q.popleft()
                if not q:
                    del self.pending[skey]
            else:
                st = self.stacks.get(skey)
                if st is None or not st.timed_out:
                    continue
                entries = st.entries
                self.stacks[skey] = _Stack()
            entries = [e for e in entries if e[0].live]
            if entries:
                return entries
        return None

    # -- timer ----------------------------------------------------------------------------
    def _timer_loop(self):
        with self.lock:
            while not self.stopped:
                now = time.monotonic()
                nearest = None
                for skey, st in list(self.stacks.items()):
                    if st.deadline is None:
                        if st.count == 0 and not st.timed_out and skey not in self.pending:
                            del self.stacks[skey]
                        continue
                    if st.deadline <= now:
                        st.deadline = None
                        if self.idle:
                            self._execute(skey)
                        else:
                            # no free partition: queue it but let it keep growing
                            st.timed_out = True
                            self.in_queue.append(skey)
                            self.cond.notify_all()
                    elif nearest is None or st.deadline < nearest:
                        nearest = st.deadline
                self.cond.wait(None if nearest is None else max(nearest - now, 0.0005))

    # -- workers --------------------------------------------------------------------------
    def _start_worker(self, p):
        t = threading.Thread(target=self._worker, args=(p,), daemon=True,
                             name=f"nx.Serving[{self.name}] partition {p}")
        self.workers[p] = t
        t.start()

    def _worker(self, p):
        refs = None
        try:
            while True:
                with self.lock:
                    self.idle += 1
                    try:
                        while True:
                            entries = self._take()
                            if entries is not None or (self.closing and not self.in_queue):
                                break
                            self.cond.wait()
                    finally:
                        self.idle -= 1
                    if entries is None:
                        return
                    refs, batch = self._refs(entries)
                    self.running[p] = refs
                self._run_batch(p, batch, refs)
                with self.lock:
                    self.running.pop(p, None)
                    refs = None
                    self.cond.notify_all()
        except BaseException as e:  # noqa: BLE001 - the partition crashed: restart it
            err = WorkerCrashedError(f"nx.Serving: partition {p} of the serving {self.name!r} "
                                     f"crashed while running a batch: {type(e).__name__}: {e}")
            err.__cause__ = e
            # log and restart first, then fail the callers: a caller that sees the error sees
            # a serving that already logged it and has its partition back
            _log.error("nx.Serving: partition %d of %r crashed (%s: %s); restarting it", p,
                       self.name, type(e).__name__, e)
            with self.lock:
                self.running.pop(p, None)
                if not self.stopped:
                    self.restarts += 1
                    self._start_worker(p)
                self.cond.notify_all()
            for req, *_ in refs or ():
                req.fail(err)

    def _refs(self, entries):
        refs, batches, start = [], [], 0
        for req, offset, b in entries:
            refs.append((req, offset, start, b.size))
            batches.append(b)
            start += b.size
        return refs, Batch.merge(batches)

    def _run_batch(self, p, batch, refs):
        sink = self.sinks[p]
        meta = {"module": self.module, "name": self.name, "partition": p,
                "batch_size": batch.size, "batch_key": batch.key}
        try:
            with _span("execute", meta):
                fun, self.state = _handle_batch(self.module, batch, p, self.state)
                sink.refs = refs
                _tls.sink = sink
                try:
                    output, metadata = _handle_executed(self.module, fun())
                finally:
                    _tls.sink = None
                    sink.refs = None
                meta["metadata"] = metadata
                host = _HostOutput(output, batch.size)
        except Exception as e:  # noqa: BLE001 - fails this batch's callers only
            err = ExecutionError(f"nx.Serving: the serving {self.name!r} failed running a batch "
                                 f"of {batch.size} entries (key {batch.key!r}): "
                                 f"{type(e).__name__}: {e}")
            err.__cause__ = e
            for req, *_ in refs:
                req.fail(err)
            return
        for req, offset, start, size in refs:
            req.deliver(offset, host, start, size, metadata)

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self, drain=True, timeout=None):
        """Stops the server. New requests are rejected with `nx.Serving.ShutdownError`. With
        `drain=True` (default) the requests already received run now, without waiting for
        `batch_timeout`; with `drain=False` those not yet running fail with `ShutdownError`.
        Waits up to `timeout` seconds (default: the `shutdown` option) for running batches;
        requests still unanswered then fail with `ShutdownError`. Returns the number of
        requests that were rejected."""
        rejected = 0
        with self.lock:
            if self.closing:
                return 0
            self.closing = True
            with _servers_lock:
                if _servers.get(self.name) is self:
                    del _servers[self.name]
            err = ShutdownError(f"nx.Serving: the serving {self.name!r} shut down before the "
                                f"request ran")
            if drain:
                for skey, st in list(self.stacks.items()):
                    if st.count and not st.timed_out:
                        self._execute(skey)
            else:
                rejected += self._fail_waiting(err)
                self.stacks.clear()
                self.pending.clear()
                self.in_queue.clear()
            self.cond.notify_all()
        deadline = time.monotonic() + (self.shutdown_timeout if timeout is None else timeout)
        for t in list(self.workers.values()):
            t.join(max(deadline - time.monotonic(), 0))
        with self.lock:
            self.stopped = True
            late = ShutdownError(f"nx.Serving: the serving {self.name!r} did not finish the "
                                 f"request within the shutdown timeout")
            rejected += self._fail_waiting(late, list(self.running.values()))
            self.cond.notify_all()
        self.timer.join(1.0)
        return rejected

    def _fail_waiting(self, err, running=()):
        """Fails the requests still stacked or pending (and those of the `running` batches)
        with `err`; returns how many were still waiting for an answer. Holds `self.lock`."""
        groups = [st.entries for st in self.stacks.values()]
        groups += [entries for q in self.pending.values() for entries in q]
        groups += list(running)
        failed = 0
        for entries in groups:
            for req, *_ in entries:
                failed += req.live
                req.fail(err)
        return failed


def _default_compiler():
    from .defn import _defaults
    return _defaults["compiler"]


# ---------------------------------------------------------------------------------------------
# nx.Serving


_PROCESS_KEYS = ("batch_size", "batch_timeout", "batch_keys", "partitions", "shutdown",
                 "distribution_weight")


def _to_host(x):
    """Tensors of `x` (any container) as host (numpy backend) tensors, for crossing processes."""
    leaves, tree = flatten(x)
    if not any(isinstance(t, Tensor) for t in leaves):
        return x
    out = [from_array(np.asarray(t.to_numpy()), t.type, names=t.names, backend="numpy",
                      vectorized_axes=t.vectorized_axes) if isinstance(t, Tensor) else t
           for t in leaves]
    return unflatten(tree, out)


class Serving:
    """Serving: a computation on batches, with client pre- and postprocessing, run inline or
    by a batching server (Nx.Serving). See the module documentation of `nx.serving`.

    The seed's example: a defn that prints the batch it gets and doubles it.

        >>> @nx.defn
        ... def print_and_multiply(x):
        ...     x = nx.print_value(x, label="debug")
        ...     return x * 2
        >>> serving = nx.Serving.new(lambda opts: nx.jit(print_and_multiply, **opts))
        >>> batch = nx.Batch.stack([nx.tensor([1, 2, 3], type="s64")])
        >>> nx.Serving.run(serving, batch)
        debug: nx.Tensor<
          s64[1][3]
          [
            [1, 2, 3]
          ]
        >
        nx.Tensor<
          s64[1][3]
          [
            [2, 4, 6]
          ]
        >

    With client pre- and postprocessing (`client_postprocessing` receives `(output,
    metadata)` and the client information):

        >>> serving = (nx.Serving.jit(print_and_multiply)
        ...     .client_preprocessing(lambda input: (nx.Batch.stack(input), "client_info"))
        ...     .client_postprocessing(lambda pair, info: (pair, info)))
        >>> nx.Serving.run(serving, [nx.tensor([1, 2], type="s64"), nx.tensor([3, 4], type="s64")])
        debug: nx.Tensor<
          s64[2][2]
          [
            [1, 2],
            [3, 4]
          ]
        >
        ((nx.Tensor<
          s64[2][2]
          [
            [2, 4],
            [6, 8]
          ]
        >, 'server_info'), 'client_info')

    As a batching server:

        >>> server = nx.Serving.start_link(serving=nx.Serving.jit(print_and_multiply),
        ...                                name="MyServing", batch_size=10, batch_timeout=100)
        >>> batch = nx.Batch.stack([nx.tensor([1, 2, 3], type="s64"), nx.tensor([4, 5, 6], type="s64")])
        >>> nx.Serving.batched_run("MyServing", batch)
        debug: nx.Tensor<
          s64[2][3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
        nx.Tensor<
          s64[2][3]
          [
            [2, 4, 6],
            [8, 10, 12]
          ]
        >
        >>> server.shutdown()
        0
    """

    Error = ServingError
    ExecutionError = ExecutionError
    ShutdownError = ShutdownError
    WorkerCrashedError = WorkerCrashedError
    NotFoundError = NotFoundError
    Server = Server

    def __init__(self, module, arg, defn_options=None):
        self._module = module
        self._arg = arg
        self._client_preprocessing = None
        self._client_postprocessing = None
        self._distributed_postprocessing = _to_host
        self._streaming = None
        self._batch_size = None
        self._process_options = {}
        self._defn_options = dict(defn_options or {})

    def __repr__(self):
        return f"nx.Serving<{_module_name(self._module)}>"

    def _copy(self, **kw):
        s = Serving.__new__(Serving)
        s.__dict__.update(self.__dict__)
        s.__dict__.update(kw)
        return s

    # -- construction ---------------------------------------------------------------------
    @staticmethod
    def new(function_or_module, arg=None, defn_options=None, **options):
        """`nx.Serving.new(fun, **defn_options)`: `fun(opts)` (or `fun(batch_key, opts)`)
        returns a JIT or AOT compiled one-argument function (`nx.jit(f, **opts)`,
        `nx.compile(f, templates, **opts)`) that is called with each `nx.Batch`.
        `nx.Serving.new(module, arg, **defn_options)`: a module-based serving (a class or object
        with `init(type, arg, partitions)` returning `("ok", state)` and
        `handle_batch(batch, partition, state)` returning `("execute", fun, state)`).

        Batch keys select the function:

            >>> args = [nx.template((10,), "s32")]
            >>> serving = nx.Serving.new(lambda key, opts: {
            ...     "double": lambda: nx.compile(lambda x: x * 2, args, **opts),
            ...     "half": lambda: nx.compile(lambda x: x / 2, args, **opts)}[key]())
            >>> half_batch = nx.Batch.key(nx.Batch.concatenate([nx.iota((10,))]), "half")
            >>> nx.Serving.run(serving, half_batch)
            nx.Tensor<
              f32[10]
              [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5]
            >
        """
        if hasattr(function_or_module, "init") and hasattr(function_or_module, "handle_batch"):
            module = function_or_module
            if isinstance(module, type):
                module = module()
            opts = dict(defn_options or {}, **options)
            return Serving(module, arg, _defn_options(opts))
        if not callable(function_or_module):
            raise TypeError(f"nx.Serving.new: expected a function returning a compiled function, "
                            f"or a module with init and handle_batch, got "
                            f"{type(function_or_module).__name__}")
        if arg is not None and not isinstance(arg, dict):
            raise TypeError(f"nx.Serving.new: the defn options must be a dict or keyword "
                            f"arguments, got {type(arg).__name__}")
        opts = dict(arg or {}, **dict(defn_options or {}), **options)
        return Serving(_Default(), function_or_module, _defn_options(opts))

    @staticmethod
    def jit(fun, **defn_options):
        """A serving that runs `nx.jit(fun, **defn_options)` on each batch (`fun` may be an
        `nx.defn`). Same as `nx.Serving.new(lambda opts: nx.jit(fun, **opts), **defn_options)`."""
        if not callable(fun):
            raise TypeError(f"nx.Serving.jit: expected a function, got {type(fun).__name__}")

        def build(opts):
            from .defn import Jit, jit
            if isinstance(fun, Jit):
                return jit(fun.__wrapped__, **{"compiler": fun.compiler, "passes": fun.passes,
                                               "debug": fun.debug, **opts})
            return jit(fun, **opts)
        return Serving.new(build, **defn_options)

    # -- configuration (each returns a new serving) ----------------------------------------
    def batch_size(self, batch_size):
        """Sets the maximum batch size: inputs larger than it are split (in `run` too). Batches
        are not padded automatically: use `nx.Batch.pad` in the computation if needed."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or \
                batch_size <= 0:
            raise ValueError(f"nx.Serving.batch_size: expected a positive integer, got "
                             f"{batch_size!r}")
        return self._copy(_batch_size=int(batch_size))

    def client_preprocessing(self, function):
        """Sets the client preprocessing: `function(input)` returns `(batch or iterable of
        batches, client_info)`. The default accepts a batch (or iterable of batches) and gives
        `"client_info"`."""
        if function is not None and not callable(function):
            raise TypeError(f"nx.Serving.client_preprocessing: expected a function or None, got "
                            f"{type(function).__name__}")
        return self._copy(_client_preprocessing=function)

    def client_postprocessing(self, function):
        """Sets the client postprocessing: `function((output, metadata), client_info)` (or
        `function(events, client_info)` when streaming). The default returns the output (or
        the event iterator)."""
        if function is not None and not callable(function):
            raise TypeError(f"nx.Serving.client_postprocessing: expected a function or None, got "
                            f"{type(function).__name__}")
        return self._copy(_client_postprocessing=function)

    def distributed_postprocessing(self, function):
        """Sets the function applied, in the serving's process, to a result before it is sent
        to a caller in another process. The default copies tensors to host (numpy) data."""
        if not callable(function):
            raise TypeError(f"nx.Serving.distributed_postprocessing: expected a function, got "
                            f"{type(function).__name__}")
        return self._copy(_distributed_postprocessing=function)

    def streaming(self, hooks=()):
        """Makes `run`/`batched_run` return an iterator of events: `("batch", output,
        metadata)` as batches complete and, for each name in `hooks`, `(name, value)` whenever
        the computation reaches `nx.Serving.hook(t, name)` (then a single `"batch"` event comes
        at the end, and inputs cannot be iterables nor exceed the batch size).

            >>> @nx.defn
            ... def f(x):
            ...     return nx.Serving.hook(x + 1, "plus_one") * 2
            >>> serving = nx.Serving.jit(f).streaming(hooks=["plus_one"])
            >>> [(ev[0], nx.to_list(ev[1])) for ev in serving.run(nx.Batch.stack([nx.tensor(1)]))]
            [('plus_one', [2]), ('batch', [4])]
        """
        if self._streaming is not None:
            raise ValueError("nx.Serving.streaming: serving is already marked as streaming")
        if isinstance(hooks, str):
            hooks = [hooks]
        return self._copy(_streaming=tuple(hooks))

    def process_options(self, **options):
        """Sets the process options (those of `start_link` except `name` and `serving`)."""
        unknown = [k for k in options if k not in _PROCESS_KEYS]
        if unknown:
            raise ValueError(f"nx.Serving.process_options: unknown option(s) {unknown}, expected "
                             f"one of {list(_PROCESS_KEYS)}")
        return self._copy(_process_options=dict(options))

    def defn_options(self, **defn_options):
        """Sets the defn options (given to the serving function, e.g. `compiler=`)."""
        return self._copy(_defn_options=_defn_options(defn_options))

    @staticmethod
    def hook(t, name):
        """Inside a serving's computation, streams the value of `t` (sliced for each caller) as
        a `(name, value)` event when the serving streams that hook (`streaming(hooks=[name])`);
        a no-op otherwise. Returns `t` (Nx's `hook(t, name)` with hooks given to the serving)."""
        return _hook(t, name)

    # -- inline workflow -------------------------------------------------------------------
    def run(self, input):
        """Runs the serving on `input` in the calling thread, without batching with other
        callers. With `batch_size` set, larger inputs are split and the outputs reassembled."""
        batch_or_stream, info = _preprocess(self._client_preprocessing, input, "nx.Serving.run")
        limit = self._batch_size
        if isinstance(batch_or_stream, Batch):
            if self._streaming and limit is not None and batch_or_stream.size > limit:
                raise ValueError(f"nx.Serving.run: batch size ({batch_or_stream.size}) cannot "
                                 f"exceed the serving batch size of {limit} when streaming hooks")
            batches = _split(batch_or_stream, limit)
        else:
            if self._streaming:
                raise ValueError("nx.Serving.run: streaming hooks do not support input "
                                 "streaming, input must be an nx.Batch")
            batches = _checked_batches(batch_or_stream, limit, "nx.Serving.run")
        if self._streaming is None:
            results, state = [], None
            for b in batches:
                if state is None:
                    state = self._inline_init(b.key)
                out, meta = self._inline_execute(b, state, None)
                results.append((out, meta, b.size))
            if not results:
                raise ValueError("nx.Serving.run: the input stream gave no batches")
            if len(results) == 1:
                out, meta, size = results[0]
                result = (_slice_output(out, 0, size), meta)
            else:
                hosts = [(_HostOutput(o, n), n) for o, _, n in results]
                arrays = [np.concatenate(parts, axis=_AXIS)
                          for parts in zip(*[h.arrays(0, n) for h, n in hosts])]
                result = (hosts[-1][0].build(arrays), results[-1][1])
            return _postprocess(self._client_postprocessing, result, info)
        req = _Request(True)

        def produce():
            try:
                state, offset = None, 0
                for b in batches:
                    if state is None:
                        state = self._inline_init(b.key)
                    refs = [(req, offset, 0, b.size)]
                    out, meta = self._inline_execute(b, state, refs)
                    req.deliver(offset, _HostOutput(out, b.size), 0, b.size, meta)
                    offset += b.size
                req.set_total(offset)
            except BaseException as e:  # noqa: BLE001 - re-raised to the stream's consumer
                req.fail(e)
        threading.Thread(target=produce, daemon=True, name="nx.Serving.run stream").start()
        return _postprocess(self._client_postprocessing, req.events, info)

    def _inline_init(self, key):
        return [_handle_init(self._module, "inline", self._arg,
                             [dict(self._defn_options, batch_keys=[key])])]

    def _inline_execute(self, batch, state, refs):
        meta = {"module": self._module, "partition": 0, "batch_size": batch.size,
                "batch_key": batch.key}
        with _span("execute", meta):
            fun, state[0] = _handle_batch(self._module, batch, 0, state[0])
            sink = None
            if refs is not None:
                sink = _HookSink(self._streaming or ())
                sink.refs = refs
            prev = getattr(_tls, "sink", None)
            _tls.sink = sink
            try:
                out, metadata = _handle_executed(self._module, fun())
            finally:
                _tls.sink = prev
            meta["metadata"] = metadata
        return out, metadata

    # -- process workflow ------------------------------------------------------------------
    @staticmethod
    def start_link(serving=None, name=None, *, ray=False, ray_options=None, **options):
        """Starts a batching server for `serving` registered as `name` and returns its `Server`.

        Options (also settable with `serving.process_options(...)`): `batch_size` (default
        the serving's `batch_size`, else 1), `batch_timeout` (milliseconds, default 100),
        `batch_keys` (default `["default"]`), `partitions` (`True`: one worker per PJRT device
        with the xla compiler, `max_concurrency` workers with the evaluator; default
        `False`: one worker), `shutdown` (milliseconds to wait for running batches on shutdown,
        default 30000), `distribution_weight` (default 1).

        With `ray=True` the server runs in a new Ray actor process of the current Ray cluster
        (`ray.init()` first; `ray_options` go to `.options()` of the actor) and is reached by
        `batched_run` from any process of the cluster; a `RemoteServer` is returned.
        """
        if not isinstance(serving, Serving):
            raise TypeError(f"nx.Serving.start_link: the serving= option must be an nx.Serving, "
                            f"got {type(serving).__name__}")
        if not isinstance(name, str) or not name:
            raise TypeError(f"nx.Serving.start_link: the name= option must be a non-empty "
                            f"string, got {name!r}")
        unknown = [k for k in options if k not in _PROCESS_KEYS]
        if unknown:
            raise ValueError(f"nx.Serving.start_link: unknown option(s) {unknown}, expected one "
                             f"of {['serving', 'name', 'ray', 'ray_options', *_PROCESS_KEYS]}")
        opts = {**serving._process_options, **options}
        sbs, obs = serving._batch_size, opts.get("batch_size")
        if sbs is not None and obs is not None and sbs != obs:
            raise ValueError(f"nx.Serving.start_link: the batch size set via "
                             f"nx.Serving.batch_size ({sbs}) does not match the batch size given "
                             f"to the serving process ({obs})")
        batch_size = sbs or obs or 1
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"nx.Serving.start_link: batch_size must be a positive integer, "
                             f"got {batch_size!r}")
        batch_timeout = opts.get("batch_timeout", 100)
        if isinstance(batch_timeout, bool) or not isinstance(batch_timeout, (int, float)) or \
                batch_timeout < 0:
            raise ValueError(f"nx.Serving.start_link: batch_timeout must be a non-negative "
                             f"number of milliseconds, got {batch_timeout!r}")
        weight = opts.get("distribution_weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise ValueError(f"nx.Serving.start_link: distribution_weight must be a positive "
                             f"integer, got {weight!r}")
        partitions = opts.get("partitions", False)
        if not isinstance(partitions, bool):
            raise TypeError(f"nx.Serving.start_link: partitions must be True or False, got "
                            f"{partitions!r}")
        batch_keys = list(opts.get("batch_keys", ["default"]))
        if not batch_keys:
            raise ValueError("nx.Serving.start_link: batch_keys must not be empty")
        shutdown = opts.get("shutdown", 30_000)
        if ray:
            return _ray_start(serving, name, dict(opts), ray_options or {})
        with _servers_lock:
            if name in _servers:
                raise ValueError(f"nx.Serving.start_link: a serving named {name!r} is already "
                                 f"running")
            _servers[name] = None    # reserved while initializing
        try:
            server = Server(serving, name, batch_size, batch_timeout, batch_keys, partitions,
                            shutdown, weight)
        except BaseException:
            with _servers_lock:
                _servers.pop(name, None)
            raise
        with _servers_lock:
            _servers[name] = server
        return server

    @staticmethod
    def whereis(name):
        """The local `Server` running as `name`, or None."""
        return _servers.get(name)

    @staticmethod
    def shutdown(name, drain=True, timeout=None):
        """Shuts down the local serving `name` (see `Server.shutdown`)."""
        server = _servers.get(name)
        if server is None:
            raise NotFoundError(f"nx.Serving.shutdown: no serving named {name!r} is running")
        return server.shutdown(drain=drain, timeout=timeout)

    @staticmethod
    def batched_run(name, input, distributed_preprocessing=None, *, timeout=None):
        """Runs `input` on the serving `name`: batched with other callers' entries, run, and
        this caller's slice returned (after the client postprocessing). Looks for a local
        serving first, then in the Ray cluster (`("local", name)` / `("distributed", name)`
        force one). `timeout` (seconds) bounds the wait: on expiry the request is dropped and
        `TimeoutError` raised, without affecting other callers."""
        where, name = _where(name)
        server = _servers.get(name) if where != "distributed" else None
        if server is None:
            if where == "local":
                raise NotFoundError(_not_found(name))
            return _remote_run(name, input, distributed_preprocessing, timeout)
        req, info = _submit(server, input)
        if req.events is not None:
            return _finish(server, req.events, info)
        try:
            result = req.future.result(timeout)
        except concurrent.futures.TimeoutError:
            req.cancel()
            raise TimeoutError(f"nx.Serving.batched_run: no reply from the serving {name!r} "
                               f"within {timeout} s; the request was cancelled") from None
        except BaseException:
            req.cancel()
            raise
        return _finish(server, result, info)

    @staticmethod
    async def abatched_run(name, input, distributed_preprocessing=None, *, timeout=None):
        """`batched_run` for asyncio: `await nx.Serving.abatched_run(name, input)`. Cancelling
        the awaiting task drops the request from batches that have not run yet."""
        where, name = _where(name)
        server = _servers.get(name) if where != "distributed" else None
        if server is None:
            if where == "local":
                raise NotFoundError(_not_found(name))
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                None, lambda: _remote_run(name, input, distributed_preprocessing, timeout))
        req, info = _submit(server, input)
        if req.events is not None:
            return _finish(server, req.events, info)
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(req.future), timeout)
        except asyncio.TimeoutError:
            req.cancel()
            raise TimeoutError(f"nx.Serving.abatched_run: no reply from the serving {name!r} "
                               f"within {timeout} s; the request was cancelled") from None
        except BaseException:
            req.cancel()
            raise
        return _finish(server, result, info)

    # -- telemetry -------------------------------------------------------------------------
    @staticmethod
    def attach_handler(fun, events=None):
        """Registers `fun(event, measurements, metadata)` for the serving's telemetry events
        (`events`: a subset of `["preprocessing", "execute", "postprocessing"]`, default all).
        Returns an id for `detach_handler`."""
        if not callable(fun):
            raise TypeError(f"nx.Serving.attach_handler: expected a function, got "
                            f"{type(fun).__name__}")
        if events is not None:
            events = frozenset([events] if isinstance(events, str) else events)
            bad = events - {"preprocessing", "execute", "postprocessing"}
            if bad:
                raise ValueError(f"nx.Serving.attach_handler: unknown event(s) {sorted(bad)}, "
                                 f"expected preprocessing, execute or postprocessing")
        hid = next(_handler_ids)
        with _handlers_lock:
            _handlers[hid] = (fun, events)
        return hid

    @staticmethod
    def detach_handler(handler_id):
        """Removes a handler registered by `attach_handler`; returns whether it was there."""
        with _handlers_lock:
            return _handlers.pop(handler_id, None) is not None


def _defn_options(opts):
    compiler = opts.get("compiler")
    if compiler is not None and compiler not in ("xla", "evaluator"):
        raise ValueError(f"nx.Serving: unknown compiler {compiler!r}, expected 'xla' or "
                         f"'evaluator'")
    return opts


def _where(name):
    if isinstance(name, tuple) and len(name) == 2 and name[0] in ("local", "distributed"):
        return name
    if not isinstance(name, str):
        raise TypeError(f"nx.Serving.batched_run: expected a serving name (str) or ('local', "
                        f"name) / ('distributed', name), got {name!r}")
    return None, name


def _not_found(name):
    return (f"nx.Serving.batched_run: could not find an nx.Serving named {name!r}. Make sure it "
            f"is running (nx.Serving.start_link)")


def _submit(server, input):
    serving = server.serving
    batch_or_stream, info = _preprocess(serving._client_preprocessing, input,
                                        "nx.Serving.batched_run")
    req = _Request(server.mode != "execute")
    if isinstance(batch_or_stream, Batch):
        _check_key(server, batch_or_stream)
        if server.mode == "hooks" and batch_or_stream.size > server.limit:
            raise ValueError(f"nx.Serving.batched_run: batch size ({batch_or_stream.size}) cannot "
                             f"exceed the serving batch size of {server.limit} when streaming "
                             f"hooks")
        req.total = batch_or_stream.size
        server.submit(req, 0, batch_or_stream)
        return req, info
    if server.mode == "hooks":
        raise ValueError("nx.Serving.batched_run: streaming hooks do not support input "
                         "streaming, input must be an nx.Batch")

    def feed():
        # as in Nx: each batch of the stream is sent once the previous one has run
        offset = 0
        try:
            for b in _checked_batches(batch_or_stream, server.limit, "nx.Serving.batched_run"):
                _check_key(server, b)
                with req.lock:
                    while req.received < offset and not req.cancelled and not req.future.done():
                        req.progress.wait()
                    if req.cancelled or req.future.done():
                        return
                server.submit(req, offset, b)
                offset += b.size
            if offset == 0:
                raise ValueError("nx.Serving.batched_run: the input stream gave no batches")
            req.set_total(offset)
        except BaseException as e:  # noqa: BLE001 - reported to the caller
            req.fail(e)
    threading.Thread(target=feed, daemon=True, name="nx.Serving input stream").start()
    return req, info


def _check_key(server, batch):
    if batch.key not in server.batch_keys:
        raise ValueError(f"nx.Serving.batched_run: unknown batch key: {batch.key!r} (expected "
                         f"one of {server.batch_keys})")


def _finish(server, result, info):
    return _postprocess(server.serving._client_postprocessing, result, info)


# ---------------------------------------------------------------------------------------------
# Distribution through Ray


_RAY_PREFIX = "nx.serving"
_RAY_NAMESPACE = "nxc-serving"
_ray_cache = {"t": 0.0, "members": None}


def _ray():
    try:
        import ray
    except ImportError:
        return None
    return ray


def _rebuild_jit(fun, compiler, passes, debug):
    from .defn import jit
    return jit(fun, compiler=compiler, passes=passes, debug=debug)


def _reduce_jit(j):
    # jitted functions hold caches and locks: they travel to other processes as their source
    # function and options, and are compiled again there
    return _rebuild_jit, (j.__wrapped__, j.compiler, j.passes, j.debug)


def _register_pickling():
    from .defn import Jit
    copyreg.pickle(Jit, _reduce_jit)


class _Host:
    """The Ray actor hosting one serving (created through `ray.remote`)."""

    def __init__(self, serving, name, opts):
        importlib.import_module("nx")   # registers the ops in the actor process
        _register_pickling()
        self.name = name
        self.server = Serving.start_link(serving=serving, name=name, **opts)

    def partitions(self):
        return self.server.partitions

    def run(self, input):
        result = Serving.batched_run(("local", self.name), input)
        dist = self.server.serving._distributed_postprocessing
        if self.server.mode == "execute":
            yield ("value", dist(result))
        else:
            yield ("stream", None)
            for ev in result:
                yield ("event", dist(ev))

    def shutdown(self, drain=True):
        return self.server.shutdown(drain=drain)


class RemoteServer:
    """A serving running in a Ray actor (see `nx.Serving.start_link(..., ray=True)`)."""

    def __init__(self, actor, name, weight, partitions):
        self.actor, self.name, self.weight, self.partitions = actor, name, weight, partitions

    def __repr__(self):
        return f"nx.Serving.RemoteServer<{self.name!r}, partitions: {self.partitions}>"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    def shutdown(self, drain=True):
        ray = _ray()
        try:
            n = ray.get(self.actor.shutdown.remote(drain))
        finally:
            ray.kill(self.actor)
            _ray_cache["members"] = None
        return n


def _ray_start(serving, name, opts, ray_options):
    ray = _ray()
    if ray is None:
        raise ImportError("nx.Serving.start_link(ray=True) needs Ray: pip install 'nxc[distributed]'")
    if not ray.is_initialized():
        raise RuntimeError("nx.Serving.start_link(ray=True): connect to a Ray cluster first "
                           "(ray.init())")
    _register_pickling()
    import uuid
    weight = opts.get("distribution_weight", 1)
    actor_name = f"{_RAY_PREFIX}/{name}/{uuid.uuid4().hex}"
    cls = ray.remote(_Host)
    options = {"max_concurrency": 1024, "num_cpus": 0, "name": actor_name,
               "namespace": _RAY_NAMESPACE, **ray_options}
    actor = cls.options(**options).remote(serving, name, opts)
    partitions = ray.get(actor.partitions.remote())
    # weighted by partitions and distribution_weight, as Nx's process groups
    ray.get(_registry().add.remote(name, actor_name, max(1, weight * partitions)))
    _ray_cache["members"] = None
    return RemoteServer(actor, name, weight, partitions)


class _Registry:
    """A Ray actor mapping serving names to their host actors and weights."""

    def __init__(self):
        self.members = {}

    def add(self, name, actor_name, weight):
        self.members.setdefault(name, {})[actor_name] = weight

    def remove(self, name, actor_name):
        self.members.get(name, {}).pop(actor_name, None)

    def get(self, name):
        return dict(self.members.get(name, {}))


def _registry():
    ray = _ray()
    h = _ray_cache.get("registry")
    if h is not None and _ray_cache.get("registry_session") == id(ray.worker.global_worker.core_worker):
        return h
    h = ray.remote(_Registry).options(name=f"{_RAY_PREFIX}/registry", namespace=_RAY_NAMESPACE,
                                         get_if_exists=True, lifetime="detached",
                                         num_cpus=0).remote()
    _ray_cache["registry"] = h
    _ray_cache["registry_session"] = id(ray.worker.global_worker.core_worker)
    return h


def _members(name, refresh=False):
    ray = _ray()
    now = time.monotonic()
    cache = _ray_cache["members"]
    if refresh or cache is None or now - _ray_cache["t"] > 1.0:
        cache = _ray_cache["members"] = {}
        _ray_cache["t"] = now
    if name not in cache:
        cache[name] = ray.get(_registry().get.remote(name))
    return cache[name]


def _remote_run(name, input, distributed_preprocessing, timeout):
    ray = _ray()
    if ray is None or not ray.is_initialized():
        raise NotFoundError(_not_found(name))
    _register_pickling()
    payload = (distributed_preprocessing or _to_host)(input)
    for attempt in range(3):
        members = _members(name, refresh=attempt > 0)
        if not members:
            break
        names, weights = list(members), list(members.values())
        actor_name = _random.choices(names, weights)[0]
        try:
            actor = ray.get_actor(actor_name, namespace=_RAY_NAMESPACE)
        except ValueError:
            ray.get(_registry().remove.remote(name, actor_name))
            continue
        gen = actor.run.options(num_returns="streaming").remote(payload)
        try:
            kind, value = ray.get(next(gen), timeout=timeout)
        except ray.exceptions.RayActorError:
            ray.get(_registry().remove.remote(name, actor_name))
            continue
        except ray.exceptions.GetTimeoutError:
            ray.cancel(gen)
            raise TimeoutError(f"nx.Serving.batched_run: no reply from the serving {name!r} "
                               f"within {timeout} s; the request was cancelled") from None
        except ray.exceptions.RayTaskError as e:
            raise e.as_instanceof_cause() from None
        if kind == "value":
            return value
        return (ray.get(ref)[1] for ref in gen)
    raise NotFoundError(_not_found(name) + " (looked locally and in the Ray cluster)")
