"""Push the registry into a REDCap project through its API (PyCap): ``gsvlms registry
push-redcap``.

Steps: read the project's information and check that its Missing Data Codes include every
code the import uses (REDCap rejects the whole import otherwise; the check says what to set
instead of letting REDCap refuse 59 records); optionally upload the data dictionary; import
the records (``overwrite=normal``: blank cells never erase what curators entered).

The API token is a secret: it is read from an environment variable (``REDCAP_API_TOKEN`` by
default), never from the command line (where ``ps`` and shell history would keep it), and never
printed. Needs the ``redcap`` extra: ``pip install 'gsvlms-extract[redcap]'``.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.export import cases_frame
from gsvlms_extract.registry.redcap import (
    MISSING_CODES,
    MISSING_DATA_CODES_SETTING,
    data_dictionary,
    import_frame,
)

__all__ = ["PushResult", "push_redcap", "token_from_env"]

TOKEN_LENGTH = 32


@dataclass(frozen=True, slots=True)
class PushResult:
    """What the push did: records imported, fields in the uploaded dictionary (0: none)."""

    project: str
    records: int
    dictionary_fields: int


def token_from_env(variable: str = "REDCAP_API_TOKEN") -> str:
    """The API token from environment variable ``variable``.

    Raises:
        RegistryError: the variable is unset or does not hold a 32-character token.
    """
    token = os.environ.get(variable, "").strip()
    if not token:
        raise RegistryError(f"${variable}: not set (export the project's REDCap API token)")
    if len(token) != TOKEN_LENGTH or not token.isalnum():
        raise RegistryError(
            f"${variable}: not a REDCap API token ({TOKEN_LENGTH} letters and digits expected)"
        )
    return token


def _codes_declared(setting: str) -> set[str]:
    """Codes in REDCap's ``missing_data_codes`` ("UNK, Unknown | NA, Not applicable")."""
    return {part.split(",", 1)[0].strip() for part in setting.split("|") if part.strip()}


def _redcap_error(url: str, exc: BaseException) -> RegistryError:
    text = " ".join(str(exc).split())
    return RegistryError(f"{url}: REDCap refused the request ({text[:300]})")


def push_redcap(
    engine: Engine,
    url: str,
    token: str,
    *,
    dictionary: bool = False,
    request_kwargs: dict[str, Any] | None = None,
) -> PushResult:
    """Import every registry case into the REDCap project at ``url`` (the API endpoint,
    ending in ``/api/``).

    Args:
        dictionary: also upload the data dictionary first (replaces the project's forms; for
            a new project).
        request_kwargs: passed to PyCap's requests (``timeout``...).

    Raises:
        RegistryError: PyCap missing, a malformed URL, the project lacking the Missing Data
            Codes, or any refusal from REDCap, in one line without the token.
    """
    try:
        from redcap import Project, RedcapError
        from requests import RequestException
    except ImportError:
        raise RegistryError(
            "REDCap push needs PyCap: pip install 'gsvlms-extract[redcap]'"
        ) from None
    if not url.rstrip().endswith("/api/"):
        raise RegistryError(f"{url}: not a REDCap API URL (it ends in /api/)")
    project = Project(url, token, **(request_kwargs or {}))
    try:
        info = project.export_project_info()
        declared = _codes_declared(str(info.get("missing_data_codes") or ""))
        missing = [code for code in MISSING_CODES if code not in declared]
        if missing:
            raise RegistryError(
                f"{url}: the project has no Missing Data Code(s) {', '.join(missing)}; in "
                "REDCap, Project Setup > Additional customizations > Missing Data Codes, enter: "
                + MISSING_DATA_CODES_SETTING.replace("\n", " | ")
            )
        n_fields = 0
        if dictionary:
            buffer = io.StringIO()
            data_dictionary().to_csv(buffer, index=False)
            n_fields = int(project.import_metadata(buffer.getvalue(), import_format="csv"))
        records = io.StringIO()
        import_frame(cases_frame(engine)).to_csv(records, index=False)
        answer = project.import_records(
            records.getvalue(),
            import_format="csv",
            return_content="count",
            overwrite="normal",
        )
    except RegistryError:
        raise
    except (RedcapError, RequestException, ValueError, KeyError) as exc:
        raise _redcap_error(url, exc) from None
    count = answer.get("count") if isinstance(answer, dict) else answer
    return PushResult(str(info.get("project_title", url)), int(count or 0), n_fields)
