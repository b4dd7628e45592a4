"""Numerical definitions: `@nx.defn`, `nx.jit`, `nx.compile`, `@nx.deftransform`.

A defn is traced once per input signature (shapes, types, names, vectorized axes, container
structure and static keyword options) into an nx module, run through the pass pipeline,
lowered to StableHLO and compiled by PJRT (compiler "xla"), or interpreted on NumPy (compiler
"evaluator"). A cached call only flattens its arguments, looks the executable up and runs it.
"""
from __future__ import annotations

import functools
import threading

import numpy as np

from nx.compiler import trace as _trace
from nx.compiler.ir import Function, Module, Operation, Value

from .containers import flatten, unflatten
from .tensor import Tensor, _Deallocated, tensor

__all__ = ["defn", "jit", "compile", "default_defn_options", "deftransform", "trace_module",
           "Compiled", "keyword"]

_COMPILERS = ("xla", "evaluator")
_defaults = {"compiler": "xla"}


def default_defn_options(**opts):
    """Gets or sets the default options of every defn/jit (e.g. `compiler="evaluator"`).
    Returns the previous options."""
    prev = dict(_defaults)
    for k, v in opts.items():
        if k == "compiler" and v not in _COMPILERS:
            raise ValueError(f"nx.default_defn_options: unknown compiler {v!r}, expected one of "
                             f"{list(_COMPILERS)}")
        _defaults[k] = v
    return prev


def _leaf_tensor(x, fun):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (int, float, complex, bool, np.number, np.bool_, np.ndarray)):
        return tensor(x)
    raise TypeError(f"{fun}: positional arguments must be tensors, numbers or containers of them "
                    f"(tuple, list, dict, NamedTuple, dataclass, nx.container); got "
                    f"{type(x).__name__}: {x!r:.80}. Pass other values as keyword options.")


def _frozen(v):
    """A hashable stand-in for a static option value: dicts, lists and sets are frozen (tagged
    with their type, so `[1]` and `(1,)` stay different keys)."""
    if isinstance(v, dict):
        return ("dict", tuple(sorted((k, _frozen(x)) for k, x in v.items())))
    if isinstance(v, list):
        return ("list", tuple(_frozen(x) for x in v))
    if isinstance(v, (set, frozenset)):
        return ("set", frozenset(_frozen(x) for x in v))
    if isinstance(v, tuple):
        return tuple(_frozen(x) for x in v)
    return v


def _static_key(kwargs, fun):
    if not kwargs:
        return ()
    items = tuple(sorted((k, _frozen(v)) for k, v in kwargs.items()))
    try:
        hash(items)
    except TypeError:
        bad = [k for k, v in kwargs.items() if not _hashable(v)]
        raise TypeError(f"{fun}: keyword options are static and part of the compilation cache "
                        f"key, so they must be hashable; {bad} are not") from None
    return items


def _hashable(v):
    try:
        hash(v)
        return True
    except TypeError:
        return False


class _Template:
    __slots__ = ("shape", "type", "names", "sig", "vectorized_axes", "full_shape")

    def __init__(self, t):
        from ._dispatch import vec_axes
        axes = vec_axes(t)   # a traced result's vectorized axes are those of its IR type
        self.shape, self.type, self.names, self.vectorized_axes = t.shape, t.type, t.names, axes
        self.full_shape = tuple(s for _, s in axes) + t.shape
        self.sig = (t.shape, t.type, t.names, axes)


def trace_module(fun, args, kwargs=None, name="main"):
    """Traces `fun(*args, **kwargs)`; `args` may hold templates. Returns
    `(module, out_treedef, out_templates)`."""
    kwargs = kwargs or {}
    fname = getattr(fun, "__name__", "fun")
    leaves, treedef = flatten(list(args))
    leaves = [x if isinstance(x, Tensor) else _leaf_tensor(x, fname) for x in leaves]
    from ._dispatch import value_type
    f = Function(name, [value_type(t) for t in leaves], loc=_def_location(fun))
    with _trace.building(f.body) as b:
        params = [Tensor(v, t.shape, t.type, t.names, t.vectorized_axes)
                  for v, t in zip(f.args, leaves)]
        out = fun(*unflatten(treedef, params), **kwargs)
        out_leaves, out_tree = flatten(out)
        vals, templates = [], []
        from ._dispatch import ir_value
        for o in out_leaves:
            if not isinstance(o, Tensor):
                o = _leaf_tensor(o, fname)
            v = ir_value(b, o)
            vals.append(v)
            templates.append(_Template(o))
        f.body.append(Operation("func.return", vals, [], loc=_def_location(fun)))
    return Module([f]), out_tree, templates


def _def_location(fun):
    """Where `fun` is defined (the location of its `func.return` and of the function)."""
    from nx.compiler.ir import Location
    code = getattr(getattr(fun, "fun", fun), "__code__", None)
    return Location(code.co_filename, code.co_firstlineno, 0) if code is not None else None


