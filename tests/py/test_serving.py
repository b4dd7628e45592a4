"""nx.Serving and nx.Batch: inline workflow, the batching server (threads and asyncio), batch
keys, splitting, streaming, partitions, telemetry, faults, shutdown, and Ray distribution.

Expected values are computed independently (NumPy / exact integer arithmetic) or come from the
seeds' Nx.Serving docs. Every server is bounded in time and shut down by the `server` fixture.
"""
from __future__ import annotations

import asyncio
import doctest
import importlib.util
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import nx
import nx.serving

Batch, Serving = nx.Batch, nx.Serving


def ident(b):
    return nx.jit(lambda x: x, compiler="evaluator")(b)


@nx.defn
def double_plus_one(x):
    return x * 2 + 1


@nx.defn(compiler="evaluator")
def ev_double_plus_one(x):
    return x * 2 + 1


@pytest.fixture
def server():
    started = []

    def start(serving, name, **opts):
        s = Serving.start_link(serving=serving, name=name, **opts)
        started.append(s)
        return s
    yield start
    for s in started:
        s.shutdown(drain=False, timeout=5)


def test_doctests_of_nx_serving():
    # every module of the nx.serving package, as a user reads their docs
    import importlib
    import pkgutil
    attempted = failed = 0
    for m in ["nx.serving"] + [f"nx.serving.{i.name}" for i in
                               pkgutil.iter_modules(nx.serving.__path__)]:
        r = doctest.testmod(importlib.import_module(m), extraglobs={"nx": nx},
                            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        attempted, failed = attempted + r.attempted, failed + r.failed
    assert attempted >= 30 and failed == 0


# --- nx.Batch -----------------------------------------------------------------------------

def test_batch_build_merge_split_pad_key():
    b = Batch.stack([nx.tensor([1, 2]), np.array([3, 4], dtype=np.int32)])
    assert (b.size, b.pad, b.key) == (2, 0, "default")
    b = Batch.concatenate(b, [nx.tensor([[5, 6], [7, 8], [9, 10]])])
    assert b.size == 5
    np.testing.assert_array_equal(ident(b).to_numpy(), np.arange(1, 11).reshape(5, 2))
    left, right = Batch.split(Batch.pad(b, 2), 3)
    assert (left.size, left.pad, right.size, right.pad) == (3, 0, 2, 2)
    np.testing.assert_array_equal(ident(right).to_numpy(), [[7, 8], [9, 10], [0, 0], [0, 0]])
    # splitting a non-full batch moves the padding that fits to the left
    l2, r2 = Batch.split(Batch.pad(Batch.stack([1, 2]), 3), 4)
    assert (l2.size, l2.pad, r2.size, r2.pad) == (2, 2, 0, 1)
    m = Batch.merge([Batch.stack([1]), Batch.stack([2, 3]), Batch.concatenate([nx.tensor([4])])])
    assert m.size == 4 and nx.to_list(ident(m)) == [1, 2, 3, 4]
    k = Batch.key(m, ("len", 4))
    assert k.key == ("len", 4) and m.key == "default"
    # containers, with names kept on the inner axes
    c = Batch.concatenate([{"a": nx.tensor([[1.0, 2.0]], names=["n", "x"]), "b": nx.tensor([7])}])
    out = ident(c)
    assert list(out["a"].names) == [None, "x"] and out["a"].type == "f32" and out["b"].shape == (1,)
    assert repr(Batch.pad(Batch.stack([1, 2, 3]), 1)) == "nx.Batch<size: 3, pad: 1>"


def test_batch_errors():
    with pytest.raises(ValueError, match=r"nx.Batch.stack: cannot add to batch due to "
                                         r"incompatible.*s32\[2\].*s32\[3\]"):
        Batch.stack([nx.tensor([1, 2]), nx.tensor([1, 2, 3])])
    with pytest.raises(ValueError, match="incompatible.*f32"):
        Batch.stack(Batch.stack([nx.tensor([1, 2])]), [nx.tensor([1.0, 2.0])])
    with pytest.raises(ValueError, match="cannot concatenate scalar tensor"):
        Batch.concatenate([nx.tensor(1)])
    with pytest.raises(ValueError, match="same value for first axis, got 3 and 2"):
        Batch.concatenate([(nx.tensor([1, 2]), nx.tensor([1, 2, 3]))])
    with pytest.raises(ValueError, match="different batch keys: 'a' and 'b'"):
        Batch.merge(Batch.key(Batch.stack([1]), "a"), Batch.key(Batch.stack([1]), "b"))
    with pytest.raises(ValueError, match="nx.Batch.split: expected a positive integer, got 0"):
        Batch.split(Batch.stack([1]), 0)
    with pytest.raises(ValueError, match="nx.Batch.pad: expected a non-negative"):
        Batch.pad(Batch.stack([1]), -1)
    with pytest.raises(TypeError, match="nx.Batch.stack: entries must be tensors"):
        Batch.stack(["abc"])
    with pytest.raises(TypeError, match="nx.Batch.concatenate: expected a list of entries"):
        Batch.concatenate(nx.tensor([1]))
    with pytest.raises(ValueError, match="without entries"):
        ident(Batch.new())


# --- inline workflow ----------------------------------------------------------------------

def test_inline_seed_examples(capsys):
    @nx.defn
    def print_and_multiply(x):
        x = nx.print_value(x, label="debug")
        return x * 2
    serving = Serving.new(lambda opts: nx.jit(print_and_multiply, **opts))
    out = Serving.run(serving, Batch.stack([nx.tensor([1, 2, 3], type="s64")]))
    assert capsys.readouterr().out == "debug: nx.Tensor<\n  s64[1][3]\n  [\n    [1, 2, 3]\n  ]\n>\n"
    assert out.type == "s64" and nx.to_list(out) == [[2, 4, 6]]
    serving = (Serving.jit(print_and_multiply)
               .client_preprocessing(lambda inp: (Batch.stack(inp), "client_info"))
               .client_postprocessing(lambda pair, info: (pair, info)))
    (res, meta), info = serving.run([nx.tensor([1, 2]), nx.tensor([3, 4])])
    assert "debug: nx.Tensor<\n  s32[2][2]" in capsys.readouterr().out
    assert nx.to_list(res) == [[2, 4], [6, 8]] and (meta, info) == ("server_info", "client_info")


def test_inline_batch_size_splits_and_reassembles():
    seen = []

    def fun(batch):                       # a plain function gets the nx.Batch itself
        seen.append(batch.size)
        return ev_double_plus_one(batch)
    serving = Serving.new(lambda opts: fun).batch_size(2)
    out = serving.run(Batch.concatenate([nx.tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])]))
    assert seen == [2, 2, 1]
    np.testing.assert_array_equal(out.to_numpy(), np.arange(1, 11).reshape(5, 2) * 2 + 1)
    # an iterable of batches is run batch by batch and concatenated
    out = Serving.new(lambda opts: ev_double_plus_one).run(
        Batch.stack([nx.tensor(i)]) for i in range(3))
    assert nx.to_list(out) == [1, 3, 5]
    # padding is removed from the output
    out = Serving.new(lambda opts: ev_double_plus_one).run(Batch.pad(Batch.stack([1, 2]), 2))
    assert nx.to_list(out) == [3, 5]


