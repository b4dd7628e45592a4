"""Numerical definitions: `@nx.defn`, `nx.jit`, `nx.compile`, `@nx.deftransform`.

A defn is traced once per input signature (shapes, types, names, vectorized axes, container
structure and static keyword options) into an nx module, run through the pass pipeline,
lowered to StableHLO and compiled by PJRT (compiler "xla"), or interpreted on NumPy (compiler
"evaluator"). A cached call only flattens its arguments, looks the executable up and runs it.
"""
from __future__ import annotations

import functools
import numbers
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, overload

import numpy as np

from nx.compiler import trace as _trace
from nx.compiler.ir import Function, Module, Operation, Value
from nx.runtime import caches as _caches

from .containers import flatten, unflatten
from .tensor import PLACED, Deallocated, Tensor, buffer_on, placement, tensor

__all__ = ["defn", "jit", "compile", "clear_caches", "default_defn_options", "deftransform",
           "trace_module", "Compiled", "keyword"]

_COMPILERS = ("xla", "evaluator", "iree")
# nx.jit's `passes`: a pipeline string, or a list of pass names, "default" and pass functions
Passes = str | Sequence[str | Callable[..., Any]]
DEFAULTS = {"compiler": "xla"}   # mutated in place: nx._eager holds this dict


def _jit_options():
    """The options `nx.jit` takes (its keyword parameters), which `default_defn_options`
    accepts too."""
    import inspect
    return [p.name for p in inspect.signature(jit).parameters.values()
            if p.kind is p.KEYWORD_ONLY and p.name != "debug"]


def default_defn_options(**opts):
    """Gets (no arguments) or sets the default options of every defn/jit; returns the
    previous options (Nx.Defn.default_options/1). As in Nx, the given options replace the
    previous defaults as a whole (`compiler` is "xla" unless given). They apply to every
    option a defn or jit does not give itself, with the same meaning as `nx.jit`'s
    (`compiler`, `passes`, `debug_options`, ...); unknown options raise. Functions compiled
    under other defaults compile again on their next call.

        >>> prev = nx.default_defn_options(compiler="evaluator")
        >>> prev
        {'compiler': 'xla'}
        >>> nx.default_defn_options()
        {'compiler': 'evaluator'}
        >>> nx.jit(lambda x: x + 1)(nx.tensor([1, 2])).backend
        'numpy'
        >>> _ = nx.default_defn_options(**prev)
    """
    prev = dict(DEFAULTS)
    if not opts:
        return prev
    known = _jit_options()
    unknown = sorted(k for k in opts if k not in known)
    if unknown:
        raise ValueError(f"nx.default_defn_options: unknown option(s) {unknown}, expected one "
                         f"of {sorted(known)}")
    new = {"compiler": "xla"}
    for k, v in opts.items():
        if k == "compiler" and v not in _COMPILERS:
            raise ValueError(f"nx.default_defn_options: unknown compiler {v!r}, expected one of "
                             f"{list(_COMPILERS)}")
        if k == "lowering" and v is not None:
            from nx.compiler.lower import check_lowering
            check_lowering(v, "nx.default_defn_options")
        if k == "debug_options":
            v = _debug_options(v, "nx.default_defn_options")
        if k == "hooks":
            from .hooks import check_hooks
            v = check_hooks(v, "nx.default_defn_options")
        if v is not None:
            new[k] = v
    if new != prev:
        DEFAULTS.clear()
        DEFAULTS.update(new)
        _clear_jit_caches()   # entries compiled under the old defaults
    return prev


def _debug_options(v, fun="nx.jit"):
    """The evaluator's `debug_options` (Nx.Defn.Evaluator's `:debug_options`): None (off) or a
    dict with `inspect_limit` (an int: the inspect limit for each node's result and
    arguments) and `save_path` (a folder: one file per node instead of printing). The older
    spelling `debug=True` is `{}`, `debug="dir"` is `{"save_path": "dir"}`."""
    import os
    if v is None or v is False:
        return None
    if v is True:
        return {}
    if isinstance(v, (str, os.PathLike)):
        return {"save_path": os.fspath(v)}
    if isinstance(v, (list, tuple)):
        try:
            v = dict(v)
        except (TypeError, ValueError):
            raise TypeError(f"{fun}: debug_options must be a dict, got {v!r:.80}") from None
    if not isinstance(v, dict):
        raise TypeError(f"{fun}: debug_options must be a dict (inspect_limit, save_path), got "
                        f"{type(v).__name__}")
    unknown = sorted(k for k in v if k not in ("inspect_limit", "save_path"))
    if unknown:
        raise ValueError(f"{fun}: unknown debug option(s) {unknown}, expected inspect_limit "
                         f"and save_path")
    lim = v.get("inspect_limit")
    if lim is not None and (isinstance(lim, bool) or not isinstance(lim, int) or lim < 0):
        if lim != "infinity":
            raise ValueError(f"{fun}: inspect_limit must be a non-negative integer or "
                             f"'infinity', got {lim!r}")
    out = dict(v)
    if out.get("save_path") is not None:
        out["save_path"] = os.fspath(out["save_path"])
    return out


