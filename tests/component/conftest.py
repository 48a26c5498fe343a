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