class Doubler:
    """A module-based serving (Nx's `@behaviour Nx.Serving`)."""

    def init(self, type_, arg, partitions):
        assert type_ in ("inline", "process") and arg == "unused_arg"
        return ("ok", [nx.jit(lambda x: x * 2, **{k: v for k, v in p.items()
                                                  if k == "compiler"}) for p in partitions])

    def handle_batch(self, batch, partition, state):
        return ("execute", lambda: (state[partition](batch), {"partition": partition}), state)


def test_inline_module_serving_and_errors():
    serving = Serving.new(Doubler, "unused_arg", compiler="evaluator")
    assert nx.to_list(serving.run(Batch.stack([nx.tensor([1, 2, 3])]))) == [[2, 4, 6]]
    with pytest.raises(TypeError, match="the default client_preprocessing expects an nx.Batch"):
        serving.run([1, 2])
    with pytest.raises(ValueError, match="cannot run with empty nx.Batch"):
        serving.run(Batch.new())
    bad = Serving.new(lambda opts: ev_double_plus_one).client_preprocessing(lambda x: x)
    with pytest.raises(TypeError, match="client_preprocessing must return a pair"):
        bad.run(Batch.stack([1]))
    with pytest.raises(TypeError, match="should return an AOT or JIT compiled function"):
        Serving.new(lambda opts: 42).run(Batch.stack([1]))
    with pytest.raises(ValueError, match="already marked as streaming"):
        Serving.new(lambda opts: ev_double_plus_one).streaming().streaming()
    with pytest.raises(ValueError, match="nx.Serving.batch_size: expected a positive integer"):
        Serving.new(lambda opts: ev_double_plus_one).batch_size(0)


