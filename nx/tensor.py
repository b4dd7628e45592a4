"""`nx.Tensor`: a typed, shaped, optionally named tensor on a backend.

`data` is a NumPy array (backend "numpy", Nx's BinaryBackend), a PJRT device buffer (backend
"xla", Nx's EXLA.Backend), or an IR value while a `defn` is being traced.
"""
from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import types as T
from .inspect import inspect as _inspect

__all__ = ["Tensor", "tensor", "default_backend", "global_default_backend",
           "with_default_backend", "to_numpy"]

_BACKENDS = ("numpy", "xla")


class _DefaultBackend:
    """The default backend: the current thread's (`nx.default_backend`, Nx's per-process
    default), else the process-wide one (`nx.global_default_backend`). A backend is "numpy",
    "xla" or `("xla", {options})`; `[0]` is the backend's name."""

    __slots__ = ("local", "glob")

    def __init__(self):
        import threading
        self.local = threading.local()
        self.glob = "numpy"

    def get(self):
        b = getattr(self.local, "backend", None)
        return self.glob if b is None else b

    def __getitem__(self, i):
        b = getattr(self.local, "backend", None)
        if b is None:
            b = self.glob
        return b if type(b) is str else b[0]


DEFAULT_BACKEND = _DefaultBackend()


class Tensor:
    # `_dev`: for a host ("numpy") tensor, the device buffer made the first time a compiled
    # program needed its data. Tensors are immutable (their host array is their own and read
    # only to the outside), so the same tensor is never transferred twice.
    __slots__ = ("data", "shape", "type", "names", "vectorized_axes", "_sig", "_dev",
                 "__weakref__")
    data: Any   # a NumPy array ("numpy"), a PJRT device buffer ("xla") or an IR value (traced)
    shape: tuple[int, ...]
    type: T.Type
    names: tuple[str | None, ...]
    vectorized_axes: tuple[tuple[str, int], ...]   # (name, size) pairs, outermost first

    # Python's operators dispatch to nx functions; NumPy must defer to them too.
    __array_priority__ = 1000

    def __init__(self, data: Any, shape: tuple[int, ...], type: T.Type,
                 names: tuple[str | None, ...] | None = None,
                 vectorized_axes: tuple[tuple[str, int], ...] = ()):
        self.data = data
        self.shape = shape
        self.type = type
        self.names = names if names is not None else (None,) * len(shape)
        self.vectorized_axes = vectorized_axes
        self._sig = (shape, type, self.names, vectorized_axes)
        self._dev = None

    # --- metadata ---------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        d = self.data
        if type(d) is np.ndarray:
            return "numpy"
        from nx.compiler.ir import Value
        if isinstance(d, Value):
            return "expr"
        return "xla"

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def dtype(self) -> np.dtype:
        return self.type.dtype

    @property
    def signature(self) -> tuple:
        """(shape, type, names, vectorized axes): what a compiled program is specialized to."""
        return self._sig

    def is_traced(self) -> bool:
        from nx.compiler.ir import Value
        return isinstance(self.data, Value)

    # --- conversion -------------------------------------------------------------------------
    def to_numpy(self) -> np.ndarray:
        """The data as a NumPy array (vectorized axes first). For a host tensor this is a
        read-only view of its memory: tensors are immutable (copy it to modify it)."""
        d = self.data
        if type(d) is np.ndarray:
            if d.flags.writeable:
                d = d.view()
                d.flags.writeable = False
            return d
        if self.is_traced():
            raise TypeError(
                f"cannot convert a traced tensor ({self.type.name}{list(self.shape)}) to a "
                "concrete value inside defn: its value is only known when the compiled program "
                "runs. Use nx.cond / nx.select for data-dependent choices, or return it.")
        full = tuple(s for _, s in self.vectorized_axes) + self.shape
        return np.asarray(d).reshape(full)

    def __array__(self, dtype=None, copy=None):
        a = self.to_numpy()
        if dtype is not None and a.dtype != dtype:
            return a.astype(dtype)
        if copy:
            return a.copy()
        return a

    def __format__(self, spec):
        """`format(t, ".2f")` and f-strings format a scalar tensor's number; an empty spec
        prints the tensor."""
        if not spec:
            return repr(self)
        if self.shape != () or self.vectorized_axes or self.is_traced():
            what = "a traced tensor" if self.is_traced() else \
                f"a tensor of shape {self.shape}" + (" (vectorized)" if self.vectorized_axes
                                                       else "")
            raise TypeError(f"format(tensor, {spec!r}): only a concrete scalar tensor can be "
                            f"formatted with a format spec, got {what}; format its elements "
                            "(t.tolist()) instead")
        return format(_scalar(self, "a formatted number"), spec)

    def tolist(self):
        return self.to_numpy().tolist()

    def __repr__(self):
        if self.is_traced():
            from . import debug
            return debug.expr_repr(self)
        names = list(self.names) if any(n is not None for n in self.names) else None
        if self.data is None:   # a template (Nx.TemplateBackend)
            return _inspect(self.shape, self.type, names, self.vectorized_axes, None)[:-1] + \
                "  Nx.TemplateBackend\n>"
        return _inspect(self.shape, self.type, names, self.vectorized_axes, self.to_numpy())

    def __bool__(self):
        if self.is_traced():
            from .syntax import truth_value_error  # here: nx.syntax imports this module
            raise truth_value_error(self)
        if self.shape != () or self.vectorized_axes:
            raise ValueError(f"the truth value of a tensor of shape {self.shape} is ambiguous; "
                             "use nx.all or nx.any")
        return bool(self.to_numpy())

    def __float__(self):
        return float(_scalar(self, "float"))

    def __int__(self):
        return int(_scalar(self, "int"))

    def __index__(self):
        if not T.is_integer(self.type):
            raise TypeError(f"only integer scalar tensors can be used as an index, got {self.type}")
        return int(_scalar(self, "int"))

    def __complex__(self):
        return complex(_scalar(self, "complex"))

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of a scalar tensor")
        return self.shape[0]

    def __hash__(self):
        return id(self)

    def __dlpack__(self, *args, **kwargs):
        return _dlpack_source(self).__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return _dlpack_source(self).__dlpack_device__()

    # --- operators --------------------------------------------------------------------------
    def __add__(self, o): return _ops().add(self, o)
    def __radd__(self, o): return _ops().add(o, self)
    def __sub__(self, o): return _ops().subtract(self, o)
    def __rsub__(self, o): return _ops().subtract(o, self)
    def __mul__(self, o): return _ops().multiply(self, o)
    def __rmul__(self, o): return _ops().multiply(o, self)
    def __truediv__(self, o): return _ops().divide(self, o)
    def __rtruediv__(self, o): return _ops().divide(o, self)
    def __floordiv__(self, o): return _ops().quotient(self, o)
    def __rfloordiv__(self, o): return _ops().quotient(o, self)
    def __mod__(self, o): return _ops().remainder(self, o)
    def __rmod__(self, o): return _ops().remainder(o, self)
    def __pow__(self, o): return _ops().pow(self, o)
    def __rpow__(self, o): return _ops().pow(o, self)
    def __matmul__(self, o): return _ops().dot(self, o)
    def __rmatmul__(self, o): return _ops().dot(o, self)
    def __neg__(self): return _ops().negate(self)
    def __pos__(self): return self
    def __abs__(self): return _ops().abs(self)
    def __invert__(self): return _ops().bitwise_not(self)
    def __and__(self, o): return _ops().bitwise_and(self, o)
    def __rand__(self, o): return _ops().bitwise_and(o, self)
    def __or__(self, o): return _ops().bitwise_or(self, o)
    def __ror__(self, o): return _ops().bitwise_or(o, self)
    def __xor__(self, o): return _ops().bitwise_xor(self, o)
    def __rxor__(self, o): return _ops().bitwise_xor(o, self)
    def __lshift__(self, o): return _ops().left_shift(self, o)
    def __rlshift__(self, o): return _ops().left_shift(o, self)
    def __rshift__(self, o): return _ops().right_shift(self, o)
    def __rrshift__(self, o): return _ops().right_shift(o, self)
    def __eq__(self, o): return _ops().equal(self, o)
    def __ne__(self, o): return _ops().not_equal(self, o)
    def __lt__(self, o): return _ops().less(self, o)
    def __le__(self, o): return _ops().less_equal(self, o)
    def __gt__(self, o): return _ops().greater(self, o)
    def __ge__(self, o): return _ops().greater_equal(self, o)

    def __getitem__(self, index):
        return _ops().access(self, index)

    @property
    def T(self):
        return _ops().transpose(self)


