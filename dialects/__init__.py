"""Dialects of nxc. `nx` is ours: one definition per op in `nx/ops/`, held by `nx/registry.py`."""
