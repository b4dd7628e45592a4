"""Calling the serving's own code, with the checks of what it returns: the serving module's
`init` / `handle_batch` (and the function `handle_batch` returns), the client pre- and
postprocessing, and the batches of an input stream (split to the batch size)."""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from .batch import Batch
from .telemetry import span


def module_name(module):
    return getattr(module, "name", None) or getattr(module, "__name__", None) or \
        type(module).__name__


def handle_init(module, type_, arg, partitions):
    res = module.init(type_, arg, partitions)
    if not (isinstance(res, tuple) and len(res) == 2 and res[0] == "ok"):
        raise TypeError(f"{module_name(module)}.init must return ('ok', state), got {res!r:.200}")
    return res[1]


def handle_batch(module, batch, partition, state):
    res = module.handle_batch(batch, partition, state)
    if not (isinstance(res, tuple) and len(res) == 3 and res[0] == "execute" and callable(res[1])):
        raise TypeError(f"{module_name(module)}.handle_batch must return ('execute', function, "
                        f"state) where function takes no arguments and returns "
                        f"(output, metadata), got {res!r:.200}")
    return res[1], res[2]


def handle_executed(module, result):
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(f"the function returned by {module_name(module)}.handle_batch must "
                        f"return (output, metadata), got {type(result).__name__}")
    return result


def preprocess(pre, input, fun):
    if pre is None:
        return _validate_batch_or_stream(input, fun, None), "client_info"
    with span("preprocessing", {"input": input}) as meta:
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


def postprocess(post, result, info):
    if post is None:
        return result if not isinstance(result, tuple) else result[0]
    with span("postprocessing", {"info": info}):
        return post(result, info)


def checked_batches(stream, limit, fun):
    for b in stream:
        if not isinstance(b, Batch) or (limit is not None and b.size > limit):
            raise TypeError(f"{fun}: client_preprocessing must return an iterable of nx.Batch"
                            + (f" of maximum size {limit}" if limit is not None else "")
                            + f", got {b!r:.100}")
        if b.size:
            yield b


def split_batch(batch, limit):
    while limit is not None and batch.size > limit:
        left, batch = Batch.split(batch, limit)
        yield left
    yield batch