_ops_mod = None


def _ops():
    global _ops_mod
    if _ops_mod is None:
        from . import ops
        _ops_mod = ops
    return _ops_mod


def _scalar(t, what):
    if t.shape != () or t.vectorized_axes:
        raise TypeError(f"only scalar tensors convert to {what}, got shape {t.shape}")
    return t.to_numpy().item() if t.type[0] != "c" else complex(t.to_numpy())


def _dlpack_source(t):
    if t.is_traced():
        raise TypeError("a traced tensor has no memory to share through DLPack")
    d = t.data
    if type(d) is np.ndarray:
        return np.asarray(d, order="C")
    return d


# --- construction --------------------------------------------------------------------------

_ATOMS = {"nan": float("nan"), "infinity": float("inf"), "neg_infinity": float("-inf"),
          "inf": float("inf"), "-inf": float("-inf")}


def _infer_list(data, fun):
    """Shape and Nx-inferred type of a (nested) list of numbers."""
    shape = []
    x = data
    while isinstance(x, (list, tuple)):
        shape.append(len(x))
        if not x:
            break
        x = x[0]
    kind = [None]

    def walk(x, depth):
        if depth < len(shape):
            if not isinstance(x, (list, tuple)) or len(x) != shape[depth]:
                raise ValueError(f"{fun}: expected a rectangular nested list of shape "
                                 f"{tuple(shape)}, got a ragged list ({x!r} at depth {depth})")
            for y in x:
                walk(y, depth + 1)
            return
        if isinstance(x, (list, tuple)):
            raise ValueError(f"{fun}: expected a rectangular nested list of shape {tuple(shape)}")
        t = _scalar_type(x, fun)
        kind[0] = t if kind[0] is None else T.merge(kind[0], t)

    walk(data, 0)
    return tuple(shape), kind[0] or T.F32


