"""Custom-function reductions (nx.reduce with a region) and other aggregate ops."""
from __future__ import annotations

__all__: list[str] = []
