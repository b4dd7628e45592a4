"""IREE as a second compiler (nx.runtime.iree): nx modules compiled by IREE's llvm-cpu backend
and run by its local-task driver, checked against NumPy. Skips when IREE is not installed
(`pip install nxc[iree]`)."""
from __future__ import annotations

import math
import platform
import shutil

import numpy as np
import pytest

import nx
from nx import types as T
from nx.runtime import iree

pytestmark = pytest.mark.skipif(not iree.available(),
                                reason="IREE is not installed (pip install nxc[iree])")


def run(fun, *arrays, passes=None):
    """`fun` traced for `arrays`, compiled by IREE and called on them: (results, executable)."""
    module = nx.jit(fun).lower(*[nx.tensor(a) for a in arrays])
    exe = iree.compile_module_iree(module, passes)
    return exe(list(arrays)), exe


def test_elementwise_reductions_dot_f32():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    y = rng.standard_normal((4, 2)).astype(np.float32)

    def fun(x, y):
        e = nx.tanh(x) * nx.exp(x) - x / 3
        return (nx.sum(e, axes=[1]), nx.reduce_max(x), nx.dot(x, y), nx.mean(x, axes=[0]))

    out, exe = run(fun, x, y)
    want = [(np.tanh(x) * np.exp(x) - x / 3).sum(1), x.max(), x @ y, x.mean(0)]
    assert len(out) == 4
    for got, w in zip(out, want):
        assert got.dtype == np.float32 and got.shape == np.shape(w)
        np.testing.assert_allclose(got, w, rtol=2e-5, atol=1e-6)
    assert exe.arg_types == [((3, 4), T.F32), ((4, 2), T.F32)]
    assert exe.result_types == [((3,), T.F32), ((), T.F32), ((3, 2), T.F32), ((4,), T.F32)]


def test_f64_keeps_its_precision():
    x = np.array([1 + 2.0**-40, 0.1, -3.0])   # 1 + 2**-40 is 1.0 in f32
    out, exe = run(lambda x: (x * x - 1, nx.sum(x)), x)
    assert out[0].dtype == np.float64
    # (1 + 2**-40)**2 - 1 = 2**-39 + 2**-80: 0.0 in f32 (LLVM may fuse it into an FMA: an ulp)
    np.testing.assert_allclose(out[0], x * x - 1, rtol=1e-12)
    assert abs(out[0][0] - 2.0**-39) < 2.0**-60
    np.testing.assert_allclose(out[1], x.sum(), rtol=1e-15)
    assert exe.arg_types == [((3,), T.F64)]


@pytest.mark.skipif(shutil.which("ld") is None and shutil.which("cc") is None,
                    reason="no system linker (f64 libm calls link as a system library)")
def test_f64_math_calls_link_libm():
    # LLVM turns f64 sin/tanh into libm calls, which IREE's embedded ELF cannot link: the
    # compiler retries as a system shared library
    x = np.array([0.1, 1.0, 2.0, -3.0])
    out, exe = run(lambda x: (nx.sin(x), nx.tanh(x), nx.exp(x)), x)
    np.testing.assert_allclose(out[0], np.sin(x), rtol=1e-15)
    np.testing.assert_allclose(out[1], np.tanh(x), rtol=1e-15)
    np.testing.assert_allclose(out[2], np.exp(x), rtol=1e-15)
    assert exe.target is not None and exe.target["format"].startswith("system-elf-")


def test_s64_keeps_its_range():
    a = np.array([2**40 + 7, -(2**45), 2**31 + 1], np.int64)
    out, exe = run(lambda a: (a * 3 + 1, nx.sum(a)), a)
    assert out[0].dtype == np.int64
    np.testing.assert_array_equal(out[0], a * 3 + 1)
    assert int(out[1]) == int(a.sum())
    assert exe.arg_types == [((3,), T.S64)]


def test_unsigned_and_predicates():
    a = np.array([250, 3, 7], np.uint8)
    b = np.float32([1.0, 2.0, 3.0])
    out, exe = run(lambda a, b: (a + a, nx.greater(b, 1.5)), a, b)
    np.testing.assert_array_equal(out[0], a + a)   # wraps around as u8
    np.testing.assert_array_equal(out[1], np.uint8([0, 1, 1]))
    assert exe.arg_types[0] == ((3,), T.U8)
    assert out[1].dtype == np.uint8


