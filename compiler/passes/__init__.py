"""The pass manager and the pass registry.

A pass is a function `pass_(module, **options) -> module` registered under a name with
`@register_pass("name")`; its docstring states what it guarantees. Pipelines are textual, MLIR
style: `"grad-expansion,const-precision,canonicalize"`, with options in braces
(`"split-stages{before=cos}"`, several separated by spaces), optionally wrapped in
`builtin.module(...)`. The word `default` stands for `DEFAULT_PIPELINE`. A pipeline may also be a
list whose items are names, pass functions, or rewrite patterns (`RewritePattern` instances,
applied greedily to every function as one pass).

`PassManager` runs a pipeline: it verifies the IR after each pass (`verify_each=True`, the
default; `"user"` verifies only after, and before, passes that are not built-in, which is what
`nx.jit` does unless NXC_VERIFY_EACH=1), prints the IR before/after passes
(`print_before`, `print_after`, `print_after_all`) and records the time of each pass (`times`;
`timing=True` prints a table at the end). A verified pass must leave valid IR in which each
function keeps its signature; `PassVerificationError` names the pass that did not.

Writing a pass: see docs/passes.md.
"""
from __future__ import annotations

import functools
import inspect
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

from ..ir import Module
from ..printer import print_module
from ..verifier import VerificationError, signatures, verify

__all__ = ["register_pass", "PASSES", "PassManager", "run_default_pipeline", "DEFAULT_PIPELINE",
           "parse_pipeline", "pipeline_names", "pattern_pass", "PipelineError",
           "load_builtin_passes", "PassVerificationError", "default_verify_each",
           "VERIFY_EACH_ENV"]

PASSES: dict[str, Callable[..., Any]] = {}   # pass name -> the registered function

# Set to 1 to verify the IR after every pass of nx.jit's pipelines (built-in ones too).
VERIFY_EACH_ENV = "NXC_VERIFY_EACH"

# The default `nx.jit` pipeline, in order.
DEFAULT_PIPELINE = "grad-expansion,vectorize,const-precision,canonicalize,split-stages"


class PipelineError(ValueError):
    """A pipeline that names an unknown pass or gives a pass an option it does not take."""


class PassVerificationError(VerificationError):
    """The IR after pass `pass_name` does not verify (or the pass returned something that is
    not a Module); `detail` says what is wrong. `passes` lists the passes run since the IR was
    last verified (more than one only when `verify_each="user"` skipped built-in passes); the
    last of them is `pass_name`."""

    def __init__(self, passes, detail):
        passes = list(passes)
        if len(passes) == 1:
            what = f"pass {passes[0]!r}"
        else:
            what = (f"passes {', '.join(map(repr, passes))} (verified together: set "
                    f"{VERIFY_EACH_ENV}=1, or PassManager(verify_each=True), to verify after each)")
        super().__init__(f"the IR after {what} does not verify: {detail}")
        self.passes = passes
        self.pass_name = passes[-1]
        self.detail = detail


def register_pass(name, *, builtin=False):
    """Decorator: registers `fun(module, **options) -> module` as pass `name`.

    The function may change `module` in place and return it (or None). Keyword parameters of
    `fun` are its options, given in a textual pipeline as `name{key=value other=value}` (values
    arrive as strings). Registering another function under a taken name raises ValueError.
    See docs/passes.md and docs/examples/fold_double_negate.py. `builtin` marks the passes nxc
    ships (the core's, and the front end's grad-expansion and vectorize): under
    `verify_each="user"` only the others are verified.
    """
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
        raise ValueError(f"register_pass: a pass name is letters, digits, '-', '_' and '.', "
                         f"starting with a letter; got {name!r}")

    def deco(fun):
        prev = PASSES.get(name)
        if prev is not None and prev is not fun and not _same_definition(prev, fun):
            raise ValueError(f"a pass named {name!r} is already registered "
                             f"({prev.__module__}.{prev.__qualname__})")
        PASSES[name] = fun
        fun.pass_name = name
        if builtin:
            fun.builtin_pass = True
        return fun
    return deco


def _same_definition(a, b):
    """The same function defined again (a plugin file imported twice, a module reloaded)."""
    ca, cb = getattr(a, "__code__", None), getattr(b, "__code__", None)
    return (ca is not None and cb is not None and ca.co_filename == cb.co_filename
            and a.__qualname__ == b.__qualname__)


def pattern_pass(patterns, name="patterns"):
    """A pass that applies rewrite `patterns` (RewritePattern instances) greedily to a fixed
    point in every function."""
    from ..rewriter import apply_patterns
    patterns = list(patterns)

    def run(module):
        for fn in module.functions:
            apply_patterns(fn, patterns)
        return module
    run.pass_name = name
    run.__doc__ = "Applies " + ", ".join(type(p).__name__ for p in patterns) + "."
    return run


