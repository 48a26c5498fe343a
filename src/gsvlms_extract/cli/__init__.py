"""Command line: `gsvlms`. Parses options and wires them to library functions; no logic here.

Each verb lives in its own module so the stages stay independent:
``gold`` (gold.py), ``extract`` (extract.py), ``evaluate`` (evaluate.py),
``evaluate-external`` (external.py),
``run`` and ``registry`` (registry.py), the curator's verbs and ``review`` (review.py),
``search``, ``fetch`` and ``screen`` (discover.py).
"""

from __future__ import annotations

import typer

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

app = typer.Typer(
    name="gsvlms",
    help="Great saphenous vein leiomyosarcoma case reports into an evidence-backed registry.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
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
