"""nx.composite (Nx.Defn.Composite): traverse, reduce, flatten_list, count, is_compatible;
Nx 0.10's doc examples and composite_test.exs, ported."""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import pytest

import nx
from nx.composite import count, flatten_list, is_compatible, reduce, traverse
from nx.testing import assert_equal


def test_count_doc_examples():
    assert count(123) == 1
    assert count((1, (2, 3))) == 3
    assert count((complex(1), (nx.tensor(2), 3))) == 3
    assert count({"a": [1, 2], "b": None}) == 2
    assert count(()) == 0


def test_flatten_list_doc_examples():
    assert flatten_list([1, (2, 3)]) == [1, 2, 3]
    out = flatten_list([1, (2, 3)], [nx.tensor(4)])
    assert out[:3] == [1, 2, 3]
    assert_equal(out[3], nx.tensor(4))
    # composite_test.exs
    out = flatten_list([1, (complex(2), nx.tensor(3))])
    assert out[:2] == [1, complex(2)]
    assert_equal(out[2], nx.tensor(3))
    assert flatten_list([1, (complex(2), 3)], [4, 5, 6]) == [1, complex(2), 3, 4, 5, 6]
    with pytest.raises(TypeError, match="nx.composite.flatten_list: expected a list"):
        flatten_list((1, 2))


def test_traverse_2_with_complex_tensor_and_number():
    got = traverse((1, complex(2), nx.tensor(3)), lambda x: nx.add(x, 1))
    assert_equal(got, (nx.tensor(2), nx.tensor(complex(3)), nx.tensor(4)))
    assert got[1].type == "c64"


def test_traverse_3_with_complex_tensor_and_number():
    got, acc = traverse((1, complex(2), nx.tensor(3)), 0,
                        lambda x, acc: (nx.add(x, acc), nx.subtract(x, acc)))
    assert_equal(got, (nx.tensor(1), nx.tensor(complex(3)), nx.tensor(complex(4))))
    assert_equal(acc, nx.tensor(complex(2)))
    assert acc.type == "c64"


def test_reduce_with_complex_tensor_and_number():
    got = reduce((1, (nx.tensor(3), (complex(2),))), 1, nx.multiply)
    assert_equal(got, nx.tensor(complex(6)))
    assert got.type == "c64"


class Pair(NamedTuple):
    a: object
    b: object


@dataclasses.dataclass
class Params:
    w: object
    b: object


def test_traverse_keeps_every_container_kind():
    tree = {"z": [1, (2,)], "a": Pair(3, None), "p": Params(4, 5)}
    out = traverse(tree, lambda x: x * 10)
    assert out == {"z": [10, (20,)], "a": Pair(30, None), "p": Params(40, 50)}
    order = reduce(tree, [], lambda x, acc: acc + [x])
    assert order == [3, 4, 5, 1, 2]      # dict keys sorted, as Nx's maps, then in order


def test_is_compatible():
    always = lambda a, b: True  # noqa: E731
    assert is_compatible((1, {"a": 2}), (nx.tensor(1), {"a": nx.tensor(3)}), always)
    assert not is_compatible((1, 2), (1, 2, 3), always)
    assert not is_compatible({"a": 1}, {"b": 1}, always)
    assert not is_compatible((1, 2), [1, 2], always)               # tuple vs list
    assert not is_compatible(Pair(1, 2), (1, 2), always)
    assert not is_compatible(1, (1,), always)
    assert is_compatible(nx.tensor(1), 2, always)                  # numbers are tensors
    seen = []

    def equal(a, b):
        seen.append((a, b))
        return a == b
    assert not is_compatible((1, 2, 3), (1, 5, 3), equal)
    assert seen == [(1, 1), (2, 5)]                                # stops at the first false
    assert is_compatible([nx.tensor(1), nx.tensor(2)], [1, 2],
                         lambda a, b: nx.to_number(nx.equal(a, b)) == 1)


def test_inside_defn():
    @nx.defn
    def f(t):
        doubled = traverse(t, lambda x: x * 2)
        return reduce(doubled, 0, lambda x, acc: acc + nx.sum(x)), count(t)

    total, n = f({"a": nx.tensor([1, 2]), "b": (nx.tensor(3),)})
    assert_equal(total, nx.tensor(12))
    assert_equal(n, nx.tensor(2))


def test_errors():
    with pytest.raises(TypeError, match="nx.composite.traverse: expected a function"):
        traverse((1,), 3)
    with pytest.raises(TypeError, match="must return a tuple \\(new_leaf, acc\\)"):
        traverse((1,), 0, lambda x, acc: x)
    with pytest.raises(TypeError, match="nx.composite.reduce: expected a function"):
        reduce((1,), 0, None)
