"""`gsvlms search / fetch / screen` against recorded exchanges (tests/data/http/, written by hand
from the Europe PMC REST and NCBI E-utilities documented response formats; no network)."""

from __future__ import annotations

import json
import shutil

import pytest
import vcr
from report_formats import REPO
from typer.testing import CliRunner

from gsvlms_extract.batch import run_batch
from gsvlms_extract.cli import app
from gsvlms_extract.discover import fetch as fetch_module
from gsvlms_extract.discover import fetch_articles, prefilter, screen_paths, search
from gsvlms_extract.discover.http import Client, DiscoveryError, RateLimiter, rate_for
from gsvlms_extract.registry.articles import held_identifiers
from gsvlms_extract.registry.db import open_registry

HTTP = REPO / "tests" / "data" / "http"
QUERY = "great saphenous vein leiomyosarcoma"
RECORDED = vcr.VCR(cassette_library_dir=str(HTTP), record_mode="none")


class FakeTime:
    """A clock that only moves when slept on: the rate limiter's waits are recorded."""

    def __init__(self) -> None:
        self.now, self.slept = 0.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture(autouse=True)
def _no_api_key(monkeypatch):
    monkeypatch.delenv("NCBI_API_KEY", raising=False)


def _client(fake: FakeTime | None = None) -> Client:
    fake = fake or FakeTime()
    return Client(clock=fake.clock, sleep=fake.sleep)


@pytest.fixture(scope="module")
def registry_with_alkhaled(tmp_path_factory):
    """A registry that has read alkhaled2022.txt (its text prints DOI 10.12659/AJCR.935842)."""
    root = tmp_path_factory.mktemp("registry")
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copy(REPO / "corpus" / "text" / "alkhaled2022.txt", inbox)
    url = f"sqlite:///{root / 'r.db'}"
    run_batch(inbox, url, workers=1, progress=False, gold_table=REPO / "gold" / "table1.csv")
    return url


def _held(url):
    engine = open_registry(url)
    try:
        return held_identifiers(engine)
    finally:
        engine.dispose()


def test_europe_pmc_search_pages_and_marks_what_the_registry_holds(registry_with_alkhaled):
    with RECORDED.use_cassette("europepmc_search.yaml") as cassette:
        hits = search(
            QUERY, limit=4, page_size=2, client=_client(), held=_held(registry_with_alkhaled)
        )
        assert cassette.all_played  # two pages, by cursor
    assert [h.pmcid for h in hits] == ["PMC9001234", None, "PMC8900001", "PMC7000001"]
    first = hits[0]
    assert (first.year, first.first_author, first.doi, first.open_access) == (
        2022,
        "Fu",
        "10.1002/jcu.23190",
        True,
    )
    assert hits[1].open_access is False
    assert [h.in_registry for h in hits] == [False, False, True, False]  # alkhaled by its DOI


def test_search_cli_lists_title_year_open_access_and_registry(registry_with_alkhaled):
    with RECORDED.use_cassette("europepmc_search_cli.yaml"):
        result = CliRunner().invoke(
            app,
            ["search", QUERY, "--limit", "4", "--registry", registry_with_alkhaled],
            env={"COLUMNS": "200"},
        )
    assert result.exit_code == 0, result.output
    assert "4 hit(s)" in result.output
    row = next(line for line in result.output.splitlines() if "Small but Malignant" in line)
    assert "2022" in row and "Alkhaled" in row and "yes" in row.split("PMC8900001")[-1]


def test_pubmed_search_respects_the_ncbi_rate_limit():
    fake = FakeTime()
    client = _client(fake)
    with RECORDED.use_cassette("pubmed_search_fetch.yaml"):
        hits = search(QUERY, source="pubmed", limit=10, client=client)
    assert [h.pmid for h in hits] == ["35188294", "25123456", "879412"]
    assert hits[0].pmcid == "PMC9001234" and hits[0].open_access is None  # PubMed cannot say
    assert hits[2].doi == "10.1016/0002-9610(77)90290-8"
    # two requests to NCBI without a key: the second waited a third of a second
    assert client.requests == 2 and fake.slept == [0.333]


def test_rate_limits_are_the_published_ones(monkeypatch):
    assert rate_for("eutils.ncbi.nlm.nih.gov", None) == 3.0
    assert rate_for("eutils.ncbi.nlm.nih.gov", "KEY") == 10.0
    assert rate_for("www.ebi.ac.uk", None) == 5.0
    fake = FakeTime()
    limiter = RateLimiter(10.0, clock=fake.clock, sleep=fake.sleep)
    for _ in range(4):
        limiter.wait()
    assert fake.slept == [0.1, 0.1, 0.1] and fake.now == pytest.approx(0.3)
    monkeypatch.setenv("NCBI_API_KEY", "secret")
    assert Client().limiter("eutils.ncbi.nlm.nih.gov").interval == pytest.approx(0.1)


