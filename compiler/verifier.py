"""The verifier: every op is known, takes as many operands as its definition does, its operands
are defined before use (in its block or an enclosing one), its result types are what the op's
shape/type rule says, every block ends with the right terminator, and (given the signatures the
functions had, `verify(module, signatures=...)`) every function still takes and returns the
types of its signature.

The pass manager verifies after each pass (`PassManager(verify_each=True)`, the default, and
`nxc`; `nx.jit` after each pass a user gives it): it gives `signatures(module)` from before the
pass, so a pass that changes what a function returns (say, replaces `nx.add(i32, f32) -> f32`
by its i32 operand) fails verification, with the pass named, instead of reaching lowering.
Cost: about 2.5 us per op (each op's shape rule runs again).
"""
from __future__ import annotations

import inspect

from nx.dialects import nx as nxd

from .ir import Block, Function, Module, Value, VecType

__all__ = ["VerificationError", "verify", "verify_function", "signatures", "operand_count"]


class VerificationError(ValueError):
    pass


def _where(op):
    return f" at {op.loc}" if op.loc is not None else ""


# --- operand counts ------------------------------------------------------------------------------

_ARITY: dict[str, int | None] = {}


def _fixed_arity(fun, skip):
    """The number of positional operands `fun(a, b, *operands)` takes after its first `skip`
    parameters, or None when it takes any number (`*operands`) or cannot be inspected."""
    if fun is None:
        return None
    try:
        params = list(inspect.signature(fun).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return None
    pos = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(pos) < skip or any(p.default is not p.empty for p in pos[skip:]):
        return None
    return len(pos) - skip


def operand_count(d):
    """How many operands op definition `d` takes, or None for any number. The registry's
    `OpDef` gives no count of its own; the evaluator calls `kernel(attrs, out_types, *operands)`
    and lowering `lower(ctx, op, *operands)`, so a fixed count of parameters there is the only
    number of operands the op can run with (an explicit `d.num_operands` wins)."""
    n = _ARITY.get(d.name, _ARITY)
    if n is _ARITY:
        n = getattr(d, "num_operands", None)
        if n is None:
            counts = {c for c in (_fixed_arity(d.kernel, 2), _fixed_arity(d.lower, 2))
                      if c is not None}
            n = counts.pop() if len(counts) == 1 else None
        _ARITY[d.name] = n
    return n


def _plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


# --- blocks and functions ----------------------------------------------------------------------

def _bad_operand(op, i, v, fname):
    if not isinstance(v, Value):
        return VerificationError(f"@{fname}: operand #{i} of {op.name}{_where(op)} is a "
                                 f"{type(v).__name__} ({v!r:.60}), not an SSA value")
    return VerificationError(f"@{fname}: operand #{i} of {op.name}{_where(op)} is used "
                             "before it is defined (or comes from another function)")


_DEFS: dict[str, tuple[nxd.OpDef, int | None]] = {}   # op name -> (OpDef, operand count)
_OK = object()


def _definition(op, fname):
    entry = _DEFS.get(op.name)
    if entry is None:
        try:
            d = nxd.get(op.name)
        except KeyError as e:
            raise VerificationError(f"@{fname}: {e.args[0]}{_where(op)}") from None
        entry = _DEFS[op.name] = (d, operand_count(d))
    return entry


def _verify_block(block: Block, visible: set, terminator: str, fname: str):
    visible = set(visible)
    visible.update(block.args)
    ops = block.ops
    if not ops or ops[-1].name != terminator:
        raise VerificationError(f"@{fname}: block must end with {terminator}")
    last = ops[-1]
    for op in ops:
        operands = op.operands
        bad = _OK
        try:
            for v in operands:
                if v not in visible:
                    bad = v
                    break
        except TypeError:   # not hashable: not a Value
            bad = v
        if bad is not _OK:
            i = next(i for i, w in enumerate(operands) if w is bad)
            raise _bad_operand(op, i, bad, fname)
        name = op.name
        if name == "func.return" or name == "nx.yield":
            if op is not last:
                raise VerificationError(
                    f"@{fname}: {name} must be the last op"
                    + (" of its region" if name == "nx.yield" else "") + _where(op))
            continue
        d, n = _definition(op, fname)
        if n is not None and len(operands) != n:
            raise VerificationError(f"@{fname}: {name}{_where(op)} takes "
                                    f"{_plural(n, 'operand')} but has {len(operands)}")
        if len(op.regions) != d.num_regions:
            raise VerificationError(f"@{fname}: {name}{_where(op)} expects "
                                    f"{_plural(d.num_regions, 'region')}, has "
                                    f"{len(op.regions)}")
        try:
            expected = d.infer([v.type for v in operands], op.attrs)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
            raise VerificationError(f"@{fname}: {name}{_where(op)}: "
                                    f"{_rule_message(op, e)}") from None
        results = op.results
        if len(expected) != len(results) or any(t != r.type for t, r in zip(expected, results)):
            raise VerificationError(
                f"@{fname}: {name}{_where(op)} has result types "
                f"{[str(t) for t in op.result_types]} but its operands and attributes give "
                f"{[str(t) for t in expected]}")
        if op.regions:
            for r in op.regions:
                for b in r.blocks:
                    _verify_block(b, visible, "nx.yield", fname)
        if d.verify is not None:
            try:
                d.verify(op)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
                raise VerificationError(f"@{fname}: {_rule_message(op, e, prefix=False)}"
                                        f"{_where(op)}") from None
        visible.update(results)


def _rule_message(op, e, prefix=True):
    """The message of an error raised by an op's shape rule or verifier: the rules' own errors
    (OpError, a ValueError, and TypeErrors) say what is wrong; anything else (a KeyError for an
    attribute the op lacks, ...) is named with its type."""
    msg = str(e) if isinstance(e, (ValueError, TypeError)) else f"{type(e).__name__}: {e}"
    head = f"{op.name}: "
    if prefix and msg.startswith(head):
        msg = msg[len(head):]
    return msg


def verify_function(f: Function, signature=None):
    """Verifies `f`; with `signature` (`(arg_types, result_types)`), also that `f` still has
    it."""
    _verify_block(f.body, set(), "func.return", f.name)
    if signature is not None:
        _check_signature(f, signature)


def signatures(module: Module):
    """`{name: (arg_types, result_types)}` of the module's functions, for `verify`."""
    return {f.name: (f.arg_types, f.result_types) for f in module.functions}


def _layout(t):
    """A vectorized type may become its plain layout: that is the vectorize pass's rewrite."""
    return t.full if type(t) is VecType else t


def _check_signature(f, signature):
    args, results = signature
    for what, have, want in (("takes", f.arg_types, args), ("returns", f.result_types, results)):
        if have == want:
            continue
        if len(have) == len(want) and all(h == w or h == _layout(w)
                                          for h, w in zip(have, want)):
            continue
        noun = "argument" if what == "takes" else "result"
        why = ""
        if len(have) != len(want):
            why = f": {_plural(len(have), noun)} instead of {len(want)}"
        elif len(have) > 1:
            i = next(i for i, (h, w) in enumerate(zip(have, want)) if h != w and h != _layout(w))
            why = f": {noun} #{i} is {have[i]} instead of {want[i]}"
        ret = f.body.terminator
        loc = _where(ret) if what == "returns" and ret is not None else ""
        raise VerificationError(
            f"@{f.name} {what} ({', '.join(map(str, have))}) but its signature says "
            f"({', '.join(map(str, want))}){why}{loc}")


def verify(module: Module, signatures=None):
    """Raises VerificationError describing the first problem found. `signatures` (from
    `signatures(module)` before a rewrite) are the signatures the functions must keep: each
    function of that name still present must take and return the same types (a vectorized type
    may have become its plain layout). Functions a rewrite added or removed are not compared."""
    names = set()
    for f in module.functions:
        if f.name in names:
            raise VerificationError(f"function @{f.name} is defined twice")
        names.add(f.name)
        verify_function(f, signatures.get(f.name) if signatures else None)
    return module
