"""Sorting and scans: nx.sort (values and permutation), top_k, cumulative ops."""
from __future__ import annotations

__all__: list[str] = []
