"""nx.linalg: Nx.LinAlg (Nx v0.10).

Every function works on a matrix or a batch of matrices in the last two axes, eagerly (numpy
and xla backends) and inside `nx.jit`/`nx.defn`, and is differentiable where Nx is. Called
eagerly, a function runs as Nx's defn functions do: as one compiled program per signature and
options (`@eager_compiled`, nx/_eager.py), its results on the backend of its inputs. On host
tensors that program computes each decomposition in double precision and rounds once, as the
numpy backend's kernels do (`_decomp`), so eager results are the numpy backend's numbers; on
device tensors it is the program `nx.jit` compiles.

Building blocks (ops in dialects/nx/ops/decomp.py): `cholesky`, `triangular_solve`, `qr`, `eigh`
(with Nx's order, signs and eps rounding), `svd`, `lu` and `lu_factor` (the packed LU with the
permutation's sign), each with a NumPy kernel (numpy backend, evaluator) and a StableHLO
lowering, and a gradient rule. The rest is composed of nx ops as Nx composes it: `solve`
(packed LU, then two triangular solves, the first with l's implied unit diagonal), `invert` (a
scaled solve with Nx's determinant guard and Nx's custom gradient), `determinant` (Nx's closed
forms for 2x2 and 3x3, the packed LU's diagonal and sign otherwise), `pinv`,
`least_squares`, `matrix_rank` and `norm` (SVD), `matrix_power` (repeated squaring).

Implementation choice, by measurement (`OPENBLAS_NUM_THREADS=1 python
benchmarks/linalg_bench.py --reps 9` on the shared 2-core CPU, f32, medians of interleaved
runs, ms, nx.jit on XLA CPU):

    op (shape)                        LAPACK custom call   StableHLO op   nx ops (Householder)
    cholesky 256x256                  0.503                11.524         -
    cholesky 32x64x64                 0.610                14.940         -
    triangular_solve 256x256          0.587 (?trsm)        0.529          -
    triangular_solve 32x64x64         0.790 (?trsm)        0.819          -
    triangular_solve 256x256, 8 rhs   0.169 (?trsm)        0.286          -
    triangular_solve 32x64x64, 8 rhs  0.353 (?trsm)        0.731          -
    qr 64x64                          0.172                -              0.196
    qr 256x256                        2.205                -              6.228

so on CPU the factorizations use jaxlib's LAPACK kernels (`lapack_?potrf_ffi`,
`?geqrf`+`?orgqr`, `?syevd`/`?heevd`, `?gesdd`, `?getrf`, the typed-FFI targets jaxlib's CPU
runtime registers) and triangular solves use `?trsm` (even with a square right-hand side, and
2-4x faster with the few columns `solve` has). Algorithms written as nx ops are portable but
slower on CPU (QR: 2.8x at 256x256). On other platforms (and when jaxlib's LAPACK kernels
cannot be loaded) `cholesky` and `triangular_solve` lower to `stablehlo.cholesky` /
`stablehlo.triangular_solve`, and qr, eigh, svd and lu to their portable decompositions in pure
StableHLO (Householder QR, Jacobi eigh and SVD, LU with partial pivoting), which
`nx.jit(f, lowering="portable")`, IREE and exported artifacts use everywhere (docs/targets.md).

Conventions that differ from Nx's own defn implementations (documented, not bugs):
- `eigh`/`svd`/`qr`/`lu` use LAPACK's algorithms, so `eps` and `max_iter` (Nx's iteration
  controls) only keep Nx's rounding step: entries with |x| <= eps become 0 (qr, eigh), as Nx
  does. eigenvalues are sorted by decreasing absolute value (Nx's order); each eigenvector is
  scaled so its largest-magnitude entry is real and positive. Eigenvectors of repeated
  eigenvalues span the same space as Nx's but may be a different basis.
- `lu` pivots like LAPACK (partial pivoting, a[perm] = L U): for some matrices the permutation
  differs from Nx's (Nx pivots on the original columns).
- Value-dependent errors: `triangular_solve` raises "can't solve for singular matrix" eagerly
  (as Nx's binary backend does); inside `nx.jit` a zero pivot gives inf/NaN (as EXLA does).
  `cholesky` of a matrix that is not positive definite gives NaNs in every mode.
"""
# `t = to_tensor(t, ...)` makes a parameter annotated `TensorLike` a Tensor: mypy sees that
# only if the name may be redefined (nx._args.to_tensor has no annotations)
# mypy: allow-redefinition
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import types as T
from ._dispatch import apply
from ._eager import eager_compiled, host_semantics
from .compiler.ir import Value
from .ops import as_type, to_tensor, transpose
from .tensor import Tensor

if TYPE_CHECKING:
    import nx  # annotations say nx.Tensor: `Tensor` is deleted at the end

    from ._typing import Axes, TensorLike

__all__ = ["adjoint", "cholesky", "determinant", "eigh", "invert", "least_squares", "lu",
           "matrix_power", "matrix_rank", "norm", "pinv", "qr", "solve", "svd",
           "triangular_solve"]

_LOW = (("f", 16), ("bf", 16), ("f", 8))


def _nx():
    import nx
    return nx


def _traced(*ts):
    return any(isinstance(t.data, Value) for t in ts)


def _to_real(t):
    """Nx.Type.to_real: complex -> its real part's type, floats stay, integers -> f32."""
    return T.to_real(T.to_float(t))


