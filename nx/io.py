"""Binary, serialization, NumPy files, batching, heatmaps, backend transfer and inspection helpers (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