def test_chlo_ops_logsumexp_erf_erf_inv_asinh():
    x = np.linspace(-0.9, 0.9, 7)
    out, _ = run(lambda x: (nx.logsumexp(x), nx.erf(x), nx.erf_inv(x), nx.asinh(x)), x)
    np.testing.assert_allclose(out[0], np.log(np.exp(x).sum()), rtol=1e-12)
    np.testing.assert_allclose(out[1], [math.erf(v) for v in x], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose([math.erf(v) for v in out[2]], x, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out[3], np.arcsinh(x), rtol=1e-12, atol=1e-15)


def test_signature_mismatch_names_the_source_and_both_signatures():
    x = np.float32([1, 2, 3])
    _, exe = run(lambda x: x + 1, x)
    exe.check([x], "f")   # matches: no error
    with pytest.raises(ValueError, match=r"my_fun: .*expected \(f32\[3\]\), given \(f64\[3\]\)"):
        exe.check([x.astype(np.float64)], "my_fun")
    with pytest.raises(ValueError, match=r"expected \(f32\[3\]\), given \(f32\[4\]\)"):
        exe.check([np.float32([1, 2, 3, 4])], "my_fun")
    with pytest.raises(ValueError, match=r"expected \(f32\[3\]\), given \(f32\[3\], f32\[3\]\)"):
        exe.check([x, x], "my_fun")
    # calling with the wrong arrays gives the same error, not IREE's
    with pytest.raises(ValueError, match=r"expected \(f32\[3\]\), given \(s32\[3\]\)"):
        exe([np.int32([1, 2, 3])])


def test_hooks_are_refused():
    x = np.float32([1, 2])
    with pytest.raises(iree.IreeCompileError, match="hooks .* are not supported on IREE"):
        run(lambda x: nx.print_value(x) * 2, x)
    with pytest.raises(iree.IreeCompileError, match="hooks .* are not supported on IREE"):
        run(lambda x: nx.hook(x, lambda t: None) + 1, x)


def test_vmfb_cache_hit(monkeypatch):
    import iree.compiler as ic

    x = np.float32([[1, 2], [3, 4]])

    def fun(x):
        return nx.transpose(x) * 7 - 1

    out1, _ = run(fun, x)
    hits = iree.vmfb_cache.hits

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(ic, "compile_str", no_compile)
    out2, _ = run(fun, x)   # a new trace, the same StableHLO: no compile
    assert iree.vmfb_cache.hits == hits + 1
    np.testing.assert_array_equal(out1[0], out2[0])
    np.testing.assert_array_equal(out2[0], x.T * 7 - 1)


def test_compile_vmfb_load_and_reflection(tmp_path):
    src = ("func.func @main(%a: tensor<2x3xf64>, %b: tensor<ui32>) -> "
           "(tensor<2x3xf64>, tensor<ui32>) {\n"
           "  %0 = stablehlo.add %a, %a : tensor<2x3xf64>\n"
           "  %1 = stablehlo.add %b, %b : tensor<ui32>\n"
           "  return %0, %1 : tensor<2x3xf64>, tensor<ui32>\n}\n")
    vmfb = iree.compile_vmfb(src)
    path = tmp_path / "add.vmfb"
    path.write_bytes(vmfb)
    exe = iree.load(str(path))
    assert exe.arg_types == [((2, 3), T.F64), ((), T.Type("u32"))]
    assert exe.result_types == [((2, 3), T.F64), ((), T.Type("u32"))]
    a = np.arange(6.0).reshape(2, 3)
    out = exe([a, np.uint32(3_000_000_000)])
    np.testing.assert_array_equal(out[0], a + a)
    assert out[1].dtype == np.uint32 and int(out[1]) == 6_000_000_000 % 2**32
    assert str(path) in repr(exe)


def test_compile_error():
    src = ("func.func @main(%a: tensor<3xf32>) -> tensor<3xf32> {\n"
           "  %0 = stablehlo.custom_call @lapack_sgetrf(%a) : (tensor<3xf32>) -> tensor<3xf32>\n"
           "  return %0 : tensor<3xf32>\n}\n")
    with pytest.raises(iree.IreeCompileError, match="custom_call") as e:
        iree.compile_vmfb(src)
    assert "Invoked with" not in str(e.value)


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64", "aarch64", "arm64"),
                    reason="needs an x86_64 or aarch64 host")
def test_vmfb_for_another_architecture_is_refused(tmp_path):
    other = ("aarch64-unknown-linux-gnu" if platform.machine().lower() in ("x86_64", "amd64")
             else "x86_64-unknown-linux-gnu")
    src = ("func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {\n"
           "  %0 = stablehlo.add %a, %a : tensor<4xf32>\n  return %0 : tensor<4xf32>\n}\n")
    vmfb = iree.compile_vmfb(src, cpu="generic",
                             extra_args=[f"--iree-llvmcpu-target-triple={other}"])
    path = tmp_path / "other.vmfb"
    path.write_bytes(vmfb)
    with pytest.raises(iree.IreeLoadError, match=rf"{path}: compiled for llvm-cpu embedded-elf-"):
        iree.load(str(path))


def test_vmfb_needing_missing_cpu_features_is_refused(tmp_path):
    # a CPU with more features than this one (Diamond Rapids: APX, AVX10.2): running its code
    # here would die of an illegal instruction, so loading refuses it
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("an x86_64 target")
    src = ("func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {\n"
           "  %0 = stablehlo.add %a, %a : tensor<4xf32>\n  return %0 : tensor<4xf32>\n}\n")
    vmfb = iree.compile_vmfb(src, cpu="diamondrapids")
    t = iree.vmfb_target(vmfb)
    assert t is not None and t["cpu"] == "diamondrapids"
    path = tmp_path / "dmr.vmfb"
    path.write_bytes(vmfb)
    try:
        exe = iree.load(str(path))
    except iree.IreeLoadError as e:
        assert str(path) in str(e) and "diamondrapids" in str(e) and "lacks" in str(e)
    else:   # a machine that has them all
        np.testing.assert_array_equal(exe([np.float32([1, 2, 3, 4])])[0], [2, 4, 6, 8])


def test_unavailable_error_names_the_extra(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name.startswith("iree"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    assert not iree.available()
    with pytest.raises(iree.IreeUnavailableError, match=r"pip install nxc\[iree\]"):
        iree.compile_vmfb("func.func @main() {\n  return\n}\n", cpu="never-cached")
    assert issubclass(iree.IreeUnavailableError, RuntimeError)
