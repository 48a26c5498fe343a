"""`make rules-report`: how many documents and sentences each rule fires in, over the corpus.

Run: ``python scripts/rules_report.py [FOLDER ...] [--csv FILE] [--plain] [--with-test]``.

Reads every .txt/.md/.pdf under the folders (default: the development texts that exist:
``corpus/text``, ``corpus/seed``, ``corpus/dev_real/text``, ``corpus/external``), runs the
pipeline on each document's narrative (as the extractor does) and prints, per rule id of
``patterns/*.jsonl``, the distinct documents and sentences it fires in (what counts as firing:
`gsvlms_extract.nlp.rule_usage`), then the rules that never fire and the rules that fire in
exactly one sentence, with that sentence: a rule that fits one sentence was probably written
for it; generalise it or delete it.

The frozen test part (``corpus/test``) is left out unless ``--with-test`` is given: its
README forbids deciding what a rule should match from the extractor's output on it, which is
what this report is for.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from gsvlms_extract.corpus_parts import BLIND_PARTS, TEST_PART

REPO = Path(__file__).resolve().parents[1]
DEV_FOLDERS = (
    "corpus/text",
    "corpus/seed",
    *(f"corpus/{part}/text" for part in BLIND_PARTS),
    "corpus/external",
)
TEST_FOLDER = f"corpus/{TEST_PART}"
SUFFIXES = (".txt", ".md", ".pdf")


def default_folders(with_test: bool = False) -> list[Path]:
    """The development folders that exist (and the test part when asked)."""
    names = [*DEV_FOLDERS, *((TEST_FOLDER,) if with_test else ())]
    return [REPO / name for name in names if (REPO / name).is_dir()]


def documents_in(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.upper().startswith("README")
    )


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def collect(folders: list[Path], nlp, patterns_dir: Path | None = None):
    """Run the pipeline over every document of ``folders``; return the `RuleUsage`."""
    from gsvlms_extract.errors import GsvlmsError
    from gsvlms_extract.extract.view import narrative_text
    from gsvlms_extract.ingest import load_document
    from gsvlms_extract.nlp.rule_usage import RuleUsage, all_rule_ids, firings

    usage = RuleUsage(all_rule_ids(patterns_dir))
    examples: dict[str, tuple[str, str]] = {}  # rule id -> (document, sentence) first seen
    for folder in folders:
        group = _label(folder)
        for path in documents_in(folder):
            try:
                document = load_document(path)
            except GsvlmsError as exc:
                print(f"skipped: {exc}", file=sys.stderr)
                continue
            doc = nlp(narrative_text(document))
            fired = list(firings(doc, nlp))
            usage.add(_label(path), group, iter(fired))
            for rule_id, start in fired:
                if rule_id not in examples:
                    sentence = doc[start].sent.text.strip().replace("\n", " ")
                    examples[rule_id] = (_label(path), sentence)
    return usage, examples


def write_csv(usage, path: Path) -> None:
    groups = list(usage.groups)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rule_id", "rule_file", "documents", "sentences", *groups])
        for row in usage.rows():
            per_group = [len(row.documents_by_group.get(g, ())) for g in groups]
            writer.writerow(
                [row.rule_id, row.rule_file, len(row.documents), len(row.sentences), *per_group]
            )


def report_lines(usage, examples) -> list[str]:
    """Plain-text report (the same content as the rich one)."""
    groups = list(usage.groups)
    lines = ["documents read: " + ", ".join(f"{g} {n}" for g, n in usage.groups.items())]
    lines.append("rule_id\tfile\tdocuments\tsentences\t" + "\t".join(groups))
    for row in usage.rows():
        per_group = "\t".join(str(len(row.documents_by_group.get(g, ()))) for g in groups)
        lines.append(
            f"{row.rule_id}\t{row.rule_file}\t{len(row.documents)}\t{len(row.sentences)}\t"
            f"{per_group}"
        )
    never = usage.never_fired()
    lines.append(f"\nnever fire ({len(never)}):")
    lines += [f"  {row.rule_id} ({row.rule_file})" for row in never]
    single = usage.single_sentence()
    lines.append(f"\nfire in exactly one sentence ({len(single)}):")
    for row in single:
        document, sentence = examples.get(row.rule_id, ("?", ""))
        lines.append(f"  {row.rule_id} ({row.rule_file}) {document}: {sentence[:160]}")
    return lines


def print_rich(usage, examples) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    groups = list(usage.groups)
    table = Table(title="Rule firings (distinct documents / sentences)")
    table.add_column("rule id", overflow="fold")
    table.add_column("file")
    for column in ("docs", "sentences", *groups):
        table.add_column(column, justify="right", overflow="fold")
    for row in usage.rows():
        per_group = [str(len(row.documents_by_group.get(g, ()))) for g in groups]
        table.add_row(
            row.rule_id,
            row.rule_file.removesuffix(".jsonl"),
            str(len(row.documents)),
            str(len(row.sentences)),
            *per_group,
        )
    console.print(table)
    console.print("documents read: " + ", ".join(f"{g} {n}" for g, n in usage.groups.items()))
    never = usage.never_fired()
    console.print(f"\n[bold]Never fire ({len(never)})[/bold]")
    for row in never:
        console.print(f"  {row.rule_id} ({row.rule_file})", highlight=False)
    single = usage.single_sentence()
    console.print(f"\n[bold]Fire in exactly one sentence ({len(single)})[/bold]")
    for row in single:
        document, sentence = examples.get(row.rule_id, ("?", ""))
        console.print(
            f"  {row.rule_id} ({row.rule_file}) {document}: {sentence[:160]}",
            highlight=False,
            markup=False,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders or files to read")
    parser.add_argument("--csv", type=Path, help="also write one row per rule to this CSV file")
    parser.add_argument("--plain", action="store_true", help="plain text instead of a table")
    parser.add_argument("--with-test", action="store_true", help="add corpus/test to defaults")
    parser.add_argument("--patterns", type=Path, help="rule files to use instead of patterns/")
    args = parser.parse_args(argv)
    folders = args.folders or default_folders(args.with_test)
    missing = [str(f) for f in folders if not f.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    from gsvlms_extract.nlp import build_pipeline

    nlp = build_pipeline(args.patterns)
    usage, examples = collect(folders, nlp, args.patterns)
    if args.plain:
        print("\n".join(report_lines(usage, examples)))
    else:
        print_rich(usage, examples)
    if args.csv:
        write_csv(usage, args.csv)
        print(f"wrote {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
