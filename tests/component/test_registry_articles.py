"""One article in several formats is one article with copies, and its patients are stored once."""

from __future__ import annotations

import shutil

from report_formats import REPO, REPORTS, jats_article
from sqlalchemy import create_engine, func, select

from gsvlms_extract.batch import run_batch
from gsvlms_extract.ingest.identifiers import FORMAT_RANK
from gsvlms_extract.registry.articles import MIN_RESEMBLANCE, assign_article, held_identifiers
from gsvlms_extract.registry.db import open_registry, utcnow
from gsvlms_extract.registry.models import Article, Case, Document, Extraction, Link


def _inbox(tmp_path, *formats: str):
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for fmt in formats:
        if fmt == "nxml":
            (inbox / "lin2016.nxml").write_bytes(jats_article(REPORTS["lin2016"]))
        else:
            shutil.copy(
                REPO / "corpus" / ("text" if fmt == "txt" else fmt) / f"lin2016.{fmt}", inbox
            )
    return inbox


def _state(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = {
            d.path.rsplit("/", 1)[-1]: (d.role, d.source_format, d.article_id)
            for d in conn.execute(select(Document))
        }
        links = conn.execute(
            select(Document.path, Link.case_id)
            .join(Extraction, Extraction.document_id == Document.id)
            .join(Link, Link.extraction_id == Extraction.id)
        ).all()
        articles = conn.execute(select(Article)).all()
        cases = conn.execute(select(func.count()).select_from(Case)).scalar_one()
    engine.dispose()
    return docs, links, articles, cases


def test_xml_pdf_and_text_of_one_article_make_one_article_and_one_patient(tmp_path, gold_table):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = _inbox(tmp_path, "nxml", "pdf", "txt")
    summary = run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table)
    assert (summary.n_found, summary.n_new, summary.n_copies) == (3, 1, 2)
    docs, links, articles, cases = _state(url)
    assert docs["lin2016.nxml"][:2] == ("primary", "jats")  # XML is the best format
    assert docs["lin2016.txt"][:2] == ("copy", "text")
    assert docs["lin2016.pdf"][:2] == ("copy", "pdf")
    assert len({article_id for _, _, article_id in docs.values()}) == 1
    assert len(articles) == 1
    article = articles[0]
    assert (article.doi, article.pmid, article.first_author, article.year) == (
        "10.1111/ans.13418",
        "25123456",
        "lin",
        2016,
    )
    assert [path.rsplit("/", 1)[-1] for path, _ in links] == ["lin2016.nxml"]  # one patient
    assert cases == 57  # linked to its gold case, no new case
    assert summary.copies[str(inbox / "lin2016.pdf")].endswith("lin2016.nxml")


def test_a_better_format_arriving_later_is_read_and_links_to_the_same_case(tmp_path, gold_table):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = _inbox(tmp_path, "pdf")
    first = run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table)
    assert (first.n_new, first.n_copies) == (1, 0)
    _inbox(tmp_path, "nxml")
    second = run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table)
    assert (second.n_new, second.n_copies, second.n_skipped) == (1, 0, 1)
    assert second.new_cases == []
    docs, links, articles, cases = _state(url)
    assert (docs["lin2016.nxml"][0], docs["lin2016.pdf"][0]) == ("primary", "copy")
    assert len(articles) == 1 and cases == 57
    by_file = {path.rsplit("/", 1)[-1]: case for path, case in links}
    assert by_file["lin2016.nxml"] == by_file["lin2016.pdf"]
    # a worse format after that is only a copy
    _inbox(tmp_path, "txt")
    third = run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table)
    assert (third.n_new, third.n_copies) == (0, 1)


def _identity(text: str, **ids):
    from gsvlms_extract.ingest.identifiers import text_signature

    return {
        "doi": None,
        "pmid": None,
        "pmcid": None,
        "first_author": "zhang",
        "year": 2005,
        "format": "pdf",
        "signature": list(text_signature(text)),
        **ids,
    }


REPORT_A = " ".join(f"word{i} tumour of the saphenous vein in patient {i}" for i in range(60))
REPORT_B = " ".join(f"term{i} leiomyoma of the femoral artery case {i}" for i in range(60))


def test_article_matching_rules(tmp_path, gold_table):
    engine = open_registry(f"sqlite:///{tmp_path / 'r.db'}", create=True, gold_table=gold_table)
    with engine.begin() as conn:

        def document(name: str) -> int:
            return conn.execute(
                Document.__table__.insert().returning(Document.id),
                [
                    {
                        "path": name,
                        "sha256": name.ljust(64, "0"),
                        "size_bytes": 1,
                        "status": "ok",
                        "attempts": 1,
                        "ingested_at": utcnow(),
                    }
                ],
            ).scalar_one()

        first, role, _ = assign_article(conn, document("a.pdf"), _identity(REPORT_A))
        assert role == "primary"
        # same author and year, other text: another article (one author, two reports a year)
        other, role, _ = assign_article(conn, document("b.pdf"), _identity(REPORT_B))
        assert other != first and role == "primary"
        # same text in a worse format: a copy of the first
        same, role, note = assign_article(
            conn, document("a.html"), {**_identity(REPORT_A), "format": "html"}
        )
        assert (same, role) == (first, "copy") and "a.pdf" in note
        # a DOI names the article whatever the text; a contradicting DOI keeps texts apart
        assign_article(conn, document("b.xml"), _identity(REPORT_B, doi="10.1/b", format="jats"))
        by_doi, role, _ = assign_article(conn, document("b2.pdf"), _identity("x", doi="10.1/b"))
        assert (by_doi, role) == (other, "copy")
        apart, _, _ = assign_article(conn, document("c.pdf"), _identity(REPORT_B, doi="10.1/c"))
        assert apart not in (first, other)
    held = held_identifiers(engine)
    assert held["doi"] == {"10.1/b", "10.1/c"}
    engine.dispose()
    assert 0 < MIN_RESEMBLANCE < 1 and FORMAT_RANK["jats"] < FORMAT_RANK["ocr"]


def test_corpus_copies_resemble_their_text_and_other_reports_do_not():
    """The threshold's margin, measured on the corpus: every PDF against its source text, and
    every pair of different reports."""
    from gsvlms_extract.ingest import load_document
    from gsvlms_extract.ingest.identifiers import resemblance, text_signature

    signatures = {}
    for folder in ("seed", "text", "pdf"):  # the reports and the PDFs rendered from them
        for path in sorted((REPO / "corpus" / folder).iterdir()):
            if path.suffix in (".txt", ".md", ".pdf"):
                signatures[path] = text_signature(load_document(path).text)
    same, different = [], []
    paths = list(signatures)
    for i, a in enumerate(paths):
        for b in paths[i + 1 :]:
            score = resemblance(signatures[a], signatures[b])
            (same if a.stem == b.stem else different).append(score)
    assert len(same) == 23
    assert min(same) >= MIN_RESEMBLANCE + 0.2  # measured 0.875 (allison1965)
    assert max(different) <= MIN_RESEMBLANCE - 0.3  # measured 0.10
