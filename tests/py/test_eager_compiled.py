"""Composite functions called eagerly run as one compiled program per signature
(nx/_eager.py, `@eager_compiled`), as Nx's defn-backed functions do.

What is checked: results equal what the same function gives op by op on the numpy backend
(the evaluator: the NumPy kernels) and inside `nx.jit` (bit for bit for nx.random; for
nx.linalg bit for bit against nx.jit and to f32 rounding against the kernels, whose LAPACK is
NumPy's), on both backends and with vectorized inputs; results stay on their inputs' backend;
one compile per signature (counted by the cache object), numbers that Nx treats as tensors do
not recompile, the cache is bounded and can be emptied; bad input raises the function's own
error, before anything is compiled, and caches nothing; inside a trace the function is inlined.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

import nx
from nx import _eager
from nx import types as T

R, L = nx.random, nx.linalg
CACHE = _eager.CACHE


def _bits(t):
    a = np.asarray(t)
    return a.shape, a.dtype, a.tobytes()


def _leaves(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _key(seed, backend="numpy"):
    return nx.tensor(np.array([0, seed], np.uint32), type="u32", backend=backend)


@pytest.fixture(autouse=True)
def _fresh_cache():
    prev = CACHE.maxsize
    nx._eager.clear_eager_cache()
    yield
    CACHE.resize(prev)


# --- nx.random: bit for bit -------------------------------------------------------------------

RANDOM = {
    "split": lambda k: R.split(k, parts=3),
    "fold_in": lambda k: R.fold_in(k, 99),
    "fold_in_t": lambda k: R.fold_in(k, nx.tensor([[1, 99], [1234, 13]])),
    "threefry2x32": lambda k: R.threefry2x32(k, (2, 3)),
    "random_bits64": lambda k: R.random_bits(k, (3,), bit_width=64),
    "uniform": lambda k: R.uniform(k, shape=(5,)),
    "uniform_scaled": lambda k: R.uniform(k, -2.5, 7.0, shape=(64,)),
    "uniform_f16": lambda k: R.uniform(k, 0.5, 3.0, shape=(3, 2), type="f16", names=["a", "b"]),
    "uniform_c64": lambda k: R.uniform(k, shape=(2, 2), type="c64"),
    "uniform_split": lambda k: R.uniform_split(k, 1.0, 2.0, shape=(4,), type="f64"),
    "normal": lambda k: R.normal(k),
    "normal_scaled": lambda k: R.normal(k, 10, 5, shape=(1000,)),
    "normal_bf16": lambda k: R.normal(k, 0.3, 3.0, shape=(64,), type="bf16"),
    "normal_c64": lambda k: R.normal(k, 0, 1, shape=(2, 2), type="c64"),
    "normal_split": lambda k: R.normal_split(k, -1.0, 0.5, shape=(8,)),
    "randint": lambda k: R.randint(k, 1, 100, shape=(3, 2), type="u32"),
    "randint_s64": lambda k: R.randint(k, -(2 ** 40), 2 ** 40, shape=(4,), type="s64"),
    "gumbel": lambda k: R.gumbel(k, shape=(2, 3)),
    "shuffle": lambda k: R.shuffle(k, nx.iota((3, 4), axis=0)),
    "shuffle_independent": lambda k: R.shuffle(k, nx.iota((3, 4), axis=1), axis=1,
                                               independent=True),
    "choice": lambda k: R.choice(k, nx.iota((4, 3)), samples=4, axis=0),
    "choice_p": lambda k: R.choice(k, nx.iota((2, 3)), nx.tensor([0.01, 0.1, 0.19, 0.6, 0.05,
                                                                   0.05]), samples=6,
                                   replace=False),
    "mvn": lambda k: R.multivariate_normal(k, nx.tensor([0.0, 1.0]),
                                           nx.tensor([[2.0, 0.5], [0.5, 1.0]]), shape=(3,)),
    "mvn_svd": lambda k: R.multivariate_normal(k, nx.tensor([0.0, 0.0]),
                                               nx.tensor([[1.0, 2.0], [2.0, 4.0]]),
                                               shape=(50,), method="svd"),
}


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_random_host_equals_numpy_kernels_bit_for_bit(name):
    """On host tensors the compiled call gives the numpy backend's numbers (what the evaluator,
    i.e. the NumPy kernels op by op, gives), with its types and names, as host tensors."""
    f = RANDOM[name]
    k = _key(1701)
    got = f(k)
    ref = nx.jit(f, compiler="evaluator")(k)
    assert CACHE.compiles >= 1
    for g, r in zip(_leaves(got), _leaves(ref)):
        assert g.backend == "numpy", name
        assert (g.type, g.names, g.vectorized_axes) == (r.type, r.names, r.vectorized_axes)
        assert _bits(g) == _bits(r), name


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_random_xla_equals_jit_bit_for_bit(name):
    f = RANDOM[name]
    k = _key(42, "xla")
    got = f(k)
    ref = nx.jit(f)(k)
    for g, r in zip(_leaves(got), _leaves(ref)):
        assert g.backend == "xla", name
        assert (g.type, g.names) == (r.type, r.names)
        assert _bits(g) == _bits(r), name


def test_nx_doc_values_and_the_coin_flips():
    """The values Nx's docs print (tests/py/test_random.py has them all) and the seed
    notebook's coin flips, eagerly on the numpy backend, now compiled."""
    u, new_key = R.uniform(R.key(1701))
    assert _bits(u) == _bits(np.float32(0.9728643894195557))
    assert np.asarray(new_key).tolist() == [56197195, 1801093307]
    assert _bits(R.normal(R.key(42))[0]) == _bits(np.float32(1.3694695234298706))
    n = R.normal(R.key(1337), 10, 5, shape=(1000,))[0]
    assert _bits(nx.mean(n)) == _bits(np.float32(9.70022201538086))
    assert _bits(nx.standard_deviation(n)) == _bits(np.float32(5.051416397094727))
    assert np.asarray(R.randint(R.key(1701), 1, 100, shape=(3, 2), type="u32")[0]).tolist() == \
        [[9, 20], [19, 6], [71, 15]]
    flips = []
    for count in (10, 100, 1000):
        key, heads = R.key(42), 0
        for _ in range(count):
            value, key = R.uniform(key)
            heads += 0 if nx.to_number(value) < 0.5 else 1
        flips.append(heads)
    assert flips == [6, 49, 501]
    assert CACHE.entries(R.uniform) == 1   # 1,110 calls, one program


