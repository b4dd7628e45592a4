"""nx.linalg: Nx.LinAlg (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
