"""Linear-algebra ops (factorizations and solves) behind nx.linalg."""
from __future__ import annotations

__all__: list[str] = []
