"""Telemetry of nx.Serving: a registry of callbacks (`nx.Serving.attach_handler`) plus logging.

The events are `("nx", "serving", "preprocessing" | "execute" | "postprocessing",
"start" | "stop" | "exception")`, with durations in seconds; they are also logged at DEBUG level
on the `nx.serving` logger, which the rest of the package logs its errors to.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time

logger = logging.getLogger("nx.serving")


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
                logger.exception("nx.Serving: telemetry handler %r raised and was detached", fun)
                with _handlers_lock:
                    _handlers.pop(hid, None)
    if logger.isEnabledFor(logging.DEBUG):
        if event[3] == "start":
            logger.debug("%s start", ".".join(event[:3]))
        else:
            logger.debug("%s %s duration=%.6fs %s", ".".join(event[:3]), event[3],
                       measurements.get("duration", 0.0),
                       {k: v for k, v in metadata.items() if k in ("partition", "batch_size",
                                                                    "batch_key", "name")})


class span:
    """Emits `start`, then `stop` (with the duration) or `exception` around a block."""

    __slots__ = ("event", "metadata", "t0")

    def __init__(self, name, metadata):
        self.event = ("nx", "serving", name)
        self.metadata = metadata

    def __enter__(self):
        self.t0 = time.perf_counter()
        if _handlers or logger.isEnabledFor(logging.DEBUG):
            _emit(self.event + ("start",), {"system_time": time.time()}, self.metadata)
        return self.metadata

    def __exit__(self, et, e, tb):
        if _handlers or logger.isEnabledFor(logging.DEBUG):
            d = time.perf_counter() - self.t0
            if et is None:
                _emit(self.event + ("stop",), {"duration": d}, self.metadata)
            else:
                _emit(self.event + ("exception",), {"duration": d},
                      {**self.metadata, "kind": et.__name__, "reason": e})
        return False


def attach(fun, events):
    """`nx.Serving.attach_handler`: registers `fun` for `events` (None: all); returns its id."""
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


def detach(handler_id):
    """`nx.Serving.detach_handler`: whether the handler `handler_id` was there."""
    with _handlers_lock:
        return _handlers.pop(handler_id, None) is not None
