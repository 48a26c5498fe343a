"""`gsvlms registry push-redcap` against replayed REDCap API exchanges (PyCap over requests):
the Missing Data Codes are checked before any record is sent, records go as the export's
import file, and REDCap's refusals are one line that never shows the token."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses
import yaml
from typer.testing import CliRunner

from gsvlms_extract.cli import app
from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry import open_registry
from gsvlms_extract.registry.redcap import import_columns
from gsvlms_extract.registry.redcap_push import push_redcap, token_from_env

FIXTURE = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "registry" / "redcap_api_exchanges.yaml").read_text(
        encoding="utf-8"
    )
)
URL, TOKEN = FIXTURE["url"], FIXTURE["token"]
GOLD_TABLE = Path(__file__).parents[2] / "gold" / "table1.csv"


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("push") / "r.db"
    engine = open_registry(path, create=True, gold_table=GOLD_TABLE)
    yield path, engine
    engine.dispose()


def _replay(mock: responses.RequestsMock, *names: str) -> list[dict[str, str]]:
    """Register the exchanges in order; return the form fields of every request made."""
    seen: list[dict[str, str]] = []

    def fields_match(expected):
        def match(request):
            form = {k: v[0] for k, v in parse_qs(request.body or "").items()}
            ok = all(form.get(k) == str(v) for k, v in expected.items())
            if ok:
                seen.append(form)
            return ok, "" if ok else f"form {sorted(form)} lacks {expected}"

        return match

    for name in names:
        exchange = FIXTURE["exchanges"][name]
        mock.add(
            responses.POST,
            URL,
            body=exchange["body"],
            status=exchange["status"],
            match=[fields_match(exchange["request"])],
        )
    return seen


def test_records_are_imported_after_the_codes_are_checked(registry):
    _path, engine = registry
    with responses.RequestsMock(registry=responses.registries.OrderedRegistry) as mock:
        seen = _replay(mock, "project_with_codes", "import_metadata", "import_records")
        result = push_redcap(engine, URL, TOKEN, dictionary=True)
    assert (result.project, result.records, result.dictionary_fields) == (
        "GSV-LMS case registry",
        57,
        95,
    )
    assert [form["content"] for form in seen] == ["project", "metadata", "record"]
    assert all(form["token"] == TOKEN for form in seen)
    rows = list(csv.DictReader(io.StringIO(seen[2]["data"])))
    assert list(rows[0]) == import_columns() and len(rows) == 57
    assert seen[1]["data"].startswith('"Variable / Field Name"') or seen[1]["data"].startswith(
        "Variable / Field Name"
    )


def test_a_project_without_missing_data_codes_gets_no_record(registry):
    _path, engine = registry
    with responses.RequestsMock(registry=responses.registries.OrderedRegistry) as mock:
        seen = _replay(mock, "project_without_codes")
        with pytest.raises(RegistryError) as info:
            push_redcap(engine, URL, TOKEN)
    assert [form["content"] for form in seen] == ["project"]  # nothing else was sent
    message = str(info.value)
    assert "no Missing Data Code(s) UNK, NA, NASK" in message
    assert "UNK, Unknown | NA, Not applicable | NASK, Not asked" in message


def test_a_refusal_is_one_line_without_the_token(registry, monkeypatch):
    path, _engine = registry
    monkeypatch.setenv("REDCAP_API_TOKEN", TOKEN)
    with responses.RequestsMock(registry=responses.registries.OrderedRegistry) as mock:
        _replay(mock, "project_with_codes", "import_records_rejected")
        result = CliRunner().invoke(
            app, ["registry", "push-redcap", "--url", URL, "--registry", str(path)]
        )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {URL}: REDCap refused the request")
    assert "missing data codes" in lines[0] and TOKEN not in result.output


def test_the_token_comes_from_the_environment_only(monkeypatch):
    monkeypatch.delenv("REDCAP_API_TOKEN", raising=False)
    with pytest.raises(RegistryError, match=r"\$REDCAP_API_TOKEN: not set"):
        token_from_env()
    monkeypatch.setenv("REDCAP_API_TOKEN", "short")
    with pytest.raises(RegistryError, match="not a REDCap API token") as info:
        token_from_env()
    assert "short" not in str(info.value)