def _work(t):
    """(the type Nx returns, the LAPACK type the op computes in)."""
    out = T.to_float(t)
    return out, (T.F32 if tuple(out) in _LOW else out)


_WIDE = {("f", 32): T.Type("f64"), ("c", 64): T.Type("c128")}
_NARROW = {("f", 64): T.F32, ("c", 128): T.Type("c64")}


def _decomp(name, operands, attrs, names=None, nresults=1, narrow=True):
    """`apply` of a decomposition op (cholesky, triangular_solve, lu, lu_factor, qr, svd) to
    LAPACK-typed operands. In the program of an eager call on host tensors (`host_semantics()`)
    a 32-bit op computes in double precision and rounds once, as the numpy backend's kernels
    do, so the compiled call gives the numpy backend's values; elsewhere it computes in its
    own type (XLA's LAPACK kernels, as under `nx.jit`). `narrow=False` leaves the rounding of
    widened results to the caller (`_narrowed`), which can round only what it uses.

    The programs are kept small: PJRT runs a program that XLA's cost analysis puts under 1,000
    flops inline on the caller's thread and hands a larger one to a worker thread (about 5 us
    on an idle machine, 20-30 us on a loaded one), so each element-wise pass over an 8x8
    matrix (64 flops; conversions count) is a noticeable share of an eager call. Hence the
    packed LU for solve/determinant/invert, constant masks and identities, and Nx's eigh
    conventions inside the op (benchmarks/eager_composite_bench.py)."""
    wide = _WIDE.get(tuple(operands[0].type)) if host_semantics() else None
    if wide is None:
        return apply(name, operands, attrs, names, nresults=nresults)
    outs = apply(name, [as_type(x, wide) for x in operands], attrs, names, nresults=nresults)
    if not narrow:
        return outs
    narrowed = [as_type(o, _NARROW[tuple(o.type)]) if tuple(o.type) in _NARROW else o
                for o in (outs if isinstance(outs, list) else [outs])]
    return narrowed if isinstance(outs, list) else narrowed[0]


def _narrowed(t, work):
    """A result of `_decomp(..., narrow=False)` for operands of type `work`: rounded to
    `work`'s 32-bit type where `_decomp` computed in double precision."""
    if host_semantics() and tuple(work) in _WIDE and tuple(t.type) in _NARROW:
        return as_type(t, _NARROW[tuple(t.type)])
    return t


def _check_rank2(fun, t, square=True, msg=None):
    if t.rank < 2:
        raise ValueError(f"{fun}: tensor must have at least rank 2, got rank {t.rank} with "
                         f"shape {t.shape}")
    if square and t.shape[-1] != t.shape[-2]:
        raise ValueError(msg or f"{fun}: tensor must be a square matrix or a batch of square "
                         f"matrices, got shape: {t.shape}")



def _mm(a, b):
    nx = _nx()
    r = a.rank
    batch = list(range(r - 2))
    return nx.dot(a, [r - 1], batch, b, [r - 2], batch)


def _unnamed(t):
    return t if all(n is None for n in t.names) else _nx().rename(t, [None] * t.rank)


def _eye(n, shape, type):
    nx = _nx()
    # a small identity is a constant in a program (nx.eye's iota comparison costs XLA:CPU two
    # element-wise ops per entry; see _decomp)
    e = nx.tensor(np.eye(n), type=type) if n <= 64 else nx.eye(n, type=type)
    return nx.broadcast(e, tuple(shape) + (n, n)) if shape else e


# --- adjoint ------------------------------------------------------------------------------------

@eager_compiled()
def adjoint(t: TensorLike) -> nx.Tensor:
    """The adjoint: the two innermost axes transposed (all axes reversed for rank <= 2, as
    Nx.transpose does), and conjugated when complex.

        >>> nx.linalg.adjoint(nx.tensor([[1, 2], [3, 4]]))
        nx.Tensor<
          s32[2][2]
          [
            [1, 3],
            [2, 4]
          ]
        >
        >>> nx.linalg.adjoint(nx.tensor([[1, complex(0, 2)], [3, complex(0, -4)]]))
        nx.Tensor<
          c64[2][2]
          [
            [1.0-0.0i, 3.0-0.0i],
            [0.0-2.0i, 0.0+4.0i]
          ]
        >
    """
    t = to_tensor(t, "nx.linalg.adjoint")
    r = t.rank
    out = transpose(t, axes=list(range(r - 2)) + [r - 1, r - 2]) if r > 2 else transpose(t)
    return _nx().conjugate(out) if T.is_complex(t.type) else out


# --- cholesky ---------------------------------------------------------------------------------

@eager_compiled()
def cholesky(t: TensorLike) -> nx.Tensor:
    """The Cholesky factor L (lower triangular, A = L L^H) of a batch of Hermitian
    positive-definite matrices; only the lower triangle of A is read. A matrix that is not
    positive definite gives NaNs. The type is A's floating type; names are kept.

        >>> nx.linalg.cholesky(nx.tensor([[20.0, 17.6], [17.6, 16.0]]))
        nx.Tensor<
          f32[2][2]
          [
            [4.4721360206604, 0.0],
            [3.9354796409606934, 0.7155413031578064]
          ]
        >
        >>> nx.linalg.cholesky(nx.tensor([[1.0, complex(0, -2)], [complex(0, 2), 5.0]]))
        nx.Tensor<
          c64[2][2]
          [
            [1.0+0.0i, 0.0+0.0i],
            [0.0+2.0i, 1.0+0.0i]
          ]
        >
    """
    fun = "nx.linalg.cholesky"
    t = to_tensor(t, fun)
    _check_rank2(fun, t)
    out, work = _work(t.type)
    x = as_type(t, work)
    r = _decomp("cholesky", [x], {}, tuple(t.names))
    return as_type(r, out) if work != out else r


