"""Export and reload (nx/artifacts.py, runtime/artifact.py): the workflow a user follows. A
softmax cross-entropy model is compiled and saved in this process, then loaded and run in a
fresh Python process; its numbers must equal nx.jit's and a NumPy reference (in f64)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import nx
from nx.runtime.artifact import MAGIC, ArtifactError

RNG = np.random.default_rng(7)
W = RNG.standard_normal((5, 3)).astype(np.float32)
X = RNG.standard_normal((4, 5)).astype(np.float32)
LABELS = np.array([0, 2, 1, 2], np.int32)


def xent(w, x, labels):
    logits = nx.dot(x, w)
    picked = nx.take_along_axis(logits, nx.new_axis(labels, 1), axis=1)
    return nx.mean(nx.logsumexp(logits, axes=[1]) - nx.squeeze(picked, axes=[1]))


def loss_and_grad(w, x, labels):
    return nx.value_and_grad(lambda v: xent(v, x, labels))(w)


def numpy_loss(w, x, labels):
    logits = x.astype(np.float64) @ w.astype(np.float64)
    m = logits.max(1, keepdims=True)
    lse = (m + np.log(np.exp(logits - m).sum(1, keepdims=True)))[:, 0]
    return (lse - logits[np.arange(len(labels)), labels]).mean()


TEMPLATES = [nx.template((5, 3), "f32"), nx.template((4, 5), "f32"), nx.template((4,), "s32")]

RELOAD = r'''
import json, sys
import numpy as np
import nx
path, w, x, labels = sys.argv[1], *[np.load(p) for p in sys.argv[2:5]]
f = nx.load_compiled(path)
out = f(w, x, labels)
out = out if isinstance(out, tuple) else (out,)
print(json.dumps([o.to_numpy().tolist() for o in out]))
'''


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    paths = []
    for name, a in (("w", W), ("x", X), ("labels", LABELS)):
        p = d / f"{name}.npy"
        np.save(p, a)
        paths.append(str(p))
    return paths


def _reload(path, inputs):
    r = subprocess.run([sys.executable, "-c", RELOAD, str(path), *inputs],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return [np.asarray(v) for v in json.loads(r.stdout.strip().splitlines()[-1])]


def _iree():
    from nx.runtime import iree
    return iree.available()


VMFB = pytest.param(".vmfb", marks=pytest.mark.skipif(not _iree(), reason="IREE not installed"))


@pytest.mark.parametrize("suffix", [".mlirbc", ".exe", VMFB])
def test_saved_model_reloads_in_a_fresh_process(tmp_path, inputs, suffix):
    path = tmp_path / ("xent" + suffix)
    nx.compile(loss_and_grad, TEMPLATES).save(path)
    loss, grad = _reload(path, inputs)
    want_loss, want_grad = nx.jit(loss_and_grad)(nx.tensor(W), nx.tensor(X), nx.tensor(LABELS))
    np.testing.assert_allclose(loss, want_loss.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(grad, want_grad.to_numpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(loss, numpy_loss(W, X, LABELS), rtol=1e-5)


def test_portable_artifact_is_pure_stablehlo(tmp_path):
    # what other consumers read: versioned StableHLO bytecode, CHLO (logsumexp's) legalized
    from jaxlib.mlir import ir
    from jaxlib.mlir.dialects import stablehlo
    path = tmp_path / "xent.mlirbc"
    nx.compile(xent, TEMPLATES).save(path)
    data = path.read_bytes()
    assert data.startswith(b"ML\xefR")
    ctx = ir.Context()
    stablehlo.register_dialect(ctx)
    with ctx:
        m = stablehlo.deserialize_portable_artifact(ctx, data)
        text = str(m)
    assert "chlo." not in text and "custom_call" not in text, text
    assert "stablehlo.exponential" in text or "stablehlo.log" in text


def test_load_compiled_checks_its_signature(tmp_path):
    path = tmp_path / "xent.exe"
    nx.compile(xent, TEMPLATES).save(path)
    f = nx.load_compiled(path)
    assert f.arg_types == [((5, 3), nx.types.F32), ((4, 5), nx.types.F32), ((4,), nx.types.S32)]
    with pytest.raises(ArtifactError, match=r"xent.exe: compiled for \(f32\[5, 3\], f32\[4, 5\], "
                                            r"s32\[4\]\) but called with \(f32\[5, 3\], "
                                            r"f32\[4, 5\], f32\[4\]\)"):
        f(W, X, LABELS.astype(np.float32))
    with pytest.raises(ArtifactError, match="compiled for"):
        f(W, X)
    # the state is intact: a right call still works
    np.testing.assert_allclose(f(W, X, LABELS).to_numpy(), numpy_loss(W, X, LABELS), rtol=1e-5)


def test_bad_files_and_suffixes(tmp_path):
    c = nx.compile(xent, TEMPLATES)
    with pytest.raises(ArtifactError, match=r"model.bin: unknown artifact suffix '.bin'"):
        c.save(tmp_path / "model.bin")
    with pytest.raises(ArtifactError, match="unknown artifact suffix"):
        nx.load_compiled(tmp_path / "model.onnx")
    with pytest.raises(ArtifactError, match=r"cannot read .*missing.exe"):
        nx.load_compiled(tmp_path / "missing.exe")
    bad = tmp_path / "not_one.exe"
    bad.write_bytes(b"hello")
    with pytest.raises(ArtifactError, match="not_one.exe: not an nx executable"):
        nx.load_compiled(bad)
    bad = tmp_path / "not_one.mlirbc"
    bad.write_bytes(b"hello")
    with pytest.raises(ArtifactError, match="not_one.mlirbc: not a portable StableHLO artifact"):
        nx.load_compiled(bad)
    # an executable written by another jaxlib
    good = tmp_path / "xent.exe"
    c.save(good)
    data = good.read_bytes()
    n = int.from_bytes(data[len(MAGIC):len(MAGIC) + 8], "little")
    head = json.loads(data[len(MAGIC) + 8:len(MAGIC) + 8 + n])
    head["jaxlib"] = "0.0.1"
    new = json.dumps(head).encode()
    other = tmp_path / "other.exe"
    other.write_bytes(MAGIC + len(new).to_bytes(8, "little") + new + data[len(MAGIC) + 8 + n:])
    with pytest.raises(ArtifactError, match=r"other.exe: compiled by jaxlib 0.0.1"):
        nx.load_compiled(other)


def test_hooks_cannot_be_saved(tmp_path):
    def noisy(x):
        return nx.print_value(x) * 2
    c = nx.compile(noisy, [nx.template((3,), "f32")])
    for suffix in (".mlirbc", ".exe", ".vmfb"):
        with pytest.raises(ArtifactError, match="has hooks"):
            c.save(tmp_path / ("noisy" + suffix))
        assert not os.path.exists(tmp_path / ("noisy" + suffix))


def test_portable_lowering_under_jit_equals_native():
    args = (nx.tensor(W), nx.tensor(X), nx.tensor(LABELS))
    native = nx.jit(loss_and_grad)(*args)
    portable = nx.jit(loss_and_grad, lowering="portable")(*args)
    for a, b in zip(native, portable):
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match="nx.jit: unknown lowering 'fast'; lowerings: native, "
                                         "portable"):
        nx.jit(xent, lowering="fast")


@pytest.mark.skipif(not _iree(), reason="IREE not installed")
def test_jit_on_iree_equals_xla():
    args = (nx.tensor(W), nx.tensor(X), nx.tensor(LABELS))
    xla = nx.jit(loss_and_grad)(*args)
    iree = nx.jit(loss_and_grad, compiler="iree")(*args)
    for a, b in zip(xla, iree):
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-5, atol=1e-6)
    # linear algebra: the portable decompositions, compiled by IREE
    a = RNG.standard_normal((3, 4, 4)).astype(np.float32)
    q, r = nx.jit(nx.linalg.qr, compiler="iree")(nx.tensor(a))
    np.testing.assert_allclose(np.matmul(q.to_numpy(), r.to_numpy()), a, atol=2e-5)
