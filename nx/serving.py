"""nx.Serving and nx.Batch (Nx.Serving, Nx.Batch, Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