def leaf_tensor(x, fun):
    """A positional argument as a tensor: tensors as they are; numbers and NumPy arrays
    copied (`nx.tensor`); a JAX array kept as the device buffer it is (immutable, no copy);
    anything else with `__dlpack__` or `__array__` (PyTorch, CuPy...) copied from its memory."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (int, float, complex, bool, np.number, np.bool_, np.ndarray)):
        return tensor(x)
    if isinstance(x, (str, bytes)):
        raise _not_a_tensor(x, fun)
    from nx.runtime import pjrt
    if isinstance(x, pjrt.ArrayImpl):
        t = _from_jax(x)
        if t is not None:
            return t
    if hasattr(x, "__dlpack__") or hasattr(x, "__array__"):
        try:
            arr = np.from_dlpack(x) if hasattr(x, "__dlpack__") else np.asarray(x)
        except Exception as e:  # noqa: BLE001 - DLPack/array protocols raise many kinds
            if hasattr(x, "__array__") and hasattr(x, "__dlpack__"):
                try:
                    arr = np.asarray(x)
                except Exception as e2:  # noqa: BLE001
                    raise TypeError(f"{fun}: cannot read the array-like argument "
                                    f"{type(x).__name__} as host memory: {e2}") from None
            else:
                raise TypeError(f"{fun}: cannot read the array-like argument "
                                f"{type(x).__name__} as host memory: {e}") from None
        if arr.dtype.kind == "O":
            raise _not_a_tensor(x, fun)
        return tensor(arr)
    raise _not_a_tensor(x, fun)


def _not_a_tensor(x, fun):
    return TypeError(f"{fun}: positional arguments must be tensors, numbers, arrays (NumPy, "
                     f"JAX, anything with __dlpack__ or __array__) or containers of them "
                     f"(tuple, list, dict, NamedTuple, dataclass, nx.container); got "
                     f"{type(x).__name__}: {x!r:.80}. Pass other values as keyword options.")


def _from_jax(x):
    """A JAX array on one device of our PJRT client as an "xla" tensor sharing its buffer, or
    None when it needs a host round trip (several devices, another client, booleans)."""
    from nx import types as T
    try:
        devs = x.devices()
        if len(devs) != 1 or x.dtype == np.bool_ or not x.is_fully_addressable:
            return None
        from nx.runtime import pjrt
        (dev,) = devs
        if dev.client is not pjrt.client(dev.platform):
            return None
        t = T.from_dtype(x.dtype)
    except Exception:  # noqa: BLE001 - anything unusual takes the host path
        return None
    shape = tuple(x.shape)
    return Tensor(x, shape, t)


def _array_like(v):
    return isinstance(v, (Tensor, np.ndarray)) or (
        not isinstance(v, (numbers.Number, np.generic, str, bytes, type))
        and (hasattr(v, "__dlpack__") or hasattr(v, "__array__")))


def _reject_tensor_options(kwargs, fun):
    """A tensor given as a keyword argument would be a static option: compiled into the
    program, one compilation per value and an ever-growing cache. Raise instead."""
    for k, v in kwargs.items():
        found = _find_array(v)
        if found is not None:
            desc = (f"{found.type.name}{list(found.shape)}" if isinstance(found, Tensor) else
                    f"{type(found).__name__} of shape {tuple(getattr(found, 'shape', ()))}")
            raise TypeError(
                f"{fun}: keyword argument {k!r} is a tensor ({desc}). Keyword arguments of a "
                f"defn are static options, compiled into the program (one compilation per "
                f"value); pass tensors positionally, e.g. {fun}(..., {k}), and give the "
                f"defn a positional parameter for it")


def _find_array(v, depth=0):
    if _array_like(v):
        return v
    if depth < 4:
        items = v.values() if isinstance(v, dict) else v if isinstance(v, (list, tuple)) else ()
        for x in items:
            found = _find_array(x, depth + 1)
            if found is not None:
                return found
    return None


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
    if type(v) in (bool, int, float, complex):
        # 1, True, 1.0 and 1+0j are equal in Python but trace differently (an s32, u8, f32 or
        # c64 constant): the number's type is part of the key
        return (type(v).__name__, v)
    return v


def _static_key(kwargs, fun):
    if not kwargs:
        return ()
    _reject_tensor_options(kwargs, fun)
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
    leaves = [x if isinstance(x, Tensor) else leaf_tensor(x, fname) for x in leaves]
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
                o = leaf_tensor(o, fname)
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
    __slots__ = ("run", "out_tree", "templates", "module", "single", "host", "fast")

    def __init__(self, run, out_tree, templates, module, host=False):
        self.run, self.out_tree, self.templates, self.module = run, out_tree, templates, module
        self.single = out_tree == ("leaf",)
        self.host = host   # runs on host arrays (the evaluator): no transfer to the device
        # (execute, result handlers) of a PJRT executable: the cached call skips a frame
        h = getattr(run, "_handlers", None)
        self.fast = (run._exec, h) if h is not None else None


def to_buffer(t):
    """The device buffer of a tensor's data. A host tensor is transferred once: its buffer is
    kept (`Tensor._dev`) for every later call, as tensors are immutable."""
    d = t.data
    if type(d) is np.ndarray:
        b = t._dev
        if b is None:
            from nx.runtime import pjrt
            b = t._dev = pjrt.to_device(d)
        return b
    if isinstance(d, Value):
        raise ValueError("a traced tensor escaped its defn (it was stored and used after the "
                         "trace ended); return it from the defn instead")
    if type(d) is Deallocated:
        raise d.error()
    return d


_OPEN = _trace.OPEN
_JITS: weakref.WeakSet[Jit] = weakref.WeakSet()   # every Jit, for clear_caches


def _clear_jit_caches():
    for j in list(_JITS):
        with j.lock:
            j.cache.clear()


_caches.register_clearer(_clear_jit_caches)


def clear_caches():
    """Empties every cache of the library: each compiled function's signature table, the
    eager per-op and composite caches and the in-memory executable cache (the disk cache is
    left alone; `NXC_DISK_CACHE=0` turns it off). Compiled functions still work: their next
    call traces and compiles again (or loads from the disk cache).

        >>> f = nx.jit(lambda x: x + 1)
        >>> f(nx.tensor([1, 2]))
        nx.Tensor<
          s32[2]
          [2, 3]
        >
        >>> nx.clear_caches()
        >>> len(f.cache)
        0
    """
    _caches.clear_all()
_tracing = threading.local()   # the Jits being inlined on this thread (recursion check)


class Jit:
    """A compiled-on-demand function; see `jit`."""

    def __init__(self, fun, compiler=None, passes=None, debug=None, hooks=None, lowering=None):
        from .hooks import check_hooks
        from .syntax import convert
        hooks = check_hooks(hooks)
        if isinstance(fun, Jit):
            # nx.jit of a defn: a new Jit of the same function, with its own cache; options
            # given here override the defn's, the others are kept
            inner = fun
            fun = inner.__wrapped__
            compiler = compiler if compiler is not None else inner.compiler
            passes = passes if passes is not None else inner.passes
            debug = debug if debug is not None else inner.debug
            lowering = lowering if lowering is not None else inner.lowering
            # hooks= given here add to or replace the defn's by name (Nx's :hooks)
            hooks = {**inner.hooks, **hooks} if inner.hooks and hooks else hooks or inner.hooks
        self.hooks = hooks   # hook name -> function (nx.jit's hooks=); part of what is compiled
        self.fun = convert(fun)   # Python if/while/for/and/or/not over tensors (nx/syntax.py)
        self.compiler = compiler
        self.passes = passes
        self.lowering = lowering   # "native", "portable" or None (the default options')
        self.debug = _debug_options(debug)   # the evaluator's debug_options (None: off)
        self.cache = {}
        self.lock = threading.Lock()
        _JITS.add(self)
        # the function's name and docs, but not its __dict__ over this Jit's own state
        functools.update_wrapper(self, fun, updated=())
        for k, v in getattr(fun, "__dict__", {}).items():
            self.__dict__.setdefault(k, v)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)

    def __call__(self, *args, **kwargs):
        # The cached-call path: one dict lookup keyed by the arguments' precomputed signatures,
        # then PJRT. No tracing, lowering or hashing of the program.
        if kwargs or PLACED[0] or (_OPEN[0] and _trace.current() is not None):
            return self._general(args, kwargs)
        try:
            entry = self.cache[tuple([a._sig for a in args])]
        except (AttributeError, KeyError, TypeError):
            entry = None
        if entry is None:   # outside the except: a tracing error must not chain a cache miss
            return self._slow(args, kwargs)
        bufs = [a.data for a in args]
        for i, d in enumerate(bufs):
            if type(d) is np.ndarray:
                if not entry.host:
                    b = args[i]._dev
                    bufs[i] = b if b is not None else to_buffer(args[i])
            elif type(d) is Value or type(d) is Deallocated:
                bufs[i] = to_buffer(args[i])
        fast = entry.fast
        outs = fast[0](bufs).consume_with_handlers(fast[1]) if fast is not None else \
            entry.run(bufs)
        if entry.single:
            return result_tensor(outs[0], entry.templates[0])
        return unflatten(entry.out_tree,
                         [result_tensor(o, tp) for o, tp in zip(outs, entry.templates)])

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
        leaves = [leaf_tensor(x, fname) for x in leaves]
        dev = placement(leaves, f"nx.jit({fname})") if PLACED[0] else None
        key = (treedef, tuple(t._sig for t in leaves), static)
        if dev is not None:
            key += (dev,)
        entry = self.cache.get(key)
        if entry is None:
            entry = self._build(args, leaves, treedef, kwargs, dev)
            with self.lock:
                self.cache[key] = entry
                if dev is None and not kwargs and all(type(a) is Tensor for a in args):
                    self.cache[tuple(a._sig for a in args)] = entry
        if dev is not None and not entry.host:
            outs = entry.run([buffer_on(t, dev) for t in leaves])
        elif entry.host:
            outs = entry.run([t.data if type(t.data) is np.ndarray else to_buffer(t)
                              for t in leaves])
        else:
            outs = entry.run([to_buffer(t) for t in leaves])
        return unflatten(entry.out_tree,
                         [result_tensor(o, tp) for o, tp in zip(outs, entry.templates)])

    def _compiler(self):
        return self.compiler or DEFAULTS["compiler"]

    def _option(self, name):
        """An option as this function gives it, else `nx.default_defn_options`'s."""
        v = getattr(self, name, None)
        return v if v is not None else DEFAULTS.get(name)

    def _build(self, args, leaves, treedef, kwargs, device=None):
        params = unflatten(treedef, leaves)
        active = _tracing.__dict__.setdefault("active", set())
        active.add(self)
        try:
            module, out_tree, templates = trace_module(self.fun, params, kwargs)
        finally:
            active.discard(self)
        from .hooks import resolve
        module = resolve(module, self._option("hooks"))   # named hooks: given, unset dropped
        from nx.compiler.passes import run_default_pipeline
        if self._compiler() == "evaluator":
            module = run_default_pipeline(module, self._option("passes"))
            from nx.runtime.evaluator import evaluate
            debug = self.debug if self.debug is not None else DEFAULTS.get("debug_options")
            observe = None
            if debug is not None and debug is not False:
                from ._node_report import observe as node_report
                observe = node_report(_debug_options(debug, "nx.jit"))

            def run(buffers):
                return evaluate(module, [np.asarray(b) for b in buffers], observe=observe)
            return _Entry(run, out_tree, templates, module, host=True)
        if self._compiler() == "iree":
            from nx.runtime.iree import compile_module_iree
            run = compile_module_iree(module, passes=self._option("passes"))
            return _Entry(run, out_tree, templates, module, host=True)
        from nx.runtime import compile_module
        platform, index = "cpu", 0
        if device is not None:
            from nx.runtime.pjrt import device_index
            platform, index = device.platform, device_index(device)
        exe = compile_module(module, platform=platform, device=index,
                             passes=self._option("passes"),
                             lowering=self._option("lowering") or "native")
        return _Entry(exe, out_tree, templates, module)

    def lower(self, *args, **kwargs):
        """Traces for these arguments and returns the nx module (before passes)."""
        return trace_module(self.fun, list(args), kwargs)[0]


