"""The pass manager and the pass registry.

A pass is a function `pass_(module) -> module` registered under a name with
`@register_pass("name")`; its docstring states what it guarantees. Pipelines are textual
(`"canonicalize"`, `"a,b,c"`). `PassManager` verifies after each pass when asked and can print
the IR before/after passes.
"""
from __future__ import annotations

import sys
import time

from ..printer import print_module
from ..verifier import verify

__all__ = ["register_pass", "PASSES", "PassManager", "run_default_pipeline", "DEFAULT_PIPELINE",
           "parse_pipeline"]

PASSES = {}

# Stages that exist so far, in pipeline order (vectorize, const-precision and split-stages join
# as their issues land).
DEFAULT_PIPELINE = "grad-expansion,canonicalize"


def register_pass(name):
    """Decorator: registers `fun(module) -> module` as pass `name`."""
    def deco(fun):
        if name in PASSES and PASSES[name] is not fun:
            raise ValueError(f"a pass named {name!r} is already registered")
        PASSES[name] = fun
        fun.pass_name = name
        return fun
    return deco


def parse_pipeline(text):
    names = [p.strip() for p in text.split(",") if p.strip()] if isinstance(text, str) else list(text)
    for n in names:
        if callable(n):
            continue
        if n not in PASSES:
            raise ValueError(f"unknown pass {n!r}; registered passes: {', '.join(sorted(PASSES))}")
    return [PASSES[n] if not callable(n) else n for n in names]


class PassManager:
    def __init__(self, pipeline=DEFAULT_PIPELINE, *, verify_each=True, print_after_all=False,
                 print_before=(), print_after=(), timing=False, out=None):
        self.passes = parse_pipeline(pipeline)
        self.verify_each = verify_each
        self.print_after_all = print_after_all
        self.print_before = set(print_before)
        self.print_after = set(print_after)
        self.timing = timing
        self.times = []
        self.out = out or sys.stderr

    def _dump(self, when, name, module):
        self.out.write(f"// -----// IR Dump {when} {name} //----- //\n")
        self.out.write(print_module(module))

    def run(self, module):
        for p in self.passes:
            name = getattr(p, "pass_name", p.__name__)
            if name in self.print_before:
                self._dump("Before", name, module)
            t0 = time.perf_counter()
            module = p(module) or module
            self.times.append((name, time.perf_counter() - t0))
            if self.verify_each:
                verify(module)
            if self.print_after_all or name in self.print_after:
                self._dump("After", name, module)
        if self.timing:
            total = sum(t for _, t in self.times)
            self.out.write("// pass timing\n")
            for n, t in self.times:
                self.out.write(f"//   {t * 1e3:9.3f} ms  {n}\n")
            self.out.write(f"//   {total * 1e3:9.3f} ms  total\n")
        return module


def run_default_pipeline(module, passes=None):
    pipeline = DEFAULT_PIPELINE if passes is None else passes
    return PassManager(pipeline, verify_each=False).run(module)


from . import canonicalize, grad_expansion, vectorize  # noqa: E402,F401  (register themselves)