def test_inline_streaming_batches_and_hooks():
    serving = Serving.new(lambda opts: ev_double_plus_one).batch_size(2).streaming()
    events = list(serving.run(Batch.stack([1, 2, 3])))
    assert [(e[0], nx.to_list(e[1]), e[2]) for e in events] == \
        [("batch", [3, 5], "server_info"), ("batch", [7], "server_info")]

    @nx.defn(compiler="evaluator")
    def f(x):
        y = Serving.hook(x + 1, "plus_one")
        return Serving.hook(y * 10, "ignored") - 1
    events = list(Serving.jit(f).streaming(hooks=["plus_one"]).run(Batch.stack([1, 2])))
    assert [(e[0], nx.to_list(e[1])) for e in events] == [("plus_one", [2, 3]),
                                                         ("batch", [19, 29])]
    with pytest.raises(ValueError, match="cannot exceed the serving batch size of 1"):
        Serving.jit(f).batch_size(1).streaming(hooks=["plus_one"]).run(Batch.stack([1, 2]))


# --- the batching server ------------------------------------------------------------------

def test_server_batches_concurrent_callers(server):
    sizes = []
    hid = Serving.attach_handler(lambda ev, m, md: sizes.append(md["batch_size"])
                                 if ev[3] == "stop" else None, events=["execute"])
    try:
        srv = server(Serving.jit(double_plus_one), "t-batch", batch_size=8, batch_timeout=50)
        assert Serving.whereis("t-batch") is srv
        results = {}
        barrier = threading.Barrier(8)

        def call(i):
            barrier.wait()
            results[i] = Serving.batched_run("t-batch", Batch.stack([nx.tensor([i, -i])]))
        ts = [threading.Thread(target=call, args=(i,)) for i in range(8)]
        [t.start() for t in ts]
        [t.join(30) for t in ts]
        for i in range(8):
            assert nx.to_list(results[i]) == [[2 * i + 1, -2 * i + 1]]
        assert sum(sizes) == 8 and len(sizes) < 8   # merged into fewer batches
    finally:
        Serving.detach_handler(hid)


def test_server_splits_large_inputs_and_batch_keys(server):
    seen = []

    def build(key, opts):
        def run(batch):
            seen.append((key, batch.size))
            x = batch._materialize()
            return x * (2 if key == "double" else 3)
        return run
    server(Serving.new(build), "t-keys", batch_size=3, batch_timeout=10,
           batch_keys=["double", "triple"])
    out = Serving.batched_run("t-keys", Batch.key(Batch.concatenate([nx.iota((8,))]), "double"))
    assert nx.to_list(out) == [2 * i for i in range(8)]
    out = Serving.batched_run("t-keys", Batch.key(Batch.stack([nx.tensor(5)]), "triple"))
    assert nx.to_list(out) == [15]
    assert [s for k, s in seen if k == "double"] == [3, 3, 2] and ("triple", 1) in seen
    with pytest.raises(ValueError, match=r"unknown batch key: 'default' \(expected one of "
                                         r"\['double', 'triple'\]\)"):
        Serving.batched_run("t-keys", Batch.stack([1]))
    with pytest.raises(ValueError, match="already running"):
        Serving.start_link(serving=Serving.new(build), name="t-keys")
    with pytest.raises(ValueError, match=r"batch size set via nx.Serving.batch_size \(2\) does "
                                         r"not match.*\(3\)"):
        Serving.start_link(serving=Serving.new(build).batch_size(2), name="x", batch_size=3)
    with pytest.raises(nx.Serving.NotFoundError, match="could not find an nx.Serving named"):
        Serving.batched_run(("local", "nope"), Batch.stack([1]))
    with pytest.raises(ValueError, match="unknown option"):
        Serving.start_link(serving=Serving.new(build), name="x", batch_sise=3)


