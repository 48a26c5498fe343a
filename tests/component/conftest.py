"""Registry fixtures: one registry per test on SQLite and on the real PostgreSQL server.

PostgreSQL: a throwaway database is created per test session on 127.0.0.1:5432 (trust auth,
user ``postgres`` or the current user) and dropped at the end; each test gets its own schema.
The PostgreSQL half is skipped only when no server is reachable and ``CI`` is unset; with
``CI`` set an unreachable server fails the tests.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLD_TABLE = REPO / "gold" / "table1.csv"
PG_HOST, PG_PORT = "127.0.0.1", 5432


def _pg_connect(dbname: str):  # noqa: ANN202
    import psycopg

    last: Exception | None = None
    for user in ("postgres", getpass.getuser()):
        try:
            conn = psycopg.connect(
                host=PG_HOST,
                port=PG_PORT,
                user=user,
                dbname=dbname,
                connect_timeout=3,
                autocommit=True,
            )
            return conn, user
        except psycopg.OperationalError as exc:
            last = exc
    raise ConnectionError(str(last))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a throwaway PostgreSQL database for this session (dropped afterwards)."""
    try:
        admin, user = _pg_connect("test")
    except ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} unreachable with CI set: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG_HOST}:{PG_PORT} ({exc})")
    name = f"gsvlms_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty registry location on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.db'}"
        return
    base = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    import psycopg

    dbname = base.rsplit("/", 1)[1]
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{base}?options=-csearch_path%3D{schema}"
    with psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=base.split("//")[1].split("@")[0],
        dbname=dbname,
        autocommit=True,
    ) as c:
        c.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def gold_table() -> Path:
    return GOLD_TABLE


# --- batch fixtures ------------------------------------------------------------------------
CORPUS = REPO / "corpus"
#: A small inbox: the text and PDF of one two-patient report, two more reports (one Markdown).
SMALL_INBOX = (
    "text/stringer1977.txt",
    "pdf/stringer1977.pdf",
    "text/smout1960.txt",
    "text/leminh2004.txt",
)


def build_inbox(target: Path, files=SMALL_INBOX, *, broken: bool = True) -> Path:
    """Copy corpus files into ``target``; with ``broken``, add a renamed duplicate, a
    corrupt PDF and an empty file."""
    target.mkdir(parents=True, exist_ok=True)
    for rel in files:
        src = CORPUS / rel
        (target / f"{src.stem}{src.suffix}").write_bytes(src.read_bytes())
    if broken:
        (target / "zz_copy_of_smout.txt").write_bytes((CORPUS / "text/smout1960.txt").read_bytes())
        (target / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage\n")
        (target / "empty.txt").write_bytes(b"")
    return target


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Registry contents without surrogate ids and timestamps, foreign keys as natural keys
    (document sha256, patient index; an article is the sha256s of its documents), every table
    sorted: equal snapshots = same registry."""
    from sqlalchemy import create_engine, select

    from gsvlms_extract.registry.db import normalize_url
    from gsvlms_extract.registry.models import (
        Article,
        Case,
        CaseValue,
        Conflict,
        Document,
        Extraction,
        Link,
        NoteNlp,
    )

    engine = create_engine(normalize_url(url))
    with engine.connect() as conn:
        docs = {d.id: d.sha256 for d in conn.execute(select(Document.id, Document.sha256))}
        ext_key = {
            e.id: (docs[e.document_id], e.patient_index)
            for e in conn.execute(
                select(Extraction.id, Extraction.document_id, Extraction.patient_index)
            )
        }
        ext_key[None] = None
        members: dict[int, list[str]] = {}
        for d in conn.execute(select(Document.article_id, Document.sha256)):
            if d.article_id is not None:
                members.setdefault(d.article_id, []).append(d.sha256)
        art_key = defaultdict(lambda: None, {a: tuple(sorted(m)) for a, m in members.items()})

        def rows(model, skip=(), keys=()):
            out = []
            for row in conn.execute(select(model)).mappings():
                item = []
                for name, value in row.items():
                    if name in skip:
                        continue
                    if name in keys:
                        value = keys[name][value]
                    if isinstance(value, float):
                        value = round(value, 6)
                    if isinstance(value, list):
                        value = tuple(value)
                    item.append((name, value))
                out.append(tuple(item))
            return sorted(out, key=repr)

        snap = {
            "cases": rows(Case, skip=("created_at", "created_by_run")),
            "case_values": rows(CaseValue, skip=("updated_at",), keys={"extraction_id": ext_key}),
            "documents": rows(
                Document, skip=("id", "run_id", "ingested_at"), keys={"article_id": art_key}
            ),
            "articles": rows(Article, skip=("created_at",), keys={"id": art_key}),
            "extractions": rows(Extraction, skip=("id",), keys={"document_id": docs}),
            "evidence": rows(
                NoteNlp,
                skip=("note_nlp_id", "nlp_date", "nlp_datetime"),
                keys={"note_id": docs, "extraction_id": ext_key},
            ),
            "links": rows(Link, skip=("id",), keys={"extraction_id": ext_key}),
            "conflicts": rows(Conflict, skip=("id", "created_at"), keys={"extraction_id": ext_key}),
        }
    engine.dispose()
    return snap


@pytest.fixture
def make_inbox():
    """`build_inbox` as a fixture (test modules do not import conftest)."""
    return build_inbox


@pytest.fixture
def registry_snapshot():
    """`snapshot` as a fixture."""
    return snapshot
