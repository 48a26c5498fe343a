"""The one document finder: which files under the given paths are reports to read.

`gsvlms extract`, `gsvlms run` and `gsvlms evaluate` all call `find_documents`, so they read the
same files from the same folder:

* a file named explicitly is read whatever its name (if its suffix has a reader), symbolic
  link or not: the user chose it;
* a folder is walked recursively, in sorted order of relative path; hidden files and folders
  (``.name``) and ``manifest`` folders (corpus labels, for tests only) are left out;
* inside a folder, a symbolic link is followed only when its target lies inside that folder;
  a link out of it (``inbox/passwd -> /etc/passwd``) is not read and is reported as a
  `Problem`, so is a broken link; linked folders are never walked (no loops, no escapes);
* ``one_per_stem=True`` (evaluation) reads a report bundled both as source text and as a
  rendered PDF (``text/x.txt`` and ``pdf/x.pdf`` under one folder) once, from the format that
  comes first in `READERS` (text before PDF); the skipped files are listed in
  ``Found.duplicates``.

The suffixes come from `gsvlms_extract.ingest.loader.READERS`: registering a reader there is all
it takes for every verb to find the new format.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gsvlms_extract.ingest.loader import READERS, supported

__all__ = ["Found", "Problem", "SKIP_DIRS", "find_documents", "describe_suffixes"]

logger = logging.getLogger(__name__)

#: Folder names never walked into (corpus labels are for tests, never for extraction).
SKIP_DIRS = frozenset({"manifest"})


@dataclass(frozen=True, slots=True)
class Problem:
    """A path that was given or met but is not read, and why (one line).

    ``kind``: ``missing`` (no such path), ``unsupported`` (no reader for the suffix),
    ``empty`` (a folder without any report), ``symlink`` (a link out of the folder, or broken).
    """

    path: str
    reason: str
    kind: str


@dataclass
class Found:
    """What `find_documents` found: files to read (in order), problems, skipped duplicates."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (skipped file, the file read instead) under ``one_per_stem``
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Problem]:
        return [p for p in self.problems if p.kind in kinds]


def describe_suffixes() -> str:
    """``.txt, .md, .pdf`` (every suffix with a reader), for messages."""
    return ", ".join(READERS)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def _walk(root: Path, found: Found, skip_dirs: frozenset[str] = SKIP_DIRS) -> list[Path]:
    """Supported files under ``root`` (relative-path order); links out of it reported."""
    real_root = root.resolve()
    files: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        kept_dirs = []
        for name in sorted(dirnames):
            if _is_hidden(name) or name in skip_dirs:
                continue
            path = here / name
            if path.is_symlink():
                target = path.resolve()
                if not _inside(target, real_root):
                    found.problems.append(
                        Problem(
                            str(path),
                            f"symbolic link to a folder outside {root} ({target}); not followed",
                            "symlink",
                        )
                    )
                continue  # linked folders are never walked
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            path = here / name
            if _is_hidden(name) or not supported(path):
                continue
            if path.is_symlink():
                if not path.exists():
                    found.problems.append(Problem(str(path), "broken symbolic link", "symlink"))
                    continue
                target = path.resolve()
                if not _inside(target, real_root):
                    found.problems.append(
                        Problem(
                            str(path),
                            f"symbolic link to a file outside {root} ({target}); not followed",
                            "symlink",
                        )
                    )
                    continue
            if not path.is_file():
                continue  # a fifo, socket or device named like a report
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _one_per_stem(files: list[Path], found: Found) -> list[Path]:
    """Keep one file per stem, the format listed first in `READERS`."""
    order = {suffix: i for i, suffix in enumerate(READERS)}
    by_stem: dict[str, Path] = {}
    for path in sorted(files, key=lambda p: (order.get(p.suffix.lower(), len(order)), str(p))):
        kept = by_stem.get(path.stem)
        if kept is not None:
            found.duplicates.append((path, kept))
            logger.info("%s: skipped, same report as %s", path, kept)
            continue
        by_stem[path.stem] = path
    return sorted(by_stem.values())


def find_documents(
    paths: Iterable[str | Path], *, one_per_stem: bool = False, skip_dirs: Iterable[str] = ()
) -> Found:
    """The report files under ``paths`` (files or folders), in order, with the problems met.

    Args:
        paths: files and folders, as given on the command line.
        one_per_stem: inside each folder, read a report present in several formats once
            (text source before its rendered PDF); files named explicitly are always read.
        skip_dirs: folder names not walked into, besides `SKIP_DIRS` (``manifest``).

    Never raises for a bad path: every problem is in ``Found.problems`` for the caller to report
    (``extract`` lists them as failures, ``run`` and ``evaluate`` stop on a missing path).
    """
    found = Found()
    skip = SKIP_DIRS | frozenset(skip_dirs)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _walk(path, found, skip)
            if one_per_stem:
                files = _one_per_stem(files, found)
            if not files:
                found.problems.append(
                    Problem(str(given), f"folder holds no {describe_suffixes()} file", "empty")
                )
            found.files.extend(files)
        elif not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
            found.problems.append(Problem(str(given), reason, "missing"))
        elif not supported(path):
            found.problems.append(
                Problem(
                    str(given),
                    f"unsupported file type {path.suffix or '(none)'!r} "
                    f"(use {describe_suffixes()})",
                    "unsupported",
                )
            )
        else:
            found.files.append(path)
    return found
