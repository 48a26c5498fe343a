"""What every verb shares: options read from the environment, verbosity, one-line errors.

Streams and exit codes (the same for every verb):

* data (JSONL, CSV, tables, summaries) on stdout; diagnostics (errors, warnings, skipped and
  failed files, progress, "wrote FILE") on stderr;
* exit 0: everything worked; 1: an input, registry or output problem, or at least one
  document failed (the others are still processed and written); 2: a usage error (unknown
  option, a value outside the choices); 130: interrupted (Ctrl-C).

Environment variables (an option on the command line wins): ``GSVLMS_REGISTRY`` (registry
location), ``GSVLMS_GOLD`` (gold table), ``GSVLMS_GOLD_DIR`` (folder of the gold files),
``GSVLMS_PATTERNS`` (rule folder), ``GSVLMS_WORKERS``, ``GSVLMS_TIMEOUT``,
``GSVLMS_MAX_INPUT_MB``, ``GSVLMS_MAX_INFLATED_MB``, ``GSVLMS_MAX_MEMORY_MB``,
``REDCAP_API_URL`` and ``REDCAP_API_TOKEN``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from gsvlms_extract.errors import GsvlmsError

__all__ = [
    "DEFAULT_REGISTRY",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "GoldOpt",
    "RegistryOpt",
    "configure_logging",
    "diagnostics",
    "fail",
    "one_line_errors",
    "quiet",
]

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
DEFAULT_REGISTRY = "registry.db"

RegistryOpt = Annotated[
    str,
    typer.Option(
        "--registry",
        envvar="GSVLMS_REGISTRY",
        help="Registry: a SQLite file path (registry.db), sqlite:///path, or "
        "postgresql://user@host/db.",
    ),
]
GoldOpt = Annotated[
    Path | None,
    typer.Option(
        "--gold",
        envvar="GSVLMS_GOLD",
        help="Normalized gold table. [default: gold/table1.csv here, else the packaged table]",
        show_default=False,
    ),
]

_STATE = {"quiet": False}


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def configure_logging(verbose: int = 0, is_quiet: bool = False) -> None:
    """Warnings on stderr by default; ``-v`` adds progress notes, ``-vv`` debugging, ``-q``
    leaves errors only. Third-party loggers stay at warnings unless ``-vv``."""
    _STATE["quiet"] = is_quiet
    level = logging.ERROR if is_quiet else (logging.WARNING, logging.INFO)[min(verbose, 1)]
    if verbose >= 2:
        level = logging.DEBUG
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_gsvlms", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    handler._gsvlms = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)
    logging.getLogger("gsvlms_extract").setLevel(level)


def quiet() -> bool:
    """Whether ``-q`` was given (no progress bars, no notes; data and errors only)."""
    return _STATE["quiet"]


def diagnostics(message: str) -> None:
    """A note on stderr (suppressed by ``-q``)."""
    if not quiet():
        typer.echo(message, err=True)


def _first_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    """Print ``error: message`` (one line) on stderr; return the exit to raise."""
    typer.echo(f"error: {_first_line(message)}", err=True)
    return typer.Exit(code)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn the package's errors and the system's (disk full, permission, missing file) into
    one ``error:`` line on stderr and exit status 1; Ctrl-C into exit status 130."""
    try:
        yield
    except GsvlmsError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        where = exc.filename if exc.filename is not None else "output"
        raise fail(f"{where}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        raise fail(
            "interrupted: committed documents are kept; run again to resume", EXIT_INTERRUPTED
        ) from None
