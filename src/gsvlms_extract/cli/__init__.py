"""Command line: `gsvlms`. Parses options and wires them to library functions; no logic here.

Each verb lives in its own module so the stages stay independent:
``gold`` (gold.py), ``extract`` (extract.py), ``evaluate`` (evaluate.py),
``evaluate-external`` (external.py), ``score-corpus`` (score.py),
``run`` and ``registry`` (registry.py), the curator's verbs and ``review`` (review.py),
``search``, ``fetch`` and ``screen`` (discover.py); streams, exit codes, environment
variables and the one-line error handling shared by all are in common.py.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from gsvlms_extract.cli.common import configure_logging
from gsvlms_extract.cli.discover import fetch, screen, search
from gsvlms_extract.cli.evaluate import evaluate
from gsvlms_extract.cli.external import evaluate_external
from gsvlms_extract.cli.extract import extract
from gsvlms_extract.cli.gold import gold_app
from gsvlms_extract.cli.registry import registry_app, run
from gsvlms_extract.cli.review import (
    case,
    conflicts,
    decisions_command,
    exclusion,
    report,
    resolve,
    review,
)
from gsvlms_extract.cli.score import score_corpus_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="gsvlms",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain click help and usage errors: one "Error:" line, no boxes
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from gsvlms_extract import __version__

        typer.echo(f"gsvlms-extract {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="More notes on stderr (-vv: debug)."),
    ] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Data and errors only: no progress, no notes.")
    ] = False,
) -> None:
    """Great saphenous vein leiomyosarcoma case reports into an evidence-backed registry.

    Data goes to stdout, diagnostics to stderr. Exit status: 0 ok, 1 a problem or a failed
    document, 2 usage error, 130 interrupted.
    """
    configure_logging(verbose, quiet)


app.add_typer(gold_app, name="gold")
app.command()(extract)
app.command()(evaluate)
app.command("evaluate-external")(evaluate_external)
app.command()(run)
registry_app.command("conflicts")(conflicts)
registry_app.command("resolve")(resolve)
registry_app.command("case")(case)
registry_app.command("exclusion")(exclusion)
registry_app.command("decisions")(decisions_command)
registry_app.command("report")(report)
app.add_typer(registry_app, name="registry")
app.command()(review)
app.command("score-corpus")(score_corpus_command)
app.command()(search)
app.command()(fetch)
app.command()(screen)


def main() -> None:
    """Console-script entry point (``gsvlms``, ``python -m gsvlms_extract``).

    The verbs turn every expected failure into one ``error:`` line; anything else is a bug,
    reported in one line too (with ``-vv`` the traceback follows).
    """
    try:
        app(prog_name="gsvlms")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line, the traceback only when asked for
        if "-vv" in sys.argv or sys.argv.count("-v") + sys.argv.count("--verbose") >= 2:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        typer.echo(
            f"error: internal error ({type(exc).__name__}: {first}); rerun with -vv for the "
            "traceback and report it",
            err=True,
        )
        sys.exit(1)
