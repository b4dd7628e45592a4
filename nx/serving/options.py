"""The options of a serving: the process options of `nx.Serving.start_link` /
`process_options` (validated, defaults filled in) and the defn options."""
from __future__ import annotations

import numpy as np

PROCESS_KEYS = ("batch_size", "batch_timeout", "batch_keys", "partitions", "shutdown",
                 "distribution_weight")


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_real(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and \
        not isinstance(v, (bool, np.bool_)) and v == v   # (not NaN)


def checked_process_options(serving, opts, fun):
    """The validated process options of `start_link` (defaults filled in); `serving` None
    checks only the options given (for `process_options`)."""
    out = {}
    bs = opts.get("batch_size")
    if bs is not None and (not _is_int(bs) or bs <= 0):
        raise ValueError(f"{fun}: the option batch_size must be a positive integer (the most "
                         f"entries a batch holds), got {bs!r}")
    if serving is not None:
        sbs = serving._batch_size
        if sbs is not None and bs is not None and sbs != bs:
            raise ValueError(f"{fun}: the batch size set via nx.Serving.batch_size ({sbs}) does "
                             f"not match the batch size given to the serving process ({bs})")
        out["batch_size"] = int(sbs if sbs is not None else bs if bs is not None else 1)
    timeout = opts.get("batch_timeout", 100)
    if not _is_real(timeout) or timeout < 0 or timeout == float("inf"):
        raise ValueError(f"{fun}: the option batch_timeout must be a non-negative, finite number "
                         f"of milliseconds, got {timeout!r}")
    out["batch_timeout"] = timeout
    weight = opts.get("distribution_weight", 1)
    if not _is_int(weight) or weight < 1:
        raise ValueError(f"{fun}: the option distribution_weight must be a positive integer, "
                         f"got {weight!r}")
    out["distribution_weight"] = int(weight)
    partitions = opts.get("partitions", False)
    if not isinstance(partitions, bool):
        raise TypeError(f"{fun}: the option partitions must be True or False, got "
                        f"{partitions!r}")
    out["partitions"] = partitions
    keys = opts.get("batch_keys", ["default"])
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple, set, frozenset)):
        raise TypeError(f"{fun}: the option batch_keys must be a list of batch keys, got "
                        f"{keys!r:.80}" + (f" (use [{keys!r}] for one key)"
                                           if isinstance(keys, (str, bytes)) else ""))
    keys = list(keys)
    if not keys:
        raise ValueError(f"{fun}: the option batch_keys must not be empty")
    for k in keys:
        try:
            hash(k)
        except TypeError:
            raise TypeError(f"{fun}: batch keys must be hashable, got {k!r:.80} in the option "
                            f"batch_keys") from None
    out["batch_keys"] = keys
    shutdown = opts.get("shutdown", 30_000)
    if not _is_real(shutdown) or shutdown < 0 or shutdown == float("inf"):
        raise ValueError(f"{fun}: the option shutdown must be a non-negative, finite number of "
                         f"milliseconds (how long shutdown waits for running batches), got "
                         f"{shutdown!r}")
    out["shutdown"] = shutdown
    return out


def checked_defn_options(opts):
    compiler = opts.get("compiler")
    if compiler is not None and compiler not in ("xla", "evaluator"):
        raise ValueError(f"nx.Serving: unknown compiler {compiler!r}, expected 'xla' or "
                         f"'evaluator'")
    return opts
