"""Ingest speed and faithfulness on PDFs: our reader vs plain pdfplumber and plain pypdfium2.

Speed: pages/s for each reader in the same run and the speed ratios, on the corpus PDFs
(reportlab) and on the PDFs of every producer in ``corpus/pdf_producers/`` (Chromium,
LibreOffice, pdfTeX, reportlab). The target is our ingest (reading order, headers, hyphens,
tables, page map) faster than pdfplumber's plain ``extract_text``, which interleaves columns
anyway.

Faithfulness, per producer (``scripts/producer_agreement.py``): word agreement of the PDF's
text with its source text (target >= 0.995), run-together words (target 0), and field parity of
the extracted cases, text vs PDF (target 1.0). Then the real-world PDFs of
``tests/data/ingest/real_world/``: words of their known text found, and words that look like
two dictionary words run together.

Usage: ``python scripts/bench_ingest.py [PDF_DIR] [--repeat N]`` (default ``corpus/pdf``, 3).
Each reader gets one untimed warm-up pass (imports, pyspellchecker's word list), then the best
of N timed passes over all files.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
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


def _speed(files: list[Path], repeat: int) -> dict:
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


def _agreement_module():
    path = Path(__file__).resolve().parent / "producer_agreement.py"
    spec = importlib.util.spec_from_file_location("producer_agreement", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def faithfulness() -> dict:
    """Word agreement, run-together words and field parity per producer (one pipeline)."""
    from gsvlms_extract.extract import extract_path
    from gsvlms_extract.nlp import build_pipeline

    pa = _agreement_module()
    nlp = build_pipeline()
    text_cases: dict[Path, list[dict]] = {}
    out: dict = {}
    for producer in pa.producers():
        words, fields = pa.WordScore(), pa.FieldScore()
        pairs = pa.producer_files(producer)
        for source, pdf in pairs:
            words.add(pa.word_score(load_document(source).text, load_document(pdf).text))
            if source not in text_cases:
                text_cases[source] = pa.case_fields(extract_path(source, nlp))
            score = pa.field_score(
                pdf.stem, text_cases[source], pa.case_fields(extract_path(pdf, nlp))
            )
            fields.fields += score.fields
            fields.equal += score.equal
            fields.misses += score.misses
        out[producer] = {
            "documents": len(pairs),
            "source_words": words.source_words,
            "word_agreement": round(words.agreement, 5),
            "run_together": len(words.run_together),
            "run_together_examples": words.run_together[:5],
            "fields": fields.fields,
            "field_parity": round(fields.parity, 5),
            "field_misses": fields.misses[:5],
        }
    return out


def run_bench(pdf_dir: str | Path = "corpus/pdf", repeat: int = 3) -> dict:
    """Speed of the three readers on ``pdf_dir`` and on the producer PDFs, and faithfulness
    per producer; returns figures as a dict."""
    files = sorted(Path(pdf_dir).glob("*.pdf"))
    if not files:
        raise SystemExit(f"error: {pdf_dir}: no PDF files (run `make pdfs`)")
    result = _speed(files, repeat)
    producer_dir = Path(__file__).resolve().parents[1] / "corpus" / "pdf_producers"
    producer_files = sorted(producer_dir.glob("*/*.pdf"))
    if producer_files:
        result["producers_speed"] = _speed(producer_files, 1)  # pdfplumber: ~5 pages/s
        result["producers"] = faithfulness()
        result["real_world"] = _agreement_module().real_world_scores()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", default="corpus/pdf")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_figures(run_bench(args.pdf_dir, args.repeat))


def print_figures(r: dict) -> None:
    """Print the figures of one `run_bench` result for a reader."""
    print("corpus PDFs (reportlab):")
    _print_speed(r)
    if "producers_speed" in r:
        print("producer PDFs (Chromium, LibreOffice, pdfTeX, reportlab):")
        _print_speed(r["producers_speed"])
    if "producers" in r:
        print("faithfulness per producer (targets: words >= 0.995, 0 run-together, fields 1.0):")
        for name, f in r["producers"].items():
            print(
                f"  {name:12s} {f['documents']:3d} docs  word agreement {f['word_agreement']:.4f}"
                f" of {f['source_words']} words  run-together {f['run_together']}"
                f"  field parity {f['field_parity']:.4f} of {f['fields']} fields"
            )
            for miss in f["field_misses"]:
                print(f"      {miss}")
    if "real_world" in r:
        print("real-world PDFs (pypdf 7.1.1 sdist, tests/data/ingest/real_world/):")
        for d in r["real_world"]:
            known = ""
            if "known_words" in d:
                known = (
                    f"  known text: {d['known_words_found']}/{d['known_words']} words found,"
                    f" run-together {len(d['run_together'])}"
                )
            suspects = d["dictionary_suspects"]
            print(
                f"  {d['file'][:34]:34s} {d['producer'][:36]:36s} {d['pages']}p {d['words']} words"
                f"{known}  dictionary suspects {len(suspects)} {suspects[:6]}"
            )


def _print_speed(r: dict) -> None:
    print(f"  {r['files']} PDFs, {r['pages']} pages, best of {r['repeat']} passes")
    for name, label in (
        ("ours", "gsvlms ingest (reading order, tables, page map)"),
        ("pdfplumber", "pdfplumber extract_text"),
        ("pypdfium2", "pypdfium2 get_text_range"),
    ):
        print(
            f"    {label:50s} {r[name]['pages_per_s']:8.1f} pages/s  ({r[name]['seconds']:.3f} s)"
        )
    print(f"    ours vs pdfplumber: {r['speedup_vs_pdfplumber']}x faster")
    print(f"    ours vs plain pypdfium2 text: {r['cost_vs_pypdfium2_text']}x slower")


if __name__ == "__main__":
    main()