def test_server_pads_to_the_batch_size_and_slices_each_caller(server, capsys):
    @nx.defn
    def print_and_multiply(x):
        return nx.print_value(x, label="debug") * 2

    def build(opts):
        jitted = nx.jit(print_and_multiply, **opts)
        return lambda batch: jitted(Batch.pad(batch, 4 - batch.size))
    server(Serving.new(build), "t-pad", batch_size=4, batch_timeout=1)
    out = Serving.batched_run("t-pad", Batch.stack([nx.tensor([1, 2, 3], type="s64"),
                                                    nx.tensor([4, 5, 6], type="s64")]))
    assert capsys.readouterr().out == ("debug: nx.Tensor<\n  s64[4][3]\n  [\n    [1, 2, 3],\n"
                                       "    [4, 5, 6],\n    [0, 0, 0],\n    [0, 0, 0]\n  ]\n>\n")
    assert out.type == "s64" and out.shape == (2, 3) and nx.to_list(out) == [[2, 4, 6],
                                                                             [8, 10, 12]]


def test_server_load_every_caller_gets_its_own_results(server):
    server(Serving.jit(double_plus_one), "t-load", batch_size=16, batch_timeout=2)
    callers, per_caller = 16, 40
    errors, done = [], [0]
    lock = threading.Lock()

    def caller(i):
        for j in range(per_caller):
            v = i * 10_000 + j
            n = 1 + (j % 3)                   # requests of 1 to 3 entries
            inp = np.arange(n * 2, dtype=np.int32).reshape(n, 2) + v
            out = Serving.batched_run("t-load", Batch.concatenate([nx.tensor(inp)]))
            if not np.array_equal(out.to_numpy(), inp * 2 + 1):
                errors.append((i, j))
            with lock:
                done[0] += 1
    ts = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    [t.start() for t in ts]
    [t.join(60) for t in ts]
    assert errors == [] and done[0] == callers * per_caller


def test_asyncio_callers_and_cancellation(server):
    server(Serving.jit(double_plus_one), "t-async", batch_size=4, batch_timeout=30)

    async def main():
        outs = await asyncio.gather(*[Serving.abatched_run("t-async", Batch.stack([nx.tensor(i)]))
                                      for i in range(10)])
        assert [nx.to_list(o) for o in outs] == [[2 * i + 1] for i in range(10)]
        # a cancelled caller does not disturb the others of its batch
        tasks = [asyncio.ensure_future(Serving.abatched_run("t-async", Batch.stack([i])))
                 for i in range(3)]
        await asyncio.sleep(0)
        tasks[1].cancel()
        res = await asyncio.gather(*tasks, return_exceptions=True)
        assert isinstance(res[1], asyncio.CancelledError)
        assert nx.to_list(res[0]) == [1] and nx.to_list(res[2]) == [5]
    asyncio.run(asyncio.wait_for(main(), 60))


# --- faults -------------------------------------------------------------------------------

def test_bad_request_fails_only_its_caller(server):
    w = nx.tensor([1, 10, 100])

    @nx.defn(compiler="evaluator")
    def dot(x):
        return nx.dot(x, w)
    server(Serving.jit(dot), "t-bad", batch_size=8, batch_timeout=100)
    results = {}

    def call(i, inp):
        try:
            results[i] = Serving.batched_run("t-bad", inp)
        except Exception as e:  # noqa: BLE001
            results[i] = e
    inputs = {0: Batch.stack([nx.tensor([1, 2, 3])]), 1: Batch.stack([nx.tensor([1, 2, 3, 4])]),
              2: Batch.stack([nx.tensor([4, 5, 6])])}
    ts = [threading.Thread(target=call, args=kv) for kv in inputs.items()]
    [t.start() for t in ts]
    [t.join(30) for t in ts]
    assert nx.to_list(results[0]) == [321] and nx.to_list(results[2]) == [654]
    e = results[1]
    assert isinstance(e, Serving.ExecutionError) and "batch of 1 entries" in str(e)
    assert isinstance(e.__cause__, ValueError) and "(1, 4)" in str(e.__cause__) or \
        "4" in str(e.__cause__)
    # a bad type never reaches the server
    with pytest.raises(TypeError, match="nx.Batch.stack: entries must be tensors"):
        Serving.batched_run("t-bad", Batch.stack([object()]))


class Flaky:
    """Raises on a marked entry (an exception), crashes the worker on another (BaseException)."""

    class Crash(BaseException):
        pass

    def init(self, type_, arg, partitions):
        return ("ok", None)

    def handle_batch(self, batch, partition, state):
        def run():
            x = batch._materialize()
            vals = x.to_numpy().ravel().tolist()
            if -1 in vals:
                raise ZeroDivisionError("boom in the computation")
            if -2 in vals:
                raise Flaky.Crash("worker crash")
            return x + 1, threading.current_thread().name
        return ("execute", run, state)


