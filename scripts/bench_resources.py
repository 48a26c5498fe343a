"""Resource bounds on hostile and large inputs (part of `make bench`).

Each scenario runs in a fresh Python process so its peak memory is its own:

* ``big_file``: ``gsvlms run`` on an inbox holding a 2 GB file (sparse) and one real report;
* ``bomb``: the same with a 1.5 MB PDF whose content stream inflates to 1.5 GB, generated here;
* ``bomb_backstop``: the bomb with the inflation check switched off
  (``GSVLMS_MAX_INFLATED_MB`` huge), a 1 GB worker memory cap and a 30 s budget: what the cap
  and the time budget alone hold;
* ``extract_big``: ``gsvlms extract`` (one process, no workers) on the 2 GB file;
* ``pdf_1000``: a 1,000-page PDF (generated with reportlab, case-report prose) read and
  extracted in one process: pages/s, characters, chunks, peak memory.

Peak RSS: the workers' ``ru_maxrss`` (``RUSAGE_CHILDREN`` once the pool's processes have
exited) and the parent's own. The stated bound for a worker on a hostile input is
`BOUND_MB`; the figures say whether each stays under it.

Usage: python scripts/bench_resources.py [--scenario NAME --dir DIR]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: Stated bound on a worker's peak RSS on a hostile input (MB).
BOUND_MB = 500
BIG_BYTES = 2 * 1024**3
BOMB_INFLATED = 1536 * 1024**2
PAGES = 1000
REPORT = REPO / "corpus" / "text" / "stringer1977.txt"


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _make_big(path: Path) -> Path:
    with path.open("wb") as handle:  # sparse: 2 GB of zeros that take no disk space
        handle.truncate(BIG_BYTES)
    return path


def _make_bomb(path: Path, inflated: int = BOMB_INFLATED) -> Path:
    """A one-page PDF whose content stream is ``inflated`` zero bytes, deflated. Built from one
    independently flushed 64 MB block repeated, with the right Adler-32, in about a second."""
    block = bytes(64 * 1024**2)
    n = inflated // len(block)
    first = zlib.compressobj(9)
    head = first.compress(block) + first.flush(zlib.Z_FULL_FLUSH)
    repeat = first.compress(block) + first.flush(zlib.Z_FULL_FLUSH)
    tail = first.flush()[:-4]  # the final (empty) block; its checksum covers 2 blocks only
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(block, adler)
    body = head + repeat * (n - 1) + tail + adler.to_bytes(4, "big")
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(body)} /Filter /FlateDecode >>\nstream\n".encode()
        + body
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return path


def _make_long_pdf(path: Path, pages: int = PAGES) -> Path:
    """``pages`` pages of case-report prose (the report's paragraphs, over and over, about
    3,000 characters a page as in a journal page: 3 million characters, past spaCy's
    ``max_length``, so the chunked annotation is part of the figure)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    paragraphs = [p for p in REPORT.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    style = getSampleStyleSheet()["BodyText"]
    story: list[Any] = []
    per_page, taken = 3000, 0
    for _page in range(pages):
        size = 0
        while size < per_page:
            text = paragraphs[taken % len(paragraphs)]
            story.append(Paragraph(text, style))
            size += len(text)
            taken += 1
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _reap_workers() -> None:
    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)


def _batch(inbox: Path, work: Path, **options: Any) -> dict[str, Any]:
    from gsvlms_extract.batch import run_batch

    started = time.perf_counter()
    summary = run_batch(
        inbox, f"sqlite:///{work / 'registry.db'}", workers=1, progress=False, **options
    )
    _reap_workers()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "written": summary.n_new,
        "failed": {Path(p).name: r.split(": ", 1)[-1][:120] for p, r in summary.failures.items()},
        "worker_peak_rss_mb": round(_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "parent_peak_rss_mb": round(_rss_mb(resource.RUSAGE_SELF), 1),
    }


