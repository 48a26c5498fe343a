"""Benchmark of the NLP/extraction stage: start-up, words/s, reports/s, peak memory.

Run: ``python scripts/bench_nlp.py`` (prints a table; `run_bench()` returns the figures).
Measured on one core, in this process, on the seed review article and the corpus texts.

The headline figure is the pipeline's speed as a ratio to a floor measured in the same run:
blank spaCy (``spacy.blank("en")``, English tokenizer) + spaCy's ``sentencizer``, on the same
text, both warm, timed alternately (so machine load hits both alike), median of `REPEATS`.
Timed in CPU time of this process (see `_speed_vs_floor`). It is measured on the whole seed
article (``Document.text``) and on its narrative (tables and captions blanked: what the
extractor feeds the pipeline), with a per-component breakdown of where the time goes.
Also compares sentence splitters (ours, spaCy's sentencizer, medspaCy's PyRuSH) on the seed.
"""

from __future__ import annotations

import logging
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "seed" / "gsv_lms_review_2024.txt"
CORPUS_TEXTS = REPO / "corpus" / "text"


#: alternating floor/pipeline runs per text; the medians are reported
REPEATS = 15


def _words(text: str) -> int:
    return len(text.split())


def _best_of(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _sentencizers(seed_text: str) -> dict[str, float]:
    """Seconds to split the seed article into sentences, per splitter (tokenizing excluded)."""
    import spacy

    import gsvlms_extract.nlp.sentences  # noqa: F401
    from gsvlms_extract.nlp.tokenizer import adapt_tokenizer

    figures = {}
    for name, factory in [
        ("gsvlms_sentencizer", "gsvlms_sentencizer"),
        ("spacy_sentencizer", "sentencizer"),
        ("medspacy_pyrush", "medspacy_pyrush"),
    ]:
        nlp = spacy.blank("en")
        adapt_tokenizer(nlp)
        try:
            if factory == "medspacy_pyrush":
                import medspacy.sentence_splitting  # noqa: F401
                from loguru import logger as loguru_logger

                loguru_logger.disable("PyRuSH")
            pipe = nlp.add_pipe(factory)
        except Exception as exc:  # report, don't fail the bench
            figures[name] = float("nan")
            logging.getLogger(__name__).warning("%s unavailable: %s", name, exc)
            continue
        doc = nlp.make_doc(seed_text)
        figures[name + "_s"] = _best_of(lambda pipe=pipe, doc=doc: pipe(doc), repeats=5)
        figures[name + "_sentences"] = len(list(pipe(doc).sents))
    return figures


def _speed_vs_floor(nlp, text: str, prefix: str) -> dict[str, float]:
    """Words/s of ``nlp`` and of blank spaCy + sentencizer on ``text``, and their ratio.

    Both run warm in this process, alternately, `REPEATS` times; medians. Timed in CPU time
    of this process (``time.process_time``): on a shared machine wall-clock time also counts
    the time other processes hold the core, which swamps differences of milliseconds; the
    wall-clock ratio is reported beside it. A second pass runs the pipeline component by
    component (tokenizer first) for the per-component CPU-time medians.
    """
    import spacy

    floor = spacy.blank("en")
    floor.add_pipe("sentencizer")
    floor(text)
    nlp(text)
    cpu: dict[str, list[float]] = {"floor": [], "pipeline": []}
    wall: dict[str, list[float]] = {"floor": [], "pipeline": []}
    for _ in range(REPEATS):
        for name, run in (("floor", floor), ("pipeline", nlp)):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            run(text)
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start_wall)
    words = _words(text)
    floor_s, pipeline_s = statistics.median(cpu["floor"]), statistics.median(cpu["pipeline"])
    figures = {
        f"{prefix}_words": words,
        f"{prefix}_floor_words_per_s": words / floor_s,
        f"{prefix}_pipeline_words_per_s": words / pipeline_s,
        f"{prefix}_ratio_to_floor": floor_s / pipeline_s,
        f"{prefix}_ratio_to_floor_wall_clock": statistics.median(wall["floor"])
        / statistics.median(wall["pipeline"]),
    }
    parts: dict[str, list[float]] = {"tokenizer": []}
    for _ in range(REPEATS):
        start = time.process_time()
        doc = nlp.make_doc(text)
        parts["tokenizer"].append(time.process_time() - start)
        for name, component in nlp.pipeline:
            start = time.process_time()
            doc = component(doc)
            parts.setdefault(name, []).append(time.process_time() - start)
    for name, times in parts.items():
        figures[f"{prefix}_cpu_ms_{name}"] = statistics.median(times) * 1000
    return figures


