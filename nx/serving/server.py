"""The batching server (`nx.Serving.start_link`): the registry of local servings by name, and
`Server`, whose threads stack the callers' entries into batches (by batch key and template),
run them on the partitions' workers and deliver each caller its slice."""
from __future__ import annotations

import collections
import threading
import time

from .batch import Batch
from .callbacks import handle_batch, handle_executed, handle_init
from .errors import ExecutionError, ShutdownError, WorkerCrashedError
from .placement import device_count
from .request import HookSink, HostOutput, tls
from .telemetry import logger, span

servers: dict = {}
shut_down: set = set()   # names of the local servings that were shut down (for NotFoundError)
servers_lock = threading.Lock()


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
                parts = [dict(opts, device_id=i) for i in range(device_count())]
        else:
            parts = [opts]
        self.partitions = len(parts)
        for p in parts:
            p["batch_keys"] = list(self.batch_keys)
        self.sinks = [HookSink(serving._streaming or ()) for _ in parts]
        self.state = handle_init(self.module, "process", serving._arg, parts)
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
            logger.error("nx.Serving: partition %d of %r crashed (%s: %s); restarting it", p,
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
            with span("execute", meta):
                fun, self.state = handle_batch(self.module, batch, p, self.state)
                sink.refs = refs
                tls.sink = sink
                try:
                    output, metadata = handle_executed(self.module, fun())
                finally:
                    tls.sink = None
                    sink.refs = None
                meta["metadata"] = metadata
                host = HostOutput(output, batch.size)
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
        """Stops the server. Requests that reach it from now on are rejected with
        `nx.Serving.ShutdownError`; its name is unregistered, so `batched_run(name, ...)` then
        raises `nx.Serving.NotFoundError` (saying it was shut down), as Nx exits with
        `:noproc`. With
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
            with servers_lock:
                if servers.get(self.name) is self:
                    del servers[self.name]
                    shut_down.add(self.name)
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
    from ..defn import DEFAULTS
    return DEFAULTS["compiler"]


def not_found(name, fun="nx.Serving.batched_run"):
    if name in shut_down:
        # as in Nx, a serving that was shut down is gone (its name is free): the request gets
        # the error of a name that is not running, which says what happened
        return (f"{fun}: could not find an nx.Serving named {name!r}: it was shut down. Start "
                f"it again with nx.Serving.start_link to serve requests")
    return (f"{fun}: could not find an nx.Serving named {name!r}. Make sure it is running "
            f"(nx.Serving.start_link)")