# --- triangular_solve -------------------------------------------------------------------------

def _tri_args(fun, a, b, lower, left_side, transform_a):
    """triangular_solve's checks of its arguments; returns a and b as tensors."""
    if transform_a not in ("none", "transpose", "conjugate"):
        raise ValueError(f"{fun}: invalid value for transform_a, expected \"none\", "
                         f"\"transpose\", or \"conjugate\", got: {transform_a!r}")
    for name, v in (("lower", lower), ("left_side", left_side)):
        if not isinstance(v, (bool, np.bool_)):
            raise TypeError(f"{fun}: {name} must be a boolean, got {v!r}")
    a = to_tensor(a, fun, "a")
    b = to_tensor(b, fun, "b")
    _tri_shapes(fun, a.shape, b.shape, left_side)
    return a, b


def _tri_nonsingular(fun, a):
    """Eagerly (as Nx's binary backend does), a zero on the diagonal of the concrete `a` is an
    error; inside a trace it gives inf/NaN (as EXLA does)."""
    d = a.data
    if type(d) is not np.ndarray:
        d = np.asarray(d)          # a device buffer (concrete: the callers check)
    if not d.diagonal(0, -2, -1).all():    # a zero (or -0.0) on the diagonal
        raise ValueError(f"{fun}: can't solve for singular matrix")


def _triangular_solve_prepare(a, b, lower, left_side, transform_a):
    """Eager calls: the checks, and the value check (a zero on the diagonal: converting to the
    floating type keeps zeros and non-zeros), before the compiled program runs."""
    fun = "nx.linalg.triangular_solve"
    a, b = _tri_args(fun, a, b, lower, left_side, transform_a)
    if not _traced(a):
        _tri_nonsingular(fun, a)
    return {"a": a, "b": b, "lower": lower, "left_side": left_side, "transform_a": transform_a}


@eager_compiled(static=("lower", "left_side", "transform_a"),
                prepare=_triangular_solve_prepare)
def triangular_solve(a: TensorLike, b: TensorLike, lower: bool = True, left_side: bool = True,
                     transform_a: str = "none") -> nx.Tensor:
    """Solves `op(a) x = b` (or `x op(a) = b` with `left_side=False`) for x, where a is lower
    (`lower=True`) or upper triangular (only that triangle is read) and op is the identity
    (`transform_a="none"`), the transpose (`"transpose"`) or the element-wise conjugate
    (`"conjugate"`: a itself for a real matrix). b is a batch of matrices (or of
    vectors) with a's batch shape. The type is the merged floating type; b's names are kept.

        >>> a = nx.tensor([[3, 0, 0, 0], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]])
        >>> nx.linalg.triangular_solve(a, nx.tensor([4, 2, 4, 2]))
        nx.Tensor<
          f32[4]
          [1.3333333730697632, -0.6666666865348816, 2.6666667461395264, -1.3333333730697632]
        >
        >>> a = nx.tensor([[1, 0, 0], [1, 1, 0], [1, 2, 1]])
        >>> b = nx.tensor([[0, 2, 1], [1, 1, 0], [3, 3, 1]])
        >>> nx.linalg.triangular_solve(a, b, left_side=False)
        nx.Tensor<
          f32[3][3]
          [
            [-1.0, 0.0, 1.0],
            [0.0, 1.0, 0.0],
            [1.0, 1.0, 1.0]
          ]
        >
        >>> a = nx.tensor([[1, 1, 1], [0, 1, 1], [0, 0, 1]], type="f64")
        >>> nx.linalg.triangular_solve(a, nx.tensor([1, 2, 1]), transform_a="transpose",
        ...                            lower=False)
        nx.Tensor<
          f64[3]
          [1.0, 1.0, -1.0]
        >
        >>> a = nx.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]], type="f64")
        >>> nx.linalg.triangular_solve(a, nx.tensor([1, 2, 1]), transform_a="conjugate")
        nx.Tensor<
          f64[3]
          [1.0, 1.0, -1.0]
        >
    """
    fun = "nx.linalg.triangular_solve"
    a, b = _tri_args(fun, a, b, lower, left_side, transform_a)
    out, work = _work(T.merge(a.type, b.type))
    names = tuple(b.names)
    ax, bx = as_type(a, work), as_type(b, work)
    if transform_a == "conjugate":
        # op(a) = conj(a), as Nx after 0.10 (StableHLO has no conjugate-only mode): the
        # conjugate of a real matrix is the matrix itself
        if work[0] == "c":
            ax = _nx().conjugate(ax)
        transform_a = "none"
    vector = b.rank == a.rank - 1
    if vector:
        bx = _nx().new_axis(bx, -1 if left_side else -2)
    if not _traced(ax, bx):
        _tri_nonsingular(fun, ax)
    x = _decomp("triangular_solve", [ax, bx], {"left_side": bool(left_side), "lower": bool(lower),
                                              "transform_a": transform_a})
    if vector:
        x = _nx().squeeze(x, axes=[-1 if left_side else -2])
    x = as_type(x, out) if work != out else x
    return _nx().rename(x, list(names))