def run_bench() -> dict:
    """Measure and return the figures (seconds, words/s, reports/s, MiB)."""
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.extract.view import narrative_text
    from gsvlms_extract.ingest import load_document
    from gsvlms_extract.nlp import build_pipeline

    start = time.perf_counter()
    nlp = build_pipeline()
    startup = time.perf_counter() - start

    seed = load_document(SEED)
    narrative = narrative_text(seed)  # what the extractor runs spaCy on (tables blanked)
    speed = _speed_vs_floor(nlp, seed.text, "seed_whole")
    speed.update(_speed_vs_floor(nlp, narrative, "seed_narrative"))
    nlp(narrative)  # warm-up
    seed_nlp = _best_of(lambda: nlp(narrative))
    seed_extract = _best_of(lambda: extract_document(seed, nlp))

    paths = sorted(p for p in CORPUS_TEXTS.glob("*") if p.suffix in (".txt", ".md"))
    documents = [load_document(p) for p in paths]
    words = sum(_words(d.text) for d in documents)
    start = time.perf_counter()
    for document in documents:
        nlp(narrative_text(document))
    corpus_nlp = time.perf_counter() - start
    start = time.perf_counter()
    patients = sum(len(extract_document(d, nlp)) for d in documents)
    corpus_extract = time.perf_counter() - start

    tracemalloc.start()  # memory in a separate pass: tracing slows everything down
    extract_document(seed, nlp)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    figures = {
        **speed,
        "pipeline_startup_s": startup,
        "seed_words": _words(seed.text),
        "seed_narrative_words": _words(narrative),
        "seed_nlp_s": seed_nlp,
        "seed_nlp_words_per_s": _words(narrative) / seed_nlp,
        "seed_extract_s": seed_extract,
        "corpus_reports": len(documents),
        "corpus_patients": patients,
        "corpus_words": words,
        "corpus_nlp_s": corpus_nlp,
        "corpus_nlp_words_per_s": words / corpus_nlp if corpus_nlp else float("nan"),
        "corpus_extract_s": corpus_extract,
        "corpus_reports_per_s": len(documents) / corpus_extract if corpus_extract else float("nan"),
        "corpus_extract_words_per_s": words / corpus_extract if corpus_extract else float("nan"),
        "seed_extract_peak_traced_mib": traced_peak / 2**20,
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    figures.update({f"split_{k}": v for k, v in _sentencizers(seed.text).items()})
    return figures


def main() -> None:
    print_figures(run_bench())


def speed_summary(figures: dict) -> list[str]:
    """The ratio-to-floor lines `print_figures` prints under the table."""
    lines = []
    for prefix, what in (
        ("seed_whole", "the whole seed article"),
        ("seed_narrative", "the seed article's narrative (tables blanked)"),
    ):
        if f"{prefix}_ratio_to_floor" not in figures:
            continue
        lines.append(
            f"NLP speed on {what} ({SEED.relative_to(REPO)}, {figures[f'{prefix}_words']:,} "
            f"words): pipeline {figures[f'{prefix}_pipeline_words_per_s']:,.0f} words/s, "
            f"blank spaCy + sentencizer {figures[f'{prefix}_floor_words_per_s']:,.0f} words/s, "
            f"ratio {figures[f'{prefix}_ratio_to_floor']:.2f} (CPU time, median of {REPEATS} "
            f"alternating warm runs in one process; wall clock "
            f"{figures[f'{prefix}_ratio_to_floor_wall_clock']:.2f})"
        )
    return lines


def print_figures(figures: dict) -> None:
    """Print the figures of one `run_bench` result as a table, then the speed ratios."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="NLP / extraction benchmark (one core)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, f"{value:,.3f}" if isinstance(value, float) else f"{value:,}")
    console = Console()
    console.print(table)
    for line in speed_summary(figures):
        console.print(line, soft_wrap=True, highlight=False)


if __name__ == "__main__":
    main()
