"""Screening a PMC-like bulk dump: prefilter throughput per core, recall on planted reports,
and the scaling from 1 to 2 workers.

The dump is generated (and kept for the next run): 10,000 JATS files of about 250 KB each, in
the PMC tag set (front matter with ids, contributors, dates and licence; sections, tables,
inline citations and a reference list of 60 entries). 1% are GSV-LMS reports: a corpus report's
text (every GSV-LMS report of corpus/text in turn) set in as the case presentation. The rest
mix unrelated articles with articles that name only one of the prefilter's terms (uterine
leiomyosarcoma, saphenous vein grafts) and near misses that name both (a caval leiomyosarcoma
treated with a saphenous vein patch) for the full pipeline to reject.

Figures: documents/s and MB/s of the prefilter with 1 worker (in process) and 2 workers
(process pool), docs/s per core, speed-up, recall on the planted reports, candidates kept.
The files are read once before timing (warm page cache: the figure is the prefilter's, not
the disk's). ``--full`` also runs the full pipeline on the planted candidates.

Usage: python scripts/bench_screen.py [--documents 10000] [--kb 250] [--dump DIR] [--full]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from gsvlms_extract.discover.screen import find_screenable, run_prefilter, screen_paths
from gsvlms_extract.ingest import load_document

REPO = Path(__file__).resolve().parents[1]
VERSION = 2  # bump when the generator changes: a kept dump is rebuilt

_VOCABULARY = (  # noqa: SIM905
    "patients cohort analysis results treatment observed significant clinical study group "
    "increased expression protein cells response therapy tumour samples data model measured "
    "compared controls associated outcome imaging cardiac renal hepatic pulmonary infection "
    "inflammatory receptor mutation genome sequencing trial randomised baseline dose weeks "
    "months median interquartile range regression hazard ratio confidence interval previously "
    "described methods protocol approved committee consent mice serum plasma antibody staining "
    "microscopy fluorescence signalling pathway inhibitor transcription kinase neuronal cortex "
    "vascular endothelial arterial stenosis stent bypass graft femoral popliteal carotid aortic "
    "diabetes obesity insulin glucose cholesterol hypertension smoking mortality survival"
).split()
_NEAR = {
    "uterine": "Uterine leiomyosarcoma remains the most common uterine sarcoma, and adjuvant "
    "chemotherapy did not improve overall survival in this randomised cohort.",
    "graft": "The great saphenous vein was harvested endoscopically as a conduit for coronary "
    "bypass grafting, and graft patency was assessed at twelve months.",
    "caval": "A leiomyosarcoma of the inferior vena cava was resected and the cava reconstructed "
    "with a spiral saphenous vein patch; the patient was alive without recurrence.",
}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_VOCABULARY) for _ in range(rng.randint(10, 26))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(4, 9)))
    ref = rng.randint(1, 60)
    return f'<p>{text} <xref ref-type="bibr" rid="B{ref}">{ref}</xref></p>'


def _table(rng: random.Random, n: int) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{rng.random() * 100:.1f}</td>" for _ in range(6)) + "</tr>"
        for _ in range(rng.randint(8, 30))
    )
    return (
        f'<table-wrap id="T{n}"><label>Table {n}</label><caption><p>{_sentence(rng)}</p>'
        f"</caption><table><thead><tr>"
        + "".join(f"<th>{rng.choice(_VOCABULARY)}</th>" for _ in range(6))
        + f"</tr></thead><tbody>{rows}</tbody></table></table-wrap>"
    )


def _references(rng: random.Random) -> str:
    refs = []
    for i in range(1, 61):
        authors = ", ".join(
            f"{rng.choice(_VOCABULARY).capitalize()} {rng.choice('ABCDEFGHJKLM')}" for _ in range(3)
        )
        refs.append(
            f'<ref id="B{i}"><label>{i}</label><mixed-citation publication-type="journal">'
            f"{authors}. {_sentence(rng)} <source>J {rng.choice(_VOCABULARY).capitalize()}"
            f"</source>. <year>{rng.randint(1970, 2024)}</year>;<volume>{rng.randint(1, 90)}"
            f"</volume>:<fpage>{rng.randint(1, 900)}</fpage>.</mixed-citation></ref>"
        )
    return "".join(refs)


class _Pool:
    """Paragraphs, tables and reference lists made once and drawn from per file: a file is
    assembled from ~150 draws instead of ~35,000 random words."""

    def __init__(self, rng: random.Random) -> None:
        self.paragraphs = [_paragraph(rng) for _ in range(3000)]
        self.tables = [_table(rng, 1) for _ in range(200)]
        self.references = [_references(rng) for _ in range(50)]


def _article(
    rng: random.Random, pool: _Pool, index: int, kb: int, case: str | None, near: str | None
) -> str:
    title = (
        "Leiomyosarcoma of the great saphenous vein: a case report"
        if case
        else (_sentence(rng).rstrip(".")[:120])
    )
    body: list[str] = ['<sec id="s1"><title>Introduction</title>']
    body += rng.sample(pool.paragraphs, 3)
    body.append("</sec>")
    if case:
        body.append('<sec id="s2"><title>Case presentation</title>')
        body += [f"<p>{escape(p)}</p>" for p in case.split("\n\n") if p.strip()]
        body.append("</sec>")
    body.append('<sec id="s3"><title>Results</title>')
    if near:
        body.append(f"<p>{_NEAR[near]}</p>")
    size, tables = sum(len(part) for part in body), 0
    while size < kb * 1024 * 0.8:
        part = (
            rng.choice(pool.tables).replace(
                'id="T1"><label>Table 1<', f'id="T{tables + 1}"><label>Table {tables + 1}<'
            )
            if rng.random() < 0.08
            else rng.choice(pool.paragraphs)
        )
        tables += part.startswith("<table-wrap")
        body.append(part)
        size += len(part)
    body.append("</sec>")
    pmcid = 9_000_000 + index
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange '
        'DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">\n'
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">'
        "<front><journal-meta><journal-title-group><journal-title>"
        f"Journal of {rng.choice(_VOCABULARY).capitalize()} Research</journal-title>"
        "</journal-title-group></journal-meta><article-meta>"
        f'<article-id pub-id-type="pmid">{30_000_000 + index}</article-id>'
        f'<article-id pub-id-type="pmc">{pmcid}</article-id>'
        f'<article-id pub-id-type="doi">10.5555/bench.{index}</article-id>'
        f"<title-group><article-title>{escape(title)}</article-title></title-group>"
        '<contrib-group><contrib contrib-type="author"><name><surname>'
        f"{rng.choice(_VOCABULARY).capitalize()}</surname><given-names>A</given-names></name>"
        "</contrib></contrib-group>"
        f'<pub-date pub-type="epub"><year>{rng.randint(2000, 2024)}</year></pub-date>'
        '<permissions><license xlink:href="https://creativecommons.org/licenses/by/4.0/">'
        "<license-p>CC BY</license-p></license></permissions>"
        f"<abstract><p>{_sentence(rng)} {_sentence(rng)}</p></abstract>"
        f"</article-meta></front><body>{''.join(body)}</body>"
        f"<back><ref-list><title>References</title>{rng.choice(pool.references)}</ref-list></back>"
        "</article>\n"
    )


def _gsv_lms_reports() -> list[str]:
    """Case texts of the corpus's GSV-LMS reports (near misses by name left out)."""
    near_misses = {"hartmann2019", "okonkwo2019", "lindqvist2016", "okafor2020"}
    texts = []
    for path in sorted((REPO / "corpus" / "text").glob("*.txt")):
        if path.stem not in near_misses:
            texts.append(load_document(path).text)
    return texts


