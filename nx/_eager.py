"""Composite functions called eagerly run as one compiled program per signature.

Nx defines `Nx.Random.*`, most of `Nx.LinAlg.*` and other composites with `defn`: called
outside a defn, such a function is compiled once per signature and cached, so an eager call
costs one cached call of one program, not one dispatch per op. `@eager_compiled(...)` gives an
nx function the same behaviour:

- Inside a trace (a `defn`/`nx.jit` being traced, `nx.grad`, ...) the function runs as is: its
  ops are recorded into the surrounding program.
- Outside, the call is keyed by the function, its static arguments (by value) and the
  signatures of its tensor arguments (shape, type, names, vectorized axes); the first call of
  a key traces the function into one program (`nx.jit`) and compiles it; every later call with
  that key runs the cached executable. Entries live in one bounded LRU cache (`CACHE`, 512
  programs; `clear_eager_cache()` empties it).
- Where the results live: on the "xla" backend when any tensor argument is there (the program
  runs through PJRT, results stay device buffers); otherwise (host tensors, the "numpy"
  backend) the program runs on the CPU through PJRT and its results come back as host NumPy
  arrays, so the results' backend is still "numpy" (the inputs decide, as for an op; with no
  tensor argument at all, the default backend does). A host argument is transferred once (the
  buffer is kept on the tensor); a host result keeps the buffer it came from, so passing it to
  the next call (a key, say) transfers nothing. With `nx.default_defn_options(compiler=
  "evaluator")` host calls run the evaluator (the NumPy kernels) instead.
- Numbers: a host program is traced with `host_semantics()` true, and the library builds it so
  that it gives the numpy backend's numbers (decompositions in double precision, rounded once,
  as the NumPy kernels compute them; products rounded before a sum where XLA would fuse an
  FMA): compiling an eager call changes its speed, not its results. A device program is what
  `nx.jit` of the function compiles, bit for bit.

Arguments:

- A `Tensor` is always an operand of the program, wherever it is passed.
- A parameter named in `static` is a compile-time option (a shape, an axis, a type, `eps`, a
  flag...): its value is part of the key (compared by type and value: `1`, `1.0` and `True` are
  three keys; a float by its repr, so `-0.0` and NaN work).
- Any other parameter is a tensor parameter: `None` is kept as is (static), and a number, a
  list, a tuple or a NumPy array is made a tensor with `nx.tensor` first (what the functions
  themselves do with them), so different numbers do not compile different programs. (A
  parameter whose Python numbers are weak, adapting to another operand's type, must be
  static or have a `prepare`.)
- `prepare(**arguments)`, when given, replaces that default: it runs eagerly on every call
  with every parameter by name (defaults filled in), validates them (so bad input raises the
  function's own error before anything is traced or compiled, including checks of values,
  which a trace cannot make) and returns every parameter by name, normalized: numbers made
  into the tensors the function would make of them (of the type it would give them: a Python
  bound into a tensor of the sample's type), types parsed. Calling the function with the
  normalized arguments must do what calling it with the original ones does.

Bad input: a call that does not bind to the signature, an argument that cannot be converted,
an unhashable static value or a tensor hidden in a static container makes the call run as is
(op by op), so its errors and results are exactly the function's own. An error raised while
the program is traced (the function's own checks, made on the signature) propagates unchanged,
before XLA compiles anything, and caches nothing.
"""
from __future__ import annotations

import collections
import functools
import inspect
import numbers
import threading

import numpy as np

from nx.compiler import trace as _trace
from nx.runtime.caches import LRUCache

from .tensor import Tensor

__all__ = ["eager_compiled", "clear_eager_cache", "host_semantics", "rounded", "CACHE",
           "EagerCache"]

_OPEN = _trace.OPEN
_current = _trace.current


class EagerCache(LRUCache):
    """The programs of eager composite calls: the library's bounded LRU cache (least recently
    used entries are dropped first) of `key -> program`, with the counters tests and
    benchmarks read (`compiles`: programs built, `hits`, `evictions`, per function)."""

    __slots__ = ("compiles", "by_function")

    def __init__(self, maxsize=512):
        super().__init__("eager composite programs", maxsize)
        self.compiles = 0
        self.by_function = collections.Counter()   # qualified name -> programs built

    def put(self, key, value, name):
        self[key] = value
        self.compiles += 1
        self.by_function[name] += 1

    def resize(self, maxsize):
        """Sets the bound (dropping the oldest entries if needed); returns the previous one."""
        prev, self.maxsize = self.maxsize, int(maxsize)
        with self._lock:
            while len(self._d) > self.maxsize:
                self._d.popitem(last=False)
                self.evictions += 1
        return prev

    def entries(self, fun=None):
        """How many programs are cached (for `fun`, an `@eager_compiled` function, if given)."""
        if fun is None:
            return len(self)
        token = getattr(fun, "__nx_eager__", fun)
        return sum(1 for k in self.keys() if k[0] is token)

    def stats(self):
        return {"entries": len(self), "maxsize": self.maxsize, "hits": self.hits,
                "compiles": self.compiles, "evictions": self.evictions}


