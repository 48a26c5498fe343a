"""OCR repair figures: how much clean text it changes, how much damage it undoes, how fast.

    python scripts/bench_repair.py [DIR ...]

1. *Clean text*: every line of ``corpus/text`` (and of each DIR given: real case reports such as
   ``corpus/external/maccrobat2020-dev``, or OCR'd scans, where changes are repairs to read) is
   normalized without and with repair; tokens that differ are counted and listed. On clean
   text the target is 0.
2. *Synthetic OCR damage*: lines of ``corpus/text`` are damaged with a seeded generator, one
   kind at a time (letter-spacing, split words, run-together words, misread characters, dropped
   ligatures), and repaired; the script prints, per kind, the word errors against the clean line
   before and after repair (word-level edit distance) and how many undamaged lines changed.
3. *Speed*: lines and tokens repaired per second over ``corpus/text``.
"""

from __future__ import annotations

import difflib
import random
import sys
import time
from pathlib import Path

from gsvlms_extract.ingest.normalize import normalize_line, normalize_text
from gsvlms_extract.ingest.repair import lexicon, repair_line

ROOT = Path(__file__).resolve().parents[1]
SEED = 8
_CONFUSE = (("m", "rn"), ("d", "cl"), ("w", "vv"), ("h", "li"), ("l", "1"), ("o", "0"))


def _raw_lines(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
        out += [r for r in path.read_text(encoding="utf-8", errors="replace").splitlines() if r]
    return out


def _lines(folder: Path) -> list[str]:
    return [line for line in map(normalize_text, _raw_lines(folder)) if line]


def _errors(a: list[str], b: list[str]) -> int:
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def clean_changes(raw_lines: list[str]) -> tuple[int, int, list[tuple[str, str]]]:
    """Lines as ingest reads them (`normalize_line`, repair included) against the same lines
    normalized without repair (wide gaps inside a line still reach the repair)."""
    tokens, changed, examples = 0, 0, []
    for raw in raw_lines:
        line = normalize_text(raw)
        tokens += len(line.split())
        fixed = normalize_line(raw)
        if fixed != line:
            n = _errors(line.split(), fixed.split())
            changed += n
            examples.append((line, fixed))
    return tokens, changed, examples


def _damage(line: str, kind: str, rng: random.Random) -> str | None:
    words = line.split()
    alpha = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) >= 5]
    if not alpha:
        return None
    i = rng.choice(alpha)
    word = words[i]
    if kind == "letter_spaced":
        words[i] = " ".join(word)
    elif kind == "split":
        cut = rng.randrange(1, len(word) - 1)
        words[i] = word[:cut] + " " + word[cut:]
    elif kind == "run_together":
        if i + 1 >= len(words) or not words[i + 1].isalpha():
            return None
        words[i : i + 2] = [word + words[i + 1]]
    elif kind == "misread":
        choices = [(a, b) for a, b in _CONFUSE if a in word[1:-1]]
        if not choices:
            return None
        a, b = rng.choice(choices)
        at = word.index(a, 1)
        words[i] = word[:at] + b + word[at + len(a) :]
    elif kind == "ligature":
        at = next((word.find(lig) for lig in ("fi", "fl") if lig in word[1:-1]), -1)
        if at <= 0:
            return None
        words[i] = word[:at] + rng.choice([" ", ""]) + word[at + 2 :]
    return " ".join(words)


def damage_figures(lines: list[str]) -> dict[str, dict[str, int]]:
    rng = random.Random(SEED)
    figures = {}
    for kind in ("letter_spaced", "split", "run_together", "misread", "ligature"):
        before = after = n = fixed = 0
        for line in lines:
            damaged = _damage(line, kind, rng)
            if damaged is None:
                continue
            repaired = repair_line(damaged)
            n += 1
            before += _errors(line.split(), damaged.split())
            after += _errors(line.split(), repaired.split())
            fixed += repaired == line
        figures[kind] = {"lines": n, "errors_before": before, "errors_after": after, "fixed": fixed}
    return figures


def main(argv: list[str]) -> int:
    lexicon()  # loading time is not repair time
    folders = [ROOT / "corpus" / "text"] + [Path(a) for a in argv]
    print("## clean text: tokens changed by repair (target 0)")
    for folder in folders:
        lines = _raw_lines(folder)
        start = time.perf_counter()
        tokens, changed, examples = clean_changes(lines)
        seconds = time.perf_counter() - start
        print(f"{folder}: {len(lines)} lines, {tokens} tokens, {changed} changed")
        for line, fixed in examples[:10]:
            print(f"    {line[:80]!r}\n -> {fixed[:80]!r}")
        print(f"    speed (normalize + repair): {tokens / seconds:,.0f} tokens/s")
    lines = _lines(ROOT / "corpus" / "text")
    print("\n## synthetic OCR damage on corpus/text lines (one damaged word per line)")
    print(f"{'kind':<14}{'lines':>7}{'errors before':>15}{'after':>7}{'lines fixed':>13}")
    for kind, f in damage_figures(lines).items():
        share = f["fixed"] / f["lines"] if f["lines"] else 0.0
        print(
            f"{kind:<14}{f['lines']:>7}{f['errors_before']:>15}{f['errors_after']:>7}"
            f"{f['fixed']:>8} ({share:.0%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
