"""Open a registry database: URL handling, Alembic ``upgrade head``, gold seeding, locking.

Accepted locations: ``sqlite:///registry.db``, a plain file path (``registry.db``),
``postgresql+psycopg://user@host/db`` and ``postgresql://…`` (driven by psycopg 3).

Writers serialize on a database-wide lock so concurrent ``gsvlms run`` processes never
interleave one document's transaction with another's: PostgreSQL takes a transaction-level
advisory lock, SQLite starts every transaction with ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from gsvlms_extract.errors import GsvlmsError, RegistryError
from gsvlms_extract.registry.models import EXTRACTION_VALUE_FIELDS, Case, CaseValue
from gsvlms_extract.schema import CaseRecord, record_to_row

__all__ = ["normalize_url", "open_registry", "write_lock", "redacted", "utcnow"]

log = logging.getLogger(__name__)

#: Key of the PostgreSQL advisory lock that serializes registry writers ("GSVLMS" in hex-ish).
_LOCK_KEY = 0x65_5E_4C_35


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalize_url(location: str | Path) -> str:
    """Turn a registry location (URL or plain path) into a SQLAlchemy URL string."""
    loc = str(location)
    if "://" not in loc:
        return f"sqlite:///{loc}"
    if loc.startswith("postgresql://") or loc.startswith("postgres://"):
        return "postgresql+psycopg://" + loc.split("://", 1)[1]
    return loc


def redacted(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_begin_immediate(engine: Engine) -> None:
    """Let SQLAlchemy own the transaction and start it with BEGIN IMMEDIATE (write lock)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # the busy timeout first: switching a new file to WAL waits for a concurrent creator
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("gsvlms_extract.registry") / "migrations"))
    config.attributes["connection"] = connection
    return config


@contextmanager
def write_lock(connection: Connection) -> Iterator[None]:
    """Serialize writers across processes for the current transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    yield


def _check_not_newer(connection: Connection, config: Config, where: str) -> None:
    current = MigrationContext.configure(connection).get_current_heads()
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise RegistryError(
            f"{where}: registry schema revision {', '.join(unknown)} is newer than this "
            f"gsvlms-extract (knows up to {script.get_current_head()}); upgrade the package"
        )


def _check_columns(connection: Connection, where: str) -> None:
    columns = {
        row[0] if connection.dialect.name == "postgresql" else row[1]
        for row in connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'extractions' AND table_schema = current_schema()"
            )
            if connection.dialect.name == "postgresql"
            else text("PRAGMA table_info(extractions)")
        )
    }
    missing = [name for name in EXTRACTION_VALUE_FIELDS if name not in columns]
    if missing:
        raise RegistryError(
            f"{where}: registry lacks column(s) {', '.join(missing)} of schema.CASE_FIELDS; "
            "a registry migration is missing"
        )


def _seed_gold(connection: Connection, load: Callable[[], list[CaseRecord]]) -> int:
    if connection.execute(select(Case.case_id).limit(1)).first() is not None:
        return 0
    gold = load()
    now = utcnow()
    connection.execute(
        insert(Case),
        [
            {"case_id": rec.case_id, "origin": "gold", "needs_review": False, "created_at": now}
            for rec in gold
        ],
    )
    values = []
    for rec in gold:
        for name, cell in record_to_row(rec).items():
            if name == "case_id" or cell == "":
                continue
            values.append(
                {
                    "case_id": rec.case_id,
                    "field": name,
                    "value": cell,
                    "origin": "gold",
                    "curated": True,
                    "extraction_id": None,
                    "updated_at": now,
                }
            )
    if values:
        connection.execute(insert(CaseValue), values)
    return len(gold)


def _gold_loader(table: str | Path | None) -> Callable[[], list[CaseRecord]]:
    def load() -> list[CaseRecord]:
        from gsvlms_extract.gold import load_gold  # the gold stage, imported when first needed

        return load_gold() if table is None else load_gold(table)

    return load


def open_registry(
    location: str | Path,
    *,
    gold: Callable[[], list[CaseRecord]] | None = None,
    gold_table: str | Path | None = None,
    seed: bool = True,
) -> Engine:
    """Open (creating if needed) the registry at ``location`` and bring it to the code's schema.

    Runs Alembic ``upgrade head`` under the writers' lock, refuses a database whose schema is
    newer than this code, and seeds the gold cases into an empty registry.

    Args:
        location: SQLAlchemy URL or plain SQLite file path.
        gold: callable returning the gold cases to seed (default: `gold.load_gold`).
        gold_table: the gold CSV to seed from (default ``gold/table1.csv``); only read when
            the registry has no case yet.
        seed: seed the gold cases when the registry has no case yet.

    Raises:
        RegistryError: the database cannot be reached, migrated or seeded.
    """
    url = normalize_url(location)
    where = redacted(url)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise RegistryError(f"{where}: not a usable registry URL ({exc})") from None
    if engine.dialect.name == "sqlite":
        db_path = make_url(url).database
        if db_path and db_path != ":memory:" and not Path(db_path).parent.exists():
            raise RegistryError(f"{where}: directory {Path(db_path).parent} does not exist")
        _sqlite_begin_immediate(engine)
    try:
        with engine.begin() as connection, write_lock(connection):
            config = _alembic_config(connection)
            _check_not_newer(connection, config, where)
            command.upgrade(config, "head")
            _check_columns(connection, where)
            if seed:
                seeded = _seed_gold(connection, gold or _gold_loader(gold_table))
                if seeded:
                    log.info("seeded %d gold cases into %s", seeded, where)
    except GsvlmsError as exc:
        engine.dispose()
        if isinstance(exc, RegistryError):
            raise
        raise RegistryError(f"{where}: cannot seed gold cases ({exc})") from None
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise RegistryError(f"{where}: cannot open registry ({reason})") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise RegistryError(
            f"{where}: cannot migrate registry ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]})"
        ) from None
    return engine
