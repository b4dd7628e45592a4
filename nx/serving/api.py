"""nx.Serving (Nx.Serving): a computation on batches with client pre- and postprocessing, run
inline (`run`) or by a batching server (`start_link`, `batched_run`). See the documentation of
the `nx.serving` package."""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading

import numpy as np

from .batch import AXIS, Batch
from .callbacks import (
    checked_batches,
    handle_batch,
    handle_executed,
    handle_init,
    module_name,
    postprocess,
    preprocess,
    split_batch,
)
from .distributed import ray_start, remote_run, to_host
from .errors import ExecutionError, NotFoundError, ServingError, ShutdownError, WorkerCrashedError
from .options import PROCESS_KEYS, checked_defn_options, checked_process_options
from .placement import Default
from .request import HookSink, HostOutput, Request, slice_output, stream_hook, tls
from .server import Server, not_found, servers, servers_lock, shut_down
from .telemetry import attach, detach, span


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
        >>> batch = nx.Batch.stack([nx.tensor([1, 2, 3], type="s64"),
        ...                         nx.tensor([4, 5, 6], type="s64")])
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
        self._distributed_postprocessing = to_host
        self._streaming = None
        self._batch_size = None
        self._process_options = {}
        self._defn_options = dict(defn_options or {})

    def __repr__(self):
        return f"nx.Serving<{module_name(self._module)}>"

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
            return Serving(module, arg, checked_defn_options(opts))
        if not callable(function_or_module):
            raise TypeError(f"nx.Serving.new: expected a function returning a compiled function, "
                            f"or a module with init and handle_batch, got "
                            f"{type(function_or_module).__name__}")
        if arg is not None and not isinstance(arg, dict):
            raise TypeError(f"nx.Serving.new: the defn options must be a dict or keyword "
                            f"arguments, got {type(arg).__name__}")
        opts = dict(arg or {}, **dict(defn_options or {}), **options)
        return Serving(Default(), function_or_module, checked_defn_options(opts))

    @staticmethod
    def jit(fun, **defn_options):
        """A serving that runs `nx.jit(fun, **defn_options)` on each batch (`fun` may be an
        `nx.defn`: its options are kept unless given here). Same as
        `nx.Serving.new(lambda opts: nx.jit(fun, **opts), **defn_options)`."""
        if not callable(fun):
            raise TypeError(f"nx.Serving.jit: expected a function, got {type(fun).__name__}")

        def build(opts):
            # nx.jit of a defn keeps the defn's options and overrides those given (nx/defn.py):
            # no unwrapping here, so there is one place that decides
            from ..defn import jit
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
        unknown = [k for k in options if k not in PROCESS_KEYS]
        if unknown:
            raise ValueError(f"nx.Serving.process_options: unknown option(s) {unknown}, expected "
                             f"one of {list(PROCESS_KEYS)}")
        checked_process_options(None, options, "nx.Serving.process_options")   # fail early
        return self._copy(_process_options=dict(options))

    def defn_options(self, **defn_options):
        """Sets the defn options (given to the serving function, e.g. `compiler=`)."""
        return self._copy(_defn_options=checked_defn_options(defn_options))

    @staticmethod
    def hook(t, name):
        """Inside a serving's computation, streams the value of `t` (sliced for each caller) as
        a `(name, value)` event when the serving streams that hook (`streaming(hooks=[name])`);
        a no-op otherwise. Returns `t` (Nx's `hook(t, name)` with hooks given to the serving)."""
        return stream_hook(t, name)

    # -- inline workflow -------------------------------------------------------------------
    def run(self, input):
        """Runs the serving on `input` in the calling thread, without batching with other
        callers. With `batch_size` set, larger inputs are split and the outputs reassembled."""
        batch_or_stream, info = preprocess(self._client_preprocessing, input, "nx.Serving.run")
        limit = self._batch_size
        if isinstance(batch_or_stream, Batch):
            if self._streaming and limit is not None and batch_or_stream.size > limit:
                raise ValueError(f"nx.Serving.run: batch size ({batch_or_stream.size}) cannot "
                                 f"exceed the serving batch size of {limit} when streaming hooks")
            batches = split_batch(batch_or_stream, limit)
        else:
            if self._streaming:
                raise ValueError("nx.Serving.run: streaming hooks do not support input "
                                 "streaming, input must be an nx.Batch")
            batches = checked_batches(batch_or_stream, limit, "nx.Serving.run")
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
                result = (slice_output(out, 0, size), meta)
            else:
                hosts = [(HostOutput(o, n), n) for o, _, n in results]
                arrays = [np.concatenate(parts, axis=AXIS)
                          for parts in zip(*[h.arrays(0, n) for h, n in hosts])]
                result = (hosts[-1][0].build(arrays), results[-1][1])
            return postprocess(self._client_postprocessing, result, info)
        req = Request(True)

        def produce():
            try:
                state, offset = None, 0
                for b in batches:
                    if state is None:
                        state = self._inline_init(b.key)
                    refs = [(req, offset, 0, b.size)]
                    out, meta = self._inline_execute(b, state, refs)
                    req.deliver(offset, HostOutput(out, b.size), 0, b.size, meta)
                    offset += b.size
                req.set_total(offset)
            except BaseException as e:  # noqa: BLE001 - re-raised to the stream's consumer
                req.fail(e)
        threading.Thread(target=produce, daemon=True, name="nx.Serving.run stream").start()
        return postprocess(self._client_postprocessing, req.events, info)

    def _inline_init(self, key):
        return [handle_init(self._module, "inline", self._arg,
                             [dict(self._defn_options, batch_keys=[key])])]

    def _inline_execute(self, batch, state, refs):
        meta = {"module": self._module, "partition": 0, "batch_size": batch.size,
                "batch_key": batch.key}
        with span("execute", meta):
            fun, state[0] = handle_batch(self._module, batch, 0, state[0])
            sink = None
            if refs is not None:
                sink = HookSink(self._streaming or ())
                sink.refs = refs
            prev = getattr(tls, "sink", None)
            tls.sink = sink
            try:
                out, metadata = handle_executed(self._module, fun())
            finally:
                tls.sink = prev
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
        default 30000), `distribution_weight` (default 1). Invalid values (`batch_size=0`, a
        negative timeout, ...) raise, naming the option.

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
        unknown = [k for k in options if k not in PROCESS_KEYS]
        if unknown:
            raise ValueError(f"nx.Serving.start_link: unknown option(s) {unknown}, expected one "
                             f"of {['serving', 'name', 'ray', 'ray_options', *PROCESS_KEYS]}")
        opts = checked_process_options(serving, {**serving._process_options, **options},
                                "nx.Serving.start_link")
        batch_size, batch_timeout, batch_keys, partitions, shutdown, weight = (
            opts[k] for k in ("batch_size", "batch_timeout", "batch_keys", "partitions",
                              "shutdown", "distribution_weight"))
        if ray:
            return ray_start(serving, name, dict(opts), ray_options or {})
        with servers_lock:
            if name in servers:
                raise ValueError(f"nx.Serving.start_link: a serving named {name!r} is already "
                                 f"running")
            servers[name] = None    # reserved while initializing
        try:
            server = Server(serving, name, batch_size, batch_timeout, batch_keys, partitions,
                            shutdown, weight)
        except BaseException:
            with servers_lock:
                servers.pop(name, None)
            raise
        with servers_lock:
            servers[name] = server
            shut_down.discard(name)
        return server

    @staticmethod
    def whereis(name):
        """The local `Server` running as `name`, or None."""
        return servers.get(name)

    @staticmethod
    def shutdown(name, drain=True, timeout=None):
        """Shuts down the local serving `name` (see `Server.shutdown`)."""
        server = servers.get(name)
        if server is None:
            raise NotFoundError(not_found(name, "nx.Serving.shutdown"))
        return server.shutdown(drain=drain, timeout=timeout)

    @staticmethod
    def batched_run(name, input, distributed_preprocessing=None, *, timeout=None):
        """Runs `input` on the serving `name`: batched with other callers' entries, run, and
        this caller's slice returned (after the client postprocessing). Looks for a local
        serving first, then in the Ray cluster (`("local", name)` / `("distributed", name)`
        force one). `timeout` (seconds) bounds the wait: on expiry the request is dropped and
        `TimeoutError` raised, without affecting other callers."""
        where, name = _where(name)
        server = servers.get(name) if where != "distributed" else None
        if server is None:
            if where == "local":
                raise NotFoundError(not_found(name))
            return remote_run(name, input, distributed_preprocessing, timeout)
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
        server = servers.get(name) if where != "distributed" else None
        if server is None:
            if where == "local":
                raise NotFoundError(not_found(name))
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                None, lambda: remote_run(name, input, distributed_preprocessing, timeout))
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
        return attach(fun, events)

    @staticmethod
    def detach_handler(handler_id):
        """Removes a handler registered by `attach_handler`; returns whether it was there."""
        return detach(handler_id)


def _where(name):
    if isinstance(name, tuple) and len(name) == 2 and name[0] in ("local", "distributed"):
        return name
    if not isinstance(name, str):
        raise TypeError(f"nx.Serving.batched_run: expected a serving name (str) or ('local', "
                        f"name) / ('distributed', name), got {name!r}")
    return None, name



def _submit(server, input):
    serving = server.serving
    batch_or_stream, info = preprocess(serving._client_preprocessing, input,
                                        "nx.Serving.batched_run")
    req = Request(server.mode != "execute")
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
            for b in checked_batches(batch_or_stream, server.limit, "nx.Serving.batched_run"):
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
    return postprocess(server.serving._client_postprocessing, result, info)