def _split_top(text):
    """Splits at commas outside braces and parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
            if depth < 0:
                raise PipelineError(f"unbalanced brackets in pass pipeline {text!r}")
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if depth:
        raise PipelineError(f"unbalanced brackets in pass pipeline {text!r}")
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:\{(.*)\})?\s*\Z", re.S)


def _parse_options(name, text):
    opts = {}
    for tok in (text or "").split():
        key, eq, value = tok.partition("=")
        if not eq or not key:
            raise PipelineError(f"pass {name!r}: bad option {tok!r}, expected key=value")
        opts[key.replace("-", "_")] = value
    return opts


def _bind(name, fun, opts):
    if not opts:
        return fun
    try:
        sig = inspect.signature(fun)
    except (TypeError, ValueError):
        sig = None
    if sig is not None and not any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()):
        known = [p.name for p in list(sig.parameters.values())[1:]
                 if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
        for k in opts:
            if k not in known:
                raise PipelineError(f"pass {name!r} has no option {k!r}"
                                    + (f"; its options: {', '.join(known)}" if known
                                       else "; it takes no options"))
    bound = functools.partial(fun, **opts)
    bound.pass_name = name
    return bound


def expand_pipeline(text):
    text = text.strip()
    m = re.fullmatch(r"builtin\.module\((.*)\)", text, re.S)
    if m:
        text = m.group(1)
    out = []
    for item in _split_top(text):
        if item == "default":
            out.extend(expand_pipeline(DEFAULT_PIPELINE))
        else:
            out.append(item)
    return out


def pipeline_names(pipeline):
    """The pass names of a textual pipeline (options dropped), checked against the registry."""
    return [getattr(p, "pass_name", getattr(p, "__name__", "?")) for p in parse_pipeline(pipeline)]


def parse_pipeline(pipeline):
    """A list of pass callables from a textual pipeline or a list of names / callables /
    rewrite patterns. Raises PipelineError for an unknown pass or option."""
    from ..rewriter import RewritePattern
    load_builtin_passes()
    items = expand_pipeline(pipeline) if isinstance(pipeline, str) else list(pipeline)
    out, patterns = [], []

    def flush():
        if patterns:
            out.append(pattern_pass(list(patterns), "patterns(" + ",".join(
                type(p).__name__ for p in patterns) + ")"))
            patterns.clear()

    for item in items:
        if isinstance(item, RewritePattern):
            patterns.append(item)
            continue
        if isinstance(item, type) and issubclass(item, RewritePattern):
            patterns.append(item())
            continue
        flush()
        if callable(item):
            if not hasattr(item, "pass_name"):
                try:
                    item.pass_name = getattr(item, "__name__", "user-pass")
                except AttributeError:
                    pass
            out.append(item)
            continue
        if not isinstance(item, str):
            raise PipelineError(f"a pipeline item must be a pass name, a pass function or a "
                                f"RewritePattern, got {type(item).__name__}: {item!r}")
        if isinstance(pipeline, str) or "," not in item:
            subitems = [item]
        else:
            subitems = expand_pipeline(item)
        for sub in subitems:
            if sub == "default" and not isinstance(pipeline, str):
                out.extend(parse_pipeline(DEFAULT_PIPELINE))
                continue
            m = _ITEM.match(sub)
            if not m:
                raise PipelineError(f"bad pass pipeline item {sub!r}: expected NAME or "
                                    "NAME{key=value ...}")
            name, opts = m.group(1), _parse_options(m.group(1), m.group(2))
            if name not in PASSES:
                raise PipelineError(f"unknown pass {name!r}; registered passes: "
                                    f"{', '.join(sorted(PASSES))}")
            out.append(_bind(name, PASSES[name], opts))
    flush()
    return out


def pass_label(p):
    return getattr(p, "pass_name", getattr(p, "__name__", "user-pass"))


class PassManager:
    """Runs a pipeline of passes on a module (see the module docstring)."""

    def __init__(self, pipeline=DEFAULT_PIPELINE, *, verify_each=True, print_after_all=False,
                 print_before=(), print_after=(), print_before_all=False, timing=False,
                 out=None):
        self.passes = parse_pipeline(pipeline)
        self.verify_each = verify_each
        self.print_after_all = print_after_all
        self.print_before_all = print_before_all
        self.print_before = set(print_before)
        self.print_after = set(print_after)
        self.timing = timing
        self.times = []
        self.out = out
        self.running = None

    @property
    def names(self):
        return [pass_label(p) for p in self.passes]

    def _dump(self, when, name, module):
        out = self.out or sys.stderr
        out.write(f"// -----// IR Dump {when} {name} //----- //\n")
        out.write(print_module(module))

    def _verifies_after(self, k):
        mode = self.verify_each
        if mode == "user":
            # after a user's pass, and before one (so that it is blamed only for what it did)
            nxt = self.passes[k + 1] if k + 1 < len(self.passes) else None
            return not is_builtin(self.passes[k]) or (nxt is not None and not is_builtin(nxt))
        return bool(mode)

    def run(self, module):
        """Runs the passes in order on `module` and returns the result.

        Verification (`verify_each`): True verifies the IR after every pass; "user" after every
        pass that is not a built-in one (plugins, pass functions, rewrite patterns) and before
        it; False never. A verified pass must leave valid IR in which every function
        it kept has the signature it had before (see `verifier.verify`); the first failure
        raises PassVerificationError naming the pass (or the unverified passes since the last
        check). An exception raised by a pass propagates with a note naming the pass, and
        `self.running` names it."""
        sigs = signatures(module) if self.verify_each else None
        unchecked = []
        for k, p in enumerate(self.passes):
            name = pass_label(p)
            if self.print_before_all or name in self.print_before:
                self._dump("Before", name, module)
            self.running = name
            t0 = time.perf_counter()
            try:
                result = p(module)
            except Exception as e:
                e.add_note(f"(raised while running pass {name!r})")
                raise
            self.times.append((name, time.perf_counter() - t0))
            if result is not None:
                if not isinstance(result, Module):
                    what = type(result).__name__
                    article = "an" if what[:1].lower() in "aeiou" else "a"
                    raise PassVerificationError(
                        [name], f"the pass returned {article} {what}, not a Module "
                                "(return the module it was given, changed in place, or None)")
                module = result
            unchecked.append(name)
            if self._verifies_after(k):
                try:
                    verify(module, signatures=sigs)
                except VerificationError as e:
                    raise PassVerificationError(unchecked, str(e)) from None
                sigs = signatures(module)
                unchecked = []
            self.running = None
            if self.print_after_all or name in self.print_after:
                self._dump("After", name, module)
        if self.timing:
            (self.out or sys.stderr).write(self.timing_report())
        return module

    def timing_report(self):
        """The per-pass times of the last run, as `//` comment lines (MLIR's -mlir-timing)."""
        total = sum(t for _, t in self.times)
        lines = ["// pass timing", "//   wall time (ms)   share  pass"]
        for n, t in self.times:
            share = 100.0 * t / total if total else 0.0
            lines.append(f"//   {t * 1e3:13.3f}  {share:5.1f}%  {n}")
        lines.append(f"//   {total * 1e3:13.3f}  100.0%  total")
        return "\n".join(lines) + "\n"


def default_verify_each():
    """How `nx.jit`'s pipelines verify (`PassManager`'s `verify_each`): "user" (after and before
    each pass that is not built-in), or True (after every pass) when the environment variable
    NXC_VERIFY_EACH is set to anything but "" or "0".

    Why not True always: verifying costs about 2.5 us per op (each op's shape rule runs again),
    so after each of the five built-in passes it adds about 7% to the first call of a 2,000-op
    program (20 ms of 260 ms, XLA CPU). The built-in passes are verified after each pass in
    their tests (PassManager's default, `nxc opt`, NXC_VERIFY_EACH=1); a user's pass, which
    nothing else checks, is verified always."""
    return True if os.environ.get(VERIFY_EACH_ENV, "") not in ("", "0") else "user"


def run_default_pipeline(module, passes=None, verify_each=None):
    """Runs the default pipeline, or `passes` (a pipeline string or list) instead. A custom
    pipeline that leaves weak constants behind gets `const-precision` appended, so every
    constant reaching lowering has a concrete type. `verify_each` is PassManager's; None means
    `default_verify_each()`: the IR after a user's pass is always verified (a broken pass is
    named, rather than left to StableHLO's verifier or giving wrong results)."""
    if verify_each is None:
        verify_each = default_verify_each()
    pipeline = DEFAULT_PIPELINE if passes is None else passes
    pm = PassManager(pipeline, verify_each=verify_each)
    module = pm.run(module)
    if passes is not None and "const-precision" not in pm.names:
        from .const_precision import has_weak_constants
        if has_weak_constants(module):
            module = PassManager("const-precision", verify_each=verify_each).run(module)
    return module


def is_builtin(p):
    """A pass nxc ships (`canonicalize`, ...; options bound or not), as opposed to a user's
    pass, pass function or rewrite patterns."""
    return getattr(getattr(p, "func", p), "builtin_pass", False)


# The core's passes. The front end's two (grad-expansion, vectorize: nx/passes/) register when
# `nx` is imported, which always comes first (nx.compiler is a subpackage of nx).
_BUILTIN = ("const_precision", "canonicalize", "split_stages")
_loaded: list[bool] = []


def load_builtin_passes():
    """Imports the built-in pass modules (they register themselves). Done on first use rather
    than at import time, so that `nx.compiler` and the op registry can import each other."""
    if not _loaded:
        import importlib
        _loaded.append(True)
        for m in _BUILTIN:
            importlib.import_module(f"{__name__}.{m}")