def scenario(name: str, work: Path) -> dict[str, Any]:
    """Run one scenario in this process (called in a fresh process by `run_bench`)."""
    inbox = work / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / REPORT.name).write_bytes(REPORT.read_bytes())
    if name == "big_file":
        _make_big(inbox / "huge.txt")
        return _batch(inbox, work)
    if name in ("bomb", "bomb_backstop"):
        _make_bomb(inbox / "bomb.pdf")
        if name == "bomb_backstop":
            os.environ["GSVLMS_MAX_INFLATED_MB"] = "1000000"  # the inflation check is off
            return {"memory_cap_mb": 1024, **_batch(inbox, work, memory_mb=1024, timeout=30)}
        return _batch(inbox, work)
    if name == "extract_big":
        big = _make_big(work / "huge.txt")
        started = time.perf_counter()
        child = subprocess.run(
            [str(Path(sys.executable).with_name("gsvlms")), "extract", str(big)],
            capture_output=True,
            text=True,
        )
        return {
            "seconds": round(time.perf_counter() - started, 2),
            "exit": child.returncode,
            "stderr": child.stderr.strip()[:160],
            "peak_rss_mb": round(_rss_mb(resource.RUSAGE_CHILDREN), 1),
        }
    if name == "pdf_1000":
        from gsvlms_extract.extract import extract_document
        from gsvlms_extract.extract.view import CHUNK_CHARS
        from gsvlms_extract.ingest import load_document
        from gsvlms_extract.nlp import build_pipeline

        started = time.perf_counter()
        pdf = _make_long_pdf(work / "long.pdf")
        made = time.perf_counter() - started
        nlp = build_pipeline()
        started = time.perf_counter()
        document = load_document(pdf)
        read = time.perf_counter() - started
        started = time.perf_counter()
        cases = extract_document(document, nlp)
        extracted = time.perf_counter() - started
        return {
            "pages": document.n_pages,
            "pdf_mb": round(pdf.stat().st_size / 1024**2, 1),
            "characters": len(document.text),
            "chunks": -(-len(document.text) // CHUNK_CHARS)
            if len(document.text) > nlp.max_length
            else 1,
            "patients": len(cases),
            "generate_seconds": round(made, 1),
            "ingest_seconds": round(read, 2),
            "extract_seconds": round(extracted, 2),
            "ingest_pages_per_s": round(document.n_pages / read, 1),
            "pages_per_s": round(document.n_pages / (read + extracted), 1),
            "peak_rss_mb": round(_rss_mb(resource.RUSAGE_SELF), 1),
        }
    raise SystemExit(f"unknown scenario {name!r}")


SCENARIOS = ("big_file", "bomb", "bomb_backstop", "extract_big", "pdf_1000")


def run_bench() -> dict[str, Any]:
    """Every scenario, each in its own process and temporary folder."""
    results: dict[str, Any] = {"bound_mb": BOUND_MB}
    for name in SCENARIOS:
        with tempfile.TemporaryDirectory(prefix=f"gsvlms-{name}-") as work:
            child = subprocess.run(
                [sys.executable, __file__, "--scenario", name, "--dir", work],
                capture_output=True,
                text=True,
                timeout=3600,
            )
            if child.returncode != 0:
                results[name] = {"error": child.stderr.strip().splitlines()[-1:]}
                continue
            results[name] = json.loads(child.stdout.strip().splitlines()[-1])
    return results


def _verdict(peak: float) -> str:
    return f"{'under' if peak < BOUND_MB else 'OVER'} the {BOUND_MB} MB bound"


def print_figures(results: dict[str, Any]) -> None:
    for name in ("big_file", "bomb", "bomb_backstop"):
        r = results.get(name, {})
        if "error" in r:
            print(f"{name}: failed to run ({r['error']})")
            continue
        peak = r["worker_peak_rss_mb"]
        print(
            f"{name}: worker peak RSS {peak:.0f} MB ({_verdict(peak)}), parent "
            f"{r['parent_peak_rss_mb']:.0f} MB; {r['written']} written, failed: {r['failed']}; "
            f"{r['seconds']:.1f} s"
        )
    r = results.get("extract_big", {})
    if "peak_rss_mb" in r:
        print(
            f"extract_big: gsvlms extract on the 2 GB file peaks at {r['peak_rss_mb']:.0f} MB "
            f"({_verdict(r['peak_rss_mb'])}), exit {r['exit']}: {r['stderr']}"
        )
    r = results.get("pdf_1000", {})
    if "pages" in r:
        print(
            f"pdf_1000: {r['pages']} pages ({r['pdf_mb']} MB, {r['characters']:,} characters, "
            f"{r['chunks']} chunks): ingest {r['ingest_pages_per_s']} pages/s, ingest+extract "
            f"{r['pages_per_s']} pages/s ({r['ingest_seconds']} + {r['extract_seconds']} s), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB, {r['patients']} patient row(s)"
        )
    elif r:
        print(f"pdf_1000: failed to run ({r.get('error')})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=SCENARIOS)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.scenario, args.dir)))
        return
    results = run_bench()
    print_figures(results)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