def test_fetch_writes_xml_and_sidecar_retries_skips_and_resumes(tmp_path, registry_with_alkhaled):
    inbox = tmp_path / "inbox"
    with RECORDED.use_cassette("europepmc_fetch.yaml") as cassette:
        client = _client()
        hits = search(
            QUERY, limit=4, page_size=2, client=client, held=_held(registry_with_alkhaled)
        )
        real_write = fetch_module._write

        def interrupted(path, data):  # Ctrl-C while the second article is being written
            if path.name == "PMC7000001.nxml":
                raise KeyboardInterrupt
            real_write(path, data)

        fetch_module._write = interrupted
        try:
            with pytest.raises(KeyboardInterrupt):
                fetch_articles(hits, inbox, client=client)
        finally:
            fetch_module._write = real_write
        assert sorted(p.name for p in inbox.iterdir()) == ["PMC9001234.json", "PMC9001234.nxml"]
        outcomes = fetch_articles(hits, inbox, client=client)  # resumes with the rest
        # the 503 was retried; only the article in flight at the interruption came again
        assert cassette.all_played
    status = {o.key: (o.status, o.reason) for o in outcomes}
    assert status == {
        "PMC9001234": ("present", "fetched before"),
        "PMID25123456": ("skipped", "no full text in PMC"),
        "PMC8900001": ("skipped", "already in the registry"),
        "PMC7000001": ("fetched", ""),
    }
    sidecar = json.loads((inbox / "PMC7000001.json").read_text())
    assert sidecar["doi"] == "10.1016/0002-9610(77)90290-8" and sidecar["year"] == 1977
    assert sidecar["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert sidecar["files"]["nxml"]["url"].endswith("/PMC7000001/fullTextXML")
    assert not list(inbox.glob(".*.part"))
    # what was fetched is an inbox `gsvlms run` reads (the sidecars are not documents)
    from gsvlms_extract.batch import find_documents

    assert [p.name for p in find_documents(inbox)] == ["PMC7000001.nxml", "PMC9001234.nxml"]


def test_fetch_from_ncbi_efetch_reads_the_articleset(tmp_path):
    with RECORDED.use_cassette("pubmed_search_fetch.yaml") as cassette:
        client = _client()
        hits = search(QUERY, source="pubmed", limit=10, client=client)
        outcomes = fetch_articles(hits[:1], tmp_path, client=client, source="pubmed")
        assert cassette.all_played
    assert outcomes[0].status == "fetched"
    assert (tmp_path / "PMC9001234.nxml").read_bytes().count(b"<pmc-articleset>") == 1


def test_a_service_that_stays_down_is_retried_then_one_line_error():
    fake = FakeTime()
    with RECORDED.use_cassette("europepmc_unavailable.yaml") as cassette:
        with pytest.raises(DiscoveryError) as info:
            search("saphenous", client=Client(backoff=0, clock=fake.clock, sleep=fake.sleep))
        assert cassette.all_played  # the first try and 4 retries
    assert str(info.value).startswith("www.ebi.ac.uk: HTTP 503 for https://")
    assert "\n" not in str(info.value)


def test_prefilter_keeps_reports_naming_tumour_and_vein():
    assert prefilter(b"<p>Leiomyosarcoma of the great SAPHENOUS vein</p>") == {
        "leiomyosarcoma": 1,
        "saphenous": 1,
    }
    assert prefilter("léiomyosarcome de la veine grande saphène".encode()) != {}
    assert prefilter(b"uterine leiomyosarcoma") == {}
    assert prefilter(b"saphenous vein graft patency") == {}


def test_screen_confirms_candidates_with_the_full_pipeline(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    for name in ("fu2022.txt", "hartmann2019.txt", "okafor2020.txt"):
        shutil.copy(REPO / "corpus" / "text" / name, dump)
    (dump / "unrelated.nxml").write_bytes(
        b"<article><body><p>Asthma in children.</p></body></article>"
    )
    result = screen_paths([dump], workers=1)
    assert result.n_files == 4
    by_name = {c.path.rsplit("/", 1)[-1]: c for c in result.candidates}
    assert "unrelated.nxml" not in by_name
    assert by_name["fu2022.txt"].is_gsv_lms is True and by_name["fu2022.txt"].patients == 1
    assert by_name["hartmann2019.txt"].is_gsv_lms is False  # caval: the pipeline says no
    assert "inferior vena cava" in by_name["hartmann2019.txt"].reason
    assert [c.path for c in result.confirmed] == [str(dump / "fu2022.txt")]


def test_screen_cli_writes_candidates_with_their_reasons(tmp_path):
    dump = tmp_path / "dump"
    (dump / "sub").mkdir(parents=True)
    shutil.copy(REPO / "corpus" / "text" / "lin2016.txt", dump / "sub" / "PMC1.txt")
    (dump / "PMC2.nxml").write_bytes(
        b"<article><body><p>Uterine leiomyosarcoma.</p></body></article>"
    )
    out = tmp_path / "candidates.jsonl"
    result = CliRunner().invoke(app, ["screen", str(dump), "--prefilter-only", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "screened 2 files" in result.output and "1 candidates" in result.output
    (line,) = out.read_text().splitlines()
    candidate = json.loads(line)
    assert candidate["path"].endswith("PMC1.txt") and candidate["is_gsv_lms"] is None
    assert candidate["terms"]["leiomyosarcoma"] >= 1 and candidate["terms"]["saphenous"] >= 1
