"""Open a registry database: URL handling, Alembic ``upgrade head``, gold seeding, locking.

Accepted locations: ``sqlite:///registry.db``, a plain file path (``registry.db``),
``postgresql+psycopg://user@host/db`` and ``postgresql://…`` (driven by psycopg 3).

Writers serialize on a database-wide lock so concurrent ``gsvlms run`` processes never
interleave one document's transaction with another's: PostgreSQL takes a transaction-level
advisory lock, SQLite starts every transaction with ``BEGIN IMMEDIATE``. A new SQLite file is
switched to WAL by whichever opener gets there first; the others retry the switch (SQLite
reports that conflict at once instead of waiting, see `_switch_to_wal`).
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from gsvlms_extract.errors import GsvlmsError, RegistryError
from gsvlms_extract.registry.models import EXTRACTION_VALUE_FIELDS, Case, CaseValue
from gsvlms_extract.schema import CaseRecord, record_to_row

__all__ = [
    "normalize_url",
    "open_registry",
    "registry_exists",
    "write_lock",
    "redacted",
    "utcnow",
]

log = logging.getLogger(__name__)

#: Tables every registry has (a database with other tables and not these is someone else's).
_REGISTRY_TABLES = frozenset({"cases", "case_values", "documents", "extractions", "runs"})
_NO_REGISTRY = (
    "no registry here (create one with `gsvlms registry init --registry LOCATION` "
    "or `gsvlms run INBOX --registry LOCATION`)"
)

#: How long a SQLite opener waits for another process's lock: the busy timeout of every
#: connection, and the bound of the retried switch to WAL.
_SQLITE_WAIT_SECONDS: float = 60

#: Key of the PostgreSQL advisory lock that serializes registry writers ("GSVLMS" in hex-ish).
_LOCK_KEY = 0x65_5E_4C_35


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalize_url(location: str | Path) -> str:
    """Turn a registry location (URL or plain path) into a SQLAlchemy URL string.

    Raises:
        RegistryError: an empty location.
    """
    loc = str(location).strip()
    if not loc:
        raise RegistryError(
            "registry location is empty: give a file path (registry.db) or a server URL "
            "(postgresql://user@host/db)"
        )
    if "://" not in loc:
        return f"sqlite:///{loc}"
    if loc.startswith("postgresql://") or loc.startswith("postgres://"):
        return "postgresql+psycopg://" + loc.split("://", 1)[1]
    return loc


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RegistryError(f"{url}: not a usable registry URL ({reason})") from None


def _sqlite_path(parsed: URL, where: str) -> Path:
    """The database file of a SQLite URL; in-memory and temporary databases are refused (a
    registry there would vanish with the process, and the run would still report success)."""
    database = parsed.database or ""
    memory = (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or parsed.query.get("mode") == "memory"
    )
    if memory:
        raise RegistryError(
            f"{where}: an in-memory or temporary database cannot hold a registry; "
            "give a file path (registry.db) or a server URL"
        )
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def registry_exists(location: str | Path) -> bool:
    """Whether ``location`` names an existing SQLite file (servers: always True, the server
    says whether the database exists)."""
    url = normalize_url(location)
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    path = _sqlite_path(parsed, redacted(url))
    return path.exists() and path.stat().st_size > 0


def redacted(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def _sqlite_busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused for a lock held by another connection (SQLITE_BUSY and its
    extended codes)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # not raised by the library itself
        return "database is locked" in str(exc)
    return code & 0xFF == sqlite3.SQLITE_BUSY


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """``PRAGMA journal_mode=WAL``, retried with backoff for up to `_SQLITE_WAIT_SECONDS`.

    The busy timeout does not cover this pragma: on a file still in rollback mode (every new
    registry) it opens a read transaction, then upgrades it to a write one to mark the header,
    and SQLite returns SQLITE_BUSY at once, without the busy handler, when a read transaction
    cannot get the write lock (waiting could deadlock). Two ``gsvlms run`` started together on
    a new file thus failed with "database is locked" the instant the other process held the
    file's lock. The failed pragma has released its read lock, so the holder finishes and the
    retry finds the file in WAL (nothing left to write) or takes the lock itself.
    """
    wait = _SQLITE_WAIT_SECONDS
    deadline = time.monotonic() + wait
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if not _sqlite_busy(exc):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise sqlite3.OperationalError(
                    f"database is locked: another process held it for over {wait:g} s"
                ) from None
            time.sleep(min(left, pause * random.uniform(0.5, 1.5)))  # jitter: no lockstep
            pause = min(pause * 2, 0.25)


def _sqlite_setup(engine: Engine, *, write: bool) -> None:
    """Pragmas on every connection; a writing engine starts each transaction with BEGIN
    IMMEDIATE (the write lock), a reading one never writes (a read-only file can be shown)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(_SQLITE_WAIT_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if write:
            _switch_to_wal(cursor)  # not covered by the busy timeout: retried
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if write:

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


def _revision_state(connection: Connection, config: Config, where: str) -> str:
    """``empty`` (no table at all), ``current``, ``behind`` (needs migrating); refuses a
    database that is not a registry or whose schema is newer than this code."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return "empty"
    if "alembic_version" not in tables or not tables >= _REGISTRY_TABLES:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise RegistryError(
            f"{where}: not a gsvlms registry (it holds other tables: {shown}); "
            "refusing to add registry tables to it, give another location"
        )
    current = MigrationContext.configure(connection).get_current_heads()
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise RegistryError(
            f"{where}: registry schema revision {', '.join(unknown)} is newer than this "
            f"gsvlms-extract (knows up to {script.get_current_head()}); upgrade the package"
        )
    return "current" if set(current) == {script.get_current_head()} else "behind"


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


def _fail(exc: BaseException, where: str) -> RegistryError:
    """One line for a database error (the driver's first line, not SQLAlchemy's essay)."""
    if isinstance(exc, RegistryError):
        return exc
    if isinstance(exc, GsvlmsError):
        return RegistryError(f"{where}: cannot seed gold cases ({exc})")
    if isinstance(exc, (OperationalError, DatabaseError)):
        orig = getattr(exc, "orig", None)
        text_ = str(orig if orig is not None else exc).strip()
        reason = text_.splitlines()[0] if text_ else type(exc).__name__
        return RegistryError(f"{where}: cannot open registry ({reason})")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return RegistryError(f"{where}: cannot open registry ({type(exc).__name__}: {first})")


def _migrate(engine: Engine, where: str, *, create: bool, seed: bool, load) -> None:  # noqa: ANN001
    with engine.begin() as connection, write_lock(connection):
        config = _alembic_config(connection)
        state = _revision_state(connection, config, where)
        if state == "empty" and not create:
            raise RegistryError(f"{where}: {_NO_REGISTRY}")
        if state != "current":
            command.upgrade(config, "head")
        _check_columns(connection, where)
        if seed:
            seeded = _seed_gold(connection, load)
            if seeded:
                log.info("seeded %d gold cases into %s", seeded, where)


def _current(engine: Engine, where: str) -> bool:
    """Read-only check: True when the registry is at the code's schema (nothing to write)."""
    with engine.connect() as connection:
        state = _revision_state(connection, _alembic_config(connection), where)
        if state == "empty":
            raise RegistryError(f"{where}: {_NO_REGISTRY}")
        if state == "current":
            _check_columns(connection, where)
            return True
    return False


def open_registry(
    location: str | Path,
    *,
    create: bool = False,
    write: bool = True,
    gold: Callable[[], list[CaseRecord]] | None = None,
    gold_table: str | Path | None = None,
    seed: bool = True,
) -> Engine:
    """Open the registry at ``location`` and bring it to the code's schema.

    Runs Alembic ``upgrade head`` under the writers' lock when the schema is behind, refuses a
    database whose schema is newer than this code, and seeds the gold cases into an empty
    registry.

    Args:
        location: SQLAlchemy URL or plain SQLite file path. In-memory and temporary databases
            (``sqlite://``, ``:memory:``, an empty location) are refused.
        create: make a new registry where none exists (a missing SQLite file, an empty
            database or schema). Without it a missing registry is an error, so a mistyped
            path is reported rather than created and seeded.
        write: False for readers (show, export): nothing is written when the registry is
            already at the code's schema, so a read-only registry can be read.
        gold: callable returning the gold cases to seed (default: `gold.load_gold`).
        gold_table: the gold CSV to seed from (default: the packaged gold table); only read
            when the registry has no case yet.
        seed: seed the gold cases when the registry has no case yet.

    Raises:
        RegistryError: not a registry location, no registry there (without ``create``), a
            database that is not a gsvlms registry, or one that cannot be reached, migrated
            or seeded; always one line.
    """
    url = normalize_url(location)
    where = redacted(url)
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        db_path = _sqlite_path(parsed, where)
        if db_path.is_dir():
            raise RegistryError(f"{where}: {db_path} is a folder, not a registry file")
        if not db_path.exists() or db_path.stat().st_size == 0:
            if not create:
                raise RegistryError(f"{where}: {_NO_REGISTRY}")
            if not db_path.parent.exists():
                raise RegistryError(f"{where}: directory {db_path.parent} does not exist")
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except ImportError as exc:
        hint = (
            "; install it with pip install 'gsvlms-extract[postgres]'"
            if parsed.get_backend_name() == "postgresql"
            else ""
        )
        raise RegistryError(f"{where}: database driver missing ({exc}){hint}") from None
    except (ArgumentError, ValueError) as exc:
        raise RegistryError(f"{where}: not a usable registry URL ({exc})") from None
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        _sqlite_setup(engine, write=write)
    load = gold or _gold_loader(gold_table)
    try:
        if write:
            _migrate(engine, where, create=create, seed=seed, load=load)
            return engine
        if _current(engine, where):
            return engine
        # behind the code's schema: migrate once with a writing engine, then read
        writer = create_engine(url, future=True, pool_pre_ping=True)
        if sqlite:
            _sqlite_setup(writer, write=True)
        try:
            _migrate(writer, where, create=False, seed=seed, load=load)
        finally:
            writer.dispose()
        return engine
    except (GsvlmsError, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise _fail(exc, where) from None
