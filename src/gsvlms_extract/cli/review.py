"""The curator's verbs: `gsvlms registry resolve|case|exclusion|decisions|report` and
`gsvlms review` (the web application). Parsing and wiring only."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.cli.registry import DEFAULT_REGISTRY, RegistryOpt, _fail, _open
from gsvlms_extract.errors import GsvlmsError

ByOpt = Annotated[
    str | None, typer.Option("--by", help="Curator name recorded (default: the login name).")
]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (a sentence a colleague can check).")]

REVIEW_EXTRA_HINT = (
    "needs the review extra: pip install 'gsvlms-extract[review]' "
    "(fastapi, uvicorn, jinja2, matplotlib, lifelines, openpyxl)"
)


def require_review_extra(*modules: str) -> None:
    """Exit with a one-line hint when an optional dependency of the review extra is missing."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        typer.echo(f"error: {', '.join(missing)} not installed; {REVIEW_EXTRA_HINT}", err=True)
        raise typer.Exit(1)


def conflicts(
    registry: RegistryOpt = DEFAULT_REGISTRY,
    all_: Annotated[bool, typer.Option("--all", help="Include resolved conflicts.")] = False,
) -> None:
    """Extractions that disagree with a registry value, with their id and evidence sentence.

    Settle one with `gsvlms registry resolve ID --accept|--keep|--value V --reason ...`.
    """
    from gsvlms_extract.registry.curation import conflicts_with_evidence

    rows = conflicts_with_evidence(_open(registry), status=None if all_ else "open")
    table = Table(title=f"{len(rows)} conflicts", show_lines=True)
    for col in ("id", "case", "field", "registry (source)", "extracted (evidence)", "status"):
        table.add_column(col, overflow="fold")
    for r in rows:
        page = f", p. {r['page']}" if r["page"] else ""
        decision = r["decision"]
        status = r["status"]
        if decision:
            status += f"\n{decision['kind']} by {decision['decided_by']}"
        table.add_row(
            str(r["id"]),
            str(r["case_id"]),
            r["field"],
            f"{r['registry_value']} ({r['registry_origin']})\n{r['registry_evidence']}",
            f'{r["extracted_value"]}\n"{r["evidence"] or "no evidence stored"}"\n'
            f"{r['path']} #{r['patient_index']}{page}",
            status,
        )
    Console().print(table)


def resolve(
    conflict_id: Annotated[int, typer.Argument(help="Conflict id (gsvlms registry conflicts).")],
    reason: ReasonOpt,
    accept: Annotated[bool, typer.Option("--accept", help="Take the extracted value.")] = False,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the registry value.")] = False,
    value: Annotated[
        str | None,
        typer.Option("--value", help="Enter another value (CSV cell form; NA = not reported)."),
    ] = None,
    by: ByOpt = None,
    registry: RegistryOpt = DEFAULT_REGISTRY,
) -> None:
    """Settle one conflict; the decision is recorded with who, when, why and the evidence."""
    from gsvlms_extract.registry.decisions import resolve_conflict

    chosen = [name for name, on in (("accept", accept), ("keep", keep), ("value", value)) if on]
    if len(chosen) != 1:
        typer.echo("error: give exactly one of --accept, --keep, --value V", err=True)
        raise typer.Exit(2)
    action = chosen[0]
    if action == "value" and value is not None and value.strip().upper() in ("NA", "NULL"):
        action = "not_reported"
    try:
        result = resolve_conflict(
            _open(registry), conflict_id, action, reason=reason, value=value, by=by
        )
    except GsvlmsError as exc:
        raise _fail(exc) from None
    typer.echo(result.message)


def case(
    case_id: Annotated[int, typer.Argument(help="A case marked for review.")],
    reason: ReasonOpt,
    merge: Annotated[
        int | None, typer.Option("--merge", help="Same patient as case N: merge into N.")
    ] = None,
    accept: Annotated[bool, typer.Option("--accept", help="A real new patient.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Not a registry patient.")] = False,
    by: ByOpt = None,
    registry: RegistryOpt = DEFAULT_REGISTRY,
) -> None:
    """Accept a new case, merge it into another case, or reject it."""
    from gsvlms_extract.registry.case_decisions import decide_case

    options = (("accept", accept), ("merge", merge is not None), ("reject", reject))
    chosen = [name for name, on in options if on]
    if len(chosen) != 1:
        typer.echo("error: give exactly one of --accept, --merge N, --reject", err=True)
        raise typer.Exit(2)
    try:
        result = decide_case(_open(registry), case_id, chosen[0], reason=reason, into=merge, by=by)
    except GsvlmsError as exc:
        raise _fail(exc) from None
    typer.echo(result.message)


def exclusion(
    extraction_id: Annotated[
        int, typer.Argument(help="Excluded patient (extraction id, registry cases --excluded).")
    ],
    reason: ReasonOpt,
    include: Annotated[
        bool, typer.Option("--include", help="Overrule: the patient is a GSV-LMS case.")
    ] = False,
    confirm: Annotated[bool, typer.Option("--confirm", help="Confirm the exclusion.")] = False,
    into: Annotated[
        int | None, typer.Option("--into", help="With --include: add to case N.")
    ] = None,
    by: ByOpt = None,
    registry: RegistryOpt = DEFAULT_REGISTRY,
) -> None:
    """Confirm or overrule a patient judged not GSV-LMS."""
    from gsvlms_extract.registry.case_decisions import decide_exclusion

    if include == confirm:
        typer.echo("error: give exactly one of --include, --confirm", err=True)
        raise typer.Exit(2)
    try:
        result = decide_exclusion(
            _open(registry),
            extraction_id,
            "include" if include else "exclude",
            reason=reason,
            into=into,
            by=by,
        )
    except GsvlmsError as exc:
        raise _fail(exc) from None
    typer.echo(result.message)


def decisions_command(registry: RegistryOpt = DEFAULT_REGISTRY) -> None:
    """Every curator decision: who, when, what, why and the evidence."""
    from gsvlms_extract.registry.decisions import decisions

    rows = decisions(_open(registry))
    table = Table(title=f"{len(rows)} decisions", show_lines=True)
    for col in ("id", "when", "by", "item", "kind", "value", "reason", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["decided_at"].strftime("%Y-%m-%d %H:%M"),
            r["decided_by"],
            r["item"],
            r["kind"],
            "not reported" if r["value"] == "" else str(r["value"] or ""),
            r["reason"],
            r["evidence"] or "",
        )
    Console().print(table)


def report(
    html: Annotated[Path, typer.Option("--html", help="Write the dashboard here.")],
    registry: RegistryOpt = DEFAULT_REGISTRY,
) -> None:
    """The registry at a glance: cases by year, sex/age, sites, sizes, treatment, survival."""
    require_review_extra("matplotlib", "lifelines", "jinja2")
    from gsvlms_extract.registry.dashboard import write_dashboard

    try:
        path = write_dashboard(_open(registry), html)
    except GsvlmsError as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {path}")


def review(
    registry: RegistryOpt = DEFAULT_REGISTRY,
    host: Annotated[str, typer.Option(help="Address to bind (local only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port (0: any free port).")] = 8765,
    curator: ByOpt = None,
) -> None:
    """Open the review application: queue, cases with highlighted evidence, decisions."""
    require_review_extra("fastapi", "uvicorn", "jinja2", "multipart")
    from gsvlms_extract.review.app import serve

    engine = _open(registry)
    try:
        serve(engine, host=host, port=port, curator=curator)
    except GsvlmsError as exc:
        raise _fail(exc) from None