# --- nx.linalg --------------------------------------------------------------------------------

_rng = np.random.default_rng(0)
_A = _rng.standard_normal((4, 4)).astype(np.float32)
_SPD = (_A @ _A.T + 4 * np.eye(4)).astype(np.float32)
_TALL = _rng.standard_normal((5, 3)).astype(np.float32)
_B = _rng.standard_normal(4).astype(np.float32)
_LOWER = (np.tril(_A) + 4 * np.eye(4)).astype(np.float32)

LINALG = {
    "adjoint": (L.adjoint, (_A,)),
    "cholesky": (L.cholesky, (_SPD,)),
    "triangular_solve": (lambda a, b: L.triangular_solve(a, b, left_side=True), (_LOWER, _B)),
    "lu": (L.lu, (_A,)),
    "solve": (L.solve, (_SPD, _B)),
    "determinant": (L.determinant, (_A,)),
    "invert": (L.invert, (_SPD,)),
    "matrix_power": (lambda a: L.matrix_power(a, -2), (_SPD,)),
    "qr": (L.qr, (_TALL,)),
    "qr_complete": (lambda a: L.qr(a, mode="complete"), (_TALL,)),
    "eigh": (L.eigh, (_SPD,)),
    "svd": (L.svd, (_TALL,)),
    "norm": (L.norm, (_A,)),
    "norm_nuclear": (lambda a: L.norm(a, ord="nuclear"), (_A,)),
    "matrix_rank": (L.matrix_rank, (_TALL,)),
    "pinv": (L.pinv, (_TALL,)),
    "least_squares": (L.least_squares, (_TALL, _TALL[:, 0].copy())),
}


