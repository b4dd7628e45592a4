"""Every op of the nx dialect registry has its five facets, or says why one is missing."""
from __future__ import annotations

from nx.dialects.nx import registry
from nx.dialects.nx.registry import FACETS, OPS


def test_facet_names():
    assert FACETS == ("infer", "kernel", "lower", "grad", "batch")


def test_registry_is_populated():
    # the op families the API exposes must all be registered
    for name in ("constant", "iota", "eye", "exp", "add", "divide", "select", "as_type", "dot",
                 "sum", "argmax", "reshape", "transpose", "broadcast", "slice", "pad",
                 "concatenate", "while", "cond", "yield"):
        assert name in OPS, f"nx.{name} is not registered"


def test_every_op_has_all_facets_or_a_reason():
    offenders = []
    for name, d in sorted(OPS.items()):
        for facet in FACETS:
            present = getattr(d, facet) is not None
            reason = d.missing.get(facet)
            if not present and not (isinstance(reason, str) and reason.strip()):
                offenders.append(f"nx.{name}.{facet}")
    assert not offenders, ("ops lacking a facet without a reason in `missing`: "
                           + ", ".join(offenders))


def test_present_facets_are_callable():
    offenders = [f"nx.{name}.{facet}" for name, d in sorted(OPS.items()) for facet in FACETS
                 if getattr(d, facet) is not None and not callable(getattr(d, facet))]
    assert not offenders, "facets that are not callable: " + ", ".join(offenders)


def test_missing_only_names_known_and_absent_facets():
    unknown, stale = [], []
    for name, d in sorted(OPS.items()):
        for facet in d.missing:
            if facet not in FACETS:
                unknown.append(f"nx.{name}: {facet!r}")
            elif getattr(d, facet) is not None:
                stale.append(f"nx.{name}.{facet}")
    assert not unknown, "`missing` names facets that do not exist: " + ", ".join(unknown)
    assert not stale, ("`missing` gives a reason for a facet that is present (stale): "
                       + ", ".join(stale))


def test_infer_is_never_missing():
    # the verifier and the API both rely on the shape/type rule
    assert [n for n, d in OPS.items() if d.infer is None] == []


def test_get_and_full_name():
    assert registry.get("nx.add") is OPS["add"]
    assert registry.get("add") is OPS["add"]
    assert OPS["add"].full_name == "nx.add"
    try:
        registry.get("nx.no_such_op")
    except KeyError as e:
        assert "no_such_op" in str(e)
    else:
        raise AssertionError("registry.get accepted an unknown op")
