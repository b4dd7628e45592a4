"""nx.random: Nx.Random (Nx v0.10): Threefry-2x32 keys and distributions, written as nx ops."""
from __future__ import annotations

__all__: list[str] = []