@pytest.mark.parametrize("name", sorted(LINALG))
def test_linalg_on_both_backends(name):
    """Host tensors: the numpy kernels' numbers (they compute decompositions in double
    precision and round once; so does the compiled host program) as host tensors. Device
    tensors: nx.jit's numbers, bit for bit, as device tensors."""
    f, arrays = LINALG[name]
    host = [nx.tensor(a) for a in arrays]
    got = f(*host)
    ref = nx.jit(f, compiler="evaluator")(*host)
    for g, r in zip(_leaves(got), _leaves(ref)):
        assert g.backend == "numpy" and (g.type, g.names) == (r.type, r.names), name
        np.testing.assert_allclose(np.asarray(g), np.asarray(r), rtol=2e-6, atol=2e-6,
                                   err_msg=name)
    dev = [nx.tensor(a, backend="xla") for a in arrays]
    got = f(*dev)
    ref = nx.jit(f)(*dev)
    for g, r in zip(_leaves(got), _leaves(ref)):
        assert g.backend == "xla" and (g.type, g.names) == (r.type, r.names), name
        assert _bits(g) == _bits(r), name


def test_linalg_doc_values_on_the_numpy_backend():
    """Nx's printed values (numpy backend precision), eagerly."""
    l = L.cholesky(nx.tensor([[20.0, 17.6], [17.6, 16.0]]))
    assert _bits(l) == _bits(np.array([[4.4721360206604, 0.0],
                                       [3.9354796409606934, 0.7155413031578064]], np.float32))
    a = nx.tensor([[3, 0, 0, 0], [2, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 1]])
    x = L.triangular_solve(a, nx.tensor([4, 2, 4, 2]))
    assert _bits(x) == _bits(np.array([1.3333333730697632, -0.6666666865348816,
                                       2.6666667461395264, -1.3333333730697632], np.float32))


def test_names_and_types_are_kept():
    t = nx.tensor(_SPD, names=["i", "j"])
    l = L.cholesky(t)
    assert l.names == ("i", "j") and l.type == "f32"
    w, v = L.eigh(nx.tensor(_SPD.astype(np.float16)))
    assert w.type == "f16" and v.type == "f16"
    assert L.determinant(nx.tensor([[1, 2], [3, 4]])).type == "f32"
    p, lo, up = L.lu(nx.tensor([[1, 0, 1], [-1, 0, -1], [1, 1, 1]]))
    assert p.type == "s32" and lo.type == "f32"
    s, k = R.normal(_key(3), shape=(2, 3), type="f64", names=["r", "c"])
    assert s.type == "f64" and s.names == ("r", "c") and k.type == "u32"


# --- where the results live -------------------------------------------------------------------

def test_backends():
    host, dev = _key(5), _key(5, "xla")
    assert R.split(host).backend == "numpy"
    assert R.split(dev).backend == "xla"
    # mixed operands: the program runs where the device operand is
    assert R.uniform(host, nx.tensor(0.0, backend="xla"), 1.0)[0].backend == "xla"
    a_host, a_dev = nx.tensor(_SPD), nx.tensor(_SPD, backend="xla")
    assert {t.backend for t in L.qr(a_host)} == {"numpy"}
    assert {t.backend for t in L.qr(a_dev)} == {"xla"}
    assert L.solve(a_host, nx.tensor(_B, backend="xla")).backend == "xla"
    # the inputs decide, not the default backend; what the function makes of a list follows
    # the default backend (nx.tensor), as op by op
    nx.default_backend("xla")
    assert R.split(host).backend == "numpy"
    assert L.cholesky(a_host).backend == "numpy"
    assert L.cholesky(_SPD.tolist()).backend == "xla"
    nx.default_backend("numpy")
    assert L.cholesky(_SPD.tolist()).backend == "numpy"


