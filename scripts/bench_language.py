"""Language identification figures: accuracy on short paragraphs, false alarms on English, speed.

    python scripts/bench_language.py

Data: the example sentences spaCy ships for each language of `LANGUAGES` that has them
(``spacy.lang.<code>.examples``: short sentences written by spaCy's contributors), the paragraphs
written for the tests (``tests/data/ingest/language/samples.yaml``), and every block of
``corpus/text`` (English reports; their truly foreign blocks are listed so a reader can check).
For each: how often `identify` (the raw model, restricted to `LANGUAGES`) and `block_language`
(the decision ingest uses: ``None`` when too short or unsure) give the right language, and
characters per second.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import yaml

from gsvlms_extract.ingest import load_document
from gsvlms_extract.ingest.language import LANGUAGES, block_language, identify

ROOT = Path(__file__).resolve().parents[1]


def _spacy_examples() -> list[tuple[str, str]]:
    out = []
    for code in LANGUAGES:
        try:
            module = importlib.import_module(f"spacy.lang.{code}.examples")
        except ImportError:
            continue
        out += [(code, s) for s in module.sentences]
    return out


def _samples() -> list[tuple[str, str]]:
    path = ROOT / "tests" / "data" / "ingest" / "language" / "samples.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(code, text) for code, texts in data.items() for text in texts]


def _score(name: str, data: list[tuple[str, str]]) -> None:
    start = time.perf_counter()
    raw = [identify(text)[0] for _, text in data]
    seconds = time.perf_counter() - start
    decided = [block_language(text) for _, text in data]
    chars = sum(len(text) for _, text in data)
    right = sum(code == got for (code, _), got in zip(data, raw, strict=True))
    answered = [(c, g) for (c, _), g in zip(data, decided, strict=True) if g is not None]
    wrong = sum(c != g for c, g in answered)
    english_errors = sum(
        (c == "en") != (g == "en") for (c, _), g in zip(data, decided, strict=True) if g
    )
    print(
        f"{name}: {len(data)} texts; model right {right}/{len(data)}; decision answered "
        f"{len(answered)}, wrong {wrong} (English/not confused {english_errors}); "
        f"{chars / seconds / 1e6:.2f} M chars/s"
    )


def main() -> int:
    identify("warm-up")  # model loading is not identification time
    _score("spaCy example sentences", _spacy_examples())
    _score("test paragraphs", _samples())
    blocks = foreign = 0
    for path in sorted((ROOT / "corpus" / "text").iterdir()):
        document = load_document(path)
        blocks += len(document.blocks)
        for block in document.blocks:
            if block.foreign:
                foreign += 1
                print(f"    {path.name}: {block.language} {document.block_text(block)[:70]!r}")
    print(f"corpus/text: {blocks} blocks, {foreign} flagged as another language (listed above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
