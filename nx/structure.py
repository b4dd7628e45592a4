"""Creation and shape helpers: linspace, tri/tril/triu, diagonals, tile, split, put_slice, reflect, clip, bitcast (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
