"""gsvlms-extract: great saphenous vein leiomyosarcoma case reports into an evidence-backed
registry.

The Python API (see ``docs/api.md``)::

    from gsvlms_extract import extract, to_frame, Registry

    cases = extract("reports/")          # list[ExtractedCase], one per patient
    frame = to_frame(cases)              # pandas DataFrame, nullable dtypes
    Registry("registry.db").cases()      # the registry's cases as a DataFrame

Importing the package loads none of spaCy, pandas or SQLAlchemy; they load on first use.
"""

from __future__ import annotations

import functools
import sys
import types
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from gsvlms_extract import api
from gsvlms_extract.api import Registry, to_frame

try:
    __version__ = version("gsvlms-extract")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Registry", "__version__", "extract", "to_frame"]


class _Extract:
    """`gsvlms_extract.api.extract`, callable as ``gsvlms_extract.extract(...)``.

    The name is also the extraction stage's package (``gsvlms_extract/extract/``); attribute
    access falls through to it, so ``gsvlms_extract.extract.extract_paths`` and ``import
    gsvlms_extract.extract.view as view`` keep working."""

    def __init__(self) -> None:
        functools.update_wrapper(self, api.extract)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return api.extract(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(import_module(f"{__name__}.extract"), name)

    def __repr__(self) -> str:
        return "<function gsvlms_extract.extract (API; stage package: gsvlms_extract.extract.*)>"


extract = _Extract()


class _Package(types.ModuleType):
    """Keeps ``gsvlms_extract.extract`` the API function when the stage package of the same
    name is imported: Python would otherwise rebind the attribute to the subpackage.
    ``from gsvlms_extract.extract import ...`` is unaffected (it goes through ``sys.modules``)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
