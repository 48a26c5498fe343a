"""`gsvlms gold build|audit` (placeholder until the gold module lands)."""

import typer

gold_app = typer.Typer(help="Build the gold standard from the review article; audit its prose.")
