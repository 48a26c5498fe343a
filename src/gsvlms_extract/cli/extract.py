"""`gsvlms extract` (placeholder until its module lands)."""

import typer


def extract() -> None:
    """Not available yet."""
    typer.echo("gsvlms extract: not implemented yet", err=True)
    raise typer.Exit(2)
