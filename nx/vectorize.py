"""Vectorization (Nx v0.10): vectorize, devectorize, revectorize, reshape_vectors, broadcast_vectors."""
from __future__ import annotations

__all__: list[str] = []
