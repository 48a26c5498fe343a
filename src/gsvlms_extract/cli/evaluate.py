"""`gsvlms evaluate` (placeholder until its module lands)."""

import typer


def evaluate() -> None:
    """Not available yet."""
    typer.echo("gsvlms evaluate: not implemented yet", err=True)
    raise typer.Exit(2)
