"""Port of Nx v0.10.0's nx/test/nx/tensor_test.exs (Nx.TensorTest): backends, containers on
backend functions, access with stepped ranges, inspect.

Each test names the Elixir line of its `test "..."` (`tensor_test.exs:N`) in a comment.

Nx's tests use `ProcessBackend` (nx/test/support/backends.ex), a test backend that keeps a
tensor's binary in the process dictionary under `key`, so `Process.get(:example)` is "the
bytes the target backend holds". nx has no user-defined backends; its other backend, "xla"
(PJRT buffers, Nx's EXLA.Backend), stands in for it here: `Process.get(:example)` becomes the
bytes read back from the "xla" tensor, and "`refute Process.get(:example)`" becomes "the
deallocated tensor can no longer be read". The expected bytes are Nx's
`<<1::32-native, 2::32-native, 3::32-native>>`.

Elixir ranges are inclusive and `0..-1//k` runs to the last index: `t[[.., 0..-1//3]]` is
`t[:, ::3]`.
"""
from __future__ import annotations

import struct

import pytest

import nx

from nx_helpers import ERRORS, assert_equal

# <<1::32-native, 2::32-native, 3::32-native>>
EXAMPLE_BINARY = struct.pack("=3i", 1, 2, 3)


# --- describe "backend_transfer" ----------------------------------------------------------

def test_backend_transfer_transfers_existing_tensor():  # tensor_test.exs:7
    t = nx.backend_transfer(nx.tensor([1, 2, 3]), "xla")
    assert t.backend == "xla"
    assert nx.to_binary(t) == EXAMPLE_BINARY


# --- describe "backend_copy" --------------------------------------------------------------

def test_backend_copy_copies_existing_tensor():  # tensor_test.exs:14
    t = nx.backend_copy(nx.tensor([1, 2, 3]), "xla")
    assert t.backend == "xla"
    assert nx.to_binary(t) == EXAMPLE_BINARY


# --- describe "backend_deallocate" --------------------------------------------------------

def test_backend_deallocate_deallocates_existing_tensor():  # tensor_test.exs:21
    t = nx.backend_transfer(nx.tensor([1, 2, 3]), "xla")
    assert nx.to_binary(t) == EXAMPLE_BINARY
    assert nx.backend_deallocate(t) == "ok"
    # refute Process.get(:example): the backend no longer holds the data
    with pytest.raises(RuntimeError, match="deallocated"):
        nx.to_binary(t)
    assert nx.backend_deallocate(t) == "already_deallocated"


# --- describe "tuples" --------------------------------------------------------------------

def test_tuples_on_backend_transfer():  # tensor_test.exs:31
    assert_equal(nx.backend_transfer((nx.tensor(1), 2)), (nx.tensor(1), nx.tensor(2)))


def test_tuples_on_backend_copy():  # tensor_test.exs:35
    assert_equal(nx.backend_copy((nx.tensor(1), 2)), (nx.tensor(1), nx.tensor(2)))


def test_tuples_on_backend_deallocate():  # tensor_test.exs:39
    assert nx.backend_deallocate((nx.tensor(1), 2)) == "ok"


# --- describe "maps" ----------------------------------------------------------------------

def test_maps_on_backend_transfer():  # tensor_test.exs:45
    assert_equal(nx.backend_transfer({"foo": nx.tensor(1), "bar": 2}),
                 {"foo": nx.tensor(1), "bar": nx.tensor(2)})


def test_maps_on_backend_copy():  # tensor_test.exs:52
    assert_equal(nx.backend_copy({"foo": nx.tensor(1), "bar": 2}),
                 {"foo": nx.tensor(1), "bar": nx.tensor(2)})


def test_maps_on_backend_deallocate():  # tensor_test.exs:59
    assert nx.backend_deallocate({"foo": nx.tensor(1), "bar": 2}) == "ok"


# --- describe "default backend" -----------------------------------------------------------

@pytest.fixture
def process_backend():
    """The describe's `setup`: Nx.default_backend({ProcessBackend, key: :example}); "xla"
    stands in for ProcessBackend, for this thread only, restored afterwards."""
    with nx.with_default_backend("xla"):
        yield


