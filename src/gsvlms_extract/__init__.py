"""gsvlms-extract: great saphenous vein leiomyosarcoma case reports into an evidence-backed
registry."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gsvlms-extract")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
