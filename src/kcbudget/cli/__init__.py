"""The typer application: the only package that imports typer."""