def _tri_shapes(fun, a_shape, b_shape, left_side):
    if len(a_shape) < 2 or a_shape[-1] != a_shape[-2]:
        raise ValueError(f"{fun}: expected a square matrix or a batch of square matrices, got "
                         f"tensor with shape: {a_shape}")
    n = a_shape[-1]
    batch = a_shape[:-2]
    ok = (len(b_shape) == len(a_shape) - 1 and b_shape[:-1] == batch and b_shape[-1] == n) or \
        (len(b_shape) == len(a_shape) and b_shape[:-2] == batch and
         (b_shape[-2] if left_side else b_shape[-1]) == n)
    if not ok:
        raise ValueError(f"{fun}: incompatible dimensions for a and b on triangular solve, got "
                         f"a of shape {a_shape} and b of shape {b_shape}")


# --- lu / solve / determinant / invert --------------------------------------------------------

def _lu_parts(x):
    """(perm, l, u) of the LAPACK-typed tensor x."""
    return _decomp("lu", [x], {}, nresults=3)


def _perm_matrix(perm, type):
    nx = _nx()
    n = perm.shape[-1]
    rows = nx.iota(perm.shape + (n,), axis=perm.rank - 1)
    return nx.as_type(nx.equal(rows, nx.new_axis(perm, -2)), type)


@eager_compiled(static=("eps",))
def lu(t: TensorLike, eps: float = 1e-10) -> tuple[nx.Tensor, nx.Tensor, nx.Tensor]:
    """The PLU decomposition `a = p . l . u` of a batch of square matrices, with partial
    pivoting (LAPACK getrf): p is a permutation matrix of a's type, l unit lower triangular and
    u upper triangular (a's floating type). Returns `(p, l, u)`; names are None. `eps` is
    accepted for Nx compatibility (partial pivoting needs no threshold).

        >>> p, l, u = nx.linalg.lu(nx.tensor([[1, 0, 1], [-1, 0, -1], [1, 1, 1]]))
        >>> p
        nx.Tensor<
          s32[3][3]
          [
            [1, 0, 0],
            [0, 0, 1],
            [0, 1, 0]
          ]
        >
        >>> l
        nx.Tensor<
          f32[3][3]
          [
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [-1.0, 0.0, 1.0]
          ]
        >
        >>> u
        nx.Tensor<
          f32[3][3]
          [
            [1.0, 0.0, 1.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 0.0]
          ]
        >
    """
    fun = "nx.linalg.lu"
    t = to_tensor(t, fun)
    _check_rank2(fun, t)
    _check_eps(fun, eps)
    out, work = _work(t.type)
    perm, lo, up = _lu_parts(as_type(t, work))
    p = _perm_matrix(perm, t.type)
    if work != out:
        lo, up = as_type(lo, out), as_type(up, out)
    return p, lo, up


def _check_eps(fun, eps, name="eps"):
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating, np.integer)):
        raise TypeError(f"{fun}: {name} must be a number, got {eps!r}")


def _solve_shapes(fun, a_shape, b_shape):
    if len(a_shape) < 2 or a_shape[-1] != a_shape[-2]:
        raise ValueError(f"{fun}: `a` tensor has incompatible dimensions, expected a square "
                         f"matrix or a batch of square matrices, got: {a_shape}")
    n = a_shape[-1]
    batch = a_shape[:-2]
    if len(b_shape) == len(a_shape) - 1 and b_shape[:-1] == batch and b_shape[-1] == n:
        return
    if len(b_shape) == len(a_shape) and b_shape[:-2] == batch and b_shape[-2] == n:
        return
    if not batch:
        raise ValueError(f"{fun}: `b` tensor has incompatible dimensions, expected {(n, n)} or "
                         f"({n},), got: {b_shape}")
    raise ValueError(f"{fun}: `b` tensor has incompatible dimensions, expected "
                     f"{batch + (n, 'm')} or {batch + (n,)}, got: {b_shape}")


def _solve_work(a, b):
    """a x = b for LAPACK-typed a (..., n, n) and b (..., n, m): P L U x = b, from the packed
    factorization (l's unit diagonal is implied, so no masks: what `lu` would give)."""
    nx = _nx()
    perm, packed, _ = _decomp("lu_factor", [a], {}, nresults=3)
    idx = nx.broadcast(nx.new_axis(perm, -1), b.shape)
    pb = nx.take_along_axis(b, idx, axis=-2)          # b[perm]: P^T b
    y = _decomp("triangular_solve", [packed, pb], {"left_side": True, "lower": True,
                                                   "transform_a": "none",
                                                   "unit_diagonal": True})
    return _decomp("triangular_solve", [packed, y], {"left_side": True, "lower": False,
                                                     "transform_a": "none"})


