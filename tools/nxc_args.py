"""nxc's `--arg` specs (see tools/nxc.py): `TYPE[DIM]...[=VALUES]` parsed into an `ArgSpec`,
which gives the tensor type, a template to trace with, or the tensor of its values (listed,
or read from a .npy file)."""
from __future__ import annotations

import re

from .nxc_errors import NxcError

# --- --arg specs -------------------------------------------------------------------------------

class ArgSpec:
    """One `--arg`: an Nx type, vectorized axes (`[vec name: N]` dimensions, leading), a shape
    with optional axis names, and optional values (row-major, vectorized axes first)."""

    __slots__ = ("text", "type", "shape", "names", "values", "vaxes")

    def __init__(self, text, type, shape, names, values, vaxes=()):
        self.text, self.type, self.shape, self.names, self.values = text, type, shape, names, values
        self.vaxes = tuple(vaxes)

    @property
    def full_shape(self):
        return tuple(n for _, n in self.vaxes) + self.shape

    def template(self):
        import nx
        from nx.tensor import Tensor
        t = nx.template(self.shape, self.type, names=list(self.names))
        if self.vaxes:
            t = Tensor(None, t.shape, t.type, t.names, self.vaxes)
        return t

    def tensor(self):
        from nx.tensor import from_array
        return from_array(self.values, self.type, names=tuple(self.names), backend="numpy",
                          vectorized_axes=self.vaxes)

    def tensor_type(self):
        from nx.compiler.ir import TensorType, VecType
        inner = TensorType(self.shape, self.type)
        return VecType(self.vaxes, inner) if self.vaxes else inner

    def __str__(self):
        vec = "".join(f"[vec {n}: {d}]" for n, d in self.vaxes)
        dims = "".join(f"[{n}: {d}]" if n else f"[{d}]" for d, n in zip(self.shape, self.names))
        return f"{self.type.name}{vec}{dims}"


_SPEC = re.compile(r"\s*([A-Za-z][A-Za-z0-9]*)\s*((?:\[[^\[\]]*\]\s*)*)(?:=(.*))?\s*\Z", re.S)
_DIM = re.compile(r"\[\s*(vec\s+)?(?:([A-Za-z_][A-Za-z0-9_]*)\s*:\s*)?([0-9]+)\s*\]\s*")
_ARG_HELP = ("expected TYPE[DIM]...[=VALUES], e.g. f32[3], s32[2][2], 'f32[x: 2][3]', "
             "'f32[3]=1,2,3', 's32=5', 'f32[4]=@values.npy' or, vectorized, "
             "'f32[vec rows: 2][3]'")


def require_values(specs):
    """Raises NxcError for the first --arg given without values (running needs them)."""
    missing = [s.text for s in specs if s.values is None]
    if missing:
        raise NxcError(f"--arg {missing[0]!r} has no value; write it as "
                       f"'{missing[0]}=v1,v2,...' or '{missing[0]}=@file.npy'")


def parse_arg_spec(text):
    """Parses an `--arg` spec: `TYPE` then `[N]` or `[name: N]` per axis, then optionally
    `=v1,v2,...` (row-major) or `=@file.npy`. `@file.npy` alone takes type and shape from the
    file. Raises NxcError."""
    from nx import types as T

    if text.startswith("@"):
        arr = _load_npy(text[1:], text)
        try:
            t = T.from_dtype(arr.dtype)
        except TypeError as e:
            raise NxcError(f"--arg {text!r}: {e}") from None
        return ArgSpec(text, t, tuple(arr.shape), (None,) * arr.ndim, arr.astype(t.dtype))
    m = _SPEC.match(text)
    if not m:
        raise NxcError(f"bad --arg {text!r}: {_ARG_HELP}")
    tname, dims, values = m.group(1), m.group(2), m.group(3)
    try:
        t = T.parse(tname)
    except TypeError:
        names = " ".join(sorted({x.name for x in T.ALL_TYPES}, key=lambda n: (n[0], len(n), n)))
        raise NxcError(f"bad --arg {text!r}: unknown type {tname!r}; expected one of: "
                       f"{names}") from None
    shape, names, vaxes, pos = [], [], [], 0
    while pos < len(dims):
        d = _DIM.match(dims, pos)
        if not d:
            raise NxcError(f"bad --arg {text!r}: bad dimension "
                           f"{dims[pos:].split(']')[0].strip()}]; {_ARG_HELP}")
        if d.group(1):   # a vectorized axis: named, and before every inner axis
            if d.group(2) is None:
                raise NxcError(f"bad --arg {text!r}: a vectorized axis needs a name, as in "
                               f"[vec rows: {d.group(3)}]")
            if shape:
                raise NxcError(f"bad --arg {text!r}: vectorized axes ([vec name: N]) must come "
                               "before the other dimensions")
            if d.group(2) in [n for n, _ in vaxes]:
                raise NxcError(f"bad --arg {text!r}: vectorized axis {d.group(2)!r} is given "
                               "twice")
            vaxes.append((d.group(2), int(d.group(3))))
        else:
            names.append(d.group(2))
            shape.append(int(d.group(3)))
        pos = d.end()
    spec = ArgSpec(text, t, tuple(shape), tuple(names), None, vaxes)
    if values is not None:
        spec.values = _parse_values(values.strip(), spec)
    return spec


