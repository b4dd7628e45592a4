"""Window reductions, window scatter and convolution."""
from __future__ import annotations

__all__: list[str] = []