_new_tensor = object.__new__


def result_tensor(buf, tp):
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
    t._dev = None
    return t


_wrap = result_tensor  # alias for benchmarks/profiling.py: removed when it is updated


@overload
def jit(fun: Callable[..., Any], *, compiler: str | None = None, passes: Passes | None = None,
        debug_options: dict[str, Any] | None = None, debug: bool | str | None = None,
        hooks: dict[str, Callable[..., Any]] | None = None,
        lowering: str | None = None) -> Jit: ...
@overload
def jit(fun: None = None, *, compiler: str | None = None, passes: Passes | None = None,
        debug_options: dict[str, Any] | None = None, debug: bool | str | None = None,
        hooks: dict[str, Callable[..., Any]] | None = None, lowering: str | None = None
        ) -> Callable[[Callable[..., Any]], Jit]: ...
def jit(fun: Callable[..., Any] | None = None, *, compiler: str | None = None,
        passes: Passes | None = None, debug_options: dict[str, Any] | None = None,
        debug: bool | str | None = None, hooks: dict[str, Callable[..., Any]] | None = None,
        lowering: str | None = None) -> Jit | Callable[[Callable[..., Any]], Jit]:
    """Compiles `fun` on first call for each input signature. `compiler` is "xla" (default),
    "evaluator" (the NumPy kernels) or "iree" (IREE's llvm-cpu backend: `pip install
    nxc[iree]`); `passes` a pipeline string or list to run instead of the default one;
    `lowering` (XLA) is "native" (default: the target's own kernels, such as LAPACK on CPU)
    or "portable" (pure StableHLO, what any target and an exported artifact run; IREE always
    uses it); `debug_options` (evaluator only, Nx.Defn.Evaluator's): `{"inspect_limit": n,
    "save_path": dir}` prints, or saves one file per node, each node's operation, arguments
    and result (`debug=True`/`debug="dir"` is the older spelling). Options not given are
    `nx.default_defn_options`'s. `hooks` (Nx's `:hooks`): `{"name": fun}` gives or replaces
    the function of each hook of that name (`nx.hook(t, "name")`); see `nx.hook`."""
    if compiler is not None and compiler not in _COMPILERS:
        raise ValueError(f"nx.jit: unknown compiler {compiler!r}, expected one of "
                         f"{list(_COMPILERS)}")
    if lowering is not None:
        from nx.compiler.lower import check_lowering
        check_lowering(lowering, "nx.jit")
    debug = _debug_options(debug_options if debug_options is not None else debug)
    if fun is None:
        return lambda f: Jit(f, compiler, passes, debug, hooks, lowering)
    if not callable(fun):
        raise TypeError(f"nx.jit: expected a function, got {type(fun).__name__}")
    return Jit(fun, compiler, passes, debug, hooks, lowering)