def _load_npy(path, text):
    import numpy as np
    try:
        arr = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise NxcError(f"--arg {text!r}: no such file: {path}") from None
    except (OSError, ValueError) as e:
        raise NxcError(f"--arg {text!r}: cannot read {path} as a .npy file: {e}") from None
    if not isinstance(arr, np.ndarray):
        raise NxcError(f"--arg {text!r}: {path} holds several arrays; give a .npy file")
    return arr


_FLOAT_WORDS = {"nan": "nan", "infinity": "inf", "inf": "inf", "neg_infinity": "-inf",
                "-infinity": "-inf", "-inf": "-inf", "+inf": "inf"}


def _parse_number(s, t, text):
    kind = t[0]
    w = s.strip().lower()
    try:
        if kind in ("s", "u"):
            if w in ("true", "false"):
                return int(w == "true")
            v = int(w, 0) if not re.fullmatch(r"[+-]?0[0-9]+", w) else int(w)
            return v
        if kind == "c":
            w = w.replace(" ", "")
            return complex(w[:-1] + "j" if w.endswith("i") else w)
        return float(_FLOAT_WORDS.get(w, w))
    except ValueError:
        what = {"s": "an integer", "u": "an integer", "c": "a complex number"}.get(kind, "a number")
        raise NxcError(f"bad --arg {text!r}: {s.strip()!r} is not {what} (for {t.name})") from None


def _parse_values(values, spec):
    """The values of an `--arg`, as a NumPy array of the spec's type and shape."""
    import numpy as np

    t, text = spec.type, spec.text
    full = spec.full_shape
    size = 1
    for d in full:
        size *= d
    if values.startswith("@"):
        arr = _load_npy(values[1:], text)
        if tuple(arr.shape) != full:
            if arr.size != size:
                raise NxcError(f"--arg {text!r}: {values[1:]} holds shape {tuple(arr.shape)}, "
                               f"expected {full}")
            arr = arr.reshape(full)
        try:
            return np.asarray(arr).astype(t.dtype)
        except (TypeError, ValueError) as e:
            raise NxcError(f"--arg {text!r}: cannot convert {arr.dtype} values to {t.name}: "
                           f"{e}") from None
    items = [x for x in values.split(",")] if values else []
    if len(items) == 1 and items[0].strip() == "" and size != 0:
        items = []
    if any(not x.strip() for x in items):
        raise NxcError(f"bad --arg {text!r}: empty value in the list")
    nums = [_parse_number(x, t, text) for x in items]
    if len(nums) == 1 and size != 1:
        nums = nums * size  # one value fills the tensor
    if len(nums) != size:
        raise NxcError(f"--arg {text!r}: {spec} has {size} element(s) but {len(nums)} value(s) "
                       "were given (give them in row-major order, or one value to fill it)")
    if t[0] in ("s", "u"):
        import ml_dtypes
        info = ml_dtypes.iinfo(t.dtype)
        for v in nums:
            if not info.min <= v <= info.max:
                raise NxcError(f"--arg {text!r}: {v} is out of range for {t.name} "
                               f"[{info.min}, {info.max}]")
        return np.array(nums, dtype=object).astype(np.int64 if t[0] == "s" else np.uint64) \
            .astype(t.dtype).reshape(full)
    with np.errstate(over="ignore"):
        return np.array(nums).astype(t.dtype).reshape(full)

