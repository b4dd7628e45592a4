"""FFTs and complex-number functions (nx.fft, nx.ifft, nx.fft2, nx.ifft2, nx.complex, nx.real,
nx.imag, nx.phase, nx.conjugate; ops nx.fft, nx.real, nx.imag, nx.conjugate, nx.complex): four
modes against NumPy (np.fft), types and names, gradients against JAX and finite differences
(and Nx's own gradient tests), and errors."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import nx
from nx.dialects.nx.registry import OpError

from gradcheck import check_grad
from modes import A, Case, check, params

RNG = np.random.default_rng(11)
X35 = RNG.standard_normal((3, 5)).astype(np.float32)
X246 = RNG.standard_normal((2, 4, 6)).astype(np.float32)
Z35 = (RNG.standard_normal((3, 5)) + 1j * RNG.standard_normal((3, 5))).astype(np.complex64)
X64 = RNG.standard_normal((2, 7))
I6 = np.array([[1, 2, 0, -3, 4, 1], [0, 0, 5, 1, -2, 2]], np.int32)


def _c(x, dt=np.complex64):
    return np.asarray(x).astype(dt)


def _fft_axis(x, n, axis, inverse=False):
    f = np.fft.ifft if inverse else np.fft.fft
    return f(np.asarray(x, np.complex128), n=n, axis=axis)


# --- complex-number functions: four modes ----------------------------------------------------

ELEMENT_CASES = [
    Case("complex_s32", nx.complex, [A([1, 2], "s32"), A([3, 4], "s32")], [1 + 3j, 2 + 4j], "c64"),
    Case("complex_broadcast_names", nx.complex,
         [A(X35, "f32", ("a", "b")), A([1.0] * 5, "f32", ("b",))], _c(X35 + 1j), "c64", ("a", "b")),
    Case("complex_f64", nx.complex, [A(X64, "f64"), A(-X64, "f64")], X64 - 1j * X64, "c128"),
    Case("complex_inf", nx.complex, [A([0.0, np.inf], "f32"), A([np.inf, np.nan], "f32")],
         np.array([complex(0, np.inf), complex(np.inf, np.nan)]), "c64"),
    Case("complex_weak_number", lambda a: nx.complex(a, 2), [A([1.5, -1], "f64")],
         [1.5 + 2j, -1 + 2j], "c128"),
    Case("real_c64", nx.real, [A(Z35, "c64", ("x", "y"))], Z35.real, "f32", ("x", "y")),
    Case("real_c128", nx.real, [A(X64 + 2j, "c128")], X64, "f64"),
    Case("real_s32", nx.real, [A([1, -2], "s32")], [1.0, -2.0], "f32"),
    Case("real_bf16", nx.real, [A([1.5], "bf16")], [1.5], "bf16"),
    Case("imag_c64", nx.imag, [A(Z35, "c64", ("x", "y"))], Z35.imag, "f32", ("x", "y")),
    Case("imag_u8", nx.imag, [A([[1, 2]], "u8", ("r", None))], [[0.0, 0.0]], "f32", ("r", None)),
    Case("imag_f64", nx.imag, [A([1.0, np.inf], "f64")], [0.0, 0.0], "f64"),
    Case("conjugate_c64", nx.conjugate, [A(Z35, "c64", ("x", "y"))], np.conj(Z35), "c64",
         ("x", "y")),
    Case("conjugate_s32", nx.conjugate, [A([1, -2], "s32")], [1 - 0j, -2 - 0j], "c64"),
    Case("conjugate_f64", nx.conjugate, [A([1.5], "f64")], [1.5 - 0j], "c128"),
    Case("phase_c64", nx.phase, [A(Z35, "c64", ("x", "y"))], np.angle(Z35), "f32", ("x", "y"),
         rtol=1e-6, atol=1e-7),
    Case("phase_real", nx.phase, [A([1.0, -2.0, 0.0, -0.0, np.nan], "f32")],
         [0.0, np.pi, 0.0, np.pi, np.nan], "f32"),
    Case("phase_s32", nx.phase, [A([3, -1], "s32")], [0.0, np.pi], "f32"),
    Case("phase_f16", nx.phase, [A([-1.0], "f16")], [np.pi], "f16"),
    Case("exp_of_complex", lambda a, b: nx.exp(nx.complex(a, b)) * nx.conjugate(nx.complex(b, a)),
         [A(X35, "f32"), A(X35 * 0.5, "f32")],
         np.exp(X35 + 0.5j * X35) * np.conj(0.5 * X35 + 1j * X35), "c64", rtol=1e-5, atol=1e-6),
]


@pytest.mark.parametrize("case", params(ELEMENT_CASES))
def test_complex_functions_modes(case):
    check(case)


def test_conjugate_of_real_has_negative_zero_imaginary_part():
    for mode_fn in (nx.conjugate, nx.jit(nx.conjugate)):
        r = np.asarray(mode_fn(nx.tensor([1.0, 2.0])))
        assert np.all(np.signbit(r.imag))


# --- FFTs: four modes -----------------------------------------------------------------------

FFT_CASES = [
    Case("fft_int_doc", nx.fft, [A([1, 1, 1, 0, 1, 1], "s32")], [5, 1, -1, 1, -1, 1], "c64"),
    Case("fft_f32_rows", nx.fft, [A(X35, "f32", ("a", "b"))], _fft_axis(X35, None, -1), "c64",
         ("a", "b"), atol=1e-5),
    Case("fft_axis0", lambda t: nx.fft(t, axis=0), [A(X35, "f32", ("a", "b"))],
         _fft_axis(X35, None, 0), "c64", ("a", "b"), atol=1e-5),
    Case("fft_axis_name", lambda t: nx.fft(t, axis="b", length=8),
         [A(X246, "f32", ("a", "b", "c"))],
         _fft_axis(X246, 8, 1), "c64", ("a", "b", "c"), atol=1e-5),
    Case("fft_pad", lambda t: nx.fft(t, length=9), [A(X35, "f32")], _fft_axis(X35, 9, -1), "c64",
         atol=1e-5),
    Case("fft_truncate", lambda t: nx.fft(t, length=3), [A(I6, "s32")], _fft_axis(I6, 3, -1), "c64",
         atol=1e-5),
    Case("fft_power_of_two", lambda t: nx.fft(t, length="power_of_two", axis=2),
         [A(X246, "f32")], _fft_axis(X246, 8, 2), "c64", atol=1e-5),
    Case("fft_power_of_two_exact", lambda t: nx.fft(t, length="power_of_two"),
         [A(X35[:, :4], "f32")], _fft_axis(X35[:, :4], 4, -1), "c64", atol=1e-5),
    Case("fft_c64", nx.fft, [A(Z35, "c64")], _fft_axis(Z35, None, -1), "c64", atol=1e-5),
    Case("fft_f64_c128", nx.fft, [A(X64, "f64")], _fft_axis(X64, None, -1), "c128",
         rtol=1e-12, atol=1e-12),
    Case("fft_bf16", nx.fft, [A([1.0, 2.0, 3.0, 4.0], "bf16")], [10, -2 + 2j, -2, -2 - 2j], "c64"),
    Case("fft_length_1", lambda t: nx.fft(t, length=1), [A(X35, "f32")], X35[:, :1], "c64"),
    Case("ifft_c64", nx.ifft, [A(Z35, "c64")], _fft_axis(Z35, None, -1, True), "c64", atol=1e-6),
    Case("ifft_axis0_pad", lambda t: nx.ifft(t, axis=0, length=4), [A(X35, "f32", ("a", None))],
         _fft_axis(X35, 4, 0, True), "c64", ("a", None), atol=1e-6),
    Case("ifft_f64_truncate", lambda t: nx.ifft(t, length=5), [A(X64, "f64")],
         _fft_axis(X64, 5, -1, True), "c128", rtol=1e-12, atol=1e-13),
    Case("fft2_default", nx.fft2, [A(X246, "f32", ("a", "b", "c"))],
         np.fft.fft2(X246.astype(np.float64)), "c64", ("a", "b", "c"), atol=2e-5),
    Case("fft2_axes_lengths", lambda t: nx.fft2(t, axes=[0, 2], lengths=[3, 4]), [A(X246, "f32")],
         np.fft.fft2(X246.astype(np.float64), s=(3, 4), axes=(0, 2)), "c64", atol=2e-5),
    Case("fft2_reversed_axes", lambda t: nx.fft2(t, axes=[-1, 0], lengths=[8, "power_of_two"]),
         [A(X35, "f32")], np.fft.fft2(X35.astype(np.float64), s=(8, 4), axes=(1, 0)), "c64",
         atol=2e-5),
    Case("ifft2_c128", lambda t: nx.ifft2(t, lengths=[2, 9]), [A(X64 * 1j, "c128")],
         np.fft.ifft2(X64 * 1j, s=(2, 9)), "c128", rtol=1e-12, atol=1e-13),
    Case("ifft2_s32", nx.ifft2, [A(I6, "s32")], np.fft.ifft2(I6), "c64", atol=1e-6),
    Case("fft_then_ifft", lambda t: nx.real(nx.ifft(nx.fft(t))), [A(X35, "f32")], X35, "f32",
         atol=1e-6),
]


@pytest.mark.parametrize("case", params(FFT_CASES))
def test_fft_modes(case):
    check(case)


def test_eps_cleans_tiny_components_in_every_mode():
    x = np.array([1e-11, 0.0, 3e-11, 0.0])
    exp_clean = np.zeros(4, np.complex128)
    check(Case("eps_default", nx.fft, [A(x, "f64")], exp_clean, "c128", atol=0))
    raw = np.fft.fft(x)
    check(Case("eps_off", lambda t: nx.fft(t, eps=-1), [A(x, "f64")], raw, "c128", rtol=1e-12))
    big = lambda t: nx.ifft(t, eps=0.5)   # noqa: E731
    check(Case("eps_big", big, [A([2.0, 1.0, 0.0, 1.0], "f64")], [1.0, 0.0, 0.0, 0.0], "c128"))


def test_empty_tensors():
    t = nx.tensor(np.zeros((0, 4), np.float32))
    for fn in (nx.fft, nx.jit(nx.fft)):
        r = fn(t)
        assert r.shape == (0, 4) and r.type == "c64"
    r = nx.fft(t, length=2)
    assert r.shape == (0, 2)


def test_fft_ir_moves_axis_last_and_pads():
    text = repr(nx.debug_expr(lambda t: nx.fft(t, axis=0, length=6))(nx.template((3, 5), "f32")))
    assert "pad" in text and "fft" in text and "transpose" in text and "lengths: [6]" in text


# --- gradients ------------------------------------------------------------------------------

X8 = RNG.standard_normal((2, 8)).astype(np.float32)
A34 = RNG.uniform(0.5, 1.5, (3, 4)).astype(np.float32)
B34 = RNG.uniform(-1.5, 1.5, (3, 4)).astype(np.float32)

GRADS = [
    ("real_fft", lambda x: nx.real(nx.fft(x)), lambda x: jnp.real(jnp.fft.fft(x)), [X8]),
    ("imag_fft", lambda x: nx.imag(nx.fft(x)), lambda x: jnp.imag(jnp.fft.fft(x)), [X8]),
    ("imag_fft_pad", lambda x: nx.imag(nx.fft(x, length=11)),
     lambda x: jnp.imag(jnp.fft.fft(x, n=11)), [X8]),
    ("real_ifft_truncate_axis0", lambda x: nx.real(nx.ifft(x, length=1, axis=0)),
     lambda x: jnp.real(jnp.fft.ifft(x, n=1, axis=0)), [X8]),
    ("abs_fft2",
     lambda x: nx.imag(nx.fft2(x, lengths=[3, 5])) + nx.real(nx.fft2(x, lengths=[3, 5])),
     lambda x: jnp.imag(jnp.fft.fft2(x, s=(3, 5))) + jnp.real(jnp.fft.fft2(x, s=(3, 5))), [X8]),
    ("ifft2_axes", lambda x: nx.real(nx.ifft2(nx.exp(nx.complex(0.0, x)), axes=[1, 0])),
     lambda x: jnp.real(jnp.fft.ifft2(jnp.exp(1j * x), axes=(1, 0))), [X8]),
    ("phase", lambda a, b: nx.phase(nx.complex(a, b)), lambda a, b: jnp.angle(a + 1j * b),
     [A34, B34]),
    ("phase_real", lambda a: nx.phase(a) * a, lambda a: jnp.angle(a) * a, [B34]),
    ("conjugate_product", lambda a,
     b: nx.imag(nx.conjugate(nx.complex(a, b)) * nx.complex(b, a * a)),
     lambda a, b: jnp.imag(jnp.conj(a + 1j * b) * (b + 1j * a * a)), [A34, B34]),
    ("conjugate_real", lambda a: nx.real(nx.conjugate(a) * nx.complex(a, a)),
     lambda a: jnp.real(jnp.conj(a) * (a + 1j * a)), [A34]),
    ("complex_imag", lambda a, b: nx.imag(nx.complex(a, b) * nx.complex(a, b)),
     lambda a, b: jnp.imag((a + 1j * b) ** 2), [A34, B34]),
]


@pytest.mark.parametrize("name,nfun,jfun,args", GRADS, ids=[g[0] for g in GRADS])
def test_gradients(name, nfun, jfun, args):
    check_grad(name, nfun, jfun, args)


@pytest.mark.parametrize("mode", ["xla", "evaluator"])
def test_gradient_of_complex_input_matches_jax(mode):
    z = (RNG.standard_normal((2, 6)) + 1j * RNG.standard_normal((2, 6))).astype(np.complex64)
    w = RNG.uniform(0.5, 1.5, (2, 8)).astype(np.float32)

    def f(t):
        y = nx.fft(t, length=8)
        return nx.sum((nx.real(y) * nx.imag(y) + nx.phase(y)) * w)

    def jf(t):
        y = jnp.fft.fft(t, n=8)
        return jnp.sum((jnp.real(y) * jnp.imag(y) + jnp.angle(y)) * w)

    got = nx.jit(lambda t: nx.grad(t, f), compiler=mode)(nx.tensor(z))
    assert got.type == "c64"
    np.testing.assert_allclose(np.asarray(got), np.asarray(jax.grad(jf)(jnp.asarray(z))),
                               rtol=1e-4, atol=1e-4)


NX_T = np.array([[5, 5, 0, 0], [2, 2, 2, 2], [0, 1j, 0, 0]], np.complex64)


@pytest.mark.parametrize("mode", ["xla", "evaluator"])
def test_fft_gradients_from_nx_tests(mode):
    """Expected values from Nx's own grad tests (nx/test/nx/defn/grad_test.exs)."""
    def run(fn, t):
        return np.asarray(nx.jit(lambda x: nx.grad(x, fn), compiler=mode)(nx.tensor(t)))
    np.testing.assert_allclose(run(lambda t: nx.sum(nx.fft(t)), NX_T), [[4, 0, 0, 0]] * 3,
                               atol=1e-5)
    np.testing.assert_allclose(run(lambda t: nx.sum(nx.fft(t, length=8)), NX_T), [[8, 0, 0, 0]] * 3,
                               atol=1e-5)
    np.testing.assert_allclose(run(lambda t: nx.sum(nx.ifft(t)), NX_T), [[1, 0, 0, 0]] * 3,
                               atol=1e-6)
    np.testing.assert_allclose(run(lambda t: nx.sum(nx.ifft(t, length=8)), NX_T),
                               [[1, 0, 0, 0]] * 3, atol=1e-6)
    padded = np.pad(NX_T, [(0, 0), (0, 2)])
    got = run(lambda t: nx.sum(nx.exp(nx.fft(nx.cos(t), length=4))), padded)
    want = [[14.16124, 12.1516, 0, 0, 0, 0], [-2.89999, 0.737196, 0.737196, 0.737196, 0, 0],
            [0, -108.54785j, 0, 0, 0, 0]]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    got = run(lambda t: nx.sum(nx.exp(nx.ifft(nx.cos(t), length=4))), padded)
    want = [[1.0896463, 0.28715, 0, 0, 0, 0], [-0.8319124, 0.077385, 0.077385, 0.077385, 0, 0],
            [0, -0.57873374j, 0, 0, 0, 0]]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_imag_gradient_differs_from_nx_rule():
    # Nx 0.10's rule (imag(g)) would give 0 here; the true derivative of imag(complex(x, 3x)) is 3
    g = nx.grad(nx.tensor([1.0, 2.0]), lambda x: nx.sum(nx.imag(nx.complex(x, 3 * x))))
    np.testing.assert_allclose(np.asarray(g), [3.0, 3.0])