def test_host_results_keep_their_device_buffer():
    """A host result carries the buffer it came from, so chaining calls (a key) transfers
    nothing."""
    k = _key(9)
    _, k2 = R.uniform(k)
    assert type(k2.data) is np.ndarray
    if "_dev" in nx.Tensor.__slots__:
        assert k2._dev is not None
        assert k._dev is not None    # the input was transferred once, and kept
        buf = k2._dev
        R.uniform(k2)
        assert k2._dev is buf


def test_evaluator_as_default_compiler():
    """With `default_defn_options(compiler="evaluator")` host calls run the NumPy kernels."""
    k = _key(11)
    ref = R.normal(k, 2.0, 3.0, shape=(16,))[0]
    nx.default_defn_options(compiler="evaluator")
    before = CACHE.compiles
    got = R.normal(k, 2.0, 3.0, shape=(16,))[0]
    assert CACHE.compiles == before + 1      # its own program (another mode)
    assert got.backend == "numpy" and _bits(got) == _bits(ref)


# --- one compile per signature; a bounded cache ------------------------------------------------

def test_one_compile_per_signature():
    k = _key(1)
    c0, h0 = CACHE.compiles, CACHE.hits
    R.uniform(k)
    assert CACHE.compiles == c0 + 1 and CACHE.entries(R.uniform) == 1
    for _ in range(5):
        R.uniform(k)
    assert CACHE.compiles == c0 + 1 and CACHE.hits == h0 + 5
    # numbers that Nx treats as tensors are operands: no compile per value
    for lo in (0.0, 0.5, -3.0, 2):
        R.uniform(k, lo, 10.0)
    R.normal(k, 1.5, 2.0)
    R.normal(k, -1.0, 0.25)
    R.randint(k, 0, 10)
    R.randint(k, 5, 1000)
    R.fold_in(k, 1)
    R.fold_in(k, 12345)
    assert CACHE.entries(R.uniform) == 1       # 0.0 and 2 both become f32 bounds
    assert CACHE.entries(R.normal) == 1
    assert CACHE.entries(R.randint) == 1
    assert CACHE.entries(R.fold_in) == 1
    # static options and signatures are part of the key
    R.uniform(k, shape=(2,))
    R.uniform(k, type="f64")
    R.uniform(k, 0.0, nx.tensor([1.0, 2.0]), shape=(2,))
    assert CACHE.entries(R.uniform) == 4
    a = nx.tensor(_SPD)
    L.qr(a)
    L.qr(a)
    L.qr(nx.tensor(_SPD * 2))
    assert CACHE.entries(L.qr) == 1
    L.qr(a, mode="complete")
    L.qr(nx.tensor(_TALL))
    L.qr(nx.tensor(_SPD, names=["r", "c"]))
    L.qr(nx.tensor(_SPD, backend="xla"))
    assert CACHE.entries(L.qr) == 5
    # equal statics of different types are different keys (1, 1.0, True)
    R.split(k, parts=2)
    with pytest.raises(TypeError, match="parts must be an integer, got 2.0"):
        R.split(k, parts=2.0)
    with pytest.raises(TypeError, match="parts must be an integer, got True"):
        R.split(k, parts=True)


def test_cache_is_bounded_and_can_be_emptied():
    CACHE.resize(4)
    k = _key(2)
    before = CACHE.evictions
    for n in range(1, 8):
        R.split(k, parts=n)
        assert len(CACHE) <= 4
    assert CACHE.evictions - before == 3
    # least recently used first: parts=4 is the oldest of the four kept
    R.split(k, parts=4)
    compiles = CACHE.compiles
    R.split(k, parts=4)
    R.split(k, parts=7)
    assert CACHE.compiles == compiles
    R.split(k, parts=1)                 # evicted long ago: compiles again
    assert CACHE.compiles == compiles + 1
    nx._eager.clear_eager_cache()
    assert len(CACHE) == 0
    R.split(k, parts=4)
    assert CACHE.compiles == compiles + 2


