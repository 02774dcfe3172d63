"""Renderers: one module per output format; only here and in cli/ is rich imported."""