def test_default_backend_on_tensor(process_backend):  # tensor_test.exs:70
    t = nx.tensor([1, 2, 3])
    # assert Process.get(:example): the tensor was allocated on the default backend
    assert t.backend == "xla"
    assert nx.to_binary(t) == EXAMPLE_BINARY


def test_default_backend_on_from_binary(process_backend):  # tensor_test.exs:75
    t = nx.from_binary(bytes([1, 2, 3]), "u8")
    # assert Process.get(:example): the tensor was allocated on the default backend
    assert t.backend == "xla"
    assert nx.to_binary(t) == bytes([1, 2, 3])


@pytest.mark.skip(reason="Elixir-only: asserts ProcessBackend's own RuntimeError 'not "
                  "supported' (the test backend does not implement eye); nx has no "
                  "user-defined backends")
def test_default_backend_on_eye(process_backend):  # tensor_test.exs:80
    with pytest.raises(RuntimeError, match="not supported"):
        nx.eye(3)


@pytest.mark.skip(reason="Elixir-only: asserts ProcessBackend's own RuntimeError 'not "
                  "supported' (the test backend does not implement iota); nx has no "
                  "user-defined backends")
def test_default_backend_on_iota(process_backend):  # tensor_test.exs:84
    with pytest.raises(RuntimeError, match="not supported"):
        nx.iota((2, 2))


# --- describe "access" --------------------------------------------------------------------

def test_access_works_with_stepped_ranges():  # tensor_test.exs:90
    # [.., 0..-1//3, 0..-1//2]
    assert_equal(nx.iota((2, 3, 5))[:, ::3, ::2],
                 nx.tensor([
                     [
                         [0, 2, 4]
                     ],
                     [
                         [15, 17, 19]
                     ]
                 ]))

    # [.., 0..-1//2, 0..-1//2]
    assert_equal(nx.iota((2, 3, 5))[:, ::2, ::2],
                 nx.tensor([
                     [
                         [0, 2, 4],
                         [10, 12, 14]
                     ],
                     [
                         [15, 17, 19],
                         [25, 27, 29]
                     ]
                 ]))


def test_access_raises_for_negative_steps():  # tensor_test.exs:114
    iota = nx.iota((2, 5))
    # Nx: "range step must be positive, got range: 4..0//-2"; nx says "slice steps must be
    # positive, got -2": matched on "step(s) must be positive" and the step.
    with pytest.raises(ERRORS, match=r"steps? must be positive.*-2"):
        iota[0, 4::-2]  # [0, 4..0//-2]

    # Nx: "range step must be positive, got range: 1..-1//-1. Did you mean to pass the range
    # 1..-1//1 instead?" (the hint is about Elixir's range syntax, which has no Python
    # counterpart): matched on "step(s) must be positive" and the step.
    with pytest.raises(ERRORS, match=r"steps? must be positive.*-1"):
        iota[1, 1::-1]  # [1, 1..-1//-1]


# --- describe "inspect" -------------------------------------------------------------------

@pytest.mark.skip(reason="Elixir-only: inspect's custom_options: [nx_precision: n]; nx's repr "
                  "has no precision option")
def test_inspect_prints_with_configured_precision():  # tensor_test.exs:132
    # Nx's cases, kept for reference: (~VEC source, nx_precision, the data line of inspect).
    cases = [
        ("1", 5, "s32[1]", "[1]"),
        ("1.0", 5, "f32[1]", "[1.0]"),
        ("1.000042e-3", 5, "f32[1]", "[0.001]"),
        ("42.1337e10", 5, "f32[1]", "[421337006080.0]"),
        ("Inf -Inf NaN", 7, "f32[3]", "[Inf, -Inf, NaN]"),
        ("Inf-Infi 1.0i 0 1000", 3, "c64[4]", "[Inf-Infi, 0.0+1.0i, 0.0+0.0i, 1.0e3+0.0i]"),
        ("-0.0001", 3, "f32[1]", "[-9.999e-5]"),
        ("-0.0001", 8, "f32[1]", "[-9.99999974e-5]"),
    ]
    assert cases