def test_computation_error_and_worker_crash(server, caplog):
    srv = server(Serving.new(Flaky, None), "t-flaky", batch_size=2, batch_timeout=20)
    with pytest.raises(Serving.ExecutionError, match="ZeroDivisionError: boom") as ei:
        Serving.batched_run("t-flaky", Batch.stack([-1, 7]))
    assert isinstance(ei.value.__cause__, ZeroDivisionError)
    assert nx.to_list(Serving.batched_run("t-flaky", Batch.stack([1, 2]))) == [2, 3]
    before = srv.workers[0]
    with caplog.at_level(logging.ERROR, logger="nx.serving"):
        with pytest.raises(Serving.WorkerCrashedError, match="partition 0 .* crashed"):
            Serving.batched_run("t-flaky", Batch.stack([-2, 5]))
    assert "restarting" in caplog.text
    # restarted: a new worker thread serves the next request
    assert nx.to_list(Serving.batched_run("t-flaky", Batch.stack([3, 4]))) == [4, 5]
    assert srv.restarts == 1 and srv.workers[0] is not before and srv.workers[0].is_alive()


def test_caller_timeout_does_not_disturb_others(server):
    gate = threading.Event()

    def slow(batch):
        gate.wait(10)
        return batch._materialize() * 2
    server(Serving.new(lambda opts: slow), "t-slow", batch_size=1, batch_timeout=0)
    res = {}
    t = threading.Thread(target=lambda: res.setdefault(
        "a", Serving.batched_run("t-slow", Batch.stack([1]))))
    t.start()
    time.sleep(0.05)
    with pytest.raises(TimeoutError, match="no reply from the serving 't-slow' within 0.05 s"):
        Serving.batched_run("t-slow", Batch.stack([2]), timeout=0.05)
    gate.set()
    t.join(10)
    assert nx.to_list(res["a"]) == [2]
    assert nx.to_list(Serving.batched_run("t-slow", Batch.stack([3]), timeout=10)) == [6]


def test_shutdown_drains_or_rejects():
    gate = threading.Event()

    def slow(batch):
        gate.wait(10)
        return batch._materialize() + 1
    for drain in (True, False):
        gate.clear()
        name = f"t-shut-{drain}"
        srv = Serving.start_link(serving=Serving.new(lambda opts: slow), name=name,
                                 batch_size=1, batch_timeout=10_000)
        res = {}

        def call(i):
            try:
                res[i] = nx.to_list(Serving.batched_run(name, Batch.stack([i])))
            except Exception as e:  # noqa: BLE001
                res[i] = e
        ts = [threading.Thread(target=call, args=(i,)) for i in range(3)]
        for t in ts:
            t.start()
            time.sleep(0.05)     # the first runs (blocked on the gate), the others queue
        threading.Timer(0.2, gate.set).start()
        rejected = srv.shutdown(drain=drain, timeout=10)
        [t.join(10) for t in ts]
        assert res[0] == [1]
        if drain:
            assert rejected == 0 and res[1] == [2] and res[2] == [3]
        else:
            assert rejected == 2
            assert all(isinstance(res[i], Serving.ShutdownError) for i in (1, 2))
        with pytest.raises(Serving.NotFoundError):
            Serving.batched_run(("local", name), Batch.stack([1]))
        assert srv.stopped
        with pytest.raises(Serving.ShutdownError, match="shutting down"):
            srv.submit(None, 0, Batch.stack([1]))


# --- streaming, telemetry, partitions -----------------------------------------------------

def test_server_streaming(server):
    @nx.defn(compiler="evaluator")
    def f(x):
        return Serving.hook(x * 10, "tens") + 1
    server(Serving.jit(f).streaming(hooks=["tens"]), "t-hooks", batch_size=4, batch_timeout=20)
    out = {}

    def call(i):
        out[i] = [(e[0], nx.to_list(e[1])) for e in Serving.batched_run("t-hooks",
                                                                         Batch.stack([i, -i]))]
    ts = [threading.Thread(target=call, args=(i,)) for i in (1, 2)]
    [t.start() for t in ts]
    [t.join(30) for t in ts]
    for i in (1, 2):
        assert out[i] == [("tens", [10 * i, -10 * i]), ("batch", [10 * i + 1, -10 * i + 1])]
    with pytest.raises(ValueError, match="cannot exceed the serving batch size of 4"):
        Serving.batched_run("t-hooks", Batch.stack([1, 2, 3, 4, 5]))
    # batches streamed as they run, from an input stream (flow-controlled)
    server(Serving.jit(ev_double_plus_one).streaming(), "t-stream", batch_size=2,
           batch_timeout=10)
    events = Serving.batched_run("t-stream", (Batch.stack([i, i + 1]) for i in (0, 2, 4)))
    assert [nx.to_list(e[1]) for e in events] == [[1, 3], [5, 7], [9, 11]]


