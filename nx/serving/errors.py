"""The errors a serving reports to its callers (`nx.Serving.Error` and its subclasses, and
`nx.Serving.NotFoundError`)."""
from __future__ import annotations


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
