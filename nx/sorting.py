"""Sorting, top_k, cumulative ops, diff, median and mode (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