def test_telemetry_events_and_logging(server, caplog):
    got = []
    hid = Serving.attach_handler(lambda ev, meas, md: got.append((ev, meas)))
    try:
        serving = (Serving.jit(ev_double_plus_one)
                   .client_preprocessing(lambda x: (Batch.stack(x), None))
                   .client_postprocessing(lambda pair, info: pair[0]))
        server(serving, "t-tel", batch_size=2, batch_timeout=5)
        with caplog.at_level(logging.DEBUG, logger="nx.serving"):
            assert nx.to_list(Serving.batched_run("t-tel", [1, 2])) == [3, 5]
    finally:
        assert Serving.detach_handler(hid)
    names = [ev[2:] for ev, _ in got]
    for stage in ("preprocessing", "execute", "postprocessing"):
        assert (stage, "start") in names and (stage, "stop") in names
    assert all(m["duration"] >= 0 for ev, m in got if ev[3] == "stop")
    assert "nx.serving.execute stop duration=" in caplog.text


def test_partitions_evaluator_max_concurrency(server):
    gate, names = threading.Barrier(2, timeout=10), set()

    def build(opts):
        def run(batch):
            gate.wait()                    # both partitions run at the same time
            names.add(threading.current_thread().name)
            return batch._materialize() * 3
        return run
    srv = server(Serving.new(build, compiler="evaluator", max_concurrency=2), "t-parts",
                 batch_size=1, batch_timeout=0, partitions=True)
    assert srv.partitions == 2
    res = {}
    ts = [threading.Thread(target=lambda i=i: res.setdefault(
        i, Serving.batched_run("t-parts", Batch.stack([i])))) for i in range(2)]
    [t.start() for t in ts]
    [t.join(20) for t in ts]
    assert [nx.to_list(res[i]) for i in range(2)] == [[0], [3]] and len(names) == 2


PARTITIONS_SCRIPT = textwrap.dedent("""
    import threading
    import nx
    from nx.runtime import pjrt
    assert len(pjrt.client("cpu").local_devices()) == 2
    @nx.defn
    def f(x):
        return x * 2
    devices = set()
    def build(opts):
        j = nx.jit(f, **opts)
        def run(x):
            out = j(x)
            devices.add(next(iter(out.data.devices())).id)
            return out
        return run
    # nx.Serving.jit places each partition's program on its device
    s = nx.Serving.start_link(serving=nx.Serving.jit(f), name="p", batch_size=1,
                              batch_timeout=0, partitions=True)
    assert s.partitions == 2, s.partitions
    fn = s.state[1]
    out = fn(nx.tensor([[1, 2]]))
    assert next(iter(out.data.devices())).id == 1 and nx.to_list(out) == [[2, 4]]
    res = {}
    ts = [threading.Thread(target=lambda i=i: res.setdefault(
        i, nx.Serving.batched_run("p", nx.Batch.stack([nx.tensor([i, i])])))) for i in range(8)]
    [t.start() for t in ts]; [t.join(30) for t in ts]
    assert [nx.to_list(res[i]) for i in range(8)] == [[[2 * i, 2 * i]] for i in range(8)]
    s.shutdown()
    print("OK")
""")