def test_inside_a_trace_the_function_is_inlined():
    c0 = CACHE.compiles
    f = nx.jit(lambda k, a: (R.normal(k, shape=(3,))[0], L.qr(a)[1]))
    f(_key(3), nx.tensor(_SPD))
    assert len(CACHE) == 0 and CACHE.compiles == c0
    g = nx.grad(nx.tensor(_SPD), lambda a: nx.sum(L.invert(a)))   # grad traces too
    assert g.shape == (4, 4) and len(CACHE) == 0


# --- vectorized inputs ------------------------------------------------------------------------

def test_vectorized_inputs():
    keys = R.split(R.key(7), parts=3)
    vk = nx.vectorize(keys, "k")
    for f in (lambda k: R.uniform(k, shape=(2,))[0], lambda k: R.normal(k, 1.0, 2.0)[0],
              lambda k: R.split(k), lambda k: R.uniform(k)[1],
              lambda k: R.randint(k, 0, 10, shape=(2,))[0]):
        r = f(vk)
        assert list(r.vectorized_axes) == [("k", 3)] and r.backend == "numpy"
        exp = np.stack([np.asarray(f(keys[i])) for i in range(3)])
        assert _bits(nx.devectorize(r)) == _bits(exp)
    before = CACHE.compiles
    R.uniform(vk, shape=(2,))
    assert CACHE.compiles == before
    batch = np.stack([_SPD, 2 * _SPD])
    va = nx.vectorize(nx.tensor(batch), "m")
    w, v = L.eigh(va)
    assert list(w.vectorized_axes) == [("m", 2)]
    for i in range(2):
        wi, vi = L.eigh(nx.tensor(batch[i]))
        np.testing.assert_allclose(np.asarray(nx.devectorize(w))[i], np.asarray(wi), rtol=1e-6)
    inv = L.invert(nx.vectorize(nx.tensor(batch, backend="xla"), "m"))
    assert inv.backend == "xla" and list(inv.vectorized_axes) == [("m", 2)]
    np.testing.assert_allclose(np.asarray(nx.devectorize(inv)), np.linalg.inv(batch), rtol=1e-4)


# --- errors -----------------------------------------------------------------------------------

ERRORS = [
    (ValueError, "nx.random.split: expected key to have shape (2,), got tensor with shape (3,)",
     lambda: R.split(nx.tensor([1, 2, 3], type="u32"))),
    (TypeError, "nx.random.uniform: expected key with 32-bit unsigned integer type, got key "
     "with type s32", lambda: R.uniform(nx.tensor([1, 2]))),
    (TypeError, "nx.random.uniform: expected float or complex type, got type s32",
     lambda: R.uniform(_key(1), type="s32")),
    (TypeError, "nx.random.randint: expected integer type, got type f32",
     lambda: R.randint(_key(1), 0.0, 1.0)),
    (TypeError, "nx.random.gumbel: output type must be floating-point, got: s32",
     lambda: R.gumbel(_key(1), type="s32")),
    (ValueError, "nx.random.shuffle: expected a tensor of rank 1 or greater, got a scalar",
     lambda: R.shuffle(_key(1), nx.tensor(1))),
    (TypeError, "nx.random.fold_in: expected data to be an integer",
     lambda: R.fold_in(_key(1), 1.5)),
    (TypeError, "nx.tensor: cannot infer a type for 'a' (str)",
     lambda: R.uniform(_key(1), "a")),
    (TypeError, "nx.linalg.cholesky: expected a tensor or a number for tensor, got str",
     lambda: L.cholesky("a")),
    (ValueError, "nx.linalg.qr: tensor must have at least rank 2, got rank 1 with shape (3,)",
     lambda: L.qr(nx.tensor([1.0, 2.0, 3.0]))),
    (ValueError, "nx.linalg.qr: invalid mode received", lambda: L.qr(nx.tensor(_A), mode="x")),
    (ValueError, "nx.linalg.solve: `b` tensor has incompatible dimensions",
     lambda: L.solve(nx.tensor(_SPD), nx.tensor([1.0, 2.0]))),
    (ValueError, "nx.linalg.triangular_solve: can't solve for singular matrix",
     lambda: L.triangular_solve(nx.tensor([[0.0, 0.0], [1.0, 1.0]]), nx.tensor([1.0, 2.0]))),
    (TypeError, "nx.linalg.matrix_power: power must be an integer, got 1.5",
     lambda: L.matrix_power(nx.tensor(_A), 1.5)),
    (ValueError, "nx.linalg.norm: unknown ord 'x'", lambda: L.norm(nx.tensor(_A), ord="x")),
    (TypeError, "nx.linalg.svd: not yet implemented for complex inputs",
     lambda: L.svd(nx.tensor([[1j, 0], [0, 1]]))),
    (TypeError, "uniform() got an unexpected keyword argument 'shapes'",
     lambda: R.uniform(_key(1), shapes=(2,))),
    (TypeError, "qr() takes from 1 to 3 positional arguments but 4 were given",
     lambda: L.qr(nx.tensor(_A), "reduced", 1e-10, 4)),
]