CACHE = EagerCache(512)


def clear_eager_cache():
    """Empties the cache of compiled programs of eager composite calls (`nx.random`,
    `nx.linalg`, ...); the next call of each signature compiles again (or loads from the disk
    cache). `nx.clear_caches()` empties it too.

        >>> nx._eager.clear_eager_cache()
        >>> _ = nx.random.split(nx.random.key(1))
        >>> nx._eager.CACHE.entries(nx.random.split)
        1
    """
    CACHE.clear()



# --- static values in the key -----------------------------------------------------------------

class _Dynamic(Exception):
    """A static value that cannot be a key (unhashable, or holding a tensor or an array)."""


def _freeze(v):
    t = type(v)
    if t is int or t is bool or t is str or v is None:
        return (t, v)
    if t is float or t is complex:
        return (t, repr(v))
    if t is tuple or t is list:
        return (t,) + tuple([_freeze(x) for x in v])
    if t is dict:
        return (t,) + tuple(sorted(((repr(k), _freeze(x)) for k, x in v.items())))
    if isinstance(v, (Tensor, np.ndarray)):
        raise _Dynamic
    if isinstance(v, np.generic):
        return (t, repr(v))
    try:
        hash(v)
    except TypeError:
        raise _Dynamic from None
    return (t, v)


def _convertible(v):
    return isinstance(v, (numbers.Number, np.generic, list, tuple, np.ndarray))


# --- running a program --------------------------------------------------------------------------

_local = threading.local()


def host_semantics():
    """True while the program of an eager call on host tensors is being traced: library code
    then builds what gives the numpy backend's values (its linear-algebra kernels compute in
    double precision and round once; see nx/linalg.py), so that compiling a call changes its
    speed, not its numbers."""
    return getattr(_local, "host", False)


def rounded(x):
    """`x`, as the numpy backend has it: rounded to its type. XLA on CPU contracts a multiply
    and an add into one FMA (one rounding where the NumPy kernels round twice) and moves
    scalar factors across multiplications (`s * (c * x)` as `(s * c) * x`). In a host program
    (`host_semantics()`), `x` passes through a select that XLA and LLVM cannot see through
    (`x != x` only for NaN, which it keeps), so what follows starts from the rounded `x`;
    elsewhere (`nx.jit`, the xla backend) `x` as is. Library code wraps a product with it
    where the numpy backend's numbers must not change (nx/random.py: `_mul_add`)."""
    if getattr(_local, "host", False) and x.type[0] in ("f", "bf"):
        from .ops import not_equal, select
        return select(not_equal(x, x), x + x, x)
    return x


class _Program:
    """`fun` with its static arguments bound: `program(*operands)` calls
    `fun(**statics, **dict(zip(operand_names, operands)))` (with `host_semantics()` true for
    a host program). Not a plain function, so `nx.jit` does not rewrite it (the library
    functions have no Python control flow over tensors)."""

    __slots__ = ("fun", "statics", "names", "host", "__name__", "__qualname__")

    def __init__(self, fun, statics, names, host):
        self.fun = fun
        self.statics = statics
        self.names = names
        self.host = host
        self.__name__ = fun.__name__
        self.__qualname__ = fun.__qualname__

    def __call__(self, *operands):
        kw = dict(self.statics)
        kw.update(zip(self.names, operands))
        prev = getattr(_local, "host", False)
        _local.host = self.host
        try:
            return self.fun(**kw)
        finally:
            _local.host = prev


def _on_device(t):
    """`t` as an "xla" tensor: its kept device buffer, or one made now (and kept)."""
    b = t._dev
    if b is None:
        from nx.runtime import pjrt
        b = t._dev = pjrt.to_device(t.data)
    return Tensor(b, t.shape, t.type, t.names, t.vectorized_axes)


def _host(t):
    """A program result as a host ("numpy") tensor, keeping the device buffer it came from."""
    d = t.data
    if type(d) is np.ndarray:
        return t
    h = Tensor(np.asarray(d), t.shape, t.type, t.names, t.vectorized_axes)
    h._dev = d
    return h


def _to_host(x):
    if type(x) is Tensor:
        return _host(x)
    if type(x) is tuple:
        return tuple([_to_host(y) for y in x])
    if type(x) is list:
        return [_to_host(y) for y in x]
    from .containers import flatten, unflatten
    leaves, tree = flatten(x)
    return unflatten(tree, [_host(y) if isinstance(y, Tensor) else y for y in leaves])


_defn_defaults = []


def _compiler():
    """The default defn compiler ("xla" unless `nx.default_defn_options(compiler=...)`)."""
    if not _defn_defaults:
        import sys
        _defn_defaults.append(getattr(sys.modules.get("nx.defn"), "DEFAULTS", None) or {})
    return "evaluator" if _defn_defaults[0].get("compiler") == "evaluator" else "xla"