@eager_compiled()
def solve(a: TensorLike, b: TensorLike) -> nx.Tensor:
    """Solves `a x = b` for a batch of square matrices a and a batch of matrices (or vectors)
    b (LU with partial pivoting, then two triangular solves). The type is the merged floating
    type; names are not preserved (as in Nx).

        >>> a = nx.tensor([[1, 3, 2, 1], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]])
        >>> nx.round(nx.linalg.solve(a, nx.tensor([-3, 0, 4, -2])))
        nx.Tensor<
          f32[4]
          [1.0, -2.0, 3.0, -4.0]
        >
        >>> a = nx.tensor([[1, 0, 1], [1, 1, 0], [0, 1, 1]])
        >>> b = nx.tensor([[2, 2, 3], [2, 2, 4], [2, 0, 1]])
        >>> nx.round(nx.linalg.solve(a, b))
        nx.Tensor<
          f32[3][3]
          [
            [1.0, 2.0, 3.0],
            [1.0, 0.0, 1.0],
            [1.0, 0.0, 0.0]
          ]
        >
    """
    fun = "nx.linalg.solve"
    a = to_tensor(a, fun, "a")
    b = to_tensor(b, fun, "b")
    _solve_shapes(fun, a.shape, b.shape)
    out, work = _work(T.merge(a.type, b.type))
    ax, bx = _unnamed(as_type(a, work)), _unnamed(as_type(b, work))
    vector = b.rank == a.rank - 1
    if vector:
        bx = _nx().new_axis(bx, -1)
    x = _solve_work(ax, bx)
    if vector:
        x = _nx().squeeze(x, axes=[-1])
    return as_type(x, out) if work != out else x


def _det_work(x):
    """Determinant of the LAPACK-typed x (..., n, n): Nx's closed forms for 2x2 and 3x3, the LU
    product with the permutation's sign otherwise."""
    nx = _nx()
    n = x.shape[-1]

    def e(i, j):
        return x[..., i, j]
    if n == 2:
        return e(0, 0) * e(1, 1) - e(0, 1) * e(1, 0)
    if n == 3:
        return (e(0, 0) * e(1, 1) * e(2, 2) + e(0, 1) * e(1, 2) * e(2, 0) +
                e(0, 2) * e(1, 0) * e(2, 1) - e(0, 2) * e(1, 1) * e(2, 0) -
                e(0, 0) * e(1, 2) * e(2, 1) - e(0, 1) * e(1, 0) * e(2, 2))
    _, packed, sign = _decomp("lu_factor", [x], {}, nresults=3, narrow=False)
    # the diagonal, then the rounding (the same numbers, n conversions rather than n^2)
    return _narrowed(sign, x.type) * nx.product(_narrowed(nx.take_diagonal(packed), x.type),
                                                axes=[-1])


@eager_compiled()
def determinant(t: TensorLike) -> nx.Tensor:
    """The determinant of a batch of square matrices (closed forms for 2x2 and 3x3, as Nx
    does; LU otherwise). The type is the floating type; names are not preserved.

        >>> nx.linalg.determinant(nx.tensor([[1, 2], [3, 4]]))
        nx.Tensor<
          f32
          -2.0
        >
        >>> nx.linalg.determinant(nx.tensor([[1.0, 2.0, 3.0], [1.0, -2.0, 3.0], [7.0, 8.0, 9.0]]))
        nx.Tensor<
          f32
          48.0
        >
        >>> nx.linalg.determinant(nx.tensor([[1, 0, 0], [0, 2j, 0], [0, 0, 3]]))
        nx.Tensor<
          c64
          0.0+6.0i
        >
    """
    fun = "nx.linalg.determinant"
    t = to_tensor(t, fun)
    if t.rank < 2 or t.shape[-1] != t.shape[-2]:
        raise ValueError(f"{fun}: expects a square tensor or a batch of square tensors, got "
                         f"tensor with shape: {t.shape}")
    out, work = _work(t.type)
    d = _det_work(_unnamed(as_type(t, work)))
    return as_type(d, out) if work != out else d


@eager_compiled()
def invert(t: TensorLike) -> nx.Tensor:
    """The inverse of a batch of square matrices, computed as Nx does: a solve against the
    identity after scaling each row by its largest magnitude; a matrix whose determinant is
    (numerically) zero gives NaNs. The gradient is Nx's: -A^-H g A^-H.

        >>> a = nx.tensor([[1, 2, 1, 1], [0, 1, 0, 1], [0, 0, 1, 1], [0, 0, 0, 1]])
        >>> nx.linalg.invert(a)
        nx.Tensor<
          f32[4][4]
          [
            [1.0, -2.0, -1.0, 2.0],
            [0.0, 1.0, 0.0, -1.0],
            [0.0, 0.0, 1.0, -1.0],
            [0.0, 0.0, 0.0, 1.0]
          ]
        >
        >>> nx.linalg.invert(nx.tensor([[0, 0], [1, 1]]))
        nx.Tensor<
          f32[2][2]
          [
            [NaN, NaN],
            [NaN, NaN]
          ]
        >
    """
    fun = "nx.linalg.invert"
    t = to_tensor(t, fun)
    if t.rank < 2 or t.shape[-1] != t.shape[-2]:
        raise ValueError(f"{fun}: expects a square matrix or a batch of square matrices, got "
                         f"tensor with shape: {t.shape}")
    nx = _nx()
    out, work = _work(t.type)
    x = _unnamed(as_type(t, work))
    ans = _invert_work(x)
    ans = nx.custom_grad(ans, [x], lambda g: [-_mm(_mm(adjoint(ans), g), adjoint(ans))])
    return as_type(ans, out) if work != out else ans