def _scalar_type(x, fun):
    if isinstance(x, str):
        if x in _ATOMS:
            return T.F32
        raise TypeError(f"{fun}: unknown value {x!r}; numbers, booleans and the atoms "
                        "'nan', 'infinity', 'neg_infinity' are accepted")
    if isinstance(x, Tensor):
        if x.shape != ():
            raise TypeError(f"{fun}: nested tensors must be scalars, got shape {x.shape}")
        return x.type
    if isinstance(x, int) and not isinstance(x, bool):
        return T.S32   # as Nx: every integer is s32 (out-of-range ones wrap on creation)
    try:
        return T.infer_scalar(x)
    except TypeError:
        raise TypeError(f"{fun}: cannot build a tensor from {x!r} of type "
                        f"{type(x).__name__}") from None


def _to_plain(x):
    if isinstance(x, str):
        return _ATOMS[x]
    if isinstance(x, Tensor):
        if x.is_traced():
            raise TypeError(
                "nx.tensor: cannot build one tensor from a list that holds traced tensors "
                f"({x.type.name} elements) inside a defn. A list given to a defn is a container "
                "(one tensor per element): pass an array or nx.tensor(list) as the argument, "
                "or combine the elements with nx.stack / nx.concatenate")
        return x.to_numpy().item()
    if isinstance(x, (list, tuple)):
        return [_to_plain(y) for y in x]
    return x


def cast_array(arr: np.ndarray, t: T.Type) -> np.ndarray:
    """Converts host data to type `t` with Nx semantics (as_type)."""
    if arr.dtype == t.dtype:
        return arr
    from nx.dialects.nx.ops.elementwise import as_type_array
    if arr.dtype == np.bool_:
        arr = arr.astype(np.uint8)
    if arr.dtype.kind == "O":
        arr = arr.astype(np.complex128 if T.is_complex(t) else np.float64)
    return as_type_array(arr, t)


def from_array(arr: np.ndarray, t: T.Type, names=None, backend=None, vectorized_axes=()):
    """A tensor from host data already of type `t` (no checks)."""
    shape = arr.shape[len(vectorized_axes):]
    if names is None:
        names = (None,) * len(shape)
    b = backend or DEFAULT_BACKEND.get()
    if b == "xla":
        from nx.runtime import pjrt
        return Tensor(pjrt.to_device(arr), shape, t, names, vectorized_axes)
    if type(b) is tuple:   # ("xla", {"platform": ..., "device": ...})
        return Tensor(_to_backend_device(arr, b), shape, t, names, vectorized_axes)
    return Tensor(arr, shape, t, names, vectorized_axes)


