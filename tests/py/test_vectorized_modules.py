"""nx.linalg and nx.random on vectorized inputs: each entry gets what the plain call gives it."""
from __future__ import annotations

import numpy as np
import pytest

import nx

MODES = ("xla", "evaluator")


@pytest.mark.parametrize("mode", MODES)
def test_linalg_on_vectorized_matrices(mode):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4, 4)).astype(np.float32)
    a = a @ a.transpose(0, 2, 1) + 4 * np.eye(4, dtype=np.float32)
    va = nx.vectorize(nx.tensor(a), "b")
    chol = nx.jit(nx.linalg.cholesky, compiler=mode)(va)
    assert chol.vectorized_axes == (("b", 3),) and chol.shape == (4, 4)
    np.testing.assert_allclose(nx.to_numpy(chol), np.linalg.cholesky(a), atol=2e-6)
    det = nx.jit(nx.linalg.determinant, compiler=mode)(va)
    np.testing.assert_allclose(nx.to_numpy(det), np.linalg.det(a), rtol=1e-5)
    x = nx.jit(nx.linalg.solve, compiler=mode)(va, nx.tensor(np.ones(4, np.float32)))
    np.testing.assert_allclose(nx.to_numpy(x), np.linalg.solve(a, np.ones((3, 4, 1)))[..., 0],
                               atol=1e-6)
    q, r = nx.jit(nx.linalg.qr, compiler=mode)(va)
    np.testing.assert_allclose(np.einsum("bij,bjk->bik", nx.to_numpy(q), nx.to_numpy(r)), a,
                               atol=1e-5)


def test_random_with_vectorized_keys_matches_per_key_calls():
    keys = nx.random.split(nx.random.key(1), parts=3)
    vkeys = nx.vectorize(keys, "k")
    u, _ = nx.jit(lambda key: nx.random.uniform(key, shape=(2,)))(vkeys)
    assert u.vectorized_axes == (("k", 3),) and u.shape == (2,)
    want = [nx.to_list(nx.random.uniform(keys[i], shape=(2,))[0]) for i in range(3)]
    np.testing.assert_array_equal(nx.to_numpy(u), np.array(want, np.float32))
    s, _ = nx.random.shuffle(vkeys, nx.iota((5,)))
    for i in range(3):
        assert nx.to_list(s)[i] == nx.to_list(nx.random.shuffle(keys[i], nx.iota((5,)))[0])