def build_dump(target: Path, n_documents: int, kb: int, seed: int = 20) -> dict[str, Any]:
    """Write the dump (or reuse one of the same recipe); returns its manifest."""
    manifest_path = target / "manifest.json"
    recipe = {"version": VERSION, "documents": n_documents, "kb": kb, "seed": seed}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("recipe") == recipe:
            return manifest
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reports = _gsv_lms_reports()
    pool = _Pool(rng)
    planted, near = [], []
    n_planted = max(1, n_documents // 100)
    planted_at = set(rng.sample(range(n_documents), n_planted))
    for index in range(n_documents):
        case = near_kind = None
        if index in planted_at:
            case = reports[len(planted) % len(reports)]
        else:
            draw = rng.random()
            near_kind = (
                "caval"
                if draw < 0.01
                else "uterine"
                if draw < 0.06
                else ("graft" if draw < 0.11 else None)
            )
        name = f"PMC{9_000_000 + index}.nxml"
        (target / name).write_text(
            _article(rng, pool, index, kb, case, near_kind), encoding="utf-8"
        )
        if case:
            planted.append(name)
        elif near_kind == "caval":
            near.append(name)
    manifest = {"recipe": recipe, "planted": planted, "near_misses": near}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def run_bench(
    documents: int = 10_000, kb: int = 250, dump: Path | None = None, full: bool = False
) -> dict[str, Any]:
    dump = dump or Path(tempfile.gettempdir()) / "gsvlms-bench-screen"
    started = time.perf_counter()
    manifest = build_dump(dump, documents, kb)
    built = time.perf_counter() - started
    files = find_screenable([dump])
    total_bytes = sum(os.path.getsize(f) for f in files)
    for path in files:  # warm the page cache: time the prefilter, not the disk
        with open(path, "rb") as handle:
            handle.read()
    figures: dict[str, Any] = {
        "documents": len(files),
        "mean_kb": round(total_bytes / len(files) / 1024, 1),
        "planted": len(manifest["planted"]),
        "dump_seconds": round(built, 1),
    }
    kept: set[str] = set()
    for workers in (1, 2):
        started = time.perf_counter()
        results = run_prefilter(files, workers=workers)
        seconds = time.perf_counter() - started
        kept = {Path(path).name for path, terms in results if terms}
        figures[f"workers_{workers}"] = {
            "seconds": round(seconds, 2),
            "docs_per_s": round(len(files) / seconds, 1),
            "docs_per_s_per_core": round(len(files) / seconds / workers, 1),
            "mb_per_s": round(total_bytes / seconds / 1e6, 1),
        }
    figures["speedup_2_workers"] = round(
        figures["workers_2"]["docs_per_s"] / figures["workers_1"]["docs_per_s"], 2
    )
    planted = set(manifest["planted"])
    figures["recall_planted"] = f"{len(planted & kept)}/{len(planted)}"
    figures["candidates"] = len(kept)
    figures["near_misses_kept"] = len(set(manifest["near_misses"]) & kept)
    if full:
        started = time.perf_counter()
        sample = [str(dump / name) for name in sorted(planted)] + [
            str(dump / name) for name in manifest["near_misses"]
        ]
        result = screen_paths(sample, workers=2)
        confirmed = {Path(c.path).name for c in result.confirmed}
        figures["full_pipeline"] = {
            "candidates": len(sample),
            "seconds": round(time.perf_counter() - started, 1),
            "planted_confirmed": f"{len(confirmed & planted)}/{len(planted)}",
            "near_misses_confirmed": len(confirmed - planted),
        }
    return figures


def print_figures(figures: dict[str, Any]) -> None:
    print(
        f"dump: {figures['documents']} JATS files, {figures['mean_kb']} KB mean, "
        f"{figures['planted']} planted GSV-LMS reports (built or reused in "
        f"{figures['dump_seconds']} s)"
    )
    for workers in (1, 2):
        row = figures[f"workers_{workers}"]
        print(
            f"prefilter, {workers} worker(s): {row['docs_per_s']:.0f} docs/s "
            f"({row['docs_per_s_per_core']:.0f} per core, {row['mb_per_s']:.0f} MB/s, "
            f"{row['seconds']} s)"
        )
    print(f"speed-up with 2 workers: {figures['speedup_2_workers']}x")
    print(
        f"recall on planted reports: {figures['recall_planted']}; candidates kept: "
        f"{figures['candidates']} (near misses among them: {figures['near_misses_kept']})"
    )
    if "full_pipeline" in figures:
        row = figures["full_pipeline"]
        print(
            f"full pipeline on {row['candidates']} candidates: {row['seconds']} s, planted "
            f"confirmed {row['planted_confirmed']}, near misses confirmed "
            f"{row['near_misses_confirmed']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--kb", type=int, default=250)
    parser.add_argument("--dump", type=Path, default=None)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    print_figures(run_bench(args.documents, args.kb, args.dump, args.full))


if __name__ == "__main__":
    main()