def normalize_names(names, rank, fun="nx.tensor"):
    if names is None:
        return (None,) * rank
    names = tuple(names)
    if len(names) != rank:
        raise ValueError(f"{fun}: expected {rank} names for a tensor of rank {rank}, got "
                         f"{len(names)}: {list(names)}")
    for n in names:
        if n is not None and not isinstance(n, str):
            raise TypeError(f"{fun}: names must be strings or None, got {n!r}")
    return names


def tensor(data: Any, type: T.Type | str | tuple[str, int] | None = None,
           names: Sequence[str | None] | None = None,
           backend: str | tuple[str, dict[str, Any]] | None = None) -> Tensor:
    """Builds a tensor from a number, boolean, (nested) list, NumPy array or tensor.

    As in Nx, Python integers are `s32` (out-of-range ones wrap around), and a tensor is never
    converted: `type=` must be its own type (else TypeError; use `nx.as_type`), `backend=` the
    one holding it, and its names are dropped unless `names=` is given (names that conflict
    with its own raise).

        >>> nx.tensor([[1, 2, 3], [4, 5, 6]], names=["x", "y"])
        nx.Tensor<
          s32[x: 2][y: 3]
          [
            [1, 2, 3],
            [4, 5, 6]
          ]
        >
        >>> nx.tensor(nx.tensor([1, 2, 3], names=["column"]))
        nx.Tensor<
          s32[3]
          [1, 2, 3]
        >
        >>> nx.tensor([0xF0000000])
        nx.Tensor<
          s32[1]
          [-268435456]
        >
    """
    fun = "nx.tensor"
    t = T.parse(type, fun=fun) if type is not None else None
    if backend is not None and backend not in _BACKENDS:
        backend = _backend_spec(backend, fun)
    if isinstance(data, Tensor):
        return _from_tensor(data, t, names, _backend_name(backend), fun)
    if isinstance(data, np.ndarray) or (hasattr(data, "__array__") and
                                        not isinstance(data, (list, tuple, numbers.Number))):
        src_arr = np.asarray(data)
        src = T.from_dtype(src_arr.dtype)
        arr = cast_array(src_arr, t) if t is not None else \
            (src_arr.astype(np.uint8) if src_arr.dtype == np.bool_ else src_arr)
        if (backend or DEFAULT_BACKEND[0]) == "numpy" and (
                arr is src_arr or not arr.flags.c_contiguous or np.shares_memory(arr, src_arr)):
            # a tensor owns its memory, as jnp.asarray's result does: mutating the array
            # later changes nothing here (nx.from_dlpack is the zero-copy way)
            arr = np.array(arr, order="C", copy=True)
        return from_array(np.asarray(arr, order="C"), t or src,
                          normalize_names(names, arr.ndim, fun), backend)
    if isinstance(data, (list, tuple)):
        shape, inferred = _infer_list(data, fun)
        if 0 in shape:
            raise ValueError(f"{fun}: cannot build a tensor from an empty list ({data!r}): as "
                             "in Nx (\"invalid value given to Nx.tensor/1, got: []\"), a list "
                             "needs at least one number on every axis")
        plain = _to_plain(data)
    else:
        shape, inferred = (), _scalar_type(data, fun)
        plain = _to_plain(data)
    tt = t or inferred
    if T.is_complex(tt):
        arr = np.array(plain, dtype=np.complex128).reshape(shape)
    elif T.is_integer(tt) and T.is_integer(inferred):
        arr = np.array(plain, dtype=object).reshape(shape) if shape else np.array(plain)
        arr = _wrap_ints(arr, tt, fun)
    else:
        if T.is_complex(inferred):
            raise TypeError(f"{fun}: cannot build a {tt} tensor from complex numbers")
        arr = np.array(plain, dtype=np.float64).reshape(shape)
    out = from_array(np.asarray(cast_array(arr, tt), order="C"), tt,
                     normalize_names(names, len(shape), fun), backend)
    if type is None and not shape and isinstance(data, (float, complex)) and \
            _trace_current() is not None:
        # a float literal inside a defn: a weak constant (const-precision gives it the
        # precision of the operation it meets, from the exact value)
        from nx.compiler.passes.const_precision import note_literal
        note_literal(out, data)
    return out


