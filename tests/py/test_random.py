"""nx.random (Nx.Random): every Nx doc example with its printed value, bit for bit, in four
modes (eager numpy, eager xla, nx.jit, evaluator); the "Harnessing the Power of Math" coin
flips; JAX's threefry random bits as an oracle; statistical tests at fixed seeds (moments,
chi-square) for every distribution; precise errors, the same eagerly and inside nx.jit.

Expected values come from Nx's documentation (nx/lib/nx/random.ex, v0.10), from JAX (same
Threefry-2x32 counter scheme), or from NumPy/SciPy statistics; never from the code under
test.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

import nx
from nx import types as T

R = nx.random
SEEDS = (12, 1701, 42, 1337, 1, 2, 10)


def _keys(backend):
    # Nx's docs: key(seed) is [0, seed] for seeds below 2**32
    return [nx.tensor(np.array([0, s], np.uint32), type="u32", backend=backend) for s in SEEDS]


def run_modes(fn, make_args, modes=("numpy", "xla", "jit", "evaluator")):
    """fn(*args) eagerly on both backends, under nx.jit and under the evaluator."""
    run = {"numpy": lambda: fn(*make_args("numpy")),
           "xla": lambda: fn(*make_args("xla")),
           "jit": lambda: nx.jit(fn)(*make_args("numpy")),
           "evaluator": lambda: nx.jit(fn, compiler="evaluator")(*make_args("numpy"))}
    return {m: run[m]() for m in modes}


# --- Nx's doc examples --------------------------------------------------------------------

def _doc_program(k12, k1701, k42, k1337, k1, k2, k10):
    out = {}
    out["uniform_k12"] = R.uniform(k12)[0]
    out["split"] = R.split(k1701)
    out["split4"] = R.split(k1701, parts=4)
    out["fold_in_99"] = R.fold_in(k42, 99)
    out["fold_in_1234"] = R.fold_in(k42, 1234)
    out["fold_in_t"] = R.fold_in(k42, nx.tensor([[1, 99], [1234, 13]]))
    out["randint"] = R.randint(k1701, 1, 100)[0]
    out["randint_u32"] = R.randint(k1701, 1, 100, shape=(3, 2), type="u32")[0]
    out["uniform"] = R.uniform(k1701)[0]
    out["uniform_f16"] = R.uniform(k1701, shape=(3, 2), type="f16")[0]
    out["uniform_c64"] = R.uniform(k1701, shape=(2, 2), type="c64")[0]
    out["normal"] = R.normal(k42)[0]
    out["normal_f16"] = R.normal(k42, 0, 1, shape=(3, 2), type="f16")[0]
    out["normal_c64"] = R.normal(k42, 0, 1, shape=(2, 2), type="c64")[0]
    n = R.normal(k1337, 10, 5, shape=(1000,))[0]
    out["normal_mean"] = nx.mean(n)
    out["normal_std"] = nx.standard_deviation(n)
    out["shuffle"] = R.shuffle(k42, nx.iota((3, 4), axis=0))[0]
    out["shuffle_ind"] = R.shuffle(k10, nx.iota((3, 4), axis=1), independent=True, axis=1)[0]
    t43 = nx.iota((4, 3))
    out["choice"] = R.choice(k1, t43, samples=4, axis=0)[0]
    out["choice_norep"] = R.choice(k1, t43, samples=4, axis=0, replace=False)[0]
    t32 = nx.iota((3, 2))
    out["choice_flat"] = R.choice(k2, t32)[0]
    out["choice_flat_norep"] = R.choice(k2, t32, samples=6, replace=False)[0]
    p = nx.tensor([0.1, 0.7, 0.2])
    out["choice_p"] = R.choice(k1, t43, p, samples=3, axis=1)[0]
    out["choice_p_norep"] = R.choice(k1, t43, p, samples=3, axis=1, replace=False)[0]
    t23 = nx.iota((2, 3))
    p6 = nx.tensor([0.01, 0.1, 0.19, 0.6, 0.05, 0.05])
    out["choice_p_flat"] = R.choice(k2, t23, p6)[0]
    out["choice_p_flat6"] = R.choice(k2, t23, p6, samples=6)[0]
    out["choice_p_flat6_norep"] = R.choice(k2, t23, p6, samples=6, replace=False)[0]
    out["gumbel"] = R.gumbel(k1)[0]
    out["gumbel_23"] = R.gumbel(k1, shape=(2, 3))[0]
    eye2 = nx.tensor([[1, 0], [0, 1]])
    out["mvn_1"] = R.multivariate_normal(k12, nx.tensor([0]), nx.tensor([[1]]))[0]
    out["mvn_2"] = R.multivariate_normal(k12, nx.tensor([0, 0]), eye2)[0]
    out["mvn_f16"] = R.multivariate_normal(k12, nx.tensor([0]), nx.tensor([[1]]), shape=(3, 2),
                                           type="f16")[0]
    out["mvn_32"] = R.multivariate_normal(k12, nx.tensor([0, 0]), eye2, shape=(3, 2))[0]
    return out


C = complex
DOC = {
    "uniform_k12": ("f32", 0.7691127061843872),
    "split": ("u32", [[56197195, 1801093307], [961309823, 1704866707]]),
    "split4": ("u32", [[4000152724, 2030591747], [2287976877, 2598630646],
                       [2426625787, 580268518], [3136765380, 433355682]]),
    "fold_in_99": ("u32", [2015327502, 1351855566]),
    "fold_in_1234": ("u32", [1356445167, 2917756949]),
    "fold_in_t": ("u32", [[[64467757, 2916123636], [2015327502, 1351855566]],
                          [[1356445167, 2917756949], [3514951389, 229662949]]]),
    "randint": ("s32", 91),
    "randint_u32": ("u32", [[9, 20], [19, 6], [71, 15]]),
    "uniform": ("f32", 0.9728643894195557),
    "uniform_f16": ("f16", [[0.75390625, 0.6484375], [0.7294921875, 0.21484375],
                            [0.09765625, 0.0693359375]]),
    "uniform_c64": ("c64", [[C(0.18404805660247803, 0.6546461582183838),
                             C(0.5525915622711182, 0.11568140983581543)],
                            [C(0.6074584722518921, 0.8104375600814819),
                             C(0.247686505317688, 0.21975469589233398)]]),
    "normal": ("f32", 1.3694695234298706),
    "normal_f16": ("f16", [[-0.32568359375, -0.77197265625], [0.39208984375, 0.5341796875],
                           [0.270751953125, -2.080078125]]),
    "normal_c64": ("c64", [[C(-0.7632761001586914, 0.8661127686500549),
                            C(-0.14282889664173126, -0.7384796142578125)],
                           [C(0.678461492061615, 0.4118310809135437),
                            C(-2.269538402557373, -0.3689095079898834)]]),
    "normal_mean": ("f32", 9.70022201538086),
    "normal_std": ("f32", 5.051416397094727),
    "shuffle": ("s32", [[2, 2, 2, 2], [0, 0, 0, 0], [1, 1, 1, 1]]),
    "shuffle_ind": ("s32", [[2, 1, 3, 0], [3, 0, 1, 2], [2, 3, 0, 1]]),
    "choice": ("s32", [[6, 7, 8], [9, 10, 11], [6, 7, 8], [0, 1, 2]]),
    "choice_norep": ("s32", [[3, 4, 5], [9, 10, 11], [6, 7, 8], [0, 1, 2]]),
    "choice_flat": ("s32", [4]),
    "choice_flat_norep": ("s32", [2, 0, 4, 5, 1, 3]),
    "choice_p": ("s32", [[1, 0, 1], [4, 3, 4], [7, 6, 7], [10, 9, 10]]),
    "choice_p_norep": ("s32", [[1, 2, 0], [4, 5, 3], [7, 8, 6], [10, 11, 9]]),
    "choice_p_flat": ("s32", [3]),
    "choice_p_flat6": ("s32", [3, 3, 3, 0, 3, 3]),
    "choice_p_flat6_norep": ("s32", [3, 1, 2, 5, 4, 0]),
    "gumbel": ("f32", -0.7294610142707825),
    "gumbel_23": ("f32", [[0.6247938275337219, -0.21740718185901642, 0.7678327560424805],
                          [0.7778404355049133, 4.0895304679870605, 0.3029090166091919]]),
    "mvn_1": ("f32", [0.735927939414978]),
    "mvn_2": ("f32", [-1.3425945043563843, -0.40812060236930847]),
    "mvn_f16": ("f16", [[[0.326904296875], [0.2176513671875]],
                        [[0.316650390625], [0.1109619140625]],
                        [[0.53955078125], [-0.8857421875]]]),
    "mvn_32": ("f32", [[[0.9891449809074402, 1.0795185565948486],
                        [-0.9467806220054626, 1.47813880443573]],
                       [[2.2095863819122314, -1.529456377029419],
                        [-0.7933920621871948, 1.121195673942566]],
                       [[0.10976295918226242, -0.9959557056427002],
                        [0.4754556119441986, 1.1413804292678833]]]),
}


def _same_bits(got, expected):
    return got.shape == expected.shape and got.tobytes() == expected.tobytes()


# eager calls on the xla backend compile one program per function and signature (about a
# quarter of a second each): one example per function there, all of them in the other modes
EAGER_XLA = ("split4", "fold_in_t", "randint_u32", "uniform_c64", "normal_f16", "normal_mean",
             "normal_std", "shuffle_ind", "choice_flat_norep", "choice_p_flat6", "gumbel_23",
             "mvn_32")


def _doc_xla_subset(*keys):
    out = _doc_program_subset(*keys)
    assert set(out) == set(EAGER_XLA)
    return out


def _doc_program_subset(k12, k1701, k42, k1337, k1, k2, k10):
    return {
        "split4": R.split(k1701, parts=4),
        "fold_in_t": R.fold_in(k42, nx.tensor([[1, 99], [1234, 13]], backend="xla")),
        "randint_u32": R.randint(k1701, 1, 100, shape=(3, 2), type="u32")[0],
        "uniform_c64": R.uniform(k1701, shape=(2, 2), type="c64")[0],
        "normal_f16": R.normal(k42, 0, 1, shape=(3, 2), type="f16")[0],
        "normal_mean": nx.mean(R.normal(k1337, 10, 5, shape=(1000,))[0]),
        "normal_std": nx.standard_deviation(R.normal(k1337, 10, 5, shape=(1000,))[0]),
        "shuffle_ind": R.shuffle(k10, nx.iota((3, 4), axis=1, backend="xla"), independent=True,
                                 axis=1)[0],
        "choice_flat_norep": R.choice(k2, nx.iota((3, 2), backend="xla"), samples=6,
                                      replace=False)[0],
        "choice_p_flat6": R.choice(k2, nx.iota((2, 3), backend="xla"),
                                   nx.tensor([0.01, 0.1, 0.19, 0.6, 0.05, 0.05], backend="xla"),
                                   samples=6)[0],
        "gumbel_23": R.gumbel(k1, shape=(2, 3))[0],
        "mvn_32": R.multivariate_normal(k12, nx.tensor([0, 0], backend="xla"),
                                        nx.tensor([[1, 0], [0, 1]], backend="xla"),
                                        shape=(3, 2))[0],
    }


def test_doc_examples_bit_for_bit_in_every_mode():
    results = run_modes(_doc_program, _keys, ("numpy", "jit", "evaluator"))
    results["xla"] = _doc_xla_subset(*_keys("xla"))
    assert results["numpy"]["uniform"].backend == "numpy"
    for name in EAGER_XLA:
        assert results["xla"][name].backend == "xla", name
    for mode, out in results.items():
        assert set(out) == (set(EAGER_XLA) if mode == "xla" else set(DOC))
        for name in out:
            ty, values = DOC[name]
            r = out[name]
            exp = np.array(values, dtype=T.parse(ty).dtype)
            assert r.type == ty, (mode, name, r.type)
            got = np.asarray(r)
            if name in ("normal_mean", "normal_std") and mode in ("xla", "jit"):
                # XLA fuses std * z + mean into an FMA and sums in another order than the
                # reference backend (EXLA does the same): equal to f32 rounding
                np.testing.assert_allclose(got, exp, rtol=3e-7, err_msg=f"{mode} {name}")
                continue
            assert _same_bits(got, exp), f"{mode} {name}: {got!r} != {exp!r}"


def test_keys():
    k = R.key(12)
    assert k.type == "u32" and k.shape == (2,) and np.asarray(k).tolist() == [0, 12]
    assert np.asarray(R.key(999999999999)).tolist() == [232, 3567587327]
    assert np.asarray(R.key(-1)).tolist() == [4294967295, 4294967295]
    assert np.asarray(R.key(2 ** 64 - 1)).tolist() == [4294967295, 4294967295]
    assert np.asarray(R.key(np.int64(7))).tolist() == [0, 7]

    def from_tensors(u, s):
        return R.key(u), R.key(s), R.key(999999999999)
    res = run_modes(from_tensors, lambda b: [
        nx.tensor(999999999999, type="u64", backend=b),
        nx.tensor(-2, type="s64", backend=b)])
    for mode, (a, b, c) in res.items():
        assert a.type == "u32" and np.asarray(a).tolist() == [232, 3567587327], mode
        assert np.asarray(b).tolist() == [4294967295, 4294967294], mode
        assert np.asarray(c).tolist() == [232, 3567587327], mode


def test_split_variants_and_new_keys():
    """`f(key)` is `(f_split(split(key)[1]), split(key)[0])` for every sampler."""
    def prog(key, mean, cov):
        keys = R.split(key)
        pairs = [
            (R.uniform(key, shape=(3,)), R.uniform_split(keys[1], shape=(3,))),
            (R.normal(key, shape=(3,)), R.normal_split(keys[1], shape=(3,))),
            (R.randint(key, 0, 10, shape=(3,)), R.randint_split(keys[1], 0, 10, shape=(3,))),
            (R.gumbel(key, shape=(3,)), R.gumbel_split(keys[1], shape=(3,))),
            (R.multivariate_normal(key, mean, cov), R.multivariate_normal_split(keys[1], mean,
                                                                               cov)),
        ]
        return [(v, k, s, keys[0]) for (v, k), s in pairs]
    res = run_modes(prog, lambda b: [nx.tensor(np.array([0, 5], np.uint32), type="u32",
                                               backend=b),
                                     nx.tensor([1.0, -1.0], backend=b),
                                     nx.tensor([[2.0, 0.5], [0.5, 1.0]], backend=b)],
                    ("numpy", "jit"))
    for mode, out in res.items():
        for v, k, s, k0 in out:
            assert _same_bits(np.asarray(v), np.asarray(s)), mode
            assert _same_bits(np.asarray(k), np.asarray(k0)), mode


def test_coin_flips_of_the_math_notebook():
    """"Harnessing the Power of Math": flip a coin n times from key(42), passing the new
    key along; the numbers of heads printed are [6, 49, 501, 5025]."""
    def flips(key, n):
        def body(i, state):
            key, count = state
            value, key = R.uniform(key)
            return key, count + nx.as_type(value >= 0.5, "s32")
        return nx.fori_loop(0, n, (key, nx.tensor(0)), body)[1]
    f = nx.jit(flips)
    assert [int(f(R.key(42), n=n)) for n in (10, 100, 1000, 10000)] == [6, 49, 501, 5025]
    # eagerly, as the notebook does it (xla backend: one cached program per call)
    key = nx.tensor(np.array([0, 42], np.uint32), type="u32", backend="xla")
    heads = 0
    for _ in range(100):
        value, key = R.uniform(key)
        heads += 0 if nx.to_number(value) < 0.5 else 1
    assert heads == 49
    key, heads = R.key(42), 0   # numpy backend
    for _ in range(10):
        value, key = R.uniform(key)
        heads += 0 if nx.to_number(value) < 0.5 else 1
    assert heads == 6


# --- JAX as an oracle for the Threefry bits -----------------------------------------------

@pytest.fixture
def jr():
    jax = pytest.importorskip("jax")
    old = jax.config.jax_threefry_partitionable, jax.config.jax_enable_x64
    jax.config.update("jax_threefry_partitionable", False)   # the original counter layout
    jax.config.update("jax_enable_x64", True)
    try:
        yield jax.random
    finally:
        jax.config.update("jax_threefry_partitionable", old[0])
        jax.config.update("jax_enable_x64", old[1])


def test_bits_and_floats_match_jax(jr):
    """JAX's threefry_2x32 (original counter layout) gives the same bits, keys and floats:
    Nx and JAX share the counter scheme, the mantissa filling of uniform floats, split and
    fold_in."""
    import jax.numpy as jnp
    shapes = [(5,), (4, 3), (2, 3, 5)]
    # (nx function, jax function, (rtol, atol)); None means bit for bit
    items = [
        (lambda k, s: R.threefry2x32(k, s), lambda k, s: jr.bits(k, s, jnp.uint32), None),
        (lambda k, s: R.random_bits(k, s, bit_width=64), lambda k, s: jr.bits(k, s, jnp.uint64),
         None),
        (lambda k, s: R.uniform_split(k, shape=s), lambda k, s: jr.uniform(k, s, jnp.float32),
         None),
        (lambda k, s: R.uniform_split(k, shape=s, type="f64"),
         lambda k, s: jr.uniform(k, s, jnp.float64), None),
        # scaled bounds: XLA (JAX) fuses u * (max - min) + min into an FMA
        (lambda k, s: R.uniform_split(k, -2.0, 3.0, shape=s, type="f64"),
         lambda k, s: jr.uniform(k, s, jnp.float64, -2.0, 3.0), (1e-15, 1e-15)),
        # f32 normal and gumbel: JAX evaluates erf_inv and log in f32; Nx's reference backend
        # (and nx.random) rounds an f64 evaluation once, so the last bit may differ
        (lambda k, s: R.normal_split(k, shape=s), lambda k, s: jr.normal(k, s, jnp.float32),
         (3e-7, 2e-7)),
        (lambda k, s: R.normal_split(k, shape=s, type="f64"),
         lambda k, s: jr.normal(k, s, jnp.float64), (1e-14, 1e-15)),
        (lambda k, s: R.gumbel_split(k, shape=s), lambda k, s: jr.gumbel(k, s, jnp.float32),
         (3e-7, 2e-7)),
    ]

    def prog(key):
        out = [f(key, s) for s in shapes for f, _, _ in items]
        return out + [R.split(key, parts=5), R.fold_in(key, 7), R.fold_in(key, 123456789)]
    tols = [tol for _ in shapes for _, _, tol in items] + [None] * 3
    jitted = nx.jit(prog)
    for seed in (0, 2 ** 40 + 1701):
        jkey = jr.PRNGKey(seed)
        exp = [g(jkey, s) for s in shapes for _, g, _ in items]
        exp += [jr.split(jkey, 5), jr.fold_in(jkey, 7), jr.fold_in(jkey, 123456789)]
        key = R.key(seed)
        runs = [("jit", jitted(key))] + ([("numpy", prog(key))] if seed == 0 else [])
        for mode, got in runs:
            for i, (g, e, tol) in enumerate(zip(got, exp, tols)):
                g, e = np.asarray(g), np.asarray(e)
                assert g.dtype == e.dtype and g.shape == e.shape, (mode, i)
                if tol is None:
                    assert _same_bits(g, e), (mode, seed, i, g, e)
                else:
                    np.testing.assert_allclose(g, e, rtol=tol[0], atol=tol[1],
                                               err_msg=f"{mode} {seed} {i}")


def test_random_bits_widths():
    """8- and 16-bit values are the low bits of the 32-bit words (Nx), 64-bit ones join the
    two halves of a counter twice as long."""
    key = R.key(1701)
    w32 = np.asarray(R.threefry2x32(key, (2, 2)))
    np.testing.assert_array_equal(np.asarray(R.random_bits(key, (2, 2), bit_width=16)),
                                  (w32 & 0xFFFF).astype(np.uint16))
    np.testing.assert_array_equal(np.asarray(R.random_bits(key, (2, 2), bit_width=8)),
                                  (w32 & 0xFF).astype(np.uint8))
    assert R.random_bits(key, (3,), bit_width=64).type == "u64"
    flat = np.asarray(R.threefry2x32_20_concat(nx.iota((2, 2), type="u32"), key))
    np.testing.assert_array_equal(flat, w32.reshape(-1))


# --- types, names, shapes ---------------------------------------------------------------

def test_types_and_names():
    key = R.key(3)
    assert R.uniform(key)[0].type == "f32"
    assert R.uniform(key, 0, 1)[0].type == "f32"
    assert R.uniform(key, nx.tensor(0.0, type="f64"), 1)[0].type == "f64"
    assert R.uniform(key, nx.tensor(0, type="s64"), 1)[0].type == "f32"
    assert R.uniform(key, type="bf16", shape=(4,))[0].type == "bf16"
    assert R.uniform(key, type="f8", shape=(4,))[0].type == "f8"
    assert R.uniform(key, type="c128", shape=(2,))[0].type == "c128"
    # Python numbers count with their own type (f32), as Nx.type/1 does
    assert R.normal(key, nx.tensor(0.0, type="f16"), 1.0)[0].type == "f32"
    assert R.normal(key, nx.tensor(0.0, type="f16"), nx.tensor(1.0, type="f16"))[0].type == "f16"
    assert R.normal(key, type="bf16", shape=(3,))[0].type == "bf16"
    assert R.normal(key, type="c128", shape=(3,))[0].type == "c128"
    assert R.randint(key, 0, 5)[0].type == "s32"
    assert R.randint(key, nx.tensor(0, type="u8"), nx.tensor(5, type="u8"))[0].type == "u8"
    assert R.randint(key, 0, 2 ** 40)[0].type == "s64"
    assert R.randint(key, 0, 5, type="s8")[0].type == "s8"
    assert R.gumbel(key, type="f64")[0].type == "f64"
    assert R.multivariate_normal(key, nx.tensor([0.0, 0.0], type="f64"),
                                 nx.eye(2))[0].type == "f64"
    u = R.uniform(key, shape=(2, 3), names=["x", "y"])[0]
    assert u.names == ("x", "y")
    assert R.normal(key, shape=(2, 3), names=["x", None])[0].names == ("x", None)
    assert R.normal(key, shape=(2,), type="c64", names=["z"])[0].names == ("z",)
    assert R.randint(key, 0, 9, shape=(4,), names=["n"])[0].names == ("n",)
    mv = R.multivariate_normal(key, nx.tensor([0.0]), nx.tensor([[1.0]]), shape=(3,),
                               names=["b", "d"])[0]
    assert mv.shape == (3, 1) and mv.names == ("b", "d")
    # bounds broadcast against the sample shape
    lo = nx.tensor([0.0, 10.0, 20.0])
    v = np.asarray(R.uniform(key, lo, lo + 1, shape=(4, 3))[0])
    assert v.shape == (4, 3) and ((v >= np.array([0, 10, 20])) & (v < [1, 11, 21])).all()
    v = np.asarray(R.randint(key, nx.tensor([0, 100]), nx.tensor([10, 110]), shape=(5, 2))[0])
    assert ((v >= [0, 100]) & (v < [10, 110])).all()
    n = R.normal(key, nx.tensor([0.0, 100.0]), 1.0)[0]
    assert n.shape == (2,)
    # zero-size samples
    assert R.uniform(key, shape=(0, 3))[0].shape == (0, 3)


def test_narrow_floats_stay_in_range():
    key = R.key(5)
    for ty in ("f16", "bf16", "f8"):
        u = np.asarray(R.uniform(key, shape=(4000,), type=ty)[0]).astype(np.float64)
        assert (u >= 0).all() and (u < 1).all(), ty
        n = np.asarray(R.normal(key, shape=(4000,), type=ty)[0]).astype(np.float64)
        assert np.isfinite(n).all(), ty
        g = np.asarray(R.gumbel(key, shape=(4000,), type=ty)[0]).astype(np.float64)
        assert np.isfinite(g).all(), ty


def test_stop_grad():
    key = R.key(0)

    def f(m):
        return nx.sum(R.normal(key, m, 2.0, shape=(3,))[0] + m)
    assert float(nx.grad(nx.tensor(1.0), f)) == 3.0   # samples do not depend on m for grad


# --- statistics at fixed seeds ------------------------------------------------------------

N = 100_000


def _chi2_ok(observed, expected, what):
    from scipy import stats
    observed = np.asarray(observed, np.float64)
    expected = np.asarray(expected, np.float64)
    expected = expected / expected.sum() * observed.sum()
    stat = ((observed - expected) ** 2 / expected).sum()
    p = stats.chi2.sf(stat, len(observed) - 1)
    assert p > 1e-3, f"{what}: chi-square {stat:.1f} on {len(observed) - 1} dof, p={p:.2g}"


def _stats_program(key):
    ks = R.split(key, parts=16)
    p5 = nx.tensor([0.1, 0.2, 0.3, 0.15, 0.25])
    return {
        "u32": R.uniform_split(ks[0], shape=(N,)),
        "u64": R.uniform_split(ks[1], -2.0, 3.0, shape=(N,), type="f64"),
        "u16": R.uniform_split(ks[2], shape=(N,), type="f16"),
        "ubf": R.uniform_split(ks[3], shape=(N,), type="bf16"),
        "n32": R.normal_split(ks[4], shape=(N,)),
        "n64": R.normal_split(ks[5], 10.0, 5.0, shape=(N,), type="f64"),
        "n16": R.normal_split(ks[6], shape=(N,), type="f16"),
        "nc": R.normal_split(ks[7], shape=(N,), type="c64"),
        "ri": R.randint_split(ks[8], -3, 7, shape=(N,)),
        "ru8": R.randint_split(ks[9], 0, 200, shape=(N,), type="u8"),
        "rs64": R.randint_split(ks[10], -(10 ** 12), 10 ** 12, shape=(N,)),
        "ru64": R.randint_split(ks[11], nx.tensor(5, type="u64"),
                                nx.tensor(10 ** 15 + 5, type="u64"), shape=(N,)),
        "ru64big": R.randint_split(ks[11], nx.tensor(2 ** 62, type="u64"),
                                   nx.tensor(2 ** 64 - 1, type="u64"), shape=(N,)),
        "g32": R.gumbel_split(ks[12], shape=(N,)),
        "cp": R.choice(ks[13], nx.iota((5,)), p5, samples=N)[0],
        "cu": R.choice(ks[14], nx.iota((7,)), samples=N)[0],
        "bits": R.threefry2x32(ks[15], (N,)),
        "sh": R.shuffle(ks[15], nx.iota((N // 8, 8), axis=1), axis=1, independent=True)[0],
        "big": R.shuffle(ks[14], nx.iota((5000,)))[0],
    }


@pytest.fixture(scope="module")
def samples():
    out = nx.jit(_stats_program)(R.key(2024))
    return {k: np.asarray(v) for k, v in out.items()}


def _bins_uniform(x, lo, hi, nbins=20):
    return np.histogram(x, bins=nbins, range=(lo, hi))[0]


def test_uniform_statistics(samples):
    for name, lo, hi in (("u32", 0, 1), ("u64", -2, 3), ("u16", 0, 1), ("ubf", 0, 1)):
        x = samples[name].astype(np.float64)
        assert x.min() >= lo and x.max() < hi, name
        w = hi - lo
        assert abs(x.mean() - (lo + hi) / 2) < 5 * w / math.sqrt(12 * N), name
        assert abs(x.var() - w * w / 12) < 0.01 * w * w / 12 * 5, name
        if name in ("u32", "u64"):
            _chi2_ok(_bins_uniform(x, lo, hi), np.ones(20), name)
    # f16 has 10 random mantissa bits: 1024 equally likely values in [0, 1)
    vals, counts = np.unique(samples["u16"].astype(np.float64), return_counts=True)
    assert len(vals) == 1024
    _chi2_ok(counts, np.ones(len(counts)), "u16 values")
    vals, counts = np.unique(samples["ubf"].astype(np.float64), return_counts=True)
    assert len(vals) == 128
    _chi2_ok(counts, np.ones(len(counts)), "bf16 values")


def _normal_cdf(x):
    return 0.5 * (1 + np.vectorize(math.erf)(np.asarray(x) / math.sqrt(2)))


def _check_normal(x, mean, std, what, chi2=True):
    x = x.astype(np.float64)
    z = (x - mean) / std
    assert np.isfinite(z).all(), what
    assert abs(z.mean()) < 5 / math.sqrt(N), what
    assert abs(z.var() - 1) < 5 * math.sqrt(2 / N), what
    assert abs((z ** 3).mean()) < 5 * math.sqrt(15 / N), what
    assert abs((z ** 4).mean() - 3) < 5 * math.sqrt(96 / N), what
    if not chi2:
        return
    edges = np.linspace(-3, 3, 25)
    obs = np.histogram(z, bins=np.concatenate([[-np.inf], edges, [np.inf]]))[0]
    cdf = np.concatenate([[0], _normal_cdf(edges), [1]])
    _chi2_ok(obs, np.diff(cdf), what)


def test_normal_statistics(samples):
    _check_normal(samples["n32"], 0, 1, "n32")
    _check_normal(samples["n64"], 10, 5, "n64")
    # f16 samples come from 2**11 uniform values: moments only (their tails are discrete)
    _check_normal(samples["n16"], 0, 1, "n16", chi2=False)
    nc = samples["nc"]
    assert nc.dtype == np.complex64
    _check_normal(nc.real, 0, 1, "nc.real")
    _check_normal(nc.imag, 0, 1, "nc.imag")
    assert abs(np.corrcoef(nc.real, nc.imag)[0, 1]) < 5 / math.sqrt(N)


def test_randint_statistics(samples):
    ri = samples["ri"]
    assert ri.dtype == np.int32 and ri.min() == -3 and ri.max() == 6
    _chi2_ok(np.bincount(ri + 3, minlength=10), np.ones(10), "randint s32")
    ru8 = samples["ru8"]
    assert ru8.dtype == np.uint8 and ru8.max() < 200
    _chi2_ok(np.bincount(ru8, minlength=200), np.ones(200), "randint u8")
    rs64 = samples["rs64"]
    assert rs64.dtype == np.int64 and rs64.min() >= -10 ** 12 and rs64.max() < 10 ** 12
    _chi2_ok(np.histogram(rs64.astype(np.float64), bins=20, range=(-1e12, 1e12))[0],
             np.ones(20), "randint s64")
    ru64 = samples["ru64"]
    assert ru64.dtype == np.uint64 and (ru64 >= 5).all() and (ru64 < 10 ** 15 + 5).all()
    _chi2_ok(np.histogram(ru64.astype(np.float64), bins=12, range=(5, 1e15 + 5))[0],
             np.ones(12), "randint u64")
    # a span above 2**63: always in range (Nx's s64 arithmetic is not), though biased
    big = samples["ru64big"]
    assert (big >= np.uint64(2 ** 62)).all() and (big < np.uint64(2 ** 64 - 1)).all()


def test_gumbel_statistics(samples):
    g = samples["g32"].astype(np.float64)
    assert abs(g.mean() - 0.5772156649) < 5 * math.sqrt(math.pi ** 2 / 6 / N)
    assert abs(g.var() - math.pi ** 2 / 6) < 0.05
    edges = np.linspace(-2, 6, 21)
    obs = np.histogram(g, bins=np.concatenate([[-np.inf], edges, [np.inf]]))[0]
    cdf = np.concatenate([[0], np.exp(-np.exp(-edges)), [1]])
    _chi2_ok(obs, np.diff(cdf), "gumbel")


def test_choice_and_bits_statistics(samples):
    _chi2_ok(np.bincount(samples["cp"], minlength=5), [0.1, 0.2, 0.3, 0.15, 0.25],
             "choice with p")
    _chi2_ok(np.bincount(samples["cu"], minlength=7), np.ones(7), "choice")
    bits = samples["bits"]
    ones = np.array([((bits >> np.uint32(b)) & 1).mean() for b in range(32)])
    assert (abs(ones - 0.5) < 5 * 0.5 / math.sqrt(N)).all(), ones
    _chi2_ok(np.histogram(bits.astype(np.float64), bins=64, range=(0, 2.0 ** 32))[0],
             np.ones(64), "threefry words")


def test_shuffle_statistics(samples):
    sh = samples["sh"]
    assert (np.sort(sh, axis=1) == np.arange(8)).all()    # every row is a permutation
    pos0 = np.argmax(sh == 0, axis=1)                     # where 0 went: uniform
    _chi2_ok(np.bincount(pos0, minlength=8), np.ones(8), "independent shuffle")
    big = samples["big"]
    assert sorted(big.tolist()) == list(range(5000)) and (big != np.arange(5000)).any()


def test_shuffle_and_choice_without_replacement_distribution():
    """Over many keys: the first element of a shuffle is uniform; the first draw of
    choice(p, replace=False) follows p (Gumbel top-k)."""
    p = nx.tensor([0.1, 0.2, 0.3, 0.15, 0.25])

    def prog(key):
        def body(i, state):
            c1, c2 = state
            k = R.fold_in(key, i)
            s, _ = R.shuffle(k, nx.iota((6,)))
            c, _ = R.choice(k, nx.iota((5,)), p, samples=3, replace=False)
            return (c1 + nx.as_type(nx.iota((6,)) == s[0], "s32"),
                    c2 + nx.as_type(nx.iota((5,)) == c[0], "s32"))
        return nx.fori_loop(0, 3000, (nx.broadcast(0, (6,)), nx.broadcast(0, (5,))), body)
    c1, c2 = nx.jit(prog)(R.key(99))
    _chi2_ok(np.asarray(c1), np.ones(6), "shuffle first element")
    _chi2_ok(np.asarray(c2), [0.1, 0.2, 0.3, 0.15, 0.25], "choice without replacement")


@pytest.mark.parametrize("method", ["cholesky", "eigh", "svd"])
def test_multivariate_normal_statistics(method):
    mean = np.array([1.0, -2.0, 0.5])
    a = np.array([[1.0, 0.0, 0.0], [0.5, 2.0, 0.0], [-0.3, 0.4, 0.7]])
    cov = a @ a.T
    x, _ = nx.jit(lambda k, m, c: R.multivariate_normal(k, m, c, shape=(N // 2,),
                                                        method=method))(
        R.key(7), nx.tensor(mean, type="f32"), nx.tensor(cov, type="f32"))
    x = np.asarray(x).astype(np.float64)
    assert x.shape == (N // 2, 3)
    np.testing.assert_allclose(x.mean(0), mean, atol=0.05)
    np.testing.assert_allclose(np.cov(x.T), cov, atol=0.08)


def test_multivariate_normal_singular_covariance():
    """eigh and svd handle a singular (rank-1) covariance: samples lie on its line."""
    cov = nx.tensor([[1.0, 2.0], [2.0, 4.0]])
    for method in ("eigh", "svd"):
        x, _ = R.multivariate_normal(R.key(1), nx.tensor([0.0, 0.0]), cov, shape=(2000,),
                                     method=method)
        x = np.asarray(x).astype(np.float64)
        assert np.isfinite(x).all(), method
        np.testing.assert_allclose(x[:, 1], 2 * x[:, 0], atol=1e-3, err_msg=method)
        assert abs(x[:, 0].var() - 1) < 0.15, method


# --- errors -------------------------------------------------------------------------------

def _raises_everywhere(cls, msg, fn, *args):
    """`fn(*args)` raises `cls` with `msg` eagerly (numpy and xla tensors) and in nx.jit."""
    for mode in ("numpy", "xla", "jit"):
        targs = [nx.tensor(np.asarray(a), type=a.type, backend="xla") if mode == "xla" else a
                 for a in args]
        f = nx.jit(fn) if mode == "jit" else fn
        with pytest.raises(cls, match=re.escape(msg)):
            f(*targs)


def test_key_errors():
    bad_shape = nx.tensor([1, 2, 3], type="u32")
    bad_type = nx.tensor([1, 2])
    for fname, fn in [("split", lambda k: R.split(k)),
                      ("uniform", lambda k: R.uniform(k)),
                      ("normal", lambda k: R.normal(k)),
                      ("randint", lambda k: R.randint(k, 0, 3)),
                      ("gumbel", lambda k: R.gumbel(k)),
                      ("fold_in", lambda k: R.fold_in(k, 1)),
                      ("shuffle", lambda k: R.shuffle(k, nx.iota((3,)))),
                      ("choice", lambda k: R.choice(k, nx.iota((3,)))),
                      ("multivariate_normal",
                       lambda k: R.multivariate_normal(k, nx.tensor([0.0]), nx.tensor([[1.0]]))),
                      ("uniform_split", lambda k: R.uniform_split(k)),
                      ("threefry2x32", lambda k: R.threefry2x32(k, (2,)))]:
        _raises_everywhere(ValueError, f"nx.random.{fname}: expected key to have shape (2,), "
                           "got tensor with shape (3,)", fn, bad_shape)
        _raises_everywhere(TypeError, f"nx.random.{fname}: expected key with 32-bit unsigned "
                           "integer type, got key with type s32", fn, bad_type)
    with pytest.raises(TypeError, match=re.escape(
            "nx.random.key: expected seed to be an integer, u64 tensor or s64 tensor, got: "
            "1.5")):
        R.key(1.5)
    _raises_everywhere(TypeError, "nx.random.key: expected seed to be an integer, u64 tensor "
                       "or s64 tensor, got: tensor of type s32", R.key, nx.tensor(3))
    with pytest.raises(ValueError, match="expected seed to fit in 64 bits"):
        R.key(2 ** 64)
    with pytest.raises(TypeError, match="expected data to be an integer"):
        R.fold_in(R.key(1), 1.5)


def test_option_errors():
    k = nx.tensor(np.array([0, 1], np.uint32), type="u32")
    cases = [
        (TypeError, "nx.random.uniform: expected float or complex type, got type s32",
         lambda k: R.uniform(k, type="s32")),
        (TypeError, "nx.random.normal: expected float or complex type, got type u8",
         lambda k: R.normal(k, type="u8")),
        (TypeError, "nx.random.randint: expected integer type, got type f32",
         lambda k: R.randint(k, 0.0, 1.0)),
        (TypeError, "nx.random.randint_split: expected integer type, got type f64",
         lambda k: R.randint_split(k, 0, 1, type="f64")),
        (TypeError, "nx.random.gumbel: output type must be floating-point, got: s32",
         lambda k: R.gumbel(k, type="s32")),
        (TypeError, "nx.random.gumbel: output type must be floating-point, got: c64",
         lambda k: R.gumbel(k, type="c64")),
        (TypeError, "nx.random.uniform: expected shape to be a tuple of non-negative "
         "integers, got (2, -1)", lambda k: R.uniform(k, shape=(2, -1))),
        (TypeError, "nx.random.uniform: unknown type 'f7'", lambda k: R.uniform(k, type="f7")),
        (ValueError, "nx.random.uniform: expected 2 names for a tensor of rank 2, got 1",
         lambda k: R.uniform(k, shape=(2, 3), names=["x"])),
        (ValueError, "nx.random.uniform: min_value, max_value and the sample shape cannot be "
         "broadcast together, got shapes (4,), (), (3,)",
         lambda k: R.uniform(k, nx.tensor([0.0, 1.0, 2.0, 3.0]), 5.0, shape=(3,))),
        (ValueError, "nx.random.uniform: min_value of shape (3, 1) and max_value of shape () "
         "do not fit the sample shape (3,)",
         lambda k: R.uniform(k, nx.tensor([[0.0], [1.0], [2.0]]), 5.0, shape=(3,))),
        (ValueError, "nx.random.normal: mean, standard_deviation and the sample shape cannot "
         "be broadcast together, got shapes (2,), (), (3,)",
         lambda k: R.normal(k, nx.tensor([0.0, 1.0]), 1.0, shape=(3,))),
        (ValueError, "nx.random.randint: min_value of shape (2,) cannot be broadcast to the "
         "sample shape ()", lambda k: R.randint(k, nx.tensor([0, 1]), 5)),
        (ValueError, "nx.random.split: parts must be a non-negative integer, got -1",
         lambda k: R.split(k, parts=-1)),
        (TypeError, "nx.random.split: parts must be an integer, got 2.0",
         lambda k: R.split(k, parts=2.0)),
        (ValueError, "nx.random.random_bits: bit_width must be 8, 16, 32 or 64, got 12",
         lambda k: R.random_bits(k, (2,), bit_width=12)),
        (ValueError, "nx.random.shuffle: expected a tensor of rank 1 or greater, got a scalar",
         lambda k: R.shuffle(k, nx.tensor(1))),
        (ValueError, "nx.random.shuffle: axis 2 is out of range for a tensor of shape (3, 4) "
         "(rank 2)", lambda k: R.shuffle(k, nx.iota((3, 4)), axis=2)),
        (TypeError, "nx.random.shuffle: independent must be True or False, got 1",
         lambda k: R.shuffle(k, nx.iota((3, 4)), independent=1)),
    ]
    for cls, msg, fn in cases:
        _raises_everywhere(cls, msg, fn, k)


def test_choice_errors():
    k = nx.tensor(np.array([0, 1], np.uint32), type="u32")
    t = nx.iota((4, 3))
    cases = [
        (ValueError, "nx.random.choice: probability tensor must have rank 1, got: 2 (shape "
         "(1, 3))", lambda k: R.choice(k, t, nx.tensor([[0.2, 0.3, 0.5]]), axis=1)),
        (ValueError, "nx.random.choice: probability tensor of size 3 is expected to have size "
         "12", lambda k: R.choice(k, t, nx.tensor([0.2, 0.3, 0.5]))),
        (ValueError, "nx.random.choice: probability tensor of size 3 is expected to have size "
         "4", lambda k: R.choice(k, t, nx.tensor([0.2, 0.3, 0.5]), axis=0)),
        (TypeError, "nx.random.choice: expected the probability tensor to have a float type, "
         "got s32", lambda k: R.choice(k, t, nx.tensor([1, 2, 3]), axis=1)),
        (ValueError, "nx.random.choice: tensor must have rank 1 or greater, got a scalar",
         lambda k: R.choice(k, nx.tensor(3))),
        (ValueError, "nx.random.choice: must take at least one sample, got samples=0",
         lambda k: R.choice(k, t, samples=0)),
        (ValueError, "nx.random.choice: cannot take more samples than the input size when "
         "replace=False (got samples=5 for an input of size 4)",
         lambda k: R.choice(k, t, samples=5, axis=0, replace=False)),
        (ValueError, "nx.random.choice: axis 'z' is not a name of the tensor",
         lambda k: R.choice(k, t, axis="z")),
        (TypeError, "nx.random.choice: samples must be an integer, got 2.5",
         lambda k: R.choice(k, t, samples=2.5)),
    ]
    for cls, msg, fn in cases:
        _raises_everywhere(cls, msg, fn, k)


def test_multivariate_normal_errors():
    k = nx.tensor(np.array([0, 1], np.uint32), type="u32")
    m2, c2 = nx.tensor([0.0, 0.0]), nx.eye(2, type="f32")
    f = "nx.random.multivariate_normal"
    cases = [
        (ValueError, f"{f}: method must be one of \"svd\", \"eigh\" and \"cholesky\", got 'qr'",
         lambda k: R.multivariate_normal(k, m2, c2, method="qr")),
        (TypeError, f"{f}: complex types are not supported, got type c64",
         lambda k: R.multivariate_normal(k, m2, c2, type="c64")),
        (TypeError, f"{f}: expected float or complex type, got type s32",
         lambda k: R.multivariate_normal(k, m2, c2, type="s32")),
        (ValueError, f"{f}: expected mean to have rank 1, got tensor with rank 2 (shape (1, 2))",
         lambda k: R.multivariate_normal(k, nx.tensor([[0.0, 0.0]]), c2)),
        (ValueError, f"{f}: expected covariance to have rank 2, got tensor with rank 1 (shape "
         "(2,))", lambda k: R.multivariate_normal(k, m2, nx.tensor([1.0, 1.0]))),
        (ValueError, f"{f}: expected covariance to be a square matrix, got tensor with shape "
         "(2, 3)", lambda k: R.multivariate_normal(k, m2, nx.iota((2, 3), type="f32"))),
        (ValueError, f"{f}: expected mean and covariance to have the same dimensions, got 3 "
         "and 2", lambda k: R.multivariate_normal(k, nx.tensor([0.0, 0.0, 0.0]), c2)),
        (TypeError, f"{f}: expected shape to be a tuple of non-negative integers, got 'x'",
         lambda k: R.multivariate_normal(k, m2, c2, shape="x")),
    ]
    for cls, msg, fn in cases:
        _raises_everywhere(cls, msg, fn, k)


def test_vectorized_keys_eagerly():
    """A vectorized key gives, for each of its entries, what that key gives alone (the
    functions are ordinary nx ops; Nx.Random accepts vectorized keys the same way)."""
    ks = R.split(R.key(7), parts=3)
    fns = {
        "uniform": lambda k: R.uniform(k, shape=(2,))[0],
        "normal": lambda k: R.normal(k, shape=(2,), type="f16")[0],
        "randint": lambda k: R.randint(k, 0, 10, shape=(2,))[0],
        "gumbel": lambda k: R.gumbel(k, shape=(2,))[0],
        "split": lambda k: R.split(k),
        "fold_in": lambda k: R.fold_in(k, 5),
        "new_key": lambda k: R.uniform(k)[1],
    }
    for name, f in fns.items():
        exp = np.stack([np.asarray(f(ks[i])) for i in range(3)])
        r = f(nx.vectorize(ks, "k"))
        assert r.vectorized_axes == (("k", 3),) or list(r.vectorized_axes) == [("k", 3)], name
        assert _same_bits(np.asarray(nx.devectorize(r)), exp), name
