"""Pydantic models: diagnostics, enums, row models and results."""
