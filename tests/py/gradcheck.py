"""Gradient checking shared by the test files: nx.grad against jax.grad (an oracle only) and
against central finite differences in f64."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

import nx

MODES = ("xla", "evaluator")


def _weights(fun, args):
    out = nx.jit(fun, compiler="evaluator")(*[nx.tensor(a) for a in args])
    return np.random.default_rng(1).uniform(0.5, 1.5, out.shape).astype(np.float32)


def check_grad(name, nfun, jfun, args, rtol=2e-4, atol=2e-5):
    """Checks nx.grad of `sum(nfun(*args) * w)` (random weights w) against jax.grad of the same
    objective built from `jfun`, in the xla and evaluator modes, and against central finite
    differences in f64 (evaluator). `args` are float32 NumPy arrays."""
    w = _weights(nfun, args)
    n = len(args)

    def objective(*xs):
        return nx.sum(nfun(*xs) * nx.tensor(w))

    def jobjective(*xs):
        return jnp.sum(jfun(*xs) * w)

    want = jax.grad(jobjective, argnums=tuple(range(n)))(*[jnp.asarray(a) for a in args])
    for mode in MODES:
        got = nx.jit(lambda *xs: nx.grad(tuple(xs), lambda t: objective(*t)),
                     compiler=mode)(*[nx.tensor(a) for a in args])
        for gi, wi, a in zip(got, want, args):
            assert gi.shape == a.shape and gi.type == nx.Type("f", 32)
            np.testing.assert_allclose(gi.to_numpy(), np.asarray(wi), rtol=rtol, atol=atol,
                                       err_msg=f"{name} ({mode})")
    # central finite differences in f64 (evaluator)
    args64 = [a.astype(np.float64) for a in args]
    w64 = w.astype(np.float64)
    fwd = nx.jit(lambda *xs: nx.sum(nfun(*xs) * nx.tensor(w64)), compiler="evaluator")
    grad64 = nx.jit(lambda *xs: nx.grad(tuple(xs), lambda t: nx.sum(nfun(*t) * nx.tensor(w64))),
                    compiler="evaluator")(*[nx.tensor(a) for a in args64])
    eps = 1e-6
    for i, a in enumerate(args64):
        fd = np.zeros(a.shape)
        for idx in np.ndindex(*a.shape):
            plus = [x.copy() for x in args64]
            minus = [x.copy() for x in args64]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            fp = fwd(*[nx.tensor(x) for x in plus]).to_numpy()
            fm = fwd(*[nx.tensor(x) for x in minus]).to_numpy()
            fd[idx] = (fp - fm) / (2 * eps)
        assert grad64[i].type == nx.Type("f", 64)
        np.testing.assert_allclose(grad64[i].to_numpy(), fd, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{name}: finite differences, input {i}")
