"""FFT ops and complex-number element-wise ops."""
from __future__ import annotations

__all__: list[str] = []
