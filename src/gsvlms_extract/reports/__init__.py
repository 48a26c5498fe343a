"""Reports of an evaluation: a JSON-ready dict (`build_report`), the terminal, one HTML page."""

from gsvlms_extract.reports.html import render_html, write_html
from gsvlms_extract.reports.json_report import SCHEMA_VERSION, build_report, write_json
from gsvlms_extract.reports.terminal import render_terminal

__all__ = [
    "SCHEMA_VERSION",
    "build_report",
    "render_html",
    "render_terminal",
    "write_html",
    "write_json",
]