def _invert_work(x):
    nx = _nx()
    n = x.shape[-1]
    batch = x.shape[:-2]
    real = T.to_real(x.type)
    eps = float(np.finfo(real.dtype).tiny) * 1e3
    det = _det_work(x)
    scale = nx.reduce_max(nx.abs(x), axes=[-1], keep_axes=True)
    scale = 1 / nx.select(nx.equal(scale, 0), nx.tensor(1, type=real), scale)
    scale = as_type(scale, x.type)
    wide = _WIDE.get(tuple(x.type)) if host_semantics() else None
    if wide is None:
        rhs = _eye(n, batch, x.type) * scale
    else:   # the right-hand side the wide solve would convert to: the same (exact) numbers
        rhs = _eye(n, batch, wide) * as_type(scale, wide)
    inv = _solve_work(x * scale, rhs)
    singular = nx.less_equal(nx.abs(det), eps)
    singular = nx.new_axis(nx.new_axis(singular, -1), -1)
    nan = nx.tensor(np.nan, type=x.type)
    return nx.select(singular, nan, inv)


@eager_compiled(static=("power",))
def matrix_power(t: TensorLike, power: int) -> nx.Tensor:
    """`t` raised to the integer `power` by repeated squaring (a batch of square matrices);
    power 0 gives the identity (s32, as Nx's `Nx.eye`), a negative power inverts first.

        >>> nx.linalg.matrix_power(nx.tensor([[1, 2], [3, 4]]), 6)
        nx.Tensor<
          s32[2][2]
          [
            [5743, 8370],
            [12555, 18298]
          ]
        >
        >>> nx.linalg.matrix_power(nx.tensor([[1, 2], [3, 4]]), 0)
        nx.Tensor<
          s32[2][2]
          [
            [1, 0],
            [0, 1]
          ]
        >
    """
    fun = "nx.linalg.matrix_power"
    t = to_tensor(t, fun)
    if isinstance(power, bool) or not isinstance(power, (int, np.integer)):
        raise TypeError(f"{fun}: power must be an integer, got {power!r}")
    if t.rank < 2 or t.shape[-1] != t.shape[-2]:
        raise ValueError(f"{fun}: expects a square matrix or a batch of square matrices, got "
                         f"tensor with shape: {t.shape}")
    power = int(power)
    if power < 0:
        return matrix_power(invert(t), -power)
    if power == 0:
        return _eye(t.shape[-1], t.shape[:-2], "s32")
    result, base = None, t
    while True:
        if power & 1:
            result = base if result is None else _mm(result, base)
        power >>= 1
        if not power:
            return result  # type: ignore[return-value]  # power >= 1: its top bit set it
        base = _mm(base, base)


# --- qr / eigh / svd --------------------------------------------------------------------------

@eager_compiled(static=("mode", "eps"))
def qr(t: TensorLike, mode: str = "reduced", eps: float = 1e-10) -> tuple[nx.Tensor, nx.Tensor]:
    """The QR decomposition of a batch of matrices (Householder reflections, Nx's signs):
    `mode="reduced"` gives q (..., m, k) and r (..., k, n) with k = min(m, n); "complete"
    gives q (..., m, m) and r (..., m, n). Entries with |x| <= eps become 0. Returns `(q, r)`.

        >>> q, r = nx.linalg.qr(nx.tensor([[3, 2, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]], type="f32"))
        >>> q
        nx.Tensor<
          f32[4][3]
          [
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 0.7071067690849304],
            [0.0, 0.0, 0.7071067690849304]
          ]
        >
        >>> r
        nx.Tensor<
          f32[3][3]
          [
            [3.0, 2.0, 1.0],
            [0.0, 1.0, 1.0],
            [0.0, 0.0, 1.4142135381698608]
          ]
        >
    """
    fun = "nx.linalg.qr"
    t = to_tensor(t, fun)
    if mode not in ("reduced", "complete"):
        raise ValueError(f"{fun}: invalid mode received. Expected one of [\"reduced\", "
                         f"\"complete\"], received: {mode!r}")
    _check_eps(fun, eps)
    _check_rank2(fun, t, square=False)
    out, work = _work(t.type)
    q, r = _decomp("qr", [as_type(t, work)], {"mode": mode, "eps": float(eps)}, nresults=2)
    if work != out:
        q, r = as_type(q, out), as_type(r, out)
    return q, r


@eager_compiled(static=("max_iter", "eps"))
def eigh(t: TensorLike, max_iter: int = 1000, eps: float = 1e-4) -> tuple[nx.Tensor, nx.Tensor]:
    """Eigenvalues and eigenvectors of a batch of Hermitian matrices (the lower triangle is
    read), as `(eigenvals, eigenvecs)`: eigenvalues sorted by decreasing absolute value (Nx's
    order), eigenvectors in the columns, each scaled so its largest-magnitude entry is real and
    positive; entries with |x| <= eps become 0 (as Nx does). Both results have the input's
    floating type, as in Nx: a complex matrix's (real) eigenvalues come back complex. `max_iter`
    is accepted for Nx compatibility (LAPACK's solver needs no iteration limit).

        >>> w, v = nx.linalg.eigh(nx.tensor([[1, 0], [0, 2]]))
        >>> nx.round(w)
        nx.Tensor<
          f32[2]
          [2.0, 1.0]
        >
        >>> v
        nx.Tensor<
          f32[2][2]
          [
            [0.0, 1.0],
            [1.0, 0.0]
          ]
        >
    """
    fun = "nx.linalg.eigh"
    t = to_tensor(t, fun)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"{fun}: max_iter must be a positive integer, got {max_iter!r}")
    _check_eps(fun, eps)
    _check_rank2(fun, t)
    out, work = _work(t.type)
    # one op with Nx's conventions (order, signs, eps; dialects/nx/ops/decomp.py): on host
    # tensors LAPACK runs in double precision and the conventions apply to the rounded factors,
    # as the numpy backend's kernel computes them
    attrs = {"order": "nx", "eps": float(eps)}
    if host_semantics() and tuple(work) in _WIDE:
        attrs["wide"] = True
    w, v = apply("eigh", [as_type(t, work)], attrs, nresults=2)
    if work != out:
        w, v = as_type(w, _to_real(out)), as_type(v, out)
    if T.is_complex(out):
        # Nx gives both results the input's floating type (lin_alg.ex, eigh:
        # `output_type = Nx.Type.to_floating(type)` for eigenvals and eigenvecs), so the real
        # eigenvalues of a complex Hermitian matrix come back complex, with zero imaginary parts
        w = as_type(w, out)
    return w, v