# --- errors ---------------------------------------------------------------------------------

ERRORS = [
    (lambda t: nx.fft(t, length=0), ValueError,
     'nx.fft: expected length to be a positive integer or "power_of_two", got: 0'),
    (lambda t: nx.ifft(t, length=-3), ValueError,
     'nx.ifft: expected length to be a positive integer or "power_of_two", got: -3'),
    (lambda t: nx.fft(t, length="invalid"), ValueError,
     'nx.fft: expected length to be a positive integer or "power_of_two", got: \'invalid\''),
    (lambda t: nx.fft(t, length=2.5), TypeError,
     'nx.fft: expected length to be a positive integer or "power_of_two", got: 2.5'),
    (lambda t: nx.fft(t, axis=2), ValueError,
     r"nx.fft: axis 2 is out of range for a tensor of shape \(3, 5\)"),
    (lambda t: nx.fft(t, axis="z"), ValueError, "nx.fft: axis 'z' is not a name of the tensor"),
    (lambda t: nx.fft(t, eps="x"), TypeError, "nx.fft: expected eps to be a real number, got: 'x'"),
    (lambda t: nx.fft(nx.sum(t)), ValueError,
     r"nx.fft: expected a tensor with rank > 0, got tensor with rank 0"),
    (lambda t: nx.fft2(t[0]), ValueError,
     r"nx.fft2: expected a tensor with rank > 1, got tensor with rank 1"),
    (lambda t: nx.ifft2(t, lengths=[0, 2]), ValueError,
     r"nx.ifft2: expected lengths to be a positive integer or \"power_of_two\", got: \[0, 2\]"),
    (lambda t: nx.fft2(t, lengths=[2]), ValueError,
     r"nx.fft2: expected lengths to be a list of 2 lengths"),
    (lambda t: nx.fft2(t, axes=[0]), ValueError,
     r"nx.fft2: expected axes to be a list with 2 axes, got: \[0\]"),
    (lambda t: nx.fft2(t, axes=[1, -1]), ValueError,
     r"nx.fft2: axes \[1, -1\] names an axis twice"),
    (lambda t: nx.complex(nx.fft(t), t), TypeError,
     "nx.complex: does not support complex inputs, got c64"),
    (lambda t: nx.complex(t, 1j), TypeError,
     r"nx.complex: does not support complex inputs, got 1j"),
    (lambda t: nx.complex(t, t[:, :2]), ValueError,
     r"nx.complex: cannot broadcast tensors of shapes"),
]


