"""FFTs and complex-number functions (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
