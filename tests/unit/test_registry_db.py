"""Opening a registry: URLs, migrations agree with the models, refusal of a newer schema."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry import normalize_url, open_registry
from gsvlms_extract.registry.models import EXTRACTION_VALUE_FIELDS, Base
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord

GOLD = [CaseRecord(case_id=1, author="Aufrecht", year=1868, sex="M", metastasis=[])]


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("registry.db", "sqlite:///registry.db"),
        ("data/reg.sqlite", "sqlite:///data/reg.sqlite"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_locations_become_sqlalchemy_urls(given, url):
    assert normalize_url(given) == url


def test_migrated_database_matches_the_models(tmp_path):
    """Tables, columns, nullability and constraints agree on SQLite. Declared column types are
    left out here: SQLite neither enforces VARCHAR lengths nor has a 4-byte INTEGER, so
    revision 0002 widens types on PostgreSQL only; the PostgreSQL half of
    tests/component/test_registry_migrations.py compares the types too."""
    engine = open_registry(tmp_path / "r.db", create=True, gold=lambda: GOLD)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == []
    columns = [c["name"] for c in inspect(engine).get_columns("extractions")]
    assert [c for c in columns if c in CASE_FIELDS] == list(EXTRACTION_VALUE_FIELDS)
    assert list(EXTRACTION_VALUE_FIELDS) == [f for f in CASE_FIELDS if f != "case_id"]


def test_gold_is_read_only_for_an_empty_registry(tmp_path):
    calls = []

    def gold():
        calls.append(1)
        return GOLD

    open_registry(tmp_path / "r.db", create=True, gold=gold).dispose()
    open_registry(tmp_path / "r.db", create=True, gold=gold).dispose()
    assert calls == [1]


def test_a_registry_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "r.db"
    open_registry(path, create=True, gold=lambda: GOLD).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(RegistryError, match=r"revision 9999 is newer than this gsvlms-extract"):
        open_registry(path, gold=lambda: GOLD)


def test_a_missing_folder_and_a_bad_url_are_one_line_errors(tmp_path):
    with pytest.raises(RegistryError, match=r"does not exist"):
        open_registry(tmp_path / "nowhere" / "r.db", create=True, gold=lambda: GOLD)
    with pytest.raises(RegistryError, match=r"not a usable registry URL"):
        open_registry("nosuchdialect://x/y", gold=lambda: GOLD)


def test_a_missing_gold_table_is_a_registry_error_naming_it(tmp_path):
    with pytest.raises(RegistryError, match=r"cannot seed gold cases .*missing\.csv"):
        open_registry(tmp_path / "r.db", create=True, gold_table=tmp_path / "missing.csv")


def test_an_unreachable_server_is_a_one_line_error():
    with pytest.raises(RegistryError, match=r"cannot open registry") as info:
        open_registry("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1", gold=lambda: GOLD)
    assert "\n" not in str(info.value)