@pytest.mark.parametrize("fn,cls,msg", ERRORS, ids=[f"error{i}" for i in range(len(ERRORS))])
def test_errors_eager_and_jit(fn, cls, msg):
    t = nx.tensor(X35)
    with pytest.raises(cls, match=msg):
        fn(t)
    with pytest.raises(cls, match=msg):
        nx.jit(fn)(t)


def test_op_infer_errors():
    from nx._dispatch import apply
    with pytest.raises(OpError,
                       match="nx.fft: expected a complex tensor, got a tensor of type f32"):
        apply("fft", [nx.tensor(X35)], {"kind": "fft", "lengths": (5,), "eps": 0.0})
    with pytest.raises(OpError,
                       match=r"nx.fft: the trailing dimensions of the operand \(shape \(3, 5\)\) "
                       r"must equal lengths \[4\]"):
        apply("fft", [nx.tensor(Z35)], {"kind": "fft", "lengths": (4,), "eps": 0.0})
    with pytest.raises(OpError, match="nx.fft: kind must be"):
        apply("fft", [nx.tensor(Z35)], {"kind": "rfft", "lengths": (5,), "eps": 0.0})
    with pytest.raises(OpError, match="nx.real: expected a complex tensor"):
        apply("real", [nx.tensor(X35)], {})


