"""Discovery: find GSV-LMS reports that are not in the registry yet.

- `search` (Europe PMC REST API, NCBI E-utilities): candidate articles with title, year,
  open-access status and whether the registry already holds them;
- `fetch`: open-access full text (JATS XML, optionally PDF) into an inbox folder with a JSON
  metadata sidecar per article; resumable, skips what the registry holds;
- `screen`: a bulk dump of JATS files → a fast byte-level prefilter, then the full pipeline on
  the candidates only (process pool or Dask).

Modules import their HTTP and pipeline dependencies when called: nothing happens at import.
"""

from gsvlms_extract.discover.fetch import FetchOutcome, fetch_articles
from gsvlms_extract.discover.screen import ScreenResult, prefilter, screen_paths
from gsvlms_extract.discover.search import Hit, search

__all__ = [
    "FetchOutcome",
    "Hit",
    "ScreenResult",
    "fetch_articles",
    "prefilter",
    "screen_paths",
    "search",
]
