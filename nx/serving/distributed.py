"""Distribution through Ray: a serving started with `start_link(..., ray=True)` runs in a Ray
actor (`RemoteServer`), registered by name in a registry actor; `batched_run` reaches the
servings of that name in the cluster, weighted by partitions and `distribution_weight`.
Results cross processes as host (numpy) tensors."""
from __future__ import annotations

import copyreg
import importlib
import random as _random
import time

import numpy as np

from ..containers import flatten, unflatten
from ..tensor import Tensor, from_array
from .errors import NotFoundError
from .server import not_found


def to_host(x):
    """Tensors of `x` (any container) as host (numpy backend) tensors, for crossing processes."""
    leaves, tree = flatten(x)
    if not any(isinstance(t, Tensor) for t in leaves):
        return x
    out = [from_array(np.asarray(t.to_numpy()), t.type, names=t.names, backend="numpy",
                      vectorized_axes=t.vectorized_axes) if isinstance(t, Tensor) else t
           for t in leaves]
    return unflatten(tree, out)


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
    from ..defn import jit
    return jit(fun, compiler=compiler, passes=passes, debug=debug)


def _reduce_jit(j):
    # jitted functions hold caches and locks: they travel to other processes as their source
    # function and options, and are compiled again there
    return _rebuild_jit, (j.__wrapped__, j.compiler, j.passes, j.debug)


def _register_pickling():
    from ..defn import Jit
    copyreg.pickle(Jit, _reduce_jit)


class _Host:
    """The Ray actor hosting one serving (created through `ray.remote`)."""

    def __init__(self, serving, name, opts):
        importlib.import_module("nx")   # registers the ops in the actor process
        from .api import Serving
        _register_pickling()
        self.name = name
        self.server = Serving.start_link(serving=serving, name=name, **opts)

    def partitions(self):
        return self.server.partitions

    def run(self, input):
        from .api import Serving
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


def ray_start(serving, name, opts, ray_options):
    ray = _ray()
    if ray is None:
        raise ImportError("nx.Serving.start_link(ray=True) needs Ray: "
                          "pip install 'nxc[distributed]'")
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
    if h is not None and \
            _ray_cache.get("registry_session") == id(ray.worker.global_worker.core_worker):
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


def remote_run(name, input, distributed_preprocessing, timeout):
    ray = _ray()
    if ray is None or not ray.is_initialized():
        raise NotFoundError(not_found(name))
    _register_pickling()
    payload = (distributed_preprocessing or to_host)(input)
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
    raise NotFoundError(not_found(name) + " (looked locally and in the Ray cluster)")
