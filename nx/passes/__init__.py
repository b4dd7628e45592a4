"""The front end's passes: grad-expansion and vectorize.

They run each op's gradient and batching rules (facets declared beside the op, in
dialects/nx/ops/), and those rules are written with the nx op API (`g * -nx.sin(x)`), which the
passes pass to them as their first argument. So these two passes live with the front end, as
Nx's own grad and vectorize do (Nx.Defn.Grad, Nx's vectorize), and the core never imports it:
importing `nx` registers them in the core's pass registry (`nx.compiler.passes.PASSES`) beside
the core's own passes, under the same names and guarantees (docs/architecture.md, "Where the
rules run").
"""
from __future__ import annotations

from . import grad_expansion, vectorize  # noqa: F401  (they register themselves)

__all__ = ["grad_expansion", "vectorize"]
