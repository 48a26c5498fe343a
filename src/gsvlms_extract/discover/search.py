"""`search`: candidate reports from Europe PMC or PubMed (NCBI E-utilities).

Europe PMC: ``GET /search?query=...&format=json&resultType=core&pageSize=...&cursorMark=...``
(cursor paging); each result gives ``pmid``, ``pmcid``, ``doi``, ``title``, ``authorString``,
``pubYear``, ``journalInfo.journal.title`` and ``isOpenAccess`` (``Y``/``N``).

PubMed: ``esearch.fcgi?db=pubmed&term=...&retmode=json`` for the PMIDs, then
``esummary.fcgi?db=pubmed&id=...&retmode=json`` for titles, years, authors and the article ids
(``doi``, ``pmc``). PubMed does not say whether the full text is open: a PMCID means the full
text is in PMC (``open_access`` is None, "unknown", unless Europe PMC was asked).

Each hit is marked ``in_registry`` when the registry holds an article with its DOI, PMID or
PMCID (`registry.articles.held_identifiers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from gsvlms_extract.discover.http import EUROPE_PMC, EUTILS, Client, DiscoveryError
from gsvlms_extract.ingest.identifiers import normalize_doi, normalize_pmcid, normalize_pmid

__all__ = ["Hit", "SOURCES", "search", "mark_held"]

SOURCES = ("europepmc", "pubmed")


@dataclass(slots=True)
class Hit:
    """One candidate article."""

    source: str
    title: str
    year: int | None = None
    first_author: str | None = None
    authors: str | None = None
    journal: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    open_access: bool | None = None
    in_registry: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def key(self) -> str:
        """The name its files get in an inbox: PMCID, else PMID, else the DOI made safe."""
        if self.pmcid:
            return self.pmcid
        if self.pmid:
            return f"PMID{self.pmid}"
        return re.sub(r"[^A-Za-z0-9._-]+", "_", self.doi or self.title)[:80]


def _year(value: Any) -> int | None:
    match = re.search(r"(1[89]\d\d|20\d\d)", str(value or ""))
    return int(match.group(1)) if match else None


def _europe_pmc_hit(item: dict[str, Any]) -> Hit:
    journal = (item.get("journalInfo") or {}).get("journal", {}).get("title") or item.get(
        "journalTitle"
    )
    authors = item.get("authorString") or None
    first = None
    if authors:
        first = authors.split(",")[0].strip().split(" ")[0] or None
    return Hit(
        source="europepmc",
        title=" ".join(str(item.get("title") or "").split()).rstrip("."),
        year=_year(item.get("pubYear")),
        first_author=first,
        authors=authors,
        journal=journal,
        pmid=normalize_pmid(item.get("pmid")),
        pmcid=normalize_pmcid(item.get("pmcid")),
        doi=normalize_doi(item.get("doi"))
        or (normalize_doi("doi:" + item["doi"]) if item.get("doi") else None),
        open_access=item.get("isOpenAccess") == "Y",
    )


def _europe_pmc(client: Client, query: str, limit: int, page_size: int) -> Iterator[Hit]:
    cursor, seen = "*", 0
    while seen < limit:
        page = client.get_json(
            f"{EUROPE_PMC}/search",
            {
                "query": query,
                "format": "json",
                "resultType": "core",
                "pageSize": min(page_size, limit - seen),
                "cursorMark": cursor,
            },
        )
        results = (page.get("resultList") or {}).get("result") or []
        for item in results:
            yield _europe_pmc_hit(item)
            seen += 1
            if seen >= limit:
                return
        following = page.get("nextCursorMark")
        if not results or not following or following == cursor:
            return
        cursor = following


def _pubmed(client: Client, query: str, limit: int, page_size: int) -> Iterator[Hit]:
    found = client.get_json(
        f"{EUTILS}/esearch.fcgi",
        {"db": "pubmed", "term": query, "retmode": "json", "retmax": limit},
    )
    ids = (found.get("esearchresult") or {}).get("idlist") or []
    if "esearchresult" not in found:
        raise DiscoveryError("eutils.ncbi.nlm.nih.gov: esearch answer without esearchresult")
    for start in range(0, len(ids), page_size):
        batch = ids[start : start + page_size]
        summary = client.get_json(
            f"{EUTILS}/esummary.fcgi",
            {"db": "pubmed", "id": ",".join(batch), "retmode": "json"},
        )
        result = summary.get("result") or {}
        for uid in result.get("uids", batch):
            record = result.get(uid)
            if not isinstance(record, dict):
                continue
            article_ids = {a.get("idtype"): a.get("value") for a in record.get("articleids", [])}
            authors = [a.get("name", "") for a in record.get("authors", []) if a.get("name")]
            yield Hit(
                source="pubmed",
                title=" ".join(str(record.get("title") or "").split()).rstrip("."),
                year=_year(record.get("pubdate") or record.get("epubdate")),
                first_author=authors[0].split(" ")[0] if authors else None,
                authors=", ".join(authors) or None,
                journal=record.get("fulljournalname") or record.get("source"),
                pmid=normalize_pmid(uid),
                pmcid=normalize_pmcid(article_ids.get("pmc") or article_ids.get("pmcid")),
                doi=normalize_doi(article_ids.get("doi") or "")
                or (normalize_doi("doi:" + article_ids["doi"]) if article_ids.get("doi") else None),
                open_access=None,
            )


def mark_held(hits: list[Hit], held: dict[str, set[str]]) -> list[Hit]:
    """Set ``in_registry`` on hits whose DOI, PMID or PMCID the registry holds."""
    for hit in hits:
        hit.in_registry = any(
            getattr(hit, key) and getattr(hit, key) in held.get(key, set())
            for key in ("doi", "pmid", "pmcid")
        )
    return hits


def search(
    query: str,
    *,
    source: str = "europepmc",
    limit: int = 100,
    client: Client | None = None,
    held: dict[str, set[str]] | None = None,
    page_size: int = 100,
) -> list[Hit]:
    """Candidate articles for ``query`` (at most ``limit``), marked when the registry holds them.

    ``page_size`` is the results per Europe PMC page (cursor paging) and the PMIDs per
    E-utilities esummary call.

    Raises:
        DiscoveryError: the service cannot be reached or answers something unusable.
    """
    if source not in SOURCES:
        raise DiscoveryError(f"source {source!r}: choose one of {', '.join(SOURCES)}")
    client = client or Client()
    reader = _europe_pmc if source == "europepmc" else _pubmed
    hits = list(reader(client, query, max(limit, 0), max(page_size, 1)))
    return mark_held(hits, held or {})
