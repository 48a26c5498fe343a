"""Read a YAML data file with one-line errors that name the file (and the line, when known)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gsvlms_extract.errors import GsvlmsError


def read_yaml(path: str | Path, what: str, error: type[GsvlmsError]) -> Any:
    """Parsed content of ``path``; ``what`` names the file's role in the error message.

    Raises ``error`` as ``"<path>: cannot read <what> (<reason>)"`` for an unreadable file and
    ``"<path>:<line>: not valid YAML"`` for a syntax error.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: cannot read {what} (not UTF-8 text)") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise error(f"{path}{line}: not valid YAML") from None