class _Entry:
    __slots__ = ("run", "out_tree", "templates", "module", "single", "host")

    def __init__(self, run, out_tree, templates, module, host=False):
        self.run, self.out_tree, self.templates, self.module = run, out_tree, templates, module
        self.single = out_tree == ("leaf",)
        self.host = host   # runs on host arrays (the evaluator): no transfer to the device


def _to_buffer(t):
    d = t.data
    if type(d) is np.ndarray:
        from nx.runtime import pjrt
        return pjrt.to_device(d)
    if isinstance(d, Value):
        raise ValueError("a traced tensor escaped its defn (it was stored and used after the "
                         "trace ended); return it from the defn instead")
    if type(d) is _Deallocated:
        raise d.error()
    return d


_tracing = threading.local()   # the Jits being inlined on this thread (recursion check)


class Jit:
    """A compiled-on-demand function; see `jit`."""

    def __init__(self, fun, compiler=None, passes=None, debug=False):
        from .syntax import convert
        self.fun = convert(fun)   # Python if/while/for/and/or/not over tensors (nx/syntax.py)
        self.compiler = compiler
        self.passes = passes
        self.debug = debug
        self.cache = {}
        self.lock = threading.Lock()
        functools.update_wrapper(self, fun)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)

    def __call__(self, *args, **kwargs):
        # The cached-call path: one dict lookup keyed by the arguments' precomputed signatures,
        # then PJRT. No tracing, lowering or hashing of the program.
        if kwargs or _trace.current() is not None:
            return self._general(args, kwargs)
        try:
            entry = self.cache[tuple([a._sig for a in args])]
        except (AttributeError, KeyError, TypeError):
            return self._slow(args, kwargs)
        bufs = [a.data for a in args]
        for i, d in enumerate(bufs):
            if type(d) is np.ndarray:
                if not entry.host:
                    bufs[i] = _to_buffer(args[i])
            elif type(d) is Value or type(d) is _Deallocated:
                bufs[i] = _to_buffer(args[i])
        outs = entry.run(bufs)
        if entry.single:
            return _wrap(outs[0], entry.templates[0])
        return unflatten(entry.out_tree, [_wrap(o, tp) for o, tp in zip(outs, entry.templates)])

    def _general(self, args, kwargs):
        if _trace.current() is not None:
            # a defn called from another defn is inlined, as in Nx
            active = _tracing.__dict__.setdefault("active", set())
            if self in active:
                name = getattr(self.fun, "__qualname__", "defn")
                raise RecursionError(
                    f"nx.defn: {name} calls itself while being traced; a defn cannot recurse "
                    f"(its trace would never end): write the recursion as a loop "
                    f"(nx.while_loop, or a Python while/for over tensors)")
            active.add(self)
            try:
                return self.fun(*args, **kwargs)
            finally:
                active.discard(self)
        return self._slow(args, kwargs)

    def _slow(self, args, kwargs):
        fname = getattr(self.fun, "__name__", "defn")
        static = _static_key(kwargs, fname)
        leaves, treedef = flatten(list(args))
        leaves = [_leaf_tensor(x, fname) for x in leaves]
        key = (treedef, tuple(t._sig for t in leaves), static)
        entry = self.cache.get(key)
        if entry is None:
            entry = self._build(args, leaves, treedef, kwargs)
            with self.lock:
                self.cache[key] = entry
                if not kwargs and all(type(a) is Tensor for a in args):
                    self.cache[tuple(a._sig for a in args)] = entry
        if entry.host:
            outs = entry.run([t.data if type(t.data) is np.ndarray else _to_buffer(t)
                              for t in leaves])
        else:
            outs = entry.run([_to_buffer(t) for t in leaves])
        return unflatten(entry.out_tree, [_wrap(o, tp) for o, tp in zip(outs, entry.templates)])

    def _compiler(self):
        return self.compiler or _defaults["compiler"]

    def _build(self, args, leaves, treedef, kwargs):
        params = unflatten(treedef, leaves)
        active = _tracing.__dict__.setdefault("active", set())
        active.add(self)
        try:
            module, out_tree, templates = trace_module(self.fun, params, kwargs)
        finally:
            active.discard(self)
        from nx.compiler.passes import run_default_pipeline
        if self._compiler() == "evaluator":
            module = run_default_pipeline(module, self.passes)
            from nx.runtime.evaluator import evaluate
            debug = self.debug

            def run(buffers):
                return evaluate(module, [np.asarray(b) for b in buffers], debug=debug)
            return _Entry(run, out_tree, templates, module, host=True)
        from nx.runtime import compile_module
        exe = compile_module(module, passes=self.passes)
        return _Entry(exe, out_tree, templates, module)

    def lower(self, *args, **kwargs):
        """Traces for these arguments and returns the nx module (before passes)."""
        return trace_module(self.fun, list(args), kwargs)[0]


_new_tensor = object.__new__


