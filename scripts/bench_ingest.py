"""Ingest speed on the corpus PDFs: our reader vs plain pdfplumber and plain pypdfium2.

Prints pages/s for each in the same run and the speed ratios. The target is our ingest (reading
order, headers, hyphens, tables, page map) at least 5x faster than pdfplumber's plain
``extract_text``, which interleaves columns anyway.

Usage: ``python scripts/bench_ingest.py [PDF_DIR] [--repeat N]`` (default ``corpus/pdf``, 3).
Each reader gets one untimed warm-up pass (imports, pyspellchecker's word list), then the best
of N timed passes over all files.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from gsvlms_extract.ingest import load_document


def _ours(path: Path) -> int:
    return load_document(path).n_pages or 0


def _pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _pdfium(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _time(reader: Callable[[Path], int], files: list[Path], repeat: int) -> tuple[int, float]:
    pages = sum(reader(path) for path in files)  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for path in files:
            reader(path)
        best = min(best, time.perf_counter() - start)
    return pages, best


def run_bench(pdf_dir: str | Path = "corpus/pdf", repeat: int = 3) -> dict:
    """Time the three readers over every PDF in ``pdf_dir``; returns figures as a dict."""
    files = sorted(Path(pdf_dir).glob("*.pdf"))
    if not files:
        raise SystemExit(f"error: {pdf_dir}: no PDF files (run `make pdfs`)")
    result: dict = {"files": len(files), "repeat": repeat}
    for name, reader in (("ours", _ours), ("pdfplumber", _pdfplumber), ("pypdfium2", _pdfium)):
        pages, seconds = _time(reader, files, repeat)
        result["pages"] = pages
        result[name] = {"seconds": round(seconds, 4), "pages_per_s": round(pages / seconds, 1)}
    result["speedup_vs_pdfplumber"] = round(
        result["ours"]["pages_per_s"] / result["pdfplumber"]["pages_per_s"], 1
    )
    result["cost_vs_pypdfium2_text"] = round(
        result["pypdfium2"]["pages_per_s"] / result["ours"]["pages_per_s"], 1
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", default="corpus/pdf")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_figures(run_bench(args.pdf_dir, args.repeat))


def print_figures(r: dict) -> None:
    """Print the figures of one `run_bench` result for a reader."""
    print(f"{r['files']} PDFs, {r['pages']} pages, best of {r['repeat']} passes")
    for name, label in (
        ("ours", "gsvlms ingest (reading order, tables, page map)"),
        ("pdfplumber", "pdfplumber extract_text"),
        ("pypdfium2", "pypdfium2 get_text_range"),
    ):
        print(f"  {label:50s} {r[name]['pages_per_s']:8.1f} pages/s  ({r[name]['seconds']:.3f} s)")
    print(f"  ours vs pdfplumber: {r['speedup_vs_pdfplumber']}x faster")
    print(f"  ours vs plain pypdfium2 text: {r['cost_vs_pypdfium2_text']}x slower")


if __name__ == "__main__":
    main()