def _op_by_op():
    """Patches every `@eager_compiled` function of nx.random and nx.linalg back to the plain
    function (op by op), for the error oracle."""
    patches = []
    for mod in (R, L):
        for name in dir(mod):
            f = getattr(mod, name)
            if callable(f) and getattr(f, "__nx_eager__", None) is f:
                patches.append((mod, name, f))
    return patches


@pytest.mark.parametrize("case", range(len(ERRORS)))
def test_errors_before_anything_is_compiled(case, monkeypatch):
    cls, msg, call = ERRORS[case]
    compiles, entries = CACHE.compiles, len(CACHE)
    with pytest.raises(cls, match=re.escape(msg)) as eager:
        call()
    assert CACHE.compiles == compiles and len(CACHE) == entries
    with pytest.raises(cls, match=re.escape(msg)):   # and again: nothing was half-cached
        call()
    # the same error, word for word, as the function op by op
    for mod, name, f in _op_by_op():
        monkeypatch.setattr(mod, name, f.__wrapped__)
    with pytest.raises(cls) as plain:
        call()
    assert str(plain.value) == str(eager.value)


def test_singular_check_runs_on_every_call():
    """The value-dependent check is made eagerly on each call, not once per signature."""
    ok = nx.tensor([[1.0, 0.0], [1.0, 1.0]])
    bad = nx.tensor([[1.0, 0.0], [1.0, 0.0]])
    b = nx.tensor([1.0, 2.0])
    assert np.asarray(L.triangular_solve(ok, b)).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="singular"):
        L.triangular_solve(bad, b)
    with pytest.raises(ValueError, match="singular"):
        L.triangular_solve(nx.backend_transfer(bad, "xla"), nx.backend_transfer(b, "xla"))


def test_decorator_contract():
    @_eager.eager_compiled(static=("n",))
    def scaled(t, s=2.0, *, n=1):
        for _ in range(n):
            t = t * s
        return t

    x = nx.tensor([1.0, 2.0])
    assert np.asarray(scaled(x)).tolist() == [2.0, 4.0]
    assert np.asarray(scaled(x, 3.0, n=2)).tolist() == [9.0, 18.0]   # 3.0 is an operand
    assert CACHE.entries(scaled) == 2
    assert np.asarray(scaled(x, 4.0, n=2)).tolist() == [16.0, 32.0]
    assert CACHE.entries(scaled) == 2
    # an argument that is no tensor (nor a number, a list, an array) runs as is
    with pytest.raises(TypeError):
        scaled(x, object())
    with pytest.raises(TypeError, match="only named parameters"):
        _eager.eager_compiled()(lambda *a: a)
    with pytest.raises(TypeError, match="has no parameter"):
        _eager.eager_compiled(static=("nope",))(lambda t: t)
    assert scaled.__name__ == "scaled" and scaled.__wrapped__.__name__ == "scaled"
    assert T.is_float(scaled(nx.tensor([1, 2])).type)
