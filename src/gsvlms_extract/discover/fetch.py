"""`fetch_articles`: open-access full text into an inbox folder, one JSON sidecar per article.

For each hit with a PMCID that is open access (or of unknown status, from PubMed):

- the JATS XML from Europe PMC (``GET /{PMCID}/fullTextXML``) or NCBI
  (``efetch.fcgi?db=pmc&id=...``) becomes ``<inbox>/<PMCID>.nxml``; it is read with the JATS
  reader before it is kept, so an error page or a hostile XML never lands in the inbox;
- with ``pdf=True`` the PDF Europe PMC renders (``europepmc.org/articles/<PMCID>?pdf=render``)
  becomes ``<PMCID>.pdf`` (the registry records it as a copy of the XML);
- ``<PMCID>.json`` records where the files came from: the hit's metadata, each file's URL,
  size and sha256, the licence the XML states, the time and the tool's version.

Files are written under a hidden ``.part`` name and renamed when complete, and the sidecar is
written last, so an interrupted fetch leaves nothing half-written in view: the next fetch skips
articles whose sidecar exists and fetches the rest. Articles the registry holds (same DOI,
PMID or PMCID) and closed-access ones are skipped with their reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from gsvlms_extract import __version__
from gsvlms_extract.discover.http import EUROPE_PMC, EUTILS, Client, DiscoveryError
from gsvlms_extract.discover.search import Hit
from gsvlms_extract.errors import GsvlmsError

__all__ = ["FetchOutcome", "fetch_articles", "full_text_url"]

PDF_RENDER = "https://europepmc.org/articles/{pmcid}?pdf=render"


@dataclass(slots=True)
class FetchOutcome:
    """What happened to one hit: ``fetched``, ``present`` (an earlier fetch), ``skipped``
    (in the registry, closed access, no PMC full text) or ``failed``, with the reason."""

    key: str
    status: str
    reason: str = ""
    files: tuple[str, ...] = ()


def full_text_url(hit: Hit, source: str) -> tuple[str, dict[str, str]]:
    """URL and query of the hit's JATS XML at ``source`` (``europepmc`` or ``pubmed``: NCBI)."""
    if not hit.pmcid:
        raise DiscoveryError(f"{hit.key}: no PMCID, no full text in PMC")
    if source == "europepmc":
        return f"{EUROPE_PMC}/{hit.pmcid}/fullTextXML", {}
    return f"{EUTILS}/efetch.fcgi", {"db": "pmc", "id": hit.pmcid[3:], "retmode": "xml"}


def _write(path: Path, data: bytes) -> None:
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)


def _check_xml(data: bytes, name: str) -> dict[str, str | None]:
    from gsvlms_extract.ingest.jats import jats_document

    document = jats_document(data, name, hashlib.sha256(data).hexdigest())
    return {"licence": document.licence, "doi": document.doi, "pmid": document.pmid}


def _fetch_one(hit: Hit, inbox: Path, client: Client, source: str, pdf: bool) -> FetchOutcome:
    files: dict[str, dict[str, object]] = {}
    url, params = full_text_url(hit, source)
    data = client.get(url, params)
    stated = _check_xml(data, f"{hit.key}.nxml")
    _write(inbox / f"{hit.key}.nxml", data)
    files["nxml"] = {
        "url": url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if pdf:
        pdf_url = PDF_RENDER.format(pmcid=hit.pmcid)
        body = client.get(pdf_url)
        if not body.lstrip().startswith(b"%PDF"):
            raise DiscoveryError(f"{hit.key}: {pdf_url} did not return a PDF")
        _write(inbox / f"{hit.key}.pdf", body)
        files["pdf"] = {
            "url": pdf_url,
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
    sidecar = {
        **hit.as_dict(),
        "licence": stated["licence"],
        "files": files,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fetched_by": f"gsvlms-extract {__version__}",
        "full_text_source": source,
    }
    _write(inbox / f"{hit.key}.json", json.dumps(sidecar, indent=2, sort_keys=True).encode())
    return FetchOutcome(hit.key, "fetched", files=tuple(f"{hit.key}.{ext}" for ext in files))


def fetch_articles(
    hits: Iterable[Hit],
    inbox: str | Path,
    *,
    client: Client | None = None,
    source: str = "europepmc",
    pdf: bool = False,
) -> list[FetchOutcome]:
    """Download each open-access hit's full text into ``inbox`` (see the module docstring).

    Hits should carry ``in_registry`` (`search` sets it from the registry). One article's
    failure is recorded and the next one fetched.
    """
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    client = client or Client()
    outcomes = []
    for hit in hits:
        if hit.in_registry:
            outcomes.append(FetchOutcome(hit.key, "skipped", "already in the registry"))
        elif (inbox / f"{hit.key}.json").exists():
            outcomes.append(FetchOutcome(hit.key, "present", "fetched before"))
        elif not hit.pmcid:
            outcomes.append(FetchOutcome(hit.key, "skipped", "no full text in PMC"))
        elif hit.open_access is False:
            outcomes.append(FetchOutcome(hit.key, "skipped", "not open access"))
        else:
            try:
                outcomes.append(_fetch_one(hit, inbox, client, source, pdf))
            except GsvlmsError as exc:
                outcomes.append(FetchOutcome(hit.key, "failed", " ".join(str(exc).split())))
    return outcomes