def _from_tensor(data, t, names, backend, fun):
    """Nx.tensor/2 given a tensor: it is returned as it is, never converted. A `type` must be
    the tensor's own, a `backend` the one holding its data; the result has the `names` given
    (checked against the tensor's own names, which are otherwise dropped, as in Nx)."""
    if backend is not None and data.data is not None and not isinstance(data.data, _Value()):
        have = "numpy" if type(data.data) is np.ndarray else "xla"
        if have != backend:
            raise ValueError(f"{fun}: wants to allocate on backend {backend!r} but it was given "
                             f"a tensor allocated on {have!r} (use nx.backend_transfer)")
    if t is not None and t != data.type:
        raise TypeError(f"{fun}: expects a tensor with type {t} but it was given a tensor of "
                        f"type {data.type} (use nx.as_type to convert)")
    if names is None:
        new = (None,) * data.rank
    else:
        new = normalize_names(names, data.rank, fun)
        for i, (a, b) in enumerate(zip(data.names, new)):
            if a is not None and b is not None and a != b:
                raise ValueError(f"{fun}: cannot merge name {a!r} on axis {i} with name {b!r} "
                                 f"on axis {i}")
    if new == tuple(data.names):
        return data
    return Tensor(data.data, data.shape, data.type, new, data.vectorized_axes)


def _Value():
    from nx.compiler.ir import Value
    return Value


def _trace_current():
    from nx.compiler import trace
    return trace.current()


def _wrap_ints(arr, t, fun):
    """Python integers into integer type `t`, wrapping around out-of-range values (two's
    complement), as Nx does: `nx.tensor([300], type="s8")` is `[44]`."""
    lo, hi = T.min_finite(t), T.max_finite(t)
    span = hi - lo + 1
    flat = [int(v) for v in np.asarray(arr, dtype=object).reshape(-1)]
    flat = [v if lo <= v <= hi else (v - lo) % span + lo for v in flat]
    return np.array(flat, dtype=t.dtype).reshape(np.shape(arr))


def to_numpy(t) -> np.ndarray:
    """The tensor's data as a NumPy array (vectorized axes first)."""
    return t.to_numpy() if isinstance(t, Tensor) else np.asarray(t)


_PLATFORMS = ("cpu", "cuda", "rocm", "tpu")
_XLA_OPTIONS = ("platform", "device")
# Set once a default backend places tensors anywhere but the CPU's device 0: from then on
# compiled calls and eager ops look at where their operands live (defn.placement).
PLACED = [False]


def _backend_name(backend):
    return backend if backend is None or type(backend) is str else backend[0]


def _backend_spec(backend, fun):
    """A backend as stored: "numpy", "xla", or ("xla", {"platform": p, "device": i}) for
    options (checked: a known platform, present on this machine, a device it has)."""
    if isinstance(backend, str):
        if backend not in _BACKENDS:
            raise ValueError(f"{fun}: unknown backend {backend!r}, expected one of "
                             f"{list(_BACKENDS)} (or a (backend, options) pair)")
        return backend
    if not (isinstance(backend, (tuple, list)) and len(backend) == 2
            and isinstance(backend[0], str) and isinstance(backend[1], dict)):
        raise TypeError(f"{fun}: expected a backend name ({', '.join(map(repr, _BACKENDS))}) "
                        f"or a (name, options dict) pair such as ('xla', {{'platform': "
                        f"'cpu'}}), got {backend!r:.80}")
    name, opts = backend
    _backend_spec(name, fun)
    if name == "numpy":
        if opts:
            raise ValueError(f"{fun}: the 'numpy' backend takes no options, got "
                             f"{sorted(opts)}")
        return "numpy"
    unknown = sorted(k for k in opts if k not in _XLA_OPTIONS)
    if unknown:
        raise ValueError(f"{fun}: unknown option(s) {unknown} for the 'xla' backend, expected "
                         f"{list(_XLA_OPTIONS)}")
    if not opts:
        return "xla"
    platform = opts.get("platform", "cpu")
    if platform not in _PLATFORMS:
        raise ValueError(f"{fun}: unknown platform {platform!r} for the 'xla' backend, "
                         f"expected one of {list(_PLATFORMS)}")
    device = opts.get("device", 0)
    if not isinstance(device, int) or isinstance(device, bool) or device < 0:
        raise ValueError(f"{fun}: the 'xla' backend's device must be a non-negative integer "
                         f"(a device index on the platform), got {device!r}")
    from nx.runtime import pjrt
    try:
        client = pjrt.client(platform)
    except RuntimeError as e:
        raise RuntimeError(f"{fun}: platform {platform!r} is not available on this machine "
                           f"({e})") from None
    n = len(client.local_devices())
    if device >= n:
        have = "device 0" if n == 1 else f"devices 0..{n - 1}"
        raise ValueError(f"{fun}: platform {platform!r} has {have}, there is no device "
                         f"{device}")
    if (platform, device) != ("cpu", 0):
        PLACED[0] = True
    return ("xla", {"platform": platform, "device": device})


