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
    # a batch facet is a function or names one of the vectorize pass's shared rule families
    from nx.passes.vectorize import RULES
    offenders = []
    for name, d in sorted(OPS.items()):
        for facet in FACETS:
            f = getattr(d, facet)
            if facet == "batch" and isinstance(f, registry.BatchRule):
                if f.name not in RULES:
                    offenders.append(f"nx.{name}.batch (no rule family {f.name!r})")
            elif f is not None and not callable(f):
                offenders.append(f"nx.{name}.{facet}")
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


def test_ops_with_regions_have_region_rules():
    # an op with regions is differentiated by a region rule (registry.region_grad) or says why
    # not; a plain rule (inputs, ans, g) cannot see its regions
    bad = [f"nx.{n}" for n, d in sorted(OPS.items())
           if d.num_regions and d.grad is not None and not getattr(d.grad, "region", False)]
    assert not bad, "ops with regions whose grad facet is not a region rule: " + ", ".join(bad)
    for name in ("while", "cond", "custom_grad"):
        assert getattr(OPS[name].grad, "region", False), f"nx.{name}"


def test_batch_rules_live_beside_their_ops():
    # the vectorize pass keeps only rule families shared by several ops; an op-specific rule
    # is a function in the op's module (docs/ops.md)
    from collections import Counter

    from nx.passes.vectorize import RULES
    uses = Counter(d.batch.name for d in OPS.values() if isinstance(d.batch, registry.BatchRule))
    single = sorted(n for n in RULES if uses[n] < 2)
    assert not single, f"rule families of the vectorize pass used by one op: {single}"
    for name in ("dot", "conv", "gather", "scatter", "while", "cond", "dynamic_slice"):
        f = OPS[name].batch
        assert callable(f) and f.__module__.startswith("nx.dialects.nx"), f"nx.{name}: {f}"


def test_apply_op_runs_any_registered_op():
    import numpy as np
    import pytest

    import nx
    x = nx.tensor([0.5, 1.0])
    np.testing.assert_allclose(nx.apply_op("nx.sin", [x]).to_numpy(), np.sin([0.5, 1.0]),
                               rtol=1e-6)
    got = nx.jit(lambda t: nx.apply_op("sum", [t], {"axes": (0,)}))(x)
    assert float(got) == 1.5
    g = nx.grad(lambda t: nx.sum(nx.apply_op("exp", [t])))(x)
    np.testing.assert_allclose(g.to_numpy(), np.exp([0.5, 1.0]), rtol=1e-6)
    with pytest.raises(ValueError, match=r"nx.apply_op: unknown op 'nx.nope'"):
        nx.apply_op("nx.nope", [x])
    with pytest.raises(TypeError, match=r"nx.apply_op: operands must be a list"):
        nx.apply_op("sin", x)
