"""Engines: summarize and reconcile; pandas in, result models out; never print."""
