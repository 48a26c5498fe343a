"""Where the gold files are: a local ``gold/`` folder when there is one, else the packaged copy.

The gold table, its printed cells, the curator verdicts, the review's claims and the review
article itself ship inside the package (``gsvlms_extract/gold/data``, read through
`importlib.resources`), so every verb works after ``pip install`` from any folder. Defaults
are resolved when a command runs, never at import, in this order:

1. ``$GSVLMS_GOLD_DIR/<name>`` when that variable is set;
2. ``gold/<name>`` under the working directory (a repository checkout, or a folder where
   ``gsvlms gold build`` wrote its output);
3. the packaged copy.

Files are written (``gold build``, ``gold correct``) to the first two only, never into the
installed package: ``$GSVLMS_GOLD_DIR`` or ``./gold``.
"""

from __future__ import annotations

import os
import shutil
from importlib.resources import as_file, files
from pathlib import Path

from gsvlms_extract.errors import GoldError

__all__ = [
    "ANOMALIES",
    "ARTICLE",
    "CLAIMS",
    "CORRECTIONS",
    "TABLE",
    "TABLE_RAW",
    "default_path",
    "default_source",
    "local_dir",
    "packaged",
    "writable_corrections",
]

TABLE_RAW = "table1_raw.csv"
TABLE = "table1.csv"
CORRECTIONS = "corrections.yaml"
ANOMALIES = "anomalies.csv"
CLAIMS = "review_claims.yaml"
#: the review article Table 1 is parsed from (repository: ``corpus/seed/``)
ARTICLE = "gsv_lms_review_2024.txt"
REPO_SOURCE = Path("corpus/seed") / ARTICLE


def packaged(name: str) -> Path:
    """The packaged copy of gold file ``name`` (a real path in a wheel or a checkout)."""
    resource = files("gsvlms_extract.gold").joinpath("data", name)
    with as_file(resource) as path:  # a no-op for an unpacked install
        return Path(path)


def local_dir() -> Path:
    """The writable gold folder: ``$GSVLMS_GOLD_DIR``, else ``gold`` under the working
    directory."""
    env = os.environ.get("GSVLMS_GOLD_DIR", "").strip()
    return Path(env) if env else Path("gold")


def default_path(name: str) -> Path:
    """Gold file ``name``: the local folder's copy when it exists, else the packaged one."""
    local = local_dir() / name
    return local if local.exists() else packaged(name)


def default_source() -> Path:
    """The review article: the repository's ``corpus/seed`` copy, else the packaged one."""
    return REPO_SOURCE if REPO_SOURCE.exists() else packaged(ARTICLE)


def writable_corrections() -> Path:
    """Where ``gsvlms gold correct`` records a verdict by default: the local folder's
    ``corrections.yaml``; the first time, the packaged verdicts are copied there so that none
    is lost (the packaged file itself is never written)."""
    path = local_dir() / CORRECTIONS
    if not path.exists():
        source = packaged(CORRECTIONS)
        try:
            if source.exists() and source.resolve() != path.resolve():
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, path)
        except OSError as exc:
            raise GoldError(
                f"{path}: cannot create the corrections file ({exc.strerror})"
            ) from None
    return path