# modes: where the operands live and how the program runs
_XLA = "xla"                     # device operands: PJRT, device results
_HOST_XLA = "numpy"              # host operands: PJRT on the CPU, host results
_HOST_EVAL = "numpy-evaluator"   # host operands, default compiler "evaluator": NumPy kernels


def _mode(operands):
    """The mode for these operands, or None when one cannot be run (a traced tensor that
    escaped its defn, a deallocated one: the function raises the error)."""
    host = True
    for t in operands:
        d = t.data
        if type(d) is not np.ndarray:
            if t.backend != "xla":
                return None
            host = False
    if not operands:
        from .tensor import DEFAULT_BACKEND
        host = DEFAULT_BACKEND[0] != "xla"
    if not host:
        return _XLA
    return _HOST_EVAL if _compiler() == "evaluator" else _HOST_XLA


def _run(j, operands, mode):
    if mode is _HOST_EVAL:
        return j(*operands)
    args = [t if type(t.data) is not np.ndarray else _on_device(t) for t in operands]
    out = j(*args)
    return _to_host(out) if mode is _HOST_XLA else out


# --- the decorator ------------------------------------------------------------------------------

def eager_compiled(static=(), prepare=None, host=None):
    """Makes `fun` run, outside a trace, as one compiled program per signature (see the module
    docstring). `static`: the names of the parameters that are compile-time options;
    `prepare`: an optional function of every parameter by name that validates them and
    returns them, normalized, by name. `host="evaluator"`: host operands run the program on the
    evaluator (the numpy backend's own kernels, so results are bit for bit the op-by-op ones)
    rather than through XLA on the CPU."""
    if host not in (None, "evaluator"):
        raise ValueError(f"eager_compiled: host must be None or 'evaluator', got {host!r}")
    host_eval = host == "evaluator"
    if isinstance(static, str):
        static = (static,)
    static = frozenset(static)

    def decorate(fun):
        sig = inspect.signature(fun)
        params = list(sig.parameters.values())
        for p in params:
            if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                raise TypeError(f"eager_compiled: {fun.__qualname__} has parameter {p.name} "
                                f"of kind {p.kind.description}; only named parameters are "
                                f"supported")
        unknown = static - {p.name for p in params}
        if unknown:
            raise TypeError(f"eager_compiled: {fun.__qualname__} has no parameter(s) "
                            f"{sorted(unknown)}")
        names = tuple(p.name for p in params)
        npos = sum(1 for p in params if p.kind is p.POSITIONAL_OR_KEYWORD)
        defaults = tuple((p.name, p.default) for p in params if p.default is not p.empty)
        nameset = frozenset(names)
        layout = tuple((n, n in static) for n in names)
        qualname = f"{fun.__module__}.{fun.__qualname__}"

        def bind(args, kwargs):
            if len(args) > npos:
                return None
            bound = dict(zip(names, args))
            for k, v in kwargs.items():
                if k not in nameset or k in bound:
                    return None
                bound[k] = v
            for k, d in defaults:
                if k not in bound:
                    bound[k] = d
            return bound if len(bound) == len(names) else None

        @functools.wraps(fun)
        def wrapper(*args, **kwargs):
            if _OPEN[0] and _current() is not None:
                return fun(*args, **kwargs)
            bound = bind(args, kwargs)
            if bound is None:
                return fun(*args, **kwargs)   # a bad call: Python's own error
            if prepare is not None:
                bound = prepare(**bound)
            operands, opnames, parts = [], [], []
            try:
                for name, is_static in layout:
                    v = bound[name]
                    if isinstance(v, Tensor):
                        operands.append(v)
                        opnames.append(name)
                        parts.append(v._sig)
                    elif is_static or v is None:
                        parts.append(("=", _freeze(v)))
                    elif prepare is None and _convertible(v):
                        from .tensor import tensor
                        v = tensor(v)
                        operands.append(v)
                        opnames.append(name)
                        parts.append(v._sig)
                    else:
                        raise _Dynamic
            except Exception:  # noqa: BLE001 - not a key (or not a tensor): run as is
                return fun(*args, **kwargs)
            mode = _mode(operands)
            if mode is None:
                return fun(*args, **kwargs)
            if host_eval and mode is _HOST_XLA:
                mode = _HOST_EVAL
            key = (token, mode, tuple(parts))
            j = CACHE.get(key)
            if j is None:
                statics = {n: bound[n] for n in names if n not in opnames}
                from .defn import jit
                j = jit(_Program(fun, statics, tuple(opnames), mode is _HOST_XLA),
                        compiler="evaluator" if mode is _HOST_EVAL else "xla")
                out = _run(j, operands, mode)   # traces and compiles (an error caches nothing)
                CACHE.put(key, j, qualname)
                return out
            return _run(j, operands, mode)

        token = wrapper
        wrapper.__nx_eager__ = token
        # nx.jit(wrapper) must not rewrite the wrapper's Python control flow (nx/syntax.py):
        # inside the trace it calls `fun` as is
        wrapper.__nx_converted__ = True
        wrapper.__nx_eager_static__ = static
        return wrapper
    return decorate
