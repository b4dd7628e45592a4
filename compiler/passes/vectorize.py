"""vectorize: rewrites ops on vectorized values into ops on plain tensors."""
from __future__ import annotations

__all__: list[str] = []
