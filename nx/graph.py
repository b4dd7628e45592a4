"""nx.graph: Nx.Defn.Graph (Nx v0.10): split a computation into stages and run them."""
from __future__ import annotations

__all__: list[str] = []