def placement(tensors, fun):
    """Where a compiled call (or an eager op) on `tensors` runs once tensors may live off the
    CPU's device 0 (`PLACED`): the device of the device-resident ones (all on one device, else
    ValueError naming them), else the default backend's; None for the CPU's device 0."""
    from nx.compiler.ir import Value
    from nx.runtime import pjrt
    devs: dict = {}
    for i, t in enumerate(tensors):
        d = t.data
        if type(d) is np.ndarray or type(d) is Deallocated or isinstance(d, Value):
            continue
        devs.setdefault(pjrt.device_of(d), i)
    if len(devs) > 1:
        where = ", ".join(f"argument {i} on {d.platform}:{pjrt.device_index(d)}"
                          for d, i in devs.items())
        raise ValueError(f"{fun}: the tensors are on different devices ({where}); move them to "
                         "one with nx.backend_transfer or create them under one default backend")
    if devs:
        dev = next(iter(devs))
    else:
        spec = DEFAULT_BACKEND.get()
        if type(spec) is not tuple:
            return None
        dev = pjrt.device(spec[1]["platform"], spec[1]["device"])
    if dev.platform == "cpu" and pjrt.device_index(dev) == 0:
        return None
    return dev


def buffer_on(t, dev):
    """Tensor `t`'s data as a buffer on device `dev` (host data is copied there)."""
    from nx.runtime import pjrt
    d = t.data
    if type(d) is np.ndarray:
        return pjrt.to_device(d, dev)
    if type(d) is Deallocated:
        raise d.error()
    return d


def _to_backend_device(arr, spec):
    from nx.runtime import pjrt
    opts = spec[1]
    return pjrt.to_device(arr, pjrt.device(opts["platform"], opts["device"]))


def _public(spec):
    """A stored backend as it is shown: a name, or (name, a copy of the options)."""
    return spec if type(spec) is str else (spec[0], dict(spec[1]))


def default_backend(backend=None):
    """Gets (no argument) or sets the default backend of the current thread (Nx's default
    backend of the current process), returning the previous one. A backend is "numpy" (host
    arrays, Nx's BinaryBackend), "xla" (PJRT device buffers, EXLA.Backend) or "xla" with
    options: `("xla", {"platform": "cpu", "device": 0})` (a platform this machine has —
    "cpu", "cuda", ... — and a device index on it). Threads that never set one use the
    process-wide default, `nx.global_default_backend`.

        >>> nx.default_backend()
        'numpy'
        >>> prev = nx.default_backend(("xla", {"platform": "cpu"}))
        >>> nx.default_backend()
        ('xla', {'platform': 'cpu', 'device': 0})
        >>> nx.tensor([1, 2]).backend
        'xla'
        >>> nx.default_backend(prev)
        ('xla', {'platform': 'cpu', 'device': 0})
    """
    prev = _public(DEFAULT_BACKEND.get())
    if backend is not None:
        DEFAULT_BACKEND.local.backend = _backend_spec(backend, "nx.default_backend")
    return prev


def global_default_backend(backend=None):
    """Sets the default backend of every thread that has not set its own with
    `nx.default_backend` (Nx.global_default_backend/1), returning the previous process-wide
    default; with no argument, returns it. Meant for scripts and notebooks.

        >>> import threading
        >>> prev = nx.global_default_backend("xla")
        >>> seen = []
        >>> th = threading.Thread(target=lambda: seen.append(nx.tensor(1).backend))
        >>> th.start(); th.join()
        >>> seen
        ['xla']
        >>> nx.global_default_backend(prev)
        'xla'
    """
    prev = _public(DEFAULT_BACKEND.glob)
    if backend is not None:
        DEFAULT_BACKEND.glob = _backend_spec(backend, "nx.global_default_backend")
    return prev