def test_partitions_one_worker_per_pjrt_device():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2")
    r = subprocess.run([sys.executable, "-c", PARTITIONS_SCRIPT], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip().endswith("OK"), r.stdout + r.stderr


# --- distribution through Ray -------------------------------------------------------------

RAY_SCRIPT = textwrap.dedent("""
    import threading
    import ray
    import nx
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        @nx.defn
        def f(x):
            return x * 2 + 1
        serving = (nx.Serving.jit(f)
                   .client_preprocessing(lambda xs: (nx.Batch.stack(xs), len(xs)))
                   .client_postprocessing(lambda pair, n: (nx.to_list(pair[0]), n)))
        remote = nx.Serving.start_link(serving=serving, name="dist", batch_size=4,
                                       batch_timeout=10, ray=True, distribution_weight=2)
        assert remote.partitions == 1
        # no local serving named "dist": batched_run finds the one in the Ray cluster
        assert nx.Serving.whereis("dist") is None
        res = {}
        ts = [threading.Thread(target=lambda i=i: res.setdefault(
            i, nx.Serving.batched_run("dist", [nx.tensor(i), nx.tensor(-i)])))
            for i in range(6)]
        [t.start() for t in ts]; [t.join(60) for t in ts]
        assert all(res[i] == ([2 * i + 1, -2 * i + 1], 2) for i in range(6)), res
        # a local serving of the same name is used first; ("distributed", name) forces Ray
        local = nx.Serving.start_link(serving=serving.client_postprocessing(
            lambda pair, n: "local"), name="dist")
        assert nx.Serving.batched_run("dist", [nx.tensor(1)]) == "local"
        assert nx.Serving.batched_run(("distributed", "dist"), [nx.tensor(1)]) == ([3], 1)
        local.shutdown()
        remote.shutdown()
        try:
            nx.Serving.batched_run("dist", [nx.tensor(1)])
            raise AssertionError("expected NotFoundError")
        except nx.Serving.NotFoundError:
            pass
        print("OK")
    finally:
        ray.shutdown()
""")


@pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                    reason="Ray is not installed (pip install 'nxc[distributed]')")
def test_ray_distribution_two_processes():
    r = subprocess.run([sys.executable, "-c", RAY_SCRIPT], capture_output=True, text=True,
                       timeout=240, env=dict(os.environ, RAY_USAGE_STATS_ENABLED="0"))
    assert r.returncode == 0 and r.stdout.strip().endswith("OK"), \
        r.stdout[-3000:] + r.stderr[-5000:]


# --- process options, requests after shutdown, Serving.jit of a defn ----------------------------

@pytest.mark.parametrize("opts, err, match", [
    ({"batch_size": 0}, ValueError, r"batch_size must be a positive integer .*got 0"),
    ({"batch_size": -2}, ValueError, r"batch_size must be a positive integer .*got -2"),
    ({"batch_size": 2.0}, ValueError, r"batch_size must be a positive integer .*got 2.0"),
    ({"batch_size": True}, ValueError, r"batch_size must be a positive integer .*got True"),
    ({"batch_timeout": -1}, ValueError, r"batch_timeout must be a non-negative, finite number "
                                        r"of milliseconds, got -1"),
    ({"batch_timeout": float("nan")}, ValueError, r"batch_timeout .* got nan"),
    ({"batch_timeout": "100"}, ValueError, r"batch_timeout .* got '100'"),
    ({"partitions": 2}, TypeError, r"partitions must be True or False, got 2"),
    ({"batch_keys": "double"}, TypeError, r"batch_keys must be a list of batch keys, got "
                                          r"'double' \(use \['double'\] for one key\)"),
    ({"batch_keys": []}, ValueError, r"batch_keys must not be empty"),
    ({"batch_keys": [["a"]]}, TypeError, r"batch keys must be hashable, got \['a'\]"),
    ({"shutdown": -5}, ValueError, r"shutdown must be a non-negative, finite number of "
                                   r"milliseconds"),
    ({"distribution_weight": 0}, ValueError, r"distribution_weight must be a positive integer, "
                                             r"got 0"),
])
def test_start_link_rejects_bad_process_options(opts, err, match):
    serving = Serving.new(lambda opts: ev_double_plus_one)
    name = "t-bad-opts"
    with pytest.raises(err, match=r"nx.Serving.start_link: (the option )?" + match):
        Serving.start_link(serving=serving, name=name, **opts)
    assert Serving.whereis(name) is None         # nothing was started, the name is free
    # the same checks when the options are set on the serving, named after the setter
    with pytest.raises(err, match=r"nx.Serving.process_options: "):
        serving.process_options(**opts)


