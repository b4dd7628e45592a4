"""Statistics and predicates: weighted_mean, variance, standard_deviation, covariance, logsumexp, all, any, all_close, reduce (Nx v0.10)."""
from __future__ import annotations

__all__: list[str] = []