# --- rfft / irfft (NumPy's semantics; Nx v0.10 has none) --------------------------------------

@pytest.mark.parametrize("n,length", [(8, None), (7, None), (6, 10), (9, 4)])
def test_rfft_irfft_four_modes_vs_numpy(n, length):
    from modes import A, Case, check
    x = np.random.default_rng(n).standard_normal((2, n)).astype(np.float32)
    want = np.fft.rfft(x.astype(np.float64), n=length, axis=-1)
    check(Case(f"rfft-{n}-{length}", lambda t: nx.rfft(t, length=length, eps=-1), [A(x, "f32")],
               want.astype(np.complex64), "c64", rtol=1e-5, atol=1e-5))
    y = want.astype(np.complex64)
    for m in (None, 2 * (y.shape[-1] - 1), 2 * (y.shape[-1] - 1) + 1, 5):
        back = np.fft.irfft(y.astype(np.complex128), n=m, axis=-1)
        check(Case(f"irfft-{n}-{m}", lambda t: nx.irfft(t, length=m, eps=-1), [A(y, "c64")],
                   back.astype(np.float32), "f32", rtol=1e-5, atol=1e-5))


def test_rfft_gradient_vs_jax():
    import jax.numpy as jnp

    from gradcheck import check_grad
    x = np.random.default_rng(0).standard_normal(6).astype(np.float32)
    check_grad("rfft", lambda a: nx.real(nx.rfft(a, eps=-1)) + nx.imag(nx.rfft(a, eps=-1)),
               lambda a: jnp.real(jnp.fft.rfft(a)) + jnp.imag(jnp.fft.rfft(a)), [x])
    check_grad("irfft", lambda a: nx.irfft(nx.complex(a, a * 0.5), eps=-1),
               lambda a: jnp.fft.irfft(a + 0.5j * a), [x[:4]])


def test_rfft_errors():
    with pytest.raises(TypeError,
                       match="nx.rfft: expected a real tensor, got a tensor of type c64"):
        nx.rfft(nx.tensor([1 + 1j]))
    with pytest.raises(ValueError, match="nx.irfft: expected a tensor with rank > 0"):
        nx.irfft(nx.tensor(1.0))
