"""nx op definitions, one module per op family."""