@eager_compiled(static=("max_iter", "full_matrices"))
def svd(t: TensorLike, max_iter: int = 100,
        full_matrices: bool = True) -> tuple[nx.Tensor, nx.Tensor, nx.Tensor]:
    """The singular value decomposition `a = u . diag(s) . vt` of a batch of real matrices:
    `(u, s, vt)` with s in decreasing order; `full_matrices=True` gives u (..., m, m) and vt
    (..., n, n), else (..., m, k) and (..., k, n). `max_iter` is accepted for Nx
    compatibility.

        >>> u, s, vt = nx.linalg.svd(nx.tensor([[1, 0, 0], [0, 1, 0], [0, 0, -1]]))
        >>> s
        nx.Tensor<
          f32[3]
          [1.0, 1.0, 1.0]
        >
        >>> nx.dot(u * s, vt)
        nx.Tensor<
          f32[3][3]
          [
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, -1.0]
          ]
        >
    """
    fun = "nx.linalg.svd"
    t = to_tensor(t, fun)
    if T.is_complex(t.type):
        raise TypeError(f"{fun}: not yet implemented for complex inputs, got {t.type.name}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"{fun}: max_iter must be a positive integer, got {max_iter!r}")
    _check_rank2(fun, t, square=False)
    out, work = _work(t.type)
    u, s, vt = _decomp("svd", [as_type(t, work)], {"full_matrices": bool(full_matrices)},
                     nresults=3)
    if work != out:
        u, s, vt = as_type(u, out), as_type(s, out), as_type(vt, out)
    return u, s, vt


# --- norm / rank / pinv / least squares -------------------------------------------------------

@eager_compiled(static=("ord", "axes", "keep_axes"))
def norm(t: TensorLike, ord: int | str | None = None, axes: Axes = None,
         keep_axes: bool = False) -> nx.Tensor:
    """The norm of a vector or matrix (Nx's table): ord None (2-norm of the elements),
    "frobenius", "nuclear" (sum of singular values), "inf"/"neg_inf" (max/min of abs, of the row
    sums for matrices), 0 (non-zero count, vectors), 1/-1 (max/min column sum, matrices), -2
    (smallest singular value, matrices) and any other integer p (the p-norm of the elements,
    computed scaled by the largest magnitude). `axes` and `keep_axes` apply to the reductions
    as in Nx. The type is the real floating type.

        >>> nx.linalg.norm(nx.tensor([3, 4]))
        nx.Tensor<
          f32
          5.0
        >
        >>> nx.linalg.norm(nx.tensor([[3, -2], [2, -4]]), ord="inf")
        nx.Tensor<
          f32
          6.0
        >
        >>> nx.linalg.norm(nx.tensor([[3, 4], [0, -4]]), axes=[1])
        nx.Tensor<
          f32[2]
          [5.0, 4.0]
        >
    """
    fun = "nx.linalg.norm"
    t = to_tensor(t, fun)
    if t.rank not in (1, 2):
        raise ValueError(f"{fun}: expected 1-D or 2-D tensor, got tensor with shape {t.shape}")
    opts = {"axes": axes, "keep_axes": keep_axes}
    if ord is None:
        return _norm_p(t, 2, opts)
    if ord == "frobenius":
        if t.rank == 1:
            raise ValueError(f"{fun}: expected a 2-D tensor for ord=\"frobenius\", got a 1-D "
                             "tensor")
        return _norm_p(t, 2, opts)
    if ord == "nuclear":
        if t.rank != 2:
            raise ValueError(f"{fun}: nuclear norm not supported for rank != 2")
        return _nx().sum(svd(t)[1])
    if ord in ("inf", "neg_inf"):
        nx = _nx()
        x = nx.abs(t)
        if t.rank == 2:
            x = nx.sum(x, axes=[1])
        red = nx.reduce_max if ord == "inf" else nx.reduce_min
        return as_type(red(x, axes=axes, keep_axes=keep_axes), _to_real(t.type))
    if isinstance(ord, bool) or not isinstance(ord, (int, np.integer)):
        raise ValueError(f"{fun}: unknown ord {ord!r}")
    ord = int(ord)
    return _norm_p(t, ord, opts)


def _norm_p(t, ord, opts):
    nx = _nx()
    out = _to_real(t.type)
    axes, keep = opts["axes"], opts["keep_axes"]
    if t.rank == 1 and ord == 0:
        return as_type(nx.sum(nx.not_equal(t, 0), axes=axes, keep_axes=keep), out)
    if t.rank == 2 and ord in (1, -1):
        s = nx.sum(nx.abs(t), axes=[0])
        red = nx.reduce_max if ord == 1 else nx.reduce_min
        return as_type(red(s, axes=axes, keep_axes=keep), out)
    if t.rank == 2 and ord not in (-2, -1, 1, 2):
        raise ValueError(f"nx.linalg.norm: invalid ord for 2-D tensor, got: {ord}")
    if t.rank == 2 and ord == -2:
        return nx.reduce_min(svd(t)[1], axes=axes, keep_axes=keep)
    abs_t = nx.abs(t)
    coef = nx.reduce_max(abs_t, axes=axes, keep_axes=True)
    coef = nx.select(nx.greater(coef, 0), coef, nx.tensor(1, type=coef.type))
    inv_ord = nx.tensor(1 / ord, type=out)
    r = nx.pow(nx.sum(nx.pow(abs_t / coef, ord), axes=axes, keep_axes=True), inv_ord) * coef
    r = as_type(r, out)
    if keep:
        return r
    return nx.squeeze(r, axes=axes)


@eager_compiled(static=("eps",))
def matrix_rank(a: TensorLike, eps: float = 1e-7) -> nx.Tensor:
    """The number of singular values greater than `eps * max(m, n) * max(s)` of a matrix
    (u32, as Nx's sum of a u8 comparison).

        >>> nx.linalg.matrix_rank(nx.tensor([[1, 1, 1, 1], [1, 1, 1, 1], [1, 2, 3, 4]]))
        nx.Tensor<
          u32
          2
        >
    """
    fun = "nx.linalg.matrix_rank"
    a = to_tensor(a, fun)
    if T.is_complex(a.type):
        raise TypeError(f"{fun}: not yet implemented for complex inputs, got {a.type.name}")
    if a.rank != 2:
        raise ValueError(f"{fun}: tensor must have rank 2, got rank {a.rank} with shape "
                         f"{a.shape}")
    _check_eps(fun, eps)
    nx = _nx()
    s = svd(a)[1]
    tol = nx.reduce_max(s) * (float(eps) * max(a.shape))
    return nx.sum(nx.greater(s, tol))


@eager_compiled(static=("eps",))
def pinv(t: TensorLike, eps: float = 1e-10) -> nx.Tensor:
    """The Moore-Penrose pseudo-inverse: 1/x for a scalar, x^H / |x|^2 for a vector, and
    V diag(1/s) U^H from the reduced SVD for (batches of) matrices, where singular values below
    `eps` count as 0. A tensor whose entries are all within eps of 0 gives zeros.

        >>> nx.linalg.pinv(nx.tensor([0, 1, 2]))
        nx.Tensor<
          f32[3]
          [0.0, 0.20000000298023224, 0.4000000059604645]
        >
        >>> nx.linalg.pinv(nx.tensor([[0.5, 0], [0, 1], [0.5, 0]]))
        nx.Tensor<
          f32[2][3]
          [
            [0.9999999403953552, 0.0, 0.9999999403953552],
            [0.0, 1.0, 0.0]
          ]
        >
    """
    fun = "nx.linalg.pinv"
    t = to_tensor(t, fun)
    _check_eps(fun, eps)
    nx = _nx()
    out = T.to_float(t.type)
    x = _unnamed(as_type(t, out))
    if t.rank == 0:
        res = 1 / x
    elif t.rank == 1:
        n2 = nx.sum(nx.abs(x) ** 2)
        res = adjoint(x) / as_type(n2, out)
    else:
        u, s, vt = svd(x, full_matrices=False)
        small = nx.less(nx.abs(s), eps)
        s_inv = nx.select(small, nx.tensor(0, type=s.type),
                          1 / nx.select(small, nx.tensor(1, type=s.type), s))
        sut = nx.new_axis(s_inv, -1) * adjoint(u)
        res = _mm(adjoint(vt), sut)
    zero = nx.all(nx.less_equal(nx.abs(x), eps))
    return nx.select(zero, nx.tensor(0, type=out), res)


@eager_compiled(static=("eps",))
def least_squares(a: TensorLike, b: TensorLike, eps: float = 1e-15) -> nx.Tensor:
    """The least-squares solution x of `a x = b` (a matrix, b a vector): `pinv(a, eps) . b`.

        >>> nx.linalg.least_squares(nx.tensor([[1, 2, 3], [4, 5, 6]]), nx.tensor([1, 2]))
        nx.Tensor<
          f32[3]
          [-0.05555558204650879, 0.1111110970377922, 0.2777778208255768]
        >
    """
    fun = "nx.linalg.least_squares"
    a = to_tensor(a, fun, "a")
    b = to_tensor(b, fun, "b")
    if T.is_complex(a.type) or T.is_complex(b.type):
        raise TypeError(f"{fun}: not yet implemented for complex inputs")
    if a.rank != 2:
        raise ValueError(f"{fun}: tensor of 1st argument must have rank 2, got rank {a.rank} "
                         f"with shape {a.shape}")
    if b.rank != 1:
        raise ValueError(f"{fun}: tensor of 2nd argument must have rank 1, got rank {b.rank} "
                         f"with shape {b.shape}")
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"{fun}: the number of rows of the matrix as the 1st argument and the "
                         "number of columns of the vector as the 2nd argument must be the same, "
                         f"got 1st argument shape {a.shape} and 2nd argument shape {b.shape}")
    _check_eps(fun, eps)
    return _nx().dot(pinv(a, eps=eps), _unnamed(b))


del Tensor
