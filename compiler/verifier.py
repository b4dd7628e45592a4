"""The verifier: every op is known, its operands are defined before use (in its block or an
enclosing one), its result types are what the op's shape/type rule says, and every block ends
with the right terminator."""
from __future__ import annotations

from nx.dialects import nx as nxd

from .ir import Block, Function, Module


class VerificationError(ValueError):
    pass


def _where(op):
    return f" at {op.loc}" if op.loc is not None else ""


def _verify_block(block: Block, visible: set, terminator: str, fname: str):
    visible = set(visible)
    visible.update(block.args)
    if not block.ops or block.ops[-1].name != terminator:
        raise VerificationError(f"@{fname}: block must end with {terminator}")
    for op in block.ops:
        for i, v in enumerate(op.operands):
            if v not in visible:
                raise VerificationError(f"@{fname}: operand #{i} of {op.name}{_where(op)} is used "
                                        "before it is defined (or comes from another function)")
        if op.name in ("func.return",):
            if op is not block.ops[-1]:
                raise VerificationError(f"@{fname}: func.return must be the last op")
        elif op.name == "nx.yield":
            if op is not block.ops[-1]:
                raise VerificationError(f"@{fname}: nx.yield must be the last op of its region")
        else:
            try:
                d = nxd.get(op.name)
            except KeyError as e:
                raise VerificationError(f"@{fname}: {e.args[0]}{_where(op)}") from None
            if len(op.regions) != d.num_regions:
                raise VerificationError(f"@{fname}: {op.name} expects {d.num_regions} regions, "
                                        f"has {len(op.regions)}")
            try:
                expected = d.infer([v.type for v in op.operands], op.attrs)
            except (ValueError, TypeError, KeyError) as e:
                msg = str(e)
                prefix = f"{op.name}: "
                msg = msg[len(prefix):] if msg.startswith(prefix) else msg
                raise VerificationError(f"@{fname}: {op.name}{_where(op)}: {msg}") from None
            if list(expected) != op.result_types:
                raise VerificationError(
                    f"@{fname}: {op.name}{_where(op)} has result types "
                    f"{[str(t) for t in op.result_types]} but its operands and attributes give "
                    f"{[str(t) for t in expected]}")
            for r in op.regions:
                for b in r.blocks:
                    _verify_block(b, visible, "nx.yield", fname)
            if d.verify is not None:
                try:
                    d.verify(op)
                except (ValueError, TypeError) as e:
                    raise VerificationError(f"@{fname}: {e}{_where(op)}") from None
        visible.update(op.results)


def verify_function(f: Function):
    _verify_block(f.body, set(), "func.return", f.name)


def verify(module: Module):
    """Raises VerificationError describing the first problem found."""
    names = set()
    for f in module.functions:
        if f.name in names:
            raise VerificationError(f"function @{f.name} is defined twice")
        names.add(f.name)
        verify_function(f)
    return module
