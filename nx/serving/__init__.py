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

The package, one job a module: `api` (the `nx.Serving` class: construction, configuration,
`run`, `start_link`, `batched_run`), `batch` (`nx.Batch`), `server` (the batching server and
the registry of local servings), `request` (what a caller waits on: sliced outputs, streamed
events, hooks), `callbacks` (calling the serving module and the client pre- and
postprocessing, with their checks), `placement` (the function serving and its partitions on
PJRT devices), `options` (process and defn options), `telemetry` (handlers and logging),
`distributed` (Ray) and `errors`. The public classes are re-exported here and report
`nx.serving` as their module, so that their documentation and doctests live under
`nx.serving` as before the split.
"""
from __future__ import annotations

from .api import Serving
from .batch import Batch

# re-exported as nx.serving.RemoteServer, nx.serving.Server and the errors (not in __all__, so
# that `from nx.serving import *` in nx/__init__.py adds only Serving and Batch to nx)
from .distributed import RemoteServer  # noqa: F401
from .errors import (  # noqa: F401
    ExecutionError,
    NotFoundError,
    ServingError,
    ShutdownError,
    WorkerCrashedError,
)
from .server import Server  # noqa: F401

__all__ = ["Serving", "Batch"]