_UNSET = object()


class _BackendScope:
    """`with nx.with_default_backend(backend):` sets the current thread's default backend for
    the block and restores the previous one (set or not) after it."""

    __slots__ = ("backend", "prev")

    def __init__(self, backend):
        self.backend = backend
        self.prev = []

    def __enter__(self):
        local = DEFAULT_BACKEND.local
        self.prev.append(getattr(local, "backend", _UNSET))
        local.backend = self.backend
        return self

    def __exit__(self, *exc):
        prev = self.prev.pop()
        local = DEFAULT_BACKEND.local
        if prev is _UNSET:
            local.__dict__.pop("backend", None)
        else:
            local.backend = prev
        return False


def with_default_backend(backend, fun=None):
    """Runs code with `backend` as the current thread's default backend: as a context manager,
    `with nx.with_default_backend("xla"): ...`, or `nx.with_default_backend(backend, fun)`,
    which calls `fun()` and returns its result (Nx.with_default_backend/2). The previous
    default comes back afterwards, also when the code raises.

        >>> with nx.with_default_backend("xla"):
        ...     nx.tensor([1, 2]).backend
        'xla'
        >>> nx.with_default_backend(("xla", {"platform": "cpu"}), lambda: nx.tensor(1).backend)
        'xla'
        >>> nx.default_backend()
        'numpy'
    """
    scope = _BackendScope(_backend_spec(backend, "nx.with_default_backend"))
    if fun is None:
        return scope
    if not callable(fun):
        raise TypeError(f"nx.with_default_backend: expected a function of no arguments, got "
                        f"{type(fun).__name__}")
    with scope:
        return fun()


class Deallocated:
    """Stands in for the data of a tensor whose device buffer was deallocated: any use of the
    data raises a clear error."""

    __slots__ = ("desc",)

    def __init__(self, desc):
        self.desc = desc

    def error(self):
        return RuntimeError(f"cannot use a tensor ({self.desc}) whose data was deallocated by "
                            "nx.backend_deallocate or nx.backend_transfer")

    def __array__(self, *a, **k):
        raise self.error()

    def __dlpack__(self, *a, **k):
        raise self.error()

    def __dlpack_device__(self):
        raise self.error()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise self.error()




# --- type helpers: nx.u8(data), nx.f32(data), ... (Nx.u8/1 etc.) ----------------------------

_TYPE_HELPERS = ("u2", "u4", "u8", "u16", "u32", "u64", "s2", "s4", "s8", "s16", "s32", "s64",
                 "f8", "bf16", "f16", "f32", "f64", "c64", "c128")
# (argument, printed elements) of each helper's docstring example
_HELPER_EXAMPLES = {"u": ("[1, 2, 3]", "[1, 2, 3]"), "s": ("[-1, 0, 1]", "[-1, 0, 1]"),
                    "f": ("[1.0, 2.5]", "[1.0, 2.5]"), "b": ("[1.0, 2.5]", "[1.0, 2.5]"),
                    "c": ("[1, 2]", "[1.0+0.0i, 2.0+0.0i]")}


def _type_helper(name):
    def helper(data, names=None):
        return tensor(data, type=name, names=names)
    helper.__name__ = helper.__qualname__ = name
    helper.__module__ = __name__
    data, shown = _HELPER_EXAMPLES[name[0]]
    n = data.count(",") + 1
    extra = " (`f8` is E5M2, as in Nx)" if name == "f8" else ""
    helper.__doc__ = (f"A tensor of type `{name}`{extra}: `nx.tensor(data, type=\"{name}\", "
                      f"names=names)` (Nx.{name}/1).\n\n"
                      f"        >>> nx.{name}({data})\n        nx.Tensor<\n          {name}[{n}]\n"
                      f"          {shown}\n        >\n")
    return helper


for _name in _TYPE_HELPERS:
    globals()[_name] = _type_helper(_name)
del _name
__all__ += list(_TYPE_HELPERS)
