"""`gsvlms run` and `gsvlms registry ...` (placeholder until the registry module lands)."""

import typer

registry_app = typer.Typer(help="Inspect and export the case registry.")


def run() -> None:
    """Not available yet."""
    typer.echo("gsvlms run: not implemented yet", err=True)
    raise typer.Exit(2)
