"""Structural ops: dynamic update slice (put_slice), bitcast and friends."""
from __future__ import annotations

__all__: list[str] = []