def _wrap(buf, tp):
    """A result tensor from a device buffer (or a host array for the evaluator)."""
    if type(buf) is np.ndarray:
        buf = buf.astype(tp.type.dtype, copy=False).reshape(tp.full_shape)
    t = _new_tensor(Tensor)
    t.data = buf
    t.shape = tp.shape
    t.type = tp.type
    t.names = tp.names
    t.vectorized_axes = tp.vectorized_axes
    t._sig = tp.sig
    return t


def jit(fun=None, *, compiler=None, passes=None, debug=False):
    """Compiles `fun` on first call for each input signature. `compiler` is "xla" (default) or
    "evaluator"; `passes` a pipeline string or list to run instead of the default one;
    `debug` (evaluator only) prints or saves every intermediate result."""
    if compiler is not None and compiler not in _COMPILERS:
        raise ValueError(f"nx.jit: unknown compiler {compiler!r}, expected one of {list(_COMPILERS)}")
    if fun is None:
        return lambda f: Jit(f, compiler, passes, debug)
    if not callable(fun):
        raise TypeError(f"nx.jit: expected a function, got {type(fun).__name__}")
    return Jit(fun, compiler, passes, debug)


def defn(fun=None, **opts):
    """Marks a numerical definition: `@nx.defn` or `@nx.defn(compiler="evaluator")`."""
    if fun is None:
        return lambda f: jit(f, **opts)
    return jit(fun, **opts)


class Compiled:
    """An ahead-of-time compiled function for one signature (see `compile`)."""

    __slots__ = ("jitted", "kwargs", "treedef", "sigs", "name")

    def __call__(self, *args):
        leaves, treedef = flatten(list(args))
        leaves = [_leaf_tensor(x, self.name) for x in leaves]
        sigs = tuple(t._sig for t in leaves)
        if treedef != self.treedef:
            raise ValueError(f"nx.compile: {self.name} was compiled for arguments structured as "
                             f"{self.treedef} but was called with {treedef}")
        if sigs != self.sigs:
            def desc(t):
                vec = "".join(f"[{n}: {k}]" for n, k in t[3])
                return f"{t[1]}{list(t[0])}" + (f" vectorized{vec}" if vec else "") + \
                    (f" names {list(t[2])}" if any(n is not None for n in t[2]) else "")
            want = ", ".join(desc(t) for t in self.sigs)
            got = ", ".join(desc(t) for t in sigs)
            raise ValueError(f"nx.compile: {self.name} was compiled for ({want}) but was called "
                             f"with ({got})")
        return self.jitted(*args, **self.kwargs)


def compile(fun, templates, **opts):
    """Compiles `fun` ahead of time for `templates` (`nx.template(shape, type)` or tensors).
    Options are `jit`'s plus static keyword options for `fun`."""
    jopts = {k: opts.pop(k) for k in ("compiler", "passes", "debug") if k in opts}
    j = fun if isinstance(fun, Jit) else jit(fun, **jopts)
    c = Compiled.__new__(Compiled)
    c.jitted, c.kwargs = j, opts
    leaves, c.treedef = flatten(list(templates))
    leaves = [t if isinstance(t, Tensor) else _leaf_tensor(t, "nx.compile") for t in leaves]
    c.sigs = tuple(t._sig for t in leaves)
    c.name = getattr(j.fun, "__name__", "fun")
    static = _static_key(opts, c.name)
    key = (c.treedef, c.sigs, static)
    if key not in j.cache:
        j.cache[key] = j._build(templates, leaves, c.treedef, opts)
    return c


def deftransform(fun):
    """Marks a function that runs plain Python at trace time on static values (Nx's
    deftransform). It is an ordinary function: inside a defn it sees traced tensors and any
    static options; outside it runs as is."""
    fun.__nx_transform__ = True
    return fun


def keyword(opts=None, **defaults):
    """Validates static options against `defaults` and fills in the missing ones (Nx's
    `keyword!/2`, for defns that take their options as one dict). Unknown keys raise.

        >>> @nx.defn
        ... def zeros(opts=None):
        ...     opts = nx.keyword(opts, type="f32", shape=())
        ...     return nx.broadcast(nx.tensor(0, type=opts["type"]), opts["shape"])
        >>> zeros(opts={"shape": (2,)})
        nx.Tensor<
          f32[2]
          [0.0, 0.0]
        >
    """
    if opts is None:
        opts = {}
    elif isinstance(opts, (list, tuple)):
        try:
            opts = dict(opts)
        except (TypeError, ValueError):
            raise TypeError(f"nx.keyword: expected a dict or a list of (key, value) pairs, got "
                            f"{opts!r}") from None
    elif not isinstance(opts, dict):
        raise TypeError(f"nx.keyword: expected a dict or a list of (key, value) pairs, got "
                        f"{type(opts).__name__}")
    unknown = [k for k in opts if k not in defaults]
    if unknown:
        raise ValueError(f"nx.keyword: unknown option(s) {unknown}, expected one of "
                         f"{sorted(defaults)}")
    return {**defaults, **opts}
