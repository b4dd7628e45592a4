"""Tracing state: while a `defn` is being traced, every nx op call appends an op to the
innermost open block instead of computing. One stack per thread."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from .ir import Block, Builder

_local = threading.local()
# How many builders are open, over all threads: a cached call checks this one number before it
# looks at its own thread's stack (most calls happen with no trace open anywhere).
OPEN = [0]


def current():
    """The innermost `Builder`, or None when not tracing."""
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else None


def depth():
    stack = getattr(_local, "stack", None)
    return len(stack) if stack else 0


@contextmanager
def building(block: Block):
    """Ops created inside this context go to `block`."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    b = Builder(block)
    stack.append(b)
    OPEN[0] += 1
    try:
        yield b
    finally:
        OPEN[0] -= 1
        stack.pop()


@contextmanager
def suspended():
    """Runs eagerly even inside a trace (used for static computations such as templates)."""
    stack = getattr(_local, "stack", None)
    _local.stack = []
    try:
        yield
    finally:
        _local.stack = stack