@overload
def defn(fun: Callable[..., Any], **opts: Any) -> Jit: ...
@overload
def defn(fun: None = None, **opts: Any) -> Callable[[Callable[..., Any]], Jit]: ...
def defn(fun: Callable[..., Any] | None = None,
         **opts: Any) -> Jit | Callable[[Callable[..., Any]], Jit]:
    """Marks a numerical definition: `@nx.defn` or `@nx.defn(compiler="evaluator")`."""
    if fun is None:
        return lambda f: jit(f, **opts)
    return jit(fun, **opts)


class Compiled:
    """An ahead-of-time compiled function for one signature (see `compile`)."""

    __slots__ = ("jitted", "kwargs", "treedef", "sigs", "name", "templates")
    jitted: Jit
    kwargs: dict[str, Any]   # the static keyword options it was compiled with
    treedef: Any             # the argument structure (nx.containers.flatten's)
    sigs: tuple              # each argument leaf's Tensor.signature
    name: str
    templates: list          # the templates it was compiled for

    def save(self, path: str | os.PathLike[str], *, platform: str = "cpu",
             target_version: str | None = None) -> None:
        """Writes this function to `path` as a portable StableHLO artifact (`.mlirbc`), a
        serialized XLA executable (`.exe`) or an IREE module (`.vmfb`), by suffix; load it in
        any process with `nx.load_compiled(path)` or run it with `nxc run` (nx/artifacts.py)."""
        from .artifacts import save
        save(self, path, platform=platform, target_version=target_version)

    def __call__(self, *args: Any) -> Any:
        leaves, treedef = flatten(list(args))
        leaves = [leaf_tensor(x, self.name) for x in leaves]
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


def compile(fun: Callable[..., Any], templates: Sequence[Any], **opts: Any) -> Compiled:
    """Compiles `fun` ahead of time for `templates` (`nx.template(shape, type)` or tensors).
    Options are `jit`'s plus static keyword options for `fun`."""
    jopts = {k: opts.pop(k) for k in ("compiler", "passes", "debug", "debug_options", "hooks",
                                      "lowering") if k in opts}
    j = fun if isinstance(fun, Jit) and not jopts else jit(fun, **jopts)
    c = Compiled.__new__(Compiled)
    c.jitted, c.kwargs, c.templates = j, opts, list(templates)
    leaves, c.treedef = flatten(list(templates))
    leaves = [t if isinstance(t, Tensor) else leaf_tensor(t, "nx.compile") for t in leaves]
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
