"""What a caller waits on, and how results reach it: a batch's output moved to host and sliced
per caller, the request of one `batched_run` call (reassembled from its chunks), the event
iterator of a streaming request, and the hooks (`nx.Serving.hook`) that stream values from
inside the computation to the requests of the running batch."""
from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import threading

import numpy as np

from ..containers import flatten, unflatten
from ..tensor import Tensor, from_array
from .batch import AXIS
from .errors import ShutdownError
from .telemetry import logger

# ---------------------------------------------------------------------------------------------
# Batched outputs on the host


class HostOutput:
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


def slice_output(output, start, size):
    """Nx's remove_maybe_padded: `output` itself when nothing is to be removed."""
    leaves, _ = flatten(output)
    if start == 0 and all(isinstance(x, Tensor) and x.shape and x.shape[0] == size
                          for x in leaves):
        return output
    h = HostOutput(output, start + size)
    return h.build(h.arrays(start, size))


# ---------------------------------------------------------------------------------------------
# Requests: what a caller waits on


class Request:
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
            arrays = [np.concatenate(parts, axis=AXIS) for parts in zip(*[c[2] for c in chunks])]
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
# Streaming hooks: nx.Serving.hook(t, name) inside the computation


tls = threading.local()


class HookSink:
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
            host = HostOutput(value, max(s + n for _, _, s, n in refs))
        except (TypeError, ValueError) as e:
            logger.error("nx.Serving.hook %r: cannot stream the hooked value: %s", name, e)
            return
        for req, _off, start, size in refs:
            req.hook_event(name, host.build(host.arrays(start, size)))


def stream_hook(t, name):
    captured = getattr(tls, "sink", None)

    def dispatch(value):
        sink = captured if captured is not None else getattr(tls, "sink", None)
        if sink is not None:
            sink.emit(name, value)
    from ..hooks import hook
    return hook(t, dispatch, name=str(name))
