"""Print the blind-written development reports (`corpus_parts.BLIND_PARTS`) as PDFs the
way a user's browser prints a downloaded .txt file (headless Chromium, file:// URL, print to
PDF): ragged-right monospace lines, the browser's own page breaks. ``make pdfs-producers`` runs
it; outputs are committed to ``corpus/pdf_producers/chromium_text/`` so the tests never need
Chromium.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from gsvlms_extract.corpus_parts import BLIND_PARTS

ROOT = Path(__file__).resolve().parents[1]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def render(source: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out}",
                source.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sources",
        type=Path,
        nargs="+",
        default=[ROOT / f"corpus/{part}/text" for part in BLIND_PARTS],
    )
    parser.add_argument("--out", type=Path, default=ROOT / "corpus/pdf_producers/chromium_text")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for source in sorted(p for folder in args.sources for p in folder.glob("*.txt")):
        render(source, args.out / f"{source.stem}.pdf")
        print(f"{source.name} -> {args.out.name}/{source.stem}.pdf")


if __name__ == "__main__":
    main()