def test_start_link_batch_size_zero_is_not_taken_as_one():
    # `batch_size=0` used to be read as "not given" and silently became 1
    serving = Serving.new(lambda opts: ev_double_plus_one)
    with pytest.raises(ValueError, match=r"nx.Serving.start_link: the option batch_size must be "
                                         r"a positive integer"):
        Serving.start_link(serving=serving, name="t-bs0", batch_size=0)
    with pytest.raises(ValueError, match=r"nx.Serving.start_link: the option batch_size"):
        Serving.start_link(serving=serving.process_options(batch_timeout=5), name="t-bs0",
                           batch_size=0)
    # NumPy integers are integers, as in nx.Serving.batch_size
    srv = Serving.start_link(serving=serving, name="t-bs0", batch_size=np.int64(3),
                             batch_timeout=1)
    try:
        assert srv.limit == 3 and type(srv.limit) is int
        assert nx.to_list(Serving.batched_run("t-bs0", Batch.stack([1, 2]))) == [3, 5]
    finally:
        srv.shutdown()


def test_requests_after_shutdown_are_not_found_and_say_it_was_shut_down():
    # As in Nx (the serving process is gone: exit :noproc), a request to a serving that was
    # shut down gets the error of a name that is not running, NotFoundError; its message
    # says the serving was shut down. ShutdownError is for the requests the serving had
    # received and could not run.
    name = "t-after-shutdown"
    serving = Serving.new(lambda opts: ev_double_plus_one)
    srv = Serving.start_link(serving=serving, name=name, batch_timeout=1)
    assert nx.to_list(Serving.batched_run(name, Batch.stack([1]))) == [3]
    srv.shutdown()
    for call in (lambda: Serving.batched_run(name, Batch.stack([1])),
                 lambda: Serving.batched_run(("local", name), Batch.stack([1])),
                 lambda: asyncio.run(Serving.abatched_run(name, Batch.stack([1])))):
        with pytest.raises(Serving.NotFoundError, match=rf"could not find an nx.Serving named "
                                                        rf"'{name}': it was shut down"):
            call()
    with pytest.raises(Serving.NotFoundError, match=r"nx.Serving.shutdown: .* it was shut down"):
        Serving.shutdown(name)
    # the name is free again; once restarted it serves, and a name never started says so
    srv = Serving.start_link(serving=serving, name=name, batch_timeout=1)
    try:
        assert nx.to_list(Serving.batched_run(name, Batch.stack([2]))) == [5]
    finally:
        srv.shutdown()
    with pytest.raises(Serving.NotFoundError) as e:
        Serving.batched_run("t-never-started", Batch.stack([1]))
    assert "shut down" not in str(e.value) and "Make sure it is running" in str(e.value)


@pytest.fixture
def evaluator_runs(monkeypatch):
    """Counts the programs run by the evaluator (compiler="evaluator")."""
    import nx.runtime.evaluator as ev
    calls = []
    orig = ev.evaluate

    def spy(*a, **k):
        calls.append(1)
        return orig(*a, **k)
    monkeypatch.setattr(ev, "evaluate", spy)
    return calls


def test_serving_jit_of_a_defn_honours_compiler_and_passes(server, evaluator_runs):
    ran = []

    def record(module):
        ran.append(module)
        return module

    @nx.defn
    def triple(x):
        return x * 3

    b = Batch.stack([nx.tensor([1.0, 2.0])])
    serving = Serving.jit(triple, compiler="evaluator", passes=["default", record])
    assert nx.to_list(serving.run(b)) == [[3.0, 6.0]]
    assert ran, "the passes given to nx.Serving.jit did not run"
    assert evaluator_runs, "nx.Serving.jit(defn, compiler='evaluator') did not use the evaluator"
    # in a server too, with the evaluator's partitions
    ran.clear(), evaluator_runs.clear()
    server(serving, "t-jit-opts", batch_timeout=1, partitions=True)
    assert nx.to_list(Serving.batched_run("t-jit-opts", b)) == [[3.0, 6.0]]
    assert ran and evaluator_runs
    # the defn's own options are kept when not given to Serving.jit; given ones override
    ran.clear(), evaluator_runs.clear()
    ev_triple = nx.defn(compiler="evaluator")(lambda x: x * 3)
    assert nx.to_list(Serving.jit(ev_triple, passes=["default", record]).run(b)) == [[3.0, 6.0]]
    assert ran and evaluator_runs
    evaluator_runs.clear()
    assert nx.to_list(Serving.jit(ev_triple, compiler="xla").run(b)) == [[3.0, 6.0]]
    assert not evaluator_runs
    # and so does an nx.jit of a defn given to it
    assert nx.to_list(Serving.jit(nx.jit(triple, compiler="evaluator")).run(b)) == [[3.0, 6.0]]
    assert evaluator_runs
